//! The science of SCIENCE.md, asserted on measured numbers from real training runs (the
//! presets' stories, with and without their cures, are in tests/presets.rs).
//! Plain GAN numbers swing, so signatures are checked on windows of snapshots, not on
//! one final value. Every run is seeded, so these numbers are reproducible.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;

use common::runs::mean;
use ganscope::engine::config::{DeviceKind, Experiment, Loss, OptimizerKind};
use ganscope::engine::gan::{Gan, GanError};
use ganscope::engine::presets;
use ganscope::engine::snapshot::Snapshot;

fn preset(name: &str) -> Experiment {
    presets::find(name).unwrap().experiment()
}

/// Trains `steps` iterations, taking a snapshot every `every`.
fn run(gan: &mut Gan, steps: u64, every: u64) -> Vec<Snapshot> {
    let mut out = Vec::new();
    for _ in 0..steps {
        gan.iteration().unwrap();
        if gan.steps().is_multiple_of(every) {
            out.push(gan.snapshot().unwrap());
        }
    }
    out
}

/// max |D − 1/2| where the data has mass.
fn d_distance_from_half(s: &Snapshot) -> f64 {
    let peak = s.p_data.iter().copied().fold(0.0, f64::max);
    s.d.iter()
        .zip(&s.p_data)
        .filter(|(_, p)| **p >= 0.05 * peak)
        .map(|(d, _)| (d - 0.5).abs())
        .fold(0.0, f64::max)
}

#[test]
fn figure1_d_generator_converges_and_d_goes_to_one_half() {
    let e = preset("figure1");
    let sigma = e.target.std_dev();
    let mut gan = Gan::new(e).unwrap();
    let start = gan.snapshot().unwrap().metrics.w1;
    let window = run(&mut gan, 3000, 50).split_off(50); // the last 500 iterations
    let w1 = mean(window.iter().map(|s| s.metrics.w1));
    let d_off = mean(window.iter().map(d_distance_from_half));
    assert!(
        start > 3.0 * sigma,
        "the generator should start far off: W1 {start}"
    );
    assert!(
        w1 < 0.3 * sigma,
        "W1 over the last 500 iterations {w1} is not a small fraction of sigma {sigma}"
    );
    assert!(d_off < 0.1, "D strays {d_off} from 1/2 on the data's support");
}

#[test]
fn minimax_generator_gradient_vanishes_where_non_saturating_does_not() {
    let mut gan = Gan::new(preset("vanishing-gradient")).unwrap();
    gan.train(300).unwrap();
    let s = gan.snapshot().unwrap();
    assert!(
        s.metrics.d_real > 0.99 && s.metrics.d_fake < 0.01,
        "D should be strong: {:?}",
        s.metrics
    );
    let minimax = gan.generator_gradient_norm(Loss::Minimax).unwrap();
    let non_saturating = gan.generator_gradient_norm(Loss::NonSaturating).unwrap();
    assert!(
        minimax < 1e-3 * non_saturating,
        "minimax {minimax:e} should be orders of magnitude below non-saturating {non_saturating:e}"
    );
}

#[test]
fn same_config_and_seed_give_the_same_numbers() {
    let mut e = preset("figure1");
    e.set("loss", "wasserstein-gp").unwrap();
    let metrics = |e: &Experiment| {
        let mut gan = Gan::new(e.clone()).unwrap();
        gan.train(40).unwrap();
        gan.snapshot().unwrap()
    };
    let (a, b) = (metrics(&e), metrics(&e));
    assert_eq!(a.metrics, b.metrics);
    assert_eq!(a.p_g, b.p_g);
    assert_eq!(a.d, b.d);
    e.seed += 1;
    assert_ne!(
        metrics(&e).metrics,
        a.metrics,
        "another seed should give another run"
    );
}

#[test]
fn taking_snapshots_does_not_change_the_run() {
    let e = preset("figure1");
    let mut quiet = Gan::new(e.clone()).unwrap();
    quiet.train(60).unwrap();
    let mut watched = Gan::new(e).unwrap();
    run(&mut watched, 60, 1);
    assert_eq!(
        quiet.snapshot().unwrap().metrics,
        watched.snapshot().unwrap().metrics
    );
}

#[test]
fn every_loss_and_optimizer_trains_without_error() {
    for loss in Loss::ALL {
        for optimizer in OptimizerKind::ALL {
            let mut e = preset("figure1");
            e.loss = loss;
            e.optimizer = optimizer;
            e.r1_gamma = if optimizer == OptimizerKind::Sgd { 0.5 } else { 0.0 };
            e.k = 2;
            e.batch = 64;
            let mut gan = Gan::new(e).unwrap();
            gan.train(20).unwrap();
            let m = gan.snapshot().unwrap().metrics;
            assert!(
                m.d_loss.is_finite() && m.g_loss.is_finite() && m.w1.is_finite(),
                "{loss:?} {optimizer:?}: {m:?}"
            );
            assert!(
                m.d_grad_norm > 0.0 && m.g_grad_norm > 0.0,
                "{loss:?} {optimizer:?}: {m:?}"
            );
            assert_eq!(m.dstar_gap.is_some(), loss.has_optimal_discriminator());
            assert!((0.0..=1.0).contains(&m.opponent_gap), "{loss:?}: {m:?}");
        }
    }
}

/// Every cure of the trainer works with every loss: instance noise, R2, the unrolled
/// discriminator and simultaneous updates train without error (what each one does is
/// asserted by `each_trainer_option_shows_its_own_property`).
#[test]
fn every_trainer_option_trains_with_every_loss() {
    for loss in Loss::ALL {
        let mut base = preset("figure1");
        base.loss = loss;
        base.batch = 64;
        let plain = {
            let mut gan = Gan::new(base.clone()).unwrap();
            gan.train(10).unwrap();
            gan.snapshot().unwrap().metrics
        };
        for (key, value) in [
            ("instance_noise", "0.3"),
            ("r2_gamma", "1"),
            ("unrolled_steps", "3"),
            ("updates", "simultaneous"),
            ("optimizer", "optimistic-adam"),
        ] {
            let mut e = base.clone();
            e.set(key, value).unwrap();
            let mut gan = Gan::new(e).unwrap();
            gan.train(10).unwrap();
            let m = gan.snapshot().unwrap().metrics;
            assert!(
                m.d_loss.is_finite() && m.g_loss.is_finite() && m.g_grad_norm > 0.0,
                "{loss:?} {key}: {m:?}"
            );
            assert!(m.g_mean.is_finite() && plain.g_mean.is_finite(), "{loss:?} {key}");
        }
    }
}

/// Each trainer option does what it is for, against the plain run from the same seed
/// (the old check, "G's mean changed", passed for any change at all):
/// - unrolling and simultaneous updates change only G's step: D's own first step is the
///   plain one, G's is not;
/// - optimistic Adam's first step is twice Adam's (2·u₁ − u₀ with u₀ = 0);
/// - R2 flattens D where the fakes are, and instance noise blurs what D can tell apart.
#[test]
fn each_trainer_option_shows_its_own_property() {
    let xs = [-1.0, 0.0, 0.5, 2.0, 4.0, 6.0];
    for loss in Loss::ALL {
        let mut base = preset("figure1");
        base.loss = loss;
        base.batch = 64;
        base.r1_gamma = 0.0;
        let trained = |e: &Experiment, steps: u64| {
            let mut gan = Gan::new(e.clone()).unwrap();
            gan.train(steps).unwrap();
            gan
        };
        let plain = trained(&base, 1);
        let d = |gan: &Gan| gan.discriminator_logits(&xs).unwrap();
        let g = |gan: &Gan| gan.generator_samples().unwrap();
        for (key, value) in [("unrolled_steps", "3"), ("updates", "simultaneous")] {
            let mut e = base.clone();
            e.set(key, value).unwrap();
            let gan = trained(&e, 1);
            assert_eq!(d(&gan), d(&plain), "{loss:?} {key}: D's own step changed");
            assert_ne!(g(&gan), g(&plain), "{loss:?} {key}: G's step is the plain one");
        }

        // Optimistic Adam, on a step small enough for D's logits to move linearly.
        // Weight clipping off: a clipped critic's first step is the clip itself.
        let mut small = base.clone();
        small.lr_d = 1e-5;
        small.clip = 1e3;
        let start = d(&trained(&small, 0));
        let adam = d(&trained(&small, 1));
        small.set("optimizer", "optimistic-adam").unwrap();
        let optimistic = d(&trained(&small, 1));
        for i in 0..xs.len() {
            let (moved, moved_twice) = (adam[i] - start[i], optimistic[i] - start[i]);
            assert!(
                moved.abs() > 1e-9 && (moved_twice / moved - 2.0).abs() < 0.05,
                "{loss:?} at x = {}: Adam moved D by {moved}, optimistic Adam by {moved_twice}",
                xs[i]
            );
        }

        if !loss.has_optimal_discriminator() {
            continue;
        }
        // G frozen near 0, the data at 4; D alone for 200 steps.
        let mut frozen = base.clone();
        frozen.train_g = false;
        let fakes = g(&trained(&frozen, 0));
        let at_fakes = [fakes.iter().sum::<f64>() / fakes.len() as f64];
        let slope = |e: &Experiment| trained(e, 200).discriminator_slope(&at_fakes).unwrap()[0].abs();
        let mut r2 = frozen.clone();
        r2.set("r2_gamma", "10").unwrap();
        let (free, penalised) = (slope(&frozen), slope(&r2));
        assert!(
            penalised < 0.5 * free,
            "{loss:?}: R2 left D's slope at the fakes {penalised} (without it {free})"
        );
        let contrast = |e: &Experiment| {
            let logits = trained(e, 200).discriminator_logits(&[4.0, at_fakes[0]]).unwrap();
            logits[0] - logits[1]
        };
        let mut noisy = frozen.clone();
        noisy.set("instance_noise", "2").unwrap();
        let (sharp, blurred) = (contrast(&frozen), contrast(&noisy));
        assert!(
            sharp > 0.0 && blurred < 0.8 * sharp,
            "{loss:?}: instance noise left D's contrast between data and fakes {blurred} \
             (without it {sharp})"
        );
    }
}

/// Simultaneous updates take both gradients at the same point: with k = 1 and G frozen
/// the run is the alternating run, since D is then the only player that moves.
#[test]
fn simultaneous_and_alternating_agree_when_only_d_moves() {
    let mut e = preset("figure1");
    e.train_g = false;
    let run = |e: &Experiment| {
        let mut gan = Gan::new(e.clone()).unwrap();
        gan.train(20).unwrap();
        gan.snapshot().unwrap().d
    };
    let alternating = run(&e);
    e.set("updates", "simultaneous").unwrap();
    assert_eq!(run(&e), alternating);
}

#[test]
fn wasserstein_clipping_bounds_the_critic() {
    // With every weight in [-c, c] the critic is Lipschitz with a constant of order c^depth.
    let mut e = preset("figure1");
    e.loss = Loss::Wasserstein;
    e.clip = 0.01;
    let mut gan = Gan::new(e).unwrap();
    gan.train(20).unwrap();
    let slopes = gan.discriminator_slope(&[-3.0, 0.0, 4.0, 8.0]).unwrap();
    assert!(slopes.iter().all(|s| s.abs() < 1e-3), "{slopes:?}");
}

#[test]
fn input_slope_matches_finite_differences() {
    for activation in ["relu", "leaky-relu", "tanh", "elu", "softplus"] {
        let mut e = preset("figure1");
        e.set("activation", activation).unwrap();
        let gan = Gan::new(e).unwrap();
        let xs = [2.3, 3.9, 4.2, 5.1];
        let slopes = gan.discriminator_slope(&xs).unwrap();
        let h = 1e-2;
        for (x, slope) in xs.iter().zip(slopes) {
            let f = gan.discriminator_logits(&[x - h, x + h]).unwrap();
            let numeric = (f[1] - f[0]) / (2.0 * h);
            assert!(
                (numeric - slope).abs() < 1e-2 * (1.0 + slope.abs()),
                "{activation} at {x}: {slope} vs {numeric}"
            );
        }
    }
}

#[test]
fn too_high_learning_rate_diverges_cleanly_and_settings_recover() {
    let mut e = preset("figure1");
    e.set("optimizer", "sgd").unwrap();
    e.set("lr_d", "10").unwrap();
    e.set("lr_g", "10").unwrap();
    e.set("activation", "relu").unwrap();
    e.set("r1_gamma", "0").unwrap();
    let mut gan = Gan::new(e.clone()).unwrap();
    let error = gan.train(2000).expect_err("lr 10 with SGD should blow up");
    assert!(matches!(error, GanError::Diverged(_)), "{error}");
    assert!(
        gan.diverged().unwrap().contains("lr_d = 10"),
        "{:?}",
        gan.diverged()
    );
    assert!(gan.snapshot().unwrap().metrics.diverged);
    assert!(
        matches!(gan.iteration(), Err(GanError::Diverged(_))),
        "a diverged run stays stopped"
    );
    // A change of settings starts again from fresh weights and trains.
    e.set("lr_d", "0.01").unwrap();
    e.set("lr_g", "0.01").unwrap();
    assert!(
        gan.apply_config(e).unwrap(),
        "recovering from divergence rebuilds"
    );
    gan.train(20).unwrap();
    assert!(gan.diverged().is_none());
}

#[test]
fn live_changes_keep_the_networks() {
    let e = preset("figure1");
    let mut gan = Gan::new(e.clone()).unwrap();
    gan.train(10).unwrap();
    let mut changed = e.clone();
    changed.lr_d = 1e-2;
    changed.loss = Loss::Hinge;
    changed.k = 3;
    changed.set("target", "N(3,1)").unwrap();
    assert!(!gan.apply_config(changed.clone()).unwrap());
    assert_eq!(gan.steps(), 10);
    gan.train(2).unwrap();
    changed.hidden = 16;
    assert!(
        gan.apply_config(changed).unwrap(),
        "a new width needs new networks"
    );
    assert_eq!(gan.steps(), 0);
}

#[test]
fn gpu_device_without_the_feature_is_a_clear_error() {
    if cfg!(feature = "cuda") {
        return;
    }
    let mut e = preset("figure1");
    e.device = DeviceKind::Cuda;
    let Err(GanError::Device(message)) = Gan::new(e) else {
        panic!("cuda without the feature must be refused");
    };
    assert!(message.contains("--features cuda"), "{message}");
}

#[test]
fn fast_tanh_matches_the_exact_one() {
    let worst = (-200_000..=200_000)
        .map(|i| i as f32 * 1e-4)
        .chain([-1e6, -50.0, 50.0, 1e6, f32::MIN_POSITIVE])
        .map(|x| (ganscope::engine::gan::tanh_approx(x) as f64 - (x as f64).tanh()).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-6, "max error {worst:e}");
}
