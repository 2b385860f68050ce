//! A GAN on the plane, end to end: every loss, optimizer, penalty and cure trains in
//! 2-D; the snapshot carries the heatmap the right way round; the CLI reports the 2-D
//! metrics in JSON and CSV; render writes the frames and the GIF of a 2-D run.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

mod common;
use common::assert_png;
use common::cli::ganscope;
use ganscope::engine::config::Experiment;
use ganscope::engine::gan::Gan;
use ganscope::engine::plane_measure::GRID_CELLS;
use ganscope::engine::presets;
use ganscope::export::picture::Picture;
use ganscope::figure::{Figure, KeptRange, Theme};

/// A small, fast 2-D experiment with `settings` on top.
fn small(settings: &[(&str, &str)]) -> Experiment {
    let mut e = Experiment::default();
    for (key, value) in [
        ("target", "Ring(8,2,0.05)"),
        ("hidden", "16"),
        ("batch", "64"),
        ("noise_dim", "2"),
    ]
    .iter()
    .chain(settings)
    {
        e.set(key, value).unwrap_or_else(|err| panic!("{err}"));
    }
    e
}

#[test]
fn every_loss_optimizer_penalty_and_cure_trains_on_the_plane() {
    let cases: &[&[(&str, &str)]] = &[
        &[("loss", "minimax")],
        &[
            ("loss", "non-saturating"),
            ("optimizer", "sgd"),
            ("lr_d", "0.05"),
            ("lr_g", "0.05"),
        ],
        &[("loss", "least-squares"), ("optimizer", "rmsprop")],
        &[
            ("loss", "hinge"),
            ("optimizer", "momentum"),
            ("lr_d", "0.01"),
            ("lr_g", "0.01"),
        ],
        &[("loss", "wasserstein"), ("clip", "0.05"), ("k", "5")],
        &[("loss", "wasserstein-gp"), ("gp_lambda", "1"), ("k", "5")],
        &[("r1_gamma", "1"), ("r2_gamma", "1")],
        &[("instance_noise", "0.1")],
        &[("unrolled_steps", "3")],
        &[("updates", "simultaneous")],
        &[("noise_dim", "1")],
        &[("noise_dim", "8"), ("noise", "gaussian")],
        &[("target", "Spiral(1.5,0.05)")],
        &[("target", "Moons(0.1)")],
    ];
    for settings in cases {
        let mut gan = Gan::new(small(settings)).unwrap();
        gan.train(30).unwrap_or_else(|e| panic!("{settings:?}: {e}"));
        let s = gan.snapshot().unwrap();
        let m = &s.metrics;
        assert_eq!(m.steps, 30);
        for (name, v) in [
            ("w1", m.w1),
            ("js", m.js),
            ("tv", m.tv),
            ("d_loss", m.d_loss),
            ("g_loss", m.g_loss),
        ] {
            assert!(v.is_finite(), "{settings:?}: {name} = {v}");
        }
        let view = s
            .plane
            .as_ref()
            .unwrap_or_else(|| panic!("{settings:?}: no plane view"));
        assert_eq!(view.d.len(), GRID_CELLS * GRID_CELLS);
        assert!(view.d.iter().all(|v| v.is_finite()), "{settings:?}");
        assert!(!view.fakes.is_empty() && !view.reals.is_empty());
        assert!(!view.manifold.is_empty() && view.manifold.iter().all(|l| l.len() > 1));
        assert!(!view.arrows.is_empty());
        assert!(s.grid.is_empty(), "a 2-D snapshot has no line curves");
    }
}

/// A gradient penalty on the plane uses both partial derivatives: R1 on a D that is
/// steep only along y still costs something (an x-only penalty would see a flat D).
/// Each penalty reaches D's slope along both axes: data on one axis, G frozen at the
/// origin, and the penalty on (R1 on the data, R2 on the fakes) leaves D's gradient along
/// that axis, where it is measured, a fraction of the unpenalised one. A penalty that read
/// only the x component of the gradient fails on the y axis.
#[test]
fn the_penalties_see_both_axes() {
    for (target, axis) in [("N2(1,0,0.1)", 0), ("N2(0,1,0.1)", 1)] {
        // Where each penalty looks: R1 at the data, R2 at G's samples near the origin.
        let data = if axis == 0 { [1.0, 0.0] } else { [0.0, 1.0] };
        for (key, at) in [("r1_gamma", data), ("r2_gamma", [0.0, 0.0])] {
            let slope = |gamma: &str| {
                let mut gan = Gan::new(small(&[
                    ("target", target),
                    ("train_g", "false"),
                    ("r1_gamma", "0"),
                    (key, gamma),
                ]))
                .unwrap();
                gan.train(200).unwrap();
                gan.discriminator_gradient(&[at]).unwrap()[0][axis].abs()
            };
            let (free, penalised) = (slope("0"), slope("10"));
            assert!(
                free > 0.0 && penalised < 0.5 * free,
                "{key} on {target}: D's slope along axis {axis} at {at:?} is {penalised} \
                 with the penalty, {free} without"
            );
        }
    }
}

/// The heatmap is not flipped or transposed: D trained briefly (not yet saturated)
/// against a frozen G at the origin, on data to the right, rises to the right.
#[test]
fn the_heatmap_is_the_right_way_round() {
    let target = ("target", "0.9*N2(1,0,0.2) + 0.1*N2(-1,0,0.2)");
    let e = small(&[target, ("train_g", "false"), ("lr_d", "0.002")]);
    let mut gan = Gan::new(e).unwrap();
    gan.train(40).unwrap();
    let s = gan.snapshot().unwrap();
    let view = s.plane.unwrap();
    let at = |p: [f64; 2]| view.d[view.grid.cell_of(p).unwrap()];
    let data = at([1.0, 0.0]);
    // The heavy mode transposed (both ways) and flipped left-right onto the light one.
    for other in [[0.0, 1.0], [0.0, -1.0], [-1.0, 0.0]] {
        assert!(
            data > at(other) + 0.02,
            "D at the data {data}, at {other:?} {}",
            at(other)
        );
    }
}

#[test]
fn cli_json_and_csv_carry_the_2d_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("m.csv");
    let o = ganscope(&[
        "train",
        "--steps",
        "40",
        "--json",
        "--set",
        "target=Ring(8,2,0.05)",
        "--set",
        "hidden=16",
        "--metrics-csv",
        csv.to_str().unwrap(),
        "--every",
        "20",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let v: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(v["target"], "Ring(8,2,0.05)");
    assert_eq!(v["mode_masses"].as_array().unwrap().len(), 8);
    for key in ["w1", "js", "tv", "high_quality"] {
        assert!(v[key].as_f64().is_some_and(f64::is_finite), "{key} in {v}");
    }
    // 40 iterations in, G is still a blob at the origin, 2 from every mode of the ring:
    // no mode is covered and almost no sample is near one.
    assert_eq!(v["modes_covered"].as_u64(), Some(0), "{v}");
    assert!(v["high_quality"].as_f64().is_some_and(|q| q < 0.05), "{v}");
    let rows = std::fs::read_to_string(&csv).unwrap();
    let mut lines = rows.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The CSV's last row is the same moment as the JSON.
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let last = &rows[1];
    assert_eq!(last[column("steps")], "40");
    assert_eq!(last[column("modes_covered")], "0");
    let w1: f64 = last[column("w1")].parse().unwrap();
    // The CSV keeps six decimals.
    assert!((w1 - v["w1"].as_f64().unwrap()).abs() < 1e-5, "{w1} vs {v}");
}

#[test]
fn render_draws_a_2d_run_and_its_gif() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames");
    let gif = dir.path().join("ring.gif");
    let o = ganscope(&[
        "render",
        "--set",
        "target=Ring(8,2,0.05)",
        "--set",
        "hidden=16",
        "--steps",
        "20",
        "--every",
        "10",
        "--out",
        out.to_str().unwrap(),
        "--gif",
        gif.to_str().unwrap(),
        "--size",
        "480x320",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in ["frame_000000.png", "frame_000010.png", "frame_000020.png"] {
        assert_png(&out.join(name), (480, 320));
    }
    let decoder = gif::DecodeOptions::new()
        .read_info(std::fs::File::open(&gif).unwrap())
        .unwrap();
    assert_eq!((decoder.width(), decoder.height()), (480, 320));
}

/// The exported frame shows the heatmap's two ends and the generator's green.
#[test]
fn a_2d_frame_shows_the_heatmap_dots_and_modes() {
    let mut gan = Gan::new(small(&[])).unwrap();
    gan.train(100).unwrap();
    let figure = Figure::from_snapshot(&gan.snapshot().unwrap(), true);
    let plane = figure.plane.as_ref().unwrap();
    assert_eq!(plane.modes.len(), 8);
    assert!(!plane.contours.iter().all(|c| c.segments.is_empty()));
    let picture = Picture::Frame {
        figure,
        caption: "ring".into(),
    };
    let pixels = picture.pixels((640, 400), Theme::Light, 1.0).unwrap();
    let has = |want: [u8; 3], tolerance: i32| {
        pixels.chunks_exact(3).any(|p| {
            p.iter()
                .zip(want)
                .all(|(&a, b)| (i32::from(a) - i32::from(b)).abs() <= tolerance)
        })
    };
    assert!(has([0, 150, 40], 30), "no generator green");
    let svg = picture.svg((640, 400), Theme::Dark, 1.0).unwrap();
    assert!(
        svg.contains("mode covered") || svg.contains("mode missed"),
        "no mode key in the SVG"
    );
}

/// Each 2-D preset trains on the plane and its frame marks the modes its formula has:
/// Ring(8, ...) eight, Grid(5, ...) 25, the GAN Lab mixture two, the spiral none.
#[test]
fn the_2d_presets_build_on_the_plane() {
    for (name, modes) in [("ring", 8), ("grid", 25), ("spiral", 0), ("ganlab", 2)] {
        let e = presets::find(name).unwrap().experiment();
        assert_eq!(e.target.dim(), 2, "{name}");
        let mut gan = Gan::new(e).unwrap();
        gan.train(3).unwrap();
        let s = gan.snapshot().unwrap();
        let plane = s
            .plane
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no plane view"));
        assert_eq!(plane.modes.len(), modes, "{name}");
        assert_eq!(s.metrics.mode_masses.len(), modes, "{name}");
        assert!(!plane.fakes.is_empty() && !plane.reals.is_empty(), "{name}");
        assert!(
            s.metrics.w1.is_finite() && s.metrics.w1 > 0.0,
            "{name}: {:?}",
            s.metrics
        );
    }
}

/// Rewind works on the plane: a checkpoint of a 2-D run gives back its moment exactly
/// (the same heatmap, dots and manifold), and trains on from there.
#[test]
fn a_2d_checkpoint_gives_back_its_moment() {
    let mut gan = Gan::new(small(&[])).unwrap();
    gan.train(20).unwrap();
    let moment = gan.checkpoint().unwrap();
    let then = gan.snapshot().unwrap();
    gan.train(20).unwrap();
    assert_ne!(gan.snapshot().unwrap().plane, then.plane, "training moved on");
    let mut back = Gan::restore(&moment).unwrap();
    assert_eq!(back.steps(), 20);
    assert_eq!(back.snapshot().unwrap().plane, then.plane, "the same networks");
    back.train(5).unwrap();
    assert_eq!(back.steps(), 25);
}

/// What has no meaning on the plane says so: quality without modes is NaN (null in
/// JSON), and the 1-D probes of D refuse a 2-D run with a message instead of a shape
/// error from deep inside.
#[test]
fn what_has_no_meaning_on_the_plane_says_so() {
    let mut gan = Gan::new(small(&[("target", "Spiral(1.5,0.05)")])).unwrap();
    gan.train(5).unwrap();
    let m = gan.snapshot().unwrap().metrics;
    assert!(m.high_quality.is_nan() && m.mode_masses.is_empty() && m.modes_covered == 0);
    let err = gan.discriminator_logits(&[0.0]).unwrap_err().to_string();
    assert!(err.contains("2-D"), "{err}");
    assert!(gan.discriminator_slope(&[0.0]).is_err());
}

/// A generator that runs off along y alone is caught as one that runs off along x: the
/// check reads both axes of the dots, and says which.
#[test]
fn a_generator_off_the_box_in_y_alone_is_absurd() {
    use ganscope::engine::plane_measure::PlaneGrid;
    use ganscope::engine::snapshot::{PlaneView, Snapshot};
    let grid = PlaneGrid {
        bounds: ((-3.0, 3.0), (-3.0, 3.0)),
        cells: 64,
    };
    let view = |y: f64| PlaneView {
        grid: grid.clone(),
        fakes: vec![[0.5, y]; 100],
        ..Default::default()
    };
    let mut snapshot = Snapshot {
        plane: Some(view(1.0)),
        ..Default::default()
    };
    assert!(snapshot.absurd().is_none());
    snapshot.plane = Some(view(40.0));
    let why = snapshot.absurd().expect("off the box in y");
    assert!(why.contains("far off the plot (mean in y 4.000e1"), "{why}");
    snapshot.plane = Some(view(-40.0));
    assert!(snapshot.absurd().is_some_and(|w| w.contains("in y")));
}

/// A critic's heatmap spans its own frame's range, and can be recoloured on a scale a
/// view keeps or shares (Compare): the bar takes the given ends and the cells are placed
/// on it, those beyond it at its ends. A probability D has no critic scale to change.
#[test]
fn a_critics_heatmap_can_be_redrawn_on_a_kept_scale() {
    let mut gan = Gan::new(small(&[("loss", "wasserstein-gp"), ("gp_lambda", "0.1")])).unwrap();
    gan.train(50).unwrap();
    let figure = Figure::from_snapshot(&gan.snapshot().unwrap(), true);
    let plane = figure.plane.as_ref().unwrap();
    let values = plane.critic.as_ref().expect("a critic's own values");
    let (lo, hi) = (plane.bar.lo, plane.bar.hi);
    assert!(plane.heat.iter().all(|t| (0.0..=1.0).contains(t)));
    let (bar, wider) = plane.on_critic_scale((lo - (hi - lo), hi)).unwrap();
    assert_eq!((bar.lo, bar.hi), (lo - (hi - lo), hi));
    for ((&t, &wide), &v) in plane.heat.iter().zip(&wider).zip(values) {
        assert!(
            (wide - (0.5 + 0.5 * t)).abs() < 1e-9,
            "{v}: {t} on its own scale, {wide} on the wider"
        );
    }
    let (_, narrower) = plane
        .on_critic_scale((lo + 0.25 * (hi - lo), hi - 0.25 * (hi - lo)))
        .unwrap();
    assert!(narrower.iter().all(|t| (0.0..=1.0).contains(t)));
    assert!(narrower.contains(&0.0) && narrower.contains(&1.0));
    let mut probability = Gan::new(small(&[])).unwrap();
    probability.train(10).unwrap();
    let figure = Figure::from_snapshot(&probability.snapshot().unwrap(), true);
    let plane = figure.plane.as_ref().unwrap();
    assert!(plane.critic.is_none());
    assert!(plane.on_critic_scale((-5.0, 5.0)).is_none());
}

/// A recording keeps a critic's scale from frame to frame, as the app does: a frame
/// whose scores moved a little inside the kept range keeps its colour bar (or its 1-D
/// axis), one whose scores outgrow it gets the wider range at once. Without it a critic
/// run's GIF flickered, every frame fitted to its own range.
#[test]
fn recorded_frames_keep_a_critics_scale() {
    let mut gan = Gan::new(small(&[("loss", "wasserstein-gp"), ("gp_lambda", "0.1")])).unwrap();
    gan.train(50).unwrap();
    let first = Figure::from_snapshot(&gan.snapshot().unwrap(), true);
    let values = first.plane.as_ref().unwrap().critic.clone().unwrap();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let moved = |factor: f64| {
        let mut figure = first.clone();
        let plane = figure.plane.as_mut().unwrap();
        plane.critic = Some(values.iter().map(|v| mean + factor * (v - mean)).collect());
        figure
    };
    let mut kept = KeptRange::default();
    let mut frame = first.clone();
    frame.keep_critic_scale(&mut kept);
    let bar = |f: &Figure| {
        let plane = f.plane.as_ref().unwrap();
        (plane.bar.lo, plane.bar.hi)
    };
    let kept_bar = bar(&frame);
    let mut inside = moved(0.8);
    inside.keep_critic_scale(&mut kept);
    assert_eq!(bar(&inside), kept_bar);
    let heat = &inside.plane.as_ref().unwrap().heat;
    assert!(
        heat.iter().all(|&t| t > 0.0 && t < 1.0),
        "scores inside the kept range stay off the bar's ends"
    );
    let mut outgrown = moved(3.0);
    outgrown.keep_critic_scale(&mut kept);
    let (lo, hi) = bar(&outgrown);
    assert!(
        lo < kept_bar.0 && hi > kept_bar.1,
        "{:?} did not widen {kept_bar:?}",
        (lo, hi)
    );

    // On the line: the critic's own axis.
    let mut line = Experiment::default();
    for (key, value) in [("loss", "wasserstein-gp"), ("hidden", "16"), ("batch", "64")] {
        line.set(key, value).unwrap();
    }
    let mut gan = Gan::new(line).unwrap();
    gan.train(20).unwrap();
    let first = Figure::from_snapshot(&gan.snapshot().unwrap(), true);
    assert!(first.has_critic() && first.critic_range.is_none());
    let mut kept = KeptRange::default();
    let mut frame = first.clone();
    frame.keep_critic_scale(&mut kept);
    let range = frame.critic_range.expect("a kept critic axis");
    let mut inside = first.clone();
    for curve in &mut inside.critic {
        for p in &mut curve.points {
            p[1] *= 0.9;
        }
    }
    inside.keep_critic_scale(&mut kept);
    assert_eq!(inside.critic_range, Some(range));
}
