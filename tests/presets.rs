//! Every preset's story, as loaded and with its cure (`--fix`), asserted on the numbers of
//! real runs on several seeds (SCIENCE.md, "Each failure and its cure"). The seeds here
//! were not used to choose the presets' settings.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;
use common::runs::{preset, run};
use ganscope::engine::presets::{self, PRESETS};
use ganscope::engine::snapshot::Metrics;

/// Seeds every story is checked on.
const SEEDS: [u64; 3] = [21, 22, 23];

fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.into_iter().collect();
    v.iter().sum::<f64>() / v.len() as f64
}

#[test]
fn every_failure_preset_has_a_cure_that_changes_something() {
    for p in PRESETS {
        match (&p.cure, p.name) {
            // The successes: Figure 1, and the 2-D presets that show a GAN learning.
            (None, "figure1" | "grid" | "spiral" | "ganlab") => assert!(p.cured().is_none()),
            (None, other) => panic!("{other} shows a failure and needs a cure"),
            (Some(_), _) => assert_ne!(p.cured().unwrap(), p.experiment(), "{}", p.name),
        }
    }
    assert_eq!(presets::find("wgan-rescue").unwrap().name, "disjoint-supports");
}

/// The live figure1 preset converges to the eye: from iteration 5,000 on, total
/// variation between the curves stays under 0.05 at four checkpoints in five and never
/// passes 0.07. (Measured from 5,000 to 8,000 every 250: under 0.05 at every checkpoint
/// on seeds 1-12; of the seeds here, 23 rose to 0.065 for one checkpoint at 7,500 and
/// came back, a wobble of Adam at a constant rate that a stricter bound would misreport
/// as a failure to converge.)
#[test]
fn figure1_converges_to_the_eye_and_stays() {
    for seed in SEEDS {
        let history = run(preset("figure1", false, seed), 8000, 250);
        let late: Vec<f64> = history.iter().filter(|m| m.steps >= 5000).map(|m| m.tv).collect();
        let worst = late.iter().copied().fold(0.0, f64::max);
        let under = late.iter().filter(|&&tv| tv < 0.05).count();
        assert!(
            worst < 0.07 && under * 5 >= late.len() * 4,
            "seed {seed}: total variation after 5,000: {late:?}"
        );
    }
}

/// As loaded, G's mean swings around the data and W1 never settles; with the cure it
/// settles: over the last fifth of the run W1 is several times lower (3 to 8 times on
/// seeds 1-8; asserted above 2.5) and the swing of G's mean far smaller.
#[test]
fn oscillation_swings_and_its_cure_settles() {
    for seed in SEEDS {
        let steps = presets::find("oscillation").unwrap().steps;
        let last_fifth = |h: &[Metrics]| {
            let from = h.len() * 4 / 5;
            h[from..].to_vec()
        };
        let failure = last_fifth(&run(preset("oscillation", false, seed), steps, 10));
        let cure = last_fifth(&run(preset("oscillation", true, seed), steps, 10));
        let spread = |h: &[Metrics]| {
            let centre = mean(h.iter().map(|m| m.g_mean));
            mean(h.iter().map(|m| (m.g_mean - centre).powi(2))).sqrt()
        };
        let (w1_failure, w1_cure) = (
            mean(failure.iter().map(|m| m.w1)),
            mean(cure.iter().map(|m| m.w1)),
        );
        assert!(
            w1_failure > 2.5 * w1_cure,
            "seed {seed}: late W1 {w1_failure} as loaded vs {w1_cure} cured"
        );
        assert!(
            spread(&failure) > 5.0 * spread(&cure),
            "seed {seed}: G's mean swings {} as loaded vs {} cured",
            spread(&failure),
            spread(&cure)
        );
    }
}

/// As loaded, one mode holds nearly all the mass; with the unrolled discriminator both
/// hold a fair share.
#[test]
fn mode_collapse_and_the_unrolled_cure() {
    for seed in SEEDS {
        let failure = run(preset("mode-collapse", false, seed), 3000, 100);
        for m in &failure[21..] {
            let top = m.mode_masses.iter().copied().fold(0.0, f64::max);
            assert!(top > 0.95, "seed {seed} at {}: {:?}", m.steps, m.mode_masses);
        }
        let cure = run(preset("mode-collapse", true, seed), 1500, 100);
        for m in &cure[10..] {
            assert!(
                m.mode_masses.iter().all(|&share| share > 0.35),
                "seed {seed} cured at {}: {:?}",
                m.steps,
                m.mode_masses
            );
            assert_eq!(m.modes_covered, 2);
        }
    }
}

/// From the same start the minimax G stays (W1 above half its start) while the
/// non-saturating G reaches the data (W1 below a tenth of its start).
#[test]
fn vanishing_gradient_and_the_non_saturating_cure() {
    for seed in SEEDS {
        let steps = presets::find("vanishing-gradient").unwrap().steps;
        let failure = run(preset("vanishing-gradient", false, seed), steps, steps);
        let cure = run(preset("vanishing-gradient", true, seed), steps, steps);
        let (start, end) = (failure[0].w1, failure[1].w1);
        assert_eq!(cure[0].w1, start, "the same start");
        assert!(
            end > 0.5 * start,
            "seed {seed}: the minimax G moved, W1 {start} -> {end}"
        );
        assert!(
            cure[1].w1 < 0.1 * start,
            "seed {seed}: the non-saturating G did not reach the data, W1 {start} -> {}",
            cure[1].w1
        );
    }
}

/// Disjoint supports with plain SGD and a strong D: the minimax G stays across the gap
/// with JS at log 2; the Wasserstein-GP critic pulls it over.
#[test]
fn disjoint_supports_and_the_wasserstein_cure() {
    let ln2 = std::f64::consts::LN_2;
    for seed in SEEDS {
        let steps = presets::find("disjoint-supports").unwrap().steps;
        let failure = run(preset("disjoint-supports", false, seed), steps, 50);
        let start = failure[0].w1;
        let end = failure.last().unwrap();
        assert!(
            end.w1 > 0.5 * start,
            "seed {seed}: minimax crossed, W1 {start} -> {}",
            end.w1
        );
        assert!(
            failure.iter().all(|m| m.js > 0.99 * ln2),
            "seed {seed}: JS left log 2"
        );
        let cure = run(preset("disjoint-supports", true, seed), steps, 50);
        assert_eq!(cure[0].w1, start, "the same start");
        let end = cure.last().unwrap();
        assert!(
            end.w1 < 0.1 * start,
            "seed {seed}: WGAN-GP did not cross, W1 {start} -> {}",
            end.w1
        );
    }
}
