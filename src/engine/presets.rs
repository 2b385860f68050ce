//! The named experiments of `SCIENCE.md`, each set up so its phenomenon shows within a
//! few thousand iterations, with the lecture note of what to watch.

use super::config::Experiment;

/// A named experiment with its lecture note.
pub struct Preset {
    /// Name on the command line and in the app's menu.
    pub name: &'static str,
    /// One line for `ganscope presets`.
    pub summary: &'static str,
    /// What to watch, for the lecturer.
    pub lecture: &'static str,
    /// Iterations in which the phenomenon shows clearly.
    pub steps: u64,
    /// `key = value` settings on top of the defaults.
    settings: &'static [(&'static str, &'static str)],
}

impl Preset {
    /// The experiment this preset describes.
    pub fn experiment(&self) -> Experiment {
        let mut e = Experiment::default();
        for (key, value) in self.settings {
            // Preset settings are literals checked by the tests.
            if let Err(err) = e.set(key, value) {
                debug_assert!(false, "preset {}: {err}", self.name);
            }
        }
        e
    }
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "figure1",
        summary: "Figure 1 of Goodfellow et al.: a Gaussian learned to convergence, D -> 1/2",
        lecture: "Watch the green p_g slide onto the black dotted p_data while the blue D flattens to 1/2: \
                  the equilibrium of Figure 1 (d). The arrows from z to x bunch where p_g is high.",
        steps: 3000,
        settings: &[],
    },
    Preset {
        name: "oscillation",
        summary: "plain momentum SGD at a high learning rate: G circles the data instead of settling",
        lecture: "The generator overshoots the data, D flips to chase it, and the two circle each other: \
                  the mean of p_g swings back and forth and W1 never settles. Gradient play on a \
                  minimax game rotates rather than descends.",
        steps: 3000,
        settings: &[
            ("target", "N(0,1)"),
            ("optimizer", "momentum"),
            ("lr_d", "0.05"),
            ("lr_g", "0.05"),
            ("activation", "tanh"),
        ],
    },
    Preset {
        name: "mode-collapse",
        summary: "two far-apart modes, 1-D noise and a small G: the generator settles on one mode",
        lecture: "The data has two modes of equal weight; the generator puts nearly all its mass on one. \
                  Mode masses show about 1 and 0 instead of 1/2 and 1/2, and modes covered drops to 1.",
        steps: 3000,
        settings: &[
            ("target", "0.5*N(-4,0.4) + 0.5*N(4,0.4)"),
            ("hidden", "8"),
            ("layers", "1"),
        ],
    },
    Preset {
        name: "vanishing-gradient",
        summary: "minimax loss against a strong D: G's gradient vanishes and it barely moves",
        lecture: "D learns faster (k = 5, higher lr) and rejects the fakes confidently, so log(1 - D(G(z))) \
                  is flat and G's gradient is tiny. Switch the loss to non-saturating: same D, a gradient \
                  orders of magnitude larger, and G moves.",
        steps: 2000,
        settings: &[
            ("loss", "minimax"),
            ("k", "5"),
            ("optimizer", "sgd"),
            ("lr_d", "0.5"),
            ("lr_g", "0.05"),
        ],
    },
    Preset {
        name: "wgan-rescue",
        summary: "disjoint supports: JS is stuck at log 2, yet the Wasserstein critic pulls G across",
        lecture: "The data sits far from where the generator starts. JS is log 2 whatever G does, so it gives \
                  no direction; the WGAN-GP critic is a slope, and W1 shrinks steadily as G walks over.",
        steps: 3000,
        settings: &[
            ("target", "N(6,0.3)"),
            ("loss", "wasserstein-gp"),
            ("gp_lambda", "0.1"),
            ("k", "5"),
            ("lr_d", "0.001"),
            ("lr_g", "0.001"),
        ],
    },
];

/// The preset called `name`, if any.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The preset names, comma-separated, for error messages.
pub fn names() -> String {
    PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}
