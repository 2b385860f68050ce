//! Recording a run as numbered PNG frames (and optionally one animated GIF) on a thread
//! of its own, so drawing and disk writes never hold up training or the UI.
//!
//! Frames are durable: each PNG is written whole (temporary name, then rename), so a
//! frame on disk is complete whatever happens next; a frame that cannot be written
//! (disk full, folder removed) is reported by number and the next ones are still tried.
//! Dropping the recorder finishes the GIF and joins the thread, so closing the app keeps
//! everything already recorded.

use super::files::{GifWriter, write_png};
use super::{Picture, frame_caption, frame_file_name};
use crate::engine::snapshot::Snapshot;
use crate::figure::{Figure, KeptDirection, KeptRange, Theme};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// What to record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingRequest {
    /// What runs (a preset's name), the start of every frame's caption.
    pub name: String,
    /// Folder for frame_000000.png, frame_000100.png, ... (created if missing).
    pub dir: PathBuf,
    /// A frame every this many iterations.
    pub every: u64,
    /// Also write the frames as one looping GIF here.
    pub gif: Option<PathBuf>,
    /// Frame size in pixels.
    pub size: (u32, u32),
    /// Light (slides) or dark ink.
    pub theme: Theme,
    /// Draw the optimal discriminator D* as a thin overlay.
    pub show_optimal: bool,
}

/// How a recording is going, for the UI.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingStatus {
    /// Where the frames go.
    pub dir: PathBuf,
    /// Frames written whole so far.
    pub frames_written: usize,
    /// The last failure, naming the frame and the reason.
    pub last_error: Option<String>,
    /// False once stopped (or when it could not start).
    pub active: bool,
    /// The GIF, once finished.
    pub gif: Option<PathBuf>,
}

/// Frames waiting to be drawn; when the writer falls this far behind, training waits
/// for it rather than dropping frames.
const QUEUE: usize = 8;

/// A recording in progress.
pub struct Recorder {
    every: u64,
    sender: Option<SyncSender<Snapshot>>,
    status: Arc<Mutex<RecordingStatus>>,
    thread: Option<JoinHandle<()>>,
}

fn lock(status: &Mutex<RecordingStatus>) -> std::sync::MutexGuard<'_, RecordingStatus> {
    status.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Fails early, with the folder named, when frames could not be written there at all.
fn check_writable(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create folder '{}': {e}", dir.display()))?;
    let probe = dir.join(".ganscope-write-test");
    std::fs::write(&probe, b"").map_err(|e| format!("cannot write in folder '{}': {e}", dir.display()))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

impl Recorder {
    /// Starts recording, or says why the folder cannot take frames.
    pub fn start(request: RecordingRequest) -> Result<Self, String> {
        if request.every == 0 {
            return Err("record every: must be at least 1 iteration".into());
        }
        check_writable(&request.dir)?;
        let gif = match &request.gif {
            Some(path) => Some(GifWriter::create(path, request.size).map_err(|e| e.to_string())?),
            None => None,
        };
        let status = Arc::new(Mutex::new(RecordingStatus {
            dir: request.dir.clone(),
            frames_written: 0,
            last_error: None,
            active: true,
            gif: None,
        }));
        let (sender, receiver) = mpsc::sync_channel(QUEUE);
        let thread_status = Arc::clone(&status);
        let every = request.every;
        let thread = std::thread::Builder::new()
            .name("ganscope-recorder".into())
            .spawn(move || write_frames(&receiver, &request, gif, &thread_status))
            .map_err(|e| format!("cannot start the recording thread: {e}"))?;
        Ok(Recorder {
            every,
            sender: Some(sender),
            status,
            thread: Some(thread),
        })
    }

    /// Iterations between frames.
    pub fn every(&self) -> u64 {
        self.every
    }

    /// Queues a frame of `snapshot`; waits only when the writer is a few frames behind.
    pub fn offer(&self, snapshot: &Snapshot) {
        if let Some(sender) = &self.sender
            && sender.send(snapshot.clone()).is_err()
        {
            lock(&self.status).last_error = Some("the recording thread stopped".into());
        }
    }

    /// The current status.
    pub fn status(&self) -> RecordingStatus {
        lock(&self.status).clone()
    }

    /// Writes the queued frames, finishes the GIF and returns the final status.
    pub fn stop(mut self) -> RecordingStatus {
        self.finish();
        self.status()
    }

    fn finish(&mut self) {
        self.sender = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            lock(&self.status).last_error = Some("the recording thread panicked".into());
        }
        lock(&self.status).active = false;
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The writer thread: draws and writes each frame, then finishes the GIF.
fn write_frames(
    receiver: &Receiver<Snapshot>,
    request: &RecordingRequest,
    mut gif: Option<GifWriter>,
    status: &Mutex<RecordingStatus>,
) {
    // A critic's scale and the z line's direction are kept from frame to frame, as the
    // app keeps them on screen.
    let mut critic_scale = KeptRange::default();
    let mut z_direction = KeptDirection::default();
    for snapshot in receiver {
        let m = &snapshot.metrics;
        let mut figure = Figure::from_snapshot(&snapshot, request.show_optimal);
        figure.keep_critic_scale(&mut critic_scale);
        figure.keep_z_direction(&mut z_direction);
        let picture = Picture::Frame {
            figure,
            caption: frame_caption(&request.name, m),
        };
        let path = request.dir.join(frame_file_name(m.steps));
        let scale = picture.scale_for(request.size);
        let written = picture
            .pixels(request.size, request.theme, scale)
            .and_then(|pixels| write_png(&path, &pixels, request.size).map(|()| pixels));
        match written {
            Ok(pixels) => {
                lock(status).frames_written += 1;
                if let Some(recorder) = gif.as_mut()
                    && let Err(e) = recorder.add_frame(&pixels)
                {
                    lock(status).last_error = Some(format!("GIF frame {}: {e}", m.steps));
                    gif = None;
                }
            }
            Err(e) => lock(status).last_error = Some(format!("frame {}: {e}", m.steps)),
        }
    }
    if let Some(recorder) = gif {
        match recorder.finish() {
            Ok(path) => lock(status).gif = Some(path),
            Err(e) => lock(status).last_error = Some(format!("GIF: {e}")),
        }
    }
}
