//! The losses of `SCIENCE.md`, written on logits with stable forms (softplus, never
//! the log of a sigmoid output), so nothing turns NaN when D saturates.

use crate::engine::config::Loss;
use candle_core::{Result, Tensor};

/// softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^−|x|): the exponent is never positive.
pub fn softplus(x: &Tensor) -> Result<Tensor> {
    let tail = (x.abs()?.neg()?.exp()? + 1.0)?.log()?;
    x.relu()? + tail
}

/// The mean over a run's rows: of the whole tensor for one network's (n, 1) logits,
/// and each run's own, shape (R, 1, 1), for an ensemble's (R, n, 1), so that the runs'
/// losses summed give every run its own gradient.
pub(super) fn mean(x: &Tensor) -> Result<Tensor> {
    if x.rank() == 3 {
        x.mean_keepdim((1, 2))
    } else {
        x.mean_all()
    }
}

/// The discriminator's (or critic's) loss to minimise, from the logits on a real and a
/// fake batch (per run for an ensemble's: see `mean`).
pub fn discriminator_loss(loss: Loss, real: &Tensor, fake: &Tensor) -> Result<Tensor> {
    match loss {
        // −log σ(l_r) − log(1 − σ(l_f)) = softplus(−l_r) + softplus(l_f)
        Loss::Minimax | Loss::NonSaturating => mean(&softplus(&real.neg()?)?)? + mean(&softplus(fake)?)?,
        // (D(x) − 1)² + D(G(z))², with D the raw output
        Loss::LeastSquares => mean(&(real - 1.0)?.sqr()?)? + mean(&fake.sqr()?)?,
        // relu(1 − l_r) + relu(1 + l_f)
        Loss::Hinge => mean(&(1.0 - real)?.relu()?)? + mean(&(fake + 1.0)?.relu()?)?,
        // the critic maximises E f(real) − E f(fake)
        Loss::Wasserstein | Loss::WassersteinGp => mean(fake)? - mean(real)?,
    }
}

/// The generator's loss to minimise, from the discriminator's logits on a fake batch
/// (per run for an ensemble's: see `mean`).
pub fn generator_loss(loss: Loss, fake: &Tensor) -> Result<Tensor> {
    match loss {
        // log(1 − σ(l_f)) = −softplus(l_f): saturates when D confidently rejects fakes
        Loss::Minimax => mean(&softplus(fake)?.neg()?),
        // −log σ(l_f) = softplus(−l_f)
        Loss::NonSaturating => mean(&softplus(&fake.neg()?)?),
        Loss::LeastSquares => mean(&(fake - 1.0)?.sqr()?),
        Loss::Hinge | Loss::Wasserstein | Loss::WassersteinGp => mean(fake)?.neg(),
    }
}
