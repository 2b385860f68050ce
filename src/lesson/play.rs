//! A scene played headless: the same run the app shows, stopped exactly at each action's
//! iteration, giving the slides `ganscope lesson render` writes (one per caption or
//! question, one at the scene's end) and the numbers its claims are checked on.

use super::{Action, Expect, Scene, Stage, Visibility, run_metric};
use crate::engine::config::Experiment;
use crate::engine::dirac::{Scheme, spectral_radius};
use crate::engine::figure1;
use crate::engine::gan::{Gan, GanError};
use crate::engine::measure::mean_under;
use crate::engine::snapshot::{Metrics, Snapshot};
use crate::export::{Picture, frame_caption};
use crate::figure::Figure;
use crate::figure::panels::figure1_panels;
use crate::figure::phase::PhaseFigure;
use std::collections::{BTreeMap, BTreeSet};

/// One slide: what it shows and the words drawn over it.
#[derive(Clone, Debug)]
pub struct Slide {
    /// The scene's title.
    pub title: String,
    /// The caption, question or note of the moment.
    pub words: String,
    /// The iteration shown, for views that train.
    pub iteration: Option<u64>,
    /// The figure of that moment.
    pub body: Picture,
}

impl Slide {
    /// The slide as one picture: the title and words over the figure.
    pub fn picture(&self) -> Picture {
        Picture::Slide {
            title: self.title.clone(),
            words: self.words.clone(),
            body: Box::new(self.body.clone()),
        }
    }
}

/// One claim of a scene, checked: what it says, the value measured and whether it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The claim as a line (see [`Expect::describe`]).
    pub claim: String,
    /// The value measured.
    pub value: f64,
    /// True when the value lies within the claim's bounds.
    pub holds: bool,
}

/// What a headless play of a scene gives.
#[derive(Clone, Debug, Default)]
pub struct Played {
    /// The slides, in the order they happen.
    pub slides: Vec<Slide>,
    /// Each claim of the scene, checked.
    pub checks: Vec<Check>,
}

/// Plays `scene` headless; `seed` overrides the scene's seed (to check a claim on
/// several seeds).
pub fn play(scene: &Scene, seed: Option<u64>) -> Result<Played, GanError> {
    match &scene.stage {
        Stage::Live {
            preset, experiment, ..
        } => {
            let mut e = (**experiment).clone();
            if let Some(seed) = seed {
                e.seed = seed;
            }
            play_runs(scene, vec![e], Some(preset.name))
        }
        Stage::Compare { sides, .. } => {
            let (mut a, mut b) = (**sides).clone();
            if let Some(seed) = seed {
                a.seed = seed;
                b.seed = seed;
            }
            play_runs(scene, vec![a, b], None)
        }
        Stage::Figure1 { seed: own } => play_figure1(scene, seed.unwrap_or(*own)),
        Stage::Phase(settings) => Ok(play_phase(scene, &PhaseFigure::new(settings), settings)),
    }
}

/// The figure of a snapshot with the overlays `visible` allows.
pub fn figure_of(snapshot: &Snapshot, visible: &Visibility) -> Figure {
    let mut figure = Figure::from_snapshot(snapshot, visible.opponent);
    if !visible.arrows {
        figure.arrows.clear();
        if let Some(plane) = &mut figure.plane {
            plane.arrows.clear();
        }
    }
    figure
}

/// The iterations at which an expectation reads its metric: `at`, and with a window,
/// 21 points spread evenly over it.
pub fn sample_points(expect: &Expect) -> Vec<u64> {
    if expect.over == 0 {
        return vec![expect.at];
    }
    let from = expect.at - expect.over;
    let mut points: Vec<u64> = (0..=20).map(|i| from + expect.over * i / 20).collect();
    points.dedup();
    points
}

/// Applies what an action changes in the settings of each run (its `set` and its cure).
pub fn change_settings(action: &Action, preset: Option<&str>, experiments: &mut [Experiment]) {
    for e in experiments.iter_mut() {
        if action.fix
            && let Some(cure) = preset
                .and_then(crate::engine::presets::find)
                .and_then(|p| p.cure.as_ref())
            && let Some(name) = preset
        {
            cure.apply_to(name, e);
        }
        for (key, value) in &action.set {
            // Checked when the lesson loaded, on the same chain of settings.
            let _ = e.set(key, value);
        }
    }
}

/// A live scene (one run) or a compared one (two runs in lockstep).
fn play_runs(scene: &Scene, experiments: Vec<Experiment>, preset: Option<&str>) -> Result<Played, GanError> {
    let mut experiments = experiments;
    let mut gans = experiments
        .iter()
        .map(|e| Gan::new(e.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut visible = scene.visible.clone();
    let mut stops: BTreeSet<u64> = scene.actions.iter().map(|a| a.iteration).collect();
    let mut wanted = BTreeSet::new();
    for expect in &scene.expects {
        wanted.extend(sample_points(expect));
    }
    stops.extend(&wanted);
    stops.insert(scene.steps);
    let mut samples: BTreeMap<u64, Vec<Metrics>> = BTreeMap::new();
    let mut played = Played::default();
    for &stop in &stops {
        for gan in &mut gans {
            gan.train(stop - gan.steps())?;
        }
        let actions: Vec<&Action> = scene.actions.iter().filter(|a| a.iteration == stop).collect();
        for action in &actions {
            change_settings(action, preset, &mut experiments);
            for (gan, e) in gans.iter_mut().zip(&experiments) {
                gan.apply_config(e.clone())?;
            }
            visible.apply(action);
        }
        let words: Vec<String> = actions
            .iter()
            .flat_map(|a| a.question.iter().chain(&a.caption).cloned())
            .collect();
        let end = stop == scene.steps;
        if !wanted.contains(&stop) && words.is_empty() && !end {
            continue;
        }
        let snapshots = gans.iter().map(Gan::snapshot).collect::<Result<Vec<_>, _>>()?;
        samples.insert(stop, snapshots.iter().map(|s| s.metrics.clone()).collect());
        let body = runs_picture(&snapshots, &visible, preset);
        for text in words {
            played.slides.push(Slide {
                title: scene.title.clone(),
                words: text,
                iteration: Some(stop),
                body: body.clone(),
            });
        }
        if end {
            played.slides.push(Slide {
                title: scene.title.clone(),
                words: scene.note.clone(),
                iteration: Some(stop),
                body,
            });
        }
    }
    let view = scene.stage.view_name();
    for expect in &scene.expects {
        let values: Vec<f64> = sample_points(expect)
            .iter()
            .filter_map(|i| samples.get(i))
            .filter_map(|runs| runs.get(expect.side))
            .filter_map(|m| run_metric(m, &expect.metric))
            .collect();
        let value = expect.stat.of(&values);
        played.checks.push(Check {
            claim: expect.describe(view),
            value,
            holds: expect.holds(value),
        });
    }
    Ok(played)
}

/// One run as a frame; two as a pair of panels, A left, B right.
fn runs_picture(snapshots: &[Snapshot], visible: &Visibility, preset: Option<&str>) -> Picture {
    match snapshots {
        [one] => Picture::Frame {
            figure: figure_of(one, visible),
            caption: frame_caption(preset.unwrap_or("ganscope"), &one.metrics),
        },
        many => Picture::Panels(
            many.iter()
                .zip(["A", "B"])
                .map(|(s, side)| (figure_of(s, visible), frame_caption(side, &s.metrics)))
                .collect(),
        ),
    }
}

fn play_figure1(scene: &Scene, seed: u64) -> Result<Played, GanError> {
    let snapshots = figure1::run(seed)?;
    let checks = scene
        .expects
        .iter()
        .map(|expect| {
            let s = &snapshots[expect.panel.min(3)];
            let m = &s.metrics;
            let value = match expect.metric.as_str() {
                "w1" => m.w1,
                "js" => m.js,
                "tv" => m.tv,
                "dstar_gap" => m.opponent_gap,
                "shape_gap" => figure1::shape_gap(s),
                _ => mean_under(&s.d, &s.p_g),
            };
            Check {
                claim: expect.describe("figure1"),
                value,
                holds: expect.holds(value),
            }
        })
        .collect();
    Ok(Played {
        slides: vec![Slide {
            title: scene.title.clone(),
            words: scene.note.clone(),
            iteration: None,
            body: Picture::Panels(figure1_panels(&snapshots)),
        }],
        checks,
    })
}

fn play_phase(scene: &Scene, figure: &PhaseFigure, settings: &crate::figure::phase::PhaseSettings) -> Played {
    let checks = scene
        .expects
        .iter()
        .map(|expect| {
            let scheme = if expect.metric.ends_with("simultaneous") {
                Scheme::Simultaneous
            } else {
                Scheme::Alternating
            };
            let value = if expect.metric.starts_with("radius") {
                spectral_radius(&settings.dirac.map_eigenvalues(scheme))
            } else {
                figure.trajectory(scheme).map_or(f64::NAN, |t| t.final_radius)
            };
            Check {
                claim: expect.describe("phase"),
                value,
                holds: expect.holds(value),
            }
        })
        .collect();
    Played {
        slides: vec![Slide {
            title: scene.title.clone(),
            words: scene.note.clone(),
            iteration: None,
            body: Picture::Phase(figure.clone()),
        }],
        checks,
    }
}
