//! The Record controls of the live view: a folder, a frame every N iterations, an
//! optional GIF, start and stop, and the recorder's status as the worker reports it
//! (frames written, the last error naming the frame and the path). In a browser the
//! folder and the GIF are download names: the frames arrive as one zip and the GIF as a
//! file when recording stops.

use crate::app::platform;
use crate::app::widgets::style::error_text;
use crate::export::FRAME_SIZE;
use crate::export::recorder::{Download, RecordingRequest, RecordingStatus};
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
    /// Shift+R asked to start or stop, acted on at the next draw.
    toggle: bool,
}

impl Default for RecordControls {
    fn default() -> Self {
        RecordControls {
            folder: "ganscope-frames".into(),
            every: 10,
            // In a browser the GIF is what a class takes away: on unless unticked.
            gif: !platform::THREADS,
            gif_path: "ganscope-run.gif".into(),
            problem: None,
            toggle: false,
        }
    }
}

impl RecordControls {
    /// Starts or stops recording at the next [`RecordControls::act`], as the buttons
    /// would.
    pub fn request_toggle(&mut self) {
        self.toggle = true;
    }

    /// Acts on a Shift+R since the last frame, whether or not the controls are shown (a
    /// lesson may hide them).
    pub fn act(&mut self, status: Option<&RecordingStatus>, look: Look<'_>, commands: &mut Vec<Command>) {
        if std::mem::take(&mut self.toggle) {
            if status.is_some_and(|s| s.active) {
                commands.push(Command::StopRecording);
            } else {
                self.start(look, commands);
            }
        }
    }

    fn start(&mut self, look: Look<'_>, commands: &mut Vec<Command>) {
        match self.request(look) {
            Ok(request) => {
                self.problem = None;
                commands.push(Command::StartRecording(Box::new(request)));
            }
            Err(message) => self.problem = Some(message),
        }
    }

    /// The request the typed values stand for, or what is wrong with them.
    fn request(&self, (name, theme, show_optimal): Look<'_>) -> Result<RecordingRequest, String> {
        let folder = self.folder.trim();
        if folder.is_empty() {
            return Err("type a folder to record into".into());
        }
        // A browser's files are downloads: their names are kept as typed.
        let absolute = |p: &str| {
            if platform::THREADS {
                std::path::absolute(p).map_err(|e| format!("'{p}' is not a usable path: {e}"))
            } else {
                Ok(std::path::PathBuf::from(p))
            }
        };
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
            downloads: (!platform::THREADS).then_some(Download(platform::save_file)),
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
                    "In a browser each frame is drawn as training reaches it (training waits \
                     for it), and the frames (one zip) and the GIF download when you stop.",
                )
                .weak(),
            );
        }
        let active = status.is_some_and(|s| s.active);
        ui.add_enabled_ui(!active, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(if platform::THREADS { "folder" } else { "frames zip" });
                ui.add(TextEdit::singleline(&mut self.folder).desired_width(200.0))
                    .labelled_by(label.id)
                    .on_hover_text(if platform::THREADS {
                        "Numbered frames frame_000000.png, … go here (created if missing)"
                    } else {
                        "The numbered frames frame_000000.png, … download as one zip of this name"
                    });
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
                .on_hover_text(
                    "Write the queued frames and finish the GIF; frames already written stay (Shift+R)",
                )
                .clicked()
            {
                commands.push(Command::StopRecording);
            }
        } else if ui
            .button("Start recording")
            .on_hover_text(format!(
                "Write a {} × {} PNG frame every N iterations while training runs (Shift+R)",
                FRAME_SIZE.0, FRAME_SIZE.1
            ))
            .clicked()
        {
            self.start(look, commands);
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
    let place = if platform::THREADS {
        status.dir.display().to_string()
    } else {
        format!("{}.zip", status.dir.display())
    };
    let text = match (status.active, platform::THREADS) {
        (true, true) => format!("recording: {frames} written to {place}"),
        (true, false) => format!("recording: {frames} drawn, {place} downloads when you stop"),
        (false, _) => format!("recording stopped: {frames} in {place}"),
    };
    ui.label(text);
    if let Some(gif) = &status.gif {
        ui.label(format!("GIF: {}", gif.display()));
    }
    if let Some(error) = &status.last_error {
        ui.label(error_text(ui, format!("recording error: {error}")));
    }
}
