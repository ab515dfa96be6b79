//! The grid: the axes of a sweep expanded into an indexed list of points.
//! Axes that move together (one zip group) form one *dimension*;
//! dimensions are crossed in file order, the first varying slowest — like
//! nested loops written in the order of the axes. Point `i` is the
//! mixed-radix number `i` over the dimensions' lengths.
//!
//! The grid knows an axis only by its zip group and number of values, so
//! that the `[sweep]` table's checks (which count the grid's points) can
//! use it without the two depending on each other.

/// The dimensions of a sweep and how points map onto them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Per dimension: the axes (indices in axis order) that move together,
    /// and their common number of values.
    dims: Vec<(Vec<usize>, usize)>,
    /// Number of axes.
    axes: usize,
}

impl Grid {
    /// The grid of `axes`, each given by its zip group (`None`: crossed
    /// with the others) and its number of values, in axis order; `zip`
    /// moves every axis together. Lengths within a zip group are assumed
    /// equal, as the `[sweep]` checks ensure; the shortest is used
    /// otherwise.
    pub fn new<'a>(zip: bool, axes: impl IntoIterator<Item = (Option<&'a str>, usize)>) -> Grid {
        let mut dims: Vec<(Vec<usize>, usize)> = Vec::new();
        let mut groups: Vec<(Option<&str>, usize)> = Vec::new();
        let mut count = 0;
        for (i, (group, len)) in axes.into_iter().enumerate() {
            count += 1;
            let key = if zip { Some("") } else { group };
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
        Grid { dims, axes: count }
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

    /// Axes of `n` values each, ungrouped unless given a group.
    fn grid(zip: bool, axes: &[(usize, Option<&str>)]) -> Grid {
        Grid::new(zip, axes.iter().map(|&(n, g)| (g, n)))
    }

    #[test]
    fn crossed_axes_vary_the_last_fastest() {
        let g = grid(false, &[(2, None), (3, None)]);
        assert_eq!(g.count(), 6);
        let all: Vec<Vec<usize>> = (0..6).map(|p| g.coords(p)).collect();
        assert_eq!(
            all,
            [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]].map(|a| a.to_vec())
        );
    }

    #[test]
    fn zipped_axes_move_together_and_groups_cross() {
        let g = grid(true, &[(3, None), (3, None)]);
        assert_eq!(g.count(), 3);
        assert_eq!(g.coords(2), [2, 2]);
        // Axes 0 and 2 form group "g" (at axis 0's place), crossed with axis 1.
        let g = grid(false, &[(2, Some("g")), (3, None), (2, Some("g"))]);
        assert_eq!(g.count(), 6);
        assert_eq!(g.coords(0), [0, 0, 0]);
        assert_eq!(g.coords(4), [1, 1, 1]);
        assert_eq!(g.coords(5), [1, 2, 1]);
    }
}
