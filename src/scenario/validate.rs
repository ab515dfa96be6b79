//! Raw scenario → validated [`CenterSpec`]: resolves names to ids, builds
//! distributions, checks every number, and collects *all* problems before
//! giving up, each with its field path and a fix.

use std::collections::BTreeMap;

use crate::center::ids::{FlowId, GroupId, ProfileId, QueueId};
use crate::center::spec::{
    AgentGroupSpec, Arrivals, CallbackOffer, CenterSpec, Channel, CustomerSpec, DefaultFlows,
    FlowOverrides, FlowSpec, FlowType, OutboundSpec, ProfileQueue, QueueMove, QueueSpec,
    QueueTargets, RoutingProfileSpec, ServiceLevelDefinition, SourceKind, SourceSpec, TransferSpec,
    TransferTarget, MAX_WHISPER,
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

fn channel_from(name: &str) -> Option<Channel> {
    match name {
        "voice" => Some(Channel::Voice),
        "chat" => Some(Channel::Chat),
        "task" => Some(Channel::Task),
        _ => None,
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
        let targets = q.targets.as_ref().map(|t| {
            let tpath = format!("{path}.targets");
            let service_level = t.service_level.as_ref().map(|sl| {
                let threshold = c.positive_duration(&format!("{tpath}.service_level.threshold"), sl.threshold);
                if !threshold.as_millis().is_multiple_of(1000) {
                    c.fail(format!("{tpath}.service_level.threshold"), "thresholds are whole seconds", "e.g. \"20s\"");
                }
                let target = c.probability(&format!("{tpath}.service_level.target"), sl.target);
                let definition = match sl.definition.as_deref() {
                    None | Some("answered") => ServiceLevelDefinition::AnsweredWithin,
                    Some("connect") => ServiceLevelDefinition::Connect,
                    Some(other) => {
                        c.fail(format!("{tpath}.service_level.definition"), format!("unknown definition `{other}`"), "\"answered\" (answered within ÷ queued) or \"connect\" (Connect's: removed within ÷ queued)");
                        ServiceLevelDefinition::AnsweredWithin
                    }
                };
                // The target's threshold is reported like any other.
                thresholds.push(threshold);
                (threshold, target, definition)
            });
            let max_abandonment_rate = t.max_abandonment_rate.map(|p| c.probability(&format!("{tpath}.max_abandonment_rate"), p));
            let max_asa = t.max_asa.map(|d| c.positive_duration(&format!("{tpath}.max_asa"), d));
            if service_level.is_none() && max_abandonment_rate.is_none() && max_asa.is_none() {
                c.fail(tpath, "no target set", "set service_level, max_abandonment_rate and/or max_asa");
            }
            QueueTargets { service_level, max_abandonment_rate, max_asa }
        });
        thresholds.sort();
        thresholds.dedup();
        queues.push(QueueSpec {
            targets,
            agent_queue_of: None,
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
            let channels = match &e.channels {
                None => [true; 3],
                Some(list) => {
                    let mut ch = [false; 3];
                    for (n, name) in list.iter().enumerate() {
                        match channel_from(name) {
                            Some(x) => ch[x.index()] = true,
                            None => c.fail(
                                format!("{qpath}.channels[{n}]"),
                                format!("unknown channel `{name}`"),
                                "use voice, chat or task",
                            ),
                        }
                    }
                    if list.is_empty() {
                        c.fail(
                            format!("{qpath}.channels"),
                            "no channel",
                            "list at least one of voice, chat, task, or leave it out for all",
                        );
                    }
                    ch
                }
            };
            pq.push(ProfileQueue {
                channels,
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
        let concurrency = [1, chan(conc.chat, "chat"), chan(conc.task, "task")];
        let cc = &p.cross_channel;
        let mut cross = [false; 3];
        for (k, (f, v)) in [("voice", &cc.voice), ("chat", &cc.chat), ("task", &cc.task)]
            .into_iter()
            .enumerate()
        {
            cross[k] = match v.as_str() {
                "none" => false,
                "any" => true,
                other => {
                    c.fail(
                        format!("{path}.cross_channel.{f}"),
                        format!("unknown cross-channel behaviour `{other}`"),
                        "\"none\" (no other channels while on this one) or \"any\"",
                    );
                    false
                }
            };
        }
        profiles.push(RoutingProfileSpec {
            name: p.name.clone(),
            queues: pq,
            concurrency,
            cross_channel: cross,
            outbound_moves_to_back: p.outbound_moves_to_back,
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
        let outbound = g.outbound.as_ref().and_then(|o| {
            let opath = format!("{path}.outbound");
            if !(o.calls_per_hour.is_finite() && o.calls_per_hour > 0.0) {
                c.fail(
                    format!("{opath}.calls_per_hour"),
                    format!("{} calls per hour is not > 0", o.calls_per_hour),
                    "calls each agent places per hour while nothing waits for it, e.g. 6",
                );
            }
            let ring = c.dist(&format!("{opath}.ring"), &o.ring);
            if ring.as_ref().is_some_and(|r| r.mean() > 60.0) {
                c.fail(
                    format!("{opath}.ring"),
                    "ringing averages over 60 s",
                    "Connect gives up ringing after about 60 s; use a shorter ring",
                );
            }
            let answer_probability =
                c.probability(&format!("{opath}.answer_probability"), o.answer_probability);
            let talk = c.dist(&format!("{opath}.talk"), &o.talk);
            Some(OutboundSpec {
                calls_per_hour: o.calls_per_hour.max(0.0),
                ring: ring?,
                answer_probability,
                talk: talk?,
            })
        });
        let max_occupancy = g
            .max_occupancy
            .map(|p| c.probability(&format!("{path}.max_occupancy"), p));
        groups.push(AgentGroupSpec {
            max_occupancy,
            outbound,
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
            callback: None,
            move_to_queue: None,
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
            callback: None,
            move_to_queue: None,
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
        if t != FlowType::CustomerQueue && (f.callback.is_some() || f.move_to_queue.is_some()) {
            c.fail(path.clone(), format!("only customer queue flows offer callbacks or move contacts to other queues; `{}` is a {} flow", f.name, t.key()), "put `callback` / `move_to_queue` on a flow with type = \"customer_queue\"");
        }
        if t == FlowType::CustomerQueue {
            if let Some(cb) = &f.callback {
                let cpath = format!("{path}.callback");
                let max_attempts = match u32::try_from(cb.max_attempts) {
                    Ok(v) if (1..=20).contains(&v) => v,
                    _ => {
                        c.fail(
                            format!("{cpath}.max_attempts"),
                            format!("{} attempts", cb.max_attempts),
                            "between 1 and 20 attempts",
                        );
                        1
                    }
                };
                let answer = c.probability(
                    &format!("{cpath}.answer_probability"),
                    cb.answer_probability,
                );
                let voicemail = c.probability(
                    &format!("{cpath}.voicemail_probability"),
                    cb.voicemail_probability,
                );
                if answer + voicemail > 1.0 + 1e-12 {
                    c.fail(
                        format!("{cpath}.voicemail_probability"),
                        format!(
                            "answer ({answer}) + voicemail ({voicemail}) probabilities exceed 1"
                        ),
                        "they are the shares of attempts answered in person and by voicemail",
                    );
                }
                let queue = cb
                    .queue
                    .as_ref()
                    .and_then(|q| lookup_queue(&mut c, format!("{cpath}.queue"), q));
                let ring = match &cb.ring {
                    Some(r) => c
                        .dist(&format!("{cpath}.ring"), r)
                        .unwrap_or(Dist::Constant(20.0)),
                    None => Dist::Constant(20.0),
                };
                let voicemail_time = match &cb.voicemail {
                    Some(r) => c
                        .dist(&format!("{cpath}.voicemail"), r)
                        .unwrap_or(Dist::Constant(30.0)),
                    None => Dist::Constant(30.0),
                };
                flows[id.index()].callback = Some(CallbackOffer {
                    offer_after: c.duration(&format!("{cpath}.offer_after"), cb.offer_after),
                    take_probability: c
                        .probability(&format!("{cpath}.take_probability"), cb.take_probability),
                    initial_delay: cb
                        .initial_delay
                        .map(|d| c.duration(&format!("{cpath}.initial_delay"), d))
                        .unwrap_or(SimDuration::ZERO),
                    max_attempts,
                    retry_delay: cb
                        .retry_delay
                        .map(|d| c.duration(&format!("{cpath}.retry_delay"), d))
                        .unwrap_or(SimDuration::from_secs(600)),
                    queue,
                    ring,
                    answer_probability: answer,
                    voicemail_probability: voicemail,
                    voicemail: voicemail_time,
                });
            }
            if let Some(m) = &f.move_to_queue {
                let mpath = format!("{path}.move_to_queue");
                let after = c.positive_duration(&format!("{mpath}.after"), m.after);
                if let Some(queue) = lookup_queue(&mut c, format!("{mpath}.queue"), &m.queue) {
                    flows[id.index()].move_to_queue = Some(QueueMove { queue, after });
                }
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
                // A disconnect flow is an inbound-type flow (Connect allows
                // only those in Set disconnect flow).
                "disconnect" => Some((&mut sets.disconnect, FlowType::Inbound)),
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
    let group_ids: BTreeMap<String, GroupId> = raw
        .agent_groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.name.clone(), GroupId(i as u16)))
        .collect();
    // Groups that agent transfers target get an agent queue each, after the
    // scenario's queues (Connect's agent queues).
    let mut agent_queues: Vec<GroupId> = Vec::new();
    let mut seen = BTreeMap::new();
    let mut sources = Vec::new();
    for (i, s) in raw.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        c.name_unique(&mut seen, &s.name, &path, "source");
        let kind = match s.method.as_str() {
            "inbound" => Some(SourceKind::Inbound),
            "api_voice" => {
                let dpath = format!("{path}.dial");
                match &s.dial {
                    Some(d) => {
                        let ring = c
                            .dist(&format!("{dpath}.ring"), &d.ring)
                            .unwrap_or(Dist::Constant(0.0));
                        let answer_probability = c.probability(
                            &format!("{dpath}.answer_probability"),
                            d.answer_probability,
                        );
                        Some(SourceKind::ApiVoice {
                            ring,
                            answer_probability,
                        })
                    }
                    None => {
                        c.fail(
                            dpath,
                            "an api_voice source (StartOutboundVoiceContact) needs `dial`",
                            "e.g. dial = { ring = \"15s\", answer_probability = 0.7 }",
                        );
                        None
                    }
                }
            }
            "api_chat" => Some(SourceKind::ApiChat),
            "api_task" => Some(SourceKind::ApiTask {
                scheduled_after: s
                    .scheduled_after
                    .as_ref()
                    .and_then(|d| c.dist(&format!("{path}.scheduled_after"), d)),
            }),
            other => {
                c.fail(format!("{path}.method"), format!("unknown source method `{other}`"), "use inbound, api_voice (StartOutboundVoiceContact), api_chat (StartChatContact) or api_task (StartTaskContact); outbound calls belong to agent groups, transfers and callbacks to customers and queue flows");
                None
            }
        };
        let kind = kind.unwrap_or(SourceKind::Inbound);
        if s.dial.is_some() && !matches!(kind, SourceKind::ApiVoice { .. }) {
            c.fail(
                format!("{path}.dial"),
                "only api_voice sources dial",
                "remove `dial` or set method = \"api_voice\"",
            );
        }
        if s.scheduled_after.is_some() && !matches!(kind, SourceKind::ApiTask { .. }) {
            c.fail(
                format!("{path}.scheduled_after"),
                "only api_task sources are scheduled",
                "remove `scheduled_after` or set method = \"api_task\"",
            );
        }
        if let Some(ch) = &s.channel {
            if channel_from(ch) != Some(kind.channel()) {
                c.fail(
                    format!("{path}.channel"),
                    format!("channel `{ch}` does not match method `{}`", s.method),
                    format!(
                        "method `{}` makes {} contacts; remove `channel` or write channel = \"{}\"",
                        s.method,
                        kind.channel().as_str(),
                        kind.channel().as_str().to_lowercase()
                    ),
                );
            }
        }
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
        let stays_for_disconnect_flow = c.probability(
            &format!("{cpath}.stays_for_disconnect_flow"),
            cu.stays_for_disconnect_flow,
        );
        let transfer = cu.transfer.as_ref().and_then(|t| {
            let tpath = format!("{cpath}.transfer");
            let probability = c.probability(&format!("{tpath}.probability"), t.probability);
            let after = c.dist(&format!("{tpath}.after"), &t.after);
            let target = match (&t.to_group, &t.to_queue) {
                (Some(g), None) => match group_ids.get(g) {
                    Some(&gid) => {
                        let k = match agent_queues.iter().position(|x: &GroupId| *x == gid) {
                            Some(k) => k,
                            None => {
                                agent_queues.push(gid);
                                agent_queues.len() - 1
                            }
                        };
                        Some(TransferTarget::Group { group: gid, queue: QueueId((raw.queues.len() + k) as u16) })
                    }
                    None => {
                        c.fail(format!("{tpath}.to_group"), format!("unknown agent group `{g}`"), "name one of the [[agent_groups]]");
                        None
                    }
                },
                (None, Some(q)) => lookup_queue(&mut c, format!("{tpath}.to_queue"), q).map(TransferTarget::Queue),
                _ => {
                    c.fail(tpath.clone(), "give exactly one of to_group (agent quick connect) or to_queue (queue quick connect)", "e.g. to_queue = \"billing\"");
                    None
                }
            };
            let want = match target {
                Some(TransferTarget::Queue(_)) => FlowType::QueueTransfer,
                _ => FlowType::AgentTransfer,
            };
            let flow = match &t.flow {
                None => Some(FlowId(FlowType::ALL.iter().position(|x| *x == want).unwrap_or(0) as u16)),
                Some(name) => match flow_ids.get(name) {
                    Some(&f) if flows[f.index()].flow_type == want => Some(f),
                    Some(_) => {
                        c.fail(format!("{tpath}.flow"), format!("`{name}` is not a {} flow", want.key()), format!("name a flow of type {}", want.key()));
                        None
                    }
                    None => {
                        c.fail(format!("{tpath}.flow"), format!("unknown flow `{name}`"), "name a flow defined under [[flows]]");
                        None
                    }
                },
            };
            let consult = match &t.consult {
                Some(d) => c.dist(&format!("{tpath}.consult"), d),
                None => Some(Dist::Constant(30.0)),
            };
            let mut actions = [0.0; 4];
            match &t.actions {
                None => actions = [0.0, 0.0, 0.0, 1.0],
                Some(a) => {
                    let mut cum = 0.0;
                    for (k, (f, v)) in [("join", a.join), ("hold_all", a.hold_all), ("hold_destination", a.hold_destination), ("end_call", a.end_call)].into_iter().enumerate() {
                        cum += c.probability(&format!("{tpath}.actions.{f}"), v);
                        actions[k] = cum;
                    }
                    if (cum - 1.0).abs() > 1e-9 {
                        c.fail(format!("{tpath}.actions"), format!("post-consult action probabilities add up to {cum}, not 1"), "make join + hold_all + hold_destination + end_call = 1");
                    }
                    actions[3] = 1.0;
                }
            }
            let action_duration = match &t.action_duration {
                Some(d) => c.dist(&format!("{tpath}.action_duration"), d),
                None => Some(Dist::Constant(30.0)),
            };
            let withdraw_probability = c.probability(&format!("{tpath}.withdraw_probability"), t.withdraw_probability);
            let talk_after = c.dist(&format!("{tpath}.talk_after"), &t.talk_after);
            let hold_patience = t.hold_patience.as_ref().and_then(|d| c.dist(&format!("{tpath}.hold_patience"), d));
            let max_chain = match u32::try_from(t.max_chain) {
                Ok(v) if (1..=11).contains(&v) => v,
                _ => {
                    c.fail(format!("{tpath}.max_chain"), format!("{} transfers", t.max_chain), "between 1 and 11 (Connect's limit)");
                    1
                }
            };
            Some(TransferSpec {
                probability,
                after: after?,
                target: target?,
                flow: flow?,
                cold: t.cold,
                consult: consult?,
                actions,
                action_duration: action_duration?,
                withdraw_probability,
                talk_after: talk_after?,
                hold_patience,
                max_chain,
            })
        });
        sources.push(SourceSpec {
            name: s.name.clone(),
            kind,
            arrivals,
            inbound_flow,
            queue,
            customer: CustomerSpec {
                patience,
                talk,
                holds_mean_count,
                hold_duration,
                stays_for_disconnect_flow,
                transfer,
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

    let instance_limits = match &raw.instance_limits {
        None => [None; 3],
        Some(l) => {
            let mut out = [None; 3];
            for (k, (f, v)) in [("voice", l.voice), ("chat", l.chat), ("task", l.task)]
                .into_iter()
                .enumerate()
            {
                out[k] = match v {
                    None => None,
                    Some(v) if v >= 1 && v <= i64::from(u32::MAX) => Some(v as u32),
                    Some(v) => {
                        c.fail(format!("instance_limits.{f}"), format!("limit {v} is not a positive whole number"), "the most concurrent active contacts of this channel, e.g. 500; leave it out for no limit");
                        None
                    }
                };
            }
            out
        }
    };
    for g in &agent_queues {
        queues.push(QueueSpec {
            name: format!("agent:{}", raw.agent_groups[g.index()].name),
            capacity: None,
            service_level_thresholds: vec![SimDuration::from_secs(20)],
            agent_queue_of: Some(*g),
            targets: None,
        });
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(CenterSpec {
        instance_limits,
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
