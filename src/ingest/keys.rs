//! The first of the two readings of the contact-record files: every
//! record's deduplication key ([`super::scan`] finds it without parsing the
//! record), so that [`super::dedupe`] can decide which records to keep
//! before the second reading converts them. It also notes the span of the
//! finished records' initiations, which bounds the calibration's period
//! before any contact is seen — and refuses a span longer than
//! [`MAX_SPAN_DAYS`], naming the records at its two ends — and the names
//! each queue and routing profile ARN was written with
//! ([`super::renames`]).
//!
//! This reading does not report errors in the records' content: it stops
//! at the first record it cannot read, and the caller then reads the files
//! the careful way up to there, which names the first bad record exactly
//! as a single reading would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::agent_queues::{is_agent_queue_arn, AgentQueueTakers};
use super::ctr::Text;
use super::dedupe::Deduper;
use super::error::{IngestError, Location};
use super::ids::IdTable;
use super::renames::NameHistory;
use super::scan::{key_fields, ArnAndName, KeyFields};
use super::stream::{open, At, Step};
use super::timestamp::parse_instant;

/// What the first reading found.
#[derive(Debug, Default)]
pub struct Keys {
    /// Every record's key.
    pub dedupe: Deduper,
    /// Records (JSON objects) in each file, in reading order.
    pub per_file: Vec<u64>,
    /// The earliest and latest `InitiationTimestamp` of any finished
    /// contact's record (kept or not).
    pub initiated: Option<(i64, i64)>,
    /// Where the earliest and the latest of those records are.
    pub extremes: Option<(Location, Location)>,
    /// The names each `Queue.ARN` was written with.
    pub queue_names: NameHistory,
    /// The names each `Agent.RoutingProfile.ARN` was written with.
    pub profile_names: NameHistory,
    /// Per contact a follow-up names by its `PreviousContactId` (a
    /// transfer, queue transfer or callback), that follow-up's `ContactId`
    /// — the earliest initiated where several name the same contact. Connect
    /// links both ways, but an export may carry only the follow-up's link
    /// back; the second reading fills the missing `NextContactId` from it.
    pub follow_ups: HashMap<String, (i64, String)>,
    /// The routing profiles of the agents who took each agent queue's
    /// contacts ([`super::agent_queues`]).
    pub agent_queue_takers: AgentQueueTakers,
}

/// The initiation methods that follow a contact they name by
/// `PreviousContactId`.
const FOLLOW_UP_METHODS: [&str; 3] = ["TRANSFER", "QUEUE_TRANSFER", "CALLBACK"];

/// The longest span of initiations the contact records may cover: three
/// years. A calibration keeps counters for every interval of the span, so
/// one record dated in the wrong century (`0000-01-01`, a Unix-epoch
/// `1970-01-01`) would otherwise make it count millions of empty
/// intervals and run out of memory.
pub const MAX_SPAN_DAYS: i64 = 1_096;

/// One record, as the first reading sees it: the initiation of a
/// finished contact's record, `None` for any other record.
type Seen = Option<i64>;

/// Reads the keys of every record of `files`. An error means some record
/// could not be read; the second reading says which and why.
pub fn read_keys(files: &[PathBuf]) -> Result<Keys, IngestError> {
    let mut keys = Keys::default();
    // Ids that are not UUIDs, numbered for this reading only.
    let mut ids = IdTable::default();
    let mut dedupe = Deduper::default();
    let mut names = [NameHistory::default(), NameHistory::default()];
    let mut follow_ups = HashMap::new();
    let mut takers = AgentQueueTakers::default();
    let mut scan = |bytes: &[u8], path: &Path, at: At| match key_fields(bytes) {
        Ok(Step::Done(fields, len)) => {
            let seen = see(&fields, &mut ids, &mut dedupe, &mut names)
                .ok_or_else(|| unreadable(path, at))?;
            note_follow_up(&fields, &mut follow_ups);
            note_agent_queue_taker(&fields, &mut takers);
            Ok(Step::Done(seen.map(|t| (t, at)), len))
        }
        Ok(Step::Incomplete) => Ok(Step::Incomplete),
        Err(_) => Err(unreadable(path, at)),
    };
    for path in files {
        let mut stream = open(path)?;
        let mut records = 0;
        while let Some(seen) = stream.next_value(&mut scan)? {
            records += 1;
            if let Some((t, at)) = seen {
                let (first, last) = keys.initiated.unwrap_or((t, t));
                let here = || at.location(path);
                let (lo, hi) = match keys.extremes.take() {
                    None => (here(), here()),
                    Some((_, hi)) if t < first => (here(), hi),
                    Some((lo, _)) if t > last => (lo, here()),
                    Some(both) => both,
                };
                keys.extremes = Some((lo, hi));
                keys.initiated = Some((first.min(t), last.max(t)));
            }
        }
        keys.per_file.push(records);
    }
    keys.dedupe = dedupe;
    keys.follow_ups = follow_ups;
    keys.agent_queue_takers = takers;
    [keys.queue_names, keys.profile_names] = names;
    check_span(&keys)?;
    Ok(keys)
}

/// Refuses records whose initiations span more than [`MAX_SPAN_DAYS`],
/// naming the earliest and the latest record.
fn check_span(keys: &Keys) -> Result<(), IngestError> {
    let (Some((first, last)), Some((earliest, latest))) = (keys.initiated, &keys.extremes) else {
        return Ok(());
    };
    let days = (last - first) / 86_400_000;
    if days <= MAX_SPAN_DAYS {
        return Ok(());
    }
    Err(IngestError::SpanTooLong {
        days,
        max_days: MAX_SPAN_DAYS,
        earliest: Box::new(earliest.clone()),
        first_ms: first,
        latest: Box::new(latest.clone()),
        last_ms: last,
    })
}

/// Adds a record's key to `dedupe`, and the names of its queue and routing
/// profile to `names`; `None` when a timestamp it needs is missing or
/// unreadable (the record's conversion fails too).
fn see(
    f: &KeyFields<'_>,
    ids: &mut IdTable,
    dedupe: &mut Deduper,
    names: &mut [NameHistory; 2],
) -> Option<Seen> {
    let Some(id) = present(&f.contact_id) else {
        dedupe.add_other();
        return Some(None);
    };
    let stamp = |t: &Option<Text<'_>>| present(t).map(parse_instant).transpose().ok();
    let initiated_ms = stamp(&f.initiation_timestamp)??;
    let disconnected = stamp(&f.disconnect_timestamp)?;
    let last_update = stamp(&f.last_update_timestamp)?;
    // As the conversion does: a finished record's last update defaults to
    // its disconnect, one in progress to its initiation.
    let in_progress = disconnected.is_none();
    let last_update_ms = last_update.or(disconnected).unwrap_or(initiated_ms);
    dedupe.add(ids.key(id), last_update_ms, in_progress);
    let profile = f.agent.as_ref().and_then(|a| a.routing_profile.as_ref());
    // An agent's own queue has no name of its own: it is named after its
    // agent's routing profile ([`super::agent_queues`]), whatever a record
    // calls it.
    let queue = f.queue.as_ref().filter(|q| {
        !q.arn
            .as_ref()
            .is_some_and(|a| is_agent_queue_arn(a.as_str()))
    });
    for (history, object) in names.iter_mut().zip([queue, profile]) {
        if let Some(ArnAndName {
            arn: Some(arn),
            name: Some(name),
        }) = object
        {
            history.note(arn.as_str(), name.as_str(), last_update_ms);
        }
    }
    Some((!in_progress).then_some(initiated_ms))
}

/// Notes a follow-up's link back to the contact it follows (see
/// [`Keys::follow_ups`]); a record without a readable initiation is left
/// to the second reading to refuse.
fn note_follow_up(f: &KeyFields<'_>, follow_ups: &mut HashMap<String, (i64, String)>) {
    let (Some(method), Some(previous), Some(own)) = (
        present(&f.initiation_method),
        present(&f.previous_contact_id),
        present(&f.contact_id),
    ) else {
        return;
    };
    let Some(initiated_ms) = present(&f.initiation_timestamp).and_then(|t| parse_instant(t).ok())
    else {
        return;
    };
    if !FOLLOW_UP_METHODS.contains(&method) || previous == own {
        return;
    }
    let entry = follow_ups
        .entry(previous.to_string())
        .or_insert_with(|| (initiated_ms, own.to_string()));
    // The earliest follow-up is the next; on a tie, the smallest id, so the
    // choice does not depend on the files' order.
    if (initiated_ms, own) < (entry.0, entry.1.as_str()) {
        *entry = (initiated_ms, own.to_string());
    }
}

/// Notes the routing profile of the agent who took a contact from an
/// agent queue (see [`AgentQueueTakers`]).
fn note_agent_queue_taker(f: &KeyFields<'_>, takers: &mut AgentQueueTakers) {
    let Some(queue_arn) = f.queue.as_ref().and_then(|q| present(&q.arn)) else {
        return;
    };
    if let Some(p) = f.agent.as_ref().and_then(|a| a.routing_profile.as_ref()) {
        takers.note(queue_arn, present(&p.arn), present(&p.name));
    }
}

/// The string, unless absent or empty (as the conversion reads fields).
fn present<'t>(t: &'t Option<Text<'_>>) -> Option<&'t str> {
    t.as_ref().map(Text::as_str).filter(|s| !s.is_empty())
}

/// Stands for "this record cannot be read" until the second reading
/// names the reason.
fn unreadable(path: &Path, at: At) -> IngestError {
    IngestError::NotJson {
        at: Box::new(Location {
            path: path.to_path_buf(),
            line: at.line,
            column: u32::try_from(at.column).ok(),
            record: Some(at.record),
        }),
        problem: "this record cannot be read".into(),
    }
}
