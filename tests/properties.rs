//! Property tests: the formula parser round-trips anything it prints, and the
//! divergences behave like divergences on arbitrary inputs.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::measure::{jensen_shannon_masses, wasserstein1_samples};
use ganscope::engine::target::{Component, Target};
use proptest::prelude::*;

fn component() -> impl Strategy<Value = Component> {
    let loc = -100.0..100.0f64;
    let scale = 0.001..50.0f64;
    prop_oneof![
        (loc.clone(), scale.clone()).prop_map(|(mu, sigma)| Component::Normal { mu, sigma }),
        (loc.clone(), 0.001..50.0f64).prop_map(|(a, w)| Component::Uniform { a, b: a + w }),
        (loc, scale).prop_map(|(mu, b)| Component::Laplace { mu, b }),
        (-5.0..5.0f64, 0.01..3.0f64).prop_map(|(mu, sigma)| Component::LogNormal { mu, sigma }),
    ]
}

fn formula() -> impl Strategy<Value = String> {
    prop::collection::vec((0.001..100.0f64, component()), 1..5).prop_map(|terms| {
        terms
            .iter()
            .map(|(w, c)| format!("{w}*{c}"))
            .collect::<Vec<_>>()
            .join(" + ")
    })
}

proptest! {
    #[test]
    fn printed_targets_parse_back_to_the_same(text in formula()) {
        let once = Target::parse(&text).unwrap();
        let twice = Target::parse(&once.to_string()).unwrap();
        prop_assert_eq!(once.components().len(), twice.components().len());
        for (a, b) in once.components().iter().zip(twice.components()) {
            prop_assert!((a.0 - b.0).abs() < 1e-12);
            prop_assert_eq!(&a.1, &b.1);
        }
        let total: f64 = once.components().iter().map(|(w, _)| w).sum();
        prop_assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,40}") {
        if let Err(e) = Target::parse(&text) {
            prop_assert!(e.position <= text.len());
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn w1_is_a_metric_on_samples(
        a in prop::collection::vec(-1e3..1e3f64, 1..200),
        shift in -10.0..10.0f64,
    ) {
        let mut a = a;
        a.sort_by(f64::total_cmp);
        let b: Vec<f64> = a.iter().map(|x| x + shift).collect();
        prop_assert_eq!(wasserstein1_samples(&a, &a), 0.0);
        let ab = wasserstein1_samples(&a, &b);
        prop_assert!((ab - shift.abs()).abs() < 1e-9 * (1.0 + a.iter().map(|x| x.abs()).fold(0.0, f64::max)));
        prop_assert_eq!(ab, wasserstein1_samples(&b, &a));
    }

    #[test]
    fn js_is_bounded_symmetric_and_zero_on_itself(
        p in prop::collection::vec(0.0..10.0f64, 2..50),
        q in prop::collection::vec(0.0..10.0f64, 2..50),
    ) {
        let n = p.len().min(q.len());
        let (p, q) = (&p[..n], &q[..n]);
        prop_assume!(p.iter().sum::<f64>() > 0.0 && q.iter().sum::<f64>() > 0.0);
        let js = jensen_shannon_masses(p, q);
        prop_assert!((0.0..=std::f64::consts::LN_2).contains(&js));
        prop_assert!((js - jensen_shannon_masses(q, p)).abs() < 1e-12);
        prop_assert!(jensen_shannon_masses(p, p).abs() < 1e-12);
    }
}
