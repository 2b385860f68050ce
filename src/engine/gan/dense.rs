//! One dense layer and its activation, `f(h · w + b)`, as a single candle op on the CPU.
//!
//! Written as four candle ops (matmul, the bias as `1 · b`, add, activation) a layer puts
//! four batch-sized tensors in the graph, and candle's backward pass allocates a zeroed
//! gradient for each and adds into it: at width 64 / batch 1024 those zeroings and adds
//! were 27% of training time and the activation's own pass another 16% (perf). As one op
//! the layer is one matmul with the bias and activation applied in place on its output,
//! and the backward pass is written out: two matmuls and one bias sum.
//!
//! Every supported activation's slope is a function of its output alone, so the backward
//! pass needs only the result, never the pre-activation.

use super::elu::elu_at;
use super::softplus::softplus_approx;
use super::tanh::tanh_approx;
use candle_core::backend::BackendStorage;
use candle_core::{CpuStorage, CustomOp2, CustomOp3, DType, Layout, Result, Shape, Tensor};

/// The non-linearity fused after the affine map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fused {
    /// None: the output layer, which gives logits.
    Identity,
    /// max(x, 0).
    Relu,
    /// x for x > 0, `slope · x` otherwise.
    LeakyRelu(f32),
    /// tanh, by the rational approximation of `tanh.rs`.
    Tanh,
    /// x for x > 0, e^x − 1 otherwise.
    Elu,
    /// ln(1 + e^x): smooth everywhere, so a generator built of it has a smooth density.
    Softplus,
}

impl Fused {
    /// `out[i][j] = f(out[i][j] + bias[j])`. Dispatched once per call, not per element,
    /// so each activation's loop is compiled (and vectorised) on its own.
    fn add_bias_and_apply(self, out: &mut [f32], bias: &[f32]) {
        fn each(out: &mut [f32], bias: &[f32], f: impl Fn(f32) -> f32) {
            for row in out.chunks_exact_mut(bias.len()) {
                for (y, &b) in row.iter_mut().zip(bias) {
                    *y = f(*y + b);
                }
            }
        }
        match self {
            Fused::Identity => each(out, bias, |x| x),
            // A select, not `f32::max`: wasm's max propagates NaN where Rust's does not,
            // so `max` stayed scalar there (11% of the ring's time in a browser). The same
            // values: NaN and -0 both give +0 either way.
            Fused::Relu => each(out, bias, |x| if x > 0.0 { x } else { 0.0 }),
            Fused::LeakyRelu(slope) => each(out, bias, |x| if x > 0.0 { x } else { slope * x }),
            Fused::Tanh => add_bias_and_tanh(out, bias),
            Fused::Elu => add_bias_and_elu(out, bias),
            Fused::Softplus => add_bias_and_softplus(out, bias),
        }
    }

    /// `g · f'(pre)` for every element, with f' written from the output y = f(pre).
    fn gradient_at_pre(self, g: &[f32], y: &[f32]) -> Vec<f32> {
        fn each(g: &[f32], y: &[f32], slope: impl Fn(f32) -> f32) -> Vec<f32> {
            g.iter().zip(y).map(|(&g, &y)| g * slope(y)).collect()
        }
        match self {
            Fused::Identity => g.to_vec(),
            Fused::Relu => each(g, y, |y| f32::from(y > 0.0)),
            Fused::LeakyRelu(slope) => each(g, y, |y| if y > 0.0 { 1.0 } else { slope }),
            Fused::Tanh => each(g, y, |y| 1.0 - y * y),
            Fused::Elu => each(g, y, |y| if y > 0.0 { 1.0 } else { y + 1.0 }),
            // softplus' = σ(pre) = 1 − e^−y
            Fused::Softplus => each(g, y, |y| -(-y).exp_m1()),
        }
    }
}

/// The hot loop of a tanh network (a quarter of training time at width 32 before this),
/// compiled also for AVX2 and picked at run time: the portable x86-64 build has only
/// 4-wide SSE2. (Rust never fuses `a * b + c` on its own, so the gain is the 8-wide
/// vectors, and results are the same bits on every CPU.)
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn add_bias_and_tanh(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        for (y, &b) in row.iter_mut().zip(bias) {
            *y = tanh_approx(*y + b);
        }
    }
}

/// ELU's loop, compiled also for AVX2 like tanh's (see `softplus.rs`).
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn add_bias_and_elu(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        for (y, &b) in row.iter_mut().zip(bias) {
            *y = elu_at(*y + b);
        }
    }
}

/// softplus's loop, compiled also for AVX2 like tanh's (see `softplus.rs`).
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn add_bias_and_softplus(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        for (y, &b) in row.iter_mut().zip(bias) {
            *y = softplus_approx(*y + b);
        }
    }
}

/// `f(h · w + b)` for `h` of shape (n, in), `w` (in, out) and `b` (1, out), or an
/// ensemble's R networks at once with a leading run dimension on all three: the fused
/// op on an f32 CPU tensor, plain candle ops elsewhere (a GPU has no per-op allocation
/// problem to solve).
pub fn dense(h: &Tensor, w: &Tensor, b: &Tensor, activation: Fused) -> Result<Tensor> {
    // The slope is read off the output, which needs a leaky slope in (0, 1): then
    // y > 0 exactly where pre > 0 (and the GPU path's maximum is the leaky relu).
    if let Fused::LeakyRelu(slope) = activation {
        debug_assert!(
            slope > 0.0 && slope < 1.0,
            "leaky slope {slope} must be in (0, 1)"
        );
    }
    if h.device().is_cpu() && h.dtype() == DType::F32 {
        return h.apply_op3(w, b, DenseOp(activation));
    }
    let pre = h.broadcast_matmul(w)?.broadcast_add(b)?;
    match activation {
        Fused::Identity => Ok(pre),
        Fused::Relu => pre.relu(),
        Fused::LeakyRelu(slope) => pre.maximum(&(&pre * f64::from(slope))?),
        Fused::Tanh => pre.tanh(),
        Fused::Elu => pre.elu(1.0),
        Fused::Softplus => super::loss::softplus(&pre),
    }
}

struct DenseOp(Fused);

/// The f32 values of a contiguous tensor's storage; `what` names it in the message (the
/// op and the operand, e.g. "dense: the bias").
pub(super) fn f32_slice<'a>(storage: &'a CpuStorage, layout: &Layout, what: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(data) = storage else {
        candle_core::bail!("{what} must be f32")
    };
    match layout.contiguous_offsets() {
        Some((start, end)) => Ok(&data[start..end]),
        None => candle_core::bail!("{what} must be contiguous"),
    }
}

impl CustomOp3 for DenseOp {
    fn name(&self) -> &'static str {
        "dense"
    }

    fn cpu_fwd(
        &self,
        h: &CpuStorage,
        h_layout: &Layout,
        w: &CpuStorage,
        w_layout: &Layout,
        b: &CpuStorage,
        b_layout: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        // One network (n, in) x (in, out), or an ensemble's R networks side by side:
        // (R, n, in) x (R, in, out) with a bias row each, one gemm per network.
        let (runs, n, inputs, w_inputs, outputs, shape) = match (h_layout.dims(), w_layout.dims()) {
            (&[n, inputs], &[w_inputs, outputs]) => {
                (1, n, inputs, w_inputs, outputs, Shape::from((n, outputs)))
            }
            (&[runs, n, inputs], &[w_runs, w_inputs, outputs]) if w_runs == runs => (
                runs,
                n,
                inputs,
                w_inputs,
                outputs,
                Shape::from((runs, n, outputs)),
            ),
            (h, w) => candle_core::bail!("dense: inputs {h:?} do not fit weights {w:?}"),
        };
        if w_inputs != inputs {
            candle_core::bail!("dense: input width {inputs} but weight rows {w_inputs}")
        }
        let bias = f32_slice(b, b_layout, "dense: the bias")?;
        if bias.len() != runs * outputs {
            candle_core::bail!("dense: {runs} x {outputs} outputs but {} biases", bias.len())
        }
        let CpuStorage::F32(mut out) = h.matmul(w, (runs, n, outputs, inputs), h_layout, w_layout)? else {
            candle_core::bail!("dense: matmul gave a non-f32 result")
        };
        for (out, bias) in out.chunks_exact_mut(n * outputs).zip(bias.chunks_exact(outputs)) {
            self.0.add_bias_and_apply(out, bias);
        }
        Ok((CpuStorage::F32(out), shape))
    }

    fn bwd(
        &self,
        h: &Tensor,
        w: &Tensor,
        b: &Tensor,
        y: &Tensor,
        grad_y: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        // The gradient at the pre-activation, then the three matmuls of an affine map;
        // the bias's gradient is the column sum, taken as 1ᵀ · g (one small gemm rather
        // than candle's strided reduction).
        // Contiguous for every back end's matmul (mkl and accelerate refuse broadcast
        // views, which a loss's gradient can be).
        let grad_pre = if self.0 == Fused::Identity {
            grad_y.contiguous()?
        } else {
            grad_y.contiguous()?.apply_op2_no_bwd(y, &SlopeTimes(self.0))?
        };
        // Only what the graph needs: a first layer's input (data or noise) and a frozen
        // network's weights (D seen by G's step) get no gradient. At Metz et al.'s size
        // those two products are a seventh of an iteration's arithmetic.
        let grad_h = if h.track_op() {
            Some(grad_pre.matmul(&w.t()?)?)
        } else {
            None
        };
        let grad_w = if w.track_op() {
            Some(h.t()?.matmul(&grad_pre)?)
        } else {
            None
        };
        let grad_b = if b.track_op() {
            // (1, n), or (R, 1, n) for an ensemble's networks.
            let mut dims = grad_pre.dims().to_vec();
            let rows = dims.len() - 2;
            dims[rows + 1] = dims[rows];
            dims[rows] = 1;
            let ones = Tensor::ones(dims, grad_pre.dtype(), grad_pre.device())?;
            Some(ones.matmul(&grad_pre)?)
        } else {
            None
        };
        Ok((grad_h, grad_w, grad_b))
    }
}

/// `g · f'(pre)` from the upstream gradient `g` and the layer's output, in one pass.
pub(super) struct SlopeTimes(pub(super) Fused);

impl CustomOp2 for SlopeTimes {
    fn name(&self) -> &'static str {
        "dense-slope"
    }

    fn cpu_fwd(
        &self,
        g: &CpuStorage,
        g_layout: &Layout,
        y: &CpuStorage,
        y_layout: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let g_data = f32_slice(g, g_layout, "dense: the gradient")?;
        let y_data = f32_slice(y, y_layout, "dense: the output")?;
        if g_data.len() != y_data.len() {
            candle_core::bail!(
                "dense-slope: {} gradients for {} outputs",
                g_data.len(),
                y_data.len()
            )
        }
        let out = self.0.gradient_at_pre(g_data, y_data);
        Ok((CpuStorage::F32(out), y_layout.shape().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    /// The fused op against the same layer written with plain candle ops: values and the
    /// gradients of a loss with respect to the input, weight and bias.
    #[test]
    fn fused_layer_matches_plain_ops_with_gradients() -> Result<()> {
        let device = Device::Cpu;
        let values = |n: usize, scale: f32| -> Vec<f32> {
            (0..n)
                .map(|i| ((i * 37 % 23) as f32 / 11.0 - 1.0) * scale)
                .collect()
        };
        for activation in [
            Fused::Identity,
            Fused::Relu,
            Fused::LeakyRelu(0.2),
            Fused::Tanh,
            Fused::Elu,
            Fused::Softplus,
        ] {
            let h = Var::from_tensor(&Tensor::from_vec(values(15, 2.0), (5, 3), &device)?)?;
            let w = Var::from_tensor(&Tensor::from_vec(values(12, 0.7), (3, 4), &device)?)?;
            let b = Var::from_tensor(&Tensor::from_vec(values(4, 0.3), (1, 4), &device)?)?;
            // A loss with a different weight per output, so every gradient entry differs.
            let mix = Tensor::from_vec(values(20, 1.0), (5, 4), &device)?;
            let loss = |y: Tensor| (y * &mix)?.sum_all();

            let fused = dense(h.as_tensor(), w.as_tensor(), b.as_tensor(), activation)?;
            let pre = h
                .as_tensor()
                .matmul(w.as_tensor())?
                .broadcast_add(b.as_tensor())?;
            let plain = match activation {
                Fused::Identity => pre,
                Fused::Relu => pre.relu()?,
                Fused::LeakyRelu(s) => pre.maximum(&(&pre * f64::from(s))?)?,
                Fused::Tanh => pre.tanh()?,
                Fused::Elu => pre.elu(1.0)?,
                Fused::Softplus => super::super::loss::softplus(&pre)?,
            };
            let difference = (&fused - &plain)?.abs()?.max_all()?.to_scalar::<f32>()?;
            assert!(
                difference < 1e-5,
                "{activation:?}: outputs differ by {difference}"
            );

            let fused_grads = loss(fused)?.backward()?;
            let plain_grads = loss(plain)?.backward()?;
            for (name, var) in [("h", &h), ("w", &w), ("b", &b)] {
                let (Some(a), Some(e)) = (fused_grads.get(var), plain_grads.get(var)) else {
                    panic!("{activation:?}: no gradient for {name}")
                };
                let difference = (a - e)?.abs()?.max_all()?.to_scalar::<f32>()?;
                assert!(
                    difference < 1e-4,
                    "{activation:?}: d/d{name} differs by {difference}"
                );
            }
        }
        Ok(())
    }

    /// An input that starts at an offset inside a bigger tensor (a narrowed batch, as in
    /// the D step) and a plain sum as the loss, whose gradient reaches the output layer
    /// as a broadcast view: the same values and gradients as plain ops.
    #[test]
    fn offset_inputs_and_broadcast_gradients() -> Result<()> {
        let device = Device::Cpu;
        let big: Vec<f32> = (0..21).map(|i| (i as f32 * 0.7).sin()).collect();
        let big = Var::from_tensor(&Tensor::from_vec(big, (7, 3), &device)?)?;
        let w = Var::from_tensor(&Tensor::from_vec(
            (0..6).map(|i| i as f32 / 5.0 - 0.5).collect(),
            (3, 2),
            &device,
        )?)?;
        let b = Var::from_tensor(&Tensor::from_vec(vec![0.1f32, -0.2], (1, 2), &device)?)?;
        for activation in [Fused::Identity, Fused::Tanh] {
            let h = big.as_tensor().narrow(0, 2, 5)?;
            let fused = dense(&h, w.as_tensor(), b.as_tensor(), activation)?;
            let pre = h.matmul(w.as_tensor())?.broadcast_add(b.as_tensor())?;
            let plain = if activation == Fused::Tanh {
                pre.tanh()?
            } else {
                pre
            };
            let difference = (&fused - &plain)?.abs()?.max_all()?.to_scalar::<f32>()?;
            assert!(
                difference < 1e-5,
                "{activation:?}: outputs differ by {difference}"
            );
            let fused_grads = fused.sum_all()?.backward()?;
            let plain_grads = plain.sum_all()?.backward()?;
            for (name, var) in [("h", &big), ("w", &w), ("b", &b)] {
                let (Some(a), Some(e)) = (fused_grads.get(var), plain_grads.get(var)) else {
                    panic!("{activation:?}: no gradient for {name}")
                };
                let difference = (a - e)?.abs()?.max_all()?.to_scalar::<f32>()?;
                assert!(
                    difference < 1e-5,
                    "{activation:?}: d/d{name} differs by {difference}"
                );
            }
        }
        Ok(())
    }
}
