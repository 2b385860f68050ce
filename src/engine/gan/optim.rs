//! One optimizer per network, following PyTorch's update rules: SGD, heavy-ball
//! momentum, RMSProp, Adam and optimistic Adam. Adam on the CPU is one in-place op per
//! variable (`adam.rs`); elsewhere every rule is a few tensor ops. The learning rate can
//! change between iterations without touching the optimizer's state (the app's sliders
//! do this), and an optimizer's state can be copied to step a copy of its network ahead
//! (the unrolled discriminator's look-ahead, [`LookAhead`]).

use super::adam::CpuAdam;
use crate::engine::config::OptimizerKind;
use candle_core::backprop::GradStore;
use candle_core::{Result, Tensor, Var};

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

/// A variable with the state its rule keeps for it (zero, one or three tensors).
struct Slot {
    var: Var,
    state: Vec<Var>,
}

/// The tensor-op rules: SGD, momentum, RMSProp, and Adam off the CPU.
struct TensorRule {
    kind: OptimizerKind,
    slots: Vec<Slot>,
    lr: f64,
    /// An ensemble's learning rates, one per run, (R, 1, 1): replaces `lr`.
    per_run: Option<Tensor>,
    steps: i32,
}

/// How many state tensors a rule keeps per variable.
fn state_count(kind: OptimizerKind) -> usize {
    match kind {
        OptimizerKind::Sgd => 0,
        OptimizerKind::Momentum | OptimizerKind::RmsProp => 1,
        // m, v, and the last update
        OptimizerKind::Adam | OptimizerKind::OptimisticAdam => 3,
    }
}

impl TensorRule {
    fn new(kind: OptimizerKind, vars: Vec<Var>, lr: f64) -> Result<Self> {
        let slots = vars
            .into_iter()
            .map(|var| {
                let state = (0..state_count(kind))
                    .map(|_| Var::zeros(var.shape(), var.dtype(), var.device()))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Slot { var, state })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(TensorRule {
            kind,
            slots,
            lr,
            per_run: None,
            steps: 0,
        })
    }

    /// `t` times the learning rate (each run's slice by its own).
    fn times_rate(&self, t: &Tensor) -> Result<Tensor> {
        match &self.per_run {
            Some(lr) => t.broadcast_mul(lr),
            None => t * self.lr,
        }
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        self.steps += 1;
        let scale_m = 1.0 / (1.0 - ADAM_BETA1.powi(self.steps));
        let scale_v = 1.0 / (1.0 - ADAM_BETA2.powi(self.steps));
        for Slot { var, state } in &self.slots {
            let Some(g) = grads.get(var) else { continue };
            let theta = var.as_tensor();
            match (self.kind, state.as_slice()) {
                (OptimizerKind::Sgd, []) => var.set(&(theta - self.times_rate(g)?)?)?,
                // v ← μ v + g, θ ← θ − lr v
                (OptimizerKind::Momentum, [velocity]) => {
                    let next = ((velocity.as_tensor() * MOMENTUM)? + g)?;
                    var.set(&(theta - self.times_rate(&next)?)?)?;
                    velocity.set(&next)?;
                }
                // s ← α s + (1 − α) g², θ ← θ − lr g / (√s + ε)
                (OptimizerKind::RmsProp, [square]) => {
                    let next = ((square.as_tensor() * RMSPROP_ALPHA)? + (g.sqr()? * (1.0 - RMSPROP_ALPHA))?)?;
                    let update = (g / (next.sqrt()? + EPS)?)?;
                    var.set(&(theta - self.times_rate(&update)?)?)?;
                    square.set(&next)?;
                }
                (OptimizerKind::Adam | OptimizerKind::OptimisticAdam, [m, v, last]) => {
                    let m_next = ((m.as_tensor() * ADAM_BETA1)? + (g * (1.0 - ADAM_BETA1))?)?;
                    let v_next = ((v.as_tensor() * ADAM_BETA2)? + (g.sqr()? * (1.0 - ADAM_BETA2))?)?;
                    let now =
                        self.times_rate(&((&m_next * scale_m)? / ((&v_next * scale_v)?.sqrt()? + EPS)?)?)?;
                    let step = if self.kind == OptimizerKind::OptimisticAdam {
                        ((&now * 2.0)? - last.as_tensor())?
                    } else {
                        now.clone()
                    };
                    var.set(&(theta - step)?)?;
                    m.set(&m_next)?;
                    v.set(&v_next)?;
                    last.set(&now)?;
                }
                (kind, state) => {
                    candle_core::bail!("optimizer {kind:?} with {} state tensors", state.len())
                }
            }
        }
        Ok(())
    }
}

/// The update rule of one network, chosen by [`OptimizerKind`].
pub struct Optimizer(Rule);

enum Rule {
    /// Adam or optimistic Adam as one in-place op per variable (f32 on the CPU).
    Cpu(CpuAdam),
    /// Every rule as tensor ops.
    Tensor(TensorRule),
}

impl Optimizer {
    /// A fresh optimizer (zero state) over `vars`.
    pub fn new(kind: OptimizerKind, vars: Vec<Var>, lr: f64) -> Result<Self> {
        let optimistic = kind == OptimizerKind::OptimisticAdam;
        if matches!(kind, OptimizerKind::Adam | OptimizerKind::OptimisticAdam)
            && let Some(adam) = CpuAdam::new(vars.clone(), lr, ADAM_BETA1, ADAM_BETA2, EPS, optimistic)
        {
            return Ok(Optimizer(Rule::Cpu(adam)));
        }
        Ok(Optimizer(Rule::Tensor(TensorRule::new(kind, vars, lr)?)))
    }

    /// Changes the learning rate, keeping moments and velocities.
    pub fn set_learning_rate(&mut self, lr: f64) {
        match &mut self.0 {
            Rule::Cpu(adam) => adam.set_learning_rate(lr),
            Rule::Tensor(rule) => {
                rule.lr = lr;
                rule.per_run = None;
            }
        }
    }

    /// An ensemble's learning rates, one per run along every variable's leading
    /// dimension (see `ensemble.rs`).
    pub fn set_learning_rates(&mut self, lr: &[f64]) -> Result<()> {
        match &mut self.0 {
            Rule::Cpu(adam) => adam.set_learning_rates(lr),
            Rule::Tensor(rule) => {
                let device = rule
                    .slots
                    .first()
                    .map(|s| s.var.device().clone())
                    .unwrap_or(candle_core::Device::Cpu);
                let values: Vec<f32> = lr.iter().map(|&lr| lr as f32).collect();
                rule.per_run = Some(Tensor::from_vec(values, (lr.len(), 1, 1), &device)?);
            }
        }
        Ok(())
    }

    /// Applies one update from `grads`.
    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        match &mut self.0 {
            Rule::Cpu(adam) => adam.step(grads),
            Rule::Tensor(rule) => rule.step(grads),
        }
    }

    /// A copy of the state for look-ahead steps that can be differentiated (the unrolled
    /// discriminator).
    pub fn look_ahead(&self) -> Result<LookAhead> {
        match &self.0 {
            Rule::Cpu(adam) => {
                let (first, second, steps, lr) = adam.state()?;
                Ok(LookAhead {
                    kind: OptimizerKind::Adam,
                    lr,
                    steps,
                    first,
                    second,
                })
            }
            Rule::Tensor(rule) => {
                let copy = |slot: &Slot, i: Option<usize>| -> Result<Tensor> {
                    match i.and_then(|i| slot.state.get(i)) {
                        Some(s) => s.as_tensor().copy(),
                        None => slot.var.as_tensor().zeros_like(),
                    }
                };
                // Where each rule keeps its first and second moment among its state.
                let (first, second) = match rule.kind {
                    OptimizerKind::Sgd => (None, None),
                    OptimizerKind::Momentum => (Some(0), None),
                    OptimizerKind::RmsProp => (None, Some(0)),
                    OptimizerKind::Adam | OptimizerKind::OptimisticAdam => (Some(0), Some(1)),
                };
                let (first, second) = rule
                    .slots
                    .iter()
                    .map(|slot| Ok((copy(slot, first)?, copy(slot, second)?)))
                    .collect::<Result<(Vec<_>, Vec<_>)>>()?;
                Ok(LookAhead {
                    kind: rule.kind,
                    lr: rule.lr,
                    steps: rule.steps,
                    first,
                    second,
                })
            }
        }
    }
}

/// What one look-ahead step needs remembered to be differentiated backwards: the rule,
/// and the gradient and state it stepped with. The derivative is exact, the adaptive
/// normalisation of RMSProp and Adam included (dropping it made the step look steep
/// wherever a weight's gradient history was tiny, and the reverse pass blew up).
pub enum StepModel {
    /// SGD and momentum: m' = decay·m + g, θ' = θ − lr·m'.
    Linear {
        /// Velocity decay (0 for SGD).
        decay: f64,
        /// Learning rate.
        lr: f64,
    },
    /// RMSProp: s' = α·s + (1 − α)·g², θ' = θ − lr·g / (√s' + ε).
    RmsProp {
        /// Learning rate.
        lr: f64,
        /// The step's gradient, per variable.
        gradient: Vec<Tensor>,
        /// s' per variable.
        square: Vec<Tensor>,
    },
    /// Adam: m' = β1·m + (1 − β1)·g, v' = β2·v + (1 − β2)·g², θ' = θ − lr·a·m' / (√(b·v') + ε)
    /// with the bias corrections a and b.
    Adam {
        /// Learning rate times the first-moment bias correction.
        rate: f64,
        /// The second-moment bias correction.
        scale_v: f64,
        /// The step's gradient, per variable.
        gradient: Vec<Tensor>,
        /// m' per variable.
        first: Vec<Tensor>,
        /// v' per variable.
        second: Vec<Tensor>,
    },
}

/// Adjoints of an optimizer's state (velocity or first moment, and the squared-gradient
/// average or second moment), carried backwards through look-ahead steps.
pub struct StateAdjoint {
    first: Vec<Tensor>,
    second: Vec<Tensor>,
}

impl StateAdjoint {
    /// Zero adjoints shaped like `like`.
    pub fn zeros(like: &[Tensor]) -> Result<Self> {
        let zeros = || like.iter().map(|t| t.zeros_like()).collect::<Result<Vec<_>>>();
        Ok(StateAdjoint {
            first: zeros()?,
            second: zeros()?,
        })
    }
}

/// max(x, 1e-12): at a weight that never had a gradient the derivative is 0/0, and
/// with this floor it reads 0 (a smaller floor underflows in f32 once squared terms
/// multiply it).
fn floor(x: &Tensor) -> Result<Tensor> {
    x.maximum(1e-12)
}

impl StepModel {
    /// Reverse mode through the step: given the adjoint of the weights after it and of
    /// the state after it (`state`, updated in place to the state before it), returns
    /// the adjoint of the step's gradient.
    pub fn pull_back(&self, weights: &[Tensor], state: &mut StateAdjoint) -> Result<Vec<Tensor>> {
        let mut out = Vec::with_capacity(weights.len());
        for (i, w) in weights.iter().enumerate() {
            let (first, second) = (&mut state.first[i], &mut state.second[i]);
            let gradient_adjoint = match self {
                StepModel::Linear { decay, lr } => {
                    let m = (&*first - (w * *lr)?)?;
                    *first = (&m * *decay)?;
                    m
                }
                StepModel::RmsProp { lr, gradient, square } => {
                    let (g, s) = (&gradient[i], &square[i]);
                    let root = s.sqrt()?;
                    let d = (&root + EPS)?;
                    // ∂θ'/∂s' = lr·g / (2 D² √s')
                    let ds = ((g * *lr)? / ((d.sqr()? * 2.0)? * floor(&root)?)?)?;
                    let s_adj = (&*second + (ds * w)?)?;
                    let adj = ((w * (-*lr))? / &d)? + ((g * (2.0 * (1.0 - RMSPROP_ALPHA)))? * &s_adj)?;
                    *second = (s_adj * RMSPROP_ALPHA)?;
                    adj?
                }
                StepModel::Adam {
                    rate,
                    scale_v,
                    gradient,
                    first: m,
                    second: v,
                } => {
                    let (g, m, v) = (&gradient[i], &m[i], &v[i]);
                    let root = (v * *scale_v)?.sqrt()?;
                    let d = (&root + EPS)?;
                    let m_adj = (&*first - ((w * *rate)? / &d)?)?;
                    // ∂θ'/∂v' = rate·m'·b / (2 D² √(b v'))
                    let dv = ((m * (*rate * *scale_v))? / ((d.sqr()? * 2.0)? * floor(&root)?)?)?;
                    let v_adj = (&*second + (dv * w)?)?;
                    let adj =
                        ((&m_adj * (1.0 - ADAM_BETA1))? + ((g * (2.0 * (1.0 - ADAM_BETA2)))? * &v_adj)?)?;
                    *first = (m_adj * ADAM_BETA1)?;
                    *second = (v_adj * ADAM_BETA2)?;
                    adj
                }
            };
            out.push(gradient_adjoint);
        }
        Ok(out)
    }
}

/// An optimizer's state, copied, stepping a copy of its network ahead.
pub struct LookAhead {
    kind: OptimizerKind,
    lr: f64,
    steps: i32,
    /// Per variable: the velocity (momentum) or first moment (Adam); zeros otherwise.
    first: Vec<Tensor>,
    /// Per variable: the squared-gradient average (RMSProp) or second moment (Adam).
    second: Vec<Tensor>,
}

impl LookAhead {
    /// Moves `vars` one step along `grads` (one per variable, in order) by the rule's
    /// update (optimistic Adam looks ahead with plain Adam steps), and returns what the
    /// reverse pass needs of it.
    pub fn step(&mut self, vars: &[Var], grads: &[Tensor]) -> Result<StepModel> {
        self.steps += 1;
        let lr = self.lr;
        match self.kind {
            OptimizerKind::Sgd | OptimizerKind::Momentum => {
                let decay = if self.kind == OptimizerKind::Momentum {
                    MOMENTUM
                } else {
                    0.0
                };
                for ((var, g), first) in vars.iter().zip(grads).zip(&mut self.first) {
                    let m = ((&*first * decay)? + g)?;
                    var.set(&(var.as_tensor() - (&m * lr)?)?)?;
                    *first = m;
                }
                Ok(StepModel::Linear { decay, lr })
            }
            OptimizerKind::RmsProp => {
                let mut square = Vec::with_capacity(vars.len());
                for ((var, g), second) in vars.iter().zip(grads).zip(&mut self.second) {
                    let s = ((&*second * RMSPROP_ALPHA)? + (g.sqr()? * (1.0 - RMSPROP_ALPHA))?)?;
                    var.set(&(var.as_tensor() - ((g * lr)? / (s.sqrt()? + EPS)?)?)?)?;
                    *second = s.clone();
                    square.push(s);
                }
                Ok(StepModel::RmsProp {
                    lr,
                    gradient: grads.to_vec(),
                    square,
                })
            }
            OptimizerKind::Adam | OptimizerKind::OptimisticAdam => {
                let rate = lr / (1.0 - ADAM_BETA1.powi(self.steps));
                let scale_v = 1.0 / (1.0 - ADAM_BETA2.powi(self.steps));
                let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
                for (((var, g), first), second) in
                    vars.iter().zip(grads).zip(&mut self.first).zip(&mut self.second)
                {
                    let m = ((&*first * ADAM_BETA1)? + (g * (1.0 - ADAM_BETA1))?)?;
                    let v = ((&*second * ADAM_BETA2)? + (g.sqr()? * (1.0 - ADAM_BETA2))?)?;
                    let step = ((&m * rate)? / ((&v * scale_v)?.sqrt()? + EPS)?)?;
                    var.set(&(var.as_tensor() - step)?)?;
                    *first = m.clone();
                    *second = v.clone();
                    firsts.push(m);
                    seconds.push(v);
                }
                Ok(StepModel::Adam {
                    rate,
                    scale_v,
                    gradient: grads.to_vec(),
                    first: firsts,
                    second: seconds,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Tensor};

    /// The tensor-op Adam (used off the CPU) against the in-place CPU Adam, plain and
    /// optimistic, over a few steps of a quadratic loss.
    #[test]
    fn tensor_adam_matches_the_cpu_adam() -> Result<()> {
        let device = Device::Cpu;
        let start: Vec<f32> = (0..12).map(|i| (i as f32 * 0.37).sin()).collect();
        let target = Tensor::from_vec(
            (0..12).map(|i| i as f32 / 6.0).collect::<Vec<_>>(),
            (3, 4),
            &device,
        )?;
        for kind in [OptimizerKind::Adam, OptimizerKind::OptimisticAdam] {
            let a = Var::from_tensor(&Tensor::from_vec(start.clone(), (3, 4), &device)?)?;
            let b = Var::from_tensor(&Tensor::from_vec(start.clone(), (3, 4), &device)?)?;
            let mut cpu = Optimizer::new(kind, vec![a.clone()], 0.05)?;
            let mut tensor = Optimizer(Rule::Tensor(TensorRule::new(kind, vec![b.clone()], 0.05)?));
            for _ in 0..25 {
                let loss = |v: &Var| (v.as_tensor() - &target)?.sqr()?.sum_all();
                cpu.step(&loss(&a)?.backward()?)?;
                tensor.step(&loss(&b)?.backward()?)?;
            }
            let gap = (a.as_tensor() - b.as_tensor())?
                .abs()?
                .max_all()?
                .to_scalar::<f32>()?;
            assert!(gap < 1e-5, "{kind:?}: weights differ by {gap}");
        }
        Ok(())
    }
}
