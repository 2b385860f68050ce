//! The soak run (ignored, not in CI): the app driven through kittest by random actions
//! for a long time at full training speed: presets and lessons, slider moves, formulas
//! good and bad, play, pause, step, reset, tab switches, rewinds, forks. It must not
//! panic, and its memory must stop growing.
//!
//! ```sh
//! GANSCOPE_SOAK_SECS=1800 cargo test --release --test soak -- --ignored --nocapture
//! ```
//! It prints the resident memory once a minute and the number of actions; README's
//! "Never freezes in class" has the figures of the last run.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // a test, where a panic is the failure report

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::GanscopeApp;
use ganscope::engine::presets::{self, PRESETS};
use ganscope::lesson::builtin::BUILTINS;
use ganscope::worker::{Speed, WorkerOptions};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
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

/// Clicks the first node labelled `label`, if there is one.
fn click(harness: &Harness<'_, GanscopeApp>, label: &str) {
    if let Some(node) = harness.query_all_by_label(label).next() {
        node.click();
    }
}

fn act(harness: &mut Harness<'_, GanscopeApp>, rng: &mut StdRng) {
    match rng.random_range(0..13) {
        0 => {
            click(harness, "Presets");
            harness.run_steps(2);
            let preset = &PRESETS[rng.random_range(0..PRESETS.len())];
            if let Some(item) = harness.query_all_by_label_contains(preset.name).next() {
                item.click();
            }
        }
        1 => {
            click(harness, "Lessons");
            harness.run_steps(2);
            if let Some(item) = harness.query_all_by_label_contains(BUILTINS[0].name).next() {
                item.click();
            }
        }
        2 => {
            let key = [egui::Key::PageDown, egui::Key::PageUp, egui::Key::ArrowRight][rng.random_range(0..3)];
            harness.key_press(key);
        }
        3 | 4 => {
            let (label, lo, hi) = SLIDERS[rng.random_range(0..SLIDERS.len())];
            let value = rng.random_range(lo..=hi);
            if let Some(slider) = harness.query_all_by_role_and_label(Role::Slider, label).next() {
                slider.set_value_accesskit(value);
            }
        }
        5 => {
            let formula = FORMULAS[rng.random_range(0..FORMULAS.len())];
            if let Some(field) = harness.query_all_by_label("formula").next() {
                field.set_text_value_accesskit(formula);
            }
        }
        6 => {
            let key = [egui::Key::Space, egui::Key::S, egui::Key::R][rng.random_range(0..3)];
            harness.key_press(key);
        }
        7 => {
            let tab = ["Live", "Figure 1", "Phase plane", "Compare"][rng.random_range(0..4)];
            click(harness, tab);
        }
        8 | 9 => {
            let at = rng.random_range(0.0..=5000.0);
            if let Some(slider) = harness
                .query_all_by_role_and_label(Role::Slider, "timeline")
                .next()
            {
                slider.set_value_accesskit(at);
            }
        }
        10 => click(harness, "Fork into Compare"),
        11 => click(harness, "Reset to recover"),
        _ => click(harness, "max"),
    }
    harness.run_steps(2);
}

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
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| GanscopeApp::with_experiment(cc, presets::base(), options).unwrap());
    let mut rng = StdRng::seed_from_u64(7);
    let start = Instant::now();
    let mut memory = vec![(0u64, resident_mib())];
    let mut actions = 0u64;
    let mut next_report = Duration::from_secs(60);
    while start.elapsed() < Duration::from_secs(seconds) {
        act(&mut harness, &mut rng);
        actions += 1;
        // Let training run between actions, as a class watching would.
        for _ in 0..rng.random_range(1..20) {
            harness.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        if start.elapsed() >= next_report {
            let minute = next_report.as_secs() / 60;
            memory.push((minute, resident_mib()));
            println!(
                "minute {minute}: {actions} actions, resident {:.1} MiB",
                resident_mib()
            );
            next_report += Duration::from_secs(60);
        }
    }
    memory.push((seconds / 60, resident_mib()));
    println!("{actions} actions in {seconds} s; resident MiB by minute: {memory:?}");
    // Levels off: the second half grows by less than a tenth of where it stood.
    let half = memory[memory.len() / 2].1;
    let end = memory.last().unwrap().1;
    assert!(
        end <= half * 1.10 + 16.0,
        "memory kept growing: {half:.1} MiB at half time, {end:.1} MiB at the end"
    );
}
