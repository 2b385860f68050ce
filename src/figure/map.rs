//! How a stability map looks, wherever it is drawn (a file, the app): each class's
//! colour, and a cell's shade by its final distance.

use super::{Rgb, Theme};
use crate::map::class::Class;

/// The colour of `class`: green converges, orange oscillates, purple collapses, grey
/// stalls, red diverges, brown runs away; distinct on light and dark backgrounds and for
/// the common colour-vision deficiencies by lightness as well as hue.
pub fn class_color(class: Class, _theme: Theme) -> Rgb {
    match class {
        Class::Converged => Rgb(44, 160, 44),
        Class::Oscillating => Rgb(255, 145, 30),
        Class::Collapsed => Rgb(148, 103, 189),
        Class::Stalled => Rgb(150, 150, 150),
        Class::Diverged => Rgb(214, 39, 40),
        Class::RanAway => Rgb(120, 70, 50),
    }
}

/// A cell's fill: its class's colour, paler the further its final W1 is from the best of
/// the map (`0` best, `1` worst), so within one class the better runs stand out.
pub fn cell_color(class: Class, theme: Theme, relative_w1: f64) -> Rgb {
    let Rgb(r, g, b) = class_color(class, theme);
    let t = if relative_w1.is_finite() {
        relative_w1.clamp(0.0, 1.0) * 0.55
    } else {
        0.0
    };
    let toward = match theme {
        Theme::Light => 255.0,
        Theme::Dark => 20.0,
    };
    let mix = |c: u8| (f64::from(c) + t * (toward - f64::from(c))).round() as u8;
    Rgb(mix(r), mix(g), mix(b))
}

/// The line under a map: what swept what, how long, on how many seeds.
pub fn map_caption(map: &crate::map::Map) -> String {
    let what = match (&map.game[..], &map.dirac) {
        ("dirac", Some(settings)) => {
            let fixed: Vec<String> = settings
                .iter()
                .filter(|(k, _)| *k != map.x.key && *k != map.y.key)
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            format!("Dirac-GAN ({})", fixed.join(", "))
        }
        _ => {
            // The base's target and game, read back from the config it saved.
            let mut base = crate::engine::presets::base();
            match map.base.as_deref().map(|b| base.load_text("the map's base", b)) {
                Some(Ok(())) => format!(
                    "GAN on {} ({}, {})",
                    base.target,
                    base.loss.name(),
                    base.optimizer.name()
                ),
                _ => "GAN".to_string(),
            }
        }
    };
    let seeds = match map.seeds.len() {
        0 => String::new(),
        1 => format!(", seed {}", map.seeds[0]),
        n => format!(", {n} seeds a cell"),
    };
    format!("stability map: {what}, {} steps a run{seeds}", map.steps)
}

/// The key's note on the shading.
pub const SHADE_NOTE: &str = "paler: further from the target at the end";

/// The key's name for the closed form's line on a Dirac-GAN map.
pub const BOUNDARY_LABEL: &str = "exact boundary: spectral radius 1";

/// The best and worst final W1 over a map's cells, which a cell's shade is relative to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shades {
    best: f64,
    worst: f64,
}

impl Shades {
    /// The range of `map`'s cells (those computed so far).
    pub fn of(map: &crate::map::Map) -> Shades {
        let (best, worst) = map
            .cells
            .iter()
            .map(|c| c.mean_w1())
            .filter(|w| w.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), w| {
                (lo.min(w), hi.max(w))
            });
        Shades { best, worst }
    }

    /// The fill of `cell`: its class's colour shaded by where its W1 sits in the range.
    pub fn fill(&self, cell: &crate::map::Cell, theme: Theme) -> Rgb {
        let relative = if self.worst > self.best {
            (cell.mean_w1() - self.best) / (self.worst - self.best)
        } else {
            0.0
        };
        cell_color(cell.class, theme, relative)
    }
}

/// The closed-form boundary of a Dirac-GAN map in grid units (a cell spans one unit, cell
/// (x, y) from (x, y) to (x + 1, y + 1)): every cell edge whose two sides the spectral
/// radius puts on different sides of 1. Empty on a GAN map.
pub fn boundary(map: &crate::map::Map) -> Vec<[(f64, f64); 2]> {
    let verdict = |x: usize, y: usize| {
        map.cell(x, y)
            .and_then(|c| c.exact.as_ref())
            .map(|e| e.verdict.as_str())
    };
    let mut edges = Vec::new();
    for y in 0..map.y.len() {
        for x in 0..map.x.len() {
            let here = verdict(x, y);
            if here.is_none() {
                continue;
            }
            if x + 1 < map.x.len() && verdict(x + 1, y).is_some_and(|v| Some(v) != here) {
                let edge = (x + 1) as f64;
                edges.push([(edge, y as f64), (edge, (y + 1) as f64)]);
            }
            if y + 1 < map.y.len() && verdict(x, y + 1).is_some_and(|v| Some(v) != here) {
                let edge = (y + 1) as f64;
                edges.push([(x as f64, edge), ((x + 1) as f64, edge)]);
            }
        }
    }
    edges
}

/// An axis's title: the key, and the scale when it is logarithmic.
pub fn axis_title(axis: &crate::map::axis::Axis) -> String {
    match axis.scale {
        crate::map::axis::Scale::Log => format!("{} (log scale)", axis.key),
        _ => axis.key.clone(),
    }
}

/// How many runs of a cell agreed, as written in the cell: "2/3".
pub fn agreed_text(cell: &crate::map::Cell) -> String {
    format!("{}/{}", cell.agreed, cell.runs.len())
}

/// How far a Dirac-GAN map agrees with the closed form, as a sentence (none on a GAN map).
pub fn agreement_text(map: &crate::map::Map) -> Option<String> {
    map.agreement().map(|(share, judged)| {
        format!(
            "agrees with the closed-form spectral radius on {:.1}% of {judged} cells away from the boundary",
            100.0 * share
        )
    })
}
