//! Dates of the year 2026: construction, arithmetic, ISO weeks, month ends
//! and working days.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use crate::YEAR;

pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + TimeDelta::days(n)
}

pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

pub(crate) fn friday_of(week: u32) -> NaiveDate {
    NaiveDate::from_isoywd_opt(YEAR, week, Weekday::Fri).expect("a week of the year")
}

pub(crate) fn month_last_day(month: u32) -> NaiveDate {
    if month == 12 {
        date(YEAR, 12, 31)
    } else {
        add_days(date(YEAR, month + 1, 1), -1)
    }
}

/// The next working day on or after `d` (weekends only; holidays are ignored).
pub(crate) fn working_day(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => add_days(d, 2),
        Weekday::Sun => add_days(d, 1),
        _ => d,
    }
}
