//! A moment of a run, kept so the run can be taken back to it: both networks' weights,
//! the iteration, the random state and the settings in force. Restoring one gives the
//! networks exactly as they were; the optimizers start afresh from there (their
//! momentum is not kept), as they do when the optimizer is changed mid-run.

use super::{Gan, Result, StepStats};
use crate::engine::config::Experiment;
use candle_core::Tensor;
use rand::rngs::StdRng;

/// Both networks and the run's state at one iteration.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    config: Experiment,
    generator: Vec<Tensor>,
    discriminator: Vec<Tensor>,
    rng: StdRng,
    steps: u64,
    last: StepStats,
}

impl Checkpoint {
    /// The iteration it was taken at.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The settings in force then.
    pub fn config(&self) -> &Experiment {
        &self.config
    }

    /// Bytes its weights take, for the timeline's memory bound.
    pub fn bytes(&self) -> usize {
        self.generator
            .iter()
            .chain(&self.discriminator)
            .map(|t| t.elem_count() * t.dtype().size_in_bytes())
            .sum()
    }
}

impl Gan {
    /// The run as it stands, copied out.
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        let copy = |vars: Vec<candle_core::Var>| -> Result<Vec<Tensor>> {
            vars.iter()
                .map(|v| v.as_tensor().copy().map_err(Into::into))
                .collect()
        };
        Ok(Checkpoint {
            config: self.config.clone(),
            generator: copy(self.generator.vars())?,
            discriminator: copy(self.discriminator.vars())?,
            rng: self.rng.clone(),
            steps: self.steps,
            last: self.last.clone(),
        })
    }

    /// A run taken back to `checkpoint`: its settings, its networks' weights, its
    /// iteration and random state; fresh optimizers.
    pub fn restore(checkpoint: &Checkpoint) -> Result<Gan> {
        let mut gan = Gan::new(checkpoint.config.clone())?;
        for (vars, weights) in [
            (gan.generator.vars(), &checkpoint.generator),
            (gan.discriminator.vars(), &checkpoint.discriminator),
        ] {
            for (var, weight) in vars.iter().zip(weights) {
                var.set(weight)?;
            }
        }
        gan.steps = checkpoint.steps;
        gan.rng = checkpoint.rng.clone();
        gan.last = checkpoint.last.clone();
        Ok(gan)
    }
}
