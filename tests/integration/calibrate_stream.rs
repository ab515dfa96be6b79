//! Calibration streams its records (issue 10's benchmark asks for it), so
//! nothing it estimates may depend on how the records are laid out or in
//! which order they come: the same contacts as one file, split into two
//! files listed in reverse with every record in shuffled order, or with
//! duplicated, superseded and in-progress records (and other event types)
//! mixed in before and after the ones kept, give the same scenario, the
//! same `calibration.json` and the same report — all but the lines that
//! count what was read and skipped, which must count exactly what was
//! mixed in.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use ccsim::calibrate::pipeline::{from_records, Options, Outputs};
use ccsim::calibrate::scenario_toml::ScenarioSettings;
use ccsim::ingest::{read_contact_records, SkipReason, Zone};
use ccsim::output::{run_with_records, RecordFiles};

use super::common::bundled;

/// Every initiation method's records (transfers, queue transfers,
/// callbacks: the joins between contacts), two days of them.
fn records(dir: &Path) -> Vec<String> {
    let mut spec = bundled("all_methods.toml");
    spec.replications = 2;
    let path = dir.join("all.jsonl");
    run_with_records(&spec, Some(1), &|| {}, &RecordFiles::new(&path))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    text.lines().map(str::to_string).collect()
}

fn write_lines(path: &Path, lines: &[String]) -> PathBuf {
    std::fs::write(path, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    path.to_path_buf()
}

/// A Firehose object: gzip'd, records concatenated with no separator.
fn write_firehose(path: &Path, lines: &[String]) -> PathBuf {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    for l in lines {
        gz.write_all(l.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let bytes = gz.finish().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path.to_path_buf()
}

fn calibrate(inputs: &[PathBuf]) -> Outputs {
    let zone = Zone::parse("America/New_York").unwrap_or_else(|e| panic!("{e}"));
    let settings = ScenarioSettings {
        name: "stream".into(),
        seed: 1,
        replications: 20,
        drain_s: 7_200,
    };
    let o = Options {
        zone: &zone,
        interval_ms: 1_800_000,
        thresholds_s: vec![20.0, 60.0],
        email_thresholds_s: Vec::new(),
        roster: vec![],
        settings: &settings,
    };
    from_records(inputs, &o).unwrap_or_else(|e| panic!("{e}"))
}

/// The outputs without what counts the records read and skipped.
fn estimates(o: &Outputs) -> (String, Value, String) {
    let mut doc = o.json.clone();
    if let Value::Object(m) = &mut doc {
        m.remove("input");
    }
    let report = o
        .report
        .lines()
        .filter(|l| !l.starts_with("Read ") && !l.starts_with("- skipped "))
        .collect::<Vec<_>>()
        .join("\n");
    (o.scenario.clone(), doc, report)
}

fn skipped(o: &Outputs, reason: SkipReason) -> u64 {
    let list = o.json["input"]["skipped"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    list.iter()
        .find(|s| s["reason"] == reason.label())
        .and_then(|s| s["count"].as_u64())
        .unwrap_or_else(|| panic!("no count for {reason}: {list:?}"))
}

/// An earlier version of `record`, different wherever an estimate would
/// notice, with its `LastUpdateTimestamp` moved back to the initiation.
fn older_version(record: &Value) -> Value {
    let mut old = record.clone();
    old["LastUpdateTimestamp"] = record["InitiationTimestamp"].clone();
    old["DisconnectReason"] = json!("OTHER");
    if old["Agent"].is_object() {
        old["Agent"]["AgentInteractionDuration"] = json!(4321);
        old["Agent"]["Username"] = json!("ghost");
    }
    if old["Queue"].is_object() {
        old["Queue"]["Name"] = json!("ghost queue");
    }
    old
}

#[test]
fn calibration_does_not_depend_on_layout_order_or_mess() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let lines = records(d);
    assert!(lines.len() > 3_000, "{} records", lines.len());
    let one = calibrate(&[d.join("all.jsonl")]);

    // Split in two, shuffled, listed in reverse; one half a Firehose
    // object.
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let mut shuffled = lines.clone();
    shuffled.shuffle(&mut rng);
    let (first, second) = shuffled.split_at(shuffled.len() / 2);
    let split = calibrate(&[
        write_firehose(&d.join("z-firehose"), second),
        write_lines(&d.join("a.jsonl"), first),
    ]);

    // Messy: duplicates, superseded versions read before and after the
    // kept one, in-progress versions, contacts never finished, other
    // event types.
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let (mut duplicates, mut superseded, mut in_progress) = (0u64, 0u64, 0u64);
    for (i, line) in lines.iter().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        let changes = record["InitiationTimestamp"] != record["LastUpdateTimestamp"];
        match i % 10 {
            0 => {
                after.push(line.clone());
                duplicates += 1;
            }
            1 if changes => {
                before.push(older_version(&record).to_string());
                superseded += 1;
            }
            2 if changes => {
                after.push(older_version(&record).to_string());
                after.push(older_version(&record).to_string());
                superseded += 1;
                duplicates += 1;
            }
            3 if changes => {
                let mut open = older_version(&record);
                open["DisconnectTimestamp"] = Value::Null;
                open["Agent"] = Value::Null;
                before.push(open.to_string());
                superseded += 1;
            }
            _ => {}
        }
    }
    for k in 0..25 {
        let mut open: Value = serde_json::from_str(&lines[k * 7]).unwrap_or_else(|e| panic!("{e}"));
        open["ContactId"] = json!(format!("still-open-{k}"));
        open["DisconnectTimestamp"] = Value::Null;
        after.push(open.to_string());
        in_progress += 1;
    }
    for k in 0..5 {
        before
            .push(json!({"EventType": "HEART_BEAT", "AgentARN": format!("agent/{k}")}).to_string());
    }
    before.shuffle(&mut rng);
    after.shuffle(&mut rng);
    let messy_inputs = [
        write_lines(&d.join("0-before.jsonl"), &before),
        write_lines(&d.join("1-kept.jsonl"), &lines),
        write_firehose(&d.join("2-after"), &after),
    ];
    let messy = calibrate(&messy_inputs);

    assert_eq!(estimates(&split), estimates(&one), "split and shuffled");
    assert_eq!(
        estimates(&messy),
        estimates(&one),
        "with duplicates and old versions"
    );
    assert_eq!(
        split.json["input"]["contacts_kept"],
        one.json["input"]["contacts_kept"]
    );
    assert_eq!(messy.json["input"]["contacts_kept"], json!(lines.len()));
    assert_eq!(skipped(&messy, SkipReason::Duplicate), duplicates);
    assert_eq!(skipped(&messy, SkipReason::Superseded), superseded);
    assert_eq!(skipped(&messy, SkipReason::InProgress), in_progress);
    assert_eq!(skipped(&messy, SkipReason::NotAContactRecord), 5);
    assert!(
        duplicates > 100 && superseded > 100,
        "{duplicates} {superseded}"
    );

    // Read whole, the messy files give the very contacts of the clean one.
    let clean = read_contact_records(&[d.join("all.jsonl")]).unwrap_or_else(|e| panic!("{e}"));
    let kept = read_contact_records(&messy_inputs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.contacts, clean.contacts);
    assert_eq!(
        kept.records_read,
        lines.len() as u64 + duplicates + superseded + in_progress + 5
    );
}
