//! Turns the back-end-neutral figure styles of [`crate::figure`] into egui colours and
//! egui_plot line styles, so the screen draws what the figure describes.

use crate::figure::{Dash, Rgb, Role, Theme};
use egui::Color32;
use egui_plot::{Line, LineStyle, PlotPoints};

/// The figure theme that matches egui's current one.
pub fn theme_of(ctx: &egui::Context) -> Theme {
    match ctx.theme() {
        egui::Theme::Dark => Theme::Dark,
        egui::Theme::Light => Theme::Light,
    }
}

/// An egui colour from an RGB triple.
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// The colour of `role` on `theme`.
pub fn role_color(role: Role, theme: Theme) -> Color32 {
    color(role.style().color(theme))
}

/// The egui_plot stroke pattern for a dash kind.
pub fn line_style(dash: Dash) -> LineStyle {
    match dash {
        Dash::Solid => LineStyle::Solid,
        Dash::Dotted => LineStyle::Dotted { spacing: 6.0 },
        Dash::Dashed => LineStyle::Dashed { length: 10.0 },
    }
}

/// A plot line for `role` through `points`, named by the role's legend label.
pub fn line(role: Role, theme: Theme, points: Vec<[f64; 2]>) -> Line<'static> {
    let style = role.style();
    Line::new(style.label, PlotPoints::new(points))
        .color(color(style.color(theme)))
        .width(style.width)
        .style(line_style(style.dash))
        .allow_hover(false)
}

/// Text in the theme's error colour, for inline error messages.
pub fn error_text(ui: &egui::Ui, text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text).color(ui.visuals().error_fg_color)
}

/// Text in the theme's warning colour, for the "resets the networks" notes.
pub fn note_text(ui: &egui::Ui, text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text).color(ui.visuals().warn_fg_color)
}
