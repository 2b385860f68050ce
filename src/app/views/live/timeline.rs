//! The timeline under the live figure: drag back to any kept moment of the run and
//! watch it again from there, or fork it into Compare (the moment continued twice, with
//! the settings it had and with the settings now in the controls).

use crate::worker::{Command, Frame};
use egui::{Slider, Ui};

/// What the user asked of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Continue from the moment shown, side by side with changed settings.
    Fork,
}

/// The timeline's state between frames: where the handle is while it is dragged.
#[derive(Default)]
pub struct TimelineBar {
    /// Where the handle is held while the pointer drags it (the run follows, snapped to
    /// the kept moments); otherwise the handle shows the run's iteration.
    held: Option<u64>,
}

impl TimelineBar {
    /// Draws the bar; pushes a Rewind while the handle moves, returns a fork request.
    pub fn ui(&mut self, ui: &mut Ui, frame: &Frame, commands: &mut Vec<Command>) -> Option<Ask> {
        let timeline = &frame.timeline;
        let newest = timeline.newest().unwrap_or(0).max(frame.steps);
        // Within the range, so the slider never moves the value by clamping it (which it
        // would report as a change, and a rewind nobody asked for).
        let mut at = self.held.unwrap_or(frame.steps).min(newest);
        let mut ask = None;
        ui.horizontal(|ui| {
            let label = ui.label("timeline");
            ui.spacing_mut().slider_width = (ui.available_width() - 330.0).max(120.0);
            let slider = ui
                .add_enabled(newest > 0, Slider::new(&mut at, 0..=newest).integer().suffix(" it"))
                .labelled_by(label.id)
                .on_hover_text(format!(
                    "Drag back to any kept moment and watch from there; Play trains on from it (the later moments are then dropped). \
                     {} moments kept, one every {} iterations: {:.0} KB of weights, at most {:.0} KB for this run.",
                    timeline.len(),
                    timeline.every(),
                    timeline.bytes() as f64 / 1024.0,
                    timeline.bound() as f64 / 1024.0,
                ));
            if slider.changed() {
                commands.push(Command::Rewind(at));
            }
            self.held = slider.dragged().then_some(at);
            if ui
                .add_enabled(!timeline.is_empty(), egui::Button::new("Fork into Compare"))
                .on_hover_text(
                    "Continue from this moment twice, side by side: A with the settings it had, \
                     B with the settings now in the controls (those that rebuild the networks cannot differ)",
                )
                .clicked()
            {
                ask = Some(Ask::Fork);
            }
            if frame.steps < timeline.newest().unwrap_or(0) {
                ui.label(egui::RichText::new("rewound").weak())
                    .on_hover_text("Play trains on from here; the later moments are dropped");
            }
        });
        ask
    }
}
