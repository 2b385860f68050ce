//! The metric helpers against closed forms.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::measure::{
    density_on_grid, jensen_shannon, jensen_shannon_masses, linspace, mode_masses, modes_covered,
    wasserstein1, wasserstein1_samples,
};
use ganscope::engine::target::Target;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn sorted_samples(t: &Target, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut xs: Vec<f64> = (0..n).map(|_| t.sample(&mut rng)).collect();
    xs.sort_by(f64::total_cmp);
    xs
}

#[test]
fn w1_of_a_shift_is_the_shift() {
    // W1(N(0,1), N(mu,1)) = |mu|.
    let samples = sorted_samples(&Target::parse("N(0,1)").unwrap(), 100_000, 1);
    for mu in [0.0, 0.5, 2.0, -3.0] {
        let target = Target::parse(&format!("N({mu},1)")).unwrap();
        let w1 = wasserstein1(&samples, &target);
        assert!((w1 - f64::abs(mu)).abs() < 0.02, "mu {mu}: {w1}");
    }
}

#[test]
fn w1_of_a_scale_change_is_closed_form() {
    // W1(N(0,s1), N(0,s2)) = |s1 - s2| * sqrt(2/pi).
    let samples = sorted_samples(&Target::parse("N(0,1)").unwrap(), 100_000, 2);
    let w1 = wasserstein1(&samples, &Target::parse("N(0,2)").unwrap());
    let exact = (2.0 / std::f64::consts::PI).sqrt();
    assert!((w1 - exact).abs() < 0.02, "{w1} vs {exact}");
}

#[test]
fn w1_between_samples_is_symmetric_and_zero_on_itself() {
    let a = sorted_samples(&Target::parse("N(0,1)").unwrap(), 50_000, 3);
    let b = sorted_samples(&Target::parse("U(1,2)").unwrap(), 50_000, 4);
    assert_eq!(wasserstein1_samples(&a, &a), 0.0);
    assert_eq!(wasserstein1_samples(&a, &b), wasserstein1_samples(&b, &a));
    // E|U(1,2) quantile - N(0,1) quantile| > 0, and it is about the mean shift 1.5 here.
    assert!((wasserstein1_samples(&a, &b) - 1.5).abs() < 0.15);
}

#[test]
fn js_closed_forms() {
    // Identical: 0. Disjoint: ln 2. Half-overlapping uniforms: ln(2)/2.
    let ln2 = std::f64::consts::LN_2;
    assert!(jensen_shannon_masses(&[0.2, 0.3, 0.5], &[2.0, 3.0, 5.0]).abs() < 1e-12);
    assert!((jensen_shannon_masses(&[1.0, 0.0], &[0.0, 1.0]) - ln2).abs() < 1e-8);
    assert!((jensen_shannon_masses(&[1.0, 1.0, 0.0], &[0.0, 1.0, 1.0]) - ln2 / 2.0).abs() < 1e-8);
    let p = [0.1, 0.4, 0.5];
    let q = [0.3, 0.3, 0.4];
    assert!((jensen_shannon_masses(&p, &q) - jensen_shannon_masses(&q, &p)).abs() < 1e-15);
}

#[test]
fn js_of_samples_against_target() {
    // Edges on multiples of 0.05, so the uniforms' ends fall on bin edges.
    let edges = linspace(-6.0, 6.0, 241);
    let target = Target::parse("U(0,1)").unwrap();
    let same = sorted_samples(&target, 200_000, 5);
    assert!(jensen_shannon(&same, &target, &edges) < 0.01);
    let shifted = sorted_samples(&Target::parse("U(0.5,1.5)").unwrap(), 200_000, 6);
    let js = jensen_shannon(&shifted, &target, &edges);
    assert!((js - std::f64::consts::LN_2 / 2.0).abs() < 0.01, "{js}");
    // Samples far off the grid still count, in the open end bins.
    let far = sorted_samples(&Target::parse("N(100,1)").unwrap(), 10_000, 7);
    assert!((jensen_shannon(&far, &target, &edges) - std::f64::consts::LN_2).abs() < 1e-6);
}

#[test]
fn density_estimate_matches_the_pdf() {
    let target = Target::parse("N(1,0.5)").unwrap();
    let grid = linspace(-1.0, 3.0, 512);
    let samples = sorted_samples(&target, 200_000, 8);
    let density = density_on_grid(&samples, &grid, 1.5);
    let worst = grid
        .iter()
        .zip(&density)
        .map(|(x, d)| (d - target.pdf(*x)).abs())
        .fold(0.0, f64::max);
    assert!(worst < 0.06, "max error {worst} on a peak of {}", target.pdf(1.0));
}

#[test]
fn mode_masses_and_coverage() {
    let target = Target::parse("0.5*N(-4,0.4) + 0.5*N(4,0.4)").unwrap();
    let both = sorted_samples(&target, 10_000, 9);
    let masses = mode_masses(&both, &target);
    assert!(
        (masses[0] - 0.5).abs() < 0.03 && (masses[1] - 0.5).abs() < 0.03,
        "{masses:?}"
    );
    assert_eq!(modes_covered(&masses, &target), 2);
    let one = sorted_samples(&Target::parse("N(4,0.4)").unwrap(), 10_000, 10);
    let masses = mode_masses(&one, &target);
    assert!(masses[0] == 0.0 && masses[1] > 0.99, "{masses:?}");
    assert_eq!(modes_covered(&masses, &target), 1);
    // A spike between the modes, or beyond one, sits on neither: nearest is not enough.
    for spike in [0.0, -0.3, 5.5, -6.05] {
        let masses = mode_masses(&[spike; 100], &target);
        assert_eq!(masses, vec![0.0, 0.0], "a spike at {spike}");
        assert_eq!(modes_covered(&masses, &target), 0);
    }
    let on_edge = mode_masses(&[4.0 + 3.0 * 0.4 - 1e-9, 4.0 + 3.0 * 0.4 + 1e-3], &target);
    assert_eq!(on_edge, vec![0.0, 0.5], "within 3 sd counts, beyond does not");
}
