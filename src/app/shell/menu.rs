//! The top bar: the presets menu (each with the lecture note of what to watch), the
//! lecture-mode view settings (font scale, theme, D* overlay) and the choice of view.

use super::tabs::Tab;
use crate::app::platform;
use crate::app::settings::Settings;
use crate::engine::presets::{PRESETS, Preset};
use crate::lesson::Lesson;
use crate::lesson::builtin::{BUILTINS, open};
use egui::Ui;

/// What the user picked in the bar.
#[derive(Default)]
pub struct Chosen {
    /// A preset to load.
    pub preset: Option<&'static Preset>,
    /// A lesson to play, or why the one asked for cannot be.
    pub lesson: Option<Result<Lesson, String>>,
    /// Open the browser's file picker for a lesson or a config.
    pub open_file: bool,
    /// Copy the link to what is on screen.
    pub copy_link: bool,
}

/// Draws the bar, switching `tab` when a view is picked; `lesson_path` is the lesson
/// file typed in the Lessons menu.
pub fn ui(ui: &mut Ui, settings: &mut Settings, tab: &mut Tab, lesson_path: &mut String) -> Chosen {
    let mut chosen = Chosen::default();
    let mut picked = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("Presets", |ui| {
            for preset in PRESETS {
                let button = ui
                    .button(format!("{} — {}", preset.name, preset.summary))
                    .on_hover_text(preset.lecture);
                if button.clicked() {
                    picked = Some(preset);
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text("Named experiments, each showing one phenomenon; loading one restarts training");
        ui.menu_button("Lessons", |ui| {
            for builtin in BUILTINS {
                let title = builtin.lesson().map(|l| l.title).unwrap_or_default();
                if ui.button(format!("{} — {title}", builtin.name)).clicked() {
                    chosen.lesson = Some(builtin.lesson().map_err(|e| e.to_string()));
                    ui.close();
                }
            }
            ui.separator();
            if platform::BROWSER {
                if ui
                    .button("Open a lesson or config file…")
                    .on_hover_text("A lesson (.toml with scenes) plays; a config starts on top of the figure1 preset. Or drop one on the page.")
                    .clicked()
                {
                    chosen.open_file = true;
                    ui.close();
                }
                return;
            }
            ui.label("or a lesson file (or drop one on the window):");
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(lesson_path)
                        .hint_text("lesson.toml")
                        .desired_width(200.0),
                );
                if ui.button("Open").clicked() {
                    chosen.lesson = Some(open(lesson_path.trim()).map_err(|e| e.to_string()));
                    ui.close();
                }
            });
        })
        .response
        .on_hover_text(
            "Play a lecture as a script: Page Down / Page Up (or a clicker) move through its scenes",
        );
        ui.menu_button("View", |ui| {
            ui.add(egui::Slider::new(&mut settings.font_scale, 0.75..=2.5).text("font scale"))
                .on_hover_text("Zoom the whole window, for a projector");
            ui.checkbox(&mut settings.dark, "dark theme")
                .on_hover_text("Light ink on dark; the default white matches the paper");
            ui.checkbox(&mut settings.show_optimal, "show D*")
                .on_hover_text("Overlay D* = p_data / (p_data + p_g), the best D for the current G");
        })
        .response
        .on_hover_text("Lecture mode: font scale, theme, D* overlay");
        ui.menu_button("Help", |ui| {
            ui.label("space: play / pause");
            ui.label("S: one iteration");
            ui.label("R: reset the networks");
            ui.label("P: save the picture shown (PNG), as its Save PNG button does");
            ui.label("Shift+R: start or stop recording (Live view), as its Record buttons do");
            ui.label("double-click the figure: back to the fixed axes");
            ui.label("Page Down / → and Page Up / ←: a lesson's next and previous scene");
            ui.label("F5: classroom mode, F11: fullscreen, Esc: leave classroom mode");
        })
        .response
        .on_hover_text("Keyboard shortcuts");
        ui.separator();
        for view in Tab::ALL {
            ui.selectable_value(tab, view, view.name())
                .on_hover_text(view.help());
        }
        ui.separator();
        if platform::BROWSER
            && ui
                .button("Copy link")
                .on_hover_text("Copy the address of what is on screen: the preset, the keys changed, the seed and the view, or the lesson at its scene")
                .clicked()
        {
            chosen.copy_link = true;
        }
        ui.label(egui::RichText::new("ganscope: Figure 1 of Goodfellow et al. (2014), live").weak());
    });
    chosen.preset = picked;
    chosen
}
