//! The training steps of Algorithm 1 and the trainer's options around them: a
//! discriminator step (penalties R1, R2 and WGAN-GP, instance noise, weight clipping), a
//! generator step (optionally against an unrolled copy of D), simultaneous steps of both,
//! and the checks every step ends with (a finite loss and gradient). The minibatches
//! come from `batch.rs`; a large one is cut over the CPU threads by `split.rs`.

use super::batch::{self, DBatch, Draw, GBatch, Minibatch};
use super::loss::{discriminator_loss, generator_loss, mean};
use super::nets::Mlp;
use super::split;
use super::{Gan, Player, Result, sigmoid};
use crate::engine::config::{Experiment, Loss, Updates};
use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

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
    pub(super) logits: Tensor,
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

    /// The discriminator's gradient on a fresh minibatch, with the metrics of its step;
    /// the minibatch cut into parts over the CPU threads when that is faster (`split.rs`).
    fn d_gradients(&mut self) -> Result<GradStore> {
        self.check_alive()?;
        let sigmoid_output = self.config.loss.is_sigmoid();
        let output = |l: f32| {
            if sigmoid_output {
                sigmoid(l as f64)
            } else {
                l as f64
            }
        };
        let outcomes = self.on_parts(|gan, part: &DBatch, share| {
            let DOutcome { loss, logits } = gan.d_loss(&gan.discriminator, part, Fakes::Detached)?;
            let loss = (loss * share)?;
            let logits = logits.flatten_all()?.to_vec1::<f32>()?;
            let rows = logits.len() / 2;
            let sum = |xs: &[f32]| xs.iter().map(|&l| output(l)).sum::<f64>();
            let outputs = (sum(&logits[..rows]), sum(&logits[rows..]));
            Ok((loss.to_scalar::<f32>()? as f64, loss.backward()?, outputs))
        })?;
        let m = self.config.batch.max(1) as f64;
        let (mut loss_value, mut real, mut fake) = (0.0, 0.0, 0.0);
        let mut stores = Vec::with_capacity(outcomes.len());
        for (loss, grads, (real_sum, fake_sum)) in outcomes {
            loss_value += loss;
            real += real_sum;
            fake += fake_sum;
            stores.push(grads);
        }
        self.finite(Player::Discriminator, loss_value)?;
        let grads = split::sum_gradients(stores, &self.discriminator.vars())?;
        let norm = self.finite_norm(Player::Discriminator, &grads)?;
        self.last.d_real = real / m;
        self.last.d_fake = fake / m;
        self.last.d_loss = loss_value;
        self.last.d_grad_norm = norm;
        Ok(grads)
    }

    /// `work(gan, part, share)` on each part of a fresh minibatch and its share of the
    /// rows (`split.rs`): the whole batch from the run's stream on this thread, or one
    /// part per thread, each drawn there from a stream the run's stream seeds.
    fn on_parts<B: Minibatch, T: Send>(
        &mut self,
        work: impl Fn(&Gan, &B, f64) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let m = self.config.batch;
        let count = split::part_count(m, self.config.hidden, &self.device);
        if count == 1 {
            let batch = B::draw(&Draw::new(&self.config, &self.device, m), &mut self.rng)?;
            return Ok(vec![work(self, &batch, 1.0)?]);
        }
        let parts: Vec<(usize, u64)> = split::part_rows(m, count)
            .into_iter()
            .map(|rows| (rows, self.rng.random()))
            .collect();
        let gan = &*self;
        split::on_threads(&parts, |&(rows, seed)| {
            let from = Draw::new(&gan.config, &gan.device, rows);
            let batch = B::draw(&from, &mut StdRng::seed_from_u64(seed))?;
            work(gan, &batch, rows as f64 / m as f64)
        })
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
            let outcomes = self.on_parts(|gan, part: &GBatch, share| {
                let loss = (gan.g_loss(&gan.discriminator, part, Opponent::Frozen)? * share)?;
                Ok((loss.to_scalar::<f32>()? as f64, loss.backward()?))
            })?;
            let value = outcomes.iter().map(|(loss, _)| loss).sum();
            self.finite(Player::Generator, value)?;
            let stores = outcomes.into_iter().map(|(_, grads)| grads).collect();
            (split::sum_gradients(stores, &self.generator.vars())?, value)
        };
        let norm = self.finite_norm(Player::Generator, &grads)?;
        self.last.g_loss = loss_value;
        self.last.g_grad_norm = norm;
        Ok(grads)
    }

    /// A real minibatch and the makings of a fake one for a D step, from the run's stream.
    pub(super) fn d_batch(&mut self) -> Result<DBatch> {
        Draw::new(&self.config, &self.device, self.config.batch).d_batch(&mut self.rng)
    }

    /// Noise for a G step, from the run's stream.
    pub(super) fn g_batch(&mut self) -> Result<GBatch> {
        Draw::new(&self.config, &self.device, self.config.batch).g_batch(&mut self.rng)
    }

    /// D's loss on `batch`, penalties included, evaluated by `d` (the discriminator or
    /// its unrolled copy), with the fakes made by the current G.
    pub(super) fn d_loss(&self, d: &Mlp, batch: &DBatch, fakes: Fakes) -> Result<DOutcome> {
        let terms = DTerms::of(&self.config);
        d_loss(&terms, &self.generator, d, batch, fakes)
    }

    /// G's loss on `batch` against `d`.
    pub(super) fn g_loss(&self, d: &Mlp, batch: &GBatch, opponent: Opponent) -> Result<Tensor> {
        g_loss(self.config.loss, &self.generator, d, batch, opponent)
    }

    /// The loss's value, or a stop when it is NaN or infinite.
    fn finite_loss(&mut self, player: Player, loss: &Tensor) -> Result<f64> {
        let value = loss.to_scalar::<f32>()? as f64;
        self.finite(player, value)?;
        Ok(value)
    }

    /// A stop when the loss `value` is NaN or infinite.
    pub(super) fn finite(&mut self, player: Player, value: f64) -> Result<()> {
        if !value.is_finite() {
            return self.fail(format!("the {} loss became {value}", player.name()));
        }
        Ok(())
    }

    /// The gradient's norm over the player's variables, or a stop when it is not finite.
    fn finite_norm(&mut self, player: Player, grads: &GradStore) -> Result<f64> {
        let net = match player {
            Player::Discriminator => &self.discriminator,
            Player::Generator => &self.generator,
        };
        let norm = grad_norm(grads, &net.vars())?;
        self.finite_norm_value(player, norm)
    }

    /// `norm`, or a stop when it is not finite.
    pub(super) fn finite_norm_value(&mut self, player: Player, norm: f64) -> Result<f64> {
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
        batch::column(values, &self.device)
    }
}

/// A weight in a loss: one number for a run alone, or an ensemble's one per run as an
/// (R, 1, 1) tensor (see `ensemble.rs`).
#[derive(Clone, Debug)]
pub(super) enum Weight {
    One(f64),
    PerRun(Tensor),
}

impl Weight {
    /// `t` times the weight (each run's part by its own).
    pub(super) fn times(&self, t: &Tensor) -> Result<Tensor> {
        Ok(match self {
            Weight::One(w) => (t * *w)?,
            Weight::PerRun(w) => t.broadcast_mul(w)?,
        })
    }
}

/// What D's loss is made of beyond its logits: the loss, and the weights of the
/// penalties in force (WGAN-GP's applies wherever a minibatch has its mixing weights).
pub(super) struct DTerms {
    pub(super) loss: Loss,
    pub(super) gp: Weight,
    /// γ/2 of R1 (on real points), when on.
    pub(super) r1: Option<Weight>,
    /// γ/2 of R2 (on fake points), when on.
    pub(super) r2: Option<Weight>,
}

impl DTerms {
    /// A run's own terms.
    pub(super) fn of(c: &Experiment) -> DTerms {
        let half = |gamma: f64| (gamma > 0.0).then_some(Weight::One(0.5 * gamma));
        DTerms {
            loss: c.loss,
            gp: Weight::One(c.gp_lambda),
            r1: half(c.r1_gamma),
            r2: half(c.r2_gamma),
        }
    }
}

/// D's loss on `batch`, penalties included, evaluated by `d`, with the fakes made by
/// `generator`: one run's networks, or an ensemble's stacked ones and minibatches (a
/// leading run dimension on every tensor; the loss is then each run's, (R, 1, 1)).
pub(super) fn d_loss(
    terms: &DTerms,
    generator: &Mlp,
    d: &Mlp,
    batch: &DBatch,
    fakes: Fakes,
) -> Result<DOutcome> {
    let DBatch { real, z, jitter, mix } = batch;
    // The rows' dimension: 0 for one run's (n, d), 1 for an ensemble's (R, n, d).
    let rows = real.rank() - 2;
    let m = real.dim(rows)?;
    let fake = generator.forward(z)?;
    let fake = match fakes {
        Fakes::Detached => fake.detach(),
        Fakes::Attached => fake,
    };
    let fake = &match jitter {
        Some(jitter) => (fake + jitter)?,
        None => fake,
    };
    // One pass over real and fake together.
    let logits = d.forward(&Tensor::cat(&[real, fake], rows)?)?;
    let (l_real, l_fake) = (logits.narrow(rows, 0, m)?, logits.narrow(rows, m, m)?);
    let mut loss = discriminator_loss(terms.loss, &l_real, &l_fake)?;
    if let Some(eps) = mix {
        let mixed = (real.broadcast_mul(eps)? + fake.broadcast_mul(&(1.0 - eps)?)?)?;
        let (_, slopes) = d.forward_with_input_gradient(&mixed)?;
        let norm = match slopes.as_slice() {
            [slope] => slope.abs()?,
            // √(|∇|² + ε): the norm's own gradient is infinite at a flat point.
            _ => (squared_norm(&slopes)? + 1e-12)?.sqrt()?,
        };
        let penalty = mean(&(norm - 1.0)?.sqr()?)?;
        loss = (loss + terms.gp.times(&penalty)?)?;
    }
    // Zero-centred penalties: γ/2 E (dD/dx)² on real (R1) and on fake (R2) points.
    for (half_gamma, points) in [(&terms.r1, real), (&terms.r2, fake)] {
        if let Some(half_gamma) = half_gamma {
            let (_, slopes) = d.forward_with_input_gradient(points)?;
            loss = (loss + half_gamma.times(&mean(&squared_norm(&slopes)?)?)?)?;
        }
    }
    Ok(DOutcome { loss, logits })
}

/// G's loss on `batch` against `d`, made by `generator` (one run's, or an ensemble's as
/// in [`d_loss`]).
pub(super) fn g_loss(
    loss: Loss,
    generator: &Mlp,
    d: &Mlp,
    batch: &GBatch,
    opponent: Opponent,
) -> Result<Tensor> {
    let fake = generator.forward(&batch.z)?;
    let fake = match &batch.jitter {
        Some(jitter) => (fake + jitter)?,
        None => fake,
    };
    let logits = match opponent {
        Opponent::Frozen => d.forward_frozen(&fake)?,
        Opponent::Differentiable => d.forward(&fake)?,
    };
    Ok(generator_loss(loss, &logits)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{Experiment, Loss};

    /// Rows `start..start + rows` of every tensor of a D minibatch.
    fn d_rows(batch: &DBatch, start: usize, rows: usize) -> Result<DBatch> {
        let cut = |t: &Tensor| t.narrow(0, start, rows);
        Ok(DBatch {
            real: cut(&batch.real)?,
            z: cut(&batch.z)?,
            jitter: batch.jitter.as_ref().map(cut).transpose()?,
            mix: batch.mix.as_ref().map(cut).transpose()?,
        })
    }

    /// The largest difference between two gradients over `vars`, and whether both
    /// have every variable.
    fn largest_difference(a: &GradStore, b: &GradStore, vars: &[Var]) -> Result<f32> {
        let mut largest = 0f32;
        for var in vars {
            let (Some(a), Some(b)) = (a.get(var), b.get(var)) else {
                panic!("a gradient is missing a variable")
            };
            largest = largest.max((a - b)?.abs()?.max_all()?.to_scalar::<f32>()?);
        }
        Ok(largest)
    }

    /// What `split.rs` relies on: every loss and penalty is a mean over the rows, so
    /// the parts' losses weighted by their shares of the rows (64 and 96 of 160 here)
    /// sum to the whole batch's loss, and their gradients to its gradient. Checked for
    /// every loss, with instance noise, on the plane with R1, R2 and WGAN-GP's penalty.
    #[test]
    fn the_parts_weighted_gradients_sum_to_the_whole_batchs() -> Result<()> {
        for loss in Loss::ALL {
            for (target, gp) in [("N(4, 0.5)", 0.0), ("Ring(8, 2, 0.1)", 1.0)] {
                let mut e = Experiment {
                    target: target.parse().expect("a valid formula"),
                    loss,
                    batch: 160,
                    hidden: 8,
                    instance_noise: 0.1,
                    r1_gamma: 0.5,
                    r2_gamma: 0.3,
                    ..Experiment::default()
                };
                e.gp_lambda = gp;
                let mut gan = Gan::new(e)?;
                gan.train(5)?;
                let whole = gan.d_batch()?;
                let d_vars = gan.discriminator.vars();
                let d = &gan.discriminator;
                let full = gan.d_loss(d, &whole, Fakes::Detached)?.loss;
                let mut parts = Vec::new();
                let mut total = 0.0;
                for (start, rows) in [(0, 64), (64, 96)] {
                    let part = d_rows(&whole, start, rows)?;
                    let loss = (gan.d_loss(d, &part, Fakes::Detached)?.loss * (rows as f64 / 160.0))?;
                    total += loss.to_scalar::<f32>()? as f64;
                    parts.push(loss.backward()?);
                }
                let summed = split::sum_gradients(parts, &d_vars)?;
                let value = full.to_scalar::<f32>()? as f64;
                assert!(
                    (total - value).abs() < 1e-5 * value.abs().max(1.0),
                    "{loss:?} {target}: D loss {total} against {value}"
                );
                let difference = largest_difference(&summed, &full.backward()?, &d_vars)?;
                assert!(
                    difference < 1e-5,
                    "{loss:?} {target}: D gradient off by {difference}"
                );

                let whole = gan.g_batch()?;
                let d = &gan.discriminator;
                let g_vars = gan.generator.vars();
                let full = gan.g_loss(d, &whole, Opponent::Frozen)?;
                let mut parts = Vec::new();
                for (start, rows) in [(0, 64), (64, 96)] {
                    let cut = |t: &Tensor| t.narrow(0, start, rows);
                    let part = GBatch {
                        z: cut(&whole.z)?,
                        jitter: whole.jitter.as_ref().map(cut).transpose()?,
                    };
                    let loss = (gan.g_loss(d, &part, Opponent::Frozen)? * (rows as f64 / 160.0))?;
                    parts.push(loss.backward()?);
                }
                let summed = split::sum_gradients(parts, &g_vars)?;
                let difference = largest_difference(&summed, &full.backward()?, &g_vars)?;
                assert!(
                    difference < 1e-5,
                    "{loss:?} {target}: G gradient off by {difference}"
                );
            }
        }
        Ok(())
    }

    /// G's step sees D frozen: G's gradient is the same to the bit as through a
    /// differentiable D, and D's weights get none (the products that were skipped).
    #[test]
    fn a_frozen_opponent_changes_nothing_but_the_work() -> Result<()> {
        let e = Experiment {
            batch: 64,
            hidden: 8,
            ..Experiment::default()
        };
        let mut gan = Gan::new(e)?;
        gan.train(5)?;
        let batch = gan.g_batch()?;
        let d = &gan.discriminator;
        let frozen = gan.g_loss(d, &batch, Opponent::Frozen)?.backward()?;
        let live = gan.g_loss(d, &batch, Opponent::Differentiable)?.backward()?;
        for var in gan.generator.vars() {
            let (Some(a), Some(b)) = (frozen.get(&var), live.get(&var)) else {
                panic!("G's gradient is missing a variable")
            };
            assert_eq!(
                a.flatten_all()?.to_vec1::<f32>()?,
                b.flatten_all()?.to_vec1::<f32>()?
            );
        }
        for var in d.vars() {
            assert!(frozen.get(&var).is_none(), "a frozen D got a weight gradient");
            assert!(live.get(&var).is_some());
        }
        Ok(())
    }
}
