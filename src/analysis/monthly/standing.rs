//! The province standing: every peer ranked, this bureau's place (tier, gaps
//! to first and to each better tier), the peers close behind and ahead, and
//! what changed since the previous month. In: one or two months' rankings;
//! out: a [`Standing`] per month and the handout's [`SelfStanding`].

use serde::Serialize;

use super::super::{competition_ranks, ser};
use crate::model::{MonthData, Num, Workspace};

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
    /// The peers with exactly its score, in id order: the rank is shared
    /// (shown as 并列第N名).
    pub tied_with: Vec<Tied>,
}

/// A peer sharing this bureau's rank.
#[derive(Debug, Clone, Serialize)]
pub struct Tied {
    pub peer: String,
    pub name: String,
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
        &ws.config().tiers[self.tier_index].name
    }
}

fn tier_of(ws: &Workspace, rank: u32) -> usize {
    ws.config()
        .tiers
        .iter()
        .position(|t| (t.first..=t.last).contains(&rank))
        .unwrap_or(ws.config().tiers.len().saturating_sub(1))
}

/// Rank every peer of a month and place this bureau.
pub fn standing(ws: &Workspace, m: &MonthData) -> Standing {
    let mut sorted: Vec<(&String, Num)> = m.ranking.iter().map(|(p, s)| (p, *s)).collect();
    // Highest first; equal scores in id order (the map is already in id order, and the sort is stable).
    sorted.sort_by_key(|e| std::cmp::Reverse(e.1));
    let ranks = competition_ranks(&sorted.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    let self_id = &ws.config().self_id;
    let ranking: Vec<RankedPeer> = sorted
        .iter()
        .zip(&ranks)
        .map(|((peer, score), rank)| RankedPeer {
            peer: (*peer).clone(),
            rank: *rank,
            score: *score,
            name: ws
                .peers()
                .get(*peer)
                .map_or_else(|| (*peer).clone(), |p| p.name.clone()),
            tier: ws.config().tiers[tier_of(ws, *rank)].name.clone(),
            is_self: *peer == self_id,
        })
        .collect();
    let own = ranking.iter().find(|r| r.is_self);
    let (rank, score) = own.map_or((ranking.len() as u32, Num::ZERO), |r| (r.rank, r.score));
    let tier_index = tier_of(ws, rank);
    let top = ranking.first().map_or(score, |r| r.score);
    let entries: Vec<Num> = ws
        .config()
        .tiers
        .iter()
        .map(|t| {
            let pos = (t.last as usize).clamp(1, ranking.len().max(1)) - 1;
            ranking.get(pos).map_or(Num::ZERO, |r| r.score)
        })
        .collect();
    let tier_gaps = ws.config().tiers[..tier_index]
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

/// This bureau's standing as the handout shows it: `now`, and the change
/// from `previous` (the previous month with a file, and its standing).
pub(super) fn self_standing(
    ws: &Workspace,
    now: &Standing,
    previous: Option<(&MonthData, &Standing)>,
) -> SelfStanding {
    let w = &ws.config().warnings;
    let mut behind = behind(now);
    let overtake_risk: Vec<Margin> = behind
        .iter()
        .filter(|b| b.margin.is_zero() || b.margin < w.overtake_margin)
        .cloned()
        .collect();
    // Only the nearest three are shown; the risk is judged on all of them.
    behind.truncate(3);
    SelfStanding {
        rank: now.rank,
        tier: now.tier_name(ws).to_string(),
        score: now.score,
        gap_to_first: now.gap_to_first,
        tier_gaps: now.tier_gaps.clone(),
        overtake_risk,
        chase: chase(now, w.chase_margin),
        rank_change: previous.map(|(_, b)| b.rank as i64 - now.rank as i64),
        change: previous.map(|(p, b)| change(ws, now, p, b)),
        behind,
        tied_with: tied_with(now),
    }
}

/// The peers with exactly this bureau's score, in id order.
pub fn tied_with(now: &Standing) -> Vec<Tied> {
    let mut tied: Vec<Tied> = now
        .ranking
        .iter()
        .filter(|r| !r.is_self && r.score == now.score)
        .map(|r| Tied {
            peer: r.peer.clone(),
            name: r.name.clone(),
        })
        .collect();
    tied.sort_by(|a, b| a.peer.cmp(&b.peer));
    tied
}

/// Every peer at or below this bureau's score, nearest first (ties by id).
fn behind(now: &Standing) -> Vec<Margin> {
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
    behind
}

/// The peers ahead by less than `chase_margin`, nearest first (ties by id).
fn chase(now: &Standing, chase_margin: Num) -> Vec<Chase> {
    let mut chase: Vec<Chase> = now
        .ranking
        .iter()
        .filter(|r| r.score > now.score && r.score - now.score < chase_margin)
        .map(|r| Chase {
            peer: r.peer.clone(),
            gap: r.score - now.score,
            name: r.name.clone(),
            rank: r.rank,
        })
        .collect();
    chase.sort_by(|a, b| a.gap.cmp(&b.gap).then_with(|| a.peer.cmp(&b.peer)));
    chase
}

fn change(ws: &Workspace, now: &Standing, prev: &MonthData, before: &Standing) -> Change {
    let tier_gap_changes = now
        .tier_gaps
        .iter()
        .filter_map(|g| {
            let old = before.tier_gaps.iter().find(|o| o.tier == g.tier)?;
            Some(TierGapChange {
                tier: g.tier.clone(),
                previous_gap: old.gap,
                change: g.gap - old.gap,
            })
        })
        .collect();
    Change {
        previous_month: prev.month.to_string(),
        previous_rank: before.rank,
        previous_tier: before.tier_name(ws).to_string(),
        previous_score: before.score,
        score_change: now.score - before.score,
        gap_to_first_change: now.gap_to_first - before.gap_to_first,
        tier_change: before.tier_index as i64 - now.tier_index as i64,
        tier_gap_changes,
    }
}
