//! A lesson file (TOML) to a validated [`Lesson`]. Every name is looked up and every
//! setting applied to a copy of the scene's experiment here, so a lesson that loads
//! plays to its end; a lesson that does not gives one error naming the file, the line,
//! the scene and what is allowed, and nothing of it is used.

use super::{Action, Expect, Item, Lesson, Scene, Stage, Stat, View, Visibility};
use crate::engine::config::Experiment;
use crate::engine::dirac::Game;
use crate::engine::presets::{self, pairs};
use crate::figure::phase::{PHASE_NUMBERS, PhaseParam, PhaseSettings, START_PSI, START_THETA};
use crate::worker::{CLASS_PACE, FASTEST_LIMITED, SLOWEST, Speed};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A lesson that cannot be played, with where and why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct LessonError {
    /// One line: the file, the line, the scene, what is wrong and what is allowed.
    pub message: String,
}

/// Longest run a scene may ask for: a lesson is for watching, not for overnight runs.
pub const MAX_SCENE_STEPS: u64 = 1_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    title: Spanned<String>,
    #[serde(default)]
    scene: Vec<Spanned<RawScene>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScene {
    title: Spanned<String>,
    view: Option<Spanned<String>>,
    preset: Option<Spanned<String>>,
    fix: Option<Spanned<bool>>,
    set: Option<Spanned<toml::Table>>,
    pace: Option<Spanned<toml::Value>>,
    steps: Option<Spanned<i64>>,
    pair: Option<Spanned<String>>,
    phase: Option<Spanned<toml::Table>>,
    map: Option<Spanned<toml::Table>>,
    seed: Option<Spanned<i64>>,
    note: Option<String>,
    show: Option<Spanned<Vec<String>>>,
    hide: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    at: Vec<Spanned<RawAction>>,
    #[serde(default)]
    expect: Vec<Spanned<RawExpect>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    iteration: Spanned<i64>,
    #[serde(default)]
    pause: bool,
    set: Option<Spanned<toml::Table>>,
    fix: Option<Spanned<bool>>,
    caption: Option<String>,
    question: Option<Spanned<String>>,
    show: Option<Spanned<Vec<String>>>,
    hide: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    metric: Spanned<String>,
    at: Option<Spanned<i64>>,
    over: Option<Spanned<i64>>,
    stat: Option<Spanned<String>>,
    side: Option<Spanned<String>>,
    panel: Option<Spanned<String>>,
    below: Option<Spanned<f64>>,
    above: Option<Spanned<f64>>,
}

/// Where errors point: the file's name and text, and the scene being read.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
    scene: Option<(usize, String)>,
}

impl Source<'_> {
    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, span: Range<usize>, what: impl std::fmt::Display) -> LessonError {
        let scene = match &self.scene {
            Some((n, title)) => format!(" (scene {n}, \"{title}\")"),
            None => String::new(),
        };
        LessonError {
            message: format!(
                "lesson {}, line {}{scene}: {what}",
                self.name,
                self.line(span.start)
            ),
        }
    }
}

/// Reads a lesson from `text`; `name` (a file name, or `built-in NAME`) heads every
/// error message.
pub fn parse(name: &str, text: &str) -> Result<Lesson, LessonError> {
    let mut source = Source {
        name,
        text,
        scene: None,
    };
    let raw: RawLesson = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        source.error(
            span,
            format!(
                "{}; a lesson is `title = \"..\"` and [[scene]] tables",
                e.message().trim()
            ),
        )
    })?;
    if raw.title.get_ref().trim().is_empty() {
        return Err(source.error(raw.title.span(), "the lesson's title is empty; give it a title"));
    }
    if raw.scene.is_empty() {
        return Err(source.error(0..0, "the lesson has no scene; add at least one [[scene]] table"));
    }
    let mut scenes = Vec::new();
    for (i, scene) in raw.scene.into_iter().enumerate() {
        let span = scene.span();
        let scene = scene.into_inner();
        source.scene = Some((i + 1, scene.title.get_ref().clone()));
        scenes.push(read_scene(&source, span, scene)?);
    }
    Ok(Lesson {
        title: raw.title.into_inner(),
        scenes,
    })
}

/// Names and values, comma-separated.
fn list<T>(names: &[(&str, T)]) -> String {
    names.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

fn read_scene(source: &Source, span: Range<usize>, raw: RawScene) -> Result<Scene, LessonError> {
    if raw.title.get_ref().trim().is_empty() {
        return Err(source.error(raw.title.span(), "the scene's title is empty; give it a title"));
    }
    let view = match &raw.view {
        None => View::Live,
        Some(name) => View::find(name.get_ref()).ok_or_else(|| {
            source.error(
                name.span(),
                format!(
                    "unknown view '{}'; allowed: {}",
                    name.get_ref(),
                    View::names(&View::ALL)
                ),
            )
        })?,
    };
    let name = view.name();
    // Fields that only one view reads are refused elsewhere, so a typo in `view` is not
    // silently a different scene.
    let only = |field: &str, present: bool, views: &[View]| -> Result<(), LessonError> {
        if present && !views.contains(&view) {
            Err(source.error(
                span.clone(),
                format!(
                    "`{field}` has no meaning in a {name} scene; it is for: {}",
                    View::names(views)
                ),
            ))
        } else {
            Ok(())
        }
    };
    let training = [View::Live, View::Compare];
    only("preset", raw.preset.is_some(), &[View::Live])?;
    only("fix", raw.fix.is_some(), &[View::Live])?;
    only("set", raw.set.is_some(), &training)?;
    only("pace", raw.pace.is_some(), &training)?;
    only("steps", raw.steps.is_some(), &training)?;
    only("pair", raw.pair.is_some(), &[View::Compare])?;
    only("phase", raw.phase.is_some(), &[View::Phase])?;
    only("map", raw.map.is_some(), &[View::Map])?;
    only("seed", raw.seed.is_some(), &[View::Figure1])?;
    if !view.trains() && !raw.at.is_empty() {
        return Err(source.error(
            raw.at[0].span(),
            format!(
                "a {name} scene does not train over iterations, so it has no [[scene.at]] actions; they are for: {}",
                View::names(&training)
            ),
        ));
    }

    let (stage, default_steps) = match view {
        View::Live => live_stage(source, &raw, span.clone())?,
        View::Compare => compare_stage(source, &raw, span.clone())?,
        View::Figure1 => {
            let seed = match &raw.seed {
                Some(s) if *s.get_ref() >= 0 => *s.get_ref() as u64,
                Some(s) => {
                    return Err(source.error(
                        s.span(),
                        format!("seed = {} is negative; allowed: a whole number >= 0", s.get_ref()),
                    ));
                }
                None => crate::engine::figure1::DEFAULT_SEED,
            };
            (Stage::Figure1 { seed }, 0)
        }
        View::Phase => (Stage::Phase(phase_settings(source, raw.phase.as_ref())?), 0),
        View::Map => (
            Stage::Map(Box::new(map_request(source, raw.map.as_ref(), span.clone())?)),
            0,
        ),
    };

    let steps = match &raw.steps {
        Some(s) => {
            let v = *s.get_ref();
            if v < 1 || v as u64 > MAX_SCENE_STEPS {
                return Err(source.error(
                    s.span(),
                    format!("steps = {v} is out of range; allowed: 1 to {MAX_SCENE_STEPS}"),
                ));
            }
            v as u64
        }
        None => default_steps,
    };
    let pace = match &raw.pace {
        Some(p) => read_pace(source, p)?,
        None => CLASS_PACE,
    };

    let mut visible = Visibility::default();
    for (field, on) in [(&raw.show, true), (&raw.hide, false)] {
        for item in read_items(source, field.as_ref())? {
            visible.set(item, on);
        }
    }

    let mut actions = Vec::new();
    let mut running = match &stage {
        Stage::Live { experiment, .. } => vec![(**experiment).clone()],
        Stage::Compare { sides, .. } => vec![sides.0.clone(), sides.1.clone()],
        _ => Vec::new(),
    };
    let mut raw_actions = raw.at;
    raw_actions.sort_by_key(|a| *a.get_ref().iteration.get_ref());
    let mut cured = matches!(stage, Stage::Live { fix: true, .. });
    for action in raw_actions {
        let action_span = action.span();
        let action = read_action(
            source,
            &stage,
            steps,
            action_span,
            action.into_inner(),
            &mut running,
            &mut cured,
        )?;
        actions.push(action);
    }

    let expects = raw
        .expect
        .into_iter()
        .map(|e| read_expect(source, view, steps, e.into_inner()))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Scene {
        title: raw.title.into_inner(),
        stage,
        pace,
        steps,
        note: raw.note.unwrap_or_default(),
        visible,
        actions,
        expects,
    })
}

fn live_stage(source: &Source, raw: &RawScene, span: Range<usize>) -> Result<(Stage, u64), LessonError> {
    let (preset, preset_span) = match &raw.preset {
        Some(name) => match presets::find(name.get_ref()) {
            Some(p) => (p, name.span()),
            None => {
                return Err(source.error(
                    name.span(),
                    format!(
                        "unknown preset '{}'; allowed: {}",
                        name.get_ref(),
                        presets::names()
                    ),
                ));
            }
        },
        None => (presets::default_preset(), span),
    };
    let fix = raw.fix.as_ref().is_some_and(|f| *f.get_ref());
    let mut experiment = preset
        .experiment_with(fix)
        .map_err(|e| source.error(preset_span, e.replace("--fix", "fix = true")))?;
    if let Some(set) = &raw.set {
        apply_set(source, set, &mut experiment)?;
    }
    Ok((
        Stage::Live {
            preset,
            fix,
            experiment: Box::new(experiment),
        },
        preset.steps,
    ))
}

fn compare_stage(source: &Source, raw: &RawScene, span: Range<usize>) -> Result<(Stage, u64), LessonError> {
    let all = pairs::pairs();
    let Some(name) = &raw.pair else {
        return Err(source.error(
            span,
            format!("a compare scene needs `pair`; allowed: {}", pair_names(&all)),
        ));
    };
    // A failure's pair may be named by its preset alone.
    let index = all.iter().position(|p| {
        let full = p.name();
        full == *name.get_ref() || full.split(':').next() == Some(name.get_ref().as_str())
    });
    let Some(index) = index else {
        return Err(source.error(
            name.span(),
            format!("unknown pair '{}'; allowed: {}", name.get_ref(), pair_names(&all)),
        ));
    };
    let (mut a, mut b) = all[index].sides(&presets::base());
    if let Some(set) = &raw.set {
        apply_set(source, set, &mut a)?;
        apply_set(source, set, &mut b)?;
    }
    let steps = match &all[index] {
        pairs::Pair::FailureAndCure(p) => p.steps,
        pairs::Pair::Contrast(_) => presets::default_preset().steps,
    };
    Ok((
        Stage::Compare {
            pair: index,
            sides: Box::new((a, b)),
        },
        steps,
    ))
}

fn pair_names(all: &[pairs::Pair]) -> String {
    all.iter()
        .map(|p| format!("'{}'", p.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies a `set = {..}` table to `experiment`, naming the line of the table on error
/// (a refused table changes nothing).
fn apply_set(
    source: &Source,
    set: &Spanned<toml::Table>,
    experiment: &mut Experiment,
) -> Result<(), LessonError> {
    experiment
        .apply_table(set.get_ref())
        .map_err(|e| source.error(set.span(), format!("set: {e}")))
}

fn read_pace(source: &Source, pace: &Spanned<toml::Value>) -> Result<Speed, LessonError> {
    // The speed control's top end means "max", so a limited pace stays below it.
    let allowed =
        format!("allowed: iterations per second from {SLOWEST} to below {FASTEST_LIMITED}, or \"max\"");
    let limited = |v: f64| (SLOWEST..FASTEST_LIMITED).contains(&v);
    match pace.get_ref() {
        toml::Value::String(s) if s == "max" => Ok(Speed::Unlimited),
        toml::Value::Integer(i) if limited(*i as f64) => Ok(Speed::Limited(*i as f64)),
        toml::Value::Float(f) if limited(*f) => Ok(Speed::Limited(*f)),
        other => Err(source.error(pace.span(), format!("pace = {other} is not a pace; {allowed}"))),
    }
}

fn read_items(source: &Source, names: Option<&Spanned<Vec<String>>>) -> Result<Vec<Item>, LessonError> {
    let Some(names) = names else { return Ok(Vec::new()) };
    names
        .get_ref()
        .iter()
        .map(|name| {
            Item::find(name).ok_or_else(|| {
                source.error(
                    names.span(),
                    format!("unknown overlay or panel '{name}'; allowed: {}", Item::names()),
                )
            })
        })
        .collect()
}

fn read_action(
    source: &Source,
    stage: &Stage,
    steps: u64,
    span: Range<usize>,
    raw: RawAction,
    running: &mut [Experiment],
    cured: &mut bool,
) -> Result<Action, LessonError> {
    let iteration = *raw.iteration.get_ref();
    if iteration < 0 || iteration as u64 > steps {
        return Err(source.error(
            raw.iteration.span(),
            format!("iteration = {iteration} is outside the scene; allowed: 0 to its steps ({steps})"),
        ));
    }
    let fix = raw.fix.as_ref().is_some_and(|f| *f.get_ref());
    if let Some(f) = &raw.fix {
        if !*f.get_ref() {
            return Err(source.error(f.span(), "fix = false in an action turns nothing off; write fix = true to turn the cure on, or leave it out"));
        }
        let Stage::Live { preset, .. } = stage else {
            return Err(source.error(
                f.span(),
                "fix in an action needs a live scene of a preset with a cure",
            ));
        };
        let Some(cure) = &preset.cure else {
            return Err(source.error(
                f.span(),
                format!(
                    "preset '{}' shows no failure, so it has no cure to turn on; presets with a cure: {}",
                    preset.name,
                    presets::curable_names()
                ),
            ));
        };
        if *cured {
            return Err(source.error(f.span(), "the cure is already on in this scene"));
        }
        *cured = true;
        for e in running.iter_mut() {
            cure.apply_to(preset.name, e);
        }
    }
    let mut set = Vec::new();
    if let Some(table) = &raw.set {
        set = crate::engine::config::keys::settings_from_table(table.get_ref())
            .map_err(|e| source.error(table.span(), format!("set: {e}")))?;
        if let Some(setting) = set.iter().find(|s| s.key().rebuilds) {
            return Err(source.error(
                table.span(),
                format!(
                    "set: {} rebuilds the networks, which would restart the scene's run at iteration 0; \
                     set it in the scene's own `set`, or start a new scene",
                    setting.key().name
                ),
            ));
        }
        for e in running.iter_mut() {
            for setting in &set {
                setting.apply(e);
            }
        }
    }
    if raw.question.is_some() && raw.caption.is_none() {
        let span = raw.question.as_ref().map_or(span, Spanned::span);
        return Err(source.error(
            span,
            "a question needs the caption that answers it (revealed on the next key)",
        ));
    }
    Ok(Action {
        iteration: iteration as u64,
        // A question always waits for the class.
        pause: raw.pause || raw.question.is_some(),
        set,
        fix,
        caption: raw.caption,
        question: raw.question.map(Spanned::into_inner),
        show: read_items(source, raw.show.as_ref())?,
        hide: read_items(source, raw.hide.as_ref())?,
    })
}

fn read_expect(source: &Source, view: View, steps: u64, raw: RawExpect) -> Result<Expect, LessonError> {
    let metric = raw.metric.get_ref().clone();
    let known = super::metric_names(view);
    if !known.contains(&metric.as_str()) {
        return Err(source.error(
            raw.metric.span(),
            format!(
                "unknown metric '{metric}' for a {} scene; allowed: {}",
                view.name(),
                known.join(", ")
            ),
        ));
    }
    if raw.below.is_none() && raw.above.is_none() {
        return Err(source.error(raw.metric.span(), "an expectation needs `below`, `above` or both"));
    }
    let trains = view.trains();
    let whole = |field: &Option<Spanned<i64>>, name: &str, lo: i64| -> Result<Option<u64>, LessonError> {
        match field {
            Some(v) if !trains => {
                Err(source.error(v.span(), format!("`{name}` is for live and compare scenes")))
            }
            Some(v) if *v.get_ref() < lo || *v.get_ref() as u64 > steps => Err(source.error(
                v.span(),
                format!(
                    "{name} = {} is outside the scene; allowed: {lo} to its steps ({steps})",
                    v.get_ref()
                ),
            )),
            Some(v) => Ok(Some(*v.get_ref() as u64)),
            None => Ok(None),
        }
    };
    let at = whole(&raw.at, "at", 0)?.unwrap_or(steps);
    let over = whole(&raw.over, "over", 0)?.unwrap_or(0);
    if over > at {
        let span = raw.over.as_ref().map_or(0..0, Spanned::span);
        return Err(source.error(
            span,
            format!("over = {over} reaches back before iteration 0 from at = {at}"),
        ));
    }
    let stat = match &raw.stat {
        Some(s) => Stat::NAMES
            .iter()
            .find(|(n, _)| n == s.get_ref())
            .map(|(_, st)| *st)
            .ok_or_else(|| {
                source.error(
                    s.span(),
                    format!("unknown stat '{}'; allowed: {}", s.get_ref(), list(Stat::NAMES)),
                )
            })?,
        None => Stat::Mean,
    };
    let side = match &raw.side {
        Some(s) if view != View::Compare => {
            return Err(source.error(s.span(), "`side` is for compare scenes"));
        }
        Some(s) => match s.get_ref().as_str() {
            "a" | "A" => 0,
            "b" | "B" => 1,
            other => return Err(source.error(s.span(), format!("unknown side '{other}'; allowed: a, b"))),
        },
        None if view == View::Compare => {
            return Err(source.error(
                raw.metric.span(),
                "an expectation of a compare scene names its side: side = \"a\" or \"b\"",
            ));
        }
        None => 0,
    };
    let panel = match &raw.panel {
        Some(p) if view != View::Figure1 => {
            return Err(source.error(p.span(), "`panel` is for figure1 scenes"));
        }
        Some(p) => match p.get_ref().as_str() {
            "a" => 0,
            "b" => 1,
            "c" => 2,
            "d" => 3,
            other => {
                return Err(source.error(p.span(), format!("unknown panel '{other}'; allowed: a, b, c, d")));
            }
        },
        None if view == View::Figure1 => {
            return Err(source.error(
                raw.metric.span(),
                "an expectation of a figure1 scene names its panel: a, b, c or d",
            ));
        }
        None => 0,
    };
    for bound in [&raw.below, &raw.above].into_iter().flatten() {
        if !bound.get_ref().is_finite() {
            return Err(source.error(bound.span(), "a bound must be a finite number"));
        }
    }
    Ok(Expect {
        metric,
        at,
        over,
        stat,
        side,
        panel,
        below: raw.below.map(Spanned::into_inner),
        above: raw.above.map(Spanned::into_inner),
    })
}

/// A map scene's `map = { game, preset, fix, set, x, y, steps, seeds, seed }`, read as
/// the Map tab reads its form ([`crate::map::spec::Spec`]) and checked whole as the tab
/// checks it before computing, every message naming the key.
fn map_request(
    source: &Source,
    table: Option<&Spanned<toml::Table>>,
    scene: Range<usize>,
) -> Result<crate::map::spec::Spec, LessonError> {
    use crate::map::spec::Spec;
    let Some(table) = table else {
        return Err(source.error(
            scene,
            "a map scene needs `map = { x = \"KEY=LO..HI:lin|log:COUNT\", y = \"...\" }` (and game, preset, set, steps, seeds)",
        ));
    };
    let span = table.span();
    let fail = |message: String| source.error(span.clone(), message);
    let text = |key: &str| -> Result<Option<String>, LessonError> {
        match table.get_ref().get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(fail(format!(
                "map.{key} = {other} is not text; write it in quotes"
            ))),
        }
    };
    let whole = |key: &str| -> Result<Option<u64>, LessonError> {
        match table.get_ref().get(key) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) if *i >= 0 => Ok(Some(*i as u64)),
            Some(other) => Err(fail(format!("map.{key} = {other}: allowed: a whole number >= 0"))),
        }
    };
    const KEYS: [&str; 9] = ["game", "preset", "fix", "set", "x", "y", "steps", "seeds", "seed"];
    if let Some(unknown) = table.get_ref().keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(fail(format!(
            "map.{unknown} is not a map setting; allowed: {}",
            KEYS.join(", ")
        )));
    }
    let dirac = match text("game")?.as_deref() {
        None | Some("gan") => false,
        Some("dirac") => true,
        Some(other) => return Err(fail(format!("map.game = \"{other}\"; allowed: gan, dirac"))),
    };
    let preset = crate::engine::presets::named(text("preset")?.as_deref().unwrap_or("figure1"))
        .map_err(|e| fail(format!("map.preset: {e}")))?;
    let (Some(x), Some(y)) = (text("x")?, text("y")?) else {
        return Err(fail(
            "map needs both axes: x = \"KEY=LO..HI:lin|log:COUNT\" and y = \"...\"".into(),
        ));
    };
    let mut spec = Spec::new(dirac, preset, &x, &y);
    spec.fix = match table.get_ref().get("fix") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(other) => return Err(fail(format!("map.fix = {other}: allowed: true, false"))),
    };
    spec.set = text("set")?.unwrap_or_default();
    if let Some(steps) = whole("steps")? {
        spec.steps = steps;
    }
    if let Some(seeds) = whole("seeds")? {
        spec.seeds = seeds;
    }
    if let Some(seed) = whole("seed")? {
        spec.seed = seed;
    }
    spec.request().map_err(|e| fail(format!("map: {e}")))?;
    Ok(spec)
}

/// The phase plane of a scene: `phase = { game, step, gamma, noise, steps, start }`,
/// each checked against the ranges of `ganscope phase`.
fn phase_settings(
    source: &Source,
    table: Option<&Spanned<toml::Table>>,
) -> Result<PhaseSettings, LessonError> {
    let mut settings = PhaseSettings::default();
    let Some(table) = table else { return Ok(settings) };
    let span = table.span();
    let number = |key: &str, v: &toml::Value| -> Result<f64, LessonError> {
        match v {
            toml::Value::Float(f) if f.is_finite() => Ok(*f),
            toml::Value::Integer(i) => Ok(*i as f64),
            other => Err(source.error(span.clone(), format!("phase.{key} = {other} is not a number"))),
        }
    };
    let within = |param: &PhaseParam, v: f64| -> Result<f64, LessonError> {
        param
            .check(v)
            .map_err(|e| source.error(span.clone(), format!("phase.{} = {v} is {e}", param.name)))
    };
    let mut loss = None;
    let mut game_name = None;
    for (key, value) in table.get_ref() {
        match key.as_str() {
            "game" | "loss" => {
                let toml::Value::String(name) = value else {
                    return Err(source.error(span.clone(), format!("phase.{key} = {value} is not a name")));
                };
                if key == "game" {
                    game_name = Some(name.clone());
                } else {
                    loss = Some(name.clone());
                }
            }
            "start" => {
                let toml::Value::Array(xy) = value else {
                    return Err(source.error(span.clone(), "phase.start is [theta, psi], two numbers"));
                };
                let [t, p] = xy.as_slice() else {
                    return Err(source.error(span.clone(), "phase.start is [theta, psi], two numbers"));
                };
                settings.start = (
                    within(&START_THETA, number(key, t)?)?,
                    within(&START_PSI, number(key, p)?)?,
                );
            }
            name if PHASE_NUMBERS.iter().any(|p| p.name == name) => {
                for param in PHASE_NUMBERS.iter().filter(|p| p.name == name) {
                    let v = within(param, number(key, value)?)?;
                    (param.put)(&mut settings, v);
                }
            }
            other => {
                return Err(source.error(
                    span.clone(),
                    format!("unknown phase setting '{other}'; allowed: game, loss, step, gamma, noise, steps, start"),
                ));
            }
        }
    }
    let games = "gan, bilinear";
    let losses = "minimax, non-saturating, wasserstein";
    settings.dirac.game = match (game_name.as_deref().unwrap_or("gan"), loss.as_deref()) {
        ("gan", None | Some("minimax")) => Game::Gan,
        ("gan", Some("non-saturating")) => Game::NonSaturating,
        ("gan", Some("wasserstein")) => Game::Wasserstein,
        ("gan", Some(other)) => {
            return Err(source.error(span, format!("unknown phase.loss '{other}'; allowed: {losses}")));
        }
        ("bilinear", None) => Game::Bilinear,
        ("bilinear", Some(_)) => {
            return Err(source.error(
                span,
                "the bilinear game has no loss to choose; leave phase.loss out",
            ));
        }
        (other, _) => {
            return Err(source.error(span, format!("unknown phase.game '{other}'; allowed: {games}")));
        }
    };
    if settings.dirac.game == Game::Bilinear && settings.dirac.instance_noise > 0.0 {
        return Err(source.error(
            span,
            "instance noise cannot act on the bilinear game (it has no data points); leave phase.noise out",
        ));
    }
    Ok(settings)
}
