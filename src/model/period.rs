//! The two periods of the assessment: the ISO week of a bulletin and the
//! calendar month of a handout. Each is made only valid, so its days need no
//! check afterwards.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

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
