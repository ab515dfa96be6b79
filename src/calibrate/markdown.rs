//! Names from a center's data, made safe for the Markdown reports
//! (`calibration.md`, `backtest.md`). Queue and profile names come from
//! contact records and reports anyone in the center may have typed: a
//! name holding `<script>` or `<svg onload=…>` ran in a Markdown viewer
//! that passes HTML through, and one holding `|` broke the tables.

use std::borrow::Cow;

/// `doc` with every `<` and `>` written as an entity, so no part of it —
/// a name above all — is read as HTML. The reports write no HTML of their
/// own, and a viewer shows the entities as the characters.
pub fn without_html(doc: &str) -> Cow<'_, str> {
    if !doc.contains(['<', '>']) {
        return Cow::Borrowed(doc);
    }
    Cow::Owned(doc.replace('<', "&lt;").replace('>', "&gt;"))
}

/// `name` as one table cell: a `|` escaped, and line breaks (which end a
/// table row) as spaces.
pub fn cell(name: &str) -> Cow<'_, str> {
    if !name.contains(['|', '\n', '\r']) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.replace('|', "\\|").replace(['\n', '\r'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_table_breakers_are_written_harmless() {
        let name = "'><svg onload=alert(4)>";
        assert_eq!(without_html(name), "'&gt;&lt;svg onload=alert(4)&gt;");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert!(matches!(cell("Sales & Support"), Cow::Borrowed(_)));
        assert!(matches!(without_html("Sales & Support"), Cow::Borrowed(_)));
    }
}
