//! The weekly bulletin's figures: each task's status, the warnings with
//! their responsibility chain, what is new and resolved since last week,
//! the risks, the counts, and the latest province result.
//!
//! In: the checked workspace and a week that has a file; out: a
//! [`WeeklyBriefing`]. [`analyse`] assesses every task this week and last
//! week, then derives each part of the bulletin from those assessments.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::format::{fmt_pct, fmt_rate, zh_day_in};
use super::{Chain, Level, Period, Ratio, ser};
use crate::model::{Month, Num, RiskLevel, Task, UpdateStatus, Week, WeekData, Workspace};

/// A task's status in a week, in the order of the spec's first-matching rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    Overdue,
    Blocked,
    Paused,
    NotReported,
    Behind,
    OnTrack,
    Upcoming,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Done,
        Status::Overdue,
        Status::Blocked,
        Status::Paused,
        Status::NotReported,
        Status::Behind,
        Status::OnTrack,
        Status::Upcoming,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Overdue => "overdue",
            Status::Blocked => "blocked",
            Status::Paused => "paused",
            Status::NotReported => "not_reported",
            Status::Behind => "behind",
            Status::OnTrack => "on_track",
            Status::Upcoming => "upcoming",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::Overdue => "逾期",
            Status::Blocked => "受阻",
            Status::Paused => "暂停",
            Status::NotReported => "未报送",
            Status::Behind => "滞后",
            Status::OnTrack => "正常推进",
            Status::Upcoming => "未启动",
        }
    }

    /// The warning a status raises, if any.
    pub fn level(self) -> Option<Level> {
        match self {
            Status::Overdue | Status::Blocked => Some(Level::Red),
            Status::NotReported | Status::Behind => Some(Level::Yellow),
            _ => None,
        }
    }
}

/// Counts by status; serialised as one number per status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(pub BTreeMap<Status, u32>);

impl Counts {
    fn add(&mut self, s: Status) {
        *self.0.entry(s).or_default() += 1;
    }

    pub fn get(&self, s: Status) -> u32 {
        self.0.get(&s).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u32 {
        self.0.values().sum()
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(Status::ALL.len()))?;
        for st in Status::ALL {
            m.serialize_entry(st.as_str(), &self.get(st))?;
        }
        m.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskStatus {
    pub id: String,
    pub unit: String,
    pub status: Status,
    #[serde(serialize_with = "ser::rate")]
    pub progress: Num,
    #[serde(serialize_with = "ser::rate")]
    pub expected: Num,
    pub title: String,
    pub owner: String,
    pub indicator: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    /// The week the progress figure was last reported in (`None`: never).
    pub reported_in: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub level: Level,
    /// The status that raised it.
    pub kind: Status,
    pub task: String,
    pub unit: String,
    /// How it compares with last week's warning on the same task.
    pub change: Change,
    /// `change` is [`Change::New`]: the task had no warning last week.
    pub new: bool,
    /// Last week's warning on the task (`None`: none, or no earlier week).
    pub was: Option<Status>,
    /// The reason in figures, e.g. "进度40%，应达75%".
    pub reason: String,
    pub title: String,
    pub chain: Chain,
}

/// A warning compared with last week's warning on the same task
/// (analysis.md, "Weekly": the table of changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The task had no warning last week.
    New,
    /// Yellow last week, red now.
    Escalated,
    /// Red last week, yellow now.
    Eased,
    /// Another kind of the same level (滞后 → 未报送).
    Changed,
    /// The same kind as last week.
    Same,
}

impl Change {
    /// The change from last week's warning `was` to this week's `now`.
    pub fn between(was: Option<Status>, now: Status) -> Change {
        let Some(was) = was else {
            return Change::New;
        };
        match (was.level(), now.level()) {
            _ if was == now => Change::Same,
            (Some(Level::Yellow), Some(Level::Red)) => Change::Escalated,
            (Some(Level::Red), Some(Level::Yellow)) => Change::Eased,
            _ => Change::Changed,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    pub task: String,
    /// Last week's warning.
    pub kind: Status,
    /// The task's status now.
    pub status: Status,
    pub unit: String,
    pub title: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskItem {
    pub unit: String,
    pub level: RiskLevel,
    pub indicator: Option<String>,
    pub unit_name: String,
    pub leader_name: String,
    pub indicator_name: Option<String>,
    /// The risk as reported (Markdown free text).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCounts {
    pub id: String,
    pub name: String,
    pub counts: Counts,
}

/// The latest province result known on the bulletin's day.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceResult {
    pub month: String,
    pub published: NaiveDate,
    pub rank: u32,
    pub peers: u32,
    pub tier: String,
    #[serde(serialize_with = "ser::score")]
    pub score: Num,
    #[serde(serialize_with = "ser::score")]
    pub gap_to_first: Num,
    pub tier_gaps: Vec<super::monthly::TierGap>,
    /// The peers sharing its rank (并列).
    pub tied_with: Vec<super::monthly::Tied>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeeklyBriefing {
    pub kind: &'static str,
    pub week: String,
    pub as_of: NaiveDate,
    /// The week compared with for new and resolved warnings.
    pub previous_week: Option<String>,
    pub tasks: Vec<TaskStatus>,
    pub warnings: Vec<Warning>,
    pub resolved: Vec<Resolved>,
    pub counts: Counts,
    pub counts_by_unit: Vec<GroupCounts>,
    pub counts_by_leader: Vec<GroupCounts>,
    pub risks: Vec<RiskItem>,
    pub province: Option<ProvinceResult>,
}

/// The expected pace of a task on `day`: elapsed ÷ planned days, in 0..=1.
pub fn expected_pace(task: &Task, day: NaiveDate) -> Ratio {
    let planned = (task.due - task.start).num_days();
    let elapsed = (day - task.start).num_days();
    if planned <= 0 {
        // due == start: the whole task is expected from its day on.
        return Ratio::whole(if elapsed >= 0 { Num::ONE } else { Num::ZERO });
    }
    Ratio::new(Num::from(elapsed.clamp(0, planned)), Num::from(planned))
}

/// The data files of a week's bulletin (besides the shared ones), relative to
/// the workspace: the tasks, every weekly file up to `week` (progress carries
/// over from earlier weeks), and every monthly file published by the week's
/// reported day (the province result shown is the newest of them).
pub(super) fn inputs(ws: &Workspace, week: Week, data: &WeekData) -> Vec<String> {
    let mut rels = vec!["tasks.yaml".to_string()];
    rels.extend(
        ws.weeks()
            .range(..=week)
            .map(|(w, _)| Period::Week(*w).data_file()),
    );
    rels.extend(
        ws.months()
            .iter()
            .filter(|(_, m)| m.published <= data.reported)
            .map(|(m, _)| Period::Month(*m).data_file()),
    );
    rels
}

/// One task as it stands in a week: enough to compare with another week.
struct Assessed<'a> {
    task: &'a Task,
    status: Status,
    /// The latest progress reported (zero: never).
    progress: Num,
    expected: Ratio,
    /// The week `progress` was reported in.
    reported_in: Option<Week>,
}

/// Every task's status in `week`, whose file is `data`, by task id.
fn statuses<'a>(ws: &'a Workspace, week: Week, data: &WeekData) -> Vec<Assessed<'a>> {
    let day = data.reported;
    let tol = ws.config().warnings.pace_tolerance;
    ws.tasks()
        .values()
        .map(|task| {
            let (progress, reported_in) = ws
                .latest_progress(&task.id, week)
                .map_or((Num::ZERO, None), |(p, w)| (p, Some(w)));
            let expected = expected_pace(task, day);
            let update = data.update(&task.id);
            let status = if task.start > day {
                Status::Upcoming
            } else if progress >= Num::ONE {
                Status::Done
            } else if task.due < day {
                Status::Overdue
            } else if update.is_some_and(|u| u.status == Some(UpdateStatus::Blocked)) {
                Status::Blocked
            } else if update.is_some_and(|u| u.status == Some(UpdateStatus::Paused)) {
                Status::Paused
            } else if update.is_none() {
                Status::NotReported
            } else if expected.num > (progress + tol) * expected.den {
                // expected − progress > tolerance, exactly.
                Status::Behind
            } else {
                Status::OnTrack
            };
            Assessed {
                task,
                status,
                progress,
                expected,
                reported_in,
            }
        })
        .collect()
}

/// The reason of a warning in figures, with the cause a blocked task's
/// update gives (writing.md: "进度30%，序时进度36.4%；受阻原因：…").
fn reason(task: &Task, a: &Assessed<'_>, note: Option<&str>, day: NaiveDate) -> String {
    let progress = fmt_pct(a.progress);
    let expected = fmt_rate(a.expected.value());
    let year = day.year();
    match a.status {
        Status::Overdue => format!(
            "逾期{}天（完成时限{}），进度{progress}",
            (day - task.due).num_days(),
            zh_day_in(task.due, year),
        ),
        Status::Blocked => match note {
            Some(cause) => format!("进度{progress}，序时进度{expected}；受阻原因：{cause}"),
            None => format!("进度{progress}，序时进度{expected}；工作受阻，未说明原因"),
        },
        Status::NotReported => format!("本周未报送进度（最近进度{progress}）"),
        Status::Behind => format!("进度{progress}，序时进度{expected}"),
        _ => String::new(),
    }
}

/// Last week's warning of each warned task: its kind.
type LastWarnings = BTreeMap<String, Status>;

/// The bulletin of `week`, whose file is `data`.
pub(super) fn analyse(ws: &Workspace, week: Week, data: &WeekData) -> WeeklyBriefing {
    let day = data.reported;
    let now = statuses(ws, week, data);
    let previous = ws.weeks().range(..week).next_back();
    let before: LastWarnings = previous
        .map(|(pw, pdata)| {
            statuses(ws, *pw, pdata)
                .into_iter()
                .filter(|a| a.status.level().is_some())
                .map(|a| (a.task.id.clone(), a.status))
                .collect()
        })
        .unwrap_or_default();
    let tasks = now
        .iter()
        .map(|a| TaskStatus {
            id: a.task.id.clone(),
            unit: a.task.unit.clone(),
            status: a.status,
            progress: a.progress,
            expected: a.expected.value(),
            title: a.task.title.clone(),
            owner: a.task.owner.clone(),
            indicator: a.task.indicator.clone(),
            start: a.task.start,
            due: a.task.due,
            reported_in: a.reported_in.map(|w| w.to_string()),
        })
        .collect();
    let counts = counts(ws, &now);
    WeeklyBriefing {
        kind: "weekly",
        week: week.to_string(),
        as_of: day,
        previous_week: previous.map(|(w, _)| w.to_string()),
        tasks,
        warnings: warnings(ws, data, &now, &before, day),
        resolved: resolved(ws, &now, &before),
        counts: counts.all,
        counts_by_unit: counts.by_unit,
        counts_by_leader: counts.by_leader,
        risks: risks(ws, data),
        province: province_result(ws, day),
    }
}

/// The warnings of the week, red before yellow; within a level, by task id.
/// Each is compared with last week's warning on the same task.
fn warnings(
    ws: &Workspace,
    data: &WeekData,
    now: &[Assessed<'_>],
    before: &LastWarnings,
    day: NaiveDate,
) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = now
        .iter()
        .filter_map(|a| {
            let level = a.status.level()?;
            let task = a.task;
            let was = before.get(&task.id).copied();
            let change = Change::between(was, a.status);
            let note = data
                .update(&task.id)
                .and_then(|u| u.note.as_ref())
                .map(|n| super::format::plain_text(n.as_str()))
                .filter(|n| !n.is_empty());
            Some(Warning {
                level,
                kind: a.status,
                task: task.id.clone(),
                unit: task.unit.clone(),
                change,
                new: change == Change::New,
                was,
                reason: reason(task, a, note.as_deref(), day),
                title: task.title.clone(),
                chain: Chain::of_unit(ws, &task.unit, Some(&task.owner)),
            })
        })
        .collect();
    // Stable: within a level, the order of `ws.tasks`.
    warnings.sort_by_key(|w| w.level);
    warnings
}

/// Last week's warnings on tasks that have no warning at all now, with each
/// task's status now (a warning that changed kind is not resolved).
fn resolved(ws: &Workspace, now: &[Assessed<'_>], before: &LastWarnings) -> Vec<Resolved> {
    let status_of: BTreeMap<&str, Status> =
        now.iter().map(|a| (a.task.id.as_str(), a.status)).collect();
    before
        .iter()
        .filter(|(task, _)| {
            status_of
                .get(task.as_str())
                .is_some_and(|s| s.level().is_none())
        })
        .filter_map(|(task, kind)| {
            let t = ws.tasks().get(task)?;
            Some(Resolved {
                task: task.clone(),
                kind: *kind,
                status: status_of.get(task.as_str()).copied()?,
                unit: t.unit.clone(),
                title: t.title.clone(),
                unit_name: ws.units()[&t.unit].name.clone(),
            })
        })
        .collect()
}

/// The counts by status: over all tasks, per unit and per leader in charge.
struct AllCounts {
    all: Counts,
    by_unit: Vec<GroupCounts>,
    by_leader: Vec<GroupCounts>,
}

fn counts(ws: &Workspace, now: &[Assessed<'_>]) -> AllCounts {
    let mut all = Counts::default();
    let mut by_unit: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_leader: BTreeMap<&str, Counts> = BTreeMap::new();
    for a in now {
        all.add(a.status);
        by_unit.entry(&a.task.unit).or_default().add(a.status);
        by_leader
            .entry(&ws.units()[&a.task.unit].leader)
            .or_default()
            .add(a.status);
    }
    AllCounts {
        all,
        by_unit: by_unit
            .into_iter()
            .map(|(id, counts)| GroupCounts {
                id: id.to_string(),
                name: ws.units()[id].name.clone(),
                counts,
            })
            .collect(),
        by_leader: by_leader
            .into_iter()
            .map(|(id, counts)| GroupCounts {
                id: id.to_string(),
                name: ws
                    .leaders()
                    .get(id)
                    .map_or_else(|| id.to_string(), |l| l.name.clone()),
                counts,
            })
            .collect(),
    }
}

/// The risks reported in the week's file, by level, then unit and indicator,
/// then text: independent of the order in the file.
fn risks(ws: &Workspace, data: &WeekData) -> Vec<RiskItem> {
    let mut risks: Vec<RiskItem> = data
        .risks
        .iter()
        .map(|r| RiskItem {
            unit: r.unit.clone(),
            level: r.level,
            indicator: r.indicator.clone(),
            unit_name: ws.units()[&r.unit].name.clone(),
            leader_name: ws
                .leader_of(&r.unit)
                .map_or_else(String::new, |l| l.name.clone()),
            indicator_name: r
                .indicator
                .as_ref()
                .and_then(|i| ws.indicators().get(i))
                .map(|i| i.name.clone()),
            text: r.text.text.clone(),
        })
        .collect();
    risks.sort_by(|a, b| {
        (a.level, &a.unit, &a.indicator, &a.text).cmp(&(b.level, &b.unit, &b.indicator, &b.text))
    });
    risks
}

/// The newest monthly result published on or before `day`.
fn province_result(ws: &Workspace, day: NaiveDate) -> Option<ProvinceResult> {
    let (month, m): (&Month, _) = ws.months().iter().rev().find(|(_, m)| m.published <= day)?;
    let standing = super::monthly::standing(ws, m);
    Some(ProvinceResult {
        month: month.to_string(),
        published: m.published,
        rank: standing.rank,
        peers: ws.peers().len() as u32,
        tier: standing.tier_name(ws).to_string(),
        score: standing.score,
        gap_to_first: standing.gap_to_first,
        tied_with: super::monthly::tied_with(&standing),
        tier_gaps: standing.tier_gaps,
    })
}
