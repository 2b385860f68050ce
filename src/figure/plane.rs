//! What a frame of a 2-D run shows, as plain data for both back ends: D (or the critic)
//! as a heatmap with its colour bar, the contours of p_g and p_data, real and fake dots,
//! the generator's manifold, gradient arrows on some fakes, and the modes marked
//! covered or missed. The colour map and every role's colour are written here once.

use super::{Rgb, Role, Theme};
use crate::engine::measure::QUALITY_SIGMAS;
use crate::engine::plane::Point;
use crate::engine::snapshot::{PlaneView, Snapshot};

/// One contour segment: a straight piece of a level line within one cell.
pub type Segment = [Point; 2];

/// The contour lines of one density.
#[derive(Clone, Debug, PartialEq)]
pub struct Contours {
    /// Whose density (Data or Generator), hence the colour.
    pub role: Role,
    /// The pieces of every level line.
    pub segments: Vec<Segment>,
}

/// A mode of the target as drawn: an ellipse at 3σ (where its high-quality fakes lie).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModeMarker {
    /// Its centre.
    pub center: Point,
    /// 3σ of the mode along x and y (the high-quality radii), at least a visible minimum.
    pub radius: [f64; 2],
    /// Whether the generator covers it.
    pub covered: bool,
}

/// The colour bar of the heatmap: what D's colours mean.
#[derive(Clone, Debug, PartialEq)]
pub struct ColorBar {
    /// What the colours show.
    pub label: &'static str,
    /// The value at the bottom (fake-looking) end.
    pub lo: f64,
    /// The value at the top (real-looking) end.
    pub hi: f64,
}

/// Everything a 2-D frame shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaneFigure {
    /// The fixed plotting box: ((x lo, x hi), (y lo, y hi)).
    pub bounds: ((f64, f64), (f64, f64)),
    /// Cells per side of the heatmap.
    pub cells: usize,
    /// D's value at each cell, mapped to 0 (fake-looking) … 1 (real-looking) on the
    /// colour bar's scale, row by row from the bottom left.
    pub heat: Vec<f64>,
    /// The scale of the heatmap.
    pub bar: ColorBar,
    /// A critic's own values at each cell (`None` for a probability D): the heatmap
    /// above spans this frame's range, and a view that keeps its scale from frame to
    /// frame, or shares it between two sides, recolours it with [`PlaneFigure::on_critic_scale`].
    pub critic: Option<Vec<f64>>,
    /// p_data's and p_g's contours.
    pub contours: Vec<Contours>,
    /// Real samples.
    pub reals: Vec<Point>,
    /// Fake samples.
    pub fakes: Vec<Point>,
    /// The generator's manifold, as polylines.
    pub manifold: Vec<Vec<Point>>,
    /// Arrows (tail, head) on some fakes, along ∇x D, scaled for display.
    pub arrows: Vec<[Point; 2]>,
    /// The target's modes.
    pub modes: Vec<ModeMarker>,
}

/// The key beside the plane: what each drawn role stands for, in both back ends.
pub const KEY: [(Role, &str); 4] = [
    (Role::Data, "real samples, p_data contours"),
    (Role::Generator, "fake samples, p_g contours"),
    (Role::Manifold, "G's manifold (the z grid carried to x)"),
    (Role::Gradient, "D's gradient at fakes (G's pull)"),
];

/// What the top and bottom of the colour bar mean.
pub const BAR_ENDS: [&str; 2] = ["looks real", "looks fake"];

/// The key's words for the mode rings: covered (with the count) and missed.
pub fn mode_words(covered: usize, total: usize) -> [String; 2] {
    [
        format!("mode covered ({covered} of {total})"),
        "mode missed".to_string(),
    ]
}

/// The rule behind the rings' colours, under the key's mode words, so a class can check
/// the count by eye.
pub const MODE_RULE: &str = "covered: a quarter of its share of the fakes inside its ring";

/// Density levels of the contours, as fractions of the data density's peak (or of
/// p_g's own peak when the data has no mass on the box).
pub const CONTOUR_LEVELS: [f64; 3] = [0.05, 0.25, 0.6];
/// The longest arrow, as a fraction of the box's width.
const ARROW_LENGTH: f64 = 0.08;
/// The smallest drawn mode radius, as a fraction of the box's width: a mode's ring is drawn
/// where its fakes count toward covering it (3σ or this reach), so what the key counts is
/// what the ring holds.
const MIN_MODE_RADIUS: f64 = crate::engine::plane_measure::MODE_REACH;

/// The heatmap's colour at `t` in 0 (fake-looking) … 1 (real-looking): orange through
/// the background to blue (D's blue of Figure 1), so D = 1/2 disappears into the page.
pub fn heat_color(t: f64, theme: Theme) -> Rgb {
    let (paper, real, fake) = match theme {
        Theme::Light => ((255.0, 255.0, 255.0), (70.0, 120.0, 235.0), (240.0, 150.0, 60.0)),
        Theme::Dark => ((30.0, 30.0, 34.0), (50.0, 90.0, 200.0), (190.0, 110.0, 40.0)),
    };
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.5 };
    let (toward, amount) = if t >= 0.5 {
        (real, 2.0 * t - 1.0)
    } else {
        (fake, 1.0 - 2.0 * t)
    };
    let amount = 0.75 * amount;
    let mix = |a: f64, b: f64| (a + (b - a) * amount).round() as u8;
    Rgb(
        mix(paper.0, toward.0),
        mix(paper.1, toward.1),
        mix(paper.2, toward.2),
    )
}

impl ModeMarker {
    /// The marker's outline as a closed polyline in data units.
    pub fn outline(&self) -> Vec<Point> {
        (0..=48)
            .map(|i| {
                let a = std::f64::consts::TAU * f64::from(i) / 48.0;
                [
                    self.center[0] + self.radius[0] * a.cos(),
                    self.center[1] + self.radius[1] * a.sin(),
                ]
            })
            .collect()
    }
}

impl PlaneFigure {
    /// The figure of a 2-D snapshot.
    pub fn from_view(view: &PlaneView, snapshot: &Snapshot) -> Self {
        let grid = &view.grid;
        let ((x0, x1), _) = grid.bounds;
        let width = x1 - x0;
        let (bar, heat) = if snapshot.d_is_critic() {
            critic_heat(&view.d, finite_range(&view.d))
        } else {
            let label = "D(x): probability of real";
            (
                ColorBar {
                    label,
                    lo: 0.0,
                    hi: 1.0,
                },
                view.d.clone(),
            )
        };
        let data_peak = view.p_data.iter().copied().fold(0.0, f64::max);
        let g_peak = view.p_g.iter().copied().fold(0.0, f64::max);
        let scale = if data_peak > 0.0 { data_peak } else { g_peak };
        let contours = [(Role::Data, &view.p_data), (Role::Generator, &view.p_g)]
            .into_iter()
            .map(|(role, density)| Contours {
                role,
                segments: CONTOUR_LEVELS
                    .iter()
                    .flat_map(|level| marching_squares(density, grid.cells, grid.bounds, level * scale))
                    .collect(),
            })
            .collect();
        let longest = view
            .arrows
            .iter()
            .map(|(_, g)| g[0].hypot(g[1]))
            .filter(|n| n.is_finite())
            .fold(0.0, f64::max);
        let arrows = if longest > 0.0 {
            let k = ARROW_LENGTH * width / longest;
            view.arrows
                .iter()
                .filter(|(_, g)| g[0].is_finite() && g[1].is_finite())
                .map(|(p, g)| [*p, [p[0] + k * g[0], p[1] + k * g[1]]])
                .collect()
        } else {
            Vec::new()
        };
        let modes = view
            .modes
            .iter()
            .map(|m| ModeMarker {
                center: m.mode.center,
                radius: m
                    .mode
                    .sigma
                    .map(|s| (QUALITY_SIGMAS * s).max(MIN_MODE_RADIUS * width)),
                covered: m.covered,
            })
            .collect();
        PlaneFigure {
            bounds: grid.bounds,
            cells: grid.cells,
            heat,
            bar,
            critic: snapshot.d_is_critic().then(|| view.d.clone()),
            contours,
            reals: view.reals.clone(),
            fakes: view.fakes.clone(),
            manifold: view.manifold.clone(),
            arrows,
            modes,
        }
    }

    /// A critic's colour bar on the scale `lo..hi` and its heatmap placed on it (values
    /// beyond it at the bar's ends); `None` for a probability D, whose scale is fixed.
    pub fn on_critic_scale(&self, range: (f64, f64)) -> Option<(ColorBar, Vec<f64>)> {
        self.critic.as_ref().map(|values| critic_heat(values, range))
    }

    /// How many modes are covered, of how many.
    pub fn coverage(&self) -> (usize, usize) {
        (self.modes.iter().filter(|m| m.covered).count(), self.modes.len())
    }

    /// The colour of a mode marker: covered in the generator's green, missed in red.
    pub fn mode_color(covered: bool, theme: Theme) -> Rgb {
        if covered {
            Role::Generator.style().color(theme)
        } else {
            match theme {
                Theme::Light => Rgb(210, 30, 30),
                Theme::Dark => Rgb(255, 90, 90),
            }
        }
    }
}

/// A critic's colour bar over `lo..hi` and its values placed on it (0 at `lo`, 1 at `hi`).
fn critic_heat(values: &[f64], (lo, hi): (f64, f64)) -> (ColorBar, Vec<f64>) {
    let span = (hi - lo).max(1e-12);
    let label = "critic f(x) (a score: high looks real)";
    (
        ColorBar { label, lo, hi },
        values.iter().map(|v| ((v - lo) / span).clamp(0.0, 1.0)).collect(),
    )
}

/// The smallest and largest finite values ((0, 1) when there are none).
fn finite_range(values: &[f64]) -> (f64, f64) {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }
}

/// The level line `level` of a field given at cell centres, as segments (marching
/// squares over the squares between four neighbouring centres; a saddle draws both
/// of its pieces).
pub fn marching_squares(
    field: &[f64],
    cells: usize,
    bounds: ((f64, f64), (f64, f64)),
    level: f64,
) -> Vec<Segment> {
    let ((x0, x1), (y0, y1)) = bounds;
    if cells < 2 || field.len() < cells * cells || level <= 0.0 {
        return Vec::new();
    }
    let (dx, dy) = ((x1 - x0) / cells as f64, (y1 - y0) / cells as f64);
    let at = |i: usize, j: usize| field[j * cells + i];
    let center = |i: usize, j: usize| [x0 + dx * (i as f64 + 0.5), y0 + dy * (j as f64 + 0.5)];
    // Where the level crosses the edge from corner a to corner b.
    let cross = |a: (usize, usize), b: (usize, usize)| -> Point {
        let (va, vb) = (at(a.0, a.1), at(b.0, b.1));
        let t = if vb != va {
            ((level - va) / (vb - va)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let (pa, pb) = (center(a.0, a.1), center(b.0, b.1));
        [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]
    };
    let mut segments = Vec::new();
    for j in 0..cells - 1 {
        for i in 0..cells - 1 {
            // Corners counter-clockwise from the bottom left.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let above: Vec<bool> = corners.iter().map(|&(a, b)| at(a, b) >= level).collect();
            // The edges (corner k to corner k+1) the level crosses.
            let crossings: Vec<Point> = (0..4)
                .filter(|&k| above[k] != above[(k + 1) % 4])
                .map(|k| cross(corners[k], corners[(k + 1) % 4]))
                .collect();
            match crossings.as_slice() {
                [a, b] => segments.push([*a, *b]),
                [a, b, c, d] => {
                    segments.push([*a, *b]);
                    segments.push([*c, *d]);
                }
                _ => {}
            }
        }
    }
    segments
}
