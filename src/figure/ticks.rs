//! Tick marks an axis shows at any size: round values (1, 2 or 5 times a power of ten)
//! spaced so their labels fit, written with as many decimals as the spacing needs. Both
//! back ends place the x ticks on the figure's x line with these, so a narrow Compare
//! side or classroom mode keeps its numbers instead of showing only "0".

/// The round values in `[lo, hi]`, at most `max_count` of them (at least two when the
/// interval allows), spaced 1, 2 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64, max_count: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return Vec::new();
    }
    let step = step_for(lo, hi, max_count);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    // Rounded to the step's decimals: 3 × 0.1 is 0.30000000000000004.
    let scale = 10f64.powi((-step.log10().floor()).clamp(0.0, 12.0) as i32);
    (first..=last)
        .map(|i| (i as f64 * step * scale).round() / scale)
        // -0.0 prints as "-0"
        .map(|v| if v == 0.0 { 0.0 } else { v })
        .collect()
}

/// The spacing of [`nice_ticks`]: the smallest of 1, 2, 5 times a power of ten that
/// leaves at most `max_count` ticks across `span`.
pub fn nice_step(span: f64, max_count: usize) -> f64 {
    let rough = span / max_count.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * power)
}

/// The spacing of the ticks across `[lo, hi]`: [`nice_step`] for `max_count`, made one
/// round size smaller while fewer than two ticks fall inside. A short chart of a W1 near
/// 3.9 (axis -0.2 to 4.1, room for two) got a step of 5 and showed only "0".
pub fn step_for(lo: f64, hi: f64, max_count: usize) -> f64 {
    let inside = |step: f64| (hi / step).floor() - (lo / step).ceil() + 1.0;
    let mut step = nice_step(hi - lo, max_count.max(2));
    for _ in 0..3 {
        if inside(step) >= 2.0 {
            break;
        }
        let mantissa = step / 10f64.powf(step.log10().floor());
        // 5 -> 2, 2 -> 1, 1 -> 0.5
        step *= if mantissa > 3.0 { 0.4 } else { 0.5 };
    }
    step
}

/// A tick's label: as many decimals as the spacing between ticks needs, and thousands
/// as "k" (a long run's iteration axis reads "20k", not "20000" squeezed out).
pub fn tick_label(value: f64, step: f64) -> String {
    if value.abs() >= 10_000.0 && step >= 1000.0 {
        let thousands = value / 1000.0;
        let decimals = if (step / 1000.0).fract() == 0.0 { 0 } else { 1 };
        return format!("{thousands:.decimals$}k");
    }
    let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
    format!("{value:.decimals$}")
}

/// How many tick labels fit along `pixels` when each needs about `label_pixels` with room
/// to breathe (never fewer than two).
pub fn ticks_that_fit(pixels: f64, label_pixels: f64) -> usize {
    ((pixels / (label_pixels * 1.8).max(1.0)).floor() as usize).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_values_fill_the_interval_at_any_width() {
        assert_eq!(nice_ticks(-0.3, 6.0, 8), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        // A narrow plot still shows several numbers, not just 0.
        assert_eq!(nice_ticks(-0.3, 6.0, 4), vec![0.0, 2.0, 4.0, 6.0]);
        assert_eq!(nice_ticks(-0.3, 6.0, 3), vec![0.0, 5.0]);
        // Never a lone "0" where two round values fit.
        assert_eq!(nice_ticks(-0.2, 4.1, 2), vec![0.0, 2.0, 4.0]);
        assert_eq!(nice_ticks(-0.05, 0.9, 2), vec![0.0, 0.5]);
        assert_eq!(nice_ticks(0.0, 0.35, 4), vec![0.0, 0.1, 0.2, 0.3]);
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    }

    #[test]
    fn labels_carry_the_decimals_the_spacing_needs() {
        assert_eq!(tick_label(2.0, 1.0), "2");
        assert_eq!(tick_label(0.2, 0.1), "0.2");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(20_000.0, 5000.0), "20k");
        assert_eq!(tick_label(12_500.0, 2500.0), "12.5k");
        assert_eq!(tick_label(500.0, 100.0), "500");
    }
}
