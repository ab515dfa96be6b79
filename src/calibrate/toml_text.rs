//! Values written into the calibrated scenario's TOML text, quoted the
//! way TOML reads them back.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::limits::file_safe;

/// A TOML basic string (quoted and escaped), for names in a scenario.
pub fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `name` quoted on one line, for a `#` comment: a TOML string may span
/// lines (a name with a line break is written as a multi-line string),
/// which would end the comment and break the file.
pub fn in_comment(name: &str) -> String {
    format!("{name:?}")
}

/// The names a scenario is written with, quoted: each name of the records
/// as it is, unless its file name (`scenario::limits::file_safe`, case
/// aside) is an earlier one's — `Support` beside `support`, `Sales/EN`
/// beside `Sales EN` — which the scenario would refuse: then with ` (2)`,
/// ` (3)`, … appended. Earlier is in sorted order, so the same records
/// always get the same names.
#[derive(Debug, Default)]
pub struct FileNames {
    written: BTreeMap<String, String>,
}

impl FileNames {
    /// The written names of `names`.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> FileNames {
        let sorted: BTreeSet<&str> = names.into_iter().collect();
        let mut taken = BTreeSet::new();
        let mut written = BTreeMap::new();
        for name in sorted {
            let key = |s: &str| file_safe(s).to_lowercase();
            let mut unique = name.to_string();
            let mut k = 2;
            while taken.contains(&key(&unique)) {
                unique = format!("{name} ({k})");
                k += 1;
            }
            taken.insert(key(&unique));
            written.insert(name.to_string(), unique);
        }
        FileNames { written }
    }

    /// `name` as written, quoted (a name not given to [`FileNames::new`]
    /// as it is).
    pub fn q(&self, name: &str) -> String {
        q(self.written.get(name).map_or(name, String::as_str))
    }

    /// The name as written, unquoted.
    pub fn written<'a>(&'a self, name: &'a str) -> &'a str {
        self.written.get(name).map_or(name, String::as_str)
    }

    /// The name as written, for a `#` comment ([`in_comment`]).
    pub fn in_comment(&self, name: &str) -> String {
        in_comment(self.written.get(name).map_or(name, String::as_str))
    }
}

/// The lines a calibrated source carries after its volumes: they are
/// counts the data holds, which a backtest brings exactly (the day that
/// happened) and every other command reads as expected volumes.
pub const OBSERVED_COUNTS: &str = "# counted in the data: a backtest brings these exactly; run, sweep, staff and schedule draw a Poisson count around each\narrival_counts = \"observed\"";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_a_comment_stays_on_its_line() {
        let n = FileNames::new(["a\nb", "c\u{2028}d"]);
        for name in ["a\nb", "c\u{2028}d"] {
            let line = format!("# {}", n.in_comment(name));
            assert_eq!(line.lines().count(), 1, "{line}");
            assert!(toml::from_str::<toml::Value>(&line).is_ok(), "{line}");
        }
    }

    #[test]
    fn names_sharing_a_file_name_get_a_number() {
        let n = FileNames::new(["support", "Support", "Sales/EN", "Sales EN", "billing"]);
        assert_eq!(n.q("Sales EN"), "\"Sales EN\"");
        assert_eq!(n.q("Sales/EN"), "\"Sales/EN (2)\"");
        assert_eq!(n.q("Support"), "\"Support\"");
        assert_eq!(n.q("support"), "\"support (2)\"");
        assert_eq!(n.q("billing"), "\"billing\"");
        assert_eq!(n.q("unknown"), "\"unknown\"");
    }
}
