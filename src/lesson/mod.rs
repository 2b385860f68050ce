//! Lessons: a GAN lecture as a script. A lesson is a list of scenes; each scene puts one
//! view on the screen (a live run of a preset, Figure 1, the phase plane, or two runs
//! compared), plays it at a pace a class can follow, and at given iterations pauses,
//! changes a setting, turns a cure on, shows a caption or asks a question. A scene may
//! state its claim as numbers (`[[scene.expect]]`), which a headless run checks.
//!
//! - [`mod@parse`]: a lesson file (TOML) to a validated [`Lesson`], or one error naming the
//!   line, the scene and what is allowed. Nothing half-loads.
//! - [`builtin`]: the lessons that ship with ganscope, the lecture of lessons/gan-lecture.toml first (the outline SCIENCE.md and README.md tell).
//! - [`play`]: a scene played headless, to slides (`ganscope lesson render`) and to the
//!   numbers its claims are checked on.
//!
//! The app plays the same [`Lesson`] live (`app::shell::presenter`).

pub mod builtin;
pub mod parse;
pub mod play;

use crate::engine::config::Experiment;
use crate::engine::dirac::{Scheme, spectral_radius};
use crate::engine::presets::Preset;
use crate::figure::phase::{PhaseFigure, PhaseSettings};
use crate::worker::Speed;

pub use parse::{LessonError, parse};

/// A whole lesson, validated: every preset, key, value and name in it exists.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Shown over the scene list and on the first slide.
    pub title: String,
    /// The scenes, in the order they are played.
    pub scenes: Vec<Scene>,
}

/// One beat of the lecture: a view, how it starts, what happens at which iteration, and
/// what it claims.
#[derive(Clone, Debug)]
pub struct Scene {
    /// Shown in the scene list and over the figure.
    pub title: String,
    /// What fills the window, set up as the scene starts.
    pub stage: Stage,
    /// Iterations per second while the scene plays.
    pub pace: Speed,
    /// The iteration at which a live or compared run pauses: the end of the scene.
    pub steps: u64,
    /// What the lecturer says, drawn under the title.
    pub note: String,
    /// What is shown as the scene starts: overlays, and the panels classroom mode hides.
    pub visible: Visibility,
    /// What happens at given iterations, in iteration order.
    pub actions: Vec<Action>,
    /// The scene's claims, as numbers a headless run checks.
    pub expects: Vec<Expect>,
}

/// What a scene puts on the screen.
#[derive(Clone, Debug)]
pub enum Stage {
    /// A live run of a preset (as loaded, or with its cure), with the scene's settings on
    /// top.
    Live {
        /// The preset the run comes from (its lecture note, its cure).
        preset: &'static Preset,
        /// Whether the preset's cure is loaded.
        fix: bool,
        /// The settings the run starts with.
        experiment: Box<Experiment>,
    },
    /// Figure 1's four panels from a real run.
    Figure1 {
        /// The seed of the run.
        seed: u64,
    },
    /// The Dirac-GAN phase plane.
    Phase(PhaseSettings),
    /// A stability map as written (checked when the lesson loaded), computed when the
    /// scene opens.
    Map(Box<crate::map::spec::Spec>),
    /// Two runs side by side: a failure and its cure, or a classic contrast.
    Compare {
        /// Index into `presets::pairs::pairs()`.
        pair: usize,
        /// Side A and side B as the scene starts them.
        sides: Box<(Experiment, Experiment)>,
    },
}

/// The view a scene shows: the names lesson files write, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// One live run.
    Live,
    /// Figure 1's four panels.
    Figure1,
    /// The Dirac-GAN phase plane.
    Phase,
    /// Two runs side by side.
    Compare,
    /// A stability map.
    Map,
}

impl View {
    /// Every view, in the order messages list them.
    pub const ALL: [View; 5] = [View::Live, View::Figure1, View::Phase, View::Compare, View::Map];

    /// The name lesson files write.
    pub fn name(self) -> &'static str {
        match self {
            View::Live => "live",
            View::Figure1 => "figure1",
            View::Phase => "phase",
            View::Compare => "compare",
            View::Map => "map",
        }
    }

    /// The view called `name`.
    pub fn find(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// Names of `views`, comma-separated, for messages.
    pub fn names(views: &[View]) -> String {
        views.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
    }

    /// True for the views that train over iterations (live and compare): only they
    /// have actions at iterations and an end at `steps`.
    pub fn trains(self) -> bool {
        matches!(self, View::Live | View::Compare)
    }
}

impl Stage {
    /// The view the stage is shown in.
    pub fn view(&self) -> View {
        match self {
            Stage::Live { .. } => View::Live,
            Stage::Figure1 { .. } => View::Figure1,
            Stage::Phase(_) => View::Phase,
            Stage::Compare { .. } => View::Compare,
            Stage::Map(_) => View::Map,
        }
    }

    /// The view's name as lesson files write it.
    pub fn view_name(&self) -> &'static str {
        self.view().name()
    }

    /// True for the views that train over iterations (live and compare): only they
    /// have actions at iterations and an end at `steps`.
    pub fn trains(&self) -> bool {
        self.view().trains()
    }
}

/// Something a scene does when its run reaches `iteration`.
#[derive(Clone, Debug, Default)]
pub struct Action {
    /// The iteration it fires at (the run pauses there, exactly).
    pub iteration: u64,
    /// Stay paused after it (the lecturer resumes with the next key).
    pub pause: bool,
    /// Keys to change, each value parsed and checked when the lesson loaded.
    pub set: Vec<crate::engine::config::keys::Setting>,
    /// Turn the preset's cure on here.
    pub fix: bool,
    /// A line drawn large over the figure from here on.
    pub caption: Option<String>,
    /// A question to the class: the run pauses on it and the next key reveals the
    /// caption (predict, then reveal).
    pub question: Option<String>,
    /// Overlays and panels turned on.
    pub show: Vec<Item>,
    /// Overlays and panels turned off.
    pub hide: Vec<Item>,
}

impl Action {
    /// True when the action has something to put on a slide.
    pub fn has_words(&self) -> bool {
        self.caption.is_some() || self.question.is_some()
    }
}

/// What may be drawn over the figure, switched by scenes and actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The optimal opponent of the loss (D* for the probability losses).
    Opponent,
    /// The arrows from z to x = G(z).
    Arrows,
}

impl Overlay {
    /// Names a lesson file may use, with what each turns on.
    pub const NAMES: &[(&str, Overlay)] = &[
        ("dstar", Overlay::Opponent),
        ("opponent", Overlay::Opponent),
        ("arrows", Overlay::Arrows),
    ];
}

/// Something `show` and `hide` name: an overlay or a panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// Drawn over the figure.
    Overlay(Overlay),
    /// A part of the window (hidden in classroom mode only).
    Panel(Panel),
}

impl Item {
    /// Every name `show` and `hide` accept, comma-separated, for error messages.
    pub fn names() -> String {
        Overlay::NAMES
            .iter()
            .map(|(n, _)| *n)
            .chain(Panel::NAMES.iter().map(|(n, _)| *n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The item called `name`.
    pub fn find(name: &str) -> Option<Item> {
        Overlay::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, o)| Item::Overlay(*o))
            .or_else(|| {
                Panel::NAMES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, p)| Item::Panel(*p))
            })
    }
}

/// What is on the screen: which overlays are drawn, which panels classroom mode hides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visibility {
    /// The optimal opponent (D*) over D.
    pub opponent: bool,
    /// The z -> x arrows.
    pub arrows: bool,
    /// Panels hidden in classroom mode.
    pub hidden: Vec<Panel>,
}

impl Default for Visibility {
    fn default() -> Self {
        Visibility {
            opponent: true,
            arrows: true,
            hidden: Vec::new(),
        }
    }
}

impl Visibility {
    /// Shows (`on`) or hides one item.
    pub fn set(&mut self, item: Item, on: bool) {
        match item {
            Item::Overlay(Overlay::Opponent) => self.opponent = on,
            Item::Overlay(Overlay::Arrows) => self.arrows = on,
            Item::Panel(panel) => {
                self.hidden.retain(|p| *p != panel);
                if !on {
                    self.hidden.push(panel);
                }
            }
        }
    }

    /// Applies an action's `show` and `hide`.
    pub fn apply(&mut self, action: &Action) {
        for item in &action.show {
            self.set(*item, true);
        }
        for item in &action.hide {
            self.set(*item, false);
        }
    }

    /// True when classroom mode hides `panel` (the whole left panel hides its parts).
    pub fn hides(&self, panel: Panel) -> bool {
        self.hidden.contains(&panel)
            || (self.hidden.contains(&Panel::Controls)
                && matches!(
                    panel,
                    Panel::Run | Panel::Data | Panel::Game | Panel::Networks | Panel::Export | Panel::Config
                ))
    }
}

/// A part of the window a scene can hide in classroom mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The whole left panel of settings.
    Controls,
    /// Play, step, reset and speed.
    Run,
    /// The target and its formula.
    Data,
    /// Loss, k, rates, optimizer, penalties and cures.
    Game,
    /// The network shape, noise and seed.
    Networks,
    /// Picture export and recording.
    Export,
    /// Opening and saving config files.
    Config,
    /// The metric charts at the bottom.
    Metrics,
    /// The status bar.
    Status,
    /// The scene's note under its title (the caption stays).
    Note,
    /// The timeline under the live figure.
    Timeline,
}

impl Panel {
    /// Names a lesson file may use.
    pub const NAMES: &[(&str, Panel)] = &[
        ("controls", Panel::Controls),
        ("run", Panel::Run),
        ("data", Panel::Data),
        ("game", Panel::Game),
        ("networks", Panel::Networks),
        ("export", Panel::Export),
        ("config", Panel::Config),
        ("metrics", Panel::Metrics),
        ("status", Panel::Status),
        ("note", Panel::Note),
        ("timeline", Panel::Timeline),
    ];
}

/// A claim of a scene: a number of its run that must lie below or above a bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    /// What is measured.
    pub metric: String,
    /// At which iteration (live, compare); the end of the scene when not given.
    pub at: u64,
    /// Over how many iterations before `at` the statistic is taken (0: at `at` only).
    pub over: u64,
    /// How values over the window are summed up.
    pub stat: Stat,
    /// Which side of a compared pair (0 = A, 1 = B).
    pub side: usize,
    /// Which panel of Figure 1 (0 = a, ..., 3 = d).
    pub panel: usize,
    /// The value must be below this.
    pub below: Option<f64>,
    /// The value must be above this.
    pub above: Option<f64>,
}

/// How an expectation sums up a metric over a window of iterations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    /// The mean.
    Mean,
    /// The largest value.
    Max,
    /// The smallest value.
    Min,
    /// Largest minus smallest: how far it swings.
    Range,
}

impl Stat {
    /// Names in lesson files.
    pub const NAMES: &[(&str, Stat)] = &[
        ("mean", Stat::Mean),
        ("max", Stat::Max),
        ("min", Stat::Min),
        ("range", Stat::Range),
    ];

    /// Sums up `values` (at least one).
    /// The statistic of `values`; NaN for none (a mean of nothing read 0 and passed any
    /// "below").
    pub fn of(self, values: &[f64]) -> f64 {
        if values.is_empty() {
            return f64::NAN;
        }
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        match self {
            Stat::Mean => values.iter().sum::<f64>() / values.len() as f64,
            Stat::Max => max,
            Stat::Min => min,
            Stat::Range => max - min,
        }
    }
}

impl Expect {
    /// The claim as one line: `w1 (mean over 600 before 3000) < 0.1`.
    pub fn describe(&self, view: View) -> String {
        let mut what = self.metric.clone();
        match view {
            View::Compare => what = format!("{} of side {}", what, ["A", "B"][self.side.min(1)]),
            View::Figure1 => {
                what = format!("{} in panel ({})", what, ["a", "b", "c", "d"][self.panel.min(3)])
            }
            _ => {}
        }
        if view.trains() {
            if self.over > 0 {
                what = format!(
                    "{what} ({} over iterations {}-{})",
                    stat_name(self.stat),
                    self.at - self.over,
                    self.at
                );
            } else {
                what = format!("{what} at iteration {}", self.at);
            }
        }
        let mut bounds = Vec::new();
        if let Some(above) = self.above {
            bounds.push(format!("> {above}"));
        }
        if let Some(below) = self.below {
            bounds.push(format!("< {below}"));
        }
        format!("{what} {}", bounds.join(" and "))
    }

    /// True when `value` lies within the bounds.
    pub fn holds(&self, value: f64) -> bool {
        value.is_finite() && self.below.is_none_or(|b| value < b) && self.above.is_none_or(|a| value > a)
    }
}

fn stat_name(stat: Stat) -> &'static str {
    Stat::NAMES
        .iter()
        .find(|(_, s)| *s == stat)
        .map_or("mean", |(n, _)| n)
}

/// The metrics of a phase-plane scene: the spectral radius of each update map at the
/// equilibrium, and how far each path ends from it.
pub const PHASE_METRICS: [PhaseMetric; 4] = [
    PhaseMetric {
        name: "radius_simultaneous",
        read: |settings, _| spectral_radius(&settings.dirac.map_eigenvalues(Scheme::Simultaneous)),
    },
    PhaseMetric {
        name: "radius_alternating",
        read: |settings, _| spectral_radius(&settings.dirac.map_eigenvalues(Scheme::Alternating)),
    },
    PhaseMetric {
        name: "end_simultaneous",
        read: |_, figure| {
            figure
                .trajectory(Scheme::Simultaneous)
                .map_or(f64::NAN, |t| t.final_radius)
        },
    },
    PhaseMetric {
        name: "end_alternating",
        read: |_, figure| {
            figure
                .trajectory(Scheme::Alternating)
                .map_or(f64::NAN, |t| t.final_radius)
        },
    },
];

/// One number a phase-plane scene may claim, and how it is read.
pub struct PhaseMetric {
    /// Name in lesson files.
    pub name: &'static str,
    /// Reads it from the scene's settings and the plane drawn from them.
    pub read: fn(&PhaseSettings, &PhaseFigure) -> f64,
}

/// The names an expectation may use in a scene of `view`.
pub fn metric_names(view: View) -> Vec<&'static str> {
    match view {
        View::Figure1 => crate::engine::figure1::PANEL_METRICS
            .iter()
            .map(|m| m.name)
            .collect(),
        View::Phase => PHASE_METRICS.iter().map(|m| m.name).collect(),
        View::Map => crate::map::MAP_METRICS.iter().map(|m| m.name).collect(),
        View::Live | View::Compare => crate::engine::metric::claimable().map(|m| m.name).collect(),
    }
}

/// A metric of a run's snapshot by name (one the metric table lets claims name).
pub fn run_metric(metrics: &crate::engine::snapshot::Metrics, name: &str) -> Option<f64> {
    crate::engine::metric::find(name)
        .filter(|m| m.claimable)
        .map(|m| (m.read)(metrics))
}
