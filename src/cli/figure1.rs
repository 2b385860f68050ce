//! `ganscope figure1`: the four panels of Figure 1 of Goodfellow et al. (2014) from a
//! real run, each panel's numbers on stdout (one JSON object with `--json`), and the
//! panels written as PNG or SVG with `--out` and `--svg`.

use super::{CliError, Figure1Args, output_folder};
use crate::engine::figure1;
use crate::engine::measure::mean_under;
use crate::engine::snapshot::Snapshot;
use crate::export::chart::panels_top;
use crate::export::picture::check_picture_path;
use crate::export::{FIGURE1_SIZE, Picture};
use crate::figure::{Figure, Theme, panels};
use std::path::Path;

/// Checks a picture's file name and makes the folder it will go into, before the run
/// spends its seconds.
fn parent_folder(path: &Path) -> Result<(), CliError> {
    check_picture_path(path).map_err(|e| CliError::Input(e.to_string()))?;
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => output_folder(parent),
        None => Ok(()),
    }
}

/// One panel's numbers, as `--json` prints them: `clipped` says whether a curve rises
/// above the panels' shared density axis (it is then cut and marked); `shape_gap` how
/// far p_g's shape is from the data's wherever it sits (see `measure::shape_gap`).
fn panel_json(letter: &str, snapshot: &Snapshot, figure: &Figure, top: f64) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert("panel".into(), serde_json::json!(letter));
    out.insert("iteration".into(), serde_json::json!(snapshot.metrics.steps));
    for metric in &figure1::PANEL_METRICS {
        out.insert(metric.name.into(), serde_json::json!((metric.read)(snapshot)));
    }
    out.insert("clipped".into(), serde_json::json!(figure.cut_at(top).is_some()));
    serde_json::Value::Object(out)
}

/// Runs `ganscope figure1`.
pub fn run(args: Figure1Args) -> Result<(), CliError> {
    for path in args.out.iter().chain(&args.svg) {
        parent_folder(path)?;
    }
    let snapshots = figure1::run(args.seed).map_err(CliError::run)?;
    let figures = panels::figure1_panels(&snapshots);
    let top = panels_top(&figures);
    if args.json {
        let panels: Vec<serde_json::Value> = figure1::LETTERS
            .iter()
            .zip(&snapshots)
            .zip(&figures)
            .map(|((letter, snapshot), (figure, _))| panel_json(letter, snapshot, figure, top))
            .collect();
        let sigma = figure1::experiment(args.seed).target.std_dev();
        println!("{}", serde_json::json!({ "sigma": sigma, "panels": panels }));
    } else {
        for (snapshot, caption) in snapshots.iter().zip(panels::FIGURE1_CAPTIONS) {
            let m = &snapshot.metrics;
            println!(
                "{caption}\n    iteration {}, W1 {:.3}, JS {:.3}, TV {:.3}, max |D - D*| {:.3}, mean D on fakes {:.3}",
                m.steps,
                m.w1,
                m.js,
                m.tv,
                m.opponent_gap,
                mean_under(&snapshot.d, &snapshot.p_g)
            );
        }
    }
    let picture = Picture::Panels(figures);
    let size = args.size.unwrap_or(FIGURE1_SIZE);
    for path in args.out.iter().chain(&args.svg) {
        let saved = picture
            .save_sized(path, size, Theme::Light)
            .map_err(|e| CliError::Input(e.to_string()))?;
        eprintln!("wrote {}", saved.path.display());
    }
    Ok(())
}
