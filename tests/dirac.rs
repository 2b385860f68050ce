//! The Dirac-GAN and bilinear game of SCIENCE.md: simultaneous steps spiral out,
//! alternating steps orbit, a gradient penalty or instance noise spirals in.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::dirac::{Dirac, Game, Scheme};

fn radius(p: (f64, f64)) -> f64 {
    p.0.hypot(p.1)
}

/// The start of SCIENCE.md, (1, 1). The non-saturating loss bends the field toward the
/// origin far from it (a limit cycle forms), so its rotation is checked near the
/// equilibrium, where the linear part rules.
fn start(game: Game) -> (f64, f64) {
    if game == Game::NonSaturating {
        (0.2, 0.2)
    } else {
        (1.0, 1.0)
    }
}

fn settings(game: Game, scheme: Scheme) -> Dirac {
    Dirac {
        game,
        scheme,
        step: 0.15,
        ..Dirac::default()
    }
}

#[test]
fn simultaneous_steps_spiral_away_from_the_equilibrium() {
    for game in Game::ALL {
        let path = settings(game, Scheme::Simultaneous).trajectory(start(game), 400);
        let (start, end) = (radius(path[0]), radius(*path.last().unwrap()));
        assert!(end > 1.2 * start, "{game:?}: radius {start} -> {end}");
    }
}

#[test]
fn bilinear_simultaneous_grows_by_the_closed_form_factor() {
    // |(x, y)| grows by sqrt(1 + h²) per simultaneous step.
    let d = Dirac {
        step: 0.1,
        ..settings(Game::Bilinear, Scheme::Simultaneous)
    };
    let path = d.trajectory((1.0, 1.0), 100);
    let expected = 2f64.sqrt() * (1.0 + 0.01f64).powf(50.0);
    assert!(
        (radius(path[100]) - expected).abs() < 1e-9,
        "{} vs {expected}",
        radius(path[100])
    );
}

#[test]
fn alternating_steps_stay_on_a_bounded_orbit() {
    for game in Game::ALL {
        let path = settings(game, Scheme::Alternating).trajectory(start(game), 2000);
        let r0 = radius(path[0]);
        let (lo, hi) = path
            .iter()
            .map(|&p| radius(p))
            .fold((f64::MAX, 0.0f64), |(a, b), r| (a.min(r), b.max(r)));
        assert!(
            hi < 2.0 * r0 && lo > 0.25 * r0,
            "{game:?}: radius between {lo} and {hi}"
        );
        // It goes round: θ changes sign many times.
        let turns = path.windows(2).filter(|w| w[0].0 * w[1].0 < 0.0).count();
        assert!(turns >= 4, "{game:?}: {turns} sign changes");
    }
}

#[test]
fn gradient_penalty_makes_it_converge() {
    for game in [Game::Gan, Game::NonSaturating, Game::Wasserstein] {
        for scheme in [Scheme::Simultaneous, Scheme::Alternating] {
            let d = Dirac {
                gamma: 1.0,
                ..settings(game, scheme)
            };
            let path = d.trajectory((1.0, 1.0), 600);
            let end = radius(*path.last().unwrap());
            assert!(end < 0.05, "{game:?} {scheme:?}: radius {end}");
        }
    }
}

#[test]
fn instance_noise_makes_the_gan_converge() {
    let d = Dirac {
        instance_noise: 0.7,
        ..settings(Game::Gan, Scheme::Alternating)
    };
    let path = d.trajectory((1.0, 1.0), 3000);
    let end = radius(*path.last().unwrap());
    assert!(end < 0.2, "radius {end}");
}

#[test]
fn the_field_rotates_around_the_equilibrium() {
    // Near (0, 0) the field is perpendicular to the radius for every game.
    for game in Game::ALL {
        let d = settings(game, Scheme::Simultaneous);
        for (t, p) in [(0.01, 0.0), (0.0, 0.01), (-0.01, 0.005)] {
            let (dt, dp) = d.field(t, p);
            let cosine = (t * dt + p * dp) / (radius((t, p)) * radius((dt, dp)));
            assert!(cosine.abs() < 0.02, "{game:?} at ({t}, {p}): cos {cosine}");
        }
        assert_eq!(d.field(0.0, 0.0), (0.0, 0.0));
    }
}
