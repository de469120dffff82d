//! The weekly files: the year simulated week by week (progress, status, notes),
//! the week's risks and the office's requirements.

use chrono::{Datelike, NaiveDate};

use crate::dates::{days_between, friday_of};
use crate::model::{Risk, Update, WeekFile, World};
use crate::rng::Rng;
use crate::words::{DONE_NOTES, PROGRESS_NOTES, QUARTERS};

impl World {
    /// Simulate the year week by week: progress rises with the time-elapsed
    /// pace (slower for laggards), stalls while blocked or paused, catches up
    /// after the due date; units sometimes fail to report.
    pub(crate) fn gen_weeks(&mut self, rng: &mut Rng) {
        struct State {
            /// Permille.
            progress: i64,
            /// Days lost to blocked and paused weeks, which delay the pace.
            lost: i64,
            /// 100% has been reported: the task stays done with no update.
            finished: bool,
        }
        let mut states: Vec<State> = (0..self.tasks.len())
            .map(|_| State {
                progress: 0,
                lost: 0,
                finished: false,
            })
            .collect();
        let weeks = self.plan.weeks.clone();
        let mut last_month_published: Option<u32> = None;
        for week in weeks {
            let reported = friday_of(week);
            // A whole unit now and then forgets to report.
            let silent: Vec<bool> = (0..self.units.len()).map(|_| rng.chance(0.01)).collect();
            let mut updates = Vec::new();
            // (task, severity: 0 overdue, 1 blocked, 2 behind)
            let mut troubled: Vec<(usize, u8)> = Vec::new();
            for (i, t) in self.tasks.iter().enumerate() {
                let st = &mut states[i];
                if reported < t.start || st.finished {
                    continue;
                }
                let blocked = t.blocked.as_ref().filter(|e| e.covers(reported));
                let paused = t.paused.as_ref().filter(|e| e.covers(reported));
                let length = days_between(t.start, t.due);
                let pace = |lost: i64| {
                    if length == 0 {
                        1.0
                    } else {
                        ((days_between(t.start, reported) - lost) as f64 / length as f64)
                            .clamp(0.0, 1.0)
                    }
                };
                if blocked.is_some() || paused.is_some() {
                    st.lost += 7;
                } else if reported > t.due {
                    st.progress = (st.progress + rng.range(2, 5) * 50).min(1000);
                } else {
                    let target = pace(st.lost) * t.speed + rng.uniform(-0.03, 0.03);
                    let target = ((target * 1000.0) as i64 / t.step * t.step).clamp(0, 1000);
                    st.progress = st.progress.max(target);
                }
                let overdue = reported > t.due && st.progress < 1000;
                if overdue {
                    troubled.push((i, 0));
                } else if blocked.is_some() {
                    troubled.push((i, 1));
                } else if pace(0) - st.progress as f64 / 1000.0 > 0.10 && st.progress < 1000 {
                    troubled.push((i, 2));
                }
                if silent[t.unit] || rng.chance(0.03) {
                    continue;
                }
                let status = if blocked.is_some() {
                    Some("blocked")
                } else if paused.is_some() {
                    Some("paused")
                } else {
                    None
                };
                let note = if let Some(e) = blocked.or(paused) {
                    Some(e.reason.to_string())
                } else if st.progress == 1000 {
                    rng.chance(0.5).then(|| rng.pick(DONE_NOTES).to_string())
                } else if overdue {
                    Some(format!(
                        "已逾期，正在加紧推进，预计{}周内完成",
                        rng.range(1, 3)
                    ))
                } else if rng.chance(0.10) {
                    Some(
                        rng.pick(PROGRESS_NOTES)
                            .replace("{n}", &rng.range(3, 30).to_string())
                            .replace("{p}", &(st.progress / 10).to_string()),
                    )
                } else {
                    None
                };
                st.finished = st.progress == 1000;
                updates.push(Update {
                    task: i,
                    progress: st.progress,
                    status,
                    note,
                });
            }

            let risks = self.week_risks(rng, &troubled, &silent, reported);
            // A month's figures published since the last bulletin prompt a requirement.
            let published = (1..=self.plan.months)
                .rev()
                .find(|&m| self.published[m as usize - 1] <= reported);
            let new_month = published.filter(|m| Some(*m) != last_month_published);
            last_month_published = published;
            let requirements = (new_month.is_some() || rng.chance(0.35))
                .then(|| self.requirements(rng, &troubled, new_month, reported));
            self.weeks.push(WeekFile {
                week,
                reported,
                updates,
                risks,
                requirements,
            });
        }
    }

    fn week_risks(
        &self,
        rng: &mut Rng,
        troubled: &[(usize, u8)],
        silent: &[bool],
        reported: NaiveDate,
    ) -> Vec<Risk> {
        let mut picks = troubled.to_vec();
        rng.shuffle(&mut picks);
        picks.sort_by_key(|&(_, severity)| severity);
        let wanted = rng.range(1, (self.units.len() / 8 + 2) as i64) as usize;
        let mut risks: Vec<Risk> = Vec::new();
        for &(i, severity) in picks.iter().take(wanted) {
            let t = &self.tasks[i];
            let ind = &self.indicators[t.indicator];
            let (level, text) = match severity {
                0 => {
                    let late = days_between(t.due, reported);
                    if rng.chance(0.5) {
                        (
                            "high",
                            format!("“{}”已逾期{late}天，**影响{}得分**", t.title, ind.name),
                        )
                    } else {
                        ("high", format!("“{}”逾期未完成，存在扣分风险", t.title))
                    }
                }
                1 => (
                    rng.pick(&["high", "medium"]),
                    format!(
                        "“{}”受阻：{}",
                        t.title,
                        t.blocked.as_ref().map_or("原因待核实", |e| e.reason)
                    ),
                ),
                _ => (
                    rng.pick(&["medium", "low"]),
                    if rng.chance(0.5) {
                        format!("{}推进缓慢，低于序时进度", ind.topic)
                    } else {
                        format!("“{}”进度落后，{}存在失分风险", t.title, ind.name)
                    },
                ),
            };
            risks.push(Risk {
                unit: t.unit,
                indicator: rng.chance(0.8).then_some(t.indicator),
                level,
                text,
            });
        }
        if risks.is_empty() {
            // Quiet weeks still have a word of caution.
            let ind = rng.below(self.indicators.len());
            risks.push(Risk {
                unit: self.indicators[ind].lead,
                indicator: Some(ind),
                level: "low",
                text: format!("{}工作量大、时间紧，需统筹推进", self.indicators[ind].topic),
            });
        }
        for (unit, _) in silent.iter().enumerate().filter(|(_, s)| **s) {
            risks.push(Risk {
                unit,
                indicator: None,
                level: "low",
                text: format!(
                    "{}本周未报送任何任务进度，已电话催报",
                    self.units[unit].name
                ),
            });
        }
        risks
    }

    fn requirements(
        &self,
        rng: &mut Rng,
        troubled: &[(usize, u8)],
        new_month: Option<u32>,
        reported: NaiveDate,
    ) -> String {
        let mut items = Vec::new();
        if let Some(m) = new_month {
            items.push(format!(
                "各单位对照省{m}月通报逐项分析失分原因，一周内报绩效办。"
            ));
        }
        let worst = troubled.iter().find(|(_, s)| *s == 0).or(troubled.first());
        if let Some(&(i, severity)) = worst {
            let t = &self.tasks[i];
            let unit = &self.units[t.unit];
            let leader = &self.leaders[unit.leader];
            items.push(match severity {
                0 => format!(
                    "{}对“{}”逾期问题限期整改，下周一前报送情况说明。",
                    unit.name, t.title
                ),
                1 => format!(
                    "{}{}牵头协调解决{}“{}”卡点问题。",
                    leader.name, leader.title, unit.name, t.title
                ),
                _ => format!("{}抓紧推进“{}”，**确保按期完成**。", unit.name, t.title),
            });
        }
        if rng.chance(0.5) {
            items.push("各单位于每周五12时前报送任务进度，逾期未报的按“未报送”通报。".into());
        }
        if reported.day() >= 15 && rng.chance(0.4) {
            let q = QUARTERS[(reported.month0() / 3) as usize];
            items.push(format!("各单位做好{q}任务冲刺，确保到期任务按期完成。"));
        }
        if items.is_empty() {
            items.push("各单位对照任务清单查漏补缺，确保序时进度。".into());
        }
        items
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{}. {s}\n", k + 1))
            .collect()
    }
}
