//! The indicators of a month: each one's score, points lost, rate and
//! warning level, the subtotals by category, and the shortfalls. In: the
//! month's file (and the previous one, for the change); out: [`Indicators`].

use serde::Serialize;

use super::super::{Chain, Level, ser};
use crate::model::{Category, Indicator, MonthData, Num, Workspace};

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub category: Category,
    #[serde(serialize_with = "ser::opt_score")]
    pub score: Option<Num>,
    #[serde(serialize_with = "ser::score")]
    pub assessable: Num,
    #[serde(serialize_with = "ser::score")]
    pub lost: Num,
    #[serde(serialize_with = "ser::opt_rate")]
    pub rate: Option<Num>,
    pub level: Option<Level>,
    pub name: String,
    #[serde(serialize_with = "ser::opt_score")]
    pub full_score: Option<Num>,
    /// Rank among peers on this indicator, where the month's file gives it.
    pub rank: Option<u32>,
    /// Score change since the previous month's file (both present).
    #[serde(serialize_with = "ser::opt_score")]
    pub score_change: Option<Num>,
    pub assessed: bool,
    pub lead: String,
    pub lead_name: String,
    pub leader_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryTotal {
    pub category: Category,
    pub name: &'static str,
    #[serde(serialize_with = "ser::score")]
    pub score: Num,
    #[serde(serialize_with = "ser::score")]
    pub assessable: Num,
    #[serde(serialize_with = "ser::score")]
    pub lost: Num,
    #[serde(serialize_with = "ser::opt_rate")]
    pub rate: Option<Num>,
}

/// The indicator step's figures.
pub(super) struct Indicators {
    /// Every indicator of the workspace, by id.
    pub results: Vec<IndicatorResult>,
    /// One subtotal per category, in [`Category::ALL`] order.
    pub categories: Vec<CategoryTotal>,
    /// Indicator ids by points lost, most first (only those that lost points).
    pub shortfalls: Vec<String>,
}

pub(super) fn indicators(ws: &Workspace, m: &MonthData, prev: Option<&MonthData>) -> Indicators {
    let results: Vec<IndicatorResult> = ws
        .indicators()
        .values()
        .map(|ind| result(ws, ind, m, prev))
        .collect();
    Indicators {
        categories: categories(&results),
        shortfalls: shortfalls(&results),
        results,
    }
}

fn result(
    ws: &Workspace,
    ind: &Indicator,
    m: &MonthData,
    prev: Option<&MonthData>,
) -> IndicatorResult {
    let w = &ws.config().warnings;
    let given = m.indicators.get(&ind.id);
    let score = given.map(|g| g.score);
    let assessed_full = ind.assessable(m.month);
    let (assessable, lost, rate) = match (ind.category, score) {
        (c, Some(s)) if c.is_rated() => {
            let rate = (assessed_full > Num::ZERO).then(|| s / assessed_full);
            (assessed_full, assessed_full - s, rate)
        }
        (Category::Penalty, Some(s)) => (Num::ZERO, -s, None),
        _ => (Num::ZERO, Num::ZERO, None),
    };
    let level = match (score, ind.category.is_rated() && assessable > Num::ZERO) {
        // score ÷ assessable < threshold, compared exactly.
        (Some(s), true) if s < w.rate_red * assessable => Some(Level::Red),
        (Some(s), true) if s < w.rate_yellow * assessable => Some(Level::Yellow),
        _ => None,
    };
    let score_change = match (score, prev.and_then(|p| p.indicators.get(&ind.id))) {
        (Some(now), Some(before)) => Some(now - before.score),
        _ => None,
    };
    let chain = Chain::of_unit(ws, &ind.lead, None);
    IndicatorResult {
        id: ind.id.clone(),
        category: ind.category,
        score,
        assessable,
        lost,
        rate,
        level,
        name: ind.name.clone(),
        full_score: ind.full_score,
        rank: given.and_then(|g| g.rank),
        score_change,
        assessed: score.is_some() && (!ind.category.is_rated() || assessable > Num::ZERO),
        lead: ind.lead.clone(),
        lead_name: chain.unit_name,
        leader_name: chain.leader_name,
    }
}

fn categories(results: &[IndicatorResult]) -> Vec<CategoryTotal> {
    Category::ALL
        .iter()
        .map(|&c| {
            let of: Vec<&IndicatorResult> = results.iter().filter(|r| r.category == c).collect();
            let score: Num = of.iter().filter_map(|r| r.score).sum();
            let assessable: Num = of.iter().map(|r| r.assessable).sum();
            let lost: Num = of.iter().map(|r| r.lost).sum();
            CategoryTotal {
                category: c,
                name: c.zh(),
                score,
                assessable,
                lost,
                rate: (c.is_rated() && assessable > Num::ZERO).then(|| score / assessable),
            }
        })
        .collect()
}

fn shortfalls(results: &[IndicatorResult]) -> Vec<String> {
    let mut shortfall: Vec<&IndicatorResult> =
        results.iter().filter(|r| r.lost > Num::ZERO).collect();
    shortfall.sort_by(|a, b| b.lost.cmp(&a.lost).then_with(|| a.id.cmp(&b.id)));
    shortfall.iter().map(|r| r.id.clone()).collect()
}
