//! The top bar: the presets menu (each with the lecture note of what to watch), the
//! lecture-mode view settings (font scale, theme, D* overlay) and the choice of view.

use super::settings::Settings;
use super::tabs::Tab;
use crate::engine::presets::{PRESETS, Preset};
use egui::Ui;

/// Draws the bar, switching `tab` when a view is picked; returns the preset the user
/// picked, if any.
pub fn ui(ui: &mut Ui, settings: &mut Settings, tab: &mut Tab) -> Option<&'static Preset> {
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
            ui.label("double-click the figure: back to the fixed axes");
        })
        .response
        .on_hover_text("Keyboard shortcuts");
        ui.separator();
        for view in Tab::ALL {
            ui.selectable_value(tab, view, view.name())
                .on_hover_text(view.help());
        }
        ui.separator();
        ui.label(egui::RichText::new("ganscope: Figure 1 of Goodfellow et al. (2014), live").weak());
    });
    picked
}
