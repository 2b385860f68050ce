//! The `ganscope` binary: parse the command line, then hand off to the app or the CLI.

use clap::Parser;
use ganscope::cli::{self, Cli};
use ganscope::engine::device::DEFAULT_CPU_THREADS;
use std::process::ExitCode;

/// Tells candle how many CPU threads to use. It reads the variable at each operation,
/// so this must happen before any tensor work.
#[allow(unsafe_code)]
fn set_cpu_threads(threads: Option<u16>) {
    let env_given = std::env::var_os("RAYON_NUM_THREADS").is_some();
    let threads = match threads {
        Some(n) => n.to_string(),
        None if env_given => return,
        None => DEFAULT_CPU_THREADS.to_string(),
    };
    // SAFETY: called first thing in main, before any other thread exists, so nothing
    // can read the environment concurrently.
    unsafe { std::env::set_var("RAYON_NUM_THREADS", threads) };
}

fn main() -> ExitCode {
    let args = Cli::parse();
    set_cpu_threads(args.threads);
    match args.command {
        Some(command) => match cli::run(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.report(),
        },
        None => {
            eprintln!("the app is not built yet; try `ganscope train --json`");
            ExitCode::SUCCESS
        }
    }
}
