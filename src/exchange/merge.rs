//! The week's file with the returns merged in, unit by unit.
//!
//! In: the checked workspace, the week and the [`Return`]s. Out: a
//! [`Merged`]: the new YAML text, the changes task by task, and the
//! reporting state (who returned a form, who did not, who left cells blank).
//! The imported units' updates and risks replace theirs; every other unit's
//! updates and risks, `reported` and `requirements` are kept as they were.

use std::collections::BTreeSet;

use super::import::Return;
use super::number::yaml_pct;
use super::yaml::{self, RiskOut, UpdateOut, WeekOut};
use crate::model::{Num, UpdateStatus, Week, Workspace};

/// One task whose update changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub task: String,
    pub unit: String,
    /// "65%", "40%（受阻）", or "未报送".
    pub before: String,
    pub after: String,
}

/// A unit that returned a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub unit: String,
    pub unit_name: String,
    pub file: Option<String>,
    pub reported: usize,
    pub blank: usize,
}

/// A unit that has tasks to report and no form (未报送): whom to chase (催报).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub unit: String,
    pub unit_name: String,
    pub head: Option<String>,
    pub leader: String,
    pub tasks: usize,
}

#[derive(Debug, Clone)]
pub struct Merged {
    pub text: String,
    pub changes: Vec<Change>,
    pub returned: Vec<Returned>,
    pub missing: Vec<Missing>,
    /// Risks of the imported units, before and after.
    pub risks_before: usize,
    pub risks_after: usize,
}

fn shown(progress: Option<(Num, Option<UpdateStatus>)>) -> String {
    match progress {
        None => "未报送".into(),
        Some((p, None)) => yaml_pct(p),
        Some((p, Some(UpdateStatus::Blocked))) => format!("{}（受阻）", yaml_pct(p)),
        Some((p, Some(UpdateStatus::Paused))) => format!("{}（暂停）", yaml_pct(p)),
    }
}

/// Merge `returns` into the week's file (or a new one).
pub fn merge(ws: &Workspace, week: Week, returns: &[Return]) -> Merged {
    let existing = ws.weeks().get(&week);
    let imported: BTreeSet<&str> = returns.iter().map(|r| r.unit.as_str()).collect();
    let unit_of = |task: &str| ws.tasks().get(task).map_or("", |t| t.unit.as_str());
    let mut updates: Vec<UpdateOut> = existing
        .map(|d| {
            d.updates
                .iter()
                .filter(|u| !imported.contains(unit_of(&u.task)))
                .map(|u| UpdateOut {
                    task: &u.task,
                    progress: u.progress,
                    status: u.status,
                    note: u.note.as_ref().map(|n| n.as_str()),
                })
                .collect()
        })
        .unwrap_or_default();
    for r in returns {
        updates.extend(r.updates.iter().map(|u| UpdateOut {
            task: &u.task,
            progress: u.progress,
            status: u.status,
            note: u.note.as_deref(),
        }));
    }
    updates.sort_by(|a, b| a.task.cmp(b.task));

    // Changes: every task of an imported unit whose figure or status moves.
    let mut changes = Vec::new();
    for task in ws
        .tasks()
        .values()
        .filter(|t| imported.contains(t.unit.as_str()))
    {
        let before = existing
            .and_then(|d| d.update(&task.id))
            .map(|u| (u.progress, u.status));
        let after = updates
            .binary_search_by(|u| u.task.cmp(&task.id))
            .ok()
            .map(|i| (updates[i].progress, updates[i].status));
        let note_before = existing
            .and_then(|d| d.update(&task.id))
            .and_then(|u| u.note.as_ref().map(|n| n.as_str()));
        let note_after = updates
            .binary_search_by(|u| u.task.cmp(&task.id))
            .ok()
            .and_then(|i| updates[i].note);
        if before != after || note_before != note_after {
            let mut after_text = shown(after);
            if before == after {
                after_text.push_str("，情况说明已更新");
            }
            changes.push(Change {
                task: task.id.clone(),
                unit: task.unit.clone(),
                before: shown(before),
                after: after_text,
            });
        }
    }

    let mut risks: Vec<RiskOut> = existing
        .map(|d| {
            d.risks
                .iter()
                .filter(|r| {
                    // A CSV brings no risks: that unit's are kept.
                    !returns
                        .iter()
                        .any(|ret| ret.unit == r.unit && ret.risks.is_some())
                })
                .map(|r| RiskOut {
                    unit: &r.unit,
                    level: r.level,
                    indicator: r.indicator.as_deref(),
                    text: r.text.as_str(),
                })
                .collect()
        })
        .unwrap_or_default();
    let risks_before = existing.map_or(0, |d| {
        d.risks
            .iter()
            .filter(|r| imported.contains(r.unit.as_str()))
            .count()
    });
    let kept = risks.len();
    for r in returns {
        for risk in r.risks.iter().flatten() {
            risks.push(RiskOut {
                unit: &r.unit,
                level: risk.level,
                indicator: risk.indicator.as_deref(),
                text: &risk.text,
            });
        }
    }
    let risks_after = risks.len() - kept
        + returns
            .iter()
            .filter(|r| r.risks.is_none())
            .map(|r| existing.map_or(0, |d| d.risks.iter().filter(|x| x.unit == r.unit).count()))
            .sum::<usize>();

    let friday = week.monday() + chrono::Days::new(4);
    let text = yaml::week(&WeekOut {
        week: week.to_string(),
        reported: existing.map_or(friday, |d| d.reported).to_string(),
        updates,
        risks,
        requirements: existing.and_then(|d| d.requirements.as_ref().map(|t| t.as_str())),
    });

    let (returned, missing) = state(ws, week, returns);
    Merged {
        text,
        changes,
        returned,
        missing,
        risks_before,
        risks_after,
    }
}

/// Who returned a form (in this import, or earlier: the unit has updates in
/// the file), and who has tasks to report and did not.
fn state(ws: &Workspace, week: Week, returns: &[Return]) -> (Vec<Returned>, Vec<Missing>) {
    let existing = ws.weeks().get(&week);
    let to_report = crate::scaffold::to_report(ws, week);
    let mut returned = Vec::new();
    let mut missing = Vec::new();
    for unit in ws.units().values() {
        let tasks = to_report.iter().filter(|(t, _)| t.unit == unit.id).count();
        if let Some(r) = returns.iter().find(|r| r.unit == unit.id) {
            returned.push(Returned {
                unit: unit.id.clone(),
                unit_name: unit.name.clone(),
                file: Some(r.file.clone()),
                reported: r.updates.len(),
                blank: r.blank,
            });
            continue;
        }
        let earlier = existing.map_or(0, |d| {
            d.updates
                .iter()
                .filter(|u| ws.tasks().get(&u.task).is_some_and(|t| t.unit == unit.id))
                .count()
        });
        if earlier > 0 {
            returned.push(Returned {
                unit: unit.id.clone(),
                unit_name: unit.name.clone(),
                file: None,
                reported: earlier,
                blank: tasks.saturating_sub(earlier),
            });
        } else if tasks > 0 {
            missing.push(Missing {
                unit: unit.id.clone(),
                unit_name: unit.name.clone(),
                head: unit.head.clone(),
                leader: ws
                    .leader_of(&unit.id)
                    .map_or_else(|| unit.leader.clone(), |l| l.name.clone()),
                tasks,
            });
        }
    }
    (returned, missing)
}
