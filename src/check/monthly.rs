//! monthly/YYYY-MM.yaml: the superior's published results for one month.
//!
//! In: the file's tree, the month its name says, the workspace's year and
//! the peers, indicators and units it refers to. Out: a [`MonthData`]; every
//! peer must be ranked, and each score must be possible for its indicator.

use std::collections::BTreeMap;

use super::cross::{check_period, check_year};
use super::fields::{At, Cx, scalar};
use super::schema;
use crate::diagnostic::Diagnostic;
use crate::load::yaml::{Node, NodeKind};
use crate::model::{Category, Indicator, IndicatorScore, Month, MonthData, Num, Peer, Unit};

pub(super) fn read_month(
    cx: &mut Cx<'_>,
    node: &Node,
    month: Month,
    year: Option<i32>,
    peers: &BTreeMap<String, Peer>,
    indicators: &BTreeMap<String, Indicator>,
    units: &BTreeMap<String, Unit>,
) -> Option<MonthData> {
    let f = cx.fields(node, &schema::MONTHLY, "a monthly file")?;
    let inside = f.period::<Month>(cx, "month", "a month like 2026-06");
    let period_ok = inside
        .as_ref()
        .is_some_and(|m| check_period(cx, m, month, "month", "file name"))
        && check_year(
            cx,
            inside.as_ref().map_or(f.span, |m| m.span),
            year,
            month.year(),
            &format!("month {month}"),
        );
    let published = f.date(cx, "published");
    let meeting = f.date(cx, "meeting");
    if let (Some(p), Some(m)) = (&published, &meeting)
        && m.value < p.value
    {
        cx.push(
            Diagnostic::error(format!(
                "the meeting ({}) is before the figures were published ({})",
                m.value, p.value
            ))
            .at(m.span)
            .expected(format!("a meeting on or after {}", p.value)),
        );
    }
    if let Some(p) = &published
        && p.value < month.first_day()
    {
        cx.push(
            Diagnostic::error(format!(
                "figures for {month} cannot be published on {}, before the month began",
                p.value
            ))
            .at(p.span),
        );
    }
    let scope = f.text(cx, "scope");

    let mut ranking = BTreeMap::new();
    if let Some(n) = f.get("ranking") {
        for (peer, value) in cx.id_map(n, "ranking") {
            let ok = cx.refers(&peer, peers, "peer");
            if let (true, Some(score)) = (ok, cx.number(value)) {
                ranking.insert(peer.value, score.value);
            }
        }
        for id in peers.keys() {
            if !cx_has_key(n, id) {
                cx.push(
                    Diagnostic::error(format!(
                        "peer `{id}` is missing from the ranking of {month}"
                    ))
                    .at(f.key_span("ranking"))
                    .expected("a total score for every peer of peers.yaml"),
                );
            }
        }
    }

    let mut scores = BTreeMap::new();
    if let Some(n) = f.get("indicators") {
        for (id, value) in cx.id_map(n, "indicators") {
            let known = cx.refers(&id, indicators, "indicator");
            let Some(sf) = cx.fields(value, &schema::INDICATOR_SCORE, "an indicator score") else {
                continue;
            };
            let score = sf.number(cx, "score");
            let rank = sf.count(cx, "rank");
            let (true, Some(score)) = (known, score) else {
                continue;
            };
            check_score(cx, &indicators[&id.value], month, &score);
            if let Some(r) = &rank
                && (r.value == 0 || (!peers.is_empty() && r.value as usize > peers.len()))
            {
                cx.push(
                    Diagnostic::error(format!("rank {} is out of range", r.value))
                        .at(r.span)
                        .expected(format!("a rank from 1 to {}", peers.len())),
                );
            }
            scores.insert(
                id.value,
                IndicatorScore {
                    score: score.value,
                    rank: rank.map(|r| r.value),
                },
            );
        }
        for ind in indicators.values().filter(|i| i.category.is_rated()) {
            if !scores.contains_key(&ind.id) && !cx_has_key(n, &ind.id) {
                cx.push(
                    Diagnostic::warning(format!(
                        "indicator `{}` ({}) has no score in {month}: it is shown as not yet assessed",
                        ind.id, ind.name
                    ))
                    .at(f.key_span("indicators")),
                );
            }
        }
    }

    let unit_scores = f.get("units").map(|n| {
        let mut out = BTreeMap::new();
        for (id, value) in cx.id_map(n, "units") {
            let ok = cx.refers(&id, units, "unit");
            if let (true, Some(score)) = (ok, cx.number(value)) {
                out.insert(id.value, score.value);
            }
        }
        out
    });
    let notes = f.markdown(cx, "notes");
    let next_steps = f.markdown(cx, "next_steps");

    if !period_ok {
        return None;
    }
    Some(MonthData {
        month,
        published: published?.value,
        meeting: meeting.map(|m| m.value),
        scope,
        ranking,
        indicators: scores,
        units: unit_scores,
        notes,
        next_steps,
        span: f.span,
    })
}

pub(super) fn cx_has_key(map: &Node, id: &str) -> bool {
    matches!(&map.kind, NodeKind::Map(entries)
        if entries.iter().any(|(k, _)| scalar(k).is_some_and(|(t, _)| t == id)))
}

/// A score must be possible for its indicator's category.
pub(super) fn check_score(cx: &mut Cx<'_>, ind: &Indicator, month: Month, score: &At<Num>) {
    let s = score.value;
    let d = match ind.category {
        Category::Kpi | Category::Evaluation | Category::Special => {
            let full = ind.full_score.unwrap_or(Num::ZERO);
            if s < Num::ZERO {
                Some(Diagnostic::error(format!(
                    "the score of `{}` is below zero",
                    ind.id
                )))
            } else if s > full {
                Some(
                    Diagnostic::error(format!(
                        "the score of `{}` ({s}) is above its full score {full}",
                        ind.id
                    ))
                    .expected(format!("a score from 0 to {full}")),
                )
            } else if ind.category == Category::Special
                && !ind.stages.is_empty()
                && s > ind.assessable(month)
            {
                let assessable = ind.assessable(month);
                return cx.push(
                    Diagnostic::warning(format!(
                        "the score of `{}` ({s}) is above the {assessable} points of the stages ended by {}",
                        ind.id,
                        month.last_day()
                    ))
                    .at(score.span)
                    .note("check the score, or the stages' end dates"),
                );
            } else {
                None
            }
        }
        Category::Bonus => {
            if s < Num::ZERO {
                Some(
                    Diagnostic::error(format!("the bonus `{}` is below zero", ind.id)).note(
                        "bonus points are gained points; lost points belong to a penalty indicator",
                    ),
                )
            } else if ind.full_score.is_some_and(|cap| s > cap) {
                Some(
                    Diagnostic::error(format!(
                        "the bonus `{}` ({s}) is above its cap {}",
                        ind.id,
                        ind.full_score.unwrap_or_default()
                    ))
                    .expected(format!("at most {}", ind.full_score.unwrap_or_default())),
                )
            } else {
                None
            }
        }
        Category::Penalty => {
            if s > Num::ZERO {
                Some(
                    Diagnostic::error(format!("the penalty `{}` is positive ({s})", ind.id))
                        .expected("zero or a negative number, e.g. -0.5"),
                )
            } else if ind.full_score.is_some_and(|cap| -s > cap) {
                Some(
                    Diagnostic::error(format!(
                        "the penalty `{}` ({s}) is beyond its cap of {}",
                        ind.id,
                        ind.full_score.unwrap_or_default()
                    ))
                    .expected(format!("at least -{}", ind.full_score.unwrap_or_default())),
                )
            } else {
                None
            }
        }
    };
    if let Some(d) = d {
        cx.push(d.at(score.span));
    }
}
