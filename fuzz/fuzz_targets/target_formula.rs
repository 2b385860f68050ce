//! The target-formula parser on arbitrary text: it must return a value or an error,
//! never panic, and whatever it accepts must be a usable distribution (finite range,
//! pdf and cdf in range, samples finite) whose printed form parses back to itself.
#![no_main]

use ganscope::engine::target::Target;
use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;

fuzz_target!(|data: &[u8]| {
    let Ok(formula) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(target) = Target::parse(formula) else {
        return;
    };
    let (lo, hi) = target.range();
    assert!(
        lo.is_finite() && hi.is_finite() && lo < hi,
        "range {lo}..{hi} of {formula:?}"
    );
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    for _ in 0..8 {
        let x = target.sample(&mut rng);
        assert!(!x.is_nan(), "sample NaN from {formula:?}");
    }
    for i in 0..=8 {
        let x = lo + (hi - lo) * i as f64 / 8.0;
        let (p, c) = (target.pdf(x), target.cdf(x));
        assert!(p >= 0.0 && !p.is_nan(), "pdf({x}) = {p} for {formula:?}");
        assert!(
            (-1e-9..=1.0 + 1e-9).contains(&c),
            "cdf({x}) = {c} for {formula:?}"
        );
    }
    let printed = target.to_string();
    let reparsed = Target::parse(&printed)
        .unwrap_or_else(|e| panic!("{formula:?} printed as {printed:?}, which fails: {e}"));
    assert_eq!(reparsed.to_string(), printed, "round trip of {formula:?}");
});
