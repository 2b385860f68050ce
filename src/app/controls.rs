//! The left panel: every setting of the experiment and the run buttons. Widgets edit a
//! copy of the [`Experiment`]; the app sends it to the worker when it changed, so every
//! control acts live. Buttons become worker [`Command`]s.

use super::choice::choice;
use super::style::{error_text, note_text};
use crate::engine::config::{Activation, Experiment, Loss, Noise, OptimizerKind};
use crate::engine::target::Target;
use crate::worker::{Command, Frame, Health, SLOWEST, Speed};
use egui::{ComboBox, DragValue, Slider, TextEdit, Ui};

/// The speed slider's top end, which means "as fast as possible".
pub const MAX_RATE: f64 = 1000.0;

/// Ready-made targets for the target menu: (formula, what it shows).
pub const TARGETS: &[(&str, &str)] = &[
    ("N(4,0.5)", "one Gaussian, as in Figure 1"),
    ("N(0,1)", "a standard normal"),
    ("0.5*N(-2,0.5) + 0.5*N(2,0.5)", "two close modes"),
    ("0.5*N(-4,0.4) + 0.5*N(4,0.4)", "two far modes (mode collapse)"),
    ("0.34*N(-4,0.4) + 0.33*N(0,0.4) + 0.33*N(4,0.4)", "three modes"),
    ("U(1,3)", "a flat density with hard edges"),
    ("Laplace(0,1)", "a sharp peak, heavy tails"),
    ("LogNormal(0,0.5)", "a skewed density"),
    ("N(6,0.3)", "far from where G starts (WGAN rescue)"),
];

/// What the controls remember between frames besides the experiment itself.
pub struct Controls {
    /// The target formula as typed.
    pub formula: String,
    /// The parser's message for the formula, while it is malformed.
    pub formula_error: Option<String>,
    /// Speed slider position in iterations per second; [`MAX_RATE`] means unlimited.
    pub rate: f64,
}

impl Controls {
    /// Controls showing `experiment` at `speed`.
    pub fn new(experiment: &Experiment, speed: Speed) -> Self {
        Controls {
            formula: experiment.target.to_string(),
            formula_error: None,
            rate: match speed {
                Speed::Limited(r) => r.clamp(SLOWEST, MAX_RATE),
                Speed::Unlimited => MAX_RATE,
            },
        }
    }

    /// The speed the slider stands for.
    pub fn speed(&self) -> Speed {
        if self.rate >= MAX_RATE {
            Speed::Unlimited
        } else {
            Speed::Limited(self.rate)
        }
    }

    /// Shows the formula of a new experiment (after a preset was loaded).
    pub fn sync(&mut self, experiment: &Experiment) {
        self.formula = experiment.target.to_string();
        self.formula_error = None;
    }

    /// Draws the panel, editing `edit` and pushing button commands.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        edit: &mut Experiment,
        frame: Option<&Frame>,
        commands: &mut Vec<Command>,
    ) {
        self.run_section(ui, frame, commands);
        ui.separator();
        self.target_section(ui, edit);
        ui.separator();
        game_section(ui, edit);
        ui.separator();
        network_section(ui, edit);
    }

    fn run_section(&mut self, ui: &mut Ui, frame: Option<&Frame>, commands: &mut Vec<Command>) {
        ui.heading("Run");
        let playing = frame.is_some_and(|f| f.playing);
        let healthy = frame.is_none_or(|f| f.health == Health::Ok);
        ui.horizontal_wrapped(|ui| {
            if playing {
                if ui
                    .button("Pause")
                    .on_hover_text("Stop training (space)")
                    .clicked()
                {
                    commands.push(Command::Pause);
                }
            } else if ui
                .button("Play")
                .on_hover_text("Train continuously (space)")
                .clicked()
            {
                commands.push(Command::Play);
            }
            let step = ui.add_enabled(healthy, egui::Button::new("Step"));
            if step
                .on_hover_text("One iteration: k D steps, then one G step (S)")
                .clicked()
            {
                commands.push(Command::Iterate);
            }
            let d = ui.add_enabled(healthy, egui::Button::new("D step"));
            if d.on_hover_text("One discriminator step only: D moves toward D* (Figure 1 b)")
                .clicked()
            {
                commands.push(Command::StepD);
            }
            let g = ui.add_enabled(healthy, egui::Button::new("G step"));
            if g.on_hover_text("One generator step only: G(z) follows the gradient of D (Figure 1 c)")
                .clicked()
            {
                commands.push(Command::StepG);
            }
            if ui
                .button("Reset")
                .on_hover_text("Fresh networks from the seed; keeps the settings (R)")
                .clicked()
            {
                commands.push(Command::Reset);
            }
        });
        let response = ui
            .add(
                Slider::new(&mut self.rate, SLOWEST..=MAX_RATE)
                    .logarithmic(true)
                    .text("speed")
                    .custom_formatter(|v, _| {
                        if v >= MAX_RATE {
                            "max".into()
                        } else {
                            format!("{v:.0} it/s")
                        }
                    })
                    .custom_parser(|s| {
                        let s = s.trim().trim_end_matches("it/s").trim();
                        if s.eq_ignore_ascii_case("max") {
                            Some(MAX_RATE)
                        } else {
                            s.parse().ok()
                        }
                    }),
            )
            .on_hover_text(
                "Iterations per second: 1 (slow motion, watch each update) to max (as fast as possible)",
            );
        if response.changed() {
            commands.push(Command::SetSpeed(self.speed()));
        }
    }

    fn target_section(&mut self, ui: &mut Ui, edit: &mut Experiment) {
        ui.heading("Data");
        let mut picked = None;
        ComboBox::from_label("target")
            .selected_text(short(&edit.target.to_string(), 26))
            .width(200.0)
            .show_ui(ui, |ui| {
                for (formula, what) in TARGETS {
                    let item = ui
                        .selectable_label(self.formula == *formula, *formula)
                        .on_hover_text(*what);
                    if item.clicked() {
                        picked = Some(formula.to_string());
                    }
                }
            })
            .response
            .on_hover_text("Ready-made data distributions; or type a formula below");
        let label = ui.label("formula");
        let response = ui
            .add(TextEdit::singleline(&mut self.formula).desired_width(f32::INFINITY))
            .labelled_by(label.id)
            .on_hover_text("p_data as a sum of [weight*]DIST terms: N(mu,sigma), U(a,b), Laplace(mu,b), LogNormal(mu,sigma)");
        if let Some(formula) = picked {
            self.formula = formula;
        }
        if response.changed() || self.formula != edit.target.to_string() {
            match Target::parse(&self.formula) {
                Ok(target) => {
                    self.formula_error = None;
                    if target != edit.target {
                        edit.target = target;
                    }
                }
                Err(e) => {
                    self.formula_error = Some(format!("formula error {e}; training keeps the old target"))
                }
            }
        }
        if let Some(error) = &self.formula_error {
            ui.label(error_text(ui, error.as_str()));
        }
    }
}

/// At most `n` characters of `text`, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}

fn loss_help(loss: Loss) -> &'static str {
    match loss {
        Loss::Minimax => "The paper's game: G minimises log(1 − D(G(z))); saturates when D wins",
        Loss::NonSaturating => "Same D; G maximises log D(G(z)): strong early gradient (the paper's advice)",
        Loss::LeastSquares => "LSGAN: D minimises (D(x) − 1)² + D(G(z))²; G minimises (D(G(z)) − 1)²",
        Loss::Hinge => "D minimises relu(1 − f(x)) + relu(1 + f(G(z))); G minimises −f(G(z))",
        Loss::Wasserstein => "WGAN: critic maximises E f(x) − E f(G(z)), weights clipped to [−clip, clip]",
        Loss::WassersteinGp => "WGAN-GP: Wasserstein critic plus λ (‖∇f(x')‖ − 1)² at random interpolates x'",
    }
}

fn optimizer_help(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "θ ← θ − lr·∇",
        OptimizerKind::Momentum => "SGD with momentum 0.9, as in the paper's experiments",
        OptimizerKind::Adam => "Adam, betas (0.5, 0.999), no weight decay: the usual GAN choice",
        OptimizerKind::RmsProp => "RMSProp (alpha 0.99), the WGAN paper's choice",
    }
}

fn game_section(ui: &mut Ui, edit: &mut Experiment) {
    ui.heading("Game");
    choice(
        ui,
        "loss",
        &mut edit.loss,
        &Loss::ALL,
        Loss::name,
        Some(loss_help),
    );
    ui.add(Slider::new(&mut edit.k, 1..=20).text("k"))
        .on_hover_text("Discriminator steps per generator step (Algorithm 1's k)");
    ui.add(
        Slider::new(&mut edit.lr_d, 1e-5..=10.0)
            .logarithmic(true)
            .text("lr_d"),
    )
    .on_hover_text("Discriminator learning rate (log scale)");
    ui.add(
        Slider::new(&mut edit.lr_g, 1e-5..=10.0)
            .logarithmic(true)
            .text("lr_g"),
    )
    .on_hover_text("Generator learning rate (log scale)");
    choice(
        ui,
        "optimizer",
        &mut edit.optimizer,
        &OptimizerKind::ALL,
        OptimizerKind::name,
        Some(optimizer_help),
    );
    ui.add(
        Slider::new(&mut edit.batch, 1..=4096)
            .logarithmic(true)
            .text("batch"),
    )
    .on_hover_text("Minibatch size m: real and fake samples per step");
    if edit.loss == Loss::Wasserstein {
        ui.add(
            Slider::new(&mut edit.clip, 1e-3..=1.0)
                .logarithmic(true)
                .text("clip"),
        )
        .on_hover_text("Critic weights are clipped to [−clip, clip] after each step");
    }
    if edit.loss == Loss::WassersteinGp {
        ui.add(
            Slider::new(&mut edit.gp_lambda, 0.0..=100.0)
                .logarithmic(true)
                .smallest_positive(1e-3)
                .text("gp_lambda"),
        )
        .on_hover_text("Gradient penalty weight λ in λ (‖∇f(x')‖ − 1)²");
    }
    ui.add(
        Slider::new(&mut edit.r1_gamma, 0.0..=100.0)
            .logarithmic(true)
            .smallest_positive(1e-3)
            .text("r1_gamma"),
    )
    .on_hover_text("R1 penalty γ/2·‖∇D(x_real)‖² on real data, any loss; 0 = off");
    ui.horizontal(|ui| {
        ui.checkbox(&mut edit.train_d, "train D")
            .on_hover_text("Update the discriminator; off freezes D");
        ui.checkbox(&mut edit.train_g, "train G")
            .on_hover_text("Update the generator; off freezes G so D converges to D* (Figure 1 b)");
    });
}

fn network_section(ui: &mut Ui, edit: &mut Experiment) {
    ui.heading("Networks");
    ui.label(note_text(
        ui,
        "Changing these rebuilds both networks and restarts training.",
    ));
    ui.add(
        Slider::new(&mut edit.hidden, 1..=256)
            .logarithmic(true)
            .text("width"),
    )
    .on_hover_text("Units in each hidden layer of G and D (resets training)");
    ui.add(Slider::new(&mut edit.layers, 1..=8).text("depth"))
        .on_hover_text("Hidden layers of G and D (resets training)");
    choice(
        ui,
        "activation",
        &mut edit.activation,
        &Activation::ALL,
        Activation::name,
        None,
    )
    .on_hover_text(
        "Hidden non-linearity: relu max(0,x), leaky-relu max(0.2x,x), tanh, elu (resets training)",
    );
    choice(ui, "noise", &mut edit.noise, &Noise::ALL, Noise::name, None)
        .on_hover_text("Distribution of z: uniform on [−1, 1] (as in Figure 1) or N(0, 1) (resets training)");
    ui.add(Slider::new(&mut edit.noise_dim, 1..=16).text("noise dim"))
        .on_hover_text("Dimension of z; 1 draws the z → x arrows (resets training)");
    ui.horizontal(|ui| {
        let label = ui.label("seed");
        ui.add(DragValue::new(&mut edit.seed).range(0..=u32::MAX))
            .labelled_by(label.id)
            .on_hover_text("Random seed of weights and samples: same seed, same run (resets training)");
    });
}
