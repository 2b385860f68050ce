//! The two multilayer perceptrons, built from candle `Var`s so the run's seeded RNG
//! decides every initial weight (candle's own CPU initialiser is not seedable).

use super::dense::{Fused, dense};
use crate::engine::config::Activation;
use candle_core::{D, DType, Device, Result, Tensor, Var};

use rand::Rng;

/// Slope of leaky-relu on the negative side.
const LEAKY_SLOPE: f64 = 0.2;

/// One fully connected layer, `x · w + b` with `w` of shape (in, out).
struct Dense {
    weight: Var,
    bias: Var,
}

impl Dense {
    /// `h · w + b`, with the bias added as the outer product `1 · b`: the backward pass
    /// of a broadcast add sums the gradient over the batch with candle's strided
    /// reduction, which was a quarter of all training time (perf); as a matmul it is one
    /// small gemm.
    fn affine(&self, h: &Tensor) -> Result<Tensor> {
        h.matmul(self.weight.as_tensor())? + ones_column(h)?.matmul(self.bias.as_tensor())?
    }
}

/// A column of ones beside `h`'s rows: (n, 1), or (R, n, 1) for an ensemble's.
fn ones_column(h: &Tensor) -> Result<Tensor> {
    let mut dims = h.dims().to_vec();
    if let Some(last) = dims.last_mut() {
        *last = 1;
    }
    Tensor::ones(dims, h.dtype(), h.device())
}

/// A multilayer perceptron with a scalar or vector output and no output non-linearity
/// (losses work on logits).
pub struct Mlp {
    layers: Vec<Dense>,
    activation: Activation,
    input: InputScaling,
    /// Weights (weight, bias per layer) whose kink pattern the forward passes keep, see
    /// [`Mlp::hold_kinks`].
    held: Option<Vec<Tensor>>,
}

/// Whether a forward pass's weights get gradients in the backward pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weights {
    Learning,
    Frozen,
}

/// The size and non-linearity of an MLP.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Input dimension.
    pub inputs: usize,
    /// Output dimension: 1 for D's logit, the data's dimension for G.
    pub outputs: usize,
    /// Width of each hidden layer.
    pub hidden: usize,
    /// Number of hidden layers.
    pub layers: usize,
    /// Hidden non-linearity.
    pub activation: Activation,
}

/// A fixed affine map applied to the input before the first layer, `(x - shift) / scale`
/// (one shift per input axis, one scale for all, so a circle stays a circle).
///
/// The discriminator sees x standardised by the data's mean and spread. Without it, a
/// PyTorch-initialised first layer puts its kinks within about ±1 of zero, so on data
/// at x = 4 the discriminator is nearly linear: it sees a wrong mean but not a wrong
/// width, and the generator never learns the data's spread.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputScaling {
    /// Subtracted from the input, per axis (the line uses the first).
    pub shift: [f64; 2],
    /// The input is divided by this (> 0).
    pub scale: f64,
}

impl InputScaling {
    /// The identity map.
    pub const IDENTITY: InputScaling = InputScaling {
        shift: [0.0, 0.0],
        scale: 1.0,
    };
}

impl Mlp {
    /// An MLP `inputs -> hidden x layers -> outputs`, initialised like PyTorch's `nn.Linear`,
    /// U(±1/sqrt(fan_in)) for weights and biases: candle's Kaiming-normal start made a
    /// 1-D generator so narrow that it collapsed.
    pub fn new<R: Rng + ?Sized>(
        shape: Shape,
        input_scaling: InputScaling,
        rng: &mut R,
        device: &Device,
    ) -> Result<Self> {
        let mut dims = vec![shape.inputs];
        dims.extend(std::iter::repeat_n(shape.hidden, shape.layers));
        dims.push(shape.outputs);
        let layers = dims
            .windows(2)
            .map(|pair| {
                let (fan_in, fan_out) = (pair[0], pair[1]);
                let bound = 1.0 / (fan_in as f32).sqrt();
                let mut uniform =
                    |n: usize| -> Vec<f32> { (0..n).map(|_| rng.random_range(-bound..bound)).collect() };
                let weight = Tensor::from_vec(uniform(fan_in * fan_out), (fan_in, fan_out), device)?;
                // A row (1, out), so the bias can be added by a matmul (see `affine`).
                let bias = Tensor::from_vec(uniform(fan_out), (1, fan_out), device)?;
                Ok(Dense {
                    weight: Var::from_tensor(&weight)?,
                    bias: Var::from_tensor(&bias)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Mlp {
            layers,
            activation: shape.activation,
            input: input_scaling,
            held: None,
        })
    }

    /// An independent copy: the same weights in new variables, so training the copy
    /// leaves this network as it is (the unrolled discriminator's look-ahead).
    pub fn duplicate(&self) -> Result<Self> {
        let copy = |v: &Var| Var::from_tensor(&v.as_tensor().copy()?);
        let layers = self
            .layers
            .iter()
            .map(|l| {
                Ok(Dense {
                    weight: copy(&l.weight)?,
                    bias: copy(&l.bias)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Mlp {
            layers,
            activation: self.activation,
            input: self.input,
            held: None,
        })
    }

    /// One network holding `nets`' weights side by side, each layer's weight (R, in, out)
    /// and bias (R, 1, out): an ensemble's R networks trained by one op a layer. The
    /// networks share their shape and input map.
    pub fn stack(nets: &[&Mlp]) -> Result<Self> {
        let first = nets
            .first()
            .ok_or_else(|| candle_core::Error::Msg("no network to stack".into()))?;
        let layers = (0..first.layers.len())
            .map(|i| {
                let stacked = |part: fn(&Dense) -> &Var| -> Result<Var> {
                    let each: Vec<&Tensor> = nets.iter().map(|n| part(&n.layers[i]).as_tensor()).collect();
                    Var::from_tensor(&Tensor::stack(&each, 0)?)
                };
                Ok(Dense {
                    weight: stacked(|l| &l.weight)?,
                    bias: stacked(|l| &l.bias)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Mlp {
            layers,
            activation: first.activation,
            input: first.input,
            held: None,
        })
    }

    /// Sets `net`'s weights to network `run` of this stacked one (see [`Mlp::stack`]).
    pub fn write_run(&self, run: usize, net: &Mlp) -> Result<()> {
        for (stacked, layer) in self.layers.iter().zip(&net.layers) {
            layer.weight.set(&stacked.weight.as_tensor().get(run)?)?;
            layer.bias.set(&stacked.bias.as_tensor().get(run)?)?;
        }
        Ok(())
    }

    /// Whether the hidden units are piecewise linear (ReLU, leaky ReLU): their gradient
    /// jumps where a unit's input crosses 0.
    fn has_kinks(&self) -> bool {
        matches!(self.activation, Activation::Relu | Activation::LeakyRelu)
    }

    /// With `Some(weights)` (one weight and one bias per layer, in [`Mlp::vars`]'s
    /// order), every forward pass from now on keeps the kink pattern those weights give
    /// (which units are on), whatever the network's own weights are, until `None`
    /// releases it. Smooth units have no kinks and ignore it.
    ///
    /// The unrolled look-ahead's Hessian-vector products are central differences of
    /// gradients at weights ±εv. A ReLU unit that crosses its kink between the two
    /// makes the difference a spike of size 1/ε where backpropagation's Hessian has
    /// nothing (the kinks count almost nowhere). With the pattern held no unit crosses,
    /// and the difference converges to that Hessian as it does for smooth units.
    pub fn hold_kinks(&mut self, weights: Option<&[Tensor]>) {
        self.held = weights
            .filter(|_| self.has_kinks())
            .map(|w| w.iter().map(Tensor::detach).collect());
    }

    /// Each hidden layer's slope (activation derivative) for input `x` under the held
    /// weights, as constants.
    fn held_slopes(&self, x: &Tensor, held: &[Tensor]) -> Result<Vec<Tensor>> {
        let mut h = self.scale_input(&x.detach())?;
        let mut slopes = Vec::with_capacity(self.layers.len() - 1);
        for pair in held.chunks(2).take(self.layers.len() - 1) {
            let pre = (h.matmul(&pair[0])? + ones_column(&h)?.matmul(&pair[1])?)?;
            let post = self.activate(&pre)?;
            slopes.push(self.activation_slope(&pre, &post)?.detach());
            h = post;
        }
        Ok(slopes)
    }

    /// Changes the fixed input map (the target changed); the weights stay.
    pub fn set_input_scaling(&mut self, input: InputScaling) {
        self.input = input;
    }

    fn scale_input(&self, x: &Tensor) -> Result<Tensor> {
        if self.input == InputScaling::IDENTITY {
            return Ok(x.clone());
        }
        let InputScaling { shift, scale } = self.input;
        if x.dim(D::Minus1)? == 1 {
            return x.affine(1.0 / scale, -shift[0] / scale);
        }
        let shift = Tensor::from_vec(vec![shift[0] as f32, shift[1] as f32], (1, 2), x.device())?;
        x.broadcast_sub(&shift)?.affine(1.0 / scale, 0.0)
    }

    /// Every trainable variable, for the optimizer.
    pub fn vars(&self) -> Vec<Var> {
        self.layers
            .iter()
            .flat_map(|l| [l.weight.clone(), l.bias.clone()])
            .collect()
    }

    fn activate(&self, pre: &Tensor) -> Result<Tensor> {
        match self.activation {
            Activation::Relu => pre.relu(),
            Activation::LeakyRelu => pre.maximum(&(pre * LEAKY_SLOPE)?),
            Activation::Tanh => super::tanh::tanh(pre),
            Activation::Elu => super::elu::elu(pre),
            Activation::Softplus => super::loss::softplus(pre),
        }
    }

    /// d activation / d pre, written with differentiable ops so a penalty on the input
    /// slope can be backpropagated to the weights.
    fn activation_slope(&self, pre: &Tensor, post: &Tensor) -> Result<Tensor> {
        let positive = || pre.gt(0.0)?.to_dtype(DType::F32);
        match self.activation {
            Activation::Relu => positive(),
            Activation::LeakyRelu => positive()?.affine(1.0 - LEAKY_SLOPE, LEAKY_SLOPE),
            Activation::Tanh => post.sqr()?.affine(-1.0, 1.0),
            Activation::Elu => super::elu::slope(pre),
            // softplus' = σ(pre) = 1 − e^−post
            Activation::Softplus => post.neg()?.exp()?.affine(-1.0, 1.0),
        }
    }

    /// Output for a batch of shape (n, input), one fused op per layer (see `dense.rs`);
    /// unfused while a kink pattern is held ([`Mlp::hold_kinks`]).
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.forward_fused(x, Weights::Learning)
    }

    /// The same output, as a function of the input alone: the backward pass gives x its
    /// gradient but the weights none. G's step sees D this way, and skips the products
    /// that would give D's weights a gradient nobody reads.
    pub fn forward_frozen(&self, x: &Tensor) -> Result<Tensor> {
        self.forward_fused(x, Weights::Frozen)
    }

    fn forward_fused(&self, x: &Tensor, weights: Weights) -> Result<Tensor> {
        // Only the unrolled look-ahead's copy holds kinks, and it needs its weights' gradients.
        debug_assert!(
            self.held.is_none() || weights == Weights::Learning,
            "a network holding its kinks is never seen frozen"
        );
        if self.held.is_some() {
            return Ok(self.forward_and_tangents(x, false)?.0);
        }
        let hidden = match self.activation {
            Activation::Relu => Fused::Relu,
            Activation::LeakyRelu => Fused::LeakyRelu(LEAKY_SLOPE as f32),
            Activation::Tanh => Fused::Tanh,
            Activation::Elu => Fused::Elu,
            Activation::Softplus => Fused::Softplus,
        };
        let mut h = self.scale_input(x)?;
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            let activation = if i < last { hidden } else { Fused::Identity };
            let (w, b) = (layer.weight.as_tensor(), layer.bias.as_tensor());
            h = match weights {
                Weights::Learning => dense(&h, w, b, activation)?,
                Weights::Frozen => dense(&h, &w.detach(), &b.detach(), activation)?,
            };
        }
        Ok(h)
    }

    /// Output and its derivative with respect to a 1-D input (see
    /// [`Mlp::forward_with_input_gradient`]).
    pub fn forward_with_input_slope(&self, x: &Tensor) -> Result<(Tensor, Tensor)> {
        let (out, mut slopes) = self.forward_with_input_gradient(x)?;
        Ok((out, slopes.swap_remove(0)))
    }

    /// Output and its partial derivatives with respect to each input axis, by
    /// forward-mode propagation of one tangent per axis. candle's backward pass detaches
    /// gradients, so a gradient penalty cannot differentiate a gradient; with a 1-D or
    /// 2-D input the tangents are one or two extra columns per layer and stay
    /// differentiable in the weights.
    pub fn forward_with_input_gradient(&self, x: &Tensor) -> Result<(Tensor, Vec<Tensor>)> {
        self.forward_and_tangents(x, true)
    }

    /// Output and, with `tangents`, its partial derivatives along each input axis
    /// (without: the plain forward pass, unfused), keeping the held kink pattern if
    /// there is one.
    fn forward_and_tangents(&self, x: &Tensor, tangents: bool) -> Result<(Tensor, Vec<Tensor>)> {
        let held = match &self.held {
            Some(weights) => Some(self.held_slopes(x, weights)?),
            None => None,
        };
        let mut h = self.scale_input(x)?;
        // Rows (n, axes), or an ensemble's (R, n, axes).
        let axes = x.dim(D::Minus1)?;
        // d(scaled input)/dx_i = e_i / scale.
        let unit = 1.0 / self.input.scale;
        let mut tangents = if !tangents {
            Vec::new()
        } else if axes == 1 {
            vec![x.ones_like()?.affine(unit, 0.0)?]
        } else {
            (0..axes)
                .map(|axis| {
                    let values: Vec<f32> = (0..x.elem_count())
                        .map(|i| if i % axes == axis { unit as f32 } else { 0.0 })
                        .collect();
                    Tensor::from_vec(values, x.shape(), x.device())
                })
                .collect::<Result<Vec<_>>>()?
        };
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            let w = layer.weight.as_tensor();
            let pre = layer.affine(&h)?;
            let pre_tangents = tangents.iter().map(|t| t.matmul(w)).collect::<Result<Vec<_>>>()?;
            if i < last {
                let slope = match &held {
                    Some(slopes) => {
                        h = (&pre * &slopes[i])?;
                        slopes[i].clone()
                    }
                    None => {
                        h = self.activate(&pre)?;
                        self.activation_slope(&pre, &h)?
                    }
                };
                tangents = pre_tangents
                    .iter()
                    .map(|t| &slope * t)
                    .collect::<Result<Vec<_>>>()?;
            } else {
                h = pre;
                tangents = pre_tangents;
            }
        }
        Ok((h, tangents))
    }

    /// Adds `by` to the output, one value per output axis, through the last layer's
    /// bias: the same function moved, nothing else about it changed.
    pub fn shift_output(&self, by: &[f64]) -> Result<()> {
        let Some(last) = self.layers.last() else {
            return Ok(());
        };
        let bias = last.bias.as_tensor();
        let by: Vec<f32> = by.iter().map(|&v| v as f32).collect();
        let by = Tensor::from_vec(by, bias.shape(), bias.device())?;
        last.bias.set(&(bias + by)?)
    }

    /// Clamps every weight and bias to [−c, c] (WGAN's Lipschitz constraint).
    pub fn clip_weights(&self, c: f64) -> Result<()> {
        for var in self.vars() {
            var.set(&var.as_tensor().clamp(-c, c)?)?;
        }
        Ok(())
    }

    /// True when every parameter is finite.
    pub fn is_finite(&self) -> Result<bool> {
        let mut total = 0f32;
        for var in self.vars() {
            total += var.as_tensor().sum_all()?.to_scalar::<f32>()?;
        }
        Ok(total.is_finite())
    }
}
