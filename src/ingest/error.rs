//! What can be wrong with a center's exports, said so a planner can fix
//! it: every error names the file, the line (and record or column) and the
//! field, what is wrong and what would be right.
//!
//! All of them are fatal for the command that reads the input (the CLI
//! exits with code 2): a record that cannot be read is not silently
//! dropped, since a calibration from part of the data would look right and
//! be wrong. What real exports legitimately contain (duplicates, records
//! still in progress, other event types) is not an error but a counted
//! skip, see [`super::skips`].

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input something is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (for a gzip'd object, the `.gz` file; lines count in the
    /// decompressed text).
    pub path: PathBuf,
    /// 1-based line.
    pub line: u64,
    /// 1-based column (in bytes), when known.
    pub column: Option<u32>,
    /// 1-based number of the JSON record in its file, when in one.
    pub record: Option<u64>,
}

impl Location {
    /// Line `line` of `path`.
    pub fn line(path: &Path, line: u64) -> Location {
        Location {
            path: path.to_path_buf(),
            line,
            column: None,
            record: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)?;
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        if let Some(r) = self.record {
            write!(f, " (record {r})")?;
        }
        Ok(())
    }
}

/// A problem with an input file. Every variant is fatal.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or folder could not be opened or read.
    #[error("{}: cannot read: {source} — check that it exists and is readable", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A gzip file's stream broke off or is damaged.
    #[error("{}: cannot decompress: {source} — the gzip file is cut short or damaged (an interrupted download or copy?): fetch it again (`gzip -t FILE` checks one)", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        source: std::io::Error,
    },
    /// The bytes are not JSON where contact records were expected.
    #[error(
        "{at}: not JSON: {problem} — contact records are read as JSON lines, one JSON array \
         of records, or JSON objects written one after another (Firehose)"
    )]
    NotJson {
        /// Where.
        at: Box<Location>,
        /// What the parser met.
        problem: String,
    },
    /// The file ends in the middle of a record or an array.
    #[error(
        "{at}: the file ends inside {what} — it was cut short (an interrupted download or \
         copy?); fetch it again"
    )]
    Truncated {
        /// Where the unfinished record or array starts.
        at: Box<Location>,
        /// What is unfinished (`this record`, `the JSON array`).
        what: String,
    },
    /// A field of a record, or a cell of a CSV, has a value that cannot be
    /// right.
    #[error("{at}: field `{field}`: {problem} — {hint}")]
    Field {
        /// Where.
        at: Box<Location>,
        /// The field path (`Queue.EnqueueTimestamp`) or the CSV column.
        field: String,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// Two timestamps of one record contradict the contact's life.
    #[error(
        "{at}: field `{later_field}` ({later}) is before `{earlier_field}` ({earlier}) — a \
         contact's timestamps follow its life ({earlier_field} comes first); was the record \
         edited, or two fields swapped?"
    )]
    OutOfOrder {
        /// Where.
        at: Box<Location>,
        /// The field that must come first.
        earlier_field: String,
        /// Its value, as written.
        earlier: String,
        /// The field that must come later.
        later_field: String,
        /// Its value, as written.
        later: String,
    },
    /// The records' initiations span more than a calibration reads
    /// (`max_days`) — typically one record dated in the wrong century.
    #[error(
        "the contact records span {days} days of InitiationTimestamp, from {} ({earliest}) to {} \
         ({latest}) — more than the {} days ccsim reads at once; a record dated out of place \
         (a year 0000 or 1970 timestamp?) stretches the span: correct or remove it, or split \
         the export into periods of at most three years",
        crate::timefmt::format_iso8601_utc_seconds(*first_ms),
        crate::timefmt::format_iso8601_utc_seconds(*last_ms),
        max_days
    )]
    SpanTooLong {
        /// Whole days from the earliest initiation to the latest.
        days: i64,
        /// The longest span read.
        max_days: i64,
        /// The earliest record.
        earliest: Box<Location>,
        /// Its initiation, Unix ms.
        first_ms: i64,
        /// The latest record.
        latest: Box<Location>,
        /// Its initiation, Unix ms.
        last_ms: i64,
    },
    /// A CSV file that cannot be read as CSV.
    #[error("{at}: not CSV: {problem} — save the report as UTF-8 CSV")]
    NotCsv {
        /// Where.
        at: Box<Location>,
        /// What the CSV reader met.
        problem: String,
    },
    /// A CSV's header lacks a column the file's kind needs.
    #[error(
        "{}:{line}: no {missing} column in the header `{header}` — name one column {accepted}",
        path.display()
    )]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The header's line.
        line: u64,
        /// The header as read.
        header: String,
        /// What the missing column holds (`queue`, `contacts queued`).
        missing: String,
        /// The header names accepted for it.
        accepted: String,
    },
    /// The time zone name is not one ccsim knows.
    #[error(
        "--time-zone `{name}`: {problem} — give an IANA time zone name such as \
         \"America/New_York\", \"Europe/Berlin\" or \"UTC\""
    )]
    UnknownZone {
        /// The name given.
        name: String,
        /// What the time zone database said.
        problem: String,
    },
    /// A local date and time cannot be placed on the time line.
    #[error("{what}: outside the times ccsim can represent — check the year")]
    TimeOutOfRange {
        /// The date and time.
        what: String,
    },
    /// An input is none of the kinds `ccsim calibrate` reads.
    #[error(
        "{}: {problem} — `ccsim calibrate` reads contact records (JSON lines, a JSON array, \
         Firehose objects, gzip'd or plain, or folders of them), Connect historical metrics \
         CSV (columns Queue, StartInterval, Contacts queued, …) and roster CSV (columns \
         interval_start, routing_profile or group, agents)",
        path.display()
    )]
    Unrecognized {
        /// The input.
        path: PathBuf,
        /// What it looked like.
        problem: String,
    },
}

impl IngestError {
    /// A `Read` error for `path` (`Damaged` when a gzip decoder raised
    /// it: see [`GzipDamage`]).
    pub fn read(path: &Path, source: std::io::Error) -> IngestError {
        let path = path.to_path_buf();
        if source.get_ref().is_some_and(|e| e.is::<GzipDamage>()) {
            IngestError::Damaged { path, source }
        } else {
            IngestError::Read { path, source }
        }
    }
}

/// Marks an error of a gzip decoder, so that [`IngestError::read`] says
/// the file is damaged rather than unreadable.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GzipDamage(pub std::io::Error);

impl GzipDamage {
    /// `e`, marked.
    pub fn wrap(e: std::io::Error) -> std::io::Error {
        std::io::Error::new(e.kind(), GzipDamage(e))
    }
}

/// A problem found inside one record, before its location is attached.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordProblem {
    /// A field's value is wrong.
    Field {
        /// Field path.
        field: String,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// `later_field` is before `earlier_field`.
    OutOfOrder {
        /// The field that must come first.
        earlier_field: &'static str,
        /// Its text.
        earlier: String,
        /// The field that must come later.
        later_field: &'static str,
        /// Its text.
        later: String,
    },
}

impl RecordProblem {
    /// The error, placed at `at`.
    pub fn at(self, at: Location) -> IngestError {
        match self {
            RecordProblem::Field {
                field,
                problem,
                hint,
            } => IngestError::Field {
                at: Box::new(at),
                field,
                problem,
                hint,
            },
            RecordProblem::OutOfOrder {
                earlier_field,
                earlier,
                later_field,
                later,
            } => IngestError::OutOfOrder {
                at: Box::new(at),
                earlier_field: earlier_field.into(),
                earlier,
                later_field: later_field.into(),
                later,
            },
        }
    }
}
