//! The indicators: categories, full scores and caps, names, targets, stages,
//! lead units and usual score rates.

use super::width;
use crate::YEAR;
use crate::dates::date;
use crate::model::{Cat, Indicator, Stage, World};
use crate::rng::Rng;
use crate::words::{
    BONUSES, EVALUATIONS, GENERIC_MEASURE, PENALTIES, QUARTERS, SPECIAL_SUFFIXES, TOPICS,
};

/// An indicator's name and the topic it is about.
type Named = (String, &'static str);

/// The fixed `(name, topic)` pairs, then a name for every topic with `suffix`, shuffled.
fn named_after_topics(fixed: &[(&str, &'static str)], suffix: &str, rng: &mut Rng) -> Vec<Named> {
    let mut more: Vec<Named> = TOPICS
        .iter()
        .map(|(t, _)| (format!("{t}{suffix}"), *t))
        .collect();
    rng.shuffle(&mut more);
    let mut all: Vec<Named> = fixed.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    all.extend(more);
    all
}

/// Split `total` hundredths over `n` parts weighted at random, each a
/// multiple of a round quantum, all positive, adding up exactly.
fn allocate(total: i64, n: usize, rng: &mut Rng) -> Vec<i64> {
    let avg = total / n as i64;
    let quantum = [100, 50, 10, 1]
        .into_iter()
        .find(|&q| avg >= 3 * q)
        .unwrap_or(1);
    let units = total / quantum;
    let weights: Vec<i64> = (0..n).map(|_| rng.range(60, 140)).collect();
    let sum: i64 = weights.iter().sum();
    let spare = units - n as i64;
    let mut parts: Vec<i64> = weights.iter().map(|w| 1 + spare * w / sum).collect();
    let mut left = units - parts.iter().sum::<i64>();
    while left > 0 {
        parts[rng.below(n)] += 1;
        left -= 1;
    }
    parts.into_iter().map(|p| p * quantum).collect()
}

impl World {
    pub(crate) fn gen_indicators(&mut self, rng: &mut Rng) {
        let n = self.plan.indicators;
        let share = |f: f64| ((n as f64 * f).round() as usize).max(1);
        let (n_kpi, n_special, n_eval, n_bonus) =
            (share(0.48), share(0.16), share(0.12), share(0.12));
        let n_penalty = n
            .saturating_sub(n_kpi + n_special + n_eval + n_bonus)
            .max(1);

        // 60 + 20 + 20 = 100 points, as in data/; bonus and penalty caps about 6 points each.
        let kpi_full = allocate(6000, n_kpi, rng);
        let special_full = allocate(2000, n_special, rng);
        let eval_full = allocate(2000, n_eval, rng);
        let bonus_cap = allocate(600, n_bonus, rng);
        let penalty_cap = allocate(600, n_penalty, rng);

        // KPI names: every topic with its own measures, then with the generic one.
        let mut kpi_names: Vec<Named> = TOPICS
            .iter()
            .flat_map(|(t, ms)| ms.iter().map(move |m| (format!("{t}{m}"), *t)))
            .collect();
        rng.shuffle(&mut kpi_names);
        let mut generic: Vec<Named> = TOPICS
            .iter()
            .map(|(t, _)| (format!("{t}{GENERIC_MEASURE}"), *t))
            .collect();
        rng.shuffle(&mut generic);
        kpi_names.extend(generic);
        let mut special_names: Vec<Named> = TOPICS
            .iter()
            .flat_map(|(t, _)| {
                SPECIAL_SUFFIXES
                    .iter()
                    .map(move |s| (format!("{t}{s}"), *t))
            })
            .collect();
        rng.shuffle(&mut special_names);
        special_names.insert(0, ("“全民终身学习推进年”专项行动".into(), "终身学习推进年"));
        let eval_names = named_after_topics(EVALUATIONS, "工作满意度测评", rng);
        let bonus_names = named_after_topics(BONUSES, "经验被省级推广", rng);
        let penalty_names = named_after_topics(PENALTIES, "工作被上级通报批评", rng);

        // Lead units: spread over the units in a random order, so that at
        // scale 1 every unit leads two or three indicators.
        let mut leads: Vec<usize> = (0..self.plan.units).collect();
        rng.shuffle(&mut leads);
        let mut next_lead = 0;

        let groups: [(Cat, &str, &[i64], &[Named]); 5] = [
            (Cat::Kpi, "K", &kpi_full, &kpi_names),
            (Cat::Special, "S", &special_full, &special_names),
            (Cat::Evaluation, "E", &eval_full, &eval_names),
            (Cat::Bonus, "B", &bonus_cap, &bonus_names),
            (Cat::Penalty, "P", &penalty_cap, &penalty_names),
        ];
        for (cat, prefix, fulls, names) in groups {
            let w = width(fulls.len(), 2);
            for (i, &full) in fulls.iter().enumerate() {
                // Names run out only far beyond scale 100: number the repeats.
                let (base, topic) = &names[i % names.len()];
                let name = match i / names.len() {
                    0 => base.clone(),
                    k => format!("{base}（{}）", k + 1),
                };
                // Every third special project is assessed quarterly.
                let stages = if cat == Cat::Special && i % 3 == 0 {
                    let ends = [(3, 31), (6, 30), (9, 30), (12, 31)];
                    (0..4)
                        .map(|k| Stage {
                            name: QUARTERS[k],
                            end: date(YEAR, ends[k].0, ends[k].1),
                            full: full / 4 + i64::from((k as i64) < full % 4),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let target = match cat {
                    Cat::Kpi => format!("{name}不低于{}%", 85 + 5 * rng.range(0, 2)),
                    Cat::Special => format!("按节点完成{topic}各阶段任务"),
                    Cat::Evaluation => "测评结果达到优秀等次".into(),
                    Cat::Bonus => format!("{topic}做法被省级以上推广或入选典型案例"),
                    Cat::Penalty => format!("不发生{topic}方面的扣分事项"),
                };
                // Most indicators score well; a few are chronic shortfalls.
                let base_rate = match rng.below(20) {
                    0..=4 => 1.0,
                    5..=16 => rng.uniform(0.86, 0.98),
                    _ => rng.uniform(0.70, 0.85),
                };
                self.indicators.push(Indicator {
                    id: format!("{prefix}{:0w$}", i + 1),
                    name,
                    cat,
                    full,
                    full_written: cat != Cat::Penalty || i % 2 == 0,
                    lead: leads[next_lead % leads.len()],
                    support: Vec::new(),
                    target,
                    stages,
                    topic: topic.to_string(),
                    base_rate,
                });
                next_lead += 1;
            }
        }
    }
}
