//! The supervisor groups' runtime state (MONITOR): which supervisors are
//! free, longest free first, and each group's random stream. Plain data
//! built from the spec; the lifecycle is in
//! [`methods::monitor`](super::methods::monitor).

use std::collections::VecDeque;

use crate::engine::{RngStreams, StreamRng};

use super::spec::CenterSpec;
use super::streams::{stream_id, Purpose};

/// One supervisor group during a replication.
pub struct SupervisorRuntime {
    /// Free supervisors (index within the group), longest free first.
    pub(super) free: VecDeque<u32>,
    /// Whether to monitor each conversation, and how long to listen.
    pub(super) rng: StreamRng,
}

/// Every supervisor group, and which group watches each queue.
#[derive(Default)]
pub struct Supervisors {
    /// By group index.
    pub(super) groups: Vec<SupervisorRuntime>,
    /// For each queue, the supervisor group that watches it (the first
    /// that names it), if any: looked up once per conversation start.
    pub(super) by_queue: Vec<Option<u16>>,
}

impl Supervisors {
    /// The supervisor groups of `spec`, all supervisors free.
    pub(super) fn new(spec: &CenterSpec, streams: &RngStreams) -> Self {
        if spec.supervisor_groups.is_empty() {
            return Supervisors::default();
        }
        let mut by_queue = vec![None; spec.queues.len()];
        let groups = spec
            .supervisor_groups
            .iter()
            .enumerate()
            .map(|(g, sg)| {
                for q in &sg.queues {
                    by_queue[q.index()].get_or_insert(g as u16);
                }
                SupervisorRuntime {
                    free: (0..sg.headcount).collect(),
                    rng: streams.stream(stream_id(Purpose::Monitor, g)),
                }
            })
            .collect();
        Supervisors { groups, by_queue }
    }
}
