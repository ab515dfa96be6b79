//! What a run leaves behind: the printed report and the files under `--out`
//! (`summary.json`, `summary.csv`, histogram tables and V2-serialized
//! histograms), every file written atomically.
//!
//! - [`report`]: the text report of `ccsim run`;
//! - [`files`]: `summary.json`, `summary.csv`, the histogram files;
//! - [`agent_hours`]: `agent_hours.csv`, agent-hours and realised shrinkage;
//! - [`records`]: contact records streamed during the run, as JSON lines or
//!   in Firehose's layout ([`firehose`]), each replication's waiting in a
//!   part until the run ends ([`record_parts`]);
//! - [`staffing`]: the tables, CSV files and plots of `ccsim staff`;
//! - [`plots`]: the SVG plots;
//! - [`table`]: fixed-width console tables whose cells never run together;
//! - [`mod@format`]: how a mean and its confidence half-width are shown;
//! - [`html`]: the self-contained HTML report of `--report`;
//! - [`atomic`]: atomic writes, and cleaning up after interrupted ones;
//! - [`folder`]: a results folder written all or nothing;
//! - [`links`]: where a path the user named leads (links followed, special
//!   files written into rather than replaced).

pub mod agent_hours;
pub mod atomic;
pub mod connect_ids;
pub mod files;
pub mod firehose;
pub mod folder;
pub mod format;
pub mod hdr;
pub mod html;
pub mod links;
pub mod plots;
pub mod record_parts;
pub mod records;
pub mod report;
pub mod routing_criteria;
pub mod staffing;
pub mod table;

pub use atomic::write_atomic;
pub use files::write_outputs;
pub use folder::Staging;
pub use records::{run_with_records, RecordFiles, RecordFormatter, RecordLayout, RecordWriter};
pub use report::render_report;

/// An output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// Creating a folder or writing / renaming a file failed; nothing that
    /// was there before was replaced.
    #[error("cannot write {path}: {source}\n    fix: check that the folder is writable, or choose another with --out")]
    Io {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The output folder named is not (and cannot become) a folder.
    #[error("{path} cannot be the output folder: {why}\n    fix: give a folder with --out, e.g. --out results/mine")]
    NotAFolder {
        /// The path given.
        path: std::path::PathBuf,
        /// Why not.
        why: String,
    },
    /// The results would replace a file the command reads.
    #[error("{path} would be replaced by this command's results, and the command reads it\n    fix: give another --out")]
    WouldReplaceInput {
        /// The input.
        path: std::path::PathBuf,
    },
    /// A plot could not be drawn.
    #[error("cannot draw a plot: {message}")]
    Plot {
        /// The plotting library's message.
        message: String,
    },
    /// A histogram could not be serialized.
    #[error("cannot serialize histogram {name}: {message}")]
    Histogram {
        /// Which histogram.
        name: String,
        /// The serializer's message.
        message: String,
    },
}
