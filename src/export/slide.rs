//! A lesson slide: the scene's title and the words of the moment (caption, question or
//! note) in large type over the figure, so `ganscope lesson render` gives pictures that
//! go straight into a deck.

use super::ExportError;
use super::pen::{background, draw_error, register_font, text};
use super::picture::Picture;
use crate::figure::Theme;
use ::plotters::coord::Shift;
use ::plotters::prelude::*;

/// Title size in points at 1x.
const TITLE_POINTS: f64 = 34.0;
/// Size of the words under it.
const WORDS_POINTS: f64 = 24.0;

/// Draws a slide into `area`: the band of words on top, the body below.
pub fn draw_slide<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    words: &str,
    body: &Picture,
    theme: Theme,
    scale: f64,
) -> Result<(), ExportError> {
    register_font();
    area.fill(&background(theme)).map_err(draw_error)?;
    let (width, height) = area.dim_in_pixel();
    let margin = (24.0 * scale) as i32;
    // Wrap the words to the width: about 0.5 em per character of this font.
    let per_line =
        ((f64::from(width) - 2.0 * f64::from(margin)) / (WORDS_POINTS * scale * 0.5)).max(20.0) as usize;
    let lines = wrap(words, per_line);
    let title_height = (TITLE_POINTS * scale * 1.35) as i32;
    let line_height = (WORDS_POINTS * scale * 1.3) as i32;
    let band = margin + title_height + line_height * lines.len() as i32 + margin / 2;
    area.draw(&Text::new(
        title.to_string(),
        (margin, margin),
        text(theme, TITLE_POINTS, scale),
    ))
    .map_err(draw_error)?;
    for (i, line) in lines.iter().enumerate() {
        let y = margin + title_height + line_height * i as i32;
        area.draw(&Text::new(
            line.clone(),
            (margin, y),
            text(theme, WORDS_POINTS, scale),
        ))
        .map_err(draw_error)?;
    }
    let band = (band.max(0) as u32).min(height / 2);
    let (_, lower) = area.split_vertically(band);
    // The body's lines and text in proportion to the room it gets, as if it were saved
    // alone at that size.
    let (body_w, body_h) = body.default_size();
    let room = lower.dim_in_pixel();
    let body_scale = (f64::from(room.0) / f64::from(body_w)).min(f64::from(room.1) / f64::from(body_h));
    // Never below 1x: a Compare slide's halves at 0.7x set their key in 9-pixel type.
    body.draw(&lower, theme, body_scale.max(1.0))
}

/// `words` broken into lines of at most about `width` characters, at spaces; explicit
/// line breaks are kept.
pub fn wrap(words: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in words.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_every_word() {
        let lines = wrap("one two three four five six", 9);
        assert_eq!(lines, ["one two", "three", "four five", "six"]);
        assert!(wrap("", 10).is_empty());
    }
}
