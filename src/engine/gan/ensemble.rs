//! Many runs of the same shape trained as one: an ensemble.
//!
//! A stability map trains hundreds of small GANs. At width 16 / batch 64 an iteration is
//! a few dozen tensor ops of a few thousand multiply-adds each, so a run alone pays more
//! for candle's per-op work (allocating, recording the graph) than for its arithmetic.
//! An ensemble stacks R runs' networks into one: every weight gets a leading run
//! dimension, (R, in, out), and one op a layer computes all R (`dense.rs` takes the
//! leading dimension, one gemm per run). Each run keeps everything that makes it itself:
//! its initial weights and random stream (its own [`Gan`], built as for a run alone, draws
//! its minibatches), its learning rates, penalty weights and clipping bound (per-run
//! tensors), and its losses, summed over runs only after each run's mean, so the gradient
//! each run's weights get is the one it gets alone. The arithmetic per run is the same
//! too, in the same order: an ensemble's step is a run's step to the bit
//! (`tests::one_step_in_an_ensemble_is_a_step_alone`).
//!
//! Runs train together when [`Ensemble::can_train`] them together: the same shapes
//! (target, widths, noise, batch), the same steps (loss, optimizer, k, update scheme,
//! frozen players) and the same penalties on. Learning rates, penalty weights, the
//! clipping bound, instance noise's strength and the seed may differ. The unrolled
//! generator and a minibatch cut over threads (`split.rs`) train alone.

use super::nets::Mlp;
use super::optim::Optimizer;
use super::split;
use super::step::{DOutcome, DTerms, Fakes, Opponent, Weight, d_loss, g_loss};
use super::{Gan, GanError, Player, Result, sigmoid};
use crate::engine::config::{Experiment, Loss, Updates};
use candle_core::backprop::GradStore;
use candle_core::{Device, Tensor, Var};

/// R runs' networks and optimizers stacked, trained one iteration at a time.
pub struct Ensemble {
    /// The settings every run shares (the first run's; per-run values come from each).
    shared: Experiment,
    runs: usize,
    generator: Mlp,
    discriminator: Mlp,
    g_opt: Optimizer,
    d_opt: Optimizer,
    terms: DTerms,
    /// WGAN's clipping bound per run, (R, 1, 1).
    clip: Tensor,
}

impl Ensemble {
    /// Whether `config` can train in an ensemble at all: not with the unrolled generator
    /// (its look-ahead is written for one run), nor when its minibatch would be cut over
    /// the threads (the parts' random streams are a run alone's).
    pub fn can_train_alone_only(config: &Experiment) -> bool {
        let device = super::device::select(config.device).unwrap_or(Device::Cpu);
        (config.unrolled_steps > 0 && config.train_d)
            || split::part_count(config.batch, config.hidden, &device) > 1
    }

    /// Whether runs of `a` and `b` can train in one ensemble (see the module's doc).
    pub fn can_train(a: &Experiment, b: &Experiment) -> bool {
        let on = |x: f64| x > 0.0;
        !Ensemble::can_train_alone_only(a)
            && !Ensemble::can_train_alone_only(b)
            && a.target == b.target
            && (a.loss, a.optimizer, a.k, a.updates) == (b.loss, b.optimizer, b.k, b.updates)
            && (a.batch, a.hidden, a.layers, a.noise_dim) == (b.batch, b.hidden, b.layers, b.noise_dim)
            && (a.activation, a.noise, a.device) == (b.activation, b.noise, b.device)
            && (a.train_d, a.train_g) == (b.train_d, b.train_g)
            && (on(a.gp_lambda), on(a.r1_gamma), on(a.r2_gamma))
                == (on(b.gp_lambda), on(b.r1_gamma), on(b.r2_gamma))
            && on(a.instance_noise) == on(b.instance_noise)
    }

    /// `gans`' networks stacked, with fresh optimizers: the runs must not have trained
    /// yet (an optimizer's state is not carried over) and must train together.
    pub fn new(gans: &[&Gan]) -> Result<Ensemble> {
        let Some(first) = gans.first() else {
            return Err(GanError::Tensor("an ensemble of no runs".into()));
        };
        let shared = first.config.clone();
        for gan in gans {
            if gan.steps > 0 {
                return Err(GanError::Tensor(
                    "an ensemble starts from runs that have not trained".into(),
                ));
            }
            if !Ensemble::can_train(&shared, &gan.config) {
                return Err(GanError::Tensor(
                    "runs of different shapes cannot train as one".into(),
                ));
            }
        }
        let runs = gans.len();
        let generator = Mlp::stack(&gans.iter().map(|g| &g.generator).collect::<Vec<_>>())?;
        let discriminator = Mlp::stack(&gans.iter().map(|g| &g.discriminator).collect::<Vec<_>>())?;
        let each =
            |value: fn(&Experiment) -> f64| -> Vec<f64> { gans.iter().map(|g| value(&g.config)).collect() };
        let device = first.device.clone();
        let per_run = |values: Vec<f64>| -> Result<Tensor> {
            let values: Vec<f32> = values.into_iter().map(|v| v as f32).collect();
            Ok(Tensor::from_vec(values, (runs, 1, 1), &device)?)
        };
        let mut g_opt = Optimizer::new(shared.optimizer, generator.vars(), shared.lr_g)?;
        let mut d_opt = Optimizer::new(shared.optimizer, discriminator.vars(), shared.lr_d)?;
        g_opt.set_learning_rates(&each(|c| c.lr_g))?;
        d_opt.set_learning_rates(&each(|c| c.lr_d))?;
        let half = |gamma: fn(&Experiment) -> f64| -> Result<Option<Weight>> {
            if gamma(&shared) > 0.0 {
                Ok(Some(Weight::PerRun(per_run(
                    each(gamma).iter().map(|g| 0.5 * g).collect(),
                )?)))
            } else {
                Ok(None)
            }
        };
        let terms = DTerms {
            loss: shared.loss,
            gp: Weight::PerRun(per_run(each(|c| c.gp_lambda))?),
            r1: half(|c| c.r1_gamma)?,
            r2: half(|c| c.r2_gamma)?,
        };
        let clip = per_run(each(|c| c.clip))?;
        Ok(Ensemble {
            shared,
            runs,
            generator,
            discriminator,
            g_opt,
            d_opt,
            terms,
            clip,
        })
    }

    /// How many runs train together.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// One iteration of every run, as [`Gan::iteration`] takes it alone. `gans` are the
    /// runs this ensemble was made of, in order: each draws its own minibatches, counts
    /// its iterations and keeps its step's numbers. A run that fails is stopped as it
    /// would be alone (its `diverged` says why) and is left out from then on; the others
    /// go on.
    pub fn iteration(&mut self, gans: &mut [&mut Gan]) -> Result<()> {
        if gans.len() != self.runs {
            return Err(GanError::Tensor(format!(
                "{} runs for an ensemble of {}",
                gans.len(),
                self.runs
            )));
        }
        let c = &self.shared;
        let (k, train_d, train_g) = (c.k, c.train_d, c.train_g);
        match c.updates {
            Updates::Alternating => {
                if train_d {
                    for _ in 0..k {
                        let grads = self.d_gradients(gans)?;
                        self.apply_d(&grads)?;
                    }
                }
                if train_g {
                    let grads = self.g_gradients(gans)?;
                    self.g_opt.step(&grads)?;
                }
            }
            Updates::Simultaneous => {
                if train_d {
                    for _ in 1..k {
                        let grads = self.d_gradients(gans)?;
                        self.apply_d(&grads)?;
                    }
                }
                let d = if train_d {
                    Some(self.d_gradients(gans)?)
                } else {
                    None
                };
                let g = if train_g {
                    Some(self.g_gradients(gans)?)
                } else {
                    None
                };
                if let Some(grads) = d {
                    self.apply_d(&grads)?;
                }
                if let Some(grads) = g {
                    self.g_opt.step(&grads)?;
                }
            }
        }
        let g_finite = finite_per_run(&self.generator.vars(), self.runs)?;
        let d_finite = finite_per_run(&self.discriminator.vars(), self.runs)?;
        for (run, gan) in gans.iter_mut().enumerate() {
            if gan.diverged.is_some() {
                continue;
            }
            gan.steps += 1;
            if !(g_finite[run] && d_finite[run]) {
                // Stopped, as alone; the error is the run's, not the ensemble's.
                let _ = gan.fail::<()>("a weight became NaN or infinite".into());
            }
        }
        Ok(())
    }

    /// Sets each run's networks to its weights in the ensemble, so that the run can be
    /// measured (`Gan::distance`, `Gan::snapshot`); a stopped run keeps the weights it
    /// stopped with. Only the weights: a run's optimizer stays where it started, so a
    /// run goes on training in its ensemble, not alone.
    pub fn write_weights(&self, gans: &mut [&mut Gan]) -> Result<()> {
        for (run, gan) in gans.iter_mut().enumerate() {
            if gan.diverged.is_none() {
                self.generator.write_run(run, &gan.generator)?;
                self.discriminator.write_run(run, &gan.discriminator)?;
            }
        }
        Ok(())
    }

    /// The discriminator's update, then WGAN's clipping, each run to its own bound.
    fn apply_d(&mut self, grads: &GradStore) -> Result<()> {
        self.d_opt.step(grads)?;
        if self.shared.loss == Loss::Wasserstein {
            let low = self.clip.neg()?;
            for var in self.discriminator.vars() {
                let clipped = var
                    .as_tensor()
                    .broadcast_maximum(&low)?
                    .broadcast_minimum(&self.clip)?;
                var.set(&clipped)?;
            }
        }
        Ok(())
    }

    /// Every run's discriminator gradient on its own fresh minibatch, each run's step
    /// numbers kept in its `Gan` and its losses checked as alone.
    fn d_gradients(&mut self, gans: &mut [&mut Gan]) -> Result<GradStore> {
        let batches = gans
            .iter_mut()
            .map(|gan| gan.d_batch())
            .collect::<Result<Vec<_>>>()?;
        let stack = |part: fn(&super::batch::DBatch) -> Option<&Tensor>| -> Result<Option<Tensor>> {
            let parts: Option<Vec<&Tensor>> = batches.iter().map(part).collect();
            Ok(parts.map(|p| Tensor::stack(&p, 0)).transpose()?)
        };
        let batch = super::batch::DBatch {
            real: stack(|b| Some(&b.real))?.expect("every run has real points"),
            z: stack(|b| Some(&b.z))?.expect("every run has noise"),
            jitter: stack(|b| b.jitter.as_ref())?,
            mix: stack(|b| b.mix.as_ref())?,
        };
        let DOutcome { loss, logits } = d_loss(
            &self.terms,
            &self.generator,
            &self.discriminator,
            &batch,
            Fakes::Detached,
        )?;
        let (losses, grads, norms) = backward_per_run(&loss, &self.discriminator.vars(), self.runs)?;
        let logits = logits.flatten_all()?.to_vec1::<f32>()?;
        let per_run = logits.len() / self.runs;
        let sigmoid_output = self.shared.loss.is_sigmoid();
        let output = |l: f32| {
            if sigmoid_output {
                sigmoid(l as f64)
            } else {
                l as f64
            }
        };
        for (run, gan) in gans.iter_mut().enumerate() {
            if gan.diverged.is_some() {
                continue;
            }
            let logits = &logits[run * per_run..(run + 1) * per_run];
            let (real, fake) = logits.split_at(per_run / 2);
            let m = gan.config.batch.max(1) as f64;
            let value = losses[run] as f64;
            if gan.finite(Player::Discriminator, value).is_err()
                || gan.finite_norm_value(Player::Discriminator, norms[run]).is_err()
            {
                continue;
            }
            gan.last.d_real = real.iter().map(|&l| output(l)).sum::<f64>() / m;
            gan.last.d_fake = fake.iter().map(|&l| output(l)).sum::<f64>() / m;
            gan.last.d_loss = value;
            gan.last.d_grad_norm = norms[run];
        }
        Ok(grads)
    }

    /// Every run's generator gradient on its own fresh noise, checked as alone.
    fn g_gradients(&mut self, gans: &mut [&mut Gan]) -> Result<GradStore> {
        let batches = gans
            .iter_mut()
            .map(|gan| gan.g_batch())
            .collect::<Result<Vec<_>>>()?;
        let z: Vec<&Tensor> = batches.iter().map(|b| &b.z).collect();
        let jitter: Option<Vec<&Tensor>> = batches.iter().map(|b| b.jitter.as_ref()).collect();
        let batch = super::batch::GBatch {
            z: Tensor::stack(&z, 0)?,
            jitter: jitter.map(|j| Tensor::stack(&j, 0)).transpose()?,
        };
        let loss = g_loss(
            self.shared.loss,
            &self.generator,
            &self.discriminator,
            &batch,
            Opponent::Frozen,
        )?;
        let (losses, grads, norms) = backward_per_run(&loss, &self.generator.vars(), self.runs)?;
        for (run, gan) in gans.iter_mut().enumerate() {
            if gan.diverged.is_some() {
                continue;
            }
            let value = losses[run] as f64;
            if gan.finite(Player::Generator, value).is_err()
                || gan.finite_norm_value(Player::Generator, norms[run]).is_err()
            {
                continue;
            }
            gan.last.g_loss = value;
            gan.last.g_grad_norm = norms[run];
        }
        Ok(grads)
    }
}

/// Each run's loss from `loss` (R, 1, 1), the gradients of their sum (each run's own in
/// its slice), and each run's gradient norm over `vars`.
fn backward_per_run(loss: &Tensor, vars: &[Var], runs: usize) -> Result<(Vec<f32>, GradStore, Vec<f64>)> {
    let losses = loss.flatten_all()?.to_vec1::<f32>()?;
    let grads = loss.sum_all()?.backward()?;
    let norms = norms_per_run(&grads, vars, runs)?;
    Ok((losses, grads, norms))
}

/// Each run's gradient norm over `vars` (stacked, the run first).
fn norms_per_run(grads: &GradStore, vars: &[Var], runs: usize) -> Result<Vec<f64>> {
    let mut squares = vec![0.0f64; runs];
    for var in vars {
        if let Some(g) = grads.get(var) {
            let each = g.sqr()?.flatten_from(1)?.sum(1)?.to_vec1::<f32>()?;
            for (total, part) in squares.iter_mut().zip(each) {
                *total += part as f64;
            }
        }
    }
    Ok(squares.into_iter().map(f64::sqrt).collect())
}

/// Whether each run's weights among `vars` (stacked, the run first) are all finite.
fn finite_per_run(vars: &[Var], runs: usize) -> Result<Vec<bool>> {
    let mut totals = vec![0f32; runs];
    for var in vars {
        let each = var.as_tensor().flatten_from(1)?.sum(1)?.to_vec1::<f32>()?;
        for (total, part) in totals.iter_mut().zip(each) {
            *total += part;
        }
    }
    Ok(totals.into_iter().map(f32::is_finite).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{Activation, OptimizerKind};

    /// Every weight of both networks, in order.
    fn weights(gan: &Gan) -> Result<Vec<Vec<f32>>> {
        let vars = gan.generator.vars().into_iter().chain(gan.discriminator.vars());
        vars.map(|v| Ok(v.as_tensor().flatten_all()?.to_vec1::<f32>()?))
            .collect()
    }

    /// Three runs of `base` that differ in seed, learning rates and penalty weights.
    fn three(base: &Experiment) -> Vec<Experiment> {
        (0..3u32)
            .map(|i| {
                let f = 1.0 + 0.5 * f64::from(i);
                let mut e = base.clone();
                e.seed = 11 + u64::from(i);
                e.lr_d *= f;
                e.lr_g /= f;
                e.clip *= f;
                for weight in [
                    &mut e.gp_lambda,
                    &mut e.r1_gamma,
                    &mut e.r2_gamma,
                    &mut e.instance_noise,
                ] {
                    *weight *= f;
                }
                e
            })
            .collect()
    }

    /// Point 5's correctness: runs trained in an ensemble are the same runs, to the bit,
    /// as each trained alone from the same seed (weights after a few iterations, and the
    /// step's numbers), for every loss, optimizer, penalty and update scheme, with k = 2
    /// and instance noise, on the line and on the plane.
    #[test]
    fn one_step_in_an_ensemble_is_a_step_alone() -> Result<()> {
        let mut cases = 0;
        for loss in Loss::ALL {
            for optimizer in OptimizerKind::ALL {
                for (penalty, target) in [
                    ("none", "N(4, 0.5)"),
                    ("r1", "N(4, 0.5)"),
                    ("r2+gp", "Ring(8, 2, 0.1)"),
                ] {
                    for updates in Updates::ALL {
                        let mut base = Experiment {
                            target: target.parse().expect("a valid formula"),
                            loss,
                            optimizer,
                            updates,
                            k: if updates == Updates::Alternating { 2 } else { 1 },
                            batch: 16,
                            hidden: 8,
                            activation: if cases % 2 == 0 {
                                Activation::Tanh
                            } else {
                                Activation::LeakyRelu
                            },
                            instance_noise: if penalty == "none" { 0.0 } else { 0.05 },
                            ..Experiment::default()
                        };
                        base.r1_gamma = if penalty == "r1" { 0.5 } else { 0.0 };
                        base.r2_gamma = if penalty == "r2+gp" { 0.3 } else { 0.0 };
                        base.gp_lambda = if penalty == "r2+gp" { 1.0 } else { 0.0 };
                        let configs = three(&base);
                        let mut alone: Vec<Gan> =
                            configs.iter().cloned().map(Gan::new).collect::<Result<_>>()?;
                        for gan in &mut alone {
                            gan.train(3)?;
                        }
                        let mut together: Vec<Gan> =
                            configs.into_iter().map(Gan::new).collect::<Result<_>>()?;
                        let mut ensemble = Ensemble::new(&together.iter().collect::<Vec<_>>())?;
                        let mut runs: Vec<&mut Gan> = together.iter_mut().collect();
                        for _ in 0..3 {
                            ensemble.iteration(&mut runs)?;
                        }
                        ensemble.write_weights(&mut runs)?;
                        let case = format!("{loss:?} {optimizer:?} {penalty} {updates:?}");
                        for (a, b) in alone.iter().zip(&together) {
                            assert_eq!(b.steps(), 3, "{case}");
                            assert_eq!(b.diverged(), None, "{case}");
                            assert!(weights(a)? == weights(b)?, "{case}: the weights differ");
                            let (x, y) = (&a.last, &b.last);
                            for (name, p, q) in [
                                ("d_loss", x.d_loss, y.d_loss),
                                ("g_loss", x.g_loss, y.g_loss),
                                ("d_real", x.d_real, y.d_real),
                                ("d_fake", x.d_fake, y.d_fake),
                                ("d_grad_norm", x.d_grad_norm, y.d_grad_norm),
                                ("g_grad_norm", x.g_grad_norm, y.g_grad_norm),
                            ] {
                                assert!(
                                    (p - q).abs() <= 1e-6 * p.abs().max(1.0),
                                    "{case}: {name} {p} alone, {q} together"
                                );
                            }
                        }
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(cases, Loss::ALL.len() * OptimizerKind::ALL.len() * 3 * 2);
        Ok(())
    }

    /// A run that fails in an ensemble stops as it would alone, with the same message at
    /// the same iteration, and the others go on.
    #[test]
    fn a_run_that_diverges_stops_alone_and_the_others_go_on() -> Result<()> {
        let base = Experiment {
            batch: 16,
            hidden: 8,
            ..Experiment::default()
        };
        let mut wild = base.clone();
        wild.lr_d = 1e30;
        wild.lr_g = 1e30;
        wild.seed = 5;
        let configs = vec![base.clone(), wild.clone(), base];
        let mut alone = Gan::new(wild)?;
        let failed_at = (0..50).find_map(|_| alone.iteration().err().map(|_| alone.steps()));
        assert!(failed_at.is_some(), "the wild run should fail alone");
        let mut together: Vec<Gan> = configs.into_iter().map(Gan::new).collect::<Result<_>>()?;
        let mut ensemble = Ensemble::new(&together.iter().collect::<Vec<_>>())?;
        let mut runs: Vec<&mut Gan> = together.iter_mut().collect();
        for _ in 0..50 {
            ensemble.iteration(&mut runs)?;
        }
        assert_eq!(together[1].diverged(), alone.diverged());
        assert_eq!(Some(together[1].steps()), failed_at);
        for i in [0, 2] {
            assert_eq!(together[i].diverged(), None);
            assert_eq!(together[i].steps(), 50);
        }
        Ok(())
    }
}
