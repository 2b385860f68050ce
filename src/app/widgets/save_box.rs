//! "Save PNG" for every view: a file name, a scale (1x, 2x, 3x for slides), a button,
//! and the outcome inline (the path written, or why not). The view hands over an
//! [`export::Picture`]; it is drawn by [`export::Picture::encode_scaled`] in the
//! background (a thread on the desktop, so a 3x render never freezes the window) and
//! handed to the platform: written to the path on the desktop, downloaded in a browser.
//! A name ending in `.svg` makes an SVG instead.

use super::job::Job;
use super::style::{error_text, theme_of};
use crate::app::platform;
use crate::export;
use egui::Ui;

/// The save controls of one view.
pub struct SaveBox {
    /// The file name as typed.
    pub path: String,
    /// 1, 2 or 3: pixel size and line widths multiply by it.
    pub scale: u32,
    job: Option<Job<Result<String, String>>>,
    outcome: Option<Result<String, String>>,
    /// Saving was asked for by a key (P) rather than the button.
    requested: bool,
}

impl SaveBox {
    /// Controls that save to `default_path` at 1x.
    pub fn new(default_path: &str) -> Self {
        SaveBox {
            path: default_path.into(),
            scale: 1,
            job: None,
            outcome: None,
            requested: false,
        }
    }

    /// The file name to write, or why the typed text is not one.
    fn target(&self) -> Result<String, String> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return Err("type a file name to save to, e.g. ganscope-frame.png".into());
        }
        Ok(typed.to_string())
    }

    /// Draws the controls; `size` is the 1x picture size, for the tooltip; `picture`
    /// makes the picture when the user clicks Save (None while nothing can be drawn).
    pub fn ui(&mut self, ui: &mut Ui, size: (u32, u32), picture: impl FnOnce() -> Option<export::Picture>) {
        if let Some(job) = &mut self.job
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
            if save.clicked() || (std::mem::take(&mut self.requested) && !busy) {
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
        let name = match self.target() {
            Ok(name) => name,
            Err(message) => {
                self.outcome = Some(Err(message));
                return;
            }
        };
        let (times, theme) = (self.scale, theme_of(ctx));
        let work = move || {
            let (w, h) = picture.default_size();
            let bytes = picture
                .encode_scaled(std::path::Path::new(&name), times, theme)
                .map_err(|e| e.to_string())?;
            platform::save_file(&name, &bytes).map(|done| format!("{done} ({} × {})", w * times, h * times))
        };
        match Job::spawn("ganscope-export", ctx, work) {
            Ok(job) => {
                self.outcome = None;
                self.job = Some(job);
            }
            Err(message) => self.outcome = Some(Err(message)),
        }
    }

    /// Saves at the next frame, as if the button were clicked (the P key).
    pub fn request(&mut self) {
        self.requested = true;
    }

    /// True while a file is being drawn or written.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}
