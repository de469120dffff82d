//! indicators.yaml (the assessment scheme) and tasks.yaml (the checklist).
//!
//! In: each file's tree and the units already read (ids refer to them).
//! Out: indicators and tasks by id. An indicator's full score, cap and
//! stages must fit its category; a task must not be due before it starts.

use std::collections::BTreeMap;

use super::fields::{At, Cx, each};
use super::schema;
use crate::diagnostic::Diagnostic;
use crate::load::yaml::Node;
use crate::model::{Category, Indicator, Num, Stage, Task, Unit};

pub(super) fn read_indicators(
    cx: &mut Cx<'_>,
    node: &Node,
    units: &BTreeMap<String, Unit>,
) -> BTreeMap<String, Indicator> {
    let items = each(cx, node, "indicators.yaml", |cx, item| {
        let f = cx.fields(item, &schema::INDICATOR, "an indicator")?;
        let id = f.id(cx, "id");
        let name = f.text(cx, "name");
        // The schema's values are the categories' own names.
        let category = f
            .choice(cx, "category")
            .and_then(|c| Category::ALL.into_iter().find(|k| k.as_str() == c));
        let full = f.number(cx, "full_score");
        let lead = f.id(cx, "lead");
        let lead_ok = lead.as_ref().is_some_and(|l| cx.refers(l, units, "unit"));
        let support: Vec<At<String>> = f
            .get("support")
            .map(|n| each(cx, n, "support", |cx, i| cx.id(i)))
            .unwrap_or_default();
        let support_ok = support
            .iter()
            .map(|s| cx.refers(s, units, "unit"))
            .collect::<Vec<bool>>()
            .into_iter()
            .all(|ok| ok);
        let target = f.text(cx, "target");
        let stages_node = f.get("stages");
        let stages: Vec<Stage> = f
            .list_of(cx, "stages", "stages", "a stage", |cx, f| {
                let name = f.text(cx, "name");
                let end = f.date(cx, "end");
                let full = f.number(cx, "full_score");
                if let Some(full) = &full
                    && full.value < Num::ZERO
                {
                    cx.push(
                        Diagnostic::error("a stage's full score cannot be negative").at(full.span),
                    );
                }
                Some(Stage {
                    name: name?,
                    end: end?.value,
                    full_score: full?.value,
                })
            })
            .unwrap_or_default();

        let category = category?;
        let id = id?;
        match (category.is_rated(), &full) {
            (true, None) if f.get("full_score").is_none() => cx.push(
                Diagnostic::error(format!("indicator `{}` has no `full_score`", id.value))
                    .at(f.span)
                    .note(format!(
                        "a `{}` indicator needs its full score",
                        category.as_str()
                    )),
            ),
            (_, Some(full)) if full.value <= Num::ZERO => cx.push(
                Diagnostic::error(if category.is_rated() {
                    "a full score must be above zero"
                } else {
                    "a cap must be above zero"
                })
                .at(full.span),
            ),
            _ => {}
        }
        if let Some(n) = stages_node {
            if category != Category::Special {
                cx.push(
                    Diagnostic::warning(format!(
                        "stages are used only for `special` indicators; `{}` is `{}`, so they are ignored",
                        id.value,
                        category.as_str()
                    ))
                    .at(n.span),
                );
            } else if let Some(full) = &full {
                let sum: Num = stages.iter().map(|s| s.full_score).sum();
                if sum != full.value {
                    cx.push(
                        Diagnostic::error(format!(
                            "the stages of `{}` add up to {}, not its full score {}",
                            id.value,
                            sum.normalize(),
                            full.value
                        ))
                        .at(f.key_span("stages"))
                        .expected(format!("stage full scores that add up to {}", full.value)),
                    );
                }
            }
        }
        if !(lead_ok && support_ok) {
            return None;
        }
        let stages = if category == Category::Special {
            let mut s = stages;
            s.sort_by_key(|s| s.end);
            s
        } else {
            Vec::new()
        };
        let mut support: Vec<String> = support.into_iter().map(|s| s.value).collect();
        support.sort();
        support.dedup();
        Some((
            id.clone(),
            Indicator {
                id: id.value,
                name: name?,
                category,
                full_score: full.map(|f| f.value),
                lead: lead?.value,
                support,
                target,
                stages,
            },
        ))
    });
    cx.unique(items.iter().map(|(id, _)| id), "indicator");
    items.into_iter().map(|(id, i)| (id.value, i)).collect()
}

pub(super) fn read_tasks(
    cx: &mut Cx<'_>,
    node: &Node,
    indicators: &BTreeMap<String, Indicator>,
    units: &BTreeMap<String, Unit>,
) -> BTreeMap<String, Task> {
    let items = each(cx, node, "tasks.yaml", |cx, item| {
        let f = cx.fields(item, &schema::TASK, "a task")?;
        let id = f.id(cx, "id");
        let indicator = f.id(cx, "indicator");
        let ind_ok = indicator
            .as_ref()
            .is_some_and(|i| cx.refers(i, indicators, "indicator"));
        let unit = f.id(cx, "unit");
        let unit_ok = unit.as_ref().is_some_and(|u| cx.refers(u, units, "unit"));
        let title = f.text(cx, "title");
        let owner = f.text(cx, "owner");
        let start = f.date(cx, "start");
        let due = f.date(cx, "due");
        if let (Some(s), Some(d)) = (&start, &due)
            && d.value < s.value
        {
            cx.push(
                Diagnostic::error(format!(
                    "the task is due ({}) before it starts ({})",
                    d.value, s.value
                ))
                .at(d.span)
                .expected(format!("a due date on or after {}", s.value)),
            );
            return None;
        }
        let id = id?;
        if !(ind_ok && unit_ok) {
            return None;
        }
        Some((
            id.clone(),
            Task {
                id: id.value,
                indicator: indicator?.value,
                unit: unit?.value,
                title: title?,
                owner: owner?,
                start: start?.value,
                due: due?.value,
                span: f.span,
            },
        ))
    });
    cx.unique(items.iter().map(|(id, _)| id), "task");
    items.into_iter().map(|(id, t)| (id.value, t)).collect()
}
