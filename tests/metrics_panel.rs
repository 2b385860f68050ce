//! The metrics panel read by what it paints, on made-up histories whose numbers are known:
//! a constant W1 keeps a scale that says its value (not a flat line labelled "0"), and
//! the mode chart is readable with 2, 8 and 25 modes (one line per mode for few; for many,
//! the largest and smallest share beside the fair share), with each chart's key clear of
//! every line, at a full width and at a narrow one.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // a test, where a panic is the failure report

mod common;
use common::painted::{Painted, painted};
use egui_kittest::Harness;
use ganscope::app::views::live::metrics;
use ganscope::engine::snapshot::Metrics;
use ganscope::history::History;

/// 301 points over 3,000 iterations: W1 constant at 4.3, the modes' masses `masses`.
fn history(masses: &[f64]) -> History {
    let mut history = History::default();
    for i in 0..=300 {
        history.record(&Metrics {
            steps: i * 10,
            w1: 4.3,
            js: 0.5,
            mode_masses: masses.to_vec(),
            ..Metrics::default()
        });
    }
    history
}

fn panel(history: &History, width: f32) -> Painted {
    let mut log = false;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, 200.0))
        // The app's fonts: the labels use ‖ and ∇.
        .with_context_setup(ganscope::app::shell::fonts::install)
        .build_ui(|ui| metrics::ui(ui, history, &mut log));
    harness.run_steps(2);
    painted(&harness)
}

fn has(painted: &Painted, words: &str) -> bool {
    painted.texts.iter().any(|(_, t)| t == words)
}

/// The numbers down the left of the chart whose key starts with `key`.
fn y_labels(painted: &Painted, key: &str) -> Vec<f64> {
    let (at, _) = painted.texts.iter().find(|(_, t)| t == key).unwrap();
    painted
        .texts
        .iter()
        .filter(|(r, _)| r.min.y > at.max.y && r.min.y < at.max.y + 200.0)
        .filter(|(r, _)| r.max.x < at.min.x + 45.0 && r.min.x > at.min.x - 60.0)
        .filter_map(|(_, t)| t.parse().ok())
        .collect()
}

#[track_caller]
fn assert_keys_clear(painted: &Painted, keys: &[&str]) {
    for key in keys {
        let (rect, _) = painted.texts.iter().find(|(_, t)| t == key).unwrap();
        for (_, points) in &painted.paths {
            for p in points {
                assert!(
                    !rect.shrink(1.0).contains(*p),
                    "a line at {p:?} under the key '{key}'"
                );
            }
        }
    }
}

#[test]
fn a_constant_metric_keeps_a_scale_that_says_its_value() {
    for width in [1200.0, 600.0] {
        let painted = panel(&history(&[0.5, 0.5]), width);
        let labels = y_labels(&painted, "W1");
        assert!(
            labels.len() >= 2 && labels.iter().any(|v| (2.0..=5.0).contains(v)),
            "W1 constant at 4.3, width {width}: its chart's y labels are {labels:?}"
        );
    }
}

#[test]
fn the_mode_chart_reads_with_two_eight_and_25_modes() {
    for width in [1200.0, 600.0] {
        let two = panel(&history(&[0.3, 0.7]), width);
        assert!(has(&two, "mode 1") && has(&two, "mode 2"), "width {width}");
        assert_keys_clear(&two, &["mode 1", "mode 2"]);
        for modes in [8usize, 25] {
            let mut masses = vec![0.5 / (modes - 1) as f64; modes];
            masses[0] = 0.5;
            let many = panel(&history(&masses), width);
            let fair = format!("fair share 1/{modes}");
            assert!(
                has(&many, "largest share") && has(&many, "smallest share") && has(&many, &fair),
                "{modes} modes, width {width}"
            );
            assert!(!has(&many, "mode 3"), "{modes} tangled lines, width {width}");
            assert_keys_clear(&many, &["largest share", "smallest share", fair.as_str()]);
        }
    }
}
