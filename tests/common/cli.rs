//! The built binary, for the tests that run the command line (tests/cli.rs,
//! tests/lesson.rs, tests/export.rs, tests/plane_run.rs): run it, and read what it wrote.

use std::process::{Command, Output};

/// Runs the built `ganscope` binary with `args` and waits for it.
pub fn ganscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ganscope"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// What the run wrote to standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What the run wrote to standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
