//! The metrics panel: time series of the whole run (losses, D outputs and the gap to the
//! optimal opponent, JS with its ln 2 ceiling, TV and the high-quality share, W1, gradient
//! norms, mode masses), drawn from the worker's downsampled
//! history so the cost per frame stays flat however long the run.

use crate::history::{History, Sample};
use egui::Ui;
use egui_plot::{Corner, HLine, Legend, Line, Plot, PlotPoints};

/// The most modes drawn one line each in the mode-masses chart (the ring's eight fit).
const MODE_LINES: usize = 12;

/// Smallest magnitude shown on the log scale.
const LOG_FLOOR: f64 = 1e-8;

/// One series of a chart: legend name and how to read it from a sample.
type Series = (&'static str, fn(&Sample) -> f64);

/// A small chart: id, tooltip, series and an optional reference level.
struct Chart {
    title: &'static str,
    help: &'static str,
    series: &'static [Series],
    reference: Option<(&'static str, f64)>,
    /// Values the y axis always shows (linear scale), so flat series keep a sane axis.
    span: Option<(f64, f64)>,
}

const CHARTS: &[Chart] = &[
    Chart {
        title: "losses",
        help: "Discriminator and generator losses at their last steps",
        series: &[("d_loss", |s| s.d_loss), ("g_loss", |s| s.g_loss)],
        reference: None,
        span: None,
    },
    Chart {
        title: "D(real), D(fake)",
        help: "Mean D output on real and on generated data (both tend to 1/2 at equilibrium), and how far D is from \
               the optimal opponent of its loss (0 = optimal; SCIENCE.md)",
        series: &[
            ("D(real)", |s| s.d_real),
            ("D(fake)", |s| s.d_fake),
            ("gap to the optimal D", |s| s.opponent_gap),
        ],
        reference: None,
        span: Some((0.0, 1.0)),
    },
    Chart {
        title: "Jensen–Shannon, total variation, high quality",
        help: "JS(p_data, p_g) in nats (ln 2 ≈ 0.693 means the supports do not overlap), the total variation \
               ½∫|p_g − p_data| of the curves as drawn (0 to 1), and the share of fakes within 3σ of their \
               nearest mode (VEEGAN's high quality)",
        series: &[
            ("JS", |s| s.js),
            ("TV", |s| s.tv),
            ("high quality", |s| s.high_quality),
        ],
        reference: Some(("ln 2 (JS ceiling)", std::f64::consts::LN_2)),
        span: Some((0.0, 1.0)),
    },
    Chart {
        title: "Wasserstein-1",
        help: "W1(p_g, p_data) = ∫ |F_g − F_data| dx: how far the generator's mass must move (on the plane, \
               the sliced W1 scaled to read a translation's length)",
        series: &[("W1", |s| s.w1)],
        reference: None,
        span: None,
    },
    Chart {
        title: "gradient norms",
        help: "‖∇‖ of each network's loss at its last step; a vanishing G gradient stalls learning",
        series: &[("‖∇G‖", |s| s.g_grad_norm), ("‖∇D‖", |s| s.d_grad_norm)],
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

fn chart_plot(id: &str, height: f32, log_scale: bool, span: Option<(f64, f64)>) -> Plot<'static> {
    let mut plot = Plot::new(id.to_string())
        .height(height)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .background_alpha(0.6)
                .text_style(egui::TextStyle::Small),
        )
        .show_grid(false)
        .allow_scroll(false)
        .y_axis_min_width(36.0);
    if let Some((lo, hi)) = span
        && !log_scale
    {
        plot = plot.include_y(lo).include_y(hi);
    }
    if log_scale {
        plot.y_axis_formatter(|mark, _| format!("1e{:.0}", mark.value))
    } else {
        plot
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
    let height = ((ui.available_height() - 2.0 * ui.spacing().item_spacing.y) / 2.0).max(60.0);
    ui.columns(3, |columns| {
        for (i, chart) in CHARTS.iter().enumerate() {
            let ui = &mut columns[i % 3];
            chart_plot(chart.title, height, log, chart.span)
                .show(ui, |plot_ui| {
                    if let Some((name, level)) = chart.reference {
                        plot_ui.hline(HLine::new(name, transform(level, log)).width(1.0));
                    }
                    for (name, read) in chart.series {
                        plot_ui
                            .line(Line::new(*name, PlotPoints::new(points(history, read, log))).width(1.5));
                    }
                })
                .response
                .on_hover_text(chart.help);
        }
        let ui = &mut columns[2];
        chart_plot("mode masses", height, log, Some((0.0, 1.0)))
            .show(ui, |plot_ui| {
                if history.modes() > MODE_LINES {
                    // Too many modes to tell apart (a grid, brushed points): the
                    // largest and smallest share say whether one dominates.
                    let largest = |s: &Sample| s.mode_masses.iter().copied().fold(f64::NAN, f64::max);
                    let smallest = |s: &Sample| s.mode_masses.iter().copied().fold(f64::NAN, f64::min);
                    plot_ui.line(
                        Line::new(
                            "largest mode mass",
                            PlotPoints::new(points(history, largest, log)),
                        )
                        .width(1.5),
                    );
                    plot_ui.line(
                        Line::new(
                            "smallest mode mass",
                            PlotPoints::new(points(history, smallest, log)),
                        )
                        .width(1.5),
                    );
                    return;
                }
                for mode in 0..history.modes() {
                    let read = |s: &Sample| s.mode_masses.get(mode).copied().unwrap_or(f64::NAN);
                    let name = format!("mass of mode {}", mode + 1);
                    plot_ui.line(Line::new(name, PlotPoints::new(points(history, read, log))).width(1.5));
                }
            })
            .response
            .on_hover_text("Share of generator mass nearest each data component; collapse shows as 1 and 0");
    });
}
