//! One error type for the whole program, with its exit status.
//!
//! Exit status: 0 success, 1 runtime failure (SMTP down, some sends failed),
//! 2 invalid input or usage (bad data files, bad flags, unknown ids).

use std::fmt;
use std::path::PathBuf;

/// One problem found in the data directory, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escaped(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory has problems; every one is listed.
    #[error("{}", render_problems(.0))]
    Invalid(Vec<Problem>),
    /// A flag, argument or value given on the command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// Something failed while running (network, disk, a child process).
    #[error("{0}")]
    Runtime(String),
    /// The result could not be written to stdout (a full disk, a closed
    /// file); a closed pipe is not an error (see `output::emit`).
    #[error("{message}")]
    Write {
        message: String,
        #[source]
        source: std::io::Error,
    },
    /// An I/O error on a given file.
    #[error("{}: {source}", escaped(&.path.display().to_string()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Usage(_) => 2,
            Error::Runtime(_) | Error::Write { .. } | Error::Io { .. } => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Error::Runtime(message.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The longest value a message quotes whole; longer ones are cut.
pub const SHOWN_CHARS: usize = 80;

/// A value as a message shows it: control characters escaped (`\r`, `\n`,
/// `\u{0}`…) so a value always stays on its line and cannot move the
/// cursor, and cut after [`SHOWN_CHARS`] characters with an ellipsis so a
/// 1 MB value is not echoed whole. Every `t!` argument goes through it.
pub fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 4));
    for (count, c) in value.chars().enumerate() {
        if count == SHOWN_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// Like [`shown`] but never cut: for texts the program composed itself
/// (file paths, lists), which may be long but hold no stray control codes.
pub fn escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}
