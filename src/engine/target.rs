//! Target distributions typed as formulas, e.g. `0.3*N(-2,0.5) + 0.7*N(2,0.5)`.
//!
//! A target is what the generator must learn. It knows its exact pdf and cdf (so the
//! figure and the metrics never rely on data samples), how to sample, a plotting range,
//! and its components (so mode-collapse metrics can tell which mode a sample belongs to).

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
        }
    }

    /// Mean of the component.
    pub fn mean(&self) -> f64 {
        match *self {
            Component::Normal { mu, .. } | Component::Laplace { mu, .. } => mu,
            Component::Uniform { a, b } => 0.5 * (a + b),
            Component::LogNormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
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
        }
    }
}

/// A weighted mixture of components; weights are positive and sum to one.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    components: Vec<(f64, Component)>,
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
pub const TARGET_GRAMMAR: &str =
    "a sum of [weight*]DIST terms, DIST one of N(mu,sigma), U(a,b), Laplace(mu,b), LogNormal(mu,sigma)";

impl Target {
    /// Parses a formula such as `N(4,0.5)` or `0.3*N(-2,0.5) + 0.7*U(1,3)`.
    pub fn parse(formula: &str) -> Result<Self, TargetError> {
        Parser { src: formula, pos: 0 }.target()
    }

    /// A single component with weight one.
    pub fn single(component: Component) -> Self {
        Target {
            components: vec![(1.0, component)],
        }
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
    /// support starts at 0 and so has no shifted log-normal).
    pub fn shifted(&self, by: f64) -> Option<Target> {
        let components = self
            .components
            .iter()
            .map(|(w, c)| {
                let moved = match *c {
                    Component::Normal { mu, sigma } => Component::Normal { mu: mu + by, sigma },
                    Component::Uniform { a, b } => Component::Uniform { a: a + by, b: b + by },
                    Component::Laplace { mu, b } => Component::Laplace { mu: mu + by, b },
                    Component::LogNormal { .. } => return None,
                };
                Some((*w, moved))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Target { components })
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
            terms.push(self.term()?);
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
        let components = terms.into_iter().map(|(w, c)| (w / total, c)).collect();
        Ok(Target { components })
    }

    /// `[weight *] dist`
    fn term(&mut self) -> Result<(f64, Component), TargetError> {
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

    fn component(&mut self) -> Result<Component, TargetError> {
        self.skip_spaces();
        let start = self.pos;
        let name_len = self.src[start..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.src.len() - start);
        let name = &self.src[start..start + name_len];
        self.pos += name_len;
        let kind = match name.to_ascii_lowercase().as_str() {
            "n" | "normal" | "gaussian" => "N",
            "u" | "uniform" => "U",
            "laplace" => "Laplace",
            "lognormal" => "LogNormal",
            "" => {
                let found = self.src[start..]
                    .chars()
                    .next()
                    .map_or("the end".to_string(), |c| format!("'{c}'"));
                return self.error(start, format!("expected a distribution, found {found}; allowed: N(mu,sigma), U(a,b), Laplace(mu,b), LogNormal(mu,sigma)"));
            }
            other => {
                return self.error(
                    start,
                    format!("unknown distribution '{other}'; allowed: N, U, Laplace, LogNormal"),
                );
            }
        };
        self.expect('(')?;
        let first_pos = {
            self.skip_spaces();
            self.pos
        };
        let first = self.number()?;
        self.expect(',')?;
        self.skip_spaces();
        let second_pos = self.pos;
        let second = self.number()?;
        self.expect(')')?;
        let positive = |p: &Self, pos: usize, what: &str, v: f64| -> Result<(), TargetError> {
            if v > 0.0 {
                Ok(())
            } else {
                p.error(pos, format!("{what} must be > 0, got {v}"))
            }
        };
        Ok(match kind {
            "N" => {
                positive(self, second_pos, "sigma", second)?;
                Component::Normal {
                    mu: first,
                    sigma: second,
                }
            }
            "U" => {
                if first >= second {
                    return self.error(
                        first_pos,
                        format!("U(a,b) needs a < b, got a = {first}, b = {second}"),
                    );
                }
                Component::Uniform { a: first, b: second }
            }
            "Laplace" => {
                positive(self, second_pos, "b", second)?;
                Component::Laplace { mu: first, b: second }
            }
            _ => {
                positive(self, second_pos, "sigma", second)?;
                if first.abs() > 20.0 || second > 5.0 {
                    return self.error(first_pos, format!("LogNormal(mu,sigma) needs |mu| <= 20 and sigma <= 5, got mu = {first}, sigma = {second}"));
                }
                Component::LogNormal {
                    mu: first,
                    sigma: second,
                }
            }
        })
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
