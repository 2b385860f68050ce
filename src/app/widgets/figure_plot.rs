//! The egui drawing of a [`Figure`], like Figure 1 of Goodfellow et al. (2014): p_data,
//! p_g and D over one x axis, and under them the x line and the z line with arrows from
//! evenly spaced z to G(z). A critic that is not a probability gets its own plot and
//! axis. The axes stay fixed to the target's range (no jumping from frame to frame)
//! unless the user zooms; a double click returns to the fixed view. Every view that
//! shows a figure (live, Figure 1's panels, Compare's sides) draws it through here.

use super::style::{self, role_color};
use crate::figure::{Cut, Figure, KeptRange, Role, Side, Theme};
use egui::{Align2, RichText};
use egui_plot::{Arrows, Corner, HLine, Legend, Line, Plot, PlotPoint, PlotPoints, PlotUi, Text};

/// Depth of the band under the curves that holds the x and z lines, as a fraction of
/// the top of the density axis.
const BAND: f64 = 0.45;
/// Where the x line sits (fraction of the top of the density axis, below zero).
const X_LINE: f64 = -0.07;
/// Where the z line sits.
const Z_LINE: f64 = -0.36;

/// Plot state that outlives one frame: the density axis top, which only moves when the
/// curves outgrow it or shrink well below it, and the critic's range likewise.
#[derive(Default)]
pub struct FigurePlot {
    y_top: Option<f64>,
    x_range: (f64, f64),
    critic: KeptRange,
    /// Whether `critic` is a heatmap's colour range (a 2-D run) rather than a critic
    /// axis: a range is never carried from one kind to the other.
    critic_on_plane: bool,
    /// True once the plots were told to follow the fixed bounds.
    following: bool,
    /// The drawing of a 2-D frame.
    plane: super::plane_plot::PlanePlot,
}

/// Rounds up to a quarter, so the axis top changes in visible steps, not every frame.
fn round_up(v: f64) -> f64 {
    (v * 4.0).ceil() / 4.0
}

impl FigurePlot {
    /// The top of the density axis for `figure`: the figure's own axis
    /// ([`Figure::y_axis`]: every curve whole up to a few times the data's scale),
    /// rounded to a quarter; it grows at once when a curve outgrows it and shrinks only
    /// when the curves fall well below it. A taller curve is cut and marked.
    fn y_top(&mut self, figure: &Figure) -> f64 {
        let base = round_up(figure.base_top());
        let need = round_up(figure.y_axis().top).max(base);
        let top = match self.y_top {
            Some(top) if figure.x_range == self.x_range => {
                if need > top || need < 0.6 * top {
                    need
                } else {
                    top
                }
            }
            _ => need,
        };
        self.x_range = figure.x_range;
        self.y_top = Some(top);
        top
    }

    /// The axes for `figure`, remembering them for the next frame. Views that must
    /// share axes (Figure 1's panels, Compare's two sides) take the [`Scale::union`] of
    /// their scales and draw each with it.
    pub fn scale(&mut self, figure: &Figure) -> Scale {
        if self.critic_on_plane != figure.plane.is_some() {
            self.critic.forget();
            self.critic_on_plane = figure.plane.is_some();
        }
        Scale {
            y_top: self.y_top(figure),
            critic: match figure.plane.as_ref().and_then(|p| p.critic.as_ref()) {
                // On the plane no pad: the heatmap reaches both ends of its bar.
                Some(values) => Some(self.critic.follow(values.iter().copied(), 0.0)),
                None => figure.has_critic().then(|| {
                    let values = figure.critic.iter().flat_map(|c| c.points.iter().map(|p| p[1]));
                    // On the line a pad keeps the curve off the frame.
                    self.critic.follow(values, 0.1)
                }),
            },
        }
    }

    /// Draws `figure` with `scale` into the rest of `ui` (its available size): the one
    /// egui drawing of a [`Figure`], used by every view. `id` names the plots (each
    /// drawing on screen needs its own); `generator` is p_g's mean and sd, for the note
    /// when p_g lies outside the x range; `legend` shows the curve names.
    pub fn draw(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        figure: &Figure,
        scale: Scale,
        generator: Option<(f64, f64)>,
        legend: bool,
    ) {
        let theme = style::theme_of(ui.ctx());
        if let Some(plane) = &figure.plane {
            // A critic's heatmap on the view's kept (or shared) scale, not this frame's
            // own range, so its colours do not flicker.
            let recoloured = scale.critic.and_then(|range| plane.on_critic_scale(range));
            self.plane.draw(ui, id, plane, recoloured.as_ref(), theme, legend);
            return;
        }
        let y_top = scale.y_top;
        let (x_lo, x_hi) = figure.x_range;
        let critic_height = if figure.has_critic() {
            ui.available_height() * 0.3
        } else {
            0.0
        };
        let main_height = (ui.available_height() - critic_height).max(120.0);
        let follow_now = !self.following;
        self.following = true;

        let side = figure.legend_side(y_top);
        let mut main = Plot::new(format!("{id}_main"));
        if legend {
            main = main.legend(self::legend(side));
        }
        let response = main
            .height(main_height)
            .default_x_bounds(x_lo, x_hi)
            .default_y_bounds(-BAND * y_top, y_top)
            .show_grid(false)
            .y_axis_formatter(|mark, range| {
                // No ticks in the band of the x and z lines.
                if mark.value < -1e-9 {
                    return String::new();
                }
                // One more decimal for each tenfold zoom.
                let span = (range.end() - range.start()).abs().max(1e-9);
                let decimals = (1.0 - span.log10().floor()).clamp(0.0, 6.0) as usize;
                format!("{:.*}", decimals, mark.value)
            })
            .y_axis_min_width(44.0)
            .x_axis_label("x")
            .show_x(false)
            .show_y(false)
            .allow_scroll(false)
            .show(ui, |plot_ui| {
                if follow_now {
                    plot_ui.set_auto_bounds(true);
                }
                draw_curves(plot_ui, figure, theme);
                if let Some(cut) = figure.cut_at(y_top) {
                    draw_cut(plot_ui, cut, figure, side.opposite(), theme, y_top);
                }
                draw_mapping(plot_ui, figure, theme, y_top);
                if let Some(generator) = generator {
                    draw_off_view_note(plot_ui, generator, figure, theme, y_top);
                }
            });

        if let (true, Some((lo, hi))) = (figure.has_critic(), scale.critic) {
            let x_bounds = response.transform.bounds().range_x();
            let mut plot = Plot::new(format!("{id}_critic"));
            if legend {
                plot = plot.legend(self::legend(side));
            }
            plot.height(critic_height)
                .show_grid(false)
                .y_axis_label("critic f(x)")
                .y_axis_min_width(44.0)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .allow_double_click_reset(false)
                .show(ui, |plot_ui| {
                    plot_ui.set_plot_bounds_x(x_bounds);
                    plot_ui.set_plot_bounds_y(lo..=hi);
                    plot_ui.hline(
                        HLine::new("", 0.0)
                            .color(role_color(Role::Half, theme))
                            .width(1.0),
                    );
                    for curve in &figure.critic {
                        for segment in curve.segments() {
                            let points = clamp_to_view(plot_ui, segment);
                            plot_ui.line(style::line(curve.role, theme, points));
                        }
                    }
                });
        }
    }
}

/// The axes one drawing uses: the top of the density axis and the critic's range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Top of the density / D axis.
    pub y_top: f64,
    /// The critic's y range, when the figure has a critic.
    pub critic: Option<(f64, f64)>,
}

impl Scale {
    /// Axes that hold both: side-by-side drawings compare only on the same scale.
    pub fn union(self, other: Scale) -> Scale {
        let critic = match (self.critic, other.critic) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
        Scale {
            y_top: self.y_top.max(other.y_top),
            critic,
        }
    }
}

/// The legend of the figure: in the top corner of `side`, in the order the curves are
/// drawn.
fn legend(side: Side) -> Legend {
    Legend::default()
        .position(match side {
            Side::Left => Corner::LeftTop,
            Side::Right => Corner::RightTop,
        })
        .background_alpha(0.85)
        .follow_insertion_order(true)
}

/// `points` with y held within a margin of the visible bounds. A diverging network
/// yields values like 1e30, and a dashed line that long would be cut into more dashes
/// than memory holds; the cut-off parts are off screen anyway.
fn clamp_to_view(plot_ui: &PlotUi<'_>, points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let bounds = plot_ui.plot_bounds();
    let (lo, hi) = (bounds.min()[1], bounds.max()[1]);
    let margin = (hi - lo).abs().max(1e-9);
    let (lo, hi) = (lo - margin, hi + margin);
    points
        .iter()
        .filter(|p| p[1].is_finite())
        .map(|&[x, y]| [x, y.clamp(lo, hi)])
        .collect()
}

/// The densities, D and D* over the x axis, plus the faint D = 1/2 level.
fn draw_curves(plot_ui: &mut PlotUi<'_>, figure: &Figure, theme: Theme) {
    if !figure.has_critic() {
        plot_ui.hline(
            HLine::new("", 0.5)
                .color(role_color(Role::Half, theme))
                .width(Role::Half.style().width)
                .id("half"),
        );
    }
    plot_ui.hline(
        HLine::new("", 0.0)
            .color(role_color(Role::Half, theme))
            .width(1.0)
            .id("zero"),
    );
    for curve in &figure.curves {
        for segment in curve.segments() {
            let points = clamp_to_view(plot_ui, segment);
            plot_ui.line(style::line(curve.role, theme, points));
        }
    }
}

/// Marks a curve cut at the top of the axis: an arrow head where it leaves the plot, and
/// its true peak in the top corner of `side` (the legend takes the other).
fn draw_cut(plot_ui: &mut PlotUi<'_>, cut: Cut, figure: &Figure, side: Side, theme: Theme, y_top: f64) {
    let color = role_color(cut.role, theme);
    let (x_lo, x_hi) = figure.x_range;
    let (corner, anchor) = match side {
        Side::Left => (x_lo, Align2::LEFT_TOP),
        Side::Right => (x_hi, Align2::RIGHT_TOP),
    };
    plot_ui.points(
        egui_plot::Points::new("", PlotPoints::new(vec![[cut.x, 0.98 * y_top]]))
            .shape(egui_plot::MarkerShape::Up)
            .filled(true)
            .radius(6.0)
            .color(color)
            .allow_hover(false)
            .id("cut mark"),
    );
    plot_ui.text(
        Text::new(
            "",
            PlotPoint::new(corner, 0.99 * y_top),
            RichText::new(cut.label()).size(14.0).color(color),
        )
        .anchor(anchor)
        .allow_hover(false)
        .id("cut label"),
    );
}

/// When the generator's mass sits outside the target's range (it starts near 0), says
/// where it is at the edge it lies beyond, so an empty-looking plot explains itself.
fn draw_off_view_note(
    plot_ui: &mut PlotUi<'_>,
    (mean, sd): (f64, f64),
    figure: &Figure,
    theme: Theme,
    y_top: f64,
) {
    let (x_lo, x_hi) = figure.x_range;
    if !mean.is_finite() || (x_lo..=x_hi).contains(&mean) {
        return;
    }
    let (x, anchor, arrow) = if mean < x_lo {
        (x_lo, Align2::LEFT_CENTER, "←")
    } else {
        (x_hi, Align2::RIGHT_CENTER, "→")
    };
    let text = if mean < x_lo {
        format!("{arrow} p_g is off to the left: mean {mean:.2}, sd {sd:.2}")
    } else {
        format!("p_g is off to the right: mean {mean:.2}, sd {sd:.2} {arrow}")
    };
    let color = role_color(Role::Generator, theme);
    plot_ui.text(
        Text::new(
            "",
            PlotPoint::new(x, 0.25 * y_top),
            RichText::new(text).size(15.0).color(color),
        )
        .anchor(anchor)
        .allow_hover(false)
        .id("off view"),
    );
}

/// The x line, the z line and the arrows z -> G(z) in the band under the curves.
fn draw_mapping(plot_ui: &mut PlotUi<'_>, figure: &Figure, theme: Theme, y_top: f64) {
    let (x_lo, x_hi) = figure.x_range;
    let ink = role_color(Role::DomainLine, theme);
    let width = Role::DomainLine.style().width;
    let x_y = X_LINE * y_top;
    let z_y = Z_LINE * y_top;
    let domain = |y: f64| {
        Line::new("", PlotPoints::new(vec![[x_lo, y], [x_hi, y]]))
            .color(ink)
            .width(width)
    };
    plot_ui.line(domain(x_y).id("x line"));
    plot_ui.line(domain(z_y).id("z line"));
    let label = |text: String, x: f64, y: f64, anchor: Align2| {
        Text::new(
            "",
            PlotPoint::new(x, y),
            RichText::new(text).size(14.0).color(ink),
        )
        .anchor(anchor)
        .allow_hover(false)
    };
    let (z_lo, z_hi) = figure.z_ends();
    let inset = 0.004 * (x_hi - x_lo);
    plot_ui.text(label("x".into(), x_lo + inset, x_y, Align2::LEFT_BOTTOM).id("x label"));
    plot_ui.text(label("z".into(), x_lo + inset, z_y, Align2::LEFT_BOTTOM).id("z label"));
    plot_ui.text(label(format!("z = {z_lo}"), x_lo, z_y, Align2::LEFT_TOP).id("z lo"));
    plot_ui.text(label(format!("z = {z_hi}"), x_hi, z_y, Align2::RIGHT_TOP).id("z hi"));
    if figure.arrows.is_empty() {
        let middle = 0.5 * (x_lo + x_hi);
        plot_ui.text(
            label(
                "z has more than one dimension: no z → x arrows (set noise dim to 1)".into(),
                middle,
                0.5 * (x_y + z_y),
                Align2::CENTER_CENTER,
            )
            .id("no arrows"),
        );
        return;
    }
    // Tips far off screen are pulled in to the view's edge region (see clamp_to_view).
    let bounds = plot_ui.plot_bounds();
    let (left, right) = (bounds.min()[0], bounds.max()[0]);
    let margin = (right - left).abs().max(1e-9);
    let tips: Vec<[f64; 2]> = figure
        .arrows
        .iter()
        .filter(|a| a.x.is_finite())
        .map(|a| [a.x.clamp(left - margin, right + margin), x_y])
        .collect();
    let origins: Vec<[f64; 2]> = figure
        .arrows
        .iter()
        .filter(|a| a.x.is_finite())
        .map(|a| [figure.z_on_x_axis(a.z), z_y])
        .collect();
    let arrow_color = role_color(Role::Mapping, theme);
    plot_ui.arrows(
        Arrows::new(
            Role::Mapping.style().label,
            PlotPoints::new(origins.clone()),
            PlotPoints::new(tips),
        )
        .color(arrow_color)
        .tip_length(7.0)
        .allow_hover(false),
    );
    plot_ui.points(
        egui_plot::Points::new("", PlotPoints::new(origins))
            .color(arrow_color)
            .radius(1.5)
            .allow_hover(false)
            .id("z marks"),
    );
}
