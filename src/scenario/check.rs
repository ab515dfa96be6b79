//! The problem collector every table's checks write to, and the checks more
//! than one table shares: probabilities, durations, unique names, channel
//! names, the one-or-per-interval value shape; the index queue names are
//! looked up in, and what the tables checked late may refer to ([`Known`]).
//!
//! Validation never stops at the first problem: each check records what is
//! wrong, with the field path and a fix, and returns a harmless stand-in so
//! the checks after it still run and report theirs.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use crate::center::ids::{FlowId, GroupId, QueueId};
use crate::center::spec::{Channel, FlowSpec};
use crate::engine::SimDuration;

use super::duration::RawDuration;
use super::error::{Problem, ProblemKind};

/// `word` after its indefinite article ("an erlang", "a uniform"), for
/// messages that name a kind of thing (a distribution family, a dialling
/// mode, a flow type): "an" before a vowel sound — a vowel, but not the
/// "you" sound of "uni…", "use…" and "eu…".
pub(super) fn with_article(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let vowel_sound = lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !["uni", "use", "eu"].iter().any(|p| lower.starts_with(p));
    format!("{} {word}", if vowel_sound { "an" } else { "a" })
}

/// Collects problems while converting.
pub(super) struct Check {
    /// Every problem so far, in the order found.
    pub(super) problems: Vec<Problem>,
}

impl Check {
    /// A collector with nothing found yet.
    pub(super) fn new() -> Self {
        Check {
            problems: Vec::new(),
        }
    }

    /// Records one problem with the input.
    pub(super) fn fail(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.fail_as(ProblemKind::Input, path, message, hint);
    }

    /// Records one problem of the given kind.
    pub(super) fn fail_as(
        &mut self,
        kind: ProblemKind,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
            kind,
        });
    }

    /// `p` if it is a probability; 0 (and a problem) if not.
    pub(super) fn probability(&mut self, path: &str, p: f64) -> f64 {
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

    /// `d` in milliseconds if it is ≥ 0; zero (and a problem) if not.
    pub(super) fn duration(&mut self, path: &str, d: RawDuration) -> SimDuration {
        if !d.0.is_finite() {
            self.fail(
                path,
                format!("duration {} is not a number of seconds", d.0),
                "give a finite duration ≥ 0, e.g. \"30s\"",
            );
            return SimDuration::ZERO;
        }
        if d.0 < 0.0 {
            self.fail(
                path,
                format!("duration {} s is negative", d.0),
                "durations are ≥ 0, e.g. \"30s\"",
            );
            return SimDuration::ZERO;
        }
        SimDuration::from_secs_f64(d.0)
    }

    /// Like [`Check::duration`], and zero is a problem too; the fix shows
    /// `example`, a value the field takes (`"20s"` for a service-level
    /// threshold, `"8h"` for a shift's length).
    pub(super) fn positive_duration(
        &mut self,
        path: &str,
        d: RawDuration,
        example: &str,
    ) -> SimDuration {
        let v = self.duration(path, d);
        if v == SimDuration::ZERO && d.0 >= 0.0 {
            self.fail(
                path,
                "must be longer than 0",
                format!("give a positive duration, e.g. \"{example}\""),
            );
        }
        v
    }

    /// `p` if it is an occupancy cap, a share above 0 and at most 1; 1
    /// (and a problem) if not. A cap of 0 lets no agent take a contact:
    /// no staffing meets it.
    pub(super) fn occupancy_cap(&mut self, path: &str, p: f64) -> f64 {
        if !(p > 0.0 && p <= 1.0) {
            self.fail(
                path,
                format!("occupancy cap {p} is not above 0 and at most 1"),
                "write the most of their time agents may spend on contacts, e.g. 0.85 for 85 %",
            );
            return 1.0;
        }
        p
    }

    /// Reports each duration of the list at `path` that repeats an earlier
    /// one (`what` names a value, e.g. "threshold"): a repeat is a slip —
    /// a value meant to be another — that merging would hide. Zeros are
    /// durations already refused (see [`Check::positive_duration`]).
    pub(super) fn listed_once(&mut self, path: &str, values: &[SimDuration], what: &str) {
        for (k, v) in values.iter().enumerate() {
            if *v == SimDuration::ZERO {
                continue;
            }
            if let Some(first) = values[..k].iter().position(|w| w == v) {
                self.fail(
                    format!("{path}[{k}]"),
                    format!("{what} {v} is listed twice (also at [{first}])"),
                    format!("list each {what} once, or change this one to the value you meant"),
                );
            }
        }
    }

    /// Checks that `name` is not empty and not already in `seen` (the names
    /// of the same table so far), and adds it.
    pub(super) fn name_unique(
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

/// The channel a scenario names (`voice`, `chat`, `task`, `email`), if any.
pub(super) fn channel_from(name: &str) -> Option<Channel> {
    match name {
        "voice" => Some(Channel::Voice),
        "chat" => Some(Channel::Chat),
        "task" => Some(Channel::Task),
        "email" => Some(Channel::Email),
        _ => None,
    }
}

/// A value written once for all intervals, or as a list with one per
/// interval.
#[derive(Debug, Clone)]
pub enum OneOrMany<T> {
    /// The same in every interval.
    One(T),
    /// One per interval.
    Many(Vec<T>),
}

impl<'de> Deserialize<'de> for OneOrMany<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany<i64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, or a list of whole numbers (one per interval)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<i64>()? {
                    out.push(v);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The scenario's queues by name, for the tables that refer to them.
pub(super) struct QueueIndex {
    /// Name → id; the first queue of a name wins (a second is reported).
    pub(super) ids: BTreeMap<String, QueueId>,
    /// Every name, comma-separated, for hints.
    pub(super) names: String,
    /// How many `[[queues]]` tables the scenario has: agent queues come
    /// after them.
    pub(super) count: usize,
}

impl QueueIndex {
    /// The queue named `name`; a problem at `path` if there is none.
    pub(super) fn lookup(&self, c: &mut Check, path: String, name: &str) -> Option<QueueId> {
        let id = self.ids.get(name).copied();
        if id.is_none() {
            c.fail(
                path,
                format!("unknown queue `{name}`"),
                format!(
                    "use one of the queues defined under [[queues]]: {}",
                    self.names
                ),
            );
        }
        id
    }

    /// The id of the `k`-th agent queue.
    pub(super) fn agent_queue_id(&self, k: usize) -> QueueId {
        QueueId((self.count + k) as u16)
    }
}

/// What sources may refer to: every table checked before them, and the run
/// settings per-interval volumes must cover.
pub(super) struct Known<'a> {
    /// The scenario's queues.
    pub(super) queues: &'a QueueIndex,
    /// Every flow.
    pub(super) flows: &'a [FlowSpec],
    /// Flow ids by name.
    pub(super) flow_ids: &'a BTreeMap<String, FlowId>,
    /// Agent group ids by name.
    pub(super) groups: BTreeMap<String, GroupId>,
    /// Arrivals happen before this.
    pub(super) horizon: SimDuration,
    /// Length of an interval.
    pub(super) interval: SimDuration,
    /// Intervals per-interval volumes must cover.
    pub(super) intervals: usize,
    /// Where the run sits on the calendar (day-of-week profiles).
    pub(super) calendar: crate::center::shifts::Calendar,
}

#[cfg(test)]
mod tests {
    use super::with_article;
    use crate::center::spec::FlowType;

    /// Every distribution family, dialling mode and flow type a message
    /// names takes the article its sound wants.
    #[test]
    fn names_take_the_article_their_sound_wants() {
        for (word, want) in [
            ("constant", "a constant"),
            ("exponential", "an exponential"),
            ("lognormal", "a lognormal"),
            ("gamma", "a gamma"),
            ("erlang", "an erlang"),
            ("weibull", "a weibull"),
            ("uniform", "a uniform"),
            ("empirical", "an empirical"),
            ("progressive", "a progressive"),
            ("predictive", "a predictive"),
            ("preview", "a preview"),
            ("agentless", "an agentless"),
        ] {
            assert_eq!(with_article(word), want);
        }
        for t in FlowType::ALL {
            let article = match t {
                FlowType::Inbound
                | FlowType::OutboundWhisper
                | FlowType::AgentHold
                | FlowType::AgentWhisper
                | FlowType::AgentTransfer => "an",
                FlowType::CustomerQueue
                | FlowType::CustomerHold
                | FlowType::CustomerWhisper
                | FlowType::QueueTransfer => "a",
            };
            assert_eq!(with_article(t.key()), format!("{article} {}", t.key()));
        }
    }
}
