//! The accept lag split between the agent whisper and each group's answer
//! delay.
//!
//! An agent free when a call waits for it dequeues it a lag later: the
//! agent whisper (one flow, heard by every group's agents) plus the group's
//! answer delay (under a second where it auto-accepts, seconds where its
//! agents accept by hand). The records give the lag per routing profile
//! ([`AgentWork::voice_lag_by_profile`]), not its two parts. Written as one
//! whisper for all, every group answered at the center's mean lag: a probe's
//! center whose auto-accepting experts took agent transfers 2.5 s after they
//! freed, beside a hand-accepting front desk at 4.5 s, backtested its
//! experts' queue a second slower than the records throughout.
//!
//! So the shortest profile lag is written as the default agent whisper
//! (every group hears it), and each profile slower by more than
//! [`MIN_DELAY_S`] gets the difference as a manual voice `answer_delay`. A
//! profile seen too seldom to tell (fewer than [`MIN_LAG_GAPS`] gaps) takes
//! the center's voice lag; one never seen taking a waiting call takes the
//! whisper alone. Callbacks keep the whisper alone: a group accepts them
//! by a setting of its own, and the calibration auto-accepts them.
//!
//! Auto-accepting agents never miss an offer, so a profile whose agents
//! missed voice offers (at least [`HAND_MISS_SHARE`] of them, and
//! [`HAND_MISSES`]) answers calls by hand even where its lag is the
//! whisper's — one team alone, or the fastest: its answer delay is its lag
//! beyond the whisper, 0 s or more (the records do not split a lag into
//! the two), and its misses are written. Written auto-accepting, a probe's
//! single desk answering by hand with 5 % misses lost them all: each a
//! 20 s ring the caller waits through and the agent's Missed state.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::agent_work::{AcceptLag, AgentWork};
use super::missed::OfferMisses;

/// The share of a profile's voice offers missed from which its agents
/// answer calls by hand whatever its lag: the share a warning names.
pub const HAND_MISS_SHARE: f64 = super::missed::NAMED_SHARE;

/// The voice offers missed, at least, before they say the agents answer
/// by hand (a few rejections say little).
pub const HAND_MISSES: u64 = 10;

pub use super::agent_work::MIN_LAG_GAPS;

/// A profile's lag beyond the whisper, seconds, below which no answer
/// delay is written: the lags are means of whole-second gaps, and nearer
/// than this is within their noise.
pub const MIN_DELAY_S: f64 = 0.2;

/// Connect misses an offer not answered within 20 s: a longer difference
/// is not an answer delay (an agent away between two calls), and none is
/// written.
pub const MAX_DELAY_S: f64 = 20.0;

/// Where the accept lag goes in the scenario.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AcceptPlan {
    /// Written as Connect's default agent whisper.
    pub whisper: Option<AcceptLag>,
    /// Whose lag the whisper is: a routing profile, or `None` for the
    /// center's (no profile had enough gaps of its own).
    pub whisper_from: Option<String>,
    /// Per routing profile whose agents took waiting calls later than the
    /// whisper explains, or missed voice offers (see
    /// [`AnswerDelay::from_misses`]): its manual voice answer delay.
    pub answer_delays: BTreeMap<String, AnswerDelay>,
    /// Per routing profile, the channels (CHAT, TASK, EMAIL) its agents
    /// took waiting contacts of at least [`MIN_DELAY_S`] after they freed:
    /// their answer delay, the lag whole (no default whisper plays on
    /// those channels). Only from a profile's own gaps, at least
    /// [`MIN_LAG_GAPS`] of them: an auto-accepting channel's lag is about
    /// nothing, so no other group's tells it.
    pub channel_delays: BTreeMap<String, BTreeMap<&'static str, AnswerDelay>>,
}

/// The offers a group answers by hand, those missed, and the miss
/// probability written for them ([`OfferMisses::probability`] of each
/// channel at its answer delay, weighted by its offers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrittenMisses {
    /// Offers recorded.
    pub offers: u64,
    /// Of those, missed.
    pub missed: u64,
    /// The miss probability per offer written.
    pub probability: f64,
}

/// One profile's answer delay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnswerDelay {
    /// The lag it was read from (the profile's own, or the center's when
    /// the profile had too few gaps).
    pub lag: AcceptLag,
    /// Whether `lag` is the profile's own.
    pub own: bool,
    /// The delay: the lag less the whisper, seconds.
    pub seconds: f64,
    /// Whether it is written because the profile's agents missed offers
    /// (auto-accepting never does), its lag no slower than the whisper's
    /// by [`MIN_DELAY_S`]: the delay is then what there is beyond the
    /// whisper, perhaps nothing, and not written spread.
    pub from_misses: bool,
}

/// The whisper and the answer delays the lags in `work` and the voice
/// offers missed per profile (`voice_misses`) call for.
pub fn plan(work: &AgentWork, voice_misses: &BTreeMap<String, OfferMisses>) -> AcceptPlan {
    let mut plan = plan_from_lags(work);
    plan.add_missing_hands(work, voice_misses);
    plan
}

/// The whisper and the answer delays the lags in `work` call for.
fn plan_from_lags(work: &AgentWork) -> AcceptPlan {
    let known = |l: &AcceptLag| l.gaps >= MIN_LAG_GAPS;
    let channel_delays = work
        .lag_by_profile_channel
        .iter()
        .map(|(p, lags)| {
            let delays: BTreeMap<&'static str, AnswerDelay> = lags
                .iter()
                .filter(|(_, l)| known(l) && (MIN_DELAY_S..MAX_DELAY_S).contains(&l.seconds))
                .map(|(ch, l)| {
                    let d = AnswerDelay {
                        lag: *l,
                        own: true,
                        seconds: l.seconds,
                        from_misses: false,
                    };
                    (*ch, d)
                })
                .collect();
            (p.clone(), delays)
        })
        .filter(|(_, d)| !d.is_empty())
        .collect();
    let fastest = work
        .voice_lag_by_profile
        .iter()
        .filter(|(_, l)| known(l))
        .min_by(|a, b| a.1.seconds.total_cmp(&b.1.seconds));
    let Some((from, whisper)) = fastest else {
        // No profile alone tells: one whisper for all, as the center's
        // voice calls (or, with none, all its contacts) show it.
        let whisper = work
            .voice_lag
            .filter(known)
            .or(work.overall_lag.filter(known));
        return AcceptPlan {
            whisper,
            channel_delays,
            ..AcceptPlan::default()
        };
    };
    let center = work.voice_lag.filter(known);
    let answer_delays = work
        .voice_lag_by_profile
        .iter()
        .filter_map(|(p, l)| {
            let (lag, own) = if known(l) {
                (*l, true)
            } else {
                (center?, false)
            };
            let seconds = lag.seconds - whisper.seconds;
            ((MIN_DELAY_S..MAX_DELAY_S).contains(&seconds)).then(|| {
                let d = AnswerDelay {
                    lag,
                    own,
                    seconds,
                    from_misses: false,
                };
                (p.clone(), d)
            })
        })
        .collect();
    AcceptPlan {
        whisper: Some(*whisper),
        whisper_from: Some(from.clone()),
        answer_delays,
        channel_delays,
    }
}

impl AcceptPlan {
    /// Gives each profile that missed voice offers ([`HAND_MISS_SHARE`],
    /// [`HAND_MISSES`]) but has no answer delay one: its lag (its own
    /// where known, else the center's, else the whisper's) beyond the
    /// whisper — 0 s where that is below 0, or [`MAX_DELAY_S`] or more
    /// (an agent away between two calls, no answer).
    fn add_missing_hands(
        &mut self,
        work: &AgentWork,
        voice_misses: &BTreeMap<String, OfferMisses>,
    ) {
        let Some(whisper) = self.whisper else {
            return;
        };
        let known = |l: &&AcceptLag| l.gaps >= MIN_LAG_GAPS;
        for (p, m) in voice_misses {
            let by_hand = m.missed >= HAND_MISSES && m.share() >= HAND_MISS_SHARE;
            if !by_hand || self.answer_delays.contains_key(p) {
                continue;
            }
            let own = work.voice_lag_by_profile.get(p).filter(known);
            let lag = own
                .or(work.voice_lag.as_ref().filter(known))
                .copied()
                .unwrap_or(whisper);
            let beyond = lag.seconds - whisper.seconds;
            let d = AnswerDelay {
                lag,
                own: own.is_some(),
                seconds: if (0.0..MAX_DELAY_S).contains(&beyond) {
                    beyond
                } else {
                    0.0
                },
                from_misses: true,
            };
            self.answer_delays.insert(p.clone(), d);
        }
    }

    /// The misses written as `profile`'s `miss_probability`: the offers
    /// and misses of the channels it is written to answer by hand (voice,
    /// from `voice`; chats, tasks, emails, from `channels`) together, as
    /// the group's one miss probability applies to every offer it answers
    /// by hand; auto-accepting never misses. Only when its agents missed
    /// any.
    pub fn misses_written(
        &self,
        voice: &BTreeMap<String, OfferMisses>,
        channels: &BTreeMap<String, BTreeMap<&'static str, OfferMisses>>,
        profile: &str,
    ) -> Option<WrittenMisses> {
        // Each channel answered by hand, with how long its answer rings.
        let by_voice = voice
            .get(profile)
            .zip(self.answer_delays.get(profile))
            .map(|(m, d)| (m, d.seconds));
        let by_channel = self
            .channel_delays
            .get(profile)
            .into_iter()
            .flatten()
            .filter_map(|(ch, d)| Some((channels.get(profile)?.get(ch)?, d.seconds)));
        let (mut offers, mut missed, mut expected) = (0, 0, 0.0);
        for (m, ring_s) in by_voice.into_iter().chain(by_channel) {
            offers += m.offers;
            missed += m.missed;
            expected += m.offers as f64 * m.probability(ring_s);
        }
        (missed > 0).then(|| WrittenMisses {
            offers,
            missed,
            probability: expected / offers as f64,
        })
    }

    /// `calibration.json`'s `accept_lag`: the whisper, whose lag it is,
    /// and each profile's lag, answer delay and (where it answers by hand)
    /// voice offers missed; and each profile's lag and answer delay per
    /// chat, task and email channel.
    pub fn json(
        &self,
        work_lags: &BTreeMap<String, AcceptLag>,
        channel_lags: &BTreeMap<String, BTreeMap<&'static str, AcceptLag>>,
        misses: &BTreeMap<String, OfferMisses>,
        channel_misses: &BTreeMap<String, BTreeMap<&'static str, OfferMisses>>,
    ) -> Value {
        let written = |p: &str| self.misses_written(misses, channel_misses, p);
        json!({
            "agent_whisper_s": self.whisper.map(|l| l.seconds),
            "agent_whisper_gaps": self.whisper.map(|l| l.gaps),
            "agent_whisper_from_profile": self.whisper_from,
            "voice_lag_by_profile": work_lags.iter().map(|(p, l)| (p.clone(), json!({
                "lag_s": l.seconds,
                "gaps": l.gaps,
                "answer_delay_s": self.answer_delays.get(p).map(|d| d.seconds),
                "answer_delay_from": self.answer_delays.get(p).map(|d| if d.own { "profile" } else { "center" }),
                "answered_by_hand_for_misses": self.answer_delays.get(p).is_some_and(|d| d.from_misses),
                "voice_offers": misses.get(p).map(|m| m.offers),
                "voice_offers_missed": misses.get(p).map(|m| m.missed),
                "miss_probability": written(p).map(|m| m.probability),
            }))).collect::<serde_json::Map<_, _>>(),
            "channel_lag_by_profile": channel_lags.iter().map(|(p, lags)| (p.clone(), lags.iter().map(|(ch, l)| (ch.to_string(), json!({
                "lag_s": l.seconds,
                "gaps": l.gaps,
                "read_from": if l.arrivals { "arrivals to a free agent" } else { "freed slots" },
                "answer_delay_s": self.channel_delays.get(p).and_then(|d| d.get(ch)).map(|d| d.seconds),
                "offers": channel_misses.get(p).and_then(|m| m.get(ch)).map(|m| m.offers),
                "offers_missed": channel_misses.get(p).and_then(|m| m.get(ch)).map(|m| m.missed),
            }))).collect::<serde_json::Map<_, _>>().into())).collect::<serde_json::Map<_, Value>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lag(seconds: f64, gaps: u64) -> AcceptLag {
        AcceptLag {
            seconds,
            gaps,
            arrivals: false,
            spread_s: 0.0,
        }
    }

    fn work(profiles: &[(&str, f64, u64)], center: Option<AcceptLag>) -> AgentWork {
        AgentWork {
            voice_lag_by_profile: profiles
                .iter()
                .map(|(p, s, g)| (p.to_string(), lag(*s, *g)))
                .collect(),
            voice_lag: center,
            overall_lag: Some(lag(9.0, 500)),
            ..AgentWork::default()
        }
    }

    #[test]
    fn the_fastest_profile_is_the_whisper_and_the_others_answer_later() {
        let w = work(
            &[
                ("experts", 2.5, 300),
                ("front", 4.5, 900),
                ("same", 2.6, 50),
                ("few", 3.0, 5),
                ("away", 40.0, 100),
            ],
            Some(lag(4.0, 1255)),
        );
        let p = plan(&w, &BTreeMap::new());
        assert_eq!(p.whisper, Some(lag(2.5, 300)));
        assert_eq!(p.whisper_from.as_deref(), Some("experts"));
        let front = p.answer_delays["front"];
        assert!((front.seconds - 2.0).abs() < 1e-9 && front.own);
        // Within the noise of the whisper: none.
        assert!(!p.answer_delays.contains_key("same"));
        // Too few of its own: the center's lag.
        let few = p.answer_delays["few"];
        assert!((few.seconds - 1.5).abs() < 1e-9 && !few.own);
        // Beyond the offer timeout: not an answer delay.
        assert!(!p.answer_delays.contains_key("away"));
        assert!(!p.answer_delays.contains_key("experts"));
    }

    #[test]
    fn a_chat_task_or_email_lag_is_an_answer_delay_of_its_own_profile_only() {
        let mut w = work(&[], None);
        w.lag_by_profile_channel = BTreeMap::from([
            (
                "desk".to_string(),
                BTreeMap::from([
                    ("CHAT", lag(5.0, 400)),
                    // Auto-accepted: taken as the agent freed.
                    ("TASK", lag(0.1, 400)),
                    // Too few gaps to tell.
                    ("EMAIL", lag(6.0, 5)),
                ]),
            ),
            // Beyond the offer timeout: an agent away, not a delay.
            (
                "away".to_string(),
                BTreeMap::from([("CHAT", lag(30.0, 99))]),
            ),
        ]);
        let p = plan(&w, &BTreeMap::new());
        let desk = &p.channel_delays["desk"];
        assert_eq!(desk.len(), 1, "{desk:?}");
        let chat = desk["CHAT"];
        assert!(chat.own && (chat.seconds - 5.0).abs() < 1e-12, "{chat:?}");
        assert!(!p.channel_delays.contains_key("away"));
        // No voice profile told a whisper: the channels are read all the same.
        assert!(p.whisper_from.is_none());
    }

    #[test]
    fn without_a_profile_that_tells_one_whisper_is_written() {
        let p = plan(
            &work(&[("a", 3.0, 10)], Some(lag(3.0, 25))),
            &BTreeMap::new(),
        );
        assert_eq!(p.whisper, Some(lag(3.0, 25)));
        assert!(p.answer_delays.is_empty() && p.whisper_from.is_none());
        // No voice lag at all: the lag over every contact, as before.
        let p = plan(&work(&[], None), &BTreeMap::new());
        assert_eq!(p.whisper, Some(lag(9.0, 500)));
        let mut none = work(&[], None);
        none.overall_lag = Some(lag(2.0, 3));
        assert_eq!(plan(&none, &BTreeMap::new()).whisper, None);
    }

    #[test]
    fn a_profile_that_misses_offers_answers_by_hand_even_at_the_whisper_s_lag() {
        let misses = |offers: u64, missed: u64| OfferMisses {
            offers,
            missed,
            hazard_per_s: 0.0,
        };
        // One desk alone: its lag is the whisper; 45 of 1,000 offers missed.
        let w = work(&[("desk", 7.0, 900)], Some(lag(7.0, 900)));
        let p = plan(
            &w,
            &BTreeMap::from([("desk".to_string(), misses(1_000, 45))]),
        );
        assert_eq!(p.whisper.map(|l| l.seconds), Some(7.0));
        let d = p.answer_delays["desk"];
        assert!(d.from_misses && d.own && d.seconds == 0.0, "{d:?}");
        // Too few misses, or too small a share: auto-accepting.
        for m in [misses(1_000, 9), misses(2_000, 19)] {
            let p = plan(&w, &BTreeMap::from([("desk".to_string(), m)]));
            assert!(p.answer_delays.is_empty(), "{m:?}");
        }
        // A slower profile keeps the delay its lag gives; a profile seen
        // too seldom takes the center's lag beyond the whisper.
        let w = work(
            &[("fast", 2.5, 300), ("slow", 4.5, 300), ("rare", 9.0, 3)],
            Some(lag(3.0, 603)),
        );
        let all = BTreeMap::from([
            ("fast".to_string(), misses(500, 20)),
            ("slow".to_string(), misses(500, 20)),
            ("rare".to_string(), misses(500, 20)),
        ]);
        let p = plan(&w, &all);
        assert!(!p.answer_delays["slow"].from_misses);
        assert!((p.answer_delays["slow"].seconds - 2.0).abs() < 1e-12);
        assert!(p.answer_delays["fast"].from_misses && p.answer_delays["fast"].seconds == 0.0);
        let rare = p.answer_delays["rare"];
        assert!(!rare.own && (rare.seconds - 0.5).abs() < 1e-12, "{rare:?}");
    }
}
