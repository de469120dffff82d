//! The tasks: how many each unit has, on which indicator, their dates, pace,
//! and blocked or paused episodes; and the supporting units of each indicator.

use chrono::Datelike;

use super::width;
use crate::YEAR;
use crate::dates::{add_days, date, days_between, friday_of, month_last_day, working_day};
use crate::model::{Episode, Task, World};
use crate::rng::Rng;
use crate::text::fill;
use crate::words::{BLOCKED_REASONS, EVENT_TEMPLATES, PAUSED_REASONS, TASK_TEMPLATES};

impl World {
    pub(crate) fn gen_tasks(&mut self, rng: &mut Rng) {
        let n_units = self.plan.units;
        // Five tasks per unit on average, moved around a little.
        let mut counts = vec![self.plan.tasks / n_units; n_units];
        counts[0] += self.plan.tasks % n_units;
        for _ in 0..n_units {
            let (a, b) = (rng.below(n_units), rng.below(n_units));
            if counts[a] > 2 {
                counts[a] -= 1;
                counts[b] += 1;
            }
        }
        let rated: Vec<usize> = (0..self.indicators.len())
            .filter(|&i| self.indicators[i].cat.is_rated())
            .collect();
        let others: Vec<usize> = (0..self.indicators.len())
            .filter(|&i| !self.indicators[i].cat.is_rated())
            .collect();
        let last_report = friday_of(*self.plan.weeks.last().expect("at least one week"));
        let start_max = add_days(last_report, -14).min(date(YEAR, 10, 31));
        let jan5 = date(YEAR, 1, 5);
        let span_days = days_between(jan5, start_max).max(1);
        let w = width(self.plan.tasks, 3);

        for (unit, &count) in counts.iter().enumerate() {
            let led: Vec<usize> = (0..self.indicators.len())
                .filter(|&i| self.indicators[i].lead == unit)
                .collect();
            for _ in 0..count {
                let indicator = if !led.is_empty() && rng.chance(0.6) {
                    rng.pick(&led)
                } else if rng.chance(0.85) {
                    rng.pick(&rated)
                } else {
                    rng.pick(&others)
                };
                let topic = self.indicators[indicator].topic.clone();
                let roll = rng.below(100);
                let (start, due, title) = if roll < 10 {
                    // Year-round work; some of it counted from New Year's Day.
                    let start = if rng.chance(0.5) {
                        date(YEAR, 1, 1)
                    } else {
                        jan5
                    };
                    let title = format!(
                        "{topic}{}",
                        rng.pick(&["常态化推进", "月度调度通报", "全年跟踪督办"])
                    );
                    (start, date(YEAR, 12, 31), title)
                } else if roll < 14 {
                    // A one-day event: due the day it starts.
                    let day = working_day(add_days(jan5, 7 + rng.range(0, span_days)));
                    (day, day, fill(rng.pick(EVENT_TEMPLATES), &topic))
                } else {
                    let start = if roll < 18 {
                        // Starts after the last weekly file: upcoming throughout.
                        working_day(
                            add_days(last_report, rng.range(-13, 45)).min(date(YEAR, 12, 1)),
                        )
                    } else {
                        let d = add_days(jan5, rng.range(0, span_days));
                        // Work starts on Mondays.
                        add_days(d, -i64::from(d.weekday().num_days_from_monday())).max(jan5)
                    };
                    // Mostly short, sometimes most of the year.
                    let length = 14 + rng.range(0, 240).min(rng.range(0, 240));
                    let mut due = add_days(start, length).min(date(YEAR, 12, 31));
                    if rng.chance(0.4) {
                        due = month_last_day(due.month());
                    }
                    (start, due, fill(rng.pick(TASK_TEMPLATES), &topic))
                };
                let length = days_between(start, due);
                let episode = |rng: &mut Rng, weeks: i64, reasons: &'static [&'static str]| {
                    let from = add_days(start, rng.range(0, length.max(7)));
                    Episode {
                        from,
                        to: add_days(from, 7 * rng.range(1, weeks) - 1),
                        reason: rng.pick(reasons),
                    }
                };
                let blocked = rng.chance(0.08).then(|| episode(rng, 3, BLOCKED_REASONS));
                let paused = rng.chance(0.05).then(|| episode(rng, 2, PAUSED_REASONS));
                let staff = &self.units[unit].staff;
                self.tasks.push(Task {
                    id: format!("T{:0w$}", self.tasks.len() + 1),
                    indicator,
                    unit,
                    title,
                    owner: staff[rng.below(staff.len())].clone(),
                    start,
                    due,
                    speed: if rng.chance(0.15) {
                        rng.uniform(0.55, 0.85)
                    } else {
                        rng.uniform(0.95, 1.25)
                    },
                    step: if rng.chance(0.05) { 25 } else { 50 },
                    blocked,
                    paused,
                });
            }
        }

        // Supporting units: those with tasks on an indicator they do not lead.
        for t in &self.tasks {
            let ind = &mut self.indicators[t.indicator];
            if t.unit != ind.lead && !ind.support.contains(&t.unit) && ind.support.len() < 8 {
                ind.support.push(t.unit);
            }
        }
        for ind in &mut self.indicators {
            ind.support.sort_unstable();
        }
    }
}
