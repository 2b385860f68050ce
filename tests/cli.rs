//! The command-line contract, by spawning the real binary.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;

use common::cli::{ganscope, stderr, stdout};
use ganscope::engine::config::Experiment;
use ganscope::engine::presets::PRESETS;
use std::process::Output;

fn last_json(o: &Output) -> serde_json::Value {
    let text = stdout(o);
    let line = text.lines().last().expect("some output");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

#[test]
fn train_json_has_the_promised_fields() {
    let o = ganscope(&["train", "--steps", "30", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = last_json(&o);
    for key in [
        "steps",
        "d_loss",
        "g_loss",
        "d_real",
        "d_fake",
        "w1",
        "js",
        "mode_masses",
        "modes_covered",
        "g_grad_norm",
        "d_grad_norm",
        "dstar_gap",
        "opponent_gap",
        "tv",
        "diverged",
        "steps_per_second",
        "absurd",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["steps"], 30);
    assert!(v["absurd"].is_null(), "a healthy run is not absurd: {v}");
    assert_eq!(v["diverged"], false);
    assert!(v["steps_per_second"].as_f64().unwrap() > 0.0);
    assert!(v["dstar_gap"].is_number());
    assert!(v["tv"].as_f64().is_some_and(|t| (0.0..=1.0).contains(&t)));
    assert_eq!(v["mode_masses"].as_array().unwrap().len(), 1);
}

/// Every loss reports its gap to its optimal opponent: a number in [0, 1], never null.
#[test]
fn opponent_gap_is_a_number_for_every_loss() {
    for loss in [
        "minimax",
        "non-saturating",
        "least-squares",
        "hinge",
        "wasserstein",
        "wasserstein-gp",
    ] {
        let o = ganscope(&[
            "train",
            "--steps",
            "20",
            "--json",
            "--set",
            &format!("loss={loss}"),
        ]);
        assert!(o.status.success(), "{loss}: {}", stderr(&o));
        let v = last_json(&o);
        let gap = v["opponent_gap"]
            .as_f64()
            .unwrap_or_else(|| panic!("{loss}: {v}"));
        assert!((0.0..=1.0).contains(&gap), "{loss}: {gap}");
    }
}

/// `--fix` loads a failure's cure; on a preset without one it is refused, naming those
/// that have one.
#[test]
fn fix_loads_the_cure_or_says_which_presets_have_one() {
    let o = ganscope(&[
        "train",
        "--preset",
        "vanishing-gradient",
        "--fix",
        "--steps",
        "3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(last_json(&o)["loss"], "non-saturating");
    let o = ganscope(&[
        "train",
        "--preset",
        "wgan-rescue",
        "--fix",
        "--steps",
        "3",
        "--json",
    ]);
    assert!(o.status.success(), "the old name still loads: {}", stderr(&o));
    assert_eq!(last_json(&o)["loss"], "wasserstein-gp");
    let o = ganscope(&["train", "--fix", "--steps", "3"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("figure1") && err.contains("mode-collapse"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// `ganscope figure1 --json`: one object with the data's sigma and the four panels.
#[test]
fn figure1_json_has_four_panels() {
    let o = ganscope(&["figure1", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = last_json(&o);
    assert_eq!(v["sigma"], 0.5);
    let panels = v["panels"].as_array().unwrap();
    let letters: Vec<&str> = panels.iter().map(|p| p["panel"].as_str().unwrap()).collect();
    assert_eq!(letters, ["a", "b", "c", "d"]);
    for p in panels {
        for key in ["iteration", "w1", "js", "tv", "dstar_gap", "mean_d_fake"] {
            assert!(p[key].is_number(), "{key} in {p}");
        }
        assert_eq!(p["clipped"], false, "{p}");
    }
}

/// The README's presets table names every preset.
#[test]
fn readme_names_every_preset() {
    let readme = include_str!("../README.md");
    for p in PRESETS {
        assert!(
            readme.contains(&format!("| `{}` |", p.name)),
            "README's presets table lacks {}",
            p.name
        );
    }
}

#[test]
fn wasserstein_has_no_dstar_gap_and_mixtures_one_mass_per_component() {
    let o = ganscope(&[
        "train",
        "--steps",
        "5",
        "--json",
        "--set",
        "loss=wasserstein",
        "--set",
        "target=0.2*N(-3,0.5) + 0.5*N(0,0.5) + 0.3*U(2,3)",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = last_json(&o);
    assert!(v["dstar_gap"].is_null());
    assert_eq!(v["mode_masses"].as_array().unwrap().len(), 3);
}

#[test]
fn same_seed_same_numbers_other_seed_other_numbers() {
    let run = |seed: &str| {
        let mut v = last_json(&ganscope(&["train", "--steps", "40", "--json", "--seed", seed]));
        v.as_object_mut().unwrap().remove("steps_per_second");
        v
    };
    assert_eq!(run("5"), run("5"));
    assert_ne!(run("5"), run("6"));
}

#[test]
fn metrics_csv_has_a_row_per_stride() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.csv");
    let o = ganscope(&[
        "train",
        "--steps",
        "40",
        "--every",
        "10",
        "--metrics-csv",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("steps,d_loss,g_loss"));
    assert!(lines[4].starts_with("40,"));
    let o = ganscope(&["train", "--steps", "7", "--metrics-csv", path.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap().lines().count(),
        8,
        "one row per iteration"
    );
}

#[test]
fn presets_and_config_round_trip() {
    let o = ganscope(&["presets"]);
    assert!(o.status.success());
    let listing = stdout(&o);
    assert_eq!(listing.lines().count(), PRESETS.len());
    let dir = tempfile::tempdir().unwrap();
    for p in PRESETS {
        assert!(listing.contains(p.name));
        let o = ganscope(&["config", "--preset", p.name]);
        assert!(o.status.success());
        let toml = stdout(&o);
        let mut e = Experiment::default();
        e.apply_toml(&toml).unwrap();
        assert_eq!(e, p.experiment(), "{} does not read back:\n{toml}", p.name);
        // And the file drives a run.
        let path = dir.path().join(format!("{}.toml", p.name));
        std::fs::write(&path, toml).unwrap();
        let o = ganscope(&[
            "train",
            "--config",
            path.to_str().unwrap(),
            "--steps",
            "3",
            "--json",
        ]);
        assert!(o.status.success(), "{}: {}", p.name, stderr(&o));
    }
}

#[test]
fn divergence_is_reported_not_a_crash() {
    let o = ganscope(&[
        "train",
        "--steps",
        "2000",
        "--json",
        "--set",
        "optimizer=sgd",
        "--set",
        "lr_d=10",
        "--set",
        "lr_g=10",
        "--set",
        "activation=relu",
        "--set",
        "r1_gamma=0",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = last_json(&o);
    assert_eq!(v["diverged"], true);
    assert!(stderr(&o).contains("training diverged"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let empty = write("empty.toml", "");
    let not_toml = write("bad.toml", "loss = = hinge\n[[[");
    let wrong_type = write("type.toml", "k = \"five\"\n");
    let unknown = write("unknown.toml", "learning_rate = 0.1\n");
    let bad_value = write("value.toml", "target = \"N(0,-1)\"\n");
    let nan = write("nan.toml", "lr_d = nan\n");
    let missing = dir.path().join("nope.toml").to_str().unwrap().to_string();
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (vec!["train", "--set", "lossy=hinge"], &["lossy", "allowed keys"]),
        (
            vec!["train", "--set", "loss=wgan"],
            &["loss", "wgan", "wasserstein-gp"],
        ),
        (vec!["train", "--set", "k=0"], &["k", "'0'", "1 to 100"]),
        (vec!["train", "--set", "batch=0"], &["batch", "1 to 65536"]),
        (vec!["train", "--set", "lr_d=NaN"], &["lr_d", "NaN", "> 0"]),
        (vec!["train", "--set", "lr_g=-1"], &["lr_g", "-1"]),
        (vec!["train", "--set", "lr_g=1e9"], &["lr_g", "1e9", "<= 10"]),
        (vec!["train", "--set", "lr_d=0"], &["lr_d", "'0'"]),
        (
            vec!["train", "--set", "target=N(0,-1)"],
            &["target", "sigma must be > 0, got -1"],
        ),
        (vec!["train", "--set", "target=U(2,1)"], &["target", "a < b"]),
        (
            vec!["train", "--set", "target=0*N(0,1)"],
            &["target", "weight must be > 0"],
        ),
        (vec!["train", "--set", "target="], &["target", "empty target"]),
        (
            vec!["train", "--set", "target=-0.5*N(0,1)+1.5*N(2,1)"],
            &["target", "weight must be > 0, got -0.5"],
        ),
        (
            vec!["train", "--set", "target=NaN*N(0,1)"],
            &["target", "unknown distribution 'nan'"],
        ),
        (
            vec!["train", "--set", "target=N(1e400,1)"],
            &["target", "1e400 is out of range", "|x| <= 1e6"],
        ),
        (vec!["train", "--set", "target=Ν(0,1)"], &["target", "found 'Ν'"]),
        (vec!["train", "--set", "target=N(0,1)✓"], &["target", "found '✓'"]),
        (vec!["train", "--set", "k=1e9"], &["k", "1e9", "1 to 100"]),
        (vec!["train", "--set", "hidden=0"], &["hidden", "1 to 1024"]),
        (vec!["train", "--set", "batch=1e9"], &["batch", "1e9"]),
        (vec!["train", "--set", "lr_d=inf"], &["lr_d", "inf", "> 0"]),
        (vec!["train", "--set", "lr_g="], &["lr_g", "> 0"]),
        (vec!["train", "--set", "seed=-1"], &["seed", "-1", "whole number"]),
        (vec!["train", "--config", &nan], &["lr_d", "NaN", "> 0"]),
        (
            vec!["train", "--set", "activation=sigmoid"],
            &["activation", "sigmoid", "leaky-relu"],
        ),
        (vec!["train", "--set", "noise_dim=0"], &["noise_dim", "1 to 256"]),
        (
            vec!["phase", "--game", "bilinear", "--noise", "1"],
            &["--noise 1", "--game gan only"],
        ),
        (
            vec!["phase", "--out", "plane.jpg"],
            &["plane.jpg", "'.jpg'", ".png or .svg"],
        ),
        (
            vec!["figure1", "--out", "panels"],
            &["'panels'", "needs an ending", ".png or .svg"],
        ),
        (
            vec!["train", "--set", "train_g=maybe"],
            &["train_g", "true or false"],
        ),
        (vec!["train", "--set", "loss"], &["--set", "KEY=VALUE"]),
        (vec!["train", "--preset", "nope"], &["nope", "figure1"]),
        (vec!["config", "--preset", "nope"], &["nope", "mode-collapse"]),
        (
            vec!["train", "--set", "unrolled_steps=21"],
            &["unrolled_steps", "0 to 20"],
        ),
        (
            vec!["train", "--set", "instance_noise=-1"],
            &["instance_noise", ">= 0"],
        ),
        (
            vec!["train", "--set", "updates=sometimes"],
            &["updates", "simultaneous"],
        ),
        (
            vec!["train", "--set", "optimizer=optimism"],
            &["optimizer", "optimistic-adam"],
        ),
        (vec!["train", "--set", "r2_gamma=1e9"], &["r2_gamma", "<= 1000"]),
        (vec!["train", "--config", &missing], &["nope.toml", "cannot read"]),
        (
            vec!["train", "--config", &empty],
            &["empty.toml", "empty", "sets no key"],
        ),
        (
            vec!["train", "--config", &not_toml],
            &["bad.toml", "not valid TOML"],
        ),
        (
            vec!["train", "--config", &wrong_type],
            &["type.toml", "five", "whole number"],
        ),
        (
            vec!["train", "--config", &unknown],
            &["learning_rate", "unknown key"],
        ),
        (vec!["train", "--config", &bad_value], &["target", "sigma"]),
        (
            vec!["train", "--set", "device=cuda"],
            &["cuda", "--features cuda"],
        ),
        (vec!["train", "--steps", "0"], &["--steps"]),
        (vec!["train", "--steps", "many"], &["--steps", "many"]),
        (vec!["frobnicate"], &["frobnicate"]),
    ];
    for (args, needles) in cases {
        let o = ganscope(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        for needle in needles {
            assert!(err.contains(needle), "{args:?}: '{needle}' not in: {err}");
        }
        if !args.contains(&"--steps") && args[0] != "frobnicate" {
            assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line, got: {err}");
        }
    }
}

#[test]
fn train_warns_when_a_finite_run_runs_away() {
    let o = ganscope(&[
        "train",
        "--steps",
        "1",
        "--json",
        "--set",
        "loss=wasserstein",
        "--set",
        "clip=100",
        "--set",
        "optimizer=sgd",
        "--set",
        "lr_d=10",
        "--set",
        "lr_g=10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: training ran away: G's samples are far off the plot"),
        "{}",
        stderr(&o)
    );
    let v = last_json(&o);
    assert!(
        v["absurd"]
            .as_str()
            .is_some_and(|s| s.contains("far off the plot")),
        "{v}"
    );
}
