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
/// a second, smooth motion for a class, a little under two ticks of a 60 Hz screen (a
/// frame lasts a whole number of ticks). (A share of the time since the last frame, the
/// rule before, fed on itself: work lengthened the frame, which lengthened the next
/// work, until frames came ten times slower than drawing alone allowed.)
pub const FRAME_TARGET: Duration = Duration::from_millis(31);

/// How far from [`FRAME_TARGET`] a frame may come and leave the budget as it is: a frame
/// on the second 60 Hz tick (33.3 ms) is on target. A budget that kept growing there
/// would overrun to the third tick every few frames, a visible hitch.
pub const FRAME_TOLERANCE: Duration = Duration::from_millis(4);

/// The least share of a frame the work gets, however slowly the page draws: where
/// drawing alone takes more than half of [`FRAME_TARGET`] (a software renderer), frames
/// come at half the rate drawing allows and training keeps half the main thread.
pub const MIN_WORK_SHARE: f64 = 0.5;

/// The work's budget for the next frame, from this frame's `budget` and the `interval`
/// since it started. Off target it moves by the whole miss, between [`WORK_SLICE`] and
/// [`FRAME_TARGET`] (never past the target: a run paced slowly leaves its budget unused,
/// and a budget grown meanwhile would stall the first frame at "max"). It is never under
/// [`MIN_WORK_SHARE`] of a frame, nor over [`MAX_WORK_SLICE`]. A gap longer than two
/// of the longest slices (a hidden tab, a file being read) says nothing of drawing:
/// the budget stays.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn next_work_budget(budget: Duration, interval: Duration) -> Duration {
    if interval > 2 * MAX_WORK_SLICE || interval.abs_diff(FRAME_TARGET) <= FRAME_TOLERANCE {
        return budget;
    }
    let (budget, interval) = (budget.as_secs_f64(), interval.as_secs_f64());
    let target = FRAME_TARGET.as_secs_f64();
    let next = (budget + target - interval).clamp(WORK_SLICE.as_secs_f64(), target);
    // The rest of the frame (drawing, the UI, waiting for the GPU) sets the least, which
    // at most doubles a frame: one frame held up by something else is not slow drawing.
    let rest = (interval - budget).max(0.0);
    let least = (rest * MIN_WORK_SHARE / (1.0 - MIN_WORK_SHARE)).min(2.0 * budget);
    let seconds = next.max(least).min(MAX_WORK_SLICE.as_secs_f64());
    Duration::from_secs_f64(seconds)
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

    /// One 60 Hz tick.
    const TICK: Duration = Duration::from_nanos(16_666_667);

    /// Frames of a page whose drawing takes `drawing` and whose work fills its budget,
    /// each lasting `frame(drawing + budget)`: the intervals, frame by frame.
    fn run(
        drawing: Duration,
        frames: usize,
        frame: impl Fn(Duration) -> Duration,
    ) -> Vec<(Duration, Duration)> {
        let mut budget = WORK_SLICE;
        (0..frames)
            .map(|_| {
                let interval = frame(drawing + budget);
                budget = next_work_budget(budget, interval);
                (budget, interval)
            })
            .collect()
    }

    /// A frame on a 60 Hz screen ends on the first tick after its work and drawing.
    fn on_ticks(busy: Duration) -> Duration {
        TICK * busy.as_nanos().div_ceil(TICK.as_nanos()) as u32
    }

    fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }

    #[test]
    fn where_drawing_is_quick_every_frame_lands_on_the_second_tick_and_the_work_takes_most_of_it() {
        let frames = run(Duration::from_millis(5), 200, on_ticks);
        let (budget, _) = frames[199];
        for (_, interval) in &frames[20..] {
            assert_eq!(
                *interval,
                2 * TICK,
                "a frame off the second tick: {} ms",
                ms(*interval)
            );
        }
        assert!(ms(budget) >= 20.0, "budget {} ms", ms(budget));
    }

    #[test]
    fn without_ticks_frames_come_at_the_target() {
        let frames = run(Duration::from_millis(5), 60, |busy| busy);
        let (budget, interval) = frames[59];
        assert!(
            interval.abs_diff(FRAME_TARGET) <= FRAME_TOLERANCE,
            "interval {} ms",
            ms(interval)
        );
        assert!(
            ms(budget) >= ms(FRAME_TARGET) - 5.0 - ms(FRAME_TOLERANCE),
            "budget {} ms",
            ms(budget)
        );
    }

    #[test]
    fn where_drawing_is_slow_the_work_keeps_half_of_each_frame_and_frames_half_the_rate() {
        // The old rule (0.9 of the last interval) settled at ten times the drawing here.
        let frames = run(Duration::from_millis(45), 60, |busy| busy);
        let (budget, interval) = frames[59];
        assert!((ms(budget) - 45.0).abs() < 0.5, "budget {} ms", ms(budget));
        assert!((ms(interval) - 90.0).abs() < 0.5, "interval {} ms", ms(interval));
    }

    #[test]
    fn a_paced_run_that_leaves_its_budget_unused_never_grows_it_past_the_target() {
        let mut budget = WORK_SLICE;
        for _ in 0..100 {
            budget = next_work_budget(budget, TICK);
        }
        assert_eq!(budget, FRAME_TARGET);
    }

    #[test]
    fn a_long_gap_leaves_the_budget_and_a_slow_frame_is_recovered_from() {
        let settled = Duration::from_millis(26);
        assert_eq!(next_work_budget(settled, Duration::from_secs(2)), settled);
        // One frame held up 150 ms (a long export step): the next frame's work at most
        // doubles, and within a few frames every frame is back on the second tick.
        let drawing = Duration::from_millis(5);
        let mut budget = next_work_budget(settled, Duration::from_millis(150));
        assert!(budget <= 2 * settled, "budget {} ms", ms(budget));
        for _ in 0..5 {
            budget = next_work_budget(budget, on_ticks(drawing + budget));
        }
        for _ in 0..20 {
            assert_eq!(on_ticks(drawing + budget), 2 * TICK, "budget {} ms", ms(budget));
            budget = next_work_budget(budget, on_ticks(drawing + budget));
        }
    }
}
