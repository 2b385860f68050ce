//! The identities of SCIENCE.md as tests on exact densities: the value of the game at the
//! optimal discriminator, the hinge loss at its optimum, JS of disjoint supports, grids
//! that integrate to one, and an asymmetric target that would show a flipped axis; and
//! the optimal opponent of every loss approached as D trains against a frozen G.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::config::{Experiment, Loss};
use ganscope::engine::gan::Gan;
use ganscope::engine::measure::{
    density_on_grid, jensen_shannon_masses, linspace, optimal_discriminator, total_variation,
};
use ganscope::engine::opponent::optimal_hinge_logit;
use ganscope::engine::presets;
use ganscope::engine::target::Target;
use ganscope::figure::{Figure, Role};

/// Pairs of densities (p_data, p_g) whose mass lies well inside [-12, 12].
const PAIRS: [(&str, &str); 4] = [
    ("N(0,1)", "N(1,1)"),
    ("N(0,1)", "N(0,2)"),
    ("0.3*N(-2,0.5) + 0.7*N(2,0.5)", "Laplace(0.5,1)"),
    ("U(-1,1)", "N(0.5,0.7)"),
];

/// A fine grid and both densities on it.
fn densities(p: &str, q: &str) -> (Vec<f64>, Vec<f64>, Vec<f64>, f64) {
    let grid = linspace(-12.0, 12.0, 48_001);
    let step = grid[1] - grid[0];
    let (p, q) = (Target::parse(p).unwrap(), Target::parse(q).unwrap());
    let pd: Vec<f64> = grid.iter().map(|&x| p.pdf(x)).collect();
    let qd: Vec<f64> = grid.iter().map(|&x| q.pdf(x)).collect();
    (grid, pd, qd, step)
}

#[test]
fn value_at_the_optimal_discriminator_is_minus_log_4_plus_twice_js() {
    for (p, q) in PAIRS {
        let (_, pd, qd, step) = densities(p, q);
        let d_star = optimal_discriminator(&pd, &qd);
        let value: f64 = pd
            .iter()
            .zip(&qd)
            .zip(&d_star)
            .map(|((&a, &b), &d)| {
                let real = if a > 0.0 { a * d.ln() } else { 0.0 };
                let fake = if b > 0.0 { b * (1.0 - d).ln() } else { 0.0 };
                (real + fake) * step
            })
            .sum();
        let masses = |d: &[f64]| d.iter().map(|x| x * step).collect::<Vec<_>>();
        let js = jensen_shannon_masses(&masses(&pd), &masses(&qd));
        let expected = -(4f64.ln()) + 2.0 * js;
        assert!(
            (value - expected).abs() < 1e-3,
            "{p} vs {q}: V(D*, G) = {value}, -log 4 + 2 JS = {expected}"
        );
    }
    // At p_g = p_data, D* = 1/2 and V = -log 4.
    let (_, pd, _, step) = densities("N(0,1)", "N(0,1)");
    let d_star = optimal_discriminator(&pd, &pd);
    let value: f64 = pd.iter().zip(&d_star).map(|(a, d)| 2.0 * a * d.ln() * step).sum();
    assert!((value + 4f64.ln()).abs() < 1e-3, "{value}");
}

#[test]
fn hinge_loss_at_its_optimum_is_twice_one_minus_tv() {
    for (p, q) in PAIRS {
        let (grid, pd, qd, step) = densities(p, q);
        let best = optimal_hinge_logit(&pd, &qd);
        let loss: f64 = pd
            .iter()
            .zip(&qd)
            .zip(&best)
            // Off the supported grid the optimum is any logit in [-1, 1]: 0 costs a + b there.
            .map(|((&a, &b), &l)| {
                let l = if l.is_finite() { l } else { (a - b).signum() };
                (a * (1.0 - l).max(0.0) + b * (1.0 + l).max(0.0)) * step
            })
            .sum();
        let tv = total_variation(&grid, &pd, &qd, 0.0, 0.0);
        assert!(
            (loss - 2.0 * (1.0 - tv)).abs() < 2e-3,
            "{p} vs {q}: hinge loss at its optimum {loss}, 2(1 - TV) = {}",
            2.0 * (1.0 - tv)
        );
    }
}

#[test]
fn js_of_disjoint_supports_is_log_2() {
    let (_, pd, qd, step) = densities("U(-3,-1)", "N(5,0.3)");
    let masses = |d: &[f64]| d.iter().map(|x| x * step).collect::<Vec<_>>();
    let js = jensen_shannon_masses(&masses(&pd), &masses(&qd));
    // Within the floor that keeps the logarithms finite (1e-10 a bin, 48,000 bins).
    assert!((js - std::f64::consts::LN_2).abs() < 1e-4, "{js}");
}

#[test]
fn density_grids_integrate_to_one() {
    // The exact data density on a snapshot's grid, and the generator's estimate, for a
    // target whose grid holds where a fresh generator starts (near 0).
    let gan = Gan::new(Experiment {
        target: Target::parse("N(0.5,1)").unwrap(),
        ..presets::base()
    })
    .unwrap();
    let s = gan.snapshot().unwrap();
    let step = s.grid[1] - s.grid[0];
    let integral = |d: &[f64]| d.iter().sum::<f64>() * step;
    assert!(
        (integral(&s.p_data) - 1.0).abs() < 1e-3,
        "p_data: {}",
        integral(&s.p_data)
    );
    assert!((integral(&s.p_g) - 1.0).abs() < 1e-3, "p_g: {}", integral(&s.p_g));
    // The estimator on samples well inside any grid.
    let target = Target::parse("0.3*N(-2,0.5) + 0.7*N(2,0.5)").unwrap();
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(5);
    let samples: Vec<f64> = (0..20_000).map(|_| target.sample(&mut rng)).collect();
    let grid = linspace(-6.0, 6.0, 512);
    let estimate = density_on_grid(&samples, &grid, 1.5);
    let step = grid[1] - grid[0];
    let total = estimate.iter().sum::<f64>() * step;
    assert!((total - 1.0).abs() < 1e-3, "{total}");
}

/// 0.3·N(−2, 0.5) + 0.7·N(2, 0.5) is heavier on the right: the figure must show the taller
/// bump at +2, and a D trained against a G frozen near 0 must score both bumps above 0
/// (a flipped or mirrored axis would show the bumps swapped).
#[test]
fn an_asymmetric_target_shows_the_right_way_round() {
    let e = Experiment {
        target: Target::parse("0.3*N(-2,0.5) + 0.7*N(2,0.5)").unwrap(),
        train_g: false,
        ..presets::base()
    };
    let mut gan = Gan::new(e).unwrap();
    gan.train(1000).unwrap();
    let s = gan.snapshot().unwrap();
    let figure = Figure::from_snapshot(&s, true);
    let data = figure.curves.iter().find(|c| c.role == Role::Data).unwrap();
    let peak = data
        .points
        .iter()
        .copied()
        .max_by(|a, b| a[1].total_cmp(&b[1]))
        .unwrap();
    assert!(
        (peak[0] - 2.0).abs() < 0.05,
        "the taller bump is drawn at {}",
        peak[0]
    );
    let at = |x: f64| {
        let i = s.grid.iter().position(|&g| g >= x).unwrap();
        (s.p_data[i], s.d[i])
    };
    let (left, middle, right) = (at(-2.0), at(0.0), at(2.0));
    assert!(right.0 > 2.0 * left.0, "p_data {left:?} vs {right:?}");
    assert!(
        middle.1 < 0.5,
        "D should call G's place (near 0) fake: {middle:?}"
    );
    assert!(
        left.1 > middle.1 && right.1 > middle.1,
        "D should score both bumps above G's place: {left:?} {middle:?} {right:?}"
    );
}

/// With G frozen, training D brings it toward the optimal opponent of its loss: the gap
/// shrinks from the moment G is frozen, for every loss, on seeds 7-9. (With G near the
/// data a clipped critic, which can only be about linear, stalls short of the bent
/// optimal critic: weight clipping's known limit.)
#[test]
fn every_loss_approaches_its_optimal_opponent_with_g_frozen() {
    for loss in Loss::ALL {
        // G on its way to the data, frozen: then every critic, even a clipped one that
        // can only be about linear, can reach its optimum (one slope across the gap).
        // The shipped figure1 preset, 300 iterations in: G crossing toward the data. The
        // Wasserstein critics are given G at 40 iterations, still far from the data, where
        // the optimal critic is one slope across the gap: a clipped critic can only be
        // about linear, and from G at 300 the penalised one (λ 10, Adam 6e-4) stayed at
        // a gap of 0.9 for 2,000 steps.
        for seed in [7, 8, 9] {
            let mut e = ganscope::engine::presets::base();
            e.seed = seed;
            let mut gan = Gan::new(e.clone()).unwrap();
            let critic = matches!(loss, Loss::Wasserstein | Loss::WassersteinGp);
            gan.train(if critic { 40 } else { 300 }).unwrap();
            e.loss = loss;
            e.train_g = false;
            e.r1_gamma = 0.0;
            // The usual penalty weight: the toy 0.1 leaves the critic free to steepen where
            // few interpolates fall.
            e.gp_lambda = 10.0;
            gan.apply_config(e).unwrap();
            let before = gan.snapshot().unwrap().metrics.opponent_gap;
            gan.train(2000).unwrap();
            let after = gan.snapshot().unwrap().metrics.opponent_gap;
            assert!((0.0..=1.0).contains(&before) && (0.0..=1.0).contains(&after));
            // It shrinks, by a good part (seeds 7-9 measured 0.36x at worst, least squares
            // on seed 8; no floor under which a small gap passes unshrunk).
            assert!(
                after < 0.7 * before,
                "{loss:?} seed {seed}: the gap to the optimal opponent went {before} -> {after}"
            );
        }
    }
}
