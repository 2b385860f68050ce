//! What fills the window below the tab bar, one type per tab: [`live::LiveView`] (one GAN
//! training, every control), [`figure1::Figure1View`] (the paper's four panels from a real
//! run), [`phase::PhaseView`] (the Dirac-GAN phase plane) and [`compare::CompareView`]
//! (two runs side by side) and [`map::MapView`] (the stability map).

pub mod compare;
pub mod figure1;
pub mod live;
pub mod map;
pub mod phase;

use crate::app::settings::Settings;
use crate::engine::config::Experiment;
use crate::lesson::Visibility;
use crate::worker::Command;

/// The runs of a scene as a lesson drives them: the live view's one run, or Compare's
/// two in lockstep.
pub trait SceneRuns {
    /// True when every run has handled its commands and stands paused at or past
    /// `iteration`.
    fn stands_at(&self, iteration: u64) -> bool;
    /// Pause exactly at `iteration` (or never).
    fn pause_at(&mut self, iteration: Option<u64>);
    /// Play on.
    fn play(&mut self);
    /// The settings of each run, to change.
    fn experiments(&mut self) -> Vec<&mut Experiment>;
    /// Sends changed settings to the runs.
    fn send_settings(&mut self);
}

/// What the shell lends the view on show for one frame.
pub struct Around<'a> {
    /// The app's settings that views read and change (D* shown, the log scale, the
    /// preset a run came from).
    pub settings: &'a mut Settings,
    /// A standing message of the shell (a file that could not be opened), drawn over the
    /// figure until dismissed.
    pub notice: &'a mut Option<String>,
    /// While a lesson plays, which overlays to draw and which panels to hide.
    pub look: Option<&'a Visibility>,
}

/// What every view answers, so the shell treats the five alike (as egui's demo apps
/// do): it draws the one on show, tells it when it is shown or left, hands it the
/// keyboard's commands, and asks it for a lesson scene's runs.
pub trait View {
    /// Draws the view into `ui` (the window below the menu bar and the lesson strip).
    fn ui(&mut self, ui: &mut egui::Ui, around: Around<'_>);

    /// The shell left this view for another; `for_lesson` when a lesson moved on (its
    /// scene set its own pace and pause, so nothing is resumed later).
    fn hidden(&mut self, _for_lesson: bool) {}

    /// The view is on show again.
    fn shown(&mut self) {}

    /// Whether its run plays, which decides what space asks for.
    fn playing(&self) -> bool {
        false
    }

    /// The keyboard's commands this frame (space, S, R).
    fn keys(&mut self, _commands: Vec<Command>) {}

    /// Saves the picture shown as its Save PNG button would (the P key); views without
    /// a picture to save ignore it.
    fn save_picture(&mut self) {}

    /// Starts or stops recording as the Record buttons would (Shift+R); views that do
    /// not record ignore it.
    fn toggle_recording(&mut self) {}

    /// The runs of the lesson scene it shows, for the presenter to drive.
    fn scene_runs(&mut self) -> Option<&mut dyn SceneRuns> {
        None
    }

    /// The iteration it shows, for the lesson strip.
    fn shown_steps(&self) -> Option<u64> {
        None
    }
}
