//! A view's link to one training worker: the worker, its newest frame, the settings as
//! the controls edit them and as last sent, and the diff-and-send step that turns an
//! edit into a [`Command::SetExperiment`]. The live view has one; Compare has one a side.
//! Where the platform has no threads (a browser), the worker is a local one and
//! [`RunLink::poll`] gives it its slice of each frame.

use crate::app::platform;
use crate::engine::config::Experiment;
use crate::worker::{Command, Frame, Worker, WorkerOptions};
use std::sync::Arc;

/// One worker and what the UI knows of it.
pub struct RunLink {
    worker: Worker,
    frame: Option<Arc<Frame>>,
    /// The settings the controls show and edit; sent by [`RunLink::sync`].
    pub edit: Experiment,
    sent: Experiment,
}

impl RunLink {
    /// Starts a worker on `experiment`; it asks `ctx` to repaint after each frame.
    pub fn spawn(
        experiment: Experiment,
        options: WorkerOptions,
        ctx: &egui::Context,
    ) -> std::io::Result<Self> {
        let repaint = ctx.clone();
        let repaint: crate::worker::Repaint = Box::new(move || repaint.request_repaint());
        let worker = if platform::THREADS {
            Worker::spawn(experiment.clone(), options, repaint)?
        } else {
            Worker::local(experiment.clone(), options, repaint)
        };
        Ok(RunLink {
            worker,
            frame: None,
            edit: experiment.clone(),
            sent: experiment,
        })
    }

    /// Takes the worker's newest frame, if it published one since the last call. A
    /// local worker (no threads) first trains for its slice of this frame, and asks for
    /// another frame while it has work.
    pub fn poll(&mut self, ctx: &egui::Context) {
        self.pump(ctx);
        if let Some(frame) = self.worker.latest() {
            self.frame = Some(frame);
        }
    }

    /// Gives a local worker (no threads) its slice of this frame, and asks for another
    /// frame while it has work; a worker on a thread needs nothing. An idle worker asks
    /// for no slice: the frame's time goes whole to the work there is (a Figure 1 run
    /// beside a paused one).
    pub fn pump(&self, ctx: &egui::Context) {
        if self.worker.busy() {
            self.worker.pump(platform::work_until());
            ctx.request_repaint();
        }
    }

    /// The newest frame taken by [`RunLink::poll`].
    pub fn frame(&self) -> Option<&Arc<Frame>> {
        self.frame.as_ref()
    }

    /// True when the worker is playing (as of the newest frame).
    pub fn playing(&self) -> bool {
        self.frame.as_ref().is_some_and(|f| f.playing)
    }

    /// Sends the edited settings when they differ from the last ones sent.
    pub fn sync(&mut self) {
        if self.edit != self.sent {
            self.sent = self.edit.clone();
            self.send(Command::SetExperiment(Box::new(self.edit.clone())));
        }
    }

    /// Starts `experiment` from fresh networks and trains (a preset, an opened config);
    /// a lesson's pause point, if any, is cleared.
    pub fn restart(&mut self, experiment: Experiment) {
        self.restart_until(experiment, None);
    }

    /// Starts `experiment` from fresh networks and trains until iteration `pause_at` (a
    /// lesson scene's first action, exactly), or on when `None`.
    pub fn restart_until(&mut self, experiment: Experiment, pause_at: Option<u64>) {
        self.edit = experiment.clone();
        self.sent = experiment.clone();
        // One command: the networks are built once, and the pause point is set before
        // the first iteration can run.
        self.send(Command::Restart {
            experiment: Box::new(experiment),
            pause_at,
        });
    }

    /// True when the worker has handled every command and stands paused at or past
    /// `iteration`: a lesson's action there can fire.
    pub fn stands_at(&self, iteration: u64) -> bool {
        self.caught_up()
            && self
                .latest()
                .is_some_and(|f| !f.playing && f.steps >= iteration && f.pause_at.is_none())
    }

    /// Takes the settings the worker runs with as the edited and sent ones (after the
    /// run was taken back to a moment that had other settings).
    pub fn adopt(&mut self, experiment: Experiment) {
        self.edit = experiment.clone();
        self.sent = experiment;
    }

    /// Queues a command for the worker.
    pub fn send(&self, command: Command) {
        self.worker.send(command);
    }

    /// True once the worker has handled every command sent and published the result.
    pub fn caught_up(&self) -> bool {
        self.worker.caught_up()
    }

    /// The worker's newest frame.
    pub fn latest(&self) -> Option<Arc<Frame>> {
        self.worker.latest()
    }

    /// The worker itself, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn worker(&self) -> &Worker {
        &self.worker
    }
}
