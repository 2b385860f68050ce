//! The desktop's side of each seam (see the table in [`super`]).

use super::Work;
use crate::export::files::write_atomically;

/// Training and long jobs run on threads of their own.
pub const THREADS: bool = true;

/// True in a browser: files come from a picker, the address holds the link.
pub const BROWSER: bool = false;

/// Threads train on their own: nothing to measure.
pub fn frame_started() {}

/// Until when a frame-loop worker may train now: one slice (the desktop's workers have
/// threads; this serves a local worker in tests).
pub fn work_until() -> super::Instant {
    super::Instant::now() + super::WORK_SLICE
}

/// Background work on a thread of its own; nothing for the frame loop to do.
pub struct Background;

impl Background {
    /// Nothing: the thread does the work.
    pub fn pump(&mut self) {}
}

/// Starts `work` on a thread called `name`, slice after slice until it is done.
pub fn background(name: &str, _ctx: &egui::Context, mut work: Work) -> Result<Background, String> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || while work() {})
        .map(|_| Background)
        .map_err(|e| format!("cannot start a thread for {name}: {e}"))
}

/// Writes `bytes` to the file `name` (relative to the folder ganscope started in), whole
/// or not at all; says where it went.
pub fn save_file(name: &str, bytes: &[u8]) -> Result<String, String> {
    let path = std::path::absolute(name).map_err(|e| format!("'{name}' is not a usable path: {e}"))?;
    write_atomically(&path, bytes).map_err(|e| e.to_string())?;
    Ok(format!("saved {}", path.display()))
}

/// The desktop opens files by a typed path or a drop; there is no picker to open.
pub fn pick_file(_ctx: &egui::Context) {}

/// Files the picker brought in since the last call: none on the desktop.
pub fn take_picked() -> Vec<super::IncomingFile> {
    Vec::new()
}

/// The link the app was opened at: none on the desktop (`--lesson` opens a lesson).
pub fn initial_link() -> Option<String> {
    None
}

/// Shows the link of what is on screen: the desktop has no address bar.
pub fn show_link(_fragment: &str) {}

/// The whole link to what is on screen: none on the desktop.
pub fn full_link(_fragment: &str) -> Option<String> {
    None
}

/// Puts the window in full screen, or back.
pub fn set_fullscreen(ctx: &egui::Context, on: bool) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
}

/// True while the window fills the screen.
pub fn fullscreen(ctx: &egui::Context) -> bool {
    ctx.input(|i| i.viewport().fullscreen.unwrap_or(false))
}

/// Reports the app's state for a browser test: nothing reads it on the desktop.
pub fn report(_state: &str) {}

/// Opens the app window and runs until it is closed; `lesson`, when given, is opened
/// and played from its first scene.
pub fn run(lesson: Option<crate::lesson::Lesson>) -> eframe::Result {
    use crate::app::{GanscopeApp, TITLE};
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(|cc| {
            let mut app = GanscopeApp::new(cc)?;
            if let Some(lesson) = lesson {
                app.open_lesson(&cc.egui_ctx, lesson);
            }
            Ok(Box::new(app) as Box<dyn eframe::App>)
        }),
    )
}

/// Reads files dropped on the window (they are on disk here), or says why one cannot be.
pub fn take_dropped(
    _ctx: &egui::Context,
    dropped: Vec<std::sync::Arc<dyn egui::DroppedFile + Send + Sync>>,
) -> Vec<Result<super::IncomingFile, String>> {
    dropped
        .iter()
        .map(|file| {
            let path = file.path();
            file.bytes()
                .map(|bytes| super::IncomingFile {
                    name: path.display().to_string(),
                    bytes,
                })
                .map_err(|e| format!("cannot open the dropped file '{}': {e}", path.display()))
        })
        .collect()
}
