//! Which kind of export an input of `ccsim calibrate INPUT…` is, so inputs
//! can be given in any mix:
//!
//! - a folder, a `.json`, `.jsonl`, `.ndjson` or `.gz` file, a file that
//!   starts with gzip's magic bytes or with `{` or `[`, or a file without
//!   an extension (a Firehose object) → contact records;
//! - otherwise a CSV, by its header (looked for in its first rows): a
//!   historical metrics report (`Queue`, `StartInterval`, `Contacts
//!   queued`, …) or a roster (`interval_start`, `routing_profile` or
//!   `group`, `agents`);
//! - anything else is an error saying what was expected.

use std::io::Read;
use std::path::Path;

use super::csv_columns::normalize;
use super::error::IngestError;
use super::metrics_csv::is_metrics_header;
use super::roster::is_roster_header;

/// Bytes looked at.
const SNIFF_BYTES: u64 = 64 * 1024;
/// CSV rows looked at for a header.
const SNIFF_ROWS: usize = 10;

/// The kind of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Contact records (read with [`super::read_contact_records`]).
    ContactRecords,
    /// A historical metrics CSV ([`super::read_historical_metrics`]).
    HistoricalMetrics,
    /// A roster CSV ([`super::read_roster`]).
    Roster,
}

/// The kind of `path`.
pub fn classify(path: &Path) -> Result<InputKind, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| IngestError::read(path, e))?;
    if meta.is_dir() {
        return Ok(InputKind::ContactRecords);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let stem_is_csv = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.to_ascii_lowercase().ends_with(".csv"));
    if ext.as_deref() == Some("gz") && stem_is_csv {
        return Err(IngestError::Unrecognized {
            path: path.to_path_buf(),
            problem: "a gzip'd CSV: ccsim reads contact records gzip'd, CSV reports \
                      (historical metrics, rosters) as plain text — gunzip it first"
                .into(),
        });
    }
    if matches!(ext.as_deref(), Some("json" | "jsonl" | "ndjson" | "gz")) {
        return Ok(InputKind::ContactRecords);
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(|e| IngestError::read(path, e))?;
    if is_utf16(&head) {
        return Err(IngestError::Unrecognized {
            path: path.to_path_buf(),
            problem: "UTF-16 text (what Excel's \"Unicode Text\" saves): ccsim reads UTF-8 — \
                      save it as \"CSV UTF-8 (Comma delimited)\", or convert it \
                      (`iconv -f UTF-16 -t UTF-8`)"
                .into(),
        });
    }
    if looks_like_json(&head) {
        return Ok(InputKind::ContactRecords);
    }
    if let Some(kind) = csv_kind(&head) {
        return Ok(kind);
    }
    if ext.is_none() {
        // A Firehose object; reading it will say what is wrong with it.
        return Ok(InputKind::ContactRecords);
    }
    let first_line = String::from_utf8_lossy(&head)
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    Err(IngestError::Unrecognized {
        path: path.to_path_buf(),
        problem: if !first_line.contains(',') && first_line.contains(';') {
            format!(
                "a header split by `;` (`{first_line}`): CSV reports are comma-separated, \
                 as Connect exports them — export again with commas"
            )
        } else if first_line.contains(',') {
            format!(
                "a CSV whose header (`{first_line}`) is neither a historical metrics report's \
                 nor a roster's"
            )
        } else {
            "neither contact records (JSON) nor a CSV report".into()
        },
    })
}

/// UTF-16 text: its byte-order mark, or (without one) a zero byte beside
/// every ASCII character of the first line.
fn is_utf16(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let first: Vec<&u8> = head.iter().take(64).collect();
    first.len() >= 8
        && first
            .chunks(2)
            .all(|p| p.len() == 2 && (*p[0] == 0) != (*p[1] == 0))
}

/// Gzip, or text starting (after blanks and a byte-order mark) with `{` or
/// `[`.
fn looks_like_json(head: &[u8]) -> bool {
    if head.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    matches!(
        text.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// The CSV kind whose header is among the first rows.
fn csv_kind(head: &[u8]) -> Option<InputKind> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    for row in reader.records().take(SNIFF_ROWS) {
        let Ok(row) = row else { break };
        let cells: Vec<String> = row.iter().map(normalize).collect();
        if is_metrics_header(&cells) {
            return Some(InputKind::HistoricalMetrics);
        }
        if is_roster_header(&cells) {
            return Some(InputKind::Roster);
        }
    }
    None
}
