//! The monthly files: this bureau's indicator scores, the province ranking,
//! internal unit scores, the notes and next steps; publication dates and tiers.

use chrono::NaiveDate;

use super::scores::{Frac, must_explain};
use crate::YEAR;
use crate::dates::{add_days, date, working_day};
use crate::model::{Cat, MonthFile, World};
use crate::rng::Rng;
use crate::text::{number, rate_text, score};

impl World {
    pub(crate) fn gen_months(&mut self, rng: &mut Rng) {
        let n_peers = self.peers.len();
        let n_ind = self.indicators.len();
        let mut rates: Vec<f64> = self.indicators.iter().map(|i| i.base_rate).collect();
        let mut cumulative = vec![0i64; n_ind]; // bonus and penalty points so far
        let mut peer_rates: Vec<f64> = Vec::new();
        let mut prev_rank: Option<usize> = None;
        let mut prev_required: Vec<usize> = Vec::new();
        // February lacks one KPI score, as in data/ (a warning, not an error).
        let kpis: Vec<usize> = (0..n_ind)
            .filter(|&i| self.indicators[i].cat == Cat::Kpi)
            .collect();
        let missing = rng.pick(&kpis);
        // One month has a peer tied with this bureau.
        let tie_month = rng.range(2, i64::from(self.plan.months.max(2))) as u32;

        for month in 1..=self.plan.months {
            // Everyone's cumulative rates improve a little as the year goes on.
            let season = 0.004 * f64::from(month - 1);
            // ── this bureau's indicator scores
            let mut scores: Vec<Option<(i64, Option<usize>)>> = vec![None; n_ind];
            let mut assessable_total = 0;
            for (i, ind) in self.indicators.iter().enumerate() {
                match ind.cat {
                    Cat::Kpi | Cat::Special | Cat::Evaluation => {
                        let assessable = ind.assessable(month);
                        if month == 2 && i == missing {
                            continue;
                        }
                        assessable_total += assessable;
                        // A noisy walk pulled back towards the usual rate, so
                        // that this bureau neither drifts away from its peers
                        // nor sits still.
                        let r = &mut rates[i];
                        *r = if ind.base_rate >= 1.0 && rng.chance(0.85) {
                            1.0
                        } else {
                            let usual = ind.base_rate + season;
                            (*r + 0.3 * (usual - *r) + rng.uniform(-0.025, 0.025)).clamp(0.6, 1.0)
                        };
                        // Whole tenths of a point where the full score allows it.
                        let step = if assessable >= 200 { 10 } else { 1 };
                        let s = ((assessable as f64 * *r) as i64 / step * step).min(assessable);
                        let rank = if *r >= 1.0 {
                            1
                        } else {
                            let spread = (1.0 - *r) * n_peers as f64 * 2.5;
                            (spread as usize + rng.below(n_peers / 8 + 1)).clamp(1, n_peers)
                        };
                        scores[i] = Some((s, Some(rank)));
                    }
                    Cat::Bonus => {
                        let room = ind.full - cumulative[i];
                        if room > 0 && rng.chance(0.3) {
                            cumulative[i] += (rng.range(1, 5) * 10).min(room);
                        }
                        scores[i] = Some((cumulative[i], None));
                    }
                    Cat::Penalty => {
                        let room = ind.full + cumulative[i];
                        if room > 0 && rng.chance(0.15) {
                            cumulative[i] -= (rng.range(1, 5) * 10).min(room);
                        }
                        scores[i] = Some((cumulative[i], None));
                    }
                }
            }
            let total: i64 = scores.iter().flatten().map(|(s, _)| s).sum();

            // ── the province ranking: peers around this bureau, a third above
            // it, assessed on the same indicators (the unscored one left out).
            let own_rate = total as f64 / assessable_total.max(1) as f64;
            if peer_rates.is_empty() {
                peer_rates = (0..n_peers)
                    .map(|_| own_rate + rng.uniform(-0.08, 0.04))
                    .collect();
            }
            let mut ranking: Vec<i64> = peer_rates
                .iter_mut()
                .map(|r| {
                    *r = (*r + rng.uniform(-0.008, 0.008)).clamp(0.5, 1.02);
                    (assessable_total as f64 * (*r + season).min(0.995)) as i64 + rng.range(-30, 60)
                })
                .collect();
            ranking[self.self_peer] = total;
            let others: Vec<usize> = (0..n_peers).filter(|&p| p != self.self_peer).collect();
            if rng.chance(0.4) && others.len() >= 2 {
                let (a, b) = (rng.pick(&others), rng.pick(&others));
                ranking[b] = ranking[a];
            }
            if month == tie_month {
                ranking[rng.pick(&others)] = total;
            }
            let rank = 1 + ranking.iter().filter(|&&s| s > total).count();

            // ── internal scores: given at quarter ends, else from the lead indicators
            let units = (month % 3 == 0).then(|| self.given_unit_scores(rng, &scores, month));
            let unit_scores = self.unit_scores(&scores, units.as_deref(), month);
            let required = must_explain(&unit_scores, self.plan.bottom, 80);

            let published = self.published[month as usize - 1];
            let meeting = working_day(add_days(published, rng.range(3, 7)));
            self.gen_explanations(rng, month, published, meeting, &unit_scores, &required);

            let notes = self.month_notes(month, &scores, &ranking, rank, prev_rank, total);
            let next_steps = self.next_steps(month, &scores, &required, &prev_required);
            prev_rank = Some(rank);
            prev_required = required;
            self.months.push(MonthFile {
                month,
                published,
                meeting,
                ranking,
                scores,
                units,
                notes,
                next_steps,
            });
        }
    }

    fn month_notes(
        &self,
        month: u32,
        scores: &[Option<(i64, Option<usize>)>],
        ranking: &[i64],
        rank: usize,
        prev_rank: Option<usize>,
        total: i64,
    ) -> String {
        let n = self.peers.len();
        let tier = tier_name(rank, n);
        let change = match prev_rank {
            None => String::new(),
            Some(p) if p > rank => format!("，较上月前进{}位", p - rank),
            Some(p) if p < rank => format!("，**较上月下降{}位**", rank - p),
            Some(_) => "，与上月持平".into(),
        };
        let mut lines = vec![format!(
            "- 我局得分{}分，居全省第{rank}位（{tier}）{change}。",
            score(total)
        )];
        // The biggest losses of points.
        let mut lost: Vec<(i64, usize)> = self
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, ind)| ind.cat.is_rated())
            .filter_map(|(i, ind)| scores[i].map(|(s, _)| (ind.assessable(month) - s, i)))
            .filter(|(l, _)| *l > 0)
            .collect();
        lost.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        if !lost.is_empty() {
            let named: Vec<String> = lost
                .iter()
                .take(3)
                .map(|&(_, i)| {
                    let ind = &self.indicators[i];
                    let (s, _) = scores[i].unwrap_or_default();
                    format!(
                        "{}{}（得分率{}）",
                        ind.id,
                        ind.name,
                        rate_text(s, ind.assessable(month))
                    )
                })
                .collect();
            lines.push(format!("- 主要失分：{}。", named.join("、")));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            match (ind.cat, scores[i]) {
                (Cat::Bonus, Some((s, _))) if s > 0 && lines.len() < 5 => {
                    lines.push(format!("- {}累计加{}分。", ind.name, number(s)));
                }
                (Cat::Penalty, Some((s, _))) if s < 0 && lines.len() < 6 => {
                    lines.push(format!("- {}扣{}分。", ind.name, number(-s)));
                }
                _ => {}
            }
        }
        // The nearest peer behind, when close.
        if let Some((p, s)) = ranking
            .iter()
            .enumerate()
            .filter(|&(p, &s)| p != self.self_peer && s <= total)
            .max_by_key(|&(p, &s)| (s, std::cmp::Reverse(p)))
        {
            let margin = total - s;
            if margin == 0 {
                lines.push(format!(
                    "- 与{}同分并列，**被反超风险大**。",
                    self.peers[p].name
                ));
            } else if margin < 100 {
                lines.push(format!(
                    "- 领先身后的{}仅{}分，**被反超风险大**。",
                    self.peers[p].name,
                    score(margin)
                ));
            }
        }
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    fn next_steps(
        &self,
        month: u32,
        scores: &[Option<(i64, Option<usize>)>],
        required: &[usize],
        prev_required: &[usize],
    ) -> String {
        let mut items = Vec::new();
        let worst = self
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, ind)| ind.cat.is_rated() && ind.assessable(month) > 0)
            .filter_map(|(i, ind)| {
                scores[i].map(|(s, _)| {
                    (
                        Frac::new(i128::from(s), i128::from(ind.assessable(month))),
                        i,
                    )
                })
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some((_, i)) = worst {
            let ind = &self.indicators[i];
            let unit = &self.units[ind.lead];
            let leader = &self.leaders[unit.leader];
            items.push(format!(
                "{}{}牵头，{}制定{}提分方案，限期补齐短板。",
                leader.name, leader.title, unit.name, ind.name
            ));
        }
        if !required.is_empty() {
            let names: Vec<&str> = required
                .iter()
                .take(4)
                .map(|&u| self.units[u].name.as_str())
                .collect();
            let more = if required.len() > 4 {
                format!("等{}个单位", required.len())
            } else {
                String::new()
            };
            items.push(format!("{}{more}在推进会上作情况说明。", names.join("、")));
        }
        if let Some(&u) = required.iter().find(|u| prev_required.contains(u)) {
            items.push(format!(
                "{}连续两个月须作说明，由分管领导约谈单位负责人。",
                self.units[u].name
            ));
        }
        items.push("各单位对照考核细则逐项查找失分点，建立整改台账。".into());
        items
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{}. {s}\n", k + 1))
            .collect()
    }
}

/// About the 10th of the next month, on a working day.
pub(crate) fn month_published(rng: &mut Rng, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (YEAR + 1, 1)
    } else {
        (YEAR, month + 1)
    };
    working_day(date(y, m, rng.range(8, 12) as u32))
}

/// The three tiers: thirds of the peers.
pub(crate) fn tiers(n: usize) -> [(&'static str, usize, usize); 3] {
    let (a, b) = (n / 3, 2 * n / 3);
    [
        ("第一序列", 1, a),
        ("第二梯队", a + 1, b),
        ("第三梯队", b + 1, n),
    ]
}

fn tier_name(rank: usize, n: usize) -> &'static str {
    tiers(n)
        .into_iter()
        .find(|&(_, first, last)| (first..=last).contains(&rank))
        .map_or("", |(name, ..)| name)
}
