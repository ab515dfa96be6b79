//! The M/M/c model of the peers comparison (ρ 0.9, AHT 180 s, zero-length
//! whispers, no ACW), one replication per iteration, at 20, 100, 1,000 and
//! 10,000 agents: criterion's element throughput is customers per second,
//! so the cost per customer at each size is read off directly, and the
//! ratio of the 10,000-agent to the 20-agent time per customer is how much
//! costlier a large center is per customer (issue 14, target 2; target 1's
//! whole-process number comes from `benches/peers/run`).
//!
//! Run: `cargo bench --bench mmc`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use ccsim::center::run_replication;
use ccsim::center::spec::CenterSpec;
use ccsim::stats::{Recorder, StatsConfig};

/// Customers per replication.
const CUSTOMERS: f64 = 200_000.0;

/// The scenario of an M/M/`agents` queue at ρ 0.9 with AHT 180 s, long
/// enough for [`CUSTOMERS`] customers on average.
fn mmc(agents: u32) -> CenterSpec {
    let rate_per_hour = 0.9 * f64::from(agents) / 180.0 * 3600.0;
    let seconds = CUSTOMERS / rate_per_hour * 3600.0;
    let toml = format!(
        r#"name = "mmc_{agents}"
[simulation]
seed = 1
replications = 1
horizon = "{seconds:.0}s"
interval = "24h"
drain = "2h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "all"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "agents"
routing_profile = "all"
headcount = {agents}
auto_accept = true
auto_accept_delay = "0s"
after_contact_work = "0s"
[[flows]]
name = "Default agent whisper"
type = "agent_whisper"
duration = "0s"
[[flows]]
name = "Default customer whisper"
type = "customer_whisper"
duration = "0s"
[[sources]]
name = "calls"
rate_per_hour = {rate_per_hour:.6}
queue = "q"
[sources.customer]
talk = {{ dist = "exponential", mean = "180s" }}
"#
    );
    let dir = std::env::temp_dir().join(format!("ccsim-bench-mmc-{}", std::process::id()));
    let path = dir.join(format!("mmc_{agents}.toml"));
    let loaded = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, toml))
        .map_err(|e| e.to_string())
        .and_then(|()| ccsim::scenario::load(&path).map_err(|e| e.to_string()));
    let _ = std::fs::remove_dir_all(&dir);
    match loaded {
        Ok(spec) => spec,
        Err(e) => panic!("{e}"),
    }
}

fn agents(c: &mut Criterion) {
    let mut group = c.benchmark_group("mmc");
    group.sample_size(10);
    for n in [20u32, 100, 1_000, 10_000] {
        let spec = mmc(n);
        let cfg = Arc::new(StatsConfig::new(&spec));
        // Customers of replication 0, counted once outside the timed loop.
        let (rec, _) = run_replication(&spec, 0, Recorder::new(Arc::clone(&cfg)));
        group.throughput(Throughput::Elements(rec.total.created));
        group.bench_with_input(BenchmarkId::new("agents", n), &spec, |b, spec| {
            b.iter(|| {
                run_replication(spec, 0, Recorder::new(Arc::clone(&cfg)))
                    .1
                    .events
            });
        });
    }
    group.finish();
}

criterion_group!(benches, agents);
criterion_main!(benches);
