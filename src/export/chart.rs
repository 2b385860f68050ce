//! A [`Figure`] drawn with plotters into any drawing area (bitmap or SVG), from the same
//! description (roles, colours, dashes, labels) the app draws with egui_plot, so the
//! screen and the slides agree: the densities and D on top, the x and z lines with the
//! arrows under them, a critic on a chart of its own. No display or GPU is needed.

use super::ExportError;
use super::pen::{
    KeyEntry, LABEL_POINTS, SMALL_POINTS, Sample, background, draw_error, draw_key_row, grid, ink, pen,
    register_font, rgb, text,
};
use crate::figure::ticks::{nice_ticks, tick_label, ticks_that_fit};
use crate::figure::{Curve, Cut, Dash, Figure, KeptRange, Role, Theme, YAxis};
use ::plotters::coord::Shift;
use ::plotters::coord::types::RangedCoordf64;
use ::plotters::prelude::*;
use ::plotters::style::text_anchor::{HPos, Pos, VPos};

/// The points of a curve, finite and cut at the top of the plot, with the pen of its role.
fn prepare(
    points: &[[f64; 2]],
    role: Role,
    theme: Theme,
    scale: f64,
    y_max: f64,
) -> (Vec<(f64, f64)>, ShapeStyle) {
    let shape = pen(role.style(), theme, scale);
    let points = points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .map(|p| (p[0], p[1].min(y_max)))
        .collect();
    (points, shape)
}

/// Dash and gap lengths in pixels for a dash kind.
pub(crate) fn dash_pattern(dash: Dash, scale: f64) -> (i32, i32) {
    match dash {
        Dash::Dotted => ((2.5 * scale) as i32, (4.0 * scale) as i32),
        _ => ((9.0 * scale) as i32, (6.0 * scale) as i32),
    }
}

/// Draws one frame of the figure into `area`, with an optional caption on top, on the
/// figure's own density axis ([`Figure::y_axis`]). `scale` multiplies line widths and
/// text (2.0 for slides at twice the size).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &Figure,
    caption: Option<&str>,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    draw_on_axis(area, figure, caption, theme, scale, figure.y_axis())
}

/// [`draw`] on a given density axis: a curve taller than its top is cut there, and the
/// cut is marked with the curve's true peak.
fn draw_on_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &Figure,
    caption: Option<&str>,
    theme: Theme,
    scale: f64,
    axis: YAxis,
) -> Result<(), ExportError> {
    if let Some(plane) = &figure.plane {
        return super::plane_chart::draw(area, plane, caption, theme, scale);
    }
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let text = |size: f64| text(theme, size, scale);
    let area = match caption {
        Some(caption) => area.titled(caption, text(20.0)).map_err(draw_error)?,
        None => area.clone(),
    };
    // The key above the chart, over no curve: a legend box in a corner covered a curve
    // at some size or on some seed. A cut curve's true peak is written there too.
    let mut key: Vec<KeyEntry> = figure
        .key_roles()
        .into_iter()
        .map(|role| {
            let style = role.style();
            let sample = match role {
                Role::Mapping => Sample::Arrow,
                _ => Sample::Line(pen(style, theme, scale), style.dash),
            };
            KeyEntry::new(style.label, rgb(style.color(theme)), sample)
        })
        .collect();
    if let Some(cut) = axis.cut {
        key.push(KeyEntry::new(
            cut.words(),
            rgb(cut.role.style().color(theme)),
            Sample::Note,
        ));
    }
    let key_height = draw_key_row(&area, &key, theme, scale)?;
    let (_, key_area_rest) = area.split_vertically(key_height);
    let area = key_area_rest;
    let (_, height) = area.dim_in_pixel();
    let height = f64::from(height);
    // Like the app: densities and D on top, the x and z lines under them, and a critic
    // (not a probability) on a chart of its own below.
    let (top, rest) = area.split_vertically((height * if figure.has_critic() { 0.56 } else { 0.72 }) as u32);
    let (mapping, critic_area) = rest.split_vertically((height * 0.24) as u32);
    let (x_lo, x_hi) = figure.x_range;
    let y_max = axis.top;
    let mut chart = ChartBuilder::on(&top)
        .margin_left((10.0 * scale) as u32)
        .margin_right((10.0 * scale) as u32)
        .margin_top((4.0 * scale) as u32)
        .x_label_area_size((2.0 * scale) as u32)
        .y_label_area_size((44.0 * scale) as u32)
        .build_cartesian_2d(x_lo..x_hi, 0.0..y_max)
        .map_err(draw_error)?;
    let grid = grid(theme);
    let y_desc = if figure.has_critic() {
        "density"
    } else {
        "density / D(x)"
    };
    // The x axis's numbers go on the x line below (draw_mapping), as in the app.
    chart
        .configure_mesh()
        .light_line_style(grid.mix(0.3))
        .bold_line_style(grid.mix(0.6))
        .axis_style(ink(theme))
        .label_style(text(LABEL_POINTS))
        .x_label_formatter(&|_| String::new())
        .y_desc(y_desc)
        .axis_desc_style(text(LABEL_POINTS))
        .draw()
        .map_err(draw_error)?;
    // The level D = 1/2 of the equilibrium, faint, when D is a probability.
    if !figure.has_critic() {
        let half = rgb(Role::Half.style().color(theme)).stroke_width(scale.max(1.0) as u32);
        chart
            .draw_series(LineSeries::new([(x_lo, 0.5), (x_hi, 0.5)], half))
            .map_err(draw_error)?;
    }
    for curve in &figure.curves {
        draw_curve(&mut chart, curve, theme, scale, y_max)?;
    }
    if let Some(cut) = axis.cut {
        draw_cut(&mut chart, cut, y_max, theme, scale)?;
    }
    let (plot_x, _) = chart.plotting_area().get_pixel_range();
    draw_mapping(&mapping, figure, plot_x, theme, scale)?;
    if figure.has_critic() {
        draw_critic(
            &critic_area,
            &figure.critic,
            figure.critic_range,
            figure.x_range,
            theme,
            scale,
        )?;
    }
    Ok(())
}

/// Draws one curve in the pen and dash of its role, cut at `y_max`, in segments where it
/// is undefined.
fn draw_curve<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    curve: &Curve,
    theme: Theme,
    scale: f64,
    y_max: f64,
) -> Result<(), ExportError> {
    for segment in curve.segments() {
        let (points, shape) = prepare(segment, curve.role, theme, scale, y_max);
        match curve.role.style().dash {
            Dash::Solid => chart.draw_series(LineSeries::new(points, shape)),
            dash => {
                let (on, off) = dash_pattern(dash, scale);
                chart.draw_series(DashedLineSeries::new(points, on, off, shape))
            }
        }
        .map_err(draw_error)?;
    }
    Ok(())
}

/// Marks a curve cut at the top of the axis with a small arrow head where it leaves the
/// chart (its true peak is written in the key row).
fn draw_cut<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    cut: Cut,
    top: f64,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError>
where
    DB: DrawingBackend,
    CT: CoordTranslate<From = (f64, f64)>,
{
    let color = rgb(cut.role.style().color(theme));
    let (px, py) = chart.plotting_area().map_coordinate(&(cut.x, top));
    let size = (6.0 * scale) as i32;
    let area = chart.plotting_area().strip_coord_spec();
    let (base_x, base_y) = area.get_base_pixel();
    let (px, py) = (px - base_x, py - base_y);
    area.draw(&Polygon::new(
        vec![(px, py), (px - size, py + 2 * size), (px + size, py + 2 * size)],
        color.filled(),
    ))
    .map_err(draw_error)
}

/// The critic of a Wasserstein or hinge loss (and its optimum) on a chart of its own: a
/// score with its own scale, never on the probability axis; on the range `kept` across
/// frames, or fitted to this frame's curves.
fn draw_critic<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[Curve],
    kept: Option<(f64, f64)>,
    (x_lo, x_hi): (f64, f64),
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let text = |size: f64| text(theme, size, scale);
    let (lo, hi) = kept.unwrap_or_else(|| {
        KeptRange::default().follow(curves.iter().flat_map(|c| c.points.iter()).map(|p| p[1]), 0.1)
    });
    let mut chart = ChartBuilder::on(area)
        .margin_left((10.0 * scale) as u32)
        .margin_right((10.0 * scale) as u32)
        .x_label_area_size((6.0 * scale) as u32)
        .y_label_area_size((44.0 * scale) as u32)
        .build_cartesian_2d(x_lo..x_hi, lo..hi)
        .map_err(draw_error)?;
    let grid = grid(theme);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(4)
        .light_line_style(grid.mix(0.3))
        .axis_style(ink(theme))
        .label_style(text(SMALL_POINTS))
        .y_desc("critic f(x)")
        .axis_desc_style(text(SMALL_POINTS))
        .draw()
        .map_err(draw_error)?;
    for curve in curves {
        draw_curve(&mut chart, curve, theme, scale, f64::INFINITY)?;
    }
    Ok(())
}

/// The paper's lower panel: the x line above the z line, with an arrow from each evenly
/// spaced z to G(z). `plot_x` is the pixel span of the chart's x axis, so both line up.
fn draw_mapping<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &Figure,
    plot_x: std::ops::Range<i32>,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let (base_x, _) = area.get_base_pixel();
    let (_, height) = area.dim_in_pixel();
    let (left, right) = (plot_x.start - base_x, plot_x.end - base_x);
    let (x_lo, x_hi) = figure.x_range;
    let to_px = |x: f64| left + (((x - x_lo) / (x_hi - x_lo)) * (right - left) as f64).round() as i32;
    let x_line = (height as f64 * 0.3) as i32;
    let z_line = (height as f64 * 0.78) as i32;
    let line_style =
        ink(theme).stroke_width((Role::DomainLine.style().width as f64 * scale).round().max(1.0) as u32);
    let label = text(theme, 16.0, scale).pos(Pos::new(HPos::Right, VPos::Center));
    for (y, name) in [(x_line, "x"), (z_line, "z")] {
        area.draw(&PathElement::new(vec![(left, y), (right, y)], line_style))
            .map_err(draw_error)?;
        // Level with its line, left of it.
        area.draw(&Text::new(name, (left - (8.0 * scale) as i32, y), label.clone()))
            .map_err(draw_error)?;
    }
    // The x axis's numbers, on the x line (as in the app), spaced to fit.
    // Above the line: the arrows arrive from below.
    let numbers = text(theme, LABEL_POINTS, scale).pos(Pos::new(HPos::Center, VPos::Bottom));
    let ticks = nice_ticks(x_lo, x_hi, ticks_that_fit(f64::from(right - left), 36.0 * scale));
    let step = match ticks.as_slice() {
        [a, b, ..] => b - a,
        _ => x_hi - x_lo,
    };
    let tick = (5.0 * scale) as i32;
    for value in ticks {
        let x = to_px(value);
        area.draw(&PathElement::new(
            vec![(x, x_line), (x, x_line - tick)],
            line_style,
        ))
        .map_err(draw_error)?;
        if x - left > (14.0 * scale) as i32 && right - x > (14.0 * scale) as i32 {
            area.draw(&Text::new(
                tick_label(value, step),
                (x, x_line - tick - 1),
                numbers.clone(),
            ))
            .map_err(draw_error)?;
        }
    }
    // The z line's ends, as in the app.
    let (z_left, z_right) = figure.z_ends();
    let end = |anchor: HPos| text(theme, LABEL_POINTS, scale).pos(Pos::new(anchor, VPos::Top));
    area.draw(&Text::new(
        format!("z = {z_left}"),
        (left, z_line + 4),
        end(HPos::Left),
    ))
    .map_err(draw_error)?;
    area.draw(&Text::new(
        format!("z = {z_right}"),
        (right, z_line + 4),
        end(HPos::Right),
    ))
    .map_err(draw_error)?;
    if figure.arrows.is_empty() {
        let note = text(theme, LABEL_POINTS, scale);
        let message = "z has more than one dimension: no z -> x arrows";
        return area
            .draw(&Text::new(message, (left, (x_line + z_line) / 2), note))
            .map_err(draw_error);
    }
    let arrow_style = rgb(Role::Mapping.style().color(theme)).stroke_width(scale.max(1.0) as u32);
    let head = (5.0 * scale) as i32;
    for arrow in &figure.arrows {
        let from = (to_px(figure.z_on_x_axis(arrow.z)), z_line);
        // Arrows that leave the plot end at its edge.
        let to = (to_px(arrow.x.clamp(x_lo, x_hi)), x_line);
        area.draw(&PathElement::new(vec![from, to], arrow_style))
            .map_err(draw_error)?;
        let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
        let length = dx.hypot(dy).max(1.0);
        let (ux, uy) = (dx / length, dy / length);
        let back = (
            to.0 as f64 - ux * head as f64 * 1.6,
            to.1 as f64 - uy * head as f64 * 1.6,
        );
        let side = (-uy * head as f64 * 0.7, ux * head as f64 * 0.7);
        let wings = vec![
            to,
            ((back.0 + side.0) as i32, (back.1 + side.1) as i32),
            ((back.0 - side.0) as i32, (back.1 - side.1) as i32),
        ];
        area.draw(&Polygon::new(
            wings,
            rgb(Role::Mapping.style().color(theme)).filled(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// Several figures side by side in a grid (`columns` wide), each with its caption: the
/// four panels of Figure 1.
pub fn draw_panels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panels: &[(Figure, String)],
    columns: usize,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    root.fill(&background(theme)).map_err(draw_error)?;
    let columns = columns.max(1);
    let rows = panels.len().div_ceil(columns).max(1);
    // One density axis for every panel, so they compare like the paper's.
    let top = panels_top(panels);
    for (cell, (figure, caption)) in root.split_evenly((rows, columns)).iter().zip(panels) {
        let axis = YAxis {
            top,
            cut: figure.cut_at(top),
        };
        draw_on_axis(cell, figure, Some(caption), theme, scale, axis)?;
    }
    Ok(())
}

/// The top of the density axis the panels share: the highest any of them needs.
pub fn panels_top(panels: &[(Figure, String)]) -> f64 {
    panels
        .iter()
        .map(|(figure, _)| figure.y_axis().top)
        .fold(0.0, f64::max)
}
