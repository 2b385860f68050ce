//! The config loader on arbitrary text: `apply_toml` must accept or refuse with a
//! message, never panic; an accepted config must survive a TOML round trip, and a
//! rejected one must leave the experiment as it was.
#![no_main]

use ganscope::engine::config::Experiment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut experiment = Experiment::default();
    let before = experiment.to_toml();
    match experiment.apply_toml(text) {
        Ok(()) => {
            let written = experiment.to_toml();
            let mut again = Experiment::default();
            again
                .apply_toml(&written)
                .unwrap_or_else(|e| panic!("{text:?} gave {written:?}, which fails: {e}"));
            assert_eq!(again.to_toml(), written, "round trip of {text:?}");
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(
                experiment.to_toml(),
                before,
                "a refused config changed the experiment"
            );
        }
    }
});
