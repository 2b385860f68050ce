//! A density drawn by hand: on the line, a histogram sketched with the mouse
//! (`Sketch(lo,hi,h1,...,hn)`, equal bins over [lo, hi], heights in any units, normalised
//! here); on the plane, brushed points each carrying a small Gaussian
//! (`Points(sigma,x1,y1,...)`, as GAN Lab's drawing does). Both are formulas of the target
//! language, so a drawn target saves, reloads and reruns exactly like a typed one.

use rand::Rng;

/// The most bins a sketch may have, and the most brushed points.
pub const MAX_SKETCH_BINS: usize = 256;
/// See [`MAX_SKETCH_BINS`].
pub const MAX_POINTS: usize = 512;

/// A piecewise-constant density: `heights[i]` over the i-th of equal bins of [lo, hi].
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// Left end of the support.
    pub lo: f64,
    /// Right end of the support (> lo).
    pub hi: f64,
    /// Relative height of each bin (≥ 0, not all 0), as drawn.
    pub heights: Vec<f64>,
}

impl Sketch {
    fn width(&self) -> f64 {
        (self.hi - self.lo) / self.heights.len() as f64
    }

    fn total(&self) -> f64 {
        self.heights.iter().sum()
    }

    /// Each bin's probability.
    fn masses(&self) -> impl Iterator<Item = f64> + '_ {
        let total = self.total();
        self.heights.iter().map(move |h| h / total)
    }

    /// Exact density at `x`.
    pub fn pdf(&self, x: f64) -> f64 {
        if !(self.lo..self.hi).contains(&x) {
            return 0.0;
        }
        let i = (((x - self.lo) / self.width()) as usize).min(self.heights.len() - 1);
        (self.heights[i] / self.total()) / self.width()
    }

    /// Exact cumulative distribution at `x` (linear within each bin).
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= self.lo {
            return 0.0;
        }
        if x >= self.hi {
            return 1.0;
        }
        let t = (x - self.lo) / self.width();
        let full = t.floor() as usize;
        let masses: Vec<f64> = self.masses().collect();
        let below: f64 = masses[..full].iter().sum();
        (below + masses.get(full).copied().unwrap_or(0.0) * t.fract()).clamp(0.0, 1.0)
    }

    /// One draw: a bin by its mass, then uniform within it.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let mut u: f64 = rng.random();
        let last = self.heights.len() - 1;
        for (i, m) in self.masses().enumerate() {
            if u < m || i == last {
                let left = self.lo + self.width() * i as f64;
                return left + self.width() * rng.random::<f64>();
            }
            u -= m;
        }
        self.lo
    }

    /// Mean of the density.
    pub fn mean(&self) -> f64 {
        let w = self.width();
        self.masses()
            .enumerate()
            .map(|(i, m)| m * (self.lo + w * (i as f64 + 0.5)))
            .sum()
    }

    /// Standard deviation: each bin's spread (w²/12) plus that of the bin centres.
    pub fn std_dev(&self) -> f64 {
        let (w, mean) = (self.width(), self.mean());
        let second: f64 = self
            .masses()
            .enumerate()
            .map(|(i, m)| m * ((self.lo + w * (i as f64 + 0.5) - mean).powi(2) + w * w / 12.0))
            .sum();
        second.sqrt()
    }
}
