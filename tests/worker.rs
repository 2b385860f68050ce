//! The training thread without any UI: stepping while paused is exact and repeatable,
//! a limited speed trains, the history stays bounded, and dropping the handle stops the
//! thread. No assertion here reads a clock: the deadlines only end a hung wait.

mod common;

use common::worker::{paused, settle, wait_for};
use ganscope::engine::config::Experiment;
use ganscope::engine::presets;
use ganscope::worker::{Command, Health, Speed, Worker, WorkerOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The experiment every test here runs: the figure1 preset.
fn figure1() -> Experiment {
    presets::find("figure1").expect("preset").experiment()
}

#[test]
fn paused_steps_are_exact_and_repeatable() {
    let (a, b) = (paused(figure1()), paused(figure1()));
    for _ in 0..20 {
        a.send(Command::Iterate);
        b.send(Command::Iterate);
    }
    let (fa, fb) = (settle(&a), settle(&b));
    assert_eq!((fa.steps, fb.steps), (20, 20));
    assert_eq!(fa.snapshot.d, fb.snapshot.d, "same seed, same run");
    assert_eq!(fa.snapshot.mapping, fb.snapshot.mapping);
    // One frame per command, and the history holds every iteration from 0.
    assert_eq!(fa.history.len(), 21);
    assert!(!fa.playing);
    assert_eq!(fa.iterations_per_second, 0.0);
}

#[test]
fn reset_starts_over() {
    let worker = paused(figure1());
    for _ in 0..5 {
        worker.send(Command::Iterate);
    }
    let before = settle(&worker);
    worker.send(Command::Reset);
    let after = settle(&worker);
    assert_eq!(after.steps, 0);
    assert_eq!(after.history.len(), 1);
    assert_ne!(before.snapshot.d, after.snapshot.d);
}

/// A limited speed still trains (its pace is asserted on a made-up clock by the worker's
/// own unit tests, not by counting what a busy machine managed in a second).
#[test]
fn slow_motion_trains() {
    let worker = paused(figure1());
    worker.send(Command::SetSpeed(Speed::Limited(10.0)));
    worker.send(Command::Play);
    let frame = wait_for(&worker, |f| f.steps >= 2);
    assert_eq!(frame.speed, Speed::Limited(10.0));
    assert!(frame.running());
}

/// The repaint callback runs for the worker's frames, and dropping the worker stops and
/// joins its thread: the drop returns (a hung join would leave this test waiting on the
/// channel until the harness's deadline, which is a failure, not a measured time).
#[test]
fn repaint_follows_each_frame_and_drop_returns() {
    let experiment = figure1();
    let repaints = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&repaints);
    let worker = Worker::spawn(
        experiment,
        WorkerOptions::default(),
        Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }),
    )
    .expect("thread");
    let frame = wait_for(&worker, |f| f.steps > 0);
    assert!(frame.running());
    assert!(repaints.load(Ordering::Relaxed) > 0);
    let (done, dropped) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(worker);
        let _ = done.send(());
    });
    assert!(
        dropped.recv_timeout(Duration::from_secs(120)).is_ok(),
        "dropping the worker never returned"
    );
}

#[test]
fn a_panic_becomes_a_fault_and_reset_recovers() {
    let worker = paused(figure1());
    worker.send(Command::InjectPanic);
    let frame = settle(&worker);
    assert!(matches!(&frame.health, Health::Fault(m) if m.contains("panicked")));
    worker.send(Command::Iterate);
    assert_eq!(settle(&worker).steps, 0, "no training while faulted");
    worker.send(Command::Reset);
    worker.send(Command::Iterate);
    let frame = settle(&worker);
    assert_eq!((frame.health.clone(), frame.steps), (Health::Ok, 1));
}

/// Closing the window during a long fast-forward, with more commands queued behind it:
/// the thread stops at the next iteration instead of finishing hours of work first.
#[test]
fn drop_is_prompt_inside_a_long_fast_forward() {
    let worker = paused(figure1());
    settle(&worker);
    // About 1.5 hours of iterations at figure1's speed, twice over.
    worker.send(Command::IterateMany(10_000_000));
    worker.send(Command::IterateMany(10_000_000));
    std::thread::sleep(Duration::from_millis(300));
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(worker);
        let _ = done.send(());
    });
    // A bound that only catches a hang, not a speed figure.
    assert!(
        finished.recv_timeout(Duration::from_secs(20)).is_ok(),
        "dropping the worker did not return within 20 s"
    );
}

/// A worker without a thread (the browser's) trains only when its frame loop pumps it,
/// within the time it is given, and a run gives the same numbers as on the thread:
/// a fast-forward spread over several pumps ends where the thread's ends.
#[test]
fn a_pumped_worker_matches_the_thread() {
    let options = WorkerOptions {
        playing: false,
        speed: Speed::Unlimited,
    };
    let local = Worker::local(figure1(), options, Box::new(|| {}));
    local.send(Command::IterateMany(40));
    local.send(Command::Iterate);
    // Nothing moves between pumps, and a pump whose time is up does no training.
    let start = local.latest().unwrap();
    local.pump(std::time::Instant::now());
    assert!(!local.caught_up());
    assert_eq!(local.latest().unwrap().steps, start.steps);
    let mut pumps = 0;
    while !local.caught_up() {
        local.pump(std::time::Instant::now() + Duration::from_millis(5));
        pumps += 1;
        assert!(pumps < 100_000, "the pumped worker never caught up");
    }
    let threaded = paused(figure1());
    threaded.send(Command::IterateMany(40));
    threaded.send(Command::Iterate);
    let (l, t) = (local.latest().unwrap(), settle(&threaded));
    assert_eq!((l.steps, t.steps), (41, 41));
    assert_eq!(l.snapshot.metrics, t.snapshot.metrics, "same seed, same numbers");
    assert_eq!(l.snapshot.d, t.snapshot.d);
    assert!(!local.busy(), "paused and caught up: no work left");
    // Playing, it is busy until paused.
    local.send(Command::Play);
    local.pump(std::time::Instant::now() + Duration::from_millis(20));
    assert!(local.busy());
    assert!(local.latest().unwrap().steps > 41);
}
