//! Recording a run as numbered PNG frames (and optionally one animated GIF) on a thread
//! of its own, so drawing and disk writes never hold up training or the UI.
//!
//! Frames are durable: each PNG is written whole (temporary name, then rename), so a
//! frame on disk is complete whatever happens next; a frame that cannot be written
//! (disk full, folder removed) is reported by number and the next ones are still tried.
//! Dropping the recorder finishes the GIF and joins the thread, so closing the app keeps
//! everything already recorded.
//!
//! In a browser ([`RecordingRequest::downloads`]) there is no folder and no second
//! thread: each frame is drawn as it is offered (training waits for it, as it waits for a
//! full queue on the desktop), kept in memory as a PNG in one zip and a GIF frame, and both
//! files are handed over as downloads when the recording stops.

use super::files::{GifWriter, encode_png, write_png};
use super::{Picture, frame_caption, frame_file_name};
use crate::engine::snapshot::Snapshot;
use crate::figure::{Figure, KeptDirection, KeptRange, Theme};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, SyncSender};
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
    /// Hand the finished files to this instead of writing them (a browser's download):
    /// the frames as one zip named after `dir`'s last part, the GIF by `gif`'s. Frames are
    /// then drawn as they are offered, with no thread of their own.
    pub downloads: Option<Download>,
}

/// Saves a finished file by name (a browser download) and says where it went.
#[derive(Clone, Copy)]
pub struct Download(pub fn(&str, &[u8]) -> Result<String, String>);

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Download")
    }
}

impl PartialEq for Download {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
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
    status: Arc<Mutex<RecordingStatus>>,
    drawing: Drawing,
}

/// Who draws the frames.
enum Drawing {
    /// A thread of its own, fed through a short queue.
    Thread {
        sender: Option<SyncSender<Snapshot>>,
        thread: Option<JoinHandle<()>>,
    },
    /// The caller, as each frame is offered (no second thread); `None` once finished.
    Inline(Option<Box<FrameWriter>>),
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
        let status = Arc::new(Mutex::new(RecordingStatus {
            dir: request.dir.clone(),
            frames_written: 0,
            last_error: None,
            active: true,
            gif: None,
        }));
        let every = request.every;
        let inline = request.downloads.is_some();
        let writer = FrameWriter::start(request)?;
        let drawing = if inline {
            Drawing::Inline(Some(Box::new(writer)))
        } else {
            let (sender, receiver) = mpsc::sync_channel(QUEUE);
            let thread_status = Arc::clone(&status);
            let thread = std::thread::Builder::new()
                .name("ganscope-recorder".into())
                .spawn(move || {
                    let mut writer = writer;
                    for snapshot in receiver {
                        writer.write(&snapshot, &thread_status);
                    }
                    writer.finish(&thread_status);
                })
                .map_err(|e| format!("cannot start the recording thread: {e}"))?;
            Drawing::Thread {
                sender: Some(sender),
                thread: Some(thread),
            }
        };
        Ok(Recorder {
            every,
            status,
            drawing,
        })
    }

    /// Iterations between frames.
    pub fn every(&self) -> u64 {
        self.every
    }

    /// Queues a frame of `snapshot` (drawn now when there is no recording thread); waits
    /// only when the writer is a few frames behind.
    pub fn offer(&mut self, snapshot: &Snapshot) {
        match &mut self.drawing {
            Drawing::Thread { sender, .. } => {
                if let Some(sender) = sender
                    && sender.send(snapshot.clone()).is_err()
                {
                    lock(&self.status).last_error = Some("the recording thread stopped".into());
                }
            }
            Drawing::Inline(Some(writer)) => writer.write(snapshot, &self.status),
            Drawing::Inline(None) => {}
        }
    }

    /// The current status.
    pub fn status(&self) -> RecordingStatus {
        lock(&self.status).clone()
    }

    /// Writes the queued frames, finishes the GIF (and hands over the downloads) and
    /// returns the final status.
    pub fn stop(mut self) -> RecordingStatus {
        self.finish();
        self.status()
    }

    fn finish(&mut self) {
        match &mut self.drawing {
            Drawing::Thread { sender, thread } => {
                *sender = None;
                if let Some(thread) = thread.take()
                    && thread.join().is_err()
                {
                    lock(&self.status).last_error = Some("the recording thread panicked".into());
                }
            }
            Drawing::Inline(writer) => {
                if let Some(writer) = writer.take() {
                    (*writer).finish(&self.status);
                }
            }
        }
        lock(&self.status).active = false;
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Where drawn frames go: numbered PNG files in a folder, or one zip in memory.
enum Frames {
    Folder(PathBuf),
    Zip(Box<zip::ZipWriter<std::io::Cursor<Vec<u8>>>>),
}

/// Where the GIF goes: a file, or memory.
enum Gif {
    File(GifWriter),
    Memory(GifWriter<Vec<u8>>),
}

impl Gif {
    fn add_frame(&mut self, pixels: &[u8]) -> Result<(), super::ExportError> {
        match self {
            Gif::File(gif) => gif.add_frame(pixels),
            Gif::Memory(gif) => gif.add_frame(pixels),
        }
    }
}

/// Draws each frame and writes it (and its GIF frame) where the request said.
struct FrameWriter {
    request: RecordingRequest,
    frames: Frames,
    gif: Option<Gif>,
    // A critic's scale and the z line's direction are kept from frame to frame, as the
    // app keeps them on screen.
    critic_scale: KeptRange,
    z_direction: KeptDirection,
}

/// The last part of `path` (a download's name), or `fallback`.
fn file_name(path: &Path, fallback: &str) -> String {
    path.file_name()
        .map_or_else(|| fallback.to_string(), |n| n.to_string_lossy().into_owned())
}

impl FrameWriter {
    /// Opens the outputs: checks the folder and starts the GIF file, or starts both in
    /// memory.
    fn start(request: RecordingRequest) -> Result<Self, String> {
        let (frames, gif) = if request.downloads.is_some() {
            let gif = match &request.gif {
                Some(path) => Some(Gif::Memory(
                    GifWriter::in_memory(&file_name(path, "ganscope.gif"), request.size)
                        .map_err(|e| e.to_string())?,
                )),
                None => None,
            };
            let zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            (Frames::Zip(Box::new(zip)), gif)
        } else {
            check_writable(&request.dir)?;
            let gif = match &request.gif {
                Some(path) => Some(Gif::File(
                    GifWriter::create(path, request.size).map_err(|e| e.to_string())?,
                )),
                None => None,
            };
            (Frames::Folder(request.dir.clone()), gif)
        };
        Ok(FrameWriter {
            request,
            frames,
            gif,
            critic_scale: KeptRange::default(),
            z_direction: KeptDirection::default(),
        })
    }

    /// Draws one frame and writes it; a failure is reported by the frame's iteration and
    /// the next frames are still tried.
    fn write(&mut self, snapshot: &Snapshot, status: &Mutex<RecordingStatus>) {
        let request = &self.request;
        let m = &snapshot.metrics;
        let mut figure = Figure::from_snapshot(snapshot, request.show_optimal);
        figure.keep_critic_scale(&mut self.critic_scale);
        figure.keep_z_direction(&mut self.z_direction);
        let picture = Picture::Frame {
            figure,
            caption: frame_caption(&request.name, m),
        };
        let name = frame_file_name(m.steps);
        let scale = picture.scale_for(request.size);
        let written = picture
            .pixels(request.size, request.theme, scale)
            .and_then(|pixels| match &mut self.frames {
                Frames::Folder(dir) => write_png(&dir.join(&name), &pixels, request.size).map(|()| pixels),
                Frames::Zip(zip) => {
                    let png = encode_png(&pixels, request.size)?;
                    // PNGs are compressed already: stored as they are.
                    let options = zip::write::SimpleFileOptions::default()
                        .compression_method(zip::CompressionMethod::Stored);
                    zip.start_file(name.as_str(), options)
                        .and_then(|()| std::io::Write::write_all(zip, &png).map_err(Into::into))
                        .map_err(|e| super::ExportError(format!("cannot add {name} to the zip: {e}")))?;
                    Ok(pixels)
                }
            });
        match written {
            Ok(pixels) => {
                lock(status).frames_written += 1;
                if let Some(gif) = self.gif.as_mut()
                    && let Err(e) = gif.add_frame(&pixels)
                {
                    lock(status).last_error = Some(format!("GIF frame {}: {e}", m.steps));
                    self.gif = None;
                }
            }
            Err(e) => lock(status).last_error = Some(format!("frame {}: {e}", m.steps)),
        }
    }

    /// Finishes the GIF, and hands the zip and the GIF to the download when there is one.
    fn finish(self, status: &Mutex<RecordingStatus>) {
        let FrameWriter {
            request, frames, gif, ..
        } = self;
        let fail = |e: String| lock(status).last_error = Some(e);
        match gif {
            Some(Gif::File(gif)) => match gif.finish() {
                Ok(path) => lock(status).gif = Some(path),
                Err(e) => fail(format!("GIF: {e}")),
            },
            Some(Gif::Memory(gif)) => {
                let name = request
                    .gif
                    .as_deref()
                    .map_or_else(|| "ganscope.gif".into(), |p| file_name(p, "ganscope.gif"));
                match (gif.into_bytes(), request.downloads) {
                    (Ok(bytes), Some(Download(save))) => match save(&name, &bytes) {
                        Ok(_) => lock(status).gif = Some(PathBuf::from(name)),
                        Err(e) => fail(format!("GIF: {e}")),
                    },
                    (Err(e), _) => fail(format!("GIF: {e}")),
                    (Ok(_), None) => {}
                }
            }
            None => {}
        }
        if let (Frames::Zip(zip), Some(Download(save))) = (frames, request.downloads) {
            let name = format!("{}.zip", file_name(&request.dir, "ganscope-frames"));
            let saved = zip
                .finish()
                .map_err(|e| e.to_string())
                .and_then(|cursor| save(&name, &cursor.into_inner()));
            if let Err(e) = saved {
                fail(format!("{name}: {e}"));
            }
        }
    }
}
