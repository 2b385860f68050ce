//! The run itself: its settings, its networks, whether it can go on, and what it has
//! kept (the newest snapshot, the metric history, the moments to rewind to).

use super::Health;
use crate::engine::config::Experiment;
use crate::engine::gan::{Checkpoint, Gan, GanError};
use crate::engine::snapshot::Snapshot;
use crate::history::History;
use crate::timeline::Timeline;
use std::sync::Arc;

/// One run and what it keeps.
pub(super) struct Run {
    /// The settings in force.
    pub experiment: Experiment,
    /// The networks; `None` when they could not be built.
    pub gan: Option<Gan>,
    /// Whether training can go on.
    pub health: Health,
    /// Where the tensors live, for the status bar.
    pub device: String,
    /// The newest snapshot (the last good one while unhealthy).
    pub snapshot: Arc<Snapshot>,
    /// The metric history.
    pub history: History,
    /// The moments kept for rewinding.
    pub timeline: Timeline,
}

impl Run {
    /// A run of `experiment` with its networks built.
    pub fn new(experiment: Experiment) -> Self {
        let mut run = Run {
            experiment,
            gan: None,
            health: Health::Ok,
            device: String::new(),
            snapshot: Arc::new(Snapshot::default()),
            history: History::default(),
            timeline: Timeline::default(),
        };
        run.rebuild();
        run
    }

    /// Completed iterations.
    pub fn steps(&self) -> u64 {
        self.gan.as_ref().map_or(0, Gan::steps)
    }

    /// True when an iteration can run.
    pub fn trainable(&self) -> bool {
        self.health == Health::Ok && self.gan.is_some()
    }

    /// Records what went wrong; training stops until a reset or new settings.
    pub fn fail(&mut self, error: GanError) {
        self.health = match error {
            GanError::Diverged(m) => Health::Diverged(m),
            other => Health::Fault(other.to_string()),
        };
    }

    /// Forgets what the old run kept: its history and its moments. Every way a run
    /// starts over (new networks, new settings that rebuild them, another run's moment)
    /// goes through here.
    fn forget(&mut self) {
        self.history.clear();
        self.timeline.clear();
    }

    /// Takes `gan` as the run's networks, healthy, with its first moment kept.
    fn install(&mut self, gan: Gan) {
        self.device = gan.device_name();
        self.gan = Some(gan);
        self.health = Health::Ok;
        self.keep_moment(false);
    }

    /// Fresh networks from the current settings.
    pub fn rebuild(&mut self) {
        self.forget();
        match Gan::new(self.experiment.clone()) {
            Ok(gan) => self.install(gan),
            Err(e) => {
                self.gan = None;
                self.fail(e);
            }
        }
    }

    /// Switches to `experiment`, live where possible; true when the run started over
    /// (its networks were rebuilt).
    pub fn set_experiment(&mut self, experiment: Experiment) -> bool {
        self.experiment = experiment.clone();
        let healthy = self.health == Health::Ok;
        match self.gan.as_mut() {
            Some(gan) if healthy => match gan.apply_config(experiment) {
                Ok(true) => {
                    self.forget();
                    self.keep_moment(false);
                    true
                }
                Ok(false) => false,
                Err(e) => {
                    self.fail(e);
                    false
                }
            },
            // Diverged, faulted or never built: new settings start a new run.
            _ => {
                self.rebuild();
                true
            }
        }
    }

    /// Takes the run to `moment` (of this run or, with `own` false, of another): its
    /// settings and weights. The metric history after it is forgotten; the kept moments
    /// after it stay until training goes on (so the timeline can be dragged forward).
    pub fn go_to(&mut self, moment: &Checkpoint, own: bool) {
        if !own {
            self.forget();
        }
        match Gan::restore(moment) {
            Ok(gan) => {
                self.experiment = moment.config().clone();
                self.history.truncate_after(moment.steps());
                self.install(gan);
            }
            Err(e) => self.fail(e),
        }
    }

    /// Offers the present moment to the timeline; `trained` when an iteration led here.
    pub fn keep_moment(&mut self, trained: bool) {
        if let Some(gan) = &self.gan
            && let Err(e) = self.timeline.offer(gan, trained)
        {
            self.fail(e);
        }
    }

    /// Runs one engine action when training is possible; true when it ran.
    pub fn act(&mut self, action: fn(&mut Gan) -> Result<(), GanError>) -> bool {
        if self.health != Health::Ok {
            return false;
        }
        let Some(gan) = self.gan.as_mut() else {
            return false;
        };
        if let Err(e) = action(gan) {
            self.fail(e);
            return false;
        }
        self.keep_moment(true);
        true
    }

    /// Takes a snapshot when healthy and records its metrics in the history.
    pub fn take_snapshot(&mut self) {
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
    }
}
