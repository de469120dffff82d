//! A chart's figures in words: the alt text of its PNG beside the Markdown
//! (`shared/spec/writing.md`: a mail client that shows no image, or a
//! screen reader, still gives every figure the chart draws).
//!
//! In: a chart's data. Out: one line of text.

use super::{ChartData, ChartNum, RatesData, TrendData, UnitsData};
use crate::analysis::{fmt_rate, fmt_score};

impl ChartNum {
    fn score(self) -> String {
        fmt_score(self.0)
    }

    fn pct(self) -> String {
        fmt_rate(self.0)
    }
}

impl ChartData {
    /// Every figure of the chart, in the order it draws them.
    pub fn alt(&self) -> String {
        match self {
            ChartData::Trend(t) => trend(t),
            ChartData::Rates(r) => rates(r),
            ChartData::Units(u) => units(u),
        }
    }
}

fn trend(t: &TrendData) -> String {
    let months: Vec<String> = t
        .months
        .iter()
        .zip(&t.rank_labels)
        .zip(&t.scores)
        .map(|((m, r), s)| format!("{m}{r}{}分", s.score()))
        .collect();
    let mut text = format!("我局{}", months.join("，"));
    for tier in &t.tiers {
        let entries: Vec<String> = t
            .months
            .iter()
            .zip(&tier.entries)
            .filter_map(|(m, e)| e.map(|e| format!("{m}{}分", e.score())))
            .collect();
        if !entries.is_empty() {
            text += &format!("；{}入围线：{}", tier.name, entries.join("，"));
        }
    }
    text + "。"
}

fn rates(r: &RatesData) -> String {
    let bars: Vec<String> = r
        .items
        .iter()
        .map(|b| format!("{} {} {}", b.label, b.name, b.rate.pct()))
        .collect();
    format!(
        "{}（红色预警线{}，黄色预警线{}）。",
        bars.join("，"),
        r.red.pct(),
        r.yellow.pct()
    )
}

fn units(u: &UnitsData) -> String {
    let bars: Vec<String> = u
        .items
        .iter()
        .map(|b| {
            let explain = if b.explain { "（须说明）" } else { "" };
            format!("{} {}分{explain}", b.label, b.score.score())
        })
        .collect();
    format!("{}。", bars.join("，"))
}
