//! What the CSV readers share: finding the header row, matching its
//! columns by name whatever their case, spacing or punctuation
//! (`StartInterval`, `Start interval` and `start_interval` are one name),
//! and reading cells — counts, durations, percentages, date-times — with
//! errors that name file, line and column.

use std::fs::File;
use std::path::Path;

use super::error::{IngestError, Location};
use super::timestamp;
use super::zone::Zone;

/// Rows looked at for the header: some exports put a title line or two
/// above it.
const HEADER_SEARCH_ROWS: usize = 10;

/// A column a file kind reads, and the header names accepted for it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// What it holds (`queue`, `contacts queued`), for messages.
    pub role: &'static str,
    /// Accepted header names, as a user would write them.
    pub names: &'static [&'static str],
}

impl Column {
    /// The accepted names for a message: `` `Queue` or `Queue name` ``.
    pub fn accepted(&self) -> String {
        let names: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "{} (case, spaces and punctuation do not matter)",
            names.join(" or ")
        )
    }

    fn matches(&self, normalized: &str) -> bool {
        self.names.iter().any(|n| normalize(n) == normalized)
    }
}

/// A header name reduced to lower-case letters and digits.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A CSV file being read, its header found.
pub struct Table {
    /// The file.
    pub path: std::path::PathBuf,
    reader: csv::Reader<File>,
    /// The header cells as written.
    pub header: Vec<String>,
    normalized: Vec<String>,
    /// The header's line.
    pub header_line: u64,
}

/// A data row and its line.
pub struct Row {
    /// The cells, trimmed.
    pub cells: csv::StringRecord,
    /// 1-based line.
    pub line: u64,
}

impl Table {
    /// Opens `path` and finds its header: the first of its first rows that
    /// has every `required` column; none → an error naming the first
    /// missing column of the first row.
    pub fn open(path: &Path, required: &[Column]) -> Result<Table, IngestError> {
        let file = File::open(path).map_err(|e| IngestError::read(path, e))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(file);
        let mut first: Option<(Vec<String>, u64)> = None;
        let mut record = csv::StringRecord::new();
        for _ in 0..HEADER_SEARCH_ROWS {
            if !reader
                .read_record(&mut record)
                .map_err(|e| csv_error(path, e))?
            {
                break;
            }
            let line = record.position().map_or(1, |p| p.line());
            let cells: Vec<String> = record.iter().map(strip_bom).collect();
            let normalized: Vec<String> = cells.iter().map(|c| normalize(c)).collect();
            if required
                .iter()
                .all(|c| normalized.iter().any(|n| c.matches(n)))
            {
                return Ok(Table {
                    path: path.to_path_buf(),
                    reader,
                    header: cells,
                    normalized,
                    header_line: line,
                });
            }
            if first.is_none() && cells.iter().any(|c| !c.is_empty()) {
                first = Some((cells, line));
            }
        }
        let (cells, line) = first.unwrap_or((Vec::new(), 1));
        let normalized: Vec<String> = cells.iter().map(|c| normalize(c)).collect();
        let missing = required
            .iter()
            .find(|c| !normalized.iter().any(|n| c.matches(n)))
            .or(required.first());
        Err(IngestError::MissingColumn {
            path: path.to_path_buf(),
            line,
            header: cells.join(","),
            missing: missing.map_or("header", |m| m.role).into(),
            accepted: missing.map_or(String::new(), Column::accepted),
        })
    }

    /// The index of `column`, if the header has it.
    pub fn find(&self, column: &Column) -> Option<usize> {
        self.normalized.iter().position(|n| column.matches(n))
    }

    /// Header names (normalized) with their indices, for columns matched by
    /// pattern.
    pub fn normalized(&self) -> impl Iterator<Item = (usize, &str)> {
        self.normalized.iter().map(String::as_str).enumerate()
    }

    /// The next non-empty data row.
    pub fn next_row(&mut self) -> Result<Option<Row>, IngestError> {
        let mut cells = csv::StringRecord::new();
        loop {
            if !self
                .reader
                .read_record(&mut cells)
                .map_err(|e| csv_error(&self.path, e))?
            {
                return Ok(None);
            }
            if cells.iter().any(|c| !c.is_empty()) {
                let line = cells.position().map_or(0, |p| p.line());
                return Ok(Some(Row { cells, line }));
            }
        }
    }

    /// Cell `column` of `row` (empty when the row is short).
    pub fn cell<'r>(&self, row: &'r Row, column: usize) -> &'r str {
        row.cells.get(column).unwrap_or("")
    }

    /// A cell error: `FILE:LINE: field `Header`: problem — hint`.
    pub fn bad_cell(
        &self,
        row: &Row,
        column: usize,
        problem: String,
        hint: &'static str,
    ) -> IngestError {
        IngestError::Field {
            at: Box::new(Location::line(&self.path, row.line)),
            field: self.header.get(column).cloned().unwrap_or_default(),
            problem,
            hint,
        }
    }
}

fn strip_bom(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}').trim().to_string()
}

fn csv_error(path: &Path, e: csv::Error) -> IngestError {
    let line = e.position().map_or(1, |p| p.line());
    let problem = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => IngestError::read(path, source),
        _ => IngestError::NotCsv {
            at: Box::new(Location::line(path, line)),
            problem,
        },
    }
}

/// Whether a cell says "no data": empty, or a dash (Connect's reports
/// write `-` where a metric has no data).
pub fn no_data(cell: &str) -> bool {
    matches!(cell, "" | "-" | "--" | "—")
}

/// A count (`12`, `1,234`; "no data" is 0).
pub fn count(cell: &str) -> Result<u64, String> {
    if no_data(cell) {
        return Ok(0);
    }
    let digits: String = cell.chars().filter(|&c| c != ',').collect();
    let v: f64 = digits
        .parse()
        .map_err(|_| format!("`{cell}` is not a count"))?;
    if v < 0.0 || v.fract() != 0.0 || !v.is_finite() {
        return Err(format!(
            "`{cell}` is not a count (a whole number, 0 or more)"
        ));
    }
    Ok(v as u64)
}

/// A duration: seconds (`95`, `95.5`) or a clock (`00:01:35`, `01:35`);
/// "no data" is `None`.
pub fn seconds(cell: &str) -> Result<Option<f64>, String> {
    if no_data(cell) {
        return Ok(None);
    }
    let bad = || format!("`{cell}` is not a duration (seconds, or HH:MM:SS)");
    let mut total = 0.0;
    for part in cell.split(':') {
        let v: f64 = part.trim().parse().map_err(|_| bad())?;
        total = total * 60.0 + v;
    }
    if cell.split(':').count() > 3 || !total.is_finite() || total < 0.0 {
        return Err(bad());
    }
    Ok(Some(total))
}

/// A share from a percentage (`85.5%` or `85.5`, Connect's unit being
/// percent) as 0–1; "no data" is `None`.
pub fn share(cell: &str) -> Result<Option<f64>, String> {
    if no_data(cell) {
        return Ok(None);
    }
    let v: f64 = cell
        .trim_end_matches('%')
        .trim()
        .parse()
        .map_err(|_| format!("`{cell}` is not a percentage"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("`{cell}` is not a percentage between 0 and 100"));
    }
    Ok(Some(v / 100.0))
}

/// A date-time: with an offset it is that instant, without one a local
/// wall-clock time in `zone`.
pub fn instant(cell: &str, zone: &Zone) -> Result<i64, String> {
    let w = timestamp::parse(cell)?;
    zone.place(&w).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_match_loosely() {
        assert_eq!(normalize("Start interval"), "startinterval");
        assert_eq!(normalize("StartInterval"), "startinterval");
        assert_eq!(normalize("start_interval"), "startinterval");
        assert_eq!(normalize("Avg. handle time"), "avghandletime");
    }

    #[test]
    fn cells() {
        assert_eq!(count("1,234"), Ok(1234));
        assert_eq!(count("-"), Ok(0));
        assert!(count("2.5").is_err());
        assert!(count("-3").is_err());
        assert_eq!(seconds("00:01:35"), Ok(Some(95.0)));
        assert_eq!(seconds("01:35"), Ok(Some(95.0)));
        assert_eq!(seconds("95.5"), Ok(Some(95.5)));
        assert_eq!(seconds("-"), Ok(None));
        assert!(seconds("soon").is_err());
        assert_eq!(share("85.5%"), Ok(Some(0.855)));
        assert_eq!(share("100"), Ok(Some(1.0)));
        assert!(share("120%").is_err());
        let utc = Zone::utc();
        assert_eq!(instant("1970-01-01T00:01:00Z", &utc), Ok(60_000));
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(instant("1970-01-01 01:01", &berlin), Ok(60_000));
    }
}
