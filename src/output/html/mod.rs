//! The self-contained HTML report (`--report`): one `report.html` that
//! opens from disk in any browser, with no network, no external script,
//! style or font — charts drawn by plotters as inline SVG, tables, and the
//! explanation of every metric shown, from the metric catalogue.
//!
//! A library of sections: build a [`Report`] from [`Section`]s of
//! [`Chart`]s (described as data, drawn by [`chart`]), [`Table`]s and
//! notes, then [`Report::render`] it or [`write_report`] it. One builder
//! per command makes its report from the data the command already has:
//!
//! - [`run::run_report`]: `ccsim run` (the newer features' sections in
//!   [`features`]);
//! - [`staff::staff_report`], [`staff::interval_staff_report`]:
//!   `ccsim staff` (with `--per-interval`);
//! - `ccsim sweep`'s and `ccsim backtest`'s live beside their data, in
//!   `sweep::html` and `calibrate::backtest_html` (the output layer does
//!   not reach up into the layers that call it).
//!
//! Every page checks itself in the browser that opens it ([`check`]):
//! `.ci/report-check` opens each kind in headless Chromium and fails on a
//! script or console error, a blocked load, or a chart missing or empty.

pub mod chart;
pub mod check;
pub mod features;
pub mod glossary;
pub mod page;
pub mod run;
pub mod staff;
pub mod tables;

use std::path::{Path, PathBuf};

pub use chart::{Chart, Point, RefLine, Series, XAxis};
pub use page::{Cell, Meta, Report, Section, Table};

use super::{write_atomic, OutputError};

/// The report's file name in a command's output folder.
pub const REPORT_FILE: &str = "report.html";

/// Writes `report` to `dir/report.html` atomically; returns its path.
pub fn write_report(dir: &Path, report: &Report) -> Result<PathBuf, OutputError> {
    let path = dir.join(REPORT_FILE);
    write_atomic(&path, report.render().as_bytes())?;
    Ok(path)
}
