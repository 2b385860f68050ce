//! Adam as one in-place pass per variable on the CPU.
//!
//! candle-nn's AdamW spends about ten tensor ops per variable and step (each allocating
//! its result), which at width 16 / batch 64 was a fifth of all training time (perf):
//! the networks' variables are tiny, so the cost is the ops, not the arithmetic. Here the
//! moments live in plain vectors and one custom op updates the weights where they are,
//! with the same arithmetic as candle-nn's AdamW at weight decay 0. The optimistic
//! variant (Daskalakis et al. 2018) steps by twice this update minus the last one.

use candle_core::backprop::GradStore;
use candle_core::{CpuStorage, InplaceOp2, Layout, Result, Tensor, Var};
use std::cell::RefCell;

/// Adam's state for variables on the CPU in f32.
pub struct CpuAdam {
    vars: Vec<(Var, Moments)>,
    /// One learning rate, or an ensemble's one per run (each variable's leading dimension).
    lr: Vec<f64>,
    beta1: f64,
    beta2: f64,
    eps: f64,
    steps: i32,
    optimistic: bool,
}

/// First and second moment estimates of one variable, and its last update (used by the
/// optimistic variant).
struct Moments {
    m: Vec<f32>,
    v: Vec<f32>,
    last: Vec<f32>,
}

impl CpuAdam {
    /// Zero moments for `vars`; `None` when a variable is not an f32 CPU tensor (the
    /// caller then uses candle-nn's AdamW).
    /// `optimistic` steps by 2·u_t − u_(t−1) instead of u_t.
    pub fn new(vars: Vec<Var>, lr: f64, beta1: f64, beta2: f64, eps: f64, optimistic: bool) -> Option<Self> {
        let usable = |v: &Var| v.device().is_cpu() && v.dtype() == candle_core::DType::F32;
        if !vars.iter().all(usable) {
            return None;
        }
        let vars = vars
            .into_iter()
            .map(|var| {
                let n = var.elem_count();
                let moments = Moments {
                    m: vec![0.0; n],
                    v: vec![0.0; n],
                    last: if optimistic { vec![0.0; n] } else { Vec::new() },
                };
                (var, moments)
            })
            .collect();
        Some(CpuAdam {
            vars,
            lr: vec![lr],
            beta1,
            beta2,
            eps,
            steps: 0,
            optimistic,
        })
    }

    /// The moments (m, v) of every variable as tensors, the steps taken and the learning
    /// rate: the state the unrolled look-ahead starts from.
    pub fn state(&self) -> Result<(Vec<Tensor>, Vec<Tensor>, i32, f64)> {
        let mut first = Vec::with_capacity(self.vars.len());
        let mut second = Vec::with_capacity(self.vars.len());
        for (var, moments) in &self.vars {
            first.push(Tensor::from_vec(moments.m.clone(), var.shape(), var.device())?);
            second.push(Tensor::from_vec(moments.v.clone(), var.shape(), var.device())?);
        }
        Ok((first, second, self.steps, self.lr[0]))
    }

    /// Changes the learning rate, keeping the moments.
    pub fn set_learning_rate(&mut self, lr: f64) {
        self.lr = vec![lr];
    }

    /// An ensemble's learning rates, one per run: variable `i`'s run `r` is its `r`th
    /// slice along the leading dimension.
    pub fn set_learning_rates(&mut self, lr: &[f64]) {
        self.lr = lr.to_vec();
    }

    /// One Adam step from `grads`, in place.
    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        self.steps += 1;
        let update = Update {
            lr: self.lr.iter().map(|&lr| lr as f32).collect(),
            beta1: self.beta1 as f32,
            beta2: self.beta2 as f32,
            eps: self.eps as f32,
            scale_m: (1.0 / (1.0 - self.beta1.powi(self.steps))) as f32,
            scale_v: (1.0 / (1.0 - self.beta2.powi(self.steps))) as f32,
            optimistic: self.optimistic,
        };
        for (var, moments) in &mut self.vars {
            if let Some(g) = grads.get(var) {
                let op = AdamOp {
                    update: &update,
                    moments: RefCell::new(moments),
                };
                var.as_tensor().inplace_op2(&g.contiguous()?, &op)?;
            }
        }
        Ok(())
    }
}

/// The constants of one step.
struct Update {
    /// Per run: the weights are cut into this many equal slices.
    lr: Vec<f32>,
    beta1: f32,
    beta2: f32,
    eps: f32,
    scale_m: f32,
    scale_v: f32,
    optimistic: bool,
}

/// θ ← θ − lr · m̂ / (√v̂ + ε) for one variable, its moments updated on the way.
struct AdamOp<'a> {
    update: &'a Update,
    moments: RefCell<&'a mut Moments>,
}

impl InplaceOp2 for AdamOp<'_> {
    fn name(&self) -> &'static str {
        "adam"
    }

    fn cpu_fwd(
        &self,
        theta: &mut CpuStorage,
        t_layout: &Layout,
        g: &CpuStorage,
        g_layout: &Layout,
    ) -> Result<()> {
        let (CpuStorage::F32(theta), CpuStorage::F32(g)) = (theta, g) else {
            candle_core::bail!("adam: expects f32 tensors")
        };
        let (Some((t0, t1)), Some((g0, g1))) = (t_layout.contiguous_offsets(), g_layout.contiguous_offsets())
        else {
            candle_core::bail!("adam: expects contiguous tensors")
        };
        let (theta, g) = (&mut theta[t0..t1], &g[g0..g1]);
        let mut moments = self.moments.borrow_mut();
        let Moments { m, v, last } = &mut **moments;
        if theta.len() != g.len() || theta.len() != m.len() {
            candle_core::bail!(
                "adam: {} weights, {} gradients, {} moments",
                theta.len(),
                g.len(),
                m.len()
            )
        }
        let u = self.update;
        let runs = u.lr.len();
        if runs == 0 || !theta.len().is_multiple_of(runs) {
            candle_core::bail!("adam: {} weights in {runs} runs", theta.len())
        }
        if u.optimistic && last.len() != theta.len() {
            candle_core::bail!(
                "optimistic adam: {} weights, {} last updates",
                theta.len(),
                last.len()
            )
        }
        let per_run = theta.len() / runs;
        for (run, &lr) in u.lr.iter().enumerate() {
            let part = run * per_run..(run + 1) * per_run;
            let (theta, g) = (&mut theta[part.clone()], &g[part.clone()]);
            let (m, v) = (&mut m[part.clone()], &mut v[part.clone()]);
            let step = |g: f32, m: &mut f32, v: &mut f32| {
                *m = *m * u.beta1 + g * (1.0 - u.beta1);
                *v = *v * u.beta2 + g * g * (1.0 - u.beta2);
                let m_hat = *m * u.scale_m;
                let v_hat = *v * u.scale_v;
                lr * (m_hat / (v_hat.sqrt() + u.eps))
            };
            if u.optimistic {
                for ((((theta, &g), m), v), last) in theta
                    .iter_mut()
                    .zip(g)
                    .zip(m.iter_mut())
                    .zip(v.iter_mut())
                    .zip(last[part].iter_mut())
                {
                    let now = step(g, m, v);
                    *theta -= 2.0 * now - *last;
                    *last = now;
                }
            } else {
                for (((theta, &g), m), v) in theta.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                    *theta -= step(g, m, v);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;
    use candle_nn::optim::{AdamW, Optimizer, ParamsAdamW};

    /// The in-place Adam against candle-nn's AdamW (weight decay 0) over a few steps of
    /// a quadratic loss: the same weights to float rounding.
    #[test]
    fn matches_candle_nn_adamw() -> Result<()> {
        let device = Device::Cpu;
        let start: Vec<f32> = (0..12).map(|i| (i as f32 * 0.37).sin()).collect();
        let ours_var = Var::from_tensor(&Tensor::from_vec(start.clone(), (3, 4), &device)?)?;
        let theirs_var = Var::from_tensor(&Tensor::from_vec(start, (3, 4), &device)?)?;
        let (lr, beta1, beta2, eps) = (0.05, 0.5, 0.999, 1e-8);
        let mut ours = CpuAdam::new(vec![ours_var.clone()], lr, beta1, beta2, eps, false).expect("cpu f32");
        let params = ParamsAdamW {
            lr,
            beta1,
            beta2,
            eps,
            weight_decay: 0.0,
        };
        let mut theirs = AdamW::new(vec![theirs_var.clone()], params)?;
        let target = Tensor::from_vec(
            (0..12).map(|i| i as f32 / 6.0).collect::<Vec<_>>(),
            (3, 4),
            &device,
        )?;
        for _ in 0..25 {
            let loss = |v: &Var| (v.as_tensor() - &target)?.sqr()?.sum_all();
            ours.step(&loss(&ours_var)?.backward()?)?;
            theirs.step(&loss(&theirs_var)?.backward()?)?;
        }
        let gap = (ours_var.as_tensor() - theirs_var.as_tensor())?
            .abs()?
            .max_all()?
            .to_scalar::<f32>()?;
        assert!(gap < 1e-5, "weights differ by {gap}");
        Ok(())
    }
}
