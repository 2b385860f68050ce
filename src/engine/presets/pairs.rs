//! Classic contrasts for the Compare view: two experiments that differ in one choice,
//! set up from a base so both train on the same target.

use super::find;
use crate::engine::config::{Experiment, Loss, OptimizerKind};

/// A classic contrast: its name, what it shows and how it sets up the two sides.
pub struct Pair {
    /// Name in the menu.
    pub name: &'static str,
    /// What it shows.
    pub lecture: &'static str,
    /// Makes side A and side B from the base experiment.
    pub make: fn(&Experiment) -> (Experiment, Experiment),
}

/// The pairs of the Compare menu.
pub const PAIRS: &[Pair] = &[
    Pair {
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
    Pair {
        name: "k = 1 vs k = 5",
        lecture: "Algorithm 1's k: five D steps per G step keep D near D*, so G follows a sharper \
                  gradient but each iteration costs five times the D work.",
        make: |base| {
            let a = Experiment { k: 1, ..base.clone() };
            let b = Experiment { k: 5, ..base.clone() };
            (a, b)
        },
    },
    Pair {
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
