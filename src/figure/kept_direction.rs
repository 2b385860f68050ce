//! Which way the z line runs, kept from frame to frame. The z line is drawn from its top
//! end on the left when G maps larger z to smaller x, so the arrows do not cross; read
//! afresh each frame from a collapsed or folded G (nearly flat, or up and down), the
//! direction flipped back and forth and the whole line of arrows jumped. It turns only
//! when G clearly runs the other way.

/// How clearly G must run against the kept direction before the z line turns: the share
/// of neighbouring arrows that step the other way, less those that step this way.
pub const TURN_AT: f64 = 0.5;

/// The direction kept from one frame to the next (`None` before the first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeptDirection(Option<bool>);

impl KeptDirection {
    /// Whether the z line runs reversed for the arrows `(z, x)` (in z order): the kept
    /// direction unless G clearly runs the other way (see `order_score`).
    pub fn follow(&mut self, arrows: &[(f64, f64)]) -> bool {
        let score = order_score(arrows);
        let reversed = match self.0 {
            Some(kept) => {
                let clearly_against = if kept { score > TURN_AT } else { score < -TURN_AT };
                kept != clearly_against
            }
            None => score < 0.0,
        };
        self.0 = Some(reversed);
        reversed
    }
}

/// How monotone G is over the arrows: the share of neighbouring arrows whose x rises
/// minus the share whose x falls, from 1 (increasing) to −1 (decreasing); 0 for a flat
/// or zigzag G.
pub fn order_score(arrows: &[(f64, f64)]) -> f64 {
    let steps: Vec<f64> = arrows
        .windows(2)
        .map(|w| w[1].1 - w[0].1)
        .filter(|d| d.is_finite())
        .collect();
    if steps.is_empty() {
        return 0.0;
    }
    let up = steps.iter().filter(|&&d| d > 0.0).count() as f64;
    let down = steps.iter().filter(|&&d| d < 0.0).count() as f64;
    (up - down) / steps.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrows(xs: &[f64]) -> Vec<(f64, f64)> {
        xs.iter().enumerate().map(|(i, &x)| (i as f64, x)).collect()
    }

    #[test]
    fn the_direction_holds_through_a_flat_or_folded_g() {
        let mut kept = KeptDirection::default();
        assert!(!kept.follow(&arrows(&[0.0, 1.0, 2.0, 3.0])));
        // A collapsed G wobbles: the last arrow a hair left of the first, ends swapped.
        assert!(!kept.follow(&arrows(&[1.0, 1.001, 0.999, 1.0005, 0.9999])));
        assert!(!kept.follow(&arrows(&[0.0, 2.0, 1.0, 3.0, 2.5])));
        // Clearly decreasing: the line turns, and then holds that way.
        assert!(kept.follow(&arrows(&[3.0, 2.0, 1.0, 0.0])));
        assert!(kept.follow(&arrows(&[1.0, 1.001, 0.999, 1.0005, 1.0001])));
    }

    #[test]
    fn a_first_frame_takes_the_majority_direction() {
        assert!(KeptDirection::default().follow(&arrows(&[3.0, 2.0, 2.5, 1.0, 0.0])));
        assert!(!KeptDirection::default().follow(&arrows(&[])));
    }
}
