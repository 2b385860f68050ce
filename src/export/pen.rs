//! What every plotters chart shares: the bundled font, the background and ink of a
//! theme, a role's pen, and the key row above a chart, so the Figure 1 frames and the
//! phase plane look like one family and like the app.

use super::ExportError;
use crate::figure::{Dash, Rgb, Role, Style, Theme};
use ::plotters::coord::Shift;
use ::plotters::prelude::*;
use ::plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

/// The font family every label uses: egui's own Ubuntu Light, bundled, so files look the
/// same on every machine and no system font library is needed.
pub(crate) const FONT: &str = "sans-serif";

/// Registers the bundled font with plotters, once per process.
pub(crate) fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The bundled font is a valid TrueType file; if registration ever failed, text
        // would be missing from the files rather than the program stopping. plotters
        // 0.3.7 has no registration on wasm32 (its text goes through the browser there).
        #[cfg(not(target_arch = "wasm32"))]
        let _ = ::plotters::style::register_font(FONT, FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT);
    });
}

/// A plotters failure as an export error.
pub(crate) fn draw_error<E: std::fmt::Debug>(e: E) -> ExportError {
    ExportError(format!("drawing failed: {e:?}"))
}

/// A figure colour as a plotters colour.
pub(crate) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The page colour of `theme`.
pub(crate) fn background(theme: Theme) -> RGBColor {
    match theme {
        Theme::Light => WHITE,
        Theme::Dark => RGBColor(27, 27, 27),
    }
}

/// Text and axis colour of `theme`.
pub(crate) fn ink(theme: Theme) -> RGBColor {
    rgb(Role::DomainLine.style().color(theme))
}

/// The faint colour of grid lines and reference levels.
pub(crate) fn grid(theme: Theme) -> RGBColor {
    rgb(Role::Half.style().color(theme))
}

/// The pen of a style on `theme`, its width multiplied by `scale`.
pub(crate) fn pen(style: Style, theme: Theme, scale: f64) -> ShapeStyle {
    rgb(style.color(theme)).stroke_width(((style.width as f64) * scale).round().max(1.0) as u32)
}

/// Size of tick numbers, keys and notes, in points at 1x: legible from the back of a room
/// on a slide (13 read as 10 pixels on a 1280 x 720 Figure 1).
pub(crate) const LABEL_POINTS: f64 = 15.0;

/// Size of axis names and the colour bar's numbers.
pub(crate) const SMALL_POINTS: f64 = 14.0;

/// Text of `size` points (times `scale`) in the theme's ink.
pub(crate) fn text(theme: Theme, size: f64, scale: f64) -> TextStyle<'static> {
    (FONT, size * scale).into_font().color(&ink(theme))
}

/// What a key entry's sample looks like.
#[derive(Clone, Copy)]
pub(crate) enum Sample {
    /// A stretch of line in this pen and dash.
    Line(ShapeStyle, Dash),
    /// An arrow (the z -> x mapping, the phase plane's field).
    Arrow,
    /// A filled dot.
    Dot,
    /// A ring.
    Ring,
    /// A cross (the phase plane's equilibrium).
    Cross,
    /// A filled square (a stability map's class).
    Square,
    /// No sample: words in the entry's colour (a cut curve's true peak).
    Note,
}

/// An entry of a key row.
pub(crate) struct KeyEntry {
    words: String,
    color: RGBColor,
    sample: Sample,
}

impl KeyEntry {
    /// An entry with its words, colour and sample.
    pub(crate) fn new(words: impl Into<String>, color: RGBColor, sample: Sample) -> Self {
        KeyEntry {
            words: words.into(),
            color,
            sample,
        }
    }
}

/// Draws a chart's key as rows of entries across the top of `area` (wrapping when they do
/// not fit) and returns the height it took: above the chart, the key covers no curve (a
/// legend box in a corner did, at some size or on some seed).
pub(crate) fn draw_key_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[KeyEntry],
    theme: Theme,
    scale: f64,
) -> Result<u32, ExportError> {
    let font = text(theme, LABEL_POINTS, scale);
    let (width, _) = area.dim_in_pixel();
    let px = |v: f64| (v * scale).round() as i32;
    let (row_height, sample, gap) = (px(20.0), px(24.0), px(16.0));
    let (mut x, mut y) = (px(10.0), px(4.0));
    for entry in entries.iter().filter(|e| !e.words.is_empty()) {
        let (text_width, _) = area.estimate_text_size(&entry.words, &font).map_err(draw_error)?;
        let with_sample = !matches!(entry.sample, Sample::Note);
        let needed = text_width as i32 + if with_sample { sample + px(6.0) } else { 0 };
        if x > px(10.0) && x + needed > width as i32 - px(10.0) {
            x = px(10.0);
            y += row_height;
        }
        let middle = y + row_height / 2;
        let color = entry.color;
        let centre = (x + sample / 2, middle);
        let thin = color.stroke_width(px(2.0).max(1) as u32);
        match entry.sample {
            Sample::Line(shape, Dash::Solid) => {
                area.draw(&PathElement::new(vec![(x, middle), (x + sample, middle)], shape))
                    .map_err(draw_error)?;
            }
            Sample::Line(shape, dash) => {
                let (on, off) = super::chart::dash_pattern(dash, scale);
                area.draw(&::plotters::element::DashedPathElement::new(
                    vec![(x, middle), (x + sample, middle)],
                    on.max(1) as u32,
                    off.max(1) as u32,
                    shape,
                ))
                .map_err(draw_error)?;
            }
            Sample::Arrow => {
                let head = px(4.0);
                area.draw(&PathElement::new(vec![(x, middle), (x + sample, middle)], thin))
                    .map_err(draw_error)?;
                area.draw(&Polygon::new(
                    vec![
                        (x + sample, middle),
                        (x + sample - 2 * head, middle - head),
                        (x + sample - 2 * head, middle + head),
                    ],
                    color.filled(),
                ))
                .map_err(draw_error)?;
            }
            Sample::Dot => area
                .draw(&Circle::new(centre, px(4.0), color.filled()))
                .map_err(draw_error)?,
            Sample::Ring => area
                .draw(&Circle::new(centre, px(6.0), thin))
                .map_err(draw_error)?,
            Sample::Cross => area
                .draw(&Cross::new(centre, px(5.0), thin))
                .map_err(draw_error)?,
            Sample::Square => area
                .draw(&Rectangle::new(
                    [
                        (centre.0 - px(7.0), centre.1 - px(7.0)),
                        (centre.0 + px(7.0), centre.1 + px(7.0)),
                    ],
                    color.filled(),
                ))
                .map_err(draw_error)?,
            Sample::Note => {}
        }
        if with_sample {
            x += sample + px(6.0);
        }
        let style = if with_sample {
            font.clone()
        } else {
            font.clone().color(&color)
        };
        area.draw(&Text::new(
            entry.words.clone(),
            (x, middle),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        x += text_width as i32 + gap;
    }
    Ok((y + row_height + px(4.0)).max(0) as u32)
}
