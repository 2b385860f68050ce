//! The Export section of the live view's controls: save the current frame as PNG (or
//! SVG) at 1x, 2x or 3x, and record frames while training.

use super::export::{Render, SaveControls, is_svg, saved};
use super::record::{FRAME_SIZE, RecordControls};
use super::style::theme_of;
use crate::figure::plotters as draw;
use crate::figure::{Figure, Theme};
use crate::worker::{Command, Frame};
use egui::Ui;
use std::path::Path;

/// Save and Record, with what they remember.
pub struct LiveExport {
    /// Save the current frame.
    pub save: SaveControls,
    /// Record while training.
    pub record: RecordControls,
}

impl Default for LiveExport {
    fn default() -> Self {
        LiveExport {
            save: SaveControls::new("ganscope-frame.png"),
            record: RecordControls::default(),
        }
    }
}

/// The caption of a saved frame: what it is, when, and how close.
pub fn frame_caption(name: &str, frame: &Frame) -> String {
    let m = &frame.snapshot.metrics;
    format!(
        "{name}  ·  iteration {}  ·  W1 {:.3}  ·  JS {:.3}",
        frame.steps, m.w1, m.js
    )
}

/// Draws and writes `figure` with `caption` at `scale` times [`FRAME_SIZE`].
fn write_frame(
    figure: &Figure,
    caption: &str,
    theme: Theme,
    path: &Path,
    scale: u32,
) -> Result<String, String> {
    let size = (FRAME_SIZE.0 * scale, FRAME_SIZE.1 * scale);
    if is_svg(path) {
        let svg = draw::figure_svg(figure, Some(caption), FRAME_SIZE, theme).map_err(|e| e.to_string())?;
        draw::write_atomically(path, svg.as_bytes()).map_err(|e| e.to_string())?;
        return Ok(saved(path, FRAME_SIZE));
    }
    let pixels =
        draw::render_rgb(figure, Some(caption), size, theme, f64::from(scale)).map_err(|e| e.to_string())?;
    draw::write_png(path, &pixels, size).map_err(|e| e.to_string())?;
    Ok(saved(path, size))
}

impl LiveExport {
    /// Draws the section. `name` (the preset, else "ganscope") starts the caption.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        frame: Option<&Frame>,
        show_optimal: bool,
        name: &str,
        commands: &mut Vec<Command>,
    ) {
        let theme = theme_of(ui.ctx());
        ui.heading("Export");
        ui.label("Save the current frame:");
        self.save.ui(ui, FRAME_SIZE, || {
            let frame = frame?;
            let figure = Figure::from_snapshot(&frame.snapshot, show_optimal);
            let caption = frame_caption(name, frame);
            let render: Render =
                Box::new(move |path, scale| write_frame(&figure, &caption, theme, path, scale));
            Some(render)
        });
        ui.add_space(6.0);
        ui.label("Record while training:");
        self.record
            .ui(ui, frame.and_then(|f| f.recording.as_ref()), theme, commands);
    }
}
