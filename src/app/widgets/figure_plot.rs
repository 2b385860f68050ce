//! The egui drawing of a [`Figure`], like Figure 1 of Goodfellow et al. (2014): p_data,
//! p_g and D over one x axis, and under them the x line and the z line with arrows from
//! evenly spaced z to G(z). A critic that is not a probability gets its own plot and
//! axis. The axes stay fixed to the target's range (no jumping from frame to frame)
//! unless the user zooms; a double click returns to the fixed view. Every view that
//! shows a figure (live, Figure 1's panels, Compare's sides) draws it through here.

use super::key::{KeyEntry, Swatch, key_row};
use super::style::{self, role_color};
use crate::figure::ticks::{nice_ticks, tick_label, ticks_that_fit};
use crate::figure::{Cut, Figure, KeptDirection, KeptRange, Role, Theme};
use egui::{Align2, RichText};
use egui_plot::{Arrows, HLine, Line, Plot, PlotPoint, PlotPoints, PlotUi, Text};

/// Depth of the band under the curves that holds the x and z lines, as a fraction of
/// the top of the density axis.
const BAND: f64 = 0.45;
/// Where the x line sits (fraction of the top of the density axis, below zero); its
/// numbers stand in the gap above it, clear of the arrows that arrive from below.
const X_LINE: f64 = -0.1;
/// Where the z line sits.
const Z_LINE: f64 = -0.36;

/// Plot state that outlives one frame: the density axis top, which only moves when the
/// curves outgrow it or shrink well below it, and the critic's range likewise.
#[derive(Default)]
pub struct FigurePlot {
    y_top: Option<f64>,
    x_range: (f64, f64),
    critic: KeptRange,
    /// Which way the z line runs, kept so the arrows do not flip from frame to frame.
    z_direction: KeptDirection,
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
    /// when p_g lies off the plot; `legend` shows the curve names. The key and the notes
    /// (a cut curve's peak, where p_g went) go in a row above the plot, never over a
    /// curve; the x axis's numbers sit on the x line.
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
        let mut figure = figure.clone();
        figure.keep_z_direction(&mut self.z_direction);
        let figure = &figure;
        let y_top = scale.y_top;
        let (x_lo, x_hi) = figure.x_range;
        let cut = figure.cut_at(y_top);
        let mut entries = if legend {
            key_entries(figure, theme)
        } else {
            Vec::new()
        };
        if let Some(cut) = cut {
            entries.push(KeyEntry::new(
                cut.label(),
                role_color(cut.role, theme),
                Swatch::Note,
            ));
        }
        if let Some(note) = generator.and_then(|g| off_plot_note(figure, g)) {
            entries.push(KeyEntry::new(
                note,
                role_color(Role::Generator, theme),
                Swatch::Note,
            ));
        }
        if !entries.is_empty() {
            key_row(ui, &entries);
        }
        let critic_height = if figure.has_critic() {
            ui.available_height() * 0.3
        } else {
            0.0
        };
        let main_height = (ui.available_height() - critic_height).max(120.0);
        let follow_now = !self.following;
        self.following = true;

        let response = Plot::new(format!("{id}_main"))
            .height(main_height)
            .default_x_bounds(x_lo, x_hi)
            .default_y_bounds(-BAND * y_top, y_top)
            .show_grid(false)
            .show_axes([false, true])
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
            .show_x(false)
            .show_y(false)
            .allow_scroll(false)
            .show(ui, |plot_ui| {
                if follow_now {
                    plot_ui.set_auto_bounds(true);
                }
                draw_curves(plot_ui, figure, theme);
                if let Some(cut) = cut {
                    draw_cut_mark(plot_ui, cut, theme, y_top);
                }
                draw_mapping(plot_ui, figure, theme, y_top);
            });

        if let (true, Some((lo, hi))) = (figure.has_critic(), scale.critic) {
            let x_bounds = response.transform.bounds().range_x();
            Plot::new(format!("{id}_critic"))
                .height(critic_height)
                .show_grid(false)
                .show_axes([false, true])
                .y_axis_label("critic f(x)")
                .y_grid_spacer(super::axes::nice_spacer(super::axes::Y_LABEL_POINTS))
                .y_axis_formatter(|mark, _| super::axes::label(mark))
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

/// The key of a 1-D figure ([`Figure::key_roles`]) as the app draws it.
pub fn key_entries(figure: &Figure, theme: Theme) -> Vec<KeyEntry> {
    figure
        .key_roles()
        .into_iter()
        .map(|role| {
            let style = role.style();
            let color = role_color(role, theme);
            match role {
                Role::Mapping => KeyEntry::new(style.label, color, Swatch::Arrow),
                _ => KeyEntry::line(style.label, color, style.dash, style.width),
            }
        })
        .collect()
}

/// Where p_g went, when most of it is off the plot (a fresh generator starts near 0,
/// which a target far from 0 may leave outside): its mean and sd, on the side it lies.
/// Nothing while most of p_g shows.
fn off_plot_note(figure: &Figure, (mean, sd): (f64, f64)) -> Option<String> {
    let (x_lo, x_hi) = figure.x_range;
    if !mean.is_finite() || figure.generator_mass_shown() >= 0.5 {
        return None;
    }
    if mean < x_lo {
        Some(format!("← p_g is off to the left: mean {mean:.2}, sd {sd:.2}"))
    } else if mean > x_hi {
        Some(format!("p_g is off to the right: mean {mean:.2}, sd {sd:.2} →"))
    } else {
        None
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

/// Marks a curve cut at the top of the axis with an arrow head where it leaves the plot
/// (its true peak is written in the key row).
fn draw_cut_mark(plot_ui: &mut PlotUi<'_>, cut: Cut, theme: Theme, y_top: f64) {
    plot_ui.points(
        egui_plot::Points::new("", PlotPoints::new(vec![[cut.x, 0.98 * y_top]]))
            .shape(egui_plot::MarkerShape::Up)
            .filled(true)
            .radius(6.0)
            .color(role_color(cut.role, theme))
            .allow_hover(false)
            .id("cut mark"),
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
    draw_x_ticks(plot_ui, ink, x_y, y_top);
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

/// The x axis's numbers, on the x line: round values spaced so their labels fit the
/// plot's width (the plot's own x axis is hidden: it sat under the z line, and on a
/// narrow plot it showed only "0").
fn draw_x_ticks(plot_ui: &mut PlotUi<'_>, ink: egui::Color32, x_y: f64, y_top: f64) {
    let bounds = plot_ui.plot_bounds();
    let (lo, hi) = (bounds.min()[0], bounds.max()[0]);
    let width = f64::from(plot_ui.transform().frame().width());
    let ticks = nice_ticks(lo, hi, ticks_that_fit(width, 40.0));
    let step = match ticks.as_slice() {
        [a, b, ..] => b - a,
        _ => hi - lo,
    };
    let tick = 0.015 * y_top;
    // A label centred on a tick near the frame's edge would be cut in half there.
    let margin = 20.0 * (hi - lo) / width.max(1.0);
    for (i, &value) in ticks
        .iter()
        .enumerate()
        .filter(|(_, v)| **v >= lo + margin && **v <= hi - margin)
    {
        plot_ui.line(
            Line::new("", PlotPoints::new(vec![[value, x_y], [value, x_y + tick]]))
                .color(ink)
                .width(1.0)
                .allow_hover(false)
                .id(format!("x tick {i}")),
        );
        plot_ui.text(
            Text::new(
                "",
                PlotPoint::new(value, x_y + 1.2 * tick),
                RichText::new(tick_label(value, step)).size(13.0).color(ink),
            )
            .anchor(Align2::CENTER_BOTTOM)
            .allow_hover(false)
            .id(format!("x tick label {i}")),
        );
    }
}
