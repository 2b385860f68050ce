//! Rewinding: a checkpoint gives back its moment exactly, the timeline stays within its
//! bound however long the run, and the worker takes a run back, forward again, and on
//! into a new future.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;

use common::worker::{paused, settle};
use ganscope::engine::gan::Gan;
use ganscope::engine::presets;
use ganscope::timeline::{FIRST_INTERVAL, MAX_MOMENTS, Timeline};
use ganscope::worker::Command;

fn small() -> ganscope::engine::config::Experiment {
    let mut e = presets::base();
    e.batch = 64;
    e
}

#[test]
fn a_checkpoint_gives_back_its_moment_exactly() {
    let mut gan = Gan::new(small()).unwrap();
    gan.train(30).unwrap();
    let moment = gan.checkpoint().unwrap();
    let then = gan.snapshot().unwrap();
    gan.train(30).unwrap();
    assert_ne!(gan.snapshot().unwrap().p_g, then.p_g, "training moved on");
    let mut back = Gan::restore(&moment).unwrap();
    let again = back.snapshot().unwrap();
    assert_eq!(back.steps(), 30);
    assert_eq!((again.p_g, again.d), (then.p_g, then.d), "the same networks");
    back.train(5).unwrap();
    assert_eq!(back.steps(), 35, "and it trains on from there");
}

#[test]
fn the_timeline_stays_within_its_bound() {
    let mut gan = Gan::new(small()).unwrap();
    let mut timeline = Timeline::default();
    timeline.offer(&gan, false).unwrap();
    let steps = FIRST_INTERVAL * MAX_MOMENTS as u64 * 3;
    for _ in 0..steps {
        gan.iteration().unwrap();
        timeline.offer(&gan, true).unwrap();
        assert!(timeline.len() < MAX_MOMENTS);
    }
    assert!(timeline.every() >= 2 * FIRST_INTERVAL, "the interval doubled");
    assert!(timeline.bytes() <= timeline.bound());
    let kept = timeline.iterations();
    assert_eq!(kept.first(), Some(&0), "the start is always kept");
    assert!(kept.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(timeline.at(steps).unwrap().steps(), *kept.last().unwrap());
}

#[test]
fn the_worker_rewinds_forward_and_into_a_new_future() {
    let worker = paused(small());
    worker.send(Command::IterateMany(200));
    let end = settle(&worker);
    assert_eq!(end.steps, 200);
    worker.send(Command::Rewind(100));
    let back = settle(&worker);
    assert_eq!((back.steps, back.playing), (100, false));
    assert!(back.history.samples().iter().all(|s| s.steps <= 100));
    assert_ne!(back.snapshot.p_g, end.snapshot.p_g);
    // Forward again: the later moments are still there.
    worker.send(Command::Rewind(200));
    let forward = settle(&worker);
    assert_eq!(forward.steps, 200);
    assert_eq!(forward.snapshot.p_g, end.snapshot.p_g, "the same moment");
    // Back, then on: the old future is dropped with the first new iteration.
    worker.send(Command::Rewind(55));
    assert_eq!(settle(&worker).steps, 50, "the kept moment at or before 55");
    worker.send(Command::Iterate);
    let on = settle(&worker);
    assert_eq!(on.steps, 51);
    assert_eq!(on.timeline.newest(), Some(50));
    worker.send(Command::Rewind(200));
    assert_eq!(settle(&worker).steps, 50, "nothing after 51 is kept");
}
