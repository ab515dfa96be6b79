//! Reading a real center's exports (issue 10 §2), on the small fixtures
//! under `tests/fixtures/ingest/` (its README says what each one is):
//! every layout of contact records (JSON lines, a JSON array, a Firehose
//! folder tree of gzip'd and plain objects concatenated with no separator,
//! all in one call), every kind of mess real exports contain, with the
//! skips counted exactly, a real-shaped record, each kind of bad input
//! with an error naming file, line or record and field, historical metrics
//! and roster CSVs, input classification — and ccsim's own records read
//! back field by field.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use ccsim::ingest::{
    classify, read_contact_records, read_historical_metrics, read_roster, ContactSet, IngestError,
    InputKind, LocalDate, ObservedContact, SkipReason, Zone,
};
use ccsim::timefmt::parse_iso8601_utc;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read(inputs: &[PathBuf]) -> ContactSet {
    read_contact_records(inputs).unwrap_or_else(|e| panic!("{e}"))
}

fn ms(text: &str) -> i64 {
    parse_iso8601_utc(text).unwrap_or_else(|e| panic!("{e}"))
}

fn ids(set: &ContactSet) -> Vec<String> {
    set.contacts
        .iter()
        .map(|c| c.contact_id[c.contact_id.len() - 2..].to_string())
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    gz.finish().unwrap_or_else(|e| panic!("{e}"))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
}

/// The committed Firehose tree, copied into `root` with its 10:00 object
/// gzip'd (`.gz`), a gzip'd copy of nothing else, a hidden checksum file
/// and a manifest a folder walk must leave out.
fn firehose_tree(root: &Path) {
    let src = fixture("firehose/2024/03/04");
    let plain = "09/ctr-firehose-1-2024-03-04-09-15-02-6d1f0c9e-3b1a-4f6e-9a51-2c7f1e0a4b11";
    let zipped = "10/ctr-firehose-1-2024-03-04-10-16-40-8e2b7d41-5c3a-4d2f-b8e0-91a3c6d5f722";
    let day = root.join("2024/03/04");
    let bytes = |p: &str| std::fs::read(src.join(p)).unwrap_or_else(|e| panic!("{e}"));
    write(&day.join(plain), &bytes(plain));
    write(&day.join(format!("{zipped}.gz")), &gzip(&bytes(zipped)));
    write(&day.join("10/.checksum.crc"), b"not a record");
    write(&root.join("manifest.txt"), b"not a record");
}

#[test]
fn json_lines_arrays_and_concatenated_objects_read_alike() {
    let lines = std::fs::read_to_string(fixture("lines.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let records: Vec<&str> = lines.lines().collect();
    let expected = read(&[fixture("lines.jsonl")]);
    assert_eq!(ids(&expected), ["01", "02", "03"]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let layouts: [(&str, Vec<u8>); 5] = [
        (
            "array.json",
            format!("[\n{}\n]\n", records.join(",\n")).into_bytes(),
        ),
        ("firehose-object", records.concat().into_bytes()),
        ("firehose-object-gzip", gzip(records.concat().as_bytes())),
        ("lines.jsonl.gz", gzip(lines.as_bytes())),
        ("crlf.jsonl", lines.replace('\n', "\r\n").into_bytes()),
    ];
    for (name, bytes) in layouts {
        let p = dir.path().join(name);
        write(&p, &bytes);
        let got = read(&[p]);
        assert_eq!(got.contacts, expected.contacts, "{name}");
        assert_eq!((got.records_read, got.files_read), (3, 1), "{name}");
        assert_eq!(got.skipped.total(), 0, "{name}");
    }
}

#[test]
fn a_firehose_folder_tree_reads_gzip_and_plain_objects() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    firehose_tree(dir.path());
    let set = read(&[dir.path().to_path_buf()]);
    assert_eq!(ids(&set), ["01", "02", "06", "07"]);
    assert_eq!((set.records_read, set.files_read), (4, 2));
    assert_eq!(set.files_left_out, [dir.path().join("manifest.txt")]);
    let task = &set.contacts[3];
    assert_eq!(
        (task.channel.as_str(), task.method.as_str()),
        ("TASK", "API")
    );
    assert_eq!(task.queue_wait_s(), Some(600.0));
}

#[test]
fn every_layout_in_one_call_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    firehose_tree(dir.path());
    let inputs = [
        dir.path().to_path_buf(),
        fixture("array.json"),
        fixture("lines.jsonl"),
    ];
    let set = read(&inputs);
    // A and B are in lines.jsonl and in the Firehose tree: one each kept.
    assert_eq!(ids(&set), ["01", "02", "03", "04", "05", "06", "07"]);
    assert_eq!((set.records_read, set.files_read), (9, 4));
    assert_eq!(set.skipped.get(SkipReason::Duplicate), 2);
    assert_eq!(set.skipped.total(), 2);
    let mut reversed = inputs.to_vec();
    reversed.reverse();
    assert_eq!(read(&reversed), set);
    // The outbound call names its queue without queueing; the callback
    // keeps its chain.
    let outbound = &set.contacts[3];
    assert_eq!(outbound.method, "OUTBOUND");
    let q = outbound
        .queue
        .as_ref()
        .unwrap_or_else(|| panic!("no queue"));
    assert_eq!(
        (q.name.as_str(), q.enqueued_ms, q.duration_s),
        ("Sales", None, Some(0.0))
    );
    assert_eq!(outbound.queue_wait_s(), None);
    let callback = &set.contacts[4];
    assert_eq!(callback.method, "CALLBACK");
    assert_eq!(
        callback.previous_contact_id,
        Some(set.contacts[1].contact_id.clone())
    );
    assert_eq!(callback.agent.as_ref().and_then(|a| a.acw_end_ms), None);
}

#[test]
fn messy_records_are_tolerated_and_every_skip_counted() {
    let set = read(&[fixture("mess.jsonl")]);
    // 10 objects: an agent event; m1 in progress, then finished twice;
    // m2 with only the required fields; m3 with unknown fields everywhere,
    // then an older version of it; m4 with null Agent and Queue; m5 with
    // fractions and offsets; m6 still in progress.
    assert_eq!(set.records_read, 10);
    let skipped: Vec<(SkipReason, u64)> = set.skipped.iter().collect();
    assert_eq!(
        skipped,
        [
            (SkipReason::Duplicate, 1),
            (SkipReason::Superseded, 2),
            (SkipReason::InProgress, 1),
            (SkipReason::NotAContactRecord, 1),
        ]
    );
    assert_eq!(
        set.skipped.to_string(),
        "1 duplicate, 2 superseded by a later update, 1 in progress, 1 not a contact record"
    );
    assert_eq!(ids(&set), ["02", "03", "04", "05", "01"]);
    let [m2, m3, m4, m5, m1] = &set.contacts[..] else {
        panic!("five contacts")
    };
    // Missing optional fields: absent, and the last update falls back to
    // the disconnect.
    assert_eq!(m2.last_update_ms, m2.disconnected_ms);
    assert_eq!((m2.queue.as_ref(), m2.agent.as_ref()), (None, None));
    assert!(m2.attributes.is_empty() && m2.disconnect_reason.is_none());
    // Unknown fields ignored, the latest version kept, case normalized,
    // only string attributes kept.
    assert_eq!(m3.last_update_ms, ms("2024-03-04T22:30:00Z"));
    assert_eq!(
        (m3.channel.as_str(), m3.method.as_str()),
        ("VOICE", "INBOUND")
    );
    assert_eq!(m3.attributes, [("language".to_string(), "de".to_string())]);
    assert_eq!(m3.agent.as_ref().and_then(|a| a.interaction_s), Some(535.0));
    // null Agent and Queue.
    assert_eq!((m4.queue.as_ref(), m4.agent.as_ref()), (None, None));
    assert!(!m4.answered() && !m4.abandoned_in_queue());
    // Fractions of a second and numeric offsets; "" is absent.
    assert_eq!(m5.initiated_ms, ms("2024-03-04T23:10:00.123Z"));
    assert_eq!(m5.disconnected_ms, ms("2024-03-04T23:11:00.500Z"));
    let q5 = m5.queue.as_ref().unwrap_or_else(|| panic!("queue"));
    assert_eq!(q5.enqueued_ms, Some(ms("2024-03-04T23:10:10Z")));
    assert_eq!(
        (m5.disconnect_reason.as_deref(), m5.last_update_ms),
        (None, m5.disconnected_ms)
    );
    // Straddling midnight: one contact, its own times, its day the
    // initiation's.
    assert_eq!(m1.initiated_ms, ms("2024-03-04T23:58:30Z"));
    assert_eq!(m1.disconnected_ms, ms("2024-03-05T00:03:10Z"));
    assert_eq!(m1.queue_wait_s(), Some(75.0));
    assert!(m1.answered());
    let day = Zone::utc().local_date(m1.initiated_ms);
    assert_eq!(
        day,
        LocalDate::new(2024, 3, 4).unwrap_or_else(|| panic!("date"))
    );
    assert_eq!(
        Zone::utc().local_date(m1.disconnected_ms).to_string(),
        "2024-03-05"
    );
}

#[test]
fn a_real_shaped_record_reads_every_field() {
    let set = read(&[fixture("real_shaped.json")]);
    let [c] = &set.contacts[..] else {
        panic!("one contact")
    };
    assert_eq!(c.contact_id, "ee0a8fcc-9cf8-4b9c-9fcf-e86ebe989486");
    assert_eq!(
        (c.channel.as_str(), c.method.as_str()),
        ("VOICE", "INBOUND")
    );
    assert_eq!(c.initiated_ms, ms("2020-03-31T16:20:01Z"));
    assert_eq!(c.connected_to_system_ms, Some(ms("2020-03-31T16:20:01Z")));
    assert_eq!(c.disconnected_ms, ms("2020-03-31T16:20:30Z"));
    assert_eq!(c.last_update_ms, ms("2020-03-31T16:21:44Z"));
    assert_eq!(c.disconnect_reason, None); // older records have none
    assert_eq!(
        (
            &c.initial_contact_id,
            &c.previous_contact_id,
            &c.next_contact_id
        ),
        (&None, &None, &None)
    );
    let q = c.queue.as_ref().unwrap_or_else(|| panic!("queue"));
    assert_eq!(q.name, "Chinese CSR");
    assert_eq!(q.enqueued_ms, Some(ms("2020-03-31T16:20:11Z")));
    assert_eq!(q.dequeued_ms, Some(ms("2020-03-31T16:20:16Z")));
    assert_eq!((q.duration_s, c.queue_wait_s()), (Some(5.0), Some(5.0)));
    let a = c.agent.as_ref().unwrap_or_else(|| panic!("agent"));
    assert_eq!(a.username.as_deref(), Some("agent01"));
    assert_eq!(a.routing_profile.as_deref(), Some("Chinese CSR"));
    assert_eq!(a.connected_ms, Some(ms("2020-03-31T16:20:16Z")));
    assert_eq!(
        (a.interaction_s, a.hold_s, a.holds, a.longest_hold_s),
        (Some(14.0), Some(0.0), Some(0), Some(0.0))
    );
    assert_eq!(a.acw_start_ms, Some(ms("2020-03-31T16:20:30Z")));
    assert_eq!(a.acw_end_ms, Some(ms("2020-03-31T16:20:40Z")));
    assert_eq!(a.acw_s, Some(10.0));
    assert_eq!(c.agent_connection_attempts, Some(1));
    assert_eq!(
        c.attributes,
        [("customerNumber".into(), "+15555550100".into())]
    );
    assert!(c.answered() && !c.abandoned_in_queue());
}

/// The error of reading `name`, as text, checked to start with the file.
fn error_text(e: IngestError, name: &str) -> String {
    let text = e.to_string();
    assert!(
        text.starts_with(&fixture(name).display().to_string()),
        "{text}"
    );
    text
}

#[test]
fn each_bad_record_file_names_file_line_record_and_field() {
    for (name, expected) in [
        ("bad/not_json.jsonl", vec![".jsonl:2:1: not JSON: expected `{` (the next record), found `T`"]),
        ("bad/syntax.jsonl", vec![":2:30 (record 2): not JSON: expected value"]),
        ("bad/truncated.jsonl", vec![":2:1 (record 2): the file ends inside this record", "fetch it again"]),
        (
            "bad/bad_timestamp.jsonl",
            vec![":2 (record 2): field `Queue.EnqueueTimestamp`: `2024-03-04 25:00`", "2019-08-13T22:54:40Z"],
        ),
        (
            "bad/out_of_order.jsonl",
            vec![":1 (record 1): field `DisconnectTimestamp` (2024-03-04T08:59:00Z) is before `InitiationTimestamp` (2024-03-04T09:00:00Z)"],
        ),
        (
            "bad/acw_before_answer.jsonl",
            vec![":1 (record 1): field `Agent.AfterContactWorkStartTimestamp` (2024-03-04T08:58:00Z) is before `Agent.ConnectedToAgentTimestamp` (2024-03-04T09:01:00Z)"],
        ),
        (
            "bad/system_after_disconnect.jsonl",
            vec![":1 (record 1): field `DisconnectTimestamp` (2024-03-04T09:02:00Z) is before `ConnectedToSystemTimestamp` (2024-03-05T07:00:00Z)"],
        ),
        (
            "bad/agent_before_initiation.jsonl",
            vec![":1 (record 1): field `Agent.ConnectedToAgentTimestamp` (1970-01-01T00:00:00Z) is before `InitiationTimestamp`"],
        ),
        (
            "bad/acw_end_before_answer.jsonl",
            vec![":1 (record 1): field `Agent.AfterContactWorkEndTimestamp` (2023-03-04T09:07:00Z) is before `Agent.ConnectedToAgentTimestamp`"],
        ),
        (
            "bad/disconnect_far_future.jsonl",
            vec![":1 (record 1): field `DisconnectTimestamp`: `2030-12-31T23:59:59Z` is more than 1096 days after InitiationTimestamp", "check the export"],
        ),
        (
            "bad/year_9999.jsonl",
            vec![
                ":1 (record 1): field `DisconnectTimestamp`: `9999-12-31T23:59:59Z` is beyond the times ccsim can represent (before 9996-01-01)",
                "check the year",
            ],
        ),
        (
            "bad/dequeue_before_enqueue.json",
            vec![":3 (record 2): field `Queue.DequeueTimestamp` (2024-03-04T09:04:00Z) is before `Queue.EnqueueTimestamp`"],
        ),
        (
            "bad/wrong_type.jsonl",
            vec![":1 (record 1): field `Queue.Duration`: invalid type: string \"50\", expected f64", "7, not \"7\""],
        ),
        (
            "bad/queue_string.jsonl",
            vec![
                ":1 (record 1): field `Queue`: invalid type: string \"Support\", expected an object",
                "an object of its fields",
            ],
        ),
        (
            "bad/agent_array.jsonl",
            vec![
                ":1 (record 1): field `Agent`: invalid type: an array, expected an object",
                "or null when the contact has none",
            ],
        ),
        (
            "bad/missing_initiation.jsonl",
            vec![":1 (record 1): field `InitiationTimestamp`: missing", "contact record export"],
        ),
    ] {
        let e = read_contact_records(&[fixture(name)]).expect_err(name);
        let text = error_text(e, name);
        // The reader's own type names are not the user's business.
        assert!(!text.contains("Raw"), "{name}: {text}");
        for part in expected {
            assert!(text.contains(part), "{name}: `{part}` not in: {text}");
        }
    }
    let e = read_contact_records(&[fixture("no/such/file.jsonl")]).expect_err("missing file");
    assert!(e.to_string().contains("file.jsonl: cannot read"), "{e}");
}

#[test]
fn an_unknown_time_zone_names_the_flag_and_examples() {
    let e = Zone::parse("Europe/Atlantis")
        .expect_err("no such zone")
        .to_string();
    assert!(e.starts_with("--time-zone `Europe/Atlantis`"), "{e}");
    assert!(
        e.contains("\"America/New_York\"") && e.contains("\"UTC\""),
        "{e}"
    );
    assert_eq!(
        Zone::parse("America/New_York")
            .map(|z| z.name().to_string())
            .ok(),
        Some("America/New_York".into())
    );
}

#[test]
fn historical_metrics_csv_in_the_report_time_zone() {
    let ny = Zone::parse("America/New_York").unwrap_or_else(|e| panic!("{e}"));
    let rows = read_historical_metrics(&fixture("historical_metrics.csv"), &ny)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 3);
    let [busy, empty, support] = &rows[..] else {
        panic!("three rows")
    };
    // 09:00 EST is 14:00Z; the title line above the header is skipped.
    assert_eq!(
        (busy.queue.as_str(), busy.channel.as_deref()),
        ("Sales", None)
    );
    assert_eq!(
        (busy.start_ms, busy.end_ms),
        (ms("2024-03-04T14:00:00Z"), ms("2024-03-04T14:30:00Z"))
    );
    assert_eq!(
        (
            busy.contacts_queued,
            busy.contacts_handled,
            busy.contacts_abandoned
        ),
        (42, Some(40), Some(2))
    );
    assert_eq!(
        (busy.avg_queue_answer_time_s, busy.avg_handle_time_s),
        (Some(18.0), Some(245.0))
    );
    assert_eq!(busy.service_level, [(20, 0.85), (60, 0.975)]);
    assert_eq!(busy.line, 3);
    // Connect's `-` for no data: counts 0, averages and service levels unknown.
    assert_eq!(
        (empty.contacts_queued, empty.contacts_handled),
        (0, Some(0))
    );
    assert_eq!(
        (empty.avg_queue_answer_time_s, empty.avg_handle_time_s),
        (None, None)
    );
    assert!(empty.service_level.is_empty());
    assert_eq!(support.contacts_queued, 1204);
    assert_eq!(
        (support.avg_queue_answer_time_s, support.avg_handle_time_s),
        (Some(35.5), Some(312.0))
    );
    // Percentages become shares (to within rounding: 71.2 / 100 in binary).
    let shares: Vec<(u32, f64)> = support.service_level.clone();
    assert_eq!(shares.len(), 2);
    for ((t, s), (want_t, want_s)) in shares.into_iter().zip([(20, 0.712), (60, 0.9)]) {
        assert_eq!(t, want_t);
        assert!((s - want_s).abs() < 1e-12, "{s} vs {want_s}");
    }
}

#[test]
fn historical_metrics_without_an_end_column_last_the_step_between_starts() {
    let rows = read_historical_metrics(&fixture("historical_metrics_15min.csv"), &Zone::utc())
        .unwrap_or_else(|e| panic!("{e}"));
    let spans: Vec<(i64, Option<&str>)> = rows
        .iter()
        .map(|r| ((r.end_ms - r.start_ms) / 60_000, r.channel.as_deref()))
        .collect();
    assert_eq!(
        spans,
        [(15, Some("VOICE")), (15, Some("VOICE")), (15, Some("CHAT"))]
    );
    assert_eq!(rows[2].avg_handle_time_s, None);
    assert_eq!(
        (rows[0].contacts_handled, rows[0].avg_queue_answer_time_s),
        (None, None)
    );
}

#[test]
fn bad_csvs_name_file_line_and_column() {
    let utc = Zone::utc();
    let name = "bad/metrics_wrong_columns.csv";
    let e = read_historical_metrics(&fixture(name), &utc).expect_err(name);
    let text = error_text(e, name);
    for part in [
        ".csv:1: no interval start column in the header `Queue name,Interval,Offered,Answered`",
        "`StartInterval` or `Interval start`",
    ] {
        assert!(text.contains(part), "`{part}` not in: {text}");
    }
    for (name, expected) in [
        (
            "bad/metrics_bad_count.csv",
            ":3: field `Contacts queued`: `many` is not a count",
        ),
        (
            "bad/metrics_overlap.csv",
            ":5: field `StartInterval`: queue \"Sales\": this row starts before the row on line 2 ends (900 s of the two overlap)",
        ),
        (
            "bad/roster_negative.csv",
            ":3: field `agents`: `-2` is negative",
        ),
        (
            "bad/roster_not_a_number.csv",
            ":2: field `agents`: `ten` is not a number",
        ),
        (
            "bad/roster_bad_time.csv",
            ":2: field `interval_start`: `04/03/2024 09:00` is not an ISO 8601",
        ),
    ] {
        let e = if name.contains("roster") {
            read_roster(&fixture(name), &utc).expect_err(name)
        } else {
            read_historical_metrics(&fixture(name), &utc).expect_err(name)
        };
        let text = error_text(e, name);
        assert!(
            text.contains(expected),
            "{name}: `{expected}` not in: {text}"
        );
    }
    let e = read_roster(&fixture("historical_metrics.csv"), &utc).expect_err("not a roster");
    assert!(e.to_string().contains("no interval start column"), "{e}");
}

#[test]
fn rosters_by_routing_profile_or_group() {
    let ny = Zone::parse("America/New_York").unwrap_or_else(|e| panic!("{e}"));
    let rows = read_roster(&fixture("roster.csv"), &ny).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(i64, Option<&str>, f64)> = rows
        .iter()
        .map(|r| (r.start_ms, r.routing_profile.as_deref(), r.agents))
        .collect();
    let nine = ms("2024-03-04T14:00:00Z");
    assert_eq!(
        got,
        [
            (nine, Some("Sales Profile"), 12.0),
            (nine + 1_800_000, Some("Sales Profile"), 11.5),
            (nine, Some("Support Profile"), 0.0),
        ]
    );
    let rows = read_roster(&fixture("roster_groups.csv"), &ny).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].group.as_deref(), rows[0].routing_profile.as_deref()),
        (Some("sales_team"), None)
    );
    assert_eq!(rows[0].end_ms, Some(ms("2024-03-04T14:30:00Z")));
    assert_eq!(rows[0].agents, 8.0);
}

#[test]
fn classify_tells_the_inputs_apart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let firehose_gz = dir.path().join("object-without-extension");
    write(&firehose_gz, &gzip(b"{}"));
    let json_txt = dir.path().join("records.txt");
    write(&json_txt, b"  [{}]");
    for (path, kind) in [
        (fixture("firehose"), InputKind::ContactRecords),
        (fixture("lines.jsonl"), InputKind::ContactRecords),
        (fixture("array.json"), InputKind::ContactRecords),
        (firehose_gz, InputKind::ContactRecords),
        (json_txt, InputKind::ContactRecords),
        (
            fixture("historical_metrics.csv"),
            InputKind::HistoricalMetrics,
        ),
        (
            fixture("historical_metrics_15min.csv"),
            InputKind::HistoricalMetrics,
        ),
        (fixture("roster.csv"), InputKind::Roster),
        (fixture("roster_groups.csv"), InputKind::Roster),
    ] {
        assert_eq!(
            classify(&path).map_err(|e| e.to_string()),
            Ok(kind),
            "{}",
            path.display()
        );
    }
    let e = classify(&fixture("bad/unknown.csv"))
        .expect_err("unknown csv")
        .to_string();
    assert!(
        e.contains("a CSV whose header (`name,colour`) is neither"),
        "{e}"
    );
    assert!(
        e.contains("interval_start, routing_profile or group, agents"),
        "{e}"
    );
}

/// `text` as Unix ms (`None` for null).
fn stamp(v: &Value) -> Option<i64> {
    v.as_str().map(ms)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Every field of `c` equals the record `r` it was read from.
fn same_as_written(c: &ObservedContact, r: &Value) {
    assert_eq!(
        Some(&c.contact_id),
        r["ContactId"].as_str().map(str::to_string).as_ref()
    );
    assert_eq!(c.initial_contact_id, text(&r["InitialContactId"]));
    assert_eq!(c.previous_contact_id, text(&r["PreviousContactId"]));
    assert_eq!(c.next_contact_id, text(&r["NextContactId"]));
    assert_eq!(Some(c.channel.clone()), text(&r["Channel"]));
    assert_eq!(Some(c.method.clone()), text(&r["InitiationMethod"]));
    assert_eq!(Some(c.initiated_ms), stamp(&r["InitiationTimestamp"]));
    assert_eq!(
        c.connected_to_system_ms,
        stamp(&r["ConnectedToSystemTimestamp"])
    );
    assert_eq!(Some(c.disconnected_ms), stamp(&r["DisconnectTimestamp"]));
    assert_eq!(c.disconnect_reason, text(&r["DisconnectReason"]));
    assert_eq!(Some(c.last_update_ms), stamp(&r["LastUpdateTimestamp"]));
    assert_eq!(
        c.agent_connection_attempts.map(u64::from),
        r["AgentConnectionAttempts"].as_u64()
    );
    let attributes: Vec<(String, String)> = r["Attributes"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), text(v).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let mut attributes = attributes;
    attributes.sort();
    assert_eq!(c.attributes, attributes);
    let q = &r["Queue"];
    match &c.queue {
        None => assert!(q.is_null()),
        Some(cq) => {
            match text(&q["Name"]) {
                Some(name) => assert_eq!(cq.name, name),
                // An agent's own queue: no name in the record, read as
                // the agent queue of its agent's routing profile.
                None => {
                    let arn = q["ARN"].as_str().unwrap_or_default();
                    assert!(arn.contains("/queue/agent/"), "{arn}");
                    let Some(owner) = cq.agent_queue_of.clone() else {
                        panic!("{arn} is read as an agent queue");
                    };
                    assert_eq!(cq.name, format!("agent:{owner}"));
                    // Taken: its taker's profile (else whose queue the
                    // other contacts show it is).
                    if let Some(taker) = text(&r["Agent"]["RoutingProfile"]["Name"]) {
                        assert_eq!(owner, taker, "{arn}");
                    }
                }
            }
            assert_eq!(cq.enqueued_ms, stamp(&q["EnqueueTimestamp"]));
            assert_eq!(cq.dequeued_ms, stamp(&q["DequeueTimestamp"]));
            assert_eq!(cq.duration_s, q["Duration"].as_f64());
            if cq.enqueued_ms.is_some() {
                // A callback's wait is Dequeue − Enqueue: its Duration
                // holds the initial delay too.
                let wait = match (c.method.as_str(), cq.dequeued_ms) {
                    ("CALLBACK", Some(d)) => cq.enqueued_ms.map(|e| (d - e) as f64 / 1000.0),
                    _ => q["Duration"].as_f64(),
                };
                assert_eq!(c.queue_wait_s(), wait);
            }
        }
    }
    let a = &r["Agent"];
    match &c.agent {
        None => assert!(a.is_null()),
        Some(ca) => {
            assert_eq!(ca.username, text(&a["Username"]));
            assert_eq!(ca.routing_profile, text(&a["RoutingProfile"]["Name"]));
            assert_eq!(ca.connected_ms, stamp(&a["ConnectedToAgentTimestamp"]));
            assert_eq!(ca.interaction_s, a["AgentInteractionDuration"].as_f64());
            assert_eq!(ca.hold_s, a["CustomerHoldDuration"].as_f64());
            assert_eq!(ca.holds.map(u64::from), a["NumberOfHolds"].as_u64());
            assert_eq!(ca.longest_hold_s, a["LongestHoldDuration"].as_f64());
            assert_eq!(ca.acw_start_ms, stamp(&a["AfterContactWorkStartTimestamp"]));
            assert_eq!(ca.acw_end_ms, stamp(&a["AfterContactWorkEndTimestamp"]));
            assert_eq!(ca.acw_s, a["AfterContactWorkDuration"].as_f64());
        }
    }
}

#[test]
fn ccsim_records_read_back_field_by_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("records.jsonl");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/all_methods.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["run", "--quiet", "--replications", "2", "--contact-records"])
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg(&scenario)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let written: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let set = read(&[file]);
    let in_progress = written
        .iter()
        .filter(|r| r["DisconnectTimestamp"].is_null())
        .count();
    assert!(written.len() > 1000, "{}", written.len());
    assert_eq!(set.records_read, written.len() as u64);
    assert_eq!(set.contacts.len() + in_progress, written.len());
    assert_eq!(set.skipped.get(SkipReason::InProgress), in_progress as u64);
    assert_eq!(set.skipped.total(), in_progress as u64);
    let by_id: BTreeMap<&str, &ObservedContact> = set
        .contacts
        .iter()
        .map(|c| (c.contact_id.as_str(), c))
        .collect();
    let mut outcomes = BTreeMap::new();
    for r in written
        .iter()
        .filter(|r| !r["DisconnectTimestamp"].is_null())
    {
        let id = r["ContactId"].as_str().unwrap_or_default();
        let c = by_id.get(id).unwrap_or_else(|| panic!("{id} not read"));
        same_as_written(c, r);
        let outcome = r["Attributes"]["ccsim_outcome"]
            .as_str()
            .unwrap_or_default();
        *outcomes.entry(outcome.to_string()).or_insert(0) += 1;
        match outcome {
            "handled" => assert!(c.answered(), "{id}"),
            "abandoned" | "self_served" => assert!(!c.answered(), "{id}"),
            _ => {}
        }
    }
    // The scenario exercises answered, abandoned and self-served contacts.
    for o in ["handled", "abandoned", "self_served"] {
        assert!(
            outcomes.get(o).copied().unwrap_or(0) > 0,
            "no {o}: {outcomes:?}"
        );
    }
    let initiated: Vec<i64> = set.contacts.iter().map(|c| c.initiated_ms).collect();
    assert!(
        initiated.windows(2).all(|w| w[0] <= w[1]),
        "sorted by initiation"
    );
}

/// The hint fits the mistake: a count that is not a whole number of 0 or
/// more is not told to drop quotes it does not have, and a key written
/// twice is not a type error.
#[test]
fn a_bad_count_and_a_duplicated_key_get_hints_that_fit() {
    let text = std::fs::read_to_string(fixture("lines.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let first = text.lines().next().unwrap_or_default();
    let answered: Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["Agent"].is_object())
        .unwrap_or_else(|| panic!("no answered record in lines.jsonl"));
    let holds = |n: Value| {
        let mut v = answered.clone();
        v["Agent"]["NumberOfHolds"] = n;
        v.to_string()
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, record, expected) in [
        (
            "half.jsonl",
            holds(serde_json::json!(0.5)),
            "whole number, 0 or more",
        ),
        (
            "negative.jsonl",
            holds(serde_json::json!(-5)),
            "whole number, 0 or more",
        ),
        (
            "twice.jsonl",
            first.replacen('{', "{\"Channel\":\"VOICE\",", 1),
            "names each field once",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, record + "\n").unwrap_or_else(|e| panic!("{e}"));
        let text = read_contact_records(&[path]).expect_err(name).to_string();
        assert!(text.contains(&format!("{name}:1 (record 1)")), "{text}");
        assert!(
            text.contains(expected),
            "{name}: `{expected}` not in: {text}"
        );
        assert!(!text.contains("not \"7\""), "{name}: {text}");
    }
}

/// A gzip file cut short (an interrupted download) said "cannot read … check
/// that it exists and is readable" — a fix for another problem (a fuzz
/// campaign's find). It says the file is damaged now, and how to check.
#[test]
fn a_gzip_file_cut_short_is_named_as_damaged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let whole = gzip(&std::fs::read(fixture("lines.jsonl")).unwrap_or_else(|e| panic!("{e}")));
    let cut = dir.path().join("cut.jsonl.gz");
    write(&cut, &whole[..whole.len() / 2]);
    let e = match read_contact_records(std::slice::from_ref(&cut)) {
        Ok(_) => panic!("a truncated gzip file was read"),
        Err(e) => e.to_string(),
    };
    assert!(e.starts_with(&cut.display().to_string()), "{e}");
    assert!(e.contains("cannot decompress"), "{e}");
    assert!(e.contains("cut short or damaged"), "{e}");
    assert!(!e.contains("check that it exists"), "{e}");
}

/// A fuzz find: a record whose start carries milliseconds and whose next
/// event is written in whole seconds (Connect writes both forms) read
/// "out of order" and stopped the whole calibration. A whole-second stamp
/// is its instant cut to the second, so 13:01:20Z may be 13:01:20.500: it
/// is read as the earlier event's instant (no negative wait). Earlier by
/// a second or more, or by any amount where both carry milliseconds, is
/// still refused.
#[test]
fn a_whole_second_stamp_may_read_up_to_a_second_before_a_millisecond_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let record = |start: &str, enqueued: &str| {
        serde_json::json!({
            "ContactId": "c1", "Channel": "VOICE", "InitiationMethod": "INBOUND",
            "InitiationTimestamp": start, "DisconnectTimestamp": "2024-04-01T13:05:00Z",
            "Queue": {"Name": "Q", "EnqueueTimestamp": enqueued,
                      "DequeueTimestamp": "2024-04-01T13:02:00Z"}
        })
        .to_string()
    };
    let path = dir.path().join("r.jsonl");
    write(
        &path,
        record("2024-04-01T13:01:20.500Z", "2024-04-01T13:01:20Z").as_bytes(),
    );
    let set = read(std::slice::from_ref(&path));
    let c = &set.contacts[0];
    let q = c.queue.as_ref().unwrap_or_else(|| panic!("no queue"));
    assert_eq!(q.enqueued_ms, Some(ms("2024-04-01T13:01:20.500Z")));
    assert_eq!(c.queue_wait_s(), Some(39.5));
    for (start, enqueued) in [
        ("2024-04-01T13:01:21Z", "2024-04-01T13:01:20Z"),
        ("2024-04-01T13:01:20.500Z", "2024-04-01T13:01:20.499Z"),
        ("2024-04-01T13:01:20.500Z", "2024-04-01T13:01:20.4Z"),
    ] {
        write(&path, record(start, enqueued).as_bytes());
        let e = match read_contact_records(std::slice::from_ref(&path)) {
            Ok(_) => panic!("{start} then {enqueued} was read"),
            Err(e) => e.to_string(),
        };
        assert!(
            e.contains("field `Queue.EnqueueTimestamp`")
                && e.contains("is before `InitiationTimestamp`"),
            "{e}"
        );
    }
}

/// A callback requested at 09:00:00, queued after a 60 s initial delay
/// (09:01:00) and taken at 09:01:40: its wait is 40 s whether its
/// `Queue.Duration` adds the delay (100, Connect's worked example, which
/// ccsim writes) or not (40, the field's definition); an inbound call
/// keeps its `Queue.Duration`.
#[test]
fn a_callback_s_wait_is_from_its_enqueue_whatever_its_duration_holds() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let record = |id: &str, method: &str, duration: u32| {
        format!(
            r#"{{"ContactId":"{id}","InitiationMethod":"{method}","Channel":"VOICE","InitiationTimestamp":"2026-03-02T09:00:00Z","DisconnectTimestamp":"2026-03-02T09:05:00Z","Queue":{{"Name":"q","ARN":"arn:q","EnqueueTimestamp":"2026-03-02T09:01:00Z","DequeueTimestamp":"2026-03-02T09:01:40Z","Duration":{duration}}}}}"#
        )
    };
    let lines = [
        record("with-delay", "CALLBACK", 100),
        record("without", "CALLBACK", 40),
        record("call", "INBOUND", 41),
    ];
    let path = dir.path().join("r.jsonl");
    write(&path, lines.join("\n").as_bytes());
    let set = read(&[path]);
    let wait = |id: &str| {
        set.contacts
            .iter()
            .find(|c| c.contact_id == id)
            .and_then(|c| c.queue_wait_s())
    };
    assert_eq!(
        (wait("with-delay"), wait("without"), wait("call")),
        (Some(40.0), Some(40.0), Some(41.0))
    );
}
