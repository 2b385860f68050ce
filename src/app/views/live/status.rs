//! The status bar: iteration, training speed, drawing speed, device; and the banner over
//! the figure when training stopped on a NaN or a fault, or ran away to an absurd but
//! finite state, with the button to recover.

use crate::app::platform::Instant;
use crate::app::widgets::style::error_text;
use crate::worker::{Command, Frame, Health};
use egui::Ui;

/// Frames drawn per second, measured over windows of about half a second.
pub struct FpsMeter {
    since: Instant,
    frames: u32,
    fps: f64,
}

impl Default for FpsMeter {
    fn default() -> Self {
        FpsMeter {
            since: Instant::now(),
            frames: 0,
            fps: 0.0,
        }
    }
}

impl FpsMeter {
    /// Counts one drawn frame.
    pub fn tick(&mut self) {
        self.frames += 1;
        let elapsed = self.since.elapsed().as_secs_f64();
        if elapsed >= 0.5 {
            self.fps = f64::from(self.frames) / elapsed;
            self.frames = 0;
            self.since = Instant::now();
        }
    }

    /// The last measurement.
    pub fn fps(&self) -> f64 {
        self.fps
    }
}

/// Draws the bar.
pub fn ui(ui: &mut Ui, frame: Option<&Frame>, fps: f64) {
    ui.horizontal_wrapped(|ui| {
        let Some(frame) = frame else {
            ui.label("starting the training thread…");
            return;
        };
        let state = match (&frame.health, frame.playing) {
            (Health::Ok, true) => "training",
            (Health::Ok, false) => "paused",
            (Health::Diverged(_), _) => "diverged",
            (Health::Fault(_), _) => "stopped",
        };
        ui.label(format!("iteration {}", frame.steps));
        ui.separator();
        ui.label(state);
        ui.separator();
        ui.label(format!("{:.0} it/s", frame.iterations_per_second));
        ui.separator();
        ui.label(format!("device: {}", frame.device));
        ui.separator();
        ui.label(format!("{fps:.0} frames/s"));
    });
}

/// The problem, drawn over the figure where it cannot be missed (classroom mode may hide
/// the status bar), with the button that recovers; pushes a Reset when pressed.
pub fn problem_banner(ui: &mut Ui, frame: Option<&Frame>, commands: &mut Vec<Command>) {
    let Some(message) = frame.and_then(Frame::problem) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(error_text(ui, message).strong());
        if ui
            .button("Reset to recover")
            .on_hover_text("Fresh networks with the current settings (lower the learning rates first)")
            .clicked()
        {
            commands.push(Command::Reset);
        }
    });
}
