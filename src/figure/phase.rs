//! The Dirac-GAN / bilinear-game phase plane as plain data: the update field as arrows on
//! a grid and the trajectories of simultaneous and alternating updates from one start,
//! each with its role and style. Described once here so the app (egui_plot) and the files
//! (plotters) draw the same picture in the same colours.

use super::{Dash, Rgb, Style};
use crate::engine::dirac::{Complex, Dirac, Game, Scheme, spectral_radius};

/// Arrows per side of the field grid.
pub const GRID: usize = 17;

/// What a mark of the phase plane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseRole {
    /// The update direction (dθ, dψ) at grid points.
    Field,
    /// The path of simultaneous updates (gradient descent-ascent).
    Simultaneous,
    /// The path of alternating updates (D first, then G).
    Alternating,
    /// The chosen start.
    Start,
    /// The equilibrium (0, 0).
    Equilibrium,
}

impl PhaseRole {
    /// The style of this role on screen and in files.
    pub const fn style(self) -> Style {
        match self {
            PhaseRole::Field => Style {
                label: "update field (dθ, dψ)",
                light: Rgb(165, 165, 165),
                dark: Rgb(110, 110, 110),
                dash: Dash::Solid,
                width: 1.0,
            },
            PhaseRole::Simultaneous => Style {
                label: "simultaneous updates",
                light: Rgb(215, 60, 30),
                dark: Rgb(255, 125, 90),
                dash: Dash::Solid,
                width: 2.0,
            },
            PhaseRole::Alternating => Style {
                label: "alternating updates",
                light: Rgb(20, 90, 210),
                dark: Rgb(110, 170, 255),
                dash: Dash::Solid,
                width: 2.0,
            },
            PhaseRole::Start => Style {
                label: "start",
                light: Rgb(0, 0, 0),
                dark: Rgb(235, 235, 235),
                dash: Dash::Solid,
                width: 1.0,
            },
            PhaseRole::Equilibrium => Style {
                label: "equilibrium (0, 0)",
                light: Rgb(0, 150, 40),
                dark: Rgb(90, 220, 110),
                dash: Dash::Solid,
                width: 1.0,
            },
        }
    }
}

/// What the phase-plane view lets the user set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhaseSettings {
    /// Game, step size, γ and instance noise (the scheme is ignored: both are drawn).
    pub dirac: Dirac,
    /// Updates from the start.
    pub steps: usize,
    /// Where both trajectories start, (θ, ψ).
    pub start: (f64, f64),
}

impl Default for PhaseSettings {
    fn default() -> Self {
        PhaseSettings {
            dirac: Dirac::default(),
            steps: 400,
            start: (1.0, 1.0),
        }
    }
}

/// One arrow of the field, already scaled to the view: from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldArrow {
    /// Tail; the arrow is centred on its grid point.
    pub from: (f64, f64),
    /// Tip, along the update direction.
    pub to: (f64, f64),
}

/// The path of one update scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// Simultaneous or alternating, hence its style.
    pub role: PhaseRole,
    /// The points inside the view, in order; cut where the path leaves the view.
    pub points: Vec<(f64, f64)>,
    /// Distance from the equilibrium at the start.
    pub start_radius: f64,
    /// Distance from the equilibrium after the last update taken.
    pub final_radius: f64,
    /// Updates actually taken (fewer than asked when the numbers overflowed).
    pub steps: usize,
    /// True when the path stopped early because its numbers overflowed.
    pub overflowed: bool,
    /// True when part of the path lies outside the view.
    pub leaves_view: bool,
}

/// A distance from the equilibrium as text with `decimals` places, or in powers of ten
/// once a path has run far out (an overflowing one ends near 1e308).
pub fn radius_text(r: f64, decimals: usize) -> String {
    if r.abs() >= 1e6 {
        format!("{r:.2e}")
    } else {
        format!("{r:.decimals$}")
    }
}

impl Trajectory {
    /// One line saying how far the path ended from the equilibrium.
    pub fn summary(&self) -> String {
        let name = match self.role {
            PhaseRole::Alternating => "alternating",
            _ => "simultaneous",
        };
        let verdict = if self.overflowed {
            "overflowed: spirals out".to_string()
        } else if self.final_radius > 1.05 * self.start_radius {
            "spirals out".to_string()
        } else if self.final_radius < 0.95 * self.start_radius {
            "spirals in".to_string()
        } else {
            "orbits".to_string()
        };
        format!(
            "{name}: final radius {} (start {:.3}, {} steps): {verdict}",
            radius_text(self.final_radius, 3),
            self.start_radius,
            self.steps
        )
    }
}

/// Everything one picture of the phase plane shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseFigure {
    /// One line naming the game and its settings.
    pub title: String,
    /// Axis names: (horizontal, vertical).
    pub axes: (&'static str, &'static str),
    /// The view is [−extent, extent]² (square, equal units).
    pub extent: f64,
    /// Field arrows on a grid over the view.
    pub field: Vec<FieldArrow>,
    /// Simultaneous then alternating.
    pub trajectories: Vec<Trajectory>,
    /// Where both start.
    pub start: (f64, f64),
    /// The eigenvalues of each scheme's update map at the equilibrium (simultaneous,
    /// then alternating), drawn against the unit circle: outside it paths grow, on it
    /// they orbit, inside it they shrink.
    pub eigenvalues: Vec<(PhaseRole, [Complex; 2])>,
}

impl PhaseFigure {
    /// One line per scheme: its spectral radius and what that means.
    pub fn eigenvalue_summaries(&self) -> Vec<String> {
        self.eigenvalues
            .iter()
            .map(|(role, values)| {
                let radius = spectral_radius(values);
                let name = match role {
                    PhaseRole::Alternating => "alternating",
                    _ => "simultaneous",
                };
                let verdict = if radius > 1.0 + 1e-9 {
                    "grows"
                } else if radius < 1.0 - 1e-9 {
                    "shrinks"
                } else {
                    "orbits"
                };
                format!("{name}: spectral radius {radius:.4} ({verdict})")
            })
            .collect()
    }

    /// How far from the origin the eigenvalue chart must reach: the unit circle and every
    /// eigenvalue, with a margin.
    pub fn eigenvalue_extent(&self) -> f64 {
        self.eigenvalues
            .iter()
            .flat_map(|(_, values)| values.iter())
            .map(|(re, im)| re.abs().max(im.abs()))
            .fold(1.0, f64::max)
            * 1.15
    }
}

/// Points on the unit circle, for drawing it.
pub fn unit_circle() -> Vec<(f64, f64)> {
    (0..=128)
        .map(|i| {
            let t = i as f64 / 128.0 * std::f64::consts::TAU;
            (t.cos(), t.sin())
        })
        .collect()
}

fn radius(p: (f64, f64)) -> f64 {
    p.0.hypot(p.1)
}

/// Rounds up to a half, so the view changes in visible steps.
fn round_up_half(v: f64) -> f64 {
    (v * 2.0).ceil() / 2.0
}

/// The points of `path` up to where it leaves [−extent, extent]², ending on the edge.
fn inside(path: &[(f64, f64)], extent: f64) -> (Vec<(f64, f64)>, bool) {
    let within = |p: (f64, f64)| p.0.abs() <= extent && p.1.abs() <= extent;
    let mut points = Vec::with_capacity(path.len());
    for (i, &p) in path.iter().enumerate() {
        if within(p) {
            points.push(p);
            continue;
        }
        // Cut the last segment at the box: the largest t with prev + t (p − prev) inside.
        if let Some(&prev) = i.checked_sub(1).and_then(|j| path.get(j)) {
            let mut t: f64 = 1.0;
            for (a, b) in [(prev.0, p.0), (prev.1, p.1)] {
                if b.abs() > extent && (b - a).abs() > 0.0 {
                    let edge = extent.copysign(b);
                    t = t.min(((edge - a) / (b - a)).clamp(0.0, 1.0));
                }
            }
            points.push((prev.0 + t * (p.0 - prev.0), prev.1 + t * (p.1 - prev.1)));
        }
        return (points, true);
    }
    (points, false)
}

impl PhaseFigure {
    /// The path of `scheme`.
    pub fn trajectory(&self, scheme: Scheme) -> Option<&Trajectory> {
        let role = match scheme {
            Scheme::Simultaneous => PhaseRole::Simultaneous,
            Scheme::Alternating => PhaseRole::Alternating,
        };
        self.trajectories.iter().find(|t| t.role == role)
    }

    /// The picture for `settings`: cheap (closed form), so the app rebuilds it every frame.
    pub fn new(settings: &PhaseSettings) -> Self {
        let PhaseSettings { dirac, steps, start } = *settings;
        let paths: Vec<(PhaseRole, Vec<(f64, f64)>)> = [
            (PhaseRole::Simultaneous, Scheme::Simultaneous),
            (PhaseRole::Alternating, Scheme::Alternating),
        ]
        .into_iter()
        .map(|(role, scheme)| (role, Dirac { scheme, ..dirac }.trajectory(start, steps)))
        .collect();
        // The view holds the start with room around it and follows the paths out to
        // four times the start's distance; farther, they leave the view.
        let r0 = start.0.abs().max(start.1.abs()).max(0.25);
        let reach = paths
            .iter()
            .flat_map(|(_, path)| path.iter())
            .map(|p| p.0.abs().max(p.1.abs()))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let extent = round_up_half((1.1 * reach).clamp((1.5 * r0).max(1.0), (4.0 * r0).max(1.0)));
        let trajectories = paths
            .into_iter()
            .map(|(role, path)| {
                let (points, leaves_view) = inside(&path, extent);
                let taken = path.len().saturating_sub(1);
                Trajectory {
                    role,
                    points,
                    start_radius: radius(start),
                    final_radius: path.last().map_or(f64::NAN, |&p| radius(p).min(f64::MAX)),
                    steps: taken,
                    overflowed: taken < steps,
                    leaves_view,
                }
            })
            .collect();
        PhaseFigure {
            title: title(&dirac),
            axes: axes(dirac.game),
            extent,
            field: field(&dirac, extent),
            trajectories,
            start,
            eigenvalues: vec![
                (
                    PhaseRole::Simultaneous,
                    dirac.map_eigenvalues(Scheme::Simultaneous),
                ),
                (PhaseRole::Alternating, dirac.map_eigenvalues(Scheme::Alternating)),
            ],
        }
    }
}

/// Names of the axes: the Dirac-GAN's parameters, or the bilinear game's players.
fn axes(game: Game) -> (&'static str, &'static str) {
    match game {
        Game::Bilinear => ("x (minimising player)", "y (maximising player)"),
        _ => (
            "θ (generator: where its point mass sits)",
            "ψ (discriminator slope)",
        ),
    }
}

fn title(dirac: &Dirac) -> String {
    let game = match dirac.game {
        Game::Bilinear => "bilinear game min_x max_y x·y".to_string(),
        Game::Gan => "Dirac-GAN, minimax loss".to_string(),
        Game::NonSaturating => "Dirac-GAN, non-saturating loss".to_string(),
        Game::Wasserstein => "Dirac-GAN, Wasserstein (linear critic)".to_string(),
    };
    format!(
        "{game}  ·  step h = {}  ·  γ = {}  ·  instance noise σ = {}",
        trim(dirac.step),
        trim(dirac.gamma),
        trim(dirac.instance_noise)
    )
}

/// A number with at most three decimals and no trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.into()
    }
}

/// The field on a grid of cell centres over the view, each arrow centred on its point.
/// Arrow length grows with the field's strength but never below a third of the
/// longest, so the direction reads everywhere; the longest is 0.8 of a cell, so arrows
/// never overlap and never cross the edge of the view.
fn field(dirac: &Dirac, extent: f64) -> Vec<FieldArrow> {
    let cell = 2.0 * extent / GRID as f64;
    let grid = dirac.field_grid(extent - 0.5 * cell, GRID);
    let strongest = grid
        .iter()
        .map(|(_, (dt, dp))| dt.hypot(*dp))
        .filter(|m| m.is_finite())
        .fold(0.0, f64::max);
    if strongest <= 0.0 {
        return Vec::new();
    }
    grid.into_iter()
        .filter_map(|((theta, psi), (dt, dp))| {
            let m = dt.hypot(dp);
            if !(m.is_finite() && m > 1e-12 * strongest) {
                return None;
            }
            let half = 0.4 * cell * (0.33 + 0.67 * m / strongest);
            let (ux, uy) = (dt / m, dp / m);
            Some(FieldArrow {
                from: (theta - half * ux, psi - half * uy),
                to: (theta + half * ux, psi + half * uy),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cut_at_the_edge_of_the_view() {
        let (points, left) = inside(&[(0.0, 0.0), (1.0, 0.0), (3.0, 0.0)], 2.0);
        assert!(left);
        assert_eq!(points.last(), Some(&(2.0, 0.0)));
    }

    #[test]
    fn a_penalty_pulls_the_path_in() {
        let mut settings = PhaseSettings::default();
        let free = PhaseFigure::new(&settings);
        settings.dirac.gamma = 1.0;
        let damped = PhaseFigure::new(&settings);
        assert!(damped.trajectories[0].final_radius < free.trajectories[0].final_radius);
        assert!(free.field.len() >= GRID * GRID - 1);
        let inside = |p: (f64, f64)| p.0.abs() <= free.extent && p.1.abs() <= free.extent;
        assert!(free.field.iter().all(|a| inside(a.from) && inside(a.to)));
    }
}
