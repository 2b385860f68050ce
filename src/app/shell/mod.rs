//! The window around the views: the top bar (presets, lecture-mode view settings, help,
//! the tabs), the settings that survive a restart, the keyboard, and switching between
//! the views so that only the one shown trains.

pub mod fonts;
pub mod keyboard;
pub mod menu;
pub mod settings;
pub mod tabs;

use crate::app::views::compare::CompareView;
use crate::app::views::figure1::Figure1View;
use crate::app::views::live::LiveView;
use crate::app::views::phase::PhaseView;
use crate::engine::config::Experiment;
use crate::worker::{Command, Worker, WorkerOptions};
use settings::Settings;
use tabs::Tab;

/// Title of the window.
pub const TITLE: &str = "ganscope";

/// The app: the tab shown, each view, and the lecture-mode settings.
pub struct GanscopeApp {
    settings: Settings,
    /// Theme and scale last applied to the context.
    applied: Option<(bool, f32)>,
    tab: Tab,
    live: LiveView,
    figure1: Figure1View,
    phase: PhaseView,
    compare: CompareView,
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
        let live = LiveView::start(&cc.egui_ctx, experiment, options, settings.preset.as_deref())?;
        Ok(GanscopeApp {
            settings,
            applied: None,
            tab: Tab::Live,
            live,
            figure1: Figure1View::default(),
            phase: PhaseView::default(),
            compare: CompareView::default(),
            notice: None,
        })
    }

    /// The live run's worker, for tests that read its newest frame directly.
    pub fn worker(&self) -> &Worker {
        self.live.link().worker()
    }

    /// The experiment the live controls show.
    pub fn edited(&self) -> &Experiment {
        &self.live.link().edit
    }

    /// The tab shown.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The Figure 1 view, for tests that wait for its run.
    pub fn figure1(&self) -> &Figure1View {
        &self.figure1
    }

    /// The Compare view's two workers while it is open, for tests.
    pub fn compare_workers(&self) -> Option<(&Worker, &Worker)> {
        self.compare.workers()
    }

    /// Switches tabs. The live run pauses while another view is shown (the other views
    /// need the cores) and plays again on return; the Compare workers stop when left.
    fn switch(&mut self, to: Tab) {
        let from = self.tab;
        if from == to {
            return;
        }
        match from {
            Tab::Live => self.live.suspend(),
            Tab::Compare => self.compare.close(),
            Tab::Figure1 | Tab::PhasePlane => {}
        }
        if to == Tab::Live {
            self.live.resume();
        }
        self.tab = to;
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
}

impl eframe::App for GanscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.live.poll();
        match self.tab {
            Tab::Live => {
                let playing = self.live.link().playing();
                self.live.send(keyboard::shortcuts(ctx, playing));
            }
            Tab::Compare => {
                let commands = keyboard::shortcuts(ctx, false);
                if commands.iter().any(|c| matches!(c, Command::Play)) {
                    self.compare.toggle_play();
                }
            }
            Tab::Figure1 | Tab::PhasePlane => {}
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.apply_view(&ui.ctx().clone());
        let mut tab = self.tab;
        let picked = egui::Panel::top("menu")
            .show(ui, |ui| menu::ui(ui, &mut self.settings, &mut tab))
            .inner;
        if picked.is_some() {
            tab = Tab::Live;
        }
        self.switch(tab);
        match self.tab {
            Tab::Live => self.live.ui(ui, &mut self.settings, &mut self.notice),
            Tab::Figure1 => self.figure1.ui(ui),
            Tab::PhasePlane => self.phase.ui(ui),
            Tab::Compare => self.compare.ui(ui),
        }
        if let Some(preset) = picked {
            self.live.load_preset(preset, &mut self.settings);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.experiment = self.edited().to_toml();
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
