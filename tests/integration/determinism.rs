//! Same scenario and seed ⇒ byte-identical output (contact records included),
//! whatever the thread count;
//! another seed ⇒ different output; and common random numbers: staffing
//! changes never change what the customers do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ccsim::center::Outcome;

use crate::common::{bundled, collect};

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

/// Runs `ccsim run` on a bundled scenario into `out` and returns every file
/// written, relative path → bytes.
fn run_into(out: &Path, scenario: &str, extra: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(scenario);
    let status = ccsim()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .arg("--contact-records")
        .arg(out.join("records.jsonl"))
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut files = BTreeMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
            let p = e.unwrap_or_else(|e| panic!("{e}")).path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.insert(
                    p.strip_prefix(out).unwrap_or(&p).to_path_buf(),
                    std::fs::read(&p).unwrap_or_default(),
                );
            }
        }
    }
    files
}

#[test]
fn same_seed_same_bytes_for_any_thread_count_and_another_seed_differs() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for scenario in ["default.toml", "two_queues.toml", "all_methods.toml"] {
        let a = run_into(&tmp.path().join("a"), scenario, &["--threads", "1"]);
        let b = run_into(&tmp.path().join("b"), scenario, &["--threads", "2"]);
        let c = run_into(&tmp.path().join("c"), scenario, &["--threads", "2"]);
        assert!(
            a.len() >= 8,
            "expected summary files and histograms, got {:?}",
            a.keys()
        );
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (k, v) in &a {
            assert!(
                b[k] == *v,
                "{scenario}: {} differs between 1 and 2 threads",
                k.display()
            );
            assert!(
                c[k] == *v,
                "{scenario}: {} differs between two runs",
                k.display()
            );
        }
        let d = run_into(&tmp.path().join("d"), scenario, &["--seed", "99"]);
        let summary = PathBuf::from("summary.json");
        assert_ne!(
            a[&summary], d[&summary],
            "{scenario}: another seed gave the same summary"
        );
        for dir in ["a", "b", "c", "d"] {
            std::fs::remove_dir_all(tmp.path().join(dir)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Changing the headcount changes waits, but not the arrival sequence nor
/// anything a customer would do: every arrival time, patience, talk time,
/// hold and self-service decision is identical (common random numbers).
#[test]
fn staffing_changes_leave_customers_unchanged() {
    let base = bundled("default.toml");
    let mut more = base.clone();
    for h in &mut more.groups[0].headcount {
        *h += 4;
    }
    let mut fewer = base.clone();
    for h in &mut fewer.groups[0].headcount {
        *h = h.saturating_sub(4);
    }
    for r in 0..3 {
        let key = |spec| {
            let out = collect(spec, r);
            let mut all: Vec<_> = out
                .ended
                .iter()
                .chain(out.unfinished.iter())
                .cloned()
                .collect();
            all.sort_by_key(|c| c.id);
            (
                all.iter()
                    .map(|c| {
                        (
                            c.id,
                            c.initiated,
                            c.patience,
                            c.talk,
                            c.hold_count,
                            c.hold_total,
                            c.outcome == Outcome::SelfServed,
                        )
                    })
                    .collect::<Vec<_>>(),
                all.iter().map(|c| c.queue_duration()).collect::<Vec<_>>(),
            )
        };
        let (customers_base, waits_base) = key(&base);
        let (customers_more, waits_more) = key(&more);
        let (customers_fewer, _) = key(&fewer);
        assert!(customers_base.len() > 500);
        assert_eq!(
            customers_base, customers_more,
            "replication {r}: more agents changed the customers"
        );
        assert_eq!(
            customers_base, customers_fewer,
            "replication {r}: fewer agents changed the customers"
        );
        assert_ne!(
            waits_base, waits_more,
            "the staffing change should change waits (else this test proves nothing)"
        );
    }
}
