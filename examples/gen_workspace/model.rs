//! The model of the generated workspace: leaders, units, peers, indicators,
//! tasks, and the weekly, monthly and explanation files, gathered in a `World`.

use chrono::NaiveDate;

use crate::dates::month_last_day;
use crate::plan::Plan;

pub(crate) struct Leader {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) title: &'static str,
}

pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) district: bool,
    pub(crate) leader: usize,
    pub(crate) head: String,
    /// People who own the unit's tasks.
    pub(crate) staff: Vec<String>,
    /// Writes progress as `0.6` instead of `60%`.
    pub(crate) decimal_progress: bool,
}

pub(crate) struct Peer {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    Kpi,
    Special,
    Evaluation,
    Bonus,
    Penalty,
}

impl Cat {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Cat::Kpi => "kpi",
            Cat::Special => "special",
            Cat::Evaluation => "evaluation",
            Cat::Bonus => "bonus",
            Cat::Penalty => "penalty",
        }
    }

    pub(crate) fn is_rated(self) -> bool {
        matches!(self, Cat::Kpi | Cat::Special | Cat::Evaluation)
    }
}

pub(crate) struct Stage {
    pub(crate) name: &'static str,
    pub(crate) end: NaiveDate,
    /// Hundredths of a point.
    pub(crate) full: i64,
}

pub(crate) struct Indicator {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) cat: Cat,
    /// Hundredths: the full score, or the cap of a bonus or penalty.
    pub(crate) full: i64,
    /// Whether the cap is written (penalties may have none).
    pub(crate) full_written: bool,
    pub(crate) lead: usize,
    pub(crate) support: Vec<usize>,
    pub(crate) target: String,
    pub(crate) stages: Vec<Stage>,
    /// What the indicator is about, for task titles and texts.
    pub(crate) topic: String,
    /// This bureau's usual score rate on it.
    pub(crate) base_rate: f64,
}

impl Indicator {
    /// Assessable full score (hundredths) by the last day of `month`.
    pub(crate) fn assessable(&self, month: u32) -> i64 {
        if self.stages.is_empty() {
            self.full
        } else {
            let last = month_last_day(month);
            self.stages
                .iter()
                .filter(|s| s.end <= last)
                .map(|s| s.full)
                .sum()
        }
    }
}

pub(crate) struct Task {
    pub(crate) id: String,
    pub(crate) indicator: usize,
    pub(crate) unit: usize,
    pub(crate) title: String,
    pub(crate) owner: String,
    pub(crate) start: NaiveDate,
    pub(crate) due: NaiveDate,
    /// Progress relative to the time-elapsed pace (below 1: a laggard).
    pub(crate) speed: f64,
    /// Progress step in permille: 50 (5%), or 25 for units that report 12.5%.
    pub(crate) step: i64,
    pub(crate) blocked: Option<Episode>,
    pub(crate) paused: Option<Episode>,
}

/// A stretch of days when a task is blocked or paused, and why.
pub(crate) struct Episode {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) reason: &'static str,
}

impl Episode {
    pub(crate) fn covers(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

pub(crate) struct Update {
    pub(crate) task: usize,
    /// Permille.
    pub(crate) progress: i64,
    pub(crate) status: Option<&'static str>,
    pub(crate) note: Option<String>,
}

pub(crate) struct Risk {
    pub(crate) unit: usize,
    pub(crate) indicator: Option<usize>,
    pub(crate) level: &'static str,
    pub(crate) text: String,
}

pub(crate) struct WeekFile {
    pub(crate) week: u32,
    pub(crate) reported: NaiveDate,
    pub(crate) updates: Vec<Update>,
    pub(crate) risks: Vec<Risk>,
    pub(crate) requirements: Option<String>,
}

pub(crate) struct MonthFile {
    pub(crate) month: u32,
    pub(crate) published: NaiveDate,
    pub(crate) meeting: NaiveDate,
    /// Total (hundredths) of each peer, in peer order.
    pub(crate) ranking: Vec<i64>,
    /// Score (hundredths) and province rank of each indicator; `None`: not in the file.
    pub(crate) scores: Vec<Option<(i64, Option<usize>)>>,
    /// Internal scores (tenths) of every unit, when the month gives them.
    pub(crate) units: Option<Vec<i64>>,
    pub(crate) notes: String,
    pub(crate) next_steps: String,
}

pub(crate) struct ExplanationFile {
    pub(crate) month: u32,
    pub(crate) unit: usize,
    pub(crate) submitted: NaiveDate,
    pub(crate) reasons: String,
    pub(crate) measures: String,
    pub(crate) commitment: Option<String>,
}

pub(crate) struct World {
    pub(crate) plan: Plan,
    pub(crate) seed: u64,
    pub(crate) principal: String,
    pub(crate) leaders: Vec<Leader>,
    pub(crate) units: Vec<Unit>,
    pub(crate) peers: Vec<Peer>,
    pub(crate) self_peer: usize,
    /// When the superior published each month's figures (index 0: January).
    pub(crate) published: Vec<NaiveDate>,
    pub(crate) indicators: Vec<Indicator>,
    pub(crate) tasks: Vec<Task>,
    pub(crate) weeks: Vec<WeekFile>,
    pub(crate) months: Vec<MonthFile>,
    pub(crate) explanations: Vec<ExplanationFile>,
}
