//! A map being computed: every cell's runs, done on every core at once (the desktop, the
//! command line) or a slice at a time on the caller's thread (a browser's frame loop),
//! each finished cell handed out as soon as its last run ends so a picture can fill in.

use super::{Cell, Game, Map, MapError, Request, Run, cell_game, check, dirac, gan};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// What a finished run tells whoever watches the sweep.
#[derive(Clone, Debug)]
pub struct Finished {
    /// The cell whose last run this was, classified (`None` while it has runs to go).
    pub cell: Option<Cell>,
    /// Runs done, of `total`.
    pub done: usize,
    /// Runs in the map.
    pub total: usize,
}

/// The run being trained a slice at a time.
enum Going {
    Gan(Box<gan::Training>),
}

/// What a sweep runs, fixed when it starts.
struct Plan {
    request: Request,
    games: Vec<Game>,
    /// The seeds every cell runs (one run a cell on the deterministic Dirac-GAN).
    seeds: Vec<u64>,
}

impl Plan {
    /// Records run `job`'s result in `runs`; says what it finished.
    fn record(&self, runs: &mut [Option<Run>], done: &mut usize, job: usize, run: Run) -> Finished {
        if runs[job].replace(run).is_none() {
            *done += 1;
        }
        let per_cell = self.seeds.len();
        let index = job / per_cell;
        let cell = runs[index * per_cell..(index + 1) * per_cell]
            .iter()
            .cloned()
            .collect::<Option<Vec<Run>>>()
            .map(|runs| make_cell(&self.request, &self.games[index], index, runs));
        Finished {
            cell,
            done: *done,
            total: runs.len(),
        }
    }
}

/// A map under way: the request, each cell's game (built and checked once), and the runs
/// done so far.
pub struct Sweep {
    plan: Plan,
    /// Each run's result, `cell * seeds.len() + seed index`.
    runs: Vec<Option<Run>>,
    done: usize,
    /// The run being trained a slice at a time, by its index in `runs`.
    going: Option<(usize, Going)>,
}

impl Sweep {
    /// Checks `request` (its cost, every cell's settings) before anything runs.
    pub fn new(request: Request) -> Result<Sweep, MapError> {
        check(&request)?;
        let (nx, ny) = (request.x.len(), request.y.len());
        // Row by row from the bottom, as `Map::cells`: a value the key refuses is input.
        let games = (0..ny)
            .flat_map(|y| (0..nx).map(move |x| (x, y)))
            .map(|(x, y)| cell_game(&request, x, y))
            .collect::<Result<Vec<Game>, MapError>>()?;
        let seeds = match request.game {
            Game::Gan(_) => request.seeds.clone(),
            Game::Dirac(_) => vec![0],
        };
        let runs = vec![None; games.len() * seeds.len()];
        Ok(Sweep {
            plan: Plan {
                request,
                games,
                seeds,
            },
            runs,
            done: 0,
            going: None,
        })
    }

    /// What was asked.
    pub fn request(&self) -> &Request {
        &self.plan.request
    }

    /// Runs in the map.
    pub fn total(&self) -> usize {
        self.runs.len()
    }

    /// True once every run is done.
    pub fn finished(&self) -> bool {
        self.done == self.runs.len()
    }

    /// Runs everything left on every core, each run on one thread; `report` hears of each
    /// run as it ends, on the calling thread. `cancel` stops it between runs with
    /// [`MapError::Cancelled`].
    pub fn run_everywhere(
        &mut self,
        report: &mut dyn FnMut(Finished),
        cancel: &AtomicBool,
    ) -> Result<(), MapError> {
        let todo: Vec<usize> = (0..self.runs.len()).filter(|&j| self.runs[j].is_none()).collect();
        // The binary keeps rayon's global pool at one thread for candle (see main.rs), so
        // the map has a pool of its own.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores)
            .thread_name(|i| format!("ganscope-map-{i}"))
            .build()
            .map_err(|e| MapError::Input(format!("cannot start the map's threads: {e}")))?;
        let (sender, receiver) = mpsc::channel::<(usize, Run)>();
        let Sweep { plan, runs, done, .. } = self;
        let (games, seeds, steps) = (&plan.games, &plan.seeds, plan.request.steps);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                pool.install(|| {
                    todo.par_iter().for_each_with(sender, |sender, &job| {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let Some(run) =
                            play(&games[job / seeds.len()], seeds[job % seeds.len()], steps, cancel)
                        else {
                            return;
                        };
                        // The receiver lives until every sender is gone.
                        let _ = sender.send((job, run));
                    })
                })
            });
            for (job, run) in receiver {
                report(plan.record(runs, done, job, run));
            }
        });
        if cancel.load(Ordering::Relaxed) && !self.finished() {
            return Err(MapError::Cancelled);
        }
        Ok(())
    }

    /// Trains up to `iterations` of the next run on the calling thread (a Dirac-GAN path
    /// whole: it costs microseconds); says what a run finished, if one did.
    pub fn advance(&mut self, iterations: u64) -> Option<Finished> {
        let job = match &self.going {
            Some((job, _)) => *job,
            None => self.runs.iter().position(Option::is_none)?,
        };
        let plan = &self.plan;
        let per_cell = plan.seeds.len();
        let (game, seed) = (&plan.games[job / per_cell], plan.seeds[job % per_cell]);
        let steps = plan.request.steps;
        let run = match (game, self.going.take()) {
            (Game::Dirac(settings), _) => dirac::run(*settings, steps),
            (Game::Gan(experiment), going) => {
                let Going::Gan(mut training) = match going {
                    Some((_, going)) => going,
                    None => Going::Gan(Box::new(gan::Training::new((**experiment).clone(), seed, steps))),
                };
                training.advance(iterations);
                if !training.finished() {
                    self.going = Some((job, Going::Gan(training)));
                    return None;
                }
                training.finish()
            }
        };
        Some(plan.record(&mut self.runs, &mut self.done, job, run))
    }

    /// The whole map, once every run is done.
    pub fn into_map(self) -> Result<Map, MapError> {
        let plan = self.plan;
        let per_cell = plan.seeds.len();
        let runs = self
            .runs
            .into_iter()
            .collect::<Option<Vec<Run>>>()
            .ok_or(MapError::Cancelled)?;
        let cells = runs
            .chunks(per_cell)
            .zip(&plan.games)
            .enumerate()
            .map(|(i, (runs, game))| make_cell(&plan.request, game, i, runs.to_vec()))
            .collect();
        Ok(Map {
            cells,
            ..Map::empty(&plan.request)
        })
    }
}

/// Iterations a run trains between two looks at the cancel flag.
const CANCEL_CHUNK: u64 = 64;

/// One run of `game` with `seed` for `steps`, or none when `cancel` was raised on the way
/// (a GAN run looks every [`CANCEL_CHUNK`] iterations, so Cancel does not wait out a run).
fn play(game: &Game, seed: u64, steps: u64, cancel: &AtomicBool) -> Option<Run> {
    match game {
        Game::Gan(experiment) => {
            let mut training = gan::Training::new((**experiment).clone(), seed, steps);
            while !training.finished() {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                training.advance(CANCEL_CHUNK);
            }
            Some(training.finish())
        }
        Game::Dirac(settings) => Some(dirac::run(*settings, steps)),
    }
}

/// Cell `index` of `request` from its runs: the majority class, and on the Dirac-GAN the
/// closed form beside it.
fn make_cell(request: &Request, game: &Game, index: usize, runs: Vec<Run>) -> Cell {
    let nx = request.x.len();
    let (x, y) = (index % nx, index / nx);
    let (class, agreed) = super::majority(&runs);
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
        runs,
        exact,
    }
}
