//! What is on screen as a link: an experiment (a preset, its cure, the keys changed from
//! it, the seed, the view) or a lecture at a scene, written in a URL's fragment:
//!
//! - `#preset=ring&fix&set=lr_g:0.002&set=k:2&seed=7&view=compare`
//! - `#preset=ganlab&seed=3&pause=2000` (train to iteration 2000 and stand paused there)
//! - `#preset=ring&speed=max` (the pace: `max`, or iterations per second)
//! - `#lesson=gan-lecture&scene=4` (scenes count from 1, as the strip shows them)
//! - `#view=map&preset=figure1&set=hidden:16&x=lr_d=1e-4..1e-1:log:6&y=lr_g=1e-4..1e-1:log:6&steps=1000`
//!   (a stability map, computed when it opens: `x`/`y` as `ganscope map --x` writes them,
//!   `steps`, `seeds`, `seed`, and `game=dirac` for the Dirac-GAN, whose `set` takes its
//!   own keys)
//!
//! Every value goes through the same checks as the command line (the key table's
//! `Key::parse`, the preset and lesson names), so a bad link gives the same one-line
//! message `ganscope train` would. Platform-free: the browser build reads and writes it;
//! tests check it here. Values are percent-encoded where a URL needs it (a formula's
//! spaces).

use crate::engine::config::keys::{self, Setting};
use crate::engine::config::{ConfigError, Experiment};
use crate::engine::presets::{self, Preset};
use crate::lesson::{View, builtin};
use crate::worker::{FASTEST_LIMITED, SLOWEST, Speed};

/// What a link opens.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// An experiment.
    Run {
        /// The preset it starts from.
        preset: &'static Preset,
        /// With the preset's cure.
        fix: bool,
        /// The keys changed from the preset, in the link's order.
        settings: Vec<Setting>,
        /// The seed, when the link names one.
        seed: Option<u64>,
        /// The view on show.
        view: View,
        /// Train to this iteration and pause there, when the link says so.
        pause: Option<u64>,
        /// The pace, when the link sets one.
        speed: Option<Speed>,
    },
    /// A stability map, computed when it opens.
    Map(Box<crate::map::spec::Spec>),
    /// A built-in lesson at a scene.
    Lesson {
        /// The built-in lesson's name.
        name: &'static str,
        /// The scene, from 0.
        scene: usize,
    },
}

impl Default for Link {
    fn default() -> Self {
        Link::Run {
            preset: presets::default_preset(),
            fix: false,
            settings: Vec::new(),
            seed: None,
            view: View::Live,
            pause: None,
            speed: None,
        }
    }
}

impl Link {
    /// Reads a URL's fragment (with or without its `#`); an empty one is the default run.
    pub fn parse(fragment: &str) -> Result<Link, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let mut preset = None;
        let mut fix = false;
        let mut settings = Vec::new();
        let mut seed = None;
        let mut view = None;
        let mut lesson = None;
        let mut scene = None;
        let mut pause = None;
        let mut speed = None;
        // The map's parts, and every `set` as written (a Dirac-GAN map's keys are its own).
        let mut map = MapParts::default();
        let mut sets = Vec::new();
        for part in fragment.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = match part.split_once('=') {
                Some((n, v)) => (n, Some(decode(v)?)),
                None => (part, None),
            };
            let needs = |what: &str| {
                value
                    .clone()
                    .ok_or(format!("link: {name} needs a value, e.g. {name}={what}"))
            };
            match name {
                "preset" => preset = Some(presets::named(&needs("ring")?)?),
                "fix" if value.is_none() => fix = true,
                "set" => sets.push(needs("lr_g:0.002")?),
                "x" => map.x = Some(needs("lr_d=1e-4..1e-1:log:6")?),
                "y" => map.y = Some(needs("lr_g=1e-4..1e-1:log:6")?),
                "steps" => map.steps = Some(whole(name, &needs("1000")?)?),
                "seeds" => map.seeds = Some(whole(name, &needs("3")?)?),
                "game" => {
                    let text = needs("dirac")?;
                    map.dirac = match text.trim() {
                        "gan" => false,
                        "dirac" => true,
                        other => return Err(format!("link: game = '{other}'; allowed: gan, dirac")),
                    };
                    map.named = true;
                }
                "seed" => {
                    let text = needs("7")?;
                    let key = keys::named("seed");
                    let parsed = key.parse(&text).map_err(|e| e.to_string())?;
                    seed = Some(match parsed.value() {
                        keys::Value::Whole(v) => *v,
                        _ => 0,
                    });
                }
                "pause" => {
                    let text = needs("2000")?;
                    pause = Some(text.trim().parse::<u64>().map_err(|_| {
                        format!("link: pause = '{text}'; allowed: a whole number of iterations")
                    })?);
                }
                "speed" => speed = Some(pace(&needs("max")?)?),
                "view" => {
                    let text = needs("compare")?;
                    view = Some(View::find(&text).ok_or(format!(
                        "link: unknown view '{text}'; allowed: {}",
                        View::names(&View::ALL)
                    ))?);
                }
                "lesson" => {
                    let text = needs("gan-lecture")?;
                    let found = builtin::find(&text).ok_or(format!(
                        "link: unknown lesson '{text}'; allowed: {}",
                        builtin::BUILTINS
                            .iter()
                            .map(|b| b.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))?;
                    lesson = Some(found);
                }
                "scene" => {
                    let text = needs("4")?;
                    scene = Some(
                        text.trim()
                            .parse::<usize>()
                            .ok()
                            .filter(|s| *s >= 1)
                            .ok_or(format!("link: scene = '{text}'; allowed: a scene number from 1"))?,
                    );
                }
                other => {
                    return Err(format!(
                        "link: unknown part '{other}'; allowed: preset, fix, set, seed, view, pause, speed, lesson, scene, and for view=map: x, y, steps, seeds, game"
                    ));
                }
            }
        }
        let is_map = view == Some(View::Map) && (map.x.is_some() || map.y.is_some());
        if !is_map && map.any() {
            return Err("link: x, y, steps, seeds and game make a map: add view=map and both axes, e.g. view=map&x=lr_d=1e-4..1e-1:log:6&y=lr_g=1e-4..1e-1:log:6".into());
        }
        if is_map {
            if lesson.is_some() || scene.is_some() || pause.is_some() || speed.is_some() {
                return Err("link: a map link names no lesson, scene, pause or speed".into());
            }
            return map_link(map, preset, fix, &sets, seed);
        }
        for text in &sets {
            settings.push(setting(text)?);
        }
        match lesson {
            Some(found) => {
                if preset.is_some()
                    || fix
                    || !settings.is_empty()
                    || seed.is_some()
                    || view.is_some()
                    || pause.is_some()
                    || speed.is_some()
                {
                    return Err("link: a lesson link names only lesson and scene".into());
                }
                let count = found.lesson().map_err(|e| e.to_string())?.scenes.len();
                let scene = scene.unwrap_or(1);
                if scene > count {
                    return Err(format!(
                        "link: scene {scene} is past the end; {} has scenes 1 to {count}",
                        found.name
                    ));
                }
                Ok(Link::Lesson {
                    name: found.name,
                    scene: scene - 1,
                })
            }
            None if scene.is_some() => {
                Err("link: scene needs a lesson, e.g. lesson=gan-lecture&scene=4".into())
            }
            None => {
                let preset = preset.unwrap_or_else(presets::default_preset);
                if fix && preset.cure.is_none() {
                    return Err(preset.experiment_with(true).err().unwrap_or_default());
                }
                Ok(Link::Run {
                    preset,
                    fix,
                    settings,
                    seed,
                    view: view.unwrap_or(View::Live),
                    pause,
                    speed,
                })
            }
        }
    }

    /// The link to a map computed from `spec`.
    pub fn to_map(spec: &crate::map::spec::Spec) -> Link {
        Link::Map(Box::new(spec.clone()))
    }

    /// The experiment a run link reproduces, in the command line's order: the preset (with
    /// its cure), the seed, then each setting. `None` for a lesson link.
    pub fn experiment(&self) -> Option<Experiment> {
        let Link::Run {
            preset,
            fix,
            settings,
            seed,
            ..
        } = self
        else {
            return None;
        };
        let mut experiment = start_of(preset, *fix);
        if let Some(seed) = seed {
            experiment.seed = *seed;
        }
        for setting in settings {
            setting.apply(&mut experiment);
        }
        Some(experiment)
    }

    /// The link to `experiment` started from `preset` (cured when `fix`), shown in
    /// `view`: only the keys it changes from the preset are written.
    pub fn to_run(preset: &'static Preset, fix: bool, experiment: &Experiment, view: View) -> Link {
        let from = start_of(preset, fix);
        let settings = keys::differing(&from, experiment)
            .filter(|k| k.name != "seed")
            .filter_map(|k| k.parse(&k.text(experiment)).ok())
            .collect();
        let seed = (experiment.seed != from.seed).then_some(experiment.seed);
        Link::Run {
            preset,
            fix,
            settings,
            seed,
            view,
            pause: None,
            speed: None,
        }
    }

    /// The link as a URL fragment, with its `#`; [`Link::parse`] reads it back.
    pub fn to_fragment(&self) -> String {
        let mut parts = Vec::new();
        match self {
            Link::Lesson { name, scene } => {
                parts.push(format!("lesson={}", encode(name)));
                parts.push(format!("scene={}", scene + 1));
            }
            Link::Map(spec) => {
                parts.push("view=map".into());
                if spec.dirac {
                    parts.push("game=dirac".into());
                } else {
                    parts.push(format!("preset={}", spec.preset.name));
                    if spec.fix {
                        parts.push("fix".into());
                    }
                }
                for (key, value) in spec.assignments().unwrap_or_default() {
                    parts.push(format!("set={}:{}", encode(key), encode(value)));
                }
                parts.push(format!("x={}", encode(&spec.x)));
                parts.push(format!("y={}", encode(&spec.y)));
                parts.push(format!("steps={}", spec.steps));
                if !spec.dirac {
                    if spec.seeds > 1 {
                        parts.push(format!("seeds={}", spec.seeds));
                    }
                    parts.push(format!("seed={}", spec.seed));
                }
            }
            Link::Run {
                preset,
                fix,
                settings,
                seed,
                view,
                pause,
                speed,
            } => {
                parts.push(format!("preset={}", preset.name));
                if *fix {
                    parts.push("fix".into());
                }
                for s in settings {
                    parts.push(format!(
                        "set={}:{}",
                        s.key().name,
                        encode(&s.key().render(s.value()))
                    ));
                }
                if let Some(seed) = seed {
                    parts.push(format!("seed={seed}"));
                }
                if *view != View::Live {
                    parts.push(format!("view={}", view.name()));
                }
                if let Some(pause) = pause {
                    parts.push(format!("pause={pause}"));
                }
                match speed {
                    Some(Speed::Unlimited) => parts.push("speed=max".into()),
                    Some(Speed::Limited(rate)) => parts.push(format!("speed={rate}")),
                    None => {}
                }
            }
        }
        format!("#{}", parts.join("&"))
    }
}

/// The parts of a map link, as read.
#[derive(Default)]
struct MapParts {
    x: Option<String>,
    y: Option<String>,
    steps: Option<u64>,
    seeds: Option<u64>,
    dirac: bool,
    /// `game` was given.
    named: bool,
}

impl MapParts {
    fn any(&self) -> bool {
        self.x.is_some() || self.y.is_some() || self.steps.is_some() || self.seeds.is_some() || self.named
    }
}

/// A map link's spec, checked whole as the Map tab checks its form.
fn map_link(
    map: MapParts,
    preset: Option<&'static Preset>,
    fix: bool,
    sets: &[String],
    seed: Option<u64>,
) -> Result<Link, String> {
    use crate::map::spec::Spec;
    let (Some(x), Some(y)) = (map.x, map.y) else {
        return Err(
            "link: a map needs both axes, x and y, e.g. x=lr_d=1e-4..1e-1:log:6&y=lr_g=1e-4..1e-1:log:6"
                .into(),
        );
    };
    if map.dirac && (preset.is_some() || fix) {
        return Err("link: preset and fix are for a GAN map; the Dirac-GAN takes set=step:, gamma:, noise:, scheme:, game:".into());
    }
    let preset = preset.unwrap_or_else(presets::default_preset);
    let mut spec = Spec::new(map.dirac, preset, &x, &y);
    spec.fix = fix;
    let assignments = sets
        .iter()
        .map(|text| {
            text.split_once(':')
                .map(|(k, v)| format!("{}={}", k.trim(), v.trim()))
                .ok_or(format!(
                    "link: set = '{text}'; expected KEY:VALUE, e.g. set=lr_g:0.002"
                ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    spec.set = assignments.join(", ");
    if let Some(steps) = map.steps {
        spec.steps = steps;
    }
    if let Some(seeds) = map.seeds {
        spec.seeds = seeds;
    }
    if let Some(seed) = seed {
        spec.seed = seed;
    }
    spec.request().map_err(|e| format!("link: {e}"))?;
    Ok(Link::Map(Box::new(spec)))
}

/// A whole number for part `name`.
fn whole(name: &str, text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("link: {name} = '{text}'; allowed: a whole number"))
}

/// `key:value` as a checked setting; the key table's message when refused.
fn setting(text: &str) -> Result<Setting, String> {
    let (name, value) = text.split_once(':').ok_or(format!(
        "link: set = '{text}'; expected KEY:VALUE, e.g. set=lr_g:0.002"
    ))?;
    let key = keys::find(name.trim()).ok_or_else(|| {
        ConfigError {
            key: "key".into(),
            value: name.trim().into(),
            allowed: format!("unknown key; allowed keys: {}", keys::names_list()),
        }
        .to_string()
    })?;
    key.parse(value).map_err(|e| e.to_string())
}

/// Percent-encodes what a fragment cannot hold as it is (`:` and `=` it can: a map's axis
/// reads as written).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b':'
            | b'=' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The experiment a run link starts from: `preset`, cured when `fix` (a link to a cure
/// that does not exist is refused by [`Link::parse`], so the plain preset stands in only
/// for a link built by hand).
fn start_of(preset: &Preset, fix: bool) -> Experiment {
    preset
        .experiment_with(fix)
        .unwrap_or_else(|_| preset.experiment())
}

/// Reads a pace: `max`, or iterations per second within the speed slider's range.
fn pace(text: &str) -> Result<Speed, String> {
    if text.trim() == "max" {
        return Ok(Speed::Unlimited);
    }
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|rate| (SLOWEST..=FASTEST_LIMITED).contains(rate))
        .map(Speed::Limited)
        .ok_or(format!(
            "link: speed = '{text}'; allowed: max, or iterations per second from {SLOWEST} to {FASTEST_LIMITED}"
        ))
}

/// Undoes [`encode`] (and any other percent-encoding a browser applied).
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(format!("link: '{text}' has a broken %-escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("link: '{text}' is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_link_reproduces_the_command_lines_experiment() {
        let link = Link::parse("#preset=ring&fix&set=lr_g:0.002&set=k:2&seed=7&view=compare").unwrap();
        let mut cli = presets::named("ring").unwrap().experiment_with(true).unwrap();
        cli.seed = 7;
        cli.set("lr_g", "0.002").unwrap();
        cli.set("k", "2").unwrap();
        assert_eq!(link.experiment(), Some(cli));
        assert!(matches!(
            link,
            Link::Run {
                view: View::Compare,
                pause: None,
                speed: None,
                ..
            }
        ));
        // Written back, read again: the same link.
        assert_eq!(Link::parse(&link.to_fragment()).unwrap(), link);
        // A pause point survives the round trip.
        let paused = Link::parse("#preset=ganlab&seed=3&pause=2000&speed=max").unwrap();
        assert!(matches!(
            paused,
            Link::Run {
                pause: Some(2000),
                speed: Some(Speed::Unlimited),
                ..
            }
        ));
        assert_eq!(Link::parse(&paused.to_fragment()).unwrap(), paused);
        // An empty fragment is the app's default run.
        assert_eq!(Link::parse("").unwrap().experiment(), Some(Experiment::default()));
    }

    #[test]
    fn a_link_to_an_edited_run_names_only_its_changes_and_survives_a_formula() {
        let preset = presets::named("mode-collapse").unwrap();
        let mut e = preset.experiment();
        e.set("target", "0.3*N(1, 0.5) + 0.7*N(6, 1)").unwrap();
        e.set("lr_d", "0.003").unwrap();
        e.seed = 12;
        let link = Link::to_run(preset, false, &e, View::Live);
        let fragment = link.to_fragment();
        assert!(
            fragment.starts_with("#preset=mode-collapse&set=target:"),
            "{fragment}"
        );
        assert!(
            !fragment.contains(' ') && !fragment.contains("batch"),
            "{fragment}"
        );
        assert_eq!(Link::parse(&fragment).unwrap().experiment(), Some(e));
    }

    #[test]
    fn a_lesson_link_opens_at_its_scene() {
        let link = Link::parse("#lesson=gan-lecture&scene=4").unwrap();
        assert_eq!(
            link,
            Link::Lesson {
                name: "gan-lecture",
                scene: 3
            }
        );
        assert_eq!(link.to_fragment(), "#lesson=gan-lecture&scene=4");
    }

    /// Every bad link is refused with one line naming what was wrong and what is
    /// allowed, the key table's own message for a key.
    #[test]
    fn a_map_link_reads_back_what_it_wrote() {
        let text =
            "#view=map&preset=ring&fix&set=hidden:16&x=lr_d=1e-4..1e-1:log:6&y=loss&steps=800&seeds=3&seed=9";
        let Link::Map(spec) = Link::parse(text).unwrap() else {
            panic!("a map link");
        };
        assert_eq!(
            (
                spec.preset.name,
                spec.fix,
                spec.set.as_str(),
                spec.x.as_str(),
                spec.y.as_str()
            ),
            ("ring", true, "hidden=16", "lr_d=1e-4..1e-1:log:6", "loss")
        );
        assert_eq!(
            (spec.steps, spec.seeds, spec.seed, spec.dirac),
            (800, 3, 9, false)
        );
        let again = Link::parse(&Link::Map(spec.clone()).to_fragment()).unwrap();
        assert_eq!(again, Link::Map(spec));
        let dirac =
            "#view=map&game=dirac&set=scheme:alternating&x=step=0.02..2:log:16&y=gamma=0..0.6:12&steps=3000";
        let Link::Map(spec) = Link::parse(dirac).unwrap() else {
            panic!("a Dirac-GAN map link");
        };
        assert!(spec.dirac && spec.set == "scheme=alternating");
        assert_eq!(Link::Map(spec).to_fragment(), dirac);
        // The map tab without axes is a run link, showing the tab.
        assert!(matches!(
            Link::parse("#view=map").unwrap(),
            Link::Run { view: View::Map, .. }
        ));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let cases: [(&str, &[&str]); 23] = [
            (
                "#view=map&x=loss&y=k=1,2&seeds=18446744073709551615",
                &["seeds 18446744073709551615: allowed 1 to 16"],
            ),
            (
                "#view=map&game=dirac&x=step=0.1,0.2&y=gamma=0,0.1&steps=4611686018427387904",
                &["more than 2^64 iterations, over the cap"],
            ),
            (
                "#x=loss&y=k=1,2",
                &["x, y, steps, seeds and game make a map", "view=map"],
            ),
            ("#view=map&x=loss", &["a map needs both axes"]),
            (
                "#view=map&x=lr_d=0.1..0.001:log:4&y=loss",
                &["x 'lr_d=0.1..0.001:log:4'"],
            ),
            (
                "#view=map&game=dirac&preset=ring&x=step=0.1,0.2&y=gamma=0,0.1",
                &["preset and fix are for a GAN map"],
            ),
            (
                "#view=map&x=loss&y=k=1,2&pause=5",
                &["a map link names no lesson"],
            ),
            (
                "#speed=fast",
                &["speed = 'fast'", "max, or iterations per second"],
            ),
            ("#pause=soon", &["pause = 'soon'", "whole number"]),
            ("#lesson=gan-lecture&pause=9", &["names only lesson and scene"]),
            ("#preset=rnig", &["unknown preset 'rnig'", "allowed:", "ring"]),
            ("#set=lr_q:0.1", &["lr_q", "unknown key", "allowed keys:"]),
            ("#set=lr_g:-1", &["lr_g", "-1", "allowed"]),
            ("#set=lr_g", &["expected KEY:VALUE"]),
            ("#set=target:N(0,-1)", &["target", "sigma"]),
            ("#seed=-3", &["seed", "-3"]),
            (
                "#lesson=gan-lecture&scene=99",
                &["scene 99 is past the end", "scenes 1 to"],
            ),
            ("#lesson=nope", &["unknown lesson 'nope'", "gan-lecture"]),
            ("#scene=2", &["scene needs a lesson"]),
            (
                "#view=maps",
                &["unknown view 'maps'", "live, figure1, phase, compare, map"],
            ),
            ("#preset=figure1&fix", &["no failure", "--fix"]),
            ("#%zz&&garbage", &["unknown part '%zz'", "allowed: preset, fix"]),
            ("#set=k:%zz", &["broken %-escape"]),
        ];
        for (link, words) in cases {
            let message = Link::parse(link).expect_err(link);
            assert!(!message.contains('\n'), "{link}: {message}");
            for word in words {
                assert!(message.contains(word), "{link}: '{message}' lacks '{word}'");
            }
        }
        let cli = presets::named("rnig").unwrap_err();
        assert_eq!(
            Link::parse("#preset=rnig").unwrap_err(),
            cli,
            "the CLI's own message"
        );
    }
}
