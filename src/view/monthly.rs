//! The monthly progress-meeting handout (推进会材料) as its documents show it.
//!
//! In: the workspace and a [`MonthlyBriefing`]. Out: a [`MonthlyView`] with
//! the title and scope, the province ranking as a table (with each peer's
//! difference to this bureau), the warnings split by what they concern, the
//! indicators grouped by category with their subtotals, the shortfalls, the
//! internal ranking as the PDF condenses it, the explanations with their
//! text, and the data of the three charts.

use chrono::NaiveDate;
use serde::Serialize;

use super::charts::{self, Charts};
use super::monthly_prose;
use super::{FontFamilies, LevelCounts, Masthead};
use crate::analysis::format::{zh_date, zh_day_in};
use crate::analysis::monthly::{
    CategoryTotal, Charge, Commendation, ExplanationItem, IndicatorResult, MonthWarning,
    MonthlyBriefing, RankedPeer, SelfStanding, UnitResult, WarningKind,
};
use crate::analysis::{fmt_pct, ser};
use crate::model::{Month, Num, Workspace};

/// Everything the handout shows.
#[derive(Debug, Serialize)]
pub struct MonthlyView<'a> {
    #[serde(flatten)]
    pub masthead: Masthead<'a>,
    pub title: String,
    /// The title as the PDF breaks it, between words ([`super::title`]).
    pub title_lines: Vec<String>,
    /// The handout's issue number: the month's number.
    pub issue: u32,
    /// The day the handout speaks of (the meeting, or the publication).
    pub date: NaiveDate,
    /// That day with its year (masthead, 版记) and as the prose says it.
    pub date_full: String,
    pub date_text: String,
    /// The opening paragraph, and the one under 全省排名情况.
    pub opening: String,
    pub ranking_paragraph: String,
    /// The subtotals by category in a sentence.
    pub category_line: String,
    /// "各项得分合计…以省通报为准。" when the indicator scores do not add up
    /// to the published total.
    pub subtotal_line: Option<String>,
    /// The five indicators that lost most, in a sentence.
    pub shortfall_line: Option<String>,
    /// The day explanations are due, and the day of publication, as prose says them.
    pub explanation_due_text: String,
    pub published_text: String,
    pub month: Month,
    /// "1—6月", or the month file's own `scope`.
    pub scope_label: String,
    pub published: NaiveDate,
    pub peers_count: usize,
    #[serde(rename = "me")]
    pub standing: &'a SelfStanding,
    pub levels: LevelCounts,
    /// Units required to explain this month.
    pub explain_count: usize,
    /// Warnings on the ranking (rank drop, overtaking risk), in the briefing's order.
    pub ranking_warnings: Vec<&'a MonthWarning>,
    /// Warnings on indicators' score rates, each with its indicator.
    pub rate_warnings: Vec<RateWarning<'a>>,
    pub ranking_rows: Vec<RankingRow<'a>>,
    pub categories: &'a [CategoryTotal],
    /// The categories that have indicators, each with them, in the scheme's order.
    pub category_groups: Vec<CategoryGroup<'a>>,
    /// Indicators that lost points, most first.
    pub shortfalls: Vec<&'a IndicatorResult>,
    /// The rate thresholds as percentages ("80%").
    pub rate_red: String,
    pub rate_yellow: String,
    /// Whether the month's file gave the units' scores (else computed from indicators).
    pub units_given: bool,
    pub units: &'a [UnitResult],
    /// The internal ranking as the PDF shows it (see [`ranking_table`]).
    pub ranking_table: Vec<UnitTableRow<'a>>,
    pub rules: ExplainRules,
    pub explanation_due: NaiveDate,
    pub explanations: Vec<ExplanationView<'a>>,
    pub commended: &'a [Commendation],
    pub charges: &'a [Charge],
    /// The superior's notes and the office's next steps, Markdown free text.
    pub notes: Option<&'a str>,
    pub next_steps: Option<&'a str>,
    /// The trend, rates and units charts.
    pub charts: Charts,
    /// Most bars a chart draws, and whether the rates and units charts were cut to it.
    pub chart_bars: usize,
    pub rates_capped: bool,
    pub units_capped: bool,
}

/// A score-rate warning with the indicator it concerns.
#[derive(Debug, Serialize)]
pub struct RateWarning<'a> {
    pub warning: &'a MonthWarning,
    pub indicator: &'a IndicatorResult,
}

/// A row of the province ranking.
#[derive(Debug, Serialize)]
pub struct RankingRow<'a> {
    #[serde(flatten)]
    pub peer: &'a RankedPeer,
    /// The peer's score minus this bureau's.
    #[serde(serialize_with = "ser::score")]
    pub diff: Num,
    /// The same as a table shows it: "+1.20", "−0.55" ("—" for this bureau).
    pub diff_text: String,
}

#[derive(Debug, Serialize)]
pub struct CategoryGroup<'a> {
    pub name: &'static str,
    pub total: &'a CategoryTotal,
    pub rows: Vec<&'a IndicatorResult>,
}

/// A row of the internal ranking as the PDF shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitTableRow<'a> {
    Unit(&'a UnitResult),
    /// Ranked units left out between two shown rows.
    Skipped(usize),
    /// Units without a score, counted in one row at the end.
    Unranked(usize),
}

/// Who must explain, from `config.yaml`.
#[derive(Debug, Serialize)]
pub struct ExplainRules {
    pub bottom: u32,
    /// Units scoring below this (100 × `below_rate`) must explain too.
    #[serde(serialize_with = "ser::opt_score")]
    pub below_score: Option<Num>,
}

/// An explanation with its text.
#[derive(Debug, Serialize)]
pub struct ExplanationView<'a> {
    #[serde(flatten)]
    pub item: &'a ExplanationItem,
    pub status_zh: &'static str,
    /// "南岭区（未报送，连续5个月被要求作出情况说明）".
    pub heading: String,
    pub reasons: Option<&'a str>,
    pub measures: Option<&'a str>,
    pub commitment: Option<&'a str>,
}

impl<'a> MonthlyView<'a> {
    pub fn new(
        ws: &'a Workspace,
        fonts: FontFamilies<'a>,
        month: Month,
        b: &'a MonthlyBriefing,
    ) -> MonthlyView<'a> {
        let data = ws.months().get(&month);
        let scope_label = b
            .scope
            .clone()
            .unwrap_or_else(|| format!("1—{}月", month.month()));
        let indicator = |id: &str| b.indicators.iter().find(|i| i.id == id);
        let (ranking_warnings, rate_warnings) = split_warnings(b);
        let c = &ws.config();
        let year = c.year;
        let shortfalls: Vec<&IndicatorResult> =
            b.shortfalls.iter().filter_map(|id| indicator(id)).collect();
        MonthlyView {
            masthead: Masthead::new(ws, fonts),
            title: format!("{}年{}目标绩效考核情况分析", month.year(), scope_label),
            title_lines: super::title::monthly(month.year(), &scope_label),
            issue: month.month(),
            date: b.as_of,
            date_full: zh_date(b.as_of),
            date_text: zh_day_in(b.as_of, year),
            opening: monthly_prose::opening(b, &scope_label, ws.peers().len(), year),
            ranking_paragraph: monthly_prose::ranking_paragraph(b, month, &scope_label),
            category_line: monthly_prose::category_line(&b.categories),
            subtotal_line: monthly_prose::subtotal_line(b),
            shortfall_line: monthly_prose::shortfall_line(&shortfalls),
            explanation_due_text: zh_day_in(b.explanation_due, year),
            published_text: zh_day_in(b.published, year),
            month,
            scope_label,
            published: b.published,
            peers_count: ws.peers().len(),
            standing: &b.self_standing,
            levels: LevelCounts::of(b.warnings.iter().map(|w| w.level)),
            explain_count: b.units.iter().filter(|u| u.must_explain).count(),
            ranking_warnings,
            rate_warnings,
            ranking_rows: b
                .ranking
                .iter()
                .map(|peer| RankingRow {
                    peer,
                    diff: peer.score - b.self_standing.score,
                    diff_text: if peer.is_self {
                        "—".into()
                    } else {
                        monthly_prose::diff_text(peer.score - b.self_standing.score)
                    },
                })
                .collect(),
            categories: &b.categories,
            category_groups: b
                .categories
                .iter()
                .map(|total| CategoryGroup {
                    name: total.name,
                    total,
                    rows: b
                        .indicators
                        .iter()
                        .filter(|i| i.category == total.category)
                        .collect(),
                })
                .filter(|g| !g.rows.is_empty())
                .collect(),
            shortfalls,
            rate_red: fmt_pct(c.warnings.rate_red),
            rate_yellow: fmt_pct(c.warnings.rate_yellow),
            units_given: b.units.first().is_some_and(|u| u.given),
            units: &b.units,
            ranking_table: ranking_table(&b.units, c.table_limit as usize),
            rules: ExplainRules {
                bottom: c.explanations.bottom,
                below_score: c.explanations.below_rate.map(|r| r * Num::ONE_HUNDRED),
            },
            explanation_due: b.explanation_due,
            explanations: b
                .explanations
                .iter()
                .map(|item| {
                    // Its text only once received (`submitted` is set then).
                    let given = item
                        .submitted
                        .and_then(|_| ws.explanations().get(&(month, item.unit.clone())));
                    ExplanationView {
                        item,
                        status_zh: item.status.zh(),
                        heading: monthly_prose::explanation_heading(
                            &item.name,
                            item.status.zh(),
                            item.months_running,
                            item.submitted.map(|d| zh_day_in(d, year)),
                        ),
                        reasons: given.map(|e| e.reasons.as_str()),
                        measures: given.map(|e| e.measures.as_str()),
                        commitment: given
                            .and_then(|e| e.commitment.as_ref())
                            .map(|t| t.as_str()),
                    }
                })
                .collect(),
            commended: &b.commended,
            charges: &b.charges,
            notes: data.and_then(|d| d.notes.as_ref()).map(|t| t.as_str()),
            next_steps: data.and_then(|d| d.next_steps.as_ref()).map(|t| t.as_str()),
            charts: Charts::new(ws, month, b),
            chart_bars: charts::CHART_BARS,
            rates_capped: b.indicators.iter().filter(|i| i.rate.is_some()).count()
                > charts::CHART_BARS,
            units_capped: b.units.iter().filter(|u| u.score.is_some()).count() > charts::CHART_BARS,
        }
    }
}

/// The warnings on the ranking, and those on indicators' rates with their indicator.
fn split_warnings(b: &MonthlyBriefing) -> (Vec<&MonthWarning>, Vec<RateWarning<'_>>) {
    let mut ranking = Vec::new();
    let mut rates = Vec::new();
    for w in &b.warnings {
        let indicator = w
            .indicator
            .as_deref()
            .and_then(|id| b.indicators.iter().find(|i| i.id == id));
        if w.kind != WarningKind::IndicatorRate {
            ranking.push(w);
        } else if let Some(indicator) = indicator {
            rates.push(RateWarning {
                warning: w,
                indicator,
            });
        }
    }
    (ranking, rates)
}

/// The internal ranking as the PDF shows it: every unit while they fit in
/// `limit` rows. Above that, of the ranked units the first and the last
/// `limit / 2` and every unit that must explain or has explained, with a row
/// saying how many were left out in each gap; the units without a score
/// (unranked) are counted in one row. The Markdown keeps every unit.
pub fn ranking_table(units: &[UnitResult], limit: usize) -> Vec<UnitTableRow<'_>> {
    if units.len() <= limit {
        return units.iter().map(UnitTableRow::Unit).collect();
    }
    let ranked = units.iter().filter(|u| u.rank.is_some()).count();
    let half = limit / 2;
    let mut rows = Vec::new();
    let mut skipped = 0;
    let mut unranked = 0;
    for (i, u) in units.iter().enumerate() {
        let shown = u.must_explain
            || u.explanation.is_some()
            || (u.rank.is_some() && (i < half || i + half >= ranked));
        if !shown {
            if u.rank.is_some() {
                skipped += 1;
            } else {
                unranked += 1;
            }
            continue;
        }
        if skipped > 0 {
            rows.push(UnitTableRow::Skipped(skipped));
            skipped = 0;
        }
        rows.push(UnitTableRow::Unit(u));
    }
    if skipped > 0 {
        rows.push(UnitTableRow::Skipped(skipped));
    }
    if unranked > 0 {
        rows.push(UnitTableRow::Unranked(unranked));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::monthly::ExplanationStatus;
    use proptest::prelude::*;

    fn unit(i: usize, ranked: bool, must_explain: bool, explained: bool) -> UnitResult {
        UnitResult {
            id: format!("u{i}"),
            rank: ranked.then_some(i as u32 + 1),
            score: None,
            must_explain,
            explanation: explained.then_some(ExplanationStatus::Voluntary),
            consecutive: false,
            months_running: u32::from(must_explain),
            name: format!("单位{i}"),
            leader_name: String::new(),
            given: false,
            submitted: None,
        }
    }

    proptest! {
        /// Whatever the limit, every unit is either shown or counted in a
        /// gap row, whoever explains is shown, and the table stays near the limit.
        #[test]
        fn the_condensed_ranking_accounts_for_every_unit(
            flags in prop::collection::vec((0u8..10, 0u8..10), 0..80),
            unranked in 0usize..20,
            limit in 0usize..40,
        ) {
            // Ranked units first, then unranked, as the analysis orders them.
            let mut units: Vec<UnitResult> = flags
                .iter()
                .enumerate()
                .map(|(i, &(m, e))| unit(i, true, m == 0, e == 0))
                .collect();
            let n = units.len();
            units.extend((0..unranked).map(|i| unit(n + i, false, false, i % 7 == 0)));
            let rows = ranking_table(&units, limit);
            let counted: usize = rows.iter().map(|r| match r {
                UnitTableRow::Skipped(n) | UnitTableRow::Unranked(n) => *n,
                UnitTableRow::Unit(_) => 0,
            }).sum();
            let shown: Vec<&str> = rows.iter().filter_map(|r| match r {
                UnitTableRow::Unit(u) => Some(u.id.as_str()),
                _ => None,
            }).collect();
            prop_assert_eq!(shown.len() + counted, units.len());
            for u in &units {
                if u.must_explain || u.explanation.is_some() {
                    prop_assert!(shown.contains(&u.id.as_str()), "{} must be shown", u.id);
                }
            }
            let explaining = units.iter().filter(|u| u.must_explain || u.explanation.is_some()).count();
            prop_assert!(shown.len() <= limit + explaining);
            if units.len() <= limit {
                prop_assert_eq!(shown.len(), units.len());
            }
            // Shown in the analysis's order, no gap row next to another.
            let order: Vec<usize> = shown.iter().map(|id| units.iter().position(|u| u.id == *id).unwrap()).collect();
            prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(rows.windows(2).all(|w| !matches!((&w[0], &w[1]), (UnitTableRow::Skipped(_), UnitTableRow::Skipped(_)))));
        }
    }
}
