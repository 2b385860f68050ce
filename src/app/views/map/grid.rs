//! A stability map drawn in the window: the classes' key as a row above (over no cell),
//! one square per computed cell in its class's colour shaded by its final W1 (the same
//! colours and shades as the file, from `figure::map`), how many seeds agreed when a
//! cell has several, the swept values along both axes, the Dirac-GAN's exact boundary,
//! and the cell under the pointer with its numbers.

use crate::app::widgets::key::{KeyEntry, Swatch, key_row};
use crate::app::widgets::style::{color, theme_of};
use crate::figure::Theme;
use crate::figure::map::{
    BOUNDARY_LABEL, SHADE_NOTE, Shades, agreed_text, axis_title, boundary, class_color,
};
use crate::map::class::Class;
use crate::map::{Cell, Map};
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, Vec2};

/// What the pointer did on the grid this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointed {
    /// The cell clicked, (x, y).
    pub clicked: Option<(usize, usize)>,
    /// Clicked with Shift (or Ctrl): chosen for Compare.
    pub chosen: Option<(usize, usize)>,
    /// Where the grid was drawn, in points.
    pub grid: Rect,
    /// A cell's width and height.
    pub cell: Vec2,
}

/// The key above the grid.
fn key(map: &Map, theme: Theme) -> Vec<KeyEntry> {
    let mut entries: Vec<KeyEntry> = Class::ALL
        .iter()
        .map(|&c| KeyEntry::new(c.name(), color(class_color(c, theme)), Swatch::Square))
        .collect();
    if map.is_dirac() {
        entries.push(KeyEntry::line(
            BOUNDARY_LABEL,
            ink(theme),
            crate::figure::Dash::Solid,
            3.0,
        ));
    }
    entries.push(KeyEntry::new(SHADE_NOTE, ink(theme), Swatch::Note));
    entries
}

fn ink(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::from_gray(20),
        Theme::Dark => Color32::from_gray(235),
    }
}

/// Draws `map` (its cells so far) into the space left in `ui`; `chosen` is marked.
pub fn grid(ui: &mut Ui, map: &Map, chosen: Option<(usize, usize)>) -> Pointed {
    let theme = theme_of(ui.ctx());
    key_row(ui, &key(map, theme));
    let font = egui::TextStyle::Body.resolve(ui.style());
    let (nx, ny) = (map.x.len(), map.y.len());
    let painter = ui.painter().clone();
    let text_width = |s: &str| {
        painter
            .layout_no_wrap(s.to_string(), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    let y_labels = map.y.values.iter().map(|v| text_width(v)).fold(0.0, f32::max);
    let line = font.size * 1.4;
    let available = ui.available_rect_before_wrap();
    // Left: the y values and a gap; below: the x values and the x key's name.
    let left = y_labels + 12.0;
    let bottom = 2.0 * line + 10.0;
    let top = line + 6.0;
    let area = Rect::from_min_max(
        Pos2::new(available.left() + left, available.top() + top),
        Pos2::new(available.right() - 12.0, available.bottom() - bottom),
    );
    // The space the window gives, cells at most twice as wide as tall or the reverse.
    let (fit_w, fit_h) = (area.width() / nx as f32, area.height() / ny as f32);
    let size = Vec2::new(fit_w.min(2.0 * fit_h), fit_h.min(2.0 * fit_w)).max(Vec2::splat(4.0));
    let side = size.min_elem();
    let grid = Rect::from_min_size(area.min, Vec2::new(size.x * nx as f32, size.y * ny as f32));
    let response = ui.allocate_rect(available, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "stability map"));
    let cell_rect = |x: usize, y: usize| {
        Rect::from_min_size(
            Pos2::new(
                grid.left() + x as f32 * size.x,
                grid.bottom() - (y + 1) as f32 * size.y,
            ),
            size,
        )
    };
    let to_screen =
        |(x, y): (f64, f64)| Pos2::new(grid.left() + x as f32 * size.x, grid.bottom() - y as f32 * size.y);
    let shades = Shades::of(map);
    let gap = (side * 0.04).max(1.0);
    let small = FontId::proportional((side * 0.3).min(font.size));
    let empty = ui.visuals().faint_bg_color;
    for y in 0..ny {
        for x in 0..nx {
            let rect = cell_rect(x, y).shrink(gap);
            match map.cell(x, y) {
                Some(cell) => {
                    painter.rect_filled(rect, 0.0, color(shades.fill(cell, theme)));
                    if cell.runs.len() > 1 && size.x > 34.0 && size.y > 18.0 {
                        painter.text(
                            rect.center(),
                            Align2::CENTER_CENTER,
                            agreed_text(cell),
                            small.clone(),
                            ink(Theme::Light),
                        );
                    }
                }
                None => {
                    painter.rect_filled(rect, 0.0, empty);
                }
            }
        }
    }
    for [a, b] in boundary(map) {
        painter.line_segment([to_screen(a), to_screen(b)], Stroke::new(3.0, ink(theme)));
    }
    let text_color = ui.visuals().text_color();
    // As many values as fit without touching.
    let widest = map.x.values.iter().map(|v| text_width(v)).fold(0.0, f32::max);
    let every_x = ((widest + 12.0) / size.x).ceil().max(1.0) as usize;
    let every_y = (line / size.y).ceil().max(1.0) as usize;
    for (i, value) in map.x.values.iter().enumerate().filter(|(i, _)| i % every_x == 0) {
        let at = Pos2::new(cell_rect(i, 0).center().x, grid.bottom() + 4.0);
        painter.text(at, Align2::CENTER_TOP, value, font.clone(), text_color);
    }
    for (i, value) in map.y.values.iter().enumerate().filter(|(i, _)| i % every_y == 0) {
        let at = Pos2::new(grid.left() - 6.0, cell_rect(0, i).center().y);
        painter.text(at, Align2::RIGHT_CENTER, value, font.clone(), text_color);
    }
    painter.text(
        Pos2::new(grid.center().x, grid.bottom() + line + 6.0),
        Align2::CENTER_TOP,
        axis_title(&map.x),
        font.clone(),
        text_color,
    );
    painter.text(
        Pos2::new(grid.left(), grid.top() - 4.0),
        Align2::LEFT_BOTTOM,
        format!("↑ {}", axis_title(&map.y)),
        font.clone(),
        text_color,
    );
    if let Some((x, y)) = chosen {
        painter.rect_stroke(
            cell_rect(x, y),
            0.0,
            Stroke::new(3.0, ink(theme)),
            egui::StrokeKind::Inside,
        );
    }
    let mut pointed = Pointed {
        clicked: None,
        chosen: None,
        grid,
        cell: size,
    };
    let Some(pointer) = response.hover_pos().filter(|p| grid.contains(*p)) else {
        return pointed;
    };
    let x = (((pointer.x - grid.left()) / size.x) as usize).min(nx - 1);
    let y = (((grid.bottom() - pointer.y) / size.y) as usize).min(ny - 1);
    painter.rect_stroke(
        cell_rect(x, y),
        0.0,
        Stroke::new(2.0, text_color),
        egui::StrokeKind::Inside,
    );
    if let Some(cell) = map.cell(x, y) {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(describe(cell));
        });
    }
    if response.clicked() && map.cell(x, y).is_some() {
        if ui.input(|i| i.modifiers.shift || i.modifiers.command) {
            pointed.chosen = Some((x, y));
        } else {
            pointed.clicked = Some((x, y));
        }
    }
    pointed
}

/// A cell's numbers, as the tooltip shows them: its settings, its class and how many
/// runs agreed, then each run's final distances and the reason for its class.
pub fn describe(cell: &Cell) -> String {
    let [(kx, vx), (ky, vy)] = &cell.settings;
    let mut text = format!(
        "{kx} = {vx}, {ky} = {vy}\n{} ({} of {} runs)",
        cell.class.name(),
        cell.agreed,
        cell.runs.len()
    );
    if let Some(exact) = &cell.exact {
        text.push_str(&format!(
            "\nclosed form: spectral radius {:.4}, {}{}",
            exact.radius,
            exact.verdict,
            if exact.near_boundary {
                " (too near 1 to judge)"
            } else {
                ""
            }
        ));
    }
    for run in &cell.runs {
        let distances = if run.tv.is_finite() {
            format!("W1 {:.3}, TV {:.3}, JS {:.3}", run.w1, run.tv, run.js)
        } else {
            format!("distance to the equilibrium {:.3e}", run.w1)
        };
        let seed = if cell.exact.is_some() {
            String::new()
        } else {
            format!("seed {}: ", run.seed)
        };
        text.push_str(&format!(
            "\n{seed}{}: {distances}; {}",
            run.verdict.class.name(),
            run.verdict.reason
        ));
    }
    text
}
