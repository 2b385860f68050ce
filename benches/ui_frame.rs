//! The UI's CPU cost per frame: one egui pass of the whole app (controls, the Figure 1
//! plot with a live snapshot, the metric charts over the history of a 100,000-iteration
//! run) plus its tessellation into meshes, and the same for a 2-D run (the ring). What is
//! left of a frame is the GPU's. Run with `cargo bench --bench ui_frame`.
//!
//! Driven through egui_kittest, which also updates an AccessKit tree every frame: the
//! figure is an upper bound of what eframe does without a screen reader.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use ganscope::app::GanscopeApp;
use ganscope::engine::presets;
use ganscope::worker::{Command, Speed, WorkerOptions};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Iterations before measuring: the history then covers a run this long.
const RUN_LENGTH: u32 = 100_000;

/// The app on the preset called `name`, its worker paused.
fn paused_app(name: &str) -> Harness<'static, GanscopeApp> {
    let experiment = presets::find(name).expect("a preset").experiment();
    let options = WorkerOptions {
        playing: false,
        speed: Speed::Unlimited,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| GanscopeApp::with_experiment(cc, experiment, options).expect("worker thread"))
}

fn ui_frame(c: &mut Criterion) {
    let mut harness = paused_app("figure1");
    // Train as the app does, a frame at a time, so the history fills as in a real run
    // (one point per published frame, halving its resolution at 1,024 points).
    harness.state().worker().send(Command::Play);
    let start = Instant::now();
    while harness
        .state()
        .worker()
        .latest()
        .is_none_or(|f| f.steps < u64::from(RUN_LENGTH))
    {
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "the worker did not reach {RUN_LENGTH} iterations"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
    }
    harness.state().worker().send(Command::Pause);
    // Let the UI take in the newest frame; the worker is paused from here on.
    harness.run_steps(3);
    let (steps, points) = harness
        .state()
        .worker()
        .latest()
        .map_or((0, 0), |f| (f.steps, f.history.len()));
    eprintln!("history of {steps} iterations held in {points} points");

    bench_frames(c, "ui_frame_100k_history", &mut harness);
}

/// The same for a 2-D run (the ring preset): the heatmap texture refilled each frame,
/// the contours, dots, manifold, arrows and mode rings painted over it, and the key.
fn ui_frame_plane(c: &mut Criterion) {
    let mut harness = paused_app("ring");
    harness.state().worker().send(Command::IterateMany(500));
    let start = Instant::now();
    while harness.state().worker().latest().is_none_or(|f| f.steps < 500) {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the worker did not reach 500 iterations"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(3);
    bench_frames(c, "ui_frame_ring", &mut harness);
}

/// Times one frame of the app as it stands: the egui pass and the tessellation.
fn bench_frames(c: &mut Criterion, name: &str, harness: &mut Harness<'_, GanscopeApp>) {
    c.bench_function(name, |b| {
        b.iter(|| {
            harness.step();
            let output = harness.output();
            let meshes = harness
                .ctx
                .tessellate(output.shapes.clone(), output.pixels_per_point);
            black_box(meshes.len())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5)).sample_size(50);
    targets = ui_frame, ui_frame_plane
}
criterion_main!(benches);
