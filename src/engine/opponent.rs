//! The optimal opponent of every loss: the discriminator (or critic) that plays best
//! against a fixed generator, pointwise on the snapshot's grid, and how far the trained
//! one is from it, as a number in [0, 1] (SCIENCE.md, "The optimal opponent of every loss").
//!
//! - minimax, non-saturating, least squares: D* = p_data / (p_data + p_g); the gap is
//!   max |D − D*| where the densities carry mass (a least-squares D clamped to [0, 1]).
//! - hinge: the optimal logit is sign(p_data − p_g); the gap is the excess hinge loss of
//!   the clamped logit over the optimum's, as a share of the worst excess,
//!   ∫ |p_data − p_g|·|clamp(l) − l*| / 2 over ∫ |p_data − p_g|.
//! - Wasserstein critics: the optimal 1-Lipschitz critic has slope sign(F_g − F_data) and
//!   attains W1; the gap is the critic's shortfall, 1 − (E_data f − E_g f) / (Lip(f)·W1),
//!   with Lip(f) its steepest slope where the densities carry mass or differ in mass below.

use super::config::Loss;
use super::measure::{optimal_discriminator, supported};

/// The optimal opponent on the grid and the trained one's distance from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opponent {
    /// The optimal opponent at each grid point, on the axis D itself is drawn on: a
    /// probability for D*, a logit for hinge, a critic value for Wasserstein (scaled to
    /// the trained critic's steepest slope and shifted to its level); NaN where it is
    /// undefined (no density on either side).
    pub curve: Vec<f64>,
    /// How far the trained D is from it, in [0, 1]: 0 is optimal.
    pub gap: f64,
}

/// The optimal opponent of `loss` for the densities `p_data` and `p_g` on the evenly
/// spaced `grid`, and the gap of `d` (D's output on the grid as the snapshot shows it: a
/// probability for sigmoid losses, the raw output otherwise).
pub fn opponent(loss: Loss, grid: &[f64], p_data: &[f64], p_g: &[f64], d: &[f64]) -> Opponent {
    match loss {
        Loss::Minimax | Loss::NonSaturating | Loss::LeastSquares => {
            let d_star = optimal_discriminator(p_data, p_g);
            // A least-squares D is a raw output and may leave [0, 1]; D* never does.
            let d: Vec<f64> = d.iter().map(|v| v.clamp(0.0, 1.0)).collect();
            let gap = super::measure::gap_to_optimal(&d, &d_star, p_data, p_g);
            let inside = drawn_span(p_data, p_g);
            let curve = d_star
                .into_iter()
                .zip(inside)
                .map(|(v, inside)| if inside { v } else { f64::NAN })
                .collect();
            Opponent { curve, gap }
        }
        Loss::Hinge => hinge(p_data, p_g, d),
        Loss::Wasserstein | Loss::WassersteinGp => critic(grid, p_data, p_g, d),
    }
}

/// Where an optimal opponent is drawn: one unbroken stretch, from the first to the last
/// grid point where p_data + p_g reaches [`DRAWN_FRACTION`] of its peak. Masked point by
/// point at the gap's threshold (a twentieth of the peak), D* fell apart into pieces at
/// 1.0 that stopped wherever a density dipped; drawn wherever p_data + p_g > 0, it
/// flickered between 0 and 1 around every stray sample of G far out in the tails.
fn drawn_span(p_data: &[f64], p_g: &[f64]) -> Vec<bool> {
    let total: Vec<f64> = p_data.iter().zip(p_g).map(|(a, b)| a + b).collect();
    let threshold = DRAWN_FRACTION * total.iter().copied().fold(0.0, f64::max);
    let carries = |t: f64| t > 0.0 && t >= threshold;
    let first = total.iter().position(|&t| carries(t));
    let last = total.iter().rposition(|&t| carries(t));
    (0..total.len())
        .map(|i| first.is_some_and(|f| i >= f) && last.is_some_and(|l| i <= l))
        .collect()
}

/// The share of the densities' peak where the drawn optimal opponent starts and ends: the
/// far tails, where the densities are still resolved (a thousandth of the peak is a few
/// of G's 10,000 samples per bandwidth).
pub const DRAWN_FRACTION: f64 = 1e-3;

/// The optimal hinge logit, sign(p_data − p_g), over the densities' span.
pub fn optimal_hinge_logit(p_data: &[f64], p_g: &[f64]) -> Vec<f64> {
    p_data
        .iter()
        .zip(p_g)
        .zip(drawn_span(p_data, p_g))
        .map(|((&a, &b), inside)| if inside { (a - b).signum() } else { f64::NAN })
        .collect()
}

fn hinge(p_data: &[f64], p_g: &[f64], logits: &[f64]) -> Opponent {
    let curve = optimal_hinge_logit(p_data, p_g);
    let (mut excess, mut worst) = (0.0, 0.0);
    for ((&a, &b), &l) in p_data.iter().zip(p_g).zip(logits) {
        let weight = (a - b).abs();
        let best = (a - b).signum();
        excess += weight * (l.clamp(-1.0, 1.0) - best).abs() / 2.0;
        worst += weight;
    }
    let gap = if worst > 0.0 {
        (excess / worst).clamp(0.0, 1.0)
    } else {
        0.0
    };
    Opponent { curve, gap }
}

/// Cumulative distribution on the grid from a density: F at each point, by the
/// trapezoid rule, normalised to end at 1.
fn cumulative(density: &[f64], step: f64) -> Vec<f64> {
    let mut total = 0.0;
    let mut out = Vec::with_capacity(density.len());
    for (i, &p) in density.iter().enumerate() {
        if i > 0 {
            total += 0.5 * (p + density[i - 1]) * step;
        }
        out.push(total);
    }
    if total > 0.0 {
        for f in &mut out {
            *f /= total;
        }
    }
    out
}

fn critic(grid: &[f64], p_data: &[f64], p_g: &[f64], f: &[f64]) -> Opponent {
    let n = grid.len();
    let nan = || Opponent {
        curve: vec![f64::NAN; n],
        gap: 1.0,
    };
    if n < 3 {
        return nan();
    }
    let step = grid[1] - grid[0];
    let (f_data, f_g) = (cumulative(p_data, step), cumulative(p_g, step));
    let slope_star: Vec<f64> = f_g.iter().zip(&f_data).map(|(g, d)| (g - d).signum()).collect();
    let w1: f64 = f_g.iter().zip(&f_data).map(|(g, d)| (g - d).abs() * step).sum();
    // Where the critic's slope counts: where either density carries mass, and across
    // the stretch between them (F_g ≠ F_data), which is all that matters when the
    // supports are disjoint.
    let inside: Vec<bool> = supported(p_data, p_g)
        .into_iter()
        .zip(f_g.iter().zip(&f_data))
        .map(|(inside, (g, d))| inside || (g - d).abs() > 1e-3)
        .collect();
    // The critic's steepest slope there: its Lipschitz constant where it matters.
    let lipschitz = (1..n - 1)
        .filter(|&i| inside[i])
        .map(|i| ((f[i + 1] - f[i - 1]) / (2.0 * step)).abs())
        .fold(0.0, f64::max);
    let mass = |p: &[f64]| p.iter().sum::<f64>() * step;
    let expect = |p: &[f64]| p.iter().zip(f).map(|(p, f)| p * f).sum::<f64>() * step / mass(p).max(1e-300);
    let achieved = expect(p_data) - expect(p_g);
    let gap = if w1 > 1e-12 && lipschitz > 0.0 {
        (1.0 - achieved / (lipschitz * w1)).clamp(0.0, 1.0)
    } else if w1 <= 1e-12 {
        0.0
    } else {
        1.0
    };
    // The optimal critic at the trained one's scale and level, so the two compare by eye.
    let mut level = 0.0;
    let mut curve = Vec::with_capacity(n);
    for (i, &s) in slope_star.iter().enumerate() {
        if i > 0 {
            level += 0.5 * (s + slope_star[i - 1]) * step * lipschitz.max(1e-12);
        }
        curve.push(level);
    }
    let weights: Vec<f64> = p_data.iter().zip(p_g).map(|(a, b)| a + b).collect();
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        let offset: f64 = weights
            .iter()
            .zip(f.iter().zip(&curve))
            .map(|(w, (f, c))| w * (f - c))
            .sum::<f64>()
            / total;
        for c in &mut curve {
            *c += offset;
        }
    }
    for (c, inside) in curve.iter_mut().zip(inside) {
        if !inside {
            *c = f64::NAN;
        }
    }
    Opponent { curve, gap }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D* is drawn as one unbroken curve over the densities' span (1 where only the data
    /// has mass), even where p_g is a spike and the data's tail is thin; and not out where
    /// neither is resolved.
    #[test]
    fn the_drawn_optimal_discriminator_is_one_curve() {
        let grid: Vec<f64> = (0..600).map(|i| -0.3 + 0.0105 * i as f64).collect();
        let normal = |x: f64, m: f64, s: f64| (-(0.5 * ((x - m) / s).powi(2))).exp() / (s * 2.5066);
        let p_data: Vec<f64> = grid.iter().map(|&x| normal(x, 4.0, 0.5)).collect();
        // A fresh G: a narrow spike near 0, nothing between it and the data.
        let p_g: Vec<f64> = grid.iter().map(|&x| normal(x, 0.2, 0.05)).collect();
        let d = vec![0.5; grid.len()];
        let curve = opponent(Loss::NonSaturating, &grid, &p_data, &p_g, &d).curve;
        let finite: Vec<usize> = (0..curve.len()).filter(|&i| curve[i].is_finite()).collect();
        let (first, last) = (finite[0], finite[finite.len() - 1]);
        assert_eq!(finite.len(), last - first + 1, "one run, no pieces");
        assert!(curve[first..=last].iter().all(|v| (0.0..=1.0).contains(v)));
        // It reaches over both densities: from G's spike to the data's far tail.
        assert!(
            grid[first] < 0.1 && grid[last] > 5.5,
            "{} .. {}",
            grid[first],
            grid[last]
        );
    }
}
