//! A recording of the run in progress: the recorder thread's handle, the status of the
//! last one that ended, and the last iteration handed to it.

use crate::engine::gan::{Gan, GanError};
use crate::export::recorder::{Recorder, RecordingRequest, RecordingStatus};

/// The recording side of a run.
#[derive(Default)]
pub(super) struct Recording {
    recorder: Option<Recorder>,
    /// Status of a recording that ended or failed to start, shown until the next one.
    ended: Option<RecordingStatus>,
    last_recorded: Option<u64>,
}

impl Recording {
    /// Starts a recording (ending any other); a refused start is kept as its status.
    pub fn start(&mut self, request: RecordingRequest) {
        self.stop();
        let dir = request.dir.clone();
        match Recorder::start(request) {
            Ok(recorder) => {
                self.recorder = Some(recorder);
                self.ended = None;
                self.last_recorded = None;
            }
            Err(message) => {
                self.ended = Some(RecordingStatus {
                    dir,
                    frames_written: 0,
                    last_error: Some(message),
                    active: false,
                    gif: None,
                })
            }
        }
    }

    /// Finishes the recording: queued frames are written and the GIF closed.
    pub fn stop(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            self.ended = Some(recorder.stop());
        }
    }

    /// Hands a snapshot of `gan` to the recorder at every multiple of its stride (and at
    /// the iteration where recording started).
    pub fn record_if_due(&mut self, gan: &Gan) -> Result<(), GanError> {
        let Some(recorder) = &mut self.recorder else {
            return Ok(());
        };
        let steps = gan.steps();
        let due = self.last_recorded.is_none() || steps.is_multiple_of(recorder.every());
        if !due || self.last_recorded == Some(steps) {
            return Ok(());
        }
        recorder.offer(&gan.snapshot()?);
        self.last_recorded = Some(steps);
        Ok(())
    }

    /// The current recording's status, or the last one's.
    pub fn status(&self) -> Option<RecordingStatus> {
        self.recorder
            .as_ref()
            .map(Recorder::status)
            .or_else(|| self.ended.clone())
    }
}
