//! The live app driven through AccessKit, as a user would: buttons, menus, sliders and the
//! formula field, with every effect checked in the worker's newest frame. Most tests start
//! the worker paused and step it, so they do not depend on timing.
#![cfg(feature = "app")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::GanscopeApp;
use ganscope::engine::config::{Loss, OptimizerKind};
use ganscope::engine::presets;
use ganscope::worker::{Command, Frame, Health};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::app_harness::{
    build, label_text, latest, launched, paused, paused_options, render_after, render_with, settle,
};

/// Steps the UI until the worker's newest frame satisfies `ok`, and returns that frame;
/// fails after 60 s. (Not the common `wait_until`: this one tests a frame and hands back
/// the very frame that passed.)
#[track_caller]
fn wait_for(harness: &mut Harness<'_, GanscopeApp>, what: &str, ok: impl Fn(&Frame) -> bool) -> Arc<Frame> {
    let start = Instant::now();
    loop {
        harness.step();
        if let Some(frame) = harness.state().worker().latest()
            && ok(&frame)
        {
            // One more frame so the UI shows what the worker published.
            harness.step();
            return frame;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn starts_on_figure1_and_trains() {
    let mut harness = launched();
    let frame = wait_for(&mut harness, "iterations", |f| f.steps >= 20);
    assert!(frame.playing);
    assert_eq!(*frame.experiment, presets::base());
    // The lecture note of the preset and the Pause button are shown.
    harness.get_by_label_contains("Watch the green p_g");
    harness.get_by_role_and_label(Role::Button, "Pause");
    assert!(harness.query_all_by_label_contains("iteration ").next().is_some());
    harness.check_accessibility();
}

#[test]
fn pause_stops_training() {
    let mut harness = launched();
    wait_for(&mut harness, "iterations", |f| f.steps >= 5);
    harness.get_by_label("Pause").click();
    let frame = wait_for(&mut harness, "pause", |f| !f.playing);
    let steps = frame.steps;
    // Counted in frames, not timed: across 30 frames of the UI the run stays put.
    for _ in 0..30 {
        harness.step();
        assert_eq!(latest(&harness).steps, steps, "training went on after Pause");
    }
    harness.get_by_role_and_label(Role::Button, "Play");
    // Space plays again.
    harness.key_press(egui::Key::Space);
    wait_for(&mut harness, "training again", |f| f.playing && f.steps > steps);
}

#[test]
fn step_advances_exactly_one_iteration() {
    let mut harness = paused(presets::base());
    let start = settle(&mut harness).steps;
    harness.get_by_label("Step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!(frame.steps, start + 1);
    // D step and G step move one network each without counting an iteration.
    let before = frame.snapshot.d.clone();
    harness.get_by_label("D step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!(frame.steps, start + 1);
    assert_ne!(frame.snapshot.d, before, "a D step must change D");
    let mapping = frame.snapshot.mapping.clone();
    harness.get_by_label("G step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_ne!(frame.snapshot.mapping, mapping, "a G step must move G(z)");
    // The keyboard steps too.
    harness.key_press(egui::Key::S);
    harness.step();
    assert_eq!(settle(&mut harness).steps, start + 2);
}

#[test]
fn loss_and_k_changes_reach_the_worker() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("loss").click();
    harness.run_steps(2);
    harness.get_by_label("wasserstein-gp").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Slider, "k")
        .set_value_accesskit(5.0);
    harness.run_steps(2);
    let frame = settle(&mut harness);
    assert_eq!(frame.experiment.loss, Loss::WassersteinGp);
    assert_eq!(frame.experiment.k, 5);
    // The new loss is in force: the snapshot now carries a critic, not a probability.
    harness.get_by_label("Step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert!(frame.snapshot.d_is_critic());
    assert!(frame.snapshot.metrics.dstar_gap.is_none());
    assert_eq!(frame.steps, 1, "a live change must not reset the run");
}

#[test]
fn bad_formula_shows_the_error_and_training_goes_on() {
    let mut harness = launched();
    wait_for(&mut harness, "iterations", |f| f.steps >= 3);
    harness
        .get_by_label("formula")
        .set_text_value_accesskit("0.5*N(-2,0.5) + ");
    harness.run_steps(3);
    harness.get_by_label_contains("formula error");
    let steps = latest(&harness).steps;
    let frame = wait_for(&mut harness, "more iterations", |f| f.steps >= steps + 10);
    assert_eq!(
        frame.experiment.target,
        presets::base().target,
        "a bad formula must keep the old target"
    );
    harness.get_by_label_contains("formula error");
    // A good formula replaces the target live.
    harness.get_by_label("formula").set_text_value_accesskit("N(0,1)");
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("formula error").is_none());
    let frame = wait_for(&mut harness, "new target", |f| {
        f.experiment.target.to_string() == "N(0,1)"
    });
    assert!(frame.playing);
}

#[test]
fn divergence_shows_the_message_and_reset_recovers() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    // Least squares with plain SGD at learning rate 10, all set through the controls.
    harness.get_by_label("loss").click();
    harness.run_steps(2);
    harness.get_by_label("least-squares").click();
    harness.run_steps(2);
    harness.get_by_label("optimizer").click();
    harness.run_steps(2);
    harness.get_by_label("sgd").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Slider, "lr_d")
        .set_value_accesskit(10.0);
    harness
        .get_by_role_and_label(Role::Slider, "lr_g")
        .set_value_accesskit(10.0);
    harness.run_steps(2);
    let frame = settle(&mut harness);
    assert_eq!((frame.experiment.lr_d, frame.experiment.lr_g), (10.0, 10.0));
    assert_eq!(frame.experiment.optimizer, OptimizerKind::Sgd);
    harness.get_by_label("Play").click();
    harness.step();
    wait_for(&mut harness, "divergence", |f| {
        matches!(f.health, Health::Diverged(_))
    });
    harness.run_steps(2);
    harness.get_by_label_contains("Training diverged");
    // The app stays usable: Reset recovers, and lower learning rates keep it healthy.
    harness.get_by_label("Pause").click();
    harness.step();
    settle(&mut harness);
    harness.get_by_label("Reset to recover").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!(frame.health, Health::Ok);
    assert_eq!(frame.steps, 0);
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("Training diverged").is_none());
    harness
        .get_by_role_and_label(Role::Slider, "lr_d")
        .set_value_accesskit(0.001);
    harness
        .get_by_role_and_label(Role::Slider, "lr_g")
        .set_value_accesskit(0.001);
    harness.run_steps(2);
    harness.get_by_label("Step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!((frame.steps, frame.health.clone()), (1, Health::Ok));
}

#[test]
fn a_panic_in_the_worker_is_shown_and_reset_recovers() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.state().worker().send(Command::InjectPanic);
    let frame = wait_for(&mut harness, "fault", |f| matches!(f.health, Health::Fault(_)));
    assert!(format!("{:?}", frame.health).contains("panicked"));
    harness.get_by_label_contains("Training stopped");
    harness.get_by_label("Reset to recover").click();
    harness.step();
    assert_eq!(settle(&mut harness).health, Health::Ok);
    harness.get_by_label("Step").click();
    harness.step();
    assert_eq!(settle(&mut harness).steps, 1);
}

#[test]
fn presets_menu_loads_mode_collapse() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("Presets").click();
    harness.run_steps(2);
    harness.get_by_label_contains("mode-collapse —").click();
    harness.run_steps(2);
    let preset = presets::find("mode-collapse").expect("preset");
    let wanted = preset.experiment();
    let frame = wait_for(&mut harness, "preset", |f| *f.experiment == wanted && f.playing);
    assert!(frame.health == Health::Ok);
    // Its lecture note is shown over the figure.
    let note: String = preset.lecture.chars().take(30).collect();
    harness.get_by_label_contains(&note);
}

#[test]
fn snapshot_figure1_at_start() {
    render_after(presets::base(), 0, "figure1_start");
}

#[test]
fn snapshot_figure1_after_300_iterations() {
    render_after(presets::base(), 300, "figure1_300");
}

/// The cure of disjoint supports: a WGAN-GP critic on its own axis with the optimal
/// critic beside it.
#[test]
fn snapshot_wasserstein_critic_axis() {
    let experiment = presets::find("disjoint-supports")
        .expect("preset")
        .cured()
        .expect("a cure");
    render_after(experiment, 200, "wgan_gp_critic_200");
}

#[test]
fn snapshot_mode_collapse_after_3000_iterations() {
    let experiment = presets::find("mode-collapse").expect("preset").experiment();
    render_after(experiment, 3000, "mode_collapse_3000");
}

#[test]
fn snapshot_dark_theme_lecture_mode() {
    render_with(presets::base(), 300, "figure1_dark_300", |harness| {
        harness.get_by_label("View").click();
        harness.run_steps(2);
        harness.get_by_label("dark theme").click();
        harness.run_steps(2);
        harness.key_press(egui::Key::Escape);
        harness.run_steps(2);
    });
}

#[test]
fn settings_bring_back_the_last_experiment() {
    use ganscope::app::settings::Settings;
    let experiment = presets::find("mode-collapse").expect("preset").experiment();
    let settings = Settings {
        experiment: experiment.to_toml(),
        ..Settings::default()
    };
    assert_eq!(settings.experiment(), (experiment, None));
    // Unreadable stored text falls back to the figure1 preset, and says so.
    let broken = Settings {
        experiment: "loss = 3".into(),
        ..Settings::default()
    };
    let (fallback, why) = broken.experiment();
    assert_eq!(fallback, presets::base());
    let why = why.expect("a message");
    assert!(why.contains("loss") && why.contains("figure1"), "{why}");
}

/// Bad input typed into the app's text fields (the target formula and the config file
/// box): each shows an inline message naming the value and what is allowed, the running
/// experiment keeps its settings, and nothing panics. The CLI's table is in tests/cli.rs.
#[test]
fn bad_text_field_inputs_show_inline_messages_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write a config");
        path.to_str().expect("utf-8 path").to_string()
    };
    // Tall enough that the whole controls column, down to the config box, is on screen
    // (AccessKit only lists what is drawn).
    let mut harness = build(egui::vec2(1280.0, 2000.0), presets::base(), paused_options());
    settle(&mut harness);

    let formulas: &[(&str, &[&str])] = &[
        ("N(0,-1)", &["sigma must be > 0, got -1"]),
        ("N(0,0)", &["sigma must be > 0, got 0"]),
        ("U(2,1)", &["a < b"]),
        ("0*N(0,1)", &["weight must be > 0"]),
        ("-0.5*N(0,1)+1.5*N(2,1)", &["weight must be > 0, got -0.5"]),
        ("NaN*N(0,1)", &["unknown distribution 'nan'", "allowed"]),
        ("", &["empty target"]),
        ("Ν(0,1)", &["found 'Ν'", "N(mu,sigma)"]),
        ("N(1e400,1)", &["1e400 is out of range", "|x| <= 1e6"]),
        ("LogNormal(800,1)", &["|mu| <= 20", "800"]),
        ("0.5*N(-2,0.5) + ", &["position"]),
    ];
    for (formula, needles) in formulas {
        harness.get_by_label("formula").set_text_value_accesskit(formula);
        harness.run_steps(3);
        let shown = label_text(&harness, "formula error");
        for needle in *needles {
            assert!(shown.contains(needle), "{formula:?}: '{needle}' not in: {shown}");
        }
        assert_eq!(
            harness.state().edited().target,
            presets::base().target,
            "{formula:?}"
        );
    }
    harness
        .get_by_label("formula")
        .set_text_value_accesskit(&presets::base().target.to_string());
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("formula error").is_none());

    let missing = dir
        .path()
        .join("nope.toml")
        .to_str()
        .expect("utf-8 path")
        .to_string();
    let configs: Vec<(String, &[&str])> = vec![
        (missing, &["nope.toml", "cannot read"]),
        ("   ".into(), &["path is empty"]),
        (file("empty.toml", ""), &["empty.toml", "sets no key"]),
        (
            file("bad.toml", "loss = = hinge\n[[["),
            &["bad.toml", "not valid TOML"],
        ),
        (file("type.toml", "k = \"five\"\n"), &["five", "whole number"]),
        (
            file("unknown.toml", "learning_rate = 0.1\n"),
            &["learning_rate", "unknown key"],
        ),
        (file("nan.toml", "lr_d = nan\n"), &["lr_d", "NaN"]),
        (file("k0.toml", "lr_g = 0.01\nk = 0\n"), &["k", "'0'", "1 to 100"]),
        (file("batch.toml", "batch = 0\n"), &["batch", "1 to 65536"]),
        (file("huge.toml", "lr_d = 1e9\n"), &["lr_d", "<= 10"]),
        (
            file("loss.toml", "loss = \"wgan\"\n"),
            &["loss", "wgan", "wasserstein-gp"],
        ),
        (
            file("sigma.toml", "target = \"N(0,-1)\"\n"),
            &["target", "sigma must be > 0"],
        ),
    ];
    for (path, needles) in &configs {
        harness.get_by_label("config file").set_text_value_accesskit(path);
        harness.run_steps(2);
        harness.get_by_label("Open").click();
        harness.run_steps(3);
        let shown = label_text(&harness, "config error");
        for needle in *needles {
            assert!(shown.contains(needle), "{path}: '{needle}' not in: {shown}");
        }
        assert_eq!(
            *harness.state().edited(),
            presets::base(),
            "{path} changed the settings"
        );
    }
    let frame = settle(&mut harness);
    assert_eq!(
        *frame.experiment,
        presets::base(),
        "a refused config reached the worker"
    );

    // Save to a folder that does not exist: the message names the path.
    let unwritable = dir.path().join("no/such/folder/x.toml");
    let unwritable = unwritable.to_str().expect("utf-8 path");
    harness
        .get_by_label("config file")
        .set_text_value_accesskit(unwritable);
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(3);
    assert!(label_text(&harness, "config error").contains("x.toml"));

    // A good config opens, restarts with its settings and trains.
    let good = file("good.toml", "target = \"N(-1, 0.7)\"\nbatch = 64\n");
    harness
        .get_by_label("config file")
        .set_text_value_accesskit(&good);
    harness.run_steps(2);
    harness.get_by_label("Open").click();
    let frame = wait_for(&mut harness, "the opened config trains", |f| {
        f.experiment.batch == 64 && f.steps > 0
    });
    assert_eq!(frame.experiment.target.to_string(), "N(-1,0.7)");
    // The file's keys on top of the figure1 preset, as `ganscope train --config` reads it.
    let mut expected = presets::base();
    expected.set("target", "N(-1, 0.7)").expect("valid target");
    expected.batch = 64;
    assert_eq!(*frame.experiment, expected);
    assert!(harness.query_by_label_contains("config error").is_none());
    assert_eq!(harness.state().edited().batch, 64);
}

#[test]
fn a_finite_but_absurd_run_shows_a_warning_and_reset() {
    // An unclipped critic (clip 100) and SGD at rate 10: one step throws G's samples
    // about 4e12 off the plot, every number still finite.
    let mut runaway = presets::base();
    for (key, value) in [
        ("loss", "wasserstein"),
        ("clip", "100"),
        ("optimizer", "sgd"),
        ("lr_d", "10"),
        ("lr_g", "10"),
    ] {
        runaway.set(key, value).unwrap();
    }
    let mut harness = paused(runaway);
    settle(&mut harness);
    assert!(harness.query_by_label_contains("Training ran away").is_none());
    harness.get_by_label("Step").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!(
        (frame.steps, frame.health.clone()),
        (1, Health::Ok),
        "finite: not a divergence"
    );
    harness.run_steps(2);
    harness.get_by_label_contains("Training ran away: G's samples are far off the plot");
    harness.get_by_label("Reset to recover").click();
    harness.step();
    let frame = settle(&mut harness);
    assert_eq!(frame.steps, 0);
    assert!(frame.snapshot.absurd().is_none());
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("Training ran away").is_none());
}

#[test]
fn losses_beyond_a_million_are_absurd() {
    let mut snapshot = ganscope::engine::snapshot::Snapshot {
        grid: vec![0.0, 1.0],
        ..Default::default()
    };
    assert!(snapshot.absurd().is_none());
    snapshot.metrics.d_loss = -2e6;
    let why = snapshot.absurd().unwrap();
    assert!(why.contains("D's loss is -2.000e6"), "{why}");
    snapshot.metrics.d_loss = 0.0;
    snapshot.metrics.g_std = 50.0;
    assert!(snapshot.absurd().unwrap().contains("far off the plot"));
}
