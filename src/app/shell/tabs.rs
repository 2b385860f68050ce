//! The tabs of the top bar, one per view: the live run, Figure 1 from a real run, the
//! Dirac-GAN phase plane, two runs compared, and the stability map.

use crate::lesson::View;

/// Which view fills the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// One GAN training live, with every control (the launch view).
    #[default]
    Live,
    /// The four panels of Figure 1 from a real run.
    Figure1,
    /// The Dirac-GAN / bilinear game phase plane.
    PhasePlane,
    /// Two experiments side by side.
    Compare,
    /// The stability map: where training works, every cell a real run.
    Map,
}

impl Tab {
    /// The tab that shows a lesson's or a link's view.
    pub fn of(view: View) -> Tab {
        match view {
            View::Live => Tab::Live,
            View::Figure1 => Tab::Figure1,
            View::Phase => Tab::PhasePlane,
            View::Compare => Tab::Compare,
            View::Map => Tab::Map,
        }
    }

    /// The view this tab shows, as lessons and links name it.
    pub fn view(self) -> View {
        match self {
            Tab::Live => View::Live,
            Tab::Figure1 => View::Figure1,
            Tab::PhasePlane => View::Phase,
            Tab::Compare => View::Compare,
            Tab::Map => View::Map,
        }
    }

    /// Every view, in bar order.
    pub const ALL: [Tab; 5] = [Tab::Live, Tab::Figure1, Tab::PhasePlane, Tab::Compare, Tab::Map];

    /// Name on the bar.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Live => "Live",
            Tab::Figure1 => "Figure 1",
            Tab::PhasePlane => "Phase plane",
            Tab::Compare => "Compare",
            Tab::Map => "Map",
        }
    }

    /// What the view shows, for its tooltip.
    pub fn help(self) -> &'static str {
        match self {
            Tab::Live => "One GAN training live: every setting, metrics, export and recording",
            Tab::Figure1 => "The four panels (a)-(d) of Figure 1, computed from a real training run",
            Tab::PhasePlane => {
                "The Dirac-GAN and the bilinear game: why simultaneous gradient steps spiral out"
            }
            Tab::Compare => "Two experiments side by side on the same target, on the same axes",
            Tab::Map => {
                "The stability map: sweep two settings, every cell a real run, coloured by whether it converged, oscillated, collapsed, stalled or diverged"
            }
        }
    }
}
