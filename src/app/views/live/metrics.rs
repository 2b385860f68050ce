//! The metrics panel: time series of the whole run (losses, D outputs and the gap to the
//! optimal opponent, JS with its ln 2 ceiling, TV and the high-quality share, W1, gradient
//! norms, mode masses), drawn from the worker's downsampled
//! history so the cost per frame stays flat however long the run.

use crate::app::widgets::axes;
use crate::app::widgets::key::{KeyEntry, SERIES, key_row};
use crate::engine::metric::{self, Metric};
use crate::figure::Dash;
use crate::history::{History, Sample};
use egui::Ui;
use egui_plot::{HLine, Line, Plot, PlotPoints};

/// The most modes drawn one line each in the mode-masses chart.
const MODE_LINES: usize = 3;

/// Smallest magnitude shown on the log scale.
const LOG_FLOOR: f64 = 1e-8;

/// A small chart: id, tooltip, series and an optional reference level.
struct Chart {
    title: &'static str,
    help: &'static str,
    /// The metrics it draws, each with the label and reader of the metric table.
    series: &'static [&'static Metric],
    reference: Option<(&'static str, f64)>,
    /// Values the y axis always shows (linear scale), so flat series keep a sane axis.
    span: Option<(f64, f64)>,
}

const CHARTS: &[Chart] = &[
    Chart {
        title: "losses",
        help: "Discriminator and generator losses at their last steps",
        series: &[&metric::D_LOSS, &metric::G_LOSS],
        reference: None,
        span: None,
    },
    Chart {
        title: "D(real), D(fake)",
        help: "Mean D output on real and on generated data (both tend to 1/2 at equilibrium), and how far D is from \
               the optimal opponent of its loss (0 = optimal; SCIENCE.md)",
        series: &[&metric::D_REAL, &metric::D_FAKE, &metric::OPPONENT_GAP],
        reference: None,
        span: Some((0.0, 1.0)),
    },
    Chart {
        title: "Jensen–Shannon, total variation, high quality",
        help: "JS(p_data, p_g) in nats (ln 2 ≈ 0.693 means the supports do not overlap), the total variation \
               ½∫|p_g − p_data| of the curves as drawn (0 to 1), and the share of fakes within 3σ of their \
               nearest mode (VEEGAN's high quality)",
        series: &[&metric::JS, &metric::TV, &metric::HIGH_QUALITY],
        reference: Some(("ln 2 (JS ceiling)", std::f64::consts::LN_2)),
        span: Some((0.0, 1.0)),
    },
    Chart {
        title: "Wasserstein-1",
        help: "W1(p_g, p_data) = ∫ |F_g − F_data| dx: how far the generator's mass must move (on the plane, \
               the sliced W1 scaled to read a translation's length)",
        series: &[&metric::W1],
        reference: None,
        span: None,
    },
    Chart {
        title: "gradient norms",
        help: "‖∇‖ of each network's loss at its last step; a vanishing G gradient stalls learning",
        series: &[&metric::G_GRAD_NORM, &metric::D_GRAD_NORM],
        reference: None,
        span: None,
    },
];

fn transform(value: f64, log_scale: bool) -> f64 {
    if log_scale {
        value.abs().max(LOG_FLOOR).log10()
    } else {
        value
    }
}

fn points(history: &History, read: impl Fn(&Sample) -> f64, log_scale: bool) -> Vec<[f64; 2]> {
    history
        .samples()
        .iter()
        .map(|s| [s.steps as f64, transform(read(s), log_scale)])
        .filter(|p| p[1].is_finite())
        .collect()
}

/// The y range a chart must show beyond its series: `span` when given, 0 for a series
/// that never goes below it, and room around a flat series (a constant W1 of 4.3 drew as
/// a flat line labelled "0": egui_plot has no scale for a zero-height range).
fn y_extent(lines: &[Vec<[f64; 2]>], span: Option<(f64, f64)>, log_scale: bool) -> (f64, f64) {
    let (lo, hi) = column_range(lines, 1);
    let (mut lo, mut hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    if let (Some((a, b)), false) = (span, log_scale) {
        (lo, hi) = (lo.min(a), hi.max(b));
    }
    if !log_scale && lo >= 0.0 {
        lo = 0.0;
    }
    let size = hi.abs().max(lo.abs());
    if !log_scale && size < 1e-9 {
        // Nothing but zeros (the first frame): a unit scale, not ±0.00005.
        return (0.0, 1.0);
    }
    let least = if log_scale { 1.0 } else { 0.1 * size };
    if hi - lo < least {
        let middle = 0.5 * (lo + hi);
        (lo, hi) = (middle - least / 2.0, middle + least / 2.0);
        if !log_scale && lo < 0.0 && middle - least / 2.0 >= -1e-12 {
            (lo, hi) = (0.0, least);
        }
    }
    (lo, hi)
}

/// The iterations a chart spans: at least [`LEAST_ITERATIONS`] wide, so the first frame's
/// single point does not stretch to an axis of ±0.00005 iterations.
fn x_extent(lines: &[Vec<[f64; 2]>]) -> (f64, f64) {
    let (lo, hi) = column_range(lines, 0);
    let lo = if lo.is_finite() { lo } else { 0.0 };
    (lo, hi.max(lo + LEAST_ITERATIONS))
}

/// The smallest and largest of column `column` (0: iteration, 1: value) over all lines;
/// (∞, −∞) when there is no point.
fn column_range(lines: &[Vec<[f64; 2]>], column: usize) -> (f64, f64) {
    lines
        .iter()
        .flatten()
        .map(|p| p[column])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

/// The narrowest iteration axis a chart shows.
const LEAST_ITERATIONS: f64 = 10.0;

/// What a chart draws: named lines, and named levels (dashed, like the ln 2 ceiling).
struct Content {
    lines: Vec<(String, Vec<[f64; 2]>)>,
    levels: Vec<(String, f64)>,
}

/// A chart of the panel: its key above it (outside the plot, over no line), then the
/// plot with round iteration ticks that fit its width.
fn chart(
    ui: &mut Ui,
    id: &str,
    height: f32,
    log_scale: bool,
    content: Content,
    span: Option<(f64, f64)>,
    help: &str,
) {
    let Content { lines, levels } = content;
    let levels = levels.as_slice();
    let mut entries: Vec<KeyEntry> = lines
        .iter()
        .enumerate()
        .map(|(i, (name, _))| KeyEntry::line(name.as_str(), SERIES[i % SERIES.len()], Dash::Solid, 2.0))
        .collect();
    let level_color = ui.visuals().weak_text_color();
    entries.extend(
        levels
            .iter()
            .map(|(name, _)| KeyEntry::line(name.as_str(), level_color, Dash::Dashed, 1.0)),
    );
    // The key may wrap in a narrow column: the plot takes what is left of the chart's
    // height, so the panel never grows to fit it.
    let key_height = key_row(ui, &entries).height() + ui.spacing().item_spacing.y;
    let mut values: Vec<Vec<[f64; 2]>> = lines.iter().map(|(_, p)| p.clone()).collect();
    values.extend(levels.iter().map(|(_, v)| vec![[0.0, transform(*v, log_scale)]]));
    let (lo, hi) = y_extent(&values, span, log_scale);
    let (left, right) = x_extent(&values);
    let mut plot = Plot::new(id.to_string())
        .height((height - key_height).max(40.0))
        .show_grid(false)
        .allow_scroll(false)
        .include_y(lo)
        .include_y(hi)
        .include_x(left)
        .include_x(right)
        .y_axis_min_width(36.0)
        .x_grid_spacer(axes::nice_spacer(axes::X_LABEL_POINTS))
        .x_axis_formatter(|mark, _| axes::label(mark))
        // Round values on y too: in a chart 60 points tall the powers of ten left only "0".
        .y_grid_spacer(axes::nice_spacer(axes::Y_LABEL_POINTS));
    plot = if log_scale {
        plot.y_axis_formatter(|mark, _| format!("1e{}", axes::label(mark)))
    } else {
        plot.y_axis_formatter(|mark, _| axes::label(mark))
    };
    plot.show(ui, |plot_ui| {
        for (name, level) in levels {
            plot_ui.hline(
                HLine::new(name.as_str(), transform(*level, log_scale))
                    .color(level_color)
                    .style(egui_plot::LineStyle::Dashed { length: 8.0 })
                    .width(1.0),
            );
        }
        for (i, (name, points)) in lines.into_iter().enumerate() {
            plot_ui.line(
                Line::new(name, PlotPoints::new(points))
                    .color(SERIES[i % SERIES.len()])
                    .width(1.5),
            );
        }
    })
    .response
    .on_hover_text(help);
}

/// The lines of the mode-masses chart: one per mode for up to [`MODE_LINES`] modes (two or
/// three on the line read at a glance); for more (the ring's eight, the grid's 25) eight
/// tangled lines say nothing, so the largest and the smallest share, beside the fair
/// share as a level.
fn mode_lines(history: &History, log: bool) -> Content {
    let modes = history.modes();
    if modes == 0 {
        return Content {
            lines: Vec::new(),
            levels: Vec::new(),
        };
    }
    if modes <= MODE_LINES {
        let lines = (0..modes)
            .map(|mode| {
                let read = |s: &Sample| s.mode_masses.get(mode).copied().unwrap_or(f64::NAN);
                (format!("mode {}", mode + 1), points(history, read, log))
            })
            .collect();
        return Content {
            lines,
            levels: Vec::new(),
        };
    }
    let line = |m: &Metric| (m.label.to_string(), points(history, m.read, log));
    Content {
        lines: vec![line(&metric::MAX_MODE_MASS), line(&metric::MIN_MODE_MASS)],
        levels: vec![(format!("fair share 1/{modes}"), 1.0 / modes as f64)],
    }
}

/// Draws the panel; `log_scale` is the toggle's state.
pub fn ui(ui: &mut Ui, history: &History, log_scale: &mut bool) {
    ui.horizontal(|ui| {
        ui.strong("Metrics");
        ui.checkbox(log_scale, "log scale")
            .on_hover_text("Plot log10 |value| instead of the value (handy for gradient norms)");
        let spacing = history.mean_spacing();
        ui.label(format!(
            "{} points, about one every {:.0} iteration{}",
            history.len(),
            spacing,
            if spacing.round() == 1.0 { "" } else { "s" }
        ));
    });
    let log = *log_scale;
    let height = ((ui.available_height() - 2.0 * ui.spacing().item_spacing.y) / 2.0).max(70.0);
    ui.columns(3, |columns| {
        for (i, c) in CHARTS.iter().enumerate() {
            let ui = &mut columns[i % 3];
            let lines = c
                .series
                .iter()
                .map(|m| (m.label.to_string(), points(history, m.read, log)))
                .collect();
            let levels = c.reference.iter().map(|(n, v)| (n.to_string(), *v)).collect();
            chart(
                ui,
                c.title,
                height,
                log,
                Content { lines, levels },
                c.span,
                c.help,
            );
        }
        chart(
            &mut columns[2],
            "mode masses",
            height,
            log,
            mode_lines(history, log),
            Some((0.0, 1.0)),
            "On the line, the share of generator samples within 3 sd of each data component (a spike \
             between the modes counts for neither); on the plane, the share nearest each mode. Collapse \
             shows as 1 and 0.",
        );
    });
}
