//! The weekly bulletin (周通报) as its documents show it.
//!
//! In: the workspace and a [`WeeklyBriefing`]. Out: a [`WeeklyView`] with
//! the title and issue number, the summary counts, each warning and resolved
//! warning with its labels, the counts by leader in charge, the checklist
//! grouped by leader and unit (and how the PDF condenses it), and the risks
//! grouped by level.

use chrono::NaiveDate;
use serde::Serialize;

use super::weekly_prose::{self, WarningRow};
use super::{FontFamilies, LevelCounts, Masthead};
use crate::analysis::Level;
use crate::analysis::format::{fmt_pct, fmt_rate, zh_date, zh_day_in};
use crate::analysis::weekly::{
    Counts, GroupCounts, ProvinceResult, Resolved, RiskItem, Status, TaskStatus, Warning,
    WeeklyBriefing,
};
use crate::model::{RiskLevel, Week, Workspace};

/// Everything the bulletin shows.
#[derive(Debug, Serialize)]
pub struct WeeklyView<'a> {
    #[serde(flatten)]
    pub masthead: Masthead<'a>,
    pub title: String,
    /// The title as the PDF breaks it, between words ([`super::title`]).
    pub title_lines: Vec<String>,
    /// The bulletin's issue number (期号).
    pub issue: u32,
    /// The day the bulletin speaks of (the week's `reported` date).
    pub date: NaiveDate,
    /// That day with its year, for the masthead and the 版记 ("2026年4月3日").
    pub date_full: String,
    /// That day as the prose says it ("4月3日").
    pub date_text: String,
    /// The opening paragraph: the week, who reported, the counts, the
    /// changes since last week and the province result.
    pub opening: String,
    /// 总体情况's province line and leader line.
    pub province_line: String,
    pub leader_line: String,
    /// "上期预警已解除N项：…", when any was.
    pub resolved_line: Option<String>,
    /// Each warning with its change and chain in words.
    pub warning_rows: Vec<WarningRow<'a>>,
    pub week: Week,
    /// "2026年第27周".
    pub week_label: String,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// The week compared with for new and resolved warnings.
    pub previous_week: Option<&'a str>,
    pub task_count: usize,
    pub counts: &'a Counts,
    pub levels: LevelCounts,
    /// Warnings raised this week that the task did not have last week.
    pub new_count: usize,
    pub province: Option<&'a ProvinceResult>,
    pub leader_counts: Vec<LeaderCounts<'a>>,
    pub warnings: &'a [Warning],
    pub resolved: Vec<ResolvedRow<'a>>,
    /// How the PDF's checklist is laid out (the Markdown always lists every task).
    pub checklist: Checklist,
    pub groups: Vec<LeaderGroup<'a>>,
    /// Rows of the checklist when it is condensed to one row per unit.
    pub unit_rows: usize,
    pub risk_groups: Vec<RiskGroup<'a>>,
    /// Next week's requirements, Markdown free text.
    pub requirements: Option<&'a str>,
}

/// A leader in charge with the counts of the tasks of their units.
#[derive(Debug, Serialize)]
pub struct LeaderCounts<'a> {
    pub name: &'a str,
    pub counts: &'a Counts,
    pub total: u32,
    /// Tasks with a warning (behind, overdue, blocked, not reported).
    pub warned: u32,
}

/// A warning of last week that is gone, with its statuses in words.
#[derive(Debug, Serialize)]
pub struct ResolvedRow<'a> {
    #[serde(flatten)]
    pub resolved: &'a Resolved,
    /// Last week's warning ("滞后").
    pub kind_zh: &'static str,
    /// The task's status now ("已完成").
    pub status_zh: &'static str,
}

/// How the PDF's checklist keeps to `table_limit` rows: one row per task
/// while they fit, else one per unit, else one per leader in charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Checklist {
    Tasks,
    Units,
    Leaders,
}

/// The tasks under one leader in charge, by unit.
#[derive(Debug, Serialize)]
pub struct LeaderGroup<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub counts: Option<&'a Counts>,
    pub task_count: u32,
    pub units: Vec<UnitGroup<'a>>,
}

/// One unit's tasks, in id order.
#[derive(Debug, Serialize)]
pub struct UnitGroup<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub head: Option<&'a str>,
    pub counts: Option<&'a Counts>,
    pub tasks: Vec<TaskRow<'a>>,
}

/// A row of the checklist.
#[derive(Debug, Serialize)]
pub struct TaskRow<'a> {
    #[serde(flatten)]
    pub task: &'a TaskStatus,
    pub status_zh: &'static str,
    /// The warning the status raises, if any.
    pub level: Option<Level>,
    /// This week's note on the task, Markdown free text.
    pub note: Option<&'a str>,
    /// "3月31日", "30%", "36.4%" (序时进度), "逾期【红】".
    pub due_text: String,
    pub progress_text: String,
    pub expected_text: String,
    pub status_text: String,
}

/// The risks of one level, high first.
#[derive(Debug, Serialize)]
pub struct RiskGroup<'a> {
    pub level: RiskLevel,
    /// "高风险".
    pub label: &'static str,
    pub items: Vec<RiskRow<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RiskRow<'a> {
    #[serde(flatten)]
    pub risk: &'a RiskItem,
    /// The risk as reported, Markdown free text.
    pub text: &'a str,
}

impl<'a> WeeklyView<'a> {
    pub fn new(
        ws: &'a Workspace,
        fonts: FontFamilies<'a>,
        week: Week,
        b: &'a WeeklyBriefing,
    ) -> WeeklyView<'a> {
        let data = ws.weeks().get(&week);
        let groups = leader_groups(ws, b, data);
        let unit_rows = groups.iter().map(|g| g.units.len()).sum();
        let limit = ws.config().table_limit as usize;
        let checklist = if b.tasks.len() <= limit {
            Checklist::Tasks
        } else if unit_rows <= limit {
            Checklist::Units
        } else {
            Checklist::Leaders
        };
        let year = ws.config().year;
        let date_text = zh_day_in(b.as_of, year);
        WeeklyView {
            masthead: Masthead::new(ws, fonts),
            title: format!(
                "关于{}年第{}周目标绩效考核工作进展情况的通报",
                week.year(),
                week.number()
            ),
            title_lines: super::title::weekly(week.year(), week.number()),
            issue: issue_number(ws, week),
            date: b.as_of,
            date_full: zh_date(b.as_of),
            date_text: date_text.clone(),
            opening: weekly_prose::opening(b, week, year, &date_text),
            province_line: weekly_prose::province_line(b, year, &date_text),
            leader_line: leader_line(&b.counts_by_leader),
            resolved_line: weekly_prose::resolved_line(b),
            warning_rows: b.warnings.iter().map(WarningRow::new).collect(),
            week,
            week_label: format!("{}年第{}周", week.year(), week.number()),
            week_start: week.monday(),
            week_end: week.sunday(),
            previous_week: b.previous_week.as_deref(),
            task_count: b.tasks.len(),
            counts: &b.counts,
            levels: LevelCounts::of(b.warnings.iter().map(|w| w.level)),
            new_count: b.warnings.iter().filter(|w| w.new).count(),
            province: b.province.as_ref(),
            leader_counts: b.counts_by_leader.iter().map(leader_counts).collect(),
            warnings: &b.warnings,
            resolved: b
                .resolved
                .iter()
                .map(|r| ResolvedRow {
                    resolved: r,
                    kind_zh: r.kind.zh(),
                    status_zh: r.status.zh(),
                })
                .collect(),
            checklist,
            groups,
            unit_rows,
            risk_groups: risk_groups(&b.risks),
            requirements: data
                .and_then(|d| d.requirements.as_ref())
                .map(|t| t.as_str()),
        }
    }
}

/// The bulletin's issue number (期号): the bulletins of the year in order,
/// counting from `first_issue`; a week without a file takes no number.
pub fn issue_number(ws: &Workspace, week: Week) -> u32 {
    ws.config().first_issue + ws.weeks().range(..week).count() as u32
}

/// "分管领导任务情况：张志远分管12项，已完成3项，预警2项；…。"
fn leader_line(groups: &[GroupCounts]) -> String {
    let items: Vec<String> = groups
        .iter()
        .map(leader_counts)
        .map(|g| {
            format!(
                "{}分管{}项，已完成{}项，预警{}项",
                g.name,
                g.total,
                g.counts.get(Status::Done),
                g.warned
            )
        })
        .collect();
    format!("分管领导任务情况：{}。", items.join("；"))
}

fn leader_counts(g: &GroupCounts) -> LeaderCounts<'_> {
    LeaderCounts {
        name: &g.name,
        counts: &g.counts,
        total: g.counts.total(),
        warned: Status::ALL
            .into_iter()
            .filter(|s| s.level().is_some())
            .map(|s| g.counts.get(s))
            .sum(),
    }
}

/// Tasks grouped by leader in charge, then unit, in id order; leaders and
/// units without tasks are left out.
fn leader_groups<'a>(
    ws: &'a Workspace,
    b: &'a WeeklyBriefing,
    data: Option<&'a crate::model::WeekData>,
) -> Vec<LeaderGroup<'a>> {
    let unit_counts = |id: &str| {
        b.counts_by_unit
            .iter()
            .find(|g| g.id == id)
            .map(|g| &g.counts)
    };
    ws.leaders()
        .values()
        .filter_map(|leader| {
            let units: Vec<UnitGroup<'a>> = ws
                .units()
                .values()
                .filter(|u| u.leader == leader.id)
                .filter_map(|u| {
                    let tasks: Vec<TaskRow<'a>> = b
                        .tasks
                        .iter()
                        .filter(|t| t.unit == u.id)
                        .map(|t| TaskRow {
                            task: t,
                            status_zh: t.status.zh(),
                            level: t.status.level(),
                            note: data
                                .and_then(|d| d.update(&t.id))
                                .and_then(|u| u.note.as_ref())
                                .map(|n| n.as_str()),
                            due_text: zh_day_in(t.due, ws.config().year),
                            progress_text: fmt_pct(t.progress),
                            expected_text: fmt_rate(t.expected),
                            status_text: match t.status.level() {
                                Some(level) => {
                                    format!("{}{}", t.status.zh(), super::prose::level_mark(level))
                                }
                                None => t.status.zh().to_string(),
                            },
                        })
                        .collect();
                    (!tasks.is_empty()).then(|| UnitGroup {
                        id: &u.id,
                        name: &u.name,
                        head: u.head.as_deref(),
                        counts: unit_counts(&u.id),
                        tasks,
                    })
                })
                .collect();
            if units.is_empty() {
                return None;
            }
            let counts = b.counts_by_leader.iter().find(|g| g.id == leader.id);
            Some(LeaderGroup {
                id: &leader.id,
                name: &leader.name,
                title: leader.title.as_deref(),
                counts: counts.map(|g| &g.counts),
                task_count: counts.map_or(0, |g| g.counts.total()),
                units,
            })
        })
        .collect()
}

/// The risks by level, high first (the briefing sorts them by level already).
fn risk_groups(risks: &[RiskItem]) -> Vec<RiskGroup<'_>> {
    [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low]
        .into_iter()
        .filter_map(|level| {
            let items: Vec<RiskRow<'_>> = risks
                .iter()
                .filter(|r| r.level == level)
                .map(|r| RiskRow {
                    risk: r,
                    text: r.text.as_str(),
                })
                .collect();
            (!items.is_empty()).then_some(RiskGroup {
                level,
                label: match level {
                    RiskLevel::High => "高风险",
                    RiskLevel::Medium => "中风险",
                    RiskLevel::Low => "低风险",
                },
                items,
            })
        })
        .collect()
}
