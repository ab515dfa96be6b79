//! Reading a real center's exports: Amazon Connect contact records (JSON
//! lines, one JSON array, Firehose objects — gzip'd or plain, records
//! concatenated), historical-metrics CSV and rosters. Tolerant of what real
//! exports contain, streaming, and every skipped record counted by reason.

pub mod contact;

pub use contact::{ObservedAgent, ObservedContact, ObservedQueue};
