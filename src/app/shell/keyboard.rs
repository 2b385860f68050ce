//! Keyboard shortcuts: space plays or pauses, S steps one iteration, R resets. Ignored
//! while a text field has the keyboard, so typing a formula never steps the GAN.

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
