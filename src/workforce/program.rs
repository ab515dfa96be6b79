//! The schedule's integer program over plain data: columns (one per shift
//! variant, each covering some intervals by the share of the interval its
//! agents are on the phones), a requirement per interval, and how many
//! agents work each column. Nothing here knows templates or scenarios;
//! [`super::variants`] builds the columns, [`super::schedule`] reads the
//! answer back.
//!
//! Solved by `microlp`, a pure-Rust simplex and branch-and-bound MIP solver
//! (no C library to build), through its own API rather than `good_lp`'s
//! bridge: only the former takes a *node* limit, and the search must stop
//! at a point that does not depend on the machine's speed (a time limit
//! would make the schedule depend on it). Branch and bound starts from a
//! feasible schedule (the linear relaxation rounded up, then trimmed) and
//! stops when its answer is proven within [`MIP_GAP`] of the optimum or
//! after [`NODE_LIMIT`] nodes; the gap reached is reported.
//!
//! The program splits into independent parts — sets of intervals that no
//! column links to the rest (the days of a week, when no shift crosses
//! midnight) — and solves each alone: the same optimum, far fewer
//! branch-and-bound nodes.

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, Variable};

/// One way of working (a shift variant) as the program sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Paid hours of one agent working it (breaks included).
    pub paid_hours: f64,
    /// `(interval, share)`: the share of each interval one agent of it is
    /// on the phones (0 < share ≤ 1), intervals ascending.
    pub cover: Vec<(usize, f64)>,
}

/// What the program minimises (pyworkforce's two scheduling models).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// Paid hours, subject to coverage ≥ requirement in every interval
    /// (pyworkforce's `MinRequiredResources`).
    PaidHours,
    /// The sum over intervals of |coverage − requirement| (under- and
    /// over-coverage alike, pyworkforce's `MinAbsDifference`); among the
    /// mixes that reach the least, the fewest paid hours (a small weight on
    /// paid hours, [`TIE_BREAK`]).
    Coverage,
}

/// The relative gap between the answer and the best bound at which branch
/// and bound stops.
pub const MIP_GAP: f64 = 0.005;

/// Most branch-and-bound nodes per part of the program.
pub const NODE_LIMIT: u64 = 2_000;

/// Weight of a paid hour against one agent-interval of deviation in the
/// coverage objective: small, so paid hours only break ties between mixes
/// of equal deviation (up to a thousand paid hours apart).
pub const TIE_BREAK: f64 = 1e-3;

/// The program could not be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProgramError {
    /// Some intervals need agents that no column can put there.
    #[error("no shift covers intervals {intervals:?}, which need agents")]
    Uncoverable {
        /// The intervals, ascending.
        intervals: Vec<usize>,
    },
    /// The solver gave no answer (infeasible, unbounded or an internal
    /// error).
    #[error("the integer program has no solution: {message}")]
    Solver {
        /// The solver's word.
        message: String,
    },
}

/// The program's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Agents per column.
    pub agents: Vec<u32>,
    /// The largest relative gap between a part's answer and its best bound
    /// (0: every part proven optimal).
    pub gap: f64,
}

/// Whether any of `columns` puts an agent on the phones in interval `i`.
pub fn covers(columns: &[Column], i: usize) -> bool {
    columns
        .iter()
        .any(|c| c.cover.iter().any(|&(j, share)| j == i && share > 0.0))
}

/// Agents per column that meet `required` (agents per interval, in the
/// columns' units) under `objective`. Under [`Objective::Coverage`], the
/// intervals marked in `firm` (by index; missing entries are not) must be
/// covered in full, as every interval is under [`Objective::PaidHours`]:
/// the repair rounds mark the intervals a simulation found short, whose
/// raised requirement the least deviation would otherwise trade away.
pub fn solve(
    required: &[f64],
    firm: &[bool],
    columns: &[Column],
    objective: Objective,
) -> Result<Answer, ProgramError> {
    let uncoverable: Vec<usize> = (0..required.len())
        .filter(|&i| required[i] > 0.0 && !covers(columns, i))
        .collect();
    if !uncoverable.is_empty() {
        return Err(ProgramError::Uncoverable {
            intervals: uncoverable,
        });
    }
    let mut agents = vec![0u32; columns.len()];
    let mut gap = 0.0f64;
    for part in parts(required.len(), columns) {
        if part.intervals.iter().all(|&i| required[i] <= 0.0) {
            // Nothing to cover: no agents (either objective).
            continue;
        }
        let (x, g) = solve_part(required, firm, columns, &part, objective)?;
        gap = gap.max(g);
        for (&c, n) in part.columns.iter().zip(x) {
            agents[c] = n;
        }
    }
    Ok(Answer { agents, gap })
}

/// Intervals and the columns that cover them, linked to no other part.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    intervals: Vec<usize>,
    columns: Vec<usize>,
}

/// The independent parts of the program, ordered by their first interval
/// (a union-find over intervals, joined by each column's cover).
fn parts(n: usize, columns: &[Column]) -> Vec<Part> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for c in columns {
        let mut it = c.cover.iter().map(|x| x.0).filter(|&i| i < n);
        if let Some(first) = it.next() {
            for i in it {
                let (a, b) = (root(&mut parent, first), root(&mut parent, i));
                // The smaller index roots, so a part's root is its first
                // interval.
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Part> = std::collections::BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        by_root
            .entry(r)
            .or_insert_with(|| Part {
                intervals: Vec::new(),
                columns: Vec::new(),
            })
            .intervals
            .push(i);
    }
    for (k, c) in columns.iter().enumerate() {
        if let Some(&(i, _)) = c.cover.iter().find(|x| x.0 < n) {
            let r = root(&mut parent, i);
            if let Some(p) = by_root.get_mut(&r) {
                p.columns.push(k);
            }
        }
    }
    by_root.into_values().collect()
}

/// Solves one part: agents per column of the part (in its order) and the
/// gap reached.
fn solve_part(
    required: &[f64],
    firm: &[bool],
    columns: &[Column],
    part: &Part,
    objective: Objective,
) -> Result<(Vec<u32>, f64), ProgramError> {
    let start = incumbent(required, columns, part)?;
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let weight = match objective {
        Objective::PaidHours => 1.0,
        Objective::Coverage => TIE_BREAK,
    };
    let x: Vec<Variable> = part
        .columns
        .iter()
        .map(|&c| p.add_integer_var(weight * columns[c].paid_hours, (0, i32::MAX)))
        .collect();
    let mut warm: Vec<(Variable, f64)> =
        x.iter().zip(&start).map(|(&v, &k)| (v, k as f64)).collect();
    let cover = terms(columns, part, &x, required.len());
    let have = shares(required.len(), columns, part, &start);
    for &i in &part.intervals {
        let r = required[i].max(0.0);
        match objective {
            Objective::PaidHours => {
                if r > 0.0 {
                    p.add_constraint(cover[i].clone(), ComparisonOp::Ge, r);
                }
            }
            Objective::Coverage => {
                // d ≥ |coverage − r|; minimising d makes it equal.
                let d = p.add_var(1.0, (0.0, f64::INFINITY));
                let mut over = cover[i].clone();
                over.push((d, -1.0));
                p.add_constraint(over, ComparisonOp::Le, r);
                let mut under = cover[i].clone();
                under.push((d, 1.0));
                p.add_constraint(under, ComparisonOp::Ge, r);
                warm.push((d, (have[i] - r).abs()));
                if r > 0.0 && firm.get(i).copied().unwrap_or(false) {
                    // The warm start covers every requirement: still feasible.
                    p.add_constraint(cover[i].clone(), ComparisonOp::Ge, r);
                }
            }
        }
    }
    let mut opts = SolveOptions::default();
    opts.mip_gap = MIP_GAP;
    opts.node_limit = Some(NODE_LIMIT);
    opts.warm_start = Some(warm);
    let fail = |e: microlp::Error| ProgramError::Solver {
        message: e.to_string(),
    };
    let outcome = p.solve_with(opts).map_err(fail)?;
    let Some(s) = outcome.solution() else {
        // Branch and bound kept the warm start when it found nothing better.
        return Ok((start, 1.0));
    };
    let agents = x
        .iter()
        .map(|&v| s.var_value(v).round().max(0.0) as u32)
        .collect();
    Ok((agents, s.gap().unwrap_or(0.0)))
}

/// Each interval's coverage as terms `(variable, share)` of the part's
/// columns.
fn terms(columns: &[Column], part: &Part, x: &[Variable], n: usize) -> Vec<Vec<(Variable, f64)>> {
    let mut cover: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); n];
    for (&c, &v) in part.columns.iter().zip(x) {
        for &(i, share) in &columns[c].cover {
            if i < n {
                cover[i].push((v, share));
            }
        }
    }
    cover
}

/// Agents on the phones per interval when the part's columns are worked by
/// `agents`.
fn shares(n: usize, columns: &[Column], part: &Part, agents: &[u32]) -> Vec<f64> {
    let mut have = vec![0.0; n];
    for (&c, &k) in part.columns.iter().zip(agents) {
        for &(i, share) in &columns[c].cover {
            if i < n {
                have[i] += share * k as f64;
            }
        }
    }
    have
}

/// A first schedule for branch and bound to improve, meeting every
/// requirement: the linear relaxation rounded up (coverage only grows),
/// then agents taken off, costliest column first, while every interval
/// stays covered.
fn incumbent(required: &[f64], columns: &[Column], part: &Part) -> Result<Vec<u32>, ProgramError> {
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let x: Vec<Variable> = part
        .columns
        .iter()
        .map(|&c| p.add_var(columns[c].paid_hours, (0.0, f64::INFINITY)))
        .collect();
    let cover = terms(columns, part, &x, required.len());
    for &i in &part.intervals {
        if required[i] > 0.0 {
            p.add_constraint(cover[i].clone(), ComparisonOp::Ge, required[i]);
        }
    }
    let s = p.solve().map_err(|e| ProgramError::Solver {
        message: e.to_string(),
    })?;
    let lp = s.solution().ok_or_else(|| ProgramError::Solver {
        message: "the linear relaxation has no solution".into(),
    })?;
    let mut k: Vec<u32> = x
        .iter()
        .map(|&v| (lp.var_value(v) - 1e-7).ceil().max(0.0) as u32)
        .collect();
    let mut have = shares(required.len(), columns, part, &k);
    let mut order: Vec<usize> = (0..part.columns.len()).collect();
    let paid = |j: usize| columns[part.columns[j]].paid_hours;
    order.sort_by(|&a, &b| paid(b).total_cmp(&paid(a)).then(a.cmp(&b)));
    for j in order {
        let c = &columns[part.columns[j]];
        let spare = |have: &[f64]| {
            c.cover
                .iter()
                .all(|&(i, share)| i >= have.len() || have[i] - share >= required[i] - 1e-9)
        };
        while k[j] > 0 && spare(&have) {
            k[j] -= 1;
            for &(i, share) in &c.cover {
                if let Some(h) = have.get_mut(i) {
                    *h -= share;
                }
            }
        }
    }
    Ok(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-worked program of the module's test, in columns (see
    /// `hand_worked_mix`).
    fn hand_columns() -> Vec<Column> {
        vec![
            // A, break at 09:00: on the phones 08, 10, 11.
            Column {
                paid_hours: 4.0,
                cover: vec![(0, 1.0), (2, 1.0), (3, 1.0)],
            },
            // A, break at 10:00: on the phones 08, 09, 11.
            Column {
                paid_hours: 4.0,
                cover: vec![(0, 1.0), (1, 1.0), (3, 1.0)],
            },
            // B from 09:00: 09 and 10.
            Column {
                paid_hours: 2.0,
                cover: vec![(1, 1.0), (2, 1.0)],
            },
        ]
    }

    /// Four one-hour intervals 08–12. Shift A: 4 h from 08:00 with a 1 h
    /// break starting at 09:00 (A9) or 10:00 (A10); shift B: 2 h from
    /// 09:00. Requirement [1, 3, 1, 0].
    ///
    /// Paid hours, coverage ≥ requirement: only A covers 08:00, so at least
    /// one A (4 h). With A10 (on at 09), 09:00 needs 2 more: 2 B (4 h),
    /// total 8 h. With A9 (off at 09), 09:00 needs 3 B: 10 h. Two A already
    /// cost 8 h and still need B at 09:00 (A9+A10 gives [2,1,1,2]): more.
    /// So A10 + 2 B, 8 h, the only mix at 8 h.
    ///
    /// Least |coverage − requirement|: A10 + B gives [1,2,1,1], deviation
    /// 0+1+0+1 = 2; A10 + 2 B gives [1,3,2,1], also 2; without A 08:00 is
    /// short by 1 and B alone gives at best [0,3,3,0] (3) or [0,2,2,0] (3);
    /// A9 + B = [1,1,2,1] (4); A10 + 3 B = [1,4,3,1] (4); A9 + A10 (5).
    /// Least deviation 2, reached by A10 + B (6 h) and A10 + 2 B (8 h): the
    /// tie-break on paid hours picks A10 + B.
    #[test]
    fn hand_worked_mix() {
        let required = [1.0, 3.0, 1.0, 0.0];
        let cols = hand_columns();
        assert_eq!(
            solve(&required, &[], &cols, Objective::PaidHours),
            Ok(Answer {
                agents: vec![0, 1, 2],
                gap: 0.0
            })
        );
        assert_eq!(
            solve(&required, &[], &cols, Objective::Coverage),
            Ok(Answer {
                agents: vec![0, 1, 1],
                gap: 0.0
            })
        );
    }

    #[test]
    fn an_interval_no_column_covers_is_named() {
        let required = [1.0, 0.0, 2.0, 0.0, 1.0];
        let cols = vec![Column {
            paid_hours: 1.0,
            cover: vec![(0, 1.0)],
        }];
        assert_eq!(
            solve(&required, &[], &cols, Objective::PaidHours),
            Err(ProgramError::Uncoverable {
                intervals: vec![2, 4]
            })
        );
    }

    #[test]
    fn parts_split_where_no_column_links_them() {
        // Day 1 = intervals 0–1, day 2 = 2–3: two parts.
        let cols = vec![
            Column {
                paid_hours: 2.0,
                cover: vec![(0, 1.0), (1, 1.0)],
            },
            Column {
                paid_hours: 2.0,
                cover: vec![(2, 1.0), (3, 1.0)],
            },
        ];
        let p = parts(4, &cols);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[1].intervals.clone(), p[1].columns.clone()),
            (vec![2, 3], vec![1])
        );
        // Fractional shares: half an agent per column in each interval.
        let half = vec![
            Column {
                paid_hours: 1.0,
                cover: vec![(0, 0.5)],
            },
            Column {
                paid_hours: 1.0,
                cover: vec![(0, 0.5), (1, 1.0)],
            },
        ];
        // 3 agents in interval 0 from halves: the cheaper way is 6 of one
        // (6 h) or a mix; both columns cost 1 h per agent, so 6 agents, with
        // interval 1 needing 1 of the second.
        let x = solve(&[3.0, 1.0], &[], &half, Objective::PaidHours)
            .map(|a| a.agents)
            .unwrap_or_default();
        assert_eq!(x.iter().sum::<u32>(), 6);
        assert!(x[1] >= 1);
    }
}
