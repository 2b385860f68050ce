//! Files from a [`Figure`]: PNG, SVG and GIF frames drawn with plotters, from the same
//! description (roles, colours, dashes, labels) the app draws with egui_plot, so the
//! screen and the slides agree. No display or GPU is needed.
//!
//! Every file is written whole: to a temporary name in the destination folder, then
//! renamed, so a frame that exists is complete even if recording stops or the disk fills.

use super::{Dash, Figure, Rgb, Role, Theme};
use ::plotters::coord::Shift;
use ::plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The font family every label uses: egui's own Ubuntu Light, bundled, so files look the
/// same on every machine and no system font library is needed.
pub(crate) const FONT: &str = "sans-serif";

pub(crate) fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The bundled font is a valid TrueType file; if registration ever failed, text
        // would be missing from the files rather than the program stopping.
        let _ = ::plotters::style::register_font(FONT, FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT);
    });
}

/// An output that could not be produced, with the path and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportError(pub String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExportError {}

pub(crate) fn draw_error<E: std::fmt::Debug>(e: E) -> ExportError {
    ExportError(format!("drawing failed: {e:?}"))
}

pub(crate) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub(crate) fn background(theme: Theme) -> RGBColor {
    match theme {
        Theme::Light => WHITE,
        Theme::Dark => RGBColor(27, 27, 27),
    }
}

pub(crate) fn ink(theme: Theme) -> RGBColor {
    rgb(Role::DomainLine.style().color(theme))
}

/// The points of a curve, finite and cut at the top of the plot, with the pen of its role.
fn prepare(
    points: &[[f64; 2]],
    role: Role,
    theme: Theme,
    scale: f64,
    y_max: f64,
) -> (Vec<(f64, f64)>, ShapeStyle) {
    let style = role.style();
    let shape = rgb(style.color(theme)).stroke_width(((style.width as f64) * scale).round().max(1.0) as u32);
    let points = points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .map(|p| (p[0], p[1].min(y_max)))
        .collect();
    (points, shape)
}

/// Gives a drawn series its legend entry, when its role has a label.
fn add_legend<DB: DrawingBackend>(
    anno: &mut ::plotters::chart::SeriesAnno<'_, DB>,
    role: Role,
    shape: ShapeStyle,
) {
    let label = role.style().label;
    if !label.is_empty() {
        anno.label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], shape));
    }
}

/// Dash and gap lengths in pixels for a dash kind.
/// The legend box of every chart: upper left, framed in the grid's colour, over a
/// slightly see-through background so curves under it still show.
pub(crate) fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    font: TextStyle<'_>,
    theme: Theme,
    grid: RGBColor,
) -> Result<(), ExportError>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .label_font(font)
        .background_style(background(theme).mix(0.85))
        .border_style(grid)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(draw_error)
}

fn dash_pattern(dash: Dash, scale: f64) -> (i32, i32) {
    match dash {
        Dash::Dotted => ((2.5 * scale) as i32, (4.0 * scale) as i32),
        _ => ((9.0 * scale) as i32, (6.0 * scale) as i32),
    }
}

/// Draws one frame of the figure into `area`, with an optional caption on top.
/// `scale` multiplies line widths and text (2.0 for slides at twice the size).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &Figure,
    caption: Option<&str>,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let text = |size: f64| (FONT, size * scale).into_font().color(&ink(theme));
    let (_, height) = area.dim_in_pixel();
    let height = f64::from(height);
    // Like the app: densities and D on top, the x and z lines under them, and a critic
    // (not a probability) on a chart of its own below.
    let (top, rest) =
        area.split_vertically((height * if figure.critic.is_some() { 0.56 } else { 0.74 }) as u32);
    let (mapping, critic_area) = rest.split_vertically((height * 0.22) as u32);
    let (x_lo, x_hi) = figure.x_range;
    let y_max = (figure.data_peak() * 1.25).max(1.05);
    let mut builder = ChartBuilder::on(&top);
    builder
        .margin((10.0 * scale) as u32)
        .x_label_area_size((28.0 * scale) as u32)
        .y_label_area_size((44.0 * scale) as u32);
    if let Some(caption) = caption {
        builder.caption(caption, text(20.0));
    }
    let mut chart = builder
        .build_cartesian_2d(x_lo..x_hi, 0.0..y_max)
        .map_err(draw_error)?;
    let grid = rgb(Role::Half.style().color(theme));
    let y_desc = if figure.critic.is_some() {
        "density"
    } else {
        "density / D(x)"
    };
    chart
        .configure_mesh()
        .light_line_style(grid.mix(0.3))
        .bold_line_style(grid.mix(0.6))
        .axis_style(ink(theme))
        .label_style(text(13.0))
        .y_desc(y_desc)
        .axis_desc_style(text(13.0))
        .draw()
        .map_err(draw_error)?;
    // The level D = 1/2 of the equilibrium, faint, when D is a probability.
    if figure.critic.is_none() {
        let half = rgb(Role::Half.style().color(theme)).stroke_width(scale.max(1.0) as u32);
        chart
            .draw_series(LineSeries::new([(x_lo, 0.5), (x_hi, 0.5)], half))
            .map_err(draw_error)?;
    }
    for curve in &figure.curves {
        for (i, segment) in curve.segments().enumerate() {
            let (points, shape) = prepare(segment, curve.role, theme, scale, y_max);
            let anno = match curve.role.style().dash {
                Dash::Solid => chart.draw_series(LineSeries::new(points, shape)),
                dash => {
                    let (on, off) = dash_pattern(dash, scale);
                    chart.draw_series(DashedLineSeries::new(points, on, off, shape))
                }
            }
            .map_err(draw_error)?;
            if i == 0 {
                add_legend(anno, curve.role, shape);
            }
        }
    }
    draw_legend(&mut chart, text(13.0), theme, grid)?;
    let (plot_x, _) = chart.plotting_area().get_pixel_range();
    draw_mapping(&mapping, figure, plot_x, theme, scale)?;
    if let Some(critic) = &figure.critic {
        draw_critic(&critic_area, critic, figure.x_range, theme, scale)?;
    }
    Ok(())
}

/// The critic of a Wasserstein or hinge loss on a chart of its own: a score with its own
/// scale, never on the probability axis.
fn draw_critic<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    critic: &super::Curve,
    (x_lo, x_hi): (f64, f64),
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let text = |size: f64| (FONT, size * scale).into_font().color(&ink(theme));
    let (lo, hi) = critic
        .points
        .iter()
        .map(|p| p[1])
        .filter(|y| y.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
            (a.min(y), b.max(y))
        });
    let (lo, hi) = if lo.is_finite() {
        let pad = ((hi - lo) * 0.1).max(1e-3);
        (lo - pad, hi + pad)
    } else {
        (-1.0, 1.0)
    };
    let mut chart = ChartBuilder::on(area)
        .margin_left((10.0 * scale) as u32)
        .margin_right((10.0 * scale) as u32)
        .x_label_area_size((6.0 * scale) as u32)
        .y_label_area_size((44.0 * scale) as u32)
        .build_cartesian_2d(x_lo..x_hi, lo..hi)
        .map_err(draw_error)?;
    let grid = rgb(Role::Half.style().color(theme));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(4)
        .light_line_style(grid.mix(0.3))
        .axis_style(ink(theme))
        .label_style(text(12.0))
        .y_desc("critic f(x)")
        .axis_desc_style(text(12.0))
        .draw()
        .map_err(draw_error)?;
    let (points, shape) = prepare(&critic.points, Role::Critic, theme, scale, f64::INFINITY);
    let (on, off) = dash_pattern(Dash::Dashed, scale);
    let anno = chart
        .draw_series(DashedLineSeries::new(points, on, off, shape))
        .map_err(draw_error)?;
    add_legend(anno, Role::Critic, shape);
    draw_legend(&mut chart, text(12.0), theme, grid)
}

/// The paper's lower panel: the x line above the z line, with an arrow from each evenly
/// spaced z to G(z). `plot_x` is the pixel span of the chart's x axis, so both line up.
fn draw_mapping<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: &Figure,
    plot_x: std::ops::Range<i32>,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    let (base_x, _) = area.get_base_pixel();
    let (_, height) = area.dim_in_pixel();
    let (left, right) = (plot_x.start - base_x, plot_x.end - base_x);
    let (x_lo, x_hi) = figure.x_range;
    let to_px = |x: f64| left + (((x - x_lo) / (x_hi - x_lo)) * (right - left) as f64).round() as i32;
    let x_line = (height as f64 * 0.22) as i32;
    let z_line = (height as f64 * 0.82) as i32;
    let line_style =
        ink(theme).stroke_width((Role::DomainLine.style().width as f64 * scale).round().max(1.0) as u32);
    let label = (FONT, 16.0 * scale).into_font().color(&ink(theme));
    for (y, name) in [(x_line, "x"), (z_line, "z")] {
        area.draw(&PathElement::new(vec![(left, y), (right, y)], line_style))
            .map_err(draw_error)?;
        area.draw(&Text::new(
            name,
            (left - (22.0 * scale) as i32, y - (9.0 * scale) as i32),
            label.clone(),
        ))
        .map_err(draw_error)?;
    }
    if figure.arrows.is_empty() {
        let note = (FONT, 13.0 * scale).into_font().color(&ink(theme));
        let message = "z has more than one dimension: no z -> x arrows";
        return area
            .draw(&Text::new(message, (left, (x_line + z_line) / 2), note))
            .map_err(draw_error);
    }
    let arrow_style = rgb(Role::Mapping.style().color(theme)).stroke_width(scale.max(1.0) as u32);
    let head = (5.0 * scale) as i32;
    for arrow in &figure.arrows {
        let from = (to_px(figure.z_on_x_axis(arrow.z)), z_line);
        // Arrows that leave the plot end at its edge.
        let to = (to_px(arrow.x.clamp(x_lo, x_hi)), x_line);
        area.draw(&PathElement::new(vec![from, to], arrow_style))
            .map_err(draw_error)?;
        let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
        let length = dx.hypot(dy).max(1.0);
        let (ux, uy) = (dx / length, dy / length);
        let back = (
            to.0 as f64 - ux * head as f64 * 1.6,
            to.1 as f64 - uy * head as f64 * 1.6,
        );
        let side = (-uy * head as f64 * 0.7, ux * head as f64 * 0.7);
        let wings = vec![
            to,
            ((back.0 + side.0) as i32, (back.1 + side.1) as i32),
            ((back.0 - side.0) as i32, (back.1 - side.1) as i32),
        ];
        area.draw(&Polygon::new(
            wings,
            rgb(Role::Mapping.style().color(theme)).filled(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// One frame as tightly packed 8-bit RGB pixels.
pub fn render_rgb(
    figure: &Figure,
    caption: Option<&str>,
    (width, height): (u32, u32),
    theme: Theme,
    scale: f64,
) -> Result<Vec<u8>, ExportError> {
    rasterize((width, height), |root| draw(root, figure, caption, theme, scale))
}

/// Runs `paint` on an RGB pixel buffer of `size` and returns the pixels: the one place
/// that sets up a bitmap, for every raster export.
pub fn rasterize(
    (width, height): (u32, u32),
    paint: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), ExportError>,
) -> Result<Vec<u8>, ExportError> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        paint(&root)?;
        root.present().map_err(draw_error)?;
    }
    Ok(pixels)
}

/// Runs `paint` on an SVG document of `size` and returns its text: the one place that
/// sets up an SVG, for every vector export.
pub fn vectorize(
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

/// Several figures side by side in a grid (`columns` wide), each with its caption: the
/// four panels of Figure 1.
pub fn render_panels_rgb(
    panels: &[(Figure, String)],
    columns: usize,
    (width, height): (u32, u32),
    theme: Theme,
    scale: f64,
) -> Result<Vec<u8>, ExportError> {
    rasterize((width, height), |root| {
        draw_panels(root, panels, columns, theme, scale)
    })
}

fn draw_panels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panels: &[(Figure, String)],
    columns: usize,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    root.fill(&background(theme)).map_err(draw_error)?;
    let columns = columns.max(1);
    let rows = panels.len().div_ceil(columns).max(1);
    for (cell, (figure, caption)) in root.split_evenly((rows, columns)).iter().zip(panels) {
        draw(cell, figure, Some(caption), theme, scale)?;
    }
    Ok(())
}

/// The panels as an SVG document.
pub fn panels_svg(
    panels: &[(Figure, String)],
    columns: usize,
    size: (u32, u32),
    theme: Theme,
) -> Result<String, ExportError> {
    vectorize(size, |root| draw_panels(root, panels, columns, theme, 1.0))
}

/// One figure as an SVG document.
pub fn figure_svg(
    figure: &Figure,
    caption: Option<&str>,
    size: (u32, u32),
    theme: Theme,
) -> Result<String, ExportError> {
    vectorize(size, |root| draw(root, figure, caption, theme, 1.0))
}

/// A sibling path for writing `path` whole before renaming it into place.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError(format!("cannot write '{}': {e}", path.display()))
}

/// Writes `bytes` to `path` whole: a temporary file in the same folder, then a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let temporary = temporary_path(path);
    if let Err(e) = std::fs::write(&temporary, bytes) {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_error(path, e));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io_error(path, e)
    })
}

/// Encodes RGB pixels as PNG and writes the file whole.
pub fn write_png(path: &Path, pixels: &[u8], (width, height): (u32, u32)) -> Result<(), ExportError> {
    let mut encoded = Vec::new();
    image::codecs::png::PngEncoder::new(&mut encoded)
        .write_image_rgb(pixels, width, height)
        .map_err(|e| io_error(path, e))?;
    write_atomically(path, &encoded)
}

/// Small extension so the PNG call above reads as one step.
trait WriteRgb {
    fn write_image_rgb(self, pixels: &[u8], width: u32, height: u32) -> image::ImageResult<()>;
}

impl<W: std::io::Write> WriteRgb for image::codecs::png::PngEncoder<W> {
    fn write_image_rgb(self, pixels: &[u8], width: u32, height: u32) -> image::ImageResult<()> {
        use image::ImageEncoder;
        self.write_image(pixels, width, height, image::ExtendedColorType::Rgb8)
    }
}

/// An animated GIF written frame by frame to a temporary file and renamed into place by
/// [`GifRecorder::finish`]; the numbered PNG frames are the durable record.
pub struct GifRecorder {
    encoder: gif::Encoder<std::io::BufWriter<std::fs::File>>,
    size: (u16, u16),
    delay_centiseconds: u16,
    temporary: PathBuf,
    path: PathBuf,
    frames: usize,
}

impl GifRecorder {
    /// Starts a looping GIF of `size` with `delay_centiseconds` between frames.
    pub fn create(
        path: &Path,
        (width, height): (u32, u32),
        delay_centiseconds: u16,
    ) -> Result<Self, ExportError> {
        let size = (
            u16::try_from(width).map_err(|_| ExportError(format!("GIF width {width} is over 65535")))?,
            u16::try_from(height).map_err(|_| ExportError(format!("GIF height {height} is over 65535")))?,
        );
        let temporary = temporary_path(path);
        let file = std::fs::File::create(&temporary).map_err(|e| io_error(path, e))?;
        let mut encoder = gif::Encoder::new(std::io::BufWriter::new(file), size.0, size.1, &[])
            .map_err(|e| io_error(path, e))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| io_error(path, e))?;
        Ok(GifRecorder {
            encoder,
            size,
            delay_centiseconds,
            temporary,
            path: path.to_path_buf(),
            frames: 0,
        })
    }

    /// Appends one frame of RGB pixels of the recorder's size.
    pub fn add_frame(&mut self, pixels: &[u8]) -> Result<(), ExportError> {
        let mut frame = gif::Frame::from_rgb_speed(self.size.0, self.size.1, pixels, 10);
        frame.delay = self.delay_centiseconds;
        self.encoder
            .write_frame(&frame)
            .map_err(|e| io_error(&self.path, e))?;
        self.frames += 1;
        Ok(())
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Writes the trailer and moves the file into place.
    pub fn finish(self) -> Result<PathBuf, ExportError> {
        let GifRecorder {
            encoder,
            temporary,
            path,
            ..
        } = self;
        let mut writer = encoder.into_inner().map_err(|e| io_error(&path, e))?;
        std::io::Write::flush(&mut writer).map_err(|e| io_error(&path, e))?;
        drop(writer);
        std::fs::rename(&temporary, &path).map_err(|e| io_error(&path, e))?;
        Ok(path)
    }
}
