//! The metric history of a whole run, bounded in size: when it is full, every other
//! point is dropped and the recording stride doubles, so a run of a million iterations
//! costs the same to keep and to draw as a run of a thousand.

use crate::engine::snapshot::Metrics;

/// Points kept before the history halves its resolution.
pub const DEFAULT_CAPACITY: usize = 1024;

/// One recorded point: the snapshot's metrics as they are.
pub type Sample = Metrics;

/// Metric samples of one run at a stride that doubles whenever the capacity fills.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    samples: Vec<Sample>,
    capacity: usize,
    stride: u64,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_CAPACITY)
    }
}

impl History {
    /// An empty history keeping at most `capacity` points (at least 2).
    pub fn new(capacity: usize) -> Self {
        History {
            samples: Vec::with_capacity(capacity.max(2)),
            capacity: capacity.max(2),
            stride: 1,
        }
    }

    /// Records `metrics` if it is at least one stride after the last point; a sample
    /// from an earlier iteration (after a reset) starts the history again.
    pub fn record(&mut self, metrics: &Metrics) {
        if let Some(last) = self.samples.last() {
            if metrics.steps < last.steps {
                self.clear();
            } else if metrics.steps < last.steps + self.stride {
                return;
            }
        }
        self.samples.push(metrics.clone());
        if self.samples.len() >= self.capacity {
            self.halve();
        }
    }

    /// Forgets the points after iteration `steps` (the run was taken back there).
    pub fn truncate_after(&mut self, steps: u64) {
        self.samples.retain(|s| s.steps <= steps);
    }

    /// Forgets every point (a new run).
    pub fn clear(&mut self) {
        self.samples.clear();
        self.stride = 1;
    }

    /// Keeps every other point (always the first and the newest) and doubles the stride.
    fn halve(&mut self) {
        let last = self.samples.len() - 1;
        let mut i = 0;
        self.samples.retain(|_| {
            let keep = i % 2 == 0 || i == last;
            i += 1;
            keep
        });
        self.stride *= 2;
    }

    /// The recorded points, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Iterations between recorded points now.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Iterations between recorded points on average: at least the stride, more when
    /// frames (each bringing one point) come less often than every stride iterations.
    pub fn mean_spacing(&self) -> f64 {
        match (self.samples.first(), self.samples.last()) {
            (Some(first), Some(last)) if self.samples.len() > 1 => {
                (last.steps - first.steps) as f64 / (self.samples.len() - 1) as f64
            }
            _ => self.stride as f64,
        }
    }

    /// Number of recorded points.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// (iteration, value) pairs of one metric, ready for a plot.
    pub fn series(&self, value: impl Fn(&Sample) -> f64) -> Vec<[f64; 2]> {
        self.samples.iter().map(|s| [s.steps as f64, value(s)]).collect()
    }

    /// Largest number of mode masses in any point (components of the target).
    pub fn modes(&self) -> usize {
        self.samples
            .iter()
            .map(|s| s.mode_masses.len())
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(steps: u64) -> Metrics {
        Metrics {
            steps,
            w1: steps as f64,
            ..Metrics::default()
        }
    }

    #[test]
    fn stays_bounded_and_keeps_the_newest() {
        let mut h = History::new(16);
        for s in 0..10_000 {
            h.record(&at(s));
        }
        assert!(h.len() < 16);
        assert!(h.stride() > 1);
        let last = h.samples().last().map(|s| s.steps).unwrap_or(0);
        assert!(
            last > 10_000 - 2 * h.stride(),
            "last {last}, stride {}",
            h.stride()
        );
        assert_eq!(h.samples()[0].steps, 0);
        assert!(h.samples().windows(2).all(|w| w[0].steps < w[1].steps));
    }

    /// Frames every 25 iterations with the stride still 1: the panel must say 25.
    #[test]
    fn mean_spacing_counts_iterations_between_points() {
        let mut h = History::new(1024);
        assert_eq!(h.mean_spacing(), 1.0);
        for s in (0..2_500).step_by(25) {
            h.record(&at(s));
        }
        assert_eq!(h.stride(), 1);
        assert_eq!(h.mean_spacing(), 25.0);
    }

    #[test]
    fn an_earlier_step_starts_over() {
        let mut h = History::new(16);
        for s in 0..100 {
            h.record(&at(s));
        }
        h.record(&at(0));
        assert_eq!(h.len(), 1);
        assert_eq!(h.stride(), 1);
    }
}
