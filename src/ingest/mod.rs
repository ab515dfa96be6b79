//! Reading a real center's exports: Amazon Connect contact records (JSON
//! lines, one JSON array, Firehose objects — gzip'd or plain, records
//! concatenated), historical-metrics CSV and rosters. Tolerant of what real
//! exports contain, streaming, and every skipped record counted by reason.
//!
//! The rooms:
//!
//! - [`records`]: the entry points for records: [`for_each_contact`] (one
//!   contact at a time, in constant memory but for a key per record) and
//!   [`read_contact_records`] (all contacts at once);
//! - [`files`]: which files the inputs name (folders walked, sorted);
//! - [`stream`]: the JSON objects of a file, whatever its layout, gzip'd
//!   or not;
//! - [`keys`]: the first reading, each record's deduplication key, found
//!   by [`scan`] without parsing the record; [`ids`]: contact ids as small
//!   exact keys;
//! - [`ctr`]: a record as typed JSON; [`convert`]: checked, into an
//!   [`ObservedContact`] ([`contact`]);
//! - [`dedupe`]: one record per contact; [`skips`]: what was not kept;
//!   [`renames`]: a renamed queue or routing profile under one name;
//!   [`agent_queues`]: an agent's own queue under its routing profile;
//! - [`metrics_csv`]: Connect historical metrics reports;
//!   [`roster`]: scheduled agents per interval; [`csv_columns`]: the
//!   header matching both share;
//! - [`timestamp`]: ISO 8601 read fast; [`zone`]: the center's time zone;
//! - [`mod@classify`]: which kind of input a path is;
//! - [`error`]: every error names file, line, record and field.

pub mod agent_queues;
pub mod classify;
pub mod contact;
pub mod convert;
pub mod csv_columns;
pub mod ctr;
pub mod dedupe;
pub mod error;
pub mod files;
pub mod ids;
pub mod keys;
pub mod metrics_csv;
pub mod records;
pub mod renames;
pub mod roster;
pub mod scan;
pub mod skips;
pub mod stream;
pub mod timestamp;
pub mod zone;

pub use classify::{classify, InputKind};
pub use contact::{ObservedAgent, ObservedContact, ObservedQueue};
pub use error::{IngestError, Location};
pub use ids::{ContactKey, IdTable};
pub use metrics_csv::{read_historical_metrics, IntervalMetrics};
pub use records::{
    for_each_contact, index_contact_records, read_contact_records, ContactSet, ReadSummary,
    RecordIndex,
};
pub use roster::{read_roster, RosterRow};
pub use skips::{SkipCounts, SkipReason};
pub use zone::{LocalDate, LocalTime, Weekday, Zone};
