//! The Dirac-GAN of Mescheder et al. (2018) and the bilinear game min_x max_y x·y: the
//! smallest games that oscillate, with closed-form gradients and no networks.
//!
//! Dirac-GAN: data is a point mass at 0, the generator a point mass at θ, the
//! discriminator D(x) = σ(ψ·x) (a critic ψ·x for Wasserstein). Near the equilibrium
//! (0, 0) every loss gives the rotation (θ, ψ) -> (ψ, −θ)/2: simultaneous gradient steps
//! spiral out, alternating steps circle (while h·f'(0) < 2), and a zero-centred
//! gradient penalty γ or instance noise damps them: alternating steps then spiral in,
//! and simultaneous ones too once the damping beats the step's own growth
//! (γ > h·f'(0)²).

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

impl Scheme {
    /// Name in printouts and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Simultaneous => "simultaneous",
            Scheme::Alternating => "alternating",
        }
    }
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

/// A 2×2 matrix, rows of (θ, ψ).
pub type Matrix = [[f64; 2]; 2];

/// A complex number as (real part, imaginary part).
pub type Complex = (f64, f64);

/// How a linear update map moves points near the equilibrium, from its spectral radius.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Spectral radius below 1: every path comes in.
    Converges,
    /// Spectral radius 1: paths circle at a fixed distance.
    Orbits,
    /// Spectral radius above 1: paths go out.
    Diverges,
}

impl Verdict {
    /// The verdict in words, as `ganscope phase` prints it.
    pub fn describe(self, rotates: bool) -> &'static str {
        match (self, rotates) {
            (Verdict::Converges, true) => "spirals in: converges",
            (Verdict::Converges, false) => "converges",
            (Verdict::Orbits, _) => "orbits: neither converges nor diverges",
            (Verdict::Diverges, true) => "spirals out: diverges",
            (Verdict::Diverges, false) => "diverges",
        }
    }
}

/// Spectral radii this close to 1 count as 1 (an orbit).
const UNIT_TOLERANCE: f64 = 1e-9;

/// The eigenvalues of a 2×2 matrix, from its trace and determinant.
pub fn eigenvalues(m: Matrix) -> [Complex; 2] {
    let trace = m[0][0] + m[1][1];
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    let half = 0.5 * trace;
    let disc = half * half - det;
    if disc >= 0.0 {
        let root = disc.sqrt();
        [(half + root, 0.0), (half - root, 0.0)]
    } else {
        let root = (-disc).sqrt();
        [(half, root), (half, -root)]
    }
}

/// True when `map` has one repeated eigenvalue but is not that multiple of the identity:
/// its powers then grow linearly.
fn is_jordan_block(map: Matrix, [(re1, im1), (re2, im2)]: [Complex; 2]) -> bool {
    let repeated = (re1 - re2).hypot(im1 - im2) < UNIT_TOLERANCE.sqrt();
    let scalar = map[0][1].abs() < UNIT_TOLERANCE
        && map[1][0].abs() < UNIT_TOLERANCE
        && (map[0][0] - map[1][1]).abs() < UNIT_TOLERANCE;
    repeated && !scalar
}

/// The largest modulus of the eigenvalues.
pub fn spectral_radius(values: &[Complex; 2]) -> f64 {
    values.iter().map(|(re, im)| re.hypot(*im)).fold(0.0, f64::max)
}

impl Dirac {
    /// f'(0) of the game's f: 1/2 for the sigmoid losses, 1 for the linear critic and the
    /// bilinear game (SCIENCE.md, "Dirac-GAN: exact numbers").
    pub fn slope_at_zero(&self) -> f64 {
        match self.game {
            Game::Gan | Game::NonSaturating => 0.5,
            Game::Wasserstein | Game::Bilinear => 1.0,
        }
    }

    /// f''(0): −1/4 for the sigmoid losses, 0 for the linear ones.
    pub fn curvature_at_zero(&self) -> f64 {
        match self.game {
            Game::Gan | Game::NonSaturating => -0.25,
            Game::Wasserstein | Game::Bilinear => 0.0,
        }
    }

    /// The Jacobian of the update field (dθ, dψ) at the equilibrium (0, 0), in closed
    /// form: [[0, f'(0)], [−f'(0), 2 f''(0) σ² − γ]] for the Dirac-GAN (σ the instance
    /// noise, γ the penalty on D), and [[0, −1], [1, −γ]] for min_x max_y x·y.
    pub fn jacobian(&self) -> Matrix {
        let a = self.slope_at_zero();
        let damping = 2.0 * self.curvature_at_zero() * self.instance_noise.powi(2) - self.gamma;
        match self.game {
            Game::Bilinear => [[0.0, -1.0], [1.0, -self.gamma]],
            _ => [[0.0, a], [-a, damping]],
        }
    }

    /// The update map of `scheme`, linearised at the equilibrium: I + hJ for simultaneous
    /// steps; for alternating ones (ψ first, then θ against the new ψ)
    /// [[1 + hJ11 + h²J12J21, hJ12(1 + hJ22)], [hJ21, 1 + hJ22]].
    pub fn update_map(&self, scheme: Scheme) -> Matrix {
        let j = self.jacobian();
        let h = self.step;
        match scheme {
            Scheme::Simultaneous => [[1.0 + h * j[0][0], h * j[0][1]], [h * j[1][0], 1.0 + h * j[1][1]]],
            Scheme::Alternating => [
                [
                    1.0 + h * j[0][0] + h * h * j[0][1] * j[1][0],
                    h * j[0][1] * (1.0 + h * j[1][1]),
                ],
                [h * j[1][0], 1.0 + h * j[1][1]],
            ],
        }
    }

    /// The eigenvalues of the update map of `scheme` at the equilibrium.
    pub fn map_eigenvalues(&self, scheme: Scheme) -> [Complex; 2] {
        eigenvalues(self.update_map(scheme))
    }

    /// Converges, orbits or diverges under `scheme`, from the spectral radius of its map.
    /// On the unit circle a repeated eigenvalue of a map that is not a multiple of the
    /// identity (a Jordan block, e.g. alternating steps at h·f'(0) = 2) drifts out
    /// linearly: that diverges too.
    pub fn verdict(&self, scheme: Scheme) -> Verdict {
        let values = self.map_eigenvalues(scheme);
        let radius = spectral_radius(&values);
        if radius > 1.0 + UNIT_TOLERANCE {
            Verdict::Diverges
        } else if radius < 1.0 - UNIT_TOLERANCE {
            Verdict::Converges
        } else if is_jordan_block(self.update_map(scheme), values) {
            Verdict::Diverges
        } else {
            Verdict::Orbits
        }
    }
}
