//! The Dirac-GAN and bilinear game of SCIENCE.md: simultaneous steps spiral out,
//! alternating steps orbit, a gradient penalty or instance noise spirals in.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::dirac::{Dirac, Game, Scheme, Verdict, eigenvalues, spectral_radius};

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

/// The closed-form Jacobian against central differences of the update field itself, for
/// every game, penalty and noise level.
#[test]
fn the_closed_form_jacobian_is_the_fields_derivative() {
    let h = 1e-5;
    for game in Game::ALL {
        for (gamma, noise) in [(0.0, 0.0), (0.7, 0.0), (0.0, 0.8), (0.3, 0.5)] {
            let d = Dirac {
                game,
                gamma,
                instance_noise: noise,
                ..Dirac::default()
            };
            let j = d.jacobian();
            let numeric = |col: usize| {
                let (dt, dp) = if col == 0 { (h, 0.0) } else { (0.0, h) };
                let plus = d.field(dt, dp);
                let minus = d.field(-dt, -dp);
                [(plus.0 - minus.0) / (2.0 * h), (plus.1 - minus.1) / (2.0 * h)]
            };
            let columns = [numeric(0), numeric(1)];
            for (row, exact) in j.iter().enumerate() {
                for (col, n) in columns.iter().enumerate() {
                    assert!(
                        (exact[col] - n[row]).abs() < 1e-6,
                        "{game:?} γ {gamma} σ {noise}: J[{row}][{col}] = {} vs {}",
                        exact[col],
                        n[row]
                    );
                }
            }
        }
    }
}

/// SCIENCE.md's exact numbers: simultaneous steps 1 ± i·h·f'(0); alternating steps have
/// determinant 1 and trace 2 − h²f'(0)², so radius 1; R1 moves the continuous-time
/// eigenvalues to −γ/2 ± √(γ²/4 − f'(0)²); instance noise puts 2 f''(0) σ² on the ψψ entry.
#[test]
fn eigenvalues_match_the_closed_forms() {
    for game in [Game::Gan, Game::NonSaturating, Game::Wasserstein] {
        for step in [0.05, 0.15, 0.5] {
            let d = Dirac {
                game,
                step,
                ..Dirac::default()
            };
            let a = d.slope_at_zero();
            let sim = d.map_eigenvalues(Scheme::Simultaneous);
            for (re, im) in sim {
                assert!(
                    (re - 1.0).abs() < 1e-12 && (im.abs() - step * a).abs() < 1e-12,
                    "{sim:?}"
                );
            }
            assert!((spectral_radius(&sim) - (1.0 + step * step * a * a).sqrt()).abs() < 1e-12);
            assert_eq!(d.verdict(Scheme::Simultaneous), Verdict::Diverges);
            let m = d.update_map(Scheme::Alternating);
            let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
            let trace = m[0][0] + m[1][1];
            assert!((det - 1.0).abs() < 1e-12, "{det}");
            assert!((trace - (2.0 - step * step * a * a)).abs() < 1e-12);
            let alt = d.map_eigenvalues(Scheme::Alternating);
            assert!((spectral_radius(&alt) - 1.0).abs() < 1e-9, "{alt:?}");
            assert_eq!(d.verdict(Scheme::Alternating), Verdict::Orbits);
        }
        // R1: the continuous-time eigenvalues; simultaneous steps map λ to 1 + hλ.
        for gamma in [0.3, 1.0, 2.5] {
            let d = Dirac {
                game,
                gamma,
                ..Dirac::default()
            };
            let a = d.slope_at_zero();
            let disc = gamma * gamma / 4.0 - a * a;
            let expected: Vec<(f64, f64)> = if disc >= 0.0 {
                vec![
                    (-gamma / 2.0 + disc.sqrt(), 0.0),
                    (-gamma / 2.0 - disc.sqrt(), 0.0),
                ]
            } else {
                vec![(-gamma / 2.0, (-disc).sqrt()), (-gamma / 2.0, -(-disc).sqrt())]
            };
            let got = eigenvalues(d.jacobian());
            for ((re, im), (er, ei)) in got.iter().zip(&expected) {
                assert!(
                    (re - er).abs() < 1e-7 && (im - ei).abs() < 1e-7,
                    "{got:?} vs {expected:?}"
                );
            }
            // At critical damping the pair is double, and rounding may split it either way.
            for ((re, im), (er, ei)) in d.map_eigenvalues(Scheme::Simultaneous).iter().zip(&expected) {
                assert!((re - (1.0 + d.step * er)).abs() < 1e-7 && (im - d.step * ei).abs() < 1e-7);
            }
            assert_eq!(d.verdict(Scheme::Simultaneous), Verdict::Converges);
        }
    }
    // Instance noise on the sigmoid games: 2 f''(0) σ² = −σ²/2 on the ψψ entry.
    let d = Dirac {
        instance_noise: 0.6,
        ..Dirac::default()
    };
    assert!((d.jacobian()[1][1] + 0.5 * 0.36).abs() < 1e-12);
    assert_eq!(d.verdict(Scheme::Simultaneous), Verdict::Converges);
}

/// `ganscope phase --json`: the eigenvalues of both schemes, their radii and verdicts.
#[test]
fn phase_command_prints_the_eigenvalues() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ganscope"))
        .args(["phase", "--json", "--step", "0.2", "--loss", "minimax"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sim = &v["simultaneous"];
    let values = sim["eigenvalues"].as_array().unwrap();
    assert_eq!(values.len(), 2);
    assert!((values[0][0].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert!((values[0][1].as_f64().unwrap().abs() - 0.1).abs() < 1e-12);
    assert!((sim["spectral_radius"].as_f64().unwrap() - 1.01f64.sqrt()).abs() < 1e-12);
    assert!(sim["verdict"].as_str().unwrap().contains("diverges"));
    assert!(sim["end_radius"].as_f64().unwrap() > sim["start_radius"].as_f64().unwrap());
    let alt = &v["alternating"];
    assert!((alt["spectral_radius"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert!(alt["verdict"].as_str().unwrap().contains("orbits"));
    for bad in [
        vec!["phase", "--game", "bilinear", "--loss", "minimax"],
        vec!["phase", "--step", "0"],
        vec!["phase", "--gamma", "-1"],
        vec!["phase", "--start", "1"],
        vec!["phase", "--noise", "nan"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ganscope"))
            .args(&bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && err.contains("error"),
            "{bad:?}: {err}"
        );
    }
}
