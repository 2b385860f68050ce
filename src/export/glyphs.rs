//! A bitmap backend whose text is drawn glyph by glyph at its true position. plotters'
//! own ab_glyph text (0.3.7) rounds each glyph's top toward zero and drops its side
//! bearing: flat-topped letters rose a pixel above round ones and letters drifted apart
//! ("contoᵘrs", "cri tic", a raised x and z), at every size a slide uses. Everything but
//! text goes to plotters' [`BitMapBackend`] unchanged; the SVG files carry text as text
//! and are not affected.

use ::plotters::prelude::*;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    text_anchor::{HPos, VPos},
};
use std::sync::OnceLock;

/// The font every export's text is set in (see `pen::register_font`).
fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT).ok())
        .as_ref()
}

/// [`BitMapBackend`] with text set glyph by glyph (see the module's note).
pub struct CrispText<'a>(pub BitMapBackend<'a>);

type Failure<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for CrispText<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure<'a>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure<'a>> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure<'a>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure<'a>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), Failure<'a>> {
        self.0.blit_bitmap(pos, (iw, ih), src)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), Failure<'a>> {
        self.0.estimate_text_size(text, style)
    }

    /// Sets `text` with the anchor and rotation of `style`, placed as plotters places it
    /// (the same layout box, so charts keep their label areas), each glyph at its
    /// sub-pixel position on one baseline.
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), Failure<'a>> {
        let Some(font) = font() else {
            return self.0.draw_text(text, style, pos);
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let size = style.size() as f32;
        let scaled = font.as_scaled(PxScale::from(size));
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        // plotters puts the baseline half the size below the box's top.
        let baseline = size / 2.0;
        let (w, h) = self.get_size();
        let mut x = 0.0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                x += scaled.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(PxScale::from(size), point(x, baseline));
            x += scaled.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|gx, gy, coverage| pixels.push((gx, gy, coverage)));
            for (gx, gy, coverage) in pixels {
                if coverage <= 0.0 {
                    continue;
                }
                let local_x = bounds.min.x as i32 + gx as i32;
                let local_y = bounds.min.y as i32 + gy as i32;
                let (tx, ty) = transform.transform(local_x + dx - min_x, local_y + dy - min_y);
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px >= 0 && px < w as i32 && py >= 0 && py < h as i32 {
                    let shade = BackendColor {
                        alpha: color.alpha * f64::from(coverage.min(1.0)),
                        rgb: color.rgb,
                    };
                    self.0.draw_pixel((px, py), shade)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Letters of the x-height stand on one line: flat-topped ones (u, x, z, v) within a
    /// row of each other (the font's own design), and round ones (o, n, e, c, s), which rise a hair above the x-height in
    /// the font, never sit lower than u. plotters' own text raised u a row above its
    /// neighbours ("contoᵘrs").
    #[test]
    fn letters_of_the_x_height_stand_on_one_line() {
        super::super::pen::register_font();
        let (w, h) = (120u32, 60u32);
        for size in [13.0, 16.25, 19.5, 26.0] {
            let top = |letter: char| {
                let mut pixels = vec![255u8; (w * h * 3) as usize];
                {
                    let root = CrispText(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
                    let style = TextStyle::from(("sans-serif", size).into_font()).color(&BLACK);
                    let drawn = root.draw(&Text::new(letter.to_string(), (10, 10), style));
                    assert!(drawn.is_ok() && root.present().is_ok());
                }
                (0..h as usize).find(|&y| (0..w as usize).any(|x| pixels[(y * w as usize + x) * 3] < 160))
            };
            let u = top('u');
            assert!(u.is_some(), "size {size}: 'u' not drawn");
            for flat in ['x', 'z', 'v'] {
                let t = top(flat);
                assert!(
                    t.is_some_and(|t| t.abs_diff(u.unwrap_or(0)) <= 1),
                    "size {size}: '{flat}' top {t:?}, 'u' top {u:?}"
                );
            }
            for round in ['o', 'n', 'e', 'c', 's'] {
                let t = top(round);
                assert!(
                    t.is_some_and(|t| t <= u.unwrap_or(0) && u.unwrap_or(0) - t <= 1),
                    "size {size}: '{round}' top {t:?}, 'u' top {u:?}"
                );
            }
        }
    }
}
