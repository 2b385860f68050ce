//! The Dirac-GAN of Mescheder et al. (2018) and the bilinear game min_x max_y x·y: the
//! smallest games that oscillate, with closed-form gradients and no networks.
//!
//! Dirac-GAN: data is a point mass at 0, the generator a point mass at θ, the
//! discriminator D(x) = σ(ψ·x) (a critic ψ·x for Wasserstein). Near the equilibrium
//! (0, 0) every loss gives the rotation (θ, ψ) -> (ψ, −θ)/2: simultaneous gradient steps
//! spiral out, alternating steps circle, and a zero-centred gradient penalty (γ > 0) or
//! instance noise makes them spiral in.

/// Which small game to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Game {
    /// Dirac-GAN with the paper's saturating generator loss.
    Gan,
    /// Dirac-GAN with the non-saturating generator loss.
    NonSaturating,
    /// Dirac-GAN with a linear critic (WGAN without clipping).
    Wasserstein,
    /// min over x, max over y of x·y (θ = x, ψ = y).
    Bilinear,
}

impl Game {
    /// Every game, in menu order.
    pub const ALL: [Game; 4] = [Game::Gan, Game::NonSaturating, Game::Wasserstein, Game::Bilinear];

    /// Name in menus and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Game::Gan => "gan",
            Game::NonSaturating => "non-saturating",
            Game::Wasserstein => "wasserstein",
            Game::Bilinear => "bilinear",
        }
    }
}

/// How the two players move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Both step from the same point (gradient descent-ascent).
    Simultaneous,
    /// D steps first, then G steps against the new D (Algorithm 1 with k = 1).
    Alternating,
}

/// Settings of a phase-plane experiment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dirac {
    /// The game.
    pub game: Game,
    /// Simultaneous or alternating updates.
    pub scheme: Scheme,
    /// Step size h of both players.
    pub step: f64,
    /// Weight γ of the zero-centred gradient penalty on real data, γ/2·ψ² (R1).
    pub gamma: f64,
    /// Standard deviation of instance noise added to real and fake points.
    pub instance_noise: f64,
}

impl Default for Dirac {
    fn default() -> Self {
        Dirac {
            game: Game::Gan,
            scheme: Scheme::Simultaneous,
            step: 0.15,
            gamma: 0.0,
            instance_noise: 0.0,
        }
    }
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Gauss–Hermite nodes and weights (probabilists', normalised to sum 1) for E over a
/// standard normal: instance noise enters the expectations exactly enough to draw.
const HERMITE: [(f64, f64); 7] = [
    (-3.750_439_717_725_742, 5.482_688_559_722_2e-4),
    (-2.366_759_410_734_541, 3.075_712_396_758_65e-2),
    (-1.154_405_394_739_968, 2.401_231_786_050_13e-1),
    (0.0, 4.571_428_571_428_57e-1),
    (1.154_405_394_739_968, 2.401_231_786_050_13e-1),
    (2.366_759_410_734_541, 3.075_712_396_758_65e-2),
    (3.750_439_717_725_742, 5.482_688_559_722_2e-4),
];

impl Dirac {
    /// The generator's descent direction −∂L_G/∂θ at (θ, ψ).
    pub fn generator_direction(&self, theta: f64, psi: f64) -> f64 {
        let noise = self.instance_noise;
        match self.game {
            Game::Bilinear => -psi,
            // G maximises the critic on its sample: ∂/∂θ of ψ(θ + ε) is ψ.
            Game::Wasserstein => psi,
            // minimax: G minimises E log(1 − σ(ψ(θ+ε))), whose descent direction is E σ(ψx)·ψ.
            Game::Gan => expect(noise, |e| sigmoid(psi * (theta + e)) * psi),
            // non-saturating: G minimises −E log σ(ψ(θ+ε)), direction E σ(−ψx)·ψ.
            Game::NonSaturating => expect(noise, |e| sigmoid(-psi * (theta + e)) * psi),
        }
    }

    /// The discriminator's ascent direction +∂L_D/∂ψ at (θ, ψ), penalty included.
    pub fn discriminator_direction(&self, theta: f64, psi: f64) -> f64 {
        let noise = self.instance_noise;
        let raw = match self.game {
            Game::Bilinear => theta,
            // critic maximises E ψε − E ψ(θ + ε) = −ψθ
            Game::Wasserstein => -theta,
            // D maximises E log σ(ψε) + E log(1 − σ(ψ(θ+ε))):
            // ∂/∂ψ = E σ(−ψε)·ε − E σ(ψx)·x with x = θ + ε.
            Game::Gan | Game::NonSaturating => {
                expect(noise, |e| sigmoid(-psi * e) * e)
                    - expect(noise, |e| sigmoid(psi * (theta + e)) * (theta + e))
            }
        };
        // R1: D's logit slope at the real point is ψ; the penalty γ/2·ψ² pulls ψ to 0.
        raw - self.gamma * psi
    }

    /// The update field (dθ, dψ) per unit step at (θ, ψ), for drawing arrows.
    pub fn field(&self, theta: f64, psi: f64) -> (f64, f64) {
        (
            self.generator_direction(theta, psi),
            self.discriminator_direction(theta, psi),
        )
    }

    /// One update of both players from (θ, ψ).
    pub fn step_from(&self, (theta, psi): (f64, f64)) -> (f64, f64) {
        let h = self.step;
        match self.scheme {
            Scheme::Simultaneous => {
                let (dt, dp) = self.field(theta, psi);
                (theta + h * dt, psi + h * dp)
            }
            Scheme::Alternating => {
                let psi = psi + h * self.discriminator_direction(theta, psi);
                (theta + h * self.generator_direction(theta, psi), psi)
            }
        }
    }

    /// The points visited in `steps` updates from `start`, start included.
    pub fn trajectory(&self, start: (f64, f64), steps: usize) -> Vec<(f64, f64)> {
        let mut points = Vec::with_capacity(steps + 1);
        let mut p = start;
        points.push(p);
        for _ in 0..steps {
            p = self.step_from(p);
            if !(p.0.is_finite() && p.1.is_finite()) {
                break;
            }
            points.push(p);
        }
        points
    }

    /// Field arrows on an n × n grid over [−extent, extent]²: ((θ, ψ), (dθ, dψ)).
    pub fn field_grid(&self, extent: f64, n: usize) -> Vec<((f64, f64), (f64, f64))> {
        let coords = super::measure::linspace(-extent, extent, n);
        coords
            .iter()
            .flat_map(|&theta| coords.iter().map(move |&psi| (theta, psi)))
            .map(|(theta, psi)| ((theta, psi), self.field(theta, psi)))
            .collect()
    }
}

/// E f(ε) for ε ~ N(0, sd²); exact when sd = 0.
fn expect(sd: f64, f: impl Fn(f64) -> f64) -> f64 {
    if sd <= 0.0 {
        return f(0.0);
    }
    HERMITE.iter().map(|&(node, weight)| weight * f(sd * node)).sum()
}
