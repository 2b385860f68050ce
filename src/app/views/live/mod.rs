//! The live view: one GAN training, with every control on the left (run buttons, the
//! settings, export and recording, the config file), the figure in the middle with the
//! preset's lecture note over it, and the status bar and metrics at the bottom.

pub mod config_file;
pub mod controls;
pub mod draw;
pub mod export;
pub mod metrics;
pub mod record;
pub mod status;
pub mod timeline;

use crate::app::settings::Settings;
use crate::app::views::{Around, SceneRuns, View};
use crate::app::widgets::figure_plot::FigurePlot;
use crate::app::widgets::run_link::RunLink;
use crate::engine::config::Experiment;
use crate::engine::gan::Checkpoint;
use crate::engine::presets::{self, Preset};
use crate::lesson::play::figure_of;
use crate::lesson::{Panel, Visibility};
use crate::worker::{Command, Speed, WorkerOptions};
use config_file::ConfigFile;
use controls::Controls;
use export::LiveExport;
use status::FpsMeter;
use std::sync::Arc;
use timeline::TimelineBar;

/// The live run and its controls.
pub struct LiveView {
    link: RunLink,
    controls: Controls,
    plot: FigurePlot,
    export: LiveExport,
    config_file: ConfigFile,
    /// The preset the run started from, for its lecture note.
    preset: Option<&'static Preset>,
    /// The preset's cure is loaded ("show the cure").
    fix: bool,
    fps: FpsMeter,
    /// The run was playing when another view was opened: play again on return.
    resume: bool,
    timeline: TimelineBar,
    /// A fork asked for on the timeline, for the shell to open in Compare: the moment
    /// and the settings of side B.
    fork: Option<(Arc<Checkpoint>, Experiment)>,
    /// The run was taken back to a moment: once the worker is there, the controls show
    /// the settings that moment had.
    adopt: bool,
    /// The iteration a rewind landed on, for a lesson to catch up with.
    rewound: Option<u64>,
}

impl LiveView {
    /// The live view on `experiment`, its worker started as `options` says; `preset` is
    /// the name of the preset it was edited from, if known.
    pub fn start(
        ctx: &egui::Context,
        experiment: Experiment,
        options: WorkerOptions,
        preset: Option<&str>,
    ) -> std::io::Result<Self> {
        let controls = Controls::new(&experiment, options.speed);
        // The preset the experiment is (as loaded or cured), else the one it was edited from.
        let (preset, fix) = match identify(&experiment) {
            Some(found) => (Some(found.0), found.1),
            None => (preset.and_then(presets::find), false),
        };
        Ok(LiveView {
            link: RunLink::spawn(experiment, options, ctx)?,
            controls,
            plot: FigurePlot::default(),
            export: LiveExport::default(),
            config_file: ConfigFile::default(),
            preset,
            fix,
            fps: FpsMeter::default(),
            resume: false,
            timeline: TimelineBar::default(),
            fork: None,
            adopt: false,
            rewound: None,
        })
    }

    /// The link to the worker, for tests and the shell's keys.
    pub fn link(&self) -> &RunLink {
        &self.link
    }

    /// Starts a lesson scene: `experiment` (from `preset`, cured when `fix`) from fresh
    /// networks at `pace`, pausing at iteration `pause_at`.
    pub fn start_scene(
        &mut self,
        preset: &'static Preset,
        fix: bool,
        experiment: Experiment,
        pace: Speed,
        pause_at: Option<u64>,
    ) {
        self.preset = Some(preset);
        self.fix = fix;
        self.resume = false;
        self.controls.sync(&experiment);
        self.controls.set_speed(pace);
        self.link.send(Command::SetSpeed(pace));
        self.link.restart_until(experiment, pause_at);
    }

    /// The iteration the last rewind landed on, once.
    pub fn take_rewound(&mut self) -> Option<u64> {
        self.rewound.take()
    }

    /// A fork the user asked for, once.
    pub fn take_fork(&mut self) -> Option<(Arc<Checkpoint>, Experiment)> {
        self.fork.take()
    }

    /// The preset the run came from.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.preset
    }

    /// True when the preset's cure is loaded.
    pub fn fix(&self) -> bool {
        self.fix
    }

    /// Opens a link's experiment: `experiment` (from `preset`, cured when `fix`) from
    /// fresh networks at the link's `speed`, training to `pause` and standing there when
    /// the link says so.
    pub fn open_link(
        &mut self,
        preset: &'static Preset,
        fix: bool,
        experiment: Experiment,
        pause: Option<u64>,
        speed: Option<Speed>,
        settings: &mut Settings,
    ) {
        self.preset = Some(preset);
        self.fix = fix;
        if let Some(speed) = speed {
            self.controls.set_speed(speed);
            self.link.send(Command::SetSpeed(speed));
        }
        settings.preset = Some(preset.name.to_string());
        self.controls.sync(&experiment);
        self.link.restart_until(experiment, pause);
    }

    /// Takes the worker's newest frame (and, after a rewind, the moment's settings).
    pub fn poll(&mut self, ctx: &egui::Context) {
        self.link.poll(ctx);
        if self.adopt
            && self.link.caught_up()
            && let Some(frame) = self.link.frame().cloned()
        {
            self.adopt = false;
            self.link.adopt((*frame.experiment).clone());
            self.controls.sync(&frame.experiment);
            self.rewound = Some(frame.steps);
        }
    }

    /// Queues commands from the keyboard.
    pub fn send(&self, commands: Vec<Command>) {
        for command in commands {
            self.link.send(command);
        }
    }

    /// Another view is about to fill the window: pause the run (the other views need the
    /// cores) unless it is recording, and remember to play again on return.
    pub fn suspend(&mut self) {
        let recording = self
            .link
            .frame()
            .and_then(|f| f.recording.as_ref())
            .is_some_and(|r| r.active);
        self.resume = self.link.playing() && !recording;
        if self.resume {
            self.link.send(Command::Pause);
        }
    }

    /// Another view is about to fill the window for a lesson: pause (unless recording)
    /// without playing again on return, since the lesson sets the run up itself.
    pub fn suspend_quietly(&mut self) {
        self.suspend();
        self.resume = false;
    }

    /// Starts an experiment opened from a file: the lecture note follows only if it is
    /// exactly a preset (as loaded or cured).
    pub fn open_experiment(&mut self, experiment: Experiment, settings: &mut Settings) {
        let found = identify(&experiment);
        self.preset = found.map(|f| f.0);
        self.fix = found.is_some_and(|f| f.1);
        settings.preset = self.preset.map(|p| p.name.to_string());
        self.restart(experiment);
    }

    /// Opens a stability map cell's run: its settings and seed from fresh networks, at
    /// full speed, pausing at `pause` (the map's steps) where the map judged it; the
    /// timeline then rewinds through it.
    pub fn open_map_cell(&mut self, experiment: Experiment, pause: u64, settings: &mut Settings) {
        let found = identify(&experiment);
        self.preset = found.map(|f| f.0);
        self.fix = found.is_some_and(|f| f.1);
        settings.preset = self.preset.map(|p| p.name.to_string());
        self.controls.set_speed(Speed::Unlimited);
        self.link.send(Command::SetSpeed(Speed::Unlimited));
        self.controls.sync(&experiment);
        self.link.restart_until(experiment, Some(pause));
    }

    /// The live view is shown again: play if it was playing when left.
    pub fn resume(&mut self) {
        if std::mem::take(&mut self.resume) {
            self.link.send(Command::Play);
        }
    }

    /// Loads `preset` as it is (its failure, if it shows one): its settings, fresh
    /// networks, training.
    pub fn load_preset(&mut self, preset: &'static Preset, settings: &mut Settings) {
        self.preset = Some(preset);
        self.fix = false;
        settings.preset = Some(preset.name.to_string());
        self.restart(preset.experiment());
    }

    /// Turns the current preset's cure on or off: the same start (preset, seed), fresh
    /// networks, so the two runs compare.
    pub fn show_cure(&mut self, on: bool) {
        let Some(preset) = self.preset else { return };
        if let Ok(experiment) = preset.experiment_with(on) {
            self.fix = on;
            self.restart(experiment);
        }
    }

    /// Starts `experiment` from fresh networks and trains.
    fn restart(&mut self, experiment: Experiment) {
        self.controls.sync(&experiment);
        self.link.restart(experiment);
    }

    /// What to watch in the current preset, marked when the settings moved away from it,
    /// with the switch that shows the failure's cure.
    fn lecture_note(&mut self, ui: &mut egui::Ui) {
        let Some(preset) = self.preset else { return };
        let edited = preset.experiment_with(self.fix).ok().as_ref() != Some(&self.link.edit);
        let mut fix = self.fix;
        ui.horizontal_wrapped(|ui| {
            let name = if edited {
                format!("{} (settings changed):", preset.name)
            } else {
                format!("{}:", preset.name)
            };
            ui.strong(name);
            match (&preset.cure, self.fix) {
                (Some(cure), true) => ui.label(cure.lecture),
                _ => ui.label(preset.lecture),
            };
            if let Some(cure) = &preset.cure {
                ui.checkbox(&mut fix, "show the cure").on_hover_text(format!(
                    "Restart from the same start with {}; untick to see the failure again",
                    cure.name
                ));
            }
        });
        if fix != self.fix {
            self.show_cure(fix);
        }
    }

    /// Draws the view; `notice` is a standing message of the shell drawn over the figure;
    /// `look`, while a lesson plays, says which overlays to draw and which panels to hide.
    fn draw(
        &mut self,
        ui: &mut egui::Ui,
        settings: &mut Settings,
        notice: &mut Option<String>,
        look: Option<&Visibility>,
    ) {
        self.fps.tick();
        let mut commands = Vec::new();
        let frame = self.link.frame().cloned();
        let hidden = |panel: Panel| look.is_some_and(|l| l.hides(panel));
        let visible = match look {
            Some(look) => look.clone(),
            None => Visibility {
                opponent: settings.show_optimal,
                ..Visibility::default()
            },
        };
        if !hidden(Panel::Status) {
            egui::Panel::bottom("status").show(ui, |ui| {
                status::ui(ui, frame.as_deref(), self.fps.fps());
            });
        }
        let name = self.preset.map_or("ganscope", |p| p.name);
        self.export.record.act(
            frame.as_deref().and_then(|f| f.recording.as_ref()),
            (
                name,
                crate::app::widgets::style::theme_of(ui.ctx()),
                visible.opponent,
            ),
            &mut commands,
        );
        let mut opened = None;
        if !hidden(Panel::Controls) {
            egui::Panel::left("controls")
                .resizable(true)
                .default_size(310.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        self.controls
                            .ui(ui, &mut self.link.edit, frame.as_deref(), &mut commands, &hidden);
                        if !hidden(Panel::Export) {
                            ui.separator();
                            self.export
                                .ui(ui, frame.as_deref(), visible.opponent, name, &mut commands);
                        }
                        if !hidden(Panel::Config) {
                            ui.separator();
                            opened = self.config_file.ui(ui, &self.link.edit);
                        }
                    });
                });
        }
        if !hidden(Panel::Timeline)
            && let Some(frame) = &frame
        {
            egui::Panel::bottom("timeline").show(ui, |ui| {
                if self.timeline.ui(ui, frame, &mut commands) == Some(timeline::Ask::Fork)
                    && let Some(moment) = frame.timeline.at(frame.steps)
                {
                    self.fork = Some((moment, self.link.edit.clone()));
                }
            });
        }
        if !hidden(Panel::Metrics) {
            egui::Panel::bottom("metrics")
                .resizable(true)
                .default_size(300.0)
                .min_size(240.0)
                .show(ui, |ui| {
                    if let Some(frame) = &frame {
                        metrics::ui(ui, &frame.history, &mut settings.log_scale);
                    }
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            show_notice(ui, notice);
            status::problem_banner(ui, frame.as_deref(), &mut commands);
            // In a lesson the scene's note, over the view, says what to watch.
            if look.is_none() {
                self.lecture_note(ui);
            }
            match &frame {
                Some(frame) => {
                    let figure = figure_of(&frame.snapshot, &visible);
                    let scale = self.plot.scale(&figure);
                    let m = &frame.snapshot.metrics;
                    self.plot
                        .draw(ui, "figure1", &figure, scale, Some((m.g_mean, m.g_std)), true);
                }
                None => {
                    ui.spinner();
                }
            }
        });
        if let Some(experiment) = opened {
            self.open_experiment(experiment, settings);
        } else {
            self.link.sync();
        }
        self.adopt |= commands.iter().any(|c| matches!(c, Command::Rewind(_)));
        for command in commands {
            self.link.send(command);
        }
    }
}

impl SceneRuns for LiveView {
    fn stands_at(&self, iteration: u64) -> bool {
        self.link.stands_at(iteration)
    }

    fn pause_at(&mut self, iteration: Option<u64>) {
        self.link.send(Command::PauseAt(iteration));
    }

    fn play(&mut self) {
        self.link.send(Command::Play);
    }

    fn experiments(&mut self) -> Vec<&mut Experiment> {
        vec![&mut self.link.edit]
    }

    fn send_settings(&mut self) {
        self.controls.sync(&self.link.edit.clone());
        self.link.sync();
    }
}

/// The preset `experiment` is exactly, and whether with its cure.
fn identify(experiment: &Experiment) -> Option<(&'static Preset, bool)> {
    presets::PRESETS.iter().find_map(|p| {
        if p.experiment() == *experiment {
            Some((p, false))
        } else if p.cured().as_ref() == Some(experiment) {
            Some((p, true))
        } else {
            None
        }
    })
}

/// The shell's standing notice, if any, with a button to dismiss it.
fn show_notice(ui: &mut egui::Ui, notice: &mut Option<String>) {
    let Some(text) = notice.as_deref() else { return };
    let mut dismissed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(crate::app::widgets::style::error_text(ui, text));
        dismissed = ui.button("Dismiss").clicked();
    });
    if dismissed {
        *notice = None;
    }
}

impl View for LiveView {
    fn save_picture(&mut self) {
        self.export.save.request();
    }

    fn toggle_recording(&mut self) {
        self.export.record.request_toggle();
    }

    fn ui(&mut self, ui: &mut egui::Ui, around: Around<'_>) {
        self.draw(ui, around.settings, around.notice, around.look);
    }

    /// Left: the run pauses (the other views need the cores) unless it records; it plays
    /// again on return, except when a lesson moved on (its scenes set their own pace).
    fn hidden(&mut self, for_lesson: bool) {
        if for_lesson {
            self.suspend_quietly();
        } else {
            self.suspend();
        }
    }

    fn shown(&mut self) {
        self.resume();
    }

    fn playing(&self) -> bool {
        self.link.playing()
    }

    fn keys(&mut self, commands: Vec<Command>) {
        self.send(commands);
    }

    fn scene_runs(&mut self) -> Option<&mut dyn SceneRuns> {
        Some(self)
    }

    /// The iteration the figure shows (the frame drawn, not the worker's newest).
    fn shown_steps(&self) -> Option<u64> {
        self.link.frame().map(|f| f.steps)
    }
}
