//! Work that must not hold up the UI (a Figure 1 training run, rendering a large PNG),
//! started through the platform's background ([`platform::background`]: a thread on the
//! desktop, slices of the frame loop in a browser), its results coming back over a
//! channel with a repaint request so the UI shows them at once. The UI polls; it never
//! waits.

use crate::app::platform::{self, Background, Instant};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

/// Starts `step` (a slice of the work: it sends what it has and returns true while more
/// remains) under the platform's background, called `name`; each result asks `ctx` for a
/// repaint. The one place background work starts, for a [`Job`] and a [`Stream`].
fn start<T: Send + 'static>(
    name: &str,
    ctx: &egui::Context,
    mut step: impl FnMut(&dyn Fn(T)) -> bool + Send + 'static,
) -> Result<(Receiver<T>, Background), String> {
    let (sender, receiver) = mpsc::channel();
    let repaint = ctx.clone();
    let work = Box::new(move || {
        let send = |value: T| {
            // The receiver is gone when the user moved on; nothing to report then.
            let _ = sender.send(value);
            repaint.request_repaint();
        };
        let more = step(&send);
        if !more {
            repaint.request_repaint();
        }
        more
    });
    let background = platform::background(name, ctx, work)?;
    Ok((receiver, background))
}

/// One piece of background work with a result of type `T`.
pub struct Job<T> {
    receiver: Receiver<T>,
    background: Background,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` in the background as `name`; `ctx` is asked to repaint when it ends.
    /// If the job is dropped first, the work finishes (or, in a browser, stops) unread.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Self, String> {
        let mut work = Some(work);
        let (receiver, background) = start(name, ctx, move |send| {
            if let Some(work) = work.take() {
                send(work());
            }
            false
        })?;
        Ok(Job {
            receiver,
            background,
            started: Instant::now(),
        })
    }

    /// The result once the work is done; an error if it ended without one.
    pub fn poll(&mut self) -> Option<Result<T, String>> {
        self.background.pump();
        match self.receiver.try_recv() {
            Ok(value) => Some(Ok(value)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the background work stopped without a result".into()))
            }
        }
    }

    /// How long the work has run.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Background work that hands back several results as it goes (Figure 1's panels, each
/// as soon as it is trained), each followed by a repaint request.
pub struct Stream<T> {
    receiver: Receiver<T>,
    background: Background,
    started: Instant,
    /// True once the work has ended and everything it sent was taken.
    finished: bool,
}

impl<T: Send + 'static> Stream<T> {
    /// Starts `step` in the background as `name`: each call does a slice of the work,
    /// sends its results through the function it is given and returns true while more
    /// remains. If the stream is dropped first, the work finishes (or, in a browser,
    /// stops) unread.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        step: impl FnMut(&dyn Fn(T)) -> bool + Send + 'static,
    ) -> Result<Self, String> {
        let (receiver, background) = start(name, ctx, step)?;
        Ok(Stream {
            receiver,
            background,
            started: Instant::now(),
            finished: false,
        })
    }

    /// Gives the work its share of this frame (in a browser), then takes the results
    /// sent since the last call.
    pub fn drain(&mut self) -> Vec<T> {
        self.background.pump();
        let mut out = Vec::new();
        loop {
            match self.receiver.try_recv() {
                Ok(value) => out.push(value),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        out
    }

    /// True once the work has ended and all its results were drained.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// How long the work has run.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
