//! The Map tab, driven through AccessKit and the pointer: a Dirac-GAN map computed in the
//! background with its cells filling in, agreeing with the closed form, a cell clicked
//! open in the Phase plane; a small GAN map whose cell opens its exact run in Live
//! (settings and seed, paused where the map judged it) and whose two Shift+clicked cells
//! open in Compare; Cancel keeping the cells done; a map saved as JSON and reopened
//! without recomputing; a bad axis refused with the command line's message.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
use common::app_harness::{paused, settle, wait_until};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ganscope::app::{GanscopeApp, Tab};
use ganscope::engine::presets;
use ganscope::map::spec::Spec;

/// Clicks cell (x, y) with `modifiers` held, a frame for each part of the click.
fn click_cell(harness: &mut Harness<'_, GanscopeApp>, (x, y): (usize, usize), modifiers: Modifiers) {
    let pos = cell(harness, x, y);
    harness.event(Event::ModifiersChanged(modifiers));
    harness.hover_at(pos);
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
        harness.run_steps(1);
    }
    harness.event(Event::ModifiersChanged(Modifiers::default()));
    harness.run_steps(2);
}

/// The app on the Map tab.
fn on_map_tab() -> Harness<'static, GanscopeApp> {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.get_by_label("Map").click();
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::Map);
    harness
}

/// Presses Compute map and waits for every cell.
fn compute(harness: &mut Harness<'_, GanscopeApp>) {
    // A form just filled in lays out anew first: the button may have moved.
    harness.run_steps(2);
    harness.get_by_label("Compute map").click();
    harness.run_steps(2);
    wait_until(harness, 300, "the map's cells", |h| {
        !h.state().map_view().computing()
    });
    harness.run_steps(3);
}

/// The middle of cell (x, y) on screen.
fn cell(harness: &Harness<'_, GanscopeApp>, x: usize, y: usize) -> Pos2 {
    harness.state().map_view().cell_center(x, y).unwrap()
}

/// A small GAN map: figure1 at width 8, 2 x 2 learning rates, 200 iterations a run.
fn small_gan_map() -> Spec {
    let mut spec = Spec::new(
        false,
        presets::find("figure1").unwrap(),
        "lr_d=0.001,0.01",
        "lr_g=0.001,0.01",
    );
    spec.set = "hidden=8, batch=32".into();
    spec.steps = 200;
    spec.seed = 7;
    spec
}

#[test]
fn the_default_dirac_map_fills_in_agrees_with_the_closed_form_and_a_cell_opens_the_phase_plane() {
    let mut harness = on_map_tab();
    compute(&mut harness);
    let map = harness.state().map_view().map().unwrap().clone();
    assert!(
        map.complete(),
        "{} of {} cells",
        map.cells.len(),
        map.x.len() * map.y.len()
    );
    let (share, judged) = map.agreement().unwrap();
    assert!(share >= 0.95 && judged > 100, "{share} of {judged}");
    harness.get_by_label_contains("agrees with the closed-form spectral radius");
    if let Some(dir) = std::env::var_os("GANSCOPE_EXPORT_DIR") {
        harness.hover_at(cell(&harness, 8, 3));
        harness.run_steps(3);
        harness
            .render()
            .unwrap()
            .save(std::path::Path::new(&dir).join("map_tab_dirac.png"))
            .unwrap();
    }
    // Save PNG draws the map shown (the file back end's picture, as `ganscope map --out`).
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    harness
        .get_by_label("file")
        .set_text_value_accesskit(&png.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Save PNG").click();
    wait_until(&mut harness, 60, "the PNG", |_| png.exists());
    common::assert_png(&png, ganscope::export::MAP_SIZE);
    // A click opens that cell's game in the Phase plane.
    let chosen = map.cell(12, 4).unwrap().clone();
    click_cell(&mut harness, (12, 4), Modifiers::NONE);
    assert_eq!(harness.state().tab(), Tab::PhasePlane);
    let phase = harness.state().phase_settings();
    assert_eq!(phase.dirac.step.to_string(), chosen.settings[0].1);
    assert_eq!(phase.dirac.gamma.to_string(), chosen.settings[1].1);
}

#[test]
fn a_gan_cell_opens_its_exact_run_in_live_and_two_open_in_compare() {
    let mut harness = on_map_tab();
    harness.state_mut().map_view_mut().form.spec = small_gan_map();
    compute(&mut harness);
    assert!(
        harness.state().map_view().error().is_none(),
        "{:?}",
        harness.state().map_view().error()
    );
    let map = harness.state().map_view().map().unwrap().clone();
    assert!(map.complete());
    if let Some(dir) = std::env::var_os("GANSCOPE_EXPORT_DIR") {
        harness.hover_at(cell(&harness, 0, 0));
        harness.run_steps(3);
        std::thread::sleep(std::time::Duration::from_millis(600));
        harness.run_steps(3);
        let image = harness.render().unwrap();
        image
            .save(std::path::Path::new(&dir).join("map_tab_gan.png"))
            .unwrap();
    }
    // Cell (1, 0): lr_d 0.01, lr_g 0.001, seed 7, paused at the map's 200 iterations.
    click_cell(&mut harness, (1, 0), Modifiers::NONE);
    assert_eq!(harness.state().tab(), Tab::Live);
    let edited = harness.state().edited().clone();
    assert_eq!(
        (edited.lr_d, edited.lr_g, edited.seed, edited.hidden),
        (0.01, 0.001, 7, 8)
    );
    wait_until(&mut harness, 120, "the cell's run to reach 200", |h| {
        h.state()
            .worker()
            .latest()
            .is_some_and(|f| f.snapshot.metrics.steps == 200)
    });
    // It stays there: the map judged the run at 200.
    harness.run_steps(20);
    assert_eq!(
        harness.state().worker().latest().unwrap().snapshot.metrics.steps,
        200
    );
    // The replayed run ends where the map's did.
    let w1 = harness.state().worker().latest().unwrap().snapshot.metrics.w1;
    let run = &map.cell(1, 0).unwrap().runs[0];
    assert!(
        (w1 - run.w1).abs() <= 1e-9 * run.w1.abs().max(1.0),
        "live {w1}, map {}",
        run.w1
    );
    // Two Shift+clicks open both cells side by side.
    harness.get_by_label("Map").click();
    harness.run_steps(2);
    click_cell(&mut harness, (0, 0), Modifiers::SHIFT);
    assert_eq!(
        harness.state().tab(),
        Tab::Map,
        "one cell chosen waits for its partner"
    );
    click_cell(&mut harness, (1, 1), Modifiers::SHIFT);
    assert_eq!(harness.state().tab(), Tab::Compare);
    assert!(harness.state().compare_workers().is_some());
    // Both sides train to the map's 200 iterations and stop there.
    wait_until(&mut harness, 120, "both sides at 200", |h| {
        let (a, b) = h.state().compare_workers().unwrap();
        [a, b]
            .iter()
            .all(|w| w.latest().is_some_and(|f| f.snapshot.metrics.steps == 200))
    });
    if let Some(dir) = std::env::var_os("GANSCOPE_EXPORT_DIR") {
        harness.run_steps(10);
        let image = harness.render().unwrap();
        image
            .save(std::path::Path::new(&dir).join("map_cells_compare.png"))
            .unwrap();
    }
    harness.get_by_label_contains("map cells: A lr_d 0.001, lr_g 0.001");
}

#[test]
fn cancel_keeps_the_cells_done_and_a_saved_map_reopens_without_recomputing() {
    let mut harness = on_map_tab();
    let mut spec = small_gan_map();
    spec.x = "lr_d=1e-4..1e-1:log:8".into();
    spec.steps = 400;
    harness.state_mut().map_view_mut().form.spec = spec;
    harness.run_steps(2);
    harness.get_by_label("Compute map").click();
    wait_until(&mut harness, 120, "a first cell", |h| {
        h.state().map_view().map().is_some_and(|m| !m.cells.is_empty())
    });
    harness.get_by_label("Cancel").click();
    harness.run_steps(3);
    assert!(!harness.state().map_view().computing());
    let partial = harness.state().map_view().map().unwrap().cells.len();
    assert!((1..16).contains(&partial), "{partial} cells after Cancel");
    // A whole small map, saved and opened again.
    harness.state_mut().map_view_mut().form.spec = small_gan_map();
    compute(&mut harness);
    let computed = harness.state().map_view().map().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    harness
        .get_by_label("map file")
        .set_text_value_accesskit(&path.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Save JSON").click();
    harness.run_steps(2);
    assert!(path.exists());
    harness.state_mut().map_view_mut().form.spec = Spec::new(
        true,
        presets::find("figure1").unwrap(),
        "step=0.1,0.2",
        "gamma=0,0.1",
    );
    compute(&mut harness);
    assert_ne!(harness.state().map_view().map().unwrap().game, "gan");
    harness.get_by_label("Open").click();
    harness.run_steps(2);
    assert!(
        !harness.state().map_view().computing(),
        "a saved map is not recomputed"
    );
    assert_eq!(harness.state().map_view().map().unwrap(), &computed);
    // A bad axis: the command line's message, naming the field, and nothing starts.
    harness
        .get_by_label("across (x)")
        .set_text_value_accesskit("lr_d=0.1..0.001:log:4");
    harness.run_steps(2);
    harness.get_by_label("Compute map").click();
    harness.run_steps(2);
    assert!(!harness.state().map_view().computing());
    let error = harness.state().map_view().error().unwrap().to_string();
    assert!(error.starts_with("x 'lr_d=0.1..0.001:log:4'"), "{error}");
    assert_eq!(
        harness.state().map_view().map().unwrap(),
        &computed,
        "the map shown stays"
    );
}

/// A map link opens the Map tab computing that map, and the link to what is shown is that
/// map's link again.
#[test]
fn a_map_link_computes_its_map_and_is_the_link_shown() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    let fragment = "#view=map&game=dirac&set=scheme:alternating&x=step=0.1,0.5,1&y=gamma=0,0.2&steps=500";
    let ctx = harness.ctx.clone();
    harness.state_mut().open_link(&ctx, fragment);
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), Tab::Map);
    assert_eq!(harness.state().notice(), None);
    wait_until(&mut harness, 60, "the link's map", |h| {
        !h.state().map_view().computing()
    });
    let map = harness.state().map_view().map().unwrap();
    assert!(map.complete() && map.x.len() == 3 && map.y.len() == 2 && map.steps == 500);
    assert_eq!(harness.state().link().to_fragment(), fragment);
}
