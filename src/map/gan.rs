//! A map cell as a training run: the experiment trained for the map's steps, its W1 to
//! the data read at evenly spaced points (`Gan::distance`, no curves drawn), G's mean
//! followed over the last third, and the end's snapshot (mode shares, absurd or not), for
//! [`super::class::classify`].

use super::Run;
use super::class::{Trace, classify};
use crate::engine::config::Experiment;
use crate::engine::gan::{Ensemble, Gan, GanError};

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
        let end = (self.done + iterations).min(self.steps);
        while self.done < end && !self.finished() {
            let Some(gan) = self.gan.as_mut() else {
                return;
            };
            let outcome = gan.iteration();
            self.after_iteration(outcome);
        }
    }

    /// Whether the distance is read after iteration `i`.
    fn reads_at(&self, i: u64) -> bool {
        i.is_multiple_of((self.steps / SAMPLES).max(1)) || i == self.steps
    }

    /// Counts the iteration its `Gan` just trained (alone or in an ensemble), which ended
    /// with `outcome`, and reads the distance if the run is at one of its points.
    fn after_iteration(&mut self, outcome: Result<(), GanError>) {
        let Some(gan) = self.gan.as_ref() else {
            return;
        };
        self.done += 1;
        let i = self.done;
        let reads = self.reads_at(i);
        let trace = &mut self.trace;
        if let Err(e) = outcome {
            trace.diverged = Some(match e {
                GanError::Diverged(why) => why,
                other => other.to_string(),
            });
            return;
        }
        if !reads {
            return;
        }
        match gan.distance() {
            Ok((w1, mean)) => {
                if i > 2 * self.steps / 3 {
                    let previous = self.previous;
                    trace.tail_path += (mean[0] - previous[0]).hypot(mean[1] - previous[1]);
                }
                self.previous = mean;
                trace.distances.push(w1);
            }
            Err(e) => trace.diverged = Some(e.to_string()),
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
        // A run that stopped has no final distance (alone or in an ensemble, its last
        // weights are those of a step that failed).
        let Some(gan) = self.gan.filter(|_| trace.diverged.is_none()) else {
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

/// Runs of one shape trained together as one ensemble (`engine::gan::Ensemble`), each
/// followed as its own [`Training`]: the same runs, to the bit, as each trained alone, at
/// a fraction of the per-op cost. Runs that cannot join one (see
/// `Ensemble::can_train`) train alone in turn.
pub struct Team {
    trainings: Vec<Training>,
    /// The ensemble of the runs that started, and their places in `trainings`.
    ensemble: Option<(Ensemble, Vec<usize>)>,
}

impl Team {
    /// The runs of `runs` (an experiment and its seed), each for `steps` iterations.
    pub fn new(runs: Vec<(Experiment, u64)>, steps: u64) -> Team {
        let trainings: Vec<Training> = runs
            .into_iter()
            .map(|(experiment, seed)| Training::new(experiment, seed, steps))
            .collect();
        let members: Vec<usize> = (0..trainings.len())
            .filter(|&i| trainings[i].gan.is_some())
            .collect();
        let gans: Vec<&Gan> = members
            .iter()
            .filter_map(|&i| trainings[i].gan.as_ref())
            .collect();
        let together = gans.len() > 1
            && gans
                .windows(2)
                .all(|p| Ensemble::can_train(p[0].config(), p[1].config()));
        // Refused (it cannot be, for runs that can train together): each trains alone.
        let ensemble = together
            .then(|| Ensemble::new(&gans).ok())
            .flatten()
            .map(|e| (e, members));
        Team { trainings, ensemble }
    }

    /// How many runs.
    pub fn len(&self) -> usize {
        self.trainings.len()
    }

    /// True when the team has no runs.
    pub fn is_empty(&self) -> bool {
        self.trainings.is_empty()
    }

    /// True once every run is finished.
    pub fn finished(&self) -> bool {
        self.trainings.iter().all(Training::finished)
    }

    /// Trains every run up to `iterations` more.
    pub fn advance(&mut self, iterations: u64) {
        let Some((ensemble, members)) = self.ensemble.as_mut() else {
            for training in &mut self.trainings {
                training.advance(iterations);
            }
            return;
        };
        for _ in 0..iterations {
            if self.trainings.iter().all(Training::finished) {
                return;
            }
            let mut gans: Vec<&mut Gan> = self.trainings.iter_mut().filter_map(|t| t.gan.as_mut()).collect();
            let outcome = ensemble.iteration(&mut gans);
            // The iteration just trained, the same for every run still going.
            let next = members
                .iter()
                .map(|&i| &self.trainings[i])
                .find(|t| !t.finished())
                .map_or(0, |t| t.done + 1);
            if outcome.is_ok() && self.trainings.iter().any(|t| !t.finished() && t.reads_at(next)) {
                let mut gans: Vec<&mut Gan> =
                    self.trainings.iter_mut().filter_map(|t| t.gan.as_mut()).collect();
                if let Err(e) = ensemble.write_weights(&mut gans) {
                    return self.stop_all(e);
                }
            }
            if let Err(e) = outcome {
                return self.stop_all(e);
            }
            for &i in members.iter() {
                let training = &mut self.trainings[i];
                if training.finished() {
                    continue;
                }
                let outcome = match training.gan.as_ref().and_then(Gan::diverged) {
                    Some(why) => Err(GanError::Diverged(why.to_string())),
                    None => Ok(()),
                };
                training.after_iteration(outcome);
            }
        }
    }

    /// Stops every run still going with `error` (the ensemble itself failed: a bug).
    fn stop_all(&mut self, error: GanError) {
        for training in &mut self.trainings {
            if !training.finished() {
                training.trace.diverged = Some(error.to_string());
            }
        }
    }

    /// Classifies every run, in the order they were given.
    pub fn finish(self) -> Vec<Run> {
        self.trainings.into_iter().map(Training::finish).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map's cells train in teams, and a cell opened in Live trains alone: a team's
    /// runs must be the runs alone, to the last bit of their final numbers and class.
    /// Four runs of a team on the line (learning rates and seeds apart, one of them
    /// diverging) and two on the ring with R1, against each trained alone.
    #[test]
    fn a_team_gives_each_run_as_it_trains_alone() {
        let line = Experiment {
            batch: 32,
            hidden: 8,
            ..Experiment::default()
        };
        let ring = Experiment {
            target: "Ring(8, 2, 0.1)".parse().expect("a valid formula"),
            r1_gamma: 0.5,
            ..line.clone()
        };
        let with = |base: &Experiment, lr_d: f64, seed: u64| {
            let mut e = base.clone();
            e.lr_d = lr_d;
            (e, seed)
        };
        for runs in [
            vec![
                with(&line, 1e-3, 1),
                with(&line, 3e-3, 2),
                with(&line, 1e30, 3),
                with(&line, 1e-2, 4),
            ],
            vec![with(&ring, 1e-3, 5), with(&ring, 5e-3, 6)],
        ] {
            let steps = 96;
            let mut team = Team::new(runs.clone(), steps);
            assert!(team.ensemble.is_some(), "these runs train together");
            while !team.finished() {
                team.advance(10);
            }
            for ((experiment, seed), together) in runs.into_iter().zip(team.finish()) {
                let mut alone = Training::new(experiment, seed, steps);
                alone.advance(steps);
                let alone = alone.finish();
                assert_eq!(together.verdict, alone.verdict, "seed {seed}");
                for (name, a, b) in [
                    ("w1", alone.w1, together.w1),
                    ("tv", alone.tv, together.tv),
                    ("js", alone.js, together.js),
                ] {
                    assert!(
                        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                        "seed {seed}: {name} {a} alone, {b} together"
                    );
                }
                assert_eq!(together.mode_masses, alone.mode_masses, "seed {seed}");
            }
        }
    }
}
