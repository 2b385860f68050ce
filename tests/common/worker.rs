//! The training thread without any UI, for tests/worker.rs and tests/timeline.rs: started
//! paused on an experiment, and waited on until it has caught up or shows a given frame.
//! The deadlines only end a hung wait; no assertion reads a clock.

use ganscope::engine::config::Experiment;
use ganscope::worker::{Frame, Speed, Worker, WorkerOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The worker on `experiment`, paused, at unlimited speed, with no repaint callback.
pub fn paused(experiment: Experiment) -> Worker {
    let options = WorkerOptions {
        playing: false,
        speed: Speed::Unlimited,
    };
    Worker::spawn(experiment, options, Box::new(|| {})).expect("thread")
}

/// Waits until the worker has caught up with every command sent, and returns its newest
/// frame.
#[track_caller]
pub fn settle(worker: &Worker) -> Arc<Frame> {
    let start = Instant::now();
    while !worker.caught_up() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "worker did not catch up"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    worker.latest().expect("frame")
}

/// Waits until the newest frame satisfies `ok` (a deadline only ends a hung wait).
#[track_caller]
pub fn wait_for(worker: &Worker, ok: impl Fn(&Frame) -> bool) -> Arc<Frame> {
    let start = Instant::now();
    loop {
        if let Some(frame) = worker.latest()
            && ok(&frame)
        {
            return frame;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the worker never got there"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}
