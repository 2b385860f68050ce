//! The Export section of the live view's controls: save the current frame as PNG (or
//! SVG) at 1x, 2x or 3x, and record frames while training.

use super::record::RecordControls;
use crate::app::widgets::save_box::SaveBox;
use crate::app::widgets::style::theme_of;
use crate::export::{FRAME_SIZE, Picture, frame_caption};
use crate::figure::Figure;
use crate::worker::{Command, Frame};
use egui::Ui;

/// Save and Record, with what they remember.
pub struct LiveExport {
    /// Save the current frame.
    pub save: SaveBox,
    /// Record while training.
    pub record: RecordControls,
}

impl Default for LiveExport {
    fn default() -> Self {
        LiveExport {
            save: SaveBox::new("ganscope-frame.png"),
            record: RecordControls::default(),
        }
    }
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
        ui.heading("Export");
        ui.label("Save the current frame:");
        self.save.ui(ui, FRAME_SIZE, || {
            let frame = frame?;
            Some(Picture::Frame {
                figure: Figure::from_snapshot(&frame.snapshot, show_optimal),
                caption: frame_caption(name, &frame.snapshot.metrics),
            })
        });
        ui.add_space(6.0);
        ui.label("Record while training:");
        let theme = theme_of(ui.ctx());
        self.record.ui(
            ui,
            frame.and_then(|f| f.recording.as_ref()),
            (name, theme, show_optimal),
            commands,
        );
    }
}
