//! The phase-plane view for the oscillation lecture: the Dirac-GAN (Mescheder et al.,
//! 2018) or the bilinear game in the (θ, ψ) plane, with the update field as arrows and
//! the paths of simultaneous and alternating updates from one start. Closed form and
//! cheap, so the picture is rebuilt every frame and every control acts at once.

use crate::app::views::{Around, View};
use crate::app::widgets::axes;
use crate::app::widgets::choice::choice;
use crate::app::widgets::key::{KeyEntry, Swatch, key_row};
use crate::app::widgets::save_box::SaveBox;
use crate::app::widgets::style::{color, theme_of};
use crate::engine::dirac::Game;
use crate::export::{PHASE_SIZE, Picture};
use crate::figure::phase::{
    GAMMA, NOISE, PhaseFigure, PhaseParam, PhaseRole, PhaseSettings, START_PSI, START_THETA, STEP, STEPS,
};
use crate::figure::{Dash, Theme};
use egui::{DragValue, Slider, Ui};
use egui_plot::{Arrows, Line, MarkerShape, Plot, PlotPoints, Points};

/// The state of the view.
pub struct PhaseView {
    /// The settings the controls edit.
    pub settings: PhaseSettings,
    /// The view extent last drawn: the plot follows it when it changes.
    extent: Option<f64>,
    save: SaveBox,
}

impl Default for PhaseView {
    fn default() -> Self {
        PhaseView {
            settings: PhaseSettings::default(),
            extent: None,
            save: SaveBox::new("ganscope-phase.png"),
        }
    }
}

fn game_help(game: Game) -> &'static str {
    match game {
        Game::Gan => "Dirac-GAN with the paper's minimax loss: D(x) = σ(ψx), data at 0, G a point mass at θ",
        Game::NonSaturating => "Dirac-GAN, G maximises log D(G(z)) instead",
        Game::Wasserstein => "Dirac-GAN with a linear critic ψx (WGAN without clipping)",
        Game::Bilinear => "min over x, max over y of x·y: the plainest game that rotates",
    }
}

impl PhaseView {
    /// Draws the view into `ui` (the whole window below the menu bar).
    fn draw(&mut self, ui: &mut Ui) {
        let figure = PhaseFigure::new(&self.settings);
        let theme = theme_of(ui.ctx());
        egui::Panel::left("phase_controls")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    controls(ui, &mut self.settings);
                    ui.separator();
                    ui.heading("Export");
                    self.save
                        .ui(ui, PHASE_SIZE, || Some(Picture::Phase(figure.clone())));
                });
            });
        egui::Panel::right("phase_eigenvalues")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| eigenvalues(ui, &figure, theme));
        egui::CentralPanel::default().show(ui, |ui| {
            ui.strong(figure.title.as_str());
            for trajectory in &figure.trajectories {
                let ink = color(trajectory.role.style().color(theme));
                let mut line = trajectory.summary();
                if trajectory.leaves_view {
                    line.push_str(" (leaves the view)");
                }
                ui.label(egui::RichText::new(line).color(ink));
            }
            self.plot(ui, &figure, theme);
        });
    }

    fn plot(&mut self, ui: &mut Ui, figure: &PhaseFigure, theme: Theme) {
        let e = figure.extent;
        let follow = self.extent != Some(e);
        self.extent = Some(e);
        // The key above the plot, over none of the paths (in a corner it covered the
        // top of the unit circle and the paths' first turns).
        let mut entries = vec![KeyEntry::new(
            PhaseRole::Field.style().label,
            color(PhaseRole::Field.style().color(theme)),
            Swatch::Arrow,
        )];
        for trajectory in &figure.trajectories {
            let style = trajectory.role.style();
            entries.push(KeyEntry::line(
                style.label,
                color(style.color(theme)),
                Dash::Solid,
                style.width,
            ));
        }
        for (role, swatch) in [
            (PhaseRole::Start, Swatch::Dot),
            (PhaseRole::Equilibrium, Swatch::Ring),
        ] {
            entries.push(KeyEntry::new(
                role.style().label,
                color(role.style().color(theme)),
                swatch,
            ));
        }
        key_row(ui, &entries);
        // A square plot, centred, so circles look round.
        let side = ui.available_width().min(ui.available_height()).max(200.0);
        let spare = (ui.available_width() - side).max(0.0) / 2.0;
        ui.horizontal(|ui| {
            ui.add_space(spare);
            Plot::new("phase_plane")
                .width(side)
                .height(side)
                .data_aspect(1.0)
                .default_x_bounds(-e, e)
                .default_y_bounds(-e, e)
                .x_grid_spacer(axes::nice_spacer(axes::X_LABEL_POINTS))
                .y_grid_spacer(axes::nice_spacer(axes::Y_LABEL_POINTS))
                .x_axis_formatter(|mark, _| axes::label(mark))
                .y_axis_formatter(|mark, _| axes::label(mark))
                .x_axis_label(figure.axes.0)
                .y_axis_label(figure.axes.1)
                .allow_scroll(false)
                .show(ui, |plot_ui| {
                    if follow {
                        plot_ui.set_auto_bounds(true);
                    }
                    let style = PhaseRole::Field.style();
                    let origins: Vec<[f64; 2]> = figure.field.iter().map(|a| [a.from.0, a.from.1]).collect();
                    let tips: Vec<[f64; 2]> = figure.field.iter().map(|a| [a.to.0, a.to.1]).collect();
                    plot_ui.arrows(
                        Arrows::new(style.label, PlotPoints::new(origins), PlotPoints::new(tips))
                            .color(color(style.color(theme)))
                            .tip_length(5.0)
                            .allow_hover(false),
                    );
                    for trajectory in &figure.trajectories {
                        let style = trajectory.role.style();
                        let ink = color(style.color(theme));
                        let points: Vec<[f64; 2]> = trajectory.points.iter().map(|p| [p.0, p.1]).collect();
                        let last = points.last().copied();
                        plot_ui.line(
                            Line::new(style.label, PlotPoints::new(points))
                                .color(ink)
                                .width(style.width)
                                .allow_hover(false),
                        );
                        if let Some(last) = last {
                            plot_ui.points(
                                Points::new("", PlotPoints::new(vec![last]))
                                    .color(ink)
                                    .radius(3.5)
                                    .filled(true)
                                    .allow_hover(false)
                                    .id(format!("{} end", style.label)),
                            );
                        }
                    }
                    let start = PhaseRole::Start.style();
                    plot_ui.points(
                        Points::new(
                            start.label,
                            PlotPoints::new(vec![[figure.start.0, figure.start.1]]),
                        )
                        .color(color(start.color(theme)))
                        .radius(5.0)
                        .filled(true)
                        .allow_hover(false),
                    );
                    let eq = PhaseRole::Equilibrium.style();
                    plot_ui.points(
                        Points::new(eq.label, PlotPoints::new(vec![[0.0, 0.0]]))
                            .color(color(eq.color(theme)))
                            .shape(MarkerShape::Cross)
                            .radius(7.0)
                            .allow_hover(false),
                    );
                });
        });
    }
}

/// The eigenvalues of both update maps at the equilibrium against the unit circle, and
/// each scheme's spectral radius: outside the circle paths grow, on it they orbit,
/// inside it they shrink.
fn eigenvalues(ui: &mut Ui, figure: &PhaseFigure, theme: Theme) {
    ui.heading("Eigenvalues at (0, 0)");
    ui.label("Of the update map linearised at the equilibrium, from the closed-form Jacobian.");
    for (line, (role, _)) in figure.eigenvalue_summaries().iter().zip(&figure.eigenvalues) {
        ui.label(egui::RichText::new(line.as_str()).color(color(role.style().color(theme))));
    }
    let e = figure.eigenvalue_extent();
    let mut entries = vec![KeyEntry::line("unit circle", ui_ink(theme), Dash::Solid, 1.0)];
    for (role, _) in &figure.eigenvalues {
        let swatch = if *role == PhaseRole::Simultaneous {
            Swatch::Ring
        } else {
            Swatch::Dot
        };
        entries.push(KeyEntry::new(
            role.style().label,
            color(role.style().color(theme)),
            swatch,
        ));
    }
    key_row(ui, &entries);
    let side = ui.available_width().min(ui.available_height()).max(120.0);
    Plot::new("phase_eigenvalues")
        .width(side)
        .height(side)
        .data_aspect(1.0)
        .default_x_bounds(-e, e)
        .default_y_bounds(-e, e)
        .x_grid_spacer(axes::nice_spacer(axes::X_LABEL_POINTS))
        .y_grid_spacer(axes::nice_spacer(axes::Y_LABEL_POINTS))
        .x_axis_formatter(|mark, _| axes::label(mark))
        .y_axis_formatter(|mark, _| axes::label(mark))
        .x_axis_label("real part")
        .y_axis_label("imaginary part")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            let circle: Vec<[f64; 2]> = crate::figure::phase::unit_circle()
                .into_iter()
                .map(|(x, y)| [x, y])
                .collect();
            plot_ui.line(
                Line::new("unit circle", PlotPoints::new(circle))
                    .color(ui_ink(theme))
                    .allow_hover(false),
            );
            for (role, values) in &figure.eigenvalues {
                let ring = *role == PhaseRole::Simultaneous;
                let points: Vec<[f64; 2]> = values.iter().map(|&(re, im)| [re, im]).collect();
                plot_ui.points(
                    Points::new(role.style().label, PlotPoints::new(points))
                        .color(color(role.style().color(theme)))
                        .radius(if ring { 7.0 } else { 4.0 })
                        .filled(!ring),
                );
            }
        });
}

/// The ink of the theme, for the unit circle.
fn ui_ink(theme: Theme) -> egui::Color32 {
    color(crate::figure::Role::DomainLine.style().color(theme))
}

/// The defaults, as the Defaults button's help says them.
fn defaults_text() -> String {
    let d = PhaseSettings::default();
    format!(
        "game {}, h = {}, γ = {}, σ = {}, {} steps from ({}, {})",
        d.dirac.game.name(),
        d.dirac.step,
        d.dirac.gamma,
        d.dirac.instance_noise,
        d.steps,
        d.start.0,
        d.start.1
    )
}

/// A slider over the whole range `param` allows (logarithmic where it spans decades), so
/// a lesson's value is shown as it is, never clamped to a narrower slider.
fn number(ui: &mut Ui, settings: &mut PhaseSettings, param: &PhaseParam, enabled: bool) -> egui::Response {
    let mut value = (param.get)(settings);
    let low = if param.min_inclusive {
        param.min
    } else {
        param.slider_floor.unwrap_or(param.min)
    };
    let mut slider = Slider::new(&mut value, low..=param.max).text(param.label);
    if let Some(floor) = param.slider_floor {
        slider = slider.logarithmic(true).smallest_positive(floor);
    }
    if param.whole {
        slider = slider.integer();
    }
    let response = ui.add_enabled(enabled, slider).on_hover_text(param.meaning);
    if response.changed() {
        (param.put)(settings, value);
    }
    response
}

/// The settings: game, step, penalty, noise, steps and start.
fn controls(ui: &mut Ui, settings: &mut PhaseSettings) {
    ui.heading("Phase plane");
    ui.label(
        "Data is a point mass at 0, the generator one at θ, the discriminator D(x) = σ(ψx). \
         Both players' gradients rotate around the equilibrium (0, 0).",
    );
    ui.separator();
    let dirac = &mut settings.dirac;
    choice(
        ui,
        "game",
        &mut dirac.game,
        &Game::ALL,
        Game::name,
        Some(game_help),
    );
    let noise_matters = dirac.curvature_at_zero() != 0.0;
    number(ui, settings, &STEP, true);
    number(ui, settings, &GAMMA, true);
    // Noise damps through the curvature of the sigmoid losses; the linear games have none.
    number(ui, settings, &NOISE, noise_matters).on_disabled_hover_text(
        "No effect here: this game is linear in the discriminator, so noise averages out",
    );
    number(ui, settings, &STEPS, true);
    ui.horizontal(|ui| {
        for param in [&START_THETA, &START_PSI] {
            let label = ui.label(param.label);
            let mut value = (param.get)(settings);
            let response = ui
                .add(
                    DragValue::new(&mut value)
                        .speed(0.01)
                        .range(param.min..=param.max),
                )
                .labelled_by(label.id)
                .on_hover_text(param.meaning);
            if response.changed() {
                (param.put)(settings, value);
            }
        }
    });
    if ui.button("Defaults").on_hover_text(defaults_text()).clicked() {
        *settings = PhaseSettings::default();
    }
    ui.separator();
    ui.label(
        "Simultaneous steps spiral out; alternating steps (Algorithm 1 with k = 1) stay on a \
         bounded orbit. γ or instance noise damp both: alternating paths then spiral in, \
         simultaneous ones once the damping beats the step (γ > h·f′(0)²).",
    );
}

impl View for PhaseView {
    fn save_picture(&mut self) {
        self.save.request();
    }

    fn ui(&mut self, ui: &mut Ui, _around: Around<'_>) {
        self.draw(ui);
    }
}
