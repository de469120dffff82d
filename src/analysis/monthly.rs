//! The monthly handout's figures: the province ranking and this bureau's
//! standing in it, the indicators, the internal ranking, who must explain,
//! and the proposed rewards and deductions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Chain, Level, Ratio, competition_ranks, fmt_num, ser};
use crate::model::{Category, Month, MonthData, Num, Workspace};

#[derive(Debug, Clone, Serialize)]
pub struct RankedPeer {
    pub peer: String,
    pub rank: u32,
    #[serde(serialize_with = "ser::score")]
    pub score: Num,
    pub name: String,
    pub tier: String,
    #[serde(rename = "self")]
    pub is_self: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierGap {
    pub tier: String,
    #[serde(serialize_with = "ser::score")]
    pub entry_score: Num,
    #[serde(serialize_with = "ser::score")]
    pub gap: Num,
}

#[derive(Debug, Clone, Serialize)]
pub struct Margin {
    pub peer: String,
    #[serde(serialize_with = "ser::score")]
    pub margin: Num,
    pub name: String,
    pub rank: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chase {
    pub peer: String,
    #[serde(serialize_with = "ser::score")]
    pub gap: Num,
    pub name: String,
    pub rank: u32,
}

/// What changed since the previous month that has a file.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub previous_month: String,
    pub previous_rank: u32,
    pub previous_tier: String,
    #[serde(serialize_with = "ser::score")]
    pub previous_score: Num,
    #[serde(serialize_with = "ser::score")]
    pub score_change: Num,
    #[serde(serialize_with = "ser::score")]
    pub gap_to_first_change: Num,
    /// Positive: the tier is better than before.
    pub tier_change: i64,
    /// Change of the gap to each better tier present in both months.
    pub tier_gap_changes: Vec<TierGapChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierGapChange {
    pub tier: String,
    #[serde(serialize_with = "ser::score")]
    pub previous_gap: Num,
    #[serde(serialize_with = "ser::score")]
    pub change: Num,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelfStanding {
    pub rank: u32,
    pub tier: String,
    #[serde(serialize_with = "ser::score")]
    pub score: Num,
    #[serde(serialize_with = "ser::score")]
    pub gap_to_first: Num,
    pub tier_gaps: Vec<TierGap>,
    pub overtake_risk: Vec<Margin>,
    pub chase: Vec<Chase>,
    /// Positive = better; `None` with no earlier month.
    pub rank_change: Option<i64>,
    pub change: Option<Change>,
    /// The nearest peers behind (up to three), with their margins, for the handout.
    pub behind: Vec<Margin>,
    #[serde(skip)]
    pub tier_index: usize,
}

/// This bureau's place in one month's ranking.
#[derive(Debug, Clone)]
pub struct Standing {
    pub ranking: Vec<RankedPeer>,
    pub rank: u32,
    pub tier_index: usize,
    pub score: Num,
    pub gap_to_first: Num,
    pub tier_gaps: Vec<TierGap>,
    /// Entry score of every tier (score at its last position), best first.
    pub entries: Vec<Num>,
}

impl Standing {
    pub fn tier_name<'a>(&self, ws: &'a Workspace) -> &'a str {
        &ws.config.tiers[self.tier_index].name
    }
}

fn tier_of(ws: &Workspace, rank: u32) -> usize {
    ws.config
        .tiers
        .iter()
        .position(|t| (t.first..=t.last).contains(&rank))
        .unwrap_or(ws.config.tiers.len().saturating_sub(1))
}

/// Rank every peer of a month and place this bureau.
pub fn standing(ws: &Workspace, m: &MonthData) -> Standing {
    let mut sorted: Vec<(&String, Num)> = m.ranking.iter().map(|(p, s)| (p, *s)).collect();
    // Highest first; equal scores in id order (the map is already in id order, and the sort is stable).
    sorted.sort_by_key(|e| std::cmp::Reverse(e.1));
    let ranks = competition_ranks(&sorted.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    let self_id = &ws.config.self_id;
    let ranking: Vec<RankedPeer> = sorted
        .iter()
        .zip(&ranks)
        .map(|((peer, score), rank)| RankedPeer {
            peer: (*peer).clone(),
            rank: *rank,
            score: *score,
            name: ws
                .peers
                .get(*peer)
                .map_or_else(|| (*peer).clone(), |p| p.name.clone()),
            tier: ws.config.tiers[tier_of(ws, *rank)].name.clone(),
            is_self: *peer == self_id,
        })
        .collect();
    let own = ranking.iter().find(|r| r.is_self);
    let (rank, score) = own.map_or((ranking.len() as u32, Num::ZERO), |r| (r.rank, r.score));
    let tier_index = tier_of(ws, rank);
    let top = ranking.first().map_or(score, |r| r.score);
    let entries: Vec<Num> = ws
        .config
        .tiers
        .iter()
        .map(|t| {
            let pos = (t.last as usize).clamp(1, ranking.len().max(1)) - 1;
            ranking.get(pos).map_or(Num::ZERO, |r| r.score)
        })
        .collect();
    let tier_gaps = ws.config.tiers[..tier_index]
        .iter()
        .zip(&entries)
        .map(|(t, entry)| TierGap {
            tier: t.name.clone(),
            entry_score: *entry,
            gap: *entry - score,
        })
        .collect();
    Standing {
        ranking,
        rank,
        tier_index,
        score,
        gap_to_first: top - score,
        tier_gaps,
        entries,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub month: String,
    pub rank: u32,
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
    pub consecutive: bool,
    pub name: String,
    pub leader_name: String,
    /// Whether the score was given in the month's file or computed from indicators.
    pub given: bool,
    pub submitted: Option<NaiveDate>,
}

/// An explanation as shown in the handout, with its text.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationItem {
    pub unit: String,
    pub name: String,
    pub status: ExplanationStatus,
    pub consecutive: bool,
    pub submitted: Option<NaiveDate>,
    pub due: NaiveDate,
}

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

#[derive(Debug, Clone, Serialize)]
pub struct MonthWarning {
    pub level: Level,
    /// `rank_drop`, `overtake_risk` or `indicator_rate`.
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub peers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<Chain>,
}

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
}

/// Indicator results of a month, by id.
fn indicator_results(
    ws: &Workspace,
    m: &MonthData,
    prev: Option<&MonthData>,
) -> Vec<IndicatorResult> {
    let w = &ws.config.warnings;
    ws.indicators
        .values()
        .map(|ind| {
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
        })
        .collect()
}

/// Internal scores: given in the month's file, or 100 × Σ score ÷ Σ assessable
/// over the assessed rated indicators each unit leads. Exact.
fn unit_scores(ws: &Workspace, m: &MonthData) -> (BTreeMap<String, Ratio>, bool) {
    if let Some(given) = &m.units {
        return (
            given
                .iter()
                .map(|(u, s)| (u.clone(), Ratio::whole(*s)))
                .collect(),
            true,
        );
    }
    let mut sums: BTreeMap<String, (Num, Num)> = BTreeMap::new();
    for ind in ws.indicators.values().filter(|i| i.category.is_rated()) {
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
    (
        sums.into_iter()
            .map(|(u, (s, a))| (u, Ratio::new(s * Num::ONE_HUNDRED, a)))
            .collect(),
        false,
    )
}

/// Ranks (by id) and the set of units required to explain in a month.
fn internal_ranking(
    ws: &Workspace,
    m: &MonthData,
) -> (Vec<(String, u32, Ratio)>, BTreeSet<String>, bool) {
    let (scores, given) = unit_scores(ws, m);
    let mut sorted: Vec<(String, Ratio)> = scores.into_iter().collect();
    // Best first; ties keep id order (stable sort over an id-ordered map).
    sorted.sort_by_key(|e| std::cmp::Reverse(e.1));
    let ranks = competition_ranks(&sorted.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    let ranked: Vec<(String, u32, Ratio)> = sorted
        .into_iter()
        .zip(ranks)
        .map(|((u, s), r)| (u, r, s))
        .collect();
    let settings = &ws.config.explanations;
    let mut must = BTreeSet::new();
    let bottom = settings.bottom as usize;
    if bottom > 0 && !ranked.is_empty() {
        // The bottom-th lowest score; every unit at or below it explains (ties at the cut included).
        let cut = ranked[ranked.len().saturating_sub(bottom)].2;
        for (u, _, s) in &ranked {
            if *s <= cut {
                must.insert(u.clone());
            }
        }
    }
    if let Some(rate) = settings.below_rate {
        for (u, _, s) in &ranked {
            if s.cmp_num(rate * Num::ONE_HUNDRED).is_lt() {
                must.insert(u.clone());
            }
        }
    }
    (ranked, must, given)
}

pub fn analyse_month(ws: &Workspace, month: Month) -> MonthlyBriefing {
    let m = &ws.months[&month];
    let as_of = m.as_of();
    let w = &ws.config.warnings;
    let prev = ws.months.range(..month).next_back().map(|(_, p)| p);
    let now = standing(ws, m);
    let before = prev.map(|p| standing(ws, p));

    // Margins behind and ahead, nearest first (ties by id).
    let mut behind: Vec<Margin> = now
        .ranking
        .iter()
        .filter(|r| !r.is_self && r.score <= now.score)
        .map(|r| Margin {
            peer: r.peer.clone(),
            margin: now.score - r.score,
            name: r.name.clone(),
            rank: r.rank,
        })
        .collect();
    behind.sort_by(|a, b| a.margin.cmp(&b.margin).then_with(|| a.peer.cmp(&b.peer)));
    let overtake_risk: Vec<Margin> = behind
        .iter()
        .filter(|b| b.margin.is_zero() || b.margin < w.overtake_margin)
        .cloned()
        .collect();
    let mut chase: Vec<Chase> = now
        .ranking
        .iter()
        .filter(|r| r.score > now.score && r.score - now.score < w.chase_margin)
        .map(|r| Chase {
            peer: r.peer.clone(),
            gap: r.score - now.score,
            name: r.name.clone(),
            rank: r.rank,
        })
        .collect();
    chase.sort_by(|a, b| a.gap.cmp(&b.gap).then_with(|| a.peer.cmp(&b.peer)));

    let mut warnings = Vec::new();
    let change = prev.zip(before.as_ref()).map(|(p, b)| {
        let tier_gap_changes = now
            .tier_gaps
            .iter()
            .filter_map(|g| {
                let old = b.tier_gaps.iter().find(|o| o.tier == g.tier)?;
                Some(TierGapChange {
                    tier: g.tier.clone(),
                    previous_gap: old.gap,
                    change: g.gap - old.gap,
                })
            })
            .collect();
        Change {
            previous_month: p.month.to_string(),
            previous_rank: b.rank,
            previous_tier: b.tier_name(ws).to_string(),
            previous_score: b.score,
            score_change: now.score - b.score,
            gap_to_first_change: now.gap_to_first - b.gap_to_first,
            tier_change: b.tier_index as i64 - now.tier_index as i64,
            tier_gap_changes,
        }
    });
    let rank_change = before.as_ref().map(|b| b.rank as i64 - now.rank as i64);
    let self_name = ws.self_peer().name.clone();
    if let (Some(b), Some(change)) = (&before, rank_change) {
        let drop = -change;
        if drop >= w.rank_drop as i64 {
            let tier_dropped = now.tier_index > b.tier_index;
            warnings.push(MonthWarning {
                level: if tier_dropped {
                    Level::Red
                } else {
                    Level::Yellow
                },
                kind: "rank_drop",
                peers: vec![ws.config.self_id.clone()],
                indicator: None,
                unit: None,
                leader: None,
                message: if tier_dropped {
                    format!(
                        "全省排名由第{}名降至第{}名，下降{}位，由{}降至{}",
                        b.rank,
                        now.rank,
                        drop,
                        b.tier_name(ws),
                        now.tier_name(ws)
                    )
                } else {
                    format!(
                        "全省排名由第{}名降至第{}名，下降{}位",
                        b.rank, now.rank, drop
                    )
                },
                chain: None,
            });
        }
    }
    if !overtake_risk.is_empty() {
        let list = overtake_risk
            .iter()
            .map(|o| {
                if o.margin.is_zero() {
                    format!("{}（同分并列）", o.name)
                } else {
                    format!("{}（仅领先{}分）", o.name, fmt_num(o.margin, 2))
                }
            })
            .collect::<Vec<_>>()
            .join("、");
        warnings.push(MonthWarning {
            level: Level::Red,
            kind: "overtake_risk",
            peers: overtake_risk.iter().map(|o| o.peer.clone()).collect(),
            indicator: None,
            unit: None,
            leader: None,
            message: format!("{self_name}存在被反超风险：{list}"),
            chain: None,
        });
    }

    let indicators = indicator_results(ws, m, prev);
    for r in &indicators {
        if let Some(level) = r.level {
            let chain = Chain::of_unit(ws, &r.lead, None);
            warnings.push(MonthWarning {
                level,
                kind: "indicator_rate",
                peers: Vec::new(),
                indicator: Some(r.id.clone()),
                unit: Some(r.lead.clone()),
                leader: Some(chain.leader.clone()),
                message: format!(
                    "{}得分{}（满分{}），得分率{}，失分{}",
                    r.name,
                    fmt_num(r.score.unwrap_or_default(), 2),
                    fmt_num(r.assessable, 2),
                    super::fmt_pct(r.rate.unwrap_or_default()),
                    fmt_num(r.lost, 2)
                ),
                chain: Some(chain),
            });
        }
    }
    // Red first; within a level: rank drop, overtaking, then indicators by id.
    warnings.sort_by_key(|w| {
        (
            w.level,
            match w.kind {
                "rank_drop" => 0,
                "overtake_risk" => 1,
                _ => 2,
            },
        )
    });

    let categories = Category::ALL
        .iter()
        .map(|&c| {
            let of: Vec<&IndicatorResult> = indicators.iter().filter(|r| r.category == c).collect();
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
        .collect();

    let mut shortfall: Vec<&IndicatorResult> =
        indicators.iter().filter(|r| r.lost > Num::ZERO).collect();
    shortfall.sort_by(|a, b| b.lost.cmp(&a.lost).then_with(|| a.id.cmp(&b.id)));
    let shortfalls = shortfall.iter().map(|r| r.id.clone()).collect();

    // Internal ranking and explanations.
    let (ranked, must, given) = internal_ranking(ws, m);
    let must_before = prev.map(|p| internal_ranking(ws, p).1).unwrap_or_default();
    let due = m.published + chrono::Duration::days(ws.config.explanations.due_days as i64);
    let received = |unit: &str| {
        ws.explanations
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
    let mut units: Vec<UnitResult> = Vec::new();
    let ranked_ids: BTreeSet<&str> = ranked.iter().map(|(u, ..)| u.as_str()).collect();
    let unit_ids = ranked
        .iter()
        .map(|(u, r, s)| (u.as_str(), Some((*r, *s))))
        .chain(
            ws.units
                .keys()
                .filter(|u| !ranked_ids.contains(u.as_str()))
                .map(|u| (u.as_str(), None)),
        );
    for (id, place) in unit_ids {
        let required = must.contains(id);
        let unit = &ws.units[id];
        units.push(UnitResult {
            id: id.to_string(),
            rank: place.map(|(r, _)| r),
            score: place.map(|(_, s)| s.value()),
            must_explain: required,
            explanation: status_of(id, required),
            consecutive: required && must_before.contains(id),
            name: unit.name.clone(),
            leader_name: ws
                .leader_of(id)
                .map_or_else(String::new, |l| l.name.clone()),
            given,
            submitted: received(id).map(|e| e.submitted),
        });
    }
    let explanations = units
        .iter()
        .filter_map(|u| {
            let status = u.explanation?;
            let e = received(&u.id);
            Some(ExplanationItem {
                unit: u.id.clone(),
                name: u.name.clone(),
                status,
                consecutive: u.consecutive,
                submitted: e.map(|e| e.submitted),
                due,
            })
        })
        .collect();

    // Rewards and deductions, proposed.
    let mut charges_by_unit: BTreeMap<&str, Vec<ChargeItem>> = BTreeMap::new();
    let mut full_marks: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut bonus_gained: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &indicators {
        if r.lost != Num::ZERO && r.score.is_some() {
            charges_by_unit
                .entry(&r.lead)
                .or_default()
                .push(ChargeItem {
                    indicator: r.id.clone(),
                    name: r.name.clone(),
                    points: r.lost,
                });
        }
        if r.category.is_rated() && r.assessed {
            let e = full_marks.entry(&r.lead).or_default();
            e.0 += 1;
            if r.score == Some(r.assessable) {
                e.1 += 1;
            }
        }
        if r.category == Category::Bonus && r.score.is_some_and(|s| s > Num::ZERO) {
            bonus_gained.entry(&r.lead).or_default().push(format!(
                "{}加{}分",
                r.name,
                fmt_num(r.score.unwrap_or_default(), 2)
            ));
        }
    }
    let mut charges: Vec<Charge> = charges_by_unit
        .into_iter()
        .map(|(unit, breakdown)| Charge {
            unit: unit.to_string(),
            points: breakdown.iter().map(|b| b.points).sum(),
            name: ws.units[unit].name.clone(),
            breakdown,
        })
        .filter(|c| c.points > Num::ZERO)
        .collect();
    charges.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.unit.cmp(&b.unit)));
    let mut commended_units: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (unit, (assessed, full)) in full_marks {
        if assessed > 0 && assessed == full {
            commended_units
                .entry(unit)
                .or_default()
                .push(format!("牵头的{assessed}项已考核指标全部满分"));
        }
    }
    for (unit, reasons) in bonus_gained {
        commended_units.entry(unit).or_default().extend(reasons);
    }
    let commended = commended_units
        .into_iter()
        .map(|(unit, reasons)| Commendation {
            unit: unit.to_string(),
            name: ws.units[unit].name.clone(),
            reasons,
        })
        .collect();

    let trend = ws
        .months
        .range(..=month)
        .filter(|(mo, _)| mo.year() == month.year())
        .map(|(mo, data)| {
            let s = standing(ws, data);
            TrendPoint {
                month: mo.to_string(),
                rank: s.rank,
                score: s.score,
                tier_entries: ws
                    .config
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
        .collect();

    behind.truncate(3);
    let self_standing = SelfStanding {
        rank: now.rank,
        tier: now.tier_name(ws).to_string(),
        score: now.score,
        gap_to_first: now.gap_to_first,
        tier_gaps: now.tier_gaps.clone(),
        overtake_risk,
        chase,
        rank_change,
        change,
        behind,
        tier_index: now.tier_index,
    };
    MonthlyBriefing {
        kind: "monthly",
        month: month.to_string(),
        as_of,
        published: m.published,
        meeting: m.meeting,
        scope: m.scope.clone(),
        previous_month: prev.map(|p| p.month.to_string()),
        ranking: now.ranking,
        self_standing,
        indicators,
        categories,
        shortfalls,
        units,
        explanation_due: due,
        explanations,
        charges,
        commended,
        warnings,
        trend,
    }
}
