//! What fills the window below the tab bar, one type per tab: [`live::LiveView`] (one GAN
//! training, every control), [`figure1::Figure1View`] (the paper's four panels from a real
//! run), [`phase::PhaseView`] (the Dirac-GAN phase plane) and [`compare::CompareView`]
//! (two runs side by side).

pub mod compare;
pub mod figure1;
pub mod live;
pub mod phase;
