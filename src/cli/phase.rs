//! `ganscope phase`: the smallest GANs that oscillate, in numbers. For the Dirac-GAN
//! (or min_x max_y x·y) with the given loss, step, penalty and instance noise, prints the
//! eigenvalues of the update map linearised at the equilibrium, from the closed-form
//! Jacobian, for simultaneous and for alternating steps, with the distance from the
//! equilibrium a path from the start reaches; `--out` draws the phase plane.

use super::CliError;
use crate::engine::dirac::{Dirac, Game, Scheme, spectral_radius};
use crate::export::picture::check_picture_path;
use crate::export::{PHASE_SIZE, Picture};
use crate::figure::Theme;
use crate::figure::phase::{GAMMA, NOISE, PhaseFigure, PhaseSettings, START_PSI, START_THETA, STEP, STEPS};
use std::path::PathBuf;

/// The game of `ganscope phase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GameArg {
    /// The Dirac-GAN: data a point mass at 0, G a point mass at θ, D(x) = σ(ψx).
    Gan,
    /// min over x, max over y of x·y.
    Bilinear,
}

/// The loss of the Dirac-GAN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LossArg {
    /// The paper's saturating game.
    Minimax,
    /// G maximises log D(G(z)).
    NonSaturating,
    /// A linear critic ψx.
    Wasserstein,
}

/// Options of `ganscope phase`.
#[derive(clap::Args, Debug)]
pub struct PhaseArgs {
    /// The game.
    #[arg(long, value_enum, default_value = "gan")]
    pub game: GameArg,
    /// The Dirac-GAN's loss (not for the bilinear game).
    #[arg(long, value_enum)]
    pub loss: Option<LossArg>,
    /// Step size h of both players, > 0 and <= 2.
    #[arg(long, value_name = "H", default_value_t = STEP.default_value(), value_parser = |t: &str| STEP.parse(t))]
    pub step: f64,
    /// Zero-centred penalty γ on D (R1), >= 0 and <= 10.
    #[arg(long, value_name = "G", default_value_t = GAMMA.default_value(), value_parser = |t: &str| GAMMA.parse(t))]
    pub gamma: f64,
    /// Instance noise σ added to real and fake points, >= 0 and <= 10.
    #[arg(long, value_name = "SIGMA", default_value_t = NOISE.default_value(), value_parser = |t: &str| NOISE.parse(t))]
    pub noise: f64,
    /// Updates of each path from the start, 1 to 100000.
    #[arg(long, value_name = "N", default_value_t = STEPS.default_value(), value_parser = |t: &str| STEPS.parse(t))]
    pub steps: f64,
    /// Where both paths start, each within ±100.
    #[arg(long, value_name = "THETA,PSI", default_value = "1,1", value_parser = parse_start)]
    pub start: (f64, f64),
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Draw the phase plane to this PNG (or SVG) file.
    #[arg(long, value_name = "FILE.png|FILE.svg")]
    pub out: Option<PathBuf>,
}

/// Parses `THETA,PSI`, each within ±100.
fn parse_start(text: &str) -> Result<(f64, f64), String> {
    let bad = || format!("'{text}' is not a start; expected THETA,PSI with each within ±100, e.g. 1,1");
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    let theta = START_THETA.parse(a).map_err(|_| bad())?;
    let psi = START_PSI.parse(b).map_err(|_| bad())?;
    Ok((theta, psi))
}

/// The Dirac settings the arguments describe, or why they do not fit together.
fn dirac(args: &PhaseArgs) -> Result<Dirac, CliError> {
    let game = match (args.game, args.loss) {
        (GameArg::Bilinear, Some(_)) => {
            return Err(CliError::Input(
                "--loss applies to --game gan only; the bilinear game x·y has no loss to choose".into(),
            ));
        }
        (GameArg::Bilinear, None) if args.noise > 0.0 => {
            return Err(CliError::Input(format!(
                "--noise {} applies to --game gan only; the bilinear game x·y has no discriminator input to add noise to",
                args.noise
            )));
        }
        (GameArg::Bilinear, None) => Game::Bilinear,
        (GameArg::Gan, None | Some(LossArg::Minimax)) => Game::Gan,
        (GameArg::Gan, Some(LossArg::NonSaturating)) => Game::NonSaturating,
        (GameArg::Gan, Some(LossArg::Wasserstein)) => Game::Wasserstein,
    };
    Ok(Dirac {
        game,
        scheme: Scheme::Simultaneous,
        step: args.step,
        gamma: args.gamma,
        instance_noise: args.noise,
    })
}

/// One scheme's numbers: eigenvalues, spectral radius, the path's start and end radii,
/// and the verdict.
fn scheme_json(dirac: &Dirac, figure: &PhaseFigure, scheme: Scheme) -> serde_json::Value {
    let values = dirac.map_eigenvalues(scheme);
    let rotates = values.iter().any(|(_, im)| im.abs() > 0.0);
    let path = figure.trajectory(scheme);
    serde_json::json!({
        "eigenvalues": values.iter().map(|(re, im)| [re, im]).collect::<Vec<_>>(),
        "spectral_radius": spectral_radius(&values),
        "start_radius": path.map(|p| p.start_radius),
        "end_radius": path.map(|p| p.final_radius),
        "steps_taken": path.map(|p| p.steps),
        "overflowed": path.is_some_and(|p| p.overflowed),
        "verdict": dirac.verdict(scheme).describe(rotates),
    })
}

/// Runs `ganscope phase`.
pub fn run(args: PhaseArgs) -> Result<(), CliError> {
    if let Some(path) = &args.out {
        check_picture_path(path).map_err(|e| CliError::Input(e.to_string()))?;
    }
    let dirac = dirac(&args)?;
    let settings = PhaseSettings {
        dirac,
        steps: args.steps as usize,
        start: args.start,
    };
    let figure = PhaseFigure::new(&settings);
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "game": dirac.game.name(),
                "step": dirac.step,
                "gamma": dirac.gamma,
                "noise": dirac.instance_noise,
                "simultaneous": scheme_json(&dirac, &figure, Scheme::Simultaneous),
                "alternating": scheme_json(&dirac, &figure, Scheme::Alternating),
            })
        );
    } else {
        println!("{}", figure.title);
        for scheme in [Scheme::Simultaneous, Scheme::Alternating] {
            let values = dirac.map_eigenvalues(scheme);
            let rotates = values.iter().any(|(_, im)| im.abs() > 0.0);
            let shown: Vec<String> = values
                .iter()
                .map(|(re, im)| format!("{re:.6} {im:+.6}i"))
                .collect();
            println!(
                "{:<13} eigenvalues {}  spectral radius {:.6}: {}",
                scheme.name(),
                shown.join(", "),
                spectral_radius(&values),
                dirac.verdict(scheme).describe(rotates)
            );
            if let Some(path) = figure.trajectory(scheme) {
                println!("              {}", path.summary());
            }
        }
    }
    if let Some(path) = &args.out {
        let saved = Picture::Phase(figure)
            .save_sized(path, PHASE_SIZE, Theme::Light)
            .map_err(|e| CliError::Input(e.to_string()))?;
        eprintln!("wrote {}", saved.path.display());
    }
    Ok(())
}
