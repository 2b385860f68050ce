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
pub mod spec;
pub mod sweep;

use crate::engine::config::Experiment;
use axis::Axis;
use class::{Class, Verdict};
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
pub use sweep::{Finished, Sweep};

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

/// The seeds of every cell: `count` of them from `first` (`first`, `first + 1`, ...), or
/// the message naming `flag` when `count` is not 1 to [`MAX_SEEDS`].
pub fn seeds_from(flag: &str, first: u64, count: u64) -> Result<Vec<u64>, MapError> {
    if count == 0 || count > MAX_SEEDS {
        return Err(MapError::Input(format!(
            "{flag} {count}: allowed 1 to {MAX_SEEDS}"
        )));
    }
    Ok((0..count).map(|i| first.wrapping_add(i)).collect())
}

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

impl Request {
    /// The request for `game` with its axes as written (`--x`'s syntax, see
    /// [`Axis::parse`]), each with the name a message calls it by (`--x`, or the Map
    /// tab's `x`), checked whole: both axes, two different keys, the cost.
    pub fn parse(
        game: Game,
        x: (&str, &str),
        y: (&str, &str),
        steps: u64,
        seeds: Vec<u64>,
    ) -> Result<Request, MapError> {
        let axis = |(name, text): (&str, &str)| match game {
            Game::Gan(_) => Axis::parse(name, text, gan::key).map_err(|e| MapError::Input(e.0)),
            Game::Dirac(_) => Axis::parse(name, text, dirac::key)
                .map_err(|e| MapError::Input(format!("{} (Dirac-GAN keys: {})", e.0, dirac::KEYS))),
        };
        let (x_axis, y_axis) = (axis(x)?, axis(y)?);
        if x_axis.key == y_axis.key {
            return Err(MapError::Input(format!(
                "{} and {} both sweep '{}': choose two keys",
                x.0, y.0, x_axis.key
            )));
        }
        let request = Request {
            game,
            x: x_axis,
            y: y_axis,
            steps,
            seeds,
        };
        check(&request)?;
        Ok(request)
    }
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
    /// The map `request` asks for, without its cells yet.
    pub fn empty(request: &Request) -> Map {
        let (base, dirac) = match &request.game {
            Game::Gan(experiment) => (Some(experiment.to_toml()), None),
            Game::Dirac(settings) => (None, Some(dirac::describe(settings))),
        };
        Map {
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
            cells: Vec::new(),
        }
    }

    /// Where cell (x, y) stands among a whole map's cells: row by row from the bottom.
    pub fn index(&self, x: usize, y: usize) -> usize {
        y * self.x.len() + x
    }

    /// The cell at column `x`, row `y`, once computed (a map being computed holds the
    /// cells finished so far, in grid order: see [`Map::insert`]).
    pub fn cell(&self, x: usize, y: usize) -> Option<&Cell> {
        let at = self.index(x, y);
        self.cells
            .binary_search_by_key(&at, |c| self.index(c.x, c.y))
            .ok()
            .map(|i| &self.cells[i])
    }

    /// Adds a computed cell in its place (replacing one at the same place).
    pub fn insert(&mut self, cell: Cell) {
        let at = self.index(cell.x, cell.y);
        match self.cells.binary_search_by_key(&at, |c| self.index(c.x, c.y)) {
            Ok(i) => self.cells[i] = cell,
            Err(i) => self.cells.insert(i, cell),
        }
    }

    /// True for a map of the Dirac-GAN (with its closed form), false for a GAN's.
    pub fn is_dirac(&self) -> bool {
        self.game == "dirac"
    }

    /// The request this map answers, rebuilt from what it saved: a saved map reopens
    /// with its cells as they were, and each cell's run can be replayed from it.
    pub fn request(&self) -> Result<Request, MapError> {
        let input = |e: String| MapError::Input(format!("this map's settings: {e}"));
        let game = match (self.game.as_str(), &self.base, &self.dirac) {
            ("gan", Some(base), _) => {
                let mut experiment = crate::engine::presets::base();
                experiment.load_text("the map's base", base).map_err(input)?;
                Game::Gan(Box::new(experiment))
            }
            ("dirac", _, Some(settings)) => {
                let mut dirac = crate::engine::dirac::Dirac::default();
                for (key, value) in settings {
                    dirac::set(&mut dirac, key, value).map_err(input)?;
                }
                Game::Dirac(dirac)
            }
            (game, _, _) => {
                return Err(input(format!(
                    "game '{game}' without its settings; a map is 'gan' with a base, or 'dirac' with its settings"
                )));
            }
        };
        let text = |axis: &Axis| format!("{}={}", axis.key, axis.values.join(","));
        let mut request = Request::parse(
            game,
            ("x", &text(&self.x)),
            ("y", &text(&self.y)),
            self.steps,
            if self.seeds.is_empty() {
                vec![0]
            } else {
                self.seeds.clone()
            },
        )?;
        // The axes as saved (a range keeps its scale).
        request.x = self.x.clone();
        request.y = self.y.clone();
        Ok(request)
    }

    /// A map saved as JSON (`ganscope map --json`, the Map tab's Save JSON), checked:
    /// its settings rebuild, and every cell sits on the grid once.
    pub fn from_json(name: &str, text: &str) -> Result<Map, String> {
        let map: Map = serde_json::from_str(text).map_err(|e| format!("'{name}' is not a saved map: {e}"))?;
        map.request().map_err(|e| format!("'{name}': {e}"))?;
        let mut map = map;
        let (nx, ny) = (map.x.len(), map.y.len());
        let mut seen = vec![false; nx * ny];
        for cell in &map.cells {
            if cell.x >= nx || cell.y >= ny || std::mem::replace(&mut seen[cell.y * nx + cell.x], true) {
                return Err(format!(
                    "'{name}': cell ({}, {}) is off the {nx} x {ny} grid or there twice",
                    cell.x, cell.y
                ));
            }
            if cell.runs.is_empty() {
                return Err(format!("'{name}': cell ({}, {}) has no runs", cell.x, cell.y));
            }
        }
        map.cells.sort_by_key(|c| c.y * nx + c.x);
        Ok(map)
    }

    /// True once every cell is there.
    pub fn complete(&self) -> bool {
        self.cells.len() == self.x.len() * self.y.len()
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

/// One number of a whole map that a lesson may claim, and how it is read.
pub struct MapMetric {
    /// Name in lesson files.
    pub name: &'static str,
    /// What it says.
    pub meaning: &'static str,
    /// Reads it from a computed map.
    pub read: fn(&Map) -> f64,
}

/// Share of `cells` that converged (NaN when there are none).
fn converged_share<'a>(cells: impl Iterator<Item = &'a Cell>) -> f64 {
    let (all, converged) = cells.fold((0usize, 0usize), |(n, c), cell| {
        (n + 1, c + usize::from(cell.class == Class::Converged))
    });
    if all == 0 {
        f64::NAN
    } else {
        converged as f64 / all as f64
    }
}

/// The numbers a map scene's claims may name: how much of the map converges, on the
/// first row (a penalty's 0, say) and on the others, and on the Dirac-GAN how often the
/// simulated class agrees with the closed form.
pub const MAP_METRICS: [MapMetric; 4] = [
    MapMetric {
        name: "converged_share",
        meaning: "share of the map's cells that converged",
        read: |map| converged_share(map.cells.iter()),
    },
    MapMetric {
        name: "converged_share_first_row",
        meaning: "share of the cells at the y axis's first value that converged",
        read: |map| converged_share(map.cells.iter().filter(|c| c.y == 0)),
    },
    MapMetric {
        name: "converged_share_other_rows",
        meaning: "share of the cells above the y axis's first value that converged",
        read: |map| converged_share(map.cells.iter().filter(|c| c.y > 0)),
    },
    MapMetric {
        name: "agreement",
        meaning: "share of the Dirac-GAN cells away from the boundary whose class agrees with the spectral radius",
        read: |map| map.agreement().map_or(f64::NAN, |a| a.0),
    },
];

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
    // Checked: a link or a lesson may ask for any number of steps.
    let work = cells
        .checked_mul(seeds)
        .and_then(|w| w.checked_mul(request.steps));
    if work.is_none_or(|w| w > WORK_CAP) {
        let work = work.map_or("more than 2^64".to_string(), |w| w.to_string());
        return Err(MapError::Input(format!(
            "{cells} cells x {seeds} seeds x {} steps = {work} iterations, over the cap of {WORK_CAP}; use fewer cells, seeds or steps",
            request.steps
        )));
    }
    Ok(())
}

/// The majority class of `runs` and how many runs got it (ties go to the earlier class
/// in [`Class::ALL`]).
pub(crate) fn majority(runs: &[Run]) -> (Class, usize) {
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
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> Result<Map, MapError> {
    let mut sweep = Sweep::new(request.clone())?;
    sweep.run_everywhere(&mut |finished| progress(finished.done, finished.total), cancel)?;
    sweep.into_map()
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
