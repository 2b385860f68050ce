//! The egui drawing of a 2-D frame ([`PlaneFigure`]): D as a heatmap (one texture) in a
//! square plot that zooms and pans like the 1-D one, with the contours, dots, manifold,
//! arrows and mode rings painted over it, and D's colour bar and the key beside it. The
//! same description the files are drawn from (`export::plane_chart`).

use super::axes;
use super::style::{color, role_color};
use crate::figure::plane::{BAR_ENDS, ColorBar, KEY, MODE_RULE, PlaneFigure, heat_color, mode_words};
use crate::figure::{Role, Theme};
use egui::{Color32, ColorImage, Pos2, Stroke, TextureHandle, TextureOptions, Vec2};
use egui_plot::{Plot, PlotImage, PlotPoint};

/// Width of the column with the colour bar and the key.
const KEY_WIDTH: f32 = 230.0;

/// Radius of a sample's dot, in points.
const DOT_RADIUS: f32 = 2.0;

/// Side of the dot's texture, in texels.
const DOT_TEXELS: usize = 32;

/// The heatmap's texture, kept from frame to frame and refilled in place, and the
/// stamp every sample's dot is drawn with.
#[derive(Default)]
pub struct PlanePlot {
    texture: Option<TextureHandle>,
    dot: Option<DotStamp>,
}

/// A dot as a texture: a white disc of [`DOT_RADIUS`] whose edge fades over one physical
/// pixel, as egui feathers its own circles, so it is made again when the pixels per
/// point change (classroom mode's zoom, another screen).
struct DotStamp {
    texture: TextureHandle,
    pixels_per_point: f32,
}

impl DotStamp {
    fn new(ctx: &egui::Context) -> Self {
        let pixels_per_point = ctx.pixels_per_point();
        let n = DOT_TEXELS;
        let half = Self::half_side(pixels_per_point);
        let texels_per_point = n as f32 / (2.0 * half);
        let pixels = (0..n * n)
            .map(|i| {
                let (x, y) = ((i % n) as f32 + 0.5, (i / n) as f32 + 0.5);
                let from_centre = (x - n as f32 / 2.0).hypot(y - n as f32 / 2.0) / texels_per_point;
                let alpha = ((half - from_centre) * pixels_per_point).clamp(0.0, 1.0);
                let alpha = (alpha * 255.0).round() as u8;
                Color32::from_rgba_premultiplied(alpha, alpha, alpha, alpha)
            })
            .collect();
        let image = ColorImage::new([n, n], pixels);
        DotStamp {
            texture: ctx.load_texture("sample_dot", image, TextureOptions::LINEAR),
            pixels_per_point,
        }
    }

    /// Half the side of a dot's square, in points: the radius and half a pixel of fade.
    fn half_side(pixels_per_point: f32) -> f32 {
        DOT_RADIUS + 0.5 / pixels_per_point
    }
}

impl PlanePlot {
    /// Draws `figure` into the rest of `ui`; `id` names the plot. `recoloured` replaces
    /// the figure's colour bar and heatmap (a critic on the view's kept scale).
    pub fn draw(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        figure: &PlaneFigure,
        recoloured: Option<&(ColorBar, Vec<f64>)>,
        theme: Theme,
        key: bool,
    ) {
        let (bar, heat) = recoloured.map_or((&figure.bar, &figure.heat), |(bar, heat)| (bar, heat));
        let image = heat_image(heat, figure.cells, theme);
        let texture = match &mut self.texture {
            Some(texture) => {
                texture.set(image, TextureOptions::NEAREST);
                texture.clone()
            }
            None => {
                let texture = ui
                    .ctx()
                    .load_texture(format!("{id}_heat"), image, TextureOptions::NEAREST);
                self.texture = Some(texture.clone());
                texture
            }
        };
        if self
            .dot
            .as_ref()
            .is_none_or(|d| d.pixels_per_point != ui.ctx().pixels_per_point())
        {
            self.dot = Some(DotStamp::new(ui.ctx()));
        }
        let dot = self.dot.as_ref().expect("made just above");
        let ((x0, x1), (y0, y1)) = figure.bounds;
        let available = ui.available_size();
        ui.horizontal_top(|ui| {
            let key_width = if key { KEY_WIDTH } else { 0.0 };
            let side = (available.x - key_width).min(available.y).max(120.0);
            let response = Plot::new(format!("{id}_plane"))
                .width(side)
                .height(side)
                .data_aspect(1.0)
                .default_x_bounds(x0, x1)
                .default_y_bounds(y0, y1)
                .show_grid(false)
                .allow_scroll(false)
                // Round ticks that fit: half of Compare in classroom type showed only "0".
                .x_grid_spacer(axes::nice_spacer(axes::X_LABEL_POINTS))
                .y_grid_spacer(axes::nice_spacer(axes::Y_LABEL_POINTS))
                .x_axis_formatter(|mark, _| axes::label(mark))
                .y_axis_formatter(|mark, _| axes::label(mark))
                .show(ui, |plot_ui| {
                    plot_ui.image(PlotImage::new(
                        "D",
                        texture.id(),
                        PlotPoint::new(0.5 * (x0 + x1), 0.5 * (y0 + y1)),
                        Vec2::new((x1 - x0) as f32, (y1 - y0) as f32),
                    ));
                });
            let to_screen = |p: [f64; 2]| {
                response
                    .transform
                    .position_from_point(&PlotPoint::new(p[0], p[1]))
            };
            let painter = ui.painter().with_clip_rect(*response.transform.frame());
            paint_overlays(&painter, figure, theme, dot, &to_screen);
            if key {
                ui.vertical(|ui| {
                    ui.set_max_width(KEY_WIDTH);
                    draw_key(ui, figure, bar, theme, side);
                });
            }
        });
    }
}

/// D's heatmap (`heat`, 0 … 1 on the colour bar, `cells` per side) as an image, its top
/// row the top of the plane.
fn heat_image(heat: &[f64], cells: usize, theme: Theme) -> ColorImage {
    let n = cells.max(1);
    let mut pixels = Vec::with_capacity(n * n);
    for row in (0..n).rev() {
        for column in 0..n {
            let t = heat.get(row * n + column).copied().unwrap_or(0.5);
            pixels.push(color(heat_color(t, theme)));
        }
    }
    ColorImage::new([n, n], pixels)
}

/// Paints what lies over the heatmap. The samples' dots are one mesh of textured quads,
/// two triangles a dot: as circles, a thousand dots were about 20,000 triangles, a
/// quarter of a frame's drawing under a software renderer (headless Chromium's).
fn paint_overlays(
    painter: &egui::Painter,
    figure: &PlaneFigure,
    theme: Theme,
    dot: &DotStamp,
    to_screen: &dyn Fn([f64; 2]) -> Pos2,
) {
    let stroke = |role: Role| Stroke::new(role.style().width, role_color(role, theme));
    for line in &figure.manifold {
        let points: Vec<Pos2> = line
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .map(|&p| to_screen(p))
            .collect();
        painter.add(egui::Shape::line(points, stroke(Role::Manifold)));
    }
    for contours in &figure.contours {
        let pen = stroke(contours.role);
        for [a, b] in &contours.segments {
            painter.line_segment([to_screen(*a), to_screen(*b)], pen);
        }
    }
    let mut dots = egui::Mesh::with_texture(dot.texture.id());
    let half = Vec2::splat(DotStamp::half_side(dot.pixels_per_point));
    let whole = egui::Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    for (points, role) in [(&figure.reals, Role::Data), (&figure.fakes, Role::Generator)] {
        let fill = role_color(role, theme).gamma_multiply(0.75);
        for &p in points.iter() {
            let centre = to_screen(p);
            dots.add_rect_with_uv(
                egui::Rect::from_min_max(centre - half, centre + half),
                whole,
                fill,
            );
        }
    }
    painter.add(dots);
    let gradient = stroke(Role::Gradient);
    for [tail, head] in &figure.arrows {
        painter.arrow(to_screen(*tail), to_screen(*head) - to_screen(*tail), gradient);
    }
    for mode in &figure.modes {
        let mode_color = color(PlaneFigure::mode_color(mode.covered, theme));
        let outline: Vec<Pos2> = mode.outline().into_iter().map(to_screen).collect();
        painter.add(egui::Shape::line(outline, Stroke::new(2.0, mode_color)));
    }
}

/// The colour bar of D and the key of what is drawn, in the plot's height `side`: the bar
/// takes what the key's lines leave (in classroom mode's larger type a bar of fixed height
/// pushed the key off the bottom of the window).
fn draw_key(ui: &mut egui::Ui, figure: &PlaneFigure, bar: &ColorBar, theme: Theme, side: f32) {
    ui.label(bar.label);
    let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    // The bar's label, the key's entries (the mode words may take two lines each), space.
    let rows = 1.0 + KEY.len() as f32 + 4.0;
    let bar_height = (side - rows * row - 32.0).clamp(40.0, 180.0);
    // The end labels are centred on the bar's ends: half a label of room above it, so
    // the top one clears the bar's title.
    ui.add_space(8.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(24.0, bar_height), egui::Sense::hover());
    let steps = 48;
    for step in 0..steps {
        let t = 1.0 - (step as f64 + 0.5) / steps as f64;
        let top = rect.top() + rect.height() * step as f32 / steps as f32;
        let bottom = rect.top() + rect.height() * (step + 1) as f32 / steps as f32;
        let cell = egui::Rect::from_min_max(Pos2::new(rect.left(), top), Pos2::new(rect.right(), bottom));
        ui.painter().rect_filled(cell, 0.0, color(heat_color(t, theme)));
    }
    let ink = ui.visuals().text_color();
    for (value, y, what) in [
        (bar.hi, rect.top(), BAR_ENDS[0]),
        (0.5 * (bar.lo + bar.hi), rect.center().y, ""),
        (bar.lo, rect.bottom(), BAR_ENDS[1]),
    ] {
        ui.painter().text(
            Pos2::new(rect.right() + 6.0, y),
            egui::Align2::LEFT_CENTER,
            format!("{value:.2} {what}"),
            egui::FontId::proportional(13.0),
            ink,
        );
    }
    ui.add_space(8.0);
    let entry = |ui: &mut egui::Ui, dot: Color32, words: &str| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("●").color(dot));
            ui.label(words);
        });
    };
    for (role, words) in KEY {
        entry(ui, role_color(role, theme), words);
    }
    let (covered, total) = figure.coverage();
    if total > 0 {
        for (is_covered, words) in [true, false].into_iter().zip(mode_words(covered, total)) {
            entry(
                ui,
                color(PlaneFigure::mode_color(is_covered, theme)),
                &format!("◯ {words}"),
            );
        }
        ui.label(egui::RichText::new(MODE_RULE).small().weak());
    }
}
