//! What survives a restart, through eframe's storage: the last experiment (as the same
//! TOML the CLI reads), the preset it came from, and the lecture-mode choices.

use crate::engine::config::Experiment;
use crate::engine::presets;
use serde::{Deserialize, Serialize};

/// Key under which the settings are stored.
pub const STORAGE_KEY: &str = "ganscope_settings";

/// The persisted settings; missing fields take their defaults, so old files still load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The last experiment, as TOML from [`Experiment::to_toml`].
    pub experiment: String,
    /// The preset the experiment started from, for its lecture note.
    pub preset: Option<String>,
    /// Dark theme instead of the paper's white.
    pub dark: bool,
    /// Zoom of the whole interface, for a projector.
    pub font_scale: f32,
    /// Draw the optimal discriminator D* over D.
    pub show_optimal: bool,
    /// Metrics on a log scale.
    pub log_scale: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            experiment: String::new(),
            preset: Some("figure1".into()),
            dark: false,
            font_scale: 1.0,
            show_optimal: true,
            log_scale: false,
        }
    }
}

impl Settings {
    /// Reads the settings from eframe's storage, defaults when absent or unreadable.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        let mut settings: Settings = storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        settings.font_scale = settings.font_scale.clamp(0.5, 3.0);
        settings
    }

    /// The stored experiment on top of the figure1 preset, with a message saying why
    /// when the stored text is no longer valid (the preset alone is then used, so a
    /// broken settings file never keeps the app from starting).
    pub fn experiment(&self) -> (Experiment, Option<String>) {
        let base = presets::base();
        let mut experiment = base.clone();
        match experiment.apply_toml(&self.experiment) {
            Ok(()) => (experiment, None),
            Err(e) => {
                let why = format!(
                    "the settings saved by the last session could not be read ({e}); started the figure1 preset instead"
                );
                (base, Some(why))
            }
        }
    }

    /// Writes the settings to eframe's storage.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }
}
