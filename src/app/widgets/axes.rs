//! Tick marks for egui_plot axes from [`crate::figure::ticks`]: round values spaced so
//! their labels fit the plot's width, whatever it is. egui_plot's default spacing is
//! powers of ten; on a narrow plot (each half of Compare, classroom mode) the step of 1
//! was too dense to label and the step of 10 left one label, "0".

use crate::figure::ticks::{step_for, tick_label};
use egui_plot::{GridInput, GridMark};

/// Points a tick label is given along the x axis, room around it included: more than
/// egui_plot's fade-in range (60-80), so every label it paints is fully drawn.
pub const X_LABEL_POINTS: f64 = 90.0;

/// Points a tick label is given up the y axis (egui_plot fades labels in from 20 to 30).
pub const Y_LABEL_POINTS: f64 = 32.0;

/// A grid spacer with round steps at least `min_points` apart on screen.
pub fn nice_spacer(min_points: f64) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        let (lo, hi) = input.bounds;
        if !(lo.is_finite() && hi.is_finite()) || hi <= lo || input.base_step_size <= 0.0 {
            return Vec::new();
        }
        // egui_plot's base step is the value of its minimum grid spacing (8 points).
        let points = (hi - lo) / input.base_step_size * 8.0;
        let count = ((points / min_points).floor() as usize).max(2);
        let step = step_for(lo, hi, count);
        if step * points / (hi - lo) < 0.75 * min_points
            && let Some(ends) = round_ends(lo, hi)
        {
            return ends;
        }
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last)
            .map(|i| GridMark {
                value: i as f64 * step,
                step_size: step,
            })
            .collect()
    }
}

/// The two round values nearest the ends of `[lo, hi]`, one tick each, for an axis too
/// short for two round steps a label apart: a metric chart 40 points tall over W1 from 0
/// to 4.3 had room for 0 and 4 but not for 0, 2 and 4, and egui_plot hid the 2 and 4 as
/// too close, leaving a lone "0".
fn round_ends(lo: f64, hi: f64) -> Option<Vec<GridMark>> {
    let unit = 10f64.powf((hi - lo).log10().floor());
    let (bottom, top) = ((lo / unit).ceil() * unit, (hi / unit).floor() * unit);
    (top > bottom).then(|| {
        [bottom, top]
            .into_iter()
            .map(|value| GridMark {
                value: if value == 0.0 { 0.0 } else { value },
                step_size: top - bottom,
            })
            .collect()
    })
}

/// A tick's label with the decimals (or "k") its grid's step needs.
pub fn label(mark: GridMark) -> String {
    tick_label(mark.value, mark.step_size)
}
