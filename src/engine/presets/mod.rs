//! The named experiments of SCIENCE.md, each set up so its phenomenon shows within a
//! few thousand iterations, with the lecture note of what to watch; the classic
//! contrasts Compare shows side by side ([`pairs`]); and the ready-made targets of the
//! target menu ([`targets`]). Science, not UI: the CLI, the app and the tests read them here.

pub mod pairs;
pub mod targets;

use super::config::keys::{self, Setting};
use super::config::{ConfigError, Experiment};

/// A named experiment with its lecture note, and for a failure its standard cure.
#[derive(Debug, PartialEq)]
pub struct Preset {
    /// Name on the command line and in the app's menu.
    pub name: &'static str,
    /// Former names that still load it.
    pub aliases: &'static [&'static str],
    /// One line for `ganscope presets`.
    pub summary: &'static str,
    /// What to watch, for the lecturer.
    pub lecture: &'static str,
    /// Iterations in which the phenomenon shows clearly.
    pub steps: u64,
    /// `key = value` settings on top of the one base, `Experiment::default()` (the
    /// figure1 preset): only what this preset changes from it.
    settings: &'static [(&'static str, &'static str)],
    /// The standard cure of the failure this preset shows (`--fix`, "show the cure").
    pub cure: Option<Cure>,
}

/// The standard cure of a failure: what it is, what to watch, and the settings it
/// changes on top of the preset's, so the cured run starts from the same place.
#[derive(Debug, PartialEq)]
pub struct Cure {
    /// What the cure is, in a few words.
    pub name: &'static str,
    /// What changes with it, for the lecturer.
    pub lecture: &'static str,
    /// `key = value` settings on top of the preset's.
    settings: &'static [(&'static str, &'static str)],
}

impl Cure {
    /// Turns the cure on in a running experiment: its settings on top of `e` (a lesson's
    /// `fix = true` at an iteration, where the failure has already shown).
    pub fn apply_to(&self, name: &str, e: &mut Experiment) {
        apply(name, e, self.settings);
    }
}

/// Literal `key = value` settings as checked settings, or the first refused one.
fn parse(settings: &[(&str, &str)]) -> Result<Vec<Setting>, ConfigError> {
    settings
        .iter()
        .map(|(key, value)| match keys::find(key) {
            Some(spec) => spec.parse(value),
            None => Err(ConfigError {
                key: "key".into(),
                value: (*key).to_string(),
                allowed: format!("unknown key; allowed keys: {}", keys::names_list()),
            }),
        })
        .collect()
}

/// Applies a preset's or a cure's literal settings. `tests::every_setting_parses_and_changes_something`
/// checks each of them, so they cannot be refused here.
fn apply(name: &str, e: &mut Experiment, settings: &[(&str, &str)]) {
    let settings = parse(settings).unwrap_or_else(|err| panic!("preset {name}: {err}"));
    for setting in &settings {
        setting.apply(e);
    }
}

impl Preset {
    /// The experiment this preset describes.
    pub fn experiment(&self) -> Experiment {
        let mut e = Experiment::default();
        apply(self.name, &mut e, self.settings);
        e
    }

    /// The experiment with the cure applied, if the preset has one.
    pub fn cured(&self) -> Option<Experiment> {
        let cure = self.cure.as_ref()?;
        let mut e = self.experiment();
        apply(self.name, &mut e, cure.settings);
        Some(e)
    }

    /// The experiment as loaded (`fix` false) or cured, or why it cannot be cured.
    pub fn experiment_with(&self, fix: bool) -> Result<Experiment, String> {
        if !fix {
            return Ok(self.experiment());
        }
        self.cured().ok_or_else(|| {
            format!(
                "preset '{}' shows no failure, so --fix has no cure to load; presets with a cure: {}",
                self.name,
                curable_names()
            )
        })
    }
}

/// The names of the presets that have a cure, comma-separated.
pub fn curable_names() -> String {
    PRESETS
        .iter()
        .filter(|p| p.cure.is_some())
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "figure1",
        aliases: &[],
        summary: "Figure 1 of Goodfellow et al.: a Gaussian learned to convergence, D -> 1/2",
        lecture: "Watch the green p_g slide onto the black dotted p_data while the blue D flattens to 1/2: \
                  the equilibrium of Figure 1 (d). The arrows from z to x bunch where p_g is high. \
                  A small R1 penalty (r1_gamma = 2) damps the swinging; set it to 0 to see why it is there.",
        steps: 5000,
        // Measured (total variation between the curves from iteration 5,000 on, seeds 1-3):
        // a uniform z through tanh units kept hard shoulders and a peak 20% too high
        // (TV 0.1-0.2 however long it trained); Gaussian z through tanh units compressed
        // the tails (0.10-0.12); ELU units with batch 256 left a kink in p_g that D's
        // gradient smooths only slowly (0.05-0.07); a batch of 2048 and D a little faster
        // than G bring it to 0.03-0.04. Adam at 1e-3 drifted away again.
        settings: &[],
        cure: None,
    },
    Preset {
        name: "oscillation",
        aliases: &[],
        summary: "momentum SGD with simultaneous steps on a plain GAN: G circles the data instead of settling",
        lecture: "The generator overshoots the data, D flips to chase it, and the two circle each other: \
                  the mean of p_g swings from one side of the data to the other and W1 never settles. \
                  Gradient play on a min-max game rotates rather than descends, and simultaneous steps \
                  spiral out (see the phase plane).",
        steps: 3000,
        // The figure1 preset's units (ELU, Gaussian z) and simultaneous steps: with tanh
        // units and uniform z G sat still with a lopsided shape on some seeds (seed 52's
        // mean swung 0.07), and with alternating steps the swing died out on some (seed
        // 950); simultaneous steps spiral out, as on the phase plane (SCIENCE.md,
        // "Phenomena, their cures").
        settings: &[
            ("target", "N(0,1)"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("optimizer", "momentum"),
            ("updates", "simultaneous"),
            ("lr_d", "0.01"),
            ("lr_g", "0.01"),
        ],
        cure: Some(Cure {
            name: "a zero-centred gradient penalty (R1, γ = 5)",
            lecture: "R1 (Mescheder et al. 2018) penalises D's slope on the data: the rotation gets a damping \
                      term, the same one that turns the phase plane's orbit into an inward spiral, and \
                      G's mean settles on the data.",
            // γ = 2 left late W1 4 to 33 times lower on seeds 41-56, with G's width still
            // swinging on a few; γ = 5 9 to 30 times, the width settled too.
            settings: &[("r1_gamma", "5")],
        }),
    },
    Preset {
        name: "mode-collapse",
        aliases: &[],
        summary: "two far-apart modes and a D that learns faster than G: G settles on the nearer mode and never finds the other",
        lecture: "The data has two modes of equal weight, at 1.5 and 7.5. The generator starts near 0, walks to \
                  the nearer mode and fits it; D, four times faster and with two steps per G step, rejects any \
                  sample that strays into the gap, so G never learns the far mode exists. Mode masses read \
                  1 and 0 instead of 1/2 and 1/2 and modes covered stays at 1: D's gradient says 'stay', \
                  never 'split'.",
        steps: 4000,
        // How it was set (SCIENCE.md, "Mode collapse"): modes on both sides of G's start
        // (±4) let G split at its first steps on about one seed in ten; with both modes on
        // one side G always walks to the nearer. G ten times faster than D (the old
        // setting) made a spike that hopped between and beyond the modes instead.
        settings: &[
            ("target", "0.5*N(1.5,0.4) + 0.5*N(7.5,0.4)"),
            ("activation", "tanh"),
            ("noise", "uniform"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("hidden", "16"),
            ("k", "2"),
            ("lr_d", "0.002"),
            ("lr_g", "0.0005"),
        ],
        cure: Some(Cure {
            name: "instance noise (σ = 2) on D's inputs",
            lecture: "Gaussian noise added to every input of D, real and fake (Sønderby et al. 2016; Arjovsky & \
                      Bottou 2017), blurs both densities until they overlap across the gap: D's slope now \
                      reaches from where G sits to the mode it dropped, and G spreads until each mode holds \
                      its share. An unrolled D does not help here: the collapse is a resting point, not a \
                      chase it could foresee (the ring's is a chase, and its cure is unrolling).",
            settings: &[("instance_noise", "2")],
        }),
    },
    Preset {
        name: "vanishing-gradient",
        aliases: &[],
        summary: "minimax loss against a strong D: G's gradient vanishes and it barely moves",
        lecture: "D learns faster (k = 5, higher lr) and rejects the fakes confidently, so log(1 - D(G(z))) \
                  is flat and G's gradient is tiny: p_g stays where it started.",
        steps: 2000,
        settings: &[
            ("loss", "minimax"),
            ("k", "5"),
            ("activation", "tanh"),
            ("noise", "uniform"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("optimizer", "sgd"),
            ("lr_d", "0.5"),
            ("lr_g", "0.05"),
        ],
        cure: Some(Cure {
            name: "the non-saturating generator loss (Goodfellow et al. 2014, §3)",
            lecture: "Same D, same start: G now maximises log D(G(z)). Where D rejects the fakes its gradient \
                      is (1 − D) instead of D with respect to the logit, a hundred times larger at D = 0.01, \
                      and G walks to the data.",
            settings: &[("loss", "non-saturating")],
        }),
    },
    Preset {
        name: "disjoint-supports",
        aliases: &["wgan-rescue"],
        summary: "data far from where G starts: JS is stuck at log 2 and the minimax G stays put",
        lecture: "The data sits far from where the generator starts, and D, trained by plain SGD as the theory \
                  assumes, separates them perfectly. JS is log 2 whatever G does, D* is 0 around the fakes, \
                  and the minimax G gets no direction: it stays across the gap.",
        steps: 1500,
        settings: &[
            ("target", "N(6,0.3)"),
            ("activation", "tanh"),
            ("noise", "uniform"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("loss", "minimax"),
            ("optimizer", "sgd"),
            ("k", "5"),
            ("lr_d", "0.01"),
            ("lr_g", "0.05"),
        ],
        cure: Some(Cure {
            name: "a Wasserstein critic with gradient penalty (Gulrajani et al. 2017)",
            lecture: "The WGAN-GP critic is a slope, not a classifier: its gradient stays about 1 across the \
                      gap, so W1 shrinks steadily; JS, pinned at log 2 while the supports are apart, says nothing of it.",
            settings: &[("loss", "wasserstein-gp")],
        }),
    },
    Preset {
        name: "ring",
        aliases: &[],
        summary: "2-D: eight Gaussians on a ring (Metz et al. 2016); G collapses onto one mode and hops between them",
        lecture: "Eight modes on a circle of radius 2, each of σ 0.02. The generator, learning faster \
                  than D, gathers its mass into one blob near one mode (on some seeds two blobs); D learns \
                  to reject that spot and G hops to another: modes covered stays at 0-1 while the blob \
                  jumps around the ring, the most famous picture of mode collapse.",
        steps: 4000,
        // Metz et al.'s setting, smaller and faster, with G's rate above D's; how it was
        // chosen and what did not work: SCIENCE.md, "How the ring was set".
        settings: &[
            ("target", "Ring(8,2,0.02)"),
            ("hidden", "64"),
            ("activation", "relu"),
            ("noise_dim", "16"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("lr_d", "0.0003"),
            ("lr_g", "0.001"),
        ],
        cure: Some(Cure {
            name: "an unrolled discriminator (Metz et al. 2016)",
            lecture: "G takes its step against D unrolled five steps ahead, differentiated through them: a \
                      blob that moves onto one mode is charged for how D would answer. G spreads over the \
                      whole ring within a few hundred iterations and no mode holds more than a fifth of \
                      the fakes; then the blobs sharpen onto the modes, until by 3,000 iterations over \
                      30% of the fakes lie within 3σ of one and five or more modes are covered at once. \
                      Slower: each iteration trains a copy of D five steps.",
            // Ten steps (Metz et al.'s figure) covered the ring as well but ran at half the
            // speed: about 25 iterations a second here, too slow for a class to watch.
            settings: &[("unrolled_steps", "5")],
        }),
    },
    Preset {
        name: "grid",
        aliases: &[],
        summary: "2-D: 25 Gaussians on a 5 x 5 grid learned by a WGAN-GP critic (Gulrajani et al. 2017): no collapse",
        lecture: "Twenty-five modes on a grid. The critic is a slope, not a classifier, and its gradient \
                  penalty keeps it one: the heatmap is a smooth landscape with a hill on each mode, the \
                  arrows pull the fakes uphill, and the generator spreads over the grid instead of \
                  collapsing. Watch modes covered climb.",
        steps: 4000,
        // The toy of igul222/improved_wgan_training (ReLU, 5 critic steps, batch 256,
        // λ 0.1), smaller and faster for a class: 2 x 64 at Adam 1e-3 instead of 3 x 512
        // at 1e-4 (which, at 3 x 128, measured the same coverage at 2,000 iterations
        // nine times slower).
        settings: &[
            ("target", "Grid(5,1,0.05)"),
            ("loss", "wasserstein-gp"),
            ("k", "5"),
            ("hidden", "64"),
            ("activation", "relu"),
            ("noise_dim", "2"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("lr_d", "0.001"),
            ("lr_g", "0.001"),
        ],
        cure: None,
    },
    Preset {
        name: "spiral",
        aliases: &["swiss-roll"],
        summary: "2-D: a swiss roll learned by a WGAN-GP critic; no modes, one long curved manifold",
        lecture: "Data on a spiral arm: no modes to count, so watch W1 and the manifold. The z grid, carried \
                  through G, bends and stretches to lie along the arm; where it must jump between turns \
                  it leaves a thin bridge of fakes (a continuous G cannot tear the plane).",
        steps: 4000,
        settings: &[
            ("target", "Spiral(1.5,0.05)"),
            ("loss", "wasserstein-gp"),
            ("k", "5"),
            ("hidden", "64"),
            ("activation", "relu"),
            ("noise_dim", "2"),
            ("batch", "256"),
            ("r1_gamma", "0"),
            ("lr_d", "0.001"),
            ("lr_g", "0.001"),
        ],
        cure: None,
    },
    Preset {
        name: "ganlab",
        aliases: &[],
        summary: "2-D: GAN Lab's own default setting, to show beside it",
        lecture: "What GAN Lab (poloclub/ganlab) opens on: two Gaussians in the unit square, one round \
                  and one tall, two ReLU layers of 8 in each network, SGD with D at 0.1 and G at 0.03, two D \
                  steps per G step, batch 150. Differences that remain: GAN Lab's G ends in tanh and its z is a \
                  truncated N(0.5, 0.25²); here G's output is linear, z is N(0, 1) and D sees the data \
                  standardised.",
        steps: 3000,
        // Read from poloclub/ganlab demo/ganlab.ts, its input providers and the
        // pretrained_gaussians.json config it loads at start.
        settings: &[
            ("target", "0.5*N2(0.3,0.7,0.1) + 0.5*N2(0.7,0.4,0.05,0.2)"),
            ("hidden", "8"),
            ("activation", "relu"),
            ("noise_dim", "2"),
            ("r1_gamma", "0"),
            ("optimizer", "sgd"),
            ("lr_d", "0.1"),
            ("lr_g", "0.03"),
            ("k", "2"),
            ("batch", "150"),
        ],
        cure: None,
    },
];

/// The preset called `name` (or formerly called so), if any.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.name == name || p.aliases.contains(&name))
}

/// The preset called `name` (or a former name of it), or the one-line message every face
/// gives for a name it does not know.
pub fn named(name: &str) -> Result<&'static Preset, String> {
    find(name).ok_or_else(|| format!("unknown preset '{name}'; allowed: {}", names()))
}

/// The experiment every run starts from unless told otherwise: `Experiment::default()`,
/// which is the figure1 preset (the CLI's default preset, the app's first run, the base of
/// configs, Compare pairs and every other preset).
pub fn base() -> Experiment {
    Experiment::default()
}

/// The keys `to` changes from `from`, as `key = value` in backticks.
fn changes(from: &Experiment, to: &Experiment) -> String {
    let changed: Vec<String> = keys::differing(from, to)
        .map(|k| format!("`{} = {}`", k.name, k.text(to)))
        .collect();
    if changed.is_empty() {
        "(nothing)".into()
    } else {
        changed.join(", ")
    }
}

/// What each preset changes from the one base and what its cure changes on top, as the
/// README's Markdown table (`ganscope presets --markdown`; a test compares them), read
/// from the experiments the runs really use.
pub fn changes_markdown() -> String {
    let mut out = String::from("| preset | changes from the defaults | its cure changes |\n|---|---|---|\n");
    for p in PRESETS {
        let cure = p
            .cured()
            .map_or_else(|| "(no failure)".to_string(), |c| changes(&p.experiment(), &c));
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            p.name,
            changes(&base(), &p.experiment()),
            cure
        ));
    }
    out
}

/// The preset runs start from unless told otherwise (figure1).
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}

/// The preset names, comma-separated, for error messages.
pub fn names() -> String {
    PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every preset names only what it changes from the one base, and every cure only
    /// what it changes from its preset: each setting parses, is in range, and changes a
    /// value (no key twice, none that repeats the base).
    #[test]
    fn every_setting_parses_and_changes_something() {
        let check = |what: &str, from: &Experiment, settings: &[(&str, &str)]| {
            let parsed = parse(settings).unwrap_or_else(|e| panic!("{what}: {e}"));
            let mut e = from.clone();
            for (i, setting) in parsed.iter().enumerate() {
                let key = setting.key();
                assert!(
                    parsed[..i].iter().all(|s| s.key().name != key.name),
                    "{what}: {} set twice",
                    key.name
                );
                let before = e.clone();
                setting.apply(&mut e);
                assert!(!key.same(&before, &e), "{what}: {setting:?} changes nothing");
            }
        };
        for preset in PRESETS {
            check(preset.name, &Experiment::default(), preset.settings);
            if let Some(cure) = &preset.cure {
                check(
                    &format!("{}'s cure", preset.name),
                    &preset.experiment(),
                    cure.settings,
                );
            }
        }
    }

    /// The base is the figure1 preset.
    #[test]
    fn the_base_is_figure1() {
        assert_eq!(base(), Experiment::default());
        assert!(default_preset().settings.is_empty());
    }
}
