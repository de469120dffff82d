//! Where the trend chart's labels go, decided before Typst draws them.
//!
//! In: the months' scores, ranks and tier entry lines. Out: a [`TrendLayout`]:
//! the value axis (its range and grid values), for each month but the last
//! whether its "第N名" stands above or below its point, and the labels at the
//! right end ("我局92.30（第6名）", "第一序列入围线92.05") at positions nudged
//! apart. A label never overlaps another label, a line, a point or the axis:
//! the checks are made here, in the chart's own units, against the geometry
//! of [`TrendGeometry`], which the template draws with. The template only
//! places what this module decided.
//!
//! The checks assume the shortest plot the document may draw (two thirds of
//! its height: a chart is shrunk to fit the rest of a page): a label of fixed
//! size covers the most of the value axis there, so a layout that is clear
//! at two thirds is clear at full height.

use serde::Serialize;

use crate::model::Num;

/// The trend chart's size and margins in millimetres, and its text in points.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TrendGeometry {
    pub width: f64,
    /// The plot's height at full size; the chart may shrink it to `min_scale`.
    pub plot_height: f64,
    pub min_scale: f64,
    /// Left margin (the value axis's labels), right margin (the end labels).
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Space between the value axis and the first month.
    pub inset: f64,
    /// The labels' size in points (五号: GB/T 9704's smallest text).
    pub text: f64,
    /// The labels' least distance from their point, in millimetres.
    pub gap: f64,
}

pub const TREND: TrendGeometry = TrendGeometry {
    width: 150.0,
    plot_height: 54.0,
    min_scale: 2.0 / 3.0,
    left: 14.0,
    right: 42.0,
    top: 5.0,
    bottom: 10.0,
    inset: 11.0,
    text: 10.5,
    gap: 1.6,
};

const MM_PER_PT: f64 = 25.4 / 72.0;

impl TrendGeometry {
    /// A label's height: one em of its text, in millimetres.
    fn label_height(&self) -> f64 {
        self.text * MM_PER_PT
    }

    /// Where month `i` of `n` stands, in millimetres from the chart's left edge.
    pub fn x(&self, i: usize, n: usize) -> f64 {
        let span = self.width - self.left - self.right - self.inset;
        let f = if n <= 1 {
            1.0
        } else {
            i as f64 / (n - 1) as f64
        };
        self.left + self.inset + span * f
    }
}

/// The width of a label's text in millimetres: an em a Chinese character,
/// 0.55 em a digit, Latin letter or point, and the quarter em Typst puts
/// between Chinese and Latin (`cjk-latin-spacing`).
pub fn text_width(s: &str, size_pt: f64) -> f64 {
    let glyphs: f64 = s
        .chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum();
    let chars: Vec<char> = s.chars().collect();
    let seams = chars
        .windows(2)
        .filter(|w| w[0].is_ascii() != w[1].is_ascii())
        .count();
    (glyphs + 0.25 * seams as f64) * size_pt * MM_PER_PT
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendLayout {
    pub geometry: TrendGeometry,
    /// The value axis: bottom, top, and the five grid values between.
    pub lo: i64,
    pub hi: i64,
    pub ticks: Vec<i64>,
    /// One per month: the rank label under or over the point, none for the
    /// last month (its rank is in the end label).
    pub points: Vec<Option<PointLabel>>,
    /// The labels right of the last month, top to bottom.
    pub ends: Vec<EndLabel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointLabel {
    pub text: String,
    pub above: bool,
    /// Its distance from the point, in millimetres.
    pub offset: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndLabel {
    pub text: String,
    /// The value its middle stands at (its line's last value, nudged apart).
    pub at: f64,
    /// Whether it is the bureau's own line (drawn in red).
    pub me: bool,
}

/// A line of the chart: (x in mm, value) at each month it has a value.
type Polyline = Vec<Option<(f64, f64)>>;

/// A label's box: x from, x to (mm), value from, value to.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    x1: f64,
    v0: f64,
    v1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.v0 < o.v1 && o.v0 < self.v1
    }

    /// Whether the segment from `a` to `b` passes through the box.
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        let x0 = self.x0.max(a.0);
        let x1 = self.x1.min(b.0);
        if x0 > x1 {
            return false;
        }
        let at = |x: f64| {
            if b.0 == a.0 {
                a.1
            } else {
                a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
            }
        };
        let (lo, hi) = (at(x0).min(at(x1)), at(x0).max(at(x1)));
        lo < self.v1 && self.v0 < hi
    }
}

/// The value axis for these values: from a whole number at least one below
/// the lowest to one at least one above the highest, a span divisible by
/// four so that the five grid lines fall on whole numbers.
pub fn axis(values: &[Num]) -> (Num, Num) {
    let min = values.iter().copied().min().unwrap_or_default();
    let max = values.iter().copied().max().unwrap_or_default();
    let lo = (min - Num::ONE).floor();
    let four = Num::from(4);
    let hi = lo + ((max + Num::ONE - lo) / four).ceil() * four;
    (lo, hi)
}

fn whole(n: Num) -> i64 {
    n.trunc().to_string().parse().unwrap_or(0)
}

/// Lays out the labels. `scores` and `ranks` are the bureau's by month
/// (a rank as it is said: "第6名", "并列第10名");
/// `tiers` each better tier's name and entry score by month.
pub fn trend_layout(
    scores: &[Num],
    ranks: &[String],
    tiers: &[(String, Vec<Option<Num>>)],
) -> TrendLayout {
    let g = TREND;
    let n = scores.len();
    let f = |x: Num| -> f64 { x.to_string().parse().unwrap_or(0.0) };
    let mut all: Vec<Num> = scores.to_vec();
    all.extend(tiers.iter().flat_map(|(_, e)| e.iter().flatten().copied()));
    let (lo, hi) = axis(&all);
    // Whole numbers, the span a multiple of four ([`axis`]).
    let (lo_i, hi_i) = (whole(lo), whole(hi));
    let ticks = (0..5).map(|k| lo_i + (hi_i - lo_i) * k / 4).collect();
    let (lo, hi) = (f(lo), f(hi));
    // Value units per millimetre of the shortest plot.
    let per_mm = (hi - lo) / (g.plot_height * g.min_scale);
    let per_mm_full = (hi - lo) / g.plot_height;
    let h = g.label_height() * per_mm;

    let line = |values: Vec<Option<f64>>| -> Polyline {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (g.x(i, n), v)))
            .collect()
    };
    let mut lines = vec![line(scores.iter().map(|s| Some(f(*s))).collect())];
    for (_, entries) in tiers {
        lines.push(line(entries.iter().map(|e| e.map(f)).collect()));
    }

    let mut placed: Vec<Rect> = Vec::new();
    let mut points = Vec::with_capacity(n);
    for (i, (score, rank)) in scores.iter().zip(ranks).enumerate() {
        if i + 1 == n {
            points.push(None);
            continue;
        }
        let text = rank.clone();
        let s = f(*score);
        let half = text_width(&text, g.text) / 2.0 + 0.5;
        let x = g.x(i, n);
        // The values the label covers at any height from two thirds to full:
        // from its near edge at full height to its far edge at two thirds.
        let boxed = |above: bool, offset: f64| {
            let near = offset * per_mm_full;
            let far = offset * per_mm + h;
            let (v0, v1) = if above {
                (s + near, s + far)
            } else {
                (s - far, s - near)
            };
            Rect {
                x0: x - half,
                x1: x + half,
                v0,
                v1,
            }
        };
        let cost = |r: &Rect| -> usize {
            let outside = usize::from(r.v0 < lo || r.v1 > hi) * 100;
            let on_lines: usize = lines
                .iter()
                .map(|l| {
                    l.windows(2)
                        .filter(
                            |w| matches!((w[0], w[1]), (Some(a), Some(b)) if r.crossed_by(a, b)),
                        )
                        .count()
                })
                .sum();
            let on_labels = placed.iter().filter(|p| p.overlaps(r)).count();
            outside + on_lines * 10 + on_labels * 10
        };
        // Next to the point, below by habit, else above; where both sides
        // are crossed, a little farther out, half a label at a time; where
        // nothing is clear, the place crossed least.
        let candidates = (0..4).flat_map(|k| {
            let offset = g.gap + k as f64 * g.label_height() / 2.0;
            [(false, offset), (true, offset)]
        });
        let mut best: Option<(usize, bool, f64)> = None;
        for (up, offset) in candidates {
            let c = cost(&boxed(up, offset));
            if best.is_none_or(|(b, _, _)| c < b) {
                best = Some((c, up, offset));
            }
            if c == 0 {
                break;
            }
        }
        let (_, up, offset) = best.unwrap_or((0, false, g.gap));
        placed.push(boxed(up, offset));
        points.push(Some(PointLabel {
            text,
            above: up,
            offset: (offset * 100.0).round() / 100.0,
        }));
    }

    let mut ends = Vec::new();
    if let (Some(score), Some(rank)) = (scores.last(), ranks.last()) {
        let score = crate::analysis::ser::round(*score, 2);
        ends.push(EndLabel {
            text: format!("我局{score:.2}（{rank}）"),
            at: f(score),
            me: true,
        });
    }
    for (name, entries) in tiers {
        if let Some(Some(last)) = entries.last() {
            let last = crate::analysis::ser::round(*last, 2);
            ends.push(EndLabel {
                text: format!("{name}入围线{last:.2}"),
                at: f(last),
                me: false,
            });
        }
    }
    nudge(&mut ends, h + 0.8 * per_mm, lo + h / 2.0, hi - h / 2.0);
    TrendLayout {
        geometry: g,
        lo: lo_i,
        hi: hi_i,
        ticks,
        points,
        ends,
    }
}

/// Pushes the end labels apart, top to bottom, at least `step` between
/// middles, all between `bottom` and `top` where they fit.
fn nudge(ends: &mut [EndLabel], step: f64, bottom: f64, top: f64) {
    ends.sort_by(|a, b| b.at.total_cmp(&a.at).then(b.me.cmp(&a.me)));
    for i in 0..ends.len() {
        let mut at = ends[i].at.min(top);
        if i > 0 {
            at = at.min(ends[i - 1].at - step);
        }
        ends[i].at = at;
    }
    if let Some(last) = ends.last()
        && last.at < bottom
    {
        let k = ends.len() - 1;
        ends[k].at = bottom;
        for i in (0..k).rev() {
            ends[i].at = ends[i].at.max(ends[i + 1].at + step);
        }
    }
    for e in ends.iter_mut() {
        e.at = (e.at * 1000.0).round() / 1000.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: &str) -> Num {
        x.parse().unwrap()
    }

    #[test]
    fn the_axis_spans_a_multiple_of_four_around_the_values() {
        // 78.6 … 95.2: from 77 (78.6 − 1, floored) to 77 + 4 × ⌈19.2 ÷ 4⌉ = 97.
        assert_eq!(axis(&[n("78.6"), n("95.2")]), (n("77"), n("97")));
    }

    #[test]
    fn end_labels_close_together_are_pushed_apart() {
        // June: 我局92.30 and the first tier's line at 92.05 are 0.25 apart,
        // less than a label's height on the value axis.
        let l = trend_layout(
            &[n("88.15"), n("92.3")],
            &["第12名".into(), "第6名".into()],
            &[("第一序列".into(), vec![Some(n("91.9")), Some(n("92.05"))])],
        );
        let [me, tier] = &l.ends[..] else {
            panic!("{:?}", l.ends)
        };
        assert_eq!(me.text, "我局92.30（第6名）");
        assert_eq!(tier.text, "第一序列入围线92.05");
        let per_mm = (l.hi - l.lo) as f64 / (TREND.plot_height * TREND.min_scale);
        let height = TREND.text * MM_PER_PT * per_mm;
        assert!(me.at - tier.at >= height, "{} vs {}", me.at, tier.at);
    }

    #[test]
    fn a_rank_label_moves_above_when_a_line_runs_under_its_point() {
        // The tier line (88.6) runs just under the bureau's first point
        // (89.2), and the bureau's own line falls away below it: a label
        // below would sit on both, so it goes above.
        let l = trend_layout(
            &[n("89.2"), n("80"), n("80")],
            &["第5名".into(), "第9名".into(), "第9名".into()],
            &[(
                "第一序列".into(),
                vec![Some(n("88.6")), Some(n("88.6")), Some(n("88.6"))],
            )],
        );
        assert!(
            l.points[0].as_ref().is_some_and(|p| p.above),
            "{:?}",
            l.points
        );
        // The second point (80) is a millimetre and a half above the axis
        // (79): a label below would cross it. Above, the bureau's own line
        // comes down into the point from the left, reaching 81.36 at the
        // label's left edge (6.15 mm out of 41.5): the label steps out half
        // its height at a time until its near edge, at full height (0.222 a
        // mm), clears it: 1.6 + 3 × 1.85 = 7.16 mm, from 81.59.
        let p = l.points[1].as_ref().unwrap();
        assert!(p.above, "{:?}", l.points);
        assert_eq!(p.offset, 7.16);
        assert!(l.points[2].is_none());
    }
}
