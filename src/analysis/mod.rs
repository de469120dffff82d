//! Step 3 of the pipeline: the figures of a briefing, as a pure function of
//! the checked workspace. No I/O, no clock: the day a bulletin speaks of is
//! its `reported` date; a handout's is its meeting (or publication) day.
//!
//! Every comparison is exact ([`Num`] decimals, and fractions compared by
//! cross-multiplication); rounding happens only when a figure is written out
//! (see [`ser`]).

pub mod json;
pub mod monthly;
pub mod ser;
pub mod weekly;

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::{Month, Num, Week, Workspace};

pub use monthly::{MonthlyBriefing, analyse_month};
pub use weekly::{WeeklyBriefing, analyse_week};

/// Red or yellow: how urgent a warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Red,
    Yellow,
}

impl Level {
    pub fn zh(self) -> &'static str {
        match self {
            Level::Red => "红色预警",
            Level::Yellow => "黄色预警",
        }
    }
}

/// The period a briefing is asked for has no data file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no data file `{expected}`{}", existing_list(.existing))]
pub struct NoSuchPeriod {
    /// The file that would hold the period, relative to the workspace.
    pub expected: String,
    /// The periods that do have a file.
    pub existing: Vec<String>,
}

fn existing_list(existing: &[String]) -> String {
    match existing {
        [] => "; the workspace has no file of that kind yet".to_string(),
        [one] => format!("; the only one is {one}"),
        [first, .., last] => format!(
            "; files exist for {} periods, from {first} to {last}: {}",
            existing.len(),
            existing.join(", ")
        ),
    }
}

/// That `week` has a data file, or which file is missing and which exist.
pub fn require_week(ws: &Workspace, week: Week) -> Result<(), NoSuchPeriod> {
    require(&ws.weeks, &week, "weekly")
}

/// That `month` has a data file, or which file is missing and which exist.
pub fn require_month(ws: &Workspace, month: Month) -> Result<(), NoSuchPeriod> {
    require(&ws.months, &month, "monthly")
}

fn require<P: Ord + std::fmt::Display, D>(
    periods: &std::collections::BTreeMap<P, D>,
    period: &P,
    folder: &str,
) -> Result<(), NoSuchPeriod> {
    if periods.contains_key(period) {
        return Ok(());
    }
    Err(NoSuchPeriod {
        expected: format!("{folder}/{period}.yaml"),
        existing: periods.keys().map(ToString::to_string).collect(),
    })
}

pub fn weekly(ws: &Workspace, week: Week) -> Result<WeeklyBriefing, NoSuchPeriod> {
    require_week(ws, week)?;
    Ok(analyse_week(ws, week))
}

pub fn monthly(ws: &Workspace, month: Month) -> Result<MonthlyBriefing, NoSuchPeriod> {
    require_month(ws, month)?;
    Ok(analyse_month(ws, month))
}

/// An exact non-negative fraction `num / den` with `den > 0`, for figures
/// such as the expected pace or a computed unit score that need not be
/// finite decimals. Compared exactly by cross-multiplication.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    pub num: Num,
    pub den: Num,
}

impl Ratio {
    pub fn new(num: Num, den: Num) -> Ratio {
        debug_assert!(den > Num::ZERO);
        Ratio { num, den }
    }

    pub fn whole(value: Num) -> Ratio {
        Ratio {
            num: value,
            den: Num::ONE,
        }
    }

    /// The value as a decimal (28 significant digits), for output only.
    pub fn value(self) -> Num {
        self.num / self.den
    }

    /// Compare with a decimal exactly.
    pub fn cmp_num(self, other: Num) -> Ordering {
        match other.checked_mul(self.den) {
            Some(b) => self.num.cmp(&b),
            None => self.value().cmp(&other),
        }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        // Exact when the products fit a decimal (always, for real data);
        // hostile magnitudes fall back to comparing the 28-digit quotients
        // rather than overflowing.
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.value().cmp(&other.value()),
        }
    }
}

/// Standard competition ranks ("1, 2, 2, 4") of items already sorted best first.
pub fn competition_ranks<T: PartialEq>(sorted_scores: &[T]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(sorted_scores.len());
    for (i, s) in sorted_scores.iter().enumerate() {
        if i > 0 && sorted_scores[i - 1] == *s {
            ranks.push(ranks[i - 1]);
        } else {
            ranks.push(i as u32 + 1);
        }
    }
    ranks
}

/// The owner → unit head → leader in charge → principal chain of a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// The task's owner (责任人); `None` for warnings on an indicator.
    pub owner: Option<String>,
    pub unit: String,
    pub unit_name: String,
    pub head: Option<String>,
    pub leader: String,
    pub leader_name: String,
    pub leader_title: Option<String>,
    pub principal: Option<String>,
}

impl Chain {
    pub fn of_unit(ws: &Workspace, unit: &str, owner: Option<&str>) -> Chain {
        let u = &ws.units[unit];
        let leader = ws.leaders.get(&u.leader);
        Chain {
            owner: owner.map(str::to_string),
            unit: u.id.clone(),
            unit_name: u.name.clone(),
            head: u.head.clone(),
            leader: u.leader.clone(),
            leader_name: leader.map_or_else(|| u.leader.clone(), |l| l.name.clone()),
            leader_title: leader.and_then(|l| l.title.clone()),
            principal: ws.config.principal.clone(),
        }
    }
}

/// Format a decimal with up to `places` decimals, trailing zeros dropped ("92.3", "90").
pub fn fmt_num(n: Num, places: u32) -> String {
    ser::round(n, places).normalize().to_string()
}

/// A fraction as a percentage with up to one decimal ("75%", "62.5%").
pub fn fmt_pct(n: Num) -> String {
    format!("{}%", fmt_num(n * Num::ONE_HUNDRED, 1))
}
