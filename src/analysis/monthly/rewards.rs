//! Rewards and deductions, proposed: the points each unit's indicators lost
//! (charged to the unit that leads them), and the units commended for full
//! marks on every assessed indicator they lead or for bonus points gained.
//! In: the indicator step's results; out: [`Rewards`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::{format::fmt_score, ser};
use super::indicators::IndicatorResult;
use crate::model::{Category, Num, Workspace};

#[derive(Debug, Clone, Serialize)]
pub struct ChargeItem {
    pub indicator: String,
    pub name: String,
    #[serde(serialize_with = "ser::score")]
    pub points: Num,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charge {
    pub unit: String,
    #[serde(serialize_with = "ser::score")]
    pub points: Num,
    pub name: String,
    pub breakdown: Vec<ChargeItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Commendation {
    pub unit: String,
    pub name: String,
    pub reasons: Vec<String>,
}

/// The rewards-and-deductions step's figures.
pub(super) struct Rewards {
    /// Units with a net loss, most points first (ties by id).
    pub charges: Vec<Charge>,
    /// By unit id.
    pub commended: Vec<Commendation>,
}

pub(super) fn rewards(ws: &Workspace, indicators: &[IndicatorResult]) -> Rewards {
    Rewards {
        charges: charges(ws, indicators),
        commended: commended(ws, indicators),
    }
}

fn charges(ws: &Workspace, indicators: &[IndicatorResult]) -> Vec<Charge> {
    let mut by_unit: BTreeMap<&str, Vec<ChargeItem>> = BTreeMap::new();
    for r in indicators {
        if r.lost != Num::ZERO && r.score.is_some() {
            by_unit.entry(&r.lead).or_default().push(ChargeItem {
                indicator: r.id.clone(),
                name: r.name.clone(),
                points: r.lost,
            });
        }
    }
    let mut charges: Vec<Charge> = by_unit
        .into_iter()
        .map(|(unit, breakdown)| Charge {
            unit: unit.to_string(),
            points: breakdown.iter().map(|b| b.points).sum(),
            name: ws.units()[unit].name.clone(),
            breakdown,
        })
        // A penalty lost and a bonus gained can cancel out: only a net loss is charged.
        .filter(|c| c.points > Num::ZERO)
        .collect();
    charges.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.unit.cmp(&b.unit)));
    charges
}

fn commended(ws: &Workspace, indicators: &[IndicatorResult]) -> Vec<Commendation> {
    // Per unit: (assessed rated indicators, of which at full marks).
    let mut full_marks: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut bonus_gained: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in indicators {
        if r.category.is_rated() && r.assessed {
            let e = full_marks.entry(&r.lead).or_default();
            e.0 += 1;
            if r.score == Some(r.assessable) {
                e.1 += 1;
            }
        }
        if let Some(score) = r.score
            && r.category == Category::Bonus
            && score > Num::ZERO
        {
            bonus_gained.entry(&r.lead).or_default().push(format!(
                "{}加{}分",
                r.name,
                fmt_score(score)
            ));
        }
    }
    let mut reasons: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (unit, (assessed, full)) in full_marks {
        if assessed > 0 && assessed == full {
            reasons
                .entry(unit)
                .or_default()
                .push(format!("牵头的{assessed}项已考核指标全部满分"));
        }
    }
    for (unit, gained) in bonus_gained {
        reasons.entry(unit).or_default().extend(gained);
    }
    reasons
        .into_iter()
        .map(|(unit, reasons)| Commendation {
            unit: unit.to_string(),
            name: ws.units()[unit].name.clone(),
            reasons,
        })
        .collect()
}
