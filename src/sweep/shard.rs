//! `--shard K/N`: a deterministic share of a sweep's points. Point `i`
//! belongs to shard `(i mod N) + 1`, so shards interleave — neighbouring
//! points, which tend to cost about the same, land on different shards and
//! the shards finish at about the same time.

use std::fmt;
use std::str::FromStr;

use super::error::SweepError;

/// Shard `k` of `n` (1-based, as job arrays number their tasks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    k: usize,
    n: usize,
}

impl Shard {
    /// The whole sweep: shard 1 of 1.
    pub const WHOLE: Shard = Shard { k: 1, n: 1 };

    /// Shard `k` of `n`, if `1 ≤ k ≤ n`.
    pub fn new(k: usize, n: usize) -> Option<Shard> {
        (n >= 1 && (1..=n).contains(&k)).then_some(Shard { k, n })
    }

    /// Its number, from 1.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The number of shards.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Whether point `i` is this shard's.
    pub fn contains(&self, i: usize) -> bool {
        i % self.n == self.k - 1
    }

    /// Whether this is the whole sweep.
    pub fn is_whole(&self) -> bool {
        self.n == 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = SweepError;

    fn from_str(s: &str) -> Result<Shard, SweepError> {
        let usage = |message: String| {
            SweepError::Usage {
            message,
            hint: "write --shard K/N with 1 ≤ K ≤ N, e.g. --shard 1/4 … --shard 4/4 for four shards (in a Slurm array, N fixed in the script as README.md's runbook does, so a re-run task is the same shard: --shard $((SLURM_ARRAY_TASK_ID+1))/$N)".into(),
        }
        };
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| usage(format!("--shard {s}: expected K/N")))?;
        let parse = |x: &str, what: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| usage(format!("--shard {s}: {what} `{x}` is not a whole number")))
        };
        let (k, n) = (parse(k, "K")?, parse(n, "N")?);
        Shard::new(k, n).ok_or_else(|| {
            usage(format!(
                "--shard {s}: K must be between 1 and N, and N at least 1"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_points() {
        let shards: Vec<Shard> = (1..=3).filter_map(|k| Shard::new(k, 3)).collect();
        for i in 0..20 {
            assert_eq!(shards.iter().filter(|s| s.contains(i)).count(), 1);
        }
        assert!(shards[1].contains(4) && shards[1].contains(1));
        assert!(Shard::WHOLE.contains(17) && Shard::WHOLE.is_whole());
    }

    #[test]
    fn parses_k_of_n_and_rejects_the_rest() {
        assert_eq!("2/3".parse::<Shard>().ok(), Shard::new(2, 3));
        assert_eq!(" 1 / 1 ".trim().parse::<Shard>().ok(), Some(Shard::WHOLE));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3", ""] {
            let e = bad.parse::<Shard>();
            assert!(
                matches!(&e, Err(err) if err.is_usage() && err.to_string().contains("--shard")),
                "{bad}: {e:?}"
            );
        }
    }
}
