//! `ganscope lesson`: list the built-in lessons, check a lesson (and with `--run`, play
//! every scene headless and check its claims), and render a lesson to slides: one PNG
//! per scene and per caption or question, named so they sort in order.

use super::{CliError, output_folder};
use crate::export::{SLIDE_SIZE, slide_file_name};
use crate::figure::Theme;
use crate::lesson::builtin::{BUILTINS, open};
use crate::lesson::play::play;
use crate::lesson::{Lesson, Scene, Stage};
use clap::Subcommand;
use std::path::PathBuf;

/// What `ganscope lesson` does.
#[derive(Subcommand, Debug)]
pub enum LessonCommand {
    /// List the built-in lessons, one line each.
    List,
    /// Check a lesson file (or built-in lesson): one line per scene, or the error.
    Check {
        /// A built-in lesson's name or a lesson file.
        lesson: String,
        /// Also play every scene headless and check its claims ([[scene.expect]]);
        /// exit status 1 when one fails.
        #[arg(long)]
        run: bool,
        /// With --run, play on this seed instead of each scene's own.
        #[arg(long, requires = "run")]
        seed: Option<u64>,
    },
    /// Render a lesson to slides, headless: one PNG per scene and per caption.
    Render {
        /// A built-in lesson's name or a lesson file.
        lesson: String,
        /// Folder for the slides (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Slide size in pixels (default 1600x1000).
        #[arg(long, value_name = "WxH", value_parser = super::parse_size)]
        size: Option<(u32, u32)>,
    },
}

/// Runs `ganscope lesson ...`.
pub fn run(command: LessonCommand) -> Result<(), CliError> {
    match command {
        LessonCommand::List => {
            let width = BUILTINS.iter().map(|b| b.name.len()).max().unwrap_or(0);
            for builtin in BUILTINS {
                let lesson = builtin.lesson().map_err(|e| CliError::Run(e.to_string()))?;
                println!(
                    "{:width$}  {} ({} scenes)",
                    builtin.name,
                    lesson.title,
                    lesson.scenes.len()
                );
            }
            Ok(())
        }
        LessonCommand::Check { lesson, run, seed } => check(&load(&lesson)?, run, seed),
        LessonCommand::Render { lesson, out, size } => {
            render(&load(&lesson)?, &out, size.unwrap_or(SLIDE_SIZE))
        }
    }
}

fn load(name: &str) -> Result<Lesson, CliError> {
    open(name).map_err(|e| CliError::Input(e.to_string()))
}

/// One line describing a scene: its view, what it starts, how long and how fast.
pub fn scene_summary(n: usize, scene: &Scene) -> String {
    let what = match &scene.stage {
        Stage::Live { preset, fix, .. } => {
            format!(
                "live {}{}, {} iterations",
                preset.name,
                if *fix { " (cured)" } else { "" },
                scene.steps
            )
        }
        Stage::Compare { pair, .. } => {
            let name = crate::engine::presets::pairs::pairs()
                .get(*pair)
                .map(|p| p.name())
                .unwrap_or_default();
            format!("compare '{name}', {} iterations", scene.steps)
        }
        Stage::Figure1 { seed } => format!("figure1, seed {seed}"),
        Stage::Map(spec) => format!("map x {}, y {}, {} steps a run", spec.x, spec.y, spec.steps),
        Stage::Phase(s) => format!(
            "phase {}, h {}, gamma {}",
            s.dirac.game.name(),
            s.dirac.step,
            s.dirac.gamma
        ),
    };
    let actions = scene.actions.len();
    let captions = scene.actions.iter().filter(|a| a.has_words()).count();
    format!(
        "{n:2}. {}: {what}; {actions} action(s), {captions} caption(s), {} claim(s)",
        scene.title,
        scene.expects.len()
    )
}

fn check(lesson: &Lesson, run: bool, seed: Option<u64>) -> Result<(), CliError> {
    println!("{}", lesson.title);
    let mut failed = 0;
    for (i, scene) in lesson.scenes.iter().enumerate() {
        println!("{}", scene_summary(i + 1, scene));
        if !run {
            continue;
        }
        let played = play(scene, seed).map_err(CliError::run)?;
        for check in &played.checks {
            let verdict = if check.holds { "ok  " } else { "FAIL" };
            println!("      {verdict} {} (measured {:.4})", check.claim, check.value);
            failed += usize::from(!check.holds);
        }
    }
    if failed > 0 {
        return Err(CliError::Run(format!(
            "{failed} claim(s) of the lesson did not hold"
        )));
    }
    Ok(())
}

fn render(lesson: &Lesson, out: &std::path::Path, size: (u32, u32)) -> Result<(), CliError> {
    output_folder(out)?;
    let mut written = 0;
    for (i, scene) in lesson.scenes.iter().enumerate() {
        let played = play(scene, None).map_err(CliError::run)?;
        for (k, slide) in played.slides.iter().enumerate() {
            let path = out.join(slide_file_name(i + 1, k + 1, &scene.title));
            let saved = slide
                .picture()
                .save_sized(&path, size, Theme::Light)
                .map_err(CliError::run)?;
            eprintln!("{saved}");
            written += 1;
        }
    }
    println!(
        "wrote {written} slides of '{}' to {}",
        lesson.title,
        out.display()
    );
    Ok(())
}
