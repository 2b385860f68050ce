//! A 2-D frame ([`PlaneFigure`]) drawn with plotters: the plane as a square chart (so
//! a ring stays round) with D as a heatmap, the contours, dots, manifold, arrows and
//! mode rings, and beside it D's colour bar and the legend, in the colours the app uses.

use super::ExportError;
use super::pen::{
    LABEL_POINTS, SMALL_POINTS, background, draw_error, grid, ink, pen, register_font, rgb, text,
};
use crate::figure::plane::{BAR_ENDS, KEY, MODE_RULE, PlaneFigure, heat_color, mode_words};
use crate::figure::{Role, Theme};
use ::plotters::coord::Shift;
use ::plotters::prelude::*;

/// Steps of the drawn colour bar.
const BAR_STEPS: usize = 64;

/// Draws `figure` into `area`, with an optional caption on top.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PlaneFigure,
    caption: Option<&str>,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let area = match caption {
        Some(caption) => area
            .titled(caption, text(theme, 20.0, scale))
            .map_err(draw_error)?,
        None => area.clone(),
    };
    let (width, height) = area.dim_in_pixel();
    // The plane is square (a circle stays a circle) and as large as fits beside the bar
    // and the legend; the area around it holds the margins and the axis labels.
    let (margin, x_labels, y_labels) = chart_frame(scale);
    let room = (width.saturating_sub((260.0 * scale) as u32))
        .saturating_sub(2 * margin + y_labels)
        .min(height.saturating_sub(2 * margin + x_labels))
        .max(1);
    let (plane_area, side_area) = area.split_horizontally(room + 2 * margin + y_labels);
    // Centred in the height it does not fill (a tall slide's side of Compare).
    let tall = room + 2 * margin + x_labels;
    let above = height.saturating_sub(tall) / 2;
    let (plane_area, _) = plane_area.margin(above, 0, 0, 0).split_vertically(tall);
    draw_plane(&plane_area, figure, theme, scale)?;
    draw_key(&side_area, figure, theme, scale)
}

/// An axis number with one decimal, and never "-0.0".
fn axis_number(v: &f64) -> String {
    let text = format!("{v:.1}");
    if text == "-0.0" { "0.0".into() } else { text }
}

/// The chart's margin and the sizes of its x- and y-label areas, in pixels.
fn chart_frame(scale: f64) -> (u32, u32, u32) {
    (
        (10.0 * scale) as u32,
        (26.0 * scale) as u32,
        (40.0 * scale) as u32,
    )
}

fn draw_plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PlaneFigure,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let ((x0, x1), (y0, y1)) = figure.bounds;
    let (margin, x_labels, y_labels) = chart_frame(scale);
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .x_label_area_size(x_labels)
        .y_label_area_size(y_labels)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(ink(theme))
        .label_style(text(theme, SMALL_POINTS, scale))
        .x_label_formatter(&axis_number)
        .y_label_formatter(&axis_number)
        .draw()
        .map_err(draw_error)?;
    let n = figure.cells;
    let (dx, dy) = ((x1 - x0) / n as f64, (y1 - y0) / n as f64);
    chart
        .draw_series(figure.heat.iter().enumerate().map(|(k, &t)| {
            let (i, j) = ((k % n) as f64, (k / n) as f64);
            let corner = |a: f64, b: f64| (x0 + dx * a, y0 + dy * b);
            Rectangle::new(
                [corner(i, j), corner(i + 1.0, j + 1.0)],
                rgb(heat_color(t, theme)).filled(),
            )
        }))
        .map_err(draw_error)?;
    // plotters does not clip: what lies off the box would be drawn squashed onto its
    // border. Lines are cut where they leave it, dots off it are left out, and arrow
    // heads are pulled in to its edge.
    let inside = |p: &[f64; 2]| (x0..=x1).contains(&p[0]) && (y0..=y1).contains(&p[1]);
    let manifold = pen(Role::Manifold.style(), theme, scale);
    for line in &figure.manifold {
        for run in line.split(|p| !inside(p)).filter(|run| run.len() > 1) {
            chart
                .draw_series(LineSeries::new(run.iter().map(|p| (p[0], p[1])), manifold))
                .map_err(draw_error)?;
        }
    }
    for contours in &figure.contours {
        let style = pen(contours.role.style(), theme, scale);
        chart
            .draw_series(
                contours
                    .segments
                    .iter()
                    .map(|s| PathElement::new(vec![(s[0][0], s[0][1]), (s[1][0], s[1][1])], style)),
            )
            .map_err(draw_error)?;
    }
    let dot = (2.0 * scale).max(1.0) as i32;
    for (points, role) in [(&figure.reals, Role::Data), (&figure.fakes, Role::Generator)] {
        let color = rgb(role.style().color(theme));
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| inside(p))
                    .map(|p| Circle::new((p[0], p[1]), dot, color.mix(0.7).filled())),
            )
            .map_err(draw_error)?;
    }
    let gradient = pen(Role::Gradient.style(), theme, scale);
    let arrows: Vec<((f64, f64), (f64, f64))> = figure
        .arrows
        .iter()
        .filter(|[tail, _]| inside(tail))
        .map(|[tail, head]| ((tail[0], tail[1]), (head[0].clamp(x0, x1), head[1].clamp(y0, y1))))
        .collect();
    chart
        .draw_series(
            arrows
                .iter()
                .map(|&(tail, head)| PathElement::new(vec![tail, head], gradient)),
        )
        .map_err(draw_error)?;
    chart
        .draw_series(
            arrows
                .iter()
                .map(|&(_, head)| Circle::new(head, dot + 1, gradient.filled())),
        )
        .map_err(draw_error)?;
    // Mode rings: their radii are in data units, so draw them as polylines.
    for mode in &figure.modes {
        let color = rgb(PlaneFigure::mode_color(mode.covered, theme));
        let ring: Vec<(f64, f64)> = mode.outline().iter().map(|p| (p[0], p[1])).collect();
        chart
            .draw_series(LineSeries::new(ring, color.stroke_width((2.0 * scale) as u32)))
            .map_err(draw_error)?;
    }
    Ok(())
}

/// D's colour bar and the legend, beside the plane.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &PlaneFigure,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let px = |v: f64| (v * scale) as i32;
    let (left, top, bar_w, bar_h) = (px(16.0), px(40.0), px(22.0), px(220.0));
    let label = text(theme, LABEL_POINTS, scale);
    area.draw(&Text::new(
        figure.bar.label,
        (left, top - px(24.0)),
        label.clone(),
    ))
    .map_err(draw_error)?;
    for step in 0..BAR_STEPS {
        let t = 1.0 - (step as f64 + 0.5) / BAR_STEPS as f64;
        let y = top + bar_h * step as i32 / BAR_STEPS as i32;
        let next = top + bar_h * (step as i32 + 1) / BAR_STEPS as i32;
        area.draw(&Rectangle::new(
            [(left, y), (left + bar_w, next)],
            rgb(heat_color(t, theme)).filled(),
        ))
        .map_err(draw_error)?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (left + bar_w, top + bar_h)],
        grid(theme),
    ))
    .map_err(draw_error)?;
    let ends = [
        (figure.bar.hi, top, BAR_ENDS[0]),
        (0.5 * (figure.bar.lo + figure.bar.hi), top + bar_h / 2, ""),
        (figure.bar.lo, top + bar_h, BAR_ENDS[1]),
    ];
    for (value, y, what) in ends {
        area.draw(&Text::new(
            format!("{value:.2} {what}"),
            (left + bar_w + px(6.0), y - px(7.0)),
            label.clone(),
        ))
        .map_err(draw_error)?;
    }
    let mut y = top + bar_h + px(30.0);
    for (role, words) in KEY {
        let color = rgb(role.style().color(theme));
        area.draw(&Circle::new(
            (left + px(6.0), y + px(7.0)),
            px(5.0),
            color.filled(),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(words, (left + px(18.0), y), label.clone()))
            .map_err(draw_error)?;
        y += px(22.0);
    }
    let (covered, total) = figure.coverage();
    if total > 0 {
        for (is_covered, words) in [true, false].into_iter().zip(mode_words(covered, total)) {
            let color = rgb(PlaneFigure::mode_color(is_covered, theme));
            area.draw(&Circle::new(
                (left + px(6.0), y + px(7.0)),
                px(6.0),
                color.stroke_width(px(2.0).max(1) as u32),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(words, (left + px(18.0), y), label.clone()))
                .map_err(draw_error)?;
            y += px(22.0);
        }
        let rule = text(theme, SMALL_POINTS, scale);
        for line in wrap_words(MODE_RULE, 30) {
            area.draw(&Text::new(line, (left + px(18.0), y), rule.clone()))
                .map_err(draw_error)?;
            y += px(19.0);
        }
    }
    Ok(())
}

/// `words` broken into lines of at most about `width` characters.
fn wrap_words(words: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in words.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}
