//! ganscope: train a one-dimensional GAN live and watch what Figure 1 of Goodfellow et
//! al. (2014) only draws. `engine` is the laboratory; `cli` and `app` are its faces.

pub mod cli;
pub mod engine;
