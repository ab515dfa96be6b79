//! One file per initiation method: what is specific to its lifecycle, as
//! `shared/MODEL.md`'s table describes it. The common path is in the
//! center's rooms: queues and offers in [`routing`](super::routing), agent
//! whisper to ACW in [`conversation`](super::conversation), agents in
//! [`agents`](super::agents).
//!
//! | method | file |
//! |---|---|
//! | INBOUND, WEBRTC_API and API (voice, chat, task) | [`inbound`] |
//! | OUTBOUND | [`outbound`] |
//! | TRANSFER (to agent, to queue) | [`transfer`] |
//! | CALLBACK | [`callback`] |
//! | QUEUE_TRANSFER | [`queue_transfer`] |
//! | DISCONNECT | [`disconnect`] |
//! | AGENT_REPLY and FLOW (the EMAIL channel) | [`email`] |
//! | redials after abandonment (new INBOUND / WEBRTC_API calls) | [`redial`] |
//! | EXTERNAL_OUTBOUND (an agent adds an external party) | [`external_outbound`] |
//! | MONITOR (a supervisor listens) | [`monitor`] |
//! | tasks that pause and resume (API on TASK) | [`task_pause`] |

pub mod callback;
pub mod disconnect;
pub mod email;
pub mod external_outbound;
pub mod inbound;
pub mod monitor;
pub mod outbound;
pub mod queue_transfer;
pub mod redial;
pub mod task_pause;
pub mod transfer;
