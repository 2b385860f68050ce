//! A map cell on the Dirac-GAN: the path of the game's own (nonlinear) updates from near
//! the equilibrium, classified by the same rules as a GAN's run, beside the closed-form
//! verdict from the spectral radius of the linearised update map. Where they are exact,
//! the map is checked against them.

use super::axis::{AxisKey, Domain};
use super::class::{Class, Trace, classify};
use super::{Exact, Run};
use crate::engine::dirac::{Dirac, Game, Scheme, Verdict, spectral_radius};
use crate::figure::phase::{GAMMA, NOISE, PhaseParam, STEP};

/// Where every path starts: (θ, ψ) = (START, 0), close enough to the equilibrium for the
/// linearised map to rule the first steps.
pub const START: f64 = 0.05;

/// Points of the path the distance is read at.
pub const SAMPLES: usize = 60;

/// The numbers an axis may sweep, with their ranges from the phase plane's own table.
const NUMBERS: [&PhaseParam; 3] = [&STEP, &GAMMA, &NOISE];

/// The update schemes by name.
const SCHEMES: [Scheme; 2] = [Scheme::Simultaneous, Scheme::Alternating];

/// The key `name` of a Dirac-GAN map: step, gamma, noise, scheme or game.
pub fn key(name: &str) -> Option<AxisKey> {
    if let Some(param) = NUMBERS.iter().find(|p| p.name == name) {
        let param: &'static PhaseParam = param;
        return Some(AxisKey {
            name: param.name,
            domain: Domain::Number,
            check: Box::new(move |v| param.parse(v).map(|_| ())),
        });
    }
    let names: Vec<&'static str> = match name {
        "scheme" => SCHEMES.iter().map(|s| s.name()).collect(),
        "game" => Game::ALL.iter().map(|g| g.name()).collect(),
        _ => return None,
    };
    let allowed = names.join(", ");
    let check_names = names.clone();
    Some(AxisKey {
        name: if name == "scheme" { "scheme" } else { "game" },
        domain: Domain::Names(names),
        check: Box::new(move |v| {
            if check_names.contains(&v) {
                Ok(())
            } else {
                Err(format!("allowed: {allowed}"))
            }
        }),
    })
}

/// The keys a Dirac-GAN map sweeps, for messages.
pub const KEYS: &str = "step, gamma, noise, scheme, game";

/// Sets `key` of `settings` to `value` (as text).
pub fn set(settings: &mut Dirac, key: &str, value: &str) -> Result<(), String> {
    match key {
        "scheme" => {
            settings.scheme = *SCHEMES
                .iter()
                .find(|s| s.name() == value)
                .ok_or(format!("scheme = {value}: allowed: simultaneous, alternating"))?;
        }
        "game" => {
            settings.game = *Game::ALL.iter().find(|g| g.name() == value).ok_or(format!(
                "game = {value}: allowed: gan, non-saturating, wasserstein, bilinear"
            ))?;
        }
        _ => {
            let param = NUMBERS
                .iter()
                .find(|p| p.name == key)
                .ok_or(format!("no Dirac-GAN key '{key}'; allowed: {KEYS}"))?;
            let number = param.parse(value).map_err(|e| format!("{key}: {e}"))?;
            let mut phase = crate::figure::phase::PhaseSettings {
                dirac: *settings,
                ..Default::default()
            };
            (param.put)(&mut phase, number);
            *settings = phase.dirac;
        }
    }
    Ok(())
}

/// The settings as (key, value) pairs, for a saved map.
pub fn describe(settings: &Dirac) -> [(String, String); 5] {
    [
        ("game".into(), settings.game.name().into()),
        ("scheme".into(), settings.scheme.name().into()),
        ("step".into(), settings.step.to_string()),
        ("gamma".into(), settings.gamma.to_string()),
        ("noise".into(), settings.instance_noise.to_string()),
    ]
}

/// The path's trace over `steps` updates from (START, 0): the distance to the equilibrium
/// at [`SAMPLES`] points, and the path's length over the last third.
pub fn trace(settings: &Dirac, steps: u64) -> Trace {
    let steps = steps.max(1);
    let every = (steps / SAMPLES as u64).max(1);
    let tail_from = 2 * steps / 3;
    let mut p = (START, 0.0);
    let mut trace = Trace {
        start: START,
        ..Trace::default()
    };
    for i in 1..=steps {
        let next = settings.step_from(p);
        if !(next.0.is_finite() && next.1.is_finite()) {
            trace.diverged = Some(format!("(θ, ψ) became non-finite at step {i}"));
            break;
        }
        if i > tail_from {
            trace.tail_path += (next.0 - p.0).hypot(next.1 - p.1);
        }
        p = next;
        if i % every == 0 || i == steps {
            trace.distances.push(p.0.hypot(p.1));
        }
    }
    trace
}

/// One cell's run: the simulated path classified.
pub fn run(settings: Dirac, steps: u64) -> Run {
    let trace = trace(&settings, steps);
    let w1 = trace.distances.last().copied().unwrap_or(f64::NAN);
    Run {
        seed: 0,
        verdict: classify(&trace),
        w1,
        tv: f64::NAN,
        js: f64::NAN,
        mode_masses: Vec::new(),
    }
}

/// How close to 1 a spectral radius may be before a path of `steps` cannot tell it from
/// 1: within it a path grows or shrinks less than the rules' thresholds need (ρ^(2n/3)
/// reaching [`super::class::CONVERGED`], ρ^n reaching [`super::class::RAN_AWAY`]), so such
/// cells are left out of the agreement.
pub fn margin(steps: u64) -> f64 {
    3.0 * super::class::RAN_AWAY.ln() / steps.max(1) as f64
}

/// The closed form for `settings`, and whether `class` says the same.
pub fn exact(settings: &Dirac, class: Class, steps: u64) -> Exact {
    let radius = spectral_radius(&settings.map_eigenvalues(settings.scheme));
    let verdict = settings.verdict(settings.scheme);
    let agrees = match verdict {
        Verdict::Converges => class == Class::Converged,
        Verdict::Orbits => class == Class::Oscillating,
        Verdict::Diverges => matches!(class, Class::RanAway | Class::Diverged),
    };
    Exact {
        radius,
        verdict: match verdict {
            Verdict::Converges => "converges",
            Verdict::Orbits => "orbits",
            Verdict::Diverges => "diverges",
        }
        .into(),
        // An orbit sits exactly on 1 and is judged; near it, not.
        near_boundary: verdict != Verdict::Orbits && (radius - 1.0).abs() < margin(steps),
        agrees,
    }
}
