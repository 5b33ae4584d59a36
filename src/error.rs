//! Errors that carry their place: every data error names its file, and the line
//! and column where there is one, then says what was expected and what was found.
//! `snippet` draws the same errors with their source line and a caret.

mod key_path;
pub(crate) mod snippet;

pub use key_path::{KeyPath, Segment};

use std::fmt;
use std::path::PathBuf;

/// The most characters of a message after its place: a message quotes what
/// was found, and a file of any size must not make one error a flood.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// The most characters of a value or source line quoted in a message.
pub const MAX_EXCERPT_CHARS: usize = 80;

/// `text` cut to its first line and at most `max` characters, with an
/// ellipsis where anything was cut: the one way a message quotes data.
pub fn excerpt(text: &str, max: usize) -> String {
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    let cut = first.char_indices().nth(max).map(|(i, _)| i);
    match cut {
        Some(i) => format!("{}…", &first[..i]),
        None if first.len() < text.len() => format!("{first}…"),
        None => first.to_string(),
    }
}

/// A message on one line and at most [`MAX_MESSAGE_CHARS`] long.
fn one_bounded_line(message: &str) -> String {
    let line = message.replace(['\n', '\r'], " ");
    match line.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

/// One problem found in the input data, and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as given under `--data` (e.g. `data/deals/x.yaml`).
    pub file: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u64>,
    /// Where in the record, when the problem is about one key (`price.ramp[0].months`).
    pub key: Option<KeyPath>,
    /// Boxed: diagnostics travel in `Result`s, which stay small this way.
    pub problem: Box<Problem>,
}

/// What is wrong, as data: the kinds that recur across the contract's rules
/// have their own variant; a rule of one place says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value of the wrong form: "`price.monthly`: expected X, found Y".
    Expected {
        what: String,
        expected: String,
        found: String,
    },
    /// A key the contract does not define here, with the closest allowed key
    /// when one is near enough to be a typo.
    UnknownKey {
        /// The key path as written in messages (`` `price.currency` ``).
        path: String,
        /// What holds it (`` `price` ``, `a deal`, `site.yaml`).
        container: String,
        allowed: Vec<String>,
        key: String,
        suggestion: Option<String>,
    },
    /// A rule of one place, in words, about the value at `what`:
    /// "`end`: expected a date on or after `start` (...), found ...".
    Rule { what: String, rule: String },
    /// Any other rule, in words.
    Message(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Expected { what, .. } | Problem::Rule { what, .. } => {
                write!(f, "{what}: {}", self.detail())
            }
            Problem::UnknownKey { path, .. } => write!(f, "{path}: {}", self.detail()),
            Problem::Message(m) => f.write_str(m),
        }
    }
}

impl Problem {
    /// The message without the name of the place it is about ("expected X,
    /// found Y"), for readers that show the key beside it.
    pub fn detail(&self) -> String {
        match self {
            Problem::Expected {
                expected, found, ..
            } => format!("expected {expected}, found {found}"),
            Problem::UnknownKey {
                container,
                allowed,
                key,
                suggestion,
                ..
            } => {
                let known = format!(
                    "expected a key of {container} ({}), found the unknown key `{key}`",
                    allowed.join(", ")
                );
                match suggestion {
                    Some(s) => format!("{known}; did you mean `{s}`?"),
                    None => known,
                }
            }
            Problem::Rule { rule, .. } => rule.clone(),
            Problem::Message(m) => m.clone(),
        }
    }
}

/// The allowed key closest to `key`, if it is near enough to be a typo: at
/// most a third of its letters edited (cargo and clap suggest the same way).
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let limit = (key.chars().count() / 3).max(1);
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(key, a), *a))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, a)| a)
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::place(file, None, None, Problem::Message(message.into()))
    }

    pub fn at(file: impl Into<String>, line: u64, column: u64, message: impl Into<String>) -> Self {
        Self::place(
            file,
            Some(line),
            Some(column),
            Problem::Message(message.into()),
        )
    }

    pub fn line(file: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Self::place(file, Some(line), None, Problem::Message(message.into()))
    }

    pub fn place(
        file: impl Into<String>,
        line: Option<u64>,
        column: Option<u64>,
        problem: Problem,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            column,
            key: None,
            problem: Box::new(problem),
        }
    }

    /// A rule broken by the value at `key`: the message reads "`key`: rule".
    pub fn rule(
        file: impl Into<String>,
        line: Option<u64>,
        column: Option<u64>,
        key: KeyPath,
        rule: impl Into<String>,
    ) -> Self {
        let what = key.quoted();
        Self::place(
            file,
            line,
            column,
            Problem::Rule {
                what,
                rule: rule.into(),
            },
        )
        .with_key(key)
    }

    /// The same problem, about the value at `key` (the root is no key).
    pub fn with_key(mut self, key: KeyPath) -> Self {
        self.key = (!key.is_root()).then_some(key);
        self
    }

    /// The message after the place, on one line and bounded in length.
    pub fn message(&self) -> String {
        // Messages may quote user data: keep them on one line so that one
        // error is one line, and short whatever the data holds.
        one_bounded_line(&self.problem.to_string())
    }

    /// `file:line:col`, as much of it as is known.
    pub fn place_text(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// Errors are listed by file, line, column, then message: the order a reader
/// walks the files in, whatever order the rules ran in.
impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.file, self.line, self.column)
            .cmp(&(&other.file, other.line, other.column))
            .then_with(|| self.message().cmp(&other.message()))
            .then_with(|| self.key.cmp(&other.key))
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Diagnostic {
    /// The key path of the problem (`price.ramp[0].months`) and the rest of
    /// the message, for `check --format json`; no key when it names none.
    pub fn key_and_message(&self) -> (Option<String>, String) {
        match &self.key {
            Some(key) => (
                Some(key.to_string()),
                one_bounded_line(&self.problem.detail()),
            ),
            None => (None, self.message()),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place_text(), self.message())
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
    /// 0 ok, 1 bad data, 2 bad arguments or I/O (docs/cli.md).
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
    out.push_str(&count_line(diags.len()));
    out
}

/// "3 errors in the data".
fn count_line(n: usize) -> String {
    format!("{} in the data", crate::count::count(n as u64, "error"))
}

/// The whole report of a failed run, as `main` prints it on stderr: data
/// errors drawn with their source lines at a terminal (see [`snippet`]),
/// one plain line each otherwise.
pub fn report(e: &Error) -> String {
    match e {
        Error::Data(diags) if snippet::wanted() => {
            snippet::render(diags, |file| std::fs::read_to_string(file).ok(), true)
        }
        Error::Data(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_line_and_bounded() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("first\nsecond", 10), "first…");
        assert_eq!(excerpt("abcdefghijkl", 5), "abcde…");
        assert_eq!(excerpt("ééééé", 3), "ééé…");
        let long = Diagnostic::new("f", "x".repeat(5_000_000) + "\nsecret");
        assert_eq!(long.message().chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(!long.message().contains("secret"));
    }

    #[test]
    fn did_you_mean_suggests_a_near_key_only() {
        let keys = ["id", "title", "buyer", "provider", "price", "capacity"];
        assert_eq!(did_you_mean("buyr", &keys), Some("buyer"));
        assert_eq!(did_you_mean("provder", &keys), Some("provider"));
        assert_eq!(did_you_mean("capcity", &keys), Some("capacity"));
        assert_eq!(did_you_mean("Price", &keys), Some("price"));
        assert_eq!(did_you_mean("currency", &keys), None);
        assert_eq!(did_you_mean("x", &keys), None);
    }
}
