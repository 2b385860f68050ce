//! What one frame needs: the curves of Figure 1 on a grid, the z -> x mapping, and the
//! metrics of `SCIENCE.md`. Plain data, so the UI, the CLI and the tests read the same thing.

use super::config::Loss;
use super::plane::{Mode, Point};
use super::plane_measure::PlaneGrid;

/// The numbers that describe the state of a run at one iteration (each described once,
/// for every reader, in `engine::metric`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Completed iterations (k D steps + one G step each).
    pub steps: u64,
    /// Discriminator (critic) loss at the last D step, penalties included.
    pub d_loss: f64,
    /// Generator loss at the last G step.
    pub g_loss: f64,
    /// Mean D output on real data at the last D step (critic value for hinge and Wasserstein).
    pub d_real: f64,
    /// Mean D output on fake data at the last D step.
    pub d_fake: f64,
    /// Wasserstein-1 distance between the generator and the data; on the plane the
    /// sliced W1 scaled by π/2 (`plane_measure::Reference::sliced_w1`).
    pub w1: f64,
    /// Jensen–Shannon divergence (nats; at most ln 2).
    pub js: f64,
    /// Total variation ½∫|p_g − p_data| between the densities as drawn (0 to 1).
    pub tv: f64,
    /// On the line, the share of generator samples on each target component (nearest it
    /// and within 3 sd, so they sum to `high_quality`); on the plane, the share nearest
    /// each mode in standard deviations at any distance (where a collapsed blob sits).
    pub mode_masses: Vec<f64>,
    /// Components holding at least a quarter of their weight in generator samples within
    /// 3 sd of them (`measure::COVERED_FRACTION`; VEEGAN's coverage).
    pub modes_covered: usize,
    /// Share of the generator's samples within 3σ of their nearest mode (VEEGAN's high
    /// quality; on the line σ is the nearest component's standard deviation).
    pub high_quality: f64,
    /// L2 norm of the generator's loss gradient at its last step.
    pub g_grad_norm: f64,
    /// L2 norm of the discriminator's loss gradient at its last step.
    pub d_grad_norm: f64,
    /// max |D − D*| over the supported grid; `None` where D is not a probability.
    pub dstar_gap: Option<f64>,
    /// How far D is from the optimal opponent of its loss, 0 (optimal) to 1, for every
    /// loss (see `engine::opponent`); NaN for the Wasserstein critics on the plane,
    /// whose optimum has no closed form there.
    pub opponent_gap: f64,
    /// Mean of the generator's samples (the oscillation trace); on the plane, of x.
    pub g_mean: f64,
    /// Standard deviation of the generator's samples; on the plane, the root mean
    /// squared distance from their mean per axis.
    pub g_std: f64,
    /// True once a NaN or infinity stopped training.
    pub diverged: bool,
}

impl Metrics {
    /// The largest share of the fakes on one mode; NaN without modes.
    pub fn max_mode_mass(&self) -> f64 {
        self.mode_masses
            .iter()
            .copied()
            .reduce(f64::max)
            .unwrap_or(f64::NAN)
    }

    /// The smallest share of the fakes on one mode; NaN without modes.
    pub fn min_mode_mass(&self) -> f64 {
        self.mode_masses
            .iter()
            .copied()
            .reduce(f64::min)
            .unwrap_or(f64::NAN)
    }
}

/// Everything one frame of the figure shows.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// x positions of the curves; fixed for a target so axes do not jump.
    pub grid: Vec<f64>,
    /// Exact data density on the grid.
    pub p_data: Vec<f64>,
    /// Generator density on the grid, from generator samples.
    pub p_g: Vec<f64>,
    /// D(x) on the grid: a probability for minimax and non-saturating, the raw output
    /// for least squares, a critic value for hinge and Wasserstein.
    pub d: Vec<f64>,
    /// The optimal opponent of the loss on the grid, on D's own axis (D* for
    /// probability losses, the optimal logit or critic otherwise); NaN where undefined.
    pub opponent: Vec<f64>,
    /// The loss of the run: it decides what D is (a probability or a critic on its own
    /// axis) and what its optimal opponent is.
    pub loss: Loss,
    /// (z, G(z)) for evenly spaced z, when z is one-dimensional.
    pub mapping: Vec<(f64, f64)>,
    /// The interval the z line spans.
    pub z_range: (f64, f64),
    /// The metrics at this iteration.
    pub metrics: Metrics,
    /// What a 2-D run shows instead of curves; `None` on the line.
    pub plane: Option<PlaneView>,
}

/// One mode of a plane target as a frame marks it.
#[derive(Clone, Debug, PartialEq)]
pub struct ModeMark {
    /// The mode.
    pub mode: Mode,
    /// Whether the generator covers it (`Metrics::modes_covered`).
    pub covered: bool,
}

/// What one frame of a 2-D run shows: D over the plane, both densities on the same
/// cells, samples as dots, the generator's manifold, the gradient arrows and the modes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaneView {
    /// The cells the heatmap and the densities are given on (row by row from the
    /// bottom left), over the fixed plotting box.
    pub grid: PlaneGrid,
    /// D at each cell centre, on the same axis as the 1-D curve (probability or critic).
    pub d: Vec<f64>,
    /// The data's density per cell (exact mass over area, or from a large fixed sample
    /// for targets without a closed form).
    pub p_data: Vec<f64>,
    /// The generator's density per cell, from its fixed-noise samples.
    pub p_g: Vec<f64>,
    /// A fixed subset of the generator's samples, as dots.
    pub fakes: Vec<Point>,
    /// A fixed sample of the data, as dots.
    pub reals: Vec<Point>,
    /// The generator's manifold: the z grid's lines carried through G (z of 2 or more
    /// dimensions: the first two, the rest at 0), or the image of the z line (z 1-D).
    pub manifold: Vec<Vec<Point>>,
    /// (fake, ∇x of D's logit or critic there): where the generator's step moves it.
    pub arrows: Vec<(Point, Point)>,
    /// The target's modes and whether each is covered; empty for Spiral and Moons.
    pub modes: Vec<ModeMark>,
}

/// A loss beyond this size means the game has run away, even while every number is
/// still finite (a NaN would follow, or training would grind on uselessly).
pub const ABSURD_LOSS: f64 = 1e6;

/// How many plot widths beyond the plot G's samples may drift before the run is called
/// absurd: nothing of them can be seen any more.
pub const ABSURD_WIDTHS: f64 = 1.0;

impl Snapshot {
    /// Why the run, though finite, is absurd (losses above [`ABSURD_LOSS`], G's samples
    /// far off the plot), or `None`. The app shows it with a Reset, as it does a NaN.
    pub fn absurd(&self) -> Option<String> {
        let m = &self.metrics;
        for (who, loss) in [("D", m.d_loss), ("G", m.g_loss)] {
            if loss.abs() > ABSURD_LOSS {
                return Some(format!(
                    "{who}'s loss is {loss:.3e}, beyond ±{ABSURD_LOSS:.0e}: the game has run away; lower the learning rates or add a penalty, then Reset"
                ));
            }
        }
        let spans = match (&self.plane, self.grid.first(), self.grid.last()) {
            (Some(view), _, _) => {
                let ((x0, x1), (y0, y1)) = view.grid.bounds;
                let [mx, my] = view.mean_of_fakes();
                vec![(" in x", mx, (x0, x1)), (" in y", my, (y0, y1))]
            }
            (None, Some(&lo), Some(&hi)) => vec![("", m.g_mean, (lo, hi))],
            _ => return None,
        };
        let far_off = |what: String| {
            Some(format!(
                "G's samples are far off the plot ({what}): nothing of p_g can be seen; Reset to start again"
            ))
        };
        for &(axis, mean, (lo, hi)) in &spans {
            let width = hi - lo;
            if mean < lo - ABSURD_WIDTHS * width || mean > hi + ABSURD_WIDTHS * width {
                return far_off(format!(
                    "mean{axis} {mean:.3e}; the plot spans {lo:.2} to {hi:.2}{axis}"
                ));
            }
        }
        let (_, _, (lo, hi)) = spans[0];
        if m.g_std > 10.0 * (hi - lo) {
            return far_off(format!(
                "spread {:.3e}, over ten times the plot's width {:.2}",
                m.g_std,
                hi - lo
            ));
        }
        None
    }

    /// True when D is a critic (hinge, Wasserstein): a score drawn on its own axis.
    pub fn d_is_critic(&self) -> bool {
        !self.loss.has_optimal_discriminator()
    }
}

impl PlaneView {
    /// The mean of the dots of G's samples, per axis (the origin without dots).
    pub fn mean_of_fakes(&self) -> [f64; 2] {
        let n = self.fakes.len().max(1) as f64;
        self.fakes
            .iter()
            .fold([0.0, 0.0], |s, p| [s[0] + p[0] / n, s[1] + p[1] / n])
    }
}
