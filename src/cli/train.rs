//! `ganscope train`: train headless, report the final metrics (one line, or one JSON
//! object with `--json`) and optionally every N-th iteration's metrics as CSV.

use super::{CliError, TrainArgs, experiment_from, new_gan};
use crate::engine::gan::GanError;
use crate::export::metrics_csv::MetricsCsv;
use std::time::Instant;

/// The default CSV stride: every iteration of a short run, a thousand rows of a long one.
fn default_every(steps: u64) -> u64 {
    if steps <= 2000 { 1 } else { steps / 1000 }
}

/// Runs `ganscope train`.
pub fn run(args: TrainArgs) -> Result<(), CliError> {
    let (experiment, steps) = experiment_from(&args.experiment)?;
    let mut gan = new_gan(experiment)?;
    let every = args.every.unwrap_or_else(|| default_every(steps));
    let mut csv = match &args.metrics_csv {
        Some(path) => Some(MetricsCsv::create(path).map_err(|e| CliError::Input(e.to_string()))?),
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
        if let Some(csv) = csv.as_mut()
            && gan.steps() % every == 0
        {
            let snapshot = gan.snapshot().map_err(CliError::run)?;
            csv.write(&snapshot.metrics).map_err(CliError::run)?;
        }
    }
    bar.finish_and_clear();
    if let Some(csv) = csv {
        csv.finish().map_err(CliError::run)?;
    }
    let snapshot = gan.snapshot().map_err(CliError::run)?;
    let m = &snapshot.metrics;
    let steps_per_second = if training_time > 0.0 {
        gan.steps() as f64 / training_time
    } else {
        0.0
    };
    if args.json {
        let mut obj = crate::engine::metric::json(m);
        obj.insert("steps_per_second".into(), serde_json::json!(steps_per_second));
        obj.insert("loss".into(), serde_json::json!(gan.config().loss.name()));
        obj.insert(
            "target".into(),
            serde_json::json!(gan.config().target.to_string()),
        );
        obj.insert("device".into(), serde_json::json!(gan.device_name()));
        obj.insert("diverged_reason".into(), serde_json::json!(gan.diverged()));
        obj.insert("absurd".into(), serde_json::json!(snapshot.absurd()));
        println!("{}", serde_json::Value::Object(obj));
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
    if let (None, Some(why)) = (&failure, snapshot.absurd()) {
        eprintln!("warning: training ran away: {why}");
    }
    match failure {
        Some(GanError::Diverged(why)) => Err(CliError::Run(format!("training diverged: {why}"))),
        Some(other) => Err(CliError::run(other)),
        None => Ok(()),
    }
}
