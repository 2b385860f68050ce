//! The app's address: the [`Link`] to what is on screen (kept in a browser's address
//! bar, copied by "Copy link"), opening one (a bad one opens the default with the
//! command line's message), and the state report a browser test reads from the page.

use super::GanscopeApp;
use super::tabs::Tab;
use crate::app::platform;
use crate::app::views::View;
use crate::engine::metric;
use crate::engine::presets;
use crate::lesson::builtin;
use crate::link::Link;

impl GanscopeApp {
    /// Opens `fragment` (a URL's `#…`): an experiment in its view, or a built-in lesson
    /// at its scene. A bad link changes nothing and leaves its message as the notice.
    pub fn open_link(&mut self, ctx: &egui::Context, fragment: &str) {
        let link = match Link::parse(fragment) {
            Ok(link) => link,
            Err(message) => {
                self.notice = Some(message);
                return;
            }
        };
        match &link {
            Link::Map(spec) => {
                self.presenter = None;
                self.switch(Tab::Map);
                self.map.form.spec = (**spec).clone();
                self.map.compute(ctx);
            }
            Link::Lesson { name, scene } => match builtin::find(name).map(builtin::Builtin::lesson) {
                Some(Ok(lesson)) => {
                    self.open_lesson(ctx, lesson);
                    if *scene > 0 {
                        self.start_scene(ctx, *scene);
                    }
                }
                Some(Err(e)) => self.notice = Some(e.to_string()),
                None => self.notice = Some(format!("link: unknown lesson '{name}'")),
            },
            Link::Run {
                preset,
                fix,
                view,
                pause,
                speed,
                ..
            } => {
                if let Some(experiment) = link.experiment() {
                    self.presenter = None;
                    self.live
                        .open_link(preset, *fix, experiment, *pause, *speed, &mut self.settings);
                    self.switch(Tab::of(*view));
                }
            }
        }
    }

    /// The link to what is on screen: the lesson at its scene (a built-in one), else
    /// the live experiment from its preset, in the view shown.
    pub fn link(&self) -> Link {
        if let Some(presenter) = &self.presenter
            && let Some(name) = self.lesson_name
        {
            return Link::Lesson {
                name,
                scene: presenter.scene,
            };
        }
        if self.tab == Tab::Map
            && let Some(spec) = self.map.spec_shown()
        {
            return Link::to_map(spec);
        }
        let (preset, fix) = match self.live.preset() {
            Some(preset) => (preset, self.live.fix()),
            None => (presets::default_preset(), false),
        };
        Link::to_run(preset, fix, self.edited(), self.tab.view())
    }

    /// Keeps the address bar on what is on screen (in a browser) and reports the state
    /// for a browser test; once a frame.
    pub(super) fn show_address(&mut self) {
        if !platform::BROWSER {
            return;
        }
        let fragment = self.link().to_fragment();
        if fragment != self.shown_link {
            platform::show_link(&fragment);
            self.shown_link = fragment;
        }
        self.frames.tick();
        let frame = self.live.link().frame();
        let metrics = frame.map(|f| serde_json::Value::Object(metric::json(&f.snapshot.metrics)));
        let state = serde_json::json!({
            "steps": frame.map_or(0, |f| f.steps),
            "playing": frame.is_some_and(|f| f.playing),
            "iterations_per_second": frame.map_or(0.0, |f| f.iterations_per_second),
            "frames_per_second": self.frames.fps(),
            "tab": self.tab.name(),
            "notice": self.notice,
            "scene": self.presenter.as_ref().map(|p| p.scene + 1),
            "title": self.window_title(),
            "figure1_panels": self.figure1.panels_ready(),
            "compare_steps": self.compare.shown_steps(),
            "map_cells": self.map.map().map_or(0, |m| m.cells.len()),
            "map_computing": self.map.computing(),
            "link": self.shown_link,
            "metrics": metrics,
        });
        platform::report(&state.to_string());
    }

    /// Copies the link to what is on screen (the whole address in a browser).
    pub(super) fn copy_link(&self, ctx: &egui::Context) {
        let fragment = self.link().to_fragment();
        ctx.copy_text(platform::full_link(&fragment).unwrap_or(fragment));
    }
}
