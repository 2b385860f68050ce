//! The laboratory: targets, networks, training, measurements. Knows nothing of egui or
//! the terminal, so the app, the CLI and the tests drive the very same code.

pub mod config;
pub mod device;
pub mod dirac;
pub mod figure1;
pub mod gan;
pub mod measure;
pub mod metric;
pub mod opponent;
pub mod plane;
pub mod plane_measure;
pub mod presets;
pub mod sketch;
pub mod snapshot;
pub mod target;
