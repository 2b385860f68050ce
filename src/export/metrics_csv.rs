//! The metrics of a run as CSV, one row per recorded iteration (`ganscope train
//! --metrics-csv`): the same fields as the JSON report, from the one metric table
//! (`engine::metric`), mode masses joined by `;` in one column so every row has the same
//! width whatever the target.

use super::ExportError;
use crate::engine::metric;
use crate::engine::snapshot::Metrics;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// A CSV file of metrics being written.
pub struct MetricsCsv {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

fn csv_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError(format!("cannot write metrics CSV '{}': {e}", path.display()))
}

impl MetricsCsv {
    /// Creates the file and writes the header.
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        let file = File::create(path).map_err(|e| csv_error(path, e))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer
            .write_record(metric::csv_header())
            .map_err(|e| csv_error(path, e))?;
        Ok(MetricsCsv {
            writer,
            path: path.to_path_buf(),
        })
    }

    /// Appends one row.
    pub fn write(&mut self, metrics: &Metrics) -> Result<(), ExportError> {
        self.writer
            .write_record(metric::csv_row(metrics))
            .map_err(|e| csv_error(&self.path, e))
    }

    /// Writes what is buffered; the file is complete after this.
    pub fn finish(mut self) -> Result<(), ExportError> {
        self.writer.flush().map_err(|e| csv_error(&self.path, e))
    }
}
