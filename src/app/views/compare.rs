//! The Compare view: two experiments side by side on the same target, each trained by a
//! worker of its own, drawn on the same axes so the class sees the difference at once.
//! The workers exist only while the view is open; leaving it drops (stops and joins)
//! them. A pair sets up a failure beside its cure or a classic contrast; a row of
//! controls per side changes what differs. The sides move in lockstep: the view sends both
//! the same number of iterations at a time and shows new frames only once both have
//! done them, so the two figures are always at the same iteration.

use crate::app::platform::Instant;
use crate::app::views::{Around, SceneRuns, View};
use crate::app::widgets::figure_plot::FigurePlot;
use crate::app::widgets::run_link::RunLink;
use crate::app::widgets::setting::settings_rows;
use crate::app::widgets::style::error_text;
use crate::engine::config::Experiment;
use crate::engine::config::keys::{Key, named};
use crate::engine::gan::Checkpoint;
use crate::engine::presets::pairs::{Pair, pairs};
use crate::engine::presets::{self, targets::TARGETS};
use crate::engine::target::Target;
use crate::figure::Figure;
use crate::lesson::Visibility;
use crate::lesson::play::figure_of;
use crate::worker::{Command, Frame, Health, Speed, WorkerOptions};
use egui::{ComboBox, Ui};
use std::sync::Arc;

/// The longest a lockstep chunk at full speed may grow to, so a pause is never far off.
const CHUNK_TIME_MAX: f64 = 0.25;
/// The most iterations one chunk may hold, so a pause is never far off.
const MAX_CHUNK: u32 = 256;

/// A fork of the live run on show: its name and what its two sides are.
struct Fork {
    title: String,
    description: String,
}

/// What a fork's sides are: the moment continued with A's settings and with B's, B's
/// changes named with A's values beside them.
fn fork_description(steps: u64, a: &Experiment, b: &Experiment) -> String {
    let changes: Vec<String> = crate::engine::config::keys::differing(a, b)
        .map(|k| format!("{} {} (A: {})", k.name, k.text(b), k.text(a)))
        .collect();
    let changed = if changes.is_empty() {
        "the same settings (a check that a seed replays)".to_string()
    } else {
        changes.join(", ")
    };
    format!(
        "The live run at iteration {steps}, continued twice: A with the settings it had, B with {changed}."
    )
}

/// One side: its link to a worker and its plot.
struct Side {
    name: &'static str,
    link: RunLink,
    plot: FigurePlot,
    /// Keys besides the usual ones that the pair set differently on the two sides.
    differing: Vec<&'static Key>,
}

impl Side {
    fn spawn(
        name: &'static str,
        experiment: Experiment,
        options: WorkerOptions,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        let link = RunLink::spawn(experiment, options, ctx)
            .map_err(|e| format!("cannot start the training thread of side {name}: {e}"))?;
        Ok(Side {
            name,
            link,
            plot: FigurePlot::default(),
            differing: Vec::new(),
        })
    }
}

/// The state of the view.
pub struct CompareView {
    sides: Option<[Side; 2]>,
    /// The pairs of the menu: each failure with its cure, then the classic contrasts.
    pairs: Vec<Pair>,
    /// Index into the pairs of the pair last loaded.
    pub pair: usize,
    /// Whether the sides start playing and at what pace (tests start them paused).
    pub options: WorkerOptions,
    error: Option<String>,
    /// The two sides advance: in lockstep, by the same number of iterations at a time.
    playing: bool,
    /// Pace of the lockstep.
    pace: Speed,
    /// Iterations per lockstep chunk at full speed, adapted to take about a frame.
    chunk: u32,
    /// When the last chunk was sent.
    last_chunk: Option<Instant>,
    /// Frames drawn since the last chunk was sent while it was still being trained.
    waits: u32,
    /// When the pace last counted time, and the iterations it owes.
    last_tick: Option<Instant>,
    owed: f64,
    /// Pause both exactly at this iteration (a lesson's next action).
    stop_at: Option<u64>,
    /// What the sides are when they are a fork of the live run, not a pair.
    fork: Option<Fork>,
}

impl Default for CompareView {
    fn default() -> Self {
        CompareView {
            sides: None,
            pairs: pairs(),
            pair: 0,
            options: WorkerOptions {
                playing: true,
                speed: Speed::Unlimited,
            },
            error: None,
            playing: false,
            pace: Speed::Unlimited,
            chunk: 1,
            last_chunk: None,
            waits: 0,
            last_tick: None,
            owed: 0.0,
            stop_at: None,
            fork: None,
        }
    }
}

impl CompareView {
    /// The two workers while the view is open, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn workers(&self) -> Option<(&crate::worker::Worker, &crate::worker::Worker)> {
        self.sides
            .as_ref()
            .map(|[a, b]| (a.link.worker(), b.link.worker()))
    }

    /// Starts both workers on `pair` (on the current target, if open).
    fn open(&mut self, ctx: &egui::Context, pair: usize, target: Option<Target>) {
        let Some(chosen) = self.pairs.get(pair) else {
            return;
        };
        let mut base = presets::base();
        if let Some(target) = target.filter(|_| !chosen.has_own_target()) {
            base.target = target;
        }
        let (a, b) = chosen.sides(&base);
        self.start_sides(ctx, pair, a, b);
    }

    /// Opens a lesson scene's pair: `sides` at `pace`, both pausing at `pause_at`.
    pub fn open_scene(
        &mut self,
        ctx: &egui::Context,
        pair: usize,
        sides: (Experiment, Experiment),
        pace: Speed,
        pause_at: Option<u64>,
    ) {
        let usual = self.options.clone();
        self.options = WorkerOptions {
            playing: true,
            speed: pace,
        };
        self.start_sides(ctx, pair, sides.0, sides.1);
        self.options = usual;
        self.stop_at = pause_at;
    }

    /// Opens a fork of the live run: `moment` continued twice, A with its own settings
    /// and B with `b`, playing in lockstep. Settings that rebuild the networks cannot
    /// differ (the fork keeps the moment's networks); that is refused with the keys named.
    pub fn open_fork(
        &mut self,
        ctx: &egui::Context,
        moment: Arc<Checkpoint>,
        b: Experiment,
    ) -> Result<(), String> {
        let a = moment.config().clone();
        if a.needs_rebuild(&b) {
            let keys: Vec<&str> = crate::engine::config::keys::differing(&a, &b)
                .filter(|k| k.rebuilds)
                .map(|k| k.name)
                .collect();
            return Err(format!(
                "cannot fork with {} changed: those rebuild the networks, and a fork continues the moment's networks",
                keys.join(", ")
            ));
        }
        let usual = self.options.clone();
        self.options = WorkerOptions {
            playing: true,
            speed: Speed::Unlimited,
        };
        self.start_sides(ctx, self.pair, a.clone(), b.clone());
        self.options = usual;
        let Some(sides) = &mut self.sides else {
            return Err(self.error.clone().unwrap_or_default());
        };
        for side in sides.iter() {
            side.link.send(Command::Restore(Box::new(Arc::clone(&moment))));
        }
        sides[1].link.send(Command::SetExperiment(Box::new(b.clone())));
        self.fork = Some(Fork {
            title: format!("fork at iteration {}", moment.steps()),
            description: fork_description(moment.steps(), &a, &b),
        });
        Ok(())
    }

    /// Opens two runs of a stability map's cells side by side from fresh networks,
    /// playing at full speed to `pause` (the map's steps), B's changes named.
    pub fn open_cells(
        &mut self,
        ctx: &egui::Context,
        sides: (Experiment, Experiment),
        title: String,
        pause: u64,
    ) {
        let usual = self.options.clone();
        self.options = WorkerOptions {
            playing: true,
            speed: Speed::Unlimited,
        };
        let description = {
            let changes: Vec<String> = crate::engine::config::keys::differing(&sides.0, &sides.1)
                .map(|k| format!("{} {} (A: {})", k.name, k.text(&sides.1), k.text(&sides.0)))
                .collect();
            format!(
                "Two cells of the stability map, each its own run from fresh networks to iteration {pause}: B has {}.",
                changes.join(", ")
            )
        };
        self.start_sides(ctx, self.pair, sides.0, sides.1);
        self.options = usual;
        self.stop_at = Some(pause);
        if self.sides.is_some() {
            self.fork = Some(Fork { title, description });
        }
    }

    fn start_sides(&mut self, ctx: &egui::Context, pair: usize, a: Experiment, b: Experiment) {
        // Drop the old pair first: at most two training threads at a time.
        self.sides = None;
        // The workers never play on their own: the view moves both in lockstep.
        let idle = WorkerOptions {
            playing: false,
            speed: Speed::Unlimited,
        };
        self.playing = self.options.playing;
        self.pace = self.options.speed;
        self.chunk = 1;
        self.last_chunk = None;
        self.owed = 0.0;
        self.stop_at = None;
        self.fork = None;
        let started = Side::spawn("A", a, idle.clone(), ctx)
            .and_then(|a| Side::spawn("B", b, idle.clone(), ctx).map(|b| [a, b]));
        match started {
            Ok(mut sides) => {
                let differing = differing_keys(&sides[0].link.edit, &sides[1].link.edit);
                for side in &mut sides {
                    side.differing = differing.clone();
                }
                self.pair = pair;
                self.error = None;
                self.sides = Some(sides);
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Stops and joins both workers: the view was left.
    pub fn close(&mut self) {
        self.sides = None;
    }

    /// Plays or pauses both sides.
    fn toggle_play(&mut self) {
        self.playing = !self.playing;
        self.last_chunk = None;
    }

    /// True when both workers have done every command sent.
    fn both_caught_up(&self) -> bool {
        self.sides
            .as_ref()
            .is_some_and(|sides| sides.iter().all(|s| s.link.caught_up()))
    }

    /// Moves both sides on together: once both have finished the last chunk, their frames
    /// are taken (so the two shown are always at the same iteration) and, while playing,
    /// the next chunk goes to both: as many iterations as the pace owes, or at full speed
    /// as many as take about a frame.
    fn advance(&mut self, ctx: &egui::Context) {
        if let Some(sides) = &self.sides {
            for side in sides {
                side.link.pump(ctx);
            }
        }
        if !self.both_caught_up() {
            self.waits += 1;
            return;
        }
        let Some(sides) = &mut self.sides else { return };
        for side in sides.iter_mut() {
            side.link.poll(ctx);
        }
        let steps = sides[0].link.frame().map_or(0, |f| f.steps);
        let healthy = sides
            .iter()
            .all(|s| s.link.frame().is_some_and(|f| f.health == Health::Ok));
        if !self.playing || !healthy {
            self.last_chunk = None;
            self.last_tick = None;
            return;
        }
        if let Some(stop) = self.stop_at
            && steps >= stop
        {
            self.playing = false;
            self.stop_at = None;
            return;
        }
        let now = Instant::now();
        let elapsed = self
            .last_chunk
            .map_or(0.0, |t| now.duration_since(t).as_secs_f64());
        let since_tick = self
            .last_tick
            .map_or(0.0, |t| now.duration_since(t).as_secs_f64());
        self.last_tick = Some(now);
        let mut n = match self.pace {
            Speed::Limited(rate) => {
                // At most a second's worth owed, so a stall is not made up in one burst.
                self.owed = (self.owed + rate * since_tick).min(rate.max(1.0));
                self.owed.floor() as u64
            }
            Speed::Unlimited => {
                // Sized by the workers, not the frame rate: a chunk done by the first frame
                // after it was sent was too small (the workers sat idle while the frame was
                // drawn), one that took several frames too large. Timed between sends, a
                // slow software renderer's 150 ms frames held a chunk at one iteration and
                // an unrolled side at 9 iterations a second.
                if self.last_chunk.is_some() && self.waits == 0 && elapsed < CHUNK_TIME_MAX {
                    self.chunk = (self.chunk * 2).min(MAX_CHUNK);
                } else if self.waits >= 3 {
                    self.chunk = (self.chunk / 2).max(1);
                }
                u64::from(self.chunk)
            }
        };
        if self.last_chunk.is_none() {
            n = n.max(1);
        }
        if let Some(stop) = self.stop_at {
            n = n.min(stop - steps);
        }
        if n == 0 {
            ctx.request_repaint();
            return;
        }
        if let Speed::Limited(_) = self.pace {
            self.owed -= n as f64;
        }
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        for side in sides.iter() {
            side.link.send(Command::IterateMany(n));
        }
        self.last_chunk = Some(now);
        self.waits = 0;
        ctx.request_repaint();
    }

    /// Draws the view into `ui` (the whole window below the menu bar); `look` says which
    /// overlays to draw (a lesson's, or the View menu's D*).
    fn draw(&mut self, ui: &mut Ui, look: &Visibility) {
        if self.sides.is_none() && self.error.is_none() {
            self.open(ui.ctx(), self.pair, None);
        }
        self.advance(ui.ctx());
        egui::Panel::top("compare_controls").show(ui, |ui| self.top_bar(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(error) = &self.error {
                ui.label(error_text(ui, error.as_str()));
            }
            let Some(sides) = &mut self.sides else { return };
            sides_ui(ui, sides, look);
            for side in sides.iter_mut() {
                side.link.sync();
            }
        });
    }

    fn top_bar(&mut self, ui: &mut Ui) {
        let mut load = None;
        ui.horizontal_wrapped(|ui| {
            ui.strong("Compare two experiments on the same target");
            ui.separator();
            if let Some(fork) = &self.fork {
                ui.label(egui::RichText::new(&fork.title).strong()).on_hover_text(
                    "The live run's moment continued twice: A with the settings it had, B with the settings changed",
                );
            }
            let current = match &self.fork {
                Some(_) => "pick a pair".to_string(),
                None => self.pairs.get(self.pair).map_or_else(String::new, Pair::name),
            };
            ComboBox::from_label("pair")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for (i, pair) in self.pairs.iter().enumerate() {
                        if ui
                            .selectable_label(i == self.pair, pair.name())
                            .on_hover_text(pair.lecture())
                            .clicked()
                        {
                            load = Some(i);
                        }
                    }
                })
                .response
                .on_hover_text("A classic contrast: loading one restarts both sides");
            let (text, help) = if self.playing {
                ("Pause both", "Stop both sides (space)")
            } else {
                ("Play both", "Train both sides, in lockstep (space)")
            };
            if ui.button(text).on_hover_text(help).clicked() {
                self.toggle_play();
            }
            let Some(sides) = &self.sides else { return };
            if ui
                .button("Step both")
                .on_hover_text("One iteration on each side")
                .clicked()
            {
                for side in sides {
                    side.link.send(Command::Iterate);
                }
            }
            if ui
                .button("Reset both")
                .on_hover_text("Fresh networks on both sides, same seed")
                .clicked()
            {
                for side in sides {
                    side.link.send(Command::Reset);
                }
            }
        });
        // A fork describes itself, not the pair last loaded.
        match (&self.fork, self.pairs.get(self.pair)) {
            (Some(fork), _) => {
                ui.label(egui::RichText::new(&fork.description).weak());
            }
            (None, Some(pair)) => {
                ui.label(egui::RichText::new(pair.lecture()).weak());
            }
            (None, None) => {}
        }
        // The target is shared: changing it changes both.
        if let Some(sides) = &mut self.sides {
            let current = sides[0].link.edit.target.to_string();
            let mut picked = None;
            ComboBox::from_label("target (both sides)")
                .selected_text(current.clone())
                .width(260.0)
                .show_ui(ui, |ui| {
                    for target in TARGETS {
                        if ui
                            .selectable_label(current == target.formula, target.formula)
                            .on_hover_text(target.what)
                            .clicked()
                        {
                            picked = Some(target.formula);
                        }
                    }
                })
                .response
                .on_hover_text("The data distribution, the same for both sides");
            if let Some(target) = picked.and_then(|f| Target::parse(f).ok()) {
                for side in sides.iter_mut() {
                    side.link.edit.target = target.clone();
                }
            }
        }
        if let Some(pair) = load {
            let target = self.sides.as_ref().map(|s| s[0].link.edit.target.clone());
            self.open(ui.ctx(), pair, target);
        }
    }
}

impl SceneRuns for CompareView {
    fn stands_at(&self, iteration: u64) -> bool {
        self.both_caught_up()
            && !self.playing
            && self.sides.as_ref().is_some_and(|sides| {
                sides
                    .iter()
                    .all(|s| s.link.latest().is_some_and(|f| f.steps >= iteration))
            })
    }

    fn pause_at(&mut self, iteration: Option<u64>) {
        self.stop_at = iteration;
    }

    fn play(&mut self) {
        self.playing = true;
        self.last_chunk = None;
    }

    fn experiments(&mut self) -> Vec<&mut Experiment> {
        match &mut self.sides {
            Some(sides) => sides.iter_mut().map(|s| &mut s.link.edit).collect(),
            None => Vec::new(),
        }
    }

    fn send_settings(&mut self) {
        if let Some(sides) = &mut self.sides {
            for side in sides.iter_mut() {
                side.link.sync();
            }
        }
    }
}

/// The two columns: controls, numbers and the figure of each side, on one scale.
fn sides_ui(ui: &mut Ui, sides: &mut [Side; 2], look: &Visibility) {
    let figures: Vec<Option<Figure>> = sides
        .iter()
        .map(|s| s.link.frame().map(|f| figure_of(&f.snapshot, look)))
        .collect();
    let scale = sides
        .iter_mut()
        .zip(&figures)
        .filter_map(|(side, figure)| figure.as_ref().map(|f| side.plot.scale(f)))
        .reduce(|a, b| a.union(b));
    ui.columns(2, |columns| {
        for ((ui, side), figure) in columns.iter_mut().zip(sides.iter_mut()).zip(&figures) {
            ui.push_id(side.name, |ui| {
                side_controls(ui, side);
                match (side.link.frame().cloned(), figure, scale) {
                    (Some(frame), Some(figure), Some(scale)) => {
                        numbers(ui, &frame);
                        let m = &frame.snapshot.metrics;
                        side.plot.draw(
                            ui,
                            &format!("compare_{}", side.name),
                            figure,
                            scale,
                            Some((m.g_mean, m.g_std)),
                            true,
                        );
                    }
                    _ => {
                        ui.spinner();
                    }
                }
            });
        }
    });
}

fn numbers(ui: &mut Ui, frame: &Frame) {
    let m = &frame.snapshot.metrics;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("iteration {}", frame.steps));
        ui.separator();
        ui.label(format!("W1 {:.3}", m.w1));
        ui.separator();
        ui.label(format!("JS {:.3}", m.js));
        if let Some(problem) = frame.problem() {
            ui.label(error_text(ui, problem));
        }
    });
}

/// The controls every side shows, in two rows: the game, and the learning rates.
const SIDE_ROWS: [&[&Key]; 2] = [
    &[named("loss"), named("optimizer"), named("k")],
    &[named("lr_d"), named("lr_g")],
];

/// The keys, other than those of [`SIDE_ROWS`] and the target, set differently in `a`
/// and `b`.
fn differing_keys(
    a: &crate::engine::config::Experiment,
    b: &crate::engine::config::Experiment,
) -> Vec<&'static Key> {
    let shown = |k: &Key| SIDE_ROWS.iter().any(|row| row.iter().any(|s| s.name == k.name));
    crate::engine::config::keys::differing(a, b)
        .filter(|k| k.name != "target" && !shown(k))
        .collect()
}

/// The settings that differ between sides: loss, optimizer, k, learning rates, and
/// whatever else the pair set apart (a cure's key).
fn side_controls(ui: &mut Ui, side: &mut Side) {
    let edit = &mut side.link.edit;
    ui.strong(format!(
        "{}: {}, k = {}, {} (lr_d {}, lr_g {})",
        side.name,
        edit.loss.name(),
        edit.k,
        edit.optimizer.name(),
        edit.lr_d,
        edit.lr_g
    ));
    for row in SIDE_ROWS {
        settings_rows(ui, edit, row);
    }
    if !side.differing.is_empty() {
        settings_rows(ui, edit, &side.differing);
    }
}

impl View for CompareView {
    fn ui(&mut self, ui: &mut Ui, around: Around<'_>) {
        let look = around.look.cloned().unwrap_or(Visibility {
            opponent: around.settings.show_optimal,
            ..Visibility::default()
        });
        self.draw(ui, &look);
    }

    /// Left: both workers stop and join.
    fn hidden(&mut self, _for_lesson: bool) {
        self.close();
    }

    /// Space plays or pauses both sides together.
    fn keys(&mut self, commands: Vec<Command>) {
        if commands.iter().any(|c| matches!(c, Command::Play)) {
            self.toggle_play();
        }
    }

    fn scene_runs(&mut self) -> Option<&mut dyn SceneRuns> {
        Some(self)
    }

    /// The iteration side A's figure shows (the frame the view drew, not the worker's
    /// newest): the lesson strip counts the same iteration the class sees.
    fn shown_steps(&self) -> Option<u64> {
        self.sides
            .as_ref()
            .and_then(|[a, _]| a.link.frame())
            .map(|f| f.steps)
    }
}
