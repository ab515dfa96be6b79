//! Tasks that pause (Connect's PauseContact and ResumeContact, or the
//! agent's Pause button): a task an agent works may be paused while it
//! waits on something outside the center (a customer's document, an
//! approval). A paused task frees the agent's task slot — it no longer
//! counts against the routing profile's concurrency, so the agent may be
//! offered other contacts — and stays with that agent. When its pause is
//! over it resumes with the same agent: at once if the agent has a free
//! task slot (the profile's concurrency and cross-channel rules), else at
//! the agent's next free slot, before any new offer to it. The work left
//! then continues (and may pause again, up to `max_pauses`).
//!
//! Rules ccsim follows where Connect's guide says nothing:
//! - only the source's own task contact (API on TASK) pauses, not a
//!   transfer leg of it, and not one its agent will transfer part-way;
//! - a pause drawn to start at or after the end of the work does not
//!   happen;
//! - an agent holding a paused task does not leave, go on break or log
//!   out until the task is done, as with a contact in progress: its shift
//!   end, break or lower headcount waits (it stays routable meanwhile
//!   unless it is leaving, like any agent finishing its contacts);
//! - a paused task is a contact in progress: live at the horizon, followed
//!   through the drain like any other.
//!
//! The draws (pause or not, work before it, its length) come from the
//! source's [`Purpose::TaskPause`] stream, one block per task and pause,
//! so they never depend on when an agent took the task. Nothing here runs
//! for scenarios without pausing tasks: the agent's `paused` counter stays
//! zero and the hooks in the agents' room test only that.

use rand::Rng;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{Observer, PauseRecord};
use crate::center::spec::{Channel, InitiationMethod};
use crate::center::state::{secs, Phase};
use crate::center::streams::{stream_id, Purpose, BLOCK_WORDS};
use crate::engine::{Scheduler, SimDuration};

/// Pauses per task at most (the blocks of a task in the pause stream).
pub const MAX_PAUSES: u32 = 16;

impl<O: Observer> Center<'_, O> {
    /// The agent starts (or resumes) work on the contact in `slot`, `work`
    /// long: if it is a task of a source whose tasks pause and a pause is
    /// drawn within that work, the pause is scheduled and this returns
    /// true; else the caller schedules the end of the work.
    ///
    /// Only API tasks pause: every other contact is told so here, inline,
    /// without a call into the rest (every conversation asks).
    #[inline]
    pub(in crate::center) fn pause_during_work(
        &mut self,
        slot: u32,
        work: SimDuration,
        sched: &mut Scheduler<Event>,
    ) -> bool {
        let c = &self.contacts[slot as usize];
        if c.rec.channel != Channel::Task || c.rec.method != InitiationMethod::Api {
            return false;
        }
        self.pause_task_during_work(slot, work, sched)
    }

    /// [`Center::pause_during_work`] for an API task.
    #[inline(never)]
    fn pause_task_during_work(
        &mut self,
        slot: u32,
        work: SimDuration,
        sched: &mut Scheduler<Event>,
    ) -> bool {
        let c = &self.contacts[slot as usize];
        let Some(s) = c.rec.source else {
            return false;
        };
        let Some(p) = &self.spec.sources[s.index()].pause else {
            return false;
        };
        let done = c.rec.pause.map_or(0, |r| r.count);
        if done >= p.max_pauses {
            return false;
        }
        let mut rng = self
            .streams
            .stream(stream_id(Purpose::TaskPause, s.index()));
        let block = u128::from(c.customer.source_seq) * u128::from(MAX_PAUSES) + u128::from(done);
        rng.set_word_pos(block * BLOCK_WORDS);
        let pauses = rng.gen::<f64>() < p.probability;
        let after = secs(p.after.sample(&mut rng));
        let duration = secs(p.duration.sample(&mut rng));
        let c = &mut self.contacts[slot as usize];
        // Its record carries Connect's pause fields from the agent's
        // first work on it, pauses or not.
        c.rec.pause.get_or_insert_with(PauseRecord::default);
        if !pauses || after >= work {
            return false;
        }
        let run = c.pause.get_or_default();
        run.left = SimDuration(work.as_millis() - after.as_millis());
        run.duration = duration;
        sched.schedule_in(
            after,
            Event::TaskPauseDue {
                contact: self.cref(slot),
            },
        );
        true
    }

    /// The task pauses: its agent keeps it but frees the task slot, and
    /// may be offered other work; the pause runs its drawn length.
    pub(in crate::center) fn on_task_pause_due(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Paused;
        c.pause.get_or_default().since = now;
        if let Some(r) = c.rec.pause.as_mut() {
            r.count += 1;
        }
        let (a, d) = (c.agent, c.pause.get().unwrap_or_default().duration);
        sched.schedule_in(
            d,
            Event::TaskResumeDue {
                contact: self.cref(slot),
            },
        );
        self.agents[a as usize].paused += 1;
        // The agent's place in the idle order stays: it did not finish
        // anything.
        self.free_slot(a, Channel::Task, false, sched);
    }

    /// The pause is over: the task resumes now if its agent is here (not on
    /// a break, aux or planned activity) with a free task slot, else it
    /// waits for the agent's return or next free slot.
    pub(in crate::center) fn on_task_resume_due(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let c = &mut self.contacts[slot as usize];
        c.pause.get_or_default().ready = sched.now();
        let a = c.agent;
        if self.agents[a as usize].away.is_none() && self.task_slot_free(a) {
            self.resume_task(slot, sched);
        } else {
            self.agents[a as usize].resumes.push(slot);
        }
    }

    /// Agent `a` has freed a slot and holds paused tasks: those ready to
    /// resume take its free task slots, in the order they became ready,
    /// before any new offer.
    pub(in crate::center) fn resume_waiting_tasks(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        while let Some(&slot) = self.agents[a as usize].resumes.first() {
            if self.agents[a as usize].away.is_some() || !self.task_slot_free(a) {
                return;
            }
            self.agents[a as usize].resumes.remove(0);
            self.resume_task(slot, sched);
        }
    }

    /// Whether agent `a` may take one more task now: a free task slot under
    /// its routing profile's concurrency and cross-channel rules. A resume
    /// is not an offer, so a Missed or leaving agent resumes too.
    fn task_slot_free(&self, a: u32) -> bool {
        let ag = &self.agents[a as usize];
        let g = &self.spec.groups[ag.group.index()];
        self.spec.profiles[g.profile.index()].can_accept(ag.load, Channel::Task)
    }

    /// The task takes a task slot of its agent again and its work goes on
    /// (it may pause again).
    fn resume_task(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Talking;
        let (a, run) = (c.agent, c.pause.get().unwrap_or_default());
        let left = run.left;
        if let Some(r) = c.rec.pause.as_mut() {
            r.total += now - run.since;
            r.resume_wait += now - run.ready;
        }
        let ag = &mut self.agents[a as usize];
        ag.paused -= 1;
        ag.load[Channel::Task.index()] += 1;
        self.refresh_agent(a, now);
        if self.pause_during_work(slot, left, sched) {
            return;
        }
        sched.schedule_in(
            left,
            Event::ConversationDone {
                contact: self.cref(slot),
            },
        );
    }
}
