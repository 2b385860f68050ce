//! The small enums of the settings (loss, optimizer, activation, noise, device), each
//! value with its name in configs and its one-line help written once, next to each
//! other: parsing, error messages, the app's drop-downs and `ganscope keys` read them here.

/// One value of a setting's drop-down: its name in configs and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The name in TOML, `--set` and the app.
    pub name: &'static str,
    /// One line saying what the value does.
    pub help: &'static str,
}

/// Declares an enum of settings values with `ALL`, `CHOICES`, `name`, `help`, `index`
/// and `nth`, from one list of `Variant => "name", "help"` lines. The help doubles as the
/// variant's doc comment.
macro_rules! choices {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => $text:literal, $help:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = $help] $variant,)+
        }

        impl $name {
            /// Every value, in menu order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];
            /// Every value's name and help, in menu order.
            pub const CHOICES: &'static [Choice] = &[$(Choice { name: $text, help: $help }),+];

            /// The name used in configs, on the command line and in the app.
            pub fn name(self) -> &'static str {
                Self::CHOICES[self.index()].name
            }

            /// What the value does, for tooltips and `ganscope keys`.
            pub fn help(self) -> &'static str {
                Self::CHOICES[self.index()].help
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The value at `index` in [`Self::ALL`]; the last one past the end.
            pub fn nth(index: usize) -> Self {
                Self::ALL[index.min(Self::ALL.len() - 1)]
            }
        }
    };
}

choices! {
    /// How D and G score each other (see SCIENCE.md, "Losses").
    pub enum Loss {
        Minimax => "minimax", "the paper's game: G minimises log(1 − D(G(z))); saturates when D wins";
        NonSaturating => "non-saturating", "same D; G maximises log D(G(z)): strong early gradient (the paper's advice)";
        LeastSquares => "least-squares", "LSGAN: D minimises (D(x) − 1)² + D(G(z))²; G minimises (D(G(z)) − 1)²";
        Hinge => "hinge", "D minimises relu(1 − f(x)) + relu(1 + f(G(z))); G minimises −f(G(z))";
        Wasserstein => "wasserstein", "WGAN: the critic maximises E f(x) − E f(G(z)), weights clipped to [−clip, clip]";
        WassersteinGp => "wasserstein-gp", "WGAN-GP: the Wasserstein critic plus gp_lambda·(‖∇f(x')‖ − 1)² at random interpolates x'";
    }
}

impl Default for Loss {
    /// The paper's recommended practice.
    fn default() -> Self {
        Loss::NonSaturating
    }
}

impl Loss {
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

choices! {
    /// Parameter update rule; D and G each get their own instance.
    pub enum OptimizerKind {
        Sgd => "sgd", "plain gradient descent, θ ← θ − lr·∇";
        Momentum => "momentum", "SGD with momentum 0.9, as in the paper's experiments";
        Adam => "adam", "Adam with betas (0.5, 0.999) and no weight decay: the usual GAN choice";
        RmsProp => "rmsprop", "RMSProp (alpha 0.99), the WGAN paper's choice";
        OptimisticAdam => "optimistic-adam", "optimistic Adam (Daskalakis et al. 2018): twice this step's Adam update minus the last one's, which damps the game's rotation";
    }
}

choices! {
    /// Hidden-layer non-linearity of both networks.
    pub enum Activation {
        Relu => "relu", "max(0, x)";
        LeakyRelu => "leaky-relu", "max(0.2·x, x)";
        Tanh => "tanh", "tanh(x), saturating";
        Elu => "elu", "x for x > 0, exp(x) − 1 otherwise";
        Softplus => "softplus", "ln(1 + exp(x)): smooth everywhere, so a generator of it draws a smooth density";
    }
}

choices! {
    /// Distribution of the generator's input z.
    pub enum Noise {
        Uniform => "uniform", "z ~ U(−1, 1) per dimension, as in the paper's Figure 1";
        Gaussian => "gaussian", "z ~ N(0, 1) per dimension";
    }
}

choices! {
    /// How the two players take their gradient steps.
    pub enum Updates {
        Alternating => "alternating", "Algorithm 1: k D steps, then one G step against the updated D";
        Simultaneous => "simultaneous", "both players step from the same point (gradient descent-ascent): the rotation spirals out";
    }
}

choices! {
    /// Where the tensors live.
    pub enum DeviceKind {
        Cpu => "cpu", "the CPU (always available)";
        Cuda => "cuda", "an NVIDIA GPU; needs a build with --features cuda";
        Metal => "metal", "an Apple GPU; needs a build with --features metal";
    }
}
