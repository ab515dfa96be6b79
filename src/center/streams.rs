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
    /// A source's other customer decisions (callback take-up, staying for
    /// a disconnect flow).
    Behaviour = 7,
    /// A source's API dial (ring time and answer).
    ApiDial = 8,
    /// A source's task scheduling delays.
    TaskSchedule = 9,
    /// A flow's durations.
    FlowDuration = 10,
    /// A source's transfer plans; each contact and transfer depth reads its
    /// own block of this stream, so plans never depend on timing.
    Transfer = 11,
    /// A source's callback attempts (ring time, answer); each contact and
    /// attempt reads its own block.
    CallbackAttempt = 12,
    /// A source's random choices of the agent an agent quick connect names;
    /// each contact and transfer depth reads its own block.
    TransferAgent = 13,
    /// A source's disconnect flows that may queue the contact again: whether
    /// they do, on which branch, and the DISCONNECT contact's patience, talk
    /// and holds; each customer reads its own block (of
    /// [`FOLLOW_UP_BLOCK_WORDS`]), and only when such a flow ends.
    Disconnect = 14,
    /// An email source's replies: whether the agent replies to each email
    /// and the writing time (two draws per email, in arrival order).
    EmailReply = 15,
    /// A flow's emails sent (FLOW): whether it sends one, and the sending
    /// time.
    FlowEmail = 16,
    /// A source's redials: whether a customer who gave up calls again and
    /// after how long; each customer and try reads its own block.
    Redial = 17,
    /// A source's redialling customers' behaviour (patience, talk, holds,
    /// branches) on each new call; each customer and try reads its own
    /// block (of [`FOLLOW_UP_BLOCK_WORDS`]), so the source's own streams
    /// never see a redial.
    RedialCustomer = 18,
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
    /// A group's outbound calling (gaps, ring, answer, talk).
    Outbound = 25,
    /// A shift group's absences: each agent (its place in the group's
    /// shifts) reads its own block of one draw per day of the horizon, so
    /// nothing else — not even the other agents' shifts — moves its draws.
    Absence = 26,
    /// A shift group's aux periods (when they fall due, how long).
    Aux = 27,
    /// A shift group's rounding of its planned-activity agents per
    /// interval.
    Planned = 28,
    /// A campaign's dial outcomes (ring, answer, machine, message, talk,
    /// ACW, preview): a fixed set of draws per dial.
    CampaignDial = 29,
    /// An agentless campaign's gaps between dial attempts.
    CampaignClock = 30,
    /// A queue's external parties (EXTERNAL_OUTBOUND): whether a voice
    /// conversation adds one, its ring, answer and talk — four draws per
    /// conversation of the queue, in order of conversation starts.
    ExternalDial = 31,
    /// A supervisor group's monitoring (MONITOR): whether a watched
    /// conversation is monitored, and the listen time — two draws per
    /// conversation, in order of conversation starts.
    Monitor = 32,
    /// A task source's pauses: whether a task pauses, after how much work
    /// and for how long; each task and pause reads its own block, so the
    /// draws never depend on when an agent took the task.
    TaskPause = 40,
}

/// The stream id for `purpose` of the source / group / flow `index`.
pub fn stream_id(purpose: Purpose, index: usize) -> u64 {
    ((purpose as u64) << 32) | index as u64
}

/// Words of a per-contact block in a sub-stream: ample for the few draws a
/// transfer plan or a callback attempt makes (rejection samplers included).
pub const BLOCK_WORDS: u128 = 256;

/// Words of a customer's block in the [`Purpose::Disconnect`] stream: a
/// DISCONNECT follow-up draws a whole customer (up to 20 holds), so its
/// block is four times the usual.
pub const FOLLOW_UP_BLOCK_WORDS: u128 = 4 * BLOCK_WORDS;
