//! The training steps of Algorithm 1 and the trainer's options around them: a
//! discriminator step (penalties R1, R2 and WGAN-GP, instance noise, weight clipping), a
//! generator step (optionally against an unrolled copy of D), simultaneous steps of both,
//! and the one tail every step ends with ([`Gan::gradients`]).

use super::loss::{discriminator_loss, generator_loss};
use super::nets::Mlp;
use super::{Gan, Player, Result, sigmoid};
use crate::engine::config::{Loss, Noise, Updates};
use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// One discriminator minibatch: real points (instance noise added), the noise z of the
/// fakes and the instance noise they get, and the mixing weights of the WGAN-GP
/// interpolates. The fakes are made from z when the loss is evaluated, so the unrolled
/// look-ahead can follow how they depend on G.
pub(super) struct DBatch {
    real: Tensor,
    z: Tensor,
    jitter: Option<Tensor>,
    mix: Option<Tensor>,
}

/// One generator minibatch: the noise z and the instance noise added to G(z).
pub(super) struct GBatch {
    z: Tensor,
    jitter: Option<Tensor>,
}

/// Whether a D loss sees the fakes as constants (a D step) or as functions of G's
/// weights (the unrolled look-ahead's second derivatives).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fakes {
    Detached,
    Attached,
}

/// Whether G's loss needs gradients in D's weights as well as in G's: only the unrolled
/// look-ahead, which carries them back through D's steps, does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Opponent {
    Frozen,
    Differentiable,
}

/// What a discriminator loss evaluation saw, for the metrics.
pub(super) struct DOutcome {
    pub(super) loss: Tensor,
    logits: Tensor,
}

impl Gan {
    /// One iteration: k discriminator steps, then one generator step, alternating as in
    /// Algorithm 1 or, with `updates = simultaneous`, the last D step and the G step
    /// taken from the same point. A frozen network skips its steps.
    pub fn iteration(&mut self) -> Result<()> {
        let (k, train_d, train_g) = (self.config.k, self.config.train_d, self.config.train_g);
        match self.config.updates {
            Updates::Alternating => {
                if train_d {
                    for _ in 0..k {
                        self.d_step()?;
                    }
                }
                if train_g {
                    self.g_step()?;
                }
            }
            Updates::Simultaneous => {
                if train_d {
                    for _ in 1..k {
                        self.d_step()?;
                    }
                }
                self.simultaneous_step(train_d, train_g)?;
            }
        }
        self.steps += 1;
        if !(self.generator.is_finite()? && self.discriminator.is_finite()?) {
            return self.fail("a weight became NaN or infinite".into());
        }
        Ok(())
    }

    /// One discriminator (critic) update on a real and a fake minibatch.
    pub fn d_step(&mut self) -> Result<()> {
        let grads = self.d_gradients()?;
        self.apply_d(&grads)
    }

    /// One generator update.
    pub fn g_step(&mut self) -> Result<()> {
        let grads = self.g_gradients()?;
        self.g_opt.step(&grads)?;
        Ok(())
    }

    /// Both players' gradients at the same point, then both updates: gradient
    /// descent-ascent, the scheme whose rotation spirals out (SCIENCE.md, Dirac-GAN).
    fn simultaneous_step(&mut self, train_d: bool, train_g: bool) -> Result<()> {
        let d = if train_d { Some(self.d_gradients()?) } else { None };
        let g = if train_g { Some(self.g_gradients()?) } else { None };
        if let Some(grads) = d {
            self.apply_d(&grads)?;
        }
        if let Some(grads) = g {
            self.g_opt.step(&grads)?;
        }
        Ok(())
    }

    /// The discriminator's update, then WGAN's clipping.
    fn apply_d(&mut self, grads: &GradStore) -> Result<()> {
        self.d_opt.step(grads)?;
        if self.config.loss == Loss::Wasserstein {
            self.discriminator.clip_weights(self.config.clip)?;
        }
        Ok(())
    }

    /// The discriminator's gradient on a fresh minibatch, with the metrics of its step.
    fn d_gradients(&mut self) -> Result<GradStore> {
        self.check_alive()?;
        let batch = self.d_batch()?;
        let DOutcome { loss, logits } = self.d_loss(&self.discriminator, &batch, Fakes::Detached)?;
        let (grads, loss_value, norm) = self.gradients(Player::Discriminator, &loss)?;
        let m = self.config.batch;
        let sigmoid_output = self.config.loss.is_sigmoid();
        let logits = logits.flatten_all()?.to_vec1::<f32>()?;
        let output = |l: f32| {
            if sigmoid_output {
                sigmoid(l as f64)
            } else {
                l as f64
            }
        };
        let mean = |xs: &[f32]| xs.iter().map(|&l| output(l)).sum::<f64>() / xs.len().max(1) as f64;
        self.last.d_real = mean(&logits[..m]);
        self.last.d_fake = mean(&logits[m..]);
        self.last.d_loss = loss_value;
        self.last.d_grad_norm = norm;
        Ok(grads)
    }

    /// The generator's gradient on a fresh minibatch, against D or, with
    /// `unrolled_steps > 0`, against D unrolled that many steps ahead (`unroll.rs`).
    fn g_gradients(&mut self) -> Result<GradStore> {
        self.check_alive()?;
        let steps = self.config.unrolled_steps;
        let (grads, loss_value) = if steps > 0 && self.config.train_d {
            let batches = (0..steps).map(|_| self.d_batch()).collect::<Result<Vec<_>>>()?;
            let batch = self.g_batch()?;
            let (grads, loss) = self.unrolled_gradients(&batches, &batch)?;
            (grads, self.finite_loss(Player::Generator, &loss)?)
        } else {
            let batch = self.g_batch()?;
            let loss = self.g_loss(&self.discriminator, &batch, Opponent::Frozen)?;
            let value = self.finite_loss(Player::Generator, &loss)?;
            (loss.backward()?, value)
        };
        let norm = self.finite_norm(Player::Generator, &grads)?;
        self.last.g_loss = loss_value;
        self.last.g_grad_norm = norm;
        Ok(grads)
    }

    /// A real minibatch and the makings of a fake one for a D step.
    pub(super) fn d_batch(&mut self) -> Result<DBatch> {
        let m = self.config.batch;
        let real = self.real_batch()?;
        let z = self.noise_batch()?;
        let (real, jitter) = match (self.jitter()?, self.jitter()?) {
            (Some(a), b) => ((real + a)?, b),
            _ => (real, None),
        };
        let mix = if self.config.loss == Loss::WassersteinGp && self.config.gp_lambda > 0.0 {
            let eps: Vec<f32> = (0..m).map(|_| self.rng.random::<f32>()).collect();
            Some(self.column(eps)?)
        } else {
            None
        };
        Ok(DBatch { real, z, jitter, mix })
    }

    /// Noise for a G step, and the instance noise its fakes get on the way into D.
    pub(super) fn g_batch(&mut self) -> Result<GBatch> {
        let z = self.noise_batch()?;
        let jitter = self.jitter()?;
        Ok(GBatch { z, jitter })
    }

    /// D's loss on `batch`, penalties included, evaluated by `d` (the discriminator or
    /// its unrolled copy), with the fakes made by the current G.
    pub(super) fn d_loss(&self, d: &Mlp, batch: &DBatch, fakes: Fakes) -> Result<DOutcome> {
        let c = &self.config;
        let m = c.batch;
        let DBatch { real, z, jitter, mix } = batch;
        let fake = self.generator.forward(z)?;
        let fake = match fakes {
            Fakes::Detached => fake.detach(),
            Fakes::Attached => fake,
        };
        let fake = &match jitter {
            Some(jitter) => (fake + jitter)?,
            None => fake,
        };
        // One pass over real and fake together.
        let logits = d.forward(&Tensor::cat(&[real, fake], 0)?)?;
        let (l_real, l_fake) = (logits.narrow(0, 0, m)?, logits.narrow(0, m, m)?);
        let mut loss = discriminator_loss(c.loss, &l_real, &l_fake)?;
        if let Some(eps) = mix {
            let mixed = (real.broadcast_mul(eps)? + fake.broadcast_mul(&(1.0 - eps)?)?)?;
            let (_, slopes) = d.forward_with_input_gradient(&mixed)?;
            let norm = match slopes.as_slice() {
                [slope] => slope.abs()?,
                // √(|∇|² + ε): the norm's own gradient is infinite at a flat point.
                _ => (squared_norm(&slopes)? + 1e-12)?.sqrt()?,
            };
            let penalty = (norm - 1.0)?.sqr()?.mean_all()?;
            loss = (loss + (penalty * c.gp_lambda)?)?;
        }
        // Zero-centred penalties: γ/2 E (dD/dx)² on real (R1) and on fake (R2) points.
        for (gamma, points) in [(c.r1_gamma, real), (c.r2_gamma, fake)] {
            if gamma > 0.0 {
                let (_, slopes) = d.forward_with_input_gradient(points)?;
                loss = (loss + (squared_norm(&slopes)?.mean_all()? * (0.5 * gamma))?)?;
            }
        }
        Ok(DOutcome { loss, logits })
    }

    /// G's loss on `batch` against `d`.
    pub(super) fn g_loss(&self, d: &Mlp, batch: &GBatch, opponent: Opponent) -> Result<Tensor> {
        let fake = self.generator.forward(&batch.z)?;
        let fake = match &batch.jitter {
            Some(jitter) => (fake + jitter)?,
            None => fake,
        };
        let logits = match opponent {
            Opponent::Frozen => d.forward_frozen(&fake)?,
            Opponent::Differentiable => d.forward(&fake)?,
        };
        Ok(generator_loss(self.config.loss, &logits)?)
    }

    /// The tail every step shares: checks that the loss is finite, backpropagates,
    /// checks the gradient's norm over the player's variables. Returns the gradients,
    /// the loss and the norm; the caller lets the optimizer step.
    fn gradients(&mut self, player: Player, loss: &Tensor) -> Result<(GradStore, f64, f64)> {
        let loss_value = self.finite_loss(player, loss)?;
        let grads = loss.backward()?;
        let norm = self.finite_norm(player, &grads)?;
        Ok((grads, loss_value, norm))
    }

    /// The loss's value, or a stop when it is NaN or infinite.
    fn finite_loss(&mut self, player: Player, loss: &Tensor) -> Result<f64> {
        let value = loss.to_scalar::<f32>()? as f64;
        if !value.is_finite() {
            return self.fail(format!("the {} loss became {value}", player.name()));
        }
        Ok(value)
    }

    /// The gradient's norm over the player's variables, or a stop when it is not finite.
    fn finite_norm(&mut self, player: Player, grads: &GradStore) -> Result<f64> {
        let net = match player {
            Player::Discriminator => &self.discriminator,
            Player::Generator => &self.generator,
        };
        let norm = grad_norm(grads, &net.vars())?;
        if !norm.is_finite() {
            return self.fail(format!("the {} gradient became {norm}", player.name()));
        }
        Ok(norm)
    }

    /// The norm of the generator's gradient under `loss` at the current state, without
    /// updating anything: the vanishing-gradient comparison (minimax against
    /// non-saturating at the same D and G). Uses the snapshot's fixed noise, so it does
    /// not disturb the training's random stream.
    pub fn generator_gradient_norm(&self, loss: Loss) -> Result<f64> {
        let z = self.probe.noise_batch(self.config.batch)?;
        let logits = self.discriminator.forward_frozen(&self.generator.forward(&z)?)?;
        let grads = generator_loss(loss, &logits)?.backward()?;
        grad_norm(&grads, &self.generator.vars())
    }

    /// A column of `values` on the run's device.
    pub(super) fn column(&self, values: Vec<f32>) -> Result<Tensor> {
        let n = values.len();
        Ok(Tensor::from_vec(values, (n, 1), &self.device)?)
    }

    fn real_batch(&mut self) -> Result<Tensor> {
        let m = self.config.batch;
        let Some(plane) = self.config.target.plane() else {
            let values: Vec<f32> = (0..m)
                .map(|_| self.config.target.sample(&mut self.rng) as f32)
                .collect();
            return self.column(values);
        };
        let values: Vec<f32> = (0..m)
            .flat_map(|_| plane.sample(&mut self.rng).map(|v| v as f32))
            .collect();
        Ok(Tensor::from_vec(values, (m, 2), &self.device)?)
    }

    fn noise_batch(&mut self) -> Result<Tensor> {
        let (m, dim) = (self.config.batch, self.config.noise_dim);
        let values: Vec<f32> = match self.config.noise {
            Noise::Uniform => (0..m * dim)
                .map(|_| self.rng.random_range(-1.0f32..1.0))
                .collect(),
            Noise::Gaussian => (0..m * dim)
                .map(|_| StandardNormal.sample(&mut self.rng))
                .collect(),
        };
        Ok(Tensor::from_vec(values, (m, dim), &self.device)?)
    }

    /// A batch of N(0, instance_noise²) per axis, one row per point, or `None` when
    /// instance noise is off (no random numbers are drawn then, so runs without it are
    /// unchanged).
    fn jitter(&mut self) -> Result<Option<Tensor>> {
        let sd = self.config.instance_noise;
        if sd <= 0.0 {
            return Ok(None);
        }
        let (m, dim) = (self.config.batch, self.config.target.dim());
        let values: Vec<f32> = (0..m * dim)
            .map(|_| {
                let e: f64 = StandardNormal.sample(&mut self.rng);
                (sd * e) as f32
            })
            .collect();
        Ok(Some(Tensor::from_vec(values, (m, dim), &self.device)?))
    }
}

/// |∇x D|² per point from its partial derivatives, one column per axis.
fn squared_norm(slopes: &[Tensor]) -> Result<Tensor> {
    let mut total = slopes[0].sqr()?;
    for slope in &slopes[1..] {
        total = (total + slope.sqr()?)?;
    }
    Ok(total)
}

/// L2 norm of the gradient over `vars`.
fn grad_norm(grads: &GradStore, vars: &[Var]) -> Result<f64> {
    let mut total = 0.0f64;
    for var in vars {
        if let Some(g) = grads.get(var) {
            total += g.sqr()?.sum_all()?.to_scalar::<f32>()? as f64;
        }
    }
    Ok(total.sqrt())
}
