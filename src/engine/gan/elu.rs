//! ELU and its slope as candle custom ops, for the passes still written with plain ops:
//! the tangents the R1 / R2 / WGAN-GP penalties differentiate, and a run whose kinks are
//! held.
//!
//! Written with candle's ops, ELU (libm's `expf` per element) and its slope (a compare, a
//! cast and four arithmetic ops, each a tensor of the batch's size, and each again in
//! the backward pass) were a fifth of figure1's training in a browser (DevTools profile,
//! 2026-12-07). Here each is one pass, by the same polynomial as the fused layer's
//! forward pass (`softplus::exp_m1_nonpositive`), so a penalty's network and the fused
//! one compute the same ELU.

use super::dense::{Fused, SlopeTimes, f32_slice};
use super::softplus::exp_m1_nonpositive;
use candle_core::{CpuStorage, CustomOp1, CustomOp2, DType, Layout, Result, Shape, Tensor};

/// ELU with α = 1: x for x > 0, e^x − 1 otherwise (also the fused layer's).
#[inline]
pub(super) fn elu_at(x: f32) -> f32 {
    // Both sides computed and one kept: a select, which vectorises.
    let negative = exp_m1_nonpositive(x);
    if x > 0.0 { x } else { negative }
}

/// ELU's slope at x: 1 for x > 0, e^x otherwise.
#[inline]
fn slope_at(x: f32) -> f32 {
    let negative = exp_m1_nonpositive(x) + 1.0;
    if x > 0.0 { 1.0 } else { negative }
}

/// The two functions, as ops. Each loop is written out for its function (a function
/// pointer called per element neither inlines nor vectorises: half the time in a
/// browser's profile).
#[derive(Clone, Copy)]
enum Each {
    /// ELU; its slope from its output: y + 1 on the negative side.
    Elu,
    /// ELU's slope; its own slope: 0 for x > 0, e^x (the slope itself) otherwise.
    Slope,
}

impl CustomOp1 for Each {
    fn name(&self) -> &'static str {
        match self {
            Each::Elu => "fast-elu",
            Each::Slope => "fast-elu-slope",
        }
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let xs = f32_slice(storage, layout, self.name())?;
        let out = match self {
            Each::Elu => xs.iter().map(|&x| elu_at(x)).collect(),
            Each::Slope => xs.iter().map(|&x| slope_at(x)).collect(),
        };
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    fn bwd(&self, arg: &Tensor, res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let grad = match self {
            // The fused layer's own backward step: g · elu' from the output, in one pass.
            Each::Elu => grad_res
                .contiguous()?
                .apply_op2_no_bwd(&res.contiguous()?, &SlopeTimes(Fused::Elu))?,
            Each::Slope => {
                let curvature = arg
                    .contiguous()?
                    .apply_op2_no_bwd(&res.contiguous()?, &SlopeOfSlope)?;
                (grad_res * curvature)?
            }
        };
        Ok(Some(grad))
    }
}

/// The slope's own derivative at each element, from (argument, slope): 0 for x > 0,
/// e^x (the slope itself) otherwise.
struct SlopeOfSlope;

impl CustomOp2 for SlopeOfSlope {
    fn name(&self) -> &'static str {
        "fast-elu-slope-bwd"
    }

    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        x_layout: &Layout,
        y: &CpuStorage,
        y_layout: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let xs = f32_slice(x, x_layout, self.name())?;
        let ys = f32_slice(y, y_layout, self.name())?;
        let out = xs
            .iter()
            .zip(ys)
            .map(|(&x, &s)| if x > 0.0 { 0.0 } else { s })
            .collect();
        Ok((CpuStorage::F32(out), x_layout.shape().clone()))
    }
}

fn is_cpu_f32(x: &Tensor) -> bool {
    x.device().is_cpu() && x.dtype() == DType::F32
}

/// ELU (α = 1) of `x`: the custom op on the CPU, candle's own elsewhere.
pub fn elu(x: &Tensor) -> Result<Tensor> {
    if is_cpu_f32(x) {
        x.contiguous()?.apply_op1(Each::Elu)
    } else {
        x.elu(1.0)
    }
}

/// ELU's slope at `x`, differentiable (a penalty on the input's gradient backpropagates
/// through it): the custom op on the CPU, plain ops elsewhere.
pub fn slope(x: &Tensor) -> Result<Tensor> {
    if is_cpu_f32(x) {
        x.contiguous()?.apply_op1(Each::Slope)
    } else {
        // e^min(x, 0): e^x alone overflows past 88, and 0 · ∞ is NaN.
        let mask = x.gt(0.0)?.to_dtype(DType::F32)?;
        let negative = ((1.0 - &mask)? * x.minimum(0.0)?.exp()?)?;
        mask + negative
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    /// Values and gradients against the same functions written with candle's ops.
    #[test]
    fn elu_and_its_slope_match_plain_ops_with_gradients() -> Result<()> {
        let device = Device::Cpu;
        let values: Vec<f32> = (0..40).map(|i| (i as f32 - 25.0) * 0.23).collect();
        let x = Var::from_vec(values, (8, 5), &device)?;
        let mix = Tensor::from_vec(
            (0..40).map(|i| (i % 7) as f32 - 3.0).collect::<Vec<f32>>(),
            (8, 5),
            &device,
        )?;
        let plain_slope = |x: &Tensor| -> Result<Tensor> {
            let mask = x.gt(0.0)?.to_dtype(DType::F32)?;
            mask.clone() + ((1.0 - &mask)? * x.exp()?)?
        };
        type Pair<'a> = (
            &'a str,
            &'a dyn Fn(&Tensor) -> Result<Tensor>,
            &'a dyn Fn(&Tensor) -> Result<Tensor>,
        );
        let cases: [Pair; 2] = [
            ("elu", &elu, &|x: &Tensor| x.elu(1.0)),
            ("slope", &slope, &plain_slope),
        ];
        for (what, fast, plain) in cases {
            let (a, b) = (fast(x.as_tensor())?, plain(x.as_tensor())?);
            let grad_a = (&a * &mix)?.sum_all()?.backward()?;
            let grad_b = (&b * &mix)?.sum_all()?.backward()?;
            let close = |p: &Tensor, q: &Tensor| -> Result<f32> {
                let (p, q) = (
                    p.flatten_all()?.to_vec1::<f32>()?,
                    q.flatten_all()?.to_vec1::<f32>()?,
                );
                Ok(p.iter()
                    .zip(&q)
                    .map(|(p, q)| (p - q).abs() / q.abs().max(1.0))
                    .fold(0.0, f32::max))
            };
            let value_error = close(&a, &b)?;
            let grad_error = close(grad_a.get(&x).unwrap(), grad_b.get(&x).unwrap())?;
            assert!(value_error < 1e-6, "{what}: values differ by {value_error}");
            assert!(grad_error < 1e-6, "{what}: gradients differ by {grad_error}");
        }
        Ok(())
    }
}
