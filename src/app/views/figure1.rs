//! The Figure 1 view: the four panels of Goodfellow et al. (2014), (a) to (d), computed
//! from a real training run on a background thread (about ten seconds), drawn side by
//! side on one scale with the live view's drawing code, each with its caption, and
//! saved to PNG or SVG with the file back end.

use crate::app::widgets::figure_plot::FigurePlot;
use crate::app::widgets::job::Job;
use crate::app::widgets::save_box::SaveBox;
use crate::app::widgets::style::error_text;
use crate::engine::snapshot::Snapshot;
use crate::engine::{figure1, measure};
use crate::export::{FIGURE1_SIZE, Picture};
use crate::figure::Figure;
use crate::figure::panels::figure1_panels;
use egui::{DragValue, Ui};
use std::time::Duration;

/// One computed panel: the figure, its caption and a line of numbers.
struct Panel {
    figure: Figure,
    caption: String,
    numbers: String,
}

/// A Figure 1 training run in progress: the four snapshots, or why it failed.
type Run = Job<Result<[Snapshot; 4], String>>;

/// The state of the view.
pub struct Figure1View {
    /// Seed of the run, as edited.
    pub seed: u64,
    /// The run in progress, with its seed.
    job: Option<(u64, Run)>,
    /// The panels of the last finished run, with its seed.
    panels: Option<(u64, Vec<Panel>)>,
    /// Why the last run failed.
    error: Option<String>,
    plots: [FigurePlot; 4],
    save: SaveBox,
}

impl Default for Figure1View {
    fn default() -> Self {
        Figure1View {
            seed: figure1::DEFAULT_SEED,
            job: None,
            panels: None,
            error: None,
            plots: Default::default(),
            save: SaveBox::new("ganscope-figure1.png"),
        }
    }
}

fn numbers(snapshot: &Snapshot) -> String {
    let m = &snapshot.metrics;
    format!(
        "iteration {}  ·  W1 {:.3}  ·  TV {:.3}  ·  max |D − D*| {:.3}  ·  mean D on fakes {:.3}",
        m.steps,
        m.w1,
        m.tv,
        m.opponent_gap,
        measure::mean_under(&snapshot.d, &snapshot.p_g)
    )
}

impl Figure1View {
    /// True while the training run behind the panels is going.
    pub fn computing(&self) -> bool {
        self.job.is_some()
    }

    /// True once panels are shown.
    pub fn ready(&self) -> bool {
        self.panels.is_some()
    }

    /// Shows the panels of `seed` (a lesson's Figure 1 scene): runs them unless they
    /// are already shown or being computed.
    pub fn show_seed(&mut self, ctx: &egui::Context, seed: u64) {
        self.seed = seed;
        let shown = self.panels.as_ref().is_some_and(|(s, _)| *s == seed);
        let computing = self.job.as_ref().is_some_and(|(s, _)| *s == seed);
        if !shown && !computing {
            self.run(ctx);
        }
    }

    /// Starts a run with the edited seed.
    fn run(&mut self, ctx: &egui::Context) {
        let seed = self.seed;
        let work = move || figure1::run(seed).map_err(|e| e.to_string());
        match Job::spawn("ganscope-figure1", ctx, work) {
            Ok(job) => {
                self.error = None;
                self.job = Some((seed, job));
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Takes the finished run's panels, if it has finished.
    fn collect(&mut self) {
        let Some((seed, job)) = &self.job else { return };
        let Some(result) = job.poll() else { return };
        match result.and_then(|r| r) {
            Ok(snapshots) => {
                let panels = figure1_panels(&snapshots)
                    .into_iter()
                    .zip(&snapshots)
                    .map(|((figure, caption), snapshot)| Panel {
                        figure,
                        caption,
                        numbers: numbers(snapshot),
                    })
                    .collect();
                self.panels = Some((*seed, panels));
                self.plots = Default::default();
            }
            Err(message) => self.error = Some(format!("the Figure 1 run failed: {message}")),
        }
        self.job = None;
    }

    /// Draws the view into `ui` (the whole window below the menu bar).
    pub fn ui(&mut self, ui: &mut Ui) {
        self.collect();
        if self.job.is_none() && self.panels.is_none() && self.error.is_none() {
            self.run(ui.ctx());
        }
        egui::Panel::top("figure1_controls").show(ui, |ui| self.controls(ui));
        egui::CentralPanel::default().show(ui, |ui| self.panels_ui(ui));
    }

    fn controls(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Figure 1 of Goodfellow et al. (2014), from a real run");
            ui.separator();
            let label = ui.label("seed");
            ui.add(DragValue::new(&mut self.seed).range(0..=u32::MAX))
                .labelled_by(label.id)
                .on_hover_text("Seed of the run: weights and samples; the same seed draws the same figure");
            let busy = self.job.is_some();
            if ui
                .add_enabled(!busy, egui::Button::new("Run again"))
                .on_hover_text(format!(
                    "Train anew: {} iterations on the data shifted by {} sd, then on the data {} D steps \
                     with G frozen ((a) after {}), {} gradient steps of G, {} more iterations",
                    figure1::PRETRAIN,
                    figure1::SHIFT_SIGMAS,
                    figure1::INNER_LOOP,
                    figure1::PARTIAL,
                    figure1::GENERATOR_STEPS,
                    figure1::TO_CONVERGENCE
                ))
                .clicked()
            {
                self.run(ui.ctx());
            }
            if let Some((seed, job)) = &self.job {
                ui.spinner();
                ui.label(format!(
                    "computing Figure 1 (seed {seed}), {:.0} s…",
                    job.elapsed().as_secs_f64()
                ));
                ui.ctx().request_repaint_after(Duration::from_millis(250));
            } else if let Some((seed, _)) = &self.panels {
                ui.label(format!("shown: seed {seed}"));
            }
        });
        if let Some(error) = &self.error {
            ui.label(error_text(ui, error.as_str()));
        }
        let panels = &self.panels;
        self.save.ui(ui, FIGURE1_SIZE, || {
            let (_, panels) = panels.as_ref()?;
            let figures: Vec<(Figure, String)> = panels
                .iter()
                .map(|p| (p.figure.clone(), p.caption.clone()))
                .collect();
            Some(Picture::Panels(figures))
        });
    }

    fn panels_ui(&mut self, ui: &mut Ui) {
        let Some((_, panels)) = &self.panels else {
            ui.centered_and_justified(|ui| {
                if self.job.is_some() {
                    ui.label("computing the four panels from a real training run…");
                } else {
                    ui.label("no panels yet");
                }
            });
            return;
        };
        // One scale for all four, so the panels compare like the paper's.
        let scale = panels
            .iter()
            .zip(self.plots.iter_mut())
            .map(|(p, plot)| plot.scale(&p.figure))
            .reduce(|a, b| a.union(b));
        let Some(scale) = scale else { return };
        let spacing = ui.spacing().item_spacing;
        let cell = egui::vec2(
            ((ui.available_width() - spacing.x) / 2.0).max(120.0),
            ((ui.available_height() - spacing.y) / 2.0).max(120.0),
        );
        for row in 0..2 {
            ui.horizontal(|ui| {
                for column in 0..2 {
                    let i = 2 * row + column;
                    let (Some(panel), Some(plot)) = (panels.get(i), self.plots.get_mut(i)) else {
                        continue;
                    };
                    ui.allocate_ui_with_layout(cell, egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.set_min_size(cell);
                        ui.strong(panel.caption.as_str());
                        ui.label(egui::RichText::new(panel.numbers.as_str()).weak().small());
                        // The legend once, in (b), the one panel that has every curve.
                        plot.draw(
                            ui,
                            &format!("figure1_panel_{i}"),
                            &panel.figure,
                            scale,
                            None,
                            i == 1,
                        );
                    });
                }
            });
        }
    }
}
