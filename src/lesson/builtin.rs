//! The lessons that ship with ganscope, as TOML files in `lessons/` compiled in, so a
//! lecturer can copy one (`ganscope lesson list` names them) and edit it.

use super::{Lesson, LessonError, parse};
use std::path::Path;

/// A built-in lesson: its name and its file's text.
pub struct Builtin {
    /// Name for `--lesson NAME` and `ganscope lesson check NAME`.
    pub name: &'static str,
    /// The lesson file.
    pub text: &'static str,
}

/// Every built-in lesson; the first is the one the Lessons menu offers first.
pub const BUILTINS: &[Builtin] = &[Builtin {
    name: "gan-lecture",
    text: include_str!("../../lessons/gan-lecture.toml"),
}];

/// The built-in lesson called `name`.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

impl Builtin {
    /// The lesson, parsed (the tests keep every built-in valid).
    pub fn lesson(&self) -> Result<Lesson, LessonError> {
        parse(&format!("'{}' (built in)", self.name), self.text)
    }
}

/// The lesson `name_or_file` names: a built-in lesson by name, else a lesson file.
pub fn open(name_or_file: &str) -> Result<Lesson, LessonError> {
    if let Some(builtin) = find(name_or_file) {
        return builtin.lesson();
    }
    let path = Path::new(name_or_file);
    let text = std::fs::read_to_string(path).map_err(|e| LessonError {
        message: format!(
            "no built-in lesson '{name_or_file}' and no lesson file there ({e}); built-in lessons: {}",
            BUILTINS.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
        ),
    })?;
    parse(&format!("'{}'", path.display()), &text)
}
