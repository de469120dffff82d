//! The checked workspace: every value typed, every id resolved.
//!
//! Only [`crate::check`] builds these; everything after it (analysis,
//! rendering) trusts them and never validates again. Lists are sorted by id
//! so that the order of entries in the files never changes a result.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::{SourceFiles, Span};

mod period;

pub use period::{Month, Week};

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
    /// The issue number (期号) of the year's first bulletin; each later week
    /// with a file takes the next number.
    pub first_issue: u32,
    /// Most rows of a long PDF table (the bulletin's checklist, the handout's
    /// internal ranking); the Markdown and JSON always hold every row.
    pub table_limit: u32,
    /// The 抄送 line of the 版记, in order.
    pub cc: Vec<String>,
    pub tiers: Vec<Tier>,
    pub warnings: WarningSettings,
    pub explanations: ExplanationSettings,
    /// `archive:` in config.yaml: what an archived record carries.
    pub archive: ArchiveSettings,
}

/// `archive: { attach_sources: false }`: PDFs without their data attached
/// (PDF/A-2b), for offices whose records rules forbid attachments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSettings {
    pub attach_sources: bool,
}

impl Default for ArchiveSettings {
    fn default() -> Self {
        ArchiveSettings {
            attach_sources: true,
        }
    }
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

    /// When this bureau's indicator scores (`indicators`, bonus and penalty
    /// included) do not add up to its published total (`self_total`), by
    /// more than 0.01: (the sum, the total).
    pub fn subtotal_mismatch(&self, self_total: Num) -> Option<(Num, Num)> {
        let sum: Num = self.indicators.values().map(|s| s.score).sum();
        ((sum - self_total).abs() > Num::new(1, 2)).then_some((sum, self_total))
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
    parts: WorkspaceParts,
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
        Workspace {
            files,
            parts,
            progress,
        }
    }

    /// The workspace's files, as loaded.
    pub fn files(&self) -> &SourceFiles {
        &self.files
    }

    pub fn config(&self) -> &Config {
        &self.parts.config
    }

    pub fn leaders(&self) -> &BTreeMap<String, Leader> {
        &self.parts.leaders
    }

    pub fn units(&self) -> &BTreeMap<String, Unit> {
        &self.parts.units
    }

    pub fn peers(&self) -> &BTreeMap<String, Peer> {
        &self.parts.peers
    }

    pub fn indicators(&self) -> &BTreeMap<String, Indicator> {
        &self.parts.indicators
    }

    pub fn tasks(&self) -> &BTreeMap<String, Task> {
        &self.parts.tasks
    }

    /// The weekly files, by week.
    pub fn weeks(&self) -> &BTreeMap<Week, WeekData> {
        &self.parts.weeks
    }

    /// The monthly files, by month.
    pub fn months(&self) -> &BTreeMap<Month, MonthData> {
        &self.parts.months
    }

    /// The explanations, by month and unit.
    pub fn explanations(&self) -> &BTreeMap<(Month, String), Explanation> {
        &self.parts.explanations
    }

    /// A task's latest progress reported in `week` or before, and the week it came from.
    pub fn latest_progress(&self, task: &str, week: Week) -> Option<(Num, Week)> {
        let figures = self.progress.get(task)?;
        let n = figures.partition_point(|(w, _)| *w <= week);
        figures.get(n.checked_sub(1)?).map(|(w, p)| (*p, *w))
    }

    pub fn self_peer(&self) -> &Peer {
        &self.parts.peers[&self.parts.config.self_id]
    }

    pub fn leader_of(&self, unit: &str) -> Option<&Leader> {
        self.parts
            .units
            .get(unit)
            .and_then(|u| self.parts.leaders.get(&u.leader))
    }
}
