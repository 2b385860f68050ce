//! The Map tab: sweep two settings and see where training converges, oscillates,
//! collapses, stalls or diverges, every cell a real run. The sweep runs in the background
//! (every core on the desktop, slices of the frame loop in a browser) with its progress
//! and a Cancel; cells fill in as they finish. Hovering shows a cell's numbers, a click
//! opens its exact run (settings and seed) in the Live view (the Phase plane on the
//! Dirac-GAN), Shift+click on two cells opens them side by side in Compare. The map saves
//! as PNG/SVG and as JSON, and a saved map reopens without recomputing.

mod form;
mod grid;

use crate::app::platform;
use crate::app::views::{Around, View};
use crate::app::widgets::job::Stream;
use crate::app::widgets::save_box::SaveBox;
use crate::app::widgets::style::{error_text, note_text};
use crate::engine::config::Experiment;
use crate::export::{MAP_SIZE, Picture};
use crate::figure::map::{agreement_text, map_caption};
use crate::figure::phase::PhaseSettings;
use crate::map::spec::Spec;
use crate::map::{Finished, Game, Map, MapError, Request, Sweep, cell_game};
pub use form::{EXAMPLES, Form};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Iterations one slice of a browser's frame trains before the frame's clock is read.
const SLICE: u64 = 4;

/// What the sweep sends back.
enum Update {
    Finished(Finished),
    Failed(String),
}

/// A run of the map to open in another view.
#[derive(Clone, Debug)]
pub enum Open {
    /// A GAN cell's run in the Live view, pausing where the map stopped it.
    Live {
        /// Its settings and seed.
        experiment: Box<Experiment>,
        /// The map's steps.
        pause: u64,
    },
    /// Two GAN cells side by side in Compare.
    Compare {
        /// The first cell chosen, and the second.
        sides: Box<(Experiment, Experiment)>,
        /// What the two are, for Compare's title.
        title: String,
        /// The map's steps.
        pause: u64,
    },
    /// A Dirac-GAN cell in the Phase plane.
    Phase(PhaseSettings),
}

/// A sweep under way.
struct Going {
    stream: Stream<Update>,
    cancel: Arc<AtomicBool>,
    done: usize,
    total: usize,
}

impl Drop for Going {
    fn drop(&mut self) {
        // A thread still running cells stops at the next one.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The state of the view.
pub struct MapView {
    /// The controls.
    pub form: Form,
    /// The map shown: the one being computed (its cells so far), or the last one.
    map: Option<Map>,
    /// The request behind the shown map, to replay its cells.
    request: Option<Request>,
    /// The form the shown map was computed from (none for a saved map opened), for its
    /// link.
    spec: Option<Spec>,
    going: Option<Going>,
    /// Why the last request was refused or the sweep failed.
    error: Option<String>,
    /// The cell Shift+clicked first, waiting for its partner.
    chosen: Option<(usize, usize)>,
    /// A run to open, for the shell.
    open: Option<Open>,
    save: SaveBox,
    json_name: String,
    json_outcome: Option<Result<String, String>>,
    /// A lesson's map scene is on show: the map alone, no form, no cell opened. Set by
    /// the shell each frame from the scene playing.
    pub in_scene: bool,
    /// Where the grid was drawn last, and a cell's size.
    drawn: Option<(egui::Rect, egui::Vec2)>,
}

impl Default for MapView {
    fn default() -> Self {
        MapView {
            form: Form::default(),
            map: None,
            request: None,
            spec: None,
            going: None,
            error: None,
            chosen: None,
            open: None,
            save: SaveBox::new("ganscope-map.png"),
            json_name: "ganscope-map.json".into(),
            json_outcome: None,
            in_scene: false,
            drawn: None,
        }
    }
}

impl MapView {
    /// The map shown (its cells so far while it computes).
    pub fn map(&self) -> Option<&Map> {
        self.map.as_ref()
    }

    /// True while a sweep runs.
    pub fn computing(&self) -> bool {
        self.going.is_some()
    }

    /// Why the last map could not be made, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The middle of cell (x, y) on screen as last drawn, to point at it.
    pub fn cell_center(&self, x: usize, y: usize) -> Option<egui::Pos2> {
        let (grid, cell) = self.drawn?;
        Some(egui::Pos2::new(
            grid.left() + (x as f32 + 0.5) * cell.x,
            grid.bottom() - (y as f32 + 0.5) * cell.y,
        ))
    }

    /// A cell's run the user asked to open, for the shell to hand to its view.
    pub fn take_open(&mut self) -> Option<Open> {
        self.open.take()
    }

    /// Computes the form's map, replacing the one shown.
    pub fn compute(&mut self, ctx: &egui::Context) {
        match self.form.request() {
            Ok(request) => {
                self.start(ctx, request);
                if self.going.is_some() {
                    self.spec = Some(self.form.spec.clone());
                }
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// The form the map shown was computed from, for its link (none for a saved map).
    pub fn spec_shown(&self) -> Option<&Spec> {
        self.spec.as_ref().filter(|_| self.map.is_some())
    }

    /// Starts computing `request` in the background; its cells arrive as they finish.
    pub fn start(&mut self, ctx: &egui::Context, request: Request) {
        // Checked before anything stops: a refused request leaves the map shown as it is.
        let sweep = match Sweep::new(request.clone()) {
            Ok(sweep) => sweep,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        self.going = None;
        self.spec = None;
        self.chosen = None;
        let total = sweep.total();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let mut sweep = Some(sweep);
        let step = move |send: &dyn Fn(Update)| {
            let Some(going) = sweep.as_mut() else {
                return false;
            };
            if platform::THREADS {
                // Every core at once, each finished run reported as it ends; a run that
                // panics (a bug) is reported, not a sweep that silently stopped.
                let everywhere = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    going.run_everywhere(&mut |f| send(Update::Finished(f)), &stop)
                }));
                match everywhere {
                    Ok(Ok(()) | Err(MapError::Cancelled)) => {}
                    Ok(Err(e)) => send(Update::Failed(e.to_string())),
                    Err(_) => send(Update::Failed("a run panicked (a bug: please report it)".into())),
                }
                return false;
            }
            for finished in going.advance(SLICE) {
                send(Update::Finished(finished));
            }
            !going.finished()
        };
        match Stream::spawn("ganscope-map", ctx, step) {
            Ok(stream) => {
                self.map = Some(Map::empty(&request));
                self.request = Some(request);
                self.error = None;
                self.going = Some(Going {
                    stream,
                    cancel,
                    done: 0,
                    total,
                });
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Shows a saved map (no run is repeated); its cells open as a computed map's do.
    pub fn open_saved(&mut self, map: Map) -> Result<(), String> {
        let request = map.request().map_err(|e| e.to_string())?;
        self.going = None;
        self.chosen = None;
        self.error = None;
        self.spec = None;
        self.map = Some(map);
        self.request = Some(request);
        Ok(())
    }

    /// Stops the sweep; the cells done so far stay.
    pub fn cancel(&mut self) {
        self.going = None;
    }

    /// Takes the cells finished since the last frame (in a browser, after this frame's
    /// slice of the sweep).
    pub fn collect(&mut self) {
        let Some(going) = self.going.as_mut() else {
            return;
        };
        for update in going.stream.drain() {
            match update {
                Update::Finished(finished) => {
                    going.done = finished.done;
                    going.total = finished.total;
                    if let (Some(cell), Some(map)) = (finished.cell, self.map.as_mut()) {
                        map.insert(cell);
                    }
                }
                Update::Failed(message) => self.error = Some(format!("the map failed: {message}")),
            }
        }
        if going.stream.finished() {
            self.going = None;
        }
    }

    /// The settings and seed of cell (x, y)'s run: the first seed whose run got the
    /// cell's class, so the run opened shows what the cell says.
    fn cell_run(&self, x: usize, y: usize) -> Option<Result<Game, String>> {
        let (map, request) = (self.map.as_ref()?, self.request.as_ref()?);
        let cell = map.cell(x, y)?;
        Some(
            cell_game(request, x, y)
                .map_err(|e| e.to_string())
                .map(|game| match game {
                    Game::Gan(mut experiment) => {
                        if let Some(run) = cell.runs.iter().find(|r| r.verdict.class == cell.class) {
                            experiment.seed = run.seed;
                        }
                        Game::Gan(experiment)
                    }
                    dirac => dirac,
                }),
        )
    }

    fn open_cell(&mut self, x: usize, y: usize) {
        let steps = self.map.as_ref().map_or(0, |m| m.steps);
        match self.cell_run(x, y) {
            Some(Ok(Game::Gan(experiment))) => {
                self.open = Some(Open::Live {
                    experiment,
                    pause: steps,
                })
            }
            Some(Ok(Game::Dirac(dirac))) => {
                self.open = Some(Open::Phase(PhaseSettings {
                    dirac,
                    ..PhaseSettings::default()
                }))
            }
            Some(Err(message)) => self.error = Some(message),
            None => {}
        }
    }

    fn choose(&mut self, at: (usize, usize)) {
        let Some(first) = self.chosen.take() else {
            self.chosen = Some(at);
            return;
        };
        if first == at {
            return;
        }
        let steps = self.map.as_ref().map_or(0, |m| m.steps);
        let name = |(x, y): (usize, usize)| {
            self.map
                .as_ref()
                .and_then(|m| m.cell(x, y))
                .map(|c| {
                    format!(
                        "{} {}, {} {}",
                        c.settings[0].0, c.settings[0].1, c.settings[1].0, c.settings[1].1
                    )
                })
                .unwrap_or_default()
        };
        let title = format!("map cells: A {} · B {}", name(first), name(at));
        match (self.cell_run(first.0, first.1), self.cell_run(at.0, at.1)) {
            (Some(Ok(Game::Gan(a))), Some(Ok(Game::Gan(b)))) => {
                self.open = Some(Open::Compare {
                    sides: Box::new((*a, *b)),
                    title,
                    pause: steps,
                })
            }
            (Some(Ok(Game::Dirac(_))), _) => {
                self.error =
                    Some("Compare trains GANs: open a Dirac-GAN cell in the Phase plane with a click".into())
            }
            (Some(Err(message)), _) | (_, Some(Err(message))) => self.error = Some(message),
            _ => {}
        }
    }

    fn save_json(&mut self) {
        let Some(map) = &self.map else {
            self.json_outcome = Some(Err("no map to save yet".into()));
            return;
        };
        self.json_outcome = Some(
            serde_json::to_string_pretty(map)
                .map_err(|e| e.to_string())
                .and_then(|text| platform::save_file(&self.json_name, text.as_bytes())),
        );
    }

    /// The sweep's progress while it runs, and why the last one failed.
    fn progress(&self, ui: &mut egui::Ui) {
        if let Some(going) = &self.going {
            let share = going.done as f32 / going.total.max(1) as f32;
            ui.add(
                egui::ProgressBar::new(share)
                    .text(format!("{} of {} runs", going.done, going.total))
                    .animate(true),
            );
        }
        if let Some(error) = &self.error {
            ui.label(error_text(ui, error.as_str()));
        }
    }

    fn controls(&mut self, ui: &mut egui::Ui) {
        let enter = self.form.ui(ui);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if self.going.is_some() {
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop the sweep; the cells done so far stay")
                    .clicked()
                {
                    self.cancel();
                }
            } else if ui
                .button("Compute map")
                .on_hover_text("Train every cell (each a real run) and classify it")
                .clicked()
                || enter
            {
                self.compute(ui.ctx());
            }
        });
        self.progress(ui);
        ui.separator();
        ui.label("Save");
        let map = self.map.clone();
        self.save
            .ui(ui, MAP_SIZE, move || map.map(|m| Picture::Map(Box::new(m))));
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("map file");
            ui.add(egui::TextEdit::singleline(&mut self.json_name).desired_width(180.0))
                .labelled_by(label.id)
                .on_hover_text("The map as JSON: every cell's settings, class, reasons and distances, as `ganscope map --json` writes it; opened again, it shows without recomputing");
            if ui
                .button("Open")
                .on_hover_text("Show a saved map (.json) without computing it again")
                .clicked()
            {
                if platform::BROWSER {
                    // The picker brings the file in; the window opens it as a dropped one.
                    platform::pick_file(ui.ctx());
                } else {
                    let name = self.json_name.trim().to_string();
                    self.json_outcome = Some(
                        std::fs::read_to_string(&name)
                            .map_err(|e| format!("cannot read '{name}': {e}"))
                            .and_then(|text| Map::from_json(&name, &text))
                            .and_then(|map| self.open_saved(map))
                            .map(|()| format!("opened {name}")),
                    );
                }
            }
            if ui.button("Save JSON").clicked() {
                self.save_json();
            }
        });
        match &self.json_outcome {
            Some(Ok(message)) => {
                ui.label(message.as_str());
            }
            Some(Err(message)) => {
                ui.label(error_text(ui, message.as_str()));
            }
            None => {}
        }
    }
}

impl View for MapView {
    fn ui(&mut self, ui: &mut egui::Ui, around: Around<'_>) {
        // In a lesson's map scene the map has the whole width (the scene set it up) and
        // a click does not leave the lesson for another view.
        let lesson = self.in_scene && around.look.is_some();
        if !lesson {
            egui::Panel::left("map_controls")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| self.controls(ui));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if lesson {
                self.progress(ui);
            }
            let Some(map) = &self.map else {
                ui.label("Choose two settings to sweep and press Compute map: every cell is a real run, coloured by what it did.");
                return;
            };
            ui.heading(map_caption(map));
            ui.label(note_text(
                ui,
                match (lesson, map.is_dirac()) {
                    (true, _) => "Hover a cell for its numbers; close the lesson to open a cell's run.",
                    (false, true) => "Click a cell to open its game in the Phase plane.",
                    _ => "Click a cell to open its run (settings and seed) in Live; Shift+click two cells to compare them.",
                },
            ));
            if let Some(agreement) = agreement_text(map).filter(|_| map.complete()) {
                ui.label(agreement);
            }
            let pointed = grid::grid(ui, map, self.chosen);
            self.drawn = Some((pointed.grid, pointed.cell));
            if lesson {
                return;
            }
            if let Some((x, y)) = pointed.clicked {
                self.open_cell(x, y);
            }
            if let Some(at) = pointed.chosen {
                self.choose(at);
            }
        });
    }

    fn save_picture(&mut self) {
        self.save.request();
    }
}
