//! `ganscope map`: sweep two settings over a grid and classify every cell's run
//! (converged, oscillating, collapsed, stalled, diverged, ran away), on a GAN from a
//! preset or on the Dirac-GAN with its exact boundary; prints the grid, and writes it as
//! JSON, CSV and a picture.

use super::{CliError, ExperimentArgs, experiment_from};
use crate::engine::dirac::Dirac;
use crate::export::picture::check_picture_path;
use crate::export::{MAP_SIZE, Picture};
use crate::figure::Theme;
use crate::map::class::Class;
use crate::map::{self, Game, Map, MapError, Request};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// What each cell plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MapGame {
    /// A GAN trained from the preset (with --fix, --config, --set on top).
    Gan,
    /// The Dirac-GAN (keys: step, gamma, noise, scheme, game), checked against its
    /// closed-form spectral radius.
    Dirac,
}

/// Options of `ganscope map`.
#[derive(clap::Args, Debug)]
pub struct MapArgs {
    /// What each cell plays.
    #[arg(long, value_enum, default_value = "gan")]
    pub game: MapGame,
    /// The axis across: KEY=LO..HI:lin|log:COUNT (e.g. lr_d=1e-4..1e-1:log:12), KEY=A,B,C,
    /// or a choice key alone for all its values (e.g. loss). At most 32 values.
    #[arg(long, value_name = "AXIS")]
    pub x: String,
    /// The axis up, as --x.
    #[arg(long, value_name = "AXIS")]
    pub y: String,
    /// The experiment under the axes (GAN maps: --steps defaults to the preset's; on the
    /// Dirac-GAN to 3000, and --set KEY=VALUE sets its step, gamma, noise, scheme, game).
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Runs per cell, seeds S, S+1, ... from --seed (GAN maps), 1 to 16.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seeds: u64,
    /// Print the map as one JSON object (every cell's settings, class, reason in numbers,
    /// final W1/TV/JS and mode shares) instead of the grid.
    #[arg(long)]
    pub json: bool,
    /// Draw the map to this PNG or SVG file.
    #[arg(long, value_name = "FILE.png|svg")]
    pub out: Option<PathBuf>,
    /// Write one CSV row per run to this file.
    #[arg(long, value_name = "FILE.csv")]
    pub csv: Option<PathBuf>,
}

pub use crate::map::spec::DIRAC_STEPS;

/// The request the arguments stand for, or the one-line message why not.
pub fn request(args: &MapArgs) -> Result<Request, CliError> {
    let input = |e: String| CliError::Input(e);
    let (game, steps) = match args.game {
        MapGame::Gan => {
            let (experiment, steps) = experiment_from(&args.experiment)?;
            (Game::Gan(Box::new(experiment)), steps)
        }
        MapGame::Dirac => {
            let e = &args.experiment;
            if e.preset.is_some() || e.fix || e.config.is_some() {
                return Err(input(
                    "--preset, --fix and --config are for --game gan; the Dirac-GAN takes --set step=, gamma=, noise=, scheme=, game=".into(),
                ));
            }
            let mut settings = Dirac::default();
            for assignment in &e.set {
                let (key, value) = assignment.split_once('=').ok_or_else(|| {
                    input(format!(
                        "--set '{assignment}': write KEY=VALUE, with KEY one of {}",
                        map::dirac::KEYS
                    ))
                })?;
                map::dirac::set(&mut settings, key.trim(), value.trim())
                    .map_err(|e| input(format!("--set {e}")))?;
            }
            (Game::Dirac(settings), e.steps.unwrap_or(DIRAC_STEPS))
        }
    };
    let first = args.experiment.seed.unwrap_or(match &game {
        Game::Gan(experiment) => experiment.seed,
        Game::Dirac(_) => 0,
    });
    let seeds = map::seeds_from("--seeds", first, args.seeds).map_err(|e| input(e.to_string()))?;
    Request::parse(game, ("--x", &args.x), ("--y", &args.y), steps, seeds).map_err(|e| input(e.to_string()))
}

/// Runs `ganscope map`.
pub fn run(args: MapArgs) -> Result<(), CliError> {
    if let Some(out) = &args.out {
        check_picture_path(out).map_err(|e| CliError::Input(e.to_string()))?;
    }
    let request = request(&args)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let map = map::compute(&request, &mut progress, &AtomicBool::new(false)).map_err(|e| match e {
        MapError::Input(m) => CliError::Input(m),
        MapError::Cancelled => CliError::Run("cancelled".into()),
    })?;
    bar.finish_and_clear();
    if let Some(path) = &args.csv {
        write_csv(&map, path)?;
    }
    if let Some(path) = &args.out {
        let saved = Picture::Map(Box::new(map.clone()))
            .save(path, MAP_SIZE, Theme::Light, 1.0)
            .map_err(|e| CliError::Run(e.to_string()))?;
        eprintln!("{saved}");
    }
    if args.json {
        let json = serde_json::to_string(&map).map_err(|e| CliError::Run(e.to_string()))?;
        println!("{json}");
    } else {
        print!("{}", grid_text(&map));
    }
    Ok(())
}

/// The class's letter in the printed grid.
pub fn letter(class: Class) -> char {
    match class {
        Class::Converged => 'C',
        Class::Oscillating => 'O',
        Class::Collapsed => 'M',
        Class::Stalled => 'S',
        Class::Diverged => 'D',
        Class::RanAway => 'R',
    }
}

/// The grid as text: one row per y value from the top, one letter per cell, the key and,
/// on the Dirac-GAN, the agreement with the closed form.
pub fn grid_text(map: &Map) -> String {
    let width = map.y.values.iter().map(String::len).max().unwrap_or(0);
    let mut out = String::new();
    for y in (0..map.y.len()).rev() {
        let row: String = (0..map.x.len())
            .map(|x| map.cell(x, y).map_or('?', |c| letter(c.class)))
            .flat_map(|c| [c, ' '])
            .collect();
        out.push_str(&format!("{:>width$} | {}\n", map.y.values[y], row.trim_end()));
    }
    out.push_str(&format!(
        "{} ({}) across: {} .. {} ({} values); {} up\n",
        map.x.key,
        serde_json::to_value(map.x.scale)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        map.x.values.first().map_or("", String::as_str),
        map.x.values.last().map_or("", String::as_str),
        map.x.len(),
        map.y.key,
    ));
    let key: Vec<String> = Class::ALL
        .iter()
        .map(|&c| format!("{} {}", letter(c), c.name()))
        .collect();
    out.push_str(&format!("{}\n", key.join(", ")));
    if let Some(agreement) = crate::figure::map::agreement_text(map) {
        out.push_str(&format!("{agreement}\n"));
    }
    out
}

fn write_csv(map: &Map, path: &std::path::Path) -> Result<(), CliError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| CliError::Run(format!("cannot write '{}': {e}", path.display()));
    writer
        .write_record([
            map.x.key.as_str(),
            map.y.key.as_str(),
            "seed",
            "class",
            "cell_class",
            "agreed",
            "w1",
            "tv",
            "js",
            "tail_ratio",
            "swing",
            "moving",
            "mode_masses",
            "reason",
        ])
        .map_err(fail)?;
    for cell in &map.cells {
        for run in &cell.runs {
            let masses: Vec<String> = run.mode_masses.iter().map(|m| format!("{m:.4}")).collect();
            writer
                .write_record([
                    cell.settings[0].1.clone(),
                    cell.settings[1].1.clone(),
                    run.seed.to_string(),
                    run.verdict.class.name().to_string(),
                    cell.class.name().to_string(),
                    cell.agreed.to_string(),
                    run.w1.to_string(),
                    run.tv.to_string(),
                    run.js.to_string(),
                    format!("{:.4}", run.verdict.tail_ratio),
                    format!("{:.4}", run.verdict.swing),
                    format!("{:.4}", run.verdict.moving),
                    masses.join(";"),
                    run.verdict.reason.clone(),
                ])
                .map_err(fail)?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| CliError::Run(e.to_string()))?;
    crate::export::files::write_atomically(path, &bytes).map_err(|e| CliError::Run(e.to_string()))
}
