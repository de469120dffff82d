//! weekly/YYYY-Www.yaml: one week's status updates and risks.
//!
//! In: the file's tree, the week its name says, the workspace's year and the
//! tasks, units and indicators it refers to. Out: a [`WeekData`], updates
//! sorted by task, at most one per task.

use std::collections::BTreeMap;

use super::cross::{check_period, check_year};
use super::fields::{At, Cx};
use super::schema;
use crate::diagnostic::{Diagnostic, Span};
use crate::load::yaml::Node;
use crate::model::{Indicator, Risk, RiskLevel, Task, Unit, Update, UpdateStatus, Week, WeekData};

pub(super) fn read_week(
    cx: &mut Cx<'_>,
    node: &Node,
    week: Week,
    year: Option<i32>,
    tasks: &BTreeMap<String, Task>,
    units: &BTreeMap<String, Unit>,
    indicators: &BTreeMap<String, Indicator>,
) -> Option<WeekData> {
    let f = cx.fields(node, &schema::WEEKLY, "a weekly file")?;
    let inside = f.period::<Week>(cx, "week", "an ISO week like 2026-W27");
    let period_ok = inside
        .as_ref()
        .is_some_and(|w| check_period(cx, w, week, "week", "file name"))
        && check_year(
            cx,
            inside.as_ref().map_or(f.span, |w| w.span),
            year,
            week.year(),
            &format!("week {week}"),
        );
    let reported = f.date(cx, "reported");
    if let Some(r) = &reported
        && (r.value < week.monday() || r.value > week.sunday() + chrono::Duration::days(7))
    {
        cx.push(
            Diagnostic::warning(format!(
                "reported on {}, outside week {week} ({} to {})",
                r.value,
                week.monday(),
                week.sunday()
            ))
            .at(r.span)
            .note("the bulletin judges every task on this day; check the date"),
        );
    }
    let mut updates: Vec<(At<String>, Update)> = f
        .list_of(cx, "updates", "updates", "an update", |cx, f| {
            let task = f.id(cx, "task");
            let task_ok = task.as_ref().is_some_and(|t| cx.refers(t, tasks, "task"));
            let progress = f.percent(cx, "progress");
            let status = f.choice(cx, "status").map(|s| {
                if s == "blocked" {
                    UpdateStatus::Blocked
                } else {
                    UpdateStatus::Paused
                }
            });
            let note = f.markdown(cx, "note");
            let task = task?;
            if !task_ok {
                return None;
            }
            Some((
                task.clone(),
                Update {
                    task: task.value,
                    progress: progress?.value,
                    status,
                    note,
                    span: f.span,
                },
            ))
        })
        .unwrap_or_default();
    {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut dups = Vec::new();
        for (id, _) in &updates {
            if let Some(prev) = seen.get(id.value.as_str()) {
                dups.push(
                    Diagnostic::error(format!("task `{}` is updated twice this week", id.value))
                        .at(id.span)
                        .label("second update")
                        .note(format!("first update at {}", cx.files.locate(*prev))),
                );
            } else {
                seen.insert(&id.value, id.span);
            }
        }
        for d in dups {
            cx.push(d);
        }
    }
    let risks: Vec<Risk> = f
        .list_of(cx, "risks", "risks", "a risk", |cx, f| {
            let unit = f.id(cx, "unit");
            let unit_ok = unit.as_ref().is_some_and(|u| cx.refers(u, units, "unit"));
            let indicator = f.id(cx, "indicator");
            let ind_ok = indicator
                .as_ref()
                .is_none_or(|i| cx.refers(i, indicators, "indicator"));
            let level = f.choice(cx, "level").map(|l| match l {
                "high" => RiskLevel::High,
                "medium" => RiskLevel::Medium,
                _ => RiskLevel::Low,
            });
            let text = f.markdown(cx, "text");
            if !(unit_ok && ind_ok) {
                return None;
            }
            Some(Risk {
                unit: unit?.value,
                indicator: indicator.map(|i| i.value),
                level: level?,
                text: text?,
            })
        })
        .unwrap_or_default();
    let requirements = f.markdown(cx, "requirements");
    if !period_ok {
        return None;
    }
    updates.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    updates.dedup_by(|a, b| a.0.value == b.0.value);
    Some(WeekData {
        week,
        reported: reported?.value,
        updates: updates.into_iter().map(|(_, u)| u).collect(),
        risks,
        requirements,
        span: f.span,
    })
}
