//! The snapshot of a 2-D run: D as a heatmap over the plane, both densities on its
//! cells, dots, the generator's manifold, gradient arrows and the modes, with the 2-D
//! metrics (`plane_measure`).

use super::probe::{PLANE_ARROWS, PLANE_DOTS, PlaneProbe};
use super::{Gan, Result, sigmoid};
use crate::engine::config::Loss;
use crate::engine::opponent;
use crate::engine::plane::Point;
use crate::engine::snapshot::{Metrics, ModeMark, PlaneView, Snapshot};
use candle_core::Tensor;

/// Rows of a flat (n, 2) f32 tensor as points.
fn points(t: &Tensor) -> Result<Vec<Point>> {
    let flat = t.flatten_all()?.to_vec1::<f32>()?;
    Ok(flat
        .chunks_exact(2)
        .map(|p| [f64::from(p[0]), f64::from(p[1])])
        .collect())
}

/// Every `n / k`-th element, `k` of them: a subset spread over the fixed noise, whose
/// rows are sorted quantiles when z is 1-D.
fn strided<T: Copy>(all: &[T], k: usize) -> Vec<T> {
    let k = k.min(all.len());
    (0..k).map(|i| all[i * all.len() / k]).collect()
}

impl Gan {
    /// ∇x of D's logit (or critic) at each point: where a generator step moves a fake.
    pub fn discriminator_gradient(&self, at: &[Point]) -> Result<Vec<Point>> {
        let values: Vec<f32> = at.iter().flat_map(|p| p.map(|v| v as f32)).collect();
        let x = Tensor::from_vec(values, (at.len(), 2), &self.device)?;
        let (_, slopes) = self.discriminator.forward_with_input_gradient(&x)?;
        let axis = |t: &Tensor| -> Result<Vec<f32>> { Ok(t.flatten_all()?.to_vec1::<f32>()?) };
        let (gx, gy) = (axis(&slopes[0])?, axis(&slopes[1])?);
        Ok(gx
            .into_iter()
            .zip(gy)
            .map(|(a, b)| [f64::from(a), f64::from(b)])
            .collect())
    }

    /// The generator's samples from the snapshot's fixed noise, as points.
    pub fn generator_points(&self) -> Result<Vec<Point>> {
        points(&self.generator.forward(self.probe.noise())?)
    }

    /// The snapshot of a 2-D run (see [`PlaneView`]).
    pub(super) fn plane_snapshot(&self, probe: &PlaneProbe) -> Result<Snapshot> {
        let fakes = self.generator_points()?;
        let reference = &probe.reference;
        let grid = reference.grid().clone();
        let cells = grid.cells * grid.cells;
        let area = grid.cell_area();
        let data_masses = reference.data_masses();
        let fake_masses = grid.masses(&fakes);
        let d_logits: Vec<f64> = self
            .discriminator
            .forward(&probe.centers)?
            .flatten_all()?
            .to_vec1::<f32>()?
            .into_iter()
            .map(f64::from)
            .collect();
        let loss = self.config.loss;
        let d: Vec<f64> = if loss.is_sigmoid() {
            d_logits.iter().map(|&l| sigmoid(l)).collect()
        } else {
            d_logits.clone()
        };
        // The opponent on the cells: masses stand in for densities (the same area each).
        let (p_cells, g_cells) = (&data_masses[..cells], &fake_masses[..cells]);
        let (dstar_gap, opponent_gap) = match loss {
            Loss::Wasserstein | Loss::WassersteinGp => (None, f64::NAN),
            _ => {
                let gap = opponent::opponent(loss, &[], p_cells, g_cells, &d).gap;
                (loss.has_optimal_discriminator().then_some(gap), gap)
            }
        };
        let coverage = reference.coverage(&fakes);
        let n = fakes.len().max(1) as f64;
        let mean = fakes
            .iter()
            .fold([0.0, 0.0], |m, p| [m[0] + p[0] / n, m[1] + p[1] / n]);
        let spread = (fakes
            .iter()
            .map(|p| (p[0] - mean[0]).powi(2) + (p[1] - mean[1]).powi(2))
            .sum::<f64>()
            / (2.0 * n))
            .sqrt();
        let tv = 0.5
            * data_masses
                .iter()
                .zip(&fake_masses)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>();
        let metrics = Metrics {
            steps: self.steps,
            d_loss: self.last.d_loss,
            g_loss: self.last.g_loss,
            d_real: self.last.d_real,
            d_fake: self.last.d_fake,
            w1: reference.sliced_w1(&fakes),
            js: reference.js(&fakes),
            tv: tv.clamp(0.0, 1.0),
            mode_masses: coverage.mode_masses.clone(),
            modes_covered: coverage.modes_covered,
            high_quality: coverage.high_quality,
            g_grad_norm: self.last.g_grad_norm,
            d_grad_norm: self.last.d_grad_norm,
            dstar_gap,
            opponent_gap,
            g_mean: mean[0],
            g_std: spread,
            diverged: self.diverged.is_some(),
        };
        let manifold_points = points(&self.generator.forward(&probe.manifold_z)?)?;
        let manifold = manifold_points
            .chunks(probe.manifold_points)
            .map(<[Point]>::to_vec)
            .collect();
        let arrow_tails = strided(&fakes, PLANE_ARROWS);
        let arrows = arrow_tails
            .iter()
            .copied()
            .zip(self.discriminator_gradient(&arrow_tails)?)
            .collect();
        let modes = reference
            .modes()
            .iter()
            .zip(&coverage.covered)
            .map(|(&mode, &covered)| ModeMark { mode, covered })
            .collect();
        let density = |masses: &[f64]| -> Vec<f64> { masses[..cells].iter().map(|m| m / area).collect() };
        let view = PlaneView {
            grid,
            d,
            p_data: density(data_masses),
            p_g: density(&fake_masses),
            fakes: strided(&fakes, PLANE_DOTS),
            reals: probe.reals.clone(),
            manifold,
            arrows,
            modes,
        };
        Ok(Snapshot {
            loss,
            z_range: self.probe.z_range(),
            metrics,
            plane: Some(view),
            ..Snapshot::default()
        })
    }
}
