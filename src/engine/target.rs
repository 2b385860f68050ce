//! Target distributions typed as formulas, e.g. `0.3*N(-2,0.5) + 0.7*N(2,0.5)`.
//!
//! A target is what the generator must learn. It knows its exact pdf and cdf (so the
//! figure and the metrics never rely on data samples), how to sample, a plotting range,
//! and its components (so mode-collapse metrics can tell which mode a sample belongs to).

use super::plane::{Plane, Shape};
use super::sketch::{MAX_POINTS, MAX_SKETCH_BINS, Sketch};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use std::fmt;

/// One named distribution of the formula language.
#[derive(Clone, Debug, PartialEq)]
pub enum Component {
    /// `N(mu, sigma)`: Gaussian with mean `mu` and standard deviation `sigma > 0`.
    Normal {
        /// Mean.
        mu: f64,
        /// Standard deviation.
        sigma: f64,
    },
    /// `U(a, b)`: uniform on `[a, b]`, `a < b`.
    Uniform {
        /// Left end.
        a: f64,
        /// Right end.
        b: f64,
    },
    /// `Laplace(mu, b)`: double exponential with location `mu` and scale `b > 0`.
    Laplace {
        /// Location (the peak).
        mu: f64,
        /// Scale.
        b: f64,
    },
    /// `LogNormal(mu, sigma)`: `exp(N(mu, sigma))`, positive support.
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
    /// `Sketch(lo, hi, h1, ..., hn)`: a density drawn with the mouse (`engine::sketch`).
    Sketch(Sketch),
}

const SQRT_2PI: f64 = 2.506_628_274_631_000_5;

fn normal_cdf(z: f64) -> f64 {
    0.5 * (1.0 + libm::erf(z / std::f64::consts::SQRT_2))
}

impl Component {
    /// Exact density at `x`.
    pub fn pdf(&self, x: f64) -> f64 {
        match *self {
            Component::Normal { mu, sigma } => {
                let z = (x - mu) / sigma;
                (-0.5 * z * z).exp() / (sigma * SQRT_2PI)
            }
            Component::Uniform { a, b } => {
                if (a..=b).contains(&x) {
                    1.0 / (b - a)
                } else {
                    0.0
                }
            }
            Component::Laplace { mu, b } => (-(x - mu).abs() / b).exp() / (2.0 * b),
            Component::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    return 0.0;
                }
                let z = (x.ln() - mu) / sigma;
                (-0.5 * z * z).exp() / (x * sigma * SQRT_2PI)
            }
            Component::Sketch(ref s) => s.pdf(x),
        }
    }

    /// Exact cumulative distribution at `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Component::Normal { mu, sigma } => normal_cdf((x - mu) / sigma),
            Component::Uniform { a, b } => ((x - a) / (b - a)).clamp(0.0, 1.0),
            Component::Laplace { mu, b } => {
                if x < mu {
                    0.5 * ((x - mu) / b).exp()
                } else {
                    1.0 - 0.5 * (-(x - mu) / b).exp()
                }
            }
            Component::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    normal_cdf((x.ln() - mu) / sigma)
                }
            }
            Component::Sketch(ref s) => s.cdf(x),
        }
    }

    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Component::Normal { mu, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                mu + sigma * z
            }
            Component::Uniform { a, b } => rng.random_range(a..b),
            Component::Laplace { mu, b } => {
                // Inverse cdf; rand_distr has no Laplace.
                let u: f64 = rng.random_range(-0.5..0.5);
                mu - b * u.signum() * (1.0 - 2.0 * u.abs()).max(f64::MIN_POSITIVE).ln()
            }
            Component::LogNormal { mu, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            Component::Sketch(ref s) => s.sample(rng),
        }
    }

    /// Mean of the component.
    pub fn mean(&self) -> f64 {
        match *self {
            Component::Normal { mu, .. } | Component::Laplace { mu, .. } => mu,
            Component::Uniform { a, b } => 0.5 * (a + b),
            Component::LogNormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
            Component::Sketch(ref s) => s.mean(),
        }
    }

    /// Standard deviation of the component.
    pub fn std_dev(&self) -> f64 {
        match *self {
            Component::Normal { sigma, .. } => sigma,
            Component::Uniform { a, b } => (b - a) / 12f64.sqrt(),
            Component::Laplace { b, .. } => std::f64::consts::SQRT_2 * b,
            Component::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                ((s2.exp() - 1.0) * (2.0 * mu + s2).exp()).sqrt()
            }
            Component::Sketch(ref s) => s.std_dev(),
        }
    }

    /// Where the component's mass sits, used to assign generator samples to modes:
    /// the median, which for a skewed log-normal is nearer its bulk than the mean.
    pub fn center(&self) -> f64 {
        match *self {
            Component::LogNormal { mu, .. } => mu.exp(),
            _ => self.mean(),
        }
    }

    /// An interval holding essentially all of the mass, with a margin for plotting.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Component::Normal { mu, sigma } => (mu - 4.0 * sigma, mu + 4.0 * sigma),
            Component::Uniform { a, b } => {
                let pad = 0.25 * (b - a);
                (a - pad, b + pad)
            }
            Component::Laplace { mu, b } => (mu - 6.0 * b, mu + 6.0 * b),
            Component::LogNormal { mu, sigma } => {
                let hi = (mu + 3.0 * sigma).exp();
                (-0.05 * hi, hi)
            }
            Component::Sketch(ref s) => {
                let pad = 0.1 * (s.hi - s.lo);
                (s.lo - pad, s.hi + pad)
            }
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Component::Normal { mu, sigma } => write!(f, "N({mu},{sigma})"),
            Component::Uniform { a, b } => write!(f, "U({a},{b})"),
            Component::Laplace { mu, b } => write!(f, "Laplace({mu},{b})"),
            Component::LogNormal { mu, sigma } => write!(f, "LogNormal({mu},{sigma})"),
            Component::Sketch(ref s) => {
                write!(f, "Sketch({},{}", s.lo, s.hi)?;
                for h in &s.heights {
                    write!(f, ",{h}")?;
                }
                write!(f, ")")
            }
        }
    }
}

/// What the generator must learn: a weighted mixture of 1-D components (weights positive,
/// summing to one), or a plane target (`engine::plane`). The 1-D methods (`pdf`, `cdf`,
/// `sample`, moments, `range`, `components`) speak of the line; a plane target has no
/// line components, and 2-D code asks [`Target::plane`] instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    components: Vec<(f64, Component)>,
    plane: Option<Plane>,
}

/// Why a formula was refused, and where.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("at position {position}: {message}")]
pub struct TargetError {
    /// Byte offset into the formula where the problem starts.
    pub position: usize,
    /// What was wrong and what is allowed.
    pub message: String,
}

/// What the formula language accepts, quoted in error messages.
pub const TARGET_GRAMMAR: &str = "a sum of [weight*]DIST terms, all 1-D (N(mu,sigma), U(a,b), Laplace(mu,b), LogNormal(mu,sigma)) or all 2-D (N2(mx,my,sigma) or N2(mx,my,sx,sy), Ring(n,radius,sigma), Grid(n,spacing,sigma), Spiral(turns,noise), Moons(noise)); drawn: Sketch(lo,hi,h1,...) in 1-D, Points(sigma,x1,y1,...) in 2-D";

/// The most Gaussians a Ring may have, and per side of a Grid: more modes than a class
/// can count, or than 10,000 samples can cover.
pub const MAX_RING: usize = 64;
/// See [`MAX_RING`].
pub const MAX_GRID_SIDE: usize = 10;
/// The smallest scale (a standard deviation, radius, spacing, noise or turn count) a
/// formula may give: below it the densities underflow in f64.
pub const SMALLEST_SCALE: f64 = 1e-6;

impl Target {
    /// Parses a formula such as `N(4,0.5)` or `0.3*N(-2,0.5) + 0.7*U(1,3)`.
    pub fn parse(formula: &str) -> Result<Self, TargetError> {
        Parser { src: formula, pos: 0 }.target()
    }

    /// A single component with weight one.
    pub fn single(component: Component) -> Self {
        Target {
            components: vec![(1.0, component)],
            plane: None,
        }
    }

    /// The dimension of the data: 1 for a line target, 2 for a plane target.
    pub fn dim(&self) -> usize {
        if self.plane.is_some() { 2 } else { 1 }
    }

    /// The plane target, when the data is 2-D.
    pub fn plane(&self) -> Option<&Plane> {
        self.plane.as_ref()
    }

    /// The components with their normalised weights.
    pub fn components(&self) -> &[(f64, Component)] {
        &self.components
    }

    /// Exact density.
    pub fn pdf(&self, x: f64) -> f64 {
        self.components.iter().map(|(w, c)| w * c.pdf(x)).sum()
    }

    /// Exact cumulative distribution.
    pub fn cdf(&self, x: f64) -> f64 {
        self.components.iter().map(|(w, c)| w * c.cdf(x)).sum()
    }

    /// One draw: pick a component by weight, then draw from it.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let mut u: f64 = rng.random();
        for (w, c) in &self.components {
            if u < *w {
                return c.sample(rng);
            }
            u -= w;
        }
        // Rounding left u just above the last cumulative weight.
        self.components.last().map_or(0.0, |(_, c)| c.sample(rng))
    }

    /// The same distribution moved by `by` along x, or `None` for a log-normal (whose
    /// support starts at 0 and so has no shifted log-normal) and for a plane target.
    pub fn shifted(&self, by: f64) -> Option<Target> {
        let components = self
            .components
            .iter()
            .map(|(w, c)| {
                let moved = match *c {
                    Component::Normal { mu, sigma } => Component::Normal { mu: mu + by, sigma },
                    Component::Uniform { a, b } => Component::Uniform { a: a + by, b: b + by },
                    Component::Laplace { mu, b } => Component::Laplace { mu: mu + by, b },
                    Component::Sketch(ref s) => Component::Sketch(Sketch {
                        lo: s.lo + by,
                        hi: s.hi + by,
                        heights: s.heights.clone(),
                    }),
                    Component::LogNormal { .. } => return None,
                };
                Some((*w, moved))
            })
            .collect::<Option<Vec<_>>>()?;
        if self.plane.is_some() {
            return None;
        }
        Some(Target {
            components,
            plane: None,
        })
    }

    /// Mean of the mixture.
    pub fn mean(&self) -> f64 {
        self.components.iter().map(|(w, c)| w * c.mean()).sum()
    }

    /// Standard deviation of the mixture (law of total variance).
    pub fn std_dev(&self) -> f64 {
        let m = self.mean();
        let second: f64 = self
            .components
            .iter()
            .map(|(w, c)| w * (c.std_dev().powi(2) + (c.mean() - m).powi(2)))
            .sum();
        second.sqrt()
    }

    /// A fixed plotting range: the union of the components' ranges, so the axes
    /// never jump while training.
    pub fn range(&self) -> (f64, f64) {
        self.components
            .iter()
            .map(|(_, c)| c.range())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
                (lo.min(a), hi.max(b))
            })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(plane) = &self.plane {
            return write!(f, "{plane}");
        }
        if let [(_, only)] = self.components.as_slice() {
            return write!(f, "{only}");
        }
        for (i, (w, c)) in self.components.iter().enumerate() {
            if i > 0 {
                write!(f, " + ")?;
            }
            write!(f, "{w}*{c}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Target {
    type Err = TargetError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::parse(s)
    }
}

/// How many numbers a distribution takes, in words for an error message.
fn takes(kind: &str, count: usize) -> String {
    match kind {
        "N2" => "3 numbers, or 4 as N2(mx,my,sx,sy)".to_string(),
        "Sketch" => format!("lo, hi and 1 to {MAX_SKETCH_BINS} heights"),
        "Points" => format!("sigma and 1 to {MAX_POINTS} (x, y) pairs"),
        _ => format!("{count} numbers"),
    }
}

/// One parsed term, before the target knows whether it lives on the line or the plane.
enum Term {
    Line(Component),
    Plane(Shape),
}

/// A small recursive-descent parser; positions are byte offsets into `src`.
struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error<T>(&self, position: usize, message: impl Into<String>) -> Result<T, TargetError> {
        Err(TargetError {
            position,
            message: message.into(),
        })
    }

    fn skip_spaces(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_spaces();
        self.src[self.pos..].chars().next()
    }

    fn expect(&mut self, want: char) -> Result<(), TargetError> {
        match self.peek() {
            Some(c) if c == want => {
                self.pos += c.len_utf8();
                Ok(())
            }
            Some(c) => self.error(self.pos, format!("expected '{want}', found '{c}'")),
            None => self.error(self.pos, format!("expected '{want}', found the end")),
        }
    }

    fn target(mut self) -> Result<Target, TargetError> {
        if self.peek().is_none() {
            return self.error(0, format!("empty target; expected {TARGET_GRAMMAR}"));
        }
        let mut terms = vec![self.term()?];
        while let Some(c) = self.peek() {
            if c != '+' {
                return self.error(self.pos, format!("expected '+' or the end, found '{c}'"));
            }
            self.pos += 1;
            self.skip_spaces();
            let start = self.pos;
            let term = self.term()?;
            let first_is_plane = matches!(terms[0].1, Term::Plane(_));
            if first_is_plane != matches!(term.1, Term::Plane(_)) {
                let (this, first) = if first_is_plane {
                    ("1-D", "2-D")
                } else {
                    ("2-D", "1-D")
                };
                return self.error(
                    start,
                    format!(
                        "a {this} term in a {first} target; the terms of a target must all be 1-D or all 2-D"
                    ),
                );
            }
            terms.push(term);
        }
        let total: f64 = terms.iter().map(|(w, _)| w).sum();
        if !total.is_finite() {
            return self.error(
                0,
                format!("the weights sum to {total}; they must sum to a finite number"),
            );
        }
        // Weights that already sum to 1 up to rounding are kept as written, so a printed
        // mixture parses back to exactly itself (dividing again moved the last digit;
        // found by the fuzzer, see tests/target.rs).
        let total = if (total - 1.0).abs() <= 1e-12 { 1.0 } else { total };
        let mut components = Vec::new();
        let mut shapes = Vec::new();
        for (w, term) in terms {
            match term {
                Term::Line(c) => components.push((w / total, c)),
                Term::Plane(s) => shapes.push((w / total, s)),
            }
        }
        let plane = (!shapes.is_empty()).then(|| Plane::new(shapes));
        Ok(Target { components, plane })
    }

    /// `[weight *] dist`
    fn term(&mut self) -> Result<(f64, Term), TargetError> {
        self.skip_spaces();
        let start = self.pos;
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '-')
        {
            let weight = self.number()?;
            if !(weight.is_finite() && weight > 0.0) {
                return self.error(start, format!("weight must be > 0, got {weight}"));
            }
            self.expect('*')?;
            Ok((weight, self.component()?))
        } else {
            Ok((1.0, self.component()?))
        }
    }

    /// `NAME(number, ...)`, checked against what NAME takes.
    fn component(&mut self) -> Result<Term, TargetError> {
        self.skip_spaces();
        let start = self.pos;
        let name_len = self.src[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(self.src.len() - start);
        let name = &self.src[start..start + name_len];
        self.pos += name_len;
        let (kind, params): (&str, &[&str]) = match name.to_ascii_lowercase().as_str() {
            "n" | "normal" | "gaussian" => ("N", &["mu", "sigma"]),
            "u" | "uniform" => ("U", &["a", "b"]),
            "laplace" => ("Laplace", &["mu", "b"]),
            "lognormal" => ("LogNormal", &["mu", "sigma"]),
            "n2" => ("N2", &["mx", "my", "sigma"]),
            "ring" => ("Ring", &["n", "radius", "sigma"]),
            "grid" => ("Grid", &["n", "spacing", "sigma"]),
            "spiral" => ("Spiral", &["turns", "noise"]),
            "moons" => ("Moons", &["noise"]),
            "sketch" => ("Sketch", &["lo", "hi", "h1"]),
            "points" => ("Points", &["sigma", "x1", "y1"]),
            "" => {
                let found = self.src[start..]
                    .chars()
                    .next()
                    .map_or("the end".to_string(), |c| format!("'{c}'"));
                return self.error(
                    start,
                    format!("expected a distribution, found {found}; allowed: {TARGET_GRAMMAR}"),
                );
            }
            other => {
                return self.error(
                    start,
                    format!("unknown distribution '{other}'; allowed: {TARGET_GRAMMAR}"),
                );
            }
        };
        // N2 also takes a deviation per axis; a sketch takes any number of heights and
        // brushed points any number of (x, y) pairs.
        let most = match kind {
            "N2" => 4,
            "Sketch" => 2 + MAX_SKETCH_BINS,
            "Points" => 1 + 2 * MAX_POINTS,
            _ => params.len(),
        };
        let signature = format!("{kind}({})", params.join(","));
        self.expect('(')?;
        let mut args: Vec<(usize, f64)> = Vec::new();
        loop {
            self.skip_spaces();
            let at = self.pos;
            args.push((at, self.number()?));
            match self.peek() {
                Some(',') if args.len() < most => self.pos += 1,
                Some(')') if args.len() >= params.len() => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    let found = self.peek().map_or("the end".to_string(), |c| format!("'{c}'"));
                    let want = if args.len() < params.len() { "','" } else { "')'" };
                    return self.error(
                        self.pos,
                        format!(
                            "expected {want}, found {found}; {signature} takes {}",
                            takes(kind, params.len())
                        ),
                    );
                }
            }
        }
        let arg = |name: &str| {
            let i = params.iter().position(|p| *p == name).unwrap_or(0);
            args[i]
        };
        let positive = |p: &Self, name: &str| -> Result<f64, TargetError> {
            let (pos, v) = arg(name);
            if v >= SMALLEST_SCALE {
                Ok(v)
            } else if v > 0.0 {
                p.error(
                    pos,
                    format!("{name} must be at least {SMALLEST_SCALE:e}, got {v} in {signature}"),
                )
            } else {
                p.error(pos, format!("{name} must be > 0, got {v} in {signature}"))
            }
        };
        let count = |p: &Self, most: usize| -> Result<usize, TargetError> {
            let (pos, v) = arg("n");
            if v.fract() == 0.0 && v >= 1.0 && v <= most as f64 {
                Ok(v as usize)
            } else {
                p.error(
                    pos,
                    format!("n must be a whole number from 1 to {most}, got {v} in {signature}"),
                )
            }
        };
        let line = |c| Ok(Term::Line(c));
        let plane = |s| Ok(Term::Plane(s));
        match kind {
            "N" => line(Component::Normal {
                mu: arg("mu").1,
                sigma: positive(self, "sigma")?,
            }),
            "U" => {
                let ((a_pos, a), (_, b)) = (arg("a"), arg("b"));
                if a >= b {
                    return self.error(a_pos, format!("U(a,b) needs a < b, got a = {a}, b = {b}"));
                }
                line(Component::Uniform { a, b })
            }
            "Laplace" => line(Component::Laplace {
                mu: arg("mu").1,
                b: positive(self, "b")?,
            }),
            "LogNormal" => {
                let sigma = positive(self, "sigma")?;
                let (mu_pos, mu) = arg("mu");
                if mu.abs() > 20.0 || sigma > 5.0 {
                    return self.error(mu_pos, format!("LogNormal(mu,sigma) needs |mu| <= 20 and sigma <= 5, got mu = {mu}, sigma = {sigma}"));
                }
                line(Component::LogNormal { mu, sigma })
            }
            "N2" => {
                let sx = positive(self, "sigma")?;
                let sy = match args.get(3) {
                    Some(&(pos, v)) if v < SMALLEST_SCALE => {
                        let allowed = if v > 0.0 {
                            format!("at least {SMALLEST_SCALE:e}")
                        } else {
                            "> 0".into()
                        };
                        return self.error(pos, format!("sy must be {allowed}, got {v} in N2(mx,my,sx,sy)"));
                    }
                    Some(&(_, v)) => v,
                    None => sx,
                };
                plane(Shape::Normal {
                    mx: arg("mx").1,
                    my: arg("my").1,
                    sx,
                    sy,
                })
            }
            "Ring" => plane(Shape::Ring {
                n: count(self, MAX_RING)?,
                radius: positive(self, "radius")?,
                sigma: positive(self, "sigma")?,
            }),
            "Grid" => plane(Shape::Grid {
                n: count(self, MAX_GRID_SIDE)?,
                spacing: positive(self, "spacing")?,
                sigma: positive(self, "sigma")?,
            }),
            "Spiral" => plane(Shape::Spiral {
                turns: positive(self, "turns")?,
                noise: positive(self, "noise")?,
            }),
            "Sketch" => {
                let ((lo_pos, lo), (_, hi)) = (args[0], args[1]);
                if hi - lo < SMALLEST_SCALE {
                    return self.error(
                        lo_pos,
                        format!("Sketch(lo,hi,...) needs lo < hi (by at least {SMALLEST_SCALE:e}), got lo = {lo}, hi = {hi}"),
                    );
                }
                if let Some(&(pos, h)) = args[2..].iter().find(|(_, h)| *h < 0.0) {
                    return self.error(
                        pos,
                        format!("a height of Sketch(lo,hi,h1,...) must be >= 0, got {h}"),
                    );
                }
                let heights: Vec<f64> = args[2..].iter().map(|(_, h)| *h).collect();
                if heights.iter().all(|&h| h == 0.0) {
                    return self.error(
                        args[2].0,
                        "the heights of Sketch(lo,hi,h1,...) are all 0; draw something",
                    );
                }
                line(Component::Sketch(Sketch { lo, hi, heights }))
            }
            "Points" => {
                let sigma = positive(self, "sigma")?;
                let coordinates = &args[1..];
                if coordinates.len() % 2 == 1 {
                    let (pos, _) = coordinates[coordinates.len() - 1];
                    return self.error(
                        pos,
                        "Points(sigma,x1,y1,...) needs an (x, y) pair for every point; this x has no y",
                    );
                }
                let points = coordinates.chunks_exact(2).map(|p| [p[0].1, p[1].1]).collect();
                plane(Shape::Points { sigma, points })
            }
            _ => plane(Shape::Moons {
                noise: positive(self, "noise")?,
            }),
        }
    }

    /// A finite decimal number within a range the networks can represent.
    fn number(&mut self) -> Result<f64, TargetError> {
        self.skip_spaces();
        let start = self.pos;
        let rest = &self.src[start..];
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            let sign_ok =
                (c == '-' || c == '+') && (i == 0 || matches!(rest[..i].chars().last(), Some('e' | 'E')));
            if c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || sign_ok {
                end = i + c.len_utf8();
            } else {
                break;
            }
        }
        let text = &rest[..end];
        if text.is_empty() {
            let found = rest
                .chars()
                .next()
                .map_or("the end".to_string(), |c| format!("'{c}'"));
            return self.error(start, format!("expected a number, found {found}"));
        }
        let Ok(value) = text.parse::<f64>() else {
            return self.error(start, format!("'{text}' is not a number"));
        };
        if !value.is_finite() || value.abs() > 1e6 {
            return self.error(
                start,
                format!("{text} is out of range; numbers must be finite with |x| <= 1e6"),
            );
        }
        self.pos += end;
        Ok(value)
    }
}
