//! Customers apart from contacts, for sources with redials: a customer who
//! abandons and calls again makes several contacts. One replication's
//! tally of the customers who first called in the measured window — how
//! many there were, how many were served, how many gave up for good, and
//! how many calls they made. Served + lost = customers, but for customers
//! still in the center when the run stopped (or whose call went
//! unanswered).

use crate::center::record::RedialTry;
use crate::center::spec::InitiationMethod;
use crate::center::{ContactRecord, Outcome};

/// Customers of sources with redials, by when they first called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerTally {
    /// Customers whose first call was initiated in the window.
    pub customers: u64,
    /// Of them, served on one of their calls: answered by an agent
    /// (handled, or transferred on), served by the inbound flow alone, or
    /// taking a callback.
    pub served: u64,
    /// Of them, whose last call gave up (abandoned, turned away, blocked)
    /// with no redial after it.
    pub lost: u64,
    /// Their calls: first calls and redials.
    pub calls: u64,
    /// Their redials (calls after the first).
    pub redials: u64,
}

impl CustomerTally {
    /// Counts a contact that ended, if it is a call of a customer with
    /// redials who first called at or after `warmup_ms`.
    ///
    /// Inline only the test for a redial: the recorder asks for every
    /// contact, and most sources have no redials.
    #[inline]
    pub fn record(&mut self, r: &ContactRecord, warmup_ms: u64) {
        if let Some(t) = r.redial {
            self.record_call(r, t, warmup_ms);
        }
    }

    /// [`CustomerTally::record`] for a call of a customer with redials.
    #[inline(never)]
    fn record_call(&mut self, r: &ContactRecord, t: RedialTry, warmup_ms: u64) {
        if t.first_initiated.as_millis() < warmup_ms {
            return;
        }
        // A call is a contact of the customer's own (not a transfer leg or
        // a callback); a call that a flow moved to another queue goes on as
        // its QUEUE_TRANSFER contact, which decides how the call ended.
        let own = matches!(
            r.method,
            InitiationMethod::Inbound
                | InitiationMethod::WebrtcApi
                | InitiationMethod::QueueTransfer
        );
        if !own {
            return;
        }
        if r.previous_id.is_none() {
            self.calls += 1;
            if t.tries == 0 {
                self.customers += 1;
            } else {
                self.redials += 1;
            }
        }
        match r.outcome {
            Outcome::Handled
            | Outcome::TransferredOut
            | Outcome::SelfServed
            | Outcome::CallbackRequested => self.served += 1,
            Outcome::Abandoned | Outcome::TurnedAway | Outcome::Blocked if !t.again => {
                self.lost += 1
            }
            _ => {}
        }
    }
}
