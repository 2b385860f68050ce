//! Open and Save of a TOML config: the same file `ganscope train --config` reads and
//! `ganscope config` writes, so a lecturer can prepare an experiment at the terminal and
//! open it in front of the class, or save what the sliders found for a script. What
//! happened (the file opened or written, or why not) shows inline under the field.

use crate::app::platform;
use crate::app::widgets::style::error_text;
use crate::engine::config::Experiment;
use crate::engine::presets;
use egui::Ui;
use std::path::PathBuf;

/// The config-file field, its buttons and the last outcome.
pub struct ConfigFile {
    /// The path as typed.
    pub path: String,
    outcome: Option<Result<String, String>>,
}

impl Default for ConfigFile {
    fn default() -> Self {
        ConfigFile {
            path: "ganscope.toml".into(),
            outcome: None,
        }
    }
}

impl ConfigFile {
    /// The path to use, or why the typed text is not one.
    fn target(&self) -> Result<PathBuf, String> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return Err("config file: the path is empty; type a file name such as ganscope.toml".into());
        }
        Ok(PathBuf::from(typed))
    }

    /// The experiment the file describes: its keys on top of the figure1 preset, as
    /// `ganscope train --config` reads it, so a file means the same run in both.
    fn open(&self) -> Result<Experiment, String> {
        let path = self.target()?;
        let mut next = presets::base();
        next.load_file(&path)?;
        Ok(next)
    }

    fn save(&self, edit: &Experiment) -> Result<String, String> {
        let path = self.target()?;
        let done = platform::save_file(&path.display().to_string(), edit.to_toml().as_bytes())?;
        Ok(format!("{done}: the settings"))
    }

    /// Draws the field, Open and Save; returns the experiment a successful Open read.
    pub fn ui(&mut self, ui: &mut Ui, edit: &Experiment) -> Option<Experiment> {
        let mut opened = None;
        ui.strong("Config file");
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("config file");
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(200.0))
                .labelled_by(label.id)
                .on_hover_text("A TOML file of KEY = VALUE lines, as `ganscope config --preset NAME` prints; relative to the folder ganscope was started in");
            if ui
                .button("Open")
                .on_hover_text("Read the file and restart training with its settings; keys it leaves out take the figure1 preset's values, as with `ganscope train --config`")
                .clicked()
            {
                if platform::BROWSER {
                    // A browser reads no paths: the picker brings the file in, and the
                    // window opens it as it would a dropped one.
                    platform::pick_file(ui.ctx());
                } else {
                    match self.open() {
                        Ok(next) => {
                            self.outcome = Some(Ok(format!("opened {}", self.path.trim())));
                            opened = Some(next);
                        }
                        Err(e) => self.outcome = Some(Err(e)),
                    }
                }
            }
            if ui
                .button("Save")
                .on_hover_text("Write the current settings as a config the CLI and this box read back")
                .clicked()
            {
                self.outcome = Some(self.save(edit));
            }
        });
        match &self.outcome {
            Some(Ok(done)) => {
                ui.label(egui::RichText::new(done).weak());
            }
            Some(Err(e)) => {
                ui.label(error_text(ui, format!("config error {e}")));
            }
            None => {}
        }
        opened
    }
}
