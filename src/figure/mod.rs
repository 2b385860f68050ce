//! What a picture shows, as plain data: the curves of a Figure 1 frame with their roles,
//! the z -> x arrows, the phase plane, and the style of each role (colour, dash, width,
//! legend label). Described once here so both back ends (egui_plot on screen in
//! `crate::app`, plotters for files in `crate::export`) draw the same picture in the same
//! colours. No drawing library is imported.

mod kept_direction;
mod kept_range;
pub mod map;
pub mod panels;
pub mod phase;
pub mod plane;
pub mod ticks;

pub use kept_direction::KeptDirection;
pub use kept_range::KeptRange;

use crate::engine::snapshot::Snapshot;

/// A colour as 8-bit red, green, blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// A continuous line.
    Solid,
    /// Dots, like the paper's data density.
    Dotted,
    /// Dashes, like the paper's discriminator.
    Dashed,
}

/// The background a figure is drawn on; dark backgrounds need light ink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark ink on white, as printed in the paper.
    Light,
    /// Light ink on a dark background.
    Dark,
}

/// What a line of the figure stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The data density p_data (black, dotted).
    Data,
    /// The generator density p_g (green, solid).
    Generator,
    /// The discriminator D(x), a probability (blue, dashed).
    Discriminator,
    /// A Wasserstein or hinge critic f(x): a score, drawn on its own axis.
    Critic,
    /// The optimal discriminator D* = p_data / (p_data + p_g) (thin).
    OptimalDiscriminator,
    /// The optimal hinge logit sign(p_data − p_g), on the critic's axis (thin).
    OptimalLogit,
    /// The optimal 1-Lipschitz critic, slope sign(F_g − F_data), on the critic's axis (thin).
    OptimalCritic,
    /// The level D = 1/2 reached at equilibrium (faint).
    Half,
    /// The arrows from z to x = G(z).
    Mapping,
    /// The x and z domain lines under the plot.
    DomainLine,
    /// The generator's manifold on the plane: the z grid carried through G.
    Manifold,
    /// An arrow along ∇x D on a fake: where the generator's step moves it.
    Gradient,
}

/// How one role is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Name in the legend.
    pub label: &'static str,
    /// Colour on a light background.
    pub light: Rgb,
    /// Colour on a dark background.
    pub dark: Rgb,
    /// Stroke pattern.
    pub dash: Dash,
    /// Line width in points.
    pub width: f32,
}

impl Style {
    /// The colour for `theme`.
    pub fn color(&self, theme: Theme) -> Rgb {
        match theme {
            Theme::Light => self.light,
            Theme::Dark => self.dark,
        }
    }
}

impl Role {
    /// The style of this role, following Figure 1 of Goodfellow et al. (2014).
    pub const fn style(self) -> Style {
        match self {
            Role::Data => Style {
                label: "p_data (data)",
                light: Rgb(0, 0, 0),
                dark: Rgb(235, 235, 235),
                dash: Dash::Dotted,
                width: 2.5,
            },
            Role::Generator => Style {
                label: "p_g (generator)",
                light: Rgb(0, 150, 40),
                dark: Rgb(90, 220, 110),
                dash: Dash::Solid,
                width: 2.5,
            },
            Role::Discriminator => Style {
                label: "D(x) (discriminator)",
                light: Rgb(20, 70, 220),
                dark: Rgb(110, 160, 255),
                dash: Dash::Dashed,
                width: 2.5,
            },
            Role::Critic => Style {
                label: "critic f(x) (a score, not a probability)",
                light: Rgb(20, 70, 220),
                dark: Rgb(110, 160, 255),
                dash: Dash::Dashed,
                width: 2.5,
            },
            Role::OptimalDiscriminator => Style {
                label: "D* = p_data / (p_data + p_g)",
                light: Rgb(120, 120, 235),
                dark: Rgb(170, 170, 255),
                dash: Dash::Solid,
                width: 1.0,
            },
            Role::OptimalLogit => Style {
                label: "optimal logit sign(p_data − p_g)",
                light: Rgb(120, 120, 235),
                dark: Rgb(170, 170, 255),
                dash: Dash::Solid,
                width: 1.0,
            },
            Role::OptimalCritic => Style {
                label: "optimal critic: slope ±(critic's steepest) by sign(F_g − F_data)",
                light: Rgb(120, 120, 235),
                dark: Rgb(170, 170, 255),
                dash: Dash::Solid,
                width: 1.0,
            },
            Role::Half => Style {
                label: "",
                light: Rgb(190, 190, 190),
                dark: Rgb(90, 90, 90),
                dash: Dash::Solid,
                width: 1.0,
            },
            Role::Mapping => Style {
                label: "x = G(z)",
                light: Rgb(60, 60, 60),
                dark: Rgb(200, 200, 200),
                dash: Dash::Solid,
                width: 1.0,
            },
            Role::DomainLine => Style {
                label: "",
                light: Rgb(0, 0, 0),
                dark: Rgb(220, 220, 220),
                dash: Dash::Solid,
                width: 1.5,
            },
            Role::Manifold => Style {
                label: "G's manifold",
                light: Rgb(110, 110, 110),
                dark: Rgb(170, 170, 170),
                dash: Dash::Solid,
                width: 0.8,
            },
            Role::Gradient => Style {
                label: "gradient of D at fakes",
                light: Rgb(130, 20, 150),
                dark: Rgb(230, 130, 250),
                dash: Dash::Solid,
                width: 1.2,
            },
        }
    }
}

/// A curve over the x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// What it stands for, hence its style.
    pub role: Role,
    /// (x, y) points in x order.
    pub points: Vec<[f64; 2]>,
}

/// One arrow of the mapping: noise value z goes to x = G(z).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    /// The noise value, on the z line.
    pub z: f64,
    /// Where the generator sends it, on the x line.
    pub x: f64,
}

/// Everything one frame of the figure shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The x interval of the target, fixed while the target stays the same.
    pub x_range: (f64, f64),
    /// Curves on the probability axis (p_data, p_g, D, D*), drawn in this order.
    pub curves: Vec<Curve>,
    /// For losses whose D is not a probability, the critic (and its optimum): they need
    /// an axis of their own. Empty otherwise.
    pub critic: Vec<Curve>,
    /// z -> G(z) for evenly spaced z; empty when z has more than one dimension.
    pub arrows: Vec<Arrow>,
    /// The interval of the z line.
    pub z_range: (f64, f64),
    /// True when G maps larger z to smaller x: the z line is then drawn from its top
    /// end on the left, so the arrows do not cross (a decreasing G is as good as an
    /// increasing one; crossing arrows only hide where they bunch).
    pub z_reversed: bool,
    /// A 2-D run's picture, drawn instead of the curves (which are then empty).
    pub plane: Option<Box<plane::PlaneFigure>>,
    /// The critic axis's range when it is kept across frames ([`Figure::keep_critic_scale`]);
    /// `None` fits the axis to this frame's critic.
    pub critic_range: Option<(f64, f64)>,
}

/// The density axis of a figure: where its top is, and the curve cut there if one is
/// taller (the cut is drawn, so no curve is silently clipped).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YAxis {
    /// Top of the density / D axis.
    pub top: f64,
    /// The tallest curve when it rises above the top.
    pub cut: Option<Cut>,
}

/// A curve that rises above the top of its axis: which, where, and how high.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cut {
    /// The curve cut.
    pub role: Role,
    /// Where it peaks.
    pub x: f64,
    /// Its peak value.
    pub peak: f64,
}

impl Cut {
    /// The mark drawn at the top of the axis: what is cut and its true peak, with an
    /// arrow up (the app's fonts have one).
    pub fn label(&self) -> String {
        format!("↑ {}", self.words())
    }

    /// The mark without the arrow, for the exported files: their bundled font has no
    /// arrow glyph and would draw a box.
    pub fn words(&self) -> String {
        let name = self.role.style().label;
        let name = name.split(" (").next().unwrap_or(name);
        format!("{name} peaks at {:.2} (cut)", self.peak)
    }
}

/// A side of a chart, for what sits in its top corner: the legend on the emptier side,
/// the mark of a cut curve on the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The top left corner.
    Left,
    /// The top right corner.
    Right,
}

impl Side {
    /// The other side.
    pub fn opposite(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

/// How far above the data's scale the density axis may grow before a taller curve is cut
/// (and marked): a spike of p_g (a collapsed or oscillating generator) would otherwise
/// flatten p_data and D into the floor.
pub const CUT_ABOVE: f64 = 3.0;

impl Curve {
    /// The runs of finite points: a curve is drawn as separate lines where it is undefined
    /// (NaN), never joined across the gap.
    pub fn segments(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.points
            .split(|p| !(p[0].is_finite() && p[1].is_finite()))
            .filter(|run| !run.is_empty())
    }

    /// The highest finite point.
    fn peak(&self) -> Option<[f64; 2]> {
        self.points
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .copied()
            .max_by(|a, b| a[1].total_cmp(&b[1]))
    }
}

impl Figure {
    /// The figure of `snapshot`; `show_optimal` adds the optimal opponent of the loss
    /// (D* on the probability axis, the optimal logit or critic on the critic's).
    pub fn from_snapshot(snapshot: &Snapshot, show_optimal: bool) -> Self {
        let along =
            |ys: &[f64]| -> Vec<[f64; 2]> { snapshot.grid.iter().zip(ys).map(|(&x, &y)| [x, y]).collect() };
        let mut curves = vec![
            Curve {
                role: Role::Data,
                points: along(&snapshot.p_data),
            },
            Curve {
                role: Role::Generator,
                points: along(&snapshot.p_g),
            },
        ];
        let mut critic = Vec::new();
        let optimum = show_optimal && snapshot.opponent.iter().any(|v| v.is_finite());
        if snapshot.d_is_critic() {
            critic.push(Curve {
                role: Role::Critic,
                points: along(&snapshot.d),
            });
            if optimum {
                let role = if snapshot.loss == crate::engine::config::Loss::Hinge {
                    Role::OptimalLogit
                } else {
                    Role::OptimalCritic
                };
                critic.push(Curve {
                    role,
                    points: along(&snapshot.opponent),
                });
            }
        } else {
            curves.push(Curve {
                role: Role::Discriminator,
                points: along(&snapshot.d),
            });
            if optimum {
                curves.push(Curve {
                    role: Role::OptimalDiscriminator,
                    points: along(&snapshot.opponent),
                });
            }
        }
        let x_range = match (snapshot.grid.first(), snapshot.grid.last()) {
            (Some(&lo), Some(&hi)) if hi > lo => (lo, hi),
            _ => (0.0, 1.0),
        };
        Figure {
            x_range,
            curves,
            critic,
            arrows: snapshot.mapping.iter().map(|&(z, x)| Arrow { z, x }).collect(),
            z_range: snapshot.z_range,
            z_reversed: kept_direction::order_score(&snapshot.mapping) < 0.0,
            plane: snapshot
                .plane
                .as_ref()
                .map(|view| Box::new(plane::PlaneFigure::from_view(view, snapshot))),
            critic_range: None,
        }
    }

    /// Puts a critic on the scale `kept` holds from earlier frames (see [`KeptRange`]):
    /// a 2-D critic's heatmap and colour bar, or the range of a 1-D critic's axis. A
    /// recording's frames go through here, so a critic run's GIF does not flicker. A
    /// probability D has a fixed scale and is left as it is.
    pub fn keep_critic_scale(&mut self, kept: &mut KeptRange) {
        if let Some(plane) = self.plane.as_deref_mut() {
            let Some(values) = &plane.critic else { return };
            let range = kept.follow(values.iter().copied(), 0.0);
            if let Some((bar, heat)) = plane.on_critic_scale(range) {
                plane.bar = bar;
                plane.heat = heat;
            }
        } else if self.has_critic() {
            let values = self.critic.iter().flat_map(|c| c.points.iter().map(|p| p[1]));
            self.critic_range = Some(kept.follow(values, 0.1));
        }
    }

    /// Runs the z line the way `kept` holds from earlier frames (see [`KeptDirection`]),
    /// so a live view or a recording does not flip its arrows from frame to frame.
    pub fn keep_z_direction(&mut self, kept: &mut KeptDirection) {
        let arrows: Vec<(f64, f64)> = self.arrows.iter().map(|a| (a.z, a.x)).collect();
        if !arrows.is_empty() {
            self.z_reversed = kept.follow(&arrows);
        }
    }

    /// The roles the key of a 1-D frame names, in the order they are drawn: its curves
    /// (the critic's too) and the z -> x arrows. The app's key row and the files' read it.
    pub fn key_roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self.curves.iter().chain(&self.critic).map(|c| c.role).collect();
        if !self.arrows.is_empty() {
            roles.push(Role::Mapping);
        }
        roles
    }

    /// True when D is a critic drawn on an axis of its own.
    pub fn has_critic(&self) -> bool {
        !self.critic.is_empty()
    }

    /// Where `z` sits on the page: the z line is drawn under the x line and spans the
    /// same width, as in the paper (from its top end on the left when `z_reversed`).
    pub fn z_on_x_axis(&self, z: f64) -> f64 {
        let (z_lo, z_hi) = self.z_range;
        let (x_lo, x_hi) = self.x_range;
        if z_hi <= z_lo {
            return 0.5 * (x_lo + x_hi);
        }
        let t = (z - z_lo) / (z_hi - z_lo);
        let t = if self.z_reversed { 1.0 - t } else { t };
        x_lo + t * (x_hi - x_lo)
    }

    /// The z values at the left and right ends of the z line.
    pub fn z_ends(&self) -> (f64, f64) {
        let (z_lo, z_hi) = self.z_range;
        if self.z_reversed {
            (z_hi, z_lo)
        } else {
            (z_lo, z_hi)
        }
    }

    /// The largest value on the probability axis (densities, D, D*).
    pub fn probability_peak(&self) -> f64 {
        self.curves
            .iter()
            .filter_map(Curve::peak)
            .map(|p| p[1])
            .fold(0.0, f64::max)
    }

    /// How much of p_g's mass the plot shows (its curve's area over the x range, 0 to 1):
    /// under a half, most of the generator is off the plot.
    pub fn generator_mass_shown(&self) -> f64 {
        self.curves
            .iter()
            .find(|c| c.role == Role::Generator)
            .map_or(0.0, |c| {
                c.points
                    .windows(2)
                    .filter(|w| w.iter().all(|p| p[0].is_finite() && p[1].is_finite()))
                    .map(|w| 0.5 * (w[0][1] + w[1][1]) * (w[1][0] - w[0][0]))
                    .sum()
            })
    }

    /// The largest data density, which fixes the scale of the plot for a target.
    pub fn data_peak(&self) -> f64 {
        self.curves
            .iter()
            .filter(|c| c.role == Role::Data)
            .filter_map(Curve::peak)
            .map(|p| p[1])
            .fold(0.0, f64::max)
    }

    /// The smallest top of the density axis for this target: room above p_data and
    /// above D's ceiling of 1.
    pub fn base_top(&self) -> f64 {
        (self.data_peak() * 1.15).max(1.05)
    }

    /// The density axis that shows every curve whole, up to [`CUT_ABOVE`] times
    /// [`Figure::base_top`]; above that the tallest curve is cut at the top and the cut
    /// is reported, to be marked.
    pub fn y_axis(&self) -> YAxis {
        self.y_axis_up_to(CUT_ABOVE * self.base_top())
    }

    /// The density axis with its top no higher than `limit` (and at least the base).
    pub fn y_axis_up_to(&self, limit: f64) -> YAxis {
        let base = self.base_top();
        let need = (self.probability_peak() * 1.05).max(base);
        let top = need.min(limit.max(base));
        YAxis {
            top,
            cut: self.cut_at(top),
        }
    }

    /// Where the legend covers the least on an axis up to `top`: left, unless the curves
    /// in the left third of the x range stand taller than those in the right third by
    /// more than a tenth of the axis. A generator piled up at the left edge, where a
    /// fresh one starts, would otherwise sit under the legend; the margin keeps it from
    /// hopping from frame to frame over nearly even curves.
    pub fn legend_side(&self, top: f64) -> Side {
        let (lo, hi) = self.x_range;
        let third = (hi - lo) / 3.0;
        let highest = |from: f64, to: f64| {
            self.curves
                .iter()
                .flat_map(|c| c.points.iter())
                .filter(|p| p[0] >= from && p[0] <= to && p[1].is_finite())
                .map(|p| p[1].min(top))
                .fold(0.0, f64::max)
        };
        if highest(lo, lo + third) > highest(hi - third, hi) + 0.1 * top {
            Side::Right
        } else {
            Side::Left
        }
    }

    /// The tallest curve if it rises above `top`.
    pub fn cut_at(&self, top: f64) -> Option<Cut> {
        self.curves
            .iter()
            .filter_map(|c| c.peak().map(|p| (c.role, p)))
            .filter(|(_, p)| p[1] > top)
            .max_by(|a, b| a.1[1].total_cmp(&b.1[1]))
            .map(|(role, p)| Cut {
                role,
                x: p[0],
                peak: p[1],
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_leaves_a_left_spike_visible() {
        let curve = |role, points: Vec<[f64; 2]>| Curve { role, points };
        let mut figure = Figure {
            x_range: (0.0, 6.0),
            curves: vec![
                curve(Role::Data, vec![[0.5, 0.0], [3.0, 0.4], [5.5, 0.0]]),
                curve(Role::Generator, vec![[0.5, 2.0], [3.0, 0.0], [5.5, 0.0]]),
            ],
            critic: Vec::new(),
            arrows: Vec::new(),
            z_range: (-1.0, 1.0),
            z_reversed: false,
            plane: None,
            critic_range: None,
        };
        assert_eq!(figure.legend_side(2.1), Side::Right);
        figure.curves[1].points = vec![[0.5, 0.0], [3.0, 0.0], [5.5, 2.0]];
        assert_eq!(figure.legend_side(2.1), Side::Left);
        figure.curves[1].points = vec![[0.5, 0.5], [3.0, 0.0], [5.5, 0.0]];
        figure.curves[0].points = vec![[0.5, 0.0], [3.0, 0.0], [5.5, 0.4]];
        assert_eq!(figure.legend_side(2.1), Side::Left, "nearly even: stays left");
    }

    #[test]
    fn critic_goes_on_its_own_axis() {
        let snapshot = Snapshot {
            grid: vec![0.0, 1.0],
            p_data: vec![0.1, 0.2],
            p_g: vec![0.2, 0.1],
            d: vec![-3.0, 5.0],
            loss: crate::engine::config::Loss::Wasserstein,
            z_range: (-1.0, 1.0),
            ..Snapshot::default()
        };
        let figure = Figure::from_snapshot(&snapshot, true);
        assert!(figure.has_critic());
        assert!(figure.curves.iter().all(|c| c.role != Role::Discriminator));
        assert_eq!(figure.z_on_x_axis(-1.0), 0.0);
        assert_eq!(figure.z_on_x_axis(1.0), 1.0);
    }
}
