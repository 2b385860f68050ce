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

/// A cell's run that can stop between iterations and go on later: a browser trains a
/// map a slice of each frame, with no thread to hand it to.
pub struct Training {
    seed: u64,
    steps: u64,
    /// Iterations done.
    done: u64,
    /// The networks, until the run failed to start.
    gan: Option<Gan>,
    trace: Trace,
    /// G's mean at the last point read.
    previous: [f64; 2],
}

impl Training {
    /// The run of `experiment` with `seed` for `steps` iterations, not yet trained.
    pub fn new(mut experiment: Experiment, seed: u64, steps: u64) -> Training {
        experiment.seed = seed;
        let mut trace = Trace {
            start: 1.0,
            ..Trace::default()
        };
        let mut previous = [0.0; 2];
        let gan = match Gan::new(experiment).map_err(|e| e.to_string()).and_then(|gan| {
            let (start, mean) = gan.distance().map_err(|e| e.to_string())?;
            trace.start = start;
            previous = mean;
            Ok(gan)
        }) {
            Ok(gan) => Some(gan),
            Err(why) => {
                trace.diverged = Some(why);
                None
            }
        };
        Training {
            seed,
            steps,
            done: 0,
            gan,
            trace,
            previous,
        }
    }

    /// True once every iteration ran, or the run stopped early (NaN, a failed start).
    pub fn finished(&self) -> bool {
        self.done >= self.steps || self.trace.diverged.is_some()
    }

    /// Trains up to `iterations` more; the distance is read at the run's points as it
    /// passes them.
    pub fn advance(&mut self, iterations: u64) {
        let Some(gan) = self.gan.as_mut() else {
            return;
        };
        let steps = self.steps;
        let every = (steps / SAMPLES).max(1);
        let tail_from = 2 * steps / 3;
        let trace = &mut self.trace;
        let end = (self.done + iterations).min(steps);
        while self.done < end && trace.diverged.is_none() {
            self.done += 1;
            let i = self.done;
            if let Err(e) = gan.iteration() {
                trace.diverged = Some(match e {
                    GanError::Diverged(why) => why,
                    other => other.to_string(),
                });
                break;
            }
            if i.is_multiple_of(every) || i == steps {
                match gan.distance() {
                    Ok((w1, mean)) => {
                        if i > tail_from {
                            let previous = self.previous;
                            trace.tail_path += (mean[0] - previous[0]).hypot(mean[1] - previous[1]);
                        }
                        self.previous = mean;
                        trace.distances.push(w1);
                    }
                    Err(e) => {
                        trace.diverged = Some(e.to_string());
                        break;
                    }
                }
            }
        }
    }

    /// Classifies the run as it stands, with its final numbers.
    pub fn finish(self) -> Run {
        let seed = self.seed;
        let mut trace = self.trace;
        let failed = |trace: &Trace| Run {
            seed,
            verdict: classify(trace),
            w1: f64::NAN,
            tv: f64::NAN,
            js: f64::NAN,
            mode_masses: Vec::new(),
        };
        let Some(gan) = self.gan else {
            return failed(&trace);
        };
        let last = match gan.snapshot() {
            Ok(s) => s,
            Err(e) => {
                trace.diverged.get_or_insert(e.to_string());
                return failed(&trace);
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
}
