//! What every plotters chart shares: the bundled font, the background and ink of a
//! theme, a role's pen, and the legend box, so the Figure 1 frames and the phase plane
//! look like one family and like the app.

use super::ExportError;
use crate::figure::{Rgb, Role, Side, Style, Theme};
use ::plotters::prelude::*;
use std::sync::Once;

/// The font family every label uses: egui's own Ubuntu Light, bundled, so files look the
/// same on every machine and no system font library is needed.
pub(crate) const FONT: &str = "sans-serif";

/// Registers the bundled font with plotters, once per process.
pub(crate) fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The bundled font is a valid TrueType file; if registration ever failed, text
        // would be missing from the files rather than the program stopping.
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

/// The legend box of every chart: in the top corner of `side`, framed in the grid's
/// colour, over a slightly see-through background so curves under it still show.
pub(crate) fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    font: TextStyle<'_>,
    theme: Theme,
    side: Side,
) -> Result<(), ExportError>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .label_font(font)
        .background_style(background(theme).mix(0.85))
        .border_style(grid(theme))
        .position(match side {
            Side::Left => SeriesLabelPosition::UpperLeft,
            Side::Right => SeriesLabelPosition::UpperRight,
        })
        .draw()
        .map_err(draw_error)
}
