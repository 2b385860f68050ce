//! A scene played headless: the same run the app shows, stopped exactly at each action's
//! iteration, giving the slides `ganscope lesson render` writes (one per caption or
//! question, one at the scene's end) and the numbers its claims are checked on.

use super::{Action, Expect, PHASE_METRICS, Scene, Stage, View, Visibility, run_metric};
use crate::engine::config::Experiment;
use crate::engine::figure1;
use crate::engine::gan::{Gan, GanError};
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
        Stage::Map(spec) => play_map(scene, spec, seed),
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
        for setting in &action.set {
            setting.apply(e);
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
    let view = scene.stage.view();
    for expect in &scene.expects {
        let value = window_value(expect, &samples);
        played.checks.push(Check {
            claim: expect.describe(view),
            value,
            holds: expect.holds(value),
        });
    }
    Ok(played)
}

/// The number an expectation judges: its statistic over the metric read at each of its
/// sample points, on its side, from `samples` (each iteration's metrics, one per run).
/// NaN when a point is missing: a claim is never judged on part of its window.
pub fn window_value(expect: &Expect, samples: &BTreeMap<u64, Vec<Metrics>>) -> f64 {
    let values: Option<Vec<f64>> = sample_points(expect)
        .iter()
        .map(|i| {
            samples
                .get(i)
                .and_then(|runs| runs.get(expect.side))
                .and_then(|m| run_metric(m, &expect.metric))
        })
        .collect();
    values.map_or(f64::NAN, |values| expect.stat.of(&values))
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
    let body = Picture::Panels(figure1_panels(&snapshots));
    Ok(still(scene, View::Figure1, body, |expect| {
        let panel = &snapshots[expect.panel.min(3)];
        // The parser let only the panel's own names through.
        figure1::panel_metric(&expect.metric).map_or(f64::NAN, |m| (m.read)(panel))
    }))
}

fn play_phase(scene: &Scene, figure: &PhaseFigure, settings: &crate::figure::phase::PhaseSettings) -> Played {
    still(scene, View::Phase, Picture::Phase(figure.clone()), |expect| {
        PHASE_METRICS
            .iter()
            .find(|m| m.name == expect.metric)
            .map_or(f64::NAN, |m| (m.read)(settings, figure))
    })
}

/// A scene shown as one picture (Figure 1's panels, the phase plane, a map): one slide,
/// and each claim's value as `read` finds it.
fn still(scene: &Scene, view: View, body: Picture, read: impl Fn(&Expect) -> f64) -> Played {
    let checks = scene
        .expects
        .iter()
        .map(|expect| {
            let value = read(expect);
            Check {
                claim: expect.describe(view),
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
            body,
        }],
        checks,
    }
}

/// A map scene: the map computed (on every core), its claims read from it, one slide.
/// `seed` moves a GAN map's seeds to start there.
fn play_map(scene: &Scene, spec: &crate::map::spec::Spec, seed: Option<u64>) -> Result<Played, GanError> {
    let failed = |e: String| GanError::Diverged(format!("the map could not be computed: {e}"));
    let mut request = spec.request().map_err(failed)?;
    if let (Some(first), crate::map::Game::Gan(_)) = (seed, &request.game) {
        request.seeds = crate::map::seeds_from("seeds", first, request.seeds.len() as u64)
            .map_err(|e| failed(e.to_string()))?;
    }
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let map = crate::map::compute(&request, &mut |_, _| {}, &cancel).map_err(|e| failed(e.to_string()))?;
    let body = Picture::Map(Box::new(map.clone()));
    Ok(still(scene, View::Map, body, |expect| {
        crate::map::MAP_METRICS
            .iter()
            .find(|m| m.name == expect.metric)
            .map_or(f64::NAN, |m| (m.read)(&map))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Stat;

    fn expect(metric: &str, at: u64, over: u64, stat: Stat, side: usize) -> Expect {
        Expect {
            metric: metric.into(),
            at,
            over,
            stat,
            side,
            panel: 0,
            below: Some(1.0),
            above: None,
        }
    }

    /// A made-up history of two runs, every 10 iterations up to 3,000: run A's W1 is
    /// iteration / 1000, run B's is 5 − iteration / 1000; B's mode masses are 0.1 and 0.9.
    fn history() -> BTreeMap<u64, Vec<Metrics>> {
        (0..=300)
            .map(|i| {
                let at = i * 10;
                let x = at as f64 / 1000.0;
                let a = Metrics {
                    w1: x,
                    ..Metrics::default()
                };
                let b = Metrics {
                    w1: 5.0 - x,
                    mode_masses: vec![0.1, 0.9],
                    ..Metrics::default()
                };
                (at, vec![a, b])
            })
            .collect()
    }

    #[test]
    fn a_window_reads_21_evenly_spaced_iterations_ending_at_its_iteration() {
        let points = sample_points(&expect("w1", 3000, 600, Stat::Mean, 0));
        let spaced: Vec<u64> = (0..=20).map(|i| 2400 + 30 * i).collect();
        assert_eq!(points, spaced);
        assert_eq!(sample_points(&expect("w1", 1200, 0, Stat::Mean, 0)), vec![1200]);
    }

    #[test]
    fn each_statistic_over_a_known_window() {
        let h = history();
        // A over 2,400-3,000: W1 from 2.4 to 3.0 in even steps.
        let value = |stat, side| window_value(&expect("w1", 3000, 600, stat, side), &h);
        assert!((value(Stat::Mean, 0) - 2.7).abs() < 1e-12);
        assert!((value(Stat::Max, 0) - 3.0).abs() < 1e-12);
        assert!((value(Stat::Min, 0) - 2.4).abs() < 1e-12);
        assert!((value(Stat::Range, 0) - 0.6).abs() < 1e-12);
        // B is the other run: 5 − W1 of A.
        assert!((value(Stat::Mean, 1) - 2.3).abs() < 1e-12);
        assert!((value(Stat::Max, 1) - 2.6).abs() < 1e-12);
        // One iteration, and a metric made of the mode masses.
        assert!((window_value(&expect("w1", 1200, 0, Stat::Mean, 0), &h) - 1.2).abs() < 1e-12);
        let largest = window_value(&expect("max_mode_mass", 3000, 0, Stat::Mean, 1), &h);
        assert!((largest - 0.9).abs() < 1e-12);
        let smallest = window_value(&expect("min_mode_mass", 3000, 0, Stat::Mean, 1), &h);
        assert!((smallest - 0.1).abs() < 1e-12);
    }

    /// A window with a missing iteration, a side that is not there, or an unknown metric
    /// is NaN, and NaN never holds: a claim is not judged on part of its window (a mean
    /// of nothing read 0 and passed any "below").
    #[test]
    fn a_partial_window_never_holds() {
        let h = history();
        for e in [
            expect("w1", 3005, 0, Stat::Mean, 0),
            expect("w1", 3100, 200, Stat::Mean, 0),
            expect("w1", 3000, 0, Stat::Mean, 2),
            expect("no_such_metric", 3000, 0, Stat::Mean, 0),
        ] {
            let value = window_value(&e, &h);
            assert!(value.is_nan(), "{e:?} read {value}");
            assert!(!e.holds(value));
        }
        assert!(Stat::Mean.of(&[]).is_nan());
    }

    /// Bounds are strict, and both must hold when both are given.
    #[test]
    fn bounds_are_strict() {
        let mut e = expect("w1", 0, 0, Stat::Mean, 0);
        e.above = Some(0.5);
        assert!(e.holds(0.75));
        assert!(!e.holds(1.0) && !e.holds(0.5) && !e.holds(1.5) && !e.holds(0.2));
        assert!(!e.holds(f64::INFINITY));
    }
}
