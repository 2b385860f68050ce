//! Measurements of a 2-D generator against a plane target (SCIENCE.md, "Two
//! dimensions"): a sliced Wasserstein-1, Jensen–Shannon on a fixed grid, and VEEGAN's
//! mode coverage and sample quality. Built once per target ([`Reference`]) so that each
//! snapshot only projects and counts its fakes: linear in the fakes, no sorting.

use super::measure::{COVERED_FRACTION, QUALITY_SIGMAS, jensen_shannon_masses};
use super::plane::{Mode, Plane, Point};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Directions of the sliced Wasserstein-1, evenly spaced over half a turn.
pub const SLICE_DIRECTIONS: usize = 32;
/// Bins of each direction's line in the sliced W1: its binning error is at most half a
/// bin (about 0.003 on the ring's box).
pub const SLICE_BINS: usize = 1_024;
/// A mode counts as covered by the fakes within 3σ of it or within this share of the
/// plotting box's width, whichever is wider: the ring drawn around it. The ring's modes
/// (σ 0.02) are a hundredth of the plot across; at 3σ alone the key read "0 of 8
/// covered" while a class saw fakes gathered at every mode, a few pixels out.
/// [`Coverage::high_quality`] stays VEEGAN's strict 3σ: how sharp the fakes are.
pub const MODE_REACH: f64 = 0.025;

/// Cells per side of the fixed grid of the JS divergence and of the heatmap.
pub const GRID_CELLS: usize = 64;
/// Data draws behind the grid masses and the sliced W1 of a target without an exact
/// density.
const DATA_HISTOGRAM_DRAWS: usize = 200_000;

/// A square grid of cells over a box of the plane, row by row from the bottom left.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaneGrid {
    /// ((x lo, x hi), (y lo, y hi)).
    pub bounds: ((f64, f64), (f64, f64)),
    /// Cells per side.
    pub cells: usize,
}

impl PlaneGrid {
    /// The cell's index holding `p`, or `None` off the grid.
    pub fn cell_of(&self, p: Point) -> Option<usize> {
        let ((x0, x1), (y0, y1)) = self.bounds;
        let n = self.cells as f64;
        let (i, j) = ((p[0] - x0) / (x1 - x0) * n, (p[1] - y0) / (y1 - y0) * n);
        if !(i >= 0.0 && i < n && j >= 0.0 && j < n) {
            return None;
        }
        Some(j as usize * self.cells + i as usize)
    }

    /// The cell centres in index order.
    pub fn centers(&self) -> Vec<Point> {
        let ((x0, x1), (y0, y1)) = self.bounds;
        let n = self.cells;
        let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
        (0..n * n)
            .map(|k| [x0 + dx * ((k % n) as f64 + 0.5), y0 + dy * ((k / n) as f64 + 0.5)])
            .collect()
    }

    /// Area of one cell.
    pub fn cell_area(&self) -> f64 {
        let ((x0, x1), (y0, y1)) = self.bounds;
        (x1 - x0) * (y1 - y0) / (self.cells * self.cells) as f64
    }

    /// The share of `points` in each cell, plus a last entry for those off the grid.
    pub fn masses(&self, points: &[Point]) -> Vec<f64> {
        let mut counts = vec![0.0; self.cells * self.cells + 1];
        for &p in points {
            let k = self.cell_of(p).unwrap_or(self.cells * self.cells);
            counts[k] += 1.0;
        }
        let n = points.len().max(1) as f64;
        counts.iter_mut().for_each(|c| *c /= n);
        counts
    }
}

/// What the fakes' modes look like: VEEGAN's coverage and quality.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Share of the fakes nearest each mode (in standard deviations), as on the line:
    /// where a collapsed generator sits, even far from any mode.
    pub mode_masses: Vec<f64>,
    /// Whether each mode holds at least [`COVERED_FRACTION`] of its weight in fakes
    /// within its reach (3σ, or [`MODE_REACH`] of the box if wider).
    pub covered: Vec<bool>,
    /// How many modes are covered.
    pub modes_covered: usize,
    /// Share of the fakes within [`QUALITY_SIGMAS`] σ of their nearest mode; NaN for a
    /// target without modes.
    pub high_quality: f64,
}

/// A plane target's fixed side of every measurement.
pub struct Reference {
    /// Each direction of the sliced W1 with the data's side of it.
    slices: Vec<Slice>,
    grid: PlaneGrid,
    /// The data's mass in each grid cell, plus off the grid (exact where the density is).
    data_masses: Vec<f64>,
    modes: Vec<Mode>,
}

/// One direction of the sliced W1: the data's projected cdf at the right edge of each
/// bin of the line `lo + step · i`.
struct Slice {
    direction: Point,
    lo: f64,
    step: f64,
    data_cdf: Vec<f64>,
}

impl Slice {
    /// The data's side of direction `u`: exact for Gaussian modes (the projection of a
    /// Gaussian with axis deviations (sx, sy) is N(c·u, (sx u_x)² + (sy u_y)²)), from
    /// `draws` otherwise.
    fn new(u: Point, bounds: ((f64, f64), (f64, f64)), modes: &[Mode], draws: &[Point]) -> Self {
        let ((x0, x1), (y0, y1)) = bounds;
        let corners = [[x0, y0], [x0, y1], [x1, y0], [x1, y1]].map(|c| dot(c, u));
        let lo = corners.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = corners.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let step = (hi - lo) / SLICE_BINS as f64;
        let edge = |i: usize| lo + step * (i + 1) as f64;
        let data_cdf = if modes.is_empty() {
            let mut counts = vec![0.0; SLICE_BINS];
            for &p in draws {
                counts[bin(dot(p, u), lo, step)] += 1.0;
            }
            let n = draws.len().max(1) as f64;
            counts
                .iter()
                .scan(0.0, |total, c| {
                    *total += c / n;
                    Some(*total)
                })
                .collect()
        } else {
            // Each mode adds its weight in full past 8 sd and nothing before -8 sd, so
            // erf is only evaluated near it (512 brushed points stay cheap).
            let mut cdf = vec![0.0; SLICE_BINS];
            for m in modes {
                let (c, sd) = (dot(m.center, u), (m.sigma[0] * u[0]).hypot(m.sigma[1] * u[1]));
                let first = bin(c - 8.0 * sd, lo, step);
                let last = bin(c + 8.0 * sd, lo, step);
                for (i, value) in cdf.iter_mut().enumerate().skip(first) {
                    *value += if i > last {
                        m.weight
                    } else {
                        m.weight * normal_cdf(edge(i), c, sd)
                    };
                }
            }
            cdf
        };
        Slice {
            direction: u,
            lo,
            step,
            data_cdf,
        }
    }

    /// ∫ |F_fakes − F_data| along the line: the bins, plus the exact distance of fakes
    /// beyond its ends (the data has no mass there).
    fn w1(&self, fakes: &[Point]) -> f64 {
        let n = fakes.len() as f64;
        // In bins from `lo`: one multiply per fake instead of a division and a floor
        // (this loop is most of a 2-D snapshot's metrics).
        let per_bin = 1.0 / self.step;
        let [ux, uy] = self.direction;
        let end = SLICE_BINS as f64;
        let mut counts = vec![0u32; SLICE_BINS];
        let mut beyond = 0.0;
        for p in fakes {
            let t = (p[0] * ux + p[1] * uy - self.lo) * per_bin;
            if t < 0.0 {
                beyond -= t;
                counts[0] += 1;
            } else if t >= end {
                beyond += t - end;
                counts[SLICE_BINS - 1] += 1;
            } else {
                // A NaN lands here and in bin 0 (`as` saturates), as in `bin`.
                counts[t as usize] += 1;
            }
        }
        let mut below = 0.0;
        let mut inside = 0.0;
        for (&count, data) in counts.iter().zip(&self.data_cdf) {
            below += count as f64 / n;
            inside += (below - data).abs();
        }
        (inside + beyond / n) * self.step
    }
}

fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

/// The bin of `x` on the line `lo + step · i`, ends included in the end bins.
fn bin(x: f64, lo: f64, step: f64) -> usize {
    let i = ((x - lo) / step).floor();
    if i.is_nan() || i < 0.0 {
        0
    } else {
        (i as usize).min(SLICE_BINS - 1)
    }
}

fn normal_cdf(x: f64, c: f64, sigma: f64) -> f64 {
    0.5 * (1.0 + libm::erf((x - c) / (sigma * std::f64::consts::SQRT_2)))
}

/// Mass of N(c, σ²) between `a` and `b` along one axis.
fn normal_mass(a: f64, b: f64, c: f64, sigma: f64) -> f64 {
    normal_cdf(b, c, sigma) - normal_cdf(a, c, sigma)
}

impl Reference {
    /// The reference of `plane` on `grid`, its data sample drawn from `seed`.
    pub fn new(plane: &Plane, grid: PlaneGrid, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let modes = plane.modes();
        let draws: Vec<Point> = if modes.is_empty() {
            (0..DATA_HISTOGRAM_DRAWS)
                .map(|_| plane.sample(&mut rng))
                .collect()
        } else {
            Vec::new()
        };
        let slices = (0..SLICE_DIRECTIONS)
            .map(|i| {
                let angle = std::f64::consts::PI * i as f64 / SLICE_DIRECTIONS as f64;
                Slice::new([angle.cos(), angle.sin()], grid.bounds, &modes, &draws)
            })
            .collect();
        let data_masses = if modes.is_empty() {
            grid.masses(&draws)
        } else {
            exact_masses(&grid, &modes)
        };
        Reference {
            slices,
            grid,
            data_masses,
            modes,
        }
    }

    /// The grid of the JS divergence.
    pub fn grid(&self) -> &PlaneGrid {
        &self.grid
    }

    /// The data's mass per grid cell (the last entry: off the grid).
    pub fn data_masses(&self) -> &[f64] {
        &self.data_masses
    }

    /// The target's modes.
    pub fn modes(&self) -> &[Mode] {
        &self.modes
    }

    /// The smallest distance at which a fake counts toward covering a mode (beyond 3σ):
    /// [`MODE_REACH`] of the plotting box's width.
    pub fn reach(&self) -> f64 {
        let ((x0, x1), _) = self.grid.bounds;
        MODE_REACH * (x1 - x0)
    }

    /// The sliced Wasserstein-1, scaled by π/2: the mean over [`SLICE_DIRECTIONS`]
    /// directions of the 1-D W1 between the fakes' projections and the data's (exact
    /// for Gaussian modes, from a large fixed sample otherwise), on [`SLICE_BINS`] bins.
    /// The scale makes a translation by d read d, as W1 does; for any pair it is at most
    /// the true W1 (the mean of |u·v| over directions u is 2/π |v|).
    pub fn sliced_w1(&self, fakes: &[Point]) -> f64 {
        if fakes.is_empty() {
            return f64::NAN;
        }
        let total: f64 = self.slices.iter().map(|s| s.w1(fakes)).sum();
        std::f64::consts::FRAC_PI_2 * total / self.slices.len() as f64
    }

    /// Jensen–Shannon divergence (nats) between the fakes and the data on the fixed
    /// grid, mass off the grid counted as one more cell.
    pub fn js(&self, fakes: &[Point]) -> f64 {
        jensen_shannon_masses(&self.data_masses, &self.grid.masses(fakes))
    }

    /// Which modes the fakes cover and how many of them are of high quality (VEEGAN).
    /// Empty masses and no coverage for a target without modes.
    pub fn coverage(&self, fakes: &[Point]) -> Coverage {
        if self.modes.is_empty() || fakes.is_empty() {
            // No modes to be near: quality is undefined, as on the line.
            return Coverage {
                high_quality: f64::NAN,
                ..Coverage::default()
            };
        }
        let mut counts = vec![0usize; self.modes.len()];
        let mut good = vec![0usize; self.modes.len()];
        let mut reached = vec![0usize; self.modes.len()];
        let reach = self.reach();
        for &p in fakes {
            // Nearest in standard deviations, so a tall mode claims what lies along it.
            let (nearest, sigmas) = self
                .modes
                .iter()
                .map(|m| m.sigmas_from(p))
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, f64::INFINITY));
            counts[nearest] += 1;
            if sigmas <= QUALITY_SIGMAS {
                good[nearest] += 1;
            }
            let m = &self.modes[nearest];
            if sigmas <= QUALITY_SIGMAS || (p[0] - m.center[0]).hypot(p[1] - m.center[1]) <= reach {
                reached[nearest] += 1;
            }
        }
        let n = fakes.len() as f64;
        let share = |c: &usize| *c as f64 / n;
        let covered: Vec<bool> = reached
            .iter()
            .zip(&self.modes)
            .map(|(c, m)| share(c) >= COVERED_FRACTION * m.weight)
            .collect();
        Coverage {
            high_quality: good.iter().map(share).sum(),
            mode_masses: counts.iter().map(share).collect(),
            modes_covered: covered.iter().filter(|&&c| c).count(),
            covered,
        }
    }
}

/// Each cell's exact mass under a mixture of axis-aligned Gaussians (separable, so a
/// product of two 1-D masses per mode), plus the mass off the grid.
fn exact_masses(grid: &PlaneGrid, modes: &[Mode]) -> Vec<f64> {
    let ((x0, x1), (y0, y1)) = grid.bounds;
    let n = grid.cells;
    let edges =
        |lo: f64, hi: f64| -> Vec<f64> { (0..=n).map(|i| lo + (hi - lo) * i as f64 / n as f64).collect() };
    let (xe, ye) = (edges(x0, x1), edges(y0, y1));
    let mut masses = vec![0.0; n * n + 1];
    for m in modes {
        let along = |e: &[f64], c: f64, sd: f64| -> Vec<f64> {
            e.windows(2).map(|w| normal_mass(w[0], w[1], c, sd)).collect()
        };
        let (mx, my) = (
            along(&xe, m.center[0], m.sigma[0]),
            along(&ye, m.center[1], m.sigma[1]),
        );
        for (j, py) in my.iter().enumerate() {
            for (i, px) in mx.iter().enumerate() {
                masses[j * n + i] += m.weight * px * py;
            }
        }
    }
    let on_grid: f64 = masses[..n * n].iter().sum();
    masses[n * n] = (1.0 - on_grid).max(0.0);
    masses
}
