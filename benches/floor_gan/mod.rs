//! The floor: the same GAN iteration as ganscope's engine (width-`W` tanh MLPs with two
//! hidden layers, D over real and fake together with standardised input, non-saturating
//! loss, Adam with betas (0.5, 0.999), k = 1), hand-written in f32 with no framework, no
//! allocation per iteration and loops laid out so the compiler vectorises them, compiled
//! for AVX2 (8-wide) when the CPU has it. Like the engine it writes `a * b + c`, which
//! Rust does not fuse, so neither side uses FMA instructions. It is what this CPU can do for this model on one
//! core, give or take a tuned gemm; bench-only code, never used by the app.

// Index loops over fixed-size rows are the point here: they compile to straight vector code.
#![allow(clippy::needless_range_loop)]

use ganscope::engine::gan::tanh_approx;
use multiversion::multiversion;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

const DATA_MEAN: f32 = 4.0;
const DATA_STD: f32 = 0.5;
const LR: f32 = 3e-4;
const BETA1: f32 = 0.5;
const BETA2: f32 = 0.999;
const EPS: f32 = 1e-8;

/// The weights of one MLP 1 -> W -> W -> 1, or their gradients (the same shapes).
struct Params<const W: usize> {
    w1: [f32; W],
    b1: [f32; W],
    /// Row-major, in x out.
    w2: Vec<[f32; W]>,
    b2: [f32; W],
    w3: [f32; W],
    b3: f32,
}

impl<const W: usize> Params<W> {
    fn filled(mut value: impl FnMut(usize) -> f32) -> Self {
        // Each value is drawn with the fan-in of its layer (1 for the first, W after).
        Params {
            w1: std::array::from_fn(|_| value(1)),
            b1: std::array::from_fn(|_| value(1)),
            w2: (0..W).map(|_| std::array::from_fn(|_| value(W))).collect(),
            b2: std::array::from_fn(|_| value(W)),
            w3: std::array::from_fn(|_| value(W)),
            b3: value(W),
        }
    }

    /// Every value, in one fixed order, for the optimizer.
    fn values_mut(&mut self) -> impl Iterator<Item = &mut f32> {
        let first = self.w1.iter_mut().chain(&mut self.b1);
        first
            .chain(self.w2.iter_mut().flatten())
            .chain(&mut self.b2)
            .chain(&mut self.w3)
            .chain(std::iter::once(&mut self.b3))
    }
}

/// One MLP with its gradients, Adam state and the buffers of one pass. W is a
/// compile-time constant so a row of W activations lives in registers across a whole
/// row-times-matrix product (8 AVX registers at W = 64).
struct Net<const W: usize> {
    p: Params<W>,
    grads: Params<W>,
    adam: Vec<(f32, f32)>,
    /// w2 transposed (out x in), refreshed before each backward pass.
    w2t: Vec<[f32; W]>,
    a1: Vec<[f32; W]>,
    a2: Vec<[f32; W]>,
    d1: Vec<[f32; W]>,
    d2: Vec<[f32; W]>,
    out: Vec<f32>,
    t: i32,
}

impl<const W: usize> Net<W> {
    /// PyTorch's init, U(±1/sqrt(fan_in)), as the engine does.
    fn new(rows: usize, rng: &mut StdRng) -> Self {
        let p = Params::filled(|fan_in| {
            let bound = 1.0 / (fan_in as f32).sqrt();
            rng.random_range(-bound..bound)
        });
        Net {
            p,
            grads: Params::filled(|_| 0.0),
            adam: vec![(0.0, 0.0); 4 * W + W * W + 1],
            w2t: vec![[0.0; W]; W],
            a1: vec![[0.0; W]; rows],
            a2: vec![[0.0; W]; rows],
            d1: vec![[0.0; W]; rows],
            d2: vec![[0.0; W]; rows],
            out: vec![0.0; rows],
            t: 0,
        }
    }

    /// Forward over the rows of `x`; keeps activations for `backward`.
    #[inline(always)]
    fn forward(&mut self, x: &[f32]) {
        for (i, &xi) in x.iter().enumerate() {
            let mut a1 = [0.0f32; W];
            for j in 0..W {
                a1[j] = tanh_approx(xi * self.p.w1[j] + self.p.b1[j]);
            }
            let mut a2 = self.p.b2;
            for (k, row) in self.p.w2.iter().enumerate() {
                let a = a1[k];
                for j in 0..W {
                    a2[j] += a * row[j];
                }
            }
            for v in &mut a2 {
                *v = tanh_approx(*v);
            }
            self.out[i] = self.p.b3 + dot(&a2, &self.p.w3);
            self.a1[i] = a1;
            self.a2[i] = a2;
        }
    }

    /// Backward from d loss / d output for the rows of the last forward pass. Writes
    /// d loss / d input into `dx` when given; adds parameter gradients when `params`.
    #[inline(always)]
    fn backward(&mut self, x: &[f32], dout: &[f32], mut dx: Option<&mut [f32]>, params: bool) {
        for k in 0..W {
            for j in 0..W {
                self.w2t[j][k] = self.p.w2[k][j];
            }
        }
        let rows = x.len();
        for i in 0..rows {
            let (a1, a2, go) = (&self.a1[i], &self.a2[i], dout[i]);
            let mut d2 = [0.0f32; W];
            for j in 0..W {
                d2[j] = go * self.p.w3[j] * (1.0 - a2[j] * a2[j]);
            }
            let mut d1 = [0.0f32; W];
            for (j, row) in self.w2t.iter().enumerate() {
                let d = d2[j];
                for k in 0..W {
                    d1[k] += d * row[k];
                }
            }
            for k in 0..W {
                d1[k] *= 1.0 - a1[k] * a1[k];
            }
            if let Some(dx) = dx.as_deref_mut() {
                dx[i] = dot(&d1, &self.p.w1);
            }
            self.d1[i] = d1;
            self.d2[i] = d2;
        }
        if !params {
            return;
        }
        let g = &mut self.grads;
        for i in 0..rows {
            let (a2, d1, d2, go) = (&self.a2[i], &self.d1[i], &self.d2[i], dout[i]);
            g.b3 += go;
            for j in 0..W {
                g.w3[j] += go * a2[j];
                g.b2[j] += d2[j];
                g.b1[j] += d1[j];
                g.w1[j] += x[i] * d1[j];
            }
        }
        // dW2 = a1ᵀ · d2, one output row at a time with the row in registers.
        for (k, gw) in g.w2.iter_mut().enumerate() {
            let mut acc = *gw;
            for i in 0..rows {
                let a = self.a1[i][k];
                let d2 = &self.d2[i];
                for j in 0..W {
                    acc[j] += a * d2[j];
                }
            }
            *gw = acc;
        }
    }

    #[inline(always)]
    fn adam_step(&mut self) {
        self.t += 1;
        let c1 = 1.0 - BETA1.powi(self.t);
        let c2 = 1.0 - BETA2.powi(self.t);
        let pairs = self.p.values_mut().zip(self.grads.values_mut());
        for ((p, g), (m, v)) in pairs.zip(&mut self.adam) {
            *m = BETA1 * *m + (1.0 - BETA1) * *g;
            *v = BETA2 * *v + (1.0 - BETA2) * *g * *g;
            *p -= LR * (*m / c1) / ((*v / c2).sqrt() + EPS);
            *g = 0.0;
        }
    }
}

#[inline(always)]
fn dot<const W: usize>(a: &[f32; W], b: &[f32; W]) -> f32 {
    // Eight partial sums, so the reduction vectorises without reassociating floats.
    let mut acc = [0.0f32; 8];
    for j in 0..W {
        acc[j % 8] += a[j] * b[j];
    }
    acc.iter().sum()
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The hand-written GAN for one width (16, 32 or 64) and batch.
pub enum FloorGan {
    W16(Box<Floor<16>>),
    W32(Box<Floor<32>>),
    W64(Box<Floor<64>>),
}

impl FloorGan {
    pub fn new(width: usize, batch: usize) -> FloorGan {
        match width {
            16 => FloorGan::W16(Box::new(Floor::new(batch))),
            32 => FloorGan::W32(Box::new(Floor::new(batch))),
            64 => FloorGan::W64(Box::new(Floor::new(batch))),
            _ => panic!("the floor is compiled for widths 16, 32 and 64, not {width}"),
        }
    }

    /// One iteration: a D step on real and fake together, then a G step.
    pub fn iteration(&mut self) {
        match self {
            FloorGan::W16(f) => iteration16(f),
            FloorGan::W32(f) => iteration32(f),
            FloorGan::W64(f) => iteration64(f),
        }
    }

    /// The mean of G's last batch: the check that the floor learns the data.
    pub fn fake_mean(&self) -> f32 {
        let fake = match self {
            FloorGan::W16(f) => &f.fake,
            FloorGan::W32(f) => &f.fake,
            FloorGan::W64(f) => &f.fake,
        };
        fake.iter().sum::<f32>() / fake.len() as f32
    }
}

/// The state of the hand-written GAN at width W.
pub struct Floor<const W: usize> {
    batch: usize,
    g: Net<W>,
    d: Net<W>,
    rng: StdRng,
    z: Vec<f32>,
    fake: Vec<f32>,
    d_input: Vec<f32>,
    d_out_grad: Vec<f32>,
    d_input_grad: Vec<f32>,
    g_out_grad: Vec<f32>,
}

impl<const W: usize> Floor<W> {
    fn new(batch: usize) -> Self {
        let mut rng = StdRng::seed_from_u64(1);
        Floor {
            batch,
            g: Net::new(batch, &mut rng),
            d: Net::new(2 * batch, &mut rng),
            rng,
            z: vec![0.0; batch],
            fake: vec![0.0; batch],
            d_input: vec![0.0; 2 * batch],
            d_out_grad: vec![0.0; 2 * batch],
            d_input_grad: vec![0.0; batch],
            g_out_grad: vec![0.0; batch],
        }
    }
}

// One AVX2 + FMA clone per width (multiversion needs a concrete function).
#[multiversion(targets("x86_64+avx2+fma"))]
fn iteration16(s: &mut Floor<16>) {
    iteration(s)
}

#[multiversion(targets("x86_64+avx2+fma"))]
fn iteration32(s: &mut Floor<32>) {
    iteration(s)
}

#[multiversion(targets("x86_64+avx2+fma"))]
fn iteration64(s: &mut Floor<64>) {
    iteration(s)
}

#[inline(always)]
fn iteration<const W: usize>(s: &mut Floor<W>) {
    let m = s.batch;
    let inv = 1.0 / m as f32;
    // Discriminator step.
    for x in &mut s.d_input[..m] {
        let n: f32 = StandardNormal.sample(&mut s.rng);
        let real = DATA_MEAN + DATA_STD * n;
        *x = (real - DATA_MEAN) / DATA_STD;
    }
    for z in &mut s.z {
        *z = s.rng.random_range(-1.0f32..1.0);
    }
    s.g.forward(&s.z);
    s.fake.copy_from_slice(&s.g.out[..m]);
    for (x, &f) in s.d_input[m..].iter_mut().zip(&s.fake) {
        *x = (f - DATA_MEAN) / DATA_STD;
    }
    s.d.forward(&s.d_input);
    for i in 0..m {
        // d/dl softplus(-l) = -sigmoid(-l); d/dl softplus(l) = sigmoid(l).
        s.d_out_grad[i] = -sigmoid(-s.d.out[i]) * inv;
        s.d_out_grad[m + i] = sigmoid(s.d.out[m + i]) * inv;
    }
    s.d.backward(&s.d_input, &s.d_out_grad, None, true);
    s.d.adam_step();
    // Generator step.
    for z in &mut s.z {
        *z = s.rng.random_range(-1.0f32..1.0);
    }
    s.g.forward(&s.z);
    s.fake.copy_from_slice(&s.g.out[..m]);
    for (x, &f) in s.d_input[..m].iter_mut().zip(&s.fake) {
        *x = (f - DATA_MEAN) / DATA_STD;
    }
    s.d.forward(&s.d_input[..m]);
    for i in 0..m {
        s.d_out_grad[i] = -sigmoid(-s.d.out[i]) * inv;
    }
    s.d.backward(
        &s.d_input[..m],
        &s.d_out_grad[..m],
        Some(&mut s.d_input_grad),
        false,
    );
    for (g, &d) in s.g_out_grad.iter_mut().zip(&s.d_input_grad) {
        *g = d / DATA_STD;
    }
    s.g.backward(&s.z, &s.g_out_grad, None, true);
    s.g.adam_step();
}
