//! Work that must not run on the UI thread (a Figure 1 training run, rendering a large
//! PNG): a named thread whose one result comes back over a channel, with a repaint
//! request so the UI shows it at once. The UI polls; it never waits.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

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
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                // The receiver is gone when the user moved on; nothing to report then.
                let _ = sender.send(work());
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot start a thread for {name}: {e}"))?;
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
