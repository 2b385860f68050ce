//! A value range that follows changing values without flickering: it widens at once
//! when the values outgrow it and narrows only when they shrink to less than half of it.
//! A critic's score has no fixed scale and drifts as training goes; fitted afresh every
//! frame, its heatmap's colours or its axis would jump each time. The app's views and a
//! recording's frames keep it this way.

/// The range kept from one frame to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KeptRange(Option<(f64, f64)>);

impl KeptRange {
    /// The range for this frame's `values` (non-finite ones ignored), padded by `pad`, a
    /// fraction of their span: the kept range while the padded values fit inside it and
    /// span more than half of it, else the padded values' own range, kept from now on.
    pub fn follow(&mut self, values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (-1.0, 1.0)
        };
        let pad = pad * (hi - lo).max(1e-3);
        let wanted = (lo - pad, hi + pad);
        let range = match self.0 {
            Some((a, b)) if wanted.0 >= a && wanted.1 <= b && (wanted.1 - wanted.0) > 0.5 * (b - a) => (a, b),
            _ => wanted,
        };
        self.0 = Some(range);
        range
    }

    /// Forgets the kept range: the values now measure something else.
    pub fn forget(&mut self) {
        self.0 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_at_once_and_narrows_only_when_far_inside() {
        let mut kept = KeptRange::default();
        assert_eq!(kept.follow([0.0, 1.0].into_iter(), 0.0), (0.0, 1.0));
        // Inside and more than half the span: kept.
        assert_eq!(kept.follow([0.1, 0.8].into_iter(), 0.0), (0.0, 1.0));
        // Outgrown: followed at once.
        assert_eq!(kept.follow([0.0, 2.0].into_iter(), 0.0), (0.0, 2.0));
        // Shrunk to less than half: followed.
        assert_eq!(kept.follow([0.5, 1.0].into_iter(), 0.0), (0.5, 1.0));
        // Padding, and nothing finite.
        kept.forget();
        assert_eq!(kept.follow([0.0, 10.0].into_iter(), 0.1), (-1.0, 11.0));
        kept.forget();
        assert_eq!(kept.follow([f64::NAN].into_iter(), 0.0), (-1.0, 1.0));
    }
}
