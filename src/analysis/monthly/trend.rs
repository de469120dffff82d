//! The year's trend: this bureau's rank and score, and every tier's entry
//! score, for each month of the year up to the handout's. In: the month
//! files; out: one [`TrendPoint`] per month with a file.

use serde::Serialize;

use super::super::ser;
use super::standing::standing;
use crate::model::{Month, Num, Workspace};

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub month: String,
    pub rank: u32,
    /// Another peer shares the rank (并列).
    pub tied: bool,
    #[serde(serialize_with = "ser::score")]
    pub score: Num,
    pub tier_entries: Vec<TierEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierEntry {
    pub tier: String,
    #[serde(serialize_with = "ser::score")]
    pub entry_score: Num,
}

pub(super) fn trend(ws: &Workspace, month: Month) -> Vec<TrendPoint> {
    ws.months()
        .range(..=month)
        .filter(|(mo, _)| mo.year() == month.year())
        .map(|(mo, data)| {
            let s = standing(ws, data);
            TrendPoint {
                month: mo.to_string(),
                rank: s.rank,
                tied: !super::standing::tied_with(&s).is_empty(),
                score: s.score,
                tier_entries: ws
                    .config()
                    .tiers
                    .iter()
                    .zip(&s.entries)
                    .map(|(t, e)| TierEntry {
                        tier: t.name.clone(),
                        entry_score: *e,
                    })
                    .collect(),
            }
        })
        .collect()
}
