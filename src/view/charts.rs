//! The handout's charts as data.
//!
//! In: a monthly briefing. Out: one [`Chart`] per chart, holding the figures
//! it draws, and for the trend chart where its labels go
//! ([`super::chart_labels`]). The charts are drawn by Typst code in `templates/charts.typ`;
//! their data reaches Typst as a JSON file that the typesetter's World serves
//! beside the document ([`chart_file`]), never as Typst source built from
//! strings, so no label from the data can become code.

use serde::Serialize;

mod alt;

use crate::analysis::Level;
use crate::analysis::monthly::{IndicatorResult, MonthlyBriefing};
use crate::analysis::ser;
use crate::model::{Month, Num, Workspace};

/// Most bars a chart draws: a chart is one block on one page. With more
/// indicators or units, it shows the lowest ones (those that need attention).
pub const CHART_BARS: usize = 40;

/// The charts of a handout, in the order they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartName {
    Trend,
    Rates,
    Units,
}

impl ChartName {
    pub fn as_str(self) -> &'static str {
        match self {
            ChartName::Trend => "trend",
            ChartName::Rates => "rates",
            ChartName::Units => "units",
        }
    }

    /// The SVG file beside the Markdown: `2026-06-trend.svg`.
    pub fn svg_file(self, month: Month) -> String {
        format!("{month}-{}.svg", self.as_str())
    }

    /// The PNG file beside the Markdown and in the DOCX: `2026-06-trend.png`.
    pub fn png_file(self, month: Month) -> String {
        format!("{month}-{}.png", self.as_str())
    }
}

/// The JSON file holding every chart's data, beside the document's Typst
/// source (`2026-06-charts.json`); the source reads it with `json(..)`.
pub fn chart_file(month: Month) -> String {
    format!("{month}-charts.json")
}

/// One chart: its name, the SVG file it becomes, and its data.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub name: ChartName,
    pub file: String,
    /// The PNG file beside the Markdown (`2026-06-trend.png`).
    pub png: String,
    /// Every figure of the chart in words: the PNG's alt text.
    pub alt: String,
    #[serde(skip)]
    pub data: ChartData,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ChartData {
    Trend(TrendData),
    Rates(RatesData),
    Units(UnitsData),
}

/// Rank and total over the months of the year so far, with each tier's entry score.
#[derive(Debug, Clone, Serialize)]
pub struct TrendData {
    /// "1月", "2月", …
    pub months: Vec<String>,
    pub ranks: Vec<u32>,
    /// Each month's rank as it is said ("第6名", "并列第10名").
    pub rank_labels: Vec<String>,
    pub scores: Vec<ChartNum>,
    pub tiers: Vec<TierLine>,
    pub peers: usize,
    /// The axis and where every label goes ([`super::chart_labels`]).
    pub layout: Box<super::chart_labels::TrendLayout>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierLine {
    pub name: String,
    pub last: u32,
    /// Entry score in each month (none where the month's ranking has no such place).
    pub entries: Vec<Option<ChartNum>>,
}

/// The score rate of each assessed indicator, with the warning thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct RatesData {
    pub items: Vec<RateBar>,
    pub red: ChartNum,
    pub yellow: ChartNum,
}

#[derive(Debug, Clone, Serialize)]
pub struct RateBar {
    pub label: String,
    pub name: String,
    pub rate: ChartNum,
    /// Points lost: the bars are sorted by it, most first.
    pub lost: ChartNum,
    pub level: Option<Level>,
    /// What stands right of the bar: "74.0%  失2.60分【红】".
    pub text: String,
}

/// The internal ranking's scores, lowest last.
#[derive(Debug, Clone, Serialize)]
pub struct UnitsData {
    pub items: Vec<UnitBar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitBar {
    pub label: String,
    pub score: ChartNum,
    pub explain: bool,
    /// What stands right of the bar: "87.30分  须说明".
    pub text: String,
}

/// A figure for a chart, rounded: an integer where it is whole (Typst then
/// reads an integer, as a literal `92` would be), else a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartNum(Num);

impl ChartNum {
    fn new(n: Num, places: u32) -> ChartNum {
        ChartNum(ser::round(n, places).normalize())
    }
}

impl Serialize for ChartNum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.to_string();
        if self.0.scale() == 0
            && let Ok(i) = text.parse::<i64>()
        {
            return s.serialize_i64(i);
        }
        match text.parse::<f64>() {
            Ok(f) => s.serialize_f64(f),
            Err(_) => s.serialize_none(),
        }
    }
}

/// The three charts of a month's handout.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub trend: Chart,
    pub rates: Chart,
    pub units: Chart,
    /// The JSON file of their data, beside the document ([`chart_file`]).
    pub data_file: String,
}

impl Charts {
    pub fn new(ws: &Workspace, month: Month, b: &MonthlyBriefing) -> Charts {
        let chart = |name: ChartName, data: ChartData| Chart {
            name,
            file: name.svg_file(month),
            png: name.png_file(month),
            alt: data.alt(),
            data,
        };
        Charts {
            trend: chart(ChartName::Trend, ChartData::Trend(trend(ws, b))),
            rates: chart(ChartName::Rates, ChartData::Rates(rates(ws, b))),
            units: chart(ChartName::Units, ChartData::Units(units(b))),
            data_file: chart_file(month),
        }
    }

    /// The charts in the order they appear.
    pub fn iter(&self) -> impl Iterator<Item = &Chart> {
        [&self.trend, &self.rates, &self.units].into_iter()
    }

    /// Every chart's data as one JSON object keyed by chart name: the
    /// content of [`Charts::data_file`].
    pub fn to_json(&self) -> String {
        let map: std::collections::BTreeMap<&str, &ChartData> =
            self.iter().map(|c| (c.name.as_str(), &c.data)).collect();
        // Cannot fail: string keys, and numbers that are always finite.
        let mut text = serde_json::to_string_pretty(&map).expect("chart data is plain JSON");
        text.push('\n');
        text
    }
}

fn trend(ws: &Workspace, b: &MonthlyBriefing) -> TrendData {
    TrendData {
        months: b
            .trend
            .iter()
            .map(|t| format!("{}月", t.month[5..].trim_start_matches('0')))
            .collect(),
        ranks: b.trend.iter().map(|t| t.rank).collect(),
        rank_labels: b.trend.iter().map(rank_label).collect(),
        scores: b.trend.iter().map(|t| ChartNum::new(t.score, 4)).collect(),
        tiers: ws
            .config()
            .tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| TierLine {
                name: tier.name.clone(),
                last: tier.last,
                entries: b
                    .trend
                    .iter()
                    .map(|t| {
                        t.tier_entries
                            .get(i)
                            .map(|e| ChartNum::new(e.entry_score, 4))
                    })
                    .collect(),
            })
            .collect(),
        peers: ws.peers().len(),
        layout: Box::new(super::chart_labels::trend_layout(
            &b.trend.iter().map(|t| t.score).collect::<Vec<_>>(),
            &b.trend.iter().map(rank_label).collect::<Vec<_>>(),
            &better_tiers(ws, b),
        )),
    }
}

/// Every tier but the last (whose "entry" is the bottom of the ranking),
/// with its entry score by month: the lines the trend chart draws.
fn better_tiers(ws: &Workspace, b: &MonthlyBriefing) -> Vec<(String, Vec<Option<Num>>)> {
    let tiers = &ws.config().tiers;
    tiers
        .iter()
        .enumerate()
        .take(tiers.len().saturating_sub(1))
        .map(|(i, tier)| {
            let entries = b
                .trend
                .iter()
                .map(|t| t.tier_entries.get(i).map(|e| e.entry_score))
                .collect();
            (tier.name.clone(), entries)
        })
        .collect()
}

fn rates(ws: &Workspace, b: &MonthlyBriefing) -> RatesData {
    let mut rated: Vec<&IndicatorResult> =
        b.indicators.iter().filter(|i| i.rate.is_some()).collect();
    // Points lost, most first (writing.md: bars sorted by what they show);
    // with more than CHART_BARS, the chart keeps those that lost the most.
    rated.sort_by(|a, b| {
        b.lost
            .cmp(&a.lost)
            .then_with(|| a.rate.cmp(&b.rate))
            .then_with(|| a.id.cmp(&b.id))
    });
    rated.truncate(CHART_BARS);
    let w = &ws.config().warnings;
    RatesData {
        items: rated
            .into_iter()
            .filter_map(|i| {
                let rate = i.rate?;
                let mark = i.level.map_or("", super::prose::level_mark);
                Some(RateBar {
                    label: i.id.clone(),
                    name: i.name.clone(),
                    rate: ChartNum::new(rate, 4),
                    lost: ChartNum::new(i.lost, 2),
                    level: i.level,
                    text: format!(
                        "{:.1}%  失{:.2}分{mark}",
                        ser::round(rate * Num::from(100), 1),
                        ser::round(i.lost, 2)
                    ),
                })
            })
            .collect(),
        red: ChartNum::new(w.rate_red, 4),
        yellow: ChartNum::new(w.rate_yellow, 4),
    }
}

fn units(b: &MonthlyBriefing) -> UnitsData {
    let ranked: Vec<_> = b.units.iter().filter(|u| u.score.is_some()).collect();
    let lowest = &ranked[ranked.len().saturating_sub(CHART_BARS)..];
    UnitsData {
        items: lowest
            .iter()
            .filter_map(|u| {
                Some(UnitBar {
                    label: u.name.clone(),
                    score: ChartNum::new(u.score?, 2),
                    text: format!(
                        "{:.2}分{}",
                        ser::round(u.score?, 2),
                        if u.must_explain { "  须说明" } else { "" }
                    ),
                    explain: u.must_explain,
                })
            })
            .collect(),
    }
}

/// A month's rank as the documents say it: a shared rank is 并列.
fn rank_label(t: &crate::analysis::monthly::TrendPoint) -> String {
    super::prose::rank_words(t.rank, t.tied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_numbers_are_integers_when_whole() {
        let json = |n: Num, places| serde_json::to_string(&ChartNum::new(n, places)).unwrap();
        assert_eq!(json(Num::new(9200, 2), 4), "92");
        assert_eq!(json(Num::new(8590, 2), 4), "85.9");
        assert_eq!(json(Num::new(873456, 4), 2), "87.35");
        assert_eq!(json(Num::new(-5, 1), 2), "-0.5");
    }
}
