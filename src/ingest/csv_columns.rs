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
    /// The file's line ends, for line numbers ([`Lines`]).
    lines: Lines,
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
        let lines = Lines::of(path)?;
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
                .map_err(|e| csv_error(path, &lines, e))?
            {
                break;
            }
            let line = lines.at(record.position());
            let cells: Vec<String> = record.iter().map(strip_bom).collect();
            let normalized: Vec<String> = cells.iter().map(|c| normalize(c)).collect();
            if required
                .iter()
                .all(|c| normalized.iter().any(|n| c.matches(n)))
            {
                return Ok(Table {
                    path: path.to_path_buf(),
                    reader,
                    lines,
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

    /// The index of `column`, if the header has it; an error when two of
    /// its cells name it (`agents` and `Agents scheduled`, say), since
    /// taking either silently would drop the other's numbers.
    pub fn find_once(&self, column: &Column) -> Result<Option<usize>, IngestError> {
        let mut found = self
            .normalized
            .iter()
            .enumerate()
            .filter(|(_, n)| column.matches(n));
        let first = found.next().map(|(i, _)| i);
        match (first, found.next()) {
            (Some(a), Some((b, _))) => Err(IngestError::Field {
                at: Box::new(Location::line(&self.path, self.header_line)),
                field: self.header[b].clone(),
                problem: format!(
                    "the header names the {} twice: `{}` (column {}) and `{}` (column {})",
                    column.role,
                    self.header[a],
                    a + 1,
                    self.header[b],
                    b + 1
                ),
                hint: "keep one of the two columns (or rename the other to something ccsim does not read)",
            }),
            _ => Ok(first),
        }
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
                .map_err(|e| csv_error(&self.path, &self.lines, e))?
            {
                return Ok(None);
            }
            if cells.iter().any(|c| !c.is_empty()) {
                let line = self.lines.at(cells.position());
                let width = self.header.len();
                if let Some(extra) = cells.iter().skip(width).position(|c| !c.is_empty()) {
                    return Err(IngestError::Field {
                        at: Box::new(Location::line(&self.path, line)),
                        field: format!("cell {}", width + extra + 1),
                        problem: format!(
                            "the row has {} cells but the header only {width}",
                            cells.len()
                        ),
                        hint: "a number written with a thousands separator and no quotes (1,204) splits into two cells: quote it (\"1,204\") or drop the separator; or a column is missing from the header",
                    });
                }
                if cells.len() < width {
                    return Err(IngestError::Field {
                        at: Box::new(Location::line(&self.path, line)),
                        field: self.header.get(cells.len()).cloned().unwrap_or_default(),
                        problem: format!(
                            "the row has {} cells but the header {width}: its last columns would read as no data",
                            cells.len()
                        ),
                        hint: "give every row a cell for each column of the header (an empty cell, between two commas, is allowed); was the row cut short?",
                    });
                }
                return Ok(Some(Row { cells, line }));
            }
        }
    }

    /// Cell `column` of `row` (empty when the row is short).
    pub fn cell<'r>(&self, row: &'r Row, column: usize) -> &'r str {
        row.cells.get(column).unwrap_or("")
    }

    /// Cell `column` of `row` as a name the scenario and the reports will
    /// carry (a queue's, a routing profile's, a group's): `None` when
    /// empty; refused when it holds a control character (a line break or
    /// an escape code would break the reports' tables) or is longer than
    /// a scenario's names may be.
    pub fn name_cell<'r>(
        &self,
        row: &'r Row,
        column: usize,
    ) -> Result<Option<&'r str>, IngestError> {
        let name = self.cell(row, column);
        if let Some((problem, hint)) = name_problem(name) {
            return Err(self.bad_cell(row, column, problem, hint));
        }
        Ok(Some(name).filter(|n| !n.is_empty()))
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

/// Where a file's lines end, to number the line a CSV record starts on.
/// The csv reader's own count is off in two cases: it starts a record at
/// the blank lines before it (they are skipped, not counted), and in a
/// file with CRLF line ends (Windows, Excel, Connect's exports) at the
/// `\n` of the `\r\n` that ended the last record, before counting it.
struct Lines {
    /// Byte offsets of the line ends, ascending: every `\n`, and a `\r`
    /// not followed by one (old Mac files).
    ends: Vec<u64>,
    /// Byte offsets of every `\r` and `\n`, ascending.
    terminators: Vec<u64>,
}

impl Lines {
    /// Reads `path` once for its line ends.
    fn of(path: &Path) -> Result<Lines, IngestError> {
        use std::io::Read;
        let mut file = File::open(path).map_err(|e| IngestError::read(path, e))?;
        let mut lines = Lines {
            ends: Vec::new(),
            terminators: Vec::new(),
        };
        let (mut offset, mut buf) = (0u64, vec![0u8; 1 << 16]);
        // A `\r` that ended the last chunk: a line end unless a `\n`
        // follows.
        let mut lone_cr: Option<u64> = None;
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| IngestError::read(path, e))?;
            if let Some(cr) = lone_cr.take() {
                if n == 0 || buf[0] != b'\n' {
                    lines.ends.push(cr);
                }
            }
            if n == 0 {
                return Ok(lines);
            }
            for i in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
                let at = offset + i as u64;
                lines.terminators.push(at);
                if buf[i] == b'\n' {
                    lines.ends.push(at);
                } else if i + 1 == n {
                    lone_cr = Some(at);
                } else if buf[i + 1] != b'\n' {
                    lines.ends.push(at);
                }
            }
            offset += n as u64;
        }
    }

    /// The line (from 1) of a record the reader says starts at `position`:
    /// past the line ends there (blank lines, the rest of a `\r\n`), one
    /// more than the line ends before it.
    fn at(&self, position: Option<&csv::Position>) -> u64 {
        let mut start = position.map_or(0, csv::Position::byte);
        let mut k = self.terminators.partition_point(|&t| t < start);
        while self.terminators.get(k) == Some(&start) {
            start += 1;
            k += 1;
        }
        1 + self.ends.partition_point(|&e| e < start) as u64
    }
}

fn csv_error(path: &Path, lines: &Lines, e: csv::Error) -> IngestError {
    let line = lines.at(e.position());
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
    let parts: Vec<&str> = cell.split(':').map(str::trim).collect();
    if parts.len() > 3 {
        return Err(bad());
    }
    let mut total = 0.0;
    for (k, part) in parts.iter().enumerate() {
        let v: f64 = part.parse().map_err(|_| bad())?;
        // A sign on any part is refused: `-00:00:18` would otherwise lose
        // it (-0 hours, then + 18 s).
        if part.starts_with(['-', '+']) || !v.is_finite() || v < 0.0 {
            return Err(format!(
                "`{cell}` is not a duration (0 or more: seconds, or HH:MM:SS)"
            ));
        }
        if k > 0 && v >= 60.0 {
            return Err(format!(
                "`{cell}` is not a clock duration: its minutes and seconds run 0–59"
            ));
        }
        total = total * 60.0 + v;
    }
    if !total.is_finite() {
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

/// An interval's start: with an offset it is that instant, without one a
/// local wall-clock time in `zone` — refused where the clocks skip or
/// repeat it ([`Zone::place_exactly`]), since the row would be counted in
/// another interval.
pub fn instant(cell: &str, zone: &Zone) -> Result<i64, String> {
    let w = timestamp::parse(cell)?;
    representable(cell, zone.place_exactly(&w)?)
}

/// `at`, the instant written `cell`, if a scenario can hold it
/// ([`timestamp::representable`]). A fuzz campaign's find: a report and
/// a roster dated 9999-12-31 were read, and the scenario calibrated from
/// them did not validate.
fn representable(cell: &str, at: i64) -> Result<i64, String> {
    timestamp::within_years(cell, at).map_err(|e| format!("{e} — check the year"))
}

/// An interval's end: as [`instant`], but a skipped local time is placed
/// by [`Zone::place`]'s rule (the end of 01:30–02:00 on the spring-forward
/// night is the instant the clocks jump), and a repeated one is the first
/// of its instants after the interval's start `start_ms`; the start says
/// which interval the row is.
pub fn boundary(cell: &str, zone: &Zone, start_ms: i64) -> Result<i64, String> {
    let w = timestamp::parse(cell)?;
    let at = match zone.fold(&w) {
        Some((earlier, _)) if earlier > start_ms => earlier,
        Some((_, later)) => later,
        None => zone.place(&w).map_err(|e| e.to_string())?,
    };
    representable(cell, at)
}

/// The interval starts of a CSV's series of rows (a queue's, a routing
/// profile's), placed as [`instant`] places them, except that a local
/// time the clocks pass twice (fall back) is read from the row before it
/// in the series: the later instant when that row is at or past the
/// earlier one, else the earlier. (Only the row before counts: a roster
/// listing its teams one after the other starts each team's hours
/// afresh.) An export of a center open through
/// the night writes the repeated hour twice, in order, without offsets;
/// refused, every such export had to be edited by hand (a probe's find).
///
/// Where a series' rows at one start add up (a roster's teams), a
/// repeated time straight after itself could be either — another team in
/// the first hour, or the second hour — and is refused, with the offset
/// to write, as [`instant`] refuses it.
#[derive(Debug, Default)]
pub struct SeriesStarts {
    /// Whether rows of one series at one start add up.
    rows_add: bool,
    /// Each series' start of its row before.
    last: std::collections::HashMap<String, i64>,
}

impl SeriesStarts {
    /// Starts of series whose rows at one start add up (`rows_add`), or
    /// are one row each.
    pub fn new(rows_add: bool) -> Self {
        SeriesStarts {
            rows_add,
            ..Default::default()
        }
    }

    /// The start written `cell` of a row of `series`.
    pub fn place(&mut self, series: &str, cell: &str, zone: &Zone) -> Result<i64, String> {
        let w = timestamp::parse(cell)?;
        let at = match zone.fold(&w) {
            Some((earlier, later)) => {
                let last = self.last.get(series).copied();
                if self.rows_add && last == Some(earlier) {
                    return representable(cell, zone.place_exactly(&w)?);
                }
                if last.is_some_and(|l| l >= earlier) {
                    later
                } else {
                    earlier
                }
            }
            None => zone.place_exactly(&w)?,
        };
        let at = representable(cell, at)?;
        self.last.insert(series.to_string(), at);
        Ok(at)
    }

    /// The earlier instant of `cell`, a local time the clocks pass twice,
    /// when [`place`](Self::place) read it as the later one: its row's
    /// end says which (a report whose rows are not in time order). The
    /// series goes on from it.
    pub fn earlier(&mut self, series: &str, cell: &str, zone: &Zone, placed: i64) -> Option<i64> {
        let w = timestamp::parse(cell).ok()?;
        let (earlier, later) = zone.fold(&w)?;
        (placed == later).then(|| {
            self.last.insert(series.to_string(), earlier);
            earlier
        })
    }
}

/// What is wrong with `name` as a name the scenario and the reports will
/// carry (a queue's, a routing profile's), with the fix; `None` when it
/// is one line of printable text no longer than a scenario's names. The
/// one rule for records, rosters and metrics reports.
pub fn name_problem(name: &str) -> Option<(String, &'static str)> {
    let found: Vec<String> = name
        .chars()
        .filter(|c| c.is_control())
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    if !found.is_empty() {
        return Some((
            format!(
                "holds a control character ({}): reports and the scenario would break at it",
                found.join(", ")
            ),
            "Connect's names are one line of printable text: is the field what it should be?",
        ));
    }
    let (chars, max) = (
        name.chars().count(),
        crate::scenario::limits::MAX_NAME_CHARS,
    );
    (chars > max).then(|| {
        (
            format!("is {chars} characters long; a scenario's names are at most {max}"),
            "Connect's names are at most 127 characters: is the field what it should be?",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line a row is on, whatever ends the lines (LF, CRLF, CR),
    /// with blank lines, a title above the header and a quoted cell over
    /// two lines. (The reader's own count was one short after blank lines
    /// and in every CRLF file.)
    #[test]
    fn rows_are_numbered_by_their_line_whatever_ends_it() {
        const A: Column = Column {
            role: "a",
            names: &["a"],
        };
        let lf = "Report title\na,b\n1,x\n\n\n2,\"two\nlines\"\n3,y\n\n";
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in [
            ("lf", lf.to_string()),
            ("crlf", lf.replace('\n', "\r\n")),
            ("cr", lf.replace('\n', "\r")),
        ] {
            let path = dir.path().join(format!("{name}.csv"));
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            let mut table = Table::open(&path, &[A]).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(table.header_line, 2, "{name}");
            let mut lines = Vec::new();
            while let Some(row) = table.next_row().unwrap_or_else(|e| panic!("{e}")) {
                lines.push((row.cells.get(0).unwrap_or("").to_string(), row.line));
            }
            let expected = [("1", 3), ("2", 6), ("3", 8)].map(|(c, l)| (c.to_string(), l));
            assert_eq!(lines, expected, "{name}");
        }
    }

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

    /// A report's rows out of time order across the repeated hour: a
    /// start read as the second instant whose end comes before it is the
    /// first (a fuzz find: such a row was refused as ending before it starts).
    #[test]
    fn a_repeated_start_its_end_places_first_is_read_as_the_first() {
        let chicago = Zone::parse("America/Chicago").unwrap();
        let mut starts = SeriesStarts::new(false);
        // After 01:00 and 01:00 again, 01:30 is read as the second 01:30
        // (CST); a row 01:30 → 01:00 says it is the first (CDT).
        let _ = starts.place("Sales", "2026-11-01T01:00:00", &chicago);
        let _ = starts.place("Sales", "2026-11-01T01:00:00", &chicago);
        let placed = starts
            .place("Sales", "2026-11-01T01:30:00", &chicago)
            .unwrap();
        assert_eq!(
            placed,
            instant("2026-11-01T01:30:00-06:00", &Zone::utc()).unwrap()
        );
        let first = starts.earlier("Sales", "2026-11-01T01:30:00", &chicago, placed);
        assert_eq!(
            first,
            instant("2026-11-01T01:30:00-05:00", &Zone::utc()).ok()
        );
        // Not a repeated time, or already the first: nothing to change.
        assert_eq!(
            starts.earlier("Sales", "2026-11-01T03:00:00", &chicago, 0),
            None
        );
        let first = first.unwrap_or(0);
        assert_eq!(
            starts.earlier("Sales", "2026-11-01T01:30:00", &chicago, first),
            None
        );
    }

    /// The night the clocks go back in Chicago (2026-11-01, 02:00 CDT is
    /// 01:00 CST): a series written in order, without offsets, is placed
    /// hour after hour, whether in half hours or hours, and interleaved
    /// with another series.
    #[test]
    fn a_series_passes_the_repeated_hour_in_order() {
        let chicago = Zone::parse("America/Chicago").unwrap();
        let cdt_0030 = instant("2026-11-01T00:30:00-05:00", &Zone::utc()).unwrap();
        let half = 1_800_000;
        let mut starts = SeriesStarts::new(false);
        let mut other = Vec::new();
        for (k, t) in ["00:30", "01:00", "01:30", "01:00", "01:30", "02:00"]
            .iter()
            .enumerate()
        {
            let cell = format!("2026-11-01T{t}:00");
            let at = starts.place("Sales", &cell, &chicago);
            assert_eq!(at, Ok(cdt_0030 + k as i64 * half), "{t}");
            other.push(starts.place("Support", &cell, &chicago).unwrap());
            // The interval's end: the first of its instants after the start.
            let end = ["01:00", "01:30", "01:00", "01:30", "02:00", "02:30"][k];
            let end = boundary(&format!("2026-11-01T{end}:00"), &chicago, at.unwrap());
            assert_eq!(end, Ok(cdt_0030 + (k as i64 + 1) * half), "{t}");
        }
        assert!(other.windows(2).all(|w| w[1] - w[0] == half), "{other:?}");
        // Hourly rows: the second 01:00 follows the first.
        let mut starts = SeriesStarts::new(false);
        let hours: Vec<i64> = ["00:00", "01:00", "01:00", "02:00"]
            .iter()
            .map(|t| {
                starts
                    .place("Sales", &format!("2026-11-01T{t}"), &chicago)
                    .unwrap()
            })
            .collect();
        assert!(
            hours.windows(2).all(|w| w[1] - w[0] == 2 * half),
            "{hours:?}"
        );
        // Where rows at one start add up, 01:00 straight after 01:00 could
        // be another team or the next hour: refused, naming the offset.
        let mut roster = SeriesStarts::new(true);
        assert!(roster.place("Sales", "2026-11-01T01:00", &chicago).is_ok());
        let again = roster.place("Sales", "2026-11-01T01:00", &chicago);
        assert!(
            again.as_ref().is_err_and(|e| e.contains("happens twice")),
            "{again:?}"
        );
        // A roster listing its teams one after the other: each team's
        // rows run through the repeated hour afresh.
        let mut teams = SeriesStarts::new(true);
        for team in 0..2 {
            let placed: Vec<i64> = ["00:30", "01:00", "01:30", "01:00", "01:30", "02:00"]
                .iter()
                .map(|t| {
                    let cell = format!("2026-11-01T{t}:00");
                    teams.place("Sales", &cell, &chicago).unwrap()
                })
                .collect();
            assert!(
                placed.windows(2).all(|w| w[1] - w[0] == half),
                "{team}: {placed:?}"
            );
        }
        // A time with its offset, or none repeated, is as written.
        let mut starts = SeriesStarts::new(true);
        assert_eq!(
            starts.place("Sales", "2026-11-01T01:00:00-06:00", &chicago),
            instant("2026-11-01T07:00:00Z", &Zone::utc())
        );
    }
}
