//! The explanation files of the units required to explain: when they come in
//! and what they say.

use chrono::NaiveDate;

use super::scores::Frac;
use crate::dates::{add_days, days_between};
use crate::model::{ExplanationFile, World};
use crate::rng::Rng;
use crate::words::{CAUSES, MEASURES};

impl World {
    /// Explanations of the units required to explain: most on time, some
    /// late, some missing; now and then a voluntary one.
    pub(crate) fn gen_explanations(
        &mut self,
        rng: &mut Rng,
        month: u32,
        published: NaiveDate,
        meeting: NaiveDate,
        unit_scores: &[(usize, Frac)],
        required: &[usize],
    ) {
        let due = add_days(published, 5);
        let mut writers: Vec<(usize, NaiveDate)> = Vec::new();
        for &u in required {
            let on_time = add_days(published, rng.range(1, 5)).min(meeting);
            match rng.below(100) {
                0..=69 => writers.push((u, on_time)),
                70..=84 if meeting > due => {
                    writers.push((u, add_days(due, rng.range(1, days_between(due, meeting)))));
                }
                70..=84 => writers.push((u, on_time)),
                _ => {} // missing
            }
        }
        if rng.chance(0.1) {
            let u = rng.below(self.units.len());
            if !required.contains(&u) {
                writers.push((u, add_days(published, rng.range(1, 4)).min(meeting)));
            }
        }
        writers.sort_unstable();
        for (u, submitted) in writers {
            let mut reasons = String::new();
            if let Some((_, f)) = unit_scores.iter().find(|(v, _)| *v == u) {
                let rank = 1 + unit_scores.iter().filter(|(_, g)| g.cmp(f).is_gt()).count();
                reasons.push_str(&format!(
                    "{month}月内部考核{:.1}分，在{}个参评单位中居第{rank}位。",
                    f.value(),
                    unit_scores.len()
                ));
            }
            let worst = self
                .indicators
                .iter()
                .filter(|i| i.lead == u && i.cat.is_rated())
                .min_by(|a, b| a.base_rate.total_cmp(&b.base_rate));
            match worst {
                Some(ind) => reasons.push_str(&format!(
                    "{}{}得分偏低，主要原因是{}。",
                    ind.id,
                    ind.name,
                    rng.pick(CAUSES)
                )),
                None => reasons.push_str(&format!("{}。", rng.pick(CAUSES))),
            }
            let mut picks: Vec<&str> = MEASURES.to_vec();
            rng.shuffle(&mut picks);
            let n = rng.range(2, 3) as usize;
            let measures = picks[..n]
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let end = if k + 1 == n { "。" } else { "；" };
                    format!("{}. {m}{end}\n", k + 1)
                })
                .collect();
            let commitment = rng.chance(0.5).then(|| {
                if month < 12 {
                    format!(
                        "确保{}月考核得分明显提升，**退出后{}位**。",
                        month + 1,
                        self.plan.bottom
                    )
                } else {
                    "确保明年一季度各项任务达到序时进度。".to_string()
                }
            });
            self.explanations.push(ExplanationFile {
                month,
                unit: u,
                submitted,
                reasons,
                measures,
                commitment,
            });
        }
    }
}
