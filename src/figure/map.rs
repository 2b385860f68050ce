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
        _ => "GAN".to_string(),
    };
    let seeds = match map.seeds.len() {
        0 => String::new(),
        1 => format!(", seed {}", map.seeds[0]),
        n => format!(", {n} seeds a cell"),
    };
    format!("stability map: {what}, {} steps a run{seeds}", map.steps)
}
