//! The stability map: two settings swept over a grid, every cell a real run (or a
//! Dirac-GAN path), each classified by what it did ([`class`]). A map answers the first
//! question of GAN practice, for which settings training works at all, the way
//! Mescheder et al. (2018) draw where the Dirac-GAN converges.
//!
//! The rooms: `axis.rs` (what `--x`/`--y` sweep), `class.rs` (the classes and their
//! rules), `gan.rs` (a cell as a training run), `dirac.rs` (a cell as a Dirac-GAN path,
//! with its closed-form verdict); this file holds a map's request and result and runs
//! the cells on every core.

pub mod axis;
pub mod class;
pub mod dirac;
pub mod gan;

use crate::engine::config::Experiment;
use axis::Axis;
use class::{Class, Verdict};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The most iterations a map may train in all (cells × seeds × steps): about ten minutes
/// on two cores at the small presets' speed. A map over it is refused before it starts.
pub const WORK_CAP: u64 = 200_000_000;

/// JSON has no NaN: a number that is not finite is written as null and read back as NaN,
/// so a saved map with a diverged run (or the Dirac-GAN's missing TV) reopens whole.
pub mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `value`, or null when it is not finite.
    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f64(*value)
        } else {
            serializer.serialize_none()
        }
    }

    /// Reads a number, or NaN for null.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
    }
}

/// The most seeds per cell.
pub const MAX_SEEDS: u64 = 16;

/// What a map plays on each cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Game {
    /// A GAN trained from this experiment, the axes' keys set on top.
    Gan(Box<Experiment>),
    /// The Dirac-GAN from these settings, the axes' keys set on top.
    Dirac(crate::engine::dirac::Dirac),
}

/// A map to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// What each cell plays.
    pub game: Game,
    /// Across.
    pub x: Axis,
    /// Up.
    pub y: Axis,
    /// Iterations (or Dirac-GAN steps) per run.
    pub steps: u64,
    /// Seeds per cell (the Dirac-GAN is deterministic: one run a cell).
    pub seeds: Vec<u64>,
}

/// One run of a cell: its seed, its class with the numbers behind it, and its final
/// distances.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The seed (0 for the Dirac-GAN).
    pub seed: u64,
    /// The class and why.
    pub verdict: Verdict,
    /// Final W1 to the data (the distance to the equilibrium for the Dirac-GAN).
    #[serde(with = "nan_as_null")]
    pub w1: f64,
    /// Final total variation (NaN for the Dirac-GAN).
    #[serde(with = "nan_as_null")]
    pub tv: f64,
    /// Final Jensen-Shannon divergence (NaN for the Dirac-GAN).
    #[serde(with = "nan_as_null")]
    pub js: f64,
    /// Final share of the fakes at each mode (empty without modes).
    pub mode_masses: Vec<f64>,
}

/// The Dirac-GAN cell's closed-form answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exact {
    /// Spectral radius of the update map at the equilibrium.
    #[serde(with = "nan_as_null")]
    pub radius: f64,
    /// "converges", "orbits" or "diverges".
    pub verdict: String,
    /// The radius is within [`dirac::margin`] of 1: too close to the boundary for a
    /// finite path to tell.
    pub near_boundary: bool,
    /// The simulated class says the same as the radius.
    pub agrees: bool,
}

/// One cell: where it is, its settings, the majority class over its runs and how many
/// runs agreed with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Column (the x axis's value index).
    pub x: usize,
    /// Row (the y axis's value index).
    pub y: usize,
    /// The two swept settings, as `--set` spells them.
    pub settings: [(String, String); 2],
    /// The class most runs got (ties go to the earlier in [`Class::ALL`]).
    pub class: Class,
    /// How many runs got it.
    pub agreed: usize,
    /// Every run.
    pub runs: Vec<Run>,
    /// The closed form, on the Dirac-GAN.
    pub exact: Option<Exact>,
}

impl Cell {
    /// Mean final W1 over the runs that stayed finite.
    pub fn mean_w1(&self) -> f64 {
        let finite: Vec<f64> = self.runs.iter().map(|r| r.w1).filter(|w| w.is_finite()).collect();
        if finite.is_empty() {
            f64::NAN
        } else {
            finite.iter().sum::<f64>() / finite.len() as f64
        }
    }
}

/// A computed map: what was asked (enough to reopen it and to replay any cell) and every
/// cell, row by row from the bottom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Map {
    /// "gan" or "dirac".
    pub game: String,
    /// The experiment under the axes, as a config file (GAN maps).
    pub base: Option<String>,
    /// The Dirac-GAN's settings under the axes: game, scheme, step, gamma, noise.
    pub dirac: Option<[(String, String); 5]>,
    /// Across.
    pub x: Axis,
    /// Up.
    pub y: Axis,
    /// Iterations per run.
    pub steps: u64,
    /// The seeds of every cell.
    pub seeds: Vec<u64>,
    /// The cells, `y * x.len() + x`.
    pub cells: Vec<Cell>,
}

impl Map {
    /// The cell at column `x`, row `y`.
    pub fn cell(&self, x: usize, y: usize) -> Option<&Cell> {
        self.cells.get(y * self.x.len() + x)
    }

    /// Share of the cells away from the boundary whose class agrees with the closed
    /// form, and how many such cells there are (Dirac-GAN maps).
    pub fn agreement(&self) -> Option<(f64, usize)> {
        let judged: Vec<&Exact> = self
            .cells
            .iter()
            .filter_map(|c| c.exact.as_ref())
            .filter(|e| !e.near_boundary)
            .collect();
        if judged.is_empty() {
            return None;
        }
        let agree = judged.iter().filter(|e| e.agrees).count();
        Some((agree as f64 / judged.len() as f64, judged.len()))
    }
}

/// Why a map cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MapError {
    /// The request is bad input (a message naming the value and what is allowed).
    #[error("{0}")]
    Input(String),
    /// The sweep was cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// Checks what a request would cost, before anything runs.
pub fn check(request: &Request) -> Result<(), MapError> {
    if request.steps == 0 {
        return Err(MapError::Input(
            "--steps 0: a map needs at least 1 step per run".into(),
        ));
    }
    let seeds = request.seeds.len() as u64;
    if seeds == 0 || seeds > MAX_SEEDS {
        return Err(MapError::Input(format!(
            "--seeds {seeds}: allowed 1 to {MAX_SEEDS}"
        )));
    }
    let cells = (request.x.len() * request.y.len()) as u64;
    let work = cells * seeds * request.steps;
    if work > WORK_CAP {
        return Err(MapError::Input(format!(
            "{cells} cells x {seeds} seeds x {} steps = {work} iterations, over the cap of {WORK_CAP}; use fewer cells, seeds or steps",
            request.steps
        )));
    }
    Ok(())
}

/// The majority class of `runs` and how many runs got it (ties go to the earlier class
/// in [`Class::ALL`]).
fn majority(runs: &[Run]) -> (Class, usize) {
    Class::ALL
        .iter()
        .map(|&c| (c, runs.iter().filter(|r| r.verdict.class == c).count()))
        .fold(
            (Class::Converged, 0),
            |best, next| if next.1 > best.1 { next } else { best },
        )
}

/// Computes the map on every core: `progress(done, total)` after each run, and `cancel`
/// stops it (between runs) with [`MapError::Cancelled`].
pub fn compute(
    request: &Request,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Map, MapError> {
    check(request)?;
    let (nx, ny) = (request.x.len(), request.y.len());
    let seeds: Vec<u64> = match request.game {
        Game::Gan(_) => request.seeds.clone(),
        Game::Dirac(_) => vec![0],
    };
    // Each cell's game, built (and its settings checked) once before any run: a value the
    // key refuses is input. Row by row from the bottom, as `Map::cells`.
    let games = (0..ny)
        .flat_map(|y| (0..nx).map(move |x| (x, y)))
        .map(|(x, y)| cell_game(request, x, y))
        .collect::<Result<Vec<Game>, MapError>>()?;
    let jobs: Vec<(usize, u64)> = (0..games.len())
        .flat_map(|cell| seeds.iter().map(move |&seed| (cell, seed)))
        .collect();
    let done = AtomicUsize::new(0);
    let total = jobs.len();
    // Every core runs cells, each run on one thread: the binary keeps rayon's global pool
    // at one thread for candle (see main.rs), so the map has a pool of its own.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores)
        .thread_name(|i| format!("ganscope-map-{i}"))
        .build()
        .map_err(|e| MapError::Input(format!("cannot start the map's threads: {e}")))?;
    let runs: Vec<Result<Run, MapError>> = pool.install(|| {
        jobs.par_iter()
            .map(|&(cell, seed)| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(MapError::Cancelled);
                }
                let run = match &games[cell] {
                    Game::Gan(experiment) => gan::run((**experiment).clone(), seed, request.steps),
                    Game::Dirac(settings) => dirac::run(*settings, request.steps),
                };
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(run)
            })
            .collect()
    });
    let runs = runs.into_iter().collect::<Result<Vec<Run>, MapError>>()?;
    let per_cell = seeds.len();
    let cells = runs
        .chunks(per_cell)
        .zip(&games)
        .enumerate()
        .map(|(i, (runs, game))| {
            let (x, y) = (i % nx, i / nx);
            let (class, agreed) = majority(runs);
            let exact = match game {
                Game::Dirac(settings) => Some(dirac::exact(settings, class, request.steps)),
                Game::Gan(_) => None,
            };
            Cell {
                x,
                y,
                settings: [
                    (request.x.key.clone(), request.x.values[x].clone()),
                    (request.y.key.clone(), request.y.values[y].clone()),
                ],
                class,
                agreed,
                runs: runs.to_vec(),
                exact,
            }
        })
        .collect();
    let (base, dirac) = match &request.game {
        Game::Gan(experiment) => (Some(experiment.to_toml()), None),
        Game::Dirac(settings) => (None, Some(dirac::describe(settings))),
    };
    Ok(Map {
        game: match request.game {
            Game::Gan(_) => "gan".into(),
            Game::Dirac(_) => "dirac".into(),
        },
        base,
        dirac,
        x: request.x.clone(),
        y: request.y.clone(),
        steps: request.steps,
        seeds: match request.game {
            Game::Gan(_) => request.seeds.clone(),
            Game::Dirac(_) => Vec::new(),
        },
        cells,
    })
}

/// The game of cell (x, y): the request's, with both axes' values set.
pub fn cell_game(request: &Request, x: usize, y: usize) -> Result<Game, MapError> {
    let values = [
        (&request.x.key, &request.x.values[x]),
        (&request.y.key, &request.y.values[y]),
    ];
    match &request.game {
        Game::Gan(base) => {
            let mut experiment = base.clone();
            for (key, value) in values {
                experiment
                    .set(key, value)
                    .map_err(|e| MapError::Input(e.to_string()))?;
            }
            Ok(Game::Gan(experiment))
        }
        Game::Dirac(base) => {
            let mut settings = *base;
            for (key, value) in values {
                dirac::set(&mut settings, key, value).map_err(MapError::Input)?;
            }
            Ok(Game::Dirac(settings))
        }
    }
}
