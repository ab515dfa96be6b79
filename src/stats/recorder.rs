//! Everything one replication records, as it runs: counters, exact sums in
//! milliseconds, and HDR histograms. Memory is O(queues × intervals), never
//! O(contacts).

use super::hist::{Batch, DurationHistogram};
use super::load::scenario_channels;

use super::campaigns::CampaignStats;
use crate::center::ids::{GroupId, QueueId};
use crate::center::spec::{CenterSpec, Channel, InitiationMethod, RoutingProfileSpec, SourceKind};
use crate::center::{AgentActivity, AgentHours, ContactRecord, Observer, Outcome};
use crate::engine::{SimTime, Stall};

use super::agent_hours::{HoursColumn, HoursTally};
use super::customers::CustomerTally;
use super::email::{EmailLevels, EmailThresholds};
use super::metrics::Scope;

/// What the recorder needs to know of the scenario.
#[derive(Debug, Clone)]
pub struct StatsConfig {
    /// Queue names, by id.
    pub queue_names: Vec<String>,
    /// Agent group names, by id.
    pub group_names: Vec<String>,
    /// Service-level thresholds (ms) of each queue.
    pub queue_thresholds: Vec<Vec<u64>>,
    /// Every threshold of any queue, for the total.
    pub all_thresholds: Vec<u64>,
    /// The queues' email service-level thresholds (EMAIL contacts).
    pub email_thresholds: EmailThresholds,
    /// The initiation methods the scenario can produce (reported as scopes).
    pub methods: Vec<InitiationMethod>,
    /// The channels the scenario can produce (reported as scopes).
    pub channels: Vec<Channel>,
    /// Number of intervals.
    pub intervals: usize,
    /// Interval length, ms.
    pub interval_ms: u64,
    /// Start of the measured window, ms.
    pub warmup_ms: u64,
    /// End of the measured window (the horizon), ms.
    pub horizon_ms: u64,
    /// Steps of each routing criteria, by id (empty: none is set).
    pub criteria_steps: Vec<usize>,
    /// Some source redials: customers are reported apart from contacts.
    pub redials: bool,
    /// Some source's tasks pause: pause metrics are reported.
    pub pauses: bool,
    /// Per group, by id: its agents can hold more than one contact at once
    /// (a concurrency above 1, or cross-channel work), so `busy_slots` is
    /// reported beside `busy_agents`.
    pub multi_slot: Vec<bool>,
    /// Outbound campaigns, by index.
    pub campaign_names: Vec<String>,
    /// Some queue adds external parties (EXTERNAL_OUTBOUND).
    pub external: bool,
    /// The supervisor groups (MONITOR).
    pub supervisors: super::supervisors::SupervisorConfig,
    /// How much of the total is added from the queues' statistics when a
    /// replication ends, instead of recorded per contact: chosen when the
    /// queues expect enough contacts per replication for that to be
    /// cheaper. Either way the total is the same.
    pub fold_total: TotalFold,
}

/// What of the total's statistics for contacts that reached a queue is
/// added from the queues' when a replication ends (`Recorder::finished`),
/// rather than recorded a second time per contact. Contacts that never
/// reached a queue are recorded in the total directly, whatever the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalFold {
    /// Nothing: the total records every contact itself.
    Nothing,
    /// The histograms (`Recorder::fold_queue_histograms`).
    Histograms,
    /// The histograms, counts and sums (`Recorder::fold_queue_counts`): a
    /// queued contact is recorded once. Only when every queue has the
    /// total's service-level thresholds, so the queues count what the
    /// total would.
    Everything,
}

/// Expected contacts per queue and replication above which adding a
/// queue's five histograms into the total once (some 21,500 buckets each)
/// costs less than recording four durations of each contact a second time.
/// Measured with callgrind on the bundled sweep (one queue, some 1,200
/// contacts per replication: folding cost 3 % more instructions) and on a
/// long M/M/20 run (folding saved 5 %): break-even near 3,600.
const FOLD_BREAK_EVEN_CONTACTS: f64 = 4_000.0;

/// The initiation methods a scenario can produce, in documentation order.
fn possible_methods(spec: &CenterSpec) -> Vec<InitiationMethod> {
    let flows = &spec.flows;
    InitiationMethod::ALL
        .into_iter()
        .filter(|m| match m {
            InitiationMethod::Inbound | InitiationMethod::WebrtcApi => {
                spec.sources.iter().any(|s| s.kind.method() == *m)
            }
            InitiationMethod::Api => {
                spec.sources.iter().any(|s| s.kind.method() == *m)
                    || !spec.campaigns.is_empty() // campaign calls
            }
            InitiationMethod::Outbound => spec.groups.iter().any(|g| g.outbound.is_some()),
            InitiationMethod::Transfer => spec.has_transfers(),
            InitiationMethod::Callback => flows.iter().any(|f| f.callback.is_some()),
            InitiationMethod::QueueTransfer => flows.iter().any(|f| f.move_to_queue.is_some()),
            // Only a disconnect flow that queues the contact again creates
            // a DISCONNECT contact (a survey plays on the same contact).
            InitiationMethod::Disconnect => flows
                .iter()
                .flat_map(|f| f.all_sets())
                .filter_map(|s| s.disconnect)
                .any(|d| !flows[d.index()].branches.is_empty()),
            InitiationMethod::AgentReply => spec.sources.iter().any(|s| {
                matches!(&s.kind, SourceKind::InboundEmail { reply: Some(r) } if r.probability > 0.0)
            }),
            InitiationMethod::Flow => flows
                .iter()
                .any(|f| f.send_email.as_ref().is_some_and(|e| e.probability > 0.0)),
            InitiationMethod::Monitor => spec
                .supervisor_groups
                .iter()
                .any(|g| g.share > 0.0 && !g.queues.is_empty()),
            InitiationMethod::ExternalOutbound => has_external(spec),
        })
        .collect()
}

/// Whether some queue's agents add external parties (EXTERNAL_OUTBOUND).
fn has_external(spec: &CenterSpec) -> bool {
    spec.queues
        .iter()
        .any(|q| q.external.as_ref().is_some_and(|x| x.probability > 0.0))
}

/// The queues' email service-level thresholds, in milliseconds.
fn email_thresholds(spec: &CenterSpec) -> EmailThresholds {
    let queues: Vec<Vec<u64>> = spec
        .queues
        .iter()
        .map(|q| {
            q.email_service_level_thresholds
                .iter()
                .map(|t| t.as_millis())
                .collect()
        })
        .collect();
    let mut all: Vec<u64> = queues.iter().flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    EmailThresholds { all, queues }
}

impl StatsConfig {
    /// The configuration for `spec`.
    pub fn new(spec: &CenterSpec) -> Self {
        let queue_thresholds: Vec<Vec<u64>> = spec
            .queues
            .iter()
            .map(|q| {
                q.service_level_thresholds
                    .iter()
                    .map(|t| t.as_millis())
                    .collect()
            })
            .collect();
        let mut all: Vec<u64> = queue_thresholds.iter().flatten().copied().collect();
        all.sort_unstable();
        all.dedup();
        let methods = possible_methods(spec);
        let mut channels: Vec<Channel> = spec.sources.iter().map(|s| s.kind.channel()).collect();
        // (A DISCONNECT contact has the channel of the contact it follows.)
        if methods
            .iter()
            .any(|m| matches!(m, InitiationMethod::Outbound | InitiationMethod::Callback))
            || !spec.campaigns.is_empty()
        {
            channels.push(Channel::Voice);
        }
        // Replies and flows' emails are EMAIL, whatever their source's channel.
        if methods
            .iter()
            .any(|m| matches!(m, InitiationMethod::AgentReply | InitiationMethod::Flow))
        {
            channels.push(Channel::Email);
        }
        channels.sort();
        channels.dedup();
        let fold_total = if !fold_pays(spec) {
            TotalFold::Nothing
        } else if queue_thresholds.iter().all(|t| *t == all) {
            TotalFold::Everything
        } else {
            TotalFold::Histograms
        };
        StatsConfig {
            methods,
            channels,
            queue_names: spec.queues.iter().map(|q| q.name.clone()).collect(),
            group_names: spec.groups.iter().map(|g| g.name.clone()).collect(),
            queue_thresholds,
            all_thresholds: all,
            email_thresholds: email_thresholds(spec),
            intervals: spec.interval_count(),
            interval_ms: spec.interval.as_millis().max(1),
            warmup_ms: spec.warmup.as_millis(),
            horizon_ms: spec.horizon.as_millis(),
            criteria_steps: super::criteria::step_counts(spec),
            redials: spec.sources.iter().any(|s| s.redial.is_some()),
            pauses: spec.sources.iter().any(|s| s.pause.is_some()),
            multi_slot: spec
                .groups
                .iter()
                .map(|g| holds_several(&spec.profiles[g.profile.index()], &scenario_channels(spec)))
                .collect(),
            campaign_names: spec.campaigns.iter().map(|k| k.name.clone()).collect(),
            external: has_external(spec),
            supervisors: super::supervisors::SupervisorConfig::new(spec),
            fold_total,
        }
    }

    fn window_overlap(&self, from: u64, to: u64) -> u64 {
        to.min(self.horizon_ms)
            .saturating_sub(from.max(self.warmup_ms))
    }

    /// The measured part of interval `i` (inside `[warmup, horizon)`), ms.
    pub fn interval_len(&self, i: usize) -> u64 {
        let start = i as u64 * self.interval_ms;
        self.window_overlap(start, start + self.interval_ms)
    }
}

/// The distributions recorded as histograms (milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistogramKind {
    /// Queue duration of handled contacts.
    Wait,
    /// Enqueue to the accepted offer, handled contacts.
    TimeToOffer,
    /// Accept to conversation start, handled contacts.
    WhisperLatency,
    /// Talk + hold + ACW, handled contacts.
    HandleTime,
    /// Queue duration of abandoned contacts.
    TimeToAbandon,
}

impl HistogramKind {
    /// All, in index order.
    pub const ALL: [HistogramKind; 5] = [
        HistogramKind::Wait,
        HistogramKind::TimeToOffer,
        HistogramKind::WhisperLatency,
        HistogramKind::HandleTime,
        HistogramKind::TimeToAbandon,
    ];

    /// File-name spelling.
    pub fn key(self) -> &'static str {
        match self {
            HistogramKind::Wait => "wait",
            HistogramKind::TimeToOffer => "time_to_offer",
            HistogramKind::WhisperLatency => "whisper_latency",
            HistogramKind::HandleTime => "handle_time",
            HistogramKind::TimeToAbandon => "time_to_abandon",
        }
    }
}

/// Counts that exist per scope and per interval.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Contacts sent to the queue (queued + turned away).
    pub offered: u64,
    /// Contacts that entered the queue.
    pub queued: u64,
    /// Contacts answered and handled to the end of ACW.
    pub handled: u64,
    /// Contacts that abandoned in queue.
    pub abandoned: u64,
    /// Contacts turned away by a full queue.
    pub turned_away: u64,
    /// Queued contacts that were callbacks or turned into one.
    pub callbacks: u64,
    /// Contacts that reached a conversation (queued or not).
    pub connected: u64,
    /// Queued contacts whose accepted offer did not come the instant they
    /// were queued ([`ContactRecord::waited`]).
    pub waited: u64,
    /// Sum of waits (enqueue → dequeue, [`ContactRecord::wait`]) of handled contacts, ms.
    pub wait_sum_ms: u64,
    /// Sum of waits of abandoned contacts, ms.
    pub abandon_sum_ms: u64,
    /// Answered within each threshold: handled, or still in conversation
    /// when the run stopped.
    pub answered_within: Vec<u64>,
    /// Answered or abandoned within each threshold (Connect's definition).
    pub removed_within: Vec<u64>,
}

impl Counts {
    fn new(thresholds: usize) -> Self {
        Counts {
            answered_within: vec![0; thresholds],
            removed_within: vec![0; thresholds],
            ..Default::default()
        }
    }

    /// Adds `other`'s counts (same thresholds) into these.
    fn add(&mut self, other: &Counts) {
        let Counts {
            offered,
            queued,
            handled,
            abandoned,
            turned_away,
            callbacks,
            connected,
            waited,
            wait_sum_ms,
            abandon_sum_ms,
            answered_within,
            removed_within,
        } = other;
        self.offered += offered;
        self.queued += queued;
        self.handled += handled;
        self.abandoned += abandoned;
        self.turned_away += turned_away;
        self.callbacks += callbacks;
        self.connected += connected;
        self.waited += waited;
        self.wait_sum_ms += wait_sum_ms;
        self.abandon_sum_ms += abandon_sum_ms;
        for (a, b) in self.answered_within.iter_mut().zip(answered_within) {
            *a += b;
        }
        for (a, b) in self.removed_within.iter_mut().zip(removed_within) {
            *a += b;
        }
    }

    /// Counts `r`; `answered` is [`answered`]`(r)`, worked out once per
    /// contact by [`Recorder::contact`] rather than again for every scope.
    fn record(&mut self, r: &ContactRecord, answered: bool, thresholds: &[u64]) {
        // Conversations count whether or not the contact was queued
        // (outbound calls are not).
        if r.connected.is_some() && r.acw_end.is_some() {
            self.connected += 1;
        }
        if r.queue.is_none() {
            return;
        }
        self.offered += 1;
        if r.outcome == Outcome::TurnedAway {
            self.turned_away += 1;
            return;
        }
        self.queued += 1;
        // Callback contacts, and contacts that became callbacks, are left
        // out of the abandonment rate (MODEL.md).
        if r.method == InitiationMethod::Callback || r.outcome == Outcome::CallbackRequested {
            self.callbacks += 1;
        }
        if r.waited() {
            self.waited += 1;
        }
        let q = r.wait().map(|d| d.as_millis());
        match (answered, r.outcome, q) {
            (true, _, Some(w)) => {
                self.handled += 1;
                self.wait_sum_ms += w;
                for (k, t) in thresholds.iter().enumerate() {
                    if w <= *t {
                        self.answered_within[k] += 1;
                        self.removed_within[k] += 1;
                    }
                }
            }
            (false, Outcome::Abandoned, Some(w)) => {
                self.abandoned += 1;
                self.abandon_sum_ms += w;
                for (k, t) in thresholds.iter().enumerate() {
                    if w <= *t {
                        self.removed_within[k] += 1;
                    }
                }
            }
            // Turned into a callback: removed from this queue (Connect's
            // service level counts it; a move to another queue is not).
            (false, Outcome::CallbackRequested, Some(w)) => {
                for (k, t) in thresholds.iter().enumerate() {
                    if w <= *t {
                        self.removed_within[k] += 1;
                    }
                }
            }
            // Answered, its conversation still going when the run stopped
            // (a drain shorter than the talk): answered within the
            // threshold all the same, as Connect counts it at the answer.
            // Not handled: its handle time is not known.
            (false, Outcome::InProgress, Some(w)) => {
                for (k, t) in thresholds.iter().enumerate() {
                    if w <= *t {
                        self.answered_within[k] += 1;
                        self.removed_within[k] += 1;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether an agent took the contact from its queue (it was answered):
/// handled to the end, or transferred out by the agent who answered it.
pub fn answered(r: &ContactRecord) -> bool {
    matches!(r.outcome, Outcome::Handled | Outcome::TransferredOut)
        && r.dequeued.is_some()
        && r.accepted.is_some()
}

/// Everything recorded for one scope (a queue, or the total).
#[derive(Debug, Clone)]
pub struct ScopeStats {
    /// Counts over the whole window: the sum of `by_interval`, added up
    /// when the replication ends (`ScopeStats::sum_intervals`), so that a
    /// contact is counted once, not twice.
    pub counts: Counts,
    /// Counts per interval of initiation.
    pub by_interval: Vec<Counts>,
    /// Contacts created (total scope: every arrival).
    pub created: u64,
    /// Contacts by how they ended, indexed by [`OUTCOMES`] order.
    pub outcomes: [u64; OUTCOMES.len()],
    /// Dial attempts of callbacks.
    pub callback_attempts: u64,
    /// Contacts with a conversation (the base of the whisper and handle-time
    /// averages).
    pub connected: u64,
    /// Sum of dialling and ringing of connected contacts, ms.
    pub dial_ring_sum_ms: u64,
    /// Sum of outbound whispers of connected contacts, ms.
    pub outbound_whisper_sum_ms: u64,
    /// Contacts served by the inbound flow alone.
    pub self_served: u64,
    /// Contacts whose disconnect flow played to the customer still on them.
    pub disconnect_flows: u64,
    /// Contacts still in progress at the horizon.
    pub in_progress_at_horizon: u64,
    /// Contacts unfinished when the simulation stopped.
    pub unfinished: u64,
    /// Offers missed.
    pub missed_offers: u64,
    /// Whisper draws capped at two minutes.
    pub whispers_capped: u64,
    /// Sum of time to offer (enqueue → accepted offer) of handled, ms.
    pub time_to_offer_sum_ms: u64,
    /// Longest wait of a handled or abandoned contact, ms.
    pub max_queued_ms: u64,
    /// Sums over handled contacts, ms.
    pub talk_sum_ms: u64,
    /// Hold time of handled contacts, ms.
    pub hold_sum_ms: u64,
    /// ACW of handled contacts, ms.
    pub acw_sum_ms: u64,
    /// Whisper latency of handled contacts, ms.
    pub whisper_sum_ms: u64,
    /// Agent whisper of handled contacts, ms.
    pub agent_whisper_sum_ms: u64,
    /// Customer whisper of handled contacts, ms.
    pub customer_whisper_sum_ms: u64,
    /// Time-integral of the number of contacts in queue over the window,
    /// contact·ms.
    pub queue_area: u128,
    /// The same integral, per interval (contact·ms).
    pub queue_area_by_interval: Vec<u128>,
    /// Σ over every contact of its queue time inside the window, ms (Little's
    /// law: equals `queue_area` exactly).
    pub queue_time_in_window: u128,
    /// Histograms, indexed by [`HistogramKind`]; `None` for the kinds this
    /// scope does not track (see [`tracked_histograms`]). Like `counts`,
    /// complete once the replication has finished: values are counted in
    /// batches.
    /// An array, not a `Vec`: recording a contact then indexes it with no
    /// bounds checks (four a handled contact).
    pub histograms: [Option<DurationHistogram>; HistogramKind::ALL.len()],
    /// Values waiting to be counted into `histograms`, by kind.
    batches: [Batch; HistogramKind::ALL.len()],
    /// Values beyond the histograms' range (past
    /// [`HISTOGRAM_MAX_MS`](super::hist::HISTOGRAM_MAX_MS)).
    pub out_of_range: u64,
}

impl ScopeStats {
    /// Empty statistics tracking `kinds`, their histograms taken from
    /// `spare` (emptied) while it has any, else new.
    fn new(
        thresholds: usize,
        intervals: usize,
        kinds: &[HistogramKind],
        spare: &mut Vec<DurationHistogram>,
    ) -> Self {
        // In kind order, so that spare histograms are taken as before.
        let histograms = std::array::from_fn(|i| {
            kinds
                .contains(&HistogramKind::ALL[i])
                .then(|| match spare.pop() {
                    Some(mut h) => {
                        h.reset();
                        h
                    }
                    None => DurationHistogram::new(),
                })
        });
        ScopeStats {
            counts: Counts::new(thresholds),
            by_interval: (0..intervals).map(|_| Counts::new(thresholds)).collect(),
            created: 0,
            outcomes: [0; OUTCOMES.len()],
            callback_attempts: 0,
            connected: 0,
            dial_ring_sum_ms: 0,
            outbound_whisper_sum_ms: 0,
            self_served: 0,
            disconnect_flows: 0,
            in_progress_at_horizon: 0,
            unfinished: 0,
            missed_offers: 0,
            whispers_capped: 0,
            time_to_offer_sum_ms: 0,
            max_queued_ms: 0,
            talk_sum_ms: 0,
            hold_sum_ms: 0,
            acw_sum_ms: 0,
            whisper_sum_ms: 0,
            agent_whisper_sum_ms: 0,
            customer_whisper_sum_ms: 0,
            queue_area: 0,
            queue_area_by_interval: vec![0; intervals],
            queue_time_in_window: 0,
            histograms,
            batches: Default::default(),
            out_of_range: 0,
        }
    }

    #[inline]
    fn hist(&mut self, kind: HistogramKind, ms: u64) {
        let k = kind as usize;
        if let Some(h) = self.histograms[k].as_mut() {
            match self.batches[k].push(ms) {
                Ok(false) => {}
                Ok(true) => h.count_batch(&mut self.batches[k]),
                Err(_) => self.out_of_range += 1,
            }
        }
    }

    /// Counts the values still waiting in the batches.
    fn settle_histograms(&mut self) {
        for (h, b) in self.histograms.iter_mut().zip(&mut self.batches) {
            if let Some(h) = h {
                h.count_batch(b);
            }
        }
    }

    /// Sets the counts over the window to the sum of the intervals' (every
    /// contact counted is in exactly one interval). Called once, when the
    /// replication ends.
    fn sum_intervals(&mut self) {
        for c in &self.by_interval {
            self.counts.add(c);
        }
    }

    /// Adds what [`ScopeStats::record`] counted into `other` — its counts
    /// over the window and per interval, outcomes, sums and longest wait —
    /// into these (same thresholds and intervals). Not its histograms
    /// (see `Recorder::fold_queue_histograms`), nor what the recorder
    /// writes into each scope itself (queue areas, contacts in progress or
    /// unfinished). Both scopes' intervals must be summed already.
    fn add_counts(&mut self, other: &ScopeStats) {
        let ScopeStats {
            counts,
            by_interval,
            created,
            outcomes,
            callback_attempts,
            connected,
            dial_ring_sum_ms,
            outbound_whisper_sum_ms,
            self_served,
            disconnect_flows,
            in_progress_at_horizon: _,
            unfinished: _,
            missed_offers,
            whispers_capped,
            time_to_offer_sum_ms,
            max_queued_ms,
            talk_sum_ms,
            hold_sum_ms,
            acw_sum_ms,
            whisper_sum_ms,
            agent_whisper_sum_ms,
            customer_whisper_sum_ms,
            queue_area: _,
            queue_area_by_interval: _,
            queue_time_in_window: _,
            histograms: _,
            batches: _,
            out_of_range: _,
        } = other;
        self.counts.add(counts);
        for (mine, theirs) in self.by_interval.iter_mut().zip(by_interval) {
            mine.add(theirs);
        }
        self.created += created;
        for (mine, theirs) in self.outcomes.iter_mut().zip(outcomes) {
            *mine += theirs;
        }
        self.callback_attempts += callback_attempts;
        self.connected += connected;
        self.dial_ring_sum_ms += dial_ring_sum_ms;
        self.outbound_whisper_sum_ms += outbound_whisper_sum_ms;
        self.self_served += self_served;
        self.disconnect_flows += disconnect_flows;
        self.missed_offers += missed_offers;
        self.whispers_capped += whispers_capped;
        self.time_to_offer_sum_ms += time_to_offer_sum_ms;
        self.max_queued_ms = self.max_queued_ms.max(*max_queued_ms);
        self.talk_sum_ms += talk_sum_ms;
        self.hold_sum_ms += hold_sum_ms;
        self.acw_sum_ms += acw_sum_ms;
        self.whisper_sum_ms += whisper_sum_ms;
        self.agent_whisper_sum_ms += agent_whisper_sum_ms;
        self.customer_whisper_sum_ms += customer_whisper_sum_ms;
    }

    /// Counts `r`; records its durations in this scope's histograms too
    /// when `histograms` says so (the total's are folded from its queues'
    /// at the end instead, see [`Recorder::fold_queue_histograms`]).
    /// `answered` is [`answered`]`(r)`, worked out once per contact.
    fn record(
        &mut self,
        r: &ContactRecord,
        answered: bool,
        thresholds: &[u64],
        interval: usize,
        histograms: Histograms,
    ) {
        self.created += 1;
        if let Some(k) = OUTCOMES.iter().position(|o| *o == r.outcome) {
            self.outcomes[k] += 1;
        }
        if r.outcome == Outcome::SelfServed {
            self.self_served += 1;
        }
        if r.disconnect_flow.is_some() {
            self.disconnect_flows += 1;
        }
        self.callback_attempts += u64::from(r.callback_attempts);
        self.missed_offers += u64::from(r.missed_offers);
        self.whispers_capped += u64::from(r.whispers_capped);
        match self.by_interval.get_mut(interval) {
            Some(c) => c.record(r, answered, thresholds),
            // No intervals to sum from: counted over the window directly.
            None => self.counts.record(r, answered, thresholds),
        }
        if let Some(w) = r.wait().map(|d| d.as_millis()) {
            if answered || r.outcome == Outcome::Abandoned {
                self.max_queued_ms = self.max_queued_ms.max(w);
            }
            if answered {
                let tto = r.time_to_offer().map(|d| d.as_millis()).unwrap_or(0);
                self.time_to_offer_sum_ms += tto;
                if histograms == Histograms::Record {
                    self.hist(HistogramKind::Wait, w);
                    self.hist(HistogramKind::TimeToOffer, tto);
                }
            } else if r.outcome == Outcome::Abandoned && histograms == Histograms::Record {
                self.hist(HistogramKind::TimeToAbandon, w);
            }
        }
        // Conversations: whisper latency and handle time, whatever the method.
        if let (Some(_), Some(_)) = (r.connected, r.acw_end) {
            let wl = r.whisper_latency().map(|d| d.as_millis()).unwrap_or(0);
            self.connected += 1;
            self.talk_sum_ms += r.talk.as_millis();
            self.hold_sum_ms += r.hold_total.as_millis();
            self.acw_sum_ms += r.acw.as_millis();
            self.whisper_sum_ms += wl;
            self.agent_whisper_sum_ms += r.agent_whisper.as_millis();
            self.customer_whisper_sum_ms += r.customer_whisper.as_millis();
            // Dialling is part of the whisper latency only for callbacks (an
            // API dial happens before the queue; an outbound call's latency
            // starts at the answer).
            if r.method == InitiationMethod::Callback {
                self.dial_ring_sum_ms += r.dial_ring.as_millis();
            }
            self.outbound_whisper_sum_ms += r.outbound_whisper.as_millis();
            if histograms == Histograms::Record {
                self.hist(HistogramKind::WhisperLatency, wl);
                self.hist(HistogramKind::HandleTime, r.handle_time().as_millis());
            }
        }
    }
}

impl Recorder {
    /// Adds `used` contacts held over `[from, to)` to the group's slots in
    /// use per interval (a group whose agents hold several at once; kept
    /// out of line, as voice groups never come here).
    #[inline(never)]
    fn held_by_interval(&mut self, group: GroupId, used: u32, from: SimTime, to: SimTime) {
        let from = from.as_millis().max(self.cfg.warmup_ms);
        let to = to.as_millis().min(self.cfg.horizon_ms);
        if let Some(by_interval) = &mut self.groups[group.index()].slots_by_interval {
            split_by_interval(&self.cfg, from, to, |i, ms| {
                by_interval[i] += u64::from(used) * ms
            });
        }
    }
}

/// Whether an agent on `profile` can hold more than one contact at once:
/// a concurrency above 1 on a channel it takes from a queue, or two such
/// channels with one allowing other channels beside it. Channels no
/// contact of the scenario is on (`on`, [`scenario_channels`]) are not
/// taken: a voice-only center's chat-3 profile holds one call at a time.
fn holds_several(profile: &RoutingProfileSpec, on: &[bool; Channel::COUNT]) -> bool {
    let takes: Vec<usize> = (0..Channel::COUNT)
        .filter(|&c| on[c] && profile.queues.iter().any(|q| q.channels[c]))
        .collect();
    takes.iter().any(|&c| profile.concurrency[c] > 1)
        || (takes.len() > 1 && takes.iter().any(|&c| profile.cross_channel[c]))
}

/// The interval last looked up and the times that fall in it: contacts
/// end in time order, nearly all of them counted in the interval of the
/// one before, and a hit spares the division that finds it anew.
#[derive(Debug, Clone, Copy)]
struct IntervalCursor {
    /// The times `lo..hi` (ms) fall in interval `i`.
    lo: u64,
    hi: u64,
    i: usize,
}

impl IntervalCursor {
    /// No interval yet: an empty range, which every lookup misses.
    const NONE: IntervalCursor = IntervalCursor {
        lo: u64::MAX,
        hi: 0,
        i: 0,
    };

    /// The interval of time `t` (ms): the one it falls in, the last taking
    /// every time past its end as well; remembered.
    #[inline(always)]
    fn interval_of(&mut self, cfg: &StatsConfig, t: u64) -> usize {
        if self.lo <= t && t < self.hi {
            return self.i;
        }
        let last = cfg.intervals.saturating_sub(1);
        let i = ((t / cfg.interval_ms) as usize).min(last);
        let lo = (i as u64).saturating_mul(cfg.interval_ms);
        let hi = if i == last {
            u64::MAX
        } else {
            lo.saturating_add(cfg.interval_ms)
        };
        *self = IntervalCursor { lo, hi, i };
        i
    }
}

/// Calls `add(interval, ms)` for each interval's part of `[from, to)`
/// (times in ms, already inside the measured window).
#[inline(always)]
fn split_by_interval(cfg: &StatsConfig, from: u64, to: u64, mut add: impl FnMut(usize, u64)) {
    let mut t = from;
    while t < to {
        let i = ((t / cfg.interval_ms) as usize).min(cfg.intervals - 1);
        let end = ((i as u64 + 1) * cfg.interval_ms).min(to);
        let end = if end <= t { to } else { end };
        add(i, end - t);
        t = end;
    }
}

/// Whether the queues of `spec` expect enough contacts per replication
/// (arrivals over the horizon) for folding the total's histograms to pay.
fn fold_pays(spec: &CenterSpec) -> bool {
    let loads = super::load::queue_loads(spec);
    let contacts: f64 = loads.iter().map(|q| q.lambda).sum::<f64>() * spec.horizon.as_secs_f64();
    !loads.is_empty() && contacts >= FOLD_BREAK_EVEN_CONTACTS * loads.len() as f64
}

/// Whether [`ScopeStats::record`] records a contact's durations in the
/// scope's histograms now, or leaves them to be added later from other
/// scopes that hold the same contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Histograms {
    /// Record them now.
    Record,
    /// Leave them: the total's histograms are the sum of its queues' (and
    /// of the contacts without a queue, recorded there directly), added
    /// once when the replication ends instead of once per contact.
    Later,
}

/// The distributions kept per initiation method and per channel: the wait
/// and the whisper latency. (Total and queue scopes keep all five; recording
/// every histogram for every scope costs a tenth of the run time.)
pub const BY_METHOD_HISTOGRAMS: &[HistogramKind] =
    &[HistogramKind::Wait, HistogramKind::WhisperLatency];

/// The histogram kinds kept for a scope.
pub fn tracked_histograms(scope: &Scope) -> &'static [HistogramKind] {
    match scope {
        Scope::Method(_) | Scope::Channel(_) => BY_METHOD_HISTOGRAMS,
        _ => &HistogramKind::ALL,
    }
}

/// The outcomes counted per scope, in report order.
pub const OUTCOMES: [Outcome; 9] = [
    Outcome::Handled,
    Outcome::Abandoned,
    Outcome::SelfServed,
    Outcome::TurnedAway,
    Outcome::Blocked,
    Outcome::CallbackRequested,
    Outcome::QueueTransferred,
    Outcome::TransferredOut,
    Outcome::Unanswered,
];

/// Agent time of one group.
#[derive(Debug, Clone, Default)]
pub struct GroupStats {
    /// Available, ms, in the window.
    pub available_ms: u64,
    /// On contact, ms, in the window.
    pub on_contact_ms: u64,
    /// In the Missed state, ms, in the window.
    pub missed_ms: u64,
    /// Per interval: (available, on contact) ms.
    pub by_interval: Vec<(u64, u64)>,
    /// Per interval, slot·ms in use (contacts held × time), for a group
    /// whose agents can hold several contacts at once; `None` otherwise
    /// (the same as the on-contact time).
    pub slots_by_interval: Option<Vec<u64>>,
    /// Contacts handled by the group (initiated in the window).
    pub handled: u64,
    /// Per channel: (slot·ms used, slot·ms available) in the window.
    pub slots: [(u128, u128); Channel::COUNT],
}

/// One replication's statistics; the center reports into it.
#[derive(Debug, Clone)]
pub struct Recorder {
    cfg: std::sync::Arc<StatsConfig>,
    /// Per queue, by id.
    pub queues: Vec<ScopeStats>,
    /// All queues together (and contacts that never reached one).
    pub total: ScopeStats,
    /// Per initiation method, in `StatsConfig::methods` order.
    pub methods: Vec<ScopeStats>,
    /// Per channel, in `StatsConfig::channels` order.
    pub channels: Vec<ScopeStats>,
    /// Per agent group, by id.
    pub groups: Vec<GroupStats>,
    /// Agent-hours per group and interval.
    pub agent_hours: HoursTally,
    /// EMAIL contacts against their queues' email thresholds.
    pub email: EmailLevels,
    /// Customers of sources with redials.
    pub customers: CustomerTally,
    /// Tasks that paused.
    pub pauses: super::pause::PauseTally,
    /// Per outbound campaign, by index.
    pub campaigns: Vec<CampaignStats>,
    /// Set if the replication stopped early because time stood still.
    stalled: Option<Stall>,
    /// Contacts answered per queue and routing criteria step.
    pub routing_steps: super::criteria::StepTally,
    /// External parties added to conversations.
    pub external: super::external::ExternalTally,
    /// Per supervisor group, by index.
    pub supervisors: super::supervisors::SupervisorTallies,
    /// The interval of the last time looked up (see [`IntervalCursor`]).
    cursor: IntervalCursor,
}

impl Recorder {
    /// An empty recorder.
    pub fn new(cfg: std::sync::Arc<StatsConfig>) -> Self {
        Self::with_spare_histograms(cfg, &mut Vec::new())
    }

    /// An empty recorder for the next replication of the same
    /// configuration, reusing this one's histograms (emptied: only the
    /// buckets used are zeroed). A histogram that recorded holds up to
    /// 170 kB of counters: a sweep of short replications otherwise spends
    /// much of its time having fresh ones faulted in by the kernel, on every
    /// worker thread at once.
    ///
    /// Each histogram goes back to the same scope and kind: the spares are
    /// listed in the order [`Recorder::with_spare_histograms`] takes them
    /// (queues, total, methods, channels), reversed for its `pop`. A
    /// histogram's counters grow only as far as its values reach (see
    /// `DurationHistogram::grow`); handed round to other kinds, every
    /// array would in time be written through the longest handle times,
    /// some 40 pages each for the kernel to fault in.
    pub fn recycle(self) -> Self {
        let mut spare: Vec<DurationHistogram> = self
            .queues
            .into_iter()
            .chain(std::iter::once(self.total))
            .chain(self.methods)
            .chain(self.channels)
            .flat_map(|s| s.histograms.into_iter().flatten())
            .collect();
        spare.reverse();
        Self::with_spare_histograms(self.cfg, &mut spare)
    }

    /// An empty recorder, its histograms taken from `spare` while it has
    /// any.
    fn with_spare_histograms(
        cfg: std::sync::Arc<StatsConfig>,
        spare: &mut Vec<DurationHistogram>,
    ) -> Self {
        Recorder {
            routing_steps: super::criteria::StepTally::new(
                cfg.queue_names.len(),
                &cfg.criteria_steps,
            ),
            queues: cfg
                .queue_thresholds
                .iter()
                .map(|t| ScopeStats::new(t.len(), cfg.intervals, &HistogramKind::ALL, spare))
                .collect(),
            total: ScopeStats::new(
                cfg.all_thresholds.len(),
                cfg.intervals,
                &HistogramKind::ALL,
                spare,
            ),
            methods: cfg
                .methods
                .iter()
                .map(|_| {
                    ScopeStats::new(
                        cfg.all_thresholds.len(),
                        cfg.intervals,
                        BY_METHOD_HISTOGRAMS,
                        spare,
                    )
                })
                .collect(),
            channels: cfg
                .channels
                .iter()
                .map(|_| {
                    ScopeStats::new(
                        cfg.all_thresholds.len(),
                        cfg.intervals,
                        BY_METHOD_HISTOGRAMS,
                        spare,
                    )
                })
                .collect(),
            groups: (0..cfg.group_names.len())
                .map(|g| GroupStats {
                    by_interval: vec![(0, 0); cfg.intervals],
                    slots_by_interval: cfg
                        .multi_slot
                        .get(g)
                        .copied()
                        .unwrap_or(false)
                        .then(|| vec![0; cfg.intervals]),
                    ..Default::default()
                })
                .collect(),
            campaigns: vec![CampaignStats::default(); cfg.campaign_names.len()],
            agent_hours: HoursTally::new(
                cfg.group_names.len(),
                cfg.intervals,
                cfg.interval_ms,
                cfg.warmup_ms,
                cfg.horizon_ms,
            ),
            email: EmailLevels::new(&cfg.email_thresholds, cfg.intervals),
            customers: CustomerTally::default(),
            external: Default::default(),
            supervisors: super::supervisors::SupervisorTallies(vec![
                Default::default();
                cfg.supervisors.names.len()
            ]),
            pauses: super::pause::PauseTally::default(),
            cfg,
            stalled: None,
            cursor: IntervalCursor::NONE,
        }
    }

    /// Notes that the replication stopped early because virtual time
    /// stood still (its counts are incomplete).
    pub fn note_stall(&mut self, stall: Option<Stall>) {
        self.stalled = self.stalled.or(stall);
    }

    /// Whether, and where, the replication stopped early.
    pub fn stalled(&self) -> Option<Stall> {
        self.stalled
    }

    /// The configuration.
    pub fn config(&self) -> &StatsConfig {
        &self.cfg
    }

    /// The statistics of method `m` (index into `StatsConfig::methods`):
    /// the total when the scenario has a single method, which is then the
    /// same set of contacts.
    pub fn method_stats(&self, m: usize) -> &ScopeStats {
        if self.cfg.methods.len() == 1 {
            &self.total
        } else {
            &self.methods[m]
        }
    }

    /// Adds one to a count in every contact scope that `contact` records
    /// `r` in: its queue, the total, its method and its channel (a
    /// supervisor's contact: its method only).
    fn count_in_scopes(&mut self, r: &ContactRecord, count: fn(&mut ScopeStats) -> &mut u64) {
        let cfg = &*self.cfg;
        let method = cfg.methods.iter().position(|m| *m == r.method);
        if r.method == InitiationMethod::Monitor {
            if let Some(m) = method {
                *count(&mut self.methods[m]) += 1;
            }
            return;
        }
        if let Some(q) = r.queue {
            *count(&mut self.queues[q.index()]) += 1;
        }
        *count(&mut self.total) += 1;
        // With one method (or channel) its scope is the total.
        if let (true, Some(m)) = (cfg.methods.len() > 1, method) {
            *count(&mut self.methods[m]) += 1;
        }
        let channel = cfg.channels.iter().position(|c| *c == r.channel);
        if let (true, Some(c)) = (cfg.channels.len() > 1, channel) {
            *count(&mut self.channels[c]) += 1;
        }
    }

    /// The statistics of channel `c`, as [`Recorder::method_stats`].
    pub fn channel_stats(&self, c: usize) -> &ScopeStats {
        if self.cfg.channels.len() == 1 {
            &self.total
        } else {
            &self.channels[c]
        }
    }

    /// Adds every queue's histograms (and values out of their range) into
    /// the total's, which until then hold only the contacts that never
    /// reached a queue. Called once, when the replication ends; the sum is
    /// exact, so the total's distributions are those of recording every
    /// contact there directly.
    fn fold_queue_histograms(&mut self) {
        for q in &self.queues {
            for (total, queue) in self.total.histograms.iter_mut().zip(&q.histograms) {
                if let (Some(t), Some(h)) = (total.as_mut(), queue.as_ref()) {
                    t.add(h);
                }
            }
            self.total.out_of_range += q.out_of_range;
        }
    }

    /// Sums each queue's length area from its intervals', then adds every
    /// queue's areas and time in queue into the total's, which
    /// `queue_level` and `queue_spell` leave alone (every
    /// contact in a queue is in the total). Called once, when the
    /// replication ends; integer sums, so exact.
    fn fold_queue_areas(&mut self) {
        for q in &mut self.queues {
            // `queue_level` adds the areas per interval only; the intervals
            // split the window, so their sum is the window's area, exactly.
            q.queue_area = q.queue_area_by_interval.iter().sum();
            self.total.queue_area += q.queue_area;
            self.total.queue_time_in_window += q.queue_time_in_window;
            for (t, a) in self
                .total
                .queue_area_by_interval
                .iter_mut()
                .zip(&q.queue_area_by_interval)
            {
                *t += a;
            }
        }
    }

    /// Adds every queue's counts and sums into the total's, which until
    /// then hold only the contacts that never reached a queue. Called once,
    /// when the replication ends and each scope's intervals are summed.
    /// Exact (integer sums, and a maximum), and the queues count at the
    /// total's thresholds ([`TotalFold::Everything`]).
    fn fold_queue_counts(&mut self) {
        for q in &self.queues {
            self.total.add_counts(q);
        }
    }

    fn in_window(&self, t: SimTime) -> bool {
        t.as_millis() >= self.cfg.warmup_ms
    }

    fn interval_of(&mut self, t: SimTime) -> usize {
        self.cursor.interval_of(&self.cfg, t.as_millis())
    }

    fn contact(&mut self, r: &ContactRecord) {
        // A chain's contacts (transfers, callbacks, moves, follow-ups)
        // count where its customer first arrived.
        self.customers.record(r, self.cfg.warmup_ms);
        self.pauses.record(r, self.cfg.warmup_ms);
        let counted = self.in_window(r.chain_initiated);
        let window = (self.cfg.warmup_ms, self.cfg.horizon_ms);
        self.supervisors
            .record(&self.cfg.supervisors, r, counted, window);
        if !counted {
            return;
        }
        let i = self.interval_of(r.chain_initiated);
        let cfg = &*self.cfg;
        // Asked by every scope below: worked out once here.
        let answered = answered(r);
        if r.method == InitiationMethod::Monitor {
            return self.monitor_contact(r, answered, i);
        }
        self.external.record(r);
        if let Some(q) = r.queue {
            self.queues[q.index()].record(
                r,
                answered,
                &cfg.queue_thresholds[q.index()],
                i,
                Histograms::Record,
            );
        }
        // Every contact in a queue scope is in the total with the same
        // durations: on long replications its histograms (and, when the
        // thresholds agree, its counts) are added from the queues' at the
        // end (half the recording work of a run). Contacts that never
        // reached a queue go into the total's own.
        match (r.queue, cfg.fold_total) {
            (None, _) | (Some(_), TotalFold::Nothing) => {
                self.total
                    .record(r, answered, &cfg.all_thresholds, i, Histograms::Record);
            }
            (Some(_), TotalFold::Histograms) => {
                self.total
                    .record(r, answered, &cfg.all_thresholds, i, Histograms::Later);
            }
            (Some(_), TotalFold::Everything) => {}
        }
        self.email.record(r, answered, &cfg.email_thresholds, i);
        if answered {
            self.routing_steps.record_answered(r);
        }
        // With one method (or channel) its scope is the total: not recorded
        // twice (see `Recorder::method_stats`).
        if cfg.methods.len() > 1 {
            if let Some(m) = cfg.methods.iter().position(|m| *m == r.method) {
                self.methods[m].record(r, answered, &cfg.all_thresholds, i, Histograms::Record);
            }
        }
        if cfg.channels.len() > 1 {
            if let Some(c) = cfg.channels.iter().position(|c| *c == r.channel) {
                self.channels[c].record(r, answered, &cfg.all_thresholds, i, Histograms::Record);
            }
        }
        if let Some(leg) = r.campaign {
            self.campaigns[usize::from(leg.campaign)].record(r, leg.amd);
        }
        if let (Outcome::Handled | Outcome::TransferredOut, Some((_, g)), Some(_), false) = (
            r.outcome,
            r.agent,
            r.connected,
            // The agent handled the conversation it was dialled from.
            r.method == InitiationMethod::ExternalOutbound,
        ) {
            self.groups[g.index()].handled += 1;
        }
    }
}

impl Recorder {
    /// A supervisor's contact (`answered` and interval `i` as
    /// [`Recorder::contact`] worked them out): its own method scope only,
    /// never the center's contacts or an agent group's. Out of line: few
    /// contacts are.
    #[cold]
    #[inline(never)]
    fn monitor_contact(&mut self, r: &ContactRecord, answered: bool, i: usize) {
        let cfg = &*self.cfg;
        if let Some(m) = cfg.methods.iter().position(|m| *m == r.method) {
            self.methods[m].record(r, answered, &cfg.all_thresholds, i, Histograms::Record);
        }
    }
}

impl Observer for Recorder {
    fn finished(&mut self) {
        for s in std::iter::once(&mut self.total)
            .chain(&mut self.queues)
            .chain(&mut self.methods)
            .chain(&mut self.channels)
        {
            s.sum_intervals();
            s.settle_histograms();
        }
        self.fold_queue_areas();
        match self.cfg.fold_total {
            TotalFold::Nothing => {}
            TotalFold::Histograms => self.fold_queue_histograms(),
            TotalFold::Everything => {
                self.fold_queue_histograms();
                self.fold_queue_counts();
            }
        }
    }

    fn contact_ended(&mut self, r: &ContactRecord) {
        self.contact(r);
    }

    fn in_progress_at_horizon(&mut self, r: &ContactRecord) {
        if self.in_window(r.chain_initiated) {
            self.count_in_scopes(r, |s| &mut s.in_progress_at_horizon);
        }
    }

    fn contact_unfinished(&mut self, r: &ContactRecord) {
        let in_window = self.in_window(r.chain_initiated);
        self.contact(r);
        if in_window {
            self.count_in_scopes(r, |s| &mut s.unfinished);
        }
    }

    fn agent_time(&mut self, group: GroupId, activity: AgentActivity, from: SimTime, to: SimTime) {
        let (from, to) = (
            from.as_millis().max(self.cfg.warmup_ms),
            to.as_millis().min(self.cfg.horizon_ms),
        );
        if from >= to {
            return;
        }
        let g = &mut self.groups[group.index()];
        match activity {
            AgentActivity::Available => g.available_ms += to - from,
            AgentActivity::OnContact => g.on_contact_ms += to - from,
            AgentActivity::Missed => {
                g.missed_ms += to - from;
                return;
            }
        }
        split_by_interval(&self.cfg, from, to, |i, ms| match activity {
            AgentActivity::Available => g.by_interval[i].0 += ms,
            _ => g.by_interval[i].1 += ms,
        });
    }

    fn agent_slots(
        &mut self,
        group: GroupId,
        channel: Channel,
        used: u32,
        capacity: u32,
        from: SimTime,
        to: SimTime,
    ) {
        let dt = u128::from(self.cfg.window_overlap(from.as_millis(), to.as_millis()));
        let g = &mut self.groups[group.index()];
        let s = &mut g.slots[channel.index()];
        s.0 += u128::from(used) * dt;
        s.1 += u128::from(capacity) * dt;
        if used > 0 && dt > 0 && g.slots_by_interval.is_some() {
            self.held_by_interval(group, used, from, to);
        }
    }

    fn agent_hours(
        &mut self,
        _agent: u32,
        group: GroupId,
        hours: AgentHours,
        from: SimTime,
        to: SimTime,
    ) {
        let column = HoursColumn::Spent(hours);
        self.agent_hours.add(group, column, 1, from, to);
    }

    fn agent_scheduled(
        &mut self,
        group: GroupId,
        scheduled: u32,
        present: u32,
        from: SimTime,
        to: SimTime,
    ) {
        let t = &mut self.agent_hours;
        t.add(group, HoursColumn::Scheduled, scheduled, from, to);
        t.add(group, HoursColumn::Present, present, from, to);
    }

    fn queue_spell(&mut self, queue: QueueId, from: SimTime, to: SimTime) {
        // Little's law's other side: every contact's time in queue within
        // the window, stretch by stretch (a retried callback leaves the
        // queue between attempts).
        let t = u128::from(self.cfg.window_overlap(from.as_millis(), to.as_millis()));
        // The total's is the queues' sum, added when the replication ends
        // (`Recorder::fold_queue_areas`).
        self.queues[queue.index()].queue_time_in_window += t;
    }

    fn queue_level(&mut self, queue: QueueId, contacts: u32, from: SimTime, to: SimTime) {
        if contacts == 0 {
            return;
        }
        // Per interval only: the queue's whole-window area is these parts'
        // sum, added up once when the replication ends
        // (`Recorder::fold_queue_areas`), and so is the total's.
        let (from, to) = (
            from.as_millis().max(self.cfg.warmup_ms),
            to.as_millis().min(self.cfg.horizon_ms),
        );
        let by_interval = &mut self.queues[queue.index()].queue_area_by_interval;
        split_by_interval(&self.cfg, from, to, |i, ms| {
            by_interval[i] += u128::from(contacts) * u128::from(ms);
        });
    }
}
