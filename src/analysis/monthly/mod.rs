//! The monthly handout's figures: the province ranking and this bureau's
//! standing in it, the indicators, the internal ranking, who must explain,
//! the proposed rewards and deductions, the warnings and the year's trend.
//!
//! In: the checked workspace and a month that has a file; out: a
//! [`MonthlyBriefing`]. One module per step; [`analyse`] runs them in order
//! (each step reads only the workspace and the figures of earlier steps).

mod indicators;
mod rewards;
mod standing;
mod trend;
mod units;
mod warnings;

use chrono::NaiveDate;
use serde::Serialize;

use super::Period;
use crate::model::{Month, MonthData, Workspace};

pub use indicators::{CategoryTotal, IndicatorResult};
pub use rewards::{Charge, ChargeItem, Commendation};
pub use standing::{
    Change, Chase, Margin, RankedPeer, SelfStanding, Standing, Tied, TierGap, TierGapChange,
    standing, tied_with,
};
pub use trend::{TierEntry, TrendPoint};
pub use units::{ExplanationItem, ExplanationStatus, UnitResult};
pub use warnings::{MonthWarning, WarningKind};

#[derive(Debug, Clone, Serialize)]
pub struct MonthlyBriefing {
    pub kind: &'static str,
    pub month: String,
    pub as_of: NaiveDate,
    pub published: NaiveDate,
    pub meeting: Option<NaiveDate>,
    pub scope: Option<String>,
    pub previous_month: Option<String>,
    pub ranking: Vec<RankedPeer>,
    #[serde(rename = "self")]
    pub self_standing: SelfStanding,
    pub indicators: Vec<IndicatorResult>,
    pub categories: Vec<CategoryTotal>,
    /// Indicator ids by points lost, most first (only those that lost points).
    pub shortfalls: Vec<String>,
    pub units: Vec<UnitResult>,
    pub explanation_due: NaiveDate,
    pub explanations: Vec<ExplanationItem>,
    pub charges: Vec<Charge>,
    pub commended: Vec<Commendation>,
    pub warnings: Vec<MonthWarning>,
    pub trend: Vec<TrendPoint>,
    /// This bureau's indicator scores do not add up to its published total.
    pub subtotal_mismatch: Option<SubtotalMismatch>,
}

/// This bureau's indicator scores and its total in the ranking, when they
/// disagree: the handout says so where the subtotals are.
#[derive(Debug, Clone, Serialize)]
pub struct SubtotalMismatch {
    #[serde(serialize_with = "super::ser::score")]
    pub sum: crate::model::Num,
    #[serde(serialize_with = "super::ser::score")]
    pub total: crate::model::Num,
    /// `sum − total`.
    #[serde(serialize_with = "super::ser::score")]
    pub difference: crate::model::Num,
}

/// The month's data files a handout reads (besides the shared ones), as
/// paths relative to the workspace: every month file up to `month` (the
/// previous month for the changes, the year's for the trend), and the
/// explanations filed for `month`.
pub(super) fn inputs(ws: &Workspace, month: Month) -> Vec<String> {
    let mut rels: Vec<String> = ws
        .months()
        .range(..=month)
        .map(|(m, _)| Period::Month(*m).data_file())
        .collect();
    // The files themselves rather than `ws.explanations`: a file that is in
    // the folder counts, even when it adds nothing the handout shows.
    let prefix = format!("explanations/{month}/");
    let mut explanations: Vec<String> = ws
        .files()
        .iter()
        .map(|(_, f)| &f.rel)
        .filter(|rel| rel.starts_with(&prefix))
        .cloned()
        .collect();
    explanations.sort();
    explanations.dedup();
    rels.extend(explanations);
    rels
}

/// The handout of `month`, whose file is `m`.
pub(super) fn analyse(ws: &Workspace, month: Month, m: &MonthData) -> MonthlyBriefing {
    let prev = ws.months().range(..month).next_back().map(|(_, p)| p);
    let now = standing(ws, m);
    let before = prev.map(|p| standing(ws, p));
    let self_standing = standing::self_standing(ws, &now, prev.zip(before.as_ref()));
    let indicators = indicators::indicators(ws, m, prev);
    let warnings = warnings::warnings(
        ws,
        &now,
        before.as_ref(),
        &self_standing,
        &indicators.results,
    );
    let accountability = units::accountability(ws, month, m);
    let rewards = rewards::rewards(ws, &indicators.results);
    MonthlyBriefing {
        kind: "monthly",
        month: month.to_string(),
        as_of: m.as_of(),
        published: m.published,
        meeting: m.meeting,
        scope: m.scope.clone(),
        previous_month: prev.map(|p| p.month.to_string()),
        ranking: now.ranking,
        self_standing,
        indicators: indicators.results,
        categories: indicators.categories,
        shortfalls: indicators.shortfalls,
        units: accountability.units,
        explanation_due: accountability.explanation_due,
        explanations: accountability.explanations,
        charges: rewards.charges,
        commended: rewards.commended,
        warnings,
        trend: trend::trend(ws, month),
        subtotal_mismatch: m
            .ranking
            .get(&ws.config().self_id)
            .and_then(|total| m.subtotal_mismatch(*total))
            .map(|(sum, total)| SubtotalMismatch {
                sum,
                total,
                difference: sum - total,
            }),
    }
}
