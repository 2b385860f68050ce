//! A map cell as a training run: the experiment trained for the map's steps, its W1 to
//! the data read at evenly spaced points, G's mean followed over the last third, and the
//! end's mode shares, for [`super::class::classify`].

use super::Run;
use super::class::{Trace, classify};
use crate::engine::config::Experiment;
use crate::engine::gan::{Gan, GanError};
use crate::engine::snapshot::Snapshot;

/// Points of the run the metrics are read at (a snapshot each).
pub const SAMPLES: u64 = 24;

/// The key `name` of a GAN map: any numeric or choice key of the key table.
pub fn key(name: &str) -> Option<super::axis::AxisKey> {
    use crate::engine::config::keys::Domain as KeyDomain;
    // The seed is what --seed and --seeds vary; a map's axes are settings.
    let key = crate::engine::config::keys::find(name).filter(|k| k.name != "seed")?;
    let domain = match &key.domain {
        KeyDomain::Real { .. } => super::axis::Domain::Number,
        KeyDomain::Whole { .. } => super::axis::Domain::Whole,
        KeyDomain::Choice { choices, .. } => {
            super::axis::Domain::Names(choices.iter().map(|c| c.name).collect())
        }
        KeyDomain::Flag { .. } => super::axis::Domain::Names(vec!["false", "true"]),
        KeyDomain::Formula { .. } => return None,
    };
    Some(super::axis::AxisKey {
        name: key.name,
        domain,
        check: Box::new(move |v| key.parse(v).map(|_| ()).map_err(|e| e.to_string())),
    })
}

/// G's mean as one point (1-D: (mean, 0)).
fn g_point(snapshot: &Snapshot) -> (f64, f64) {
    match &snapshot.plane {
        Some(view) => {
            let [x, y] = view.mean_of_fakes();
            (x, y)
        }
        None => (snapshot.metrics.g_mean, 0.0),
    }
}

/// Trains `experiment` with `seed` for `steps` iterations and classifies the run.
pub fn run(mut experiment: Experiment, seed: u64, steps: u64) -> Run {
    experiment.seed = seed;
    let failed = |why: String| Run {
        seed,
        verdict: classify(&Trace {
            start: 1.0,
            diverged: Some(why),
            ..Trace::default()
        }),
        w1: f64::NAN,
        tv: f64::NAN,
        js: f64::NAN,
        mode_masses: Vec::new(),
    };
    let mut gan = match Gan::new(experiment) {
        Ok(gan) => gan,
        Err(e) => return failed(e.to_string()),
    };
    let first = match gan.snapshot() {
        Ok(s) => s,
        Err(e) => return failed(e.to_string()),
    };
    let mut trace = Trace {
        start: first.metrics.w1,
        ..Trace::default()
    };
    let every = (steps / SAMPLES).max(1);
    let tail_from = 2 * steps / 3;
    let mut last = first;
    let mut previous_point = g_point(&last);
    for i in 1..=steps {
        match gan.iteration() {
            Ok(()) => {}
            Err(GanError::Diverged(why)) => {
                trace.diverged = Some(why);
                break;
            }
            Err(e) => {
                trace.diverged = Some(e.to_string());
                break;
            }
        }
        // G's mean is followed at every sample of the last third, and a few more there.
        let in_tail = i > tail_from;
        let tail_every = (every / 4).max(1);
        if i % every == 0 || i == steps || (in_tail && i % tail_every == 0) {
            match gan.snapshot() {
                Ok(snapshot) => {
                    let point = g_point(&snapshot);
                    if in_tail {
                        trace.tail_path += (point.0 - previous_point.0).hypot(point.1 - previous_point.1);
                    }
                    previous_point = point;
                    if i % every == 0 || i == steps {
                        trace.distances.push(snapshot.metrics.w1);
                    }
                    last = snapshot;
                }
                Err(e) => {
                    trace.diverged = Some(e.to_string());
                    break;
                }
            }
        }
    }
    trace.mode_masses = last.metrics.mode_masses.clone();
    trace.absurd = last.absurd();
    let m = &last.metrics;
    Run {
        seed,
        verdict: classify(&trace),
        w1: m.w1,
        tv: m.tv,
        js: m.js,
        mode_masses: m.mode_masses.clone(),
    }
}
