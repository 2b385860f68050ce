//! A stability map drawn with plotters: the caption, the classes' key above the grid
//! (over no cell), one square per cell in its class's colour shaded by its final W1, the
//! agreed count when a cell has several seeds, the axes labelled with the swept values,
//! and on the Dirac-GAN the closed-form boundary (spectral radius 1) as a thick line
//! between cells on either side of it.

use super::ExportError;
use super::pen::{
    KeyEntry, LABEL_POINTS, Sample, background, draw_error, draw_key_row, ink, register_font, rgb, text,
};
use crate::figure::Theme;
use crate::figure::map::{
    BOUNDARY_LABEL, SHADE_NOTE, Shades, agreed_text, axis_title, boundary, class_color, map_caption,
};
use crate::map::Map;
use crate::map::class::Class;
use ::plotters::coord::Shift;
use ::plotters::prelude::*;

/// Draws `map` into `area`.
pub fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Map,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let px = |v: f64| (v * scale).round() as i32;
    let area = area
        .titled(&map_caption(map), text(theme, 20.0, scale))
        .map_err(draw_error)?;
    let mut key: Vec<KeyEntry> = Class::ALL
        .iter()
        .map(|&c| KeyEntry::new(c.name(), rgb(class_color(c, theme)), Sample::Square))
        .collect();
    if map.is_dirac() {
        key.push(KeyEntry::new(
            BOUNDARY_LABEL,
            ink(theme),
            Sample::Line(
                ink(theme).stroke_width(px(3.0).max(1) as u32),
                crate::figure::Dash::Solid,
            ),
        ));
    }
    key.push(KeyEntry::new(SHADE_NOTE, ink(theme), Sample::Note));
    let key_height = draw_key_row(&area, &key, theme, scale)?;
    let (_, below) = area.split_vertically(key_height);
    let (nx, ny) = (map.x.len(), map.y.len());
    let label_font = text(theme, LABEL_POINTS, scale);
    let y_width = map
        .y
        .values
        .iter()
        .map(|v| {
            below
                .estimate_text_size(v, &label_font)
                .map(|(w, _)| w as i32)
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0);
    let mut chart = ChartBuilder::on(&below)
        .margin(px(12.0))
        .margin_top(px(30.0))
        .margin_right(px(24.0))
        .x_label_area_size(px(56.0))
        .y_label_area_size(y_width + px(40.0))
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .disable_y_axis()
        .draw()
        .map_err(draw_error)?;
    let shades = Shades::of(map);
    // Background between cells, as a share of a cell.
    let gap = 0.04;
    for cell in &map.cells {
        let fill = rgb(shades.fill(cell, theme));
        let (x, y) = (cell.x as f64, cell.y as f64);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x + gap, y + gap), (x + 1.0 - gap, y + 1.0 - gap)],
                fill.filled(),
            )))
            .map_err(draw_error)?;
    }
    // How many seeds agreed, where a cell has several and room for the words.
    let seeds = map.cells.first().map_or(0, |c| c.runs.len());
    let cell_pixels = {
        let (a, b) = (chart.backend_coord(&(0.0, 0.0)), chart.backend_coord(&(1.0, 1.0)));
        ((b.0 - a.0).abs(), (b.1 - a.1).abs())
    };
    // Chart coordinates are the backend's; `below` draws relative to its own corner.
    let base = below.get_base_pixel();
    let local = |(x, y): (i32, i32)| (x - base.0, y - base.1);
    if seeds > 1 && cell_pixels.0 > px(34.0) && cell_pixels.1 > px(18.0) {
        let small = text(theme, 12.0, scale).pos(::plotters::style::text_anchor::Pos::new(
            ::plotters::style::text_anchor::HPos::Center,
            ::plotters::style::text_anchor::VPos::Center,
        ));
        for cell in &map.cells {
            let at = local(chart.backend_coord(&(cell.x as f64 + 0.5, cell.y as f64 + 0.5)));
            below
                .draw(&Text::new(agreed_text(cell), at, small.clone()))
                .map_err(draw_error)?;
        }
    }
    if map.is_dirac() {
        draw_boundary(&mut chart, map, theme, scale)?;
    }
    draw_axes(&chart, &below, map, theme, scale)
}

type MapChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<::plotters::coord::types::RangedCoordf64, ::plotters::coord::types::RangedCoordf64>,
>;

/// The closed form's boundary as a thick line ([`boundary`]).
fn draw_boundary<DB: DrawingBackend>(
    chart: &mut MapChart<'_, DB>,
    map: &Map,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let pen = ink(theme).stroke_width((3.0 * scale).round().max(1.0) as u32);
    chart
        .draw_series(
            boundary(map)
                .into_iter()
                .map(|edge| PathElement::new(edge.to_vec(), pen)),
        )
        .map_err(draw_error)?;
    Ok(())
}

/// The swept values under and beside the grid (as many as fit without touching), and
/// the keys' names.
fn draw_axes<DB: DrawingBackend>(
    chart: &MapChart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    map: &Map,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    use ::plotters::style::text_anchor::{HPos, Pos, VPos};
    let font = text(theme, LABEL_POINTS, scale);
    let base = area.get_base_pixel();
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(x, y));
        (px - base.0, py - base.1)
    };
    let origin = at(0.0, 0.0);
    let corner = at(map.x.len() as f64, map.y.len() as f64);
    let (cell_w, cell_h) = (
        f64::from(corner.0 - origin.0) / map.x.len() as f64,
        f64::from(origin.1 - corner.1) / map.y.len() as f64,
    );
    let widest = map
        .x
        .values
        .iter()
        .map(|v| {
            area.estimate_text_size(v, &font)
                .map(|(w, _)| f64::from(w))
                .unwrap_or(0.0)
        })
        .fold(0.0, f64::max);
    let every_x = ((widest + 12.0 * scale) / cell_w.max(1.0)).ceil().max(1.0) as usize;
    let every_y = ((20.0 * scale) / cell_h.max(1.0)).ceil().max(1.0) as usize;
    let below = origin.1 + (8.0 * scale) as i32;
    for (i, value) in map.x.values.iter().enumerate().filter(|(i, _)| i % every_x == 0) {
        let at = at(i as f64 + 0.5, 0.0);
        area.draw(&Text::new(
            value.clone(),
            (at.0, below),
            font.clone().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_error)?;
    }
    for (i, value) in map.y.values.iter().enumerate().filter(|(i, _)| i % every_y == 0) {
        let at = at(0.0, i as f64 + 0.5);
        area.draw(&Text::new(
            value.clone(),
            (at.0 - (8.0 * scale) as i32, at.1),
            font.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(draw_error)?;
    }
    let name_font = text(theme, LABEL_POINTS, scale).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(
        axis_title(&map.x),
        ((origin.0 + corner.0) / 2, below + (26.0 * scale) as i32),
        name_font,
    ))
    .map_err(draw_error)?;
    area.draw(&Text::new(
        axis_title(&map.y),
        (origin.0 - (8.0 * scale) as i32, corner.1 - (14.0 * scale) as i32),
        text(theme, LABEL_POINTS, scale).pos(Pos::new(HPos::Right, VPos::Bottom)),
    ))
    .map_err(draw_error)?;
    Ok(())
}
