//! A map being computed: every cell's runs, done on every core at once (the desktop, the
//! command line) or a slice at a time on the caller's thread (a browser's frame loop),
//! each finished cell handed out as soon as its last run ends so a picture can fill in.
//! The runs train in teams: consecutive runs of one shape as one ensemble
//! (`gan::Team`), which gives each run to the bit as it trains alone, so a cell opened in
//! Live replays the map's run exactly.

use super::{Cell, Game, Map, MapError, Request, Run, cell_game, check, dirac, gan};
use crate::engine::gan::Ensemble;
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

/// Most runs one team trains together. A team's cells appear when its last run ends,
/// so a map has at least [`FEWEST_TEAMS`] where it can, and each team's per-op cost is
/// already shared by this many runs.
const MOST_PER_TEAM: usize = 32;
/// Teams a map's runs are cut into at least (when it has enough runs), so the cells
/// fill in in steps and every core has teams to take; but never teams of one where runs
/// can train together: pairs already halve the per-op cost, and a small map's teams are
/// then as a large map's (its tests exercise them).
const FEWEST_TEAMS: usize = 8;

/// What a sweep runs, fixed when it starts.
struct Plan {
    request: Request,
    games: Vec<Game>,
    /// The seeds every cell runs (one run a cell on the deterministic Dirac-GAN).
    seeds: Vec<u64>,
    /// The runs trained together (`gan::Team`), by their index in the sweep's `runs`:
    /// consecutive runs of one shape, one run alone on the Dirac-GAN.
    teams: Vec<Vec<usize>>,
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
    /// The team being trained a slice at a time, by its index in the plan's teams.
    going: Option<(usize, gan::Team)>,
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
        let teams = teams(&games, seeds.len());
        Ok(Sweep {
            plan: Plan {
                request,
                games,
                seeds,
                teams,
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

    /// Runs everything left on every core, each team on one thread; `report` hears of
    /// each run as its team ends, on the calling thread. `cancel` stops it within
    /// `CANCEL_CHUNK` iterations with [`MapError::Cancelled`].
    pub fn run_everywhere(
        &mut self,
        report: &mut dyn FnMut(Finished),
        cancel: &AtomicBool,
    ) -> Result<(), MapError> {
        let todo: Vec<usize> = (0..self.plan.teams.len())
            .filter(|&t| self.plan.teams[t].iter().any(|&j| self.runs[j].is_none()))
            .collect();
        // The binary keeps rayon's global pool at one thread for candle (see main.rs), so
        // the map has a pool of its own.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores)
            .thread_name(|i| format!("ganscope-map-{i}"))
            .build()
            .map_err(|e| MapError::Input(format!("cannot start the map's threads: {e}")))?;
        let (sender, receiver) = mpsc::channel::<Vec<(usize, Run)>>();
        let Sweep { plan, runs, done, .. } = self;
        let plan: &Plan = plan;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                pool.install(|| {
                    todo.par_iter().for_each_with(sender, |sender, &team| {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let Some(results) = plan.play(team, cancel) else {
                            return;
                        };
                        // The receiver lives until every sender is gone.
                        let _ = sender.send(results);
                    })
                })
            });
            for results in receiver {
                for (job, run) in results {
                    report(plan.record(runs, done, job, run));
                }
            }
        });
        if cancel.load(Ordering::Relaxed) && !self.finished() {
            return Err(MapError::Cancelled);
        }
        Ok(())
    }

    /// Trains the next team on the calling thread for up to `iterations` of its runs'
    /// iterations in all (a Dirac-GAN path whole: it costs microseconds); says what the
    /// runs it finished finished, if it did.
    pub fn advance(&mut self, iterations: u64) -> Vec<Finished> {
        let (index, mut team) = match self.going.take() {
            Some(going) => going,
            None => {
                let Some(index) = (0..self.plan.teams.len())
                    .find(|&t| self.plan.teams[t].iter().any(|&j| self.runs[j].is_none()))
                else {
                    return Vec::new();
                };
                let Some(team) = self.plan.team(index) else {
                    let dirac = self.plan.teams[index]
                        .iter()
                        .map(|&job| (job, self.plan.dirac(job)))
                        .collect::<Vec<_>>();
                    return dirac
                        .into_iter()
                        .map(|(job, run)| self.plan.record(&mut self.runs, &mut self.done, job, run))
                        .collect();
                };
                (index, team)
            }
        };
        let runs = team.len().max(1) as u64;
        team.advance(iterations.div_ceil(runs));
        if !team.finished() {
            self.going = Some((index, team));
            return Vec::new();
        }
        let jobs = self.plan.teams[index].clone();
        jobs.into_iter()
            .zip(team.finish())
            .map(|(job, run)| self.plan.record(&mut self.runs, &mut self.done, job, run))
            .collect()
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

impl Plan {
    /// Team `index`'s runs ready to train, or `None` for a Dirac-GAN's (a path, no
    /// training).
    fn team(&self, index: usize) -> Option<gan::Team> {
        let per_cell = self.seeds.len();
        let runs = self.teams[index]
            .iter()
            .map(|&job| match &self.games[job / per_cell] {
                Game::Gan(experiment) => Some(((**experiment).clone(), self.seeds[job % per_cell])),
                Game::Dirac(_) => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(gan::Team::new(runs, self.request.steps))
    }

    /// Run `job` of a Dirac-GAN map.
    fn dirac(&self, job: usize) -> Run {
        match &self.games[job / self.seeds.len()] {
            Game::Dirac(settings) => dirac::run(*settings, self.request.steps),
            Game::Gan(_) => unreachable!("a GAN cell's runs train in a team"),
        }
    }

    /// Team `index`'s runs to the end, by their index in the sweep's runs, or none when
    /// `cancel` was raised on the way (a team looks every [`CANCEL_CHUNK`] iterations, so
    /// Cancel does not wait out a run).
    fn play(&self, index: usize, cancel: &AtomicBool) -> Option<Vec<(usize, Run)>> {
        let jobs = &self.teams[index];
        let Some(mut team) = self.team(index) else {
            return Some(jobs.iter().map(|&job| (job, self.dirac(job))).collect());
        };
        while !team.finished() {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            team.advance(CANCEL_CHUNK);
        }
        Some(jobs.iter().copied().zip(team.finish()).collect())
    }
}

/// The sweep's runs cut into teams: consecutive runs that can train in one ensemble,
/// at most [`MOST_PER_TEAM`], at least two, and few enough that there are
/// [`FEWEST_TEAMS`]; a Dirac-GAN's runs one each.
fn teams(games: &[Game], per_cell: usize) -> Vec<Vec<usize>> {
    let total = games.len() * per_cell;
    let size = total.div_ceil(FEWEST_TEAMS).clamp(2, MOST_PER_TEAM);
    let mut teams: Vec<Vec<usize>> = Vec::new();
    for job in 0..total {
        let joins = match (&games[job / per_cell], teams.last()) {
            (Game::Gan(experiment), Some(team)) if team.len() < size => match &games[team[0] / per_cell] {
                Game::Gan(first) => Ensemble::can_train(first, experiment),
                Game::Dirac(_) => false,
            },
            _ => false,
        };
        match teams.last_mut() {
            Some(team) if joins => team.push(job),
            _ => teams.push(vec![job]),
        }
    }
    teams
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
