//! The metrics of a run as CSV, one row per recorded iteration (`ganscope train
//! --metrics-csv`): the same fields as the JSON report, mode masses joined by `;` in one
//! column so every row has the same width whatever the target.

use super::ExportError;
use crate::engine::snapshot::Metrics;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The columns, in order.
pub const HEADER: [&str; 17] = [
    "steps",
    "d_loss",
    "g_loss",
    "d_real",
    "d_fake",
    "w1",
    "js",
    "tv",
    "modes_covered",
    "high_quality",
    "g_grad_norm",
    "d_grad_norm",
    "dstar_gap",
    "opponent_gap",
    "g_mean",
    "g_std",
    "mode_masses",
];

/// A CSV file of metrics being written.
pub struct MetricsCsv {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

fn csv_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError(format!("cannot write metrics CSV '{}': {e}", path.display()))
}

fn row(m: &Metrics) -> [String; 17] {
    let masses = m
        .mode_masses
        .iter()
        .map(|x| format!("{x:.6}"))
        .collect::<Vec<_>>()
        .join(";");
    [
        m.steps.to_string(),
        format!("{:.6}", m.d_loss),
        format!("{:.6}", m.g_loss),
        format!("{:.6}", m.d_real),
        format!("{:.6}", m.d_fake),
        format!("{:.6}", m.w1),
        format!("{:.6}", m.js),
        format!("{:.6}", m.tv),
        m.modes_covered.to_string(),
        format!("{:.6}", m.high_quality),
        format!("{:.6e}", m.g_grad_norm),
        format!("{:.6e}", m.d_grad_norm),
        m.dstar_gap.map_or(String::new(), |g| format!("{g:.6}")),
        format!("{:.6}", m.opponent_gap),
        format!("{:.6}", m.g_mean),
        format!("{:.6}", m.g_std),
        masses,
    ]
}

impl MetricsCsv {
    /// Creates the file and writes the header.
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        let file = File::create(path).map_err(|e| csv_error(path, e))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer.write_record(HEADER).map_err(|e| csv_error(path, e))?;
        Ok(MetricsCsv {
            writer,
            path: path.to_path_buf(),
        })
    }

    /// Appends one row.
    pub fn write(&mut self, metrics: &Metrics) -> Result<(), ExportError> {
        self.writer
            .write_record(row(metrics))
            .map_err(|e| csv_error(&self.path, e))
    }

    /// Writes what is buffered; the file is complete after this.
    pub fn finish(mut self) -> Result<(), ExportError> {
        self.writer.flush().map_err(|e| csv_error(&self.path, e))
    }
}
