//! Playing a lesson in the app: which scene is on, which of its actions have fired, the
//! caption or question on screen, what is shown, and classroom mode. The shell sets up
//! each scene's view and hands the presenter the run links, so an action fires exactly at
//! its iteration: the workers are told to pause there, and the presenter acts once every
//! link stands paused at it.

use crate::app::views::SceneRuns;
use crate::engine::config::Experiment;
use crate::lesson::play::change_settings;
use crate::lesson::{Action, Lesson, Scene, Stage, Visibility};

/// What the clicker's "next" does at this moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Reveal the answer to the question on screen (and play on).
    Reveal,
    /// Play on from a pause the scene asked for.
    Resume,
    /// Go to the next scene.
    Scene,
    /// The last scene is on: nothing further.
    End,
}

/// A lesson being played.
pub struct Presenter {
    /// The lesson.
    pub lesson: Lesson,
    /// The scene on screen.
    pub scene: usize,
    /// The first action of the scene not yet fired.
    next_action: usize,
    /// The iteration the runs were told to pause at (an action's, or the scene's end).
    stop: Option<u64>,
    /// The caption on screen.
    pub caption: Option<String>,
    /// A question on screen, the caption that answers it, and the action that asked it:
    /// its settings and overlays wait for the reveal, so the controls do not give the
    /// answer away (a "non-saturating" in the loss box while the class is asked what
    /// would happen with that loss).
    pub question: Option<(String, String, Action)>,
    /// Paused by the scene, waiting for the next key.
    pub waiting: bool,
    /// The scene's run reached its end.
    pub finished: bool,
    /// What the scene shows now.
    pub visible: Visibility,
    /// Scenes shown so far, for the scene list's marks.
    pub visited: Vec<bool>,
    /// Classroom mode: named panels hidden, fonts enlarged, fullscreen.
    pub classroom: bool,
}

impl Presenter {
    /// A presenter at the start of `lesson` (the shell then starts scene 0).
    pub fn new(lesson: Lesson) -> Self {
        let visited = vec![false; lesson.scenes.len()];
        Presenter {
            lesson,
            scene: 0,
            next_action: 0,
            stop: None,
            caption: None,
            question: None,
            waiting: false,
            finished: false,
            visible: Visibility::default(),
            visited,
            classroom: false,
        }
    }

    /// The scene on screen.
    pub fn current(&self) -> &Scene {
        &self.lesson.scenes[self.scene]
    }

    /// Moves to scene `index` and returns the iteration its run should first pause at;
    /// the shell sets up the view.
    pub fn enter(&mut self, index: usize) -> Option<u64> {
        self.scene = index.min(self.lesson.scenes.len() - 1);
        self.visited[self.scene] = true;
        self.next_action = 0;
        self.caption = None;
        self.question = None;
        self.waiting = false;
        self.finished = !self.current().stage.trains();
        self.visible = self.current().visible.clone();
        self.stop = self.next_stop(None);
        self.stop
    }

    /// The next iteration to pause at after `after`: the next action's, else the end.
    fn next_stop(&self, after: Option<u64>) -> Option<u64> {
        let scene = self.current();
        if !scene.stage.trains() {
            return None;
        }
        let later = |i: u64| after.is_none_or(|a| i > a);
        scene
            .actions
            .iter()
            .skip(self.next_action)
            .map(|a| a.iteration)
            .find(|&i| later(i))
            .or(Some(scene.steps).filter(|&s| later(s)))
    }

    /// What "next" does now.
    pub fn next_does(&self) -> Next {
        if self.question.is_some() {
            Next::Reveal
        } else if self.waiting {
            Next::Resume
        } else if self.scene + 1 < self.lesson.scenes.len() {
            Next::Scene
        } else {
            Next::End
        }
    }

    /// Reveals the answer or resumes, playing the runs on; false when "next" means
    /// another scene (the shell then moves).
    pub fn advance_within(&mut self, runs: Option<&mut dyn SceneRuns>) -> bool {
        match self.next_does() {
            Next::Reveal => {
                let mut runs = runs;
                if let Some((_, answer, action)) = self.question.take() {
                    self.caption = Some(answer);
                    if let Some(runs) = runs.as_deref_mut() {
                        let preset = self.preset_name();
                        apply_settings(&action, preset, runs);
                    }
                    self.visible.apply(&action);
                }
                self.resume(runs);
                true
            }
            Next::Resume => {
                self.resume(runs);
                true
            }
            Next::Scene | Next::End => false,
        }
    }

    fn resume(&mut self, runs: Option<&mut dyn SceneRuns>) {
        self.waiting = false;
        if let Some(runs) = runs.filter(|_| !self.finished) {
            runs.play();
        }
    }

    /// Fires the actions the runs have reached: call every frame with the scene's runs.
    /// Settings go to the workers, captions and overlays to the screen; the runs pause
    /// at the next stop, or stay paused when an action asks.
    pub fn tick(&mut self, runs: &mut dyn SceneRuns, preset: Option<&str>) {
        let Some(stop) = self.stop else { return };
        if !runs.stands_at(stop) {
            return;
        }
        let scene = self.current().clone();
        let mut pause = false;
        while let Some(action) = scene
            .actions
            .get(self.next_action)
            .filter(|a| a.iteration <= stop)
        {
            self.next_action += 1;
            match (&action.question, &action.caption) {
                (Some(q), Some(answer)) => {
                    // Settings and overlays wait for the reveal; the run waits with them.
                    self.question = Some((q.clone(), answer.clone(), action.clone()));
                    pause = true;
                    continue;
                }
                (None, Some(caption)) => self.caption = Some(caption.clone()),
                _ => {}
            }
            apply_settings(action, preset, runs);
            self.visible.apply(action);
            pause |= action.pause;
        }
        self.stop = self.next_stop(Some(stop));
        self.finished = self.stop.is_none();
        self.waiting = pause && !self.finished;
        runs.pause_at(self.stop);
        if !pause && !self.finished {
            runs.play();
        }
    }

    /// The run was taken back to iteration `steps` (the timeline): the moment has the
    /// settings the actions before it had made, so those count as fired and the ones after
    /// it fire again; the caption and overlays are the moment's.
    pub fn rewound(&mut self, steps: u64, runs: &mut dyn SceneRuns) {
        let scene = self.current().clone();
        if !scene.stage.trains() {
            return;
        }
        self.next_action = scene.actions.iter().take_while(|a| a.iteration <= steps).count();
        let fired = &scene.actions[..self.next_action];
        self.visible = scene.visible.clone();
        for action in fired {
            self.visible.apply(action);
        }
        self.caption = fired.iter().rev().find_map(|a| a.caption.clone());
        self.question = None;
        self.waiting = false;
        self.stop = self.next_stop(Some(steps));
        self.finished = self.stop.is_none();
        runs.pause_at(self.stop);
    }

    /// The preset of a live scene, for its cure.
    pub fn preset_name(&self) -> Option<&'static str> {
        match &self.current().stage {
            Stage::Live { preset, .. } => Some(preset.name),
            _ => None,
        }
    }

    /// What the window shows: the scene's overlays, and its hidden panels only in
    /// classroom mode.
    pub fn look(&self) -> Visibility {
        let mut look = self.visible.clone();
        if !self.classroom {
            look.hidden.clear();
        }
        look
    }
}

/// Sends an action's setting changes (and cure) to the runs.
fn apply_settings(action: &Action, preset: Option<&str>, runs: &mut dyn SceneRuns) {
    let mut edits: Vec<Experiment> = runs.experiments().into_iter().map(|e| e.clone()).collect();
    change_settings(action, preset, &mut edits);
    for (run, edit) in runs.experiments().into_iter().zip(edits) {
        *run = edit;
    }
    runs.send_settings();
}
