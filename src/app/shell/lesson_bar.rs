//! The lesson's strip over the view: where the lesson is (scene list with marks, the
//! run's progress through the scene), the clicker's buttons, classroom mode, and the
//! scene's title, note, caption or question in large type.

use super::presenter::{Next, Presenter};
use egui::{ComboBox, RichText, Ui};

/// What the user asked of the lesson from the strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarAction {
    /// The previous scene.
    Previous,
    /// Reveal, resume or the next scene (what Page Down does).
    Next,
    /// A scene picked from the list.
    Jump(usize),
    /// Classroom mode on or off.
    Classroom(bool),
    /// Leave the lesson.
    Close,
}

/// Size of the scene's note, in points before the window's zoom.
const NOTE_POINTS: f32 = 19.0;
/// Size of a caption or question.
const CAPTION_POINTS: f32 = 24.0;

/// Draws the strip; `progress` is the run's iteration and the scene's end, for views
/// that train.
pub fn ui(ui: &mut Ui, presenter: &Presenter, progress: Option<(u64, u64)>) -> Option<BarAction> {
    let mut action = None;
    let scenes = &presenter.lesson.scenes;
    let scene = presenter.current();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&presenter.lesson.title).strong());
        ui.separator();
        ComboBox::from_id_salt("lesson_scenes")
            .selected_text(format!("scene {} of {}", presenter.scene + 1, scenes.len()))
            .width(260.0)
            .show_ui(ui, |ui| {
                for (i, s) in scenes.iter().enumerate() {
                    let mark = if i == presenter.scene {
                        "▶"
                    } else if presenter.visited[i] {
                        "✔"
                    } else {
                        "  "
                    };
                    let label = format!("{mark} {}. {}", i + 1, s.title);
                    if ui.selectable_label(i == presenter.scene, label).clicked() {
                        action = Some(BarAction::Jump(i));
                    }
                }
            })
            .response
            .on_hover_text("Every scene of the lesson; pick one to go there");
        let back = ui.add_enabled(presenter.scene > 0, egui::Button::new("◀ Previous"));
        if back.on_hover_text("The previous scene (Page Up, ←)").clicked() {
            action = Some(BarAction::Previous);
        }
        let next = next_words(presenter);
        let help = match presenter.next_does() {
            Next::Reveal => "Show the answer and play on (Page Down, →)",
            Next::Resume => "Play on from the pause (Page Down, →)",
            Next::Scene => "The next scene (Page Down, →)",
            Next::End => "This is the last scene",
        };
        let forward = ui.add_enabled(presenter.next_does() != Next::End, egui::Button::new(next));
        if forward.on_hover_text(help).clicked() {
            action = Some(BarAction::Next);
        }
        if let Some((at, end)) = progress {
            let fraction = if end == 0 { 1.0 } else { (at as f32 / end as f32).min(1.0) };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(format!("iteration {at} of {end}")),
            )
            .on_hover_text("How far the scene's run has come; it pauses at the end");
        }
        let mut classroom = presenter.classroom;
        if ui
            .checkbox(&mut classroom, "classroom")
            .on_hover_text("Hide the panels the scene names, larger type, fullscreen (F5; F11 fullscreen only; Esc leaves)")
            .changed()
        {
            action = Some(BarAction::Classroom(classroom));
        }
        if ui.button("Close lesson").clicked() {
            action = Some(BarAction::Close);
        }
    });
    ui.label(
        RichText::new(format!("{}. {}", presenter.scene + 1, scene.title))
            .heading()
            .strong(),
    );
    if !scene.note.is_empty() && !presenter.look().hides(crate::lesson::Panel::Note) {
        ui.label(RichText::new(&scene.note).size(NOTE_POINTS));
    }
    if let Some((question, _, _)) = &presenter.question {
        ui.label(
            RichText::new(format!("? {question}"))
                .size(CAPTION_POINTS)
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
        ui.label(RichText::new("Predict, then press Page Down to reveal.").weak());
    } else if let Some(caption) = &presenter.caption {
        ui.label(
            RichText::new(caption)
                .size(CAPTION_POINTS)
                .strong()
                .color(ui.visuals().hyperlink_color),
        );
    } else if presenter.finished && scene.stage.trains() {
        ui.label(RichText::new("End of the scene: Page Down for the next one.").weak());
    }
    ui.add_space(4.0);
    action
}

/// What the clicker's next press will do, in words on its button: reveal the answer, play
/// on, or which scene comes next.
pub fn next_words(presenter: &Presenter) -> String {
    match presenter.next_does() {
        Next::Reveal => "Reveal the answer ▶".into(),
        Next::Resume => "Play on ▶".into(),
        Next::Scene => {
            let next = presenter.scene + 1;
            let title = presenter.lesson.scenes.get(next).map_or("", |s| s.title.as_str());
            let short: String = title.chars().take(40).collect();
            let more = if short.len() < title.len() { "…" } else { "" };
            format!("Next: {}. {short}{more} ▶", next + 1)
        }
        Next::End => "End of lesson".into(),
    }
}
