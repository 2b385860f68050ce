//! The config loader (`Experiment::apply_toml` and `load_file`): a refused document
//! changes nothing, and an accepted one survives a round trip. The fuzz target
//! fuzz/fuzz_targets/config_toml.rs checks the same on arbitrary text.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::config::Experiment;
use ganscope::engine::presets;

#[test]
fn a_refused_document_changes_nothing() {
    // Valid keys first, then a bad one: before the fix the first two were applied.
    for text in [
        "lr_d = 0.1\nbatch = 32\nk = 0\n",
        "target = \"N(1,2)\"\nloss = \"wgan\"\n",
        "hidden = 8\nlearning_rate = 0.1\n",
        "seed = 3\nlr_g = nan\n",
        "layers = 3\nk = \"five\"\n",
    ] {
        let mut experiment = presets::find("figure1").unwrap().experiment();
        let before = experiment.clone();
        let err = experiment.apply_toml(text).unwrap_err();
        assert_eq!(
            experiment, before,
            "{text:?} was refused ({err}) but changed the experiment"
        );
    }
}

/// Inputs kept in fuzz/regressions/config_toml, replayed with the fuzz target's checks.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/config_toml");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let Ok(text) = String::from_utf8(std::fs::read(entry.unwrap().path()).unwrap()) else {
            continue;
        };
        checked += 1;
        let mut experiment = Experiment::default();
        let before = experiment.clone();
        match experiment.apply_toml(&text) {
            Ok(()) => {
                let mut again = Experiment::default();
                again.apply_toml(&experiment.to_toml()).unwrap();
                assert_eq!(again, experiment, "round trip of {text:?}");
            }
            Err(_) => assert_eq!(experiment, before, "{text:?} was refused but changed things"),
        }
    }
    assert!(checked > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn every_preset_round_trips_through_toml() {
    for preset in presets::PRESETS {
        let experiment = preset.experiment();
        let mut read = Experiment::default();
        read.apply_toml(&experiment.to_toml()).unwrap();
        assert_eq!(read, experiment, "{}", preset.name);
    }
}

#[test]
fn config_files_that_set_nothing_or_are_missing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.toml", ""), ("comments.toml", "# only a comment\n\n")] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = Experiment::default().load_file(&path).unwrap_err();
        assert!(err.contains(name) && err.contains("sets no key"), "{err}");
    }
    let err = Experiment::default()
        .load_file(&dir.path().join("missing.toml"))
        .unwrap_err();
    assert!(
        err.contains("missing.toml") && err.contains("cannot read"),
        "{err}"
    );
    let path = dir.path().join("good.toml");
    std::fs::write(&path, "batch = 32\n").unwrap();
    let mut experiment = Experiment::default();
    experiment.load_file(&path).unwrap();
    assert_eq!(experiment.batch, 32);
}

/// The README's key table is the key table: regenerate it with `ganscope keys` when a
/// key, its range or its default changes.
#[test]
fn readme_key_table_matches_the_keys() {
    let readme = include_str!("../README.md");
    let (begin, end) = ("<!-- keys:begin -->", "<!-- keys:end -->");
    let start = readme.find(begin).expect("README marks its key table") + begin.len();
    let stop = readme[start..].find(end).expect("README ends its key table") + start;
    let table = ganscope::engine::config::keys::markdown_table(&presets::base());
    assert_eq!(
        readme[start..stop].trim(),
        table.trim(),
        "the README's key table and the keys disagree: paste `ganscope keys` between the markers"
    );
}

/// Every key's widget range, parser and printed default come from one table: the
/// default of each key parses back under its own rules.
#[test]
fn every_key_reads_back_its_own_default() {
    let base = presets::base();
    for key in ganscope::engine::config::keys::KEYS {
        let mut e = Experiment::default();
        key.set(&mut e, &key.text(&base))
            .unwrap_or_else(|err| panic!("{}: {err}", key.name));
        assert_eq!(key.text(&e), key.text(&base), "{}", key.name);
    }
}
