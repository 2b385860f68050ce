//! The Compare view: two experiments side by side on the same target, each trained by a
//! worker of its own, drawn on the same axes so the class sees the difference at once.
//! The workers exist only while the view is open; leaving it drops (stops and joins)
//! them. A preset pair sets up a classic contrast; a row of controls per side changes
//! what differs.

use super::choice::choice;
use super::plots::FigureView;
use super::style::error_text;
use crate::engine::config::{Experiment, Loss, OptimizerKind};
use crate::engine::presets;
use crate::engine::target::Target;
use crate::figure::Figure;
use crate::worker::{Command, Frame, Health, Speed, Worker, WorkerOptions};
use egui::{ComboBox, Slider, Ui};
use std::sync::Arc;

/// A classic contrast: its name and how it sets up the two sides from the base.
pub struct Pair {
    /// Name in the menu.
    pub name: &'static str,
    /// What it shows.
    pub lecture: &'static str,
    /// Makes side A and side B from the base experiment.
    pub make: fn(&Experiment) -> (Experiment, Experiment),
}

/// The preset pairs of the menu.
pub const PAIRS: &[Pair] = &[
    Pair {
        name: "minimax vs non-saturating",
        lecture: "The same strong D (k = 5, SGD, D's rate ten times G's), two generator losses: \
                  minimax log(1 − D(G(z))) is flat where D rejects the fakes, so G stays where it \
                  started; non-saturating −log D(G(z)) pulls it over to the data.",
        make: |base| {
            // Adam rescales a vanishing gradient back to full steps, so the contrast needs
            // plain SGD against a strong D.
            let strong_d = strong_discriminator(base);
            let a = Experiment {
                loss: Loss::Minimax,
                ..strong_d.clone()
            };
            let b = Experiment {
                loss: Loss::NonSaturating,
                ..strong_d
            };
            (a, b)
        },
    },
    Pair {
        name: "k = 1 vs k = 5",
        lecture: "Algorithm 1's k: five D steps per G step keep D near D*, so G follows a sharper \
                  gradient but each iteration costs five times the D work.",
        make: |base| {
            let a = Experiment { k: 1, ..base.clone() };
            let b = Experiment { k: 5, ..base.clone() };
            (a, b)
        },
    },
    Pair {
        name: "SGD vs Adam",
        lecture: "The minimax loss against a D that takes 5 steps per G step. With plain SGD \
                  (lr 0.05) G's gradient has vanished and G stays put; Adam (lr 0.001) divides each \
                  weight's step by the size of its recent gradients, so the same tiny gradient \
                  still carries G to the data.",
        make: |base| {
            let base = &strong_discriminator(base);
            let a = Experiment {
                optimizer: OptimizerKind::Sgd,
                lr_d: 0.05,
                lr_g: 0.05,
                ..base.clone()
            };
            let b = Experiment {
                optimizer: OptimizerKind::Adam,
                lr_d: 1e-3,
                lr_g: 1e-3,
                ..base.clone()
            };
            (a, b)
        },
    },
];

/// The vanishing-gradient preset's game (minimax, k = 5, a fast SGD discriminator) on
/// `base`'s target: where the choice of generator loss or optimizer shows most.
fn strong_discriminator(base: &Experiment) -> Experiment {
    Experiment {
        target: base.target.clone(),
        ..presets::find("vanishing-gradient")
            .map(|p| p.experiment())
            .unwrap_or_else(|| base.clone())
    }
}

/// The base both sides start from: the figure1 preset.
fn base() -> Experiment {
    presets::find("figure1")
        .map(|p| p.experiment())
        .unwrap_or_default()
}

/// One side: its worker, newest frame, edited settings and view state.
struct Side {
    name: &'static str,
    worker: Worker,
    frame: Option<Arc<Frame>>,
    edit: Experiment,
    sent: Experiment,
    view: FigureView,
}

impl Side {
    fn spawn(
        name: &'static str,
        experiment: Experiment,
        options: WorkerOptions,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        let repaint_ctx = ctx.clone();
        let worker = Worker::spawn(
            experiment.clone(),
            options,
            Box::new(move || repaint_ctx.request_repaint()),
        )
        .map_err(|e| format!("cannot start the training thread of side {name}: {e}"))?;
        Ok(Side {
            name,
            worker,
            frame: None,
            edit: experiment.clone(),
            sent: experiment,
            view: FigureView::default(),
        })
    }

    /// Sends the edited settings when they changed.
    fn sync(&mut self) {
        if self.edit != self.sent {
            self.sent = self.edit.clone();
            self.worker
                .send(Command::SetExperiment(Box::new(self.edit.clone())));
        }
    }
}

/// The state of the view.
pub struct CompareView {
    sides: Option<[Side; 2]>,
    /// Index into [`PAIRS`] of the pair last loaded.
    pub pair: usize,
    /// How new workers start (tests start them paused).
    pub options: WorkerOptions,
    error: Option<String>,
}

impl Default for CompareView {
    fn default() -> Self {
        CompareView {
            sides: None,
            pair: 0,
            options: WorkerOptions {
                playing: true,
                speed: Speed::Unlimited,
            },
            error: None,
        }
    }
}

impl CompareView {
    /// The two workers while the view is open, for tests.
    pub fn workers(&self) -> Option<(&Worker, &Worker)> {
        self.sides.as_ref().map(|[a, b]| (&a.worker, &b.worker))
    }

    /// Starts both workers on `pair` (on the current target, if open).
    fn open(&mut self, ctx: &egui::Context, pair: usize, target: Option<Target>) {
        let Some(make) = PAIRS.get(pair).map(|p| p.make) else {
            return;
        };
        let mut base = base();
        if let Some(target) = target {
            base.target = target;
        }
        let (a, b) = make(&base);
        // Drop the old pair first: at most two training threads at a time.
        self.sides = None;
        let started = Side::spawn("A", a, self.options.clone(), ctx)
            .and_then(|a| Side::spawn("B", b, self.options.clone(), ctx).map(|b| [a, b]));
        match started {
            Ok(sides) => {
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

    /// Plays or pauses both sides (space in this view).
    pub fn toggle_play(&mut self) {
        let Some(sides) = &self.sides else { return };
        let command = if playing(sides) {
            Command::Pause
        } else {
            Command::Play
        };
        for side in sides {
            side.worker.send(command.clone());
        }
    }

    /// Draws the view into `ui` (the whole window below the menu bar).
    pub fn ui(&mut self, ui: &mut Ui) {
        if self.sides.is_none() && self.error.is_none() {
            self.open(ui.ctx(), self.pair, None);
        }
        if let Some(sides) = &mut self.sides {
            for side in sides.iter_mut() {
                if let Some(frame) = side.worker.latest() {
                    side.frame = Some(frame);
                }
            }
        }
        egui::Panel::top("compare_controls").show(ui, |ui| self.top_bar(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(error) = &self.error {
                ui.label(error_text(ui, error.as_str()));
            }
            let Some(sides) = &mut self.sides else { return };
            sides_ui(ui, sides);
            for side in sides.iter_mut() {
                side.sync();
            }
        });
    }

    fn top_bar(&mut self, ui: &mut Ui) {
        let mut load = None;
        ui.horizontal_wrapped(|ui| {
            ui.strong("Compare two experiments on the same target");
            ui.separator();
            let current = PAIRS.get(self.pair).map_or("", |p| p.name);
            ComboBox::from_label("pair")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for (i, pair) in PAIRS.iter().enumerate() {
                        if ui
                            .selectable_label(i == self.pair, pair.name)
                            .on_hover_text(pair.lecture)
                            .clicked()
                        {
                            load = Some(i);
                        }
                    }
                })
                .response
                .on_hover_text("A classic contrast: loading one restarts both sides");
            let Some(sides) = &self.sides else { return };
            let play = playing(sides);
            let (text, help) = if play {
                ("Pause both", "Stop both sides (space)")
            } else {
                ("Play both", "Train both sides (space)")
            };
            if ui.button(text).on_hover_text(help).clicked() {
                for side in sides {
                    side.worker
                        .send(if play { Command::Pause } else { Command::Play });
                }
            }
            if ui
                .button("Step both")
                .on_hover_text("One iteration on each side")
                .clicked()
            {
                for side in sides {
                    side.worker.send(Command::Iterate);
                }
            }
            if ui
                .button("Reset both")
                .on_hover_text("Fresh networks on both sides, same seed")
                .clicked()
            {
                for side in sides {
                    side.worker.send(Command::Reset);
                }
            }
        });
        if let Some(pair) = PAIRS.get(self.pair) {
            ui.label(egui::RichText::new(pair.lecture).weak());
        }
        // The target is shared: changing it changes both.
        if let Some(sides) = &mut self.sides {
            let current = sides[0].edit.target.to_string();
            let mut picked = None;
            ComboBox::from_label("target (both sides)")
                .selected_text(current.clone())
                .width(260.0)
                .show_ui(ui, |ui| {
                    for (formula, what) in super::controls::TARGETS {
                        if ui
                            .selectable_label(current == *formula, *formula)
                            .on_hover_text(*what)
                            .clicked()
                        {
                            picked = Some(*formula);
                        }
                    }
                })
                .response
                .on_hover_text("The data distribution, the same for both sides");
            if let Some(target) = picked.and_then(|f| Target::parse(f).ok()) {
                for side in sides.iter_mut() {
                    side.edit.target = target.clone();
                }
            }
        }
        if let Some(pair) = load {
            let target = self.sides.as_ref().map(|s| s[0].edit.target.clone());
            self.open(ui.ctx(), pair, target);
        }
    }
}

fn playing(sides: &[Side; 2]) -> bool {
    sides.iter().any(|s| s.frame.as_ref().is_some_and(|f| f.playing))
}

/// The two columns: controls, numbers and the figure of each side, on one scale.
fn sides_ui(ui: &mut Ui, sides: &mut [Side; 2]) {
    let figures: Vec<Option<Figure>> = sides
        .iter()
        .map(|s| {
            s.frame
                .as_ref()
                .map(|f| Figure::from_snapshot(&f.snapshot, false))
        })
        .collect();
    let scale = sides
        .iter_mut()
        .zip(&figures)
        .filter_map(|(side, figure)| figure.as_ref().map(|f| side.view.scale(f)))
        .reduce(|a, b| a.union(b));
    ui.columns(2, |columns| {
        for ((ui, side), figure) in columns.iter_mut().zip(sides.iter_mut()).zip(&figures) {
            ui.push_id(side.name, |ui| {
                side_controls(ui, side);
                match (&side.frame, figure, scale) {
                    (Some(frame), Some(figure), Some(scale)) => {
                        numbers(ui, frame);
                        let m = &frame.snapshot.metrics;
                        side.view.draw(
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
        match &frame.health {
            Health::Ok => {}
            Health::Diverged(why) => {
                ui.label(error_text(ui, format!("diverged: {why}")));
            }
            Health::Fault(why) => {
                ui.label(error_text(ui, format!("stopped: {why}")));
            }
        }
    });
}

/// The settings that differ between sides: loss, k, learning rates, optimizer.
fn side_controls(ui: &mut Ui, side: &mut Side) {
    let edit = &mut side.edit;
    ui.strong(format!(
        "{}: {}, k = {}, {} (lr_d {}, lr_g {})",
        side.name,
        edit.loss.name(),
        edit.k,
        edit.optimizer.name(),
        edit.lr_d,
        edit.lr_g
    ));
    ui.horizontal_wrapped(|ui| {
        choice(ui, "loss", &mut edit.loss, &Loss::ALL, Loss::name, None)
            .on_hover_text("The loss of this side");
        choice(
            ui,
            "optimizer",
            &mut edit.optimizer,
            &OptimizerKind::ALL,
            OptimizerKind::name,
            None,
        )
        .on_hover_text("The optimizer of both networks on this side");
        ui.add(Slider::new(&mut edit.k, 1..=20).text("k"))
            .on_hover_text("D steps per G step on this side");
    });
    ui.horizontal_wrapped(|ui| {
        ui.add(
            Slider::new(&mut edit.lr_d, 1e-5..=1.0)
                .logarithmic(true)
                .text("lr_d"),
        )
        .on_hover_text("Discriminator learning rate of this side");
        ui.add(
            Slider::new(&mut edit.lr_g, 1e-5..=1.0)
                .logarithmic(true)
                .text("lr_g"),
        )
        .on_hover_text("Generator learning rate of this side");
    });
}
