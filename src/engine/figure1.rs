//! Figure 1 of Goodfellow et al. (2014) from a real run: the four moments the paper
//! draws, produced by training rather than by hand.
//!
//! (a) near convergence: p_g has the data's shape but sits beside it, and D is a
//!     partially accurate classifier (above 1/2 where p_data dominates, below where p_g
//!     does). To get there, G is first trained to convergence on a copy of the data
//!     centred where a fresh G starts (at 0, so G never has to travel), then moved one
//!     standard deviation to the right of the data through its output bias; D, with G
//!     frozen, takes a few steps on the real data.
//! (b) the inner loop: D trained alone, G still frozen, until D ≈ D* = p_data/(p_data + p_g).
//! (c) G steps against that D (held still) by plain gradient descent: G(z) moves toward
//!     where D says data, so W1 falls and D scores the fakes higher.
//! (d) both train on to convergence: p_g = p_data and D ≈ 1/2.
//!
//! How the recipe was chosen (seeds 1-10, checked on 101-120 and 201-220): SCIENCE.md,
//! "Figure 1, panel by panel".

use super::config::{Activation, Experiment, Noise, OptimizerKind};
use super::gan::{Gan, GanError};
use super::presets;
use super::snapshot::Snapshot;

/// How far G is set beside the data for (a), in data standard deviations.
pub const SHIFT_SIGMAS: f64 = 1.0;
/// Iterations of both networks on the centred copy of the data.
pub const PRETRAIN: u64 = 2000;
/// D steps on the real data (G frozen) before panel (a): enough to lean the right way,
/// too few to reach D*. D starts at the pretraining's equilibrium (about 1/2 everywhere)
/// and Adam's first steps are large: after 10 steps D was within 0.05 of D* already, and
/// (a) looked like (b); after 5 it is 0.11 or more away.
pub const PARTIAL: u64 = 5;
/// D steps in all with G frozen before panel (b).
pub const INNER_LOOP: u64 = 1000;
/// Plain gradient steps of G (D held still) before panel (c).
pub const GENERATOR_STEPS: u64 = 20;
/// Learning rate of those steps.
pub const GENERATOR_RATE: f64 = 0.001;
/// R1's weight on the way to (d), as fractions of the preset's γ, each held for
/// [`RAMP_STEPS`] iterations: the inner loop ran without R1 and left D steep, and the
/// full penalty switched on at once jolted D so hard that G collapsed to a spike on
/// half the seeds.
pub const R1_RAMP: [f64; 6] = [0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
/// Iterations at each step of [`R1_RAMP`].
pub const RAMP_STEPS: u64 = 50;
/// Iterations of both at the full penalty after the ramp, before panel (d).
pub const TO_CONVERGENCE: u64 = 1500;
/// The seed the CLI and the app start from.
pub const DEFAULT_SEED: u64 = 1;

/// The letters of the panels, (a) to (d).
pub const LETTERS: [&str; 4] = ["a", "b", "c", "d"];

/// The experiment behind the four panels: the figure1 preset (its target, Gaussian
/// noise, ELU units, R1 γ = 2, Adam with D 6e-4 and G 4e-4 on the way to (d)) at a
/// batch of 256, which keeps the whole run to a few seconds.
pub fn experiment(seed: u64) -> Experiment {
    Experiment {
        noise: Noise::Gaussian,
        activation: Activation::Elu,
        batch: 256,
        seed,
        ..presets::base()
    }
}

/// Iterations the whole run takes, for a progress bar.
pub const TOTAL_ITERATIONS: u64 =
    PRETRAIN + INNER_LOOP + GENERATOR_STEPS + RAMP_STEPS * R1_RAMP.len() as u64 + TO_CONVERGENCE;

/// Trains through the four moments and returns their snapshots, (a) to (d).
pub fn run(seed: u64) -> Result<[Snapshot; 4], GanError> {
    let mut panels = Vec::with_capacity(4);
    run_each(seed, |_, snapshot| panels.push(snapshot))?;
    panels
        .try_into()
        .map_err(|_| GanError::Tensor("the Figure 1 run ended without its four panels".into()))
}

/// Trains through the four moments, handing each panel's snapshot to `panel` (with its
/// index, 0 for (a)) as soon as it is taken, so a view can show (a) while (d) trains.
pub fn run_each(seed: u64, mut panel: impl FnMut(usize, Snapshot)) -> Result<(), GanError> {
    let mut schedule = Schedule::new(seed)?;
    while !schedule.finished() {
        if let Some((i, snapshot)) = schedule.advance(u64::MAX)? {
            panel(i, snapshot);
        }
    }
    Ok(())
}

/// One leg of the recipe: settings to switch to (or G to move) first, then iterations,
/// then perhaps a panel.
struct Leg {
    start: Start,
    iterations: u64,
    panel: Option<usize>,
}

/// What a leg does before it trains.
enum Start {
    Nothing,
    Settings(Box<Experiment>),
    MoveGenerator(f64),
}

/// The Figure 1 run as a list of legs walked a slice at a time, so a frame loop with no
/// threads (the browser) can train it across frames; [`run_each`] walks it in one go.
/// Either way the iterations and the settings are the same, in the same order.
pub struct Schedule {
    gan: Gan,
    legs: std::collections::VecDeque<Leg>,
    /// The current leg's start is done and this many of its iterations are left.
    left: Option<u64>,
    done: u64,
}

impl Schedule {
    /// The run of `seed`, with its networks built and nothing trained.
    pub fn new(seed: u64) -> Result<Self, GanError> {
        let base = experiment(seed);
        let data = &base.target;
        let centred = data
            .shifted(-data.mean())
            .ok_or_else(|| GanError::Tensor(format!("cannot shift the Figure 1 target {data}")))?;
        // A fresh G sits near 0. Trained on data far away, it travels first, and on the
        // way the units of its left tail saturate and leave a cliff in p_g; trained where
        // it starts, it learns the data's shape.
        let gan = Gan::new(Experiment {
            target: centred,
            lr_d: 3e-4,
            lr_g: 3e-4,
            ..base.clone()
        })?;
        let leg = |start, iterations, panel| Leg {
            start,
            iterations,
            panel,
        };
        let mut legs = vec![leg(Start::Nothing, PRETRAIN, None)];
        legs.push(leg(
            Start::MoveGenerator(data.mean() + SHIFT_SIGMAS * data.std_dev()),
            0,
            None,
        ));
        // (a) the real data, G frozen, D a few steps in. R1 would bias D away from D*.
        let inner = Experiment {
            train_g: false,
            r1_gamma: 0.0,
            lr_d: 1e-3,
            ..base.clone()
        };
        legs.push(leg(Start::Settings(Box::new(inner.clone())), PARTIAL, Some(0)));
        // (b) the rest of the inner loop: D towards D* for this G.
        legs.push(leg(Start::Nothing, INNER_LOOP - PARTIAL, Some(1)));
        // (c) G follows D's gradient while D holds still: plain gradient descent, so the
        // step is the gradient's, not a stale adaptive rescaling of it.
        let descent = Experiment {
            train_g: true,
            train_d: false,
            optimizer: OptimizerKind::Sgd,
            lr_g: GENERATOR_RATE,
            ..inner
        };
        legs.push(leg(Start::Settings(Box::new(descent)), GENERATOR_STEPS, Some(2)));
        // (d) both again, to convergence, at the preset's rates, R1 brought in gently.
        for fraction in R1_RAMP {
            let ramp = Experiment {
                r1_gamma: fraction * base.r1_gamma,
                ..base.clone()
            };
            legs.push(leg(Start::Settings(Box::new(ramp)), RAMP_STEPS, None));
        }
        legs.push(leg(Start::Nothing, TO_CONVERGENCE, Some(3)));
        Ok(Schedule {
            gan,
            legs: legs.into(),
            left: None,
            done: 0,
        })
    }

    /// Trains at most `iterations` more (stopping early at a panel, which it returns
    /// with its index).
    pub fn advance(&mut self, iterations: u64) -> Result<Option<(usize, Snapshot)>, GanError> {
        let Some(leg) = self.legs.front_mut() else {
            return Ok(None);
        };
        let left = match self.left {
            Some(left) => left,
            None => {
                match std::mem::replace(&mut leg.start, Start::Nothing) {
                    Start::Nothing => {}
                    Start::Settings(settings) => {
                        self.gan.apply_config(*settings)?;
                    }
                    Start::MoveGenerator(to) => self.gan.move_generator(to)?,
                }
                leg.iterations
            }
        };
        let now = left.min(iterations);
        self.gan.train(now)?;
        self.done += now;
        if now < left {
            self.left = Some(left - now);
            return Ok(None);
        }
        self.left = None;
        let panel = leg.panel;
        self.legs.pop_front();
        match panel {
            Some(i) => Ok(Some((i, self.gan.snapshot()?))),
            None => Ok(None),
        }
    }

    /// True once the last panel was taken.
    pub fn finished(&self) -> bool {
        self.legs.is_empty()
    }

    /// Iterations trained so far, of [`TOTAL_ITERATIONS`].
    pub fn done(&self) -> u64 {
        self.done
    }
}

/// How far a panel's p_g is from the data's shape, wherever it sits
/// ([`measure::shape_gap`](super::measure::shape_gap) against the run's data): under 0.1
/// in (a) when p_g is the data's shape beside it.
pub fn shape_gap(panel: &Snapshot) -> f64 {
    let data = experiment(DEFAULT_SEED).target;
    super::measure::shape_gap(&panel.grid, &panel.p_g, &data, panel.metrics.g_mean)
}

/// One number of a Figure 1 panel: its name in `figure1 --json` and in a lesson's claim
/// about a panel, and how it is read off the panel's snapshot.
pub struct PanelMetric {
    /// Name in the JSON and in lesson claims.
    pub name: &'static str,
    /// Reads it off the panel.
    pub read: fn(&Snapshot) -> f64,
}

/// Every number of a panel, in the order `figure1 --json` prints them (after the panel's
/// letter and iteration).
pub const PANEL_METRICS: [PanelMetric; 8] = [
    PanelMetric {
        name: "w1",
        read: |s| s.metrics.w1,
    },
    PanelMetric {
        name: "js",
        read: |s| s.metrics.js,
    },
    PanelMetric {
        name: "tv",
        read: |s| s.metrics.tv,
    },
    // D is a probability here, so the gap to its optimal opponent is |D − D*|.
    PanelMetric {
        name: "dstar_gap",
        read: |s| s.metrics.opponent_gap,
    },
    PanelMetric {
        name: "mean_d_fake",
        read: |s| super::measure::mean_under(&s.d, &s.p_g),
    },
    PanelMetric {
        name: "g_mean",
        read: |s| s.metrics.g_mean,
    },
    PanelMetric {
        name: "g_std",
        read: |s| s.metrics.g_std,
    },
    PanelMetric {
        name: "shape_gap",
        read: shape_gap,
    },
];

/// The panel number called `name`.
pub fn panel_metric(name: &str) -> Option<&'static PanelMetric> {
    PANEL_METRICS.iter().find(|m| m.name == name)
}
