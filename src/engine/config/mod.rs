//! The experiment: every setting of a run, validated once. Raw input from the command
//! line (`--set key=value`), a TOML file or a UI text field goes through [`Experiment::set`]
//! or [`Experiment::apply_toml`]; everything after that trusts the types. Each key's name,
//! range and help live in [`keys::KEYS`]; the small enums and their names in [`choices`].

pub mod choices;
pub mod keys;

pub use choices::{Activation, Choice, DeviceKind, Loss, Noise, OptimizerKind, Updates};

use super::target::{Component, Target};
use keys::{KEYS, TomlKind};
use std::path::Path;

/// A setting that was refused: which key, the value given, and what is allowed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("invalid {key} = '{value}': {allowed}")]
pub struct ConfigError {
    /// The key (or file) concerned.
    pub key: String,
    /// The offending value as given.
    pub value: String,
    /// What would have been accepted.
    pub allowed: String,
}

fn refuse<T>(key: &str, value: &str, allowed: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError {
        key: key.to_string(),
        value: value.to_string(),
        allowed: allowed.into(),
    })
}

/// Every setting of one run. Runs start from its default, the figure1 preset; every other
/// preset changes a few keys of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// What the generator must learn.
    pub target: Target,
    /// The game's scoring.
    pub loss: Loss,
    /// Discriminator steps per generator step (Algorithm 1's k).
    pub k: usize,
    /// Discriminator learning rate.
    pub lr_d: f64,
    /// Generator learning rate.
    pub lr_g: f64,
    /// Update rule of both networks.
    pub optimizer: OptimizerKind,
    /// Minibatch size m (real and fake each).
    pub batch: usize,
    /// Width of each hidden layer.
    pub hidden: usize,
    /// Number of hidden layers.
    pub layers: usize,
    /// Hidden non-linearity.
    pub activation: Activation,
    /// Distribution of z.
    pub noise: Noise,
    /// Dimension of z; 1 lets the figure draw z -> x arrows.
    pub noise_dim: usize,
    /// Weight clipping bound c for `wasserstein`.
    pub clip: f64,
    /// Gradient-penalty weight λ for `wasserstein-gp`.
    pub gp_lambda: f64,
    /// R1 penalty weight γ on real data, any loss; 0 turns it off.
    pub r1_gamma: f64,
    /// R2 penalty weight γ on generated data, any loss; 0 turns it off.
    pub r2_gamma: f64,
    /// Standard deviation of the Gaussian noise added to every input of D (real and
    /// fake), any loss; 0 turns it off.
    pub instance_noise: f64,
    /// D steps G looks ahead through in its own step (unrolled GAN, differentiated through the
    /// look-ahead); 0 is
    /// the plain game.
    pub unrolled_steps: usize,
    /// Alternating (Algorithm 1) or simultaneous gradient steps.
    pub updates: Updates,
    /// Whether G is updated; false freezes it (Figure 1 (b)).
    pub train_g: bool,
    /// Whether D is updated.
    pub train_d: bool,
    /// Seed of every random number of the run.
    pub seed: u64,
    /// Tensor device.
    pub device: DeviceKind,
}

/// The one base every run starts from: Figure 1's setting (a Gaussian, ELU units, Gaussian
/// z, batch 2048, R1 γ = 2, Adam with D 6e-4 and G 4e-4). Every preset names only what it
/// changes from it, and `ganscope keys` and the README's default column show it.
impl Default for Experiment {
    fn default() -> Self {
        Experiment {
            target: Target::single(Component::Normal { mu: 4.0, sigma: 0.5 }),
            loss: Loss::NonSaturating,
            k: 1,
            lr_d: 6e-4,
            lr_g: 4e-4,
            optimizer: OptimizerKind::Adam,
            batch: 2048,
            hidden: 32,
            layers: 2,
            activation: Activation::Elu,
            noise: Noise::Gaussian,
            noise_dim: 1,
            clip: 0.01,
            gp_lambda: 0.1,
            r1_gamma: 2.0,
            r2_gamma: 0.0,
            instance_noise: 0.0,
            unrolled_steps: 0,
            updates: Updates::Alternating,
            train_g: true,
            train_d: true,
            seed: 1,
            device: DeviceKind::Cpu,
        }
    }
}

impl Experiment {
    /// Sets one key from text, as given to `--set key=value` or typed in the app.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        match keys::find(key.trim()) {
            Some(spec) => spec.set(self, value),
            None => refuse(
                "key",
                key.trim(),
                format!("unknown key; allowed keys: {}", keys::names_list()),
            ),
        }
    }

    /// Applies a `key=value` override as written on the command line.
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), ConfigError> {
        let Some((key, value)) = assignment.split_once('=') else {
            return refuse("--set", assignment, "expected KEY=VALUE, e.g. --set loss=hinge");
        };
        self.set(key, value)
    }

    /// Applies the keys of a TOML document on top of `self`. Unknown keys and values of
    /// the wrong TOML type are refused with the key named; a refused document changes
    /// nothing, so a half-read config never reaches a running experiment.
    pub fn apply_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            key: "config".into(),
            value: text.lines().next().unwrap_or("").chars().take(60).collect(),
            allowed: format!("not valid TOML: {}", e.message()),
        })?;
        self.apply_table(&table)
    }

    /// Applies the keys of a parsed TOML table (a config file, a lesson's `set = {..}`)
    /// in the table's order: every value is checked first, so a refused key changes
    /// nothing.
    pub fn apply_table(&mut self, table: &toml::Table) -> Result<(), ConfigError> {
        for setting in keys::settings_from_table(table)? {
            setting.apply(self);
        }
        Ok(())
    }

    /// Reads a TOML config file and applies it on top of `self` (all of it or, on any
    /// error, none of it). A file that sets nothing (empty, or only comments) is
    /// refused: it is almost always the wrong file or a redirect that failed, and
    /// silently training the preset would hide that.
    pub fn load_file(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file '{}': {e}", path.display()))?;
        self.load_text(&path.display().to_string(), &text)
    }

    /// [`Experiment::load_file`] for a file's text already read (a browser's file picker
    /// or drop hands over bytes, not a path); `name` names it in messages.
    pub fn load_text(&mut self, name: &str, text: &str) -> Result<(), String> {
        let sets_nothing = text
            .lines()
            .map(|line| line.trim_start_matches('\u{feff}').trim())
            .all(|line| line.is_empty() || line.starts_with('#'));
        if sets_nothing {
            return Err(format!(
                "config file '{name}' is empty: it sets no key; write KEY = VALUE lines \
                 (`ganscope config --preset figure1` prints every key)"
            ));
        }
        self.apply_toml(text)
            .map_err(|e| format!("config file '{name}': {e}"))
    }

    /// The experiment as a commented TOML document that [`Experiment::apply_toml`] reads back.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for spec in KEYS {
            let value = spec.text(self);
            let rendered = match spec.toml_kind() {
                TomlKind::Text => toml::Value::String(value).to_string(),
                TomlKind::Float if !value.contains(['.', 'e', 'E']) => format!("{value}.0"),
                _ => value,
            };
            out.push_str(&format!(
                "# {}; allowed: {}\n{} = {}\n",
                spec.meaning,
                spec.allowed(),
                spec.name,
                rendered
            ));
        }
        out
    }

    /// True when changing from `self` to `other` needs new networks (a key marked
    /// `rebuilds` changed); everything else can change between iterations.
    pub fn needs_rebuild(&self, other: &Experiment) -> bool {
        // A target of another dimension changes both networks' shapes.
        self.target.dim() != other.target.dim()
            || KEYS.iter().filter(|k| k.rebuilds).any(|k| !k.same(self, other))
    }
}
