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

/// The work's budget for the next frame, from this frame's `budget` and the `interval`
/// since it started: toward what keeps frames [`FRAME_TARGET`] apart, never under
/// [`MIN_WORK_SHARE`] of a frame, within [`WORK_SLICE`] and [`MAX_WORK_SLICE`].
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn next_work_budget(budget: Duration, interval: Duration) -> Duration {
    let (budget, interval) = (budget.as_secs_f64(), interval.as_secs_f64());
    let miss = FRAME_TARGET.as_secs_f64() - interval;
    // Never past the target: a run paced slowly leaves its budget unused, and a budget
    // grown meanwhile would stall the first frame at "max".
    let next = (budget + BUDGET_GAIN * miss).clamp(WORK_SLICE.as_secs_f64(), FRAME_TARGET.as_secs_f64());
    // The rest of the frame (drawing, the UI, waiting for the GPU) sets the least.
    let rest = (interval - budget).max(0.0);
    let least = rest * MIN_WORK_SHARE / (1.0 - MIN_WORK_SHARE);
    Duration::from_secs_f64(next.max(least)).min(MAX_WORK_SLICE)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames of a page whose drawing takes `drawing` and whose work fills its budget:
    /// the budget and the interval after `frames` frames.
    fn settle(drawing: Duration, frames: usize) -> (Duration, Duration) {
        let mut budget = WORK_SLICE;
        let mut interval = drawing + budget;
        for _ in 0..frames {
            budget = next_work_budget(budget, interval);
            interval = drawing + budget;
        }
        (budget, interval)
    }

    fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }

    #[test]
    fn where_drawing_is_quick_frames_come_at_the_target_and_the_work_takes_the_rest() {
        let (budget, interval) = settle(Duration::from_millis(5), 60);
        assert!(
            (ms(interval) - ms(FRAME_TARGET)).abs() < 0.5,
            "interval {} ms",
            ms(interval)
        );
        assert!(
            (ms(budget) - (ms(FRAME_TARGET) - 5.0)).abs() < 0.5,
            "budget {} ms",
            ms(budget)
        );
    }

    #[test]
    fn where_drawing_is_slow_the_work_keeps_half_of_each_frame_and_frames_half_the_rate() {
        // The old rule (0.9 of the last interval) settled at ten times the drawing here.
        let drawing = Duration::from_millis(45);
        let (budget, interval) = settle(drawing, 60);
        assert!((ms(budget) - 45.0).abs() < 0.5, "budget {} ms", ms(budget));
        assert!((ms(interval) - 90.0).abs() < 0.5, "interval {} ms", ms(interval));
    }

    #[test]
    fn a_paced_run_that_leaves_its_budget_unused_never_grows_it_past_the_target() {
        let mut budget = WORK_SLICE;
        for _ in 0..100 {
            budget = next_work_budget(budget, Duration::from_micros(16_667));
        }
        assert_eq!(budget, FRAME_TARGET);
    }

    #[test]
    fn one_long_stall_gives_at_most_the_longest_slice_and_the_budget_recovers() {
        let drawing = Duration::from_millis(5);
        let mut budget = next_work_budget(FRAME_TARGET, Duration::from_secs(2));
        assert_eq!(budget, MAX_WORK_SLICE);
        for _ in 0..20 {
            budget = next_work_budget(budget, drawing + budget);
        }
        assert!(
            (ms(budget) - (ms(FRAME_TARGET) - 5.0)).abs() < 1.0,
            "budget {} ms",
            ms(budget)
        );
    }
}
