//! The key of a plot, drawn as a row above it instead of a legend box inside it: a legend
//! in a corner of the plot covered curves (a metric's line, p_g's peak in Figure 1 (b),
//! the top of the phase plane's unit circle) at some size or on some seed, and no corner
//! is free on every seed. Outside the plot it covers nothing, at any size.

use super::style::line_style;
use crate::figure::Dash;
use egui::{Color32, Pos2, Sense, Stroke, Ui, Vec2};
use egui_plot::LineStyle;

/// What an entry's sample looks like.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A short stretch of line in the curve's dash.
    Line(Dash),
    /// A dot, for scattered samples.
    Dot,
    /// A ring, for the mode markers.
    Ring,
    /// An arrow, for the z -> x mapping or gradient arrows.
    Arrow,
    /// A filled square, for a map's classes.
    Square,
    /// No sample: a note in its colour (a cut curve's true peak, where p_g went).
    Note,
}

/// One entry of a key.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEntry {
    /// What it names.
    pub label: String,
    /// Its colour.
    pub color: Color32,
    /// Its sample.
    pub swatch: Swatch,
    /// Line width of the sample, in points.
    pub width: f32,
}

impl KeyEntry {
    /// A line entry.
    pub fn line(label: impl Into<String>, color: Color32, dash: Dash, width: f32) -> Self {
        KeyEntry {
            label: label.into(),
            color,
            swatch: Swatch::Line(dash),
            width,
        }
    }

    /// An entry with another sample.
    pub fn new(label: impl Into<String>, color: Color32, swatch: Swatch) -> Self {
        KeyEntry {
            label: label.into(),
            color,
            swatch,
            width: 1.5,
        }
    }
}

/// Width of an entry's sample.
const SWATCH: Vec2 = Vec2::new(24.0, 12.0);

/// Draws `entries` as one row wrapped to the width of `ui`, in the order given, and
/// returns the rectangle it took. Each entry (sample and words) is one widget of its
/// measured size, so a narrow column (half of Compare, classroom type) wraps between
/// entries and never lets one run into the next column.
pub fn key_row(ui: &mut Ui, entries: &[KeyEntry]) -> egui::Rect {
    let response = ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        for entry in entries {
            let font = egui::TextStyle::Small.resolve(ui.style());
            let color = if entry.swatch == Swatch::Note {
                entry.color
            } else {
                ui.visuals().text_color()
            };
            let galley = ui.painter().layout_no_wrap(entry.label.clone(), font, color);
            let sample = if entry.swatch == Swatch::Note {
                0.0
            } else {
                SWATCH.x + 4.0
            };
            let size = Vec2::new(sample + galley.size().x, galley.size().y.max(SWATCH.y));
            let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
            if entry.swatch != Swatch::Note {
                let swatch = egui::Rect::from_center_size(
                    Pos2::new(rect.left() + SWATCH.x / 2.0, rect.center().y),
                    SWATCH,
                );
                paint_swatch(ui, swatch, entry);
            }
            let text_at = Pos2::new(rect.left() + sample, rect.center().y - galley.size().y / 2.0);
            ui.painter().galley(text_at, galley, color);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, entry.label.as_str()));
        }
    });
    response.response.rect
}

fn paint_swatch(ui: &Ui, rect: egui::Rect, entry: &KeyEntry) {
    let painter = ui.painter();
    let y = rect.center().y;
    let (left, right) = (rect.left() + 1.0, rect.right() - 1.0);
    let stroke = Stroke::new(entry.width, entry.color);
    match entry.swatch {
        Swatch::Line(dash) => match line_style(dash) {
            LineStyle::Solid => {
                painter.line_segment([Pos2::new(left, y), Pos2::new(right, y)], stroke);
            }
            LineStyle::Dashed { .. } => {
                for (a, b) in [(0.0, 0.35), (0.6, 0.95)] {
                    painter.line_segment(
                        [
                            Pos2::new(left + a * (right - left), y),
                            Pos2::new(left + b * (right - left), y),
                        ],
                        stroke,
                    );
                }
            }
            LineStyle::Dotted { .. } => {
                for i in 0..5 {
                    let x = left + (i as f32 + 0.5) * (right - left) / 5.0;
                    painter.circle_filled(Pos2::new(x, y), entry.width * 0.6, entry.color);
                }
            }
        },
        Swatch::Dot => {
            painter.circle_filled(rect.center(), 3.0, entry.color);
        }
        Swatch::Ring => {
            painter.circle_stroke(rect.center(), 5.0, Stroke::new(2.0, entry.color));
        }
        Swatch::Arrow => {
            painter.arrow(Pos2::new(left, y), egui::vec2(right - left, 0.0), stroke);
        }
        Swatch::Square => {
            painter.rect_filled(
                egui::Rect::from_center_size(rect.center(), Vec2::splat(rect.height())),
                1.0,
                entry.color,
            );
        }
        Swatch::Note => {}
    }
}

/// Colours for series that have no role of their own (the metric charts), distinct on
/// light and dark backgrounds.
pub const SERIES: [Color32; 4] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(230, 110, 20),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(200, 40, 60),
];
