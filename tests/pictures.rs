//! Exported pictures checked by what they show, not by decoding: a made-up snapshot with
//! known curves (a tall spike, a generator running either way) drawn as SVG at each size
//! a class sees (a frame, half of it as in Compare, a slide, a projector's 1280x720, and
//! on a lesson's slide at both slide sizes), and
//! the SVG read back: tick labels on both axes, the key clear of every curve, every curve
//! inside the plot, the cut marked with the true peak, the z line's direction.

#![allow(clippy::unwrap_used)] // helpers of tests, where a panic is the failure report

use ganscope::engine::snapshot::Snapshot;
use ganscope::export::picture::Picture;
use ganscope::export::{FRAME_SIZE, SLIDE_SIZE};
use ganscope::figure::{Figure, Role, Theme};

/// A `<text>` of the SVG: where it is anchored and what it says.
#[derive(Debug)]
struct Text {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    words: String,
}

/// A `<polyline>` of the SVG: its stroke colour and points.
#[derive(Debug)]
struct Polyline {
    stroke: String,
    points: Vec<(f64, f64)>,
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text")
        .skip(1)
        .map(|part| {
            let (tag, rest) = part.split_once('>').unwrap();
            let words = rest.split("</text>").next().unwrap().trim().to_string();
            let number = |name| attribute(tag, name).unwrap().parse::<f64>().unwrap();
            Text {
                x: number("x"),
                y: number("y"),
                size: number("font-size"),
                anchor: attribute(tag, "text-anchor").unwrap_or("start").to_string(),
                words,
            }
        })
        .collect()
}

fn polylines(svg: &str) -> Vec<Polyline> {
    svg.split("<polyline")
        .skip(1)
        .map(|part| {
            let tag = part.split_once("/>").unwrap().0;
            let points = attribute(tag, "points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            Polyline {
                stroke: attribute(tag, "stroke").unwrap_or("").to_lowercase(),
                points,
            }
        })
        .collect()
}

fn hex(role: Role) -> String {
    let c = role.style().color(Theme::Light);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn pdf(x: f64, mean: f64, sd: f64) -> f64 {
    (-(x - mean).powi(2) / (2.0 * sd * sd)).exp() / (sd * (2.0 * std::f64::consts::PI).sqrt())
}

/// Data N(4, 0.5); G a spike N(1, 0.05) eight times the data's height; D a ramp between
/// them; G running with z (`slope` > 0) or against it.
fn spike(slope: f64) -> Snapshot {
    let grid: Vec<f64> = (0..512).map(|i| -1.0 + 9.0 * f64::from(i) / 511.0).collect();
    Snapshot {
        p_data: grid.iter().map(|&x| pdf(x, 4.0, 0.5)).collect(),
        p_g: grid.iter().map(|&x| pdf(x, 1.0, 0.05)).collect(),
        d: grid
            .iter()
            .map(|&x| 1.0 / (1.0 + (-(x - 2.5) * 3.0).exp()))
            .collect(),
        opponent: vec![f64::NAN; grid.len()],
        mapping: (0..40)
            .map(|i| {
                let z = -3.0 + 6.0 * f64::from(i) / 39.0;
                (z, 1.0 + slope * z)
            })
            .collect(),
        z_range: (-3.0, 3.0),
        grid,
        ..Snapshot::default()
    }
}

/// The sizes a frame is seen at: as exported, half of it (a Compare side), a slide, and
/// a projector's 720p.
fn sizes() -> [(u32, u32); 4] {
    [
        FRAME_SIZE,
        (FRAME_SIZE.0 / 2, FRAME_SIZE.1),
        SLIDE_SIZE,
        (1280, 720),
    ]
}

fn svg_of(snapshot: &Snapshot, size: (u32, u32)) -> String {
    let picture = Picture::Frame {
        figure: Figure::from_snapshot(snapshot, false),
        caption: "made up".into(),
    };
    picture.svg(size, Theme::Light, picture.scale_for(size)).unwrap()
}

/// The same frame on a lesson's slide, under a title and a caption.
fn slide_of(snapshot: &Snapshot, size: (u32, u32)) -> String {
    let picture = Picture::Slide {
        title: "A made-up scene".into(),
        words: "What the class should see.".into(),
        body: Box::new(Picture::Frame {
            figure: Figure::from_snapshot(snapshot, false),
            caption: "made up".into(),
        }),
    };
    picture.svg(size, Theme::Light, picture.scale_for(size)).unwrap()
}

fn numeric(t: &Text) -> Option<f64> {
    t.words.parse().ok()
}

#[test]
fn a_frame_shows_its_ticks_key_curves_and_cut_at_every_size() {
    let snapshot = spike(0.05);
    let peak = snapshot.p_g.iter().copied().fold(0.0, f64::max);
    let frames = sizes().map(|size| (format!("a frame at {size:?}"), size, svg_of(&snapshot, size)));
    let slides = [SLIDE_SIZE, (1280, 720)]
        .map(|size| (format!("a slide at {size:?}"), size, slide_of(&snapshot, size)));
    for (at, size, svg) in frames.into_iter().chain(slides) {
        let texts = texts(&svg);
        let lines = polylines(&svg);

        // The y axis: numbers right-aligned in one column, at least three of them.
        let y_ticks: Vec<&Text> = texts
            .iter()
            .filter(|t| t.anchor == "end" && numeric(t).is_some())
            .collect();
        assert!(y_ticks.len() >= 3, "{at}: y ticks {y_ticks:?}");
        let axis_x = y_ticks[0].x;
        assert!(y_ticks.iter().all(|t| (t.x - axis_x).abs() < 1.0), "{at}");
        let zero = y_ticks.iter().find(|t| numeric(t) == Some(0.0)).unwrap();
        let top_tick = y_ticks.iter().map(|t| t.y).fold(f64::INFINITY, f64::min);

        // The x line: at least four round numbers in a row, below the plot, each a
        // step apart.
        let mut x_ticks: Vec<(f64, f64)> = texts
            .iter()
            .filter(|t| t.anchor == "middle" && t.y > zero.y)
            .filter_map(|t| numeric(t).map(|v| (t.x, v)))
            .collect();
        x_ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(x_ticks.len() >= 4, "{at}: x ticks {x_ticks:?}");
        let step = x_ticks[1].1 - x_ticks[0].1;
        assert!(step > 0.0, "{at}: x ticks {x_ticks:?}");
        for w in x_ticks.windows(2) {
            assert!((w[1].1 - w[0].1 - step).abs() < 1e-9, "{at}: x ticks {x_ticks:?}");
        }

        // The key: a row above the plot, each entry's words clear of every curve.
        let labels = [Role::Data, Role::Generator, Role::Discriminator].map(|r| r.style().label);
        let key: Vec<&Text> = texts
            .iter()
            .filter(|t| labels.contains(&t.words.as_str()))
            .collect();
        assert_eq!(key.len(), labels.len(), "{at}: key {key:?}");
        let key_bottom = key.iter().map(|t| t.y + t.size).fold(0.0, f64::max);
        assert!(key_bottom < top_tick, "{at}: the key reaches into the plot");
        let curves: Vec<&Polyline> = lines
            .iter()
            .filter(|l| {
                [Role::Generator, Role::Discriminator]
                    .map(hex)
                    .contains(&l.stroke)
            })
            .collect();
        assert!(!curves.is_empty(), "{at}: no curve drawn");
        for curve in &curves {
            // Short strokes in the key row are the key's own samples.
            let in_key = curve.points.iter().all(|p| (p.1 - key[0].y).abs() < key[0].size);
            if in_key {
                continue;
            }
            for &(x, y) in &curve.points {
                for t in &key {
                    let width = 0.6 * t.size * t.words.chars().count() as f64;
                    let inside = x >= t.x && x <= t.x + width && (y - t.y).abs() < 0.5 * t.size;
                    assert!(
                        !inside,
                        "{at}: a {} curve point {x},{y} under '{}'",
                        curve.stroke, t.words
                    );
                }
                // Inside the plot: right of the y axis, between its top and zero.
                assert!(
                    x > axis_x && x <= f64::from(size.0) && y >= key_bottom && y <= zero.y + 1.0,
                    "{at}: a {} curve point {x},{y} outside the plot",
                    curve.stroke
                );
            }
        }

        // The spike is cut, and the cut says its true peak.
        let cut = texts
            .iter()
            .find(|t| t.words.contains("peaks at"))
            .unwrap_or_else(|| panic!("{at}: no cut marker"));
        let said: f64 = cut
            .words
            .split("peaks at ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (said - peak).abs() < 0.01,
            "{at}: '{}' for a peak of {peak}",
            cut.words
        );
    }
}

/// The z line runs the way G does: z = −3 under the small x when G rises with z, under
/// the large x when it falls, so the arrows do not cross.
#[test]
fn the_z_line_runs_the_way_g_does() {
    for (slope, rising) in [(0.05, true), (-0.05, false)] {
        for size in sizes() {
            let texts = texts(&svg_of(&spike(slope), size));
            let x_of = |words: &str| texts.iter().find(|t| t.words == words).unwrap().x;
            assert_eq!(
                x_of("z = -3") < x_of("z = 3"),
                rising,
                "G's slope {slope} at {size:?}"
            );
        }
    }
}
