//! What a run did, in one word: the classes of a stability map and the rules that give
//! them, from the distance to the target traced over the run (W1 for a GAN, the distance
//! to the equilibrium for the Dirac-GAN), how far the run's state kept moving, and, for a
//! target with modes, where the fakes ended. SCIENCE.md ("The stability map") states the
//! same rules and thresholds; they live here once.

use serde::{Deserialize, Serialize};

/// The class of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The distance fell to at most [`CONVERGED`] of its start and stays there.
    Converged,
    /// It did not settle: the distance swings, or the state keeps circling.
    Oscillating,
    /// Most of the target's modes hold almost none of the fakes.
    Collapsed,
    /// The distance is still near its start and the state hardly moves (vanishing
    /// gradients).
    Stalled,
    /// A number became NaN or infinite.
    Diverged,
    /// Finite but absurd: the distance grew past [`RAN_AWAY`] times its start, or the
    /// losses or the fakes left every sensible scale.
    RanAway,
}

impl Class {
    /// Every class, in legend order.
    pub const ALL: [Class; 6] = [
        Class::Converged,
        Class::Oscillating,
        Class::Collapsed,
        Class::Stalled,
        Class::Diverged,
        Class::RanAway,
    ];

    /// The class's name, as JSON and CSV write it.
    pub fn name(self) -> &'static str {
        match self {
            Class::Converged => "converged",
            Class::Oscillating => "oscillating",
            Class::Collapsed => "collapsed",
            Class::Stalled => "stalled",
            Class::Diverged => "diverged",
            Class::RanAway => "ran-away",
        }
    }
}

/// A run converged when the distance over the last third of it averages at most this
/// fraction of its start, without swinging.
pub const CONVERGED: f64 = 0.5;
/// The distance over the last third swings (max − min) by at least this fraction of its
/// start: oscillating.
pub const SWING: f64 = 0.25;
/// The state's path over the last third is at least this multiple of the start's
/// distance: it keeps moving (circling) rather than stalling.
pub const MOVING: f64 = 0.5;
/// The distance ended above this multiple of its start: ran away.
pub const RAN_AWAY: f64 = 10.0;
/// A mode counts as found when it holds at least this fraction of its fair share
/// (1/modes) of the fakes; collapsed when at most half of the modes are found.
pub const FOUND_SHARE: f64 = 0.25;

/// What a run left to classify.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// The distance at the start (before the first step).
    pub start: f64,
    /// The distance at evenly spaced points of the run, the last at its end.
    pub distances: Vec<f64>,
    /// The length of the state's path (G's mean for a GAN, (θ, ψ) for the Dirac-GAN)
    /// over the last third of the run.
    pub tail_path: f64,
    /// The share of the fakes at each of the target's modes at the end (empty without
    /// modes).
    pub mode_masses: Vec<f64>,
    /// Why a number became NaN or infinite, if one did.
    pub diverged: Option<String>,
    /// Why the run, though finite, is absurd, if it is.
    pub absurd: Option<String>,
}

/// A class and the numbers that gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The class.
    pub class: Class,
    /// Why, in numbers and words.
    pub reason: String,
    /// Mean distance over the last third, as a fraction of the start.
    #[serde(with = "super::nan_as_null")]
    pub tail_ratio: f64,
    /// (max − min) of the distance over the last third, as a fraction of the start.
    #[serde(with = "super::nan_as_null")]
    pub swing: f64,
    /// The state's path over the last third, as a multiple of the start's distance.
    #[serde(with = "super::nan_as_null")]
    pub moving: f64,
    /// Modes holding at least [`FOUND_SHARE`] of their fair share, and all modes.
    pub modes_found: Option<(usize, usize)>,
}

/// Classifies a trace by the rules above, in this order: diverged, ran away, collapsed,
/// converged, oscillating, stalled.
pub fn classify(trace: &Trace) -> Verdict {
    let start = trace.start.max(f64::MIN_POSITIVE);
    let n = trace.distances.len();
    let tail = &trace.distances[(2 * n / 3).min(n.saturating_sub(1))..];
    let mean = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
    let (lo, hi) = tail
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &d| {
            (lo.min(d), hi.max(d))
        });
    let end = trace.distances.last().copied().unwrap_or(trace.start);
    let tail_ratio = mean / start;
    let swing = if tail.is_empty() { 0.0 } else { (hi - lo) / start };
    let moving = trace.tail_path / start;
    let modes = trace.mode_masses.len();
    let modes_found = (modes >= 2).then(|| {
        let fair = 1.0 / modes as f64;
        let found = trace
            .mode_masses
            .iter()
            .filter(|&&m| m >= FOUND_SHARE * fair)
            .count();
        (found, modes)
    });
    let verdict = |class: Class, reason: String| Verdict {
        class,
        reason,
        tail_ratio,
        swing,
        moving,
        modes_found,
    };
    if let Some(why) = &trace.diverged {
        return verdict(Class::Diverged, why.clone());
    }
    let finite = trace.distances.iter().all(|d| d.is_finite()) && trace.tail_path.is_finite();
    if !finite {
        return verdict(Class::Diverged, "the distance became NaN or infinite".into());
    }
    if end / start > RAN_AWAY {
        return verdict(
            Class::RanAway,
            format!(
                "the distance ended at {:.3e} times its start (over {RAN_AWAY})",
                end / start
            ),
        );
    }
    if let Some(why) = &trace.absurd {
        return verdict(Class::RanAway, why.clone());
    }
    if let Some((found, all)) = modes_found
        && 2 * found <= all
    {
        return verdict(
            Class::Collapsed,
            format!("{found} of {all} modes hold at least {FOUND_SHARE} of their fair share of the fakes"),
        );
    }
    if tail_ratio <= CONVERGED && swing < SWING {
        return verdict(
            Class::Converged,
            format!(
                "the distance over the last third averages {tail_ratio:.3} of its start (at most {CONVERGED}) and swings {swing:.3} (under {SWING})"
            ),
        );
    }
    if swing >= SWING {
        return verdict(
            Class::Oscillating,
            format!("the distance over the last third swings by {swing:.3} of its start (at least {SWING})"),
        );
    }
    if moving >= MOVING {
        return verdict(
            Class::Oscillating,
            format!(
                "the distance stays at {tail_ratio:.3} of its start while the state moves {moving:.3} times it over the last third (at least {MOVING})"
            ),
        );
    }
    verdict(
        Class::Stalled,
        format!(
            "the distance over the last third is still {tail_ratio:.3} of its start and the state moves {moving:.3} times it (under {MOVING})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(distances: &[f64], tail_path: f64) -> Trace {
        Trace {
            start: 1.0,
            distances: distances.to_vec(),
            tail_path,
            ..Trace::default()
        }
    }

    #[test]
    fn each_rule_gives_its_class() {
        assert_eq!(classify(&trace(&[0.5, 0.2, 0.1], 0.1)).class, Class::Converged);
        assert_eq!(
            classify(&trace(&[1.0, 0.2, 1.5, 0.3, 1.4, 0.2], 3.0)).class,
            Class::Oscillating
        );
        assert_eq!(classify(&trace(&[1.0, 1.0, 1.0], 2.0)).class, Class::Oscillating);
        assert_eq!(classify(&trace(&[1.0, 0.99, 0.99], 0.01)).class, Class::Stalled);
        assert_eq!(classify(&trace(&[2.0, 5.0, 20.0], 9.0)).class, Class::RanAway);
        assert_eq!(
            classify(&trace(&[1.0, f64::NAN, 1.0], 0.0)).class,
            Class::Diverged
        );
        let mut collapsed = trace(&[0.8, 0.7, 0.7], 0.3);
        collapsed.mode_masses = vec![0.98, 0.02];
        assert_eq!(classify(&collapsed).class, Class::Collapsed);
        collapsed.mode_masses = vec![0.45, 0.45];
        assert_ne!(classify(&collapsed).class, Class::Collapsed);
        let mut nan = trace(&[1.0], 0.0);
        nan.diverged = Some("D's loss is NaN".into());
        let verdict = classify(&nan);
        assert_eq!(
            (verdict.class, verdict.reason.as_str()),
            (Class::Diverged, "D's loss is NaN")
        );
    }
}
