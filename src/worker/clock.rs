//! The worker's clock: the one place that says which `Instant` the pace, the frame
//! timing and the rate meter read. Every other part takes `now` as an argument, so tests
//! run the pace on made-up instants and another platform can bring its own clock.

pub use std::time::{Duration, Instant};
