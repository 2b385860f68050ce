//! Every preset's story, as loaded and with its cure (`--fix`), asserted on the numbers of
//! real runs on several seeds (SCIENCE.md, "Each failure and its cure"). The seeds here
//! were not used to choose the presets' settings.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;
use common::runs::{mean, preset, run, top_mode};
use ganscope::engine::presets::{self, PRESETS};
use ganscope::engine::snapshot::Metrics;

/// Seeds every story is checked on.
const SEEDS: [u64; 3] = [21, 22, 23];

/// Held-out seeds (SCIENCE.md, "Seeds") for the stories whose settings or bounds changed
/// in the last round: no setting was chosen on them.
const HELD_OUT: [u64; 3] = [910, 911, 912];

/// The oscillation's own held-out seeds: its setting changed again (simultaneous steps)
/// after 910-912 had been run.
const OSCILLATION_HELD_OUT: [u64; 3] = [913, 914, 915];

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

/// The live figure1 preset converges to the eye: from iteration 5,000 to 8,000 the total
/// variation between the curves averages under 0.06 and never passes 0.1. (Measured
/// every 250 iterations on seeds 41-56: averages 0.018-0.040, the worst single reading
/// 0.071 on seed 49 at 5,000, a wobble of Adam at a constant rate; the old bound, "under
/// 0.05 from 5,000", failed there and on seed 46.)
#[test]
fn figure1_converges_to_the_eye_and_stays() {
    for seed in HELD_OUT {
        let history = run(preset("figure1", false, seed), 8000, 250);
        let late: Vec<f64> = history.iter().filter(|m| m.steps >= 5000).map(|m| m.tv).collect();
        let worst = late.iter().copied().fold(0.0, f64::max);
        assert!(
            worst < 0.1 && mean(late.clone()) < 0.06,
            "seed {seed}: total variation after 5,000: {late:?}"
        );
    }
}

/// As loaded, G's mean swings around the data and W1 never settles; with the cure (R1,
/// γ = 5) it settles: over the last fifth of the run W1 is above 0.5 as loaded and more
/// than five times lower cured, and the swing of G's mean (its standard deviation over
/// that window) more than ten times smaller. (Seeds 41-56 and 950, where the setting was
/// chosen: late W1 at least 0.79 as loaded, 14 to 30 times lower cured, the swing at
/// least 25 times smaller; seeds 501-516: 0.95, 16 times, 65 times.)
#[test]
fn oscillation_swings_and_its_cure_settles() {
    for seed in OSCILLATION_HELD_OUT {
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
            w1_failure > 0.5 && w1_failure > 5.0 * w1_cure,
            "seed {seed}: late W1 {w1_failure} as loaded vs {w1_cure} cured"
        );
        let (swing, settled) = (spread(&failure), spread(&cure));
        assert!(
            swing > 10.0 * settled,
            "seed {seed}: G's mean swings {swing} as loaded vs {settled} cured"
        );
    }
}

/// As loaded, G walks to the nearer mode and stays: over the second half of the run
/// (iterations 2,000-4,000) at least 90% of the fakes lie within 3 sd of one mode, the
/// same one throughout, and one mode is covered. With instance noise (the cure) each mode
/// holds over 30% of the fakes within 3 sd of it from iteration 3,000, and both are
/// covered. (Seeds 1-8 and 301-312: as loaded at least 97% on one mode from iteration
/// 1,000; cured each mode at least 41% from 3,000, covered for good by 2,100.)
#[test]
fn mode_collapse_and_the_instance_noise_cure() {
    for seed in HELD_OUT {
        let failure = run(preset("mode-collapse", false, seed), 4000, 100);
        let half = &failure[20..];
        let mode = top_mode(&half[0]).0;
        for m in half {
            let (which, share) = top_mode(m);
            assert!(
                share >= 0.9 && which == mode && m.modes_covered == 1,
                "seed {seed} at {}: {:?}",
                m.steps,
                m.mode_masses
            );
        }
        let cure = run(preset("mode-collapse", true, seed), 4000, 100);
        for m in &cure[30..] {
            assert!(
                m.mode_masses.iter().all(|&share| share > 0.3),
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
/// with JS at log 2; the Wasserstein-GP critic pulls it over: W1 over the last third of
/// the run averages below 0.15 of its start. (Its end value alone wanders: 0.03-0.10 of
/// the start at iteration 1,500 on seeds 41-56, where the old bound of 0.1 was met by a
/// hair; the late average's worst there was 0.066.)
#[test]
fn disjoint_supports_and_the_wasserstein_cure() {
    let ln2 = std::f64::consts::LN_2;
    for seed in HELD_OUT {
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
        let late: Vec<f64> = cure
            .iter()
            .filter(|m| m.steps * 3 >= steps * 2)
            .map(|m| m.w1)
            .collect();
        let late = mean(late);
        assert!(
            late < 0.15 * start,
            "seed {seed}: WGAN-GP did not cross, W1 {start} -> {late} on average late"
        );
    }
}
