//! Training on two CPU threads, each taking a part of every minibatch with rows of its
//! own (engine/gan/split.rs): a seed still replays the same run, the split really
//! happens, and the science is unchanged. One test function, because the thread count
//! belongs to the whole process.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;
use common::runs::{preset, run};
use ganscope::engine::config::Experiment;
use ganscope::engine::device;
use ganscope::engine::gan::Gan;
use ganscope::engine::snapshot::Metrics;

/// The metrics after `steps` iterations.
fn after(e: &Experiment, steps: u64) -> Metrics {
    let mut gan = Gan::new(e.clone()).unwrap();
    gan.train(steps).unwrap();
    gan.snapshot().unwrap().metrics
}

/// The same fields, to the bit (Metrics holds floats, so no `Eq`).
fn same(a: &Metrics, b: &Metrics) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

#[test]
fn two_threads_replay_a_seed_split_the_batch_and_learn_figure1() {
    // Every path that draws a part's rows: WGAN-GP's mixing weights, instance noise on
    // real and fake points, the plane; wide enough and large enough to be split.
    let mut wide = preset("grid", false, 5);
    for (key, value) in [("hidden", "64"), ("batch", "512"), ("instance_noise", "0.05")] {
        wide.set(key, value).unwrap();
    }
    let one = after(&wide, 40);

    device::set_cpu_threads(2);
    let (a, b) = (after(&wide, 40), after(&wide, 40));
    assert!(
        same(&a, &b),
        "two runs of one seed on two threads differ:\n{a:?}\n{b:?}"
    );
    // The parts draw their rows from streams of their own, so a split run is not the
    // one-thread run (whether the helper thread or this one computed a part is not
    // visible here; the gradients' sum is checked in gan/step.rs).
    assert!(
        !same(&a, &one),
        "two threads gave the one-thread run: the batch was not split"
    );
    assert!(a.d_loss.is_finite() && a.w1.is_finite(), "{a:?}");

    // Figure 1's preset (batch 2048, split in two) converges to the eye as on one thread
    // (tests/presets.rs, same bound and seeds).
    for seed in [21, 22, 23] {
        let history = run(preset("figure1", false, seed), 8000, 250);
        let late: Vec<f64> = history.iter().filter(|m| m.steps >= 5000).map(|m| m.tv).collect();
        let worst = late.iter().copied().fold(0.0, f64::max);
        let under = late.iter().filter(|&&tv| tv < 0.05).count();
        eprintln!("seed {seed}: total variation after 5,000 on two threads: {late:.3?}");
        assert!(
            worst < 0.07 && under * 5 >= late.len() * 4,
            "seed {seed}: total variation after 5,000 on two threads: {late:?}"
        );
    }
}
