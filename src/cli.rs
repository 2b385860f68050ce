//! The command line: `train`, `presets`, `config`. A thin face over the engine; bad
//! input ends in one line on stderr and exit status 2, never a panic.

use crate::engine::config::Experiment;
use crate::engine::gan::{Gan, GanError};
use crate::engine::presets::{self, PRESETS};
use crate::engine::snapshot::Metrics;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Train a one-dimensional GAN and watch Figure 1 of Goodfellow et al. (2014) happen.
/// With no command, opens the app.
#[derive(Parser, Debug)]
#[command(name = "ganscope", version, about)]
pub struct Cli {
    /// CPU threads for candle (default 1: faster for these tiny tensors, and leaves a core
    /// for drawing). RAYON_NUM_THREADS, when set, wins.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
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
    Presets,
    /// Draw frames of a training run to numbered PNG files (and a GIF), headless.
    Render(RenderArgs),
    /// Reproduce the four panels of Figure 1 of Goodfellow et al. (2014) from a real run.
    Figure1(Figure1Args),
    /// Print a preset as TOML to start a config from.
    Config {
        /// Preset to print.
        #[arg(long, default_value = "figure1")]
        preset: String,
    },
}

/// Which experiment to run: a preset, then a TOML file, then --seed, then --set overrides.
#[derive(clap::Args, Debug)]
pub struct ExperimentArgs {
    /// Start from this preset (default figure1).
    #[arg(long)]
    pub preset: Option<String>,
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
    /// Frame size in pixels.
    #[arg(long, value_name = "WxH", default_value = "960x600", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Draw the optimal discriminator D* as a thin overlay.
    #[arg(long)]
    pub dstar: bool,
}

/// Options of `ganscope figure1`.
#[derive(clap::Args, Debug)]
pub struct Figure1Args {
    /// PNG file for the four panels.
    #[arg(long, value_name = "FILE.png")]
    pub out: PathBuf,
    /// Also write them as SVG.
    #[arg(long, value_name = "FILE.svg")]
    pub svg: Option<PathBuf>,
    /// Random seed of the run.
    #[arg(long, default_value_t = crate::engine::figure1::DEFAULT_SEED)]
    pub seed: u64,
    /// Image size in pixels.
    #[arg(long, value_name = "WxH", default_value = "1600x1000", value_parser = parse_size)]
    pub size: (u32, u32),
}

/// Parses `WxH`, each side 64 to 8192 pixels.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{text}' is not a size; expected WxH with each side from 64 to 8192, e.g. 960x600");
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
#[derive(Debug)]
pub enum CliError {
    /// Bad input: exit status 2.
    Input(String),
    /// Training diverged or an output could not be written: exit status 1.
    Run(String),
}

impl CliError {
    /// Prints the one-line message and gives the exit status.
    pub fn report(self) -> ExitCode {
        match self {
            CliError::Input(m) => {
                eprintln!("error: {m}");
                ExitCode::from(2)
            }
            CliError::Run(m) => {
                eprintln!("error: {m}");
                ExitCode::from(1)
            }
        }
    }
}

/// Runs a headless command.
pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Train(args) => train(args),
        Command::Render(args) => render(args),
        Command::Figure1(args) => figure1(args),
        Command::Presets => {
            let width = PRESETS.iter().map(|p| p.name.len()).max().unwrap_or(0);
            for p in PRESETS {
                println!("{:width$}  {}", p.name, p.summary);
            }
            Ok(())
        }
        Command::Config { preset } => {
            let p = find_preset(&preset)?;
            println!("# ganscope experiment, from preset '{}': {}", p.name, p.summary);
            print!("{}", p.experiment().to_toml());
            Ok(())
        }
    }
}

fn find_preset(name: &str) -> Result<&'static presets::Preset, CliError> {
    presets::find(name)
        .ok_or_else(|| CliError::Input(format!("unknown preset '{name}'; allowed: {}", presets::names())))
}

/// The experiment the arguments describe, and the iterations to run.
pub fn experiment_from(args: &ExperimentArgs) -> Result<(Experiment, u64), CliError> {
    let preset = find_preset(args.preset.as_deref().unwrap_or("figure1"))?;
    let mut experiment = preset.experiment();
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

fn new_gan(experiment: Experiment) -> Result<Gan, CliError> {
    Gan::new(experiment).map_err(|e| match e {
        GanError::Device(m) => CliError::Input(m),
        other => CliError::Run(other.to_string()),
    })
}

const CSV_HEADER: &str = "steps,d_loss,g_loss,d_real,d_fake,w1,js,modes_covered,g_grad_norm,d_grad_norm,dstar_gap,g_mean,g_std,mode_masses";

fn csv_row(m: &Metrics) -> String {
    let masses = m
        .mode_masses
        .iter()
        .map(|x| format!("{x:.6}"))
        .collect::<Vec<_>>()
        .join(";");
    let gap = m.dstar_gap.map_or(String::new(), |g| format!("{g:.6}"));
    format!(
        "{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6},{},{:.6e},{:.6e},{},{:.6},{:.6},{}",
        m.steps,
        m.d_loss,
        m.g_loss,
        m.d_real,
        m.d_fake,
        m.w1,
        m.js,
        m.modes_covered,
        m.g_grad_norm,
        m.d_grad_norm,
        gap,
        m.g_mean,
        m.g_std,
        masses
    )
}

fn train(args: TrainArgs) -> Result<(), CliError> {
    let (experiment, steps) = experiment_from(&args.experiment)?;
    let mut gan = new_gan(experiment)?;
    let every = args.every.unwrap_or(if steps <= 2000 { 1 } else { steps / 1000 });
    let mut csv = match &args.metrics_csv {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                CliError::Input(format!("cannot write metrics CSV '{}': {e}", path.display()))
            })?;
            let mut w = std::io::BufWriter::new(file);
            writeln!(w, "{CSV_HEADER}").map_err(|e| CliError::Run(e.to_string()))?;
            Some(w)
        }
        None => None,
    };
    let bar = indicatif::ProgressBar::new(steps);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} it  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut training_time = 0.0;
    let mut failure = None;
    for _ in 0..steps {
        let start = Instant::now();
        let result = gan.iteration();
        training_time += start.elapsed().as_secs_f64();
        if let Err(e) = result {
            failure = Some(e);
            break;
        }
        bar.inc(1);
        if let Some(w) = csv.as_mut()
            && gan.steps() % every == 0
        {
            let snapshot = gan.snapshot().map_err(|e| CliError::Run(e.to_string()))?;
            writeln!(w, "{}", csv_row(&snapshot.metrics)).map_err(|e| CliError::Run(e.to_string()))?;
        }
    }
    bar.finish_and_clear();
    if let Some(mut w) = csv {
        w.flush()
            .map_err(|e| CliError::Run(format!("metrics CSV: {e}")))?;
    }
    let snapshot = gan.snapshot().map_err(|e| CliError::Run(e.to_string()))?;
    let m = &snapshot.metrics;
    let steps_per_second = if training_time > 0.0 {
        gan.steps() as f64 / training_time
    } else {
        0.0
    };
    if args.json {
        let mut value = serde_json::to_value(m).map_err(|e| CliError::Run(e.to_string()))?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("steps_per_second".into(), serde_json::json!(steps_per_second));
            obj.insert("loss".into(), serde_json::json!(gan.config().loss.name()));
            obj.insert(
                "target".into(),
                serde_json::json!(gan.config().target.to_string()),
            );
            obj.insert("device".into(), serde_json::json!(gan.device_name()));
            obj.insert("diverged_reason".into(), serde_json::json!(gan.diverged()));
        }
        println!("{value}");
    } else {
        println!(
            "steps {}  w1 {:.4}  js {:.4}  d_real {:.3}  d_fake {:.3}  modes {}/{}  {:.0} it/s",
            m.steps,
            m.w1,
            m.js,
            m.d_real,
            m.d_fake,
            m.modes_covered,
            m.mode_masses.len(),
            steps_per_second
        );
    }
    match failure {
        Some(GanError::Diverged(why)) => Err(CliError::Run(format!("training diverged: {why}"))),
        Some(other) => Err(CliError::Run(other.to_string())),
        None => Ok(()),
    }
}

/// Creates `dir` if needed; an output folder that cannot be made is bad input.
fn output_folder(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Input(format!("cannot create output folder '{}': {e}", dir.display())))
}

fn render(args: RenderArgs) -> Result<(), CliError> {
    use crate::figure::{Figure, Theme, plotters as draw};
    let (experiment, steps) = experiment_from(&args.experiment)?;
    let name = args.experiment.preset.clone().unwrap_or_else(|| "figure1".into());
    let every = args.every.unwrap_or((steps / 50).max(1));
    output_folder(&args.out)?;
    let mut gan = new_gan(experiment)?;
    let mut gif = match &args.gif {
        Some(path) => {
            Some(draw::GifRecorder::create(path, args.size, 10).map_err(|e| CliError::Input(e.to_string()))?)
        }
        None => None,
    };
    let mut frames = 0usize;
    let mut frame = |gan: &Gan, gif: &mut Option<draw::GifRecorder>| -> Result<(), CliError> {
        let snapshot = gan.snapshot().map_err(|e| CliError::Run(e.to_string()))?;
        let m = &snapshot.metrics;
        let caption = format!(
            "{name}  ·  iteration {}  ·  W1 {:.3}  ·  JS {:.3}",
            m.steps, m.w1, m.js
        );
        let figure = Figure::from_snapshot(&snapshot, args.dstar);
        let pixels = draw::render_rgb(
            &figure,
            Some(&caption),
            args.size,
            Theme::Light,
            args.size.0 as f64 / 960.0,
        )
        .map_err(|e| CliError::Run(e.to_string()))?;
        let path = args.out.join(format!("frame_{:06}.png", m.steps));
        // The first frame proves the folder is writable; failing there is bad input.
        let first = frames == 0;
        draw::write_png(&path, &pixels, args.size).map_err(|e| {
            if first {
                CliError::Input(e.0)
            } else {
                CliError::Run(e.0)
            }
        })?;
        if let Some(g) = gif.as_mut() {
            g.add_frame(&pixels).map_err(|e| CliError::Run(e.to_string()))?;
        }
        frames += 1;
        Ok(())
    };
    frame(&gan, &mut gif)?;
    let bar = indicatif::ProgressBar::new(steps);
    let mut failure = None;
    for _ in 0..steps {
        if let Err(e) = gan.iteration() {
            failure = Some(e);
            break;
        }
        bar.inc(1);
        if gan.steps().is_multiple_of(every) {
            frame(&gan, &mut gif)?;
        }
    }
    bar.finish_and_clear();
    if let Some(g) = gif {
        let path = g.finish().map_err(|e| CliError::Run(e.to_string()))?;
        eprintln!("wrote {}", path.display());
    }
    eprintln!("wrote {frames} frames to {}", args.out.display());
    match failure {
        Some(GanError::Diverged(why)) => Err(CliError::Run(format!(
            "training diverged: {why}; frames so far are kept"
        ))),
        Some(other) => Err(CliError::Run(other.to_string())),
        None => Ok(()),
    }
}

fn figure1(args: Figure1Args) -> Result<(), CliError> {
    use crate::figure::{Theme, panels, plotters as draw};
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        output_folder(parent)?;
    }
    let snapshots = crate::engine::figure1::run(args.seed).map_err(|e| CliError::Run(e.to_string()))?;
    let figures = panels::figure1_panels(&snapshots);
    let pixels = draw::render_panels_rgb(&figures, 2, args.size, Theme::Light, args.size.0 as f64 / 1600.0)
        .map_err(|e| CliError::Run(e.to_string()))?;
    draw::write_png(&args.out, &pixels, args.size).map_err(|e| CliError::Input(e.0))?;
    eprintln!("wrote {}", args.out.display());
    if let Some(svg) = &args.svg {
        let text = draw::panels_svg(&figures, 2, args.size, Theme::Light)
            .map_err(|e| CliError::Run(e.to_string()))?;
        draw::write_atomically(svg, text.as_bytes()).map_err(|e| CliError::Input(e.0))?;
        eprintln!("wrote {}", svg.display());
    }
    for (snapshot, caption) in snapshots.iter().zip(panels::FIGURE1_CAPTIONS) {
        let m = &snapshot.metrics;
        let gap = m.dstar_gap.map_or("-".to_string(), |g| format!("{g:.3}"));
        println!(
            "{caption}\n    iteration {}, W1 {:.3}, JS {:.3}, max |D - D*| {gap}",
            m.steps, m.w1, m.js
        );
    }
    Ok(())
}
