//! A picture to export, whatever it shows (one frame, Figure 1's four panels, the phase
//! plane), and the one way to write it: "save as PNG or SVG, scaled, written whole,
//! reported" for the CLI and every view of the app.

use super::glyphs::CrispText;
use super::pen::draw_error;
use super::{
    ExportError, FIGURE1_SIZE, FRAME_SIZE, MAP_SIZE, PHASE_SIZE, SLIDE_SIZE, chart, files, map_chart,
    phase_chart, slide,
};
use crate::figure::phase::PhaseFigure;
use crate::figure::{Figure, Theme};
use ::plotters::coord::Shift;
use ::plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Something ganscope draws to a file.
#[derive(Clone, Debug)]
pub enum Picture {
    /// One frame of the figure with its caption on top.
    Frame {
        /// What the frame shows.
        figure: Figure,
        /// The line over it (see [`super::frame_caption`]).
        caption: String,
    },
    /// Figures in a grid two wide, each with its caption: the four panels of Figure 1.
    Panels(Vec<(Figure, String)>),
    /// The Dirac-GAN phase plane.
    Phase(PhaseFigure),
    /// A stability map.
    Map(Box<crate::map::Map>),
    /// A lesson slide: a title and words in large type over another picture.
    Slide {
        /// The scene's title.
        title: String,
        /// The caption, question or note under it.
        words: String,
        /// What the slide shows.
        body: Box<Picture>,
    },
}

/// How pictures are laid out in a grid of [`Picture::Panels`].
const PANEL_COLUMNS: usize = 2;

/// A file written: where, and its size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The file.
    pub path: PathBuf,
    /// Its size in pixels (for an SVG, its nominal size).
    pub size: (u32, u32),
}

impl std::fmt::Display for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "saved {} ({} × {})",
            self.path.display(),
            self.size.0,
            self.size.1
        )
    }
}

/// True when `path` names an SVG file.
pub fn is_svg(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Refuses a picture file name that does not end in `.png` or `.svg` (either case), so
/// a name like `fig.jpg` is never quietly filled with PNG bytes. Callers check before
/// a long run, and [`Picture::save`] checks again.
pub fn check_picture_path(path: &Path) -> Result<(), ExportError> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") || e.eq_ignore_ascii_case("svg") => Ok(()),
        Some(e) => Err(ExportError(format!(
            "cannot save a picture as '{}': '.{e}' is not a picture format ganscope writes; allowed: .png or .svg",
            path.display()
        ))),
        None => Err(ExportError(format!(
            "cannot save a picture as '{}': the name needs an ending, .png or .svg",
            path.display()
        ))),
    }
}

impl Picture {
    /// The size of the picture at 1x.
    pub fn default_size(&self) -> (u32, u32) {
        match self {
            Picture::Frame { .. } => FRAME_SIZE,
            Picture::Panels(_) => FIGURE1_SIZE,
            Picture::Phase(_) => PHASE_SIZE,
            Picture::Map(_) => MAP_SIZE,
            Picture::Slide { .. } => SLIDE_SIZE,
        }
    }

    /// Draws the picture into `area`; `scale` multiplies line widths and text.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: Theme,
        scale: f64,
    ) -> Result<(), ExportError> {
        match self {
            Picture::Frame { figure, caption } => chart::draw(area, figure, Some(caption), theme, scale),
            Picture::Panels(panels) => chart::draw_panels(area, panels, PANEL_COLUMNS, theme, scale),
            Picture::Phase(figure) => phase_chart::draw_phase(area, figure, theme, scale),
            Picture::Map(map) => map_chart::draw_map(area, map, theme, scale),
            Picture::Slide { title, words, body } => {
                slide::draw_slide(area, title, words, body, theme, scale)
            }
        }
    }

    /// The picture as tightly packed 8-bit RGB pixels of `size`.
    pub fn pixels(&self, size: (u32, u32), theme: Theme, scale: f64) -> Result<Vec<u8>, ExportError> {
        rasterize(size, |root| self.draw(root, theme, scale))
    }

    /// The picture as an SVG document of `size`.
    pub fn svg(&self, size: (u32, u32), theme: Theme, scale: f64) -> Result<String, ExportError> {
        vectorize(size, |root| self.draw(root, theme, scale))
    }

    /// The picture's file at `size`, as bytes: an SVG document when `path` ends in
    /// `.svg`, a PNG when it ends in `.png`; any other name is refused. `scale`
    /// multiplies line widths and text (2 for a picture at twice the default size). The
    /// browser downloads these bytes; the desktop writes them.
    pub fn encode(
        &self,
        path: &Path,
        size: (u32, u32),
        theme: Theme,
        scale: f64,
    ) -> Result<Vec<u8>, ExportError> {
        check_picture_path(path)?;
        if is_svg(path) {
            Ok(self.svg(size, theme, scale)?.into_bytes())
        } else {
            files::encode_png(&self.pixels(size, theme, scale)?, size)
        }
    }

    /// [`Picture::encode`] at `times` the default size, lines and text `times` as thick:
    /// the app's 1x, 2x and 3x.
    pub fn encode_scaled(&self, path: &Path, times: u32, theme: Theme) -> Result<Vec<u8>, ExportError> {
        let (w, h) = self.default_size();
        self.encode(path, (w * times, h * times), theme, f64::from(times))
    }

    /// Writes the picture to `path` at `size` (see [`Picture::encode`]), whole or not at
    /// all.
    pub fn save(
        &self,
        path: &Path,
        size: (u32, u32),
        theme: Theme,
        scale: f64,
    ) -> Result<Saved, ExportError> {
        files::write_atomically(path, &self.encode(path, size, theme, scale)?)?;
        Ok(Saved {
            path: path.to_path_buf(),
            size,
        })
    }

    /// Writes the picture at `times` its default size, lines and text `times` as thick:
    /// the app's 1x, 2x and 3x.
    pub fn save_scaled(&self, path: &Path, times: u32, theme: Theme) -> Result<Saved, ExportError> {
        let (w, h) = self.default_size();
        self.save(path, (w * times, h * times), theme, f64::from(times))
    }

    /// Writes the picture at `size` with text and lines in proportion to its width.
    pub fn save_sized(&self, path: &Path, size: (u32, u32), theme: Theme) -> Result<Saved, ExportError> {
        self.save(path, size, theme, self.scale_for(size))
    }

    /// The line and text scale that keeps the picture's proportions at `size`, never
    /// below its default size's: smaller pictures keep their text legible instead.
    pub fn scale_for(&self, size: (u32, u32)) -> f64 {
        (f64::from(size.0) / f64::from(self.default_size().0)).max(1.0)
    }
}

/// Runs `paint` on an RGB pixel buffer of `size` and returns the pixels: the one place
/// that sets up a bitmap, for every raster export.
fn rasterize(
    (width, height): (u32, u32),
    paint: impl FnOnce(&DrawingArea<CrispText<'_>, Shift>) -> Result<(), ExportError>,
) -> Result<Vec<u8>, ExportError> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = CrispText(BitMapBackend::with_buffer(&mut pixels, (width, height))).into_drawing_area();
        paint(&root)?;
        root.present().map_err(draw_error)?;
    }
    Ok(pixels)
}

/// Runs `paint` on an SVG document of `size` and returns its text: the one place that
/// sets up an SVG, for every vector export.
fn vectorize(
    size: (u32, u32),
    paint: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ExportError>,
) -> Result<String, ExportError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        paint(&root)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}
