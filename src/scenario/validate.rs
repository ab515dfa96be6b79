//! Raw scenario → validated [`CenterSpec`]: resolves names to ids, builds
//! distributions, checks every number, and collects *all* problems before
//! giving up, each with its field path and a fix.

use std::collections::BTreeMap;

use crate::center::ids::{FlowId, ProfileId, QueueId};
use crate::center::spec::{
    AgentGroupSpec, Arrivals, CenterSpec, Channel, Concurrency, CustomerSpec, DefaultFlows,
    FlowOverrides, FlowSpec, FlowType, InitiationMethod, ProfileQueue, QueueSpec,
    RoutingProfileSpec, SourceSpec, MAX_WHISPER,
};
use crate::engine::{Dist, SimDuration};

use super::date::parse_iso8601_utc;
use super::duration::RawDuration;
use super::error::Problem;
use super::raw::{OneOrMany, RawDist, RawDistTable, RawScenario};

/// Collects problems while converting.
struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn fail(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
        });
    }

    fn probability(&mut self, path: &str, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) || p.is_nan() {
            self.fail(
                path,
                format!("probability {p} is outside [0, 1]"),
                "write a probability between 0 and 1, e.g. 0.05 for 5 %",
            );
            return 0.0;
        }
        p
    }

    fn duration(&mut self, path: &str, d: RawDuration) -> SimDuration {
        if !d.0.is_finite() || d.0 < 0.0 {
            self.fail(
                path,
                format!("duration {} s is negative", d.0),
                "durations are ≥ 0, e.g. \"30s\"",
            );
            return SimDuration::ZERO;
        }
        SimDuration::from_secs_f64(d.0)
    }

    fn positive_duration(&mut self, path: &str, d: RawDuration) -> SimDuration {
        let v = self.duration(path, d);
        if v == SimDuration::ZERO && d.0 >= 0.0 {
            self.fail(
                path,
                "must be longer than 0",
                "give a positive duration, e.g. \"8h\"",
            );
        }
        v
    }

    /// Builds a distribution of seconds.
    fn dist(&mut self, path: &str, raw: &RawDist) -> Option<Dist> {
        let t = match raw {
            RawDist::Constant(d) => {
                return match Dist::constant(d.0) {
                    Ok(x) => Some(x),
                    Err(e) => {
                        self.fail(path, e.to_string(), "durations are ≥ 0");
                        None
                    }
                }
            }
            RawDist::Table(t) => t,
        };
        let family = t.dist.as_str();
        // Which fields each family takes; anything else is a mistake worth
        // reporting rather than ignoring.
        let allowed: &[&str] = match family {
            "constant" => &["value"],
            "exponential" => &["mean"],
            "lognormal" | "gamma" => &["mean", "cv"],
            "erlang" => &["mean", "k"],
            "weibull" => &["mean", "shape"],
            "uniform" => &["min", "max"],
            "empirical" => &["values"],
            other => {
                self.fail(
                    format!("{path}.dist"),
                    format!("unknown distribution `{other}`"),
                    "use one of constant, exponential, lognormal, gamma, erlang, weibull, uniform, empirical",
                );
                return None;
            }
        };
        let present = present_fields(t);
        let mut ok = true;
        for f in &present {
            if !allowed.contains(f) {
                self.fail(
                    format!("{path}.{f}"),
                    format!("`{f}` does not apply to a {family} distribution"),
                    format!("a {family} distribution takes: {}", allowed.join(", ")),
                );
                ok = false;
            }
        }
        for f in allowed {
            if !present.contains(f) {
                self.fail(
                    format!("{path}.{f}"),
                    format!("a {family} distribution needs `{f}`"),
                    format!("write e.g. {}", example(family)),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let secs = |d: Option<RawDuration>| d.map(|x| x.0).unwrap_or(0.0);
        let built = match family {
            "constant" => Dist::constant(secs(t.value)),
            "exponential" => Dist::exponential(secs(t.mean)),
            "lognormal" => Dist::lognormal(secs(t.mean), t.cv.unwrap_or(0.0)),
            "gamma" => Dist::gamma(secs(t.mean), t.cv.unwrap_or(0.0)),
            "erlang" => match u32::try_from(t.k.unwrap_or(0)) {
                Ok(k) if k > 0 => Dist::erlang(secs(t.mean), k),
                _ => {
                    self.fail(
                        format!("{path}.k"),
                        "k must be a whole number ≥ 1",
                        "e.g. k = 3",
                    );
                    return None;
                }
            },
            "weibull" => Dist::weibull(secs(t.mean), t.shape.unwrap_or(0.0)),
            "uniform" => Dist::uniform(secs(t.min), secs(t.max)),
            _ => Dist::empirical(
                t.values
                    .clone()
                    .unwrap_or_default()
                    .iter()
                    .map(|v| v.0)
                    .collect(),
            ),
        };
        match built {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(
                    path,
                    e.to_string(),
                    format!("write e.g. {}", example(family)),
                );
                None
            }
        }
    }

    fn name_unique(
        &mut self,
        seen: &mut BTreeMap<String, usize>,
        name: &str,
        path: &str,
        what: &str,
    ) {
        if name.trim().is_empty() {
            self.fail(
                format!("{path}.name"),
                format!("{what} name is empty"),
                "give it a name",
            );
        } else if let Some(first) = seen.insert(name.to_string(), 0) {
            let _ = first;
            self.fail(
                format!("{path}.name"),
                format!("{what} `{name}` is defined twice"),
                "names must be unique",
            );
        }
    }
}

fn present_fields(t: &RawDistTable) -> Vec<&'static str> {
    let mut v = Vec::new();
    if t.mean.is_some() {
        v.push("mean");
    }
    if t.value.is_some() {
        v.push("value");
    }
    if t.cv.is_some() {
        v.push("cv");
    }
    if t.k.is_some() {
        v.push("k");
    }
    if t.shape.is_some() {
        v.push("shape");
    }
    if t.min.is_some() {
        v.push("min");
    }
    if t.max.is_some() {
        v.push("max");
    }
    if t.values.is_some() {
        v.push("values");
    }
    v
}

fn example(family: &str) -> &'static str {
    match family {
        "constant" => "{ dist = \"constant\", value = \"30s\" } or just \"30s\"",
        "exponential" => "{ dist = \"exponential\", mean = \"3m\" }",
        "lognormal" => "{ dist = \"lognormal\", mean = \"3m\", cv = 0.6 }",
        "gamma" => "{ dist = \"gamma\", mean = \"3m\", cv = 0.6 }",
        "erlang" => "{ dist = \"erlang\", mean = \"3m\", k = 3 }",
        "weibull" => "{ dist = \"weibull\", mean = \"5m\", shape = 1.5 }",
        "uniform" => "{ dist = \"uniform\", min = \"2s\", max = \"6s\" }",
        _ => "{ dist = \"empirical\", values = [\"20s\", \"45s\", \"2m\"] }",
    }
}

fn flow_type_from_key(key: &str) -> Option<FlowType> {
    FlowType::ALL.iter().copied().find(|t| t.key() == key)
}

fn all_flow_type_keys() -> String {
    FlowType::ALL
        .iter()
        .map(|t| t.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Validates a parsed scenario. `default_name` is used when the file sets no
/// `name` (the file stem). Returns every problem found.
pub fn validate(raw: &RawScenario, default_name: &str) -> Result<CenterSpec, Vec<Problem>> {
    let mut c = Check {
        problems: Vec::new(),
    };
    let sim = &raw.simulation;

    // Ids are 16-bit to keep events small; no real center comes close.
    for (what, n) in [
        ("queues", raw.queues.len()),
        ("routing_profiles", raw.routing_profiles.len()),
        ("agent_groups", raw.agent_groups.len()),
        ("flows", raw.flows.len() + FlowType::ALL.len()),
        ("sources", raw.sources.len()),
    ] {
        if n > usize::from(u16::MAX) {
            c.fail(
                what,
                format!("{n} entries"),
                "at most 65,535 are supported; merge some",
            );
            return Err(c.problems);
        }
    }

    // --- simulation -------------------------------------------------------
    let name = raw.name.clone().unwrap_or_else(|| default_name.to_string());
    if name.trim().is_empty() || name.contains(['/', '\\']) {
        c.fail(
            "name",
            format!("scenario name `{name}` cannot be used as a folder name"),
            "use letters, digits, - and _",
        );
    }
    let replications = match u32::try_from(sim.replications) {
        Ok(r) if r >= 1 => r,
        _ => {
            c.fail(
                "simulation.replications",
                format!("{} replications", sim.replications),
                "run at least 1 replication, e.g. replications = 20",
            );
            1
        }
    };
    let start_unix_ms = match parse_iso8601_utc(&sim.start) {
        Ok(v) => v,
        Err(e) => {
            c.fail(
                "simulation.start",
                e,
                "write e.g. start = \"2026-01-05T08:00:00Z\"",
            );
            0
        }
    };
    let horizon = c.positive_duration("simulation.horizon", sim.horizon);
    let interval = c.positive_duration("simulation.interval", sim.interval);
    let warmup = sim
        .warmup
        .map(|w| c.duration("simulation.warmup", w))
        .unwrap_or(SimDuration::ZERO);
    let drain = sim
        .drain
        .map(|d| c.duration("simulation.drain", d))
        .unwrap_or(SimDuration::from_secs(4 * 3600));
    if warmup >= horizon && horizon > SimDuration::ZERO {
        c.fail(
            "simulation.warmup",
            "warm-up is as long as the horizon: nothing would be measured",
            "make the warm-up shorter than the horizon",
        );
    }
    let interval_count = if interval > SimDuration::ZERO {
        horizon.as_millis().div_ceil(interval.as_millis()).max(1) as usize
    } else {
        1
    };

    // --- queues -----------------------------------------------------------
    let mut queue_ids: BTreeMap<String, QueueId> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    let mut queues = Vec::new();
    for (i, q) in raw.queues.iter().enumerate() {
        let path = format!("queues[{i}]");
        c.name_unique(&mut seen, &q.name, &path, "queue");
        queue_ids.entry(q.name.clone()).or_insert(QueueId(i as u16));
        let capacity = match q.capacity {
            None => None,
            Some(v) if v >= 1 && v <= i64::from(u32::MAX) => Some(v as u32),
            Some(v) => {
                c.fail(format!("{path}.capacity"), format!("capacity {v} is not a positive whole number"), "give the maximum number of contacts that may wait, e.g. capacity = 50, or leave it out for no limit");
                None
            }
        };
        let mut thresholds = Vec::new();
        for (k, t) in q
            .service_level_thresholds
            .clone()
            .unwrap_or_else(|| vec![RawDuration(20.0)])
            .into_iter()
            .enumerate()
        {
            let d = c.positive_duration(&format!("{path}.service_level_thresholds[{k}]"), t);
            if !d.as_millis().is_multiple_of(1000) {
                c.fail(
                    format!("{path}.service_level_thresholds[{k}]"),
                    "thresholds are whole seconds",
                    "e.g. \"20s\"",
                );
            }
            thresholds.push(d);
        }
        thresholds.sort();
        thresholds.dedup();
        queues.push(QueueSpec {
            name: q.name.clone(),
            capacity,
            service_level_thresholds: thresholds,
        });
    }
    if raw.queues.is_empty() {
        c.fail(
            "queues",
            "the scenario has no queue",
            "add at least one [[queues]] table with a name",
        );
    }
    let queue_names = raw
        .queues
        .iter()
        .map(|q| q.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let lookup_queue = |c: &mut Check, path: String, name: &str| -> Option<QueueId> {
        let id = queue_ids.get(name).copied();
        if id.is_none() {
            c.fail(
                path,
                format!("unknown queue `{name}`"),
                format!("use one of the queues defined under [[queues]]: {queue_names}"),
            );
        }
        id
    };

    // --- routing profiles ---------------------------------------------------
    let mut profile_ids: BTreeMap<String, ProfileId> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    let mut profiles = Vec::new();
    for (i, p) in raw.routing_profiles.iter().enumerate() {
        let path = format!("routing_profiles[{i}]");
        c.name_unique(&mut seen, &p.name, &path, "routing profile");
        profile_ids
            .entry(p.name.clone())
            .or_insert(ProfileId(i as u16));
        if p.queues.is_empty() {
            c.fail(format!("{path}.queues"), format!("routing profile `{}` serves no queue", p.name), "list the queues its agents serve, e.g. queues = [{ queue = \"support\", priority = 1 }]");
        }
        let mut pq = Vec::new();
        for (k, e) in p.queues.iter().enumerate() {
            let qpath = format!("{path}.queues[{k}]");
            let Some(queue) = lookup_queue(&mut c, format!("{qpath}.queue"), &e.queue) else {
                continue;
            };
            if pq.iter().any(|x: &ProfileQueue| x.queue == queue) {
                c.fail(
                    format!("{qpath}.queue"),
                    format!("queue `{}` is listed twice", e.queue),
                    "list each queue once per profile",
                );
            }
            let priority = match u32::try_from(e.priority) {
                Ok(v) if v >= 1 => v,
                _ => {
                    c.fail(
                        format!("{qpath}.priority"),
                        format!("priority {} is not ≥ 1", e.priority),
                        "1 is the highest priority, 2 the next, …",
                    );
                    1
                }
            };
            let delay = e
                .delay
                .map(|d| c.duration(&format!("{qpath}.delay"), d))
                .unwrap_or(SimDuration::ZERO);
            pq.push(ProfileQueue {
                queue,
                priority,
                delay,
            });
        }
        let conc = &p.concurrency;
        if conc.voice != 1 {
            c.fail(
                format!("{path}.concurrency.voice"),
                format!("voice concurrency {}", conc.voice),
                "an agent handles one voice call at a time: voice = 1",
            );
        }
        let mut chan = |v: i64, f: &str| -> u32 {
            if !(1..=10).contains(&v) {
                c.fail(
                    format!("{path}.concurrency.{f}"),
                    format!("{f} concurrency {v} is outside 1–10"),
                    "Connect allows 1 to 10",
                );
                1
            } else {
                v as u32
            }
        };
        let concurrency = Concurrency {
            voice: 1,
            chat: chan(conc.chat, "chat"),
            task: chan(conc.task, "task"),
        };
        profiles.push(RoutingProfileSpec {
            name: p.name.clone(),
            queues: pq,
            concurrency,
        });
    }

    // --- agent groups -------------------------------------------------------
    let profile_names = raw
        .routing_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut seen = BTreeMap::new();
    let mut groups = Vec::new();
    for (i, g) in raw.agent_groups.iter().enumerate() {
        let path = format!("agent_groups[{i}]");
        c.name_unique(&mut seen, &g.name, &path, "agent group");
        let profile = profile_ids.get(&g.routing_profile).copied();
        if profile.is_none() {
            c.fail(
                format!("{path}.routing_profile"),
                format!("unknown routing profile `{}`", g.routing_profile),
                format!("use one of the [[routing_profiles]]: {profile_names}"),
            );
        }
        let headcount = headcount(
            &mut c,
            &format!("{path}.headcount"),
            &g.headcount,
            interval_count,
            interval,
        );
        let dist_or = |c: &mut Check, field: &str, raw: &Option<RawDist>, default: f64| -> Dist {
            match raw {
                Some(r) => c
                    .dist(&format!("{path}.{field}"), r)
                    .unwrap_or(Dist::Constant(default)),
                None => Dist::Constant(default),
            }
        };
        let auto_accept_delay = dist_or(&mut c, "auto_accept_delay", &g.auto_accept_delay, 0.0);
        if auto_accept_delay.mean() >= 1.0 {
            c.fail(
                format!("{path}.auto_accept_delay"),
                "auto-accept connects in under a second",
                "use e.g. \"0.5s\", or set auto_accept = false with an answer_delay",
            );
        }
        let answer_delay = dist_or(&mut c, "answer_delay", &g.answer_delay, 3.0);
        let miss_probability =
            c.probability(&format!("{path}.miss_probability"), g.miss_probability);
        let missed_recovery = dist_or(&mut c, "missed_recovery", &g.missed_recovery, 30.0);
        let after_contact_work = dist_or(&mut c, "after_contact_work", &g.after_contact_work, 0.0);
        groups.push(AgentGroupSpec {
            name: g.name.clone(),
            profile: profile.unwrap_or(ProfileId(0)),
            headcount,
            auto_accept: g.auto_accept,
            auto_accept_delay,
            answer_delay,
            miss_probability,
            missed_recovery,
            after_contact_work,
        });
    }
    if raw.agent_groups.is_empty() {
        c.fail(
            "agent_groups",
            "the scenario has no agent group",
            "add an [[agent_groups]] table with a name, routing_profile and headcount",
        );
    }

    // --- flows ----------------------------------------------------------------
    // Connect's nine defaults come first; a scenario flow with a default's name
    // redefines it in place.
    let mut flows: Vec<FlowSpec> = FlowType::ALL
        .iter()
        .map(|t| FlowSpec {
            name: t.default_name().to_string(),
            flow_type: *t,
            duration: t.default_duration_secs().map(Dist::Constant),
            self_service: 0.0,
            queue_choice: Vec::new(),
            sets: FlowOverrides::default(),
        })
        .collect();
    let mut flow_ids: BTreeMap<String, FlowId> = flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), FlowId(i as u16)))
        .collect();
    let mut seen = BTreeMap::new();
    let mut flow_paths: Vec<Option<String>> = vec![None; flows.len()];
    // First pass: names and types, so `sets` can refer to flows defined later.
    for (i, f) in raw.flows.iter().enumerate() {
        let path = format!("flows[{i}]");
        c.name_unique(&mut seen, &f.name, &path, "flow");
        let Some(t) = flow_type_from_key(&f.flow_type) else {
            c.fail(
                format!("{path}.type"),
                format!("unknown flow type `{}`", f.flow_type),
                format!("use one of: {}", all_flow_type_keys()),
            );
            continue;
        };
        if let Some(&id) = flow_ids.get(&f.name) {
            if id.index() < FlowType::ALL.len() {
                if flows[id.index()].flow_type != t {
                    c.fail(
                        format!("{path}.type"),
                        format!(
                            "`{}` is Connect's default {} flow; it cannot change type",
                            f.name,
                            flows[id.index()].flow_type.key()
                        ),
                        format!(
                            "set type = \"{}\" or give your flow another name",
                            flows[id.index()].flow_type.key()
                        ),
                    );
                }
                flow_paths[id.index()] = Some(path);
                continue;
            }
            continue; // duplicate name already reported
        }
        flow_ids.insert(f.name.clone(), FlowId(flows.len() as u16));
        flows.push(FlowSpec {
            name: f.name.clone(),
            flow_type: t,
            duration: None,
            self_service: 0.0,
            queue_choice: Vec::new(),
            sets: FlowOverrides::default(),
        });
        flow_paths.push(Some(path));
    }
    // Second pass: everything else.
    for (i, f) in raw.flows.iter().enumerate() {
        let path = format!("flows[{i}]");
        let Some(&id) = flow_ids.get(&f.name) else {
            continue;
        };
        if flow_paths[id.index()].as_deref() != Some(path.as_str()) {
            continue;
        }
        let t = flows[id.index()].flow_type;
        if t.is_looping() {
            if f.duration.is_some() {
                c.fail(format!("{path}.duration"), format!("a {} flow plays for as long as the contact waits or holds, so it has no duration", t.key()), "remove `duration`");
            }
        } else {
            match &f.duration {
                Some(d) => {
                    if let Some(dist) = c.dist(&format!("{path}.duration"), d) {
                        if t.is_whisper() && dist.mean() > MAX_WHISPER.as_secs_f64() {
                            c.fail(format!("{path}.duration"), format!("a whisper may not exceed 2 minutes (Connect disconnects it); this one averages {:.0} s", dist.mean()), "shorten the whisper to well under \"2m\"");
                        }
                        flows[id.index()].duration = Some(dist);
                    }
                }
                None if id.index() >= FlowType::ALL.len() => {
                    c.fail(format!("{path}.duration"), format!("flow `{}` needs a duration", f.name), "e.g. duration = \"2s\" or { dist = \"lognormal\", mean = \"40s\", cv = 0.5 }");
                }
                None => {}
            }
        }
        if t != FlowType::Inbound
            && (f.self_service.is_some() || !f.queues.is_empty() || !f.sets.is_empty())
        {
            c.fail(path.clone(), format!("only inbound flows decide self_service and queues or set other flows; `{}` is a {} flow", f.name, t.key()), "move these settings to the inbound flow");
            continue;
        }
        if let Some(p) = f.self_service {
            flows[id.index()].self_service = c.probability(&format!("{path}.self_service"), p);
        }
        let mut cumulative = 0.0;
        let mut choice = Vec::new();
        for (k, b) in f.queues.iter().enumerate() {
            let bpath = format!("{path}.queues[{k}]");
            let q = lookup_queue(&mut c, format!("{bpath}.queue"), &b.queue);
            let p = c.probability(&format!("{bpath}.probability"), b.probability);
            cumulative += p;
            if let Some(q) = q {
                choice.push((q, cumulative));
            }
        }
        if !f.queues.is_empty() && (cumulative - 1.0).abs() > 1e-9 {
            c.fail(
                format!("{path}.queues"),
                format!("queue branch probabilities add up to {cumulative}, not 1"),
                "make the probabilities of the branches sum to 1",
            );
        }
        if let Some(last) = choice.last_mut() {
            last.1 = 1.0; // absorb rounding so a draw below 1 always finds a branch
        }
        flows[id.index()].queue_choice = choice;
        let mut sets = FlowOverrides::default();
        for (key, target) in &f.sets {
            let spath = format!("{path}.sets.{key}");
            let slot = match key.as_str() {
                "customer_queue" => Some((&mut sets.customer_queue, FlowType::CustomerQueue)),
                "customer_hold" => Some((&mut sets.customer_hold, FlowType::CustomerHold)),
                "agent_hold" => Some((&mut sets.agent_hold, FlowType::AgentHold)),
                "agent_whisper" => Some((&mut sets.agent_whisper, FlowType::AgentWhisper)),
                "customer_whisper" => Some((&mut sets.customer_whisper, FlowType::CustomerWhisper)),
                "outbound_whisper" => Some((&mut sets.outbound_whisper, FlowType::OutboundWhisper)),
                "disconnect" => {
                    // Disconnect flows (post-call surveys) run as DISCONNECT
                    // contacts, which this version does not simulate yet:
                    // refuse rather than silently ignore.
                    c.fail(
                        spath.clone(),
                        "disconnect flows are not simulated yet",
                        "remove `disconnect` from `sets`; DISCONNECT contacts arrive with the other initiation methods",
                    );
                    continue;
                }
                _ => None,
            };
            let Some((slot, want)) = slot else {
                c.fail(spath, format!("an inbound flow cannot set `{key}`"), "settable: customer_queue, customer_hold, agent_hold, agent_whisper, customer_whisper, outbound_whisper, disconnect");
                continue;
            };
            match flow_ids.get(target) {
                None => c.fail(
                    spath,
                    format!("unknown flow `{target}`"),
                    "name a flow defined under [[flows]] or one of Connect's defaults",
                ),
                Some(&fid) if flows[fid.index()].flow_type != want => c.fail(
                    spath,
                    format!(
                        "`{target}` is a {} flow, but `{key}` needs a {} flow",
                        flows[fid.index()].flow_type.key(),
                        want.key()
                    ),
                    format!("name a flow of type {}", want.key()),
                ),
                Some(&fid) => *slot = Some(fid),
            }
        }
        flows[id.index()].sets = sets;
    }
    let defaults = DefaultFlows::new(std::array::from_fn(|i| FlowId(i as u16)));

    // --- sources ----------------------------------------------------------------
    let mut seen = BTreeMap::new();
    let mut sources = Vec::new();
    for (i, s) in raw.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        c.name_unique(&mut seen, &s.name, &path, "source");
        let method = match s.method.as_str() {
            "inbound" => InitiationMethod::Inbound,
            other => {
                c.fail(
                    format!("{path}.method"),
                    format!("initiation method `{other}` is not simulated yet"),
                    "this version simulates method = \"inbound\"",
                );
                InitiationMethod::Inbound
            }
        };
        let channel = match s.channel.as_str() {
            "voice" => Channel::Voice,
            other => {
                c.fail(
                    format!("{path}.channel"),
                    format!("channel `{other}` is not simulated yet"),
                    "this version simulates channel = \"voice\"",
                );
                Channel::Voice
            }
        };
        if !(s.rate_scale.is_finite() && s.rate_scale > 0.0) {
            c.fail(
                format!("{path}.rate_scale"),
                format!("rate_scale {} is not > 0", s.rate_scale),
                "a multiplier on the arrival rate, e.g. 1.1 for 10 % more volume",
            );
        }
        let per_hour_to_ms = |v: f64| v * s.rate_scale.max(0.0) / 3_600_000.0;
        let arrivals = match (&s.rate_per_hour, &s.volume_per_interval, &s.arrival_times) {
            (None, None, Some(times)) => {
                let mut ts = Vec::new();
                for (k, t) in times.iter().enumerate() {
                    let d = c.duration(&format!("{path}.arrival_times[{k}]"), *t);
                    if d >= horizon {
                        c.fail(
                            format!("{path}.arrival_times[{k}]"),
                            format!("arrival at {d} is not before the horizon {horizon}"),
                            "arrivals happen in [0, horizon)",
                        );
                    }
                    ts.push(d);
                }
                if ts.windows(2).any(|w| w[0] > w[1]) {
                    c.fail(
                        format!("{path}.arrival_times"),
                        "arrival times are not in order",
                        "list them from earliest to latest",
                    );
                }
                if ts.is_empty() {
                    c.fail(
                        format!("{path}.arrival_times"),
                        "no arrival times",
                        "list at least one, e.g. [\"0s\", \"90s\"]",
                    );
                }
                Arrivals::Scheduled(ts)
            }
            (Some(r), None, None) => {
                if !(r.is_finite() && *r > 0.0) {
                    c.fail(
                        format!("{path}.rate_per_hour"),
                        format!("arrival rate {r} is not > 0"),
                        "give the expected contacts per hour, e.g. rate_per_hour = 200",
                    );
                }
                Arrivals::Poisson(vec![per_hour_to_ms(*r); interval_count])
            }
            (None, Some(v), None) => {
                if v.len() != interval_count {
                    c.fail(format!("{path}.volume_per_interval"), format!("{} values for {interval_count} intervals", v.len()), format!("give one expected volume per interval: the horizon holds {interval_count} intervals of {}", interval));
                }
                for (k, x) in v.iter().enumerate() {
                    if !(x.is_finite() && *x >= 0.0) {
                        c.fail(
                            format!("{path}.volume_per_interval[{k}]"),
                            format!("volume {x} is negative"),
                            "volumes are ≥ 0",
                        );
                    }
                }
                if v.iter().all(|x| *x <= 0.0) {
                    c.fail(
                        format!("{path}.volume_per_interval"),
                        "every interval has zero volume",
                        "give at least one positive volume",
                    );
                }
                let hours = interval.as_secs_f64() / 3600.0;
                Arrivals::Poisson(
                    (0..interval_count)
                        .map(|k| {
                            per_hour_to_ms(
                                v.get(k).copied().unwrap_or(0.0).max(0.0) / hours.max(1e-9),
                            )
                        })
                        .collect(),
                )
            }
            _ => {
                c.fail(path.clone(), "give exactly one of rate_per_hour, volume_per_interval or arrival_times", "e.g. rate_per_hour = 200, or volume_per_interval = [40, 55, …] with one value per interval");
                Arrivals::Poisson(vec![0.0; interval_count])
            }
        };
        let inbound_name = s
            .inbound_flow
            .clone()
            .unwrap_or_else(|| FlowType::Inbound.default_name().to_string());
        let inbound_flow = match flow_ids.get(&inbound_name) {
            Some(&f) if flows[f.index()].flow_type == FlowType::Inbound => f,
            Some(&f) => {
                c.fail(
                    format!("{path}.inbound_flow"),
                    format!(
                        "`{inbound_name}` is a {} flow",
                        flows[f.index()].flow_type.key()
                    ),
                    "name a flow of type inbound",
                );
                FlowId(0)
            }
            None => {
                c.fail(
                    format!("{path}.inbound_flow"),
                    format!("unknown flow `{inbound_name}`"),
                    "name an inbound flow defined under [[flows]]",
                );
                FlowId(0)
            }
        };
        let queue = s
            .queue
            .as_ref()
            .and_then(|q| lookup_queue(&mut c, format!("{path}.queue"), q));
        let flow = &flows[inbound_flow.index()];
        if s.queue.is_none() && flow.queue_choice.is_empty() && flow.self_service < 1.0 {
            c.fail(format!("{path}.queue"), format!("neither the source nor its inbound flow `{inbound_name}` names a queue"), "set queue = \"…\" on the source, or queues = [{ queue = \"…\", probability = 1.0 }] on the inbound flow");
        }
        let cu = &s.customer;
        let cpath = format!("{path}.customer");
        let patience = cu
            .patience
            .as_ref()
            .and_then(|p| c.dist(&format!("{cpath}.patience"), p));
        let talk = c
            .dist(&format!("{cpath}.talk"), &cu.talk)
            .unwrap_or(Dist::Constant(0.0));
        let (holds_mean_count, hold_duration) = match &cu.holds {
            None => (0.0, Dist::Constant(0.0)),
            Some(h) => {
                if !(h.mean_count.is_finite() && (0.0..=10.0).contains(&h.mean_count)) {
                    c.fail(
                        format!("{cpath}.holds.mean_count"),
                        format!("mean hold count {} is outside 0–10", h.mean_count),
                        "the average number of holds per conversation, e.g. 0.3",
                    );
                }
                (
                    h.mean_count.clamp(0.0, 10.0),
                    c.dist(&format!("{cpath}.holds.duration"), &h.duration)
                        .unwrap_or(Dist::Constant(0.0)),
                )
            }
        };
        sources.push(SourceSpec {
            name: s.name.clone(),
            method,
            channel,
            arrivals,
            inbound_flow,
            queue,
            customer: CustomerSpec {
                patience,
                talk,
                holds_mean_count,
                hold_duration,
            },
        });
    }
    if raw.sources.is_empty() {
        c.fail(
            "sources",
            "the scenario has no contact source",
            "add a [[sources]] table with a rate and customer behaviour",
        );
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(CenterSpec {
        name,
        seed: sim.seed,
        replications,
        start_unix_ms,
        horizon,
        interval,
        warmup,
        drain,
        queues,
        profiles,
        groups,
        flows,
        defaults,
        sources,
    })
}

fn headcount(
    c: &mut Check,
    path: &str,
    raw: &OneOrMany<i64>,
    intervals: usize,
    interval: SimDuration,
) -> Vec<u32> {
    let check = |c: &mut Check, p: String, v: i64| -> u32 {
        match u32::try_from(v) {
            Ok(x) if x <= 1_000_000 => x,
            _ => {
                c.fail(
                    p,
                    format!("headcount {v} is not a whole number in 0–1,000,000"),
                    "the number of agents on shift, e.g. 12",
                );
                0
            }
        }
    };
    match raw {
        OneOrMany::One(v) => vec![check(c, path.to_string(), *v); intervals],
        OneOrMany::Many(list) => {
            if list.len() != intervals {
                c.fail(path, format!("{} values for {intervals} intervals", list.len()), format!("give one headcount per interval of {interval} (or a single number for all)"));
            }
            (0..intervals)
                .map(|k| {
                    list.get(k)
                        .map(|v| check(c, format!("{path}[{k}]"), *v))
                        .unwrap_or(0)
                })
                .collect()
        }
    }
}
