//! The 2-D view in the app, driven as a user would: a ring run drawn as a heatmap with
//! its key, the draw-your-own pad turning a mouse stroke into a target that reaches the
//! worker (1-D sketch and 2-D points), and a snapshot of the 2-D view.
#![cfg(feature = "app")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::GanscopeApp;
use ganscope::engine::config::Experiment;
use ganscope::engine::presets;
use ganscope::worker::Command;

mod common;
use common::app_harness::{paused, render_after, settle};

fn ring() -> Experiment {
    presets::find("ring").expect("ring preset").experiment()
}

/// The paused base app with the drawing pad open on `kind` ("1-D density" or "2-D points").
fn pad_open_on(kind: &str) -> Harness<'static, GanscopeApp> {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("draw…").click();
    harness.run_steps(2);
    harness.get_by_label(kind).click();
    harness.run_steps(2);
    harness
}

/// Drags across the drawing pad from the left end of its middle to the right, rising.
fn stroke_across_the_pad(harness: &mut Harness<'_, GanscopeApp>, top_widget: &str, bottom_widget: &str) {
    let top = harness.get_by_label(top_widget).rect();
    let bottom = harness.get_by_label_contains(bottom_widget).rect();
    let (y0, y1) = (top.bottom() + 12.0, bottom.top() - 12.0);
    let x0 = top.left() + 10.0;
    let start = egui::pos2(x0, y1 - 5.0);
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    harness.step();
    for i in 0..=30 {
        let t = i as f32 / 30.0;
        harness.hover_at(egui::pos2(x0 + 280.0 * t, y1 - (y1 - y0) * 0.8 * t));
        harness.step();
    }
    harness.drop_at(egui::pos2(x0 + 280.0, y0 + 10.0));
    harness.step();
}

#[test]
fn the_ring_is_drawn_as_a_heatmap_with_its_key() {
    let mut harness = paused(ring());
    harness.state().worker().send(Command::IterateMany(20));
    let frame = settle(&mut harness);
    assert!(frame.snapshot.plane.is_some());
    harness.run_steps(2);
    harness.get_by_label("D(x): probability of real");
    harness.get_by_label_contains("mode covered (");
    harness.get_by_label("G's manifold (the z grid carried to x)");
}

#[test]
fn a_sketched_density_becomes_the_target() {
    let mut harness = pad_open_on("1-D density");
    // Using an empty pad is refused, and changes nothing.
    harness.get_by_label("Use as target").click();
    harness.run_steps(2);
    harness.get_by_label_contains("draw a density first");
    stroke_across_the_pad(&mut harness, "1-D density", "bars");
    harness.get_by_label("Use as target").click();
    harness.run_steps(2);
    let frame = settle(&mut harness);
    let target = frame.experiment.target.to_string();
    assert!(target.starts_with("Sketch("), "{target}");
    assert_eq!(frame.experiment.target.dim(), 1);
    // It round-trips, so a config or lesson that stores it reruns the same run.
    assert_eq!(
        target.parse::<ganscope::engine::target::Target>().unwrap(),
        frame.experiment.target
    );
}

#[test]
fn brushed_points_become_a_2d_target_and_the_networks_rebuild() {
    let mut harness = pad_open_on("2-D points");
    stroke_across_the_pad(&mut harness, "2-D points", "points; each a Gaussian");
    harness.get_by_label("Use as target").click();
    harness.run_steps(2);
    harness.state().worker().send(Command::IterateMany(5));
    let frame = settle(&mut harness);
    let target = &frame.experiment.target;
    assert!(target.to_string().starts_with("Points("), "{target}");
    assert_eq!(target.dim(), 2);
    let modes = target.plane().unwrap().modes().len();
    assert!(modes > 5, "a stroke brushes many points: {modes}");
    assert!(frame.snapshot.plane.is_some(), "the run is on the plane now");
}

#[test]
fn snapshot_ring_after_300_iterations() {
    render_after(ring(), 300, "ring_300");
}
