//! Helpers shared by the integration tests: the binary, the worker, preset runs, bad
//! lessons, written pictures and (with the `app` feature) the UI harness.

#[cfg(feature = "app")]
#[allow(dead_code)] // each UI test file uses some of it
pub mod app_harness;
#[allow(dead_code)] // used by the lesson and CLI tests, not by every file sharing `common`
pub mod bad_lessons;
#[allow(dead_code)] // used by the tests that run the binary, not by every file sharing `common`
pub mod cli;
#[cfg(feature = "app")]
#[allow(dead_code)] // used by the UI tests that read what was painted
pub mod painted;
#[allow(dead_code)] // used by the preset and science tests, not by every file sharing `common`
pub mod runs;
#[allow(dead_code)] // used by the worker and timeline tests, not by every file sharing `common`
pub mod worker;

use std::path::Path;

/// Decodes a PNG and checks its size and that it shows something (many colours).
#[track_caller]
#[allow(dead_code)] // used by the files that check pictures, not by every file sharing `common`
pub fn assert_png(path: &Path, size: (u32, u32)) {
    let image = image::open(path)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()))
        .to_rgb8();
    assert_eq!(image.dimensions(), size, "{}", path.display());
    let mut colours: Vec<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 20,
        "{} looks blank: {} colours",
        path.display(),
        colours.len()
    );
}
