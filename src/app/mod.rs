//! The desktop app: draws the worker's newest frame and turns widgets into worker
//! commands. Layout: presets, view menu and the choice of view on top; in the live view,
//! controls (export, config file) on the left, the status bar and the metrics at the bottom,
//! Figure 1 in the middle. The other views (Figure 1 panels, phase plane, compare) fill
//! the window below the bar.

pub mod choice;
pub mod compare_view;
pub mod config_file;
pub mod controls;
pub mod export;
pub mod figure1_view;
pub mod fonts;
pub mod job;
pub mod keyboard;
pub mod live_export;
pub mod menu;
pub mod metrics;
pub mod mode;
pub mod phase_view;
pub mod plots;
pub mod record;
pub mod settings;
pub mod status;
pub mod style;

use crate::engine::config::Experiment;
use crate::engine::presets::{self, Preset};
use crate::worker::{Command, Frame, Worker, WorkerOptions};
use compare_view::CompareView;
use config_file::ConfigFile;
use controls::Controls;
use figure1_view::Figure1View;
use live_export::LiveExport;
use mode::Mode;
use phase_view::PhaseView;
use plots::FigureView;
use settings::Settings;
use status::FpsMeter;
use std::sync::Arc;

/// Title of the window.
pub const TITLE: &str = "ganscope";

/// The app's state: the worker handle, the newest frame, the edited experiment and the
/// view settings.
pub struct GanscopeApp {
    worker: Worker,
    frame: Option<Arc<Frame>>,
    /// What the controls show and edit.
    edit: Experiment,
    /// The last experiment sent to the worker.
    sent: Experiment,
    controls: Controls,
    view: FigureView,
    settings: Settings,
    preset: Option<&'static Preset>,
    fps: FpsMeter,
    /// Theme and scale last applied to the context.
    applied: Option<(bool, f32)>,
    /// The view shown.
    mode: Mode,
    /// The live run was playing when another view was opened: play again on return.
    resume_live: bool,
    export: LiveExport,
    figure1: Figure1View,
    phase: PhaseView,
    compare: CompareView,
    config_file: ConfigFile,
    /// A message for the user that stays until dismissed (settings that could not be
    /// restored).
    notice: Option<String>,
}

impl GanscopeApp {
    /// The app as launched: the last experiment from storage (the figure1 preset the
    /// first time), already training.
    pub fn new(cc: &eframe::CreationContext<'_>) -> std::io::Result<Self> {
        let settings = Settings::load(cc.storage);
        let (experiment, problem) = settings.experiment();
        let mut app = Self::start(cc, settings, experiment, WorkerOptions::default())?;
        app.notice = problem;
        Ok(app)
    }

    /// The app on `experiment` with the worker started as `options` says (tests start
    /// it paused to step deterministically). Nothing is read from storage.
    pub fn with_experiment(
        cc: &eframe::CreationContext<'_>,
        experiment: Experiment,
        options: WorkerOptions,
    ) -> std::io::Result<Self> {
        Self::start(cc, Settings::default(), experiment, options)
    }

    fn start(
        cc: &eframe::CreationContext<'_>,
        settings: Settings,
        experiment: Experiment,
        options: WorkerOptions,
    ) -> std::io::Result<Self> {
        fonts::install(&cc.egui_ctx);
        let ctx = cc.egui_ctx.clone();
        let controls = Controls::new(&experiment, options.speed);
        let worker = Worker::spawn(
            experiment.clone(),
            options,
            Box::new(move || ctx.request_repaint()),
        )?;
        // The preset the experiment is, else the one it was edited from.
        let preset = presets::PRESETS
            .iter()
            .find(|p| p.experiment() == experiment)
            .or_else(|| settings.preset.as_deref().and_then(presets::find));
        Ok(GanscopeApp {
            worker,
            frame: None,
            edit: experiment.clone(),
            sent: experiment,
            controls,
            view: FigureView::default(),
            settings,
            preset,
            fps: FpsMeter::default(),
            applied: None,
            mode: Mode::Live,
            resume_live: false,
            export: LiveExport::default(),
            figure1: Figure1View::default(),
            phase: PhaseView::default(),
            compare: CompareView::default(),
            config_file: ConfigFile::default(),
            notice: None,
        })
    }

    /// The worker, for tests that read its newest frame directly.
    pub fn worker(&self) -> &Worker {
        &self.worker
    }

    /// The experiment the controls show.
    pub fn edited(&self) -> &Experiment {
        &self.edit
    }

    /// The view shown.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The Figure 1 view, for tests that wait for its run.
    pub fn figure1(&self) -> &Figure1View {
        &self.figure1
    }

    /// The Compare view's two workers while it is open, for tests.
    pub fn compare_workers(&self) -> Option<(&Worker, &Worker)> {
        self.compare.workers()
    }

    /// Switches views. The live run pauses while another view is shown (the other views
    /// need the cores) and plays again on return; the Compare workers stop when left.
    fn switch(&mut self, to: Mode) {
        let from = self.mode;
        if from == to {
            return;
        }
        if from == Mode::Live {
            let recording = self
                .frame
                .as_ref()
                .and_then(|f| f.recording.as_ref())
                .is_some_and(|r| r.active);
            self.resume_live = self.frame.as_ref().is_some_and(|f| f.playing) && !recording;
            if self.resume_live {
                self.worker.send(Command::Pause);
            }
        }
        if from == Mode::Compare {
            self.compare.close();
        }
        if to == Mode::Live && self.resume_live {
            self.resume_live = false;
            self.worker.send(Command::Play);
        }
        self.mode = to;
    }

    /// Loads `preset`: new settings, fresh networks, training.
    fn load_preset(&mut self, preset: &'static Preset) {
        self.preset = Some(preset);
        self.settings.preset = Some(preset.name.to_string());
        self.start_experiment(preset.experiment());
    }

    /// Starts `experiment` from fresh networks and trains (a preset, an opened config).
    fn start_experiment(&mut self, experiment: Experiment) {
        self.edit = experiment;
        self.controls.sync(&self.edit);
        self.sent = self.edit.clone();
        self.worker
            .send(Command::SetExperiment(Box::new(self.edit.clone())));
        self.worker.send(Command::Reset);
        self.worker.send(Command::Play);
    }

    /// Applies theme and font scale when they changed.
    fn apply_view(&mut self, ctx: &egui::Context) {
        let wanted = (self.settings.dark, self.settings.font_scale);
        if self.applied != Some(wanted) {
            ctx.set_theme(if wanted.0 {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            ctx.set_zoom_factor(wanted.1);
            self.applied = Some(wanted);
        }
    }

    /// The standing notice, if any, with a button to dismiss it.
    fn show_notice(&mut self, ui: &mut egui::Ui) {
        let Some(notice) = &self.notice else { return };
        let mut dismissed = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(style::error_text(ui, notice.as_str()));
            dismissed = ui.button("Dismiss").clicked();
        });
        if dismissed {
            self.notice = None;
        }
    }

    /// What to watch in the current preset, marked when the settings moved away from it.
    fn lecture_note(&self, ui: &mut egui::Ui) {
        let Some(preset) = self.preset else { return };
        let edited = preset.experiment() != self.edit;
        ui.horizontal_wrapped(|ui| {
            let name = if edited {
                format!("{} (settings changed):", preset.name)
            } else {
                format!("{}:", preset.name)
            };
            ui.strong(name);
            ui.label(preset.lecture);
        });
    }
}

impl eframe::App for GanscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(frame) = self.worker.latest() {
            self.frame = Some(frame);
        }
        let playing = self.frame.as_ref().is_some_and(|f| f.playing);
        match self.mode {
            Mode::Live => {
                for command in keyboard::shortcuts(ctx, playing) {
                    self.worker.send(command);
                }
            }
            Mode::Compare => {
                let commands = keyboard::shortcuts(ctx, false);
                if commands.iter().any(|c| matches!(c, Command::Play)) {
                    self.compare.toggle_play();
                }
            }
            Mode::Figure1 | Mode::PhasePlane => {}
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.apply_view(&ctx);
        self.fps.tick();
        let mut commands = Vec::new();
        let frame = self.frame.clone();

        let mut mode = self.mode;
        let picked = egui::Panel::top("menu")
            .show(ui, |ui| menu::ui(ui, &mut self.settings, &mut mode))
            .inner;
        if picked.is_some() {
            mode = Mode::Live;
        }
        self.switch(mode);
        match self.mode {
            Mode::Live => {}
            Mode::Figure1 => return self.figure1.ui(ui),
            Mode::PhasePlane => return self.phase.ui(ui),
            Mode::Compare => return self.compare.ui(ui),
        }
        egui::Panel::bottom("status").show(ui, |ui| {
            status::ui(ui, frame.as_deref(), self.fps.fps(), &mut commands);
        });
        let mut opened = None;
        egui::Panel::left("controls")
            .resizable(true)
            .default_size(310.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.controls
                        .ui(ui, &mut self.edit, frame.as_deref(), &mut commands);
                    ui.separator();
                    let name = self.preset.map_or("ganscope", |p| p.name);
                    self.export.ui(
                        ui,
                        frame.as_deref(),
                        self.settings.show_optimal,
                        name,
                        &mut commands,
                    );
                    ui.separator();
                    opened = self.config_file.ui(ui, &self.edit);
                });
            });
        egui::Panel::bottom("metrics")
            .resizable(true)
            .default_size(300.0)
            .min_size(240.0)
            .show(ui, |ui| {
                if let Some(frame) = &frame {
                    metrics::ui(ui, &frame.history, &mut self.settings.log_scale);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            self.show_notice(ui);
            self.lecture_note(ui);
            match &frame {
                Some(frame) => self.view.ui(ui, frame, self.settings.show_optimal),
                None => {
                    ui.spinner();
                }
            }
        });

        if let Some(preset) = picked {
            self.load_preset(preset);
        } else if let Some(experiment) = opened {
            // The lecture note follows only if the file is exactly a preset.
            self.preset = presets::PRESETS.iter().find(|p| p.experiment() == experiment);
            self.settings.preset = self.preset.map(|p| p.name.to_string());
            self.start_experiment(experiment);
        } else if self.edit != self.sent {
            self.sent = self.edit.clone();
            self.worker
                .send(Command::SetExperiment(Box::new(self.edit.clone())));
        }
        for command in commands {
            self.worker.send(command);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.experiment = self.edit.to_toml();
        self.settings.save(storage);
    }
}

/// Opens the app window and runs until it is closed.
pub fn run() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(|cc| Ok(Box::new(GanscopeApp::new(cc)?) as Box<dyn eframe::App>)),
    )
}
