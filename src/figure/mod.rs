//! What a picture shows, as plain data: the curves of a Figure 1 frame with their roles,
//! the z -> x arrows, the phase plane, and the style of each role (colour, dash, width,
//! legend label). Described once here so both back ends (egui_plot on screen in
//! `crate::app`, plotters for files in `crate::export`) draw the same picture in the same
//! colours. No drawing library is imported.

pub mod panels;
pub mod phase;

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
    /// The level D = 1/2 reached at equilibrium (faint).
    Half,
    /// The arrows from z to x = G(z).
    Mapping,
    /// The x and z domain lines under the plot.
    DomainLine,
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
    /// The critic, for losses whose D is not a probability; it needs its own axis.
    pub critic: Option<Curve>,
    /// z -> G(z) for evenly spaced z; empty when z has more than one dimension.
    pub arrows: Vec<Arrow>,
    /// The interval of the z line.
    pub z_range: (f64, f64),
}

/// D* where p_data + p_g carries mass, NaN (a gap) elsewhere: there it is 0/0, and a histogram's stray
/// samples in the tails make it jump between 0 and 1.
fn supported(snapshot: &Snapshot, d_star: &[f64]) -> Vec<[f64; 2]> {
    let inside = crate::engine::measure::supported(&snapshot.p_data, &snapshot.p_g);
    snapshot
        .grid
        .iter()
        .zip(d_star)
        .zip(inside)
        .map(|((&x, &y), inside)| [x, if inside { y } else { f64::NAN }])
        .collect()
}

impl Curve {
    /// The runs of finite points: a curve is drawn as separate lines where it is undefined
    /// (NaN), never joined across the gap.
    pub fn segments(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.points
            .split(|p| !(p[0].is_finite() && p[1].is_finite()))
            .filter(|run| !run.is_empty())
    }
}

impl Figure {
    /// The figure of `snapshot`; `show_optimal` adds the D* overlay where it exists.
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
        let mut critic = None;
        if snapshot.d_is_critic {
            critic = Some(Curve {
                role: Role::Critic,
                points: along(&snapshot.d),
            });
        } else {
            curves.push(Curve {
                role: Role::Discriminator,
                points: along(&snapshot.d),
            });
            if show_optimal && let Some(d_star) = &snapshot.d_star {
                curves.push(Curve {
                    role: Role::OptimalDiscriminator,
                    points: supported(snapshot, d_star),
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
        }
    }

    /// Where `z` sits on the page: the z line is drawn under the x line and spans the
    /// same width, as in the paper.
    pub fn z_on_x_axis(&self, z: f64) -> f64 {
        let (z_lo, z_hi) = self.z_range;
        let (x_lo, x_hi) = self.x_range;
        if z_hi <= z_lo {
            return 0.5 * (x_lo + x_hi);
        }
        x_lo + (z - z_lo) / (z_hi - z_lo) * (x_hi - x_lo)
    }

    /// The largest value on the probability axis (densities, D, D*).
    pub fn probability_peak(&self) -> f64 {
        self.curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p[1]))
            .filter(|y| y.is_finite())
            .fold(0.0, f64::max)
    }

    /// The largest data density, which fixes the scale of the plot for a target.
    pub fn data_peak(&self) -> f64 {
        self.curves
            .iter()
            .filter(|c| c.role == Role::Data)
            .flat_map(|c| c.points.iter().map(|p| p[1]))
            .filter(|y| y.is_finite())
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critic_goes_on_its_own_axis() {
        let snapshot = Snapshot {
            grid: vec![0.0, 1.0],
            p_data: vec![0.1, 0.2],
            p_g: vec![0.2, 0.1],
            d: vec![-3.0, 5.0],
            d_is_critic: true,
            z_range: (-1.0, 1.0),
            ..Snapshot::default()
        };
        let figure = Figure::from_snapshot(&snapshot, true);
        assert!(figure.critic.is_some());
        assert!(figure.curves.iter().all(|c| c.role != Role::Discriminator));
        assert_eq!(figure.z_on_x_axis(-1.0), 0.0);
        assert_eq!(figure.z_on_x_axis(1.0), 1.0);
    }
}
