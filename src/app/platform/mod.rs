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

/// The share of the time between two frames the work may take. Where the page draws
/// slowly because the GPU (or a software one) is slow, the main thread waits on it:
/// training fills that wait instead of sitting at one slice a frame.
pub const WORK_SHARE: f64 = 0.9;

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
