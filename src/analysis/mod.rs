//! Step 3 of the pipeline: the figures of a briefing, as a pure function of
//! the checked workspace. No I/O, no clock: the day a bulletin speaks of is
//! its `reported` date; a handout's is its meeting (or publication) day.
//!
//! Every comparison is exact ([`Num`] decimals, and fractions compared by
//! cross-multiplication); rounding happens only when a figure is written out
//! (see [`ser`]).
//!
//! In: the checked workspace and a period ([`weekly()`], [`monthly()`]); out: the
//! briefing's figures, or [`NoSuchPeriod`] when the period has no data file.
//! [`inputs`] says which data files a briefing reads.

pub mod format;
pub mod json;
pub mod monthly;
pub mod ser;
pub mod weekly;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{Month, MonthData, Num, Week, WeekData, Workspace};

pub use format::{fmt_num, fmt_pct, fmt_rate, fmt_score};
pub use monthly::MonthlyBriefing;
pub use weekly::WeeklyBriefing;

/// A week's bulletin or a month's handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Week(Week),
    Month(Month),
}

impl Period {
    /// `weekly/2026-W27` or `monthly/2026-06`: the data file's path without
    /// its extension, and the outputs' too.
    pub fn stem(self) -> String {
        match self {
            Period::Week(w) => format!("weekly/{w}"),
            Period::Month(m) => format!("monthly/{m}"),
        }
    }

    /// The data file of the period, relative to the workspace.
    pub fn data_file(self) -> String {
        format!("{}.yaml", self.stem())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week(w) => w.fmt(f),
            Period::Month(m) => m.fmt(f),
        }
    }
}

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

/// The data of `period`, or which file is missing and which exist.
fn lookup<P: Ord + fmt::Display + Copy, D>(
    periods: &BTreeMap<P, D>,
    period: P,
    wrap: fn(P) -> Period,
) -> Result<&D, NoSuchPeriod> {
    periods.get(&period).ok_or_else(|| NoSuchPeriod {
        expected: wrap(period).data_file(),
        existing: periods.keys().map(ToString::to_string).collect(),
    })
}

fn week_data(ws: &Workspace, week: Week) -> Result<&WeekData, NoSuchPeriod> {
    lookup(ws.weeks(), week, Period::Week)
}

fn month_data(ws: &Workspace, month: Month) -> Result<&MonthData, NoSuchPeriod> {
    lookup(ws.months(), month, Period::Month)
}

/// That `period` has a data file, or which file is missing and which exist.
pub fn require(ws: &Workspace, period: Period) -> Result<(), NoSuchPeriod> {
    match period {
        Period::Week(w) => week_data(ws, w).map(|_| ()),
        Period::Month(m) => month_data(ws, m).map(|_| ()),
    }
}

/// The bulletin of `week`.
pub fn weekly(ws: &Workspace, week: Week) -> Result<WeeklyBriefing, NoSuchPeriod> {
    Ok(weekly::analyse(ws, week, week_data(ws, week)?))
}

/// The handout of `month`.
pub fn monthly(ws: &Workspace, month: Month) -> Result<MonthlyBriefing, NoSuchPeriod> {
    Ok(monthly::analyse(ws, month, month_data(ws, month)?))
}

/// The top-level files every briefing reads: the settings, the units and
/// their leaders, the peers and the indicators.
const SHARED_INPUTS: [&str; 4] = ["config.yaml", "units.yaml", "peers.yaml", "indicators.yaml"];

/// The data files the briefing of `period` reads, relative to the workspace,
/// in a stable order: what a build hashes to know whether the briefing is out
/// of date. Each kind of briefing lists its own files next to the code that
/// reads them (`inputs` in the `weekly` and `monthly` modules).
pub fn inputs(ws: &Workspace, period: Period) -> Result<Vec<String>, NoSuchPeriod> {
    let mut rels: Vec<String> = SHARED_INPUTS.iter().map(|s| s.to_string()).collect();
    match period {
        Period::Week(w) => rels.extend(weekly::inputs(ws, w, week_data(ws, w)?)),
        Period::Month(m) => {
            month_data(ws, m)?;
            rels.extend(monthly::inputs(ws, m));
        }
    }
    Ok(rels)
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
        let u = &ws.units()[unit];
        let leader = ws.leaders().get(&u.leader);
        Chain {
            owner: owner.map(str::to_string),
            unit: u.id.clone(),
            unit_name: u.name.clone(),
            head: u.head.clone(),
            leader: u.leader.clone(),
            leader_name: leader.map_or_else(|| u.leader.clone(), |l| l.name.clone()),
            leader_title: leader.and_then(|l| l.title.clone()),
            principal: ws.config().principal.clone(),
        }
    }
}
