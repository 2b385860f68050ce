//! Draw your own target: sketch a 1-D density with the mouse (bars over a fixed range,
//! dragged to the pointer's height) or brush 2-D points (each a small Gaussian, as GAN
//! Lab draws). "Use as target" turns the drawing into a formula of the target language
//! (`Sketch(...)` or `Points(...)`), which goes through the same parser as a typed one,
//! so a drawn target saves in configs and lessons and reruns identically.

use crate::engine::gan::plot_range;
use crate::engine::plane::Point;
use crate::engine::target::Target;
use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, Vec2};

/// Bars of a sketched 1-D density.
pub const SKETCH_BINS: usize = 48;
/// The plane's drawing box when the current target is not 2-D.
const DEFAULT_PLANE: ((f64, f64), (f64, f64)) = ((-2.5, 2.5), (-2.5, 2.5));
/// The deviation of each brushed point, to start with, as a share of the box's width
/// (GAN Lab's 0.02 in its unit square).
const POINT_SIGMA_SHARE: f64 = 0.02;
/// Brushed points closer than this share of the box's width to the last one are skipped,
/// so a slow stroke does not pile up hundreds of points in one place.
const BRUSH_SPACING: f64 = 0.012;
/// Size of the drawing canvas in points: wide for the line, square for the plane (whose
/// box is square, so a drawn circle stays round).
const LINE_CANVAS: Vec2 = Vec2::new(420.0, 260.0);
const PLANE_CANVAS: Vec2 = Vec2::new(320.0, 320.0);

/// Which kind of target is being drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pad {
    /// A density over an interval of the line.
    Line,
    /// Points on the plane.
    Plane,
}

/// A drawing in progress.
pub struct Drawing {
    /// What is drawn.
    pub pad: Pad,
    /// The interval of the line pad.
    line_range: (f64, f64),
    /// Heights of the line pad's bars, 0 to 1.
    pub heights: Vec<f64>,
    /// The box of the plane pad.
    plane_box: ((f64, f64), (f64, f64)),
    /// The brushed points.
    pub points: Vec<Point>,
    /// The deviation of each brushed point.
    pub sigma: f64,
    /// Why "Use as target" refused, until the drawing changes.
    pub problem: Option<String>,
}

impl Drawing {
    /// An empty pad over the current target's own range, of its dimension.
    pub fn for_target(target: &Target) -> Self {
        let plane_box = target.plane().map_or(DEFAULT_PLANE, |p| p.bounds());
        let line_range = if target.dim() == 1 {
            plot_range(target)
        } else {
            (-4.0, 4.0)
        };
        Drawing {
            pad: if target.dim() == 2 { Pad::Plane } else { Pad::Line },
            line_range,
            heights: vec![0.0; SKETCH_BINS],
            plane_box,
            points: Vec::new(),
            sigma: POINT_SIGMA_SHARE * (plane_box.0.1 - plane_box.0.0),
            problem: None,
        }
    }

    /// The drawing as a target formula, or why it is not one yet.
    pub fn formula(&self) -> Result<String, String> {
        // Coordinates keep four significant digits of the pad's own width, whatever its
        // scale, so the formula stays short and no two distinct points merge.
        let width = match self.pad {
            Pad::Line => self.line_range.1 - self.line_range.0,
            Pad::Plane => self.plane_box.0.1 - self.plane_box.0.0,
        };
        let places = (4 - width.log10().floor() as i32).max(0) as usize;
        let at = |v: f64| format!("{v:.places$}");
        let text = match self.pad {
            Pad::Line => {
                if self.heights.iter().all(|&h| h <= 0.0) {
                    return Err("draw a density first: drag over the pad".into());
                }
                let (lo, hi) = self.line_range;
                let heights: Vec<String> = self.heights.iter().map(|h| format!("{h:.2}")).collect();
                format!("Sketch({},{},{})", at(lo), at(hi), heights.join(","))
            }
            Pad::Plane => {
                if self.points.is_empty() {
                    return Err("brush some points first: drag over the pad".into());
                }
                let points: Vec<String> = self
                    .points
                    .iter()
                    .map(|p| format!("{},{}", at(p[0]), at(p[1])))
                    .collect();
                format!("Points({},{})", at(self.sigma), points.join(","))
            }
        };
        // Checked by the same parser a typed formula goes through, and written as the
        // target prints itself, so the field and the target agree.
        Target::parse(&text)
            .map(|t| t.to_string())
            .map_err(|e| format!("{e}"))
    }

    /// Draws the pad's window contents; returns the formula when "Use as target" was
    /// pressed with a valid drawing, and whether the window should stay open.
    pub fn ui(&mut self, ui: &mut Ui) -> (Option<String>, bool) {
        let mut used = None;
        let mut open = true;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.pad, Pad::Line, "1-D density")
                .on_hover_text("Drag to set the density's height over the line");
            ui.selectable_value(&mut self.pad, Pad::Plane, "2-D points")
                .on_hover_text("Drag to brush points; each becomes a small Gaussian");
        });
        let size = match self.pad {
            Pad::Line => LINE_CANVAS,
            Pad::Plane => PLANE_CANVAS,
        };
        let (response, painter) = ui.allocate_painter(size, Sense::drag());
        let rect = response.rect;
        painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
        painter.rect_stroke(
            rect,
            2.0,
            ui.visuals().widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
        if let Some(pointer) = response.interact_pointer_pos().filter(|p| rect.contains(*p)) {
            self.paint_at(rect, pointer);
            self.problem = None;
        }
        let ink = ui.visuals().text_color();
        match self.pad {
            Pad::Line => self.draw_bars(&painter, rect, ink),
            Pad::Plane => self.draw_points(&painter, rect, ink),
        }
        match self.pad {
            Pad::Line => {
                let (lo, hi) = self.line_range;
                ui.label(format!("x from {lo:.2} to {hi:.2}; {SKETCH_BINS} bars"));
            }
            Pad::Plane => {
                let width = self.plane_box.0.1 - self.plane_box.0.0;
                ui.horizontal(|ui| {
                    ui.label(format!("{} points; each a Gaussian of σ", self.points.len()));
                    ui.add(
                        egui::DragValue::new(&mut self.sigma)
                            .range(width * 1e-3..=width * 0.2)
                            .speed(width * 1e-3),
                    );
                });
            }
        }
        ui.horizontal(|ui| {
            if ui.button("Use as target").clicked() {
                match self.formula() {
                    Ok(formula) => used = Some(formula),
                    Err(why) => self.problem = Some(why),
                }
            }
            if ui.button("Clear").clicked() {
                self.heights.iter_mut().for_each(|h| *h = 0.0);
                self.points.clear();
                self.problem = None;
            }
            if ui.button("Close").clicked() {
                open = false;
            }
        });
        if let Some(problem) = &self.problem {
            ui.label(crate::app::widgets::style::error_text(ui, problem.as_str()));
        }
        (used, open)
    }

    /// What a drag at `pointer` does: sets the bar under it to its height, or brushes a
    /// point there.
    fn paint_at(&mut self, rect: Rect, pointer: Pos2) {
        let fx = f64::from((pointer.x - rect.left()) / rect.width()).clamp(0.0, 1.0);
        let fy = f64::from((rect.bottom() - pointer.y) / rect.height()).clamp(0.0, 1.0);
        match self.pad {
            Pad::Line => {
                let bin = ((fx * SKETCH_BINS as f64) as usize).min(SKETCH_BINS - 1);
                self.heights[bin] = fy;
            }
            Pad::Plane => {
                let ((x0, x1), (y0, y1)) = self.plane_box;
                let p = [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
                let far_enough = self
                    .points
                    .last()
                    .is_none_or(|last| (p[0] - last[0]).hypot(p[1] - last[1]) >= BRUSH_SPACING * (x1 - x0));
                if far_enough && self.points.len() < crate::engine::sketch::MAX_POINTS {
                    self.points.push(p);
                }
            }
        }
    }

    fn draw_bars(&self, painter: &egui::Painter, rect: Rect, ink: Color32) {
        let width = rect.width() / SKETCH_BINS as f32;
        for (i, &h) in self.heights.iter().enumerate() {
            let left = rect.left() + width * i as f32;
            let top = rect.bottom() - rect.height() * h as f32;
            let bar = Rect::from_min_max(Pos2::new(left, top), Pos2::new(left + width, rect.bottom()));
            painter.rect_filled(bar, 0.0, ink.gamma_multiply(0.6));
        }
    }

    fn draw_points(&self, painter: &egui::Painter, rect: Rect, ink: Color32) {
        let ((x0, x1), (y0, y1)) = self.plane_box;
        let radius = (self.sigma / (x1 - x0)) as f32 * rect.width();
        for p in &self.points {
            let at = Pos2::new(
                rect.left() + ((p[0] - x0) / (x1 - x0)) as f32 * rect.width(),
                rect.bottom() - ((p[1] - y0) / (y1 - y0)) as f32 * rect.height(),
            );
            painter.circle(
                at,
                radius.max(2.0),
                ink.gamma_multiply(0.3),
                Stroke::new(1.0, ink),
            );
        }
    }
}
