//! The 2-D targets (the formula grammar's plane half, its bad inputs) and the 2-D metrics
//! against closed forms: a shifted ring's W1 is the shift, a sample of the target covers
//! every mode, a far sample has JS log 2.

use ganscope::engine::plane::{Plane, Point};
use ganscope::engine::plane_measure::{GRID_CELLS, PlaneGrid, Reference};
use ganscope::engine::target::Target;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn plane(formula: &str) -> Plane {
    Target::parse(formula)
        .unwrap_or_else(|e| panic!("{formula}: {e}"))
        .plane()
        .unwrap_or_else(|| panic!("{formula} is not 2-D"))
        .clone()
}

fn reference(p: &Plane) -> Reference {
    Reference::new(
        p,
        PlaneGrid {
            bounds: p.bounds(),
            cells: GRID_CELLS,
        },
        7,
    )
}

fn draws(p: &Plane, n: usize, seed: u64) -> Vec<Point> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| p.sample(&mut rng)).collect()
}

#[test]
fn plane_formulas_parse_print_and_reparse() {
    for formula in [
        "Ring(8,2,0.02)",
        "Grid(5,1,0.05)",
        "Spiral(1.5,0.05)",
        "Moons(0.1)",
        "N2(0.3,0.7,0.1)",
        "0.5*N2(0.3,0.7,0.1) + 0.5*N2(0.7,0.4,0.05,0.2)",
        "0.25*Ring(4,1,0.1) + 0.75*Grid(2,1,0.1)",
    ] {
        let target = Target::parse(formula).unwrap_or_else(|e| panic!("{formula}: {e}"));
        assert_eq!(target.dim(), 2, "{formula}");
        assert!(target.components().is_empty(), "{formula} has no line components");
        let again = Target::parse(&target.to_string()).unwrap();
        assert_eq!(again, target, "{formula} printed as {target}");
    }
    assert_eq!(Target::parse("N(0,1)").unwrap().dim(), 1);
}

#[test]
fn ring_and_grid_put_their_modes_where_they_say() {
    let ring = plane("Ring(8,2,0.02)").modes();
    assert_eq!(ring.len(), 8);
    for (i, m) in ring.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / 8.0;
        assert!((m.center[0] - 2.0 * angle.cos()).abs() < 1e-12);
        assert!((m.center[1] - 2.0 * angle.sin()).abs() < 1e-12);
        assert_eq!((m.sigma, m.weight), ([0.02, 0.02], 0.125));
    }
    let grid = plane("Grid(5,1,0.05)").modes();
    assert_eq!(grid.len(), 25);
    let xs: Vec<f64> = grid.iter().map(|m| m.center[0]).collect();
    assert_eq!(xs.iter().copied().fold(f64::INFINITY, f64::min), -2.0);
    assert_eq!(xs.iter().copied().fold(f64::NEG_INFINITY, f64::max), 2.0);
    let mixture = plane("0.25*N2(1,0,0.1) + 0.75*Ring(2,1,0.1)").modes();
    let weights: Vec<f64> = mixture.iter().map(|m| m.weight).collect();
    assert_eq!(weights, vec![0.25, 0.375, 0.375]);
    assert!(plane("Spiral(1.5,0.05)").modes().is_empty());
    assert!(!plane("Moons(0.1)").has_density());
}

#[test]
fn refuses_bad_plane_formulas_with_position_and_reason() {
    let cases: &[(&str, usize, &str)] = &[
        ("N(0,1) + N2(0,0,1)", 9, "a 2-D term in a 1-D target"),
        ("Ring(8,2,0.1) + U(0,1)", 16, "a 1-D term in a 2-D target"),
        (
            "Ring(2.5,1,0.1)",
            5,
            "n must be a whole number from 1 to 64, got 2.5",
        ),
        ("Ring(0,1,0.1)", 5, "n must be a whole number"),
        ("Ring(65,1,0.1)", 5, "from 1 to 64"),
        ("Grid(11,1,0.1)", 5, "from 1 to 10"),
        ("Ring(8,-2,0.1)", 7, "radius must be > 0, got -2"),
        ("Ring(8,2,0)", 9, "sigma must be > 0, got 0"),
        ("Grid(5,0,0.1)", 7, "spacing must be > 0"),
        ("N2(0,0,-1)", 7, "sigma must be > 0"),
        ("Spiral(0,0.1)", 7, "turns must be > 0"),
        ("Spiral(1,0)", 9, "noise must be > 0"),
        ("Moons(-0.1)", 6, "noise must be > 0"),
        ("N2(0,0)", 6, "expected ','"),
        ("N2(0,0,1,0)", 9, "sy must be > 0, got 0"),
        ("N2(0,0,1,1,1)", 10, "expected ')'"),
        ("Moons(0.1,2)", 9, "expected ')'"),
        ("Circle(1)", 0, "unknown distribution 'circle'"),
        (
            "Ring(8,2,1e-9)",
            9,
            "sigma must be at least 1e-6, got 0.000000001",
        ),
        ("N2(0,0,1,1e-300)", 9, "sy must be at least 1e-6"),
    ];
    for (formula, position, message) in cases {
        let err = Target::parse(formula).expect_err(formula);
        assert_eq!(err.position, *position, "{formula}: {err}");
        assert!(err.message.contains(message), "{formula}: {err}");
    }
}

#[test]
fn exact_grid_masses_sum_to_one() {
    for formula in [
        "Ring(8,2,0.02)",
        "Grid(5,1,0.05)",
        "N2(0.3,0.7,0.1)",
        "N2(0.7,0.4,0.05,0.2)",
    ] {
        let r = reference(&plane(formula));
        let total: f64 = r.data_masses().iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{formula}: {total}");
        let off = r.data_masses().last().copied().unwrap_or(1.0);
        assert!(off < 1e-3, "{formula}: {off} of the mass is off the plot");
    }
}

/// The sliced W1 (scaled by π/2) reads a translation's length, as W1 does.
#[test]
fn a_shifted_rings_w1_is_the_shift() {
    let ring = plane("Ring(8,2,0.02)");
    let r = reference(&ring);
    let own = r.sliced_w1(&draws(&ring, 10_000, 1));
    assert!(own < 0.03, "the target's own samples: W1 {own}");
    for (dx, dy) in [(0.3, 0.4), (-1.0, 0.0), (0.0, 0.2)] {
        let shifted: Vec<Point> = draws(&ring, 10_000, 2)
            .into_iter()
            .map(|p| [p[0] + dx, p[1] + dy])
            .collect();
        let w1 = r.sliced_w1(&shifted);
        let shift = f64::hypot(dx, dy);
        assert!((w1 - shift).abs() < 0.03 + 0.03 * shift, "shift {shift}: W1 {w1}");
    }
}

#[test]
fn coverage_counts_the_modes_a_sample_visits() {
    let ring = plane("Ring(8,2,0.02)");
    let r = reference(&ring);
    let all = r.coverage(&draws(&ring, 10_000, 3));
    assert_eq!(all.modes_covered, 8);
    // P(|e| <= 3σ) for a 2-D Gaussian is 1 − e^(−9/2) = 0.989.
    assert!((all.high_quality - 0.989).abs() < 0.01, "{}", all.high_quality);
    let masses: f64 = all.mode_masses.iter().sum();
    assert!((masses - 1.0).abs() < 1e-12);
    let three = plane("Ring(8,2,0.02)").modes()[..3].to_vec();
    let collapsed: Vec<Point> = draws(&ring, 10_000, 4)
        .into_iter()
        .filter(|p| {
            three
                .iter()
                .any(|m| (p[0] - m.center[0]).hypot(p[1] - m.center[1]) < 0.2)
        })
        .collect();
    let some = r.coverage(&collapsed);
    assert_eq!(some.modes_covered, 3);
    assert_eq!(some.covered[..3], [true, true, true]);
    // Samples near every mode but all of them blurred beyond 3σ: nothing is covered.
    let blurred: Vec<Point> = draws(&plane("Ring(8,2,0.2)"), 10_000, 5);
    let none = r.coverage(&blurred);
    assert_eq!(none.modes_covered, 0, "{none:?}");
    assert!(none.high_quality < 0.15);
}

#[test]
fn js_is_zero_for_the_target_and_log2_far_away() {
    let ring = plane("Ring(8,2,0.02)");
    let r = reference(&ring);
    let near = r.js(&draws(&ring, 10_000, 6));
    assert!(near < 0.05, "JS of the target's own samples {near}");
    let far: Vec<Point> = draws(&ring, 10_000, 7)
        .into_iter()
        .map(|p| [p[0] + 20.0, p[1]])
        .collect();
    let js = r.js(&far);
    assert!((js - std::f64::consts::LN_2).abs() < 1e-6, "{js}");
}

/// Spiral and Moons have no density, so JS is measured against a large fixed sample.
#[test]
fn shapes_without_density_are_measured_against_samples() {
    for formula in ["Spiral(1.5,0.05)", "Moons(0.1)"] {
        let p = plane(formula);
        let r = reference(&p);
        let own = draws(&p, 10_000, 8);
        assert!(r.sliced_w1(&own) < 0.05, "{formula}");
        assert!(r.js(&own) < 0.1, "{formula}: {}", r.js(&own));
        assert_eq!(r.coverage(&own).modes_covered, 0);
        let (mean, spread) = p.moments();
        assert!(
            mean[0].is_finite() && spread > 0.1,
            "{formula}: {mean:?} {spread}"
        );
    }
}
