//! softplus, ln(1 + e^x), by polynomials that vectorise, for the fused layer's forward
//! pass. With libm's `expf` and `log1pf` per element, 10,000 generator samples through
//! two softplus layers of 64 took 29 ms of a 2-D snapshot (the ring preset as it was, when
//! softplus; BENCHMARKS.md).
//! Accurate to a few float ulps, like the tanh of `tanh.rs`.

/// e^x for x ≤ 0 (all softplus needs): 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2,
/// e^r by its Taylor series to r⁷ (remainder below 1e-8 relative); 0 below −87, where
/// e^x is under the smallest normal float anyway.
#[inline]
pub fn exp_nonpositive(x: f32) -> f32 {
    let (two_to_n, e_r_minus_1) = exp_parts(x);
    if x < -87.0 {
        0.0
    } else {
        (e_r_minus_1 + 1.0) * two_to_n
    }
}

/// e^x − 1 for x ≤ 0 (ELU's negative side), to a few float ulps of its own size even
/// near 0, where e^x − 1 from e^x would lose its digits: 2^n (e^r − 1) + (2^n − 1).
/// libm's `expm1f` per element was a third of a figure1 map's time (perf): it does not
/// vectorise. −1 below −87.
#[inline]
pub fn exp_m1_nonpositive(x: f32) -> f32 {
    let (two_to_n, e_r_minus_1) = exp_parts(x);
    if x < -87.0 {
        -1.0
    } else {
        two_to_n * e_r_minus_1 + (two_to_n - 1.0)
    }
}

/// 2^n and e^r − 1 with x = n ln 2 + r (x clamped to [−87, 0]).
#[inline]
fn exp_parts(x: f32) -> (f32, f32) {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two, so n · ln 2 is subtracted without rounding (Cody and Waite; the
    // high part has few enough bits that n times it is exact; Cephes' constants).
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 · 2^23 rounds to the nearest whole number, vectorised.
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 0.0);
    let rounded = x * LOG2_E + ROUND;
    let n = rounded - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let e_r_minus_1 = r
        * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r / 5040.0))))));
    // 2^n from its exponent bits; n ≥ −126 here, so the float is normal. `rounded`'s
    // bits are ROUND's plus n (its spacing is 1), so n + 127 is an integer subtraction
    // away: no float-to-integer conversion, which kept the loop scalar.
    let n_plus_127 = rounded.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(127);
    let two_to_n = f32::from_bits(n_plus_127 << 23);
    (two_to_n, e_r_minus_1)
}

/// ln(1 + t) for t in [0, 1]: with s = t / (2 + t) ≤ 1/3, ln(1 + t) = 2 atanh(s), whose
/// odd series to s¹³ leaves a remainder below 1e-8.
#[inline]
fn ln_1p_unit(t: f32) -> f32 {
    let s = t / (2.0 + t);
    let s2 = s * s;
    let series = 1.0
        + s2 * (1.0 / 3.0
            + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 / 13.0)))));
    2.0 * s * series
}

/// ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|), without overflow.
#[inline]
pub fn softplus_approx(x: f32) -> f32 {
    x.max(0.0) + ln_1p_unit(exp_nonpositive(-x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// e^x − 1 against libm in f64, to within a few ulps of its own size (near 0 too).
    #[test]
    fn exp_m1_matches_the_exact_one() {
        let mut worst = 0f64;
        for i in -200_000..=0 {
            let x = i as f32 * 5e-4;
            let exact = f64::from(x).exp_m1();
            let error = (f64::from(exp_m1_nonpositive(x)) - exact).abs() / exact.abs().max(1e-30);
            worst = worst.max(if x == 0.0 { 0.0 } else { error });
        }
        assert!(worst < 1e-6, "relative error {worst}");
        assert_eq!(exp_m1_nonpositive(-1000.0), -1.0);
        assert_eq!(exp_m1_nonpositive(0.0), 0.0);
    }

    /// Against libm in f64 over the range a layer sees, and far beyond it.
    #[test]
    fn matches_the_exact_softplus() {
        let mut worst = 0f64;
        for i in -200_000..=200_000 {
            let x = i as f32 * 1e-3;
            let exact = f64::from(x).max(0.0) + (-f64::from(x).abs()).exp().ln_1p();
            let error = (f64::from(softplus_approx(x)) - exact).abs() / exact.max(1e-30);
            worst = worst.max(error);
        }
        assert!(worst < 1e-6, "worst relative error {worst}");
        assert_eq!(softplus_approx(-200.0), 0.0);
        assert_eq!(softplus_approx(200.0), 200.0);
        // A NaN stays NaN, so a diverged run is seen as diverged, not read as 0.
        assert!(softplus_approx(f32::NAN).is_nan());
        assert!(exp_nonpositive(f32::NAN).is_nan());
    }

    #[test]
    fn exp_is_exact_to_a_few_ulps() {
        let mut worst = 0f64;
        for i in 0..=86_900 {
            let x = -(i as f32) * 1e-3;
            let exact = f64::from(x).exp();
            worst = worst.max((f64::from(exp_nonpositive(x)) - exact).abs() / exact);
        }
        assert!(worst < 5e-7, "worst relative error {worst}");
    }
}
