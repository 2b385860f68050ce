//! Contrasts for the Compare view: each failure preset beside its cure, and classic
//! contrasts of two experiments that differ in one choice, set up from a base so both
//! train on the same target.

use super::{PRESETS, Preset, find};
use crate::engine::config::{Experiment, Loss, OptimizerKind};

/// A classic contrast: its name, what it shows and how it sets up the two sides.
pub struct Contrast {
    /// Name in the menu.
    pub name: &'static str,
    /// What it shows.
    pub lecture: &'static str,
    /// Makes side A and side B from the base experiment.
    pub make: fn(&Experiment) -> (Experiment, Experiment),
}

/// Two experiments side by side.
pub enum Pair {
    /// A failure preset as loaded (A) and with its cure (B), each on its own target.
    FailureAndCure(&'static Preset),
    /// A classic contrast on the base's target.
    Contrast(&'static Contrast),
}

impl Pair {
    /// Name in the menu.
    pub fn name(&self) -> String {
        match self {
            Pair::FailureAndCure(p) => format!("{}: failure vs cure", p.name),
            Pair::Contrast(c) => c.name.to_string(),
        }
    }

    /// What it shows.
    pub fn lecture(&self) -> String {
        match self {
            Pair::FailureAndCure(p) => match &p.cure {
                Some(cure) => format!("A: {} B: with {}. {}", p.lecture, cure.name, cure.lecture),
                None => p.lecture.to_string(),
            },
            Pair::Contrast(c) => c.lecture.to_string(),
        }
    }

    /// Side A and side B. A contrast starts from `base` (whose target both sides
    /// share); a failure and its cure start from their preset.
    pub fn sides(&self, base: &Experiment) -> (Experiment, Experiment) {
        match self {
            Pair::FailureAndCure(p) => {
                let failure = p.experiment();
                let cure = p.cured().unwrap_or_else(|| failure.clone());
                (failure, cure)
            }
            Pair::Contrast(c) => (c.make)(base),
        }
    }

    /// True when the pair brings its own target (a preset's) rather than the base's.
    pub fn has_own_target(&self) -> bool {
        matches!(self, Pair::FailureAndCure(_))
    }
}

/// Every pair of the Compare menu: each failure beside its cure, then the contrasts.
pub fn pairs() -> Vec<Pair> {
    PRESETS
        .iter()
        .filter(|p| p.cure.is_some())
        .map(Pair::FailureAndCure)
        .chain(CONTRASTS.iter().map(Pair::Contrast))
        .collect()
}

/// The classic contrasts.
pub const CONTRASTS: &[Contrast] = &[
    Contrast {
        name: "minimax vs non-saturating",
        lecture: "The same strong D (k = 5, SGD, D's rate ten times G's), two generator losses: \
                  minimax log(1 − D(G(z))) is flat where D rejects the fakes, so G stays where it \
                  started; non-saturating −log D(G(z)) pulls it over to the data.",
        make: |base| {
            // Adam rescales a vanishing gradient back to full steps, so the contrast needs
            // plain SGD against a strong D.
            let strong_d = strong_discriminator(base);
            let a = Experiment {
                loss: Loss::Minimax,
                ..strong_d.clone()
            };
            let b = Experiment {
                loss: Loss::NonSaturating,
                ..strong_d
            };
            (a, b)
        },
    },
    Contrast {
        name: "k = 1 vs k = 5",
        lecture: "Algorithm 1's k: five D steps per G step keep D near D*, so G follows a sharper \
                  gradient but each iteration costs five times the D work.",
        make: |base| {
            let a = Experiment { k: 1, ..base.clone() };
            let b = Experiment { k: 5, ..base.clone() };
            (a, b)
        },
    },
    Contrast {
        name: "SGD vs Adam",
        lecture: "The minimax loss against a D that takes 5 steps per G step. With plain SGD \
                  (lr 0.05) G's gradient has vanished and G stays put; Adam (lr 0.001) divides each \
                  weight's step by the size of its recent gradients, so the same tiny gradient \
                  still carries G to the data.",
        make: |base| {
            let base = &strong_discriminator(base);
            let a = Experiment {
                optimizer: OptimizerKind::Sgd,
                lr_d: 0.05,
                lr_g: 0.05,
                ..base.clone()
            };
            let b = Experiment {
                optimizer: OptimizerKind::Adam,
                lr_d: 1e-3,
                lr_g: 1e-3,
                ..base.clone()
            };
            (a, b)
        },
    },
];

/// The vanishing-gradient preset's game (minimax, k = 5, a fast SGD discriminator) on
/// `base`'s target: where the choice of generator loss or optimizer shows most.
pub fn strong_discriminator(base: &Experiment) -> Experiment {
    Experiment {
        target: base.target.clone(),
        ..find("vanishing-gradient").map_or_else(|| base.clone(), |p| p.experiment())
    }
}
