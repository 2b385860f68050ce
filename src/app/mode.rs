//! The four views of the app, picked from the top bar: the live run, Figure 1 from a real
//! run, the Dirac-GAN phase plane, and two runs compared.

/// Which view fills the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// One GAN training live, with every control (the launch view).
    #[default]
    Live,
    /// The four panels of Figure 1 from a real run.
    Figure1,
    /// The Dirac-GAN / bilinear game phase plane.
    PhasePlane,
    /// Two experiments side by side.
    Compare,
}

impl Mode {
    /// Every view, in bar order.
    pub const ALL: [Mode; 4] = [Mode::Live, Mode::Figure1, Mode::PhasePlane, Mode::Compare];

    /// Name on the bar.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Live => "Live",
            Mode::Figure1 => "Figure 1",
            Mode::PhasePlane => "Phase plane",
            Mode::Compare => "Compare",
        }
    }

    /// What the view shows, for its tooltip.
    pub fn help(self) -> &'static str {
        match self {
            Mode::Live => "One GAN training live: every setting, metrics, export and recording",
            Mode::Figure1 => "The four panels (a)-(d) of Figure 1, computed from a real training run",
            Mode::PhasePlane => {
                "The Dirac-GAN and the bilinear game: why simultaneous gradient steps spiral out"
            }
            Mode::Compare => "Two experiments side by side on the same target, on the same axes",
        }
    }
}
