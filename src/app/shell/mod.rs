//! The window around the views: the top bar (presets, lecture-mode view settings, help,
//! the tabs), the settings that survive a restart, the keyboard, and switching between
//! the views so that only the one shown trains.

mod address;
pub mod fonts;
pub mod keyboard;
pub mod lesson_bar;
pub mod menu;
pub mod presenter;
pub mod tabs;

use crate::app::platform;
use crate::app::settings::Settings;
use crate::app::views::compare::CompareView;
use crate::app::views::figure1::Figure1View;
use crate::app::views::live::LiveView;
use crate::app::views::map::{MapView, Open};
use crate::app::views::phase::PhaseView;
use crate::app::views::{Around, SceneRuns, View};
use crate::engine::config::Experiment;
use crate::lesson::{Lesson, Stage};
use crate::worker::{CLASS_PACE, WorkerOptions};
use keyboard::LessonKey;
use lesson_bar::BarAction;
use presenter::Presenter;
use tabs::Tab;

/// How much classroom mode enlarges everything, on top of the font scale.
pub const CLASSROOM_ZOOM: f32 = 1.4;

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
    map: MapView,
    /// A message for the user that stays until dismissed (settings that could not be
    /// restored, a dropped file that could not be opened).
    notice: Option<String>,
    /// The lesson being played, if any.
    presenter: Option<Presenter>,
    /// The lesson file named in the Lessons menu.
    lesson_path: String,
    /// The lesson strip's height last frame (see `ui`).
    strip_height: Option<f32>,
    /// The window title last sent.
    title: String,
    /// The built-in lesson being played, by name, for its link.
    lesson_name: Option<&'static str>,
    /// The link last put in the address bar.
    shown_link: String,
    /// Frames drawn per second, for the browser's state report.
    frames: crate::app::views::live::status::FpsMeter,
}

impl GanscopeApp {
    /// The app as launched: the last experiment from storage (the figure1 preset the
    /// first time), already training.
    pub fn new(cc: &eframe::CreationContext<'_>) -> std::io::Result<Self> {
        let settings = Settings::load(cc.storage);
        let (experiment, problem) = settings.experiment();
        // Open at a pace a class can follow; "max" is one click away.
        let options = WorkerOptions {
            playing: true,
            speed: CLASS_PACE,
        };
        let mut app = Self::start(cc, settings, experiment, options)?;
        app.notice = problem;
        // Figure 1's panels take a few seconds to train: start them now, so the tab
        // opens on them.
        app.figure1
            .prefetch(&cc.egui_ctx, crate::engine::figure1::DEFAULT_SEED);
        // In a browser, the page's address may name an experiment or a lesson.
        if let Some(fragment) = platform::initial_link() {
            app.open_link(&cc.egui_ctx, &fragment);
        }
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
        platform::prepare_painting(&cc.egui_ctx);
        let live = LiveView::start(&cc.egui_ctx, experiment, options, settings.preset.as_deref())?;
        Ok(GanscopeApp {
            settings,
            applied: None,
            tab: Tab::Live,
            live,
            figure1: Figure1View::default(),
            phase: PhaseView::default(),
            compare: CompareView::default(),
            map: MapView::default(),
            notice: None,
            presenter: None,
            lesson_path: String::new(),
            strip_height: None,
            title: String::new(),
            lesson_name: None,
            shown_link: String::new(),
            frames: Default::default(),
        })
    }

    /// The standing notice (a file that could not be opened), for tests.
    #[cfg(feature = "test-hooks")]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The lesson being played, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn presenter(&self) -> Option<&Presenter> {
        self.presenter.as_ref()
    }

    /// Opens `lesson` at its first scene, and starts training its Figure 1 scenes'
    /// panels in the background so they are ready when their scenes come.
    pub fn open_lesson(&mut self, ctx: &egui::Context, lesson: Lesson) {
        for scene in &lesson.scenes {
            if let Stage::Figure1 { seed } = scene.stage {
                self.figure1.prefetch(ctx, seed);
            }
        }
        self.lesson_name = crate::lesson::builtin::BUILTINS
            .iter()
            .find(|b| b.lesson().is_ok_and(|l| l.title == lesson.title))
            .map(|b| b.name);
        self.presenter = Some(Presenter::new(lesson));
        self.start_scene(ctx, 0);
    }

    /// Puts scene `index` of the lesson on screen: its view, set up as it says.
    fn start_scene(&mut self, ctx: &egui::Context, index: usize) {
        let Some(presenter) = self.presenter.as_mut() else {
            return;
        };
        let stop = presenter.enter(index);
        let scene = presenter.current().clone();
        // A scene's map stops when the lesson moves on: the next scene has the cores.
        if self.map.in_scene && !matches!(scene.stage, Stage::Map(_)) {
            self.map.cancel();
        }
        match scene.stage {
            Stage::Live {
                preset,
                fix,
                experiment,
            } => {
                self.switch(Tab::Live);
                self.live.start_scene(preset, fix, *experiment, scene.pace, stop);
            }
            Stage::Figure1 { seed } => {
                self.switch(Tab::Figure1);
                self.figure1.show_seed(ctx, seed);
            }
            Stage::Phase(settings) => {
                self.switch(Tab::PhasePlane);
                self.phase.settings = settings;
            }
            Stage::Compare { pair, sides } => {
                self.switch(Tab::Compare);
                self.compare.open_scene(ctx, pair, *sides, scene.pace, stop);
            }
            Stage::Map(spec) => {
                self.switch(Tab::Map);
                // The form shows what the scene computes.
                self.map.form.spec = *spec;
                self.map.compute(ctx);
            }
        }
    }

    /// Opens a map cell's run (or two) in the view that shows it.
    fn open_from_map(&mut self, ctx: &egui::Context, open: Open) {
        self.presenter = None;
        match open {
            Open::Live { experiment, pause } => {
                self.switch(Tab::Live);
                self.live.open_map_cell(*experiment, pause, &mut self.settings);
            }
            Open::Compare { sides, title, pause } => {
                self.switch(Tab::Compare);
                self.compare.open_cells(ctx, *sides, title, pause);
            }
            Open::Phase(settings) => {
                self.switch(Tab::PhasePlane);
                self.phase.settings = settings;
            }
        }
    }

    /// The map view, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn map_view(&self) -> &MapView {
        &self.map
    }

    /// The map view to change, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn map_view_mut(&mut self) -> &mut MapView {
        &mut self.map
    }

    /// The phase plane's settings, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn phase_settings(&self) -> &crate::figure::phase::PhaseSettings {
        &self.phase.settings
    }

    /// The view behind `tab`.
    fn view(&mut self, tab: Tab) -> &mut dyn View {
        match tab {
            Tab::Live => &mut self.live,
            Tab::Figure1 => &mut self.figure1,
            Tab::PhasePlane => &mut self.phase,
            Tab::Compare => &mut self.compare,
            Tab::Map => &mut self.map,
        }
    }

    /// The runs of a scene shown in `scene_tab`, when that view is the one shown.
    fn scene_runs(&mut self, scene_tab: Tab) -> Option<&mut dyn SceneRuns> {
        if scene_tab == self.tab {
            self.view(scene_tab).scene_runs()
        } else {
            None
        }
    }

    /// Fires the lesson's actions the runs have reached.
    fn lesson_tick(&mut self) {
        let Some(mut presenter) = self.presenter.take() else {
            return;
        };
        let preset = presenter.preset_name();
        let scene_tab = stage_tab(&presenter.current().stage);
        let rewound = self.live.take_rewound();
        if let Some(runs) = self.scene_runs(scene_tab) {
            if let Some(steps) = rewound {
                presenter.rewound(steps, runs);
            }
            presenter.tick(runs, preset);
        }
        self.presenter = Some(presenter);
    }

    /// The clicker's "next": reveal, resume, or the next scene.
    fn lesson_next(&mut self, ctx: &egui::Context) {
        let Some(mut presenter) = self.presenter.take() else {
            return;
        };
        let scene_tab = stage_tab(&presenter.current().stage);
        if self.tab != scene_tab {
            // The user left the scene's view by hand: the clicker brings the scene back.
            let scene = presenter.scene;
            self.presenter = Some(presenter);
            self.start_scene(ctx, scene);
            return;
        }
        let handled = presenter.advance_within(self.scene_runs(scene_tab));
        let next = presenter.scene + 1;
        let more = next < presenter.lesson.scenes.len();
        self.presenter = Some(presenter);
        if !handled && more {
            self.start_scene(ctx, next);
        }
    }

    /// Acts on a lesson key or a click in the lesson's strip.
    fn lesson_action(&mut self, ctx: &egui::Context, action: BarAction) {
        match action {
            BarAction::Next => self.lesson_next(ctx),
            BarAction::Previous => {
                if let Some(scene) = self.presenter.as_ref().map(|p| p.scene)
                    && scene > 0
                {
                    self.start_scene(ctx, scene - 1);
                }
            }
            BarAction::Jump(i) => self.start_scene(ctx, i),
            BarAction::Classroom(on) => {
                if let Some(presenter) = self.presenter.as_mut() {
                    presenter.classroom = on;
                    platform::set_fullscreen(ctx, on);
                }
            }
            BarAction::Close => {
                if self.presenter.take().is_some_and(|p| p.classroom) {
                    platform::set_fullscreen(ctx, false);
                }
                // The lesson's pause points go with it.
                for runs in [&mut self.live as &mut dyn SceneRuns, &mut self.compare] {
                    runs.pause_at(None);
                }
            }
        }
    }

    /// Opens files dropped on the window or brought in by the browser's file picker: a
    /// lesson (a TOML file with scenes) plays, a config starts on top of the figure1
    /// preset; anything else is refused with a message, and nothing changes.
    fn open_incoming(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        let mut incoming = platform::take_dropped(ctx, dropped);
        incoming.extend(platform::take_picked().into_iter().map(Ok));
        for file in incoming {
            match file.and_then(|f| incoming_file(&f)) {
                Ok(Incoming::Lesson(lesson)) => self.open_lesson(ctx, lesson),
                Ok(Incoming::Config(experiment)) => {
                    self.presenter = None;
                    self.switch(Tab::Live);
                    self.live.open_experiment(experiment, &mut self.settings);
                }
                Ok(Incoming::Map(map)) => {
                    self.presenter = None;
                    match self.map.open_saved(*map) {
                        Ok(()) => self.switch(Tab::Map),
                        Err(message) => self.notice = Some(message),
                    }
                }
                Err(message) => self.notice = Some(message),
            }
        }
    }

    /// The live run's worker, for tests that read its newest frame directly.
    #[cfg(feature = "test-hooks")]
    pub fn worker(&self) -> &crate::worker::Worker {
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
    #[cfg(feature = "test-hooks")]
    pub fn figure1(&self) -> &Figure1View {
        &self.figure1
    }

    /// The Compare view's two workers while it is open, for tests.
    #[cfg(feature = "test-hooks")]
    pub fn compare_workers(&self) -> Option<(&crate::worker::Worker, &crate::worker::Worker)> {
        self.compare.workers()
    }

    /// Switches tabs. The live run pauses while another view is shown (the other views
    /// need the cores) and plays again on return; the Compare workers stop when left.
    fn switch(&mut self, to: Tab) {
        let from = self.tab;
        if from == to {
            return;
        }
        let for_lesson = self.presenter.is_some();
        self.view(from).hidden(for_lesson);
        self.view(to).shown();
        self.tab = to;
    }

    /// The window's title: what is playing (the lesson and its scene, with where the
    /// scene stands), else the view and what it shows.
    pub fn window_title(&self) -> String {
        match &self.presenter {
            Some(p) => {
                let state = match p.next_does() {
                    presenter::Next::Reveal => "question",
                    presenter::Next::Resume => "paused",
                    _ if p.finished => "at its end",
                    _ => "playing",
                };
                format!(
                    "{TITLE} — {} — scene {} of {}: {} ({state})",
                    p.lesson.title,
                    p.scene + 1,
                    p.lesson.scenes.len(),
                    p.current().title
                )
            }
            None => match self.tab {
                Tab::Live => format!(
                    "{TITLE} — Live: {}",
                    self.settings.preset.as_deref().unwrap_or("custom settings")
                ),
                tab => format!("{TITLE} — {}", tab.name()),
            },
        }
    }

    /// Applies theme and font scale when they changed.
    fn apply_view(&mut self, ctx: &egui::Context) {
        let classroom = self.presenter.as_ref().is_some_and(|p| p.classroom);
        let zoom = self.settings.font_scale * if classroom { CLASSROOM_ZOOM } else { 1.0 };
        let wanted = (self.settings.dark, zoom);
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
    /// The panels' own colour (the theme's, whatever `visuals.panel_fill` is now): in a
    /// browser the panels leave their background to this clear
    /// ([`platform::prepare_painting`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        let base = if visuals.dark_mode {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        base.panel_fill.to_normalized_gamma_f32()
    }
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        platform::frame_started();
        self.live.poll(ctx);
        self.open_incoming(ctx);
        self.figure1.collect();
        self.map.collect();
        for key in keyboard::lesson_keys(ctx, self.presenter.is_some()) {
            match key {
                LessonKey::Fullscreen => {
                    platform::set_fullscreen(ctx, !platform::fullscreen(ctx));
                }
                _ if self.presenter.is_none() => {}
                LessonKey::Next => self.lesson_action(ctx, BarAction::Next),
                LessonKey::Previous => self.lesson_action(ctx, BarAction::Previous),
                LessonKey::Classroom => {
                    let on = self.presenter.as_ref().is_some_and(|p| !p.classroom);
                    self.lesson_action(ctx, BarAction::Classroom(on));
                }
                LessonKey::Leave => self.lesson_action(ctx, BarAction::Classroom(false)),
            }
        }
        self.lesson_tick();
        let save = keyboard::save_picture(ctx);
        let record = keyboard::toggle_recording(ctx);
        let view = self.view(self.tab);
        let commands = keyboard::shortcuts(ctx, view.playing());
        view.keys(commands);
        if save {
            view.save_picture();
        }
        if record {
            view.toggle_recording();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.apply_view(&ui.ctx().clone());
        let title = self.window_title();
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let ctx = ui.ctx().clone();
        let mut tab = self.tab;
        let classroom = self.presenter.as_ref().is_some_and(|p| p.classroom);
        let mut picked = None;
        if !classroom {
            let chosen = egui::Panel::top("menu")
                .show(ui, |ui| {
                    menu::ui(ui, &mut self.settings, &mut tab, &mut self.lesson_path)
                })
                .inner;
            picked = chosen.preset;
            if chosen.open_file {
                platform::pick_file(&ctx);
            }
            if chosen.copy_link {
                self.copy_link(&ctx);
            }
            if let Some(request) = chosen.lesson {
                match request {
                    Ok(lesson) => self.open_lesson(&ctx, lesson),
                    Err(message) => self.notice = Some(message),
                }
                tab = self.tab;
            }
        }
        if picked.is_some() {
            tab = Tab::Live;
            self.presenter = None;
        }
        self.switch(tab);
        let mut bar_action = None;
        if let Some(presenter) = &self.presenter {
            // The iteration the view shows, so the strip and the figure agree.
            let scene = presenter.current();
            let progress = match (scene.stage.view(), self.tab) {
                (crate::lesson::View::Live, Tab::Live) => self.live.shown_steps(),
                (crate::lesson::View::Compare, Tab::Compare) => self.compare.shown_steps(),
                _ => None,
            }
            .map(|at| (at, scene.steps));
            let shown = egui::Panel::top("lesson").show(ui, |ui| lesson_bar::ui(ui, presenter, progress));
            bar_action = shown.inner;
            // A clicker never moves the mouse: when the strip changes height (a caption
            // comes, the scene ends), draw again at once, or the old layout's gap stays
            // black until something else asks for a frame.
            let height = shown.response.rect.height();
            if self.strip_height != Some(height) {
                self.strip_height = Some(height);
                ctx.request_repaint();
            }
        }
        if let Some(action) = bar_action {
            self.lesson_action(&ctx, action);
        }
        let look = self.presenter.as_ref().map(Presenter::look);
        // The Map tab shows a scene's map alone only while that scene plays.
        self.map.in_scene = self
            .presenter
            .as_ref()
            .is_some_and(|p| matches!(p.current().stage, Stage::Map(_)));
        let around = Around {
            settings: &mut self.settings,
            notice: &mut self.notice,
            look: look.as_ref(),
        };
        match self.tab {
            Tab::Live => self.live.ui(ui, around),
            Tab::Figure1 => self.figure1.ui(ui, around),
            Tab::PhasePlane => self.phase.ui(ui, around),
            Tab::Compare => self.compare.ui(ui, around),
            Tab::Map => self.map.ui(ui, around),
        }
        if let Some(open) = self.map.take_open() {
            self.open_from_map(&ctx, open);
        }
        if let Some(preset) = picked {
            self.live.load_preset(preset, &mut self.settings);
        }
        if let Some((moment, b)) = self.live.take_fork() {
            self.presenter = None;
            self.switch(Tab::Compare);
            if let Err(message) = self.compare.open_fork(&ctx, moment, b) {
                self.switch(Tab::Live);
                self.notice = Some(message);
            }
        }
        self.show_address();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.experiment = self.edited().to_toml();
        self.settings.save(storage);
    }
}

/// The tab that shows a scene's stage.
fn stage_tab(stage: &Stage) -> Tab {
    Tab::of(stage.view())
}

/// A file dropped on the window or picked, read.
enum Incoming {
    Lesson(Lesson),
    Config(Experiment),
    Map(Box<crate::map::Map>),
}

/// Reads an incoming file: a JSON file is a saved stability map, a TOML file with
/// `[[scene]]` tables is a lesson, any other TOML file a config on top of the figure1
/// preset.
fn incoming_file(file: &platform::IncomingFile) -> Result<Incoming, String> {
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|_| format!("cannot open '{}': it is not a text (UTF-8) file", file.name))?;
    // A saved stability map is JSON (`ganscope map --json`, the Map tab's Save JSON).
    if text.trim_start().starts_with('{') {
        return crate::map::Map::from_json(&file.name, text).map(|m| Incoming::Map(Box::new(m)));
    }
    // Configs have no `title` and no scenes; a file with either is a lesson (and a bad
    // one gets the lesson's messages).
    let is_lesson = text.lines().map(str::trim_start).any(|l| {
        l.starts_with("[[scene")
            || l.strip_prefix("title")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    if is_lesson {
        return crate::lesson::parse(&format!("'{}'", file.name), text)
            .map(Incoming::Lesson)
            .map_err(|e| e.to_string());
    }
    let mut experiment = crate::engine::presets::base();
    experiment.load_text(&file.name, text)?;
    Ok(Incoming::Config(experiment))
}
