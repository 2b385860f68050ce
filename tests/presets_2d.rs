//! The 2-D presets' stories, asserted on real runs on seeds not used to choose their
//! settings (those were chosen on seeds 1-3, the ring's with 21-22 in view too, so the
//! ring is checked on 31-33): the ring collapses onto one mode and hops,
//! the WGAN-GP grid spreads over all 25 modes, the spiral is learned, GAN Lab's setting
//! covers both of its modes, and the ring's unrolled cure keeps every mode and lands on
//! them.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;
use common::runs::{preset, run, top_mode};
use ganscope::engine::snapshot::Metrics;

/// Seeds every story is checked on.
const SEEDS: [u64; 3] = [21, 22, 23];

/// The ring's seeds: its rates were chosen with seeds 21-22 in view (SCIENCE.md, "How the
/// ring was set"), so its stories are checked on seeds no choice has seen.
const RING_SEEDS: [u64; 3] = [31, 32, 33];

/// Held-out seeds for the ring's cure, whose setting (five unrolled steps) and bounds were
/// chosen on seeds 31-34 (SCIENCE.md, "Seeds").
const RING_HELD_OUT: [u64; 2] = [940, 941];

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// As loaded, the generator holds nearly all its mass near one mode at a time (the
/// median share of the most popular mode over iterations 1,000-3,000 is above 0.85), it
/// covers at most two modes to 3σ, and the popular mode changes: at least three
/// different modes take their turn.
#[test]
fn the_ring_collapses_and_hops_between_modes() {
    for seed in RING_SEEDS {
        let window = run(preset("ring", false, seed), 3000, 100).split_off(10);
        let tops: Vec<(usize, f64)> = window.iter().map(top_mode).collect();
        let share = median(tops.iter().map(|t| t.1).collect());
        assert!(share > 0.85, "seed {seed}: median top share {share:.2}: {tops:?}");
        for m in &window {
            assert!(
                m.modes_covered <= 2,
                "seed {seed} at {}: {} covered",
                m.steps,
                m.modes_covered
            );
        }
        let mut visited: Vec<usize> = tops.iter().filter(|t| t.1 > 0.5).map(|t| t.0).collect();
        visited.sort_unstable();
        visited.dedup();
        assert!(visited.len() >= 3, "seed {seed}: the blob stayed on {visited:?}");
    }
}

/// With the unrolled discriminator (`--fix`, five steps) the generator keeps the whole
/// ring: from iteration 1,000 to 3,000 every mode is the nearest of at least a quarter of
/// its fair share of the fakes and none holds more than 0.2, and W1 stays under 0.35 (as
/// loaded about 2.4); over 2,500-3,000 on average more than 0.3 of the fakes lie within
/// 3σ of a mode, and at least five modes are covered at once. (Seeds 31-34: the smallest
/// share 0.055-0.093, the largest 0.15-0.17, W1 at most 0.29 from 1,000 on, high quality 0.41-0.57 on average,
/// at most 8, 6, 7 and 8 covered.)
#[test]
fn the_unrolled_discriminator_keeps_every_mode_of_the_ring() {
    // One thread a seed: the cure is the slowest run of the file.
    let runs: Vec<(u64, Vec<Metrics>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = RING_HELD_OUT
            .map(|seed| scope.spawn(move || (seed, run(preset("ring", true, seed), 3000, 250))))
            .into_iter()
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (seed, metrics) in runs {
        let fair = 1.0 / 8.0;
        for m in &metrics[4..] {
            assert!(
                m.mode_masses.iter().all(|&s| (fair / 4.0..0.2).contains(&s)),
                "seed {seed} at {}: {:?}",
                m.steps,
                m.mode_masses
            );
            assert!(m.w1 < 0.35, "seed {seed} at {}: W1 {}", m.steps, m.w1);
        }
        let late = &metrics[10..];
        let quality = late.iter().map(|m| m.high_quality).sum::<f64>() / late.len() as f64;
        assert!(
            quality > 0.3,
            "seed {seed}: high quality {quality:.3} over 2,500-3,000"
        );
        let covered = late.iter().map(|m| m.modes_covered).max().unwrap();
        assert!(
            covered >= 5,
            "seed {seed}: at most {covered} modes covered over 2,500-3,000"
        );
    }
}

/// WGAN-GP on 25 Gaussians does not collapse: from iteration 1,000 on every mode is the
/// nearest of at least a quarter of its fair share of the fakes (none holds more than
/// 0.1), over a tenth of them land within 3σ of a mode, and W1 stays under 0.25. (On
/// seeds 1-3 the high-quality share read 0.19-0.25 from 1,000 on; seed 23 dipped to 0.12.
/// W1 wanders between 0.10 and 0.21 with the critic's noise at this rate.)
#[test]
fn the_grid_spreads_over_every_mode() {
    for seed in SEEDS {
        let metrics = run(preset("grid", false, seed), 2000, 250);
        for m in &metrics[4..] {
            let fair = 1.0 / 25.0;
            assert!(
                m.mode_masses.iter().all(|&s| (0.25 * fair..0.1).contains(&s)),
                "seed {seed} at {}: {:?}",
                m.steps,
                m.mode_masses
            );
            assert!(
                m.high_quality > 0.1,
                "seed {seed} at {}: high quality {}",
                m.steps,
                m.high_quality
            );
            assert!(m.w1 < 0.25, "seed {seed} at {}: W1 {}", m.steps, m.w1);
        }
    }
}

/// The swiss roll is learned: W1 starts above 0.3 (G near the origin) and its mean over
/// iterations 1,000-2,000 is under 0.11.
#[test]
fn the_spiral_is_learned() {
    for seed in SEEDS {
        let metrics = run(preset("spiral", false, seed), 2000, 250);
        assert!(
            metrics[0].w1 > 0.3,
            "seed {seed}: W1 at the start {}",
            metrics[0].w1
        );
        let late: Vec<f64> = metrics[4..].iter().map(|m| m.w1).collect();
        let mean = late.iter().sum::<f64>() / late.len() as f64;
        assert!(mean < 0.11, "seed {seed}: late W1 {late:?}");
        assert!(
            metrics.iter().all(|m| m.mode_masses.is_empty()),
            "a spiral has no modes"
        );
    }
}

/// GAN Lab's own setting learns its two Gaussians: from iteration 2,500 on both are
/// covered, over 90% of the fakes are within 3σ of one, and W1 is under 0.12. (Seeds 1-3,
/// 21 and 23 had both from iteration 500; seed 22 swung between one and two until 2,000.)
#[test]
fn gan_labs_setting_covers_both_modes() {
    for seed in SEEDS {
        let metrics = run(preset("ganlab", false, seed), 4000, 250);
        for m in &metrics[10..] {
            assert_eq!(
                m.modes_covered, 2,
                "seed {seed} at {}: {:?}",
                m.steps, m.mode_masses
            );
            assert!(
                m.high_quality > 0.9,
                "seed {seed} at {}: {}",
                m.steps,
                m.high_quality
            );
            assert!(m.w1 < 0.12, "seed {seed} at {}: W1 {}", m.steps, m.w1);
        }
    }
}
