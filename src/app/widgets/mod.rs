//! Pieces several views share: the egui drawing of a figure ([`figure_plot`]), a plot's
//! key above it ([`key`]), round tick marks that fit any width ([`axes`]), the link
//! to a training worker ([`run_link`]), the PNG/SVG save box ([`save_box`]), a setting's
//! widget drawn from the key table ([`setting`]), the enum drop-down ([`choice`]), colours
//! and text styles ([`style`]), and background jobs ([`job`]).

pub mod axes;
pub mod choice;
pub mod figure_plot;
pub mod job;
pub mod key;
pub mod plane_plot;
pub mod run_link;
pub mod save_box;
pub mod setting;
pub mod style;
