//! The handout's warnings: a drop in the province ranking, peers close
//! enough behind to overtake, and indicators scored below the warning rates.
//! In: the standing step's and the indicator step's figures; out: the
//! warnings, red first.

use serde::Serialize;

use super::super::format::{fmt_rate, fmt_score};
use super::super::{Chain, Level};
use super::indicators::IndicatorResult;
use super::standing::{Margin, SelfStanding, Standing};
use crate::model::Workspace;

/// What raised a monthly warning. The order is the handout's order of
/// warnings within a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The province rank fell by at least the configured number of places.
    RankDrop,
    /// A peer behind is within the overtaking margin.
    OvertakeRisk,
    /// An indicator's score rate is below the yellow or red threshold.
    IndicatorRate,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthWarning {
    pub level: Level,
    pub kind: WarningKind,
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

/// Every warning of the month: red first; within a level, the rank drop,
/// the overtaking risk, then the indicators by id.
pub(super) fn warnings(
    ws: &Workspace,
    now: &Standing,
    before: Option<&Standing>,
    standing: &SelfStanding,
    indicators: &[IndicatorResult],
) -> Vec<MonthWarning> {
    let mut warnings: Vec<MonthWarning> = before
        .and_then(|b| rank_drop(ws, now, b))
        .into_iter()
        .chain(overtake_risk(&standing.overtake_risk))
        .chain(indicators.iter().filter_map(|r| indicator_rate(ws, r)))
        .collect();
    // Stable: indicators keep their id order.
    warnings.sort_by_key(|w| (w.level, w.kind));
    warnings
}

/// Red when the drop also lost a tier, yellow otherwise.
fn rank_drop(ws: &Workspace, now: &Standing, before: &Standing) -> Option<MonthWarning> {
    let drop = now.rank as i64 - before.rank as i64;
    if drop < ws.config().warnings.rank_drop as i64 {
        return None;
    }
    let tier_dropped = now.tier_index > before.tier_index;
    let shared = |s: &Standing| {
        if super::standing::tied_with(s).is_empty() {
            ""
        } else {
            "并列"
        }
    };
    let mut message = format!(
        "我局全省排名由{}第{}名降至{}第{}名，下降{}位",
        shared(before),
        before.rank,
        shared(now),
        now.rank,
        drop
    );
    if tier_dropped {
        message.push_str(&format!(
            "，由{}降至{}",
            before.tier_name(ws),
            now.tier_name(ws)
        ));
    }
    Some(MonthWarning {
        level: if tier_dropped {
            Level::Red
        } else {
            Level::Yellow
        },
        kind: WarningKind::RankDrop,
        peers: vec![ws.config().self_id.clone()],
        indicator: None,
        unit: None,
        leader: None,
        message,
        chain: None,
    })
}

fn overtake_risk(risk: &[Margin]) -> Option<MonthWarning> {
    if risk.is_empty() {
        return None;
    }
    // Who is ahead of whom, said in the bureau's voice (writing.md, "Voice").
    let (tied, close): (Vec<&Margin>, Vec<&Margin>) = risk.iter().partition(|o| o.margin.is_zero());
    let mut parts = Vec::new();
    if !close.is_empty() {
        let list = close
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let lead = if i == 0 { "仅领先" } else { "领先" };
                format!("{lead}{}{}分", o.name, fmt_score(o.margin))
            })
            .collect::<Vec<_>>()
            .join("、");
        parts.push(list);
    }
    if !tied.is_empty() {
        let names = tied
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join("、");
        parts.push(format!("与{names}同分并列"));
    }
    Some(MonthWarning {
        level: Level::Red,
        kind: WarningKind::OvertakeRisk,
        peers: risk.iter().map(|o| o.peer.clone()).collect(),
        indicator: None,
        unit: None,
        leader: None,
        message: format!("我局{}，存在被反超风险", parts.join("，")),
        chain: None,
    })
}

fn indicator_rate(ws: &Workspace, r: &IndicatorResult) -> Option<MonthWarning> {
    let level = r.level?;
    let chain = Chain::of_unit(ws, &r.lead, None);
    Some(MonthWarning {
        level,
        kind: WarningKind::IndicatorRate,
        peers: Vec::new(),
        indicator: Some(r.id.clone()),
        unit: Some(r.lead.clone()),
        leader: Some(chain.leader.clone()),
        message: format!(
            "{}得分{}分（可考核满分{}分），得分率{}，失分{}分",
            r.name,
            fmt_score(r.score.unwrap_or_default()),
            fmt_score(r.assessable),
            fmt_rate(r.rate.unwrap_or_default()),
            fmt_score(r.lost)
        ),
        chain: Some(chain),
    })
}
