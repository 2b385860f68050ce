//! The losses of `SCIENCE.md`, written on logits with stable forms (softplus, never
//! the log of a sigmoid output), so nothing turns NaN when D saturates.

use crate::engine::config::Loss;
use candle_core::{Result, Tensor};

/// softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^−|x|): the exponent is never positive.
pub fn softplus(x: &Tensor) -> Result<Tensor> {
    let tail = (x.abs()?.neg()?.exp()? + 1.0)?.log()?;
    x.relu()? + tail
}

/// The discriminator's (or critic's) loss to minimise, from the logits on a real and a
/// fake batch.
pub fn discriminator_loss(loss: Loss, real: &Tensor, fake: &Tensor) -> Result<Tensor> {
    match loss {
        // −log σ(l_r) − log(1 − σ(l_f)) = softplus(−l_r) + softplus(l_f)
        Loss::Minimax | Loss::NonSaturating => {
            softplus(&real.neg()?)?.mean_all()? + softplus(fake)?.mean_all()?
        }
        // (D(x) − 1)² + D(G(z))², with D the raw output
        Loss::LeastSquares => (real - 1.0)?.sqr()?.mean_all()? + fake.sqr()?.mean_all()?,
        // relu(1 − l_r) + relu(1 + l_f)
        Loss::Hinge => (1.0 - real)?.relu()?.mean_all()? + (fake + 1.0)?.relu()?.mean_all()?,
        // the critic maximises E f(real) − E f(fake)
        Loss::Wasserstein | Loss::WassersteinGp => fake.mean_all()? - real.mean_all()?,
    }
}

/// The generator's loss to minimise, from the discriminator's logits on a fake batch.
pub fn generator_loss(loss: Loss, fake: &Tensor) -> Result<Tensor> {
    match loss {
        // log(1 − σ(l_f)) = −softplus(l_f): saturates when D confidently rejects fakes
        Loss::Minimax => softplus(fake)?.neg()?.mean_all(),
        // −log σ(l_f) = softplus(−l_f)
        Loss::NonSaturating => softplus(&fake.neg()?)?.mean_all(),
        Loss::LeastSquares => (fake - 1.0)?.sqr()?.mean_all(),
        Loss::Hinge | Loss::Wasserstein | Loss::WassersteinGp => fake.mean_all()?.neg(),
    }
}
