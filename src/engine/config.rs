//! The experiment: every setting of a run, validated once. Raw input from the command
//! line (`--set key=value`), a TOML file or a UI text field goes through [`Experiment::set`]
//! or [`Experiment::apply_toml`]; everything after that trusts the types.

use super::target::{Component, TARGET_GRAMMAR, Target};
use std::fmt;
use std::path::Path;

/// How D and G score each other (see `SCIENCE.md`, "Losses").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loss {
    /// The paper's saturating game: G minimises log(1 − D(G(z))).
    Minimax,
    /// Same D; G maximises log D(G(z)). The paper's recommended practice.
    NonSaturating,
    /// LSGAN (Mao et al.): squared errors to 1 and 0.
    LeastSquares,
    /// Hinge loss on the critic's logit.
    Hinge,
    /// WGAN (Arjovsky et al.) with weight clipping to [−clip, clip].
    Wasserstein,
    /// WGAN-GP (Gulrajani et al.): gradient penalty gp_lambda at random interpolates.
    WassersteinGp,
}

impl Loss {
    /// Every loss, in menu order.
    pub const ALL: [Loss; 6] = [
        Loss::Minimax,
        Loss::NonSaturating,
        Loss::LeastSquares,
        Loss::Hinge,
        Loss::Wasserstein,
        Loss::WassersteinGp,
    ];

    /// The name used in configs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Minimax => "minimax",
            Loss::NonSaturating => "non-saturating",
            Loss::LeastSquares => "least-squares",
            Loss::Hinge => "hinge",
            Loss::Wasserstein => "wasserstein",
            Loss::WassersteinGp => "wasserstein-gp",
        }
    }

    /// True when D's output estimates p_data / (p_data + p_g), so D* is its optimum and
    /// the gap to D* is meaningful. Hinge and Wasserstein critics are not probabilities.
    pub fn has_optimal_discriminator(self) -> bool {
        matches!(self, Loss::Minimax | Loss::NonSaturating | Loss::LeastSquares)
    }

    /// True when D's output is a sigmoid of its logit.
    pub fn is_sigmoid(self) -> bool {
        matches!(self, Loss::Minimax | Loss::NonSaturating)
    }
}

/// Parameter update rule; D and G each get their own instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// Plain gradient descent.
    Sgd,
    /// SGD with momentum 0.9, as in the paper's experiments.
    Momentum,
    /// Adam with betas (0.5, 0.999), the usual GAN choice, and no weight decay.
    Adam,
    /// RMSProp (alpha 0.99), the WGAN paper's choice.
    RmsProp,
}

impl OptimizerKind {
    /// Every optimizer, in menu order.
    pub const ALL: [OptimizerKind; 4] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adam,
        OptimizerKind::RmsProp,
    ];

    /// The name used in configs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
            OptimizerKind::RmsProp => "rmsprop",
        }
    }
}

/// Hidden-layer non-linearity of both networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// max(0, x)
    Relu,
    /// max(0.2 x, x)
    LeakyRelu,
    /// tanh(x)
    Tanh,
    /// x for x > 0, exp(x) − 1 otherwise
    Elu,
}

impl Activation {
    /// Every activation, in menu order.
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Tanh,
        Activation::Elu,
    ];

    /// The name used in configs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Tanh => "tanh",
            Activation::Elu => "elu",
        }
    }
}

/// Distribution of the generator's input z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Noise {
    /// z ~ U(−1, 1) per dimension, as in the paper's Figure 1.
    Uniform,
    /// z ~ N(0, 1) per dimension.
    Gaussian,
}

impl Noise {
    /// Every noise type, in menu order.
    pub const ALL: [Noise; 2] = [Noise::Uniform, Noise::Gaussian];

    /// The name used in configs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Noise::Uniform => "uniform",
            Noise::Gaussian => "gaussian",
        }
    }
}

/// Where the tensors live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    /// The CPU (default; always available).
    Cpu,
    /// An NVIDIA GPU; needs the `cuda` cargo feature.
    Cuda,
    /// An Apple GPU; needs the `metal` cargo feature.
    Metal,
}

impl DeviceKind {
    /// Every device kind.
    pub const ALL: [DeviceKind; 3] = [DeviceKind::Cpu, DeviceKind::Cuda, DeviceKind::Metal];

    /// The name used in configs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Cpu => "cpu",
            DeviceKind::Cuda => "cuda",
            DeviceKind::Metal => "metal",
        }
    }
}

/// A setting that was refused: which key, the value given, and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The key (or file) concerned.
    pub key: String,
    /// The offending value as given.
    pub value: String,
    /// What would have been accepted.
    pub allowed: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} = '{}': {}", self.key, self.value, self.allowed)
    }
}

impl std::error::Error for ConfigError {}

fn refuse<T>(key: &str, value: &str, allowed: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError {
        key: key.to_string(),
        value: value.to_string(),
        allowed: allowed.into(),
    })
}

/// Every setting of one run. Defaults are the `figure1` preset.
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
    /// Whether G is updated; false freezes it (Figure 1 (b)).
    pub train_g: bool,
    /// Whether D is updated.
    pub train_d: bool,
    /// Seed of every random number of the run.
    pub seed: u64,
    /// Tensor device.
    pub device: DeviceKind,
}

impl Default for Experiment {
    fn default() -> Self {
        Experiment {
            target: Target::single(Component::Normal { mu: 4.0, sigma: 0.5 }),
            loss: Loss::NonSaturating,
            k: 1,
            lr_d: 1e-3,
            lr_g: 1e-3,
            optimizer: OptimizerKind::Adam,
            batch: 256,
            hidden: 32,
            layers: 2,
            activation: Activation::Tanh,
            noise: Noise::Uniform,
            noise_dim: 1,
            clip: 0.01,
            gp_lambda: 0.1,
            r1_gamma: 0.0,
            train_g: true,
            train_d: true,
            seed: 1,
            device: DeviceKind::Cpu,
        }
    }
}

/// The JSON-ish type a key takes in a TOML file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Text,
    Integer,
    Float,
    Bool,
}

/// One settable key: its name, its type in TOML and a one-line help with the allowed values.
pub struct KeySpec {
    /// Name in TOML and `--set`.
    pub name: &'static str,
    kind: KeyType,
    /// What the key means and which values are allowed.
    pub help: &'static str,
}

/// Every key of an experiment, in the order `ganscope config` prints them.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        name: "target",
        kind: KeyType::Text,
        help: "data distribution, e.g. \"N(4,0.5)\" or \"0.5*N(-2,0.5) + 0.5*N(2,0.5)\"; N, U, Laplace, LogNormal",
    },
    KeySpec {
        name: "loss",
        kind: KeyType::Text,
        help: "minimax, non-saturating, least-squares, hinge, wasserstein, wasserstein-gp",
    },
    KeySpec {
        name: "k",
        kind: KeyType::Integer,
        help: "discriminator steps per generator step, 1 to 100",
    },
    KeySpec {
        name: "lr_d",
        kind: KeyType::Float,
        help: "discriminator learning rate, > 0 and <= 10",
    },
    KeySpec {
        name: "lr_g",
        kind: KeyType::Float,
        help: "generator learning rate, > 0 and <= 10",
    },
    KeySpec {
        name: "optimizer",
        kind: KeyType::Text,
        help: "sgd, momentum (0.9), adam (betas 0.5, 0.999), rmsprop",
    },
    KeySpec {
        name: "batch",
        kind: KeyType::Integer,
        help: "minibatch size m, 1 to 65536",
    },
    KeySpec {
        name: "hidden",
        kind: KeyType::Integer,
        help: "width of each hidden layer, 1 to 1024",
    },
    KeySpec {
        name: "layers",
        kind: KeyType::Integer,
        help: "number of hidden layers, 1 to 8",
    },
    KeySpec {
        name: "activation",
        kind: KeyType::Text,
        help: "relu, leaky-relu, tanh, elu",
    },
    KeySpec {
        name: "noise",
        kind: KeyType::Text,
        help: "distribution of z: uniform (on [-1,1]) or gaussian",
    },
    KeySpec {
        name: "noise_dim",
        kind: KeyType::Integer,
        help: "dimension of z, 1 to 64",
    },
    KeySpec {
        name: "clip",
        kind: KeyType::Float,
        help: "wasserstein weight clipping bound, > 0 and <= 100",
    },
    KeySpec {
        name: "gp_lambda",
        kind: KeyType::Float,
        help: "wasserstein-gp penalty weight, >= 0 and <= 1000",
    },
    KeySpec {
        name: "r1_gamma",
        kind: KeyType::Float,
        help: "R1 penalty on real data, >= 0 and <= 1000 (0 = off)",
    },
    KeySpec {
        name: "train_g",
        kind: KeyType::Bool,
        help: "update the generator, true or false",
    },
    KeySpec {
        name: "train_d",
        kind: KeyType::Bool,
        help: "update the discriminator, true or false",
    },
    KeySpec {
        name: "seed",
        kind: KeyType::Integer,
        help: "random seed, a whole number >= 0",
    },
    KeySpec {
        name: "device",
        kind: KeyType::Text,
        help: "cpu, cuda (needs --features cuda), metal (needs --features metal)",
    },
];

fn key_names() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

fn pick<T: Copy>(
    key: &str,
    value: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, ConfigError> {
    let wanted = value.trim().to_ascii_lowercase().replace('_', "-");
    all.iter().copied().find(|&v| name(v) == wanted).map_or_else(
        || {
            refuse(
                key,
                value,
                format!(
                    "allowed: {}",
                    all.iter().map(|&v| name(v)).collect::<Vec<_>>().join(", ")
                ),
            )
        },
        Ok,
    )
}

fn whole(key: &str, value: &str, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    match value.trim().parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => refuse(key, value, format!("allowed: a whole number from {lo} to {hi}")),
    }
}

fn real(key: &str, value: &str, lo: f64, lo_inclusive: bool, hi: f64) -> Result<f64, ConfigError> {
    let ok = |v: f64| v.is_finite() && (if lo_inclusive { v >= lo } else { v > lo }) && v <= hi;
    match value.trim().parse::<f64>() {
        Ok(v) if ok(v) => Ok(v),
        _ => {
            let op = if lo_inclusive { ">=" } else { ">" };
            refuse(key, value, format!("allowed: a number {op} {lo} and <= {hi}"))
        }
    }
}

fn boolean(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => refuse(key, value, "allowed: true or false"),
    }
}

impl Experiment {
    /// Sets one key from text, as given to `--set key=value` or typed in the app.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        match key.trim() {
            "target" => {
                self.target = Target::parse(value).map_err(|e| ConfigError {
                    key: "target".into(),
                    value: value.into(),
                    allowed: format!("{e}; expected {TARGET_GRAMMAR}"),
                })?;
            }
            "loss" => self.loss = pick(key, value, &Loss::ALL, Loss::name)?,
            "k" => self.k = whole(key, value, 1, 100)? as usize,
            "lr_d" => self.lr_d = real(key, value, 0.0, false, 10.0)?,
            "lr_g" => self.lr_g = real(key, value, 0.0, false, 10.0)?,
            "optimizer" => self.optimizer = pick(key, value, &OptimizerKind::ALL, OptimizerKind::name)?,
            "batch" => self.batch = whole(key, value, 1, 65536)? as usize,
            "hidden" => self.hidden = whole(key, value, 1, 1024)? as usize,
            "layers" => self.layers = whole(key, value, 1, 8)? as usize,
            "activation" => self.activation = pick(key, value, &Activation::ALL, Activation::name)?,
            "noise" => self.noise = pick(key, value, &Noise::ALL, Noise::name)?,
            "noise_dim" => self.noise_dim = whole(key, value, 1, 64)? as usize,
            "clip" => self.clip = real(key, value, 0.0, false, 100.0)?,
            "gp_lambda" => self.gp_lambda = real(key, value, 0.0, true, 1000.0)?,
            "r1_gamma" => self.r1_gamma = real(key, value, 0.0, true, 1000.0)?,
            "train_g" => self.train_g = boolean(key, value)?,
            "train_d" => self.train_d = boolean(key, value)?,
            "seed" => self.seed = whole(key, value, 0, u64::MAX)?,
            "device" => self.device = pick(key, value, &DeviceKind::ALL, DeviceKind::name)?,
            other => {
                return refuse(
                    "key",
                    other,
                    format!("unknown key; allowed keys: {}", key_names()),
                );
            }
        }
        Ok(())
    }

    /// Applies a `key=value` override as written on the command line.
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), ConfigError> {
        let Some((key, value)) = assignment.split_once('=') else {
            return refuse("--set", assignment, "expected KEY=VALUE, e.g. --set loss=hinge");
        };
        self.set(key, value)
    }

    /// The current value of a key as text, in the form [`Experiment::set`] accepts.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "target" => self.target.to_string(),
            "loss" => self.loss.name().into(),
            "k" => self.k.to_string(),
            "lr_d" => self.lr_d.to_string(),
            "lr_g" => self.lr_g.to_string(),
            "optimizer" => self.optimizer.name().into(),
            "batch" => self.batch.to_string(),
            "hidden" => self.hidden.to_string(),
            "layers" => self.layers.to_string(),
            "activation" => self.activation.name().into(),
            "noise" => self.noise.name().into(),
            "noise_dim" => self.noise_dim.to_string(),
            "clip" => self.clip.to_string(),
            "gp_lambda" => self.gp_lambda.to_string(),
            "r1_gamma" => self.r1_gamma.to_string(),
            "train_g" => self.train_g.to_string(),
            "train_d" => self.train_d.to_string(),
            "seed" => self.seed.to_string(),
            "device" => self.device.name().into(),
            _ => return None,
        })
    }

    /// Applies the keys of a TOML document on top of `self`. Unknown keys and values of
    /// the wrong TOML type are refused with the key named; a refused document changes
    /// nothing, so a half-read config never reaches a running experiment.
    pub fn apply_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let mut next = self.clone();
        next.apply_toml_keys(text)?;
        *self = next;
        Ok(())
    }

    fn apply_toml_keys(&mut self, text: &str) -> Result<(), ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            key: "config".into(),
            value: text.lines().next().unwrap_or("").chars().take(60).collect(),
            allowed: format!("not valid TOML: {}", e.message()),
        })?;
        for (key, value) in &table {
            let Some(spec) = KEYS.iter().find(|k| k.name == key) else {
                return refuse("key", key, format!("unknown key; allowed keys: {}", key_names()));
            };
            let text = match (spec.kind, value) {
                (KeyType::Text, toml::Value::String(s)) => s.clone(),
                (KeyType::Integer, toml::Value::Integer(i)) => i.to_string(),
                (KeyType::Float, toml::Value::Float(f)) => f.to_string(),
                (KeyType::Float, toml::Value::Integer(i)) => i.to_string(),
                (KeyType::Bool, toml::Value::Boolean(b)) => b.to_string(),
                _ => {
                    let wanted = match spec.kind {
                        KeyType::Text => "a quoted string",
                        KeyType::Integer => "a whole number",
                        KeyType::Float => "a number",
                        KeyType::Bool => "true or false",
                    };
                    return refuse(
                        key,
                        &value.to_string(),
                        format!("expected {wanted}: {}", spec.help),
                    );
                }
            };
            self.set(key, &text)?;
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
        let sets_nothing = text
            .lines()
            .map(|line| line.trim_start_matches('\u{feff}').trim())
            .all(|line| line.is_empty() || line.starts_with('#'));
        if sets_nothing {
            return Err(format!(
                "config file '{}' is empty: it sets no key; write KEY = VALUE lines \
                 (`ganscope config --preset figure1` prints every key)",
                path.display()
            ));
        }
        self.apply_toml(&text)
            .map_err(|e| format!("config file '{}': {e}", path.display()))
    }

    /// The experiment as a commented TOML document that [`Experiment::apply_toml`] reads back.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for spec in KEYS {
            let value = self.get(spec.name).unwrap_or_default();
            let rendered = match spec.kind {
                KeyType::Text => toml::Value::String(value).to_string(),
                KeyType::Float if !value.contains(['.', 'e', 'E']) => format!("{value}.0"),
                _ => value,
            };
            out.push_str(&format!("# {}\n{} = {}\n", spec.help, spec.name, rendered));
        }
        out
    }

    /// True when changing from `self` to `other` needs new networks (shape or noise
    /// changed); everything else can change between iterations.
    pub fn needs_rebuild(&self, other: &Experiment) -> bool {
        self.hidden != other.hidden
            || self.layers != other.layers
            || self.activation != other.activation
            || self.noise != other.noise
            || self.noise_dim != other.noise_dim
            || self.seed != other.seed
            || self.device != other.device
    }
}
