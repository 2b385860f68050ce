//! What a map is asked to sweep, as the Map tab's controls edit it: the game (a GAN from a
//! preset, or the Dirac-GAN), fixed settings on top, the two axes written as
//! `ganscope map --x` writes them, the steps and the seeds. Read into a
//! [`map::Request`] by the same parsers the command line uses, with the same messages.

use crate::engine::presets::{self, PRESETS};
use crate::map::{self, Request, spec::Spec};
use egui::{ComboBox, DragValue, TextEdit, Ui};

/// A starting point: two axes over a game, and what they show.
pub struct Example {
    /// Its name in the menu.
    pub name: &'static str,
    /// The Dirac-GAN, not a GAN.
    pub dirac: bool,
    /// The preset (GAN maps).
    pub preset: &'static str,
    /// Fixed settings on top, `key=value` separated by commas.
    pub set: &'static str,
    /// Across.
    pub x: &'static str,
    /// Up.
    pub y: &'static str,
    /// Steps a run.
    pub steps: u64,
}

/// The examples the menu offers, the first the default: each answers a question a lecture
/// asks.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Dirac-GAN: where a zero-centred penalty converges (simultaneous steps)",
        dirac: true,
        preset: "figure1",
        set: "",
        x: "step=0.02..2:log:16",
        y: "gamma=0..0.6:12",
        steps: 3000,
    },
    Example {
        name: "Dirac-GAN: alternating steps, step size x penalty",
        dirac: true,
        preset: "figure1",
        set: "scheme=alternating",
        x: "step=0.02..2:log:16",
        y: "gamma=0..0.6:12",
        steps: 3000,
    },
    Example {
        name: "1-D GAN: the two learning rates",
        dirac: false,
        preset: "figure1",
        set: "hidden=16, batch=64",
        x: "lr_d=1e-4..1e-1:log:6",
        y: "lr_g=1e-4..1e-1:log:6",
        steps: 1000,
    },
    Example {
        name: "Ring of modes: loss x D steps per G step",
        dirac: false,
        preset: "ring",
        set: "",
        x: "loss",
        y: "k=1,2,5",
        steps: 1500,
    },
];

/// The map's controls, as edited: a [`Spec`].
pub struct Form {
    /// What the map sweeps, as written.
    pub spec: Spec,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            spec: from_example(&EXAMPLES[0]),
        }
    }
}

/// The spec `example` fills in.
pub fn from_example(example: &Example) -> Spec {
    let preset = presets::find(example.preset).unwrap_or(&PRESETS[0]);
    Spec {
        set: example.set.into(),
        steps: example.steps,
        ..Spec::new(example.dirac, preset, example.x, example.y)
    }
}

impl Form {
    /// The request the form stands for, or the one-line message why not.
    pub fn request(&self) -> Result<Request, String> {
        self.spec.request()
    }

    /// Draws the controls; true when Enter was pressed in a text field (compute).
    pub fn ui(&mut self, ui: &mut Ui) -> bool {
        let mut enter = false;
        let spec = &mut self.spec;
        ComboBox::from_label("examples")
            .selected_text("choose an example…")
            .width(200.0)
            .show_ui(ui, |ui| {
                for example in EXAMPLES {
                    if ui.selectable_label(false, example.name).clicked() {
                        *spec = from_example(example);
                    }
                }
            })
            .response
            .on_hover_text("Fill the form with a map that answers one of the lecture's questions");
        ui.horizontal(|ui| {
            ui.label("game");
            ui.selectable_value(&mut spec.dirac, false, "GAN")
                .on_hover_text("Each cell trains a GAN from the preset below");
            ui.selectable_value(&mut spec.dirac, true, "Dirac-GAN")
                .on_hover_text("Each cell follows the Dirac-GAN from near its equilibrium; the closed form's boundary is drawn over the map");
        });
        if !spec.dirac {
            ComboBox::from_label("preset")
                .selected_text(spec.preset.name)
                .show_ui(ui, |ui| {
                    for preset in PRESETS {
                        if ui
                            .selectable_label(std::ptr::eq(spec.preset, preset), preset.name)
                            .on_hover_text(preset.summary)
                            .clicked()
                        {
                            spec.preset = preset;
                            spec.steps = preset.steps;
                            spec.seed = preset.experiment().seed;
                        }
                    }
                });
            if let Some(cure) = &spec.preset.cure {
                ui.checkbox(&mut spec.fix, format!("with the cure: {}", cure.name));
            } else {
                spec.fix = false;
            }
        }
        let mut field = |ui: &mut Ui, label: &str, text: &mut String, help: &str| {
            let label = ui.label(label);
            let response = ui
                .add(TextEdit::singleline(text).desired_width(f32::INFINITY))
                .labelled_by(label.id)
                .on_hover_text(help);
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                enter = true;
            }
        };
        let keys = match spec.dirac {
            false => {
                "any numeric key (lr_d, lr_g, k, gamma, batch, hidden, …) or a choice key (loss, optimizer)"
            }
            true => map::dirac::KEYS,
        };
        field(
            ui,
            "settings under the axes",
            &mut spec.set,
            &format!("KEY=VALUE, separated by commas, as --set writes them; keys: {keys}"),
        );
        let axis_help = format!(
            "KEY=LO..HI:lin|log:COUNT (e.g. lr_d=1e-4..1e-1:log:8), KEY=A,B,C, or a choice key alone for all its values; at most 32 values; keys: {keys}"
        );
        field(ui, "across (x)", &mut spec.x, &axis_help);
        field(ui, "up (y)", &mut spec.y, &axis_help);
        ui.horizontal(|ui| {
            ui.label("steps a run");
            // A link or a lesson may ask for more: shown as asked, never clamped.
            ui.add(
                DragValue::new(&mut spec.steps)
                    .range(1..=100_000)
                    .clamp_existing_to_range(false)
                    .speed(10.0),
            );
        });
        if !spec.dirac {
            ui.horizontal(|ui| {
                ui.label("seeds a cell");
                ui.add(DragValue::new(&mut spec.seeds).range(1..=map::MAX_SEEDS))
                    .on_hover_text(
                        "Runs per cell, seeds S, S+1, …: the cell shows the class most got, and how many",
                    );
                ui.label("from seed");
                ui.add(DragValue::new(&mut spec.seed));
            });
        }
        enter
    }
}
