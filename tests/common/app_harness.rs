//! The app under egui_kittest, for the UI tests: started paused on an experiment or a
//! lesson, stepped until the worker has caught up or a condition holds, read through
//! AccessKit, and rendered to a snapshot with the timing-dependent pixels masked.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ganscope::app::GanscopeApp;
use ganscope::engine::config::Experiment;
use ganscope::engine::presets;
use ganscope::lesson::Lesson;
use ganscope::worker::{Command, Frame, Speed, WorkerOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The window size every UI test and snapshot uses.
pub const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// The worker's options for a test that steps the run itself: paused, at full speed
/// when played.
pub fn paused_options() -> WorkerOptions {
    WorkerOptions {
        playing: false,
        speed: Speed::Unlimited,
    }
}

/// The app on `experiment` with the worker started with `options`, in a window of `size`.
pub fn build(
    size: egui::Vec2,
    experiment: Experiment,
    options: WorkerOptions,
) -> Harness<'static, GanscopeApp> {
    Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| GanscopeApp::with_experiment(cc, experiment, options).expect("worker thread"))
}

/// The app on `experiment` with the worker paused.
pub fn paused(experiment: Experiment) -> Harness<'static, GanscopeApp> {
    build(SIZE, experiment, paused_options())
}

/// The app on its launch path: figure1, already training.
pub fn launched() -> Harness<'static, GanscopeApp> {
    Harness::builder()
        .with_size(SIZE)
        .build_eframe(|cc| GanscopeApp::new(cc).expect("worker thread"))
}

/// The app on the base experiment with the worker started with `options`, playing
/// `lesson` from its first scene.
pub fn with_lesson(lesson: Lesson, options: WorkerOptions) -> Harness<'static, GanscopeApp> {
    Harness::builder().with_size(SIZE).build_eframe(move |cc| {
        let mut app = GanscopeApp::with_experiment(cc, presets::base(), options).expect("worker thread");
        app.open_lesson(&cc.egui_ctx, lesson);
        app
    })
}

/// The worker's newest frame.
pub fn latest(harness: &Harness<'_, GanscopeApp>) -> Arc<Frame> {
    harness.state().worker().latest().expect("a published frame")
}

/// Steps the UI until `ok` holds, then once more so the UI shows it; fails after
/// `seconds`, naming `what` it waited for.
#[track_caller]
pub fn wait_until(
    harness: &mut Harness<'_, GanscopeApp>,
    seconds: u64,
    what: &str,
    ok: impl Fn(&Harness<'_, GanscopeApp>) -> bool,
) {
    let start = Instant::now();
    loop {
        harness.step();
        if ok(harness) {
            harness.step();
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(seconds),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Steps until a label containing `text` shows; fails after 60 s.
#[track_caller]
pub fn wait_for_label(harness: &mut Harness<'_, GanscopeApp>, text: &str) {
    let text = text.to_string();
    wait_until(harness, 60, &format!("a label with '{text}'"), move |h| {
        h.query_by_label_contains(&text).is_some()
    });
}

/// The full text of the first label containing `part`.
pub fn label_text(harness: &Harness<'_, GanscopeApp>, part: &str) -> String {
    // AccessKit keeps a Label's text in its value.
    let node = harness.get_by_label_contains(part).accesskit_node();
    node.value().or_else(|| node.label()).unwrap_or_default()
}

/// Steps until the worker has published a frame and handled every command sent so far.
/// Waiting for the first frame too keeps a snapshot from depending on whether the UI drew
/// iteration 0 before the next command: a critic's axis keeps its range from the frames
/// it saw, and its ticks read 26, 28 or 27 by that timing alone.
#[track_caller]
pub fn settle(harness: &mut Harness<'_, GanscopeApp>) -> Arc<Frame> {
    let start = Instant::now();
    loop {
        harness.step();
        if harness.state().worker().caught_up() && harness.state().worker().latest().is_some() {
            harness.step();
            return latest(harness);
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "worker did not catch up"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Renders the paused app after `steps` iterations sent straight to the worker, with the
/// frame-rate label (the only timing-dependent pixels) masked.
pub fn render_after(experiment: Experiment, steps: u32, name: &str) {
    render_with(experiment, steps, name, |_| {});
}

/// Like [`render_after`], with `setup` acting on the UI first.
pub fn render_with(
    experiment: Experiment,
    steps: u32,
    name: &str,
    setup: impl Fn(&mut Harness<'_, GanscopeApp>),
) {
    let mut harness = paused(experiment);
    settle(&mut harness);
    setup(&mut harness);
    harness.state().worker().send(Command::IterateMany(steps));
    settle(&mut harness);
    harness.run_steps(3);
    harness.remove_cursor();
    harness.run_steps(2);
    mask_status(&mut harness);
    harness.snapshot(name);
}

/// Masks the status bar from the training rate to the window's right edge: the rate and
/// the frame rate follow timing, the device line the machine's thread count. Masked to
/// the edge, not to the frame rate's end: "9 frames/s" and "12 frames/s" moved the
/// mask's own end.
pub fn mask_status(harness: &mut Harness<'_, GanscopeApp>) {
    let rate = harness
        .query_all_by_label_contains(" it/s")
        .map(|node| node.rect())
        .max_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("the status bar's rate");
    harness.mask(egui::Rect::from_min_max(
        rate.min - egui::vec2(2.0, 2.0),
        egui::pos2(SIZE.x, rate.max.y + 2.0),
    ));
}
