//! Outputs named through a symbolic link, or at a FIFO or a device. A fuzz
//! campaign found that ccsim replaced them: `--out` through a link became a
//! real folder (the linked folder's files moved into it), and
//! `--contact-records` at a link, a FIFO or a device (`/dev/null`, as root)
//! was renamed over with a plain file. Now the link is followed and kept,
//! and a special file is written into.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn default_scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(default_scenario())
        .args(["--quiet", "--replications", "2", "--threads", "1"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    assert!(
        out.status.success(),
        "ccsim run {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Lines of the records a plain run writes (the reference).
fn reference_records(dir: &Path) -> String {
    let plain = dir.join("plain.jsonl");
    run(&[
        "--out".as_ref(),
        dir.join("plain-out").as_os_str(),
        "--contact-records".as_ref(),
        plain.as_os_str(),
    ]);
    fs::read_to_string(&plain).unwrap_or_else(|e| panic!("{e}"))
}

fn is_link(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn an_output_folder_named_through_a_link_is_replaced_where_the_link_leads() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let real = d.path().join("data/results");
    fs::create_dir_all(&real).unwrap_or_else(|e| panic!("{e}"));
    fs::write(real.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let link = d.path().join("out");
    symlink("data/results", &link).unwrap_or_else(|e| panic!("{e}"));
    run(&["--out".as_ref(), link.as_os_str()]);
    assert!(is_link(&link), "the link was replaced");
    // The results and the user's file are in the linked folder.
    assert!(real.join("summary.json").is_file());
    assert_eq!(
        fs::read_to_string(real.join("notes.txt")).unwrap_or_default(),
        "mine"
    );
}

#[test]
fn contact_records_named_through_a_link_replace_its_target_and_keep_the_link() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let expected = reference_records(d.path());
    fs::create_dir(d.path().join("kept")).unwrap_or_else(|e| panic!("{e}"));
    let target = d.path().join("kept/records.jsonl");
    fs::write(&target, "old").unwrap_or_else(|e| panic!("{e}"));
    let link = d.path().join("records.jsonl");
    symlink("kept/records.jsonl", &link).unwrap_or_else(|e| panic!("{e}"));
    // And a link whose target does not exist yet: the file is made there.
    let dangling = d.path().join("new.jsonl");
    symlink("kept/new.jsonl", &dangling).unwrap_or_else(|e| panic!("{e}"));
    for (l, t) in [
        (&link, &target),
        (&dangling, &d.path().join("kept/new.jsonl")),
    ] {
        run(&[
            "--out".as_ref(),
            d.path().join("out").as_os_str(),
            "--contact-records".as_ref(),
            l.as_os_str(),
        ]);
        assert!(is_link(l), "{} was replaced", l.display());
        assert_eq!(fs::read_to_string(t).unwrap_or_default(), expected);
    }
}

#[test]
fn contact_records_at_a_fifo_or_a_device_are_written_into_it() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let expected = reference_records(d.path());
    let fifo = d.path().join("records.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    // A reader on the FIFO, as a user's `jq` or `gzip` would be.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap_or_default())
    };
    run(&[
        "--out".as_ref(),
        d.path().join("out").as_os_str(),
        "--contact-records".as_ref(),
        fifo.as_os_str(),
    ]);
    let streamed = reader.join().unwrap_or_default();
    assert_eq!(streamed, expected);
    let still_fifo = fs::symlink_metadata(&fifo).map(|m| {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_fifo()
    });
    assert!(still_fifo.unwrap_or(false), "the FIFO was replaced");
    // A device: written into, still a device afterwards, and no part is
    // left beside it or in the temporary folder.
    let null = Path::new("/dev/null");
    run(&[
        "--out".as_ref(),
        d.path().join("out").as_os_str(),
        "--contact-records".as_ref(),
        null.as_os_str(),
    ]);
    let still_device = fs::symlink_metadata(null).map(|m| {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_char_device()
    });
    assert!(still_device.unwrap_or(false), "/dev/null was replaced");
    let pid_parts: Vec<String> = fs::read_dir(std::env::temp_dir())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".ccsim-") && n.contains(".rep"))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        pid_parts.iter().all(|n| !n.contains("-null.rep")),
        "parts left: {pid_parts:?}"
    );
}

/// `/dev/stdout` on a pipe (as `ccsim run … --contact-records /dev/stdout
/// | jq`): a link to a link to a pipe with no path of its own.
#[test]
fn contact_records_at_dev_stdout_go_down_the_pipe() {
    let stdout = Path::new("/dev/stdout");
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let expected = reference_records(d.path());
    let out = run(&[
        "--out".as_ref(),
        d.path().join("out").as_os_str(),
        "--contact-records".as_ref(),
        stdout.as_os_str(),
    ]);
    // The records, then the report.
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.starts_with(&expected),
        "{}",
        &printed[..printed.len().min(300)]
    );
    assert!(
        printed.len() > expected.len(),
        "no report after the records"
    );
}

#[test]
fn firehose_records_at_a_device_are_refused_as_not_a_folder() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(default_scenario())
        .args(["--quiet", "--replications", "1", "--threads", "1", "--out"])
        .arg(d.path().join("out"))
        .args([
            "--contact-records",
            "/dev/null",
            "--records-layout",
            "firehose",
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/null") && stderr.contains("not a folder"),
        "{stderr}"
    );
}
