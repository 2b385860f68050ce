//! tanh as a candle custom op with a rational approximation.
//!
//! candle's CPU tanh calls libm's `tanhf` (through `expm1f`) per element, and it was a
//! third of all training time and most of a snapshot's (perf, width 32): 10,000 generator
//! samples through two tanh layers took about 15 ms. This rational form, the one Eigen
//! uses for float tanh, is accurate to a few float ulps and vectorises.

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor};

/// Inputs beyond this are ±1 to float precision.
const CLAMP: f32 = 7.905_311;
#[allow(clippy::excessive_precision)] // Eigen's published coefficients, kept verbatim
const ALPHA: [f32; 7] = [
    4.893_524_6e-3,
    6.372_619_3e-4,
    1.485_722_4e-5,
    5.122_297e-8,
    -8.604_671_5e-11,
    2.000_187_9e-13,
    -2.760_768_5e-16,
];
#[allow(clippy::excessive_precision)]
const BETA: [f32; 4] = [4.893_525e-3, 2.268_434_6e-3, 1.185_347_1e-4, 1.198_258_4e-6];

/// tanh(x) by a (13, 6) rational approximation on [-CLAMP, CLAMP].
#[inline]
pub fn tanh_approx(x: f32) -> f32 {
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = ALPHA[6];
    for a in ALPHA[..6].iter().rev() {
        p = p * x2 + a;
    }
    let mut q = BETA[3];
    for b in BETA[..3].iter().rev() {
        q = q * x2 + b;
    }
    x * p / q
}

/// tanh of every element, compiled also for AVX2 and picked at run time (the portable
/// x86-64 build has only 4-wide SSE2; the arithmetic, unfused, is the same bits).
#[multiversion::multiversion(targets("x86_64+avx2+fma"))]
fn tanh_all(xs: &[f32]) -> Vec<f32> {
    xs.iter().map(|&x| tanh_approx(x)).collect()
}

struct FastTanh;

impl CustomOp1 for FastTanh {
    fn name(&self) -> &'static str {
        "fast-tanh"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("fast-tanh expects f32")
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("fast-tanh expects a contiguous tensor")
        };
        Ok((
            CpuStorage::F32(tanh_all(&data[start..end])),
            layout.shape().clone(),
        ))
    }

    fn bwd(&self, _arg: &Tensor, res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        // d tanh = 1 - tanh².
        Ok(Some((grad_res * res.sqr()?.affine(-1.0, 1.0)?)?))
    }
}

/// tanh of `x`: the fast custom op on the CPU, candle's own elsewhere.
pub fn tanh(x: &Tensor) -> Result<Tensor> {
    if x.device().is_cpu() && x.dtype() == candle_core::DType::F32 {
        x.contiguous()?.apply_op1(FastTanh)
    } else {
        x.tanh()
    }
}
