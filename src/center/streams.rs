//! Random stream ids of the contact-center model: one stream per purpose and
//! per source / group / flow, so drawing for one never shifts another.
//!
//! Customer attributes (patience, talk, holds, branches) come from the
//! source's streams in arrival order, one fixed set of draws per contact —
//! changing the staffing cannot change what any customer would do (common
//! random numbers).

/// Purposes of random streams; the stream id is `purpose << 32 | index`.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    /// A source's inter-arrival draws.
    Arrivals = 1,
    /// A source's customers' patience.
    Patience = 2,
    /// A source's customers' talk time.
    Talk = 3,
    /// A source's customers' hold count and durations.
    Holds = 4,
    /// A source's self-service branch decision.
    SelfService = 5,
    /// A source's queue branch decision.
    QueueChoice = 6,
    /// A flow's durations.
    FlowDuration = 10,
    /// A group's auto-accept connection times.
    AutoAccept = 20,
    /// A group's answer delays.
    AnswerDelay = 21,
    /// A group's miss decisions.
    Miss = 22,
    /// A group's Missed-state recovery times.
    MissedRecovery = 23,
    /// A group's after-contact work.
    AfterContactWork = 24,
}

/// The stream id for `purpose` of the source / group / flow `index`.
pub fn stream_id(purpose: Purpose, index: usize) -> u64 {
    ((purpose as u64) << 32) | index as u64
}
