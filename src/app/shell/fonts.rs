//! Fonts: egui's proportional font lacks a few mathematical signs the labels use
//! (→, ∇, ‖), so the bundled monospace font is added behind it as a fallback.

/// Installs the fallback on `ctx`.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if fonts.font_data.contains_key("Hack")
        && let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional)
    {
        family.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}
