//! The Figure 1 view: the four panels of Goodfellow et al. (2014), (a) to (d), computed
//! from a real training run on a background thread (a few seconds), drawn side by side
//! on one scale with the live view's drawing code, each with its caption, and saved to
//! PNG or SVG with the file back end.
//!
//! A class should not wait for it: the app starts the default seed's run when it opens
//! ([`Figure1View::prefetch`]), a lesson starts its Figure 1 scenes' runs when it opens,
//! each panel is shown as soon as it is trained, and finished runs are kept by seed.

use crate::app::views::{Around, View};
use crate::app::widgets::figure_plot::{FigurePlot, key_entries};
use crate::app::widgets::job::Stream;
use crate::app::widgets::key::key_row;
use crate::app::widgets::save_box::SaveBox;
use crate::app::widgets::style::error_text;
use crate::engine::snapshot::Snapshot;
use crate::engine::{figure1, measure};
use crate::export::{FIGURE1_SIZE, Picture};
use crate::figure::Figure;
use crate::figure::panels::figure1_panel;
use egui::{DragValue, Ui};
use std::time::Duration;

/// How many seeds' runs are kept (finished or going); the oldest goes first.
const KEPT_RUNS: usize = 6;

/// One computed panel: the figure, its caption and a line of numbers.
struct Panel {
    figure: Figure,
    caption: String,
    numbers: String,
}

/// What the run sends as it goes: how far it is, a panel as it is trained, or why the
/// run failed.
enum Message {
    Progress(u64),
    Panel(usize, Box<Snapshot>),
    Failed(String),
}

/// Iterations the run trains in one piece of work: in a browser, the smallest piece a
/// frame's time is cut into, so small that a frame never waits long on it.
const STEP: u64 = 2;

/// Iterations between two progress reports.
const PROGRESS_EVERY: u64 = 100;

/// The run of one seed: the panels trained so far, and the work while it trains.
struct Run {
    seed: u64,
    panels: [Option<Panel>; 4],
    stream: Option<Stream<Message>>,
    /// Iterations trained, of [`figure1::TOTAL_ITERATIONS`].
    done: u64,
    error: Option<String>,
}

impl Run {
    /// Starts the run of `seed` in the background (its own thread on the desktop, slices
    /// of the frame loop in a browser).
    fn start(ctx: &egui::Context, seed: u64) -> Run {
        let mut schedule = None;
        let step = move |send: &dyn Fn(Message)| {
            let walked = match schedule.as_mut() {
                Some(walked) => walked,
                None => match figure1::Schedule::new(seed) {
                    Ok(made) => schedule.insert(made),
                    Err(e) => {
                        send(Message::Failed(e.to_string()));
                        return false;
                    }
                },
            };
            match walked.advance(STEP) {
                Ok(Some((i, snapshot))) => send(Message::Panel(i, Box::new(snapshot))),
                Ok(None) => {}
                Err(e) => {
                    send(Message::Failed(e.to_string()));
                    return false;
                }
            }
            if walked.done() % PROGRESS_EVERY < STEP {
                send(Message::Progress(walked.done()));
            }
            !walked.finished()
        };
        let (stream, error) = match Stream::spawn("ganscope-figure1", ctx, step) {
            Ok(stream) => (Some(stream), None),
            Err(message) => (None, Some(message)),
        };
        Run {
            seed,
            panels: Default::default(),
            stream,
            done: 0,
            error,
        }
    }

    /// Takes the panels trained since the last frame (in a browser, after training this
    /// frame's slice).
    fn collect(&mut self) {
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        for message in stream.drain() {
            match message {
                Message::Progress(done) => self.done = done,
                Message::Panel(i, snapshot) => {
                    let (figure, caption) = figure1_panel(i, &snapshot);
                    if let Some(slot) = self.panels.get_mut(i) {
                        *slot = Some(Panel {
                            figure,
                            caption,
                            numbers: numbers(&snapshot),
                        });
                    }
                }
                Message::Failed(message) => self.error = Some(format!("the Figure 1 run failed: {message}")),
            }
        }
        if stream.finished() {
            if self.error.is_none() && !self.complete() {
                self.error = Some("the Figure 1 run stopped before its last panel".into());
            }
            self.stream = None;
        }
    }

    fn complete(&self) -> bool {
        self.panels.iter().all(Option::is_some)
    }

    fn computing(&self) -> bool {
        self.stream.is_some()
    }
}

/// The state of the view.
pub struct Figure1View {
    /// Seed of the run, as edited.
    pub seed: u64,
    /// The seed whose panels are shown.
    shown: u64,
    /// Runs by seed, newest last, at most [`KEPT_RUNS`].
    runs: Vec<Run>,
    plots: [FigurePlot; 4],
    save: SaveBox,
}

impl Default for Figure1View {
    fn default() -> Self {
        Figure1View {
            seed: figure1::DEFAULT_SEED,
            shown: figure1::DEFAULT_SEED,
            runs: Vec::new(),
            plots: Default::default(),
            save: SaveBox::new("ganscope-figure1.png"),
        }
    }
}

fn numbers(snapshot: &Snapshot) -> String {
    let m = &snapshot.metrics;
    format!(
        "iteration {}  ·  W1 {:.3}  ·  TV {:.3}  ·  max |D − D*| {:.3}  ·  mean D on fakes {:.3}",
        m.steps,
        m.w1,
        m.tv,
        m.opponent_gap,
        measure::mean_under(&snapshot.d, &snapshot.p_g)
    )
}

impl Figure1View {
    /// True while the training run behind the shown panels is going.
    pub fn computing(&self) -> bool {
        self.run_of(self.shown).is_some_and(Run::computing)
    }

    /// True once all four panels of the shown seed are there.
    pub fn ready(&self) -> bool {
        self.run_of(self.shown).is_some_and(Run::complete)
    }

    /// How many panels of the shown seed are there.
    pub fn panels_ready(&self) -> usize {
        self.run_of(self.shown)
            .map_or(0, |r| r.panels.iter().filter(|p| p.is_some()).count())
    }

    /// Starts the run of `seed` in the background unless it is kept or going, so its
    /// panels are ready when the tab or a lesson's scene opens.
    pub fn prefetch(&mut self, ctx: &egui::Context, seed: u64) {
        if self.run_of(seed).is_some() {
            return;
        }
        if self.runs.len() >= KEPT_RUNS {
            // The oldest run not shown goes (a thread still training finishes unread).
            if let Some(i) = self.runs.iter().position(|r| r.seed != self.shown) {
                self.runs.remove(i);
            }
        }
        self.runs.push(Run::start(ctx, seed));
    }

    /// Shows the panels of `seed` (a lesson's Figure 1 scene): runs them unless they are
    /// kept or being computed.
    pub fn show_seed(&mut self, ctx: &egui::Context, seed: u64) {
        self.seed = seed;
        self.show(ctx, seed);
    }

    fn show(&mut self, ctx: &egui::Context, seed: u64) {
        if self.shown != seed {
            self.plots = Default::default();
        }
        self.shown = seed;
        self.prefetch(ctx, seed);
    }

    fn run_of(&self, seed: u64) -> Option<&Run> {
        self.runs.iter().find(|r| r.seed == seed)
    }

    /// Takes what the runs trained since the last frame; in a browser, trains this
    /// frame's slice of each run still going. Called every frame, whatever is shown, so
    /// a prefetched run goes on while another view is open.
    pub fn collect(&mut self) {
        for run in &mut self.runs {
            run.collect();
        }
    }

    /// Draws the view into `ui` (the whole window below the menu bar).
    fn draw(&mut self, ui: &mut Ui) {
        self.collect();
        let ctx = ui.ctx().clone();
        self.show(&ctx, self.shown);
        egui::Panel::top("figure1_controls").show(ui, |ui| self.controls(ui));
        egui::CentralPanel::default().show(ui, |ui| self.panels_ui(ui));
    }

    fn controls(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Figure 1 of Goodfellow et al. (2014), from a real run");
            ui.separator();
            let label = ui.label("seed");
            ui.add(DragValue::new(&mut self.seed).range(0..=u32::MAX))
                .labelled_by(label.id)
                .on_hover_text("Seed of the run: weights and samples; the same seed draws the same figure");
            let kept = self.run_of(self.seed).is_some();
            let text = if kept { "Show" } else { "Run" };
            if ui
                .add_enabled(self.seed != self.shown, egui::Button::new(text))
                .on_hover_text(format!(
                    "Train the four panels of this seed: {} iterations on the data centred where G starts, \
                     G moved {} sd right of the data, {} D steps with G frozen ((a) after {}), {} gradient \
                     steps of G, {} more iterations with R1 brought in over the first {}",
                    figure1::PRETRAIN,
                    figure1::SHIFT_SIGMAS,
                    figure1::INNER_LOOP,
                    figure1::PARTIAL,
                    figure1::GENERATOR_STEPS,
                    figure1::TO_CONVERGENCE + figure1::RAMP_STEPS * figure1::R1_RAMP.len() as u64,
                    figure1::RAMP_STEPS * figure1::R1_RAMP.len() as u64,
                ))
                .clicked()
            {
                let ctx = ui.ctx().clone();
                self.show(&ctx, self.seed);
            }
            let shown = self.shown;
            match self.run_of(shown) {
                Some(run) if run.computing() => {
                    ui.spinner();
                    let elapsed = run.stream.as_ref().map_or(0.0, |s| s.elapsed().as_secs_f64());
                    ui.label(format!(
                        "computing Figure 1 (seed {shown}): {} of 4 panels, iteration {} of {}, {elapsed:.0} s…",
                        self.panels_ready(),
                        run.done,
                        figure1::TOTAL_ITERATIONS
                    ));
                    ui.ctx().request_repaint_after(Duration::from_millis(250));
                }
                _ => {
                    ui.label(format!("shown: seed {shown}"));
                }
            }
        });
        if let Some(error) = self.run_of(self.shown).and_then(|r| r.error.as_ref()) {
            ui.label(error_text(ui, error.as_str()));
        }
        let run = self.runs.iter().find(|r| r.seed == self.shown);
        self.save.ui(ui, FIGURE1_SIZE, || {
            let run = run.filter(|r| r.complete())?;
            let figures: Vec<(Figure, String)> = run
                .panels
                .iter()
                .flatten()
                .map(|p| (p.figure.clone(), p.caption.clone()))
                .collect();
            Some(Picture::Panels(figures))
        });
    }

    fn panels_ui(&mut self, ui: &mut Ui) {
        let shown = self.shown;
        let Some(run) = self.runs.iter().find(|r| r.seed == shown) else {
            return;
        };
        // One scale for all four (those trained so far), so the panels compare like the
        // paper's.
        let scale = run
            .panels
            .iter()
            .zip(self.plots.iter_mut())
            .filter_map(|(p, plot)| p.as_ref().map(|p| plot.scale(&p.figure)))
            .reduce(|a, b| a.union(b));
        // One key for the four, above them (from (b), the panel with every curve), so the
        // panels keep the same height and line up like the paper's.
        if let Some(Some(b)) = run.panels.get(1) {
            let theme = crate::app::widgets::style::theme_of(ui.ctx());
            key_row(ui, &key_entries(&b.figure, theme));
        }
        let spacing = ui.spacing().item_spacing;
        let cell = egui::vec2(
            ((ui.available_width() - spacing.x) / 2.0).max(120.0),
            ((ui.available_height() - spacing.y) / 2.0).max(120.0),
        );
        for row in 0..2 {
            ui.horizontal(|ui| {
                for column in 0..2 {
                    let i = 2 * row + column;
                    ui.allocate_ui_with_layout(cell, egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.set_min_size(cell);
                        match (
                            run.panels.get(i).and_then(Option::as_ref),
                            self.plots.get_mut(i),
                            scale,
                        ) {
                            (Some(panel), Some(plot), Some(scale)) => {
                                ui.strong(panel.caption.as_str());
                                ui.label(egui::RichText::new(panel.numbers.as_str()).weak().small());
                                plot.draw(
                                    ui,
                                    &format!("figure1_panel_{i}"),
                                    &panel.figure,
                                    scale,
                                    None,
                                    false,
                                );
                            }
                            _ => {
                                ui.strong(crate::figure::panels::FIGURE1_CAPTIONS[i]);
                                if run.computing() {
                                    ui.horizontal(|ui| {
                                        ui.spinner();
                                        ui.label("training toward this moment…");
                                    });
                                }
                            }
                        }
                    });
                }
            });
        }
    }
}

impl View for Figure1View {
    fn save_picture(&mut self) {
        self.save.request();
    }

    fn ui(&mut self, ui: &mut Ui, _around: Around<'_>) {
        self.draw(ui);
    }
}
