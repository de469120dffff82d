//! Internal unit scores as the analysis computes them (exact fractions), and
//! which units must explain themselves.

use std::cmp::Ordering;

use crate::model::World;
use crate::rng::Rng;

impl World {
    /// Internal scores (tenths) the leadership gives at a quarter's end: near
    /// each unit's rate on the indicators it leads, or a usual level.
    pub(crate) fn given_unit_scores(
        &self,
        rng: &mut Rng,
        scores: &[Option<(i64, Option<usize>)>],
        month: u32,
    ) -> Vec<i64> {
        let computed = self.unit_scores(scores, None, month);
        (0..self.units.len())
            .map(|u| {
                let base = computed
                    .iter()
                    .find(|(v, _)| *v == u)
                    .map_or_else(|| rng.range(820, 990), |(_, f)| (f.value() * 10.0) as i64);
                // Whole or half points.
                ((base + rng.range(-20, 20)).clamp(600, 1000) / 5) * 5
            })
            .collect()
    }

    /// Each ranked unit's score, as the analysis computes it.
    pub(crate) fn unit_scores(
        &self,
        scores: &[Option<(i64, Option<usize>)>],
        given: Option<&[i64]>,
        month: u32,
    ) -> Vec<(usize, Frac)> {
        if let Some(given) = given {
            return given
                .iter()
                .enumerate()
                .map(|(u, &t)| (u, Frac::new(i128::from(t), 10)))
                .collect();
        }
        let mut sums = vec![(0i64, 0i64); self.units.len()];
        for (ind, s) in self.indicators.iter().zip(scores) {
            let assessable = ind.assessable(month);
            if let (true, Some((s, _))) = (ind.cat.is_rated() && assessable > 0, s) {
                sums[ind.lead].0 += s;
                sums[ind.lead].1 += assessable;
            }
        }
        sums.iter()
            .enumerate()
            .filter(|(_, (_, a))| *a > 0)
            .map(|(u, &(s, a))| (u, Frac::new(100 * i128::from(s), i128::from(a))))
            .collect()
    }
}

/// A unit's internal score as an exact fraction (in points out of 100), so
/// that ties are ties, as in the analysis.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frac {
    num: i128,
    den: i128,
}

impl Frac {
    pub(crate) fn new(num: i128, den: i128) -> Frac {
        Frac { num, den }
    }

    pub(crate) fn cmp(&self, other: &Frac) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }

    pub(crate) fn value(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// The units that must explain themselves: the lowest `bottom` (ties at the
/// cut included) and any below `below_percent` points.
pub(crate) fn must_explain(
    scores: &[(usize, Frac)],
    bottom: usize,
    below_percent: i128,
) -> Vec<usize> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let cut = bottom.min(sorted.len()).checked_sub(1).map(|k| sorted[k].1);
    let mut out: Vec<usize> = sorted
        .iter()
        .filter(|(_, f)| cut.is_some_and(|c| f.cmp(&c).is_le()) || f.num < below_percent * f.den)
        .map(|&(u, _)| u)
        .collect();
    out.sort_unstable();
    out
}
