//! What egui painted in the harness's last frame, read back as text and strokes: the UI
//! tests check a tick label or a key by what is drawn, not by a snapshot's pixels.

use egui::epaint::{ColorMode, Shape};
use egui::{Color32, Pos2, Rect};
use egui_kittest::Harness;

/// What the last frame painted: each text with its rectangle, each stroked path with its
/// colour and points.
pub struct Painted {
    /// Each text with its rectangle.
    pub texts: Vec<(Rect, String)>,
    /// Each stroked path with its colour and points.
    pub paths: Vec<(Color32, Vec<Pos2>)>,
}

fn collect(shape: &Shape, painted: &mut Painted) {
    match shape {
        Shape::Vec(shapes) => shapes.iter().for_each(|s| collect(s, painted)),
        Shape::Text(text) => painted.texts.push((
            Rect::from_min_size(text.pos, text.galley.size()),
            text.galley.text().to_string(),
        )),
        Shape::Path(path) => {
            if let ColorMode::Solid(color) = path.stroke.color {
                painted.paths.push((color, path.points.clone()));
            }
        }
        Shape::LineSegment { points, stroke } => painted.paths.push((stroke.color, points.to_vec())),
        _ => {}
    }
}

/// Reads back the shapes of the harness's last frame.
pub fn painted<State>(harness: &Harness<'_, State>) -> Painted {
    let mut painted = Painted {
        texts: Vec::new(),
        paths: Vec::new(),
    };
    for clipped in &harness.output().shapes {
        collect(&clipped.shape, &mut painted);
    }
    painted
}
