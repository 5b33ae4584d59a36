//! Errors that carry their place: every data error names its file, and the line
//! and column where there is one, then says what was expected and what was found.

use std::fmt;
use std::path::PathBuf;

/// One problem found in the input data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as given under `--data` (e.g. `data/deals/x.yaml`).
    pub file: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u64>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(file: impl Into<String>, line: u64, column: u64, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    pub fn line(file: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }
}

impl Diagnostic {
    /// The key path a message starts with (`` `price.ramp[0].months`: expected
    /// ...``), and the rest of the message; no key when the message names none.
    pub fn key_and_message(&self) -> (Option<&str>, &str) {
        self.message
            .strip_prefix('`')
            .and_then(|rest| rest.split_once("`: "))
            .map_or((None, self.message.as_str()), |(key, rest)| {
                (Some(key), rest)
            })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        // Messages may quote user data: keep them on one line so that one error is one line.
        write!(f, ": {}", self.message.replace(['\n', '\r'], " "))
    }
}

/// Everything that can stop a run, each mapped to an exit code by `main`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory has problems; all of them are listed.
    #[error("{}", render_diagnostics(.0))]
    Data(Vec<Diagnostic>),
    /// A command-line value that clap could not check itself.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing files failed for a reason that is not the data's fault.
    #[error("{context} {}: {source}", path.display())]
    Io {
        context: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A polars computation failed; this is a bug or a resource problem, not bad data.
    #[error("computation failed: {0}")]
    Compute(#[from] polars::error::PolarsError),
    /// A template failed to render.
    #[error("rendering failed: {0}")]
    Render(#[from] askama::Error),
}

impl Error {
    /// 0 ok, 1 bad data, 2 bad arguments or I/O (SPEC.md section 9).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Data(_) => 1,
            _ => 2,
        }
    }

    pub fn io(context: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            context,
            path: path.into(),
            source,
        }
    }
}

fn render_diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str("error: ");
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let n = diags.len();
    out.push_str(&format!(
        "{n} error{} in the data",
        if n == 1 { "" } else { "s" }
    ));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
