//! The left panel: every setting of the experiment and the run buttons. Widgets edit a
//! copy of the [`Experiment`]; the app sends it to the worker when it changed, so every
//! control acts live. Buttons become worker [`Command`]s.

use super::draw::Drawing;
use crate::app::widgets::setting::setting;
use crate::app::widgets::style::{error_text, note_text};
use crate::engine::config::keys::{Key, named};
use crate::engine::config::{Experiment, Loss};
use crate::engine::presets::targets::TARGETS;
use crate::engine::target::{TARGET_GRAMMAR, Target};
use crate::lesson::Panel;
use crate::worker::{CLASS_PACE, Command, Frame, Health, SLOWEST, Speed};
use egui::{ComboBox, Slider, TextEdit, Ui};

/// The speed slider's top end, which means "as fast as possible".
pub const MAX_RATE: f64 = crate::worker::FASTEST_LIMITED;

/// What the controls remember between frames besides the experiment itself.
pub struct Controls {
    /// The target formula as typed.
    pub formula: String,
    /// The parser's message for the formula, while it is malformed.
    pub formula_error: Option<String>,
    /// Speed slider position in iterations per second; [`MAX_RATE`] means unlimited.
    pub rate: f64,
    /// The draw-your-own-target pad, while open.
    pub drawing: Option<Drawing>,
    /// The pad's own Close button was pressed this frame.
    drawing_closed: bool,
}

impl Controls {
    /// Controls showing `experiment` at `speed`.
    pub fn new(experiment: &Experiment, speed: Speed) -> Self {
        Controls {
            formula: experiment.target.to_string(),
            formula_error: None,
            drawing: None,
            drawing_closed: false,
            rate: match speed {
                Speed::Limited(r) => r.clamp(SLOWEST, MAX_RATE),
                Speed::Unlimited => MAX_RATE,
            },
        }
    }

    /// The speed the slider stands for.
    pub fn speed(&self) -> Speed {
        if self.rate >= MAX_RATE {
            Speed::Unlimited
        } else {
            Speed::Limited(self.rate)
        }
    }

    /// Moves the speed control to `speed` (a lesson scene's pace); the caller sends it.
    pub fn set_speed(&mut self, speed: Speed) {
        self.rate = match speed {
            Speed::Limited(r) => r.clamp(SLOWEST, MAX_RATE),
            Speed::Unlimited => MAX_RATE,
        };
    }

    /// Shows the formula of a new experiment (after a preset was loaded).
    pub fn sync(&mut self, experiment: &Experiment) {
        self.formula = experiment.target.to_string();
        self.formula_error = None;
    }

    /// Draws the panel, editing `edit` and pushing button commands; the sections
    /// `hidden` names (a lesson in classroom mode) are left out.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        edit: &mut Experiment,
        frame: Option<&Frame>,
        commands: &mut Vec<Command>,
        hidden: &dyn Fn(Panel) -> bool,
    ) {
        if !hidden(Panel::Run) {
            self.run_section(ui, frame, commands);
            ui.separator();
        }
        if !hidden(Panel::Data) {
            self.target_section(ui, edit);
            ui.separator();
        }
        if !hidden(Panel::Game) {
            game_section(ui, edit);
            ui.separator();
        }
        if !hidden(Panel::Networks) {
            network_section(ui, edit);
        }
    }

    fn run_section(&mut self, ui: &mut Ui, frame: Option<&Frame>, commands: &mut Vec<Command>) {
        ui.heading("Run");
        let playing = frame.is_some_and(|f| f.playing);
        let healthy = frame.is_none_or(|f| f.health == Health::Ok);
        ui.horizontal_wrapped(|ui| {
            if playing {
                if ui
                    .button("Pause")
                    .on_hover_text("Stop training (space)")
                    .clicked()
                {
                    commands.push(Command::Pause);
                }
            } else if ui
                .button("Play")
                .on_hover_text("Train continuously (space)")
                .clicked()
            {
                commands.push(Command::Play);
            }
            let step = ui.add_enabled(healthy, egui::Button::new("Step"));
            if step
                .on_hover_text("One iteration: k D steps, then one G step (S)")
                .clicked()
            {
                commands.push(Command::Iterate);
            }
            let d = ui.add_enabled(healthy, egui::Button::new("D step"));
            if d.on_hover_text("One discriminator step only: D moves toward D* (Figure 1 b)")
                .clicked()
            {
                commands.push(Command::StepD);
            }
            let g = ui.add_enabled(healthy, egui::Button::new("G step"));
            if g.on_hover_text("One generator step only: G(z) follows the gradient of D (Figure 1 c)")
                .clicked()
            {
                commands.push(Command::StepG);
            }
            if ui
                .button("Reset")
                .on_hover_text("Fresh networks from the seed; keeps the settings (R)")
                .clicked()
            {
                commands.push(Command::Reset);
            }
        });
        let response = ui.horizontal(|ui| {
            let slider = ui
                .add(
                    Slider::new(&mut self.rate, SLOWEST..=MAX_RATE)
                        .logarithmic(true)
                        .text("speed")
                        .custom_formatter(|v, _| {
                            if v >= MAX_RATE {
                                "max".into()
                            } else {
                                format!("{v:.0} it/s")
                            }
                        })
                        .custom_parser(|s| {
                            let s = s.trim().trim_end_matches("it/s").trim();
                            if s.eq_ignore_ascii_case("max") {
                                Some(MAX_RATE)
                            } else {
                                s.parse().ok()
                            }
                        }),
                )
                .on_hover_text(
                    "Iterations per second: 1 (slow motion, watch each update) to max (as fast as possible)",
                );
            let class = match CLASS_PACE {
                Speed::Limited(rate) => rate,
                Speed::Unlimited => MAX_RATE,
            };
            let (label, to, help) = if self.rate >= MAX_RATE {
                ("class pace", class, "Back to a pace a class can follow")
            } else {
                ("max", MAX_RATE, "As fast as the machine allows")
            };
            let button = ui.small_button(label).on_hover_text(help);
            if button.clicked() {
                self.rate = to;
            }
            slider.changed() || button.clicked()
        });
        if response.inner {
            commands.push(Command::SetSpeed(self.speed()));
        }
    }

    fn target_section(&mut self, ui: &mut Ui, edit: &mut Experiment) {
        ui.heading("Data");
        let mut picked = None;
        ComboBox::from_label("target")
            .selected_text(short(&edit.target.to_string(), 26))
            .width(200.0)
            .show_ui(ui, |ui| {
                for target in TARGETS {
                    let item = ui
                        .selectable_label(self.formula == target.formula, target.formula)
                        .on_hover_text(target.what);
                    if item.clicked() {
                        picked = Some(target.formula.to_string());
                    }
                }
            })
            .response
            .on_hover_text("Ready-made data distributions; or type a formula below");
        let label = ui.horizontal(|ui| {
            let label = ui.label("formula");
            let draw = ui
                .small_button("draw…")
                .on_hover_text("Draw your own target: sketch a 1-D density or brush 2-D points");
            if draw.clicked() {
                self.drawing = Some(Drawing::for_target(&edit.target));
            }
            label
        });
        let response = ui
            .add(TextEdit::singleline(&mut self.formula).desired_width(f32::INFINITY))
            .labelled_by(label.inner.id)
            .on_hover_text(format!("p_data as {TARGET_GRAMMAR}"));
        if let Some(formula) = picked {
            self.formula = formula;
        }
        if let Some(drawing) = &mut self.drawing {
            let mut open = true;
            let mut used = None;
            egui::Window::new("Draw a target")
                .open(&mut open)
                .resizable(false)
                .show(ui.ctx(), |ui| {
                    let (formula, keep) = drawing.ui(ui);
                    used = formula;
                    if !keep {
                        self.drawing_closed = true;
                    }
                });
            if let Some(formula) = used {
                self.formula = formula;
            }
            if !open || std::mem::take(&mut self.drawing_closed) {
                self.drawing = None;
            }
        }
        if response.changed() || self.formula != edit.target.to_string() {
            match Target::parse(&self.formula) {
                Ok(target) => {
                    self.formula_error = None;
                    if target != edit.target {
                        edit.target = target;
                    }
                }
                Err(e) => {
                    self.formula_error = Some(format!("formula error {e}; training keeps the old target"))
                }
            }
        }
        if let Some(error) = &self.formula_error {
            ui.label(error_text(ui, error.as_str()));
        }
    }
}

/// At most `n` characters of `text`, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}

/// The settings of the game: the loss, Algorithm 1's k, the optimizer, the batch, the
/// penalties that apply to the loss chosen, the cures of its failures (penalties,
/// instance noise, the unrolled D, how the players step), and which networks train.
fn game_section(ui: &mut Ui, edit: &mut Experiment) {
    ui.heading("Game");
    for key in GAME_KEYS {
        setting(ui, edit, key);
    }
    if edit.loss == Loss::Wasserstein {
        setting(ui, edit, named("clip"));
    }
    if edit.loss == Loss::WassersteinGp {
        setting(ui, edit, named("gp_lambda"));
    }
    for key in CURE_KEYS {
        setting(ui, edit, key);
    }
    ui.horizontal(|ui| {
        setting(ui, edit, named("train_d"));
        setting(ui, edit, named("train_g"));
    });
}

/// The game's keys shown for every loss.
const GAME_KEYS: [&Key; 6] = [
    named("loss"),
    named("k"),
    named("lr_d"),
    named("lr_g"),
    named("optimizer"),
    named("batch"),
];

/// The penalties and the other cures, for any loss.
const CURE_KEYS: [&Key; 5] = [
    named("r1_gamma"),
    named("r2_gamma"),
    named("instance_noise"),
    named("unrolled_steps"),
    named("updates"),
];

/// The keys that rebuild both networks.
const NETWORK_KEYS: [&Key; 7] = [
    named("hidden"),
    named("layers"),
    named("activation"),
    named("noise"),
    named("noise_dim"),
    named("seed"),
    named("device"),
];

/// The settings that rebuild both networks.
fn network_section(ui: &mut Ui, edit: &mut Experiment) {
    ui.heading("Networks");
    ui.label(note_text(
        ui,
        "Changing these rebuilds both networks and restarts training.",
    ));
    for key in NETWORK_KEYS {
        setting(ui, edit, key);
    }
}
