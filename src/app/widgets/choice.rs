//! One drop-down for the small enums of the settings (loss, optimizer, activation, noise,
//! the Dirac game): every value by its name, each with its own tooltip when it has one.

use egui::{ComboBox, Response, Ui};

/// A combo box labelled `label` over `all`, showing `name` of each value. With `help`,
/// every entry and the closed box (for the chosen value) get that value's tooltip;
/// without, the caller adds one tooltip to the returned response.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: fn(T) -> &'static str,
    help: Option<fn(T) -> &'static str>,
) -> Response {
    let response = ComboBox::from_label(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &option in all {
                let entry = ui.selectable_value(value, option, name(option));
                if let Some(help) = help {
                    entry.on_hover_text(help(option));
                }
            }
        })
        .response;
    match help {
        Some(help) => response.on_hover_text(help(*value)),
        None => response,
    }
}
