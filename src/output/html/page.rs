//! The report as a document: a title, the run's identity ([`Meta`]), and
//! sections of charts, tables and notes, rendered into one self-contained
//! HTML page — inline CSS, inline SVG, the self-check script
//! ([`super::check`]), and the numbered explanations of every metric shown
//! ([`super::glossary`]). Rendering is a pure function of the report: the
//! same report gives the same bytes.

use std::fmt::Write;

use crate::output::OutputError;
use crate::stats::Metric;

use super::chart::Chart;
use super::check::{CONTENT_SECURITY_POLICY, SCRIPT};
use super::glossary::{explain, Glossary};

/// The page's style: readable on screen and on paper, no external font.
const CSS: &str = "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1440px;padding:0 1em;color:#222}\
h1{font-size:1.5em;margin-bottom:.3em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
div.table{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0 1em;font-size:.9em}caption{text-align:left;font-weight:600;padding:.2em 0}th,td{border:1px solid #ddd;padding:.25em .55em;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f4f4f4}\
table.meta th{background:none;font-weight:600}abbr{text-decoration:underline dotted;cursor:help}\
.charts{display:flex;flex-wrap:wrap;gap:1em}figure.chart{margin:0;max-width:600px}figure.chart svg{max-width:100%;height:auto}\
figcaption{font-size:.85em;color:#444}.ok{color:#2a7d2a}.bad{color:#b00020;font-weight:600}\
ol.glossary li{margin:.2em 0}ol.glossary code{font-weight:600}";

/// What run the report is about: the scenario, seed, replications and the
/// ccsim version, with any further facts (`start`, `interval`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The scenario's name.
    pub scenario: String,
    /// The seed.
    pub seed: u64,
    /// Replications (per point, for a sweep).
    pub replications: u32,
    /// The ccsim version that made the report.
    pub version: String,
    /// Further facts, shown in order.
    pub extra: Vec<(String, String)>,
}

impl Meta {
    /// The identity of a run of `scenario`, with this ccsim's version.
    pub fn new(scenario: impl Into<String>, seed: u64, replications: u32) -> Meta {
        Meta {
            scenario: scenario.into(),
            seed,
            replications,
            version: env!("CARGO_PKG_VERSION").to_string(),
            extra: Vec::new(),
        }
    }

    /// With one more fact.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Meta {
        self.extra.push((key.into(), value.into()));
        self
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, left-aligned.
    Text(String),
    /// A number (with its ± half-width), right-aligned.
    Number(String),
    /// A metric, by its name or `label`, explained on hover and in a
    /// footnote.
    Metric {
        /// What the cell shows (the metric's name when empty).
        label: String,
        /// The metric explained.
        metric: Metric,
    },
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell.
    pub fn number(s: impl Into<String>) -> Cell {
        Cell::Number(s.into())
    }

    /// A metric named as the files spell it.
    pub fn metric(metric: Metric) -> Cell {
        Cell::Metric {
            label: String::new(),
            metric,
        }
    }
}

/// A table: a caption, a header row and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Shown above the table.
    pub caption: String,
    /// The header row.
    pub header: Vec<Cell>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// A chart drawn: its SVG, how many data circles it holds, and what it
/// shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The chart's title (names the chart in the self-check's verdict).
    pub title: String,
    /// The SVG, ready to inline.
    pub svg: String,
    /// Data circles drawn (see [`super::chart`]).
    pub marks: usize,
    /// The metrics it shows, explained under it.
    pub metrics: Vec<Metric>,
    /// A sentence under it (what the bands and lines are).
    pub note: String,
}

impl Figure {
    /// Draws `chart`; `metrics` are explained under it, `note` says what
    /// else it shows.
    pub fn of(
        chart: &Chart,
        metrics: &[Metric],
        note: impl Into<String>,
    ) -> Result<Figure, OutputError> {
        let (svg, marks) = chart.svg()?;
        // Inline SVG needs no namespace declaration (HTML puts <svg> in
        // it), and the page names no URL, not even an identifier.
        let svg = svg.replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1);
        Ok(Figure {
            title: chart.title.clone(),
            svg,
            marks,
            metrics: metrics.to_vec(),
            note: note.into(),
        })
    }
}

/// One part of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of text.
    Note(String),
    /// A table.
    Table(Table),
    /// Charts, laid side by side as the page's width allows.
    Charts(Vec<Figure>),
}

/// A section: a heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// Its content, in order.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub fn new(heading: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a paragraph.
    pub fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Note(text.into()));
    }

    /// Adds a table.
    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    /// Adds a chart beside the previous one (see [`Figure::of`]).
    pub fn chart(
        &mut self,
        chart: &Chart,
        metrics: &[Metric],
        note: impl Into<String>,
    ) -> Result<(), OutputError> {
        let figure = Figure::of(chart, metrics, note)?;
        match self.blocks.last_mut() {
            Some(Block::Charts(figures)) => figures.push(figure),
            _ => self.blocks.push(Block::Charts(vec![figure])),
        }
        Ok(())
    }
}

/// A report: a title, the run's identity and its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The page's title.
    pub title: String,
    /// What run it is about.
    pub meta: Meta,
    /// Its sections, in order.
    pub sections: Vec<Section>,
}

/// `text` with HTML's special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A metric's name (or `label`) with its explanation on hover and its
/// footnote number.
fn metric_html(glossary: &mut Glossary, label: &str, metric: Metric) -> String {
    let n = glossary.number(metric);
    let name = metric.name();
    let label = if label.is_empty() { &name } else { label };
    format!(
        "<abbr title=\"{}\">{}</abbr><sup>{n}</sup>",
        escape(&explain(metric)),
        escape(label)
    )
}

fn cell_html(out: &mut String, glossary: &mut Glossary, tag: &str, cell: &Cell) {
    let _ = match cell {
        Cell::Text(t) => write!(out, "<{tag}>{}</{tag}>", escape(t)),
        Cell::Number(t) => write!(out, "<{tag} class=\"n\">{}</{tag}>", escape(t)),
        Cell::Metric { label, metric } => {
            write!(
                out,
                "<{tag}>{}</{tag}>",
                metric_html(glossary, label, *metric)
            )
        }
    };
}

fn table_html(out: &mut String, glossary: &mut Glossary, t: &Table) {
    out.push_str("<div class=\"table\"><table>");
    if !t.caption.is_empty() {
        let _ = write!(out, "<caption>{}</caption>", escape(&t.caption));
    }
    out.push_str("<thead><tr>");
    for c in &t.header {
        cell_html(out, glossary, "th", c);
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            cell_html(out, glossary, "td", c);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

fn figure_html(out: &mut String, glossary: &mut Glossary, f: &Figure) {
    let _ = write!(
        out,
        "<figure class=\"chart\" data-chart=\"{}\" data-marks=\"{}\">{}<figcaption>",
        escape(&f.title),
        f.marks,
        f.svg
    );
    let names: Vec<String> = f
        .metrics
        .iter()
        .map(|m| metric_html(glossary, "", *m))
        .collect();
    out.push_str(&names.join(", "));
    if !f.note.is_empty() {
        let _ = write!(
            out,
            "{}{}",
            if names.is_empty() { "" } else { ". " },
            escape(&f.note)
        );
    }
    out.push_str("</figcaption></figure>\n");
}

impl Report {
    /// A report without sections.
    pub fn new(title: impl Into<String>, meta: Meta) -> Report {
        Report {
            title: title.into(),
            meta,
            sections: Vec::new(),
        }
    }

    /// Adds a section (one without content is left out).
    pub fn push(&mut self, section: Section) {
        if !section.blocks.is_empty() {
            self.sections.push(section);
        }
    }

    /// The number of charts.
    pub fn chart_count(&self) -> usize {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .map(|b| match b {
                Block::Charts(f) => f.len(),
                _ => 0,
            })
            .sum()
    }

    /// The page, self-contained (see the module doc).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let title = escape(&self.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{CSS}</style>\n<script>{SCRIPT}</script>\n</head>\n\
             <body data-check=\"not run\">\n<header>\n<h1>{title}</h1>\n"
        );
        self.meta_html(&mut out);
        out.push_str(
            "<p>Self-check: <span id=\"self-check\">not run (scripts are off)</span>. \
             Hover over a metric's name for its definition; the numbers refer to the list at the end.</p>\n</header>\n",
        );
        let mut glossary = Glossary::default();
        let _ = writeln!(out, "<main data-charts=\"{}\">", self.chart_count());
        for s in &self.sections {
            let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&s.heading));
            for b in &s.blocks {
                match b {
                    Block::Note(t) => {
                        let _ = writeln!(out, "<p>{}</p>", escape(t));
                    }
                    Block::Table(t) => table_html(&mut out, &mut glossary, t),
                    Block::Charts(figures) => {
                        out.push_str("<div class=\"charts\">\n");
                        for f in figures {
                            figure_html(&mut out, &mut glossary, f);
                        }
                        out.push_str("</div>\n");
                    }
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("</main>\n<section>\n<h2>Metrics</h2>\n<ol class=\"glossary\">\n");
        for (n, m) in glossary.entries() {
            let _ = writeln!(out, "<li value=\"{n}\">{}</li>", code_first(&explain(m)));
        }
        let _ = write!(
            out,
            "</ol>\n<p>Means over replications; ± and bands are 95 % confidence half-widths (Student t) unless a chart says otherwise.</p>\n</section>\n\
             <footer><p>ccsim {}</p></footer>\n</body>\n</html>\n",
            escape(&self.meta.version)
        );
        out
    }

    fn meta_html(&self, out: &mut String) {
        let m = &self.meta;
        let mut rows: Vec<(&str, String)> = vec![
            ("scenario", m.scenario.clone()),
            ("seed", m.seed.to_string()),
            ("replications", m.replications.to_string()),
            ("ccsim version", m.version.clone()),
        ];
        rows.extend(m.extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
        out.push_str("<table class=\"meta\">");
        for (k, v) in rows {
            let _ = write!(
                out,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(k),
                escape(&v)
            );
        }
        out.push_str("</table>\n");
    }
}

/// An explanation with the metric's name (its first word) in `<code>`.
fn code_first(text: &str) -> String {
    match text.split_once(' ') {
        Some((name, rest)) => format!("<code>{}</code> {}", escape(name), escape(rest)),
        None => escape(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::chart::{Point, Series};

    #[test]
    fn a_report_renders_its_sections_and_explains_its_metrics_once() {
        let mut r = Report::new("a <test>", Meta::new("s", 7, 3).with("start", "08:00"));
        let mut s = Section::new("numbers");
        s.table(Table {
            caption: "t".into(),
            header: vec![Cell::text("queue"), Cell::metric(Metric::AsaSeconds)],
            rows: vec![vec![Cell::text("q"), Cell::number("1.0 ± 0.1")]],
        });
        let mut c = Chart::new("asa", "x", "s");
        c.series.push(Series::line(
            "m",
            vec![Point::new(0.0, 1.0), Point::new(1.0, 2.0)],
        ));
        s.chart(&c, &[Metric::AsaSeconds], "a note")
            .unwrap_or_else(|e| panic!("{e}"));
        s.chart(&c, &[], "").unwrap_or_else(|e| panic!("{e}"));
        r.push(s);
        r.push(Section::new("empty, left out"));
        let html = r.render();
        assert_eq!(r.chart_count(), 2);
        assert!(html.contains("<h1>a &lt;test&gt;</h1>") && html.contains("<td>08:00</td>"));
        assert!(!html.contains("empty, left out"));
        assert_eq!(html.matches("<li value=").count(), 1, "ASA explained once");
        assert_eq!(html.matches("<sup>1</sup>").count(), 2);
        assert!(
            super::super::check::problems(&html).is_empty(),
            "{:?}",
            super::super::check::problems(&html)
        );
        assert_eq!(html, r.render());
    }
}
