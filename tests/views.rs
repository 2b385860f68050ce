//! The views beyond the live run, driven through AccessKit: Figure 1 from a real run (four
//! captioned panels, saved at 2x), saving the live frame and recording it, the phase
//! plane reacting to its controls, and Compare training two workers at once. Every file
//! written is decoded and checked for its size and for showing something.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
use common::app_harness::{
    label_text, launched, paused, paused_options, settle, wait_for_label, wait_until, with_lesson,
};
use common::assert_png;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ganscope::app::GanscopeApp;
use ganscope::app::Tab;
use ganscope::engine::presets;
use ganscope::figure::panels::FIGURE1_CAPTIONS;
use ganscope::worker::Command;
use std::path::Path;

/// A folder for the files a test writes: a fresh temporary one, or the folder named by
/// `GANSCOPE_EXPORT_DIR`, to keep the files and look at them.
fn out_dir() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    match std::env::var_os("GANSCOPE_EXPORT_DIR") {
        Some(dir) => {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir)
        }
        None => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().to_path_buf();
            (Some(dir), path)
        }
    }
}

/// Types `path` into the "file" field, picks `scale` and clicks Save PNG.
fn save(harness: &mut Harness<'_, GanscopeApp>, path: &Path, scale: &str) {
    harness
        .get_by_label("file")
        .set_text_value_accesskit(&path.display().to_string());
    harness.run_steps(2);
    harness.get_by_label(scale).click_accesskit();
    harness.run_steps(2);
    harness.get_by_label("Save PNG").click_accesskit();
    harness.run_steps(2);
}

#[test]
fn figure1_view_shows_four_captioned_panels_and_saves_them_at_2x() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("Figure 1").click();
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::Figure1);
    harness.get_by_label_contains("computing Figure 1");
    wait_until(&mut harness, 300, "the Figure 1 run", |h| {
        h.state().figure1().ready()
    });
    harness.run_steps(3);
    for caption in FIGURE1_CAPTIONS {
        harness.get_by_label(caption);
    }
    harness.remove_cursor();
    harness.run_steps(2);
    harness.snapshot("view_figure1_panels");
    harness.check_accessibility();

    let (_guard, dir) = out_dir();
    let png = dir.join("figure1.png");
    save(&mut harness, &png, "2x");
    wait_for_label(&mut harness, "saved ");
    assert_png(&png, (3200, 2000));
    // An SVG on request, by its extension.
    let svg = dir.join("figure1.svg");
    save(&mut harness, &svg, "1x");
    wait_until(&mut harness, 60, "the SVG", |_| svg.exists());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("<svg") && text.contains("(d)"),
        "not the panels SVG"
    );
}

#[test]
fn live_frame_saves_at_2x_and_unwritable_paths_show_inline_errors() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.state().worker().send(Command::IterateMany(50));
    settle(&mut harness);
    let (_guard, dir) = out_dir();
    let png = dir.join("frame.png");
    save(&mut harness, &png, "2x");
    wait_for_label(&mut harness, "saved ");
    assert_png(&png, (1920, 1200));
    assert!(label_text(&harness, "saved ").contains("1920 × 1200"));

    // A folder that cannot exist, and a "folder" that is a file: errors, no panic.
    save(&mut harness, Path::new("/proc/ganscope/x.png"), "1x");
    wait_for_label(&mut harness, "cannot write");
    assert!(label_text(&harness, "cannot write").contains("/proc/ganscope/x.png"));
    let file = dir.join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    save(&mut harness, &file.join("x.png"), "1x");
    wait_for_label(&mut harness, "plain-file/x.png");
    // The app goes on: a good path saves again.
    let small = dir.join("frame-1x.png");
    save(&mut harness, &small, "1x");
    wait_until(&mut harness, 60, "the second save", |h| {
        h.query_by_label_contains("960 × 600").is_some()
    });
    assert_png(&small, (960, 600));
}

#[test]
fn record_writes_frames_and_reports_an_unwritable_folder() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    let (_guard, dir) = out_dir();
    let frames = dir.join("frames");
    let _ = std::fs::remove_dir_all(&frames);
    harness
        .get_by_label("folder")
        .set_text_value_accesskit(&frames.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Start recording").click_accesskit();
    harness.run_steps(2);
    settle(&mut harness);
    // Every 10 iterations (the default) from iteration 0: frames 0, 10, 20.
    harness.state().worker().send(Command::IterateMany(20));
    settle(&mut harness);
    harness.get_by_label_contains("recording: ");
    harness.get_by_label("Stop recording").click_accesskit();
    harness.run_steps(2);
    settle(&mut harness);
    wait_for_label(&mut harness, "recording stopped: 3 frames");
    for n in [0, 10, 20] {
        assert_png(&frames.join(format!("frame_{n:06}.png")), (960, 600));
    }
    // Shift+R starts and stops it as the buttons do, and does not reset the run (R does).
    let _ = std::fs::remove_dir_all(&frames);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::R);
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Stop recording");
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::R);
    harness.run_steps(2);
    settle(&mut harness);
    wait_for_label(&mut harness, "recording stopped: 1 frame");
    assert_eq!(settle(&mut harness).steps, 20, "Shift+R reset the run");
    assert_png(&frames.join("frame_000020.png"), (960, 600));

    harness
        .get_by_label("folder")
        .set_text_value_accesskit("/proc/ganscope/frames");
    harness.run_steps(2);
    harness.get_by_label("Start recording").click_accesskit();
    harness.run_steps(2);
    settle(&mut harness);
    wait_for_label(&mut harness, "recording error:");
    assert!(label_text(&harness, "recording error:").contains("/proc/ganscope/frames"));
}

#[test]
fn phase_plane_reacts_to_gamma_and_saves_a_png() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("Phase plane").click();
    harness.run_steps(3);
    let before = label_text(&harness, "simultaneous: final radius");
    assert!(before.contains("spirals out"), "{before}");
    assert!(label_text(&harness, "alternating: final radius").contains("orbits"));
    harness.remove_cursor();
    harness.run_steps(2);
    harness.snapshot("view_phase_plane");
    harness.check_accessibility();

    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "gamma")
        .set_value_accesskit(1.0);
    harness.run_steps(3);
    let after = label_text(&harness, "simultaneous: final radius");
    assert_ne!(before, after);
    assert!(after.contains("spirals in"), "{after}");
    harness.remove_cursor();
    harness.run_steps(2);
    harness.snapshot("view_phase_plane_gamma");

    let (_guard, dir) = out_dir();
    let png = dir.join("phase.png");
    save(&mut harness, &png, "2x");
    wait_for_label(&mut harness, "saved ");
    let (w, h) = ganscope::export::PHASE_SIZE;
    assert_png(&png, (2 * w, 2 * h));
}

#[test]
fn compare_trains_two_workers_and_stops_them_when_left() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("Compare").click();
    harness.run_steps(2);
    assert!(harness.state().compare_workers().is_some());
    wait_until(&mut harness, 60, "both sides to train", |h| {
        h.state().compare_workers().is_some_and(|(a, b)| {
            let steps = |w: &ganscope::worker::Worker| w.latest().map_or(0, |f| f.steps);
            steps(a) >= 10 && steps(b) >= 10
        })
    });
    // Each side shows its iteration count and distances: a failure beside its cure.
    let starting = |h: &Harness<'_, GanscopeApp>, prefix: &str| {
        h.query_all_by_label_contains(prefix)
            .filter(|n| n.accesskit_node().value().is_some_and(|v| v.starts_with(prefix)))
            .count()
    };
    assert_eq!(starting(&harness, "iteration "), 2);
    assert_eq!(starting(&harness, "W1 "), 2);
    let (a, b) = harness.state().compare_workers().unwrap();
    let (a, b) = (a.latest().unwrap(), b.latest().unwrap());
    assert_ne!(a.experiment, b.experiment);
    assert_eq!(a.experiment.target, b.experiment.target);
    // Training is live, so no snapshot; to look at the view, keep a picture on request.
    if let (_, dir) = out_dir()
        && std::env::var_os("GANSCOPE_EXPORT_DIR").is_some()
    {
        harness.remove_cursor();
        harness.run_steps(2);
        harness
            .render()
            .unwrap()
            .save(dir.join("compare-view.png"))
            .unwrap();
    }
    harness.check_accessibility();
    // Pause both together.
    harness.get_by_label("Pause both").click();
    wait_until(&mut harness, 30, "both paused", |h| {
        h.state().compare_workers().is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|w| w.caught_up() && w.latest().is_some_and(|f| !f.playing))
        })
    });
    harness.get_by_label("Play both");
    // A preset pair restarts both sides with what it contrasts.
    harness.get_by_label("pair").click();
    harness.run_steps(2);
    harness.get_by_label("k = 1 vs k = 5").click();
    harness.run_steps(2);
    wait_until(&mut harness, 30, "the k pair", |h| {
        h.state().compare_workers().is_some_and(|(a, b)| {
            let k = |w: &ganscope::worker::Worker| w.latest().map(|f| f.experiment.k);
            k(a) == Some(1) && k(b) == Some(5)
        })
    });
    // Leaving the view drops both workers.
    harness.get_by_label("Live").click();
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::Live);
    assert!(harness.state().compare_workers().is_none());
}

#[test]
fn the_live_run_pauses_while_another_view_is_shown_and_plays_on_return() {
    let mut harness = launched();
    wait_until(&mut harness, 60, "training", |h| {
        h.state()
            .worker()
            .latest()
            .is_some_and(|f| f.playing && f.steps >= 3)
    });
    harness.get_by_label("Phase plane").click();
    harness.run_steps(2);
    wait_until(&mut harness, 30, "the live run to pause", |h| {
        h.state().worker().caught_up() && h.state().worker().latest().is_some_and(|f| !f.playing)
    });
    // Space belongs to the live run only in the live view.
    harness.key_press(egui::Key::Space);
    harness.run_steps(2);
    assert!(harness.state().worker().latest().is_some_and(|f| !f.playing));
    harness.get_by_label("Live").click();
    harness.run_steps(2);
    wait_until(&mut harness, 30, "the live run to play again", |h| {
        h.state().worker().latest().is_some_and(|f| f.playing)
    });
}

#[test]
fn the_timeline_rewinds_and_forks_into_compare() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.state().worker().send(Command::IterateMany(120));
    settle(&mut harness);
    // Drag the timeline back to 60: the run stands there, paused.
    harness
        .get_by_role_and_label(Role::Slider, "timeline")
        .set_value_accesskit(60.0);
    harness.run_steps(2);
    settle(&mut harness);
    let frame = harness.state().worker().latest().unwrap();
    assert_eq!((frame.steps, frame.playing), (60, false));
    harness.get_by_label("rewound");
    // Change a setting, then fork: A goes on as the moment was, B with the new k.
    harness
        .get_by_role_and_label(Role::Slider, "k")
        .set_value_accesskit(3.0);
    harness.run_steps(2);
    harness.get_by_label("Fork into Compare").click();
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::Compare);
    harness.get_by_label_contains("fork at iteration 60");
    // The fork says what its sides are: B's change, with A's value beside it.
    harness.get_by_label_contains("continued twice: A with the settings it had, B with k 3 (A: 1).");
    wait_until(&mut harness, 60, "both sides past the moment", |h| {
        h.state().compare_workers().is_some_and(|(a, b)| {
            let at = |w: &ganscope::worker::Worker| w.latest().map_or(0, |f| f.steps);
            at(a) > 70 && at(b) > 70
        })
    });
    let (a, b) = harness.state().compare_workers().unwrap();
    let (a, b) = (a.latest().unwrap(), b.latest().unwrap());
    assert_eq!((a.experiment.k, b.experiment.k), (1, 3));
    // Lockstep: the two sides shown are at the same iteration.
    harness.get_by_label("Pause both").click();
    wait_until(&mut harness, 30, "both sides to stop together", |h| {
        h.state().compare_workers().is_some_and(|(a, b)| {
            a.caught_up() && b.caught_up() && a.latest().map(|f| f.steps) == b.latest().map(|f| f.steps)
        })
    });
}

/// A lesson's phase plane shows the values it asked for, over the ranges `ganscope phase`
/// accepts: γ = 5, h = 1.5, 3,000 steps and a start at (20, -30) stay as written (the old
/// sliders, narrower than the lesson's ranges, clamped them to 2, 0.5, 2,000 and ±5, so
/// the class saw another plane than `lesson check` measured).
#[test]
fn a_lessons_phase_plane_is_shown_as_written() {
    let text = "title = \"phase\"\n[[scene]]\ntitle = \"Wide\"\nview = \"phase\"\n\
                phase = { gamma = 5, step = 1.5, steps = 3000, start = [20, -30] }\n";
    let lesson = ganscope::lesson::parse::parse("phase", text).unwrap();
    let mut harness = with_lesson(lesson, paused_options());
    harness.run_steps(4);
    let value = |harness: &Harness<'_, GanscopeApp>, role: Role, label: &str| {
        harness
            .get_by_role_and_label(role, label)
            .accesskit_node()
            .numeric_value()
            .unwrap_or(f64::NAN)
    };
    for (label, want) in [("gamma", 5.0), ("step size", 1.5), ("steps", 3000.0)] {
        assert_eq!(value(&harness, Role::Slider, label), want, "{label}");
    }
    assert_eq!(value(&harness, Role::SpinButton, "start θ"), 20.0);
    assert_eq!(value(&harness, Role::SpinButton, "start ψ"), -30.0);
}
