//! The GAN itself: two networks, two optimizers, Algorithm 1 of Goodfellow et al. (k
//! discriminator steps, then one generator step) and the snapshot of its state.

mod adam;
mod batch;
mod checkpoint;
mod dense;
mod elu;
mod ensemble;
mod loss;
mod nets;
mod optim;
mod plane_view;
mod probe;
mod softplus;
mod split;
mod step;
mod tanh;
mod unroll;

pub use checkpoint::Checkpoint;
pub use ensemble::Ensemble;
pub use loss::{discriminator_loss, generator_loss, softplus};
pub use optim::{ADAM_BETA1, ADAM_BETA2, MOMENTUM, Optimizer, RMSPROP_ALPHA};
pub use probe::plot_range;
pub use tanh::tanh_approx;

use super::config::Experiment;
use super::device;
use super::measure;
use super::opponent;
use super::snapshot::{Metrics, Snapshot};
use candle_core::Device;
use nets::{InputScaling, Mlp, Shape};
use probe::Probe;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Why training cannot go on.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GanError {
    /// A loss, gradient or weight became NaN or infinite; reset or change the settings.
    #[error("diverged: {0}")]
    Diverged(String),
    /// The configured device cannot be used.
    #[error("{0}")]
    Device(String),
    /// candle refused an operation (a bug, reported rather than panicking).
    #[error("tensor error: {0}")]
    Tensor(String),
}

impl From<candle_core::Error> for GanError {
    fn from(e: candle_core::Error) -> Self {
        GanError::Tensor(e.to_string())
    }
}

type Result<T> = std::result::Result<T, GanError>;

/// The two players of the game.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Player {
    Discriminator,
    Generator,
}

impl Player {
    fn name(self) -> &'static str {
        match self {
            Player::Discriminator => "discriminator",
            Player::Generator => "generator",
        }
    }
}

/// What the last D and G steps measured, kept for the next snapshot.
#[derive(Clone, Debug, Default)]
struct StepStats {
    d_loss: f64,
    g_loss: f64,
    d_real: f64,
    d_fake: f64,
    d_grad_norm: f64,
    g_grad_norm: f64,
}

/// A GAN being trained, on the line or on the plane.
pub struct Gan {
    config: Experiment,
    device: Device,
    generator: Mlp,
    discriminator: Mlp,
    g_opt: Optimizer,
    d_opt: Optimizer,
    rng: StdRng,
    steps: u64,
    last: StepStats,
    diverged: Option<String>,
    probe: Probe,
}

impl Gan {
    /// Fresh networks for `config`, initialised from its seed.
    pub fn new(config: Experiment) -> Result<Self> {
        let device = device::select(config.device).map_err(GanError::Device)?;
        let mut rng = StdRng::seed_from_u64(config.seed);
        let c = &config;
        let dim = c.target.dim();
        let shape = |inputs, outputs| Shape {
            inputs,
            outputs,
            hidden: c.hidden,
            layers: c.layers,
            activation: c.activation,
        };
        let generator = Mlp::new(shape(c.noise_dim, dim), InputScaling::IDENTITY, &mut rng, &device)?;
        let discriminator = Mlp::new(shape(dim, 1), data_scaling(c), &mut rng, &device)?;
        let g_opt = Optimizer::new(c.optimizer, generator.vars(), c.lr_g)?;
        let d_opt = Optimizer::new(c.optimizer, discriminator.vars(), c.lr_d)?;
        let probe = Probe::new(&config, &device)?;
        Ok(Gan {
            config,
            device,
            generator,
            discriminator,
            g_opt,
            d_opt,
            rng,
            steps: 0,
            last: StepStats::default(),
            diverged: None,
            probe,
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &Experiment {
        &self.config
    }

    /// Completed iterations.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Why training stopped, if it diverged.
    pub fn diverged(&self) -> Option<&str> {
        self.diverged.as_deref()
    }

    /// A short name of the device for status lines.
    pub fn device_name(&self) -> String {
        device::describe(&self.device)
    }

    /// Starts again from the initial weights of the current config.
    pub fn reset(&mut self) -> Result<()> {
        *self = Gan::new(self.config.clone())?;
        Ok(())
    }

    /// Switches to `config`, keeping the trained networks where that makes sense:
    /// learning rates, loss, k, batch, target, penalties and freezing change between
    /// iterations; a new optimizer kind restarts the optimizer state; architecture, noise,
    /// seed or device (or a diverged run) rebuild the networks. Returns true when it rebuilt.
    pub fn apply_config(&mut self, config: Experiment) -> Result<bool> {
        if self.config.needs_rebuild(&config) || self.diverged.is_some() {
            *self = Gan::new(config)?;
            return Ok(true);
        }
        if config.target != self.config.target {
            self.probe = Probe::new(&config, &self.device)?;
            self.discriminator.set_input_scaling(data_scaling(&config));
        }
        if config.optimizer != self.config.optimizer {
            self.g_opt = Optimizer::new(config.optimizer, self.generator.vars(), config.lr_g)?;
            self.d_opt = Optimizer::new(config.optimizer, self.discriminator.vars(), config.lr_d)?;
        }
        self.g_opt.set_learning_rate(config.lr_g);
        self.d_opt.set_learning_rate(config.lr_d);
        self.config = config;
        Ok(false)
    }

    /// Moves every generator sample by `by` along the line, through G's output bias: the
    /// trained shape kept, set somewhere else. Figure 1 (a) is a converged G set one
    /// standard deviation beside the data (`engine::figure1`).
    pub fn move_generator(&mut self, by: f64) -> Result<()> {
        self.on_the_line("move_generator")?;
        self.generator.shift_output(&[by])?;
        Ok(())
    }

    /// Runs `n` iterations, stopping at the first error.
    pub fn train(&mut self, n: u64) -> Result<()> {
        for _ in 0..n {
            self.iteration()?;
        }
        Ok(())
    }

    /// Refuses a 1-D probe of D on a 2-D run (its points have two coordinates; see
    /// [`Gan::discriminator_gradient`] and the snapshot's heatmap instead).
    fn on_the_line(&self, what: &str) -> Result<()> {
        match self.config.target.dim() {
            1 => Ok(()),
            d => Err(GanError::Tensor(format!(
                "{what} takes points of the line, but this run's data is {d}-D"
            ))),
        }
    }

    /// Refuses to train a diverged run.
    fn check_alive(&self) -> Result<()> {
        match &self.diverged {
            Some(m) => Err(GanError::Diverged(m.clone())),
            None => Ok(()),
        }
    }

    /// Stops the run: records why, naming the learning rates, and returns the error.
    fn fail<T>(&mut self, what: String) -> Result<T> {
        let c = &self.config;
        let message = format!(
            "{what} at iteration {}; lower the learning rates (lr_d = {}, lr_g = {}) and reset",
            self.steps, c.lr_d, c.lr_g
        );
        self.diverged = Some(message.clone());
        Err(GanError::Diverged(message))
    }

    /// The discriminator's output on `xs`: a probability for sigmoid losses, the raw
    /// output otherwise.
    pub fn discriminate(&self, xs: &[f64]) -> Result<Vec<f64>> {
        let logits = self.discriminator_logits(xs)?;
        if !self.config.loss.is_sigmoid() {
            return Ok(logits);
        }
        Ok(logits.into_iter().map(sigmoid).collect())
    }

    /// d logit / dx of the discriminator at `xs`, the quantity the gradient penalties
    /// constrain (|f'| for WGAN-GP, f'² for R1).
    pub fn discriminator_slope(&self, xs: &[f64]) -> Result<Vec<f64>> {
        self.on_the_line("discriminator_slope")?;
        let x = self.column(xs.iter().map(|&x| x as f32).collect())?;
        let (_, slope) = self.discriminator.forward_with_input_slope(&x)?;
        Ok(slope
            .flatten_all()?
            .to_vec1::<f32>()?
            .into_iter()
            .map(f64::from)
            .collect())
    }

    /// The discriminator's raw output (logit or critic value) at `xs`, on the line.
    pub fn discriminator_logits(&self, xs: &[f64]) -> Result<Vec<f64>> {
        self.on_the_line("discriminator_logits")?;
        let x = self.column(xs.iter().map(|&x| x as f32).collect())?;
        let logits = self.discriminator.forward(&x)?.flatten_all()?.to_vec1::<f32>()?;
        Ok(logits.into_iter().map(f64::from).collect())
    }

    /// Generator samples from the snapshot's fixed noise (evenly spaced quantiles of z
    /// when z is 1-D), sorted ascending; on the plane, their x coordinates.
    pub fn generator_samples(&self) -> Result<Vec<f64>> {
        let out = self.generator.forward(self.probe.noise())?;
        let out = if out.dim(1)? > 1 {
            out.narrow(1, 0, 1)?
        } else {
            out
        };
        let mut xs: Vec<f64> = out
            .flatten_all()?
            .to_vec1::<f32>()?
            .into_iter()
            .map(f64::from)
            .collect();
        xs.sort_by(f64::total_cmp);
        Ok(xs)
    }

    /// How far G is from the data now (W1, sliced in 2-D, as the snapshot measures it)
    /// and where its samples' mean is, without the curves a snapshot draws: a stability
    /// map reads this dozens of times a run, and a full snapshot cost more than the
    /// training between them.
    pub fn distance(&self) -> Result<(f64, [f64; 2])> {
        if let Some(probe) = self.probe.plane() {
            let fakes = self.generator_points()?;
            let n = fakes.len().max(1) as f64;
            let mean = fakes
                .iter()
                .fold([0.0, 0.0], |m, p| [m[0] + p[0] / n, m[1] + p[1] / n]);
            return Ok((probe.reference.sliced_w1(&fakes), mean));
        }
        let samples = self.generator_samples()?;
        let n = samples.len().max(1) as f64;
        let mean = samples.iter().sum::<f64>() / n;
        Ok((measure::wasserstein1(&samples, &self.config.target), [mean, 0.0]))
    }

    /// The curves and metrics of the current state, for one frame or one report.
    pub fn snapshot(&self) -> Result<Snapshot> {
        if let Some(probe) = self.probe.plane() {
            return self.plane_snapshot(probe);
        }
        let target = &self.config.target;
        let samples = self.generator_samples()?;
        let grid = self.probe.grid();
        let p_data = self.probe.p_data().to_vec();
        let p_g = measure::density_on_grid(&samples, grid, probe::DENSITY_BANDWIDTH_CELLS);
        let d = self.discriminate(grid)?;
        let loss = self.config.loss;
        let opponent = opponent::opponent(loss, grid, &p_data, &p_g, &d);
        let dstar_gap = loss.has_optimal_discriminator().then_some(opponent.gap);
        let (lo, hi) = (grid[0], grid[grid.len() - 1]);
        let data_off = 1.0 - (target.cdf(hi) - target.cdf(lo));
        // G's mass the drawn p_g does not show: samples off the grid, and the smoothing's
        // spill over its ends (a fresh G sits at the left edge).
        let generator_off = (1.0 - measure::mass_on_grid(grid, &p_g)).max(0.0);
        let mapping = match self.probe.mapping_z() {
            Some((z_tensor, zs)) => {
                let xs = self
                    .generator
                    .forward(z_tensor)?
                    .flatten_all()?
                    .to_vec1::<f32>()?;
                zs.iter().zip(xs).map(|(&z, x)| (z, x as f64)).collect()
            }
            None => Vec::new(),
        };
        let mode_masses = measure::mode_masses(&samples, target);
        let n = samples.len().max(1) as f64;
        let g_mean = samples.iter().sum::<f64>() / n;
        let g_std = (samples.iter().map(|x| (x - g_mean).powi(2)).sum::<f64>() / n).sqrt();
        let metrics = Metrics {
            steps: self.steps,
            d_loss: self.last.d_loss,
            g_loss: self.last.g_loss,
            d_real: self.last.d_real,
            d_fake: self.last.d_fake,
            w1: measure::wasserstein1(&samples, target),
            js: measure::jensen_shannon(&samples, target, grid),
            tv: measure::total_variation(grid, &p_data, &p_g, data_off, generator_off),
            modes_covered: measure::modes_covered(&mode_masses, target),
            high_quality: measure::high_quality(&samples, target),
            mode_masses,
            g_grad_norm: self.last.g_grad_norm,
            d_grad_norm: self.last.d_grad_norm,
            dstar_gap,
            opponent_gap: opponent.gap,
            g_mean,
            g_std,
            diverged: self.diverged.is_some(),
        };
        Ok(Snapshot {
            grid: grid.to_vec(),
            p_data,
            p_g,
            d,
            opponent: opponent.curve,
            loss,
            mapping,
            z_range: self.probe.z_range(),
            metrics,
            plane: None,
        })
    }
}

/// The discriminator's fixed input standardisation: the data's mean and standard
/// deviation (on the plane, the mean per axis and one spread for both).
fn data_scaling(config: &Experiment) -> InputScaling {
    let target = &config.target;
    let (shift, scale) = match target.plane() {
        Some(plane) => plane.moments(),
        None => ([target.mean(), 0.0], target.std_dev()),
    };
    InputScaling {
        shift,
        scale: scale.max(1e-6),
    }
}

fn sigmoid(l: f64) -> f64 {
    1.0 / (1.0 + (-l).exp())
}
