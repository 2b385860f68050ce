//! The command line: `train`, `render`, `figure1`, `phase`, `lesson`, `presets`, `config`
//! and `keys`. A thin
//! face over the engine (one file per command that does more than print); bad input ends
//! in one line on stderr and exit status 2, never a panic.

mod figure1;
pub mod lesson;
pub mod map;
mod phase;
mod render;
mod train;

use crate::engine::config::{Experiment, keys};
use crate::engine::device::MAX_THREADS;
use crate::engine::gan::{Gan, GanError};
use crate::engine::presets::{self, PRESETS};
use crate::export::FRAME_SIZE;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Train a GAN, on the line or the plane, and watch Figure 1 of Goodfellow et al. (2014) happen.
/// With no command, opens the app.
#[derive(Parser, Debug)]
#[command(name = "ganscope", version, about)]
pub struct Cli {
    /// CPU threads to train on, each taking a part of every minibatch (default 1: as fast
    /// for the small presets, and leaves a core for drawing; 2 speeds up a wide network
    /// at a large batch; Compare's two runs share the helper threads). Without it,
    /// RAYON_NUM_THREADS is read.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u16>,
    /// Open the app playing this lesson: a built-in lesson's name (see `ganscope lesson
    /// list`) or a lesson file.
    #[arg(long, value_name = "NAME|FILE")]
    pub lesson: Option<String>,
    /// What to do; nothing opens the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train headless and report the metrics.
    Train(TrainArgs),
    /// List the presets, one line each.
    Presets {
        /// Print what each preset and its cure change from the defaults, as the README's
        /// Markdown table.
        #[arg(long)]
        markdown: bool,
    },
    /// Draw frames of a training run to numbered PNG files (and a GIF), headless.
    Render(RenderArgs),
    /// Reproduce the four panels of Figure 1 of Goodfellow et al. (2014) from a real run.
    Figure1(Figure1Args),
    /// The Dirac-GAN (or bilinear game) phase plane: the eigenvalues of the linearised
    /// update map at the equilibrium, the paths of simultaneous and alternating steps,
    /// and optionally the picture.
    Phase(phase::PhaseArgs),
    /// The stability map: sweep two settings over a grid and classify each cell's run
    /// (converged, oscillating, collapsed, stalled, diverged, ran away); on the Dirac-GAN,
    /// beside the closed-form spectral radius.
    Map(map::MapArgs),
    /// Print a preset as TOML to start a config from.
    Config {
        /// Preset to print (default figure1).
        #[arg(long)]
        preset: Option<String>,
    },
    /// Lessons: list the built-in ones, check a lesson file, render a lesson to slides.
    #[command(subcommand)]
    Lesson(lesson::LessonCommand),
    /// Print every key of a config with its meaning, allowed values and default, as the
    /// README's Markdown table.
    Keys,
    /// Print every metric of a run with its meaning and unit, as the README's Markdown
    /// table.
    Metrics,
}

/// Which experiment to run: a preset (with its cure under --fix), then a TOML file, then
/// --seed, then --set overrides.
#[derive(clap::Args, Debug)]
pub struct ExperimentArgs {
    /// Start from this preset (default figure1).
    #[arg(long)]
    pub preset: Option<String>,
    /// Load the preset's cure: the standard fix of the failure it shows.
    #[arg(long)]
    pub fix: bool,
    /// Apply this TOML config on top of the preset.
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
    /// Override one key, e.g. --set loss=hinge (repeatable; applied last).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Iterations to run (default: the preset's).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub steps: Option<u64>,
    /// Random seed (same as --set seed=S).
    #[arg(long)]
    pub seed: Option<u64>,
}

/// Options of `ganscope train`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The experiment.
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// End stdout with one JSON object of the final metrics.
    #[arg(long)]
    pub json: bool,
    /// Write metrics to this CSV file, one row per iteration or per --every iterations.
    #[arg(long, value_name = "FILE")]
    pub metrics_csv: Option<PathBuf>,
    /// CSV row stride (default: 1 up to 2,000 steps, else steps/1,000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub every: Option<u64>,
}

/// Options of `ganscope render`.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The experiment.
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Draw a frame every N iterations (default: 50 frames over the run), plus iteration 0.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub every: Option<u64>,
    /// Folder for the numbered frames frame_000000.png, ... (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write the frames as one looping animated GIF.
    #[arg(long, value_name = "FILE.gif")]
    pub gif: Option<PathBuf>,
    /// Frame size in pixels (default 960x600).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Draw the optimal discriminator D* as a thin overlay.
    #[arg(long)]
    pub dstar: bool,
}

/// Options of `ganscope figure1`.
#[derive(clap::Args, Debug)]
pub struct Figure1Args {
    /// PNG file for the four panels (an SVG when it ends in .svg).
    #[arg(long, value_name = "FILE.png")]
    pub out: Option<PathBuf>,
    /// Also write them as SVG.
    #[arg(long, value_name = "FILE.svg")]
    pub svg: Option<PathBuf>,
    /// Random seed of the run.
    #[arg(long, default_value_t = crate::engine::figure1::DEFAULT_SEED)]
    pub seed: u64,
    /// Image size in pixels (default 1600x1000).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Print one JSON object with each panel's numbers instead of the text lines.
    #[arg(long)]
    pub json: bool,
}

/// Parses `WxH`, each side 64 to 8192 pixels.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "'{text}' is not a size; expected WxH with each side from 64 to 8192, e.g. {}x{}",
            FRAME_SIZE.0, FRAME_SIZE.1
        )
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !(64..=8192).contains(&w) || !(64..=8192).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// A failure of a command, with the exit status it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: exit status 2.
    #[error("{0}")]
    Input(String),
    /// Training diverged or an output could not be written: exit status 1.
    #[error("{0}")]
    Run(String),
}

impl CliError {
    /// Prints the one-line message and gives the exit status.
    pub fn report(self) -> ExitCode {
        eprintln!("error: {self}");
        ExitCode::from(match self {
            CliError::Input(_) => 2,
            CliError::Run(_) => 1,
        })
    }

    /// A failure while running, from anything printable.
    fn run(e: impl std::fmt::Display) -> Self {
        CliError::Run(e.to_string())
    }
}

/// Runs a headless command.
pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Train(args) => train::run(args),
        Command::Render(args) => render::run(args),
        Command::Figure1(args) => figure1::run(args),
        Command::Phase(args) => phase::run(args),
        Command::Map(args) => map::run(args),
        Command::Lesson(command) => lesson::run(command),
        Command::Presets { markdown: true } => {
            print!("{}", presets::changes_markdown());
            Ok(())
        }
        Command::Presets { markdown: false } => {
            let width = PRESETS.iter().map(|p| p.name.len()).max().unwrap_or(0);
            for p in PRESETS {
                println!("{:width$}  {}", p.name, p.summary);
            }
            Ok(())
        }
        Command::Config { preset } => {
            let p = match preset {
                Some(name) => find_preset(&name)?,
                None => presets::default_preset(),
            };
            println!("# ganscope experiment, from preset '{}': {}", p.name, p.summary);
            print!("{}", p.experiment().to_toml());
            Ok(())
        }
        Command::Keys => {
            print!("{}", keys::markdown_table(&presets::base()));
            Ok(())
        }
        Command::Metrics => {
            print!("{}", crate::engine::metric::markdown_table());
            Ok(())
        }
    }
}

fn find_preset(name: &str) -> Result<&'static presets::Preset, CliError> {
    presets::named(name).map_err(CliError::Input)
}

/// The experiment the arguments describe, and the iterations to run.
pub fn experiment_from(args: &ExperimentArgs) -> Result<(Experiment, u64), CliError> {
    let preset = match &args.preset {
        Some(name) => find_preset(name)?,
        None => presets::default_preset(),
    };
    let mut experiment = preset.experiment_with(args.fix).map_err(CliError::Input)?;
    if let Some(path) = &args.config {
        experiment.load_file(path).map_err(CliError::Input)?;
    }
    if let Some(seed) = args.seed {
        experiment.seed = seed;
    }
    for assignment in &args.set {
        experiment
            .set_assignment(assignment)
            .map_err(|e| CliError::Input(e.to_string()))?;
    }
    Ok((experiment, args.steps.unwrap_or(preset.steps)))
}

/// A fresh GAN; a device that cannot be had is bad input.
fn new_gan(experiment: Experiment) -> Result<Gan, CliError> {
    Gan::new(experiment).map_err(|e| match e {
        GanError::Device(m) => CliError::Input(m),
        other => CliError::Run(other.to_string()),
    })
}

/// Creates `dir` if needed; an output folder that cannot be made is bad input.
fn output_folder(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Input(format!("cannot create output folder '{}': {e}", dir.display())))
}
