//! A setting's widget drawn from the key table ([`crate::engine::config::keys`]): a
//! slider over the key's whole allowed range (logarithmic where it spans decades), a
//! drop-down of its names, or a checkbox, labelled with the key's name as TOML and
//! `--set` spell it, with its meaning and allowed values as the tooltip. The live view
//! and Compare draw every setting through here, so a range is written once.

use crate::engine::config::Experiment;
use crate::engine::config::keys::{Domain, Key};
use egui::{ComboBox, DragValue, Response, Slider, Ui};

/// Whole-number ranges wider than this get a number field instead of a slider (the seed).
const SLIDER_SPAN: u64 = 1_000_000;

/// A real range spanning more than this factor gets a logarithmic slider.
const LOG_SPAN: f64 = 100.0;

/// The tooltip of a key: what it means, what it allows, whether it restarts training.
pub fn tooltip(key: &Key) -> String {
    let restart = if key.rebuilds {
        " (changing it rebuilds both networks and restarts training)"
    } else {
        ""
    };
    format!("{}; allowed: {}{restart}", key.meaning, key.allowed())
}

/// Draws the widget of `key` (name it with `keys::named`, checked when compiled),
/// editing `edit`. Returns its response, or `None` for the target formula, which has its
/// own field.
pub fn setting(ui: &mut Ui, edit: &mut Experiment, key: &'static Key) -> Option<Response> {
    let response = match &key.domain {
        Domain::Formula { .. } => return None,
        Domain::Choice { choices, get, put } => {
            let mut index = get(edit);
            let selected = choices.get(index).map_or("", |c| c.name);
            let response = ComboBox::from_label(key.name)
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for (i, choice) in choices.iter().enumerate() {
                        ui.selectable_value(&mut index, i, choice.name)
                            .on_hover_text(choice.help);
                    }
                })
                .response;
            if index != get(edit) {
                put(edit, index);
            }
            let help = choices.get(index).map_or("", |c| c.help);
            response.on_hover_text(format!("{}\n\n{help}", tooltip(key)))
        }
        Domain::Whole {
            min,
            max,
            log,
            get,
            put,
        } => {
            let mut value = get(edit);
            let response = if max - min > SLIDER_SPAN {
                ui.horizontal(|ui| {
                    let label = ui.label(key.name);
                    ui.add(DragValue::new(&mut value).range(*min..=*max))
                        .labelled_by(label.id)
                })
                .inner
            } else {
                ui.add(
                    Slider::new(&mut value, *min..=*max)
                        .logarithmic(*log)
                        .text(key.name),
                )
            };
            if value != get(edit) {
                put(edit, value);
            }
            response.on_hover_text(tooltip(key))
        }
        Domain::Real {
            min,
            min_inclusive,
            max,
            slider_floor,
            get,
            put,
        } => {
            let mut value = get(edit);
            let low = if *min_inclusive {
                *min
            } else {
                min.max(*slider_floor)
            };
            let log = *max / slider_floor.max(f64::MIN_POSITIVE) > LOG_SPAN;
            let response = ui.add(
                Slider::new(&mut value, low..=*max)
                    .logarithmic(log)
                    .smallest_positive(*slider_floor)
                    .text(key.name),
            );
            if value != get(edit) && value.is_finite() {
                put(edit, value);
            }
            response.on_hover_text(tooltip(key))
        }
        Domain::Flag { get, put } => {
            let mut value = get(edit);
            let response = ui.checkbox(&mut value, key.name);
            if value != get(edit) {
                put(edit, value);
            }
            response.on_hover_text(tooltip(key))
        }
    };
    Some(response)
}

/// Draws the settings of `keys` in rows wrapped to the width of `ui`. A setting that would
/// not fit the rest of its row starts the next one: egui's own wrapping places a slider
/// (rail, number and name) where the row's cursor is, so a half of Compare in classroom
/// type ran its last slider into the other half. Each setting's width is the one it took
/// in the last frame (the first frame wraps as egui does).
pub fn settings_rows(ui: &mut Ui, edit: &mut Experiment, keys: &[&'static Key]) {
    ui.horizontal_wrapped(|ui| {
        let row_start = ui.max_rect().left();
        for key in keys {
            let id = ui.scope_id().with(("setting width", key.name));
            let width: Option<f32> = ui.data(|d| d.get_temp(id));
            let starts_row = ui.cursor().left() <= row_start + 0.5;
            if let Some(width) = width
                && !starts_row
                && ui.available_size_before_wrap().x < width
            {
                ui.end_row();
            }
            // A horizontal group, so a drop-down and its name never wrap apart.
            let rect = ui.horizontal(|ui| setting(ui, edit, key)).response.rect;
            ui.data_mut(|d| d.insert_temp(id, rect.width()));
        }
    });
}
