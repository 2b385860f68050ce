//! Work that must not run on the UI thread (a Figure 1 training run, rendering a large
//! PNG): a named thread whose one result comes back over a channel, with a repaint
//! request so the UI shows it at once. The UI polls; it never waits.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// Starts `work` on a thread called `name` and returns the end its results arrive at;
/// each result, and the work's end, asks `ctx` for a repaint. The one place a background
/// thread is started, for a [`Job`] (one result) and a [`Stream`] (several).
fn start<T: Send + 'static>(
    name: &str,
    ctx: &egui::Context,
    work: impl FnOnce(&dyn Fn(T)) + Send + 'static,
) -> Result<Receiver<T>, String> {
    let (sender, receiver) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let send = |value: T| {
                // The receiver is gone when the user moved on; nothing to report then.
                let _ = sender.send(value);
                ctx.request_repaint();
            };
            work(&send);
            ctx.request_repaint();
        })
        .map_err(|e| format!("cannot start a thread for {name}: {e}"))?;
    Ok(receiver)
}

/// One piece of background work with a result of type `T`.
pub struct Job<T> {
    receiver: Receiver<T>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`; `ctx` is asked to repaint when it ends.
    /// If the job is dropped first, the thread finishes and its result is discarded.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Self, String> {
        let receiver = start(name, ctx, move |send| send(work()))?;
        Ok(Job {
            receiver,
            started: Instant::now(),
        })
    }

    /// The result once the work is done; an error if the thread died without one.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.receiver.try_recv() {
            Ok(value) => Some(Ok(value)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the background thread stopped without a result".into()))
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
    started: Instant,
    /// True once the thread has ended and everything it sent was taken.
    finished: bool,
}

impl<T: Send + 'static> Stream<T> {
    /// Starts `work` on a thread called `name`; `work` sends each result through the
    /// function it is given. If the stream is dropped first, the thread finishes and its
    /// results are discarded.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&dyn Fn(T)) + Send + 'static,
    ) -> Result<Self, String> {
        let receiver = start(name, ctx, work)?;
        Ok(Stream {
            receiver,
            started: Instant::now(),
            finished: false,
        })
    }

    /// The results sent since the last call.
    pub fn drain(&mut self) -> Vec<T> {
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
