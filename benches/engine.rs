//! Training and snapshot throughput of the engine, printed as figures.
//! Run with `cargo bench --bench engine`; record results in BENCHMARKS.md.
//! Plain timing loops (median of rounds), no harness: these are whole-iteration costs
//! of milliseconds, far above timer resolution.

use ganscope::engine::config::Experiment;
use ganscope::engine::gan::Gan;
use ganscope::engine::presets;
use std::time::Instant;

/// The same allocator as the binary, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Iterations per second of `experiment`, median over rounds after a warm-up.
fn iterations_per_second(experiment: &Experiment, iterations: u64, rounds: usize) -> f64 {
    let mut gan = Gan::new(experiment.clone()).expect("valid preset");
    gan.train(50).expect("warm-up");
    let rates = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            gan.train(iterations).expect("training");
            iterations as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    median(rates)
}

fn main() {
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "default".into());
    println!("candle CPU threads: {threads}");
    let figure1 = presets::find("figure1").expect("preset").experiment();
    println!(
        "figure1 preset (tanh, width 32, 2 layers, batch 256, non-saturating, Adam, R1): {:.0} it/s",
        iterations_per_second(&figure1, 500, 5)
    );
    let mut plain = figure1.clone();
    plain.r1_gamma = 0.0;
    println!(
        "  same without R1: {:.0} it/s",
        iterations_per_second(&plain, 500, 5)
    );
    for (hidden, batch) in [(16, 64), (32, 256), (64, 1024)] {
        let mut e = plain.clone();
        e.hidden = hidden;
        e.batch = batch;
        println!(
            "  width {hidden}, batch {batch}: {:.0} it/s",
            iterations_per_second(&e, 300, 5)
        );
    }
    let mut gan = Gan::new(figure1).expect("valid preset");
    gan.train(100).expect("training");
    let times = (0..50)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(gan.snapshot().expect("snapshot"));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "snapshot (10,000 generator samples, 512-point grid, all metrics): {:.2} ms median",
        median(times)
    );
}
