//! The training worker: owns a run, takes [`Command`]s and hands the newest [`Frame`] to
//! whoever draws. Its logic is the [`Trainer`] (a run, its pace, its recording, its
//! bookkeeping: the rooms `run.rs`, `pace.rs`, `recording.rs`), which knows nothing of
//! threads; [`Worker`] drives one on its own thread through a channel and a latest-wins
//! slot, then calls a repaint callback, so the UI never waits on training and training
//! never waits on the UI. A frame loop without threads can drive a `Trainer` directly.
//! Knows nothing of egui, so the tests and any other face can drive it the same way.

pub mod clock;
mod pace;
mod recording;
mod run;
mod trainer;

pub use pace::{CLASS_PACE, FASTEST_LIMITED, SLOWEST, Speed};
pub use trainer::{Advanced, Budget, Trainer};

use crate::engine::config::Experiment;
use crate::engine::gan::Checkpoint;
use crate::engine::snapshot::Snapshot;
use crate::export::recorder::{RecordingRequest, RecordingStatus};
use crate::history::History;
use crate::timeline::Timeline;
use clock::{Duration, Instant};
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Name of the training thread, as a debugger or `top -H` shows it.
pub const THREAD_NAME: &str = "ganscope-trainer";

/// Shortest time between two frames while training flat out (about 60 per second).
pub const FRAME_INTERVAL: Duration = Duration::from_micros(16_667);

/// While training, frames wait at least this many times as long as the last frame took
/// to make, so snapshots never take more than about a quarter of the training thread
/// (a snapshot can cost several iterations).
const FRAME_COST_FACTOR: u32 = 3;

/// What the UI asks of the worker.
#[derive(Clone, Debug)]
pub enum Command {
    /// Switch to these settings: live where possible, rebuilding the networks when
    /// architecture, noise or seed change (see `Gan::apply_config`).
    SetExperiment(Box<Experiment>),
    /// Start a new run of these settings (new networks, built once) and play it until
    /// `pause_at`: a lesson scene's start.
    Restart {
        /// The settings of the new run.
        experiment: Box<Experiment>,
        /// The iteration it pauses at, if any.
        pause_at: Option<u64>,
    },
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
    #[cfg(any(test, feature = "test-hooks"))]
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
    /// What stopped or spoiled training, if anything: a NaN, a fault, or a finite but
    /// absurd state (see [`Snapshot::absurd`]).
    pub fn problem(&self) -> Option<String> {
        match &self.health {
            Health::Diverged(m) => Some(format!("Training diverged: {m}")),
            Health::Fault(m) => Some(format!("Training stopped: {m}")),
            Health::Ok => self
                .snapshot
                .absurd()
                .map(|why| format!("Training ran away: {why}")),
        }
    }

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
    /// A worker without a thread, trained by [`Worker::pump`]; `None` for a thread.
    local: Option<Mutex<Local>>,
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
                let mut thread = Thread::new(experiment, options, thread_slot, repaint, thread_stop);
                thread.run(&receiver);
            })?;
        Ok(Worker {
            local: None,
            sender: Some(sender),
            stop,
            slot,
            thread: Some(thread),
            sent: AtomicU64::new(0),
        })
    }

    /// A worker without a thread, for a frame loop with none (the browser): commands
    /// queue, and training advances only inside [`Worker::pump`], which the frame loop
    /// calls with the time it can spare. The same [`Trainer`] as the thread's, so a run
    /// gives the same numbers either way.
    pub fn local(experiment: Experiment, options: WorkerOptions, repaint: Repaint) -> Self {
        let slot: Slot = Arc::new(Mutex::new(None));
        let mut local = Local {
            trainer: Trainer::new(experiment, options, Instant::now()),
            inbox: VecDeque::new(),
            repaint,
            slot: Arc::clone(&slot),
            handling: false,
        };
        local.publish();
        Worker {
            local: Some(Mutex::new(local)),
            sender: None,
            stop: Arc::new(AtomicBool::new(false)),
            slot,
            thread: None,
            sent: AtomicU64::new(0),
        }
    }

    /// For a worker made by [`Worker::local`]: handles the queued commands in order and
    /// trains what is due, stopping at `until` (a fast-forward goes on at the next call),
    /// then publishes a frame if anything changed. A threaded worker does its own work,
    /// and this does nothing.
    pub fn pump(&self, until: Instant) {
        if let Some(local) = &self.local {
            let mut local = match local.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            local.pump(until);
        }
    }

    /// True while a worker made by [`Worker::local`] has work it would do in a
    /// [`Worker::pump`] now or soon (commands queued, a fast-forward owed, a run
    /// playing): its frame loop should keep drawing.
    pub fn busy(&self) -> bool {
        self.local.as_ref().is_some_and(|local| {
            local.lock().map_or(true, |l| {
                !l.inbox.is_empty() || l.trainer.owes() || l.trainer.next_due().is_some()
            })
        })
    }

    /// Queues a command; never blocks. A command to a stopped thread is dropped.
    pub fn send(&self, command: Command) {
        if let Some(local) = &self.local {
            if let Ok(mut local) = local.lock() {
                local.inbox.push_back(command);
                self.sent.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
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

/// A worker without a thread: its trainer, the commands waiting for the next pump, and
/// where its frames go.
struct Local {
    trainer: Trainer,
    inbox: VecDeque<Command>,
    repaint: Repaint,
    slot: Slot,
    /// True while a command is being handled (a panic then counts it as done).
    handling: bool,
}

impl Local {
    /// Commands in order, then training, until `until`; a panic becomes a fault.
    fn pump(&mut self, until: Instant) {
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.work(until))) {
            let message = format!("the training run panicked: {}", panic_message(&*payload));
            self.trainer.fault(message, self.handling);
            self.handling = false;
            self.publish();
        }
    }

    fn work(&mut self, until: Instant) {
        let mut changed = false;
        loop {
            if self.trainer.owes() {
                let advanced = self.trainer.advance(Budget::until(until), Instant::now);
                changed |= advanced.iterations > 0;
                if advanced.frame_due {
                    self.publish();
                    changed = false;
                }
                if self.trainer.owes() {
                    break;
                }
                continue;
            }
            if let Some(command) = self.inbox.pop_front() {
                if matches!(command, Command::Shutdown) {
                    self.inbox.clear();
                    break;
                }
                self.handling = true;
                let publish = self.trainer.handle(command, Instant::now());
                self.handling = false;
                if publish {
                    self.publish();
                    changed = false;
                }
                continue;
            }
            changed |= self
                .trainer
                .advance(Budget::until(until), Instant::now)
                .iterations
                > 0;
            break;
        }
        if changed {
            self.publish();
        }
    }

    fn publish(&mut self) {
        let frame = Arc::new(self.trainer.frame(Instant::now()));
        match self.slot.lock() {
            Ok(mut guard) => *guard = Some(frame),
            Err(poisoned) => *poisoned.into_inner() = Some(frame),
        }
        (self.repaint)();
    }
}

/// The worker's thread: a [`Trainer`] and where its frames go.
struct Thread {
    trainer: Trainer,
    /// True while a command is being handled (a panic then counts it as done).
    handling: bool,
    slot: Slot,
    repaint: Repaint,
    stop: Arc<AtomicBool>,
    /// When the last frame was published, and what it cost to make.
    last_frame: Instant,
    frame_cost: Duration,
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

impl Thread {
    fn new(
        experiment: Experiment,
        options: WorkerOptions,
        slot: Slot,
        repaint: Repaint,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let now = Instant::now();
        let mut thread = Thread {
            trainer: Trainer::new(experiment, options, now),
            handling: false,
            slot,
            repaint,
            stop,
            last_frame: now,
            frame_cost: Duration::ZERO,
        };
        thread.publish();
        thread
    }

    /// Runs until shutdown; a panic becomes a fault and the loop goes on.
    fn run(&mut self, receiver: &Receiver<Command>) {
        loop {
            match catch_unwind(AssertUnwindSafe(|| self.serve(receiver))) {
                Ok(()) => return,
                Err(payload) => {
                    let message = format!("the training thread panicked: {}", panic_message(&*payload));
                    self.trainer.fault(message, self.handling);
                    self.handling = false;
                    self.publish();
                }
            }
        }
    }

    /// The handle was dropped (the window closed): finish up now.
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// The command loop; returns on shutdown or a closed channel. A fast-forward is
    /// trained one iteration at a time, so a drop stops it at the next boundary, and
    /// the commands after it wait for it.
    fn serve(&mut self, receiver: &Receiver<Command>) {
        loop {
            if self.stopping() {
                return;
            }
            if self.trainer.owes() {
                if self
                    .trainer
                    .advance(Budget::iterations(1), Instant::now)
                    .frame_due
                {
                    self.publish();
                }
                continue;
            }
            let received = match self.trainer.next_due() {
                None => receiver.recv().map_err(|_| TryRecvError::Disconnected),
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    if wait.is_zero() {
                        receiver.try_recv()
                    } else {
                        receiver.recv_timeout(wait).map_err(|e| match e {
                            RecvTimeoutError::Timeout => TryRecvError::Empty,
                            RecvTimeoutError::Disconnected => TryRecvError::Disconnected,
                        })
                    }
                }
            };
            match received {
                Ok(Command::Shutdown) | Err(TryRecvError::Disconnected) => return,
                Ok(command) => {
                    self.handling = true;
                    let publish = self.trainer.handle(command, Instant::now());
                    self.handling = false;
                    if publish {
                        self.publish();
                    }
                }
                Err(TryRecvError::Empty) => {
                    let advanced = self.trainer.advance(Budget::iterations(1), Instant::now);
                    let interval = FRAME_INTERVAL.max(self.frame_cost * FRAME_COST_FACTOR);
                    if advanced.iterations > 0
                        && (advanced.frame_due || self.last_frame.elapsed() >= interval)
                    {
                        self.publish();
                    }
                }
            }
        }
    }

    /// Puts a new frame in the slot and asks for a repaint.
    fn publish(&mut self) {
        let started = Instant::now();
        let frame = Arc::new(self.trainer.frame(started));
        match self.slot.lock() {
            Ok(mut guard) => *guard = Some(frame),
            Err(poisoned) => *poisoned.into_inner() = Some(frame),
        }
        self.last_frame = Instant::now();
        self.frame_cost = started.elapsed();
        (self.repaint)();
    }
}
