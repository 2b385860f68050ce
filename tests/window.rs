//! The real window (ignored by `cargo test`, which needs no display; `.ci/run` runs it):
//! the release binary opened under Xvfb as a user would open it, with a fresh settings
//! store, captured from the X screen after it has trained a while. The window must show
//! the figure: the generator's green and the discriminator's blue, each over many pixels,
//! on a screen that is not blank. egui_kittest draws the same UI offscreen; this is the
//! path through winit, eframe and a real surface that the snapshots never take.
//!
//! ```sh
//! cargo test --release --test window -- --ignored
//! ```
//! Needs `xvfb-run` and ImageMagick's `import` (installed by `.ci/run`).
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // a test, where a panic is the failure report

use ganscope::figure::{Role, Theme};
use std::process::Command;

/// How many pixels of `rgb` (within a small tolerance) the screen holds.
fn pixels_of(image: &image::RgbImage, rgb: [u8; 3]) -> usize {
    image
        .pixels()
        .filter(|p| {
            p.0.iter()
                .zip(rgb)
                .all(|(&a, b)| (i32::from(a) - i32::from(b)).abs() <= 24)
        })
        .count()
}

#[test]
#[ignore = "needs Xvfb and ImageMagick; .ci/run runs it"]
fn the_app_opens_a_real_window_that_draws_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("screen.png");
    let data_home = dir.path().join("data");
    let runtime = dir.path().join("runtime");
    std::fs::create_dir_all(&data_home).unwrap();
    std::fs::create_dir_all(&runtime).unwrap();
    let script = format!(
        "'{bin}' & app=$!; sleep 20; import -window root '{shot}'; kill $app; wait $app 2>/dev/null; true",
        bin = env!("CARGO_BIN_EXE_ganscope"),
        shot = shot.display()
    );
    let output = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "sh", "-c", &script])
        .env("XDG_DATA_HOME", &data_home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("WGPU_BACKEND")
        .output()
        .expect("xvfb-run (install xvfb; .ci/run does)");
    assert!(
        shot.exists(),
        "no screenshot; xvfb-run said: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let image = image::open(&shot).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1280, 800));
    let colours: std::collections::HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 50, "a blank screen: {} colours", colours.len());
    for role in [Role::Generator, Role::Discriminator] {
        let found = [Theme::Light, Theme::Dark]
            .into_iter()
            .map(|theme| {
                let c = role.style().color(theme);
                pixels_of(&image, [c.0, c.1, c.2])
            })
            .max()
            .unwrap();
        assert!(
            found > 200,
            "{}: {found} pixels of its colour on the screen",
            role.style().label
        );
    }
}
