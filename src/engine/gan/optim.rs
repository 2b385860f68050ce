//! One optimizer per network. SGD and Adam are candle-nn's; momentum and RMSProp, which
//! candle-nn lacks, follow PyTorch's update rules. The learning rate can change between
//! iterations without touching the optimizer's state (the app's sliders do this).

use super::adam::CpuAdam;
use crate::engine::config::OptimizerKind;
use candle_core::backprop::GradStore;
use candle_core::{Result, Var};
use candle_nn::optim::{AdamW, Optimizer as _, ParamsAdamW, SGD};

/// Momentum coefficient of `momentum`, as in the paper's experiments.
pub const MOMENTUM: f64 = 0.9;
/// Adam's first-moment decay: 0.5 is the usual GAN setting (DCGAN), steadier than 0.9.
pub const ADAM_BETA1: f64 = 0.5;
/// Adam's second-moment decay.
pub const ADAM_BETA2: f64 = 0.999;
/// RMSProp's squared-gradient decay (PyTorch's default).
pub const RMSPROP_ALPHA: f64 = 0.99;
/// Added to denominators of Adam and RMSProp.
const EPS: f64 = 1e-8;

/// SGD with heavy-ball momentum: v ← μ v + g, θ ← θ − lr v.
pub struct Momentum {
    vars: Vec<(Var, Var)>,
    lr: f64,
}

/// RMSProp: s ← α s + (1 − α) g², θ ← θ − lr g / (√s + ε).
pub struct RmsProp {
    vars: Vec<(Var, Var)>,
    lr: f64,
}

fn with_zero_state(vars: Vec<Var>) -> Result<Vec<(Var, Var)>> {
    vars.into_iter()
        .map(|v| {
            let state = Var::zeros(v.shape(), v.dtype(), v.device())?;
            Ok((v, state))
        })
        .collect()
}

impl Momentum {
    fn step(&mut self, grads: &GradStore) -> Result<()> {
        for (theta, velocity) in &self.vars {
            if let Some(g) = grads.get(theta) {
                let next = ((velocity.as_tensor() * MOMENTUM)? + g)?;
                theta.set(&(theta.as_tensor() - (&next * self.lr)?)?)?;
                velocity.set(&next)?;
            }
        }
        Ok(())
    }
}

impl RmsProp {
    fn step(&mut self, grads: &GradStore) -> Result<()> {
        for (theta, square) in &self.vars {
            if let Some(g) = grads.get(theta) {
                let next = ((square.as_tensor() * RMSPROP_ALPHA)? + (g.sqr()? * (1.0 - RMSPROP_ALPHA))?)?;
                let update = (g / (next.sqrt()? + EPS)?)?;
                theta.set(&(theta.as_tensor() - (update * self.lr)?)?)?;
                square.set(&next)?;
            }
        }
        Ok(())
    }
}

/// The update rule of one network, chosen by [`OptimizerKind`].
pub enum Optimizer {
    /// candle-nn's plain SGD.
    Sgd(SGD),
    /// Heavy-ball momentum.
    Momentum(Momentum),
    /// candle-nn's AdamW with weight decay 0, i.e. Adam (on a GPU).
    Adam(AdamW),
    /// The same Adam as one in-place op per variable (on the CPU; see `adam.rs`).
    CpuAdam(CpuAdam),
    /// RMSProp.
    RmsProp(RmsProp),
}

impl Optimizer {
    /// A fresh optimizer (zero state) over `vars`.
    pub fn new(kind: OptimizerKind, vars: Vec<Var>, lr: f64) -> Result<Self> {
        Ok(match kind {
            OptimizerKind::Sgd => Optimizer::Sgd(SGD::new(vars, lr)?),
            OptimizerKind::Momentum => Optimizer::Momentum(Momentum {
                vars: with_zero_state(vars)?,
                lr,
            }),
            OptimizerKind::Adam => match CpuAdam::new(vars.clone(), lr, ADAM_BETA1, ADAM_BETA2, EPS) {
                Some(adam) => Optimizer::CpuAdam(adam),
                None => Optimizer::Adam(AdamW::new(
                    vars,
                    ParamsAdamW {
                        lr,
                        beta1: ADAM_BETA1,
                        beta2: ADAM_BETA2,
                        eps: EPS,
                        // candle's default is 0.01; a GAN here wants none.
                        weight_decay: 0.0,
                    },
                )?),
            },
            OptimizerKind::RmsProp => Optimizer::RmsProp(RmsProp {
                vars: with_zero_state(vars)?,
                lr,
            }),
        })
    }

    /// Which rule this is.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Optimizer::Sgd(_) => OptimizerKind::Sgd,
            Optimizer::Momentum(_) => OptimizerKind::Momentum,
            Optimizer::Adam(_) | Optimizer::CpuAdam(_) => OptimizerKind::Adam,
            Optimizer::RmsProp(_) => OptimizerKind::RmsProp,
        }
    }

    /// Changes the learning rate, keeping moments and velocities.
    pub fn set_learning_rate(&mut self, lr: f64) {
        match self {
            Optimizer::Sgd(o) => o.set_learning_rate(lr),
            Optimizer::Momentum(o) => o.lr = lr,
            Optimizer::Adam(o) => o.set_learning_rate(lr),
            Optimizer::CpuAdam(o) => o.set_learning_rate(lr),
            Optimizer::RmsProp(o) => o.lr = lr,
        }
    }

    /// Applies one update from `grads`.
    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        match self {
            Optimizer::Sgd(o) => o.step(grads),
            Optimizer::Momentum(o) => o.step(grads),
            Optimizer::Adam(o) => o.step(grads),
            Optimizer::CpuAdam(o) => o.step(grads),
            Optimizer::RmsProp(o) => o.step(grads),
        }
    }
}
