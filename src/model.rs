//! The checked workspace: every value typed, every id resolved.
//!
//! Only [`crate::check`] builds these; everything after it (analysis,
//! rendering) trusts them and never validates again. Lists are sorted by id
//! so that the order of entries in the files never changes a result.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rust_decimal::Decimal;

use crate::diagnostic::{SourceFiles, Span};

/// Scores, margins, rates and progress: exact decimals, never floats.
pub type Num = Decimal;

/// Text from the data, with where it came from (for font-coverage warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// An ISO 8601 week, `2026-W27`.
///
/// Held as its Monday, which [`Week::new`] and [`Week::containing`] are the
/// only ways to make: every value is a real week, so its days need no check.
/// The derived order is the order of the weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    monday: NaiveDate,
}

impl Week {
    /// Week `week` of ISO year `year`, if that year has it (and the calendar
    /// reaches the Monday after it, so that [`Week::next`] exists too).
    pub fn new(year: i32, week: u32) -> Option<Week> {
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        monday.checked_add_days(Days::new(7))?;
        Some(Week { monday })
    }

    /// The week `day` falls in.
    ///
    /// # Panics
    ///
    /// Only for a day of the first, partial week of chrono's calendar (some
    /// 262,000 years BC); the checker reads four-digit years.
    pub fn containing(day: NaiveDate) -> Week {
        let back = u64::from(day.weekday().num_days_from_monday());
        Week {
            monday: day - Days::new(back),
        }
    }

    /// The ISO year, which may differ from the calendar year of a day in it.
    pub fn year(self) -> i32 {
        self.monday.iso_week().year()
    }

    /// The week's number in its ISO year, 1 to 53.
    pub fn number(self) -> u32 {
        self.monday.iso_week().week()
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn sunday(self) -> NaiveDate {
        // In range: the constructors make weeks whose next Monday exists.
        self.monday + Days::new(6)
    }

    pub fn next(self) -> Week {
        Week::containing(self.monday + Days::new(7))
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year(), self.number())
    }
}

/// As written in file names and the JSON: `2026-W27`.
impl serde::Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Week {
    type Err = String;
    fn from_str(s: &str) -> Result<Week, String> {
        let bad = || format!("`{s}` is not an ISO week like 2026-W27");
        let (y, w) = s.split_once("-W").ok_or_else(bad)?;
        if y.len() != 4 || w.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        Week::new(year, week).ok_or_else(|| format!("{year} has no ISO week {week}"))
    }
}

/// A calendar month, `2026-06`.
///
/// Held as its first day, which only [`Month::new`] makes: every value is a
/// real month. The derived order is the order of the months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// Month `month` (1 to 12) of `year`, if the calendar reaches its last day.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        first.checked_add_months(Months::new(1))?;
        Some(Month { first })
    }

    pub fn year(self) -> i32 {
        self.first.year()
    }

    /// The month's number, 1 to 12.
    pub fn month(self) -> u32 {
        self.first.month()
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn last_day(self) -> NaiveDate {
        // In range: `new` checked that the next month begins.
        self.first + Months::new(1) - Days::new(1)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// As written in file names and the JSON: `2026-06`.
impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month like 2026-06");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Month::new(year, month).ok_or_else(bad)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub name: String,
    pub first: u32,
    pub last: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningSettings {
    pub overtake_margin: Num,
    pub chase_margin: Num,
    pub rate_yellow: Num,
    pub rate_red: Num,
    pub rank_drop: u32,
    pub pace_tolerance: Num,
}

impl Default for WarningSettings {
    fn default() -> Self {
        WarningSettings {
            overtake_margin: Num::ONE,
            chase_margin: Num::ONE,
            rate_yellow: Num::new(90, 2),
            rate_red: Num::new(80, 2),
            rank_drop: 2,
            pace_tolerance: Num::new(10, 2),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationSettings {
    pub bottom: u32,
    pub below_rate: Option<Num>,
    pub due_days: u32,
}

impl Default for ExplanationSettings {
    fn default() -> Self {
        ExplanationSettings {
            bottom: 3,
            below_rate: None,
            due_days: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub organization: String,
    pub self_id: String,
    pub year: i32,
    pub issuer: String,
    pub principal: Option<String>,
    /// Weekly issue number (期数) = ISO week + this.
    pub issue_offset: u32,
    /// Most rows of a long PDF table (the bulletin's checklist, the handout's
    /// internal ranking); the Markdown and JSON always hold every row.
    pub table_limit: u32,
    pub copy_to: Option<String>,
    pub tiers: Vec<Tier>,
    pub warnings: WarningSettings,
    pub explanations: ExplanationSettings,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Department,
    District,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub leader: String,
    pub head: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Kpi,
    Special,
    Evaluation,
    Bonus,
    Penalty,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Kpi,
        Category::Special,
        Category::Evaluation,
        Category::Bonus,
        Category::Penalty,
    ];

    /// kpi, special and evaluation have a full score and a rate; bonus and penalty do not.
    pub fn is_rated(self) -> bool {
        matches!(
            self,
            Category::Kpi | Category::Special | Category::Evaluation
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Kpi => "kpi",
            Category::Special => "special",
            Category::Evaluation => "evaluation",
            Category::Bonus => "bonus",
            Category::Penalty => "penalty",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Category::Kpi => "KPI核心指标",
            Category::Special => "专项工作",
            Category::Evaluation => "综合评价",
            Category::Bonus => "加分项",
            Category::Penalty => "扣分项",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: String,
    pub end: NaiveDate,
    pub full_score: Num,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub category: Category,
    /// The full score (kpi, special, evaluation) or the cap (bonus, penalty).
    pub full_score: Option<Num>,
    pub lead: String,
    pub support: Vec<String>,
    pub target: Option<String>,
    pub stages: Vec<Stage>,
}

impl Indicator {
    /// The full score assessable in a month: the whole full score, or for a
    /// staged special, the stages ended by the month's last day.
    pub fn assessable(&self, month: Month) -> Num {
        if !self.category.is_rated() {
            return Num::ZERO;
        }
        if self.category == Category::Special && !self.stages.is_empty() {
            let end = month.last_day();
            return self
                .stages
                .iter()
                .filter(|s| s.end <= end)
                .map(|s| s.full_score)
                .sum();
        }
        self.full_score.unwrap_or(Num::ZERO)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub indicator: String,
    pub unit: String,
    pub title: String,
    pub owner: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateStatus {
    Blocked,
    Paused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub task: String,
    /// A fraction from 0 to 1, exact.
    pub progress: Num,
    pub status: Option<UpdateStatus>,
    pub note: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

impl RiskLevel {
    pub fn zh(self) -> &'static str {
        match self {
            RiskLevel::High => "高",
            RiskLevel::Medium => "中",
            RiskLevel::Low => "低",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub unit: String,
    pub indicator: Option<String>,
    pub level: RiskLevel,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekData {
    pub week: Week,
    pub reported: NaiveDate,
    /// Sorted by task id; at most one per task.
    pub updates: Vec<Update>,
    /// In file order within each level (the office's order of importance).
    pub risks: Vec<Risk>,
    pub requirements: Option<Text>,
    pub span: Span,
}

impl WeekData {
    pub fn update(&self, task: &str) -> Option<&Update> {
        self.updates
            .binary_search_by(|u| u.task.as_str().cmp(task))
            .ok()
            .map(|i| &self.updates[i])
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorScore {
    pub score: Num,
    pub rank: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthData {
    pub month: Month,
    pub published: NaiveDate,
    pub meeting: Option<NaiveDate>,
    pub scope: Option<String>,
    /// Total score by peer id.
    pub ranking: BTreeMap<String, Num>,
    pub indicators: BTreeMap<String, IndicatorScore>,
    pub units: Option<BTreeMap<String, Num>>,
    pub notes: Option<Text>,
    pub next_steps: Option<Text>,
    pub span: Span,
}

impl MonthData {
    /// The day the handout speaks of: the meeting, or the publication.
    pub fn as_of(&self) -> NaiveDate {
        self.meeting.unwrap_or(self.published)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub unit: String,
    pub month: Month,
    pub submitted: NaiveDate,
    pub reasons: Text,
    pub measures: Text,
    pub commitment: Option<Text>,
}

/// A checked workspace. Only the checker makes one ([`Workspace::new`]),
/// after every rule of the spec holds: ids refer to something, every task's
/// unit exists, the bureau is among the peers. Its parts are read through
/// accessors, so nothing after the checker can break what it established.
#[derive(Debug, Clone)]
pub struct Workspace {
    files: std::sync::Arc<SourceFiles>,
    config: Config,
    leaders: BTreeMap<String, Leader>,
    units: BTreeMap<String, Unit>,
    peers: BTreeMap<String, Peer>,
    indicators: BTreeMap<String, Indicator>,
    tasks: BTreeMap<String, Task>,
    weeks: BTreeMap<Week, WeekData>,
    months: BTreeMap<Month, MonthData>,
    explanations: BTreeMap<(Month, String), Explanation>,
    /// Every progress figure of each task, by week: built once, so that a
    /// week's "latest known progress" is a binary search, not a walk over
    /// every earlier week (analysing a whole year stays linear).
    progress: BTreeMap<String, Vec<(Week, Num)>>,
}

/// The parts of a workspace, as the checker reads them.
#[derive(Debug, Clone)]
pub struct WorkspaceParts {
    pub config: Config,
    pub leaders: BTreeMap<String, Leader>,
    pub units: BTreeMap<String, Unit>,
    pub peers: BTreeMap<String, Peer>,
    pub indicators: BTreeMap<String, Indicator>,
    pub tasks: BTreeMap<String, Task>,
    pub weeks: BTreeMap<Week, WeekData>,
    pub months: BTreeMap<Month, MonthData>,
    pub explanations: BTreeMap<(Month, String), Explanation>,
}

impl Workspace {
    /// A workspace of checked parts, with its files (for diagnostics and the
    /// input hash). Only the checker calls this: it is what establishes the
    /// invariants the accessors' users rely on.
    pub(crate) fn new(parts: WorkspaceParts, files: std::sync::Arc<SourceFiles>) -> Workspace {
        let mut progress: BTreeMap<String, Vec<(Week, Num)>> = BTreeMap::new();
        for (week, data) in &parts.weeks {
            for u in &data.updates {
                progress
                    .entry(u.task.clone())
                    .or_default()
                    .push((*week, u.progress));
            }
        }
        let WorkspaceParts {
            config,
            leaders,
            units,
            peers,
            indicators,
            tasks,
            weeks,
            months,
            explanations,
        } = parts;
        Workspace {
            files,
            config,
            leaders,
            units,
            peers,
            indicators,
            tasks,
            weeks,
            months,
            explanations,
            progress,
        }
    }

    /// The workspace's files, as loaded.
    pub fn files(&self) -> &SourceFiles {
        &self.files
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn leaders(&self) -> &BTreeMap<String, Leader> {
        &self.leaders
    }

    pub fn units(&self) -> &BTreeMap<String, Unit> {
        &self.units
    }

    pub fn peers(&self) -> &BTreeMap<String, Peer> {
        &self.peers
    }

    pub fn indicators(&self) -> &BTreeMap<String, Indicator> {
        &self.indicators
    }

    pub fn tasks(&self) -> &BTreeMap<String, Task> {
        &self.tasks
    }

    /// The weekly files, by week.
    pub fn weeks(&self) -> &BTreeMap<Week, WeekData> {
        &self.weeks
    }

    /// The monthly files, by month.
    pub fn months(&self) -> &BTreeMap<Month, MonthData> {
        &self.months
    }

    /// The explanations, by month and unit.
    pub fn explanations(&self) -> &BTreeMap<(Month, String), Explanation> {
        &self.explanations
    }

    /// A task's latest progress reported in `week` or before, and the week it came from.
    pub fn latest_progress(&self, task: &str, week: Week) -> Option<(Num, Week)> {
        let figures = self.progress.get(task)?;
        let n = figures.partition_point(|(w, _)| *w <= week);
        figures.get(n.checked_sub(1)?).map(|(w, p)| (*p, *w))
    }

    pub fn self_peer(&self) -> &Peer {
        &self.peers[&self.config.self_id]
    }

    pub fn leader_of(&self, unit: &str) -> Option<&Leader> {
        self.units
            .get(unit)
            .and_then(|u| self.leaders.get(&u.leader))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_and_months_exist_or_are_not_made() {
        assert!(Week::new(2026, 53).is_some());
        assert!(Week::new(2025, 53).is_none());
        assert!(Week::new(2026, 0).is_none());
        let w = Week::new(2026, 27).unwrap();
        assert_eq!((w.year(), w.number()), (2026, 27));
        assert_eq!(w.to_string(), "2026-W27");
        assert_eq!(w.monday().to_string(), "2026-06-29");
        assert_eq!(w.sunday().to_string(), "2026-07-05");
        assert_eq!(w.next().to_string(), "2026-W28");
        assert_eq!(Week::containing(w.sunday()), w);
        // The ISO year of 2027-01-01 is 2026 (week 53).
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(Week::containing(d).to_string(), "2026-W53");

        assert!(Month::new(2026, 13).is_none());
        assert!(Month::new(2026, 0).is_none());
        let m = Month::new(2024, 2).unwrap();
        assert_eq!((m.year(), m.month()), (2024, 2));
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!(m.last_day().to_string(), "2024-02-29");
        assert_eq!(
            Month::new(2026, 12).unwrap().last_day().to_string(),
            "2026-12-31"
        );
        assert!(Month::new(2026, 6) < Month::new(2026, 7));
    }
}
