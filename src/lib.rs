//! ganscope: train a GAN on the line or the plane live and watch what Figure 1 of Goodfellow et
//! al. (2014) only draws. `engine` is the laboratory; `cli` and `app` are its faces;
//! `worker` runs the engine on its own thread; `figure` says what a picture shows;
//! `export` writes every file. ARCHITECTURE.md has the map.

#![warn(missing_docs)]

#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod engine;
pub mod export;
pub mod figure;
pub mod history;
pub mod lesson;
pub mod link;
pub mod map;
pub mod timeline;
pub mod worker;
