//! The fixed inputs a snapshot feeds the networks: the x grid, a fixed noise set for
//! the generator's density, and the evenly spaced z of the z -> x arrows. Fixed, so
//! that two snapshots differ only because the networks changed (no sampling flicker),
//! and so that snapshots never draw from the training's random stream.

use crate::engine::config::{Experiment, Noise};
use crate::engine::measure::linspace;
use crate::engine::plane::{Plane, Point};
use crate::engine::plane_measure::{GRID_CELLS, PlaneGrid, Reference};
use crate::engine::target::Target;
use candle_core::{Device, Result, Tensor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use std::sync::OnceLock;

/// Points of the x grid the curves are drawn on.
pub const GRID_POINTS: usize = 512;
/// Generator samples behind p_g and the metrics.
pub const GENERATOR_SAMPLES: usize = 10_000;
/// Arrows from z to G(z) in the figure.
pub const MAPPING_ARROWS: usize = 25;
/// Smoothing of the p_g histogram, in grid cells.
pub const DENSITY_BANDWIDTH_CELLS: f64 = 1.5;
/// Half-width of the z line drawn for Gaussian noise (in standard deviations).
const GAUSSIAN_Z_SPAN: f64 = 3.0;

/// The x interval the curves are drawn over: the target's range widened to include the
/// origin, where a freshly initialised generator puts its mass, so the class sees G
/// travel to the data (and, in wgan-rescue or vanishing-gradient, sees it stuck).
/// Fixed for a target, so axes never jump while training.
pub fn plot_range(target: &Target) -> (f64, f64) {
    let (lo, hi) = target.range();
    let margin = 0.05 * (hi.max(0.0) - lo.min(0.0));
    (lo.min(-margin), hi.max(margin))
}

/// Fixed snapshot inputs for one target and noise type.
pub struct Probe {
    grid: Vec<f64>,
    p_data: Vec<f64>,
    noise: Tensor,
    mapping: Option<(Tensor, Vec<f64>)>,
    z_range: (f64, f64),
    plane: Option<PlaneProbe>,
}

/// Fakes drawn as dots in a 2-D frame (evenly spaced rows of the fixed noise), and as many
/// data points.
pub const PLANE_DOTS: usize = 1_000;
/// Fakes that get a gradient arrow in a 2-D frame.
pub const PLANE_ARROWS: usize = 64;
/// Lines of the z grid each way (2-D z), and points along each.
const MANIFOLD_LINES: usize = 11;
const MANIFOLD_POINTS: usize = 41;
/// Points along the z line's image (1-D z).
const MANIFOLD_LINE_POINTS: usize = 201;

/// The fixed inputs of a 2-D frame.
pub struct PlaneProbe {
    /// The grid's cell centres, shape (cells², 2), where D is evaluated.
    pub centers: Tensor,
    /// The fixed measurement side of the target.
    pub reference: Reference,
    /// The data's dots.
    pub reals: Vec<Point>,
    /// The z of the manifold, all lines stacked, shape (lines × points, noise_dim).
    pub manifold_z: Tensor,
    /// How many points each manifold line has.
    pub manifold_points: usize,
}

impl PlaneProbe {
    fn new(plane: &Plane, config: &Experiment, z_range: (f64, f64), device: &Device) -> Result<Self> {
        let grid = PlaneGrid {
            bounds: plane.bounds(),
            cells: GRID_CELLS,
        };
        let centers: Vec<f32> = grid.centers().iter().flat_map(|p| p.map(|v| v as f32)).collect();
        let centers = Tensor::from_vec(centers, (GRID_CELLS * GRID_CELLS, 2), device)?;
        let seed = config.seed ^ 0x91a7_e000;
        let reference = Reference::new(plane, grid, seed);
        let mut rng = StdRng::seed_from_u64(seed.wrapping_add(1));
        let reals = (0..PLANE_DOTS).map(|_| plane.sample(&mut rng)).collect();
        let dim = config.noise_dim;
        let (lo, hi) = z_range;
        let (manifold_z, manifold_points) = if dim == 1 {
            let zs: Vec<f32> = linspace(lo, hi, MANIFOLD_LINE_POINTS)
                .into_iter()
                .map(|z| z as f32)
                .collect();
            (
                Tensor::from_vec(zs, (MANIFOLD_LINE_POINTS, 1), device)?,
                MANIFOLD_LINE_POINTS,
            )
        } else {
            let across = linspace(lo, hi, MANIFOLD_LINES);
            let along = linspace(lo, hi, MANIFOLD_POINTS);
            let mut values = Vec::with_capacity(2 * MANIFOLD_LINES * MANIFOLD_POINTS * dim);
            for axis in 0..2 {
                for &fixed in &across {
                    for &moving in &along {
                        let mut z = vec![0f32; dim];
                        z[axis] = moving as f32;
                        z[1 - axis] = fixed as f32;
                        values.extend(z);
                    }
                }
            }
            let rows = 2 * MANIFOLD_LINES * MANIFOLD_POINTS;
            (Tensor::from_vec(values, (rows, dim), device)?, MANIFOLD_POINTS)
        };
        Ok(PlaneProbe {
            centers,
            reference,
            reals,
            manifold_z,
            manifold_points,
        })
    }
}

/// The [`GENERATOR_SAMPLES`] quantiles of `noise` at evenly spaced probabilities,
/// computed once per process: their 600,000 evaluations of erf took about 25 ms, paid at
/// every run's start (a stability map starts hundreds).
fn evenly_spaced_quantiles(noise: Noise) -> &'static [f32] {
    static UNIFORM: OnceLock<Vec<f32>> = OnceLock::new();
    static GAUSSIAN: OnceLock<Vec<f32>> = OnceLock::new();
    let kept = match noise {
        Noise::Uniform => &UNIFORM,
        Noise::Gaussian => &GAUSSIAN,
    };
    kept.get_or_init(|| {
        let n = GENERATOR_SAMPLES;
        (0..n)
            .map(|i| noise_quantile(noise, (i as f64 + 0.5) / n as f64) as f32)
            .collect()
    })
}

/// The z with cumulative probability `u` under the noise distribution.
fn noise_quantile(noise: Noise, u: f64) -> f64 {
    match noise {
        Noise::Uniform => 2.0 * u - 1.0,
        Noise::Gaussian => {
            // Bisection on the normal cdf: done once per probe, exact enough.
            let cdf = |z: f64| 0.5 * (1.0 + libm::erf(z / std::f64::consts::SQRT_2));
            let (mut lo, mut hi) = (-10.0, 10.0);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if cdf(mid) < u { lo = mid } else { hi = mid }
            }
            0.5 * (lo + hi)
        }
    }
}

impl Probe {
    /// The probe for `config`'s target, noise and noise dimension.
    pub fn new(config: &Experiment, device: &Device) -> Result<Self> {
        // A plane target has no line to draw curves on.
        let (grid, p_data) = if config.target.plane().is_some() {
            (Vec::new(), Vec::new())
        } else {
            let (lo, hi) = plot_range(&config.target);
            let grid = linspace(lo, hi, GRID_POINTS);
            let p_data = grid.iter().map(|&x| config.target.pdf(x)).collect();
            (grid, p_data)
        };
        let dim = config.noise_dim;
        let n = GENERATOR_SAMPLES;
        let values: Vec<f32> = if dim == 1 {
            // Evenly spaced quantiles: a noise-free estimate of p_g.
            evenly_spaced_quantiles(config.noise).to_vec()
        } else {
            let mut rng = StdRng::seed_from_u64(config.seed ^ 0x5eed_9a05);
            match config.noise {
                Noise::Uniform => (0..n * dim).map(|_| rng.random_range(-1.0f32..1.0)).collect(),
                Noise::Gaussian => (0..n * dim).map(|_| StandardNormal.sample(&mut rng)).collect(),
            }
        };
        let noise = Tensor::from_vec(values, (n, dim), device)?;
        let z_range = match config.noise {
            Noise::Uniform => (-1.0, 1.0),
            Noise::Gaussian => (-GAUSSIAN_Z_SPAN, GAUSSIAN_Z_SPAN),
        };
        let mapping = if dim == 1 && config.target.dim() == 1 {
            // Equal-mass z, so bunched arrows mean high p_g for either noise type.
            let zs: Vec<f64> = (0..MAPPING_ARROWS)
                .map(|i| noise_quantile(config.noise, (i as f64 + 0.5) / MAPPING_ARROWS as f64))
                .collect();
            let t = Tensor::from_vec(
                zs.iter().map(|&z| z as f32).collect::<Vec<_>>(),
                (MAPPING_ARROWS, 1),
                device,
            )?;
            Some((t, zs))
        } else {
            None
        };
        let plane = match config.target.plane() {
            Some(plane) => Some(PlaneProbe::new(plane, config, z_range, device)?),
            None => None,
        };
        Ok(Probe {
            grid,
            p_data,
            noise,
            mapping,
            z_range,
            plane,
        })
    }

    /// The x grid.
    pub fn grid(&self) -> &[f64] {
        &self.grid
    }

    /// Exact data density on the grid.
    pub fn p_data(&self) -> &[f64] {
        &self.p_data
    }

    /// The fixed noise set, shape (GENERATOR_SAMPLES, noise_dim).
    pub fn noise(&self) -> &Tensor {
        &self.noise
    }

    /// `m` rows of the fixed noise spread over its whole range, for gradient diagnostics.
    pub fn noise_batch(&self, m: usize) -> Result<Tensor> {
        // Every 10_000/m-th row keeps the batch spread over the whole noise range.
        let stride = (GENERATOR_SAMPLES / m.clamp(1, GENERATOR_SAMPLES)).max(1);
        let rows: Vec<u32> = (0..GENERATOR_SAMPLES.min(m))
            .map(|i| (i * stride) as u32)
            .collect();
        let index = Tensor::from_vec(rows, GENERATOR_SAMPLES.min(m), self.noise.device())?;
        self.noise.index_select(&index, 0)
    }

    /// The arrows' z as a tensor and as numbers, when z is 1-D.
    pub fn mapping_z(&self) -> Option<(&Tensor, &[f64])> {
        self.mapping.as_ref().map(|(t, z)| (t, z.as_slice()))
    }

    /// The fixed inputs of a 2-D frame, when the target is a plane.
    pub fn plane(&self) -> Option<&PlaneProbe> {
        self.plane.as_ref()
    }

    /// The z interval to draw.
    pub fn z_range(&self) -> (f64, f64) {
        self.z_range
    }
}
