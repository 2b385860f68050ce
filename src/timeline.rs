//! The moments of a run kept for rewinding, bounded in number: a checkpoint every
//! `every` iterations; when [`MAX_MOMENTS`] are kept, every other one is dropped and the
//! interval doubles (like the metric history), so the memory a run holds for its
//! timeline never exceeds `MAX_MOMENTS` times the size of its two networks.

use crate::engine::gan::{Checkpoint, Gan, GanError};
use std::sync::Arc;

/// Most moments kept at once.
pub const MAX_MOMENTS: usize = 256;
/// Iterations between moments at the start of a run.
pub const FIRST_INTERVAL: u64 = 10;

/// The kept moments of one run, oldest first. Cheap to clone (shared, copied on write),
/// so every frame can carry it to the UI.
#[derive(Clone, Debug)]
pub struct Timeline {
    moments: Arc<Vec<Arc<Checkpoint>>>,
    every: u64,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline {
            moments: Arc::new(Vec::new()),
            every: FIRST_INTERVAL,
        }
    }
}

impl Timeline {
    /// Forgets every moment (a new run).
    pub fn clear(&mut self) {
        *self = Timeline::default();
    }

    /// Keeps the run's present moment when one is due (every `every` iterations, and
    /// always the first). `trained` says the run just took an iteration: moments from
    /// that iteration on belong to a future the run left (it was taken back and trains
    /// on), so they are dropped. After a rewind (`trained` false) they stay, so the
    /// timeline can be dragged forward again.
    pub fn offer(&mut self, gan: &Gan, trained: bool) -> Result<(), GanError> {
        let steps = gan.steps();
        if trained && self.moments.last().is_some_and(|m| m.steps() >= steps) {
            Arc::make_mut(&mut self.moments).retain(|m| m.steps() < steps);
        }
        let newest = self.moments.last().map(|m| m.steps());
        let due = newest.is_none() || (steps.is_multiple_of(self.every) && newest < Some(steps));
        if !due {
            return Ok(());
        }
        let checkpoint = Arc::new(gan.checkpoint()?);
        let moments = Arc::make_mut(&mut self.moments);
        moments.push(checkpoint);
        if moments.len() >= MAX_MOMENTS {
            let last = moments.len() - 1;
            let mut i = 0;
            moments.retain(|_| {
                let keep = i % 2 == 0 || i == last;
                i += 1;
                keep
            });
            self.every *= 2;
        }
        Ok(())
    }

    /// The kept moment at or just before iteration `steps`.
    pub fn at(&self, steps: u64) -> Option<Arc<Checkpoint>> {
        self.moments.iter().rev().find(|m| m.steps() <= steps).cloned()
    }

    /// The iterations of the kept moments, oldest first.
    pub fn iterations(&self) -> Vec<u64> {
        self.moments.iter().map(|m| m.steps()).collect()
    }

    /// The newest kept moment's iteration.
    pub fn newest(&self) -> Option<u64> {
        self.moments.last().map(|m| m.steps())
    }

    /// Moments kept now.
    pub fn len(&self) -> usize {
        self.moments.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.moments.is_empty()
    }

    /// Iterations between moments now.
    pub fn every(&self) -> u64 {
        self.every
    }

    /// Bytes the kept weights take now.
    pub fn bytes(&self) -> usize {
        self.moments.iter().map(|m| m.bytes()).sum()
    }

    /// The most bytes this run's timeline can ever take: [`MAX_MOMENTS`] moments.
    pub fn bound(&self) -> usize {
        self.moments.first().map_or(0, |m| m.bytes() * MAX_MOMENTS)
    }
}
