//! Ready-made data distributions for the target menus of the app, each with what it shows.

/// A named target: its formula and what it is good for in a lecture.
pub struct ReadyTarget {
    /// The formula, as [`crate::engine::target::Target::parse`] reads it.
    pub formula: &'static str,
    /// What it shows.
    pub what: &'static str,
}

/// The targets of the menus, from the simplest.
pub const TARGETS: &[ReadyTarget] = &[
    ReadyTarget {
        formula: "N(4,0.5)",
        what: "one Gaussian, as in Figure 1",
    },
    ReadyTarget {
        formula: "N(0,1)",
        what: "a standard normal",
    },
    ReadyTarget {
        formula: "0.5*N(-2,0.5) + 0.5*N(2,0.5)",
        what: "two close modes",
    },
    ReadyTarget {
        formula: "0.5*N(-4,0.4) + 0.5*N(4,0.4)",
        what: "two far modes (mode collapse)",
    },
    ReadyTarget {
        formula: "0.34*N(-4,0.4) + 0.33*N(0,0.4) + 0.33*N(4,0.4)",
        what: "three modes",
    },
    ReadyTarget {
        formula: "U(1,3)",
        what: "a flat density with hard edges",
    },
    ReadyTarget {
        formula: "Laplace(0,1)",
        what: "a sharp peak, heavy tails",
    },
    ReadyTarget {
        formula: "LogNormal(0,0.5)",
        what: "a skewed density",
    },
    ReadyTarget {
        formula: "N(6,0.3)",
        what: "far from where G starts (disjoint supports)",
    },
    ReadyTarget {
        formula: "Ring(8,2,0.02)",
        what: "2-D: eight Gaussians on a ring (Metz et al.'s mode collapse)",
    },
    ReadyTarget {
        formula: "Grid(5,1,0.05)",
        what: "2-D: 25 Gaussians on a grid (the WGAN-GP toy)",
    },
    ReadyTarget {
        formula: "Spiral(1.5,0.05)",
        what: "2-D: a swiss roll, one long curved manifold",
    },
    ReadyTarget {
        formula: "Moons(0.1)",
        what: "2-D: two interleaved half circles",
    },
    ReadyTarget {
        formula: "0.5*N2(0.3,0.7,0.1) + 0.5*N2(0.7,0.4,0.05,0.2)",
        what: "2-D: GAN Lab's default data",
    },
];
