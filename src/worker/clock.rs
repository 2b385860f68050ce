//! The worker's clock: the one place that says which `Instant` the pace, the frame
//! timing and the rate meter read. Every other part takes `now` as an argument, so tests
//! run the pace on made-up instants; in a browser, where std's `Instant` panics, the
//! browser's clock stands in.

#[cfg(not(target_arch = "wasm32"))]
pub use std::time::{Duration, Instant};
#[cfg(target_arch = "wasm32")]
pub use web_time::{Duration, Instant};
