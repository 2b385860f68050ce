//! The soak run (ignored by `cargo test`; `.ci/run` runs it for three minutes): the app
//! driven through kittest by random actions at full training speed: presets and lessons, slider moves, formulas
//! good and bad, play, pause, step, reset, tab switches, rewinds, forks. It must not
//! panic, and its memory must stop growing.
//!
//! ```sh
//! GANSCOPE_SOAK_SECS=1800 cargo test --release --test soak -- --ignored --nocapture
//! ```
//! It prints the resident memory at each eighth of the run and, for each kind of action,
//! how often its widget was found; README's "Never freezes in class" has the figures of
//! the last long run.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // a test, where a panic is the failure report

mod common;
use common::app_harness::{SIZE, build};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::GanscopeApp;
use ganscope::engine::presets::{self, PRESETS};
use ganscope::lesson::builtin::BUILTINS;
use ganscope::worker::{Speed, WorkerOptions};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Resident memory of this process in MiB, from /proc (Linux).
fn resident_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

const FORMULAS: &[&str] = &[
    "N(0,1)",
    "0.5*N(-2,0.5) + 0.5*N(2,0.5)",
    "U(-1,1)",
    "Laplace(1,0.5)",
    "N(0,",
    "N(0,-1)",
    "0.3*N(0,1) + ",
    "Q(1,2)",
    "",
    "N(1e308,1)",
];

const SLIDERS: &[(&str, f64, f64)] = &[
    ("lr_d", 1e-5, 1.0),
    ("lr_g", 1e-5, 1.0),
    ("k", 1.0, 10.0),
    ("r1_gamma", 0.0, 20.0),
    ("instance_noise", 0.0, 2.0),
    ("speed", 1.0, 1000.0),
];

/// Clicks the first node labelled `label`; false when there is none.
fn click(harness: &Harness<'_, GanscopeApp>, label: &str) -> bool {
    harness
        .query_all_by_label(label)
        .next()
        .map(|node| node.click())
        .is_some()
}

/// Does one random action; returns its name and whether its widget was there to act on
/// (a key press always is).
fn act(harness: &mut Harness<'_, GanscopeApp>, rng: &mut StdRng) -> (&'static str, bool) {
    let done = match rng.random_range(0..13) {
        0 => {
            click(harness, "Presets");
            harness.run_steps(2);
            let preset = &PRESETS[rng.random_range(0..PRESETS.len())];
            let item = harness.query_all_by_label_contains(preset.name).next();
            ("choose a preset", item.map(|item| item.click()).is_some())
        }
        1 => {
            click(harness, "Lessons");
            harness.run_steps(2);
            let item = harness.query_all_by_label_contains(BUILTINS[0].name).next();
            ("open the lecture", item.map(|item| item.click()).is_some())
        }
        2 => {
            let key = [egui::Key::PageDown, egui::Key::PageUp, egui::Key::ArrowRight][rng.random_range(0..3)];
            harness.key_press(key);
            ("clicker key", true)
        }
        3 | 4 => {
            let (label, lo, hi) = SLIDERS[rng.random_range(0..SLIDERS.len())];
            let value = rng.random_range(lo..=hi);
            let slider = harness.query_all_by_role_and_label(Role::Slider, label).next();
            (
                "move a slider",
                slider.map(|s| s.set_value_accesskit(value)).is_some(),
            )
        }
        5 => {
            let formula = FORMULAS[rng.random_range(0..FORMULAS.len())];
            let field = harness.query_all_by_label("formula").next();
            (
                "type a formula",
                field.map(|f| f.set_text_value_accesskit(formula)).is_some(),
            )
        }
        6 => {
            let key = [egui::Key::Space, egui::Key::S, egui::Key::R][rng.random_range(0..3)];
            harness.key_press(key);
            ("play, step or reset key", true)
        }
        7 => {
            let tab = ["Live", "Figure 1", "Phase plane", "Compare"][rng.random_range(0..4)];
            ("switch tab", click(harness, tab))
        }
        8 | 9 => {
            let at = rng.random_range(0.0..=5000.0);
            let timeline = harness
                .query_all_by_role_and_label(Role::Slider, "timeline")
                .next();
            ("rewind", timeline.map(|t| t.set_value_accesskit(at)).is_some())
        }
        10 => ("fork", click(harness, "Fork into Compare")),
        11 => ("reset after a fault", click(harness, "Reset to recover")),
        _ => ("max speed", click(harness, "max")),
    };
    harness.run_steps(2);
    done
}

/// Actions whose widget the Live view always shows, so each must have found it at least
/// once in a run of a minute or more (a renamed widget fails here instead of being
/// skipped in silence).
const ALWAYS_THERE: &[&str] = &[
    "choose a preset",
    "open the lecture",
    "move a slider",
    "type a formula",
    "switch tab",
    "rewind",
    "max speed",
];

#[test]
#[ignore = "a long soak run; see the module docs"]
fn random_actions_for_a_long_time_never_panic_and_memory_levels_off() {
    let seconds: u64 = std::env::var("GANSCOPE_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1800);
    let options = WorkerOptions {
        playing: true,
        speed: Speed::Unlimited,
    };
    let mut harness = build(SIZE, presets::base(), options);
    let mut rng = StdRng::seed_from_u64(7);
    let start = Instant::now();
    // Eight memory samples however long the run: at each eighth of it.
    let sample_every = Duration::from_secs(seconds.max(8) / 8);
    let mut memory = vec![(0u64, resident_mib())];
    let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut next_sample = sample_every;
    while start.elapsed() < Duration::from_secs(seconds) {
        let (name, done) = act(&mut harness, &mut rng);
        let count = counts.entry(name).or_default();
        count.0 += 1;
        count.1 += u64::from(done);
        // Let training run between actions, as a class watching would.
        for _ in 0..rng.random_range(1..20) {
            harness.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        if start.elapsed() >= next_sample {
            memory.push((start.elapsed().as_secs(), resident_mib()));
            let actions: u64 = counts.values().map(|c| c.0).sum();
            println!(
                "{} s: {actions} actions, resident {:.1} MiB",
                start.elapsed().as_secs(),
                resident_mib()
            );
            next_sample += sample_every;
        }
    }
    memory.push((start.elapsed().as_secs(), resident_mib()));
    println!("resident MiB by second: {memory:?}");
    for (name, (tried, done)) in &counts {
        println!("{name}: {done} of {tried} found their widget");
    }
    for name in ALWAYS_THERE {
        let (tried, done) = counts.get(name).copied().unwrap_or_default();
        assert!(
            tried == 0 || done > 0,
            "'{name}' never found its widget in {tried} tries"
        );
    }
    assert!(memory.len() >= 8, "only {} memory samples", memory.len());
    // Levels off: the second half grows by less than a tenth of where it stood.
    let half = memory[memory.len() / 2].1;
    let end = memory.last().unwrap().1;
    assert!(
        end <= half * 1.10 + 16.0,
        "memory kept growing: {half:.1} MiB at half time, {end:.1} MiB at the end"
    );
}
