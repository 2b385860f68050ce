//! The `ganscope` binary: parse the command line, then hand off to the app or the CLI.

#[cfg(not(target_arch = "wasm32"))]
use {
    clap::Parser,
    ganscope::cli::{self, Cli},
    ganscope::engine::device::{self, DEFAULT_CPU_THREADS},
    std::process::ExitCode,
};

/// candle allocates a fresh buffer per tensor op; glibc returned those pages to the
/// kernel and faulted them back in, a third of training time at batch 1024 (perf).
/// mimalloc keeps and reuses them.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many threads CPU training may use: `--threads`, else RAYON_NUM_THREADS, else the
/// default. Training cuts each minibatch over them itself (`engine/gan/split.rs`), so
/// candle is told to use one: its own per-op splitting would compete for the same cores.
/// candle reads the variable at each operation, so this must happen before any tensor
/// work.
#[cfg(not(target_arch = "wasm32"))]
#[allow(unsafe_code)]
fn set_cpu_threads(threads: Option<u16>) {
    let threads = threads
        .map(usize::from)
        .or_else(device::threads_from_env)
        .unwrap_or(DEFAULT_CPU_THREADS);
    device::set_cpu_threads(threads);
    // SAFETY: called first thing in main, before any other thread exists, so nothing
    // can read the environment concurrently.
    unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
}

/// In a browser the binary is the web app: the page's script calls this, and it starts
/// the app on the page's canvas (`src/app/platform/web.rs`).
#[cfg(all(target_arch = "wasm32", feature = "app"))]
fn main() {
    ganscope::app::platform::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args = Cli::parse();
    set_cpu_threads(args.threads);
    match (args.command, args.lesson) {
        (Some(_), Some(_)) => cli::CliError::Input(
            "--lesson opens the app on a lesson and goes without a command; to check or render a lesson, use `ganscope lesson check|render NAME`".into(),
        )
        .report(),
        (Some(command), None) => match cli::run(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.report(),
        },
        (None, lesson) => {
            // A lesson that does not load is refused before any window opens.
            let lesson = match lesson.as_deref().map(ganscope::lesson::builtin::open).transpose() {
                Ok(lesson) => lesson,
                Err(e) => return cli::CliError::Input(e.to_string()).report(),
            };
            open_window(lesson)
        }
    }
}

#[cfg(all(feature = "app", not(target_arch = "wasm32")))]
fn open_window(lesson: Option<ganscope::lesson::Lesson>) -> ExitCode {
    match ganscope::app::run(lesson) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(all(not(feature = "app"), not(target_arch = "wasm32")))]
fn open_window(_lesson: Option<ganscope::lesson::Lesson>) -> ExitCode {
    eprintln!("error: this build has no window (built without the `app` feature); see --help");
    ExitCode::from(2)
}
