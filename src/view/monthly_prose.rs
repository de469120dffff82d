//! The sentences of the monthly handout, made once for every output
//! (writing.md, "Voice" and "Numbers").
//!
//! In: a [`MonthlyBriefing`], the scope label and the bureau's year. Out:
//! the opening paragraph, the ranking paragraph (changes in words, ties
//! said, who is ahead of whom), the category line with any subtotal
//! mismatch, the shortfalls, and each unit's explanation label. Plain text:
//! the renderers escape it for their format.

use super::prose::{level_counts, month_label, province_rank, rank_words};
use crate::analysis::format::{change_words, fmt_rate, fmt_score, fmt_signed_score, zh_day_in};
use crate::analysis::monthly::{
    CategoryTotal, IndicatorResult, MonthlyBriefing, SelfStanding, UnitResult,
};
use crate::model::{Category, Month};

/// "较上月上升1位" / "较上月下降2位" / "名次与上月持平".
fn rank_change_words(s: &SelfStanding) -> Option<String> {
    let c = s.rank_change?;
    Some(match c {
        0 => "名次与上月持平".into(),
        c if c > 0 => format!("较上月上升{c}位"),
        c => format!("较上月下降{}位", c.unsigned_abs()),
    })
}

pub fn opening(b: &MonthlyBriefing, scope: &str, peers: usize, year: i32) -> String {
    let s = &b.self_standing;
    let mut t = format!(
        "据上级{}公布的{scope}目标绩效考核结果，我局总分{}分，在全省{peers}个单位中{}，处于{}",
        zh_day_in(b.published, year),
        fmt_score(s.score),
        province_rank(s.rank, &s.tied_with, None),
        s.tier
    );
    if let Some(c) = rank_change_words(s) {
        t.push('，');
        t.push_str(&c);
    }
    t.push_str(&format!("；距第一名{}分", fmt_score(s.gap_to_first)));
    for g in &s.tier_gaps {
        t.push_str(&format!("，距{}入围线{}分", g.tier, fmt_score(g.gap)));
    }
    let red = b
        .warnings
        .iter()
        .filter(|w| w.level == crate::analysis::Level::Red)
        .count();
    let explain = b.units.iter().filter(|u| u.must_explain).count();
    t.push_str(&format!(
        "。本期{}，{}。现将有关情况分析如下。",
        match level_counts(red, b.warnings.len() - red) {
            none if b.warnings.is_empty() => none,
            some => format!("共有{some}"),
        },
        if explain > 0 {
            format!("{explain}个单位须在推进会上作情况说明")
        } else {
            "无须作情况说明的单位".to_string()
        }
    ));
    t
}

/// The paragraph under 全省排名情况.
pub fn ranking_paragraph(b: &MonthlyBriefing, month: Month, scope: &str) -> String {
    let s = &b.self_standing;
    let mut t = format!(
        "我局{scope}总分{}分，在全省{}。",
        fmt_score(s.score),
        province_rank(s.rank, &s.tied_with, Some(&s.tier))
    );
    match &s.change {
        Some(c) => {
            let when = if is_month_before(&c.previous_month, month) {
                format!("上月（{}）", month_label(&c.previous_month))
            } else {
                month_label(&c.previous_month)
            };
            let score = match change_words(c.score_change, "上升", "下降").as_str() {
                "持平" => "本月总分与上月持平".to_string(),
                words => format!("本月总分较上月{words}"),
            };
            let gap = match change_words(c.gap_to_first_change, "扩大", "缩小").as_str() {
                "持平" => "与第一名差距不变".to_string(),
                words => format!("与第一名差距{words}"),
            };
            let was_tied = b
                .trend
                .iter()
                .any(|p| p.month == c.previous_month && p.tied);
            t.push_str(&format!(
                "{when}为{}（{}）、{}分，{score}，{gap}。",
                rank_words(c.previous_rank, was_tied),
                c.previous_tier,
                fmt_score(c.previous_score)
            ));
        }
        None => t.push_str("本年度首次发布排名，暂无上月比较。"),
    }
    if !s.tier_gaps.is_empty() {
        let gaps: Vec<String> = s
            .tier_gaps
            .iter()
            .map(|g| {
                format!(
                    "{}入围线{}分，差{}分",
                    g.tier,
                    fmt_score(g.entry_score),
                    fmt_score(g.gap)
                )
            })
            .collect();
        t.push_str(&format!("距离更高梯队：{}。", gaps.join("；")));
    }
    if !s.chase.is_empty() {
        let ahead: Vec<String> = s
            .chase
            .iter()
            .map(|c| {
                format!(
                    "{}{}仅领先我局{}分",
                    peer_rank(b, c.rank),
                    c.name,
                    fmt_score(c.gap)
                )
            })
            .collect();
        t.push_str(&format!("赶超机会：{}。", ahead.join("，")));
    }
    // Peers with its very score are said with 并列 above, not as "behind".
    let behind: Vec<String> = s
        .behind
        .iter()
        .filter(|m| !m.margin.is_zero())
        .map(|m| {
            format!(
                "{}{}{}分",
                peer_rank(b, m.rank),
                m.name,
                fmt_score(m.margin)
            )
        })
        .collect();
    if !behind.is_empty() {
        t.push_str(&format!("身后单位：我局领先{}。", behind.join("、")));
    }
    t
}

/// A peer's rank as it is said: "第9名", or "并列第14名" when shared.
fn peer_rank(b: &MonthlyBriefing, rank: u32) -> String {
    rank_words(
        rank,
        b.ranking.iter().filter(|r| r.rank == rank).count() > 1,
    )
}

fn is_month_before(previous: &str, month: Month) -> bool {
    let prev: Option<(i32, u32)> = previous
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
    prev == Some(if month.month() == 1 {
        (month.year() - 1, 12)
    } else {
        (month.year(), month.month() - 1)
    })
}

/// "关键指标得分…；加分项加1.00分；扣分项扣0.50分。"
pub fn category_line(categories: &[CategoryTotal]) -> String {
    let parts: Vec<String> = categories
        .iter()
        .filter(|c| c.assessable > crate::model::Num::ZERO || !c.score.is_zero())
        .map(|c| match (c.category, c.rate) {
            (_, Some(rate)) => format!(
                "{}得分{}分（可考核满分{}分），失分{}分，得分率{}",
                c.name,
                fmt_score(c.score),
                fmt_score(c.assessable),
                fmt_score(c.lost),
                fmt_rate(rate)
            ),
            (Category::Penalty, None) => format!("{}扣{}分", c.name, fmt_score(c.score.abs())),
            (_, None) => format!("{}加{}分", c.name, fmt_score(c.score)),
        })
        .collect();
    if parts.is_empty() {
        "本月尚无已考核指标。".into()
    } else {
        format!("{}。", parts.join("；"))
    }
}

/// "各项得分合计88.10分，与省通报总分87.60分相差0.50分，以省通报为准。"
pub fn subtotal_line(b: &MonthlyBriefing) -> Option<String> {
    let m = b.subtotal_mismatch.as_ref()?;
    Some(format!(
        "各项得分合计{}分，与省通报总分{}分相差{}分，以省通报为准。",
        fmt_score(m.sum),
        fmt_score(m.total),
        fmt_score(m.difference.abs())
    ))
}

/// "失分较多的短板指标：…失2.00分（东湖区）；…。" (the five that lost most).
pub fn shortfall_line(shortfalls: &[&IndicatorResult]) -> Option<String> {
    if shortfalls.is_empty() {
        return None;
    }
    let items: Vec<String> = shortfalls
        .iter()
        .take(5)
        .map(|i| format!("{}失{}分（{}）", i.name, fmt_score(i.lost), i.lead_name))
        .collect();
    Some(format!("失分较多的短板指标：{}。", items.join("；")))
}

/// How long a unit has been required to explain: "连续5个月须说明".
pub fn running_label(months_running: u32) -> Option<String> {
    (months_running >= 2).then(|| format!("连续{months_running}个月须说明"))
}

/// The heading of a unit's explanation: "南岭区（未报送，连续5个月被要求作出情况说明）".
pub fn explanation_heading(
    name: &str,
    status_zh: &str,
    months_running: u32,
    submitted: Option<String>,
) -> String {
    let mut parts = vec![status_zh.to_string()];
    if months_running >= 2 {
        parts.push(format!("连续{months_running}个月被要求作出情况说明"));
    }
    if let Some(day) = submitted {
        parts.push(format!("{day}报送"));
    }
    format!("{name}（{}）", parts.join("，"))
}

/// A unit's internal-ranking label: "须说明" with how long it has run.
pub fn unit_explain_label(u: &UnitResult) -> Option<String> {
    if !u.must_explain {
        return None;
    }
    Some(match running_label(u.months_running) {
        Some(r) => format!("须说明（{r}）"),
        None => "须说明".into(),
    })
}

/// A peer's difference to this bureau in the ranking table: "+1.20", "−0.55".
pub fn diff_text(diff: crate::model::Num) -> String {
    fmt_signed_score(diff)
}
