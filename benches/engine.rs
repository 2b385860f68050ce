//! Engine speed: one training iteration over the width x batch grid of issue 6, the
//! same iteration hand-written as a floor (benches/floor_gan), the figure1 preset with
//! its R1 penalty, one snapshot, and the 2-D iteration and snapshot of issue 14. `cargo bench --bench engine`; benches/compare.sh
//! adds PyTorch and prints the ratios. Record results in BENCHMARKS.md.
//!
//! Training's CPU threads come from RAYON_NUM_THREADS (1 when unset, the app's default),
//! read as the binary reads it; the bench ids carry the count, so runs at 1 and 2
//! threads sit side by side.

mod floor_gan;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use floor_gan::FloorGan;
use ganscope::engine::config::{Activation, Experiment, Loss, Noise, OptimizerKind};
use ganscope::engine::device::{self, DEFAULT_CPU_THREADS};
use ganscope::engine::gan::Gan;
use ganscope::engine::presets;
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

/// The same allocator as the binary, so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Widths and batches of the grid.
const WIDTHS: [usize; 3] = [16, 32, 64];
const BATCHES: [usize; 3] = [64, 256, 1024];

/// Training's CPU thread count for this run, from RAYON_NUM_THREADS as the binary reads
/// it (1 when unset, the app's default); candle itself then runs on one, as in the app.
/// Read once: the variable is then set to 1 for candle.
#[allow(unsafe_code)]
fn training_threads() -> String {
    static THREADS: OnceLock<usize> = OnceLock::new();
    let threads = *THREADS.get_or_init(|| {
        let threads = device::threads_from_env().unwrap_or(DEFAULT_CPU_THREADS);
        device::set_cpu_threads(threads);
        // SAFETY: runs before any tensor work, while criterion has started no threads.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
        threads
    });
    threads.to_string()
}

/// The grid's experiment: figure1's data, uniform noise, k = 1, non-saturating, Adam,
/// tanh, two hidden layers, no penalty; what benches/peer/torch_gan.py builds (set here
/// key by key, so a change of the preset does not change what is compared).
fn grid_experiment(width: usize, batch: usize) -> Experiment {
    let mut e = presets::find("figure1").expect("figure1 preset").experiment();
    e.noise = Noise::Uniform;
    e.activation = Activation::Tanh;
    e.loss = Loss::NonSaturating;
    e.optimizer = OptimizerKind::Adam;
    e.k = 1;
    e.r1_gamma = 0.0;
    e.hidden = width;
    e.batch = batch;
    e
}

fn trained(experiment: Experiment, warm_up: u64) -> Gan {
    let mut gan = Gan::new(experiment).expect("valid experiment");
    gan.train(warm_up).expect("warm-up trains");
    gan
}

/// The floor must be the same GAN, not just the same arithmetic: it has to learn the
/// data. Printed, not asserted (benches assert nothing); tests/science.rs holds the
/// engine's own checks.
fn floor_learns_the_data() {
    let mut floor = FloorGan::new(32, 256);
    for _ in 0..3000 {
        floor.iteration();
    }
    eprintln!(
        "floor check: after 3,000 iterations G's mean is {:.2} (data N(4, 0.5))",
        floor.fake_mean()
    );
}

fn iteration_grid(c: &mut Criterion) {
    let threads = training_threads();
    if threads == "1" {
        floor_learns_the_data();
    }
    let mut group = c.benchmark_group("iteration");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.sample_size(30);
    for width in WIDTHS {
        for batch in BATCHES {
            let id = format!("w{width}_b{batch}");
            let mut gan = trained(grid_experiment(width, batch), 50);
            group.bench_function(BenchmarkId::new(format!("ganscope-{threads}t"), &id), |b| {
                b.iter(|| gan.iteration().expect("training"))
            });
            // The floor is single-threaded: measure it once, with the 1-thread run.
            if threads == "1" {
                let mut floor = FloorGan::new(width, batch);
                group.bench_function(BenchmarkId::new("floor", &id), |b| b.iter(|| floor.iteration()));
            }
        }
    }
    group.finish();
}

fn figure1_and_snapshot(c: &mut Criterion) {
    let threads = training_threads();
    let figure1 = presets::find("figure1").expect("figure1 preset").experiment();
    let mut gan = trained(figure1, 100);
    c.bench_function(&format!("figure1_preset_iteration-{threads}t"), |b| {
        b.iter(|| gan.iteration().expect("training"))
    });
    // 10,000 generator samples, D on the 512-point grid, p_g, D*, W1, JS, mode masses.
    c.bench_function(&format!("snapshot-{threads}t"), |b| {
        b.iter(|| black_box(gan.snapshot().expect("snapshot")))
    });
}

/// The 2-D cells of issue 14: (width, z dimension, batch). The first is GAN Lab's scale;
/// the second Metz et al.'s ring (width 128, z 256, batch 512).
pub const PLANE_CELLS: [(usize, usize, usize); 2] = [(32, 2, 256), (128, 256, 512)];

/// A 2-D iteration as benches/peer/torch_gan.py --plane builds it: the ring of eight
/// Gaussians, Gaussian z, ReLU, two hidden layers, non-saturating, Adam, k = 1.
fn plane_experiment(width: usize, z: usize, batch: usize) -> Experiment {
    let mut e = grid_experiment(width, batch);
    e.target = "Ring(8,2,0.02)".parse().expect("a valid formula");
    e.noise = Noise::Gaussian;
    e.noise_dim = z;
    e.activation = Activation::Relu;
    e
}

fn plane_iteration_and_snapshot(c: &mut Criterion) {
    let threads = training_threads();
    let mut group = c.benchmark_group("plane");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.sample_size(30);
    for (width, z, batch) in PLANE_CELLS {
        let mut gan = trained(plane_experiment(width, z, batch), 50);
        let id = format!("w{width}_z{z}_b{batch}");
        group.bench_function(BenchmarkId::new(format!("ganscope-{threads}t"), &id), |b| {
            b.iter(|| gan.iteration().expect("training"))
        });
    }
    group.finish();
    // One 2-D frame: 10,000 fakes, D on the 64 x 64 grid, both densities, the manifold,
    // the arrows, sliced W1, JS and coverage; at GAN Lab's scale and at the ring preset's.
    let small = trained(plane_experiment(32, 2, 256), 50);
    c.bench_function(&format!("plane_snapshot_w32-{threads}t"), |b| {
        b.iter(|| black_box(small.snapshot().expect("snapshot")))
    });
    let ring = trained(presets::find("ring").expect("ring preset").experiment(), 50);
    c.bench_function(&format!("plane_snapshot_ring-{threads}t"), |b| {
        b.iter(|| black_box(ring.snapshot().expect("snapshot")))
    });
}

criterion_group!(
    benches,
    iteration_grid,
    figure1_and_snapshot,
    plane_iteration_and_snapshot
);
criterion_main!(benches);
