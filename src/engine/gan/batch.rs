//! The random minibatches of the steps: real points, noise z, instance noise and
//! WGAN-GP's mixing weights, drawn from a random stream in a fixed order, so a seed
//! replays the same run.

use super::Result;
use crate::engine::config::{Experiment, Loss, Noise};
use candle_core::{Device, Tensor};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// One discriminator minibatch: real points (instance noise added), the noise z of the
/// fakes and the instance noise they get, and the mixing weights of the WGAN-GP
/// interpolates. The fakes are made from z when the loss is evaluated, so the unrolled
/// look-ahead can follow how they depend on G.
pub(super) struct DBatch {
    /// Real points, one row each, instance noise already added.
    pub(super) real: Tensor,
    /// The fakes' noise z.
    pub(super) z: Tensor,
    /// Instance noise for the fakes, when it is on.
    pub(super) jitter: Option<Tensor>,
    /// WGAN-GP's weights of real against fake in each interpolate, when it is on.
    pub(super) mix: Option<Tensor>,
}

/// One generator minibatch: the noise z and the instance noise added to G(z).
pub(super) struct GBatch {
    /// The noise z.
    pub(super) z: Tensor,
    /// Instance noise for G(z), when it is on.
    pub(super) jitter: Option<Tensor>,
}

/// A minibatch a step can draw, whole or in parts (`split.rs`).
pub(super) trait Minibatch: Sized + Sync {
    /// A fresh minibatch of `from`'s rows, drawn from `rng` in a fixed order.
    fn draw<R: Rng + ?Sized>(from: &Draw<'_>, rng: &mut R) -> Result<Self>;
}

impl Minibatch for DBatch {
    fn draw<R: Rng + ?Sized>(from: &Draw<'_>, rng: &mut R) -> Result<Self> {
        from.d_batch(rng)
    }
}

impl Minibatch for GBatch {
    fn draw<R: Rng + ?Sized>(from: &Draw<'_>, rng: &mut R) -> Result<Self> {
        from.g_batch(rng)
    }
}

/// Draws minibatches of `rows` rows for a run's settings, on its device.
pub(super) struct Draw<'a> {
    config: &'a Experiment,
    device: &'a Device,
    rows: usize,
}

impl<'a> Draw<'a> {
    pub(super) fn new(config: &'a Experiment, device: &'a Device, rows: usize) -> Self {
        Draw { config, device, rows }
    }

    /// A real minibatch and the makings of a fake one for a D step.
    pub(super) fn d_batch<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<DBatch> {
        let real = self.real(rng)?;
        let z = self.noise(rng)?;
        let (real, jitter) = match (self.jitter(rng)?, self.jitter(rng)?) {
            (Some(a), b) => ((real + a)?, b),
            _ => (real, None),
        };
        let c = self.config;
        let mix = if c.loss == Loss::WassersteinGp && c.gp_lambda > 0.0 {
            let eps: Vec<f32> = (0..self.rows).map(|_| rng.random::<f32>()).collect();
            Some(column(eps, self.device)?)
        } else {
            None
        };
        Ok(DBatch { real, z, jitter, mix })
    }

    /// Noise for a G step, and the instance noise its fakes get on the way into D.
    pub(super) fn g_batch<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<GBatch> {
        let z = self.noise(rng)?;
        let jitter = self.jitter(rng)?;
        Ok(GBatch { z, jitter })
    }

    fn real<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Tensor> {
        let (m, target) = (self.rows, &self.config.target);
        let Some(plane) = target.plane() else {
            let values: Vec<f32> = (0..m).map(|_| target.sample(rng) as f32).collect();
            return column(values, self.device);
        };
        let values: Vec<f32> = (0..m).flat_map(|_| plane.sample(rng).map(|v| v as f32)).collect();
        Ok(Tensor::from_vec(values, (m, 2), self.device)?)
    }

    fn noise<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Tensor> {
        let (m, dim) = (self.rows, self.config.noise_dim);
        let values: Vec<f32> = match self.config.noise {
            Noise::Uniform => (0..m * dim).map(|_| rng.random_range(-1.0f32..1.0)).collect(),
            Noise::Gaussian => (0..m * dim).map(|_| StandardNormal.sample(rng)).collect(),
        };
        Ok(Tensor::from_vec(values, (m, dim), self.device)?)
    }

    /// A batch of N(0, instance_noise²) per axis, one row per point, or `None` when
    /// instance noise is off (no random numbers are drawn then, so runs without it are
    /// unchanged).
    fn jitter<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Option<Tensor>> {
        let sd = self.config.instance_noise;
        if sd <= 0.0 {
            return Ok(None);
        }
        let (m, dim) = (self.rows, self.config.target.dim());
        let values: Vec<f32> = (0..m * dim)
            .map(|_| {
                let e: f64 = StandardNormal.sample(rng);
                (sd * e) as f32
            })
            .collect();
        Ok(Some(Tensor::from_vec(values, (m, dim), self.device)?))
    }
}

/// A column of `values` on `device`.
pub(super) fn column(values: Vec<f32>, device: &Device) -> Result<Tensor> {
    let n = values.len();
    Ok(Tensor::from_vec(values, (n, 1), device)?)
}
