//! The unrolled GAN (Metz et al. 2016): G's loss is taken against D after U more D steps,
//! f(θ_G, θ_D^U(θ_G, θ_D)), and differentiated *through* those steps, so G is charged
//! for the move D would make next. That term is what stops the generator hopping from
//! mode to mode.
//!
//! candle's backward pass cannot differentiate a gradient, so the reverse pass through
//! the look-ahead steps uses Hessian-vector products by central differences of
//! gradients: H v ≈ (∇L(φ + εv) − ∇L(φ − εv)) / 2ε, two extra passes per step, each
//! giving both D's block (H_φφ v) and the cross block with G (H_θφ v). The look-ahead
//! follows D's optimizer with a copy of its state, and each optimizer step is
//! differentiated exactly, the second-moment normalisation of RMSProp and Adam included
//! (see `optim::StepModel`); WGAN's weight clipping is applied but not differentiated.

use super::batch::{DBatch, GBatch};
use super::nets::Mlp;
use super::optim::{StateAdjoint, StepModel};
use super::step::{Fakes, Opponent};
use super::{Gan, Result};
use crate::engine::config::Loss;
use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};

/// The largest change a finite-difference probe makes to any weight: small enough for
/// the curvature to be local, large enough that f32 rounding stays far below it.
const PROBE: f64 = 1e-3;

/// One look-ahead step, remembered for the reverse pass.
struct Remembered<'a> {
    /// D's weights before the step.
    weights: Vec<Tensor>,
    /// The minibatch of the step.
    batch: &'a DBatch,
    /// How the step moved the weights, for the reverse pass.
    model: StepModel,
}

/// The gradient over `vars` in `grads`, zeros where a variable got none.
fn collect(grads: &GradStore, vars: &[Var]) -> Result<Vec<Tensor>> {
    vars.iter()
        .map(|v| match grads.get(v) {
            Some(g) => Ok(g.clone()),
            None => Ok(v.as_tensor().zeros_like()?),
        })
        .collect()
}

/// Each tensor's current value, copied.
fn copy_of(vars: &[Var]) -> Result<Vec<Tensor>> {
    Ok(vars
        .iter()
        .map(|v| v.as_tensor().copy())
        .collect::<candle_core::Result<Vec<_>>>()?)
}

/// The largest absolute entry of any tensor.
fn largest(tensors: &[Tensor]) -> Result<f64> {
    let mut most = 0f64;
    for t in tensors {
        most = most.max(t.abs()?.max_all()?.to_scalar::<f32>()? as f64);
    }
    Ok(most)
}

/// a + s·b, tensor by tensor.
fn axpy(a: &[Tensor], s: f64, b: &[Tensor]) -> Result<Vec<Tensor>> {
    Ok(a.iter()
        .zip(b)
        .map(|(a, b)| a + (b * s)?)
        .collect::<candle_core::Result<Vec<_>>>()?)
}

impl Gan {
    /// G's loss against D unrolled over `batches` (one look-ahead step each), and its
    /// gradient through the look-ahead: the direct term ∂f/∂θ plus, for every step k
    /// taken backwards, H_θφ(φ_k) applied to the adjoint of that step's gradient. The
    /// returned store holds the generator's gradients (and stray entries of the copy).
    pub(super) fn unrolled_gradients(
        &self,
        batches: &[DBatch],
        batch: &GBatch,
    ) -> Result<(GradStore, Tensor)> {
        let mut copy = self.discriminator.duplicate()?;
        let vars = copy.vars();
        let (loss, steps) = self.look_ahead(&copy, &vars, batches, batch)?;
        let mut grads = loss.backward()?;
        let mut adjoint_weights = collect(&grads, &vars)?;
        let mut adjoint_state = StateAdjoint::zeros(&adjoint_weights)?;
        let generator = self.generator.vars();
        let mut extra: Vec<Tensor> = generator
            .iter()
            .map(|v| v.as_tensor().zeros_like())
            .collect::<candle_core::Result<_>>()?;
        for step in steps.iter().rev() {
            let adjoint_gradient = step.model.pull_back(&adjoint_weights, &mut adjoint_state)?;
            // g_k = ∇φ L_D(φ_k, θ): its adjoint reaches φ_k and θ through the Hessian.
            let (d_block, g_block) = self.hessian_times(&mut copy, &vars, step, &adjoint_gradient)?;
            adjoint_weights = axpy(&adjoint_weights, 1.0, &d_block)?;
            extra = axpy(&extra, 1.0, &g_block)?;
        }
        for (var, extra) in generator.iter().zip(extra) {
            let total = match grads.get(var) {
                Some(direct) => (direct + extra)?,
                None => extra,
            };
            grads.insert(var, total);
        }
        Ok((grads, loss))
    }

    /// Trains `copy` (whose variables are `vars`) one step per batch from D's
    /// optimizer state, remembering each step, and returns G's loss against the result.
    fn look_ahead<'a>(
        &self,
        copy: &Mlp,
        vars: &[Var],
        batches: &'a [DBatch],
        batch: &GBatch,
    ) -> Result<(Tensor, Vec<Remembered<'a>>)> {
        let mut optimizer = self.d_opt.look_ahead()?;
        let mut steps = Vec::with_capacity(batches.len());
        for batch in batches {
            let weights = copy_of(vars)?;
            let loss = self.d_loss(copy, batch, Fakes::Detached)?.loss;
            let gradient = collect(&loss.backward()?, vars)?;
            let model = optimizer.step(vars, &gradient)?;
            if self.config.loss == Loss::Wasserstein {
                copy.clip_weights(self.config.clip)?;
            }
            steps.push(Remembered {
                weights,
                batch,
                model,
            });
        }
        Ok((self.g_loss(copy, batch, Opponent::Differentiable)?, steps))
    }

    /// The Hessian of D's loss at the step's weights (on its minibatch, the fakes made
    /// by G) times `direction` (over D's weights), split into D's block and the cross
    /// block with G's weights, by central differences of gradients (with the copy's kink
    /// pattern held at the step's weights, see [`Mlp::hold_kinks`]).
    fn hessian_times(
        &self,
        copy: &mut Mlp,
        vars: &[Var],
        step: &Remembered<'_>,
        direction: &[Tensor],
    ) -> Result<(Vec<Tensor>, Vec<Tensor>)> {
        let generator = self.generator.vars();
        let size = largest(direction)?;
        if size == 0.0 || !size.is_finite() {
            let zeros = |vs: &[Var]| -> Result<Vec<Tensor>> {
                Ok(vs
                    .iter()
                    .map(|v| v.as_tensor().zeros_like())
                    .collect::<candle_core::Result<_>>()?)
            };
            return Ok((zeros(vars)?, zeros(&generator)?));
        }
        let eps = PROBE / size;
        copy.hold_kinks(Some(step.weights.as_slice()));
        let held = &*copy;
        let at = |sign: f64| -> Result<(Vec<Tensor>, Vec<Tensor>)> {
            for ((var, w), d) in vars.iter().zip(&step.weights).zip(direction) {
                var.set(&(w + (d * (sign * eps))?)?)?;
            }
            let grads = self.d_loss(held, step.batch, Fakes::Attached)?.loss.backward()?;
            Ok((collect(&grads, vars)?, collect(&grads, &generator)?))
        };
        let probes = at(1.0).and_then(|plus| Ok((plus, at(-1.0)?)));
        copy.hold_kinks(None);
        let ((plus_d, plus_g), (minus_d, minus_g)) = probes?;
        let half = 0.5 / eps;
        let difference = |plus: Vec<Tensor>, minus: Vec<Tensor>| -> Result<Vec<Tensor>> {
            Ok(plus
                .into_iter()
                .zip(minus)
                .map(|(p, m)| (p - m)? * half)
                .collect::<candle_core::Result<_>>()?)
        };
        Ok((difference(plus_d, minus_d)?, difference(plus_g, minus_g)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{Activation, Experiment, OptimizerKind};

    /// The gradient through the look-ahead against the slope of the unrolled objective
    /// itself, f(θ + t·u) for a direction u, by central differences in θ: they agree,
    /// and differ from the first-order gradient (which drops the look-ahead term). With
    /// smooth units and with ReLU, whose kinks the Hessian-vector products hold still.
    #[test]
    fn the_unrolled_gradient_is_the_slope_of_the_unrolled_loss() -> Result<()> {
        for activation in [Activation::Tanh, Activation::Relu] {
            for optimizer in OptimizerKind::ALL {
                check_unrolled_slope(activation, optimizer)?;
            }
        }
        Ok(())
    }

    fn check_unrolled_slope(activation: Activation, optimizer: OptimizerKind) -> Result<()> {
        let mut e = Experiment {
            target: "0.5*N(-4,0.4) + 0.5*N(4,0.4)".parse().expect("a valid formula"),
            optimizer,
            lr_d: match optimizer {
                OptimizerKind::Sgd => 0.5,
                OptimizerKind::Momentum => 0.05,
                _ => 0.01,
            },
            batch: 64,
            hidden: 8,
            // The setting this check was measured on: uniform z, no R1, G at 1e-3.
            noise: crate::engine::config::choices::Noise::Uniform,
            r1_gamma: 0.0,
            lr_g: 1e-3,
            ..Experiment::default()
        };
        e.activation = activation;
        let mut gan = Gan::new(e)?;
        gan.train(30)?;
        let batches = (0..4).map(|_| gan.d_batch()).collect::<Result<Vec<_>>>()?;
        let batch = gan.g_batch()?;
        let (grads, _) = gan.unrolled_gradients(&batches, &batch)?;
        let generator = gan.generator.vars();
        let gradient = collect(&grads, &generator)?;
        let objective = |gan: &Gan| -> Result<f64> {
            let copy = gan.discriminator.duplicate()?;
            let vars = copy.vars();
            let (loss, _) = gan.look_ahead(&copy, &vars, &batches, &batch)?;
            Ok(loss.to_scalar::<f32>()? as f64)
        };
        // Along the gradient itself: the slope must be |g|².
        let norm2: f64 = gradient
            .iter()
            .map(|g| g.sqr()?.sum_all()?.to_scalar::<f32>().map(f64::from))
            .sum::<candle_core::Result<f64>>()?;
        // With ReLU units the unrolled loss has a kink wherever a unit of G or of the
        // look-ahead's D crosses 0: the step must stay within one smooth piece (at 1e-4
        // one crossing already spoilt the slope; 1e-5 to 3e-5 agree).
        let t = match activation {
            Activation::Relu => 3e-5,
            _ => 1e-2,
        } / norm2.sqrt();
        let start = copy_of(&generator)?;
        let value_at = |s: f64| -> Result<f64> {
            for ((var, w), g) in generator.iter().zip(&start).zip(&gradient) {
                var.set(&(w + (g * (s * t))?)?)?;
            }
            objective(&gan)
        };
        let slope = (value_at(1.0)? - value_at(-1.0)?) / (2.0 * t);
        value_at(0.0)?;
        // The first-order gradient (the direct term alone) points elsewhere.
        let copy = gan.discriminator.duplicate()?;
        let vars = copy.vars();
        let (loss, _) = gan.look_ahead(&copy, &vars, &batches, &batch)?;
        let direct = collect(&loss.backward()?, &generator)?;
        let mut dot = 0.0;
        let mut direct2 = 0.0;
        for (a, b) in gradient.iter().zip(&direct) {
            dot += (a * b)?.sum_all()?.to_scalar::<f32>()? as f64;
            direct2 += b.sqr()?.sum_all()?.to_scalar::<f32>()? as f64;
        }
        let apart = ((direct2 - 2.0 * dot + norm2) / norm2).sqrt();
        // (The smallest measured: 0.19, ReLU with momentum.)
        assert!(
            apart > 0.15,
            "{activation:?} {optimizer:?}: the look-ahead term should matter: |direct - g| / |g| = {apart}"
        );
        assert!(
            (slope - norm2).abs() < 0.1 * norm2,
            "{activation:?} {optimizer:?}: slope along the gradient {slope} vs |g|² {norm2}"
        );
        Ok(())
    }
}
