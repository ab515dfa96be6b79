//! Reading a real center's exports: Amazon Connect contact records (JSON
//! lines, one JSON array, Firehose objects — gzip'd or plain, records
//! concatenated), historical-metrics CSV and rosters. Tolerant of what real
//! exports contain, streaming, and every skipped record counted by reason.
//!
//! The rooms:
//!
//! - [`records`]: [`read_contact_records`], the entry point for records;
//! - [`files`]: which files the inputs name (folders walked, sorted);
//! - [`stream`]: the JSON objects of a file, whatever its layout, gzip'd
//!   or not;
//! - [`ctr`]: a record as typed JSON; [`convert`]: checked, into an
//!   [`ObservedContact`] ([`contact`]);
//! - [`dedupe`]: one record per contact; [`skips`]: what was not kept;
//! - [`metrics_csv`]: Connect historical metrics reports;
//!   [`roster`]: scheduled agents per interval; [`csv_columns`]: the
//!   header matching both share;
//! - [`timestamp`]: ISO 8601 read fast; [`zone`]: the center's time zone;
//! - [`classify`]: which kind of input a path is;
//! - [`error`]: every error names file, line, record and field.

pub mod classify;
pub mod contact;
pub mod convert;
pub mod csv_columns;
pub mod ctr;
pub mod dedupe;
pub mod error;
pub mod files;
pub mod metrics_csv;
pub mod records;
pub mod roster;
pub mod skips;
pub mod stream;
pub mod timestamp;
pub mod zone;

pub use classify::{classify, InputKind};
pub use contact::{ObservedAgent, ObservedContact, ObservedQueue};
pub use error::{IngestError, Location};
pub use metrics_csv::{read_historical_metrics, IntervalMetrics};
pub use records::{read_contact_records, ContactSet};
pub use roster::{read_roster, RosterRow};
pub use skips::{SkipCounts, SkipReason};
pub use zone::{LocalDate, LocalTime, Weekday, Zone};
