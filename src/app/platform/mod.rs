//! What differs between the desktop and the browser, all in one place, so a reader sees
//! the whole difference here and nowhere else:
//!
//! | seam | desktop ([`native`](self)) | browser (`web.rs`) |
//! |---|---|---|
//! | runner | `eframe::run_native`, a window | `eframe::WebRunner` on the page's canvas |
//! | clock | std's `Instant` | the browser's clock (web-time) |
//! | background work | a thread per job, one per worker | slices of the frame loop, [`WORK_SLICE`] each |
//! | files out | written to the path typed | a download of that name |
//! | files in | a typed path, or a drop | a file picker, or a drop (bytes) |
//! | URL | none | the fragment holds the [`Link`](crate::link::Link) on screen |
//! | full screen | the window's | the page's (the Fullscreen API) |
//! | painting | wgpu; panels fill themselves | WebGL2 through glow; the canvas's clear is the panels' fill ([`prepare_painting`]) |
//!
//! Both halves offer the same names: `THREADS`, `BROWSER`, `background`, `Background`,
//! `frame_started`, `work_until`, `save_file`, `pick_file`, `take_picked`, `take_dropped`,
//! `initial_link`, `show_link`, `full_link`, `set_fullscreen`, `fullscreen`, `report`,
//! and the runner (`run` on the
//! desktop, `start` in a browser).

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;
#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
pub use web::*;

pub use crate::worker::clock::{Duration, Instant};

/// The least time a frame gives the work that has no thread of its own (a run, a Figure
/// 1 training, an export) in a browser: about two thirds of a 60 Hz frame.
pub const WORK_SLICE: Duration = Duration::from_millis(11);

/// The most time a frame gives that work, however slowly frames come: a frame then
/// still answers a key within about a fifth of a second of work.
pub const MAX_WORK_SLICE: Duration = Duration::from_millis(200);

/// The time between frames a browser's frame loop aims for while work waits: 30 frames
/// a second, smooth motion for a class. Each frame moves the work's budget toward what
/// leaves frames this far apart: up where they came faster, down where slower, from
/// [`WORK_SLICE`] up to this target itself (past it only to keep [`MIN_WORK_SHARE`],
/// and never past [`MAX_WORK_SLICE`]). (A share of the time since the last frame,
/// the rule before, fed on itself: work lengthened the frame, which lengthened the next
/// work, until frames came ten times slower than drawing alone allowed.)
pub const FRAME_TARGET: Duration = Duration::from_micros(34_000);

/// The least share of a frame the work gets, however slowly the page draws: where
/// drawing alone takes longer than [`FRAME_TARGET`] (a software renderer), frames come at
/// half the rate drawing allows and training keeps half the main thread.
pub const MIN_WORK_SHARE: f64 = 0.5;

/// How far one frame moves the budget toward [`FRAME_TARGET`]: half the miss, so a frame
/// that slipped a vsync does not swing the next one as far the other way.
pub const BUDGET_GAIN: f64 = 0.5;

/// In a browser the panels paint no background of their own: the canvas is cleared to
/// their colour (`GanscopeApp::clear_color`) and they are transparent over it. Under a
/// software renderer (headless Chromium's SwiftShader) the panels' fill was a second
/// pass over every pixel of the page, about a quarter of a frame. The desktop draws as
/// egui does by default.
pub fn prepare_painting(ctx: &egui::Context) {
    if BROWSER {
        ctx.all_styles_mut(|style| style.visuals.panel_fill = egui::Color32::TRANSPARENT);
    }
}

/// A slice of background work: does some, and returns true while more remains.
pub type Work = Box<dyn FnMut() -> bool + Send>;

/// A file that came in (a drop, the file picker): its name and its bytes.
#[derive(Clone, Debug)]
pub struct IncomingFile {
    /// The name it had, for messages.
    pub name: String,
    /// What it holds.
    pub bytes: Vec<u8>,
}
