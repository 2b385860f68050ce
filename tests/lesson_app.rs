//! A lesson played in the app through kittest, as a lecturer with a clicker would: Page
//! Down through the scenes, each scene's settings checked in the worker's frame, actions
//! checked to fire at their iterations, classroom mode checked to hide what the scene
//! names, bad lesson files dropped on the window refused; snapshots of a caption and of
//! classroom mode.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;

use common::app_harness::{SIZE, latest, mask_status, paused, paused_options, wait_until, with_lesson};
use common::bad_lessons::BAD_LESSONS;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::{GanscopeApp, Tab};
use ganscope::engine::presets;
use ganscope::lesson::{Lesson, parse};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Three scenes: a live run with a caption, a pause and a question; the phase plane;
/// a compared pair.
const LESSON: &str = r#"
title = "A lesson for the tests"
[[scene]]
title = "Live scene"
preset = "figure1"
set = { k = 2, seed = 5 }
steps = 60
pace = "max"
note = "A live run."
hide = ["game", "networks", "metrics"]
[[scene.at]]
iteration = 10
pause = true
caption = "Ten iterations in."
set = { lr_d = 0.002 }
hide = ["dstar"]
[[scene.at]]
iteration = 25
question = "What comes at 25?"
caption = "The answer."
[[scene]]
title = "Phase scene"
view = "phase"
phase = { step = 0.3, gamma = 0.5 }
note = "The plane."
[[scene]]
title = "Compare scene"
view = "compare"
pair = "oscillation"
steps = 40
pace = "max"
note = "Two sides."
[[scene.at]]
iteration = 20
pause = true
caption = "Both at 20."
"#;

fn lesson() -> Lesson {
    parse("test", LESSON).unwrap()
}

fn caption(harness: &Harness<'_, GanscopeApp>) -> Option<String> {
    harness.state().presenter().and_then(|p| p.caption.clone())
}

#[test]
fn page_down_plays_the_lesson_scene_by_scene() {
    let mut harness = with_lesson(lesson(), paused_options());
    // Scene 1: its settings reached the worker, and it stops exactly at the action.
    wait_until(&mut harness, 60, "the first action", |h| caption(h).is_some());
    let frame = latest(&harness);
    assert_eq!(frame.steps, 10, "the action fired at its iteration");
    assert_eq!((frame.experiment.k, frame.experiment.seed), (2, 5));
    wait_until(&mut harness, 60, "the action's setting", |h| {
        latest(h).experiment.lr_d == 0.002
    });
    assert_eq!(caption(&harness).as_deref(), Some("Ten iterations in."));
    assert!(
        !harness.state().presenter().unwrap().visible.opponent,
        "dstar hidden by the action"
    );
    harness.get_by_label("Ten iterations in.");
    // The clicker's button says what the next press does.
    harness.get_by_label("Play on ▶");
    // Counted in frames, not timed: across 30 frames of the UI the run stays put.
    for _ in 0..30 {
        harness.step();
        assert_eq!(latest(&harness).steps, 10, "paused as the action asks");
    }
    harness.key_press(egui::Key::PageDown);

    // The question pauses the run at 25 and waits for the next key.
    wait_until(&mut harness, 60, "the question", |h| {
        h.state().presenter().unwrap().question.is_some()
    });
    assert_eq!(latest(&harness).steps, 25);
    harness.get_by_label("? What comes at 25?");
    harness.get_by_label("Reveal the answer ▶");
    // Counted in frames, not timed: across 30 frames of the UI the run stays put.
    for _ in 0..30 {
        harness.step();
        assert_eq!(latest(&harness).steps, 25, "paused on the question");
    }
    harness.key_press(egui::Key::PageDown);
    wait_until(&mut harness, 60, "the answer", |h| {
        caption(h).as_deref() == Some("The answer.")
    });
    // Revealed, it plays on to the scene's end and pauses there.
    wait_until(&mut harness, 60, "the scene's end", |h| {
        let f = latest(h);
        f.steps == 60 && !f.playing
    });
    assert!(harness.state().presenter().unwrap().finished);
    harness.run_steps(2);
    harness.get_by_label("Next: 2. Phase scene ▶");

    // Scene 2: the phase plane with the scene's settings.
    harness.key_press(egui::Key::PageDown);
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::PhasePlane);
    assert_eq!(harness.state().presenter().unwrap().scene, 1);
    harness.get_by_label("2. Phase scene");

    // Scene 3: both sides stop at 20 together, in lockstep (the action pauses them, so
    // what the workers show is read without racing their next chunk).
    harness.key_press(egui::Key::ArrowRight);
    wait_until(&mut harness, 60, "the compared action", |h| {
        caption(h).as_deref() == Some("Both at 20.")
    });
    let (a, b) = harness.state().compare_workers().unwrap();
    let (a, b) = (a.latest().unwrap(), b.latest().unwrap());
    assert_eq!((a.steps, b.steps), (20, 20));
    assert_eq!(harness.state().tab(), Tab::Compare);
    // The strip reads the iteration the views show.
    harness.run_steps(2);
    assert!(
        harness
            .query_all_by_label_contains("iteration 20 of")
            .next()
            .is_some(),
        "the strip's iteration is not the shown one"
    );

    // Page Up goes back.
    harness.key_press(egui::Key::PageUp);
    harness.run_steps(2);
    assert_eq!(harness.state().presenter().unwrap().scene, 1);
}

#[test]
fn classroom_mode_hides_what_the_scene_names() {
    let mut harness = with_lesson(lesson(), paused_options());
    wait_until(&mut harness, 60, "the first action", |h| caption(h).is_some());
    // Outside classroom mode every control is there.
    assert!(harness.query_by_label("Game").is_some());
    assert!(harness.query_by_label("Networks").is_some());
    harness.key_press(egui::Key::F5);
    harness.run_steps(3);
    assert!(harness.state().presenter().unwrap().classroom);
    assert!(
        harness.query_by_label("Game").is_none(),
        "the game section is hidden"
    );
    assert!(
        harness.query_by_label("Networks").is_none(),
        "the network section is hidden"
    );
    assert!(
        harness.query_by_label("Data").is_some(),
        "not named, so still shown"
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(!harness.state().presenter().unwrap().classroom);
    assert!(harness.query_by_label("Game").is_some());
}

/// A file dropped on the window, as eframe hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut Harness<'_, GanscopeApp>, path: &Path) {
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    harness.run_steps(2);
}

#[test]
fn dropped_lessons_open_and_bad_ones_change_nothing() {
    let mut harness = paused(presets::base());
    harness.run_steps(2);
    let dir = tempfile::tempdir().unwrap();
    let before = harness.state().edited().clone();
    for (i, (what, text, fragments)) in BAD_LESSONS.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.toml"));
        std::fs::write(&path, text).unwrap();
        drop_file(&mut harness, &path);
        assert!(
            harness.state().presenter().is_none(),
            "{what}: a bad lesson does not open"
        );
        assert_eq!(harness.state().edited(), &before, "{what}: nothing changed");
        let notice = harness
            .state()
            .notice()
            .unwrap_or_else(|| panic!("{what}: no message"));
        for fragment in *fragments {
            assert!(
                notice.contains(fragment),
                "{what}: '{fragment}' missing from: {notice}"
            );
        }
        let start: String = notice.chars().take(40).collect();
        harness.get_by_label_contains(&start);
    }
    let good = dir.path().join("good.toml");
    std::fs::write(&good, LESSON).unwrap();
    drop_file(&mut harness, &good);
    assert_eq!(
        harness.state().presenter().unwrap().lesson.title,
        "A lesson for the tests"
    );
    // A dropped config opens on top of the figure1 preset and leaves the lesson.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "k = 3\n").unwrap();
    drop_file(&mut harness, &config);
    assert!(harness.state().presenter().is_none());
    assert_eq!(harness.state().edited().k, 3);
}

/// Steps until the run stands at `steps`, then takes a snapshot image of the window.
fn snapshot_at(harness: &mut Harness<'_, GanscopeApp>, name: &str) {
    harness.run_steps(3);
    harness.remove_cursor();
    harness.run_steps(2);
    // The metric charts hold as many points as frames were published on the way, which
    // depends on timing: masked.
    let metrics = harness.query_by_label("Metrics").map(|n| n.rect());
    let timeline = harness.query_all_by_label("timeline").next().map(|n| n.rect());
    if let (Some(metrics), Some(timeline)) = (metrics, timeline) {
        harness.mask(egui::Rect::from_min_max(
            metrics.min - egui::vec2(4.0, 4.0),
            egui::pos2(SIZE.x, timeline.min.y - 2.0),
        ));
    }
    mask_status(harness);
    harness.snapshot(name);
}

#[test]
fn snapshot_a_scene_with_its_caption_and_classroom_mode() {
    let mut harness = with_lesson(lesson(), paused_options());
    wait_until(&mut harness, 60, "the first action", |h| caption(h).is_some());
    snapshot_at(&mut harness, "lesson_caption");
    harness.key_press(egui::Key::F5);
    snapshot_at(&mut harness, "lesson_classroom");
}

#[test]
fn rewinding_in_a_scene_fires_its_later_actions_again_and_closing_disarms_it() {
    use egui::accesskit::Role;
    let mut harness = with_lesson(lesson(), paused_options());
    wait_until(&mut harness, 60, "the first action", |h| caption(h).is_some());
    harness.key_press(egui::Key::PageDown);
    wait_until(&mut harness, 60, "the question", |h| {
        h.state().presenter().unwrap().question.is_some()
    });
    harness.key_press(egui::Key::PageDown);
    wait_until(&mut harness, 60, "the scene's end", |h| {
        let f = latest(h);
        f.steps == 60 && !f.playing
    });
    // Back to 20: the action at 10 counts as done, the question at 25 comes again.
    harness
        .get_by_role_and_label(Role::Slider, "timeline")
        .set_value_accesskit(20.0);
    wait_until(&mut harness, 60, "the rewind", |h| {
        latest(h).steps == 20 && h.state().presenter().is_some_and(|p| !p.finished)
    });
    assert_eq!(caption(&harness).as_deref(), Some("Ten iterations in."));
    assert_eq!(latest(&harness).experiment.lr_d, 0.002, "the moment's settings");
    harness.key_press(egui::Key::Space);
    wait_until(&mut harness, 60, "the question again", |h| {
        h.state().presenter().unwrap().question.is_some()
    });
    assert_eq!(latest(&harness).steps, 25);
    // Closing the lesson leaves no pause point behind.
    harness.get_by_label("Close lesson").click();
    harness.run_steps(2);
    harness.key_press(egui::Key::Space);
    wait_until(&mut harness, 60, "training past the old scene's end", |h| {
        latest(h).steps > 80
    });
    assert!(harness.state().presenter().is_none());
}

/// A question does not give its answer away: the cure an action turns on with its
/// question waits for the reveal (the controls read "minimax" while the class is asked
/// what the non-saturating loss would do), the strip's button says what the next press
/// does, and the window title names the scene and where it stands.
#[test]
fn a_question_keeps_its_answer_until_the_reveal() {
    let lesson = parse(
        "test",
        r#"
title = "Question"
[[scene]]
title = "Stuck"
preset = "vanishing-gradient"
steps = 40
pace = "max"
[[scene.at]]
iteration = 20
question = "What if G maximised log D(G(z))?"
caption = "It walks."
fix = true
[[scene]]
title = "After"
view = "phase"
"#,
    )
    .unwrap();
    let mut harness = with_lesson(lesson, paused_options());
    wait_until(&mut harness, 60, "the question", |h| {
        h.state().presenter().unwrap().question.is_some()
    });
    use ganscope::engine::config::Loss;
    assert_eq!(
        harness.state().edited().loss,
        Loss::Minimax,
        "the controls before the reveal"
    );
    assert_eq!(latest(&harness).experiment.loss, Loss::Minimax);
    assert_eq!(latest(&harness).steps, 20);
    harness.get_by_label("Reveal the answer ▶");
    assert!(
        harness
            .state()
            .window_title()
            .contains("scene 1 of 2: Stuck (question)"),
        "{}",
        harness.state().window_title()
    );
    harness.key_press(egui::Key::PageDown);
    wait_until(&mut harness, 60, "the scene's end", |h| {
        let f = latest(h);
        f.steps == 40 && !f.playing
    });
    assert_eq!(
        harness.state().edited().loss,
        Loss::NonSaturating,
        "the cure after the reveal"
    );
    assert_eq!(latest(&harness).experiment.loss, Loss::NonSaturating);
    assert_eq!(caption(&harness).as_deref(), Some("It walks."));
    harness.get_by_label("Next: 2. After ▶");
    assert!(harness.state().window_title().contains("(at its end)"));
}
