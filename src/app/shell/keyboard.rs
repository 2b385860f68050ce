//! Keyboard shortcuts: space plays or pauses, S steps one iteration, R resets, Shift+R
//! starts or stops recording, P saves the picture shown. Ignored while a text field has the keyboard, so typing a formula
//! never steps the GAN.

use crate::worker::Command;
use egui::{Context, Key, Modifiers};

/// The commands the keys pressed this frame ask for; `playing` decides what space does.
pub fn shortcuts(ctx: &Context, playing: bool) -> Vec<Command> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let mut commands = Vec::new();
    ctx.input_mut(|input| {
        if input.consume_key(Modifiers::NONE, Key::Space) {
            commands.push(if playing { Command::Pause } else { Command::Play });
        }
        if input.consume_key(Modifiers::NONE, Key::S) {
            commands.push(Command::Iterate);
        }
        if input.consume_key(Modifiers::NONE, Key::R) {
            commands.push(Command::Reset);
        }
    });
    commands
}

/// True when Shift+R (start or stop recording, as the Record buttons would) was pressed
/// this frame, outside a text field. Read before [`shortcuts`]: egui's R ignores Shift, so
/// this consumes the key before it could reset.
pub fn toggle_recording(ctx: &Context) -> bool {
    !ctx.egui_wants_keyboard_input() && ctx.input_mut(|input| input.consume_key(Modifiers::SHIFT, Key::R))
}

/// True when P (save the picture shown, as its Save PNG button would) was pressed this
/// frame, outside a text field.
pub fn save_picture(ctx: &Context) -> bool {
    !ctx.egui_wants_keyboard_input() && ctx.input_mut(|input| input.consume_key(Modifiers::NONE, Key::P))
}

/// A key of a lesson being played: what presentation clickers send, and the
/// classroom keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonKey {
    /// Page Down, →, ↓: reveal, resume or the next scene.
    Next,
    /// Page Up, ←, ↑: the previous scene.
    Previous,
    /// F5: classroom mode on or off.
    Classroom,
    /// F11: fullscreen on or off.
    Fullscreen,
    /// Esc: leave classroom mode.
    Leave,
}

/// The lesson keys pressed this frame (ignored while a text field has the keyboard);
/// without a lesson only F11 is taken, so the arrows and Esc keep their usual work.
pub fn lesson_keys(ctx: &Context, lesson: bool) -> Vec<LessonKey> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let table = [
        (Key::PageDown, LessonKey::Next),
        (Key::ArrowRight, LessonKey::Next),
        (Key::ArrowDown, LessonKey::Next),
        (Key::PageUp, LessonKey::Previous),
        (Key::ArrowLeft, LessonKey::Previous),
        (Key::ArrowUp, LessonKey::Previous),
        (Key::F5, LessonKey::Classroom),
        (Key::F11, LessonKey::Fullscreen),
        (Key::Escape, LessonKey::Leave),
    ];
    let mut keys = Vec::new();
    ctx.input_mut(|input| {
        for (key, meaning) in table {
            if (lesson || meaning == LessonKey::Fullscreen) && input.consume_key(Modifiers::NONE, key) {
                keys.push(meaning);
            }
        }
    });
    keys
}
