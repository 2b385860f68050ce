//! Every setting of an experiment, described once: its name, what it means, the values
//! it allows, its default (the [`Experiment`] default) and whether changing it rebuilds
//! the networks. Parsing `--set` and TOML, the error messages, the comments of
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

    /// The key's current value in `experiment`, as text [`Key::set`] reads back.
    pub fn text(&self, experiment: &Experiment) -> String {
        match &self.domain {
            Domain::Formula { get, .. } => get(experiment).to_string(),
            Domain::Choice { choices, get, .. } => choices
                .get(get(experiment))
                .map_or_else(String::new, |c| c.name.to_string()),
            Domain::Whole { get, .. } => get(experiment).to_string(),
            Domain::Real { get, .. } => get(experiment).to_string(),
            Domain::Flag { get, .. } => get(experiment).to_string(),
        }
    }

    /// Parses `value` and sets the key on `experiment`, or says what is allowed.
    pub fn set(&self, experiment: &mut Experiment, value: &str) -> Result<(), ConfigError> {
        let refuse = |allowed: String| ConfigError {
            key: self.name.to_string(),
            value: value.to_string(),
            allowed,
        };
        match &self.domain {
            Domain::Formula { put, .. } => {
                let target =
                    Target::parse(value).map_err(|e| refuse(format!("{e}; expected {TARGET_GRAMMAR}")))?;
                put(experiment, target);
            }
            Domain::Choice { choices, put, .. } => {
                let wanted = value.trim().to_ascii_lowercase().replace('_', "-");
                let index = choices
                    .iter()
                    .position(|c| c.name == wanted)
                    .ok_or_else(|| refuse(format!("allowed: {}", self.allowed())))?;
                put(experiment, index);
            }
            Domain::Whole { min, max, put, .. } => match value.trim().parse::<u64>() {
                Ok(v) if (*min..=*max).contains(&v) => put(experiment, v),
                _ => return Err(refuse(format!("allowed: {}", self.allowed()))),
            },
            Domain::Real {
                min,
                min_inclusive,
                max,
                put,
                ..
            } => {
                let above = |v: f64| if *min_inclusive { v >= *min } else { v > *min };
                match value.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() && above(v) && v <= *max => put(experiment, v),
                    _ => return Err(refuse(format!("allowed: {}", self.allowed()))),
                }
            }
            Domain::Flag { put, .. } => match value.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => put(experiment, true),
                "false" | "no" | "off" | "0" => put(experiment, false),
                _ => return Err(refuse(format!("allowed: {}", self.allowed()))),
            },
        }
        Ok(())
    }
}

fn names(choices: &[Choice], quote: &str) -> String {
    choices
        .iter()
        .map(|c| format!("{quote}{}{quote}", c.name))
        .collect::<Vec<_>>()
        .join(", ")
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
/// with each key's value in `defaults` (the figure1 preset, which a run starts from).
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
        domain: whole!(noise_dim, 1, 64, log: false),
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
