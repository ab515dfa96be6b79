//! The dialer's runtime state, one per outbound campaign: its random
//! streams, how much of its contact list it used, the calls in progress,
//! the answered calls waiting for an agent (predictive), and the
//! predictive **pacing rule** ([`Pacing`]).
//!
//! Plain data (built from the spec by [`dialers`]) with no center types,
//! so the center's struct and every room can hold it without an import
//! circle; the lifecycle that changes it is in [`campaign`](super::campaign).
//!
//! # The pacing rule (ccsim's; Connect's algorithm is not public)
//!
//! Whenever something changes what the dialer can do (the window opens, an
//! agent of the campaign's group becomes free, a call ends), the
//! predictive dialer places one more call while
//!
//! ```text
//! calls in progress + 1  ≤  ρ × free agents
//! ```
//!
//! where *calls in progress* are the calls ringing plus the answered calls
//! waiting for an agent, *free agents* are the group's agents available
//! for a voice call now, capped by the bandwidth allocation (at most
//! `round(bandwidth × agents on shift)` agents on the campaign's calls at
//! once, less those already on them), and the **dial ratio**
//!
//! ```text
//! ρ = min(g / q̂, max_dial_ratio)
//! ```
//!
//! with `q̂` the estimated share of dials a person answers — the observed
//! share, shrunk towards the scenario's own `answer_probability × (1 −
//! machine_share)` by a prior worth [`PRIOR_DIALS`] dials — and `g` a gain
//! in `[MIN_GAIN, 1]`: `g = 1` dials so that one person is expected to
//! answer per free agent; `g = q̂` dials one call per free agent, like
//! progressive; a smaller gain dials only when several agents are free, a
//! cushion against blended agents being taken by inbound calls while the
//! campaign's calls ring (the usual cause of abandonment at low ratios).
//! The gain starts at [`START_GAIN`] and adapts each time an answered call
//! is settled (taken by an agent, or abandoned): if the running
//! abandonment rate of the campaign (abandoned ÷ settled) exceeds
//! [`TARGET_SHARE`] of the cap, the gain is multiplied by [`BACK_OFF`];
//! otherwise it grows by [`RECOVERY`] (up to 1). The rule thus aims the
//! realised rate at half the cap, backing off hard as soon as it is
//! above.
//!
//! The rule looks at agents free *now*, not at agents about to free up
//! (their remaining handle time): it dials ahead of the answer rate, not of
//! handle times — simpler, and more cautious about abandonment.

use std::collections::VecDeque;

use crate::engine::{RngStreams, SimDuration, StreamRng};

use super::spec::CenterSpec;
use super::streams::{stream_id, Purpose};

/// Weight of the scenario's answer rate in the estimate of `q̂`, in dials.
pub const PRIOR_DIALS: f64 = 20.0;

/// The pacing gain at the start of the window.
pub const START_GAIN: f64 = 0.3;

/// Share of the cap the rule aims the running abandonment rate at.
pub const TARGET_SHARE: f64 = 0.5;

/// Factor on the gain when the running rate is above the target.
pub const BACK_OFF: f64 = 0.7;

/// Increase of the gain when the running rate is at or below the target.
pub const RECOVERY: f64 = 0.02;

/// The smallest gain (with `q̂ = 0.3` the dialer then dials one call per
/// six free agents; one that may take fewer dials one when all are free:
/// [`Pacing::may_dial`]).
pub const MIN_GAIN: f64 = 0.05;

/// The predictive dialer's pacing (see the module doc).
#[derive(Debug, Clone)]
pub struct Pacing {
    /// The cap on abandoned ÷ answered-by-a-person.
    pub cap: f64,
    /// The most calls in progress per free agent.
    pub max_ratio: f64,
    /// The scenario's share of dials a person answers (the prior).
    pub prior_live: f64,
    /// The gain `g`.
    pub gain: f64,
    /// Dials whose ring ended.
    pub dials_settled: u64,
    /// Of those, answered by a person.
    pub live: u64,
    /// Answered calls settled: taken by an agent or abandoned.
    pub settled: u64,
    /// Of those, abandoned.
    pub abandoned: u64,
}

impl Pacing {
    /// A fresh pacing for a campaign with this cap, ratio bound and prior.
    pub fn new(cap: f64, max_ratio: f64, prior_live: f64) -> Self {
        Pacing {
            cap,
            max_ratio,
            prior_live,
            gain: START_GAIN,
            dials_settled: 0,
            live: 0,
            settled: 0,
            abandoned: 0,
        }
    }

    /// `q̂`: the estimated share of dials a person answers.
    pub fn live_share(&self) -> f64 {
        (self.live as f64 + self.prior_live * PRIOR_DIALS)
            / (self.dials_settled as f64 + PRIOR_DIALS)
    }

    /// The dial ratio `ρ`.
    pub fn ratio(&self) -> f64 {
        let q = self.live_share().max(1e-6);
        (self.gain / q).min(self.max_ratio)
    }

    /// Whether one more call may be dialled with `in_progress` calls
    /// ringing or waiting and `free` agents free, of `room` agents the
    /// campaign may still take (its bandwidth less the agents on its
    /// calls). With nothing in progress and every agent it may take free,
    /// one call is always allowed: waiting for more free agents than the
    /// bandwidth leaves would wait for good, and with no answered call to
    /// settle the gain could never recover (a probe's find: a campaign of
    /// 6 agents stopped dialling within the hour after one early drop).
    pub fn may_dial(&self, in_progress: usize, free: u32, room: u32) -> bool {
        let cushioned = (in_progress + 1) as f64 <= self.ratio() * f64::from(free);
        cushioned || (in_progress == 0 && free >= 1 && free >= room)
    }

    /// A dial's ring ended; `live`: a person answered.
    pub fn dial_settled(&mut self, live: bool) {
        self.dials_settled += 1;
        self.live += u64::from(live);
    }

    /// An answered call was taken by an agent (`abandoned` false) or
    /// abandoned: the gain adapts.
    pub fn answer_settled(&mut self, abandoned: bool) {
        self.settled += 1;
        self.abandoned += u64::from(abandoned);
        let rate = self.abandoned as f64 / self.settled as f64;
        if rate > TARGET_SHARE * self.cap {
            self.gain = (self.gain * BACK_OFF).max(MIN_GAIN);
        } else {
            self.gain = (self.gain + RECOVERY).min(1.0);
        }
    }
}

/// What was drawn for one campaign call when it was dialled (a fixed set
/// of draws per dial, so outcomes never depend on timing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignCall {
    /// The campaign (index into the spec's campaigns).
    pub campaign: u16,
    /// Someone or something answers.
    pub answered: bool,
    /// An answering machine answers (given answered).
    pub machine: bool,
    /// Ringing.
    pub ring: SimDuration,
    /// The message played to a machine (agentless: to a person too).
    pub message: SimDuration,
    /// After-contact work of a call that reached an agent.
    pub acw: SimDuration,
    /// The preview before the dial (preview mode).
    pub preview: SimDuration,
}

/// One campaign's runtime.
pub struct CampaignRuntime {
    /// Each dial's outcome draws.
    pub rng: StreamRng,
    /// (Agentless) the gaps between dial attempts.
    pub clock: StreamRng,
    /// Dials placed (entries of the contact list used).
    pub dials: u64,
    /// Calls ringing now.
    pub ringing: u32,
    /// (Agentless) calls dialled and not yet ended.
    pub live_calls: u32,
    /// Agents holding one of its calls (reserved, previewing, ringing,
    /// talking or in after-contact work).
    pub busy_agents: u32,
    /// (Predictive) answered calls waiting for an agent, oldest first.
    pub waiting: VecDeque<u32>,
    /// (Predictive) the pacing rule.
    pub pacing: Pacing,
}

/// The dialers of `spec`'s campaigns for one replication.
pub fn dialers(spec: &CenterSpec, streams: &RngStreams) -> Vec<CampaignRuntime> {
    spec.campaigns
        .iter()
        .enumerate()
        .map(|(k, c)| CampaignRuntime {
            rng: streams.stream(stream_id(Purpose::CampaignDial, k)),
            clock: streams.stream(stream_id(Purpose::CampaignClock, k)),
            dials: 0,
            ringing: 0,
            live_calls: 0,
            busy_agents: 0,
            waiting: Default::default(),
            pacing: match c.predictive {
                Some(p) => Pacing::new(
                    p.abandonment_cap,
                    p.max_dial_ratio,
                    c.answer_probability * (1.0 - c.machine_share),
                ),
                None => Pacing::new(0.0, 1.0, 1.0),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_starts_at_the_gain_over_the_answer_rate() {
        let p = Pacing::new(0.03, 5.0, 0.25);
        // g = 0.3, q̂ = 0.25 (the prior alone): ρ = 1.2.
        assert!((p.ratio() - 1.2).abs() < 1e-12, "{}", p.ratio());
        // One call per free agent, and a sixth call for five.
        assert!(p.may_dial(0, 1, 10));
        assert!(!p.may_dial(1, 1, 10));
        assert!(p.may_dial(5, 5, 10));
        assert!(!p.may_dial(6, 5, 10));
    }

    #[test]
    fn abandonment_above_the_target_backs_off_to_the_floor() {
        let mut p = Pacing::new(0.03, 5.0, 0.25);
        p.answer_settled(true);
        assert!((p.gain - START_GAIN * BACK_OFF).abs() < 1e-12);
        for _ in 0..100 {
            p.answer_settled(true);
        }
        assert_eq!(p.gain, MIN_GAIN);
        // ρ = 0.05 / 0.25 = 0.2: one call needs five free agents.
        assert!(!p.may_dial(0, 4, 10));
        assert!(p.may_dial(0, 5, 10));
        // But a campaign that may take only 4 agents, all free, with
        // nothing ringing, dials one: else it would wait for good.
        assert!(p.may_dial(0, 4, 4));
        assert!(!p.may_dial(1, 4, 4));
        assert!(!p.may_dial(0, 3, 4));
        // Clean answers under the target let the gain grow.
        let mut p = Pacing::new(0.5, 5.0, 0.25);
        p.answer_settled(false);
        assert!((p.gain - (START_GAIN + RECOVERY)).abs() < 1e-12);
    }

    #[test]
    fn the_ratio_respects_its_bound() {
        let mut p = Pacing::new(0.03, 2.0, 0.01);
        p.gain = 1.0;
        assert_eq!(p.ratio(), 2.0);
    }
}
