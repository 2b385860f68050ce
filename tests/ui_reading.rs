//! The UI read by what it paints: the text and lines egui drew in the last frame (not a
//! snapshot's pixels), so a lost tick label or a key over a curve fails by name. The
//! window of a 1280x800 screen, the Live view and each side of Compare.
#![cfg(feature = "app")]
#![allow(clippy::unwrap_used)] // a test, where a panic is the failure report

mod common;
use common::app_harness::{SIZE, paused, paused_options, settle, with_lesson};
use common::painted::{Painted, painted};
use egui::{Color32, Rect};
use egui_kittest::kittest::{NodeT, Queryable};
use ganscope::engine::presets;
use ganscope::figure::{Role, Theme};
use ganscope::worker::Command;

fn colour(role: Role) -> Color32 {
    let c = role.style().color(Theme::Light);
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The x tick labels of the figure whose key entry for p_g is `key`: round numbers in one
/// row below the key and within its horizontal span, evenly spaced.
fn x_ticks(painted: &Painted, key: Rect, right: f32) -> Vec<f64> {
    let beside = |r: &Rect| r.center().x > key.min.x - 60.0 && r.center().x < right;
    // The figure ends at its z line's end labels; the metric charts below have their own.
    let z_line = painted
        .texts
        .iter()
        .filter(|(r, t)| t.starts_with("z = ") && beside(r) && r.min.y > key.max.y)
        .map(|(r, _)| r.min.y)
        .fold(f32::INFINITY, f32::min);
    assert!(z_line.is_finite(), "no z line under the key at {key:?}");
    let mut row: Vec<(f32, f32, f64)> = painted
        .texts
        .iter()
        .filter(|(r, _)| r.min.y > key.max.y && r.max.y < z_line && beside(r))
        .filter_map(|(r, t)| t.parse::<f64>().ok().map(|v| (r.center().y, r.center().x, v)))
        .collect();
    // The row of the most labels at one height.
    row.sort_by(|a, b| a.0.total_cmp(&b.0));
    let best = row
        .iter()
        .map(|(y, _, _)| *y)
        .max_by_key(|y| row.iter().filter(|(y2, _, _)| (y2 - y).abs() < 1.0).count())
        .unwrap_or(0.0);
    let mut ticks: Vec<(f32, f64)> = row
        .into_iter()
        .filter(|(y, _, _)| (y - best).abs() < 1.0)
        .map(|(_, x, v)| (x, v))
        .collect();
    ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    ticks.into_iter().map(|(_, v)| v).collect()
}

#[track_caller]
fn assert_even(ticks: &[f64], at: &str) {
    assert!(ticks.len() >= 3, "{at}: x ticks {ticks:?}");
    let step = ticks[1] - ticks[0];
    assert!(step > 0.0, "{at}: x ticks {ticks:?}");
    for w in ticks.windows(2) {
        assert!((w[1] - w[0] - step).abs() < 1e-9, "{at}: x ticks {ticks:?}");
    }
}

/// No point of a curve of `colours` lies under the words of a key entry.
#[track_caller]
fn assert_key_clear(painted: &Painted, key: &[Rect], colours: &[Color32], at: &str) {
    for (color, points) in &painted.paths {
        if !colours.contains(color) {
            continue;
        }
        // The key's own sample strokes sit beside its words, not under them.
        for p in points {
            for r in key {
                assert!(
                    !r.shrink(1.0).contains(*p),
                    "{at}: a curve point {p:?} under the key at {r:?}"
                );
            }
        }
    }
}

fn key_entries(painted: &Painted) -> Vec<Rect> {
    let labels = [Role::Data, Role::Generator, Role::Discriminator].map(|r| r.style().label);
    painted
        .texts
        .iter()
        .filter(|(_, t)| labels.contains(&t.as_str()))
        .map(|(r, _)| *r)
        .collect()
}

#[test]
fn the_live_figure_and_each_compare_side_keep_their_ticks_and_a_clear_key() {
    let mut harness = paused(presets::base());
    settle(&mut harness);
    harness.state().worker().send(Command::IterateMany(300));
    settle(&mut harness);
    harness.run_steps(3);
    let live = painted(&harness);
    let generator = live
        .texts
        .iter()
        .find(|(_, t)| t == Role::Generator.style().label)
        .map(|(r, _)| *r)
        .expect("the key's p_g entry");
    assert_even(&x_ticks(&live, generator, SIZE.x), "Live");
    let curves = [colour(Role::Generator), colour(Role::Discriminator)];
    assert_key_clear(&live, &key_entries(&live), &curves, "Live");

    harness.get_by_label("Compare").click();
    // Compare starts its own two runs: step until both have drawn (a deadline only ends
    // a hung wait).
    let sides_drawn = |painted: &Painted| -> Vec<Rect> {
        painted
            .texts
            .iter()
            .filter(|(_, t)| t == Role::Generator.style().label)
            .map(|(r, _)| *r)
            .collect()
    };
    let start = std::time::Instant::now();
    while sides_drawn(&painted(&harness)).len() < 2 && start.elapsed().as_secs() < 120 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.get_by_label("Step both").click();
    harness.run_steps(5);
    let compare = painted(&harness);
    let mut sides = sides_drawn(&compare);
    sides.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
    assert_eq!(sides.len(), 2, "a key on each side of Compare");
    for (i, key) in sides.iter().enumerate() {
        let right = if i == 0 { sides[1].min.x - 20.0 } else { SIZE.x };
        assert_even(&x_ticks(&compare, *key, right), &format!("Compare side {i}"));
    }
    assert_key_clear(&compare, &key_entries(&compare), &curves, "Compare");
}

/// The same in classroom mode, where everything is enlarged: the lecture's first scene
/// keeps its x ticks and a clear key.
#[test]
fn classroom_mode_keeps_the_ticks_and_a_clear_key() {
    let lesson = ganscope::lesson::builtin::open("gan-lecture").unwrap();
    let mut harness = with_lesson(lesson, paused_options());
    harness.get_by_label("classroom").click();
    // Step until the scene's run has drawn its figure (a deadline only ends a hung wait).
    let start = std::time::Instant::now();
    let generator = |painted: &Painted| {
        painted
            .texts
            .iter()
            .find(|(_, t)| t == Role::Generator.style().label)
            .map(|(r, _)| *r)
    };
    loop {
        harness.step();
        if generator(&painted(&harness)).is_some() {
            break;
        }
        assert!(start.elapsed().as_secs() < 120, "the scene never drew its figure");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run_steps(3);
    let shown = painted(&harness);
    let key = generator(&shown).unwrap();
    assert!(
        harness.state().presenter().is_some_and(|p| p.classroom),
        "classroom mode is on"
    );
    assert_even(&x_ticks(&shown, key, SIZE.x), "classroom");
    let curves = [colour(Role::Generator), colour(Role::Discriminator)];
    assert_key_clear(&shown, &key_entries(&shown), &curves, "classroom");
}

/// Steps the harness until `drawn` holds for what it painted (a deadline only ends a hung
/// wait).
fn step_until<State>(
    harness: &mut egui_kittest::Harness<'_, State>,
    what: &str,
    drawn: impl Fn(&Painted) -> bool,
) {
    let start = std::time::Instant::now();
    while !drawn(&painted(harness)) {
        assert!(start.elapsed().as_secs() < 120, "never drawn: {what}");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// The note painted where p_g went when most of it leaves the plot, read from the UI.
fn off_plot_note(seed: u64, steps: u32) -> (Rect, String, f64) {
    // D frozen: G follows the untrained D's slope off the plot, at a pace the lr sets.
    let mut drifting = presets::base();
    for (key, value) in [("train_d", "false"), ("lr_g", "0.001")] {
        drifting.set(key, value).unwrap();
    }
    drifting.seed = seed;
    let mut harness = paused(drifting);
    settle(&mut harness);
    harness.state().worker().send(Command::IterateMany(steps));
    let frame = settle(&mut harness);
    harness.run_steps(3);
    let shown = painted(&harness);
    let (rect, note) = shown
        .texts
        .iter()
        .find(|(_, t)| t.contains("p_g is off"))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no note that p_g is off the plot (G's mean {})",
                frame.snapshot.metrics.g_mean
            )
        });
    let mean: f64 = note
        .split("mean ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.trim().parse().ok())
        .expect("the note's mean");
    let g_mean = frame.snapshot.metrics.g_mean;
    assert!(
        (mean - g_mean).abs() < 0.006,
        "note's mean {mean}, G's mean {g_mean}"
    );
    // In the key's row above the plot, never over the data.
    let key = shown
        .texts
        .iter()
        .find(|(_, t)| t == Role::Generator.style().label)
        .map(|(r, _)| *r)
        .expect("the key's p_g entry");
    assert!(
        (rect.center().y - key.center().y).abs() < 2.0,
        "the note {rect:?} off the key row {key:?}"
    );
    (rect, note, mean)
}

/// A generator that drifts off the plot (the figure1 target spans -0.3 to 6) gets a note
/// in the key row with an arrow to its side and its mean; while p_g is on the plot, no
/// note.
#[test]
fn a_generator_off_the_plot_gets_a_note_with_its_mean_on_its_side() {
    let (_, note, mean) = off_plot_note(1, 50);
    assert!(
        mean < -0.3 && note.starts_with("← p_g is off to the left"),
        "{note}"
    );
    let (_, note, mean) = off_plot_note(4, 100);
    assert!(
        mean > 6.0 && note.contains("off to the right") && note.ends_with('→'),
        "{note}"
    );

    let mut on = paused(presets::base());
    settle(&mut on);
    on.state().worker().send(Command::IterateMany(300));
    settle(&mut on);
    on.run_steps(3);
    assert!(
        !painted(&on).texts.iter().any(|(_, t)| t.contains("p_g is off")),
        "no note while p_g is on the plot"
    );
}

/// The ring in classroom mode, where the type is larger: the 2-D key (its words, the
/// mode rings' words and their rule) stays inside the window (a colour bar of fixed
/// height once pushed it off the bottom).
#[test]
fn the_plane_key_stays_in_the_window_in_classroom_mode() {
    let text =
        "title = \"ring\"\n[[scene]]\ntitle = \"The ring\"\nview = \"live\"\npreset = \"ring\"\nsteps = 20\n";
    let lesson = ganscope::lesson::parse::parse("ring", text).unwrap();
    let mut harness = with_lesson(lesson, paused_options());
    harness.get_by_label("classroom").click();
    let rule = ganscope::figure::plane::MODE_RULE;
    step_until(
        &mut harness,
        "the ring's key with its mode rule (not painted when pushed off the window)",
        |p| p.texts.iter().any(|(_, t)| t == rule),
    );
    harness.run_steps(3);
    let shown = painted(&harness);
    let mut words: Vec<String> = ganscope::figure::plane::KEY
        .iter()
        .map(|(_, w)| w.to_string())
        .collect();
    words.push(rule.to_string());
    words.push("mode missed".to_string());
    for word in &words {
        let (rect, _) = shown
            .texts
            .iter()
            .find(|(_, t)| t.ends_with(word.as_str()))
            .unwrap_or_else(|| panic!("the key's '{word}'"));
        assert!(
            rect.bottom() <= SIZE.y && rect.right() <= SIZE.x + 1.0,
            "'{word}' at {rect:?} leaves the {SIZE:?} window"
        );
    }
}

/// `scene` of `lecture` alone, in classroom mode.
fn in_classroom(
    lecture: &ganscope::lesson::Lesson,
    scene: ganscope::lesson::Scene,
) -> egui_kittest::Harness<'static, ganscope::app::GanscopeApp> {
    let lesson = ganscope::lesson::Lesson {
        title: lecture.title.clone(),
        scenes: vec![scene],
    };
    let harness = with_lesson(lesson, paused_options());
    harness.get_by_label("classroom").click();
    harness
}

/// Every Compare scene of the lecture in classroom mode on a 1280x800 screen: all its text
/// inside the window, and each side's text inside its own half (a side's controls or tick
/// labels spilling into the other side's plot is what a class would see).
#[test]
fn classroom_compare_scenes_fit_the_window_side_by_side() {
    let lecture = ganscope::lesson::builtin::open("gan-lecture").unwrap();
    let scenes: Vec<_> = lecture
        .scenes
        .iter()
        .filter(|s| matches!(s.stage, ganscope::lesson::Stage::Compare { .. }))
        .cloned()
        .collect();
    assert!(scenes.len() >= 4, "the lecture's compare scenes");
    for scene in scenes {
        let title = scene.title.clone();
        let mut harness = in_classroom(&lecture, scene);
        let start = std::time::Instant::now();
        while !harness
            .state()
            .compare_workers()
            .is_some_and(|(a, b)| a.latest().is_some() && b.latest().is_some())
        {
            assert!(start.elapsed().as_secs() < 120, "'{title}': the sides never drew");
            harness.step();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        harness.run_steps(3);
        if let Some(dir) = std::env::var_os("GANSCOPE_EXPORT_DIR") {
            let name = title
                .split(',')
                .next()
                .unwrap_or("scene")
                .replace([' ', ':'], "_");
            harness.remove_cursor();
            harness.run_steps(2);
            let image = harness.render().unwrap();
            image
                .save(std::path::Path::new(&dir).join(format!("classroom_compare_{name}.png")))
                .unwrap();
        }
        // Every widget below the sides' titles: inside the window, and on one side of
        // the middle (a widget that crosses it spills into the other side).
        // (The pair's description above may start "A: " too: the title is the lowest.)
        let top = harness
            .query_all(egui_kittest::kittest::by().label_contains("A: "))
            .map(|n| n.rect().min.y)
            .fold(f32::NEG_INFINITY, f32::max);
        assert!(top.is_finite(), "'{title}': side A's title");
        // In points: classroom mode zooms, so the window is narrower than SIZE in points.
        let width = harness.ctx.content_rect().width();
        let middle = width / 2.0;
        let boxed = egui_kittest::kittest::by().predicate(|n| n.bounding_box().is_some());
        for node in harness.query_all(boxed) {
            let rect = node.rect();
            if rect.min.y < top || rect.width() >= width - 1.0 {
                continue;
            }
            let name = format!(
                "{:?} '{}'",
                node.accesskit_node().role(),
                node.accesskit_node().label().unwrap_or_default()
            );
            assert!(
                rect.max.x <= width + 0.5,
                "'{title}': {name} at {rect:?} runs past the window ({width} wide)"
            );
            assert!(
                rect.max.x <= middle + 0.5 || rect.min.x >= middle - 0.5,
                "'{title}': {name} at {rect:?} crosses the middle"
            );
        }
    }
}

/// The lecture's map scene in classroom mode on a 1280x800 screen: the map fills in, its
/// corner cells and every widget sit inside the window, and the map has the width (the
/// form is the tab's, not the lesson's).
#[test]
fn classroom_map_scene_fits_the_window() {
    let lecture = ganscope::lesson::builtin::open("gan-lecture").unwrap();
    let scene = lecture
        .scenes
        .iter()
        .find(|s| matches!(s.stage, ganscope::lesson::Stage::Map(_)))
        .cloned()
        .expect("the lecture's map scene");
    let mut harness = in_classroom(&lecture, scene);
    let start = std::time::Instant::now();
    while harness.state().map_view().computing() || harness.state().map_view().map().is_none() {
        assert!(start.elapsed().as_secs() < 120, "the map never finished");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run_steps(3);
    let map = harness.state().map_view().map().unwrap().clone();
    assert!(map.complete());
    if let Some(dir) = std::env::var_os("GANSCOPE_EXPORT_DIR") {
        harness.remove_cursor();
        harness.run_steps(2);
        let image = harness.render().unwrap();
        image
            .save(std::path::Path::new(&dir).join("classroom_map.png"))
            .unwrap();
    }
    let window = harness.ctx.content_rect();
    assert!(
        harness.query_by_label("Compute map").is_none(),
        "the form hides in a lesson"
    );
    let view = harness.state().map_view();
    let (nx, ny) = (map.x.len(), map.y.len());
    for (x, y) in [(0, 0), (nx - 1, 0), (0, ny - 1), (nx - 1, ny - 1)] {
        let at = view.cell_center(x, y).unwrap();
        assert!(
            window.contains(at),
            "cell ({x}, {y}) at {at:?} outside {window:?}"
        );
    }
    // A click on a cell keeps the lecture where it is (the scene is the map).
    let at = view.cell_center(0, 0).unwrap();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    harness.run_steps(2);
    assert_eq!(harness.state().tab(), ganscope::app::Tab::Map);
    assert!(harness.state().presenter().is_some(), "the lesson stays open");
    let boxed = egui_kittest::kittest::by().predicate(|n| n.bounding_box().is_some());
    for node in harness.query_all(boxed) {
        let rect = node.rect();
        assert!(
            rect.max.x <= window.right() + 0.5 && rect.max.y <= window.bottom() + 0.5,
            "{:?} '{}' at {rect:?} leaves the window",
            node.accesskit_node().role(),
            node.accesskit_node().label().unwrap_or_default()
        );
    }
}
