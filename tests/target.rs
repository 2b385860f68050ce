//! The target formula language: parsing, round trips, refusals, and exact densities.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::target::{Component, Target};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[test]
fn parses_every_distribution_and_normalises_weights() {
    let t = Target::parse(" 0.3*N(-2, 0.5) + 0.6 * U(1,3)+ 0.3*Laplace(0,1) + LogNormal(0, 0.25)").unwrap();
    let weights: Vec<f64> = t.components().iter().map(|(w, _)| *w).collect();
    let total = 0.3 + 0.6 + 0.3 + 1.0;
    for (w, expected) in weights.iter().zip([0.3, 0.6, 0.3, 1.0]) {
        assert!((w - expected / total).abs() < 1e-12, "{weights:?}");
    }
    assert_eq!(t.components()[0].1, Component::Normal { mu: -2.0, sigma: 0.5 });
    assert_eq!(t.components()[1].1, Component::Uniform { a: 1.0, b: 3.0 });
    assert_eq!(t.components()[2].1, Component::Laplace { mu: 0.0, b: 1.0 });
    assert_eq!(t.components()[3].1, Component::LogNormal { mu: 0.0, sigma: 0.25 });
}

#[test]
fn display_round_trips() {
    for formula in [
        "N(4,0.5)",
        "0.3*N(-2,0.5) + 0.7*N(2,0.5)",
        "U(-1,2.5)",
        "0.5*Laplace(1,0.3) + 0.25*LogNormal(0.5,0.4) + 0.25*N(-3,1e-2)",
        "normal(1,2)",
    ] {
        let once = Target::parse(formula).unwrap();
        let twice = Target::parse(&once.to_string()).unwrap();
        assert_eq!(once.to_string(), twice.to_string(), "{formula}");
        for (a, b) in once.components().iter().zip(twice.components()) {
            assert!((a.0 - b.0).abs() < 1e-12);
            assert_eq!(a.1, b.1);
        }
    }
}

/// Inputs the fuzzer (fuzz/fuzz_targets/target_formula.rs) found failing, kept with the
/// same checks: each must parse or be refused, and what parses must print as a formula
/// that parses back to exactly itself.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/target_formula");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let Ok(formula) = String::from_utf8(bytes) else {
            continue;
        };
        checked += 1;
        let Ok(target) = Target::parse(&formula) else {
            continue;
        };
        let printed = target.to_string();
        let reparsed = Target::parse(&printed).unwrap();
        assert_eq!(reparsed.to_string(), printed, "round trip of {formula:?}");
        assert_eq!(reparsed, target, "round trip of {formula:?}");
    }
    assert!(checked > 0, "no regression inputs in {}", dir.display());
    // The first finding, spelled out: weights 5 and 0.2 became 5/5.2 and 0.2/5.2, whose
    // printed digits summed to 1 only up to rounding and renormalised to other last digits.
    let t = Target::parse("05.*N(-4,0.3)+0.2*N(4,0.4)").unwrap();
    assert_eq!(Target::parse(&t.to_string()).unwrap(), t);
}

#[test]
fn refuses_bad_formulas_with_position_and_reason() {
    let cases: &[(&str, usize, &str)] = &[
        ("N(0,-1)", 4, "sigma must be > 0, got -1"),
        ("N(0,0)", 4, "sigma must be > 0, got 0"),
        ("U(3,1)", 2, "U(a,b) needs a < b"),
        ("Laplace(0,-2)", 10, "b must be > 0, got -2"),
        ("Q(0,1)", 0, "unknown distribution 'q'"),
        ("", 0, "empty target"),
        ("   ", 0, "empty target"),
        ("N(0,1) +", 8, "expected a distribution"),
        ("0*N(0,1)", 0, "weight must be > 0"),
        ("-0.5*N(0,1) + N(1,1)", 0, "weight must be > 0"),
        ("N(0,1", 5, "expected ')'"),
        ("N(0;1)", 3, "expected ','"),
        ("N(abc,1)", 2, "expected a number"),
        ("N(1e400,1)", 2, "out of range"),
        ("N(0,1) N(1,1)", 7, "expected '+' or the end"),
        ("N(0,1) + ü", 9, "expected a distribution, found 'ü'"),
    ];
    for (formula, position, message) in cases {
        let err = Target::parse(formula).expect_err(formula);
        assert_eq!(err.position, *position, "{formula}: {err}");
        assert!(err.message.contains(message), "{formula}: {err}");
    }
}

#[test]
fn pdf_integrates_to_one_and_matches_cdf() {
    let t = Target::parse("0.2*N(-2,0.5) + 0.3*U(0,1) + 0.3*Laplace(3,0.4) + 0.2*LogNormal(0,0.5)").unwrap();
    let (lo, hi) = (-8.0, 12.0);
    let n = 200_000;
    let dx = (hi - lo) / n as f64;
    let mut integral = 0.0;
    for i in 0..n {
        let x = lo + dx * (i as f64 + 0.5);
        integral += t.pdf(x) * dx;
        if i % 20_000 == 0 {
            // The running integral is the cdf.
            assert!(
                (integral - t.cdf(x + 0.5 * dx)).abs() < 2e-3,
                "at {x}: {integral} vs {}",
                t.cdf(x)
            );
        }
    }
    assert!((integral - 1.0).abs() < 1e-3, "{integral}");
}

#[test]
fn samples_have_the_exact_mean_and_spread() {
    let t = Target::parse("0.25*N(-2,0.5) + 0.25*Laplace(1,0.5) + 0.5*U(2,4)").unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    let n = 200_000;
    let xs: Vec<f64> = (0..n).map(|_| t.sample(&mut rng)).collect();
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    assert!((mean - t.mean()).abs() < 0.02, "{mean} vs {}", t.mean());
    assert!((sd - t.std_dev()).abs() < 0.02, "{sd} vs {}", t.std_dev());
}
