//! The training thread: owns the [`Gan`], takes [`Command`]s over a channel and hands
//! the newest [`Frame`] to whoever draws through a latest-wins slot, then calls a repaint
//! callback. The UI never waits on training and training never waits on the UI. Knows
//! nothing of egui, so the tests and any other face can drive it the same way.

use crate::engine::config::Experiment;
use crate::engine::gan::{Checkpoint, Gan, GanError};
use crate::engine::snapshot::Snapshot;
use crate::export::recorder::{Recorder, RecordingRequest, RecordingStatus};
use crate::history::History;
use crate::timeline::Timeline;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Name of the training thread, as a debugger or `top -H` shows it.
pub const THREAD_NAME: &str = "ganscope-trainer";

/// Shortest time between two frames while training flat out (about 60 per second).
pub const FRAME_INTERVAL: Duration = Duration::from_micros(16_667);

/// While training, frames wait at least this many times as long as the last frame took
/// to make, so snapshots never take more than about a quarter of the training thread
/// (a snapshot can cost several iterations).
const FRAME_COST_FACTOR: u32 = 3;

/// Slowest speed: one iteration per second, so each update can be watched.
pub const SLOWEST: f64 = 1.0;

/// Fastest limited speed: above it, a speed control means "as fast as possible".
pub const FASTEST_LIMITED: f64 = 1000.0;

/// The speed the app opens at and a lesson scene plays at unless it says otherwise: slow
/// enough that a class sees the figure1 generator travel from z to the data over several
/// seconds instead of one blink.
pub const CLASS_PACE: Speed = Speed::Limited(150.0);

/// How fast training runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// At most this many iterations per second (at least [`SLOWEST`]).
    Limited(f64),
    /// As fast as the machine allows.
    Unlimited,
}

impl Speed {
    /// Time between iterations, `None` when unlimited.
    fn period(self) -> Option<Duration> {
        match self {
            Speed::Limited(rate) => Some(Duration::from_secs_f64(1.0 / rate.max(SLOWEST))),
            Speed::Unlimited => None,
        }
    }

    /// When the iteration after the one due at `due` is due, seen at `now`: one period
    /// later, keeping the cadence, but never in the past: after a slow spell the cadence
    /// starts again from `now` instead of catching up in a burst. Unlimited: `now`.
    /// Pure in its clock, so the pace is tested on made-up instants, not by sleeping.
    fn next_due(self, due: Instant, now: Instant) -> Instant {
        match self.period() {
            Some(period) => (due + period).max(now),
            None => now,
        }
    }
}

/// What the UI asks of the worker.
#[derive(Clone, Debug)]
pub enum Command {
    /// Switch to these settings: live where possible, rebuilding the networks when
    /// architecture, noise or seed change (see [`Gan::apply_config`]).
    SetExperiment(Box<Experiment>),
    /// Train continuously.
    Play,
    /// Stop training after the current iteration.
    Pause,
    /// One iteration (k D steps and one G step), then a frame.
    Iterate,
    /// This many iterations, then one frame: fast-forward (and quick tests).
    IterateMany(u32),
    /// One discriminator step only, then a frame.
    StepD,
    /// One generator step only, then a frame.
    StepG,
    /// Fresh networks from the current settings; clears divergence and faults.
    Reset,
    /// Change the training speed.
    SetSpeed(Speed),
    /// Take the run back to its kept moment at or just before this iteration, paused
    /// there; Play trains on from it.
    Rewind(u64),
    /// Start from this moment (of another run): its settings and weights, paused.
    Restore(Box<Arc<Checkpoint>>),
    /// Pause exactly when the run reaches this iteration (a lesson's next action), or
    /// never (`None`). A Play at or past that iteration stays paused.
    PauseAt(Option<u64>),
    /// Write a frame every N iterations to a folder (and a GIF) until stopped.
    StartRecording(Box<RecordingRequest>),
    /// Finish the recording: queued frames are written and the GIF closed.
    StopRecording,
    /// Panics inside the worker, to exercise the fault path in tests.
    InjectPanic,
    /// Ends the thread.
    Shutdown,
}

/// Whether training can go on.
#[derive(Clone, Debug, PartialEq)]
pub enum Health {
    /// Training works.
    Ok,
    /// A NaN or infinity stopped training; Reset or new settings recover.
    Diverged(String),
    /// The engine refused (a device or tensor error) or the worker panicked; Reset or
    /// new settings try again.
    Fault(String),
}

/// What the worker publishes after each batch of work: everything one UI frame needs.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The newest curves and metrics.
    pub snapshot: Arc<Snapshot>,
    /// Metrics of the whole run, downsampled.
    pub history: Arc<History>,
    /// The settings in force.
    pub experiment: Arc<Experiment>,
    /// True while the user wants training to run (it is held back while unhealthy).
    pub playing: bool,
    /// Whether training can go on, with the message when not.
    pub health: Health,
    /// Completed iterations (also while diverged, when the snapshot is the last good one).
    pub steps: u64,
    /// Measured training speed.
    pub iterations_per_second: f64,
    /// Configured speed.
    pub speed: Speed,
    /// Where the tensors live, for the status bar.
    pub device: String,
    /// Commands the worker has finished, to compare with [`Worker::commands_sent`].
    pub commands_done: u64,
    /// The iteration the run will pause at, if one is set ([`Command::PauseAt`]).
    pub pause_at: Option<u64>,
    /// The run's kept moments, to rewind to.
    pub timeline: Timeline,
    /// The current (or last) recording, if any.
    pub recording: Option<RecordingStatus>,
}

impl Frame {
    /// True when training is actually running.
    pub fn running(&self) -> bool {
        self.playing && self.health == Health::Ok
    }
}

/// How the worker starts.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Start training at once.
    pub playing: bool,
    /// Initial speed.
    pub speed: Speed,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            playing: true,
            speed: Speed::Unlimited,
        }
    }
}

/// Called after each new frame; the app passes `ctx.request_repaint()`.
pub type Repaint = Box<dyn Fn() + Send + Sync>;

type Slot = Arc<Mutex<Option<Arc<Frame>>>>;

/// Handle to the training thread; dropping it stops and joins the thread.
pub struct Worker {
    sender: Option<Sender<Command>>,
    /// Set when the handle is dropped: the thread stops at the next iteration boundary,
    /// even inside a long fast-forward or with commands still queued.
    stop: Arc<AtomicBool>,
    slot: Slot,
    thread: Option<JoinHandle<()>>,
    sent: AtomicU64,
}

impl Worker {
    /// Starts the thread on `experiment`. A frame is published before the first
    /// iteration, so the UI has something to draw at once.
    pub fn spawn(experiment: Experiment, options: WorkerOptions, repaint: Repaint) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let slot: Slot = Arc::new(Mutex::new(None));
        let thread_slot = Arc::clone(&slot);
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                let mut state = State::new(experiment, options, thread_slot, repaint, thread_stop);
                state.run(&receiver);
            })?;
        Ok(Worker {
            sender: Some(sender),
            stop,
            slot,
            thread: Some(thread),
            sent: AtomicU64::new(0),
        })
    }

    /// Queues a command; never blocks. A command to a stopped thread is dropped.
    pub fn send(&self, command: Command) {
        if let Some(sender) = &self.sender
            && sender.send(command).is_ok()
        {
            self.sent.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Commands queued so far; equal to [`Frame::commands_done`] once all are handled.
    pub fn commands_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The newest frame, if one has been published. Cheap: clones an `Arc`.
    pub fn latest(&self) -> Option<Arc<Frame>> {
        match self.slot.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// True once the worker has handled every command sent and published the result.
    pub fn caught_up(&self) -> bool {
        self.latest()
            .is_some_and(|f| f.commands_done >= self.commands_sent())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(sender) = self.sender.take() {
            // A closed channel also ends the loop; the command just makes it prompt.
            let _ = sender.send(Command::Shutdown);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Iterations per second, measured over windows of about half a second.
struct RateMeter {
    since: Instant,
    steps_at: u64,
    rate: f64,
}

impl RateMeter {
    fn new(steps: u64) -> Self {
        RateMeter {
            since: Instant::now(),
            steps_at: steps,
            rate: 0.0,
        }
    }

    fn update(&mut self, steps: u64, running: bool) {
        let elapsed = self.since.elapsed().as_secs_f64();
        if !running {
            self.rate = 0.0;
            self.restart(steps);
        } else if elapsed >= 0.5 && (steps.saturating_sub(self.steps_at) >= 5 || elapsed >= 2.0) {
            self.rate = steps.saturating_sub(self.steps_at) as f64 / elapsed;
            self.restart(steps);
        }
    }

    fn restart(&mut self, steps: u64) {
        self.since = Instant::now();
        self.steps_at = steps;
    }
}

/// Everything the thread owns.
struct State {
    experiment: Experiment,
    gan: Option<Gan>,
    health: Health,
    playing: bool,
    speed: Speed,
    snapshot: Arc<Snapshot>,
    history: History,
    timeline: Timeline,
    device: String,
    commands_done: u64,
    handling: bool,
    last_frame: Instant,
    frame_cost: Duration,
    next_iteration: Instant,
    rate: RateMeter,
    pause_at: Option<u64>,
    recorder: Option<Recorder>,
    /// Status of a recording that ended or failed to start, shown until the next one.
    recording_ended: Option<RecordingStatus>,
    last_recorded: Option<u64>,
    slot: Slot,
    repaint: Repaint,
    stop: Arc<AtomicBool>,
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl State {
    fn new(
        experiment: Experiment,
        options: WorkerOptions,
        slot: Slot,
        repaint: Repaint,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let mut state = State {
            experiment,
            gan: None,
            health: Health::Ok,
            playing: options.playing,
            speed: options.speed,
            snapshot: Arc::new(Snapshot::default()),
            history: History::default(),
            timeline: Timeline::default(),
            device: String::new(),
            commands_done: 0,
            handling: false,
            last_frame: Instant::now(),
            frame_cost: Duration::ZERO,
            next_iteration: Instant::now(),
            rate: RateMeter::new(0),
            pause_at: None,
            recorder: None,
            recording_ended: None,
            last_recorded: None,
            slot,
            repaint,
            stop,
        };
        state.rebuild();
        state.publish();
        state
    }

    /// Runs until shutdown; a panic becomes a fault and the loop goes on.
    fn run(&mut self, receiver: &Receiver<Command>) {
        loop {
            match catch_unwind(AssertUnwindSafe(|| self.serve(receiver))) {
                Ok(()) => return,
                Err(payload) => {
                    // A command that panicked counts as handled.
                    if self.handling {
                        self.commands_done += 1;
                        self.handling = false;
                    }
                    self.health = Health::Fault(format!(
                        "the training thread panicked: {}",
                        panic_message(&*payload)
                    ));
                    self.publish();
                }
            }
        }
    }

    /// The handle was dropped (the window closed): finish up now.
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn running(&self) -> bool {
        self.playing && self.health == Health::Ok && self.gan.is_some()
    }

    /// The command loop; returns on shutdown or a closed channel.
    fn serve(&mut self, receiver: &Receiver<Command>) {
        loop {
            if self.stopping() {
                return;
            }
            let received = if !self.running() {
                receiver.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                let wait = self.next_iteration.saturating_duration_since(Instant::now());
                if wait.is_zero() {
                    receiver.try_recv()
                } else {
                    receiver.recv_timeout(wait).map_err(|e| match e {
                        RecvTimeoutError::Timeout => TryRecvError::Empty,
                        RecvTimeoutError::Disconnected => TryRecvError::Disconnected,
                    })
                }
            };
            match received {
                Ok(Command::Shutdown) | Err(TryRecvError::Disconnected) => return,
                Ok(command) => {
                    self.handling = true;
                    self.handle(command);
                    self.handling = false;
                    self.commands_done += 1;
                    self.publish();
                }
                Err(TryRecvError::Empty) => self.train_once(),
            }
        }
    }

    /// One iteration in continuous play, with a frame when one is due.
    fn train_once(&mut self) {
        if !self.running() {
            return;
        }
        self.next_iteration = self.speed.next_due(self.next_iteration, Instant::now());
        self.act(Gan::iteration);
        let interval = FRAME_INTERVAL.max(self.frame_cost * FRAME_COST_FACTOR);
        if self.reached_pause() || self.last_frame.elapsed() >= interval || self.health != Health::Ok {
            self.publish();
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::SetExperiment(experiment) => self.set_experiment(*experiment),
            Command::Play => {
                self.playing = true;
                self.next_iteration = Instant::now();
                self.reached_pause();
            }
            Command::Pause => self.playing = false,
            Command::Iterate => {
                self.act(Gan::iteration);
                self.reached_pause();
            }
            Command::IterateMany(n) => {
                for _ in 0..n {
                    if self.stopping() {
                        break;
                    }
                    self.act(Gan::iteration);
                    if self.reached_pause() {
                        break;
                    }
                }
            }
            Command::StepD => self.act(Gan::d_step),
            Command::StepG => self.act(Gan::g_step),
            Command::Reset => self.rebuild(),
            Command::SetSpeed(speed) => {
                self.speed = speed;
                self.next_iteration = Instant::now();
            }
            Command::PauseAt(at) => self.pause_at = at,
            Command::Rewind(steps) => {
                if let Some(moment) = self.timeline.at(steps) {
                    self.go_to(&moment);
                }
            }
            Command::Restore(moment) => {
                self.timeline.clear();
                self.history.clear();
                self.go_to(&moment);
            }
            Command::StartRecording(request) => self.start_recording(*request),
            Command::StopRecording => self.stop_recording(),
            Command::InjectPanic => panic!("injected by a test"),
            Command::Shutdown => {}
        }
    }

    /// Takes the run to `moment`, paused there: its settings and weights; the metric
    /// history after it is forgotten, the kept moments after it stay until training goes
    /// on (so the timeline can be dragged forward again).
    fn go_to(&mut self, moment: &Checkpoint) {
        self.stop_recording();
        self.playing = false;
        match Gan::restore(moment) {
            Ok(gan) => {
                self.experiment = moment.config().clone();
                self.device = gan.device_name();
                self.gan = Some(gan);
                self.health = Health::Ok;
                self.history.truncate_after(moment.steps());
                self.keep_moment(false);
            }
            Err(e) => self.fail(e),
        }
    }

    /// Offers the present moment to the timeline; `trained` when an iteration led here.
    fn keep_moment(&mut self, trained: bool) {
        if let Some(gan) = &self.gan
            && let Err(e) = self.timeline.offer(gan, trained)
        {
            self.fail(e);
        }
    }

    /// Pauses when the run stands at (or, after a rewind forward, past) the iteration it
    /// was told to pause at; true then.
    fn reached_pause(&mut self) -> bool {
        let steps = self.gan.as_ref().map_or(0, Gan::steps);
        if self.pause_at.is_some_and(|at| steps >= at) {
            self.pause_at = None;
            self.playing = false;
            true
        } else {
            false
        }
    }

    /// Runs one engine action when training is possible, recording what went wrong.
    fn act(&mut self, action: fn(&mut Gan) -> Result<(), GanError>) {
        if self.health != Health::Ok {
            return;
        }
        let Some(gan) = self.gan.as_mut() else { return };
        if let Err(e) = action(gan) {
            self.fail(e);
            return;
        }
        self.keep_moment(true);
        self.record_if_due();
    }

    fn start_recording(&mut self, request: RecordingRequest) {
        self.stop_recording();
        let dir = request.dir.clone();
        match Recorder::start(request) {
            Ok(recorder) => {
                self.recorder = Some(recorder);
                self.recording_ended = None;
                self.last_recorded = None;
                self.record_if_due();
            }
            Err(message) => {
                self.recording_ended = Some(RecordingStatus {
                    dir,
                    frames_written: 0,
                    last_error: Some(message),
                    active: false,
                    gif: None,
                })
            }
        }
    }

    fn stop_recording(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            self.recording_ended = Some(recorder.stop());
        }
    }

    /// Hands a snapshot to the recorder at every multiple of its stride (and at the
    /// iteration where recording started).
    fn record_if_due(&mut self) {
        let (Some(recorder), Some(gan)) = (&self.recorder, &self.gan) else {
            return;
        };
        let steps = gan.steps();
        let due = self.last_recorded.is_none() || steps.is_multiple_of(recorder.every());
        if !due || self.last_recorded == Some(steps) || self.health != Health::Ok {
            return;
        }
        match gan.snapshot() {
            Ok(snapshot) => {
                recorder.offer(&snapshot);
                self.last_recorded = Some(steps);
            }
            Err(e) => self.fail(e),
        }
    }

    fn fail(&mut self, error: GanError) {
        self.health = match error {
            GanError::Diverged(m) => Health::Diverged(m),
            other => Health::Fault(other.to_string()),
        };
    }

    /// Fresh networks from the current settings.
    fn rebuild(&mut self) {
        self.history.clear();
        self.timeline.clear();
        // Iterations restart at 0: going on would overwrite the frames already written.
        self.stop_recording();
        match Gan::new(self.experiment.clone()) {
            Ok(gan) => {
                self.device = gan.device_name();
                self.gan = Some(gan);
                self.health = Health::Ok;
                self.keep_moment(false);
            }
            Err(e) => {
                self.gan = None;
                self.fail(e);
            }
        }
    }

    fn set_experiment(&mut self, experiment: Experiment) {
        self.experiment = experiment.clone();
        let healthy = self.health == Health::Ok;
        match self.gan.as_mut() {
            Some(gan) if healthy => match gan.apply_config(experiment) {
                Ok(rebuilt) => {
                    if rebuilt {
                        self.history.clear();
                        self.timeline.clear();
                        self.stop_recording();
                        self.keep_moment(false);
                    }
                }
                Err(e) => self.fail(e),
            },
            // Diverged, faulted or never built: new settings start a new run.
            _ => self.rebuild(),
        }
    }

    /// Takes a snapshot (when healthy) and puts a new frame in the slot.
    fn publish(&mut self) {
        let started = Instant::now();
        if self.health == Health::Ok
            && let Some(gan) = &self.gan
        {
            match gan.snapshot() {
                Ok(snapshot) => {
                    self.history.record(&snapshot.metrics);
                    self.snapshot = Arc::new(snapshot);
                }
                Err(e) => self.fail(e),
            }
        }
        let steps = self.gan.as_ref().map_or(0, Gan::steps);
        let running = self.running();
        self.rate.update(steps, running);
        let frame = Frame {
            snapshot: Arc::clone(&self.snapshot),
            history: Arc::new(self.history.clone()),
            experiment: Arc::new(self.experiment.clone()),
            playing: self.playing,
            health: self.health.clone(),
            steps,
            iterations_per_second: self.rate.rate,
            speed: self.speed,
            device: self.device.clone(),
            commands_done: self.commands_done,
            pause_at: self.pause_at,
            timeline: self.timeline.clone(),
            recording: self
                .recorder
                .as_ref()
                .map(Recorder::status)
                .or_else(|| self.recording_ended.clone()),
        };
        match self.slot.lock() {
            Ok(mut guard) => *guard = Some(Arc::new(frame)),
            Err(poisoned) => *poisoned.into_inner() = Some(Arc::new(frame)),
        }
        self.last_frame = Instant::now();
        self.frame_cost = started.elapsed();
        (self.repaint)();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Iterations a trainer that takes `cost` per iteration starts within `span` at
    /// `speed`, on a made-up clock: each starts when it is due, or when the last ends.
    fn iterations_within(speed: Speed, cost: Duration, span: Duration) -> usize {
        let start = Instant::now();
        let (mut due, mut now, mut count) = (start, start, 0);
        while due.max(now) < start + span {
            now = due.max(now) + cost;
            count += 1;
            due = speed.next_due(due, now);
        }
        count
    }

    #[test]
    fn a_limited_speed_keeps_its_pace() {
        let second = Duration::from_secs(1);
        let fast = Duration::from_micros(100);
        assert_eq!(iterations_within(Speed::Limited(10.0), fast, second), 10);
        assert_eq!(iterations_within(Speed::Limited(250.0), fast, second), 250);
        // Below the slowest pace the slowest holds.
        let slowest = iterations_within(Speed::Limited(0.0), fast, 10 * second);
        assert_eq!(slowest, (10.0 * SLOWEST).ceil() as usize);
        // Unlimited: as many as the trainer can do.
        assert_eq!(
            iterations_within(Speed::Unlimited, Duration::from_millis(1), second),
            1000
        );
        // A trainer slower than the pace sets the pace: no burst to catch up.
        let slow = Duration::from_millis(250);
        assert_eq!(iterations_within(Speed::Limited(10.0), slow, second), 4);
    }

    #[test]
    fn after_a_slow_spell_the_cadence_restarts_instead_of_catching_up() {
        let start = Instant::now();
        let speed = Speed::Limited(10.0);
        let period = Duration::from_millis(100);
        // One iteration took a whole second: the next is due now, then a period apart.
        let late = start + Duration::from_secs(1);
        let next = speed.next_due(start, late);
        assert_eq!(next, late);
        assert_eq!(
            speed.next_due(next, late + Duration::from_millis(1)),
            late + period
        );
    }
}
