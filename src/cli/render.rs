//! `ganscope render`: train headless and write a frame every N iterations (and at
//! iteration 0) as numbered PNG files, optionally one looping GIF, through the same
//! recorder the app records with.

use super::{CliError, RenderArgs, experiment_from, new_gan, output_folder};
use crate::engine::gan::GanError;
use crate::engine::presets;
use crate::export::FRAME_SIZE;
use crate::export::recorder::{Recorder, RecordingRequest};
use crate::figure::Theme;

/// Runs `ganscope render`.
pub fn run(args: RenderArgs) -> Result<(), CliError> {
    let (experiment, steps) = experiment_from(&args.experiment)?;
    let name = args
        .experiment
        .preset
        .clone()
        .unwrap_or_else(|| presets::default_preset().name.into());
    let every = args.every.unwrap_or((steps / 50).max(1));
    output_folder(&args.out)?;
    let mut gan = new_gan(experiment)?;
    let mut recorder = Recorder::start(RecordingRequest {
        name,
        dir: args.out.clone(),
        every,
        gif: args.gif.clone(),
        size: args.size.unwrap_or(FRAME_SIZE),
        theme: Theme::Light,
        show_optimal: args.dstar,
        downloads: None,
    })
    .map_err(CliError::Input)?;
    let snapshot = |gan: &crate::engine::gan::Gan| gan.snapshot().map_err(CliError::run);
    recorder.offer(&snapshot(&gan)?);
    let bar = indicatif::ProgressBar::new(steps);
    let mut failure = None;
    for _ in 0..steps {
        if let Err(e) = gan.iteration() {
            failure = Some(e);
            break;
        }
        bar.inc(1);
        if gan.steps().is_multiple_of(every) {
            recorder.offer(&snapshot(&gan)?);
        }
    }
    bar.finish_and_clear();
    let status = recorder.stop();
    if let Some(gif) = &status.gif {
        eprintln!("wrote {}", gif.display());
    }
    eprintln!("wrote {} frames to {}", status.frames_written, args.out.display());
    if let Some(error) = status.last_error {
        // The first frame proves the folder takes files; failing there is bad input.
        return Err(if status.frames_written == 0 {
            CliError::Input(error)
        } else {
            CliError::Run(error)
        });
    }
    match failure {
        Some(GanError::Diverged(why)) => Err(CliError::Run(format!(
            "training diverged: {why}; frames so far are kept"
        ))),
        Some(other) => Err(CliError::run(other)),
        None => Ok(()),
    }
}
