//! The metric catalogue (`stats::metrics`) says what every metric is and
//! where it is reported; these tests hold the summaries of real runs to it.

use ccsim::exec::run_scenario;
use ccsim::stats::Metric;

use crate::common::bundled;

/// Every entry of every bundled scenario's summary is a metric whose name
/// spells back to it, reported where the catalogue says, at most once per
/// (scope, interval).
#[test]
fn every_reported_metric_is_in_the_catalogue_where_it_says() {
    for name in ["all_methods.toml", "api_channels.toml", "staffing_day.toml"] {
        let mut spec = bundled(name);
        spec.replications = 2;
        let summary = run_scenario(&spec, Some(2), &|| {});
        assert!(!summary.entries.is_empty(), "{name}");
        let mut seen = std::collections::BTreeSet::new();
        for e in &summary.entries {
            let spelled = e.metric.name();
            assert_eq!(
                Metric::from_name(&spelled),
                Some(e.metric),
                "{name}: {spelled}"
            );
            assert!(
                e.metric
                    .is_reported(e.scope.scope_kind(), e.interval.is_some()),
                "{name}: {spelled} for {} {} (interval {:?}) is not in its catalogue entry",
                e.scope.kind(),
                e.scope.name(),
                e.interval
            );
            assert!(
                seen.insert((e.scope.clone(), e.interval, spelled.to_string())),
                "{name}: {spelled} twice for {:?} {:?}",
                e.scope,
                e.interval
            );
        }
    }
}

/// The total's distributions hold every contact's durations, whichever
/// queue it reached or none, whether the recorder records them per contact
/// or adds the queues' histograms in at the end (its choice by expected
/// volume; both are forced here): recomputed from the contact records of a
/// replication of `all_methods.toml` (queued and queueless contacts, every
/// method), they must equal the recorder's, count for count.
#[test]
fn the_total_distributions_hold_every_contact() {
    use ccsim::center::run_replication;
    use ccsim::center::spec::InitiationMethod;
    use ccsim::center::Outcome;
    use ccsim::stats::hist::new_histogram;
    use ccsim::stats::recorder::answered;
    use ccsim::stats::{HistogramKind, Recorder, StatsConfig, TotalFold};
    use std::sync::Arc;

    let spec = bundled("all_methods.toml");
    for fold in [false, true] {
        let mut cfg = StatsConfig::new(&spec);
        cfg.fold_total = if fold {
            TotalFold::Histograms
        } else {
            TotalFold::Nothing
        };
        let ((rec, out), _) = run_replication(
            &spec,
            0,
            (
                Recorder::new(Arc::new(cfg)),
                crate::common::Collect::default(),
            ),
        );
        let mut want: Vec<_> = HistogramKind::ALL.iter().map(|_| new_histogram()).collect();
        let mut put = |k: HistogramKind, ms: u64| {
            want[k as usize]
                .record(ms)
                .unwrap_or_else(|e| panic!("{e}"));
        };
        let mut queueless = 0;
        for r in out.ended.iter().chain(&out.unfinished) {
            if r.method == InitiationMethod::Monitor {
                continue; // a supervisor's contact, not the center's
            }
            queueless += u32::from(r.queue.is_none());
            if let Some(w) = r.wait().map(|d| d.as_millis()) {
                if answered(r) {
                    put(HistogramKind::Wait, w);
                    let tto = r.time_to_offer().map_or(0, |d| d.as_millis());
                    put(HistogramKind::TimeToOffer, tto);
                } else if r.outcome == Outcome::Abandoned {
                    put(HistogramKind::TimeToAbandon, w);
                }
            }
            if let (Some(_), Some(_)) = (r.connected, r.acw_end) {
                let wl = r.whisper_latency().map_or(0, |d| d.as_millis());
                put(HistogramKind::WhisperLatency, wl);
                put(HistogramKind::HandleTime, r.handle_time().as_millis());
            }
        }
        assert!(
            queueless > 0,
            "the scenario must have contacts without a queue"
        );
        for k in HistogramKind::ALL {
            let label = format!("{} (fold {fold})", k.key());
            let got = &rec.total.histograms[k as usize]
                .as_ref()
                .unwrap_or_else(|| panic!("the total keeps {label}"))
                .to_hdr();
            let want = &want[k as usize];
            assert!(!want.is_empty(), "{label}: nothing recorded");
            assert_eq!(got.len(), want.len(), "{label}");
            let counts = |h: &hdrhistogram::Histogram<u64>| -> Vec<(u64, u64)> {
                h.iter_recorded()
                    .map(|v| (v.value_iterated_to(), v.count_at_value()))
                    .collect()
            };
            assert_eq!(counts(got), counts(want), "{label}");
        }
    }
}

/// The total's counts and sums are the same whether the recorder records
/// every contact in the total or adds the queues' in at the end (its choice
/// by volume and thresholds; each is forced here): every metric of a
/// replication of `all_methods.toml`, its queues given the same thresholds,
/// is equal under the three choices. The scenario exercises every sum the
/// fold adds (checked below), so leaving one out fails.
#[test]
fn the_total_is_the_same_folded_or_recorded() {
    use ccsim::center::run_replication;
    use ccsim::stats::{replication_metrics, Recorder, StatsConfig, TotalFold};
    use std::sync::Arc;

    let mut spec = bundled("all_methods.toml");
    let thresholds = spec.queues[0].service_level_thresholds.clone();
    for q in &mut spec.queues {
        q.service_level_thresholds = thresholds.clone();
    }
    let run = |fold: TotalFold| {
        let mut cfg = StatsConfig::new(&spec);
        cfg.fold_total = fold;
        let (rec, _) = run_replication(&spec, 1, Recorder::new(Arc::new(cfg)));
        rec
    };
    let reference = run(TotalFold::Nothing);
    let t = &reference.total;
    let c = &t.counts;
    for (what, v) in [
        ("created", t.created),
        ("callback attempts", t.callback_attempts),
        ("connected", t.connected),
        ("dial and ring", t.dial_ring_sum_ms),
        ("self-served", t.self_served),
        ("disconnect flows", t.disconnect_flows),
        ("missed offers", t.missed_offers),
        ("time to offer", t.time_to_offer_sum_ms),
        ("longest wait", t.max_queued_ms),
        ("talk", t.talk_sum_ms),
        ("hold", t.hold_sum_ms),
        ("after-contact work", t.acw_sum_ms),
        ("whisper latency", t.whisper_sum_ms),
        ("agent whisper", t.agent_whisper_sum_ms),
        ("customer whisper", t.customer_whisper_sum_ms),
        ("abandoned", c.abandoned),
        ("callbacks", c.callbacks),
        ("waited", c.waited),
        ("abandon wait", c.abandon_sum_ms),
    ] {
        assert!(v > 0, "the scenario must exercise {what}");
    }
    let want = replication_metrics(&reference);
    for fold in [TotalFold::Histograms, TotalFold::Everything] {
        let got = replication_metrics(&run(fold));
        assert_eq!(got.len(), want.len(), "{fold:?}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(format!("{g:?}"), format!("{w:?}"), "{fold:?}");
        }
    }
}

/// The values-only path of a replication's metrics (what a summary takes
/// from every replication after the first) gives exactly the keyed path's
/// values, in its order, for every bundled scenario — queues, groups,
/// methods, channels, email, campaigns, supervisors, criteria, redials,
/// pauses, external parties, whatever each has — on two replications.
#[test]
fn values_only_are_the_keyed_values_in_order() {
    use std::sync::Arc;

    use ccsim::center::run_replication;
    use ccsim::stats::{replication_metrics, replication_values, Recorder, StatsConfig};

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut checked = 0;
    for path in paths {
        // A sweep file does not load as a scenario.
        let Ok(spec) = ccsim::scenario::load(&path) else {
            continue;
        };
        let cfg = Arc::new(StatsConfig::new(&spec));
        for replication in 0..2 {
            let (rec, _) = run_replication(&spec, replication, Recorder::new(Arc::clone(&cfg)));
            let keyed: Vec<_> = replication_metrics(&rec).into_iter().map(|m| m.3).collect();
            let mut values = vec![Some(-1.0)];
            replication_values(&rec, &mut values);
            assert_eq!(values[0], Some(-1.0), "{}: appends", path.display());
            assert_eq!(values[1..], keyed[..], "{}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} scenarios loaded");
}

/// A contact answered at once whose conversation is still going when the
/// run stops (`drain = "0s"`, chats of 6 minutes) was answered within the
/// threshold and did not wait: with the drain cut to nothing, every
/// interval's P(wait > 0) and service level are what they are with a
/// drain long enough to end every conversation (36 chat slots for 12
/// erlangs: nobody waits). Such contacts counted as waiting and not
/// answered: the last hour read P(wait > 0) 0.104 and service level 0.896.
#[test]
fn a_contact_answered_before_the_run_stops_counts_as_answered() {
    use ccsim::engine::SimDuration;
    use ccsim::stats::Scope;
    let mut cut = crate::common::spec(
        r#"
[simulation]
seed = 1
replications = 4
horizon = "4h"
interval = "1h"
drain = "0s"
[[queues]]
name = "chat"
targets = { service_level = { threshold = "20s", target = 0.8 } }
[[routing_profiles]]
name = "digital"
queues = [{ queue = "chat" }]
concurrency = { chat = 3 }
[[agent_groups]]
name = "team"
routing_profile = "digital"
headcount = 12
auto_accept = true
[[sources]]
name = "web_chat"
method = "api_chat"
rate_per_hour = 120
queue = "chat"
customer = { talk = { dist = "exponential", mean = "6m" }, patience = { dist = "exponential", mean = "5m" } }
"#,
    );
    let cut_summary = run_scenario(&cut, Some(1), &|| {});
    cut.drain = SimDuration::from_secs(4 * 3600);
    let drained = run_scenario(&cut, Some(1), &|| {});
    let queue = Scope::Queue("chat".into());
    let get = |s: &ccsim::stats::Summary, m: Metric, i: u32| {
        s.get_at(&queue, m, Some(i)).and_then(|e| e.mean)
    };
    let cut_short = cut_summary
        .get(&Scope::Total, Metric::ContactsUnfinished)
        .and_then(|e| e.mean)
        .unwrap_or(0.0);
    assert!(cut_short > 5.0, "conversations cut: {cut_short}");
    for i in 0..4 {
        for m in [Metric::PWait, Metric::ServiceLevel { threshold_s: 20 }] {
            assert_eq!(
                get(&cut_summary, m, i),
                get(&drained, m, i),
                "{m:?} in hour {i}"
            );
        }
    }
    assert_eq!(get(&cut_summary, Metric::PWait, 3), Some(0.0));
}

/// The contacts in the center at the horizon, and those unfinished when
/// the drain ends, count in every scope a finished contact counts in: the
/// methods' (a supervisor's MONITOR legs aside, which are no contacts of
/// the center) and the channels' add up to the total, replication by
/// replication. They were 0 in every method and channel of a scenario with
/// more than one.
#[test]
fn contacts_still_in_the_center_count_in_their_method_and_channel() {
    use crate::common::replication_values;
    use ccsim::stats::Scope;

    let mut spec = bundled("all_methods.toml");
    spec.replications = 3;
    // No drain: every contact in flight at the horizon is also unfinished.
    spec.drain = ccsim::engine::SimDuration::from_secs(0);
    let summary = run_scenario(&spec, Some(2), &|| {});
    let scopes = |kind: &str| -> std::collections::BTreeSet<Scope> {
        summary
            .entries
            .iter()
            .map(|e| e.scope.clone())
            .filter(|s| s.kind() == kind && s.name() != "MONITOR")
            .collect()
    };
    for metric in [
        Metric::ContactsInProgressAtHorizon,
        Metric::ContactsUnfinished,
    ] {
        let total = replication_values(&summary, &Scope::Total, metric).to_vec();
        assert!(total.iter().all(|t| *t > 0.0), "{metric:?}: {total:?}");
        for kind in ["method", "channel"] {
            let parts = scopes(kind);
            assert!(parts.len() > 1, "{kind}: {parts:?}");
            let mut sum = vec![0.0; total.len()];
            for s in &parts {
                for (acc, v) in sum.iter_mut().zip(replication_values(&summary, s, metric)) {
                    *acc += v;
                }
            }
            assert_eq!(sum, total, "{metric:?} summed over {kind}s {parts:?}");
        }
    }
}
