//! The phase plane ([`PhaseFigure`]) drawn with plotters into any drawing area, in the
//! styles the app uses on screen, with the font, background and ink of the Figure 1 files.

use super::ExportError;
use super::pen::{
    KeyEntry, LABEL_POINTS, SMALL_POINTS, Sample, background, draw_error, draw_key_row, grid, ink,
    register_font, rgb, text,
};
use crate::figure::phase::{PhaseFigure, PhaseRole, radius_text};
use crate::figure::{Dash, Theme};
use ::plotters::coord::Shift;
use ::plotters::prelude::*;

/// The pen of `role` on `theme` at `scale`.
fn pen(role: PhaseRole, theme: Theme, scale: f64) -> ShapeStyle {
    super::pen::pen(role.style(), theme, scale)
}

/// A filled arrow head at pixel `to`, pointing away from pixel `from`.
fn head(from: (i32, i32), to: (i32, i32), size: f64) -> Vec<(i32, i32)> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let back = (
        f64::from(to.0) - ux * size * 1.6,
        f64::from(to.1) - uy * size * 1.6,
    );
    let side = (-uy * size * 0.7, ux * size * 0.7);
    vec![
        to,
        ((back.0 + side.0) as i32, (back.1 + side.1) as i32),
        ((back.0 - side.0) as i32, (back.1 - side.1) as i32),
    ]
}

/// Share of the width the eigenvalue column takes, right of the plane.
const EIGEN_COLUMN: f64 = 0.3;

/// Draws the phase plane into `area`: on the left a square plot of [−extent, extent]²
/// with the title on top, the field, both trajectories, the start and the equilibrium;
/// on the right the eigenvalues of both update maps against the unit circle, with their
/// spectral radii. `scale` multiplies line widths and text (2.0 for slides at twice the
/// size).
pub fn draw_phase<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PhaseFigure,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let (width, _) = area.dim_in_pixel();
    let (plane, column) = area.split_horizontally((f64::from(width) * (1.0 - EIGEN_COLUMN)) as u32);
    draw_plane(&plane, figure, theme, scale)?;
    draw_eigenvalues(&column, figure, theme, scale)
}

/// The phase plane itself (see [`draw_phase`]).
fn draw_plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PhaseFigure,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let ink = ink(theme);
    let text = |size: f64| text(theme, size, scale);
    // The key above the plot, over no arrow or path.
    let mut key = vec![KeyEntry::new(
        PhaseRole::Field.style().label,
        rgb(PhaseRole::Field.style().color(theme)),
        Sample::Arrow,
    )];
    for trajectory in &figure.trajectories {
        let role = trajectory.role;
        key.push(KeyEntry::new(
            format!(
                "{} (final radius {})",
                role.style().label,
                radius_text(trajectory.final_radius, 2)
            ),
            rgb(role.style().color(theme)),
            Sample::Line(pen(role, theme, scale), Dash::Solid),
        ));
    }
    key.push(KeyEntry::new(
        PhaseRole::Start.style().label,
        rgb(PhaseRole::Start.style().color(theme)),
        Sample::Dot,
    ));
    key.push(KeyEntry::new(
        PhaseRole::Equilibrium.style().label,
        rgb(PhaseRole::Equilibrium.style().color(theme)),
        Sample::Cross,
    ));
    let key_height = draw_key_row(area, &key, theme, scale)?;
    let (_, area) = area.split_vertically(key_height);
    let area = &area;
    // Keep the plot square so a circle looks like one: the spare room becomes margin.
    let (width, height) = area.dim_in_pixel();
    let px = |v: f64| (v * scale) as i32;
    let (caption, x_labels, y_labels, margin) = (px(34.0), px(46.0), px(60.0), px(14.0));
    let free_w = width as i32 - y_labels - 2 * margin;
    let free_h = height as i32 - caption - x_labels - 2 * margin;
    let side = free_w.min(free_h).max(16);
    let spare_w = (free_w - side).max(0);
    let spare_h = (free_h - side).max(0);
    let plot_area = area.margin(0, spare_h, spare_w / 2, spare_w - spare_w / 2);
    let e = figure.extent;
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(&figure.title, text(17.0))
        .margin(margin as u32)
        .x_label_area_size(x_labels as u32)
        .y_label_area_size(y_labels as u32)
        .build_cartesian_2d(-e..e, -e..e)
        .map_err(draw_error)?;
    let grid = grid(theme);
    chart
        .configure_mesh()
        .light_line_style(grid.mix(0.25))
        .bold_line_style(grid.mix(0.5))
        .axis_style(ink)
        .label_style(text(LABEL_POINTS))
        .x_desc(figure.axes.0)
        .y_desc(figure.axes.1)
        .axis_desc_style(text(14.0))
        .draw()
        .map_err(draw_error)?;

    // The field: shafts in data coordinates, heads in pixels so they keep their size.
    let field_pen = pen(PhaseRole::Field, theme, scale);
    let field_color = rgb(PhaseRole::Field.style().color(theme));
    chart
        .draw_series(
            figure
                .field
                .iter()
                .map(|a| PathElement::new(vec![a.from, a.to], field_pen)),
        )
        .map_err(draw_error)?;
    let (base_x, base_y) = plot_area.get_base_pixel();
    let local = |p: (i32, i32)| (p.0 - base_x, p.1 - base_y);
    for arrow in &figure.field {
        let from = local(chart.backend_coord(&arrow.from));
        let to = local(chart.backend_coord(&arrow.to));
        plot_area
            .draw(&Polygon::new(head(from, to, 3.5 * scale), field_color.filled()))
            .map_err(draw_error)?;
    }

    for trajectory in &figure.trajectories {
        let shape = pen(trajectory.role, theme, scale);
        chart
            .draw_series(LineSeries::new(trajectory.points.iter().copied(), shape))
            .map_err(draw_error)?;
        if let Some(&last) = trajectory.points.last() {
            let color = rgb(trajectory.role.style().color(theme));
            chart
                .draw_series([Circle::new(last, px(3.5), color.filled())])
                .map_err(draw_error)?;
        }
    }

    let start = rgb(PhaseRole::Start.style().color(theme));
    chart
        .draw_series([Circle::new(figure.start, px(5.0), start.filled())])
        .map_err(draw_error)?;
    let equilibrium = rgb(PhaseRole::Equilibrium.style().color(theme));
    let arm = px(7.0);
    let cross = equilibrium.stroke_width(px(2.0).max(1) as u32);
    chart
        .draw_series([Cross::new((0.0, 0.0), arm, cross)])
        .map_err(draw_error)?;
    Ok(())
}

/// The eigenvalues of both schemes' update maps at the equilibrium against the unit
/// circle (simultaneous as rings, alternating as dots, so both show where they meet),
/// and under it each scheme's spectral radius and verdict.
fn draw_eigenvalues<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PhaseFigure,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let mut key = vec![KeyEntry::new(
        "unit circle",
        ink(theme),
        Sample::Line(ink(theme).stroke_width(scale.max(1.0) as u32), Dash::Solid),
    )];
    for (role, _) in &figure.eigenvalues {
        let sample = if *role == PhaseRole::Simultaneous {
            Sample::Ring
        } else {
            Sample::Dot
        };
        key.push(KeyEntry::new(
            role.style().label,
            rgb(role.style().color(theme)),
            sample,
        ));
    }
    let key_height = draw_key_row(area, &key, theme, scale)?;
    let (_, area) = area.split_vertically(key_height);
    let (width, height) = area.dim_in_pixel();
    let side = width.min(height);
    let (top, below) = area.split_vertically(side);
    let e = figure.eigenvalue_extent();
    let mut chart = ChartBuilder::on(&top)
        .caption("eigenvalues at (0, 0)", text(theme, 15.0, scale))
        .margin((14.0 * scale) as u32)
        .x_label_area_size((30.0 * scale) as u32)
        .y_label_area_size((40.0 * scale) as u32)
        .build_cartesian_2d(-e..e, -e..e)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .light_line_style(grid(theme).mix(0.25))
        .bold_line_style(grid(theme).mix(0.5))
        .x_labels(5)
        .y_labels(5)
        .axis_style(ink(theme))
        .label_style(text(theme, SMALL_POINTS, scale))
        .x_desc("real part")
        .y_desc("imaginary part")
        .axis_desc_style(text(theme, SMALL_POINTS, scale))
        .draw()
        .map_err(draw_error)?;
    let circle = ink(theme).stroke_width(scale.max(1.0) as u32);
    chart
        .draw_series(LineSeries::new(crate::figure::phase::unit_circle(), circle))
        .map_err(draw_error)?;
    for (role, values) in &figure.eigenvalues {
        let color = rgb(role.style().color(theme));
        let ring = role == &PhaseRole::Simultaneous;
        let size = ((if ring { 6.0 } else { 3.5 }) * scale) as i32;
        let style = if ring {
            color.stroke_width((2.0 * scale) as u32)
        } else {
            color.filled()
        };
        chart
            .draw_series(values.iter().map(|&(re, im)| Circle::new((re, im), size, style)))
            .map_err(draw_error)?;
    }
    let line = (20.0 * scale) as i32;
    for (i, summary) in figure.eigenvalue_summaries().iter().enumerate() {
        below
            .draw(&Text::new(
                summary.clone(),
                ((14.0 * scale) as i32, line * (i as i32 + 1)),
                text(theme, LABEL_POINTS, scale),
            ))
            .map_err(draw_error)?;
    }
    Ok(())
}
