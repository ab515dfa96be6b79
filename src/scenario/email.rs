//! The scenario's EMAIL fields: a source's agent replies
//! (`[sources.reply]`), a flow's emails (`send_email` on an inbound flow)
//! and a queue's email service-level thresholds (`email_service_level`).
//! The raw tables and their checks; the shared tables hold one field and
//! one call each.

use serde::Deserialize;

use crate::center::spec::{EmailReply, FlowEmail, FlowType, SourceKind};
use crate::engine::{Dist, SimDuration};

use super::check::{with_article, Check};
use super::dist::RawDist;
use super::duration::RawDuration;
use super::limits::MAX_THRESHOLDS;

/// `reply = { probability = 0.7, writing = "6m" }` on an email source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReply {
    /// Probability that the agent's handling ends with a reply.
    pub probability: f64,
    /// Time the agent spends writing the reply.
    pub writing: RawDist,
}

/// `send_email = { probability = 1.0, sending = "20s" }` on an inbound
/// flow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSendEmail {
    /// Probability that the flow sends the email.
    pub probability: f64,
    /// How long the email is active before it is sent (holding an email
    /// line of the instance).
    pub sending: Option<RawDist>,
}

/// Checks a source's `reply` against its kind: only an email source's
/// agents reply. Returns the kind with the reply set.
pub(super) fn reply(
    c: &mut Check,
    path: &str,
    raw: Option<&RawReply>,
    kind: SourceKind,
) -> SourceKind {
    let Some(r) = raw else {
        return kind;
    };
    let rpath = format!("{path}.reply");
    let SourceKind::InboundEmail { .. } = kind else {
        c.fail(
            rpath,
            "only email sources get agent replies",
            "remove `reply`, or make the source an email source: method = \"inbound\", channel = \"email\"",
        );
        return kind;
    };
    let probability = c.probability(&format!("{rpath}.probability"), r.probability);
    let writing = c
        .dist(&format!("{rpath}.writing"), &r.writing)
        .unwrap_or(Dist::Constant(0.0));
    SourceKind::InboundEmail {
        reply: Some(EmailReply {
            probability,
            writing,
        }),
    }
}

/// Checks a flow's `send_email`: only an inbound flow (the flow a contact
/// goes through on its way in) sends one.
pub(super) fn send_email(
    c: &mut Check,
    path: &str,
    raw: Option<&RawSendEmail>,
    flow_type: FlowType,
    name: &str,
) -> Option<FlowEmail> {
    let r = raw?;
    let epath = format!("{path}.send_email");
    if flow_type != FlowType::Inbound {
        c.fail(
            epath,
            format!(
                "only inbound flows send emails; `{name}` is {} flow",
                with_article(flow_type.key())
            ),
            "put send_email = { probability = … } on the source's inbound flow",
        );
        return None;
    }
    let probability = c.probability(&format!("{epath}.probability"), r.probability);
    let sending = r
        .sending
        .as_ref()
        .and_then(|d| c.dist(&format!("{epath}.sending"), d));
    Some(FlowEmail {
        probability,
        sending,
    })
}

/// Checks a queue's email service-level thresholds: positive, whole
/// minutes (they are named `4h`, `90m` in the reports), at most
/// [`MAX_THRESHOLDS`]; sorted, without repeats.
pub(super) fn thresholds(
    c: &mut Check,
    path: &str,
    raw: Option<&[RawDuration]>,
) -> Vec<SimDuration> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let fpath = format!("{path}.email_service_level");
    if raw.len() > MAX_THRESHOLDS {
        c.fail(
            &fpath,
            format!("{} thresholds; the limit is {MAX_THRESHOLDS}", raw.len()),
            "keep the thresholds the reports need, e.g. [\"4h\", \"24h\"]",
        );
    }
    let mut out = Vec::new();
    for (k, t) in raw.iter().enumerate() {
        let kpath = format!("{fpath}[{k}]");
        let d = c.positive_duration(&kpath, *t, "24h");
        if !d.as_millis().is_multiple_of(60_000) {
            c.fail(
                kpath,
                format!("{d} is not a whole number of minutes"),
                "email service levels are hours or minutes, e.g. \"4h\" or \"90m\"",
            );
        }
        out.push(d);
    }
    c.listed_once(&fpath, &out, "threshold");
    out.sort();
    out.dedup();
    out
}
