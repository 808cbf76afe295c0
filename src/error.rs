//! Typed errors of the library. Every error that comes from input carries where it happened.

use std::path::PathBuf;

/// A position in an input: file, 1-based line and 0-based byte offset of the line start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file name as given (`-` for standard input).
    pub path: PathBuf,
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the start of the line in the file.
    pub byte: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} (byte {})",
            self.path.display(),
            self.line,
            self.byte
        )
    }
}

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of input that cannot be used, where the caller treats it as fatal.
    #[error("{pos}: {why}")]
    Parse {
        /// Where.
        pos: Position,
        /// Why, in a few words.
        why: String,
    },
    /// Too many lines could not be parsed: the result would be a misleadingly short list.
    #[error(
        "{bad} of {total} lines could not be parsed ({ratio:.4} > --max-bad-ratio {limit}); first: {first}{unread}"
    )]
    TooManyBadLines {
        /// Bad lines.
        bad: u64,
        /// All lines read.
        total: u64,
        /// bad / total.
        ratio: f64,
        /// The limit in force.
        limit: f64,
        /// The first bad line, `file:line: why`.
        first: String,
        /// The inputs that could not be read completely besides, as `; also ...` (or empty),
        /// so that the one error line names them too.
        unread: String,
    },
    /// A leak source that is mostly (or only) malformed lines: likely the wrong kind of file.
    #[error("{path}: {why}")]
    Source {
        /// The source file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// A configuration file or value that cannot be used.
    #[error("configuration: {0}")]
    Config(String),
    /// A leak store built with another key, or otherwise not usable with this run.
    #[error("{path}: {why}")]
    Store {
        /// The store file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// Anything else the caller asked for that cannot be done.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// Wraps an I/O error with the file it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
