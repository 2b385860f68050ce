//! A map as a person writes it, in the Map tab's form or a lesson's `map = {..}`: the
//! game, a preset with its cure, fixed settings, the two axes in `--x`'s syntax, steps
//! and seeds. One reading into a [`Request`] for both, with the command line's messages.

use super::{Game, Request, dirac};
use crate::engine::dirac::Dirac;
use crate::engine::presets::Preset;

/// A map as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The Dirac-GAN instead of a GAN.
    pub dirac: bool,
    /// The preset under a GAN map.
    pub preset: &'static Preset,
    /// With the preset's cure.
    pub fix: bool,
    /// Fixed settings on top, `key=value` separated by commas.
    pub set: String,
    /// The axis across, as `--x` is written.
    pub x: String,
    /// The axis up.
    pub y: String,
    /// Iterations (Dirac-GAN steps) a run.
    pub steps: u64,
    /// Runs a cell (GAN maps).
    pub seeds: u64,
    /// The first seed (GAN maps).
    pub seed: u64,
}

impl Spec {
    /// A GAN map over `preset` (its steps and seed), or a Dirac-GAN map of 3,000 steps.
    pub fn new(dirac: bool, preset: &'static Preset, x: &str, y: &str) -> Spec {
        Spec {
            dirac,
            preset,
            fix: false,
            set: String::new(),
            x: x.into(),
            y: y.into(),
            steps: if dirac { DIRAC_STEPS } else { preset.steps },
            seeds: 1,
            seed: preset.experiment().seed,
        }
    }

    /// The fixed settings as (key, value) pairs, or why they are not `KEY=VALUE, ...`.
    pub fn assignments(&self) -> Result<Vec<(&str, &str)>, String> {
        self.set
            .split([',', ';'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.split_once('=')
                    .map(|(k, v)| (k.trim(), v.trim()))
                    .ok_or_else(|| format!("settings '{a}': write KEY=VALUE, separated by commas"))
            })
            .collect()
    }

    /// The request it stands for, or the one-line message why not, naming the field.
    pub fn request(&self) -> Result<Request, String> {
        let assignments = self.assignments()?;
        let (game, seeds) = if self.dirac {
            let mut settings = Dirac::default();
            for (key, value) in assignments {
                dirac::set(&mut settings, key, value).map_err(|e| format!("settings: {e}"))?;
            }
            (Game::Dirac(settings), vec![0])
        } else {
            let mut experiment = self.preset.experiment_with(self.fix)?;
            for (key, value) in assignments {
                experiment.set(key, value).map_err(|e| format!("settings: {e}"))?;
            }
            let seeds = super::seeds_from("seeds", self.seed, self.seeds).map_err(|e| e.to_string())?;
            (Game::Gan(Box::new(experiment)), seeds)
        };
        Request::parse(game, ("x", &self.x), ("y", &self.y), self.steps, seeds).map_err(|e| e.to_string())
    }
}

/// Default steps of a Dirac-GAN cell's path.
pub const DIRAC_STEPS: u64 = 3000;
