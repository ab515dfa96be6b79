//! Agents on shifts: a hand-worked break timeline, no new contact ever
//! offered during a break, aux or planned activity, absenteeism / aux /
//! planned shares against their configured values within confidence
//! intervals computed here, determinism across threads, and day-of-week
//! volume profiles.
//!
//! Statistical checks use fixed seeds and compare with the exact answer
//! within a 99 % interval computed from the run (normal quantile 2.576;
//! Wilson's interval for a binomial share).

use std::collections::BTreeMap;

use ccsim::center::ids::{GroupId, QueueId};
use ccsim::center::spec::{Arrivals, CenterSpec};
use ccsim::center::{run_replication, AgentActivity, AgentHours, ContactRecord, Observer, Outcome};
use ccsim::engine::SimTime;
use ccsim::exec::run_scenario;

use crate::common::{at, bundled, spec};

/// z of a two-sided 99 % normal interval.
const Z99: f64 = 2.576;

/// What the shift tests look at: contact records, every agent's
/// agent-hours spans, and the scheduled / present agent-days.
#[derive(Default)]
struct Shifts {
    records: Vec<ContactRecord>,
    /// (agent, hours, from, to).
    spans: Vec<(u32, AgentHours, SimTime, SimTime)>,
    /// (scheduled, present) per reported shift or interval.
    scheduled: Vec<(u32, u32)>,
}

impl Observer for Shifts {
    fn contact_ended(&mut self, r: &ContactRecord) {
        self.records.push(r.clone());
    }
    fn contact_unfinished(&mut self, r: &ContactRecord) {
        self.records.push(r.clone());
    }
    fn agent_time(&mut self, _g: GroupId, _a: AgentActivity, _from: SimTime, _to: SimTime) {}
    fn queue_level(&mut self, _q: QueueId, _n: u32, _from: SimTime, _to: SimTime) {}
    fn agent_hours(&mut self, a: u32, _g: GroupId, h: AgentHours, from: SimTime, to: SimTime) {
        self.spans.push((a, h, from, to));
    }
    fn agent_scheduled(&mut self, _g: GroupId, s: u32, p: u32, _from: SimTime, _to: SimTime) {
        self.scheduled.push((s, p));
    }
}

fn observe(spec: &CenterSpec, replication: u32) -> Shifts {
    let (mut o, _) = run_replication(spec, replication, Shifts::default());
    o.records.sort_by_key(|r| r.id);
    o
}

/// One agent from 00:00 to 02:00 on a Monday, a 10-minute break due at
/// 00:30 sharp, auto-accept, default whispers (agent 2 s, customer 0.5 s),
/// ACW 60 s.
///
/// On paper:
/// - 20:00 c1 arrives, offered and accepted at once; dequeued 20:02 (agent
///   whisper), connected 20:02.5; talk 15 m → disconnected 35:02.5, ACW to
///   36:02.5. The break falls due at 30:00 while the agent talks: it
///   finishes c1 and its ACW (overrun 30:00–36:02.5), then takes its break
///   36:02.5–46:02.5.
/// - 32:00 c2 arrives; nobody routable (overrun, then break). Offered when
///   the break ends, 46:02.5; dequeued 46:04.5, connected 46:05; talk 5 m →
///   51:05, ACW → 52:05.
/// - 40:00 c3 arrives, queued behind c2: offered at 52:05, dequeued 52:07,
///   connected 52:07.5, talk 1 m → 53:07.5, ACW → 54:07.5.
const BREAK_TIMELINE: &str = r#"
[simulation]
seed = 3
replications = 1
start = "2026-01-05T00:00:00Z"
horizon = "2h"
interval = "1h"
drain = "0s"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[shift_templates]]
name = "short"
start = "00:00"
length = "2h"
breaks = [{ name = "break", length = "10m", window = ["30m", "30m"] }]

[[agent_groups]]
name = "g"
routing_profile = "p"
shifts = [{ template = "short", start = "00:00", agents = 1 }]
auto_accept = true
after_contact_work = "60s"

[[sources]]
name = "c1"
arrival_times = ["20m"]
queue = "q"
customer = { talk = "15m" }

[[sources]]
name = "c2"
arrival_times = ["32m"]
queue = "q"
customer = { talk = "5m" }

[[sources]]
name = "c3"
arrival_times = ["40m"]
queue = "q"
customer = { talk = "1m" }
"#;

#[test]
fn a_break_waits_for_the_contact_and_takes_no_new_one() {
    let s = spec(BREAK_TIMELINE);
    let out = observe(&s, 0);
    let [c1, c2, c3] = &out.records[..] else {
        panic!("expected 3 contacts, got {}", out.records.len())
    };
    let m = |min: f64| at(min * 60.0);
    for c in [c1, c2, c3] {
        assert_eq!(c.outcome, Outcome::Handled);
        assert_eq!(c.agent.map(|a| a.0), Some(0));
        assert_eq!(c.missed_offers, 0);
    }
    assert_eq!(
        (c1.enqueued, c1.offered, c1.accepted, c1.dequeued),
        (m(20.0), m(20.0), m(20.0), at(1202.0))
    );
    assert_eq!(
        (c1.connected, c1.disconnected, c1.acw_end),
        (at(1202.5), at(2102.5), at(2162.5))
    );
    assert_eq!(
        (c2.enqueued, c2.offered, c2.accepted, c2.dequeued),
        (m(32.0), at(2762.5), at(2762.5), at(2764.5))
    );
    assert_eq!(
        (c2.connected, c2.disconnected, c2.acw_end),
        (at(2765.0), at(3065.0), at(3125.0))
    );
    assert_eq!(
        (c3.enqueued, c3.offered, c3.dequeued, c3.connected),
        (m(40.0), at(3125.0), at(3127.0), at(3127.5))
    );
    assert_eq!((c3.disconnected, c3.acw_end), (at(3187.5), at(3247.5)));
    // The agent's time: on the phones until the break fell due, finishing
    // c1 (overrun), the break, back on the phones to the end of the shift.
    let spans: Vec<_> = out
        .spans
        .iter()
        .map(|(a, h, f, t)| (*a, *h, Some(*f), Some(*t)))
        .collect();
    assert_eq!(
        spans,
        vec![
            (0, AgentHours::OnPhones, m(0.0), m(30.0)),
            (0, AgentHours::Overrun, m(30.0), at(2162.5)),
            (0, AgentHours::Break, at(2162.5), at(2762.5)),
            (0, AgentHours::OnPhones, at(2762.5), m(120.0)),
        ]
    );
    assert_eq!(out.scheduled, vec![(1, 1)]);
}

/// A busy center: 30 agents on two templates with breaks and lunches,
/// 10 % absent, aux and planned shrinkage, a queue that is rarely empty.
const BUSY: &str = r#"
[simulation]
seed = 17
replications = 3
start = "2026-01-05T00:00:00Z"
horizon = "12h"
interval = "30m"
drain = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[shift_templates]]
name = "early"
start = ["00:00", "00:30"]
length = "8h"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "2h30m"] },
  { name = "lunch", length = "30m", window = ["3h30m", "4h30m"] },
  { name = "break", length = "15m", window = ["6h", "7h"] },
]

[[shift_templates]]
name = "late"
start = "04:00"
length = "8h"
breaks = [
  { name = "lunch", length = "30m", window = ["3h", "4h"] },
]

[[agent_groups]]
name = "g"
routing_profile = "p"
shifts = [
  { template = "early", start = "00:00", agents = 10 },
  { template = "early", start = "00:30", agents = 8, breaks = ["2h", "4h", "6h30m"] },
  { template = "late", start = "04:00", agents = 12 },
]
shrinkage = { absenteeism = 0.1, aux = { share = 0.08, duration = { dist = "exponential", mean = "5m" } }, planned = 0.05 }
auto_accept = true
after_contact_work = "30s"

[[sources]]
name = "calls"
rate_per_hour = 260
queue = "q"
customer = { talk = { dist = "exponential", mean = "4m" }, patience = { dist = "exponential", mean = "10m" } }
"#;

#[test]
fn no_contact_is_offered_off_the_phones() {
    let s = spec(BUSY);
    let mut offers = 0;
    for rep in 0..s.replications {
        let out = observe(&s, rep);
        let mut by_agent: BTreeMap<u32, Vec<(AgentHours, u64, u64)>> = BTreeMap::new();
        for (a, h, f, t) in &out.spans {
            by_agent
                .entry(*a)
                .or_default()
                .push((*h, f.as_millis(), t.as_millis()));
        }
        let mut away_seen = 0;
        for r in &out.records {
            let (Some((a, _)), Some(t)) = (r.agent, r.offered) else {
                continue;
            };
            offers += 1;
            let t = t.as_millis();
            let spans = by_agent.get(&a).map(Vec::as_slice).unwrap_or_default();
            // Offered while on the phones (an offer at the instant a break
            // falls due may come first: closed interval)…
            assert!(
                spans
                    .iter()
                    .any(|(h, f, e)| *h == AgentHours::OnPhones && *f <= t && t <= *e),
                "contact {} offered to agent {a} at {t} ms off the phones",
                r.id
            );
            // …and never strictly inside a break, aux, planned activity or
            // an overrun (finishing a contact before going away).
            for (h, f, e) in spans {
                if *h != AgentHours::OnPhones {
                    away_seen += 1;
                    assert!(
                        !(*f < t && t < *e),
                        "contact {} offered to agent {a} at {t} ms during {h:?} {f}–{e}",
                        r.id
                    );
                }
            }
        }
        assert!(away_seen > 0, "the run must have breaks to test");
        // Overruns happened: agents finished contacts before going away.
        assert!(out.spans.iter().any(|s| s.1 == AgentHours::Overrun));
        assert!(out.spans.iter().any(|s| s.1 == AgentHours::Aux));
        assert!(out.spans.iter().any(|s| s.1 == AgentHours::Planned));
    }
    assert!(offers > 3000, "a busy run: {offers} offers");
}

/// `n` agents on 24-hour shifts without breaks, every day of a week, with
/// `shrinkage`; one call an hour (the agents are nearly always free).
fn long_shifts(n: u32, days: u32, reps: u32, shrinkage: &str) -> CenterSpec {
    spec(&format!(
        r#"
[simulation]
seed = 5
replications = {reps}
start = "2026-01-05T00:00:00Z"
horizon = "{days}d"
interval = "30m"
drain = "0s"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]

[[shift_templates]]
name = "all_day"
start = "00:00"
length = "24h"

[[agent_groups]]
name = "g"
routing_profile = "p"
shifts = [{{ template = "all_day", start = "00:00", agents = {n} }}]
shrinkage = {shrinkage}
auto_accept = true

[[sources]]
name = "calls"
rate_per_hour = 1
queue = "q"
customer = {{ talk = "1m" }}
"#
    ))
}

#[test]
fn absenteeism_realised_is_its_probability() {
    let p = 0.12;
    let s = long_shifts(50, 7, 160, &format!("{{ absenteeism = {p} }}"));
    let (mut n, mut absent) = (0u32, 0u32);
    for rep in 0..s.replications {
        for (sched, present) in observe(&s, rep).scheduled {
            n += sched;
            absent += sched - present;
        }
    }
    assert_eq!(n, 50 * 7 * 160, "every agent-day scheduled once");
    // Wilson's 99 % interval for the share absent.
    let (nf, phat) = (f64::from(n), f64::from(absent) / f64::from(n));
    let z2 = Z99 * Z99;
    let centre = (phat + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
    let half = Z99 / (1.0 + z2 / nf) * (phat * (1.0 - phat) / nf + z2 / (4.0 * nf * nf)).sqrt();
    assert!(
        (centre - p).abs() <= half,
        "absent {absent} of {n} = {phat:.4}; 99 % interval {:.4}–{:.4} misses {p}",
        centre - half,
        centre + half
    );
}

/// Mean and 99 % half-width (normal; n is in the hundreds) of `xs`.
fn mean_ci99(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, Z99 * (var / n).sqrt())
}

/// Overlap of `[f, t)` with `[lo, hi)`, ms.
fn overlap(f: u64, t: u64, lo: u64, hi: u64) -> u64 {
    t.min(hi).saturating_sub(f.max(lo))
}

#[test]
fn aux_share_realised_is_its_share() {
    // Aux periods alternate with exponential times on the phones; in the
    // middle of a long shift (hours 4 to 20: many cycles of ~30 minutes
    // from the start, none cut by the end) the process is stationary and
    // the expected share of logged-in time in aux is exactly `share`.
    let share = 0.1;
    let s = long_shifts(
        100,
        1,
        5,
        &format!("{{ aux = {{ share = {share}, duration = {{ dist = \"exponential\", mean = \"3m\" }} }} }}"),
    );
    let (lo, hi) = (4 * 3_600_000, 20 * 3_600_000);
    let mut per_agent = Vec::new();
    for rep in 0..s.replications {
        let mut aux: BTreeMap<u32, u64> = BTreeMap::new();
        for (a, h, f, t) in observe(&s, rep).spans {
            if h == AgentHours::Aux {
                *aux.entry(a).or_default() += overlap(f.as_millis(), t.as_millis(), lo, hi);
            }
        }
        for a in 0..100 {
            per_agent.push(aux.get(&a).copied().unwrap_or(0) as f64 / (hi - lo) as f64);
        }
    }
    let (mean, half) = mean_ci99(&per_agent);
    assert!(
        (mean - share).abs() <= half,
        "aux share {mean:.4} ± {half:.4} misses {share}"
    );
}

#[test]
fn planned_share_realised_is_its_share() {
    // 37 agents, 15 %: 5.55 agents per interval, stochastically rounded to
    // 5 or 6, so the expected share of agent time planned is exactly 15 %.
    let share = 0.15;
    let s = long_shifts(37, 2, 4, &format!("{{ planned = {share} }}"));
    let interval = 1_800_000;
    let mut per_interval = Vec::new();
    for rep in 0..s.replications {
        let mut planned = vec![0u64; 96];
        for (_, h, f, t) in observe(&s, rep).spans {
            if h == AgentHours::Planned {
                for (i, p) in planned.iter_mut().enumerate() {
                    let lo = i as u64 * interval;
                    *p += overlap(f.as_millis(), t.as_millis(), lo, lo + interval);
                }
            }
        }
        per_interval.extend(planned.iter().map(|p| *p as f64 / (37.0 * interval as f64)));
    }
    let (mean, half) = mean_ci99(&per_interval);
    assert!(
        (mean - share).abs() <= half,
        "planned share {mean:.4} ± {half:.4} misses {share}"
    );
    // Never more than ⌈5.55⌉ nor fewer than ⌊5.55⌋ agents at once (agents
    // are free, so they go at the interval's start and stay all of it).
    assert!(per_interval
        .iter()
        .all(|x| (x * 37.0 - 5.0).abs() < 1e-9 || (x * 37.0 - 6.0).abs() < 1e-9));
}

#[test]
fn shifts_and_shrinkage_are_deterministic_across_threads() {
    let s = bundled("schedule_week.toml");
    assert!(s.groups.iter().any(|g| g.shifts.is_some()));
    let one = run_scenario(&s, Some(1), &|| {});
    let two = run_scenario(&s, Some(2), &|| {});
    assert_eq!(one.entries, two.entries);
    assert_eq!(one.agent_hours, two.agent_hours);
    let csv = |sum| ccsim::output::agent_hours::agent_hours_csv(&s, sum).unwrap_or_default();
    assert_eq!(csv(&one), csv(&two));
    assert!(csv(&one).lines().count() > s.interval_count());
}

#[test]
fn day_of_week_profile_scales_each_day() {
    // Monday 2026-01-05 00:00 start; a week of 10 calls an hour, scaled.
    let text = r#"
[simulation]
seed = 9
replications = 10
start = "2026-01-05T00:00:00Z"
horizon = "7d"
interval = "1h"
drain = "0s"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 5
auto_accept = true

[[sources]]
name = "calls"
rate_per_hour = 10
day_of_week = { mon = 1.5, tue = 1.0, sat = 0.5, sun = 0.0 }
queue = "q"
customer = { talk = "1m" }
"#;
    let s = spec(text);
    let factors = [1.5, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0];
    let Arrivals::Poisson(rates) = &s.sources[0].arrivals else {
        panic!("Poisson arrivals expected")
    };
    for (k, r) in rates.iter().enumerate() {
        let want = 10.0 * factors[k / 24] / 3_600_000.0;
        assert!((r - want).abs() < 1e-15, "hour {k}: {r} vs {want}");
    }
    // Simulated: each day's arrivals over the replications are Poisson
    // with mean reps × 240 × factor; within 2.576 standard deviations.
    let mut per_day = [0u64; 7];
    for rep in 0..s.replications {
        for r in observe(&s, rep).records {
            per_day[(r.initiated.as_millis() / 86_400_000) as usize] += 1;
        }
    }
    for (d, n) in per_day.iter().enumerate() {
        let mean = f64::from(s.replications) * 240.0 * factors[d];
        assert!(
            (*n as f64 - mean).abs() <= Z99 * mean.sqrt(),
            "day {d}: {n} arrivals, expected {mean}"
        );
    }
}

#[test]
fn one_day_of_volumes_repeats_every_day() {
    let day: Vec<String> = (0..24).map(|h| format!("{}", h + 1)).collect();
    let text = format!(
        r#"
[simulation]
seed = 1
start = "2026-01-05T00:00:00Z"
horizon = "3d"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1

[[sources]]
name = "calls"
volume_per_interval = [{}]
day_of_week = {{ wed = 2.0 }}
queue = "q"
customer = {{ talk = "1m" }}
"#,
        day.join(", ")
    );
    let s = spec(&text);
    let Arrivals::Poisson(rates) = &s.sources[0].arrivals else {
        panic!("Poisson arrivals expected")
    };
    assert_eq!(rates.len(), 72);
    for (k, r) in rates.iter().enumerate() {
        let f = if k / 24 == 2 { 2.0 } else { 1.0 };
        let want = (k % 24 + 1) as f64 * f / 3_600_000.0;
        assert!((r - want).abs() < 1e-15, "hour {k}");
    }
}

/// A center in Berlin: the run starts at local midnight on Monday
/// 2026-01-05 (23:00Z on Sunday). Its shift "08:00" is 08:00 in Berlin —
/// 8 h of virtual time, as an 08:00 volume counted from the local start —
/// and its days and day-of-week profile are Berlin's (Monday, not the
/// Sunday the UTC date of the start is).
#[test]
fn shift_times_and_weekdays_are_local_to_the_start_s_zone() {
    let text = |start: &str| {
        format!(
            r#"
[simulation]
seed = 5
replications = 1
start = "{start}"
horizon = "1d"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]

[[shift_templates]]
name = "day"
start = "08:00"
length = "2h"
days = ["mon"]

[[agent_groups]]
name = "g"
routing_profile = "p"
shifts = [{{ template = "day", start = "08:00", agents = 1 }}]

[[sources]]
name = "calls"
rate_per_hour = 1
day_of_week = {{ mon = 2.0, sun = 0.5 }}
queue = "q"
customer = {{ talk = "1m" }}
"#
        )
    };
    for start in [
        "2026-01-05T00:00:00[Europe/Berlin]",
        "2026-01-05T00:00:00+01:00",
    ] {
        let s = spec(&text(start));
        let o = observe(&s, 0);
        let hour = 3_600_000;
        let first = o.spans.iter().map(|&(_, _, from, _)| from).min();
        let last = o.spans.iter().map(|&(_, _, _, to)| to).max();
        assert_eq!(first, Some(SimTime(8 * hour)), "{start}: the shift's start");
        assert_eq!(last, Some(SimTime(10 * hour)), "{start}: the shift's end");
        let Arrivals::Poisson(rates) = &s.sources[0].arrivals else {
            panic!("Poisson arrivals expected")
        };
        assert!(
            rates.iter().all(|r| (r - 2.0 / hour as f64).abs() < 1e-18),
            "{start}: every hour is Monday's: {rates:?}"
        );
    }
}
