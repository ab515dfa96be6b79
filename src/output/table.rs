//! Fixed-width text tables for the console reports: each column has the
//! width the report was designed for, and grows where a cell would fill it,
//! so that neighbouring cells never run together (a million contacts
//! printed as `1000457.0` in a nine-wide column used to touch the next
//! number).

/// How a column's cells sit in its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns: padded on the right.
    Left,
    /// Number columns: padded on the left.
    Right,
}

/// One column of a table: its alignment and the width it takes at least.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// How cells sit in the column.
    pub align: Align,
    /// The designed width, in characters; the column is wider only when a
    /// cell needs it.
    pub width: usize,
}

impl Column {
    /// A left-aligned column at least `width` characters wide.
    pub const fn left(width: usize) -> Self {
        Column {
            align: Align::Left,
            width,
        }
    }

    /// A right-aligned column at least `width` characters wide.
    pub const fn right(width: usize) -> Self {
        Column {
            align: Align::Right,
            width,
        }
    }
}

/// Whether `c` reorders the text around it when a terminal shows it: the
/// Unicode bidirectional marks, embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `cell` as a terminal can show it in one line, in place: a line break,
/// tab or other control character, and a bidirectional control (which
/// could make a name read as another, or reorder the rest of its row),
/// written as its escape (`\n`, `\u{202e}`). Names are the scenario's or
/// the data's, and may hold anything.
fn shown(cell: &str) -> std::borrow::Cow<'_, str> {
    if !cell.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len() + 8);
    for c in cell.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Lays out `rows` (the header among them, if any) in `columns`, one
/// string per row, without a line break. A column is its designed width,
/// or its widest cell plus one space when that is more, so two cells are
/// always apart; a table whose cells fit looks exactly as designed.
/// Widths count characters, as `format!`'s padding does. Control and
/// bidirectional characters are shown escaped ([`shown`]), so a row is
/// one line and reads in order.
pub fn layout(columns: &[Column], rows: &[Vec<String>]) -> Vec<String> {
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| shown(c).into_owned()).collect())
        .collect();
    let rows = &shown;
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(k, col)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(k))
                .map(|cell| cell.chars().count() + 1)
                .max()
                .unwrap_or(0);
            col.width.max(widest)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for ((cell, col), width) in row.iter().zip(columns).zip(&widths) {
                let pad = width.saturating_sub(cell.chars().count());
                match col.align {
                    Align::Left => {
                        line.push_str(cell);
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        line.extend(std::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fuzz find: a queue named with a line break, or with a
    /// right-to-left override, broke the table's row or reversed it.
    #[test]
    fn line_breaks_and_bidirectional_controls_are_shown_escaped() {
        let rows = vec![vec!["a\nb".to_string(), "\u{202E}evil".to_string()]];
        let lines = layout(&[Column::left(4), Column::left(4)], &rows);
        // (The last column pads too, as every column does.)
        assert_eq!(lines, vec!["a\\nb \\u{202e}evil ".to_string()]);
        assert!(matches!(
            shown("Sales & Support"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Letters of right-to-left scripts are names, not controls.
        assert_eq!(shown("מכירות"), "מכירות");
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn cells_that_fit_are_laid_out_as_format_would() {
        let cols = [Column::left(8), Column::right(6), Column::right(5)];
        let lines = layout(&cols, &[row(&["name", "12.5", "—"]), row(&["x", "3", "4"])]);
        assert_eq!(lines[0], format!("{:<8}{:>6}{:>5}", "name", "12.5", "—"));
        assert_eq!(lines[1], format!("{:<8}{:>6}{:>5}", "x", "3", "4"));
    }

    #[test]
    fn a_cell_that_fills_its_column_widens_it_for_every_row() {
        let cols = [Column::left(4), Column::right(5), Column::right(5)];
        let lines = layout(
            &cols,
            &[
                row(&["method", "created", "1000457.0"]),
                row(&["a", "1.0", "2.0"]),
            ],
        );
        // Every cell is apart from its neighbour, and the columns still line up.
        assert_eq!(lines[0], "method  created 1000457.0");
        assert_eq!(lines[1], "a           1.0       2.0");
        assert_eq!(lines[0].chars().count(), lines[1].chars().count());
    }

    #[test]
    fn short_rows_leave_their_missing_cells_out() {
        let cols = [Column::left(3), Column::right(3)];
        assert_eq!(layout(&cols, &[row(&["ab"])]), vec!["ab ".to_string()]);
    }
}
