//! Every file ganscope writes, in one place: the pictures (a Figure 1 frame, the four
//! panels, the phase plane) drawn with plotters as PNG or SVG, the animated GIF, the
//! metrics CSV, the recorder that writes frames while training, and the facts they share
//! (default sizes, the frame caption, frame file names). The CLI, the worker and every
//! view of the app write through here; `crate::figure` only says what a picture shows.
//!
//! Every file is written whole: to a temporary file in the destination folder, then
//! renamed into place, so a file that exists is complete even if a recording stops or
//! the disk fills.

pub mod chart;
pub mod files;
mod glyphs;
pub mod map_chart;
pub mod metrics_csv;
mod pen;
pub mod phase_chart;
pub mod picture;
pub mod plane_chart;
pub mod recorder;
pub mod slide;

pub use picture::{Picture, Saved};

use crate::engine::snapshot::Metrics;

/// An output that could not be produced, with the path and the reason.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ExportError(pub String);

/// Size of one frame of the figure at 1x (`ganscope render`, recordings, Save PNG).
pub const FRAME_SIZE: (u32, u32) = (960, 600);
/// Size of the four Figure 1 panels at 1x (`ganscope figure1`, the Figure 1 view).
pub const FIGURE1_SIZE: (u32, u32) = (1600, 1000);
/// Size of a lesson slide at 1x (`ganscope lesson render`): 16:10, like a projector.
pub const SLIDE_SIZE: (u32, u32) = (1600, 1000);
/// Size of the phase plane at 1x: the square plane and, right of it, the eigenvalues.
pub const PHASE_SIZE: (u32, u32) = (1300, 900);
/// Size of a stability map at 1x (`ganscope map --out`).
pub const MAP_SIZE: (u32, u32) = (1200, 900);

/// The caption over an exported frame: what runs, at which iteration, and how close
/// the generator is.
pub fn frame_caption(name: &str, metrics: &Metrics) -> String {
    format!(
        "{name}  ·  iteration {}  ·  W1 {:.3}  ·  JS {:.3}",
        metrics.steps, metrics.w1, metrics.js
    )
}

/// The file name of a lesson's slide: scene and slide numbers first, so a folder of
/// slides sorts in the order they are shown (`03-02-the-optimal-discriminator.png`).
pub fn slide_file_name(scene: usize, slide: usize, title: &str) -> String {
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    format!("{scene:02}-{slide:02}-{slug}.png")
}

/// The file name of the frame at iteration `steps`: `frame_000100.png`, so a folder of
/// frames sorts in order.
pub fn frame_file_name(steps: u64) -> String {
    format!("frame_{steps:06}.png")
}
