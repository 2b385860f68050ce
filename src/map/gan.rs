//! A map cell as a training run: the experiment trained for the map's steps, its W1 to
//! the data read at evenly spaced points (`Gan::distance`, no curves drawn), G's mean
//! followed over the last third, and the end's snapshot (mode shares, absurd or not), for
//! [`super::class::classify`].

use super::Run;
use super::class::{Trace, classify};
use crate::engine::config::Experiment;
use crate::engine::gan::{Gan, GanError};

/// Points of the run the distance is read at (`Gan::distance` each; G's path over the
/// last third is measured between the same points).
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
    let (start, mut previous) = match gan.distance() {
        Ok(d) => d,
        Err(e) => return failed(e.to_string()),
    };
    let mut trace = Trace {
        start,
        ..Trace::default()
    };
    let every = (steps / SAMPLES).max(1);
    let tail_from = 2 * steps / 3;
    for i in 1..=steps {
        if let Err(e) = gan.iteration() {
            trace.diverged = Some(match e {
                GanError::Diverged(why) => why,
                other => other.to_string(),
            });
            break;
        }
        if i % every == 0 || i == steps {
            let in_tail = i > tail_from;
            match gan.distance() {
                Ok((w1, mean)) => {
                    if in_tail {
                        trace.tail_path += (mean[0] - previous[0]).hypot(mean[1] - previous[1]);
                    }
                    previous = mean;
                    trace.distances.push(w1);
                }
                Err(e) => {
                    trace.diverged = Some(e.to_string());
                    break;
                }
            }
        }
    }
    let last = match gan.snapshot() {
        Ok(s) => s,
        Err(e) => {
            trace.diverged.get_or_insert(e.to_string());
            return Run {
                verdict: classify(&trace),
                ..failed(e.to_string())
            };
        }
    };
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
