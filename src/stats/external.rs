//! External parties agents added to conversations (EXTERNAL_OUTBOUND):
//! one replication's tally of the dials, how many were answered or failed
//! for lack of a voice line, and the handle time they added to the
//! conversations they were dialled from. Reported for the whole center,
//! only when some queue has `external`.

use crate::center::spec::InitiationMethod;
use crate::center::{ContactRecord, Outcome};

use super::metrics::Metric;

/// EXTERNAL_OUTBOUND contacts of chains initiated in the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExternalTally {
    /// External dials (EXTERNAL_OUTBOUND contacts).
    pub dials: u64,
    /// Of them, answered by the external party.
    pub answered: u64,
    /// Of them, failed at once: no voice line was free.
    pub blocked: u64,
    /// Handle time they added to their conversations (ring + talk),
    /// milliseconds, over the dials that ended.
    pub added_ms: u64,
    /// Dials that ended (so their added time is known).
    pub ended: u64,
}

impl ExternalTally {
    /// Counts `r` if it is an EXTERNAL_OUTBOUND contact.
    /// Inline only the test of the method: the recorder asks for every
    /// contact.
    #[inline]
    pub fn record(&mut self, r: &ContactRecord) {
        if r.method == InitiationMethod::ExternalOutbound {
            self.record_dial(r);
        }
    }

    /// [`ExternalTally::record`] for an EXTERNAL_OUTBOUND contact.
    #[inline(never)]
    fn record_dial(&mut self, r: &ContactRecord) {
        self.dials += 1;
        match r.outcome {
            Outcome::Handled => self.answered += 1,
            Outcome::Blocked => self.blocked += 1,
            _ => {}
        }
        if let Some(end) = r.disconnected {
            // The agent's conversation waited from the dial to this end.
            self.added_ms += (end - r.initiated).as_millis();
            self.ended += 1;
        }
    }

    /// The tally's metrics (for the total scope, whole window).
    pub fn metrics(&self) -> Vec<(Metric, Option<f64>)> {
        let mut out = Vec::new();
        let mut m = |metric: Metric, v: Option<f64>| out.push((metric, v));
        m(Metric::ExternalDials, Some(self.dials as f64));
        m(Metric::ExternalAnswered, Some(self.answered as f64));
        m(Metric::ExternalDialsBlocked, Some(self.blocked as f64));
        m(
            Metric::ExternalAddedHandleSeconds,
            (self.ended > 0).then(|| self.added_ms as f64 / 1000.0 / self.ended as f64),
        );
        out
    }
}
