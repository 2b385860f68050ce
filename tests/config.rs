//! The config loader (`Experiment::apply_toml` and `load_file`): a refused document
//! changes nothing, and an accepted one survives a round trip. The fuzz target
//! fuzz/fuzz_targets/config_toml.rs checks the same on arbitrary text.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::config::Experiment;
use ganscope::engine::presets;

#[test]
fn a_refused_document_changes_nothing() {
    // Valid keys first, then a bad one: before the fix the first two were applied.
    for text in [
        "lr_d = 0.1\nbatch = 32\nk = 0\n",
        "target = \"N(1,2)\"\nloss = \"wgan\"\n",
        "hidden = 8\nlearning_rate = 0.1\n",
        "seed = 3\nlr_g = nan\n",
        "layers = 3\nk = \"five\"\n",
    ] {
        let mut experiment = presets::find("figure1").unwrap().experiment();
        let before = experiment.clone();
        let err = experiment.apply_toml(text).unwrap_err();
        assert_eq!(
            experiment, before,
            "{text:?} was refused ({err}) but changed the experiment"
        );
    }
}

/// Inputs kept in fuzz/regressions/config_toml, replayed with the fuzz target's checks.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/config_toml");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let Ok(text) = String::from_utf8(std::fs::read(entry.unwrap().path()).unwrap()) else {
            continue;
        };
        checked += 1;
        let mut experiment = Experiment::default();
        let before = experiment.clone();
        match experiment.apply_toml(&text) {
            Ok(()) => {
                let mut again = Experiment::default();
                again.apply_toml(&experiment.to_toml()).unwrap();
                assert_eq!(again, experiment, "round trip of {text:?}");
            }
            Err(_) => assert_eq!(experiment, before, "{text:?} was refused but changed things"),
        }
    }
    assert!(checked > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn every_preset_round_trips_through_toml() {
    for preset in presets::PRESETS {
        let experiment = preset.experiment();
        let mut read = Experiment::default();
        read.apply_toml(&experiment.to_toml()).unwrap();
        assert_eq!(read, experiment, "{}", preset.name);
    }
}

#[test]
fn config_files_that_set_nothing_or_are_missing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.toml", ""), ("comments.toml", "# only a comment\n\n")] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = Experiment::default().load_file(&path).unwrap_err();
        assert!(err.contains(name) && err.contains("sets no key"), "{err}");
    }
    let err = Experiment::default()
        .load_file(&dir.path().join("missing.toml"))
        .unwrap_err();
    assert!(
        err.contains("missing.toml") && err.contains("cannot read"),
        "{err}"
    );
    let path = dir.path().join("good.toml");
    std::fs::write(&path, "batch = 32\n").unwrap();
    let mut experiment = Experiment::default();
    experiment.load_file(&path).unwrap();
    assert_eq!(experiment.batch, 32);
}

/// The README's key table is the key table: regenerate it with `ganscope keys` when a
/// key, its range or its default changes.
#[test]
fn readme_key_table_matches_the_keys() {
    let readme = include_str!("../README.md");
    let (begin, end) = ("<!-- keys:begin -->", "<!-- keys:end -->");
    let start = readme.find(begin).expect("README marks its key table") + begin.len();
    let stop = readme[start..].find(end).expect("README ends its key table") + start;
    let table = ganscope::engine::config::keys::markdown_table(&presets::base());
    assert_eq!(
        readme[start..stop].trim(),
        table.trim(),
        "the README's key table and the keys disagree: paste `ganscope keys` between the markers"
    );
}

/// The README's preset table is what each run really changes from the one base:
/// regenerate it with `ganscope presets --markdown` when a preset or cure changes.
#[test]
fn readme_preset_table_matches_the_runs() {
    let readme = include_str!("../README.md");
    let (begin, end) = ("<!-- presets:begin -->", "<!-- presets:end -->");
    let start = readme.find(begin).expect("README marks its preset table") + begin.len();
    let stop = readme[start..].find(end).expect("README ends its preset table") + start;
    assert_eq!(
        readme[start..stop].trim(),
        presets::changes_markdown().trim(),
        "the README's preset table and the presets disagree: paste `ganscope presets --markdown` between the markers"
    );
    // The one base: figure1 is the default, and `ganscope config` of a preset is the run.
    assert_eq!(presets::base(), Experiment::default());
    let mode_collapse = presets::find("mode-collapse").unwrap().experiment();
    let mut read = Experiment::default();
    read.apply_toml(&mode_collapse.to_toml()).unwrap();
    assert_eq!(read, mode_collapse);
}

/// Every key's widget range, parser and printed default come from one table: the
/// default of each key parses back under its own rules.
#[test]
fn every_key_reads_back_its_own_default() {
    let base = presets::base();
    for key in ganscope::engine::config::keys::KEYS {
        let mut e = Experiment::default();
        key.set(&mut e, &key.text(&base))
            .unwrap_or_else(|err| panic!("{}: {err}", key.name));
        assert_eq!(key.text(&e), key.text(&base), "{}", key.name);
    }
}

/// Text given to a key lands as the typed value it names, read back through the key's
/// own getter (not compared as text with the text it came from): each choice by its
/// name, each end of a number's range, both flags, a formula.
#[test]
fn every_key_stores_the_value_its_text_names() {
    use ganscope::engine::config::keys::Domain;
    for key in ganscope::engine::config::keys::KEYS {
        let mut e = presets::base();
        let set = |e: &mut Experiment, text: &str| {
            key.set(e, text)
                .unwrap_or_else(|err| panic!("{} = {text}: {err}", key.name));
        };
        match &key.domain {
            Domain::Choice { choices, get, .. } => {
                for (i, choice) in choices.iter().enumerate() {
                    set(&mut e, choice.name);
                    assert_eq!(get(&e), i, "{} = {}", key.name, choice.name);
                }
            }
            Domain::Whole { min, max, get, .. } => {
                for value in [*min, *max, (min + max) / 2] {
                    set(&mut e, &value.to_string());
                    assert_eq!(get(&e), value, "{} = {value}", key.name);
                }
                // One past the largest is refused (the seed's range is all of u64).
                if let Some(over) = max.checked_add(1) {
                    assert!(key.set(&mut e, &over.to_string()).is_err(), "{}", key.name);
                }
            }
            Domain::Real {
                min,
                min_inclusive,
                max,
                get,
                ..
            } => {
                let inside = if *min_inclusive {
                    *min
                } else {
                    0.5 * (min + max.min(min + 1.0))
                };
                for value in [*max, inside] {
                    set(&mut e, &value.to_string());
                    assert_eq!(get(&e), value, "{} = {value}", key.name);
                }
                assert!(
                    key.set(&mut e, &(max * 2.0 + 1.0).to_string()).is_err(),
                    "{}",
                    key.name
                );
            }
            Domain::Flag { get, .. } => {
                for value in [true, false] {
                    set(&mut e, &value.to_string());
                    assert_eq!(get(&e), value, "{} = {value}", key.name);
                }
            }
            Domain::Formula { get, .. } => {
                set(&mut e, "0.25*N(-1,0.5) + 0.75*N(3,1)");
                let target = get(&e);
                let weights: Vec<f64> = target.components().iter().map(|(w, _)| *w).collect();
                assert_eq!(weights, vec![0.25, 0.75], "{}", key.name);
                // The mixture's mean and variance, computed by hand from the formula.
                let mean = 0.75 * 3.0 - 0.25;
                let second = 0.25 * (0.25 + 1.0) + 0.75 * (1.0 + 9.0);
                assert!((target.mean() - mean).abs() < 1e-12, "{}", key.name);
                assert!(
                    (target.std_dev() - (second - mean * mean).sqrt()).abs() < 1e-12,
                    "{}",
                    key.name
                );
            }
        }
    }
}

/// A value is parsed once, where it is read, into a typed setting: a TOML number arrives
/// as that number (never through text), an integer where a real is wanted is that real,
/// and a lesson's action holds the same checked setting `--set` would make.
#[test]
fn values_are_typed_once_on_every_path() {
    use ganscope::engine::config::keys::{self, Value};
    let mut e = Experiment::default();
    e.apply_toml("lr_d = 0.1\nlr_g = 3\nbatch = 64\ntrain_g = false\nloss = \"hinge\"")
        .unwrap();
    assert_eq!(e.lr_d.to_bits(), 0.1_f64.to_bits());
    assert_eq!((e.lr_g, e.batch, e.train_g), (3.0, 64, false));
    let lr_g = keys::find("lr_g").unwrap();
    assert_eq!(lr_g.parse("0.002").unwrap().value(), &Value::Real(0.002));
    // A refused value in a document changes nothing, even after keys that were fine.
    let before = e.clone();
    let err = e.apply_toml("k = 3\nbatch = -4").unwrap_err().to_string();
    assert!(
        err.contains("batch") && err.contains("-4") && err.contains("1 to 65536"),
        "{err}"
    );
    assert_eq!(e, before);
    // Two texts of one number are one value: no rebuild, no difference.
    let mut a = Experiment::default();
    let mut b = a.clone();
    a.set("hidden", "32").unwrap();
    b.set("hidden", " 032 ").unwrap();
    assert!(!a.needs_rebuild(&b));
    assert_eq!(keys::differing(&a, &b).count(), 0);
    b.set("seed", "2").unwrap();
    assert!(a.needs_rebuild(&b));
    assert_eq!(
        keys::differing(&a, &b).map(|k| k.name).collect::<Vec<_>>(),
        ["seed"]
    );

    let lesson = ganscope::lesson::parse::parse(
        "typed",
        "title = \"t\"\n[[scene]]\ntitle = \"s\"\nview = \"live\"\nsteps = 100\n\
         [[scene.at]]\niteration = 50\nset = { lr_g = 0.002, k = 2 }\n\
         [[scene.expect]]\nmetric = \"w1\"\nbelow = 100.0\n",
    )
    .unwrap();
    let action = &lesson.scenes[0].actions[0];
    assert_eq!(
        action.set,
        vec![
            keys::find("k").unwrap().parse("2").unwrap(),
            lr_g.parse("0.002").unwrap()
        ]
    );
}

/// The README's metric table is the metric table (regenerate it with `ganscope metrics`),
/// and the README names every metric a lesson's figure1 or phase claim may use.
#[test]
fn readme_metric_table_matches_the_metrics() {
    use ganscope::lesson::{View, metric_names};
    let readme = include_str!("../README.md");
    let (begin, end) = ("<!-- metrics:begin -->", "<!-- metrics:end -->");
    let start = readme.find(begin).expect("README marks its metric table") + begin.len();
    let stop = readme[start..].find(end).expect("README ends its metric table") + start;
    assert_eq!(
        readme[start..stop].trim(),
        ganscope::engine::metric::markdown_table().trim(),
        "the README's metric table and the metrics disagree: paste `ganscope metrics` between the markers"
    );
    for view in [View::Figure1, View::Phase] {
        for name in metric_names(view) {
            assert!(
                readme.contains(name),
                "README does not name the {} metric {name}",
                view.name()
            );
        }
    }
}

/// The CSV's header and each row come from one table: as many cells as columns, and a
/// row read back by its header's names gives the metrics it was written from.
#[test]
fn csv_columns_are_read_back_by_name() {
    use ganscope::engine::metric;
    use ganscope::engine::snapshot::Metrics;
    let m = Metrics {
        steps: 7,
        w1: 0.25,
        js: 0.125,
        modes_covered: 3,
        g_grad_norm: 1.5e-7,
        dstar_gap: None,
        mode_masses: vec![0.5, 0.25],
        ..Metrics::default()
    };
    let header = metric::csv_header();
    let row = metric::csv_row(&m);
    assert_eq!(header.len(), row.len());
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()].clone();
    assert_eq!(cell("steps"), "7");
    assert_eq!(cell("w1").parse::<f64>().unwrap(), 0.25);
    assert_eq!(cell("js").parse::<f64>().unwrap(), 0.125);
    assert_eq!(cell("modes_covered"), "3");
    assert_eq!(cell("g_grad_norm").parse::<f64>().unwrap(), 1.5e-7);
    assert_eq!(cell("dstar_gap"), "", "no D* gap for a critic: an empty cell");
    assert_eq!(cell("mode_masses"), "0.500000;0.250000");
    // The JSON report holds the same names.
    let json = metric::json(&m);
    for name in &header {
        assert!(json.contains_key(*name), "JSON lacks {name}");
    }
    assert!(json["dstar_gap"].is_null());
    assert_eq!(m.max_mode_mass(), 0.5);
    assert!(
        Metrics::default().max_mode_mass().is_nan(),
        "no modes, no largest share"
    );
}
