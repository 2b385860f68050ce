//! `ganscope figure1`: the four panels of Figure 1 of Goodfellow et al. (2014) from a
//! real run, written as PNG (and SVG), with each panel's numbers on stdout.

use super::{CliError, Figure1Args, output_folder};
use crate::engine::figure1;
use crate::export::{FIGURE1_SIZE, Picture};
use crate::figure::{Theme, panels};
use std::path::Path;

/// Makes the folder a file will go into, before the run spends its ten seconds.
fn parent_folder(path: &Path) -> Result<(), CliError> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => output_folder(parent),
        None => Ok(()),
    }
}

/// Runs `ganscope figure1`.
pub fn run(args: Figure1Args) -> Result<(), CliError> {
    parent_folder(&args.out)?;
    if let Some(svg) = &args.svg {
        parent_folder(svg)?;
    }
    let snapshots = figure1::run(args.seed).map_err(CliError::run)?;
    let picture = Picture::Panels(panels::figure1_panels(&snapshots));
    let size = args.size.unwrap_or(FIGURE1_SIZE);
    for path in std::iter::once(&args.out).chain(&args.svg) {
        let saved = picture
            .save_sized(path, size, Theme::Light)
            .map_err(|e| CliError::Input(e.to_string()))?;
        eprintln!("wrote {}", saved.path.display());
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
