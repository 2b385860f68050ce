//! Every setting of an experiment, described once: its name, what it means, the values
//! it allows, its default (`Experiment::default()`, the figure1 preset every run starts
//! from) and whether changing it rebuilds the networks. A value is parsed here once, from
//! text or TOML, into a checked [`Setting`] that is applied later without failing. Parsing `--set` and TOML, the error messages, the comments of
//! `ganscope config`, the app's sliders and drop-downs, the README's key table and
//! `ganscope keys` all read this table, so they cannot drift apart.

use super::choices::{Activation, Choice, DeviceKind, Loss, Noise, OptimizerKind, Updates};
use super::{ConfigError, Experiment};
use crate::engine::target::{TARGET_GRAMMAR, Target};

/// One settable key.
pub struct Key {
    /// Name in TOML, `--set` and the app.
    pub name: &'static str,
    /// What the key means, in a few words.
    pub meaning: &'static str,
    /// Which values it takes, and how to read and write it on an [`Experiment`].
    pub domain: Domain,
    /// True when a new value needs new networks (shape, noise, seed, device): the
    /// training restarts. Everything else changes between two iterations.
    pub rebuilds: bool,
}

/// The values a key allows, with typed access to its field of the [`Experiment`].
pub enum Domain {
    /// A target formula.
    Formula {
        /// Reads the field.
        get: fn(&Experiment) -> &Target,
        /// Writes the field.
        put: fn(&mut Experiment, Target),
    },
    /// One of a fixed list of names.
    Choice {
        /// The names and their help, in menu order.
        choices: &'static [Choice],
        /// The position of the current value in `choices`.
        get: fn(&Experiment) -> usize,
        /// Sets the value at a position in `choices`.
        put: fn(&mut Experiment, usize),
    },
    /// A whole number in `min..=max`.
    Whole {
        /// Smallest allowed value.
        min: u64,
        /// Largest allowed value.
        max: u64,
        /// A slider for it is logarithmic (the range spans decades).
        log: bool,
        /// Reads the field.
        get: fn(&Experiment) -> u64,
        /// Writes the field.
        put: fn(&mut Experiment, u64),
    },
    /// A finite real number above `min` (or at it, when `min_inclusive`) and at most `max`.
    Real {
        /// Lower bound.
        min: f64,
        /// Whether `min` itself is allowed.
        min_inclusive: bool,
        /// Largest allowed value.
        max: f64,
        /// Smallest positive value a slider reaches; sliders are logarithmic from it.
        slider_floor: f64,
        /// Reads the field.
        get: fn(&Experiment) -> f64,
        /// Writes the field.
        put: fn(&mut Experiment, f64),
    },
    /// true or false.
    Flag {
        /// Reads the field.
        get: fn(&Experiment) -> bool,
        /// Writes the field.
        put: fn(&mut Experiment, bool),
    },
}

/// The TOML type a key's value has in a config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TomlKind {
    /// A quoted string (formulas and names).
    Text,
    /// A whole number.
    Integer,
    /// A number (a whole number is accepted too).
    Float,
    /// true or false.
    Bool,
}

impl Key {
    /// The TOML type of the key's value.
    pub fn toml_kind(&self) -> TomlKind {
        match self.domain {
            Domain::Formula { .. } | Domain::Choice { .. } => TomlKind::Text,
            Domain::Whole { .. } => TomlKind::Integer,
            Domain::Real { .. } => TomlKind::Float,
            Domain::Flag { .. } => TomlKind::Bool,
        }
    }

    /// The allowed values in words, as error messages and `ganscope config` say them.
    pub fn allowed(&self) -> String {
        match &self.domain {
            Domain::Formula { .. } => TARGET_GRAMMAR.to_string(),
            Domain::Choice { choices, .. } => names(choices, ""),
            Domain::Whole { min, max, .. } if *max == u64::MAX => format!("a whole number >= {min}"),
            Domain::Whole { min, max, .. } => format!("a whole number from {min} to {max}"),
            Domain::Real {
                min,
                min_inclusive,
                max,
                ..
            } => format!(
                "a number {} {min} and <= {max}",
                if *min_inclusive { ">=" } else { ">" }
            ),
            Domain::Flag { .. } => "true or false".into(),
        }
    }

    /// The allowed values for the README's table (names in backticks).
    pub fn allowed_markdown(&self) -> String {
        match &self.domain {
            Domain::Choice { choices, .. } => names(choices, "`"),
            Domain::Flag { .. } => "`true`, `false`".into(),
            Domain::Formula { .. } => format!("{TARGET_GRAMMAR}; weights are normalised"),
            Domain::Whole { min, max, .. } if *max == u64::MAX => format!("whole number >= {min}"),
            Domain::Whole { min, max, .. } => format!("{min} to {max}"),
            Domain::Real {
                min,
                min_inclusive,
                max,
                ..
            } => format!("{} {min} and <= {max}", if *min_inclusive { ">=" } else { ">" }),
        }
    }

    /// The key's current value in `experiment`.
    pub fn value(&self, experiment: &Experiment) -> Value {
        match &self.domain {
            Domain::Formula { get, .. } => Value::Formula(get(experiment).clone()),
            Domain::Choice { get, .. } => Value::Choice(get(experiment)),
            Domain::Whole { get, .. } => Value::Whole(get(experiment)),
            Domain::Real { get, .. } => Value::Real(get(experiment)),
            Domain::Flag { get, .. } => Value::Flag(get(experiment)),
        }
    }

    /// Whether `a` and `b` hold the same value of this key (compared as values: two
    /// texts of one number are the same setting).
    pub fn same(&self, a: &Experiment, b: &Experiment) -> bool {
        match &self.domain {
            Domain::Formula { get, .. } => get(a) == get(b),
            Domain::Choice { get, .. } => get(a) == get(b),
            Domain::Whole { get, .. } => get(a) == get(b),
            Domain::Real { get, .. } => get(a).to_bits() == get(b).to_bits(),
            Domain::Flag { get, .. } => get(a) == get(b),
        }
    }

    /// A value of this key as text [`Key::parse`] reads back.
    pub fn render(&self, value: &Value) -> String {
        match (&self.domain, value) {
            (Domain::Choice { choices, .. }, Value::Choice(i)) => {
                choices.get(*i).map_or_else(String::new, |c| c.name.to_string())
            }
            (_, Value::Formula(target)) => target.to_string(),
            (_, Value::Choice(i)) => i.to_string(),
            (_, Value::Whole(v)) => v.to_string(),
            (_, Value::Real(v)) => v.to_string(),
            (_, Value::Flag(v)) => v.to_string(),
        }
    }

    /// The key's current value in `experiment`, as text [`Key::parse`] reads back.
    pub fn text(&self, experiment: &Experiment) -> String {
        self.render(&self.value(experiment))
    }

    /// Parses `value` and sets the key on `experiment`, or says what is allowed.
    pub fn set(&'static self, experiment: &mut Experiment, value: &str) -> Result<(), ConfigError> {
        self.parse(value)?.apply(experiment);
        Ok(())
    }

    /// The setting `text` stands for (from `--set`, a text field or a link), checked
    /// against the key's range, or what is allowed.
    pub fn parse(&'static self, text: &str) -> Result<Setting, ConfigError> {
        let refuse = |allowed: String| self.refuse(text, allowed);
        let value = match &self.domain {
            Domain::Formula { .. } => Value::Formula(
                Target::parse(text).map_err(|e| refuse(format!("{e}; expected {TARGET_GRAMMAR}")))?,
            ),
            Domain::Choice { choices, .. } => {
                let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
                let index = choices
                    .iter()
                    .position(|c| c.name == wanted)
                    .ok_or_else(|| refuse(format!("allowed: {}", self.allowed())))?;
                Value::Choice(index)
            }
            Domain::Whole { .. } => match text.trim().parse::<u64>() {
                Ok(v) => Value::Whole(v),
                Err(_) => return Err(refuse(format!("allowed: {}", self.allowed()))),
            },
            Domain::Real { .. } => match text.trim().parse::<f64>() {
                Ok(v) => Value::Real(v),
                Err(_) => return Err(refuse(format!("allowed: {}", self.allowed()))),
            },
            Domain::Flag { .. } => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Value::Flag(true),
                "false" | "no" | "off" | "0" => Value::Flag(false),
                _ => return Err(refuse(format!("allowed: {}", self.allowed()))),
            },
        };
        self.admit(value, text)
    }

    /// The setting a TOML value stands for (a config file, a lesson's `set`): numbers
    /// arrive as numbers, never through text, and are checked against the same range.
    pub fn from_toml(&'static self, value: &toml::Value) -> Result<Setting, ConfigError> {
        // What the user wrote, as the messages of `--set` would quote it.
        let given = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => other.to_string(),
        };
        let typed = match (self.toml_kind(), value) {
            (TomlKind::Text, toml::Value::String(s)) => return self.parse(s),
            (TomlKind::Integer, toml::Value::Integer(i)) => match u64::try_from(*i) {
                Ok(v) => Value::Whole(v),
                Err(_) => return Err(self.refuse(&given, format!("allowed: {}", self.allowed()))),
            },
            (TomlKind::Float, toml::Value::Float(f)) => Value::Real(*f),
            (TomlKind::Float, toml::Value::Integer(i)) => Value::Real(*i as f64),
            (TomlKind::Bool, toml::Value::Boolean(b)) => Value::Flag(*b),
            (kind, _) => {
                let wanted = match kind {
                    TomlKind::Text => "a quoted string",
                    TomlKind::Integer => "a whole number",
                    TomlKind::Float => "a number",
                    TomlKind::Bool => "true or false",
                };
                return Err(self.refuse(
                    &value.to_string(),
                    format!("expected {wanted}: {}; allowed: {}", self.meaning, self.allowed()),
                ));
            }
        };
        self.admit(typed, &given)
    }

    /// `value` as this key's setting when it lies in the key's range; `given` is what
    /// the user wrote, for the message.
    fn admit(&'static self, value: Value, given: &str) -> Result<Setting, ConfigError> {
        let fits = match (&self.domain, &value) {
            (Domain::Formula { .. }, Value::Formula(_)) | (Domain::Flag { .. }, Value::Flag(_)) => true,
            (Domain::Choice { choices, .. }, Value::Choice(i)) => *i < choices.len(),
            (Domain::Whole { min, max, .. }, Value::Whole(v)) => (*min..=*max).contains(v),
            (
                Domain::Real {
                    min,
                    min_inclusive,
                    max,
                    ..
                },
                Value::Real(v),
            ) => v.is_finite() && (if *min_inclusive { *v >= *min } else { *v > *min }) && *v <= *max,
            _ => false,
        };
        if fits {
            Ok(Setting { key: self, value })
        } else {
            Err(self.refuse(given, format!("allowed: {}", self.allowed())))
        }
    }

    fn refuse(&self, given: &str, allowed: String) -> ConfigError {
        ConfigError {
            key: self.name.to_string(),
            value: given.to_string(),
            allowed,
        }
    }
}

/// A key's value, typed: a formula already parsed, a choice, a whole number, a real or a
/// flag. Made only by [`Key::parse`] and [`Key::from_toml`], so it is always in range.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A target formula.
    Formula(Target),
    /// A position in the key's list of choices.
    Choice(usize),
    /// A whole number.
    Whole(u64),
    /// A finite real number.
    Real(f64),
    /// true or false.
    Flag(bool),
}

/// One key with a checked value: what `--set`, a config file, a lesson's action or a
/// link hands on, parsed once where it was read and applied later without a failure.
#[derive(Clone)]
pub struct Setting {
    key: &'static Key,
    value: Value,
}

impl Setting {
    /// The key it sets.
    pub fn key(&self) -> &'static Key {
        self.key
    }

    /// The value it sets.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Writes the value into its key's field of `experiment`.
    pub fn apply(&self, experiment: &mut Experiment) {
        match (&self.key.domain, &self.value) {
            (Domain::Formula { put, .. }, Value::Formula(t)) => put(experiment, t.clone()),
            (Domain::Choice { put, .. }, Value::Choice(i)) => put(experiment, *i),
            (Domain::Whole { put, .. }, Value::Whole(v)) => put(experiment, *v),
            (Domain::Real { put, .. }, Value::Real(v)) => put(experiment, *v),
            (Domain::Flag { put, .. }, Value::Flag(v)) => put(experiment, *v),
            // `admit` made the value for this key's domain.
            _ => unreachable!("a setting's value matches its key's domain"),
        }
    }
}

impl std::fmt::Debug for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.key.name, self.key.render(&self.value))
    }
}

impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.key.name == other.key.name && self.value == other.value
    }
}

/// The keys whose values differ between `a` and `b`, in table order.
pub fn differing<'a>(a: &'a Experiment, b: &'a Experiment) -> impl Iterator<Item = &'static Key> + 'a {
    KEYS.iter().filter(|k| !k.same(a, b))
}

/// The settings of a TOML table (a config file, a lesson's `set = {..}`) in its order,
/// each checked; the first refused key is the error and nothing is applied.
pub fn settings_from_table(table: &toml::Table) -> Result<Vec<Setting>, ConfigError> {
    table
        .iter()
        .map(|(name, value)| match find(name) {
            Some(key) => key.from_toml(value),
            None => Err(ConfigError {
                key: "key".into(),
                value: name.clone(),
                allowed: format!("unknown key; allowed keys: {}", names_list()),
            }),
        })
        .collect()
}

fn names(choices: &[Choice], quote: &str) -> String {
    choices
        .iter()
        .map(|c| format!("{quote}{}{quote}", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The key called `name`, looked up when the program is compiled: code that names a
/// key (the app's panels) writes `named("lr_d")` in a constant, so a misspelt name is a
/// compile error, not a missing slider.
pub const fn named(name: &str) -> &'static Key {
    let mut i = 0;
    while i < KEYS.len() {
        if same_text(KEYS[i].name, name) {
            return &KEYS[i];
        }
        i += 1;
    }
    panic!("no key of that name in the key table")
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The key called `name`.
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// Every key name, comma-separated, for error messages.
pub fn names_list() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// The key table as Markdown, exactly as the README shows it (a test compares them),
/// with each key's value in `defaults` (`Experiment::default()`, which a run starts from).
pub fn markdown_table(defaults: &Experiment) -> String {
    let mut out = String::from("| key | meaning | allowed | default |\n|---|---|---|---|\n");
    for key in KEYS {
        out.push_str(&format!(
            "| `{}` | {} | {} | `{}` |\n",
            key.name,
            key.meaning,
            key.allowed_markdown(),
            key.text(defaults)
        ));
    }
    out
}

/// A `Domain::Choice` over the enum `$kind` stored in the field `$field`.
macro_rules! choice {
    ($kind:ident, $field:ident) => {
        Domain::Choice {
            choices: $kind::CHOICES,
            get: |e| e.$field.index(),
            put: |e, i| e.$field = $kind::nth(i),
        }
    };
}

/// A `Domain::Whole` over the `usize` field `$field`.
macro_rules! whole {
    ($field:ident, $min:expr, $max:expr, log: $log:expr) => {
        Domain::Whole {
            min: $min,
            max: $max,
            log: $log,
            get: |e| e.$field as u64,
            put: |e, v| e.$field = v as usize,
        }
    };
}

/// A `Domain::Real` over the `f64` field `$field`.
macro_rules! real {
    ($field:ident, $min:expr, inclusive: $inclusive:expr, $max:expr, floor: $floor:expr) => {
        Domain::Real {
            min: $min,
            min_inclusive: $inclusive,
            max: $max,
            slider_floor: $floor,
            get: |e| e.$field,
            put: |e, v| e.$field = v,
        }
    };
}

/// A `Domain::Flag` over the `bool` field `$field`.
macro_rules! flag {
    ($field:ident) => {
        Domain::Flag {
            get: |e| e.$field,
            put: |e, v| e.$field = v,
        }
    };
}

/// Every key of an experiment, in the order `ganscope config` prints them.
pub const KEYS: &[Key] = &[
    Key {
        name: "target",
        meaning: "data distribution p_data, 1-D or 2-D (changing the dimension rebuilds the networks)",
        domain: Domain::Formula {
            get: |e| &e.target,
            put: |e, t| e.target = t,
        },
        rebuilds: false,
    },
    Key {
        name: "loss",
        meaning: "the game",
        domain: choice!(Loss, loss),
        rebuilds: false,
    },
    Key {
        name: "k",
        meaning: "discriminator steps per generator step (Algorithm 1's k)",
        domain: whole!(k, 1, 100, log: false),
        rebuilds: false,
    },
    Key {
        name: "lr_d",
        meaning: "discriminator learning rate",
        domain: real!(lr_d, 0.0, inclusive: false, 10.0, floor: 1e-6),
        rebuilds: false,
    },
    Key {
        name: "lr_g",
        meaning: "generator learning rate",
        domain: real!(lr_g, 0.0, inclusive: false, 10.0, floor: 1e-6),
        rebuilds: false,
    },
    Key {
        name: "optimizer",
        meaning: "update rule of both networks",
        domain: choice!(OptimizerKind, optimizer),
        rebuilds: false,
    },
    Key {
        name: "batch",
        meaning: "minibatch size m (real and fake samples per step)",
        domain: whole!(batch, 1, 65536, log: true),
        rebuilds: false,
    },
    Key {
        name: "hidden",
        meaning: "width of each hidden layer (both networks)",
        domain: whole!(hidden, 1, 1024, log: true),
        rebuilds: true,
    },
    Key {
        name: "layers",
        meaning: "number of hidden layers (both networks)",
        domain: whole!(layers, 1, 8, log: false),
        rebuilds: true,
    },
    Key {
        name: "activation",
        meaning: "hidden non-linearity",
        domain: choice!(Activation, activation),
        rebuilds: true,
    },
    Key {
        name: "noise",
        meaning: "distribution of z",
        domain: choice!(Noise, noise),
        rebuilds: true,
    },
    Key {
        name: "noise_dim",
        meaning: "dimension of z (1 draws the z -> x arrows)",
        domain: whole!(noise_dim, 1, 256, log: true),
        rebuilds: true,
    },
    Key {
        name: "clip",
        meaning: "WGAN weight clipping bound c (loss wasserstein)",
        domain: real!(clip, 0.0, inclusive: false, 100.0, floor: 1e-4),
        rebuilds: false,
    },
    Key {
        name: "gp_lambda",
        meaning: "WGAN-GP penalty weight λ (loss wasserstein-gp)",
        domain: real!(gp_lambda, 0.0, inclusive: true, 1000.0, floor: 1e-3),
        rebuilds: false,
    },
    Key {
        name: "r1_gamma",
        meaning: "R1 penalty γ/2·‖∇D(x_real)‖² on real data, any loss (0 = off)",
        domain: real!(r1_gamma, 0.0, inclusive: true, 1000.0, floor: 1e-3),
        rebuilds: false,
    },
    Key {
        name: "r2_gamma",
        meaning: "R2 penalty γ/2·‖∇D(x_fake)‖² on generated data, any loss (0 = off)",
        domain: real!(r2_gamma, 0.0, inclusive: true, 1000.0, floor: 1e-3),
        rebuilds: false,
    },
    Key {
        name: "instance_noise",
        meaning: "standard deviation σ of Gaussian noise added to every input of D, real and fake, any loss (0 = off)",
        domain: real!(instance_noise, 0.0, inclusive: true, 100.0, floor: 1e-3),
        rebuilds: false,
    },
    Key {
        name: "unrolled_steps",
        meaning: "D steps G looks ahead through in its own step (unrolled GAN, differentiated through the look-ahead; 0 = off)",
        domain: whole!(unrolled_steps, 0, 20, log: false),
        rebuilds: false,
    },
    Key {
        name: "updates",
        meaning: "how the players step",
        domain: choice!(Updates, updates),
        rebuilds: false,
    },
    Key {
        name: "train_g",
        meaning: "update the generator (false freezes it: Figure 1 (b))",
        domain: flag!(train_g),
        rebuilds: false,
    },
    Key {
        name: "train_d",
        meaning: "update the discriminator",
        domain: flag!(train_d),
        rebuilds: false,
    },
    Key {
        name: "seed",
        meaning: "seed of every random number of the run",
        domain: Domain::Whole {
            min: 0,
            max: u64::MAX,
            log: false,
            get: |e| e.seed,
            put: |e, v| e.seed = v,
        },
        rebuilds: true,
    },
    Key {
        name: "device",
        meaning: "where the tensors live",
        domain: choice!(DeviceKind, device),
        rebuilds: true,
    },
];
