//! Contact records follow Connect's contact record data model (issue 10 §1,
//! the part done): second-precision `Z` timestamps, UUID-shaped contact ids
//! unique across replications, `{ARN, Name}` queue and routing-profile
//! objects, the format version, instance ARN and last-update time, ccsim's
//! own fields under `Attributes`, and each replication on its own day.

use std::process::Command;

use serde_json::Value;

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && s.chars()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit())
}

fn is_connect_timestamp(s: &str) -> bool {
    // 2026-01-05T08:00:07Z
    let b = s.as_bytes();
    s.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && s.chars()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

fn records(replications: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("records.jsonl");
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args([
            "run",
            scenario.to_str().unwrap_or_default(),
            "--quiet",
            "--replications",
        ])
        .arg(replications)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--contact-records")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn records_follow_connects_data_model() {
    let recs = records("2");
    assert!(recs.len() > 100);
    let mut ids = std::collections::BTreeSet::new();
    let mut agent_records = 0;
    for r in &recs {
        assert_eq!(r["AWSContactTraceRecordFormatVersion"], "2017-03-10");
        let instance = r["InstanceARN"].as_str().unwrap_or_default();
        assert!(instance.starts_with("arn:aws:connect:"), "{instance}");
        let id = r["ContactId"].as_str().unwrap_or_default();
        assert!(is_uuid(id), "{id}");
        assert!(ids.insert(id.to_string()), "duplicate ContactId {id}");
        assert!(is_uuid(r["InitialContactId"].as_str().unwrap_or_default()));
        for k in [
            "InitiationTimestamp",
            "DisconnectTimestamp",
            "LastUpdateTimestamp",
        ] {
            let t = r[k].as_str().unwrap_or_default();
            assert!(is_connect_timestamp(t), "{k} = {t:?}");
        }
        // ISO 8601 with a fixed width orders as text.
        assert!(r["LastUpdateTimestamp"].as_str() >= r["DisconnectTimestamp"].as_str());
        if let Some(q) = r["Queue"].as_object() {
            let arn = q["ARN"].as_str().unwrap_or_default();
            assert!(arn.starts_with(&format!("{instance}/queue/")), "{arn}");
            assert!(q["Name"].is_string());
            assert!(is_connect_timestamp(
                q["EnqueueTimestamp"].as_str().unwrap_or_default()
            ));
        }
        if let Some(a) = r["Agent"].as_object() {
            agent_records += 1;
            let rp = &a["RoutingProfile"];
            let arn = rp["ARN"].as_str().unwrap_or_default();
            assert!(
                arn.starts_with(&format!("{instance}/routing-profile/")),
                "{arn}"
            );
            assert!(rp["Name"].is_string());
        }
        let attrs = r["Attributes"]
            .as_object()
            .unwrap_or_else(|| panic!("no Attributes: {r}"));
        for k in [
            "ccsim_replication",
            "ccsim_outcome",
            "ccsim_callback_attempts",
        ] {
            assert!(attrs[k].is_string(), "Attributes.{k} in {r}");
        }
        for k in [
            "Replication",
            "Outcome",
            "CallbackAttempts",
            "TransferToAgent",
        ] {
            assert!(r.get(k).is_none(), "ccsim's own field {k} at the top level");
        }
    }
    assert!(agent_records > 50);
}

#[test]
fn each_replication_is_its_own_day() {
    let recs = records("2");
    let day = |rep: &str| -> std::collections::BTreeSet<String> {
        recs.iter()
            .filter(|r| r["Attributes"]["ccsim_replication"] == rep)
            .map(|r| r["InitiationTimestamp"].as_str().unwrap_or_default()[..10].to_string())
            .collect()
    };
    let (d0, d1) = (day("0"), day("1"));
    assert_eq!(d0.len(), 1, "{d0:?}");
    assert_eq!(d1.len(), 1, "{d1:?}");
    assert_ne!(d0, d1, "replications 0 and 1 share a date");
}

/// Runs the default scenario with records in Firehose's layout; returns
/// the folder's files (relative path → decompressed bytes).
fn firehose_objects(threads: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("records");
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(&scenario)
        .args(["--quiet", "--replications", "3", "--threads", threads])
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--contact-records")
        .arg(&target)
        .args(["--records-layout", "firehose"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = crate::common::gunzipped_files(&target);
    // Nothing but the folder itself is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
    files
}

#[test]
fn firehose_layout_holds_the_same_records_by_hour_for_any_thread_count() {
    let one = firehose_objects("1");
    assert_eq!(one, firehose_objects("2"), "layout depends on threads");
    let mut from_objects = Vec::new();
    for (path, bytes) in &one {
        // YYYY/MM/DD/HH/name.gz
        let parts: Vec<&str> = path.split('/').collect();
        assert_eq!(parts.len(), 5, "{path}");
        let hour = format!("{}-{}-{}T{}", parts[0], parts[1], parts[2], parts[3]);
        // Records are concatenated with no separator at all.
        assert!(!bytes.contains(&b'\n'), "{path} has a separator");
        let stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
        for v in stream {
            let v = v.unwrap_or_else(|e| panic!("{path}: {e}"));
            let last = v["LastUpdateTimestamp"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                last.starts_with(&hour),
                "{path} holds a record updated at {last}"
            );
            from_objects.push(v["ContactId"].as_str().unwrap_or_default().to_string());
        }
    }
    let mut from_lines: Vec<String> = records("3")
        .iter()
        .map(|v| v["ContactId"].as_str().unwrap_or_default().to_string())
        .collect();
    from_objects.sort();
    from_lines.sort();
    assert_eq!(from_objects, from_lines);
}
