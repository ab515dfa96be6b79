//! The grid: the axes of a [`SweepSpec`] expanded into an indexed list of
//! points. Axes that move together (one zip group) form one *dimension*;
//! dimensions are crossed in file order, the first varying slowest — like
//! nested loops written in the order of the axes. Point `i` is the
//! mixed-radix number `i` over the dimensions' lengths.

use super::spec::SweepSpec;

/// The dimensions of a sweep and how points map onto them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Per dimension: the axes (indices into `SweepSpec::axes`) that move
    /// together, and their common number of values.
    dims: Vec<(Vec<usize>, usize)>,
    /// Number of axes.
    axes: usize,
}

impl Grid {
    /// The grid of `spec` (lengths within a zip group are assumed equal, as
    /// [`super::spec::parse_sweep`] checks; the shortest is used otherwise).
    pub fn new(spec: &SweepSpec) -> Grid {
        let mut dims: Vec<(Vec<usize>, usize)> = Vec::new();
        let mut groups: Vec<(Option<&str>, usize)> = Vec::new();
        for (i, axis) in spec.axes.iter().enumerate() {
            let key = if spec.zip {
                Some("")
            } else {
                axis.group.as_deref()
            };
            let len = axis.values.len();
            match groups.iter().find(|(g, _)| key.is_some() && *g == key) {
                Some(&(_, d)) => {
                    dims[d].0.push(i);
                    dims[d].1 = dims[d].1.min(len);
                }
                None => {
                    groups.push((key, dims.len()));
                    dims.push((vec![i], len));
                }
            }
        }
        Grid {
            dims,
            axes: spec.axes.len(),
        }
    }

    /// Number of points, or `None` if it overflows.
    pub fn count_checked(&self) -> Option<usize> {
        self.dims
            .iter()
            .try_fold(1usize, |acc, (_, len)| acc.checked_mul(*len))
    }

    /// Number of points (0 if it overflows; a checked spec never does).
    pub fn count(&self) -> usize {
        self.count_checked().unwrap_or(0)
    }

    /// For point `point`, the index of each axis's value.
    pub fn coords(&self, point: usize) -> Vec<usize> {
        let mut out = vec![0; self.axes];
        let mut rest = point;
        for (axes, len) in self.dims.iter().rev() {
            let len = (*len).max(1);
            let v = rest % len;
            rest /= len;
            for &a in axes {
                out[a] = v;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::path::Target;
    use crate::sweep::spec::Axis;

    fn axis(n: usize, group: Option<&str>) -> Axis {
        Axis {
            path: format!("a{n}"),
            target: Target {
                steps: Vec::new(),
                field_path: String::new(),
                added: false,
            },
            values: (0..n as i64).map(toml::Value::Integer).collect(),
            group: group.map(String::from),
        }
    }

    fn grid(zip: bool, axes: Vec<Axis>) -> Grid {
        Grid::new(&SweepSpec {
            replications: None,
            zip,
            axes,
        })
    }

    #[test]
    fn crossed_axes_vary_the_last_fastest() {
        let g = grid(false, vec![axis(2, None), axis(3, None)]);
        assert_eq!(g.count(), 6);
        let all: Vec<Vec<usize>> = (0..6).map(|p| g.coords(p)).collect();
        assert_eq!(
            all,
            [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]].map(|a| a.to_vec())
        );
    }

    #[test]
    fn zipped_axes_move_together_and_groups_cross() {
        let g = grid(true, vec![axis(3, None), axis(3, None)]);
        assert_eq!(g.count(), 3);
        assert_eq!(g.coords(2), [2, 2]);
        // Axes 0 and 2 form group "g" (at axis 0's place), crossed with axis 1.
        let g = grid(
            false,
            vec![axis(2, Some("g")), axis(3, None), axis(2, Some("g"))],
        );
        assert_eq!(g.count(), 6);
        assert_eq!(g.coords(0), [0, 0, 0]);
        assert_eq!(g.coords(4), [1, 1, 1]);
        assert_eq!(g.coords(5), [1, 2, 1]);
    }
}
