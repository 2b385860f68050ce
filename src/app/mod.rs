//! The desktop app (eframe, egui, egui_plot): the only part of ganscope that imports egui.
//! It draws the worker's newest frame and turns widgets into worker commands.
//!
//! - [`platform`]: what differs between the desktop and the browser, in one place.
//! - [`settings`]: what survives a restart (the last experiment, lecture-mode choices).
//! - [`shell`]: the window: menus, the tab bar, keys, a lesson being played.
//! - [`views`]: what fills a tab: the live run, Figure 1, the phase plane, Compare.
//! - [`widgets`]: what several views share: the figure plot, the run link to a worker,
//!   the save box, a setting's widget from the key table, drop-downs, styles.

pub mod platform;
pub mod settings;
pub mod shell;
pub mod views;
pub mod widgets;

#[cfg(not(target_arch = "wasm32"))]
pub use platform::run;
pub use shell::tabs::Tab;
pub use shell::{GanscopeApp, TITLE};
