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

/// One number of the phase plane a user sets: its name in `ganscope phase` and lesson
/// files, the app's label, the values allowed and how a slider spans them. The CLI, the
/// lesson parser and the app's controls all read these, so a lesson's γ = 5 is shown as 5,
/// not clamped to a narrower slider. Defaults are [`PhaseSettings::default`]'s.
pub struct PhaseParam {
    /// Name on the command line (`--step`) and in a lesson's `phase = {..}`.
    pub name: &'static str,
    /// The app's label for its control.
    pub label: &'static str,
    /// What it means, for help texts.
    pub meaning: &'static str,
    /// Lower bound.
    pub min: f64,
    /// Whether `min` itself is allowed.
    pub min_inclusive: bool,
    /// Largest allowed value.
    pub max: f64,
    /// Only whole numbers.
    pub whole: bool,
    /// Smallest positive value a slider reaches, when the slider is logarithmic.
    pub slider_floor: Option<f64>,
    /// Reads it.
    pub get: fn(&PhaseSettings) -> f64,
    /// Writes it.
    pub put: fn(&mut PhaseSettings, f64),
}

impl PhaseParam {
    /// The allowed values in words: `> 0 and <= 2`.
    pub fn allowed(&self) -> String {
        let op = if self.min_inclusive { ">=" } else { ">" };
        let whole = if self.whole { " (a whole number)" } else { "" };
        format!("{op} {} and <= {}{whole}", self.min, self.max)
    }

    /// `value` when it is allowed, or what is allowed.
    pub fn check(&self, value: f64) -> Result<f64, String> {
        let above = if self.min_inclusive {
            value >= self.min
        } else {
            value > self.min
        };
        if value.is_finite() && above && value <= self.max && (!self.whole || value.fract() == 0.0) {
            Ok(value)
        } else {
            Err(format!("out of range; allowed: {}", self.allowed()))
        }
    }

    /// Parses a number from text and checks it.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        let value = text
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("'{text}' is not a number; allowed: {}", self.allowed()))?;
        self.check(value).map_err(|e| format!("'{text}' is {e}"))
    }

    /// Its value in the default settings.
    pub fn default_value(&self) -> f64 {
        (self.get)(&PhaseSettings::default())
    }
}

/// Step size h of both players.
pub const STEP: PhaseParam = PhaseParam {
    name: "step",
    label: "step size",
    meaning: "Step size h of both players: larger steps spiral out faster",
    min: 0.0,
    min_inclusive: false,
    max: 2.0,
    whole: false,
    slider_floor: Some(0.01),
    get: |s| s.dirac.step,
    put: |s, v| s.dirac.step = v,
};

/// The zero-centred penalty γ (R1).
pub const GAMMA: PhaseParam = PhaseParam {
    name: "gamma",
    label: "gamma",
    meaning: "Zero-centred gradient penalty γ/2·ψ² on real data (R1): γ > 0 damps the rotation, paths spiral in",
    min: 0.0,
    min_inclusive: true,
    max: 10.0,
    whole: false,
    slider_floor: Some(0.01),
    get: |s| s.dirac.gamma,
    put: |s, v| s.dirac.gamma = v,
};

/// Instance noise σ on real and fake points.
pub const NOISE: PhaseParam = PhaseParam {
    name: "noise",
    label: "instance noise",
    meaning: "Standard deviation of Gaussian noise added to real and fake points: also damps the rotation",
    min: 0.0,
    min_inclusive: true,
    max: 10.0,
    whole: false,
    slider_floor: Some(0.01),
    get: |s| s.dirac.instance_noise,
    put: |s, v| s.dirac.instance_noise = v,
};

/// Updates drawn from the start.
pub const STEPS: PhaseParam = PhaseParam {
    name: "steps",
    label: "steps",
    meaning: "Updates drawn from the start",
    min: 1.0,
    min_inclusive: true,
    max: 100_000.0,
    whole: true,
    slider_floor: Some(1.0),
    get: |s| s.steps as f64,
    put: |s, v| s.steps = v as usize,
};

/// The generator's θ at the start (the first of `start`).
pub const START_THETA: PhaseParam = PhaseParam {
    name: "start",
    label: "start θ",
    meaning: "Where both paths start: the generator's θ",
    min: -100.0,
    min_inclusive: true,
    max: 100.0,
    whole: false,
    slider_floor: None,
    get: |s| s.start.0,
    put: |s, v| s.start.0 = v,
};

/// The discriminator's ψ at the start (the second of `start`).
pub const START_PSI: PhaseParam = PhaseParam {
    name: "start",
    label: "start ψ",
    meaning: "Where both paths start: the discriminator's ψ",
    min: -100.0,
    min_inclusive: true,
    max: 100.0,
    whole: false,
    slider_floor: None,
    get: |s| s.start.1,
    put: |s, v| s.start.1 = v,
};

/// The single numbers, by name, as lesson files and the command line give them (the
/// start is a pair, `[θ, ψ]`).
pub const PHASE_NUMBERS: [&PhaseParam; 4] = [&STEP, &GAMMA, &NOISE, &STEPS];

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
