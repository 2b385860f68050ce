//! Two-dimensional targets: GAN Lab's ground and the standard toys of the GAN papers
//! (SCIENCE.md, "Two dimensions"). A plane target is a weighted sum of shapes, written in
//! the same formula language as the 1-D targets (`engine::target` parses both):
//! `N2(mx,my,sigma)` (or `N2(mx,my,sx,sy)`), `Ring(n,radius,sigma)`, `Grid(n,spacing,sigma)`,
//! `Spiral(turns,noise)` and `Moons(noise)`.
//!
//! Gaussian shapes (N2, Ring, Grid) have an exact density and named modes, so p_data is
//! drawn exactly and coverage can be measured; Spiral and Moons are sampled only.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use std::f64::consts::{PI, TAU};
use std::fmt;

/// A point of the plane.
pub type Point = [f64; 2];

/// One named 2-D distribution of the formula language.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// `N2(mx, my, sigma)`, or `N2(mx, my, sx, sy)` with a standard deviation per axis
    /// (GAN Lab's default data has one such).
    Normal {
        /// Centre, x.
        mx: f64,
        /// Centre, y.
        my: f64,
        /// Standard deviation along x (> 0).
        sx: f64,
        /// Standard deviation along y (> 0).
        sy: f64,
    },
    /// `Ring(n, radius, sigma)`: n equal Gaussians evenly spaced on a circle about the
    /// origin, the first on the positive x axis (Metz et al. 2016).
    Ring {
        /// Number of Gaussians (≥ 1).
        n: usize,
        /// Radius of the circle (> 0).
        radius: f64,
        /// Standard deviation of each Gaussian (> 0).
        sigma: f64,
    },
    /// `Grid(n, spacing, sigma)`: n × n equal Gaussians on a square grid centred on the
    /// origin (the 25 Gaussians of the WGAN-GP toys with n = 5).
    Grid {
        /// Gaussians per side (≥ 1).
        n: usize,
        /// Distance between neighbours (> 0).
        spacing: f64,
        /// Standard deviation of each Gaussian (> 0).
        sigma: f64,
    },
    /// `Spiral(turns, noise)`: a swiss roll. s ~ U(SPIRAL_START, 1), the point
    /// 2s·(cos 2π·turns·s, sin 2π·turns·s) plus N(0, noise²) on each axis.
    Spiral {
        /// Turns of the arm (> 0).
        turns: f64,
        /// Standard deviation of the scatter about the arm (> 0).
        noise: f64,
    },
    /// `Points(sigma, x1, y1, ...)`: brushed points, each the centre of an equal
    /// Gaussian of deviation sigma (GAN Lab's drawn data uses 0.02 in its unit square).
    Points {
        /// Standard deviation around each point (> 0).
        sigma: f64,
        /// The points as drawn.
        points: Vec<Point>,
    },
    /// `Moons(noise)`: scikit-learn's two interleaved half circles (radius 1, the second
    /// moved by (1, −0.5)), equal halves, plus N(0, noise²) on each axis.
    Moons {
        /// Standard deviation of the scatter (> 0).
        noise: f64,
    },
}

/// Where the spiral's arm starts, as a fraction of its length: the very centre is a
/// point, not a roll.
pub const SPIRAL_START: f64 = 0.15;

/// One Gaussian mode of a plane target: what coverage and quality are measured against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mode {
    /// Its centre.
    pub center: Point,
    /// Its standard deviation along x and along y.
    pub sigma: [f64; 2],
    /// Its share of the target's mass.
    pub weight: f64,
}

fn gaussian_pdf(p: Point, center: Point, sigma: [f64; 2]) -> f64 {
    let (u, v) = ((p[0] - center[0]) / sigma[0], (p[1] - center[1]) / sigma[1]);
    (-0.5 * (u * u + v * v)).exp() / (TAU * sigma[0] * sigma[1])
}

fn gaussian_noise<R: Rng + ?Sized>(rng: &mut R, sd: [f64; 2]) -> Point {
    let (a, b): (f64, f64) = (StandardNormal.sample(rng), StandardNormal.sample(rng));
    [sd[0] * a, sd[1] * b]
}

impl Mode {
    /// How many standard deviations `p` lies from the centre (the Mahalanobis distance).
    pub fn sigmas_from(&self, p: Point) -> f64 {
        ((p[0] - self.center[0]) / self.sigma[0]).hypot((p[1] - self.center[1]) / self.sigma[1])
    }
}

impl Shape {
    /// The Gaussians the shape is made of, with weights summing to one; empty for the
    /// shapes without named modes (Spiral, Moons).
    pub fn modes(&self) -> Vec<Mode> {
        match *self {
            Shape::Normal { mx, my, sx, sy } => vec![Mode {
                center: [mx, my],
                sigma: [sx, sy],
                weight: 1.0,
            }],
            Shape::Ring { n, radius, sigma } => (0..n)
                .map(|i| {
                    let angle = TAU * i as f64 / n as f64;
                    Mode {
                        center: [radius * angle.cos(), radius * angle.sin()],
                        sigma: [sigma, sigma],
                        weight: 1.0 / n as f64,
                    }
                })
                .collect(),
            Shape::Grid { n, spacing, sigma } => {
                let offset = 0.5 * (n as f64 - 1.0);
                let at = |i: usize| (i as f64 - offset) * spacing;
                (0..n * n)
                    .map(|i| Mode {
                        center: [at(i % n), at(i / n)],
                        sigma: [sigma, sigma],
                        weight: 1.0 / (n * n) as f64,
                    })
                    .collect()
            }
            Shape::Points { sigma, ref points } => points
                .iter()
                .map(|&center| Mode {
                    center,
                    sigma: [sigma, sigma],
                    weight: 1.0 / points.len() as f64,
                })
                .collect(),
            Shape::Spiral { .. } | Shape::Moons { .. } => Vec::new(),
        }
    }

    /// Exact density at `p`, where one exists (the Gaussian shapes).
    pub fn pdf(&self, p: Point) -> Option<f64> {
        match self {
            Shape::Spiral { .. } | Shape::Moons { .. } => None,
            _ => Some(
                self.modes()
                    .iter()
                    .map(|m| m.weight * gaussian_pdf(p, m.center, m.sigma))
                    .sum(),
            ),
        }
    }

    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Point {
        let add = |a: Point, b: Point| [a[0] + b[0], a[1] + b[1]];
        match *self {
            Shape::Normal { mx, my, sx, sy } => add([mx, my], gaussian_noise(rng, [sx, sy])),
            Shape::Points { sigma, ref points } => {
                let center = points[rng.random_range(0..points.len())];
                add(center, gaussian_noise(rng, [sigma, sigma]))
            }
            Shape::Ring { n, radius, sigma } => {
                let angle = TAU * rng.random_range(0..n) as f64 / n as f64;
                add(
                    [radius * angle.cos(), radius * angle.sin()],
                    gaussian_noise(rng, [sigma, sigma]),
                )
            }
            Shape::Grid { n, spacing, sigma } => {
                let offset = 0.5 * (n as f64 - 1.0);
                let at = |i: usize| (i as f64 - offset) * spacing;
                let k = rng.random_range(0..n * n);
                add([at(k % n), at(k / n)], gaussian_noise(rng, [sigma, sigma]))
            }
            Shape::Spiral { turns, noise } => {
                let s = rng.random_range(SPIRAL_START..1.0);
                let angle = TAU * turns * s;
                add(
                    [2.0 * s * angle.cos(), 2.0 * s * angle.sin()],
                    gaussian_noise(rng, [noise, noise]),
                )
            }
            Shape::Moons { noise } => {
                let t = rng.random_range(0.0..PI);
                let on_arc = if rng.random::<bool>() {
                    [t.cos(), t.sin()]
                } else {
                    [1.0 - t.cos(), 0.5 - t.sin()]
                };
                add(on_arc, gaussian_noise(rng, [noise, noise]))
            }
        }
    }

    /// A box holding essentially all of the mass: ((x lo, x hi), (y lo, y hi)).
    pub fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let pad = |lo: f64, hi: f64, by: f64| (lo - by, hi + by);
        match *self {
            Shape::Spiral { noise, .. } => (pad(-2.0, 2.0, 4.0 * noise), pad(-2.0, 2.0, 4.0 * noise)),
            Shape::Moons { noise } => (pad(-1.0, 2.0, 4.0 * noise), pad(-0.5, 1.0, 4.0 * noise)),
            _ => self.modes().iter().fold(EMPTY_BOUNDS, |b, m| {
                let (rx, ry) = (4.0 * m.sigma[0], 4.0 * m.sigma[1]);
                union(
                    b,
                    (
                        (m.center[0] - rx, m.center[0] + rx),
                        (m.center[1] - ry, m.center[1] + ry),
                    ),
                )
            }),
        }
    }
}

const EMPTY_BOUNDS: ((f64, f64), (f64, f64)) = (
    (f64::INFINITY, f64::NEG_INFINITY),
    (f64::INFINITY, f64::NEG_INFINITY),
);

fn union(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> ((f64, f64), (f64, f64)) {
    (
        (a.0.0.min(b.0.0), a.0.1.max(b.0.1)),
        (a.1.0.min(b.1.0), a.1.1.max(b.1.1)),
    )
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Shape::Normal { mx, my, sx, sy } if sx == sy => write!(f, "N2({mx},{my},{sx})"),
            Shape::Normal { mx, my, sx, sy } => write!(f, "N2({mx},{my},{sx},{sy})"),
            Shape::Ring { n, radius, sigma } => write!(f, "Ring({n},{radius},{sigma})"),
            Shape::Grid { n, spacing, sigma } => write!(f, "Grid({n},{spacing},{sigma})"),
            Shape::Points { sigma, ref points } => {
                write!(f, "Points({sigma}")?;
                for p in points {
                    write!(f, ",{},{}", p[0], p[1])?;
                }
                write!(f, ")")
            }
            Shape::Spiral { turns, noise } => write!(f, "Spiral({turns},{noise})"),
            Shape::Moons { noise } => write!(f, "Moons({noise})"),
        }
    }
}

/// A weighted mixture of shapes; weights are positive and sum to one.
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    shapes: Vec<(f64, Shape)>,
}

/// Draws behind the moments of the shapes without a closed form (Spiral, Moons), from a
/// fixed seed so a target's moments never change.
const MOMENT_DRAWS: usize = 20_000;

impl Plane {
    /// A mixture of `shapes` with weights already normalised (the parser's job).
    pub(crate) fn new(shapes: Vec<(f64, Shape)>) -> Self {
        Plane { shapes }
    }

    /// The shapes with their normalised weights.
    pub fn shapes(&self) -> &[(f64, Shape)] {
        &self.shapes
    }

    /// Exact density at `p`, or `None` when a shape has none (Spiral, Moons).
    pub fn pdf(&self, p: Point) -> Option<f64> {
        self.shapes.iter().map(|(w, s)| s.pdf(p).map(|d| w * d)).sum()
    }

    /// True when the density is known exactly everywhere (no Spiral or Moons).
    pub fn has_density(&self) -> bool {
        self.shapes
            .iter()
            .all(|(_, s)| !matches!(s, Shape::Spiral { .. } | Shape::Moons { .. }))
    }

    /// Every Gaussian mode with its share of the whole target's mass; empty when a shape
    /// has no modes, since coverage then has nothing to count against.
    pub fn modes(&self) -> Vec<Mode> {
        if !self.has_density() {
            return Vec::new();
        }
        self.shapes
            .iter()
            .flat_map(|(w, s)| {
                s.modes().into_iter().map(move |m| Mode {
                    weight: w * m.weight,
                    ..m
                })
            })
            .collect()
    }

    /// One draw: pick a shape by weight, then draw from it.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Point {
        let mut u: f64 = rng.random();
        for (w, s) in &self.shapes {
            if u < *w {
                return s.sample(rng);
            }
            u -= w;
        }
        self.shapes.last().map_or([0.0, 0.0], |(_, s)| s.sample(rng))
    }

    /// The mean and the overall spread (root mean squared distance from the mean, per
    /// axis), for the discriminator's input standardisation. Exact for Gaussian shapes,
    /// from fixed-seed draws otherwise.
    pub fn moments(&self) -> (Point, f64) {
        use rand::SeedableRng;
        let modes = self.modes();
        let points: Vec<(f64, Point, [f64; 2])> = if modes.is_empty() {
            let mut rng = rand::rngs::StdRng::seed_from_u64(0x2d_7a26);
            let w = 1.0 / MOMENT_DRAWS as f64;
            (0..MOMENT_DRAWS)
                .map(|_| (w, self.sample(&mut rng), [0.0, 0.0]))
                .collect()
        } else {
            modes.iter().map(|m| (m.weight, m.center, m.sigma)).collect()
        };
        let mean = points.iter().fold([0.0, 0.0], |acc, (w, c, _)| {
            [acc[0] + w * c[0], acc[1] + w * c[1]]
        });
        let second: f64 = points
            .iter()
            .map(|(w, c, s)| {
                w * ((c[0] - mean[0]).powi(2) + (c[1] - mean[1]).powi(2) + s[0] * s[0] + s[1] * s[1])
            })
            .sum();
        (mean, (0.5 * second).sqrt())
    }

    /// A fixed plotting box, square, holding all the shapes and the origin (where a
    /// fresh generator puts its mass, as on the line) with a margin, so the axes never
    /// jump while training and circles look round.
    pub fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let origin = ((0.0, 0.0), (0.0, 0.0));
        let ((x0, x1), (y0, y1)) = self.shapes.iter().fold(origin, |b, (_, s)| union(b, s.bounds()));
        let half = 0.5 * (x1 - x0).max(y1 - y0) * 1.15;
        let (cx, cy) = (0.5 * (x0 + x1), 0.5 * (y0 + y1));
        ((cx - half, cx + half), (cy - half, cy + half))
    }
}

impl fmt::Display for Plane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [(_, only)] = self.shapes.as_slice() {
            return write!(f, "{only}");
        }
        for (i, (w, s)) in self.shapes.iter().enumerate() {
            if i > 0 {
                write!(f, " + ")?;
            }
            write!(f, "{w}*{s}")?;
        }
        Ok(())
    }
}
