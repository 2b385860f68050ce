//! The metrics of a run, described once: the name the JSON report, the CSV header and
//! lesson claims use, the label the metrics panel draws, what it means, its unit and how
//! it is written. The CSV, `train --json`, the lesson parser, the metrics panel and the
//! README's metric table (`ganscope metrics`) all read this table, so they cannot drift.

use super::snapshot::Metrics;

/// How a metric's value is written in the CSV and the JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Six decimals.
    Fixed,
    /// Six significant digits with an exponent (gradient norms span decades).
    Scientific,
    /// A whole number.
    Count,
    /// Six decimals, or nothing (`null`) where the run has no such value.
    Optional,
}

/// One metric of a run.
pub struct Metric {
    /// Name in the JSON report, the CSV header and lesson claims.
    pub name: &'static str,
    /// The metrics panel's label for its line.
    pub label: &'static str,
    /// What it measures, in a sentence (SCIENCE.md defines each in full).
    pub meaning: &'static str,
    /// Its unit or range.
    pub unit: &'static str,
    /// How it is written.
    pub format: Format,
    /// A column of the CSV and a key of the JSON report; derived metrics (the largest
    /// and smallest mode share, read off `mode_masses`) are not.
    pub reported: bool,
    /// A lesson's claim about a live or compared run may name it.
    pub claimable: bool,
    /// Reads it off a frame's metrics; NaN where the run has none.
    pub read: fn(&Metrics) -> f64,
}

impl Metric {
    /// The value as a CSV cell.
    pub fn cell(&self, metrics: &Metrics) -> String {
        let v = (self.read)(metrics);
        match self.format {
            Format::Fixed => format!("{v:.6}"),
            Format::Scientific => format!("{v:.6e}"),
            Format::Count => format!("{}", v as u64),
            Format::Optional if v.is_nan() => String::new(),
            Format::Optional => format!("{v:.6}"),
        }
    }

    /// The value in the JSON report.
    pub fn json(&self, metrics: &Metrics) -> serde_json::Value {
        let v = (self.read)(metrics);
        match self.format {
            Format::Count => serde_json::json!(v as u64),
            Format::Optional if v.is_nan() => serde_json::Value::Null,
            _ => serde_json::json!(v),
        }
    }
}

/// Discriminator loss.
pub const D_LOSS: Metric = Metric {
    name: "d_loss",
    label: "d_loss",
    meaning: "discriminator (critic) loss at the last D step, penalties included",
    unit: "the loss's own",
    format: Format::Fixed,
    reported: true,
    claimable: false,
    read: |m| m.d_loss,
};

/// Generator loss.
pub const G_LOSS: Metric = Metric {
    name: "g_loss",
    label: "g_loss",
    meaning: "generator loss at the last G step",
    unit: "the loss's own",
    format: Format::Fixed,
    reported: true,
    claimable: false,
    read: |m| m.g_loss,
};

/// Mean D on real data.
pub const D_REAL: Metric = Metric {
    name: "d_real",
    label: "D(real)",
    meaning: "mean D output on real data at the last D step (a critic value for hinge and Wasserstein)",
    unit: "0 to 1 for a probability",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.d_real,
};

/// Mean D on fakes.
pub const D_FAKE: Metric = Metric {
    name: "d_fake",
    label: "D(fake)",
    meaning: "mean D output on generated data at the last D step",
    unit: "0 to 1 for a probability",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.d_fake,
};

/// Wasserstein-1.
pub const W1: Metric = Metric {
    name: "w1",
    label: "W1",
    meaning: "Wasserstein-1 distance between p_g and p_data (on the plane the sliced W1 scaled by π/2)",
    unit: "x units",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.w1,
};

/// Jensen–Shannon.
pub const JS: Metric = Metric {
    name: "js",
    label: "JS",
    meaning: "Jensen–Shannon divergence between p_g and p_data",
    unit: "nats, at most ln 2",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.js,
};

/// Total variation.
pub const TV: Metric = Metric {
    name: "tv",
    label: "TV",
    meaning: "total variation ½∫|p_g − p_data| between the densities as drawn",
    unit: "0 to 1",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.tv,
};

/// Modes covered.
pub const MODES_COVERED: Metric = Metric {
    name: "modes_covered",
    label: "modes covered",
    meaning: "modes holding at least a quarter of their weight in fakes within 3 sd (VEEGAN's coverage)",
    unit: "a count",
    format: Format::Count,
    reported: true,
    claimable: true,
    read: |m| m.modes_covered as f64,
};

/// High quality.
pub const HIGH_QUALITY: Metric = Metric {
    name: "high_quality",
    label: "high quality",
    meaning: "share of fakes within 3σ of their nearest mode (VEEGAN's high quality)",
    unit: "0 to 1",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.high_quality,
};

/// ‖∇G‖.
pub const G_GRAD_NORM: Metric = Metric {
    name: "g_grad_norm",
    label: "‖∇G‖",
    meaning: "L2 norm of the generator's loss gradient at its last step (near 0: G has stalled)",
    unit: "the loss's own per weight",
    format: Format::Scientific,
    reported: true,
    claimable: true,
    read: |m| m.g_grad_norm,
};

/// ‖∇D‖.
pub const D_GRAD_NORM: Metric = Metric {
    name: "d_grad_norm",
    label: "‖∇D‖",
    meaning: "L2 norm of the discriminator's loss gradient at its last step",
    unit: "the loss's own per weight",
    format: Format::Scientific,
    reported: true,
    claimable: false,
    read: |m| m.d_grad_norm,
};

/// max |D − D*|.
pub const DSTAR_GAP: Metric = Metric {
    name: "dstar_gap",
    label: "|D − D*|",
    meaning: "max |D − D*| where p_data or p_g has mass; none (null) when D is not a probability",
    unit: "0 to 1",
    format: Format::Optional,
    reported: true,
    claimable: false,
    read: |m| m.dstar_gap.unwrap_or(f64::NAN),
};

/// The gap to the optimal opponent.
pub const OPPONENT_GAP: Metric = Metric {
    name: "opponent_gap",
    label: "gap to the optimal D",
    meaning: "how far D is from the optimal opponent of its loss, every loss",
    unit: "0 (optimal) to 1",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.opponent_gap,
};

/// G's mean.
pub const G_MEAN: Metric = Metric {
    name: "g_mean",
    label: "mean of p_g",
    meaning: "mean of the generator's samples (on the plane, of x): the oscillation's trace",
    unit: "x units",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.g_mean,
};

/// G's spread.
pub const G_STD: Metric = Metric {
    name: "g_std",
    label: "sd of p_g",
    meaning: "standard deviation of the generator's samples (on the plane, per axis)",
    unit: "x units",
    format: Format::Fixed,
    reported: true,
    claimable: true,
    read: |m| m.g_std,
};

/// The largest mode share.
pub const MAX_MODE_MASS: Metric = Metric {
    name: "max_mode_mass",
    label: "largest share",
    meaning: "the largest entry of mode_masses: near 1 when G sits on one mode",
    unit: "0 to 1",
    format: Format::Fixed,
    reported: false,
    claimable: true,
    read: Metrics::max_mode_mass,
};

/// The smallest mode share.
pub const MIN_MODE_MASS: Metric = Metric {
    name: "min_mode_mass",
    label: "smallest share",
    meaning: "the smallest entry of mode_masses: near 0 when G drops a mode",
    unit: "0 to 1",
    format: Format::Fixed,
    reported: false,
    claimable: true,
    read: Metrics::min_mode_mass,
};

/// Every metric of a run, in the CSV's column order (after `steps`; `mode_masses`, one
/// share per mode, is the last column).
pub const METRICS: [&Metric; 17] = [
    &D_LOSS,
    &G_LOSS,
    &D_REAL,
    &D_FAKE,
    &W1,
    &JS,
    &TV,
    &MODES_COVERED,
    &HIGH_QUALITY,
    &G_GRAD_NORM,
    &D_GRAD_NORM,
    &DSTAR_GAP,
    &OPPONENT_GAP,
    &G_MEAN,
    &G_STD,
    &MAX_MODE_MASS,
    &MIN_MODE_MASS,
];

/// The metric called `name`.
pub fn find(name: &str) -> Option<&'static Metric> {
    METRICS.iter().copied().find(|m| m.name == name)
}

/// The names a lesson's claim about a run may use, in table order.
pub fn claimable() -> impl Iterator<Item = &'static Metric> {
    METRICS.iter().copied().filter(|m| m.claimable)
}

/// The CSV header: `steps`, every reported metric, `mode_masses`.
pub fn csv_header() -> Vec<&'static str> {
    std::iter::once("steps")
        .chain(METRICS.iter().filter(|m| m.reported).map(|m| m.name))
        .chain(std::iter::once("mode_masses"))
        .collect()
}

/// One CSV row of `metrics`, in [`csv_header`]'s order; mode masses joined by `;`.
pub fn csv_row(metrics: &Metrics) -> Vec<String> {
    let masses = metrics
        .mode_masses
        .iter()
        .map(|x| format!("{x:.6}"))
        .collect::<Vec<_>>()
        .join(";");
    std::iter::once(metrics.steps.to_string())
        .chain(METRICS.iter().filter(|m| m.reported).map(|m| m.cell(metrics)))
        .chain(std::iter::once(masses))
        .collect()
}

/// The JSON report of `metrics`: `steps`, every reported metric, `mode_masses` and
/// `diverged`.
pub fn json(metrics: &Metrics) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    out.insert("steps".into(), serde_json::json!(metrics.steps));
    for m in METRICS.iter().filter(|m| m.reported) {
        out.insert(m.name.into(), m.json(metrics));
    }
    out.insert("mode_masses".into(), serde_json::json!(metrics.mode_masses));
    out.insert("diverged".into(), serde_json::json!(metrics.diverged));
    out
}

/// The table as Markdown, exactly as the README shows it (`ganscope metrics`; a test
/// compares them).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| metric | meaning | unit | in `--json` and the CSV | in lesson claims |\n|---|---|---|---|---|\n",
    );
    let yes = |b: bool| if b { "yes" } else { "" };
    for m in METRICS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.name,
            // A bar inside a cell would end it.
            m.meaning.replace('|', "\\|"),
            m.unit,
            yes(m.reported),
            yes(m.claimable)
        ));
    }
    out
}
