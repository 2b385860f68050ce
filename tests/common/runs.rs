//! Helpers of the preset and science tests (tests/presets.rs, tests/presets_2d.rs,
//! tests/science.rs): a preset on a seed, the metrics of a real run at fixed intervals,
//! and the mean of a window of numbers.
#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::config::Experiment;
use ganscope::engine::gan::Gan;
use ganscope::engine::presets;
use ganscope::engine::snapshot::Metrics;

/// The preset called `name`, as loaded or cured, on `seed`.
pub fn preset(name: &str, fix: bool, seed: u64) -> Experiment {
    let mut e = presets::find(name).unwrap().experiment_with(fix).unwrap();
    e.seed = seed;
    e
}

/// The metrics at the start and every `every` iterations of a run of `steps`.
pub fn run(e: Experiment, steps: u64, every: u64) -> Vec<Metrics> {
    let mut gan = Gan::new(e).unwrap();
    let mut out = vec![gan.snapshot().unwrap().metrics];
    for _ in 0..steps {
        gan.iteration().unwrap();
        if gan.steps().is_multiple_of(every) {
            out.push(gan.snapshot().unwrap().metrics);
        }
    }
    out
}

/// The mode holding the largest share of the fakes, and that share.
pub fn top_mode(m: &Metrics) -> (usize, f64) {
    m.mode_masses
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
}

/// The mean of `xs`.
pub fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.into_iter().collect();
    v.iter().sum::<f64>() / v.len() as f64
}
