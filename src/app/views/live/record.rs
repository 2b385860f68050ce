//! The Record controls of the live view: a folder, a frame every N iterations, an
//! optional GIF, start and stop, and the recorder's status as the worker reports it
//! (frames written, the last error naming the frame and the path).

use crate::app::platform;
use crate::app::widgets::style::error_text;
use crate::export::FRAME_SIZE;
use crate::export::recorder::{RecordingRequest, RecordingStatus};
use crate::figure::Theme;
use crate::worker::Command;
use egui::{DragValue, TextEdit, Ui};

/// How recorded frames look: the caption's name, the theme and the D* overlay.
pub type Look<'a> = (&'a str, Theme, bool);

/// What the Record controls remember.
pub struct RecordControls {
    /// Folder for the numbered frames, as typed.
    pub folder: String,
    /// A frame every this many iterations.
    pub every: u64,
    /// Also write an animated GIF.
    pub gif: bool,
    /// Where the GIF goes, as typed.
    pub gif_path: String,
    /// A problem with the typed values, before anything was sent.
    problem: Option<String>,
}

impl Default for RecordControls {
    fn default() -> Self {
        RecordControls {
            folder: "ganscope-frames".into(),
            every: 10,
            gif: false,
            gif_path: "ganscope-run.gif".into(),
            problem: None,
        }
    }
}

impl RecordControls {
    /// The request the typed values stand for, or what is wrong with them.
    fn request(&self, (name, theme, show_optimal): Look<'_>) -> Result<RecordingRequest, String> {
        let folder = self.folder.trim();
        if folder.is_empty() {
            return Err("type a folder to record into".into());
        }
        let absolute =
            |p: &str| std::path::absolute(p).map_err(|e| format!("'{p}' is not a usable path: {e}"));
        let gif = if self.gif {
            let path = self.gif_path.trim();
            if path.is_empty() {
                return Err("type a file name for the GIF, or untick GIF".into());
            }
            Some(absolute(path)?)
        } else {
            None
        };
        Ok(RecordingRequest {
            name: name.to_string(),
            dir: absolute(folder)?,
            every: self.every.max(1),
            gif,
            size: FRAME_SIZE,
            theme,
            show_optimal,
        })
    }

    /// Draws the controls and the status; pushes start and stop commands.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        status: Option<&RecordingStatus>,
        look: Look<'_>,
        commands: &mut Vec<Command>,
    ) {
        if !platform::THREADS {
            ui.label(
                egui::RichText::new(
                    "Recording frames and a GIF needs the desktop app: its encoder runs on a thread \
                     of its own beside training, and a browser page has one thread. Save PNG above \
                     saves the frame shown.",
                )
                .weak(),
            );
            return;
        }
        let active = status.is_some_and(|s| s.active);
        ui.add_enabled_ui(!active, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("folder");
                ui.add(TextEdit::singleline(&mut self.folder).desired_width(200.0))
                    .labelled_by(label.id)
                    .on_hover_text("Numbered frames frame_000000.png, … go here (created if missing)");
            });
            ui.horizontal(|ui| {
                let label = ui.label("every");
                ui.add(DragValue::new(&mut self.every).range(1..=1_000_000).suffix(" it"))
                    .labelled_by(label.id)
                    .on_hover_text("Write a frame every this many iterations");
                ui.checkbox(&mut self.gif, "GIF").on_hover_text(
                    "Also write all frames as one looping animated GIF, finished when recording stops",
                );
            });
            if self.gif {
                ui.horizontal(|ui| {
                    let label = ui.label("GIF file");
                    ui.add(TextEdit::singleline(&mut self.gif_path).desired_width(200.0))
                        .labelled_by(label.id)
                        .on_hover_text("Where the animated GIF goes");
                });
            }
        });
        if active {
            if ui
                .button("Stop recording")
                .on_hover_text("Write the queued frames and finish the GIF; frames already written stay")
                .clicked()
            {
                commands.push(Command::StopRecording);
            }
        } else if ui
            .button("Start recording")
            .on_hover_text(format!(
                "Write a {} × {} PNG frame every N iterations while training runs",
                FRAME_SIZE.0, FRAME_SIZE.1
            ))
            .clicked()
        {
            match self.request(look) {
                Ok(request) => {
                    self.problem = None;
                    commands.push(Command::StartRecording(Box::new(request)));
                }
                Err(message) => self.problem = Some(message),
            }
        }
        if let Some(problem) = &self.problem {
            ui.label(error_text(ui, problem.as_str()));
        }
        if let Some(status) = status {
            status_ui(ui, status);
        }
    }
}

fn status_ui(ui: &mut Ui, status: &RecordingStatus) {
    let frames = match status.frames_written {
        1 => "1 frame".to_string(),
        n => format!("{n} frames"),
    };
    let text = if status.active {
        format!("recording: {frames} written to {}", status.dir.display())
    } else {
        format!("recording stopped: {frames} in {}", status.dir.display())
    };
    ui.label(text);
    if let Some(gif) = &status.gif {
        ui.label(format!("GIF: {}", gif.display()));
    }
    if let Some(error) = &status.last_error {
        ui.label(error_text(ui, format!("recording error: {error}")));
    }
}
