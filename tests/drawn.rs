//! Drawn targets: a 1-D sketch is a normalised density with exact pdf, cdf and sampling;
//! brushed 2-D points are a mixture of small Gaussians; both are formulas that print
//! and parse back to themselves, and bad drawings are refused with their position.

use ganscope::engine::target::Target;
use rand::SeedableRng;
use rand::rngs::StdRng;

#[test]
fn a_sketch_is_a_normalised_density_with_exact_cdf_and_sampling() {
    let t = Target::parse("Sketch(-1,3,0,2,1,1)").unwrap();
    assert_eq!(t.dim(), 1);
    // Bins of width 1 over [-1, 3] with masses 0, 1/2, 1/4, 1/4.
    assert_eq!(t.pdf(-0.5), 0.0);
    assert!((t.pdf(0.5) - 0.5).abs() < 1e-12);
    assert!((t.pdf(2.5) - 0.25).abs() < 1e-12);
    assert_eq!((t.cdf(-1.0), t.cdf(3.0)), (0.0, 1.0));
    assert!((t.cdf(0.5) - 0.25).abs() < 1e-12);
    assert!((t.cdf(1.0) - 0.5).abs() < 1e-12);
    let n = 200_000;
    let step = 1e-3;
    let integral: f64 = (0..5000)
        .map(|i| t.pdf(-1.5 + step * (i as f64 + 0.5)) * step)
        .sum();
    assert!((integral - 1.0).abs() < 1e-3, "{integral}");
    let mut rng = StdRng::seed_from_u64(1);
    let draws: Vec<f64> = (0..n).map(|_| t.sample(&mut rng)).collect();
    assert!(
        draws.iter().all(|&x| (0.0..3.0).contains(&x)),
        "no draw in the empty bin"
    );
    let below_one = draws.iter().filter(|&&x| x < 1.0).count() as f64 / n as f64;
    assert!((below_one - 0.5).abs() < 0.005, "{below_one}");
    let mean: f64 = draws.iter().sum::<f64>() / n as f64;
    assert!((mean - t.mean()).abs() < 0.01, "{mean} vs {}", t.mean());
    let sd = (draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    assert!((sd - t.std_dev()).abs() < 0.01, "{sd} vs {}", t.std_dev());
}

#[test]
fn drawn_targets_print_and_parse_back_exactly() {
    for formula in [
        "Sketch(-4,4,0,0.25,1,3.5,1,0)",
        "0.5*Sketch(0,1,1) + 0.5*N(3,0.5)",
        "Points(0.02,0.1,0.2,0.3,-0.4)",
        "0.5*Points(0.05,1,1) + 0.5*Ring(4,1,0.1)",
    ] {
        let t = Target::parse(formula).unwrap_or_else(|e| panic!("{formula}: {e}"));
        assert_eq!(
            Target::parse(&t.to_string()).unwrap(),
            t,
            "{formula} printed as {t}"
        );
    }
}

#[test]
fn brushed_points_are_modes_with_exact_density() {
    let t = Target::parse("Points(0.05,1,0,-1,0,0,1)").unwrap();
    let plane = t.plane().unwrap();
    let modes = plane.modes();
    assert_eq!(modes.len(), 3);
    assert!(
        modes
            .iter()
            .all(|m| (m.weight - 1.0 / 3.0).abs() < 1e-12 && m.sigma == [0.05, 0.05])
    );
    assert!(plane.pdf([1.0, 0.0]).unwrap() > 10.0);
    let mut rng = StdRng::seed_from_u64(2);
    let near_a_point = (0..3000)
        .map(|_| plane.sample(&mut rng))
        .filter(|p| modes.iter().any(|m| m.sigmas_from(*p) < 4.0))
        .count();
    assert!(near_a_point > 2990, "{near_a_point}");
}

#[test]
fn bad_drawings_are_refused_with_position_and_reason() {
    let cases: &[(&str, usize, &str)] = &[
        ("Sketch(1,1,1)", 7, "needs lo < hi"),
        ("Sketch(0,1,1,-2,1)", 13, "must be >= 0, got -2"),
        ("Sketch(0,1,0,0)", 11, "all 0; draw something"),
        ("Sketch(0,1)", 10, "expected ','"),
        ("Points(0,1,1)", 7, "sigma must be > 0"),
        ("Points(0.1,1,1,2)", 15, "this x has no y"),
        ("Points(0.1,1)", 12, "expected ','"),
        ("N(0,1) + Points(0.1,1,1)", 9, "a 2-D term in a 1-D target"),
    ];
    for (formula, position, message) in cases {
        let err = Target::parse(formula).expect_err(formula);
        assert_eq!(err.position, *position, "{formula}: {err}");
        assert!(err.message.contains(message), "{formula}: {err}");
    }
    let too_many = format!("Sketch(0,1{})", ",1".repeat(257));
    let err = Target::parse(&too_many).expect_err("257 bins");
    assert!(err.message.contains("1 to 256 heights"), "{err}");
}
