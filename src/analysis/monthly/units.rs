//! The internal ranking and who must explain: each unit's score (given in
//! the month's file, or computed from the indicators it leads), its rank,
//! whether it must explain (and did, on time), and whether it had to the
//! month before as well. In: the month's file, the previous one and the
//! explanations received; out: [`Accountability`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::super::{Ratio, competition_ranks, ser};
use crate::model::{Explanation, Month, MonthData, Num, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExplanationStatus {
    Submitted,
    Late,
    Pending,
    Missing,
    Voluntary,
}

impl ExplanationStatus {
    pub fn zh(self) -> &'static str {
        match self {
            ExplanationStatus::Submitted => "已按时报送",
            ExplanationStatus::Late => "逾期报送",
            ExplanationStatus::Pending => "尚未报送（未到期）",
            ExplanationStatus::Missing => "未报送",
            ExplanationStatus::Voluntary => "主动报送",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    pub id: String,
    pub rank: Option<u32>,
    #[serde(serialize_with = "ser::opt_score")]
    pub score: Option<Num>,
    pub must_explain: bool,
    pub explanation: Option<ExplanationStatus>,
    /// Required this month and in the previous month's file too.
    pub consecutive: bool,
    /// How many month files in a row, back from this one, required the unit
    /// to explain (0 when not required now).
    pub months_running: u32,
    pub name: String,
    pub leader_name: String,
    /// Whether the score was given in the month's file or computed from indicators.
    pub given: bool,
    pub submitted: Option<NaiveDate>,
}

/// An explanation the handout lists: required, or submitted unasked.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationItem {
    pub unit: String,
    pub name: String,
    pub status: ExplanationStatus,
    pub consecutive: bool,
    pub months_running: u32,
    pub submitted: Option<NaiveDate>,
    pub due: NaiveDate,
}

/// The internal-ranking step's figures.
pub(super) struct Accountability {
    /// The ranked units best first, then the unranked ones by id.
    pub units: Vec<UnitResult>,
    pub explanation_due: NaiveDate,
    /// Every unit that must explain or explained unasked, in `units` order.
    pub explanations: Vec<ExplanationItem>,
}

/// The units' internal scores of a month.
struct UnitScores {
    /// By unit id; exact.
    scores: BTreeMap<String, Ratio>,
    /// Given in the month's file (`true`) or computed from indicators.
    given: bool,
}

/// Internal scores: given in the month's file, or 100 × Σ score ÷ Σ assessable
/// over the assessed rated indicators each unit leads. Exact.
fn unit_scores(ws: &Workspace, m: &MonthData) -> UnitScores {
    if let Some(given) = &m.units {
        return UnitScores {
            scores: given
                .iter()
                .map(|(u, s)| (u.clone(), Ratio::whole(*s)))
                .collect(),
            given: true,
        };
    }
    let mut sums: BTreeMap<String, (Num, Num)> = BTreeMap::new();
    for ind in ws.indicators().values().filter(|i| i.category.is_rated()) {
        let Some(given) = m.indicators.get(&ind.id) else {
            continue;
        };
        let assessable = ind.assessable(m.month);
        if assessable <= Num::ZERO {
            continue;
        }
        let e = sums.entry(ind.lead.clone()).or_default();
        e.0 += given.score;
        e.1 += assessable;
    }
    UnitScores {
        scores: sums
            .into_iter()
            .map(|(u, (s, a))| (u, Ratio::new(s * Num::ONE_HUNDRED, a)))
            .collect(),
        given: false,
    }
}

struct RankedUnit {
    id: String,
    rank: u32,
    score: Ratio,
}

/// The units with a score, ranked, and those that must explain.
struct InternalRanking {
    /// Best first; ties in id order.
    ranked: Vec<RankedUnit>,
    must_explain: BTreeSet<String>,
    given: bool,
}

fn internal_ranking(ws: &Workspace, m: &MonthData) -> InternalRanking {
    let UnitScores { scores, given } = unit_scores(ws, m);
    let mut sorted: Vec<(String, Ratio)> = scores.into_iter().collect();
    // Best first; ties keep id order (stable sort over an id-ordered map).
    sorted.sort_by_key(|e| std::cmp::Reverse(e.1));
    let ranks = competition_ranks(&sorted.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    let ranked: Vec<RankedUnit> = sorted
        .into_iter()
        .zip(ranks)
        .map(|((id, score), rank)| RankedUnit { id, rank, score })
        .collect();
    let settings = &ws.config().explanations;
    let mut must_explain = BTreeSet::new();
    let bottom = settings.bottom as usize;
    if bottom > 0 && !ranked.is_empty() {
        // The bottom-th lowest score; every unit at or below it explains (ties at the cut included).
        let cut = ranked[ranked.len().saturating_sub(bottom)].score;
        for u in &ranked {
            if u.score <= cut {
                must_explain.insert(u.id.clone());
            }
        }
    }
    if let Some(rate) = settings.below_rate {
        for u in &ranked {
            if u.score.cmp_num(rate * Num::ONE_HUNDRED).is_lt() {
                must_explain.insert(u.id.clone());
            }
        }
    }
    InternalRanking {
        ranked,
        must_explain,
        given,
    }
}

/// The internal ranking of `m` and the explanations it calls for, as known on its day.
pub(super) fn accountability(ws: &Workspace, month: Month, m: &MonthData) -> Accountability {
    let as_of = m.as_of();
    let InternalRanking {
        ranked,
        must_explain,
        given,
    } = internal_ranking(ws, m);
    // Each earlier month file's required units, nearest first: the count of
    // months running stops at the first month a unit was not required.
    let earlier: Vec<BTreeSet<String>> = ws
        .months()
        .range(..month)
        .rev()
        .map(|(_, p)| internal_ranking(ws, p).must_explain)
        .collect();
    let running = |unit: &str| -> u32 {
        1 + earlier.iter().take_while(|req| req.contains(unit)).count() as u32
    };
    let due = m.published + chrono::Duration::days(ws.config().explanations.due_days as i64);
    // Explanations submitted after the handout's day are not known to it.
    let received = |unit: &str| -> Option<&Explanation> {
        ws.explanations()
            .get(&(month, unit.to_string()))
            .filter(|e| e.submitted <= as_of)
    };
    let status_of = |unit: &str, required: bool| -> Option<ExplanationStatus> {
        match (required, received(unit)) {
            (true, Some(e)) if e.submitted <= due => Some(ExplanationStatus::Submitted),
            (true, Some(_)) => Some(ExplanationStatus::Late),
            (true, None) if as_of <= due => Some(ExplanationStatus::Pending),
            (true, None) => Some(ExplanationStatus::Missing),
            (false, Some(_)) => Some(ExplanationStatus::Voluntary),
            (false, None) => None,
        }
    };
    let ranked_ids: BTreeSet<&str> = ranked.iter().map(|u| u.id.as_str()).collect();
    let places = ranked
        .iter()
        .map(|u| (u.id.as_str(), Some((u.rank, u.score))))
        .chain(
            ws.units()
                .keys()
                .filter(|u| !ranked_ids.contains(u.as_str()))
                .map(|u| (u.as_str(), None)),
        );
    let units: Vec<UnitResult> = places
        .map(|(id, place)| {
            let required = must_explain.contains(id);
            let months_running = if required { running(id) } else { 0 };
            UnitResult {
                id: id.to_string(),
                rank: place.map(|(r, _)| r),
                score: place.map(|(_, s)| s.value()),
                must_explain: required,
                explanation: status_of(id, required),
                consecutive: months_running >= 2,
                months_running,
                name: ws.units()[id].name.clone(),
                leader_name: ws
                    .leader_of(id)
                    .map_or_else(String::new, |l| l.name.clone()),
                given,
                submitted: received(id).map(|e| e.submitted),
            }
        })
        .collect();
    let explanations = units
        .iter()
        .filter_map(|u| {
            Some(ExplanationItem {
                unit: u.id.clone(),
                name: u.name.clone(),
                status: u.explanation?,
                consecutive: u.consecutive,
                months_running: u.months_running,
                submitted: u.submitted,
                due,
            })
        })
        .collect();
    Accountability {
        units,
        explanation_due: due,
        explanations,
    }
}
