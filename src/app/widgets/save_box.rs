//! "Save PNG" for every view: a file name, a scale (1x, 2x, 3x for slides), a button,
//! and the outcome inline (the path written, or why not). The view hands over an
//! [`export::Picture`]; it is drawn and written by [`export::Picture::save_scaled`] on a
//! background thread, so a 3x render never freezes the window. A name ending in `.svg`
//! writes an SVG instead.

use super::job::Job;
use super::style::{error_text, theme_of};
use crate::export;
use egui::Ui;
use std::path::PathBuf;

/// The save controls of one view.
pub struct SaveBox {
    /// The file name as typed.
    pub path: String,
    /// 1, 2 or 3: pixel size and line widths multiply by it.
    pub scale: u32,
    job: Option<Job<Result<String, String>>>,
    outcome: Option<Result<String, String>>,
}

impl SaveBox {
    /// Controls that save to `default_path` at 1x.
    pub fn new(default_path: &str) -> Self {
        SaveBox {
            path: default_path.into(),
            scale: 1,
            job: None,
            outcome: None,
        }
    }

    /// The path to write, or why the typed text is not one.
    fn target(&self) -> Result<PathBuf, String> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return Err("type a file name to save to, e.g. ganscope-frame.png".into());
        }
        std::path::absolute(typed).map_err(|e| format!("'{typed}' is not a usable path: {e}"))
    }

    /// Draws the controls; `size` is the 1x picture size, for the tooltip; `picture`
    /// makes the picture when the user clicks Save (None while nothing can be drawn).
    pub fn ui(&mut self, ui: &mut Ui, size: (u32, u32), picture: impl FnOnce() -> Option<export::Picture>) {
        if let Some(job) = &self.job
            && let Some(result) = job.poll()
        {
            self.outcome = Some(result.and_then(|r| r));
            self.job = None;
        }
        // In a narrow side panel the scale and the button go on a line of their own.
        let narrow = ui.available_width() < 480.0;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("file");
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(200.0))
                .labelled_by(label.id)
                .on_hover_text("Where to save: a .png file (or .svg for a vector file); relative to the folder ganscope was started in");
            if narrow {
                ui.end_row();
            }
            ui.label("scale");
            for s in 1..=3 {
                ui.selectable_value(&mut self.scale, s, format!("{s}x"))
                    .on_hover_text(format!(
                        "{} × {} pixels, lines and text {s} times as thick (for slides)",
                        size.0 * s,
                        size.1 * s
                    ));
            }
            let busy = self.job.is_some();
            let save = ui
                .add_enabled(!busy, egui::Button::new("Save PNG"))
                .on_hover_text("Draw the picture with the file back end and write it (whole, then renamed into place)");
            if save.clicked() {
                self.start(ui.ctx(), picture());
            }
            if busy {
                ui.spinner();
            }
        });
        match &self.outcome {
            Some(Ok(message)) => {
                ui.label(message.as_str());
            }
            Some(Err(message)) => {
                ui.label(error_text(ui, message.as_str()));
            }
            None => {}
        }
    }

    fn start(&mut self, ctx: &egui::Context, picture: Option<export::Picture>) {
        let Some(picture) = picture else {
            self.outcome = Some(Err("nothing to save yet".into()));
            return;
        };
        let path = match self.target() {
            Ok(path) => path,
            Err(message) => {
                self.outcome = Some(Err(message));
                return;
            }
        };
        let (times, theme) = (self.scale, theme_of(ctx));
        let work = move || {
            picture
                .save_scaled(&path, times, theme)
                .map(|saved| saved.to_string())
                .map_err(|e| e.to_string())
        };
        match Job::spawn("ganscope-export", ctx, work) {
            Ok(job) => {
                self.outcome = None;
                self.job = Some(job);
            }
            Err(message) => self.outcome = Some(Err(message)),
        }
    }

    /// True while a file is being drawn or written.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}
