//! One axis of a stability map: a setting and the values it takes across the grid,
//! parsed from `--x`/`--y` (`KEY=LO..HI:SCALE:COUNT`, `KEY=A,B,C`, or a choice key alone
//! for all its values) and checked against the setting's own allowed values, so a map
//! never starts a cell that `--set` would refuse.

use std::fmt;

/// The most values one axis may take: a 32 x 32 map is the largest.
pub const MAX_COUNT: usize = 32;

/// What a key allows, as far as an axis needs to know.
#[derive(Clone, Debug, PartialEq)]
pub enum Domain {
    /// A real number within the key's range (checked value by value by `check`).
    Number,
    /// A whole number.
    Whole,
    /// One of these names, in menu order.
    Names(Vec<&'static str>),
}

/// Checks one value as text: `Ok`, or why the key refuses it.
pub type Check = Box<dyn Fn(&str) -> Result<(), String>>;

/// A key an axis may sweep: its name, what it allows, and the check `--set` would make.
pub struct AxisKey {
    /// The key's name.
    pub name: &'static str,
    /// Numbers, whole numbers or names.
    pub domain: Domain,
    /// Checks one value as text, with the key's own message when refused.
    pub check: Check,
}

/// How numeric values are spaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Evenly.
    Linear,
    /// Evenly in the logarithm (for learning rates and step sizes).
    Log,
    /// Listed values or names, one column each.
    Listed,
}

/// One axis: the key and its values, as text the key parses and, when numeric, as
/// numbers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Axis {
    /// The key swept.
    pub key: String,
    /// How the values are spaced.
    pub scale: Scale,
    /// The values, as `--set` spells them.
    pub values: Vec<String>,
}

/// Why an axis was refused: one line naming the flag, the text and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisError(pub String);

impl fmt::Display for AxisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const SYNTAX: &str = "KEY=LO..HI:lin|log:COUNT, KEY=A,B,C, or a choice key alone";

impl Axis {
    /// Parses `text` given to `flag` (for messages), finding its key with `find`.
    pub fn parse(flag: &str, text: &str, find: impl Fn(&str) -> Option<AxisKey>) -> Result<Axis, AxisError> {
        let fail = |why: String| AxisError(format!("{flag} '{text}': {why}"));
        let (name, spec) = match text.split_once('=') {
            Some((name, spec)) => (name.trim(), Some(spec.trim())),
            None => (text.trim(), None),
        };
        let key = find(name).ok_or_else(|| fail(format!("no key '{name}' to sweep; allowed: {SYNTAX}")))?;
        let (scale, values) = match (spec, &key.domain) {
            (None, Domain::Names(names)) => (Scale::Listed, names.iter().map(|n| n.to_string()).collect()),
            (None, _) => {
                return Err(fail(format!(
                    "'{name}' is numeric: give its range, e.g. {name}=LO..HI:log:8"
                )));
            }
            (Some(spec), domain) if spec.contains("..") => {
                if matches!(domain, Domain::Names(_)) {
                    return Err(fail(format!(
                        "'{name}' is a choice, not a number: list its values, or give '{name}' alone for all"
                    )));
                }
                let numbers = range(spec, *domain == Domain::Whole).map_err(fail)?;
                // The ends as written, before the values between them.
                let bounds = spec.split(':').next().unwrap_or_default();
                for end in bounds.split("..") {
                    (key.check)(end.trim()).map_err(|why| fail(format!("{name} = {}: {why}", end.trim())))?;
                }
                let scale = if spec.contains(":log") {
                    Scale::Log
                } else {
                    Scale::Linear
                };
                (scale, numbers)
            }
            (Some(spec), _) => {
                let values: Vec<String> = spec.split(',').map(|v| v.trim().to_string()).collect();
                if values.iter().any(String::is_empty) {
                    return Err(fail(format!("an empty value in the list; allowed: {SYNTAX}")));
                }
                (Scale::Listed, values)
            }
        };
        if values.is_empty() || values.len() > MAX_COUNT {
            return Err(fail(format!(
                "{} values; allowed: 1 to {MAX_COUNT}",
                values.len()
            )));
        }
        for value in &values {
            (key.check)(value).map_err(|why| fail(format!("{name} = {value}: {why}")))?;
        }
        Ok(Axis {
            key: key.name.to_string(),
            scale,
            values,
        })
    }

    /// How many values it takes.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Never: a parsed axis has at least one value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values as numbers, when they all are.
    pub fn numbers(&self) -> Option<Vec<f64>> {
        self.values.iter().map(|v| v.parse().ok()).collect()
    }
}

/// The values of `LO..HI[:lin|log][:COUNT]`, as text (whole numbers when `whole`).
fn range(spec: &str, whole: bool) -> Result<Vec<String>, String> {
    let mut parts = spec.split(':');
    let bounds = parts.next().unwrap_or_default();
    let (mut scale, mut count) = (Scale::Linear, None);
    for part in parts {
        match part.trim() {
            "lin" | "linear" => scale = Scale::Linear,
            "log" => scale = Scale::Log,
            n => {
                count = Some(n.parse::<usize>().map_err(|_| {
                    format!("'{n}' is neither a scale (lin, log) nor a count (1 to {MAX_COUNT})")
                })?)
            }
        }
    }
    let (lo, hi) = bounds
        .split_once("..")
        .ok_or(format!("no range; allowed: {SYNTAX}"))?;
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or(format!("'{}' is not a number", t.trim()))
    };
    let (lo, hi) = (number(lo)?, number(hi)?);
    if lo >= hi {
        return Err(format!(
            "the range {lo}..{hi} is empty or inverted: write LO..HI with LO < HI"
        ));
    }
    if scale == Scale::Log && lo <= 0.0 {
        return Err(format!("a log scale needs LO > 0, not {lo}"));
    }
    let count = count.unwrap_or(8);
    if count == 0 || count > MAX_COUNT {
        return Err(format!("{count} values; allowed: 1 to {MAX_COUNT}"));
    }
    let at = |i: usize| {
        let t = if count == 1 {
            0.5
        } else {
            i as f64 / (count - 1) as f64
        };
        match scale {
            Scale::Log => (lo.ln() + t * (hi.ln() - lo.ln())).exp(),
            _ => lo + t * (hi - lo),
        }
    };
    let mut values: Vec<String> = (0..count)
        .map(|i| {
            let v = at(i);
            if whole {
                format!("{}", v.round())
            } else {
                format!("{}", significant(v))
            }
        })
        .collect();
    values.dedup();
    if whole && values.len() < count {
        return Err(format!(
            "{count} whole numbers do not fit in {lo}..{hi}; allowed: at most {}",
            values.len()
        ));
    }
    Ok(values)
}

/// `v` rounded to 4 significant digits, so a value reads as typed (0.001, not
/// 0.0010000000000000002) and a cell's settings are what its label says.
fn significant(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let digits = 3 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(name: &str) -> Option<AxisKey> {
        match name {
            "lr" => Some(AxisKey {
                name: "lr",
                domain: Domain::Number,
                check: Box::new(|v| match v.parse::<f64>() {
                    Ok(x) if x > 0.0 && x <= 1.0 => Ok(()),
                    _ => Err("allowed: > 0 and <= 1".into()),
                }),
            }),
            "k" => Some(AxisKey {
                name: "k",
                domain: Domain::Whole,
                check: Box::new(|_| Ok(())),
            }),
            "loss" => Some(AxisKey {
                name: "loss",
                domain: Domain::Names(vec!["minimax", "wasserstein"]),
                check: Box::new(|v| {
                    if v == "hinge" {
                        Err("allowed: minimax, wasserstein".into())
                    } else {
                        Ok(())
                    }
                }),
            }),
            _ => None,
        }
    }

    #[test]
    fn ranges_lists_and_choices_parse() {
        let a = Axis::parse("--x", "lr=1e-4..1e-1:log:4", find).unwrap();
        assert_eq!(a.values, ["0.0001", "0.001", "0.01", "0.1"]);
        assert_eq!(a.scale, Scale::Log);
        let a = Axis::parse("--x", "lr=0.1..0.4:4", find).unwrap();
        assert_eq!(a.numbers().unwrap(), [0.1, 0.2, 0.3, 0.4]);
        let a = Axis::parse("--y", "k=1..5:lin:5", find).unwrap();
        assert_eq!(a.values, ["1", "2", "3", "4", "5"]);
        assert_eq!(
            Axis::parse("--y", "loss", find).unwrap().values,
            ["minimax", "wasserstein"]
        );
        assert_eq!(Axis::parse("--y", "loss=wasserstein", find).unwrap().len(), 1);
    }

    #[test]
    fn bad_axes_say_what_is_wrong() {
        let message = |t: &str| Axis::parse("--x", t, find).unwrap_err().0;
        assert!(message("target=0..1").contains("no key 'target'"));
        assert!(message("lr=0.1..0.01:log:4").contains("inverted"));
        assert!(message("lr=0.1..0.1").contains("empty or inverted"));
        assert!(message("lr=0..0.1:log:4").contains("LO > 0"));
        assert!(message("lr=0.01..0.1:40").contains("allowed: 1 to 32"));
        assert!(message("lr=0.01..0.1:0").contains("allowed: 1 to 32"));
        assert!(message("lr=0.01..5:4").contains("lr = 5: allowed"));
        assert!(message("lr").contains("numeric"));
        assert!(message("loss=hinge").contains("loss = hinge"));
        assert!(message("loss=0..1").contains("a choice"));
        assert!(message("k=1..3:lin:10").contains("do not fit"));
        assert!(message("lr=a..b").contains("'a' is not a number"));
        assert!(message("lr=0.1,,0.2").contains("empty value"));
        assert!(message("lr=0.1..0.2:cubic").contains("neither a scale"));
    }
}
