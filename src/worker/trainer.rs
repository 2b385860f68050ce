//! The worker's logic without its thread: a run, its pace, its recording and its
//! bookkeeping, driven by two calls. [`Trainer::handle`] takes one command;
//! [`Trainer::advance`] trains what is due, within a budget of iterations or time. The
//! native worker calls them from its own thread; a frame loop (the browser, which has no
//! threads) can call the same two between drawing frames.

use super::clock::Instant;
use super::pace::{Pace, RateMeter};
use super::recording::Recording;
use super::run::Run;
use super::{Command, Frame, Health, WorkerOptions};
use crate::engine::config::Experiment;
use crate::engine::gan::{Gan, GanError};
use std::sync::Arc;

/// How much one call of [`Trainer::advance`] may do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// At most this many iterations.
    pub iterations: u64,
    /// And none started at or after this instant, when given.
    pub until: Option<Instant>,
}

impl Budget {
    /// Up to `n` iterations, however long they take.
    pub fn iterations(n: u64) -> Self {
        Budget {
            iterations: n,
            until: None,
        }
    }

    /// As many iterations as are due before `until` (a frame's share of time).
    pub fn until(until: Instant) -> Self {
        Budget {
            iterations: u64::MAX,
            until: Some(until),
        }
    }
}

/// What one call of [`Trainer::advance`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advanced {
    /// Iterations trained.
    pub iterations: u64,
    /// Something a viewer must see now happened: a fast-forward finished, the run
    /// reached its pause or stopped being able to train.
    pub frame_due: bool,
}

/// One run with everything that drives it: the parts of the worker that do not depend
/// on who calls them.
pub struct Trainer {
    run: Run,
    pace: Pace,
    recording: Recording,
    rate: RateMeter,
    /// Commands finished, for [`Frame::commands_done`].
    commands_done: u64,
    /// Iterations a fast-forward ([`Command::IterateMany`]) still owes; it counts as done
    /// once they are trained (or the run pauses or fails on the way).
    owed: u64,
}

impl Trainer {
    /// A trainer of `experiment` with its networks built, as `options` start it.
    pub fn new(experiment: Experiment, options: WorkerOptions, now: Instant) -> Self {
        Trainer {
            run: Run::new(experiment),
            pace: Pace::new(options.playing, options.speed, now),
            recording: Recording::default(),
            rate: RateMeter::new(0, now),
            commands_done: 0,
            owed: 0,
        }
    }

    /// True when training runs on its own (playing and able to).
    pub fn running(&self) -> bool {
        self.pace.playing && self.run.trainable()
    }

    /// True while a fast-forward is being trained: commands after it wait for it.
    pub fn owes(&self) -> bool {
        self.owed > 0
    }

    /// When continuous play next trains, `None` while it does not (paused, or unable).
    pub fn next_due(&self) -> Option<Instant> {
        self.running().then_some(self.pace.next_iteration)
    }

    /// Handles one command at `now`; true when a frame should be published at once
    /// (every command but a fast-forward, which publishes when it is trained).
    pub fn handle(&mut self, command: Command, now: Instant) -> bool {
        match command {
            Command::SetExperiment(experiment) => {
                if self.run.set_experiment(*experiment) {
                    self.recording.stop();
                }
            }
            Command::Restart { experiment, pause_at } => {
                self.run.experiment = *experiment;
                self.start_over();
                self.pace.pause_at = pause_at;
                self.pace.play(now);
                self.pace.reached_pause(self.run.steps());
            }
            Command::Play => {
                self.pace.play(now);
                self.pace.reached_pause(self.run.steps());
            }
            Command::Pause => self.pace.playing = false,
            Command::Iterate => {
                self.act(Gan::iteration);
                self.pace.reached_pause(self.run.steps());
            }
            Command::IterateMany(n) if n > 0 => {
                self.owed = u64::from(n);
                return false;
            }
            Command::IterateMany(_) => {}
            Command::StepD => self.act(Gan::d_step),
            Command::StepG => self.act(Gan::g_step),
            Command::Reset => self.start_over(),
            Command::SetSpeed(speed) => self.pace.set_speed(speed, now),
            Command::PauseAt(at) => self.pace.pause_at = at,
            Command::Rewind(steps) => {
                if let Some(moment) = self.run.timeline.at(steps) {
                    self.recording.stop();
                    self.pace.playing = false;
                    self.run.go_to(&moment, true);
                }
            }
            Command::Restore(moment) => {
                self.recording.stop();
                self.pace.playing = false;
                self.run.go_to(&moment, false);
            }
            Command::StartRecording(request) => {
                self.recording.start(*request);
                self.record_if_due();
            }
            Command::StopRecording => self.recording.stop(),
            #[cfg(any(test, feature = "test-hooks"))]
            Command::InjectPanic => panic!("injected by a test"),
            Command::Shutdown => {}
        }
        self.commands_done += 1;
        true
    }

    /// Trains what is owed and what is due by the clock, within `budget`: a fast-forward
    /// first, at full speed; then continuous play at its pace, an iteration whenever one
    /// is due at `clock()`. Returns after the budget, when nothing more is due, when a
    /// fast-forward is finished, or when the run pauses or fails.
    pub fn advance(&mut self, budget: Budget, mut clock: impl FnMut() -> Instant) -> Advanced {
        let mut done = Advanced::default();
        while done.iterations < budget.iterations {
            if budget.until.is_some_and(|until| clock() >= until) {
                break;
            }
            if self.owed > 0 {
                self.act(Gan::iteration);
                done.iterations += 1;
                self.owed -= 1;
                let stopped = self.pace.reached_pause(self.run.steps()) || self.run.health != Health::Ok;
                if stopped || self.owed == 0 {
                    self.owed = 0;
                    self.commands_done += 1;
                    done.frame_due = true;
                    return done;
                }
                continue;
            }
            if !self.running() || !self.pace.take_due(clock()) {
                break;
            }
            self.act(Gan::iteration);
            done.iterations += 1;
            if self.pace.reached_pause(self.run.steps()) || self.run.health != Health::Ok {
                done.frame_due = true;
                break;
            }
        }
        done
    }

    /// A panic escaped `handle` or `advance`: the run stops with the message, and the
    /// command it interrupted (`mid_command`, or a fast-forward) counts as done.
    pub fn fault(&mut self, message: String, mid_command: bool) {
        if mid_command || self.owed > 0 {
            self.owed = 0;
            self.commands_done += 1;
        }
        self.run.health = Health::Fault(message);
    }

    /// Everything a viewer needs of the run at `now`: a fresh snapshot (when healthy),
    /// recorded in the history.
    pub fn frame(&mut self, now: Instant) -> Frame {
        self.run.take_snapshot();
        let steps = self.run.steps();
        let running = self.running();
        self.rate.update(steps, running, now);
        let run = &self.run;
        Frame {
            snapshot: Arc::clone(&run.snapshot),
            history: Arc::new(run.history.clone()),
            experiment: Arc::new(run.experiment.clone()),
            playing: self.pace.playing,
            health: run.health.clone(),
            steps,
            iterations_per_second: self.rate.rate,
            speed: self.pace.speed,
            device: run.device.clone(),
            commands_done: self.commands_done,
            pause_at: self.pace.pause_at,
            timeline: run.timeline.clone(),
            recording: self.recording.status(),
        }
    }

    /// New networks from the current settings; the old run's history, moments and
    /// recording end (its iterations restart at 0, and going on would overwrite the
    /// frames already written).
    fn start_over(&mut self) {
        self.recording.stop();
        self.run.rebuild();
    }

    /// One engine action, and the recorder's frame when one is due.
    fn act(&mut self, action: fn(&mut Gan) -> Result<(), GanError>) {
        if self.run.act(action) {
            self.record_if_due();
        }
    }

    fn record_if_due(&mut self) {
        if self.run.health != Health::Ok {
            return;
        }
        if let Some(gan) = &self.run.gan
            && let Err(e) = self.recording.record_if_due(gan)
        {
            self.run.fail(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::Speed;
    use std::time::Duration;

    fn small() -> Experiment {
        Experiment {
            batch: 64,
            hidden: 8,
            ..Experiment::default()
        }
    }

    fn trainer(playing: bool, speed: Speed, now: Instant) -> Trainer {
        Trainer::new(small(), WorkerOptions { playing, speed }, now)
    }

    /// A frame loop on a made-up clock: at 10 iterations a second and a frame every
    /// 100 ms, each frame trains exactly one iteration, however long its budget.
    #[test]
    fn a_frame_loop_keeps_the_pace_on_its_clock() {
        let start = Instant::now();
        let mut t = trainer(true, Speed::Limited(10.0), start);
        let mut total = 0;
        for frame in 0..10 {
            let now = start + Duration::from_millis(100 * frame);
            let done = t.advance(Budget::until(now + Duration::from_millis(16)), || now);
            assert_eq!(done.iterations, 1, "frame {frame}");
            total += done.iterations;
        }
        assert_eq!((total, t.frame(start).steps), (10, 10));
        // Unlimited: as many as the budget allows.
        let mut t = trainer(true, Speed::Unlimited, start);
        assert_eq!(t.advance(Budget::iterations(7), || start).iterations, 7);
        // Paused: nothing is due.
        let mut t = trainer(false, Speed::Unlimited, start);
        assert_eq!(t.advance(Budget::iterations(7), || start), Advanced::default());
        assert_eq!(t.next_due(), None);
    }

    /// A fast-forward is owed work: trained across calls, done (and due a frame) only
    /// when paid, even while paused.
    #[test]
    fn a_fast_forward_is_paid_across_calls() {
        let now = Instant::now();
        let mut t = trainer(false, Speed::Unlimited, now);
        assert!(!t.handle(Command::IterateMany(5), now));
        assert!(t.owes());
        let first = t.advance(Budget::iterations(2), || now);
        assert_eq!(
            first,
            Advanced {
                iterations: 2,
                frame_due: false
            }
        );
        assert_eq!(t.frame(now).commands_done, 0, "not done while owed");
        let rest = t.advance(Budget::iterations(100), || now);
        assert_eq!(
            rest,
            Advanced {
                iterations: 3,
                frame_due: true
            }
        );
        let frame = t.frame(now);
        assert_eq!((frame.steps, frame.commands_done, frame.playing), (5, 1, false));
    }

    /// A restart builds one new run and plays it to its pause point, exactly.
    #[test]
    fn a_restart_plays_a_new_run_to_its_pause() {
        let now = Instant::now();
        let mut t = trainer(false, Speed::Unlimited, now);
        t.handle(Command::IterateMany(4), now);
        t.advance(Budget::iterations(10), || now);
        let mut other = small();
        other.k = 2;
        assert!(t.handle(
            Command::Restart {
                experiment: Box::new(other),
                pause_at: Some(3),
            },
            now,
        ));
        let frame = t.frame(now);
        assert_eq!((frame.steps, frame.playing, frame.pause_at), (0, true, Some(3)));
        assert_eq!(frame.experiment.k, 2);
        let done = t.advance(Budget::iterations(100), || now);
        assert_eq!(
            done,
            Advanced {
                iterations: 3,
                frame_due: true
            }
        );
        let frame = t.frame(now);
        assert_eq!((frame.steps, frame.playing, frame.pause_at), (3, false, None));
    }
}
