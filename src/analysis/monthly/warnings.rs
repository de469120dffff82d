//! The handout's warnings: a drop in the province ranking, peers close
//! enough behind to overtake, and indicators scored below the warning rates.
//! In: the standing step's and the indicator step's figures; out: the
//! warnings, red first.

use serde::Serialize;

use super::super::{Chain, Level, fmt_num, fmt_pct};
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
        .chain(overtake_risk(ws, &standing.overtake_risk))
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
    let mut message = format!(
        "全省排名由第{}名降至第{}名，下降{}位",
        before.rank, now.rank, drop
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

fn overtake_risk(ws: &Workspace, risk: &[Margin]) -> Option<MonthWarning> {
    if risk.is_empty() {
        return None;
    }
    let list = risk
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
    Some(MonthWarning {
        level: Level::Red,
        kind: WarningKind::OvertakeRisk,
        peers: risk.iter().map(|o| o.peer.clone()).collect(),
        indicator: None,
        unit: None,
        leader: None,
        message: format!("{}存在被反超风险：{list}", ws.self_peer().name),
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
            "{}得分{}（满分{}），得分率{}，失分{}",
            r.name,
            fmt_num(r.score.unwrap_or_default(), 2),
            fmt_num(r.assessable, 2),
            fmt_pct(r.rate.unwrap_or_default()),
            fmt_num(r.lost, 2)
        ),
        chain: Some(chain),
    })
}
