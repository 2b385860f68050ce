//! The named experiments of SCIENCE.md, each set up so its phenomenon shows within a
//! few thousand iterations, with the lecture note of what to watch; the classic
//! contrasts Compare shows side by side ([`pairs`]); and the ready-made targets of the
//! target menu ([`targets`]). Science, not UI: the CLI, the app and the tests read them here.

pub mod pairs;
pub mod targets;

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
                  the equilibrium of Figure 1 (d). The arrows from z to x bunch where p_g is high. \
                  A small R1 penalty (r1_gamma = 1) damps the swinging; set it to 0 to see why it is there.",
        steps: 3000,
        // Adam at 1e-3 converged as fast but drifted away again after 10,000+ iterations
        // (W1 back to 0.3); 3e-4 held W1 near 0.05 for 20,000 on four seeds.
        settings: &[("r1_gamma", "1"), ("lr_d", "0.0003"), ("lr_g", "0.0003")],
    },
    Preset {
        name: "oscillation",
        summary: "momentum SGD on a plain GAN: G circles the data instead of settling",
        lecture: "The generator overshoots the data, D flips to chase it, and the two circle each other: \
                  the mean of p_g swings from one side of the data to the other and W1 never settles. \
                  Gradient play on a min-max game rotates rather than descends (see the Dirac-GAN).",
        steps: 3000,
        settings: &[
            ("target", "N(0,1)"),
            ("optimizer", "momentum"),
            ("lr_d", "0.01"),
            ("lr_g", "0.01"),
        ],
    },
    Preset {
        name: "mode-collapse",
        summary: "two far-apart modes and a G that learns 20x faster than D: G settles on one mode",
        lecture: "The data has two modes of equal weight; the generator piles nearly all its mass onto one \
                  of them as a narrow spike. Mode masses read about 1 and 0 instead of 1/2 and 1/2, and \
                  modes covered drops to 1: D's gradient only says 'move toward data', never 'split'.",
        steps: 3000,
        settings: &[
            ("target", "0.5*N(-4,0.4) + 0.5*N(4,0.4)"),
            ("activation", "relu"),
            ("hidden", "16"),
            ("lr_d", "0.0005"),
            ("lr_g", "0.01"),
        ],
    },
    Preset {
        name: "vanishing-gradient",
        summary: "minimax loss against a strong D: G's gradient vanishes and it barely moves",
        lecture: "D learns faster (k = 5, higher lr) and rejects the fakes confidently, so log(1 - D(G(z))) \
                  is flat and G's gradient is tiny: p_g stays where it started. Switch the loss to \
                  non-saturating: same D, a gradient orders of magnitude larger, and G moves.",
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
                  no direction; the WGAN-GP critic is a slope, and W1 shrinks steadily as G walks over \
                  while JS stays pinned at its ceiling until the supports meet.",
        steps: 1500,
        settings: &[
            ("target", "N(6,0.3)"),
            ("loss", "wasserstein-gp"),
            ("gp_lambda", "0.1"),
            ("k", "5"),
            ("lr_d", "0.0002"),
            ("lr_g", "0.0002"),
        ],
    },
];

/// The preset called `name`, if any.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The experiment every run starts from unless told otherwise: the figure1 preset (the
/// CLI's default preset, the app's first run, the base of configs and Compare pairs).
pub fn base() -> Experiment {
    default_preset().experiment()
}

/// The preset runs start from unless told otherwise (figure1).
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}

/// The preset names, comma-separated, for error messages.
pub fn names() -> String {
    PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}
