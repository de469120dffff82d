//! The sentences of the weekly bulletin, made once for every output
//! (writing.md, "Voice" and "Numbers").
//!
//! In: a [`WeeklyBriefing`] and the bureau's year. Out: the opening
//! paragraph, the province and leader lines, each warning's change and
//! chain in words, and the sentence on resolved warnings. Plain text: the
//! renderers escape it for their format.

use super::prose::{join_list, level_counts, level_mark, level_word, month_label, province_rank};
use crate::analysis::format::{fmt_score, zh_day_in};
use crate::analysis::weekly::{Change, Status, Warning, WeeklyBriefing};
use crate::analysis::{Chain, Level};
use crate::model::Week;

/// A warning with its change since last week and its chain in words.
#[derive(Debug, serde::Serialize)]
pub struct WarningRow<'a> {
    #[serde(flatten)]
    pub warning: &'a Warning,
    /// "【红】" / "【黄】": the level in words beside its colour (tables).
    pub level_mark: &'static str,
    /// "【红色预警】" / "【黄色预警】" (lists).
    pub level_word: &'static str,
    /// "新增", "升级", "降级", "转为逾期"; `None` when it is as last week.
    pub change_label: Option<String>,
    /// What it was and is: "原滞后，现逾期"; `None` for a new or unchanged warning.
    pub change_note: Option<String>,
    /// "李明 → 王芳 → 张志远 → 王建华".
    pub chain_text: String,
}

impl<'a> WarningRow<'a> {
    pub fn new(w: &'a Warning) -> WarningRow<'a> {
        let was = w.was.map(Status::zh);
        let (change_label, change_note) = match (w.change, was) {
            (Change::New, _) => (Some("新增".to_string()), None),
            (Change::Same, _) => (None, None),
            (Change::Escalated, Some(was)) => (
                Some("升级".to_string()),
                Some(format!("原{was}，现{}", w.kind.zh())),
            ),
            (Change::Eased, Some(was)) => (
                Some("降级".to_string()),
                Some(format!("原{was}，现{}", w.kind.zh())),
            ),
            (Change::Changed, Some(was)) => (
                Some(format!("转为{}", w.kind.zh())),
                Some(format!("原{was}")),
            ),
            // A change other than new always has last week's kind.
            (_, None) => (None, None),
        };
        WarningRow {
            warning: w,
            level_mark: level_mark(w.level),
            level_word: level_word(w.level),
            change_label,
            change_note,
            chain_text: chain_text(&w.chain),
        }
    }
}

/// The responsibility chain: owner → unit head → leader in charge (→ principal).
pub fn chain_text(c: &Chain) -> String {
    let mut links: Vec<&str> = Vec::new();
    if let Some(owner) = &c.owner {
        links.push(owner);
    }
    links.push(c.head.as_deref().unwrap_or("—"));
    links.push(&c.leader_name);
    if let Some(p) = &c.principal {
        links.push(p);
    }
    links.join(" → ")
}

/// "2026年第14周（3月30日至4月5日），除北塘区（7项未报送）外，各单位报送了……".
pub fn opening(b: &WeeklyBriefing, week: Week, year: i32, issue_day: &str) -> String {
    let mut s = format!(
        "{}年第{}周（{}至{}），{}。",
        week.year(),
        week.number(),
        zh_day_in(week.monday(), year),
        zh_day_in(week.sunday(), year),
        who_reported(b)
    );
    let active = b
        .tasks
        .iter()
        .filter(|t| t.status != Status::Upcoming)
        .count();
    let upcoming = b.tasks.len() - active;
    s.push_str(&format!(
        "截至{issue_day}，全局清单任务{}项{}，已完成{}项；本周{}",
        b.tasks.len(),
        if upcoming > 0 {
            format!("（其中{upcoming}项尚未启动）")
        } else {
            String::new()
        },
        b.counts.get(Status::Done),
        match level_counts(
            b.warnings.iter().filter(|w| w.level == Level::Red).count(),
            b.warnings
                .iter()
                .filter(|w| w.level == Level::Yellow)
                .count(),
        ) {
            none if b.warnings.is_empty() => format!("{none}事项"),
            some => format!("发出{some}"),
        }
    ));
    if b.previous_week.is_some() {
        s.push_str(&format!("（{}）", changes(b)));
    }
    s.push('。');
    if let Some(p) = &b.province {
        s.push_str(&format!(
            "据{}全省通报，我局{}，距第一名{}分",
            month_label(&p.month),
            province_rank(p.rank, &p.tied_with, Some(&p.tier)),
            fmt_score(p.gap_to_first)
        ));
        for g in &p.tier_gaps {
            s.push_str(&format!("，距{}入围线{}分", g.tier, fmt_score(g.gap)));
        }
        s.push('。');
    }
    s.push_str("现将有关情况通报如下。");
    s
}

/// Who reported, naming the units that left tasks unreported.
fn who_reported(b: &WeeklyBriefing) -> String {
    let silent: Vec<String> = b
        .counts_by_unit
        .iter()
        .filter_map(|u| {
            let n = u.counts.get(Status::NotReported);
            (n > 0).then(|| format!("{}（{n}项未报送）", u.name))
        })
        .collect();
    let reporting_units = b
        .counts_by_unit
        .iter()
        .filter(|u| u.counts.total() > u.counts.get(Status::Upcoming))
        .count();
    if silent.is_empty() {
        "各单位均按时报送了目标绩效任务进展情况".into()
    } else if silent.len() >= reporting_units {
        format!("{}，各单位均有任务未报送进展情况", join_list(&silent))
    } else {
        format!(
            "除{}外，各单位报送了目标绩效任务进展情况",
            join_list(&silent)
        )
    }
}

/// The changes since last week: "较上期新增3项、升级1项，解除2项".
pub fn changes(b: &WeeklyBriefing) -> String {
    let count = |c: Change| b.warnings.iter().filter(|w| w.change == c).count();
    let mut parts: Vec<String> = [
        (Change::New, "新增"),
        (Change::Escalated, "升级"),
        (Change::Eased, "降级"),
        (Change::Changed, "转为其他预警"),
    ]
    .into_iter()
    .filter_map(|(c, word)| {
        let n = count(c);
        (n > 0).then(|| format!("{word}{n}项"))
    })
    .collect();
    if !b.resolved.is_empty() {
        parts.push(format!("解除{}项", b.resolved.len()));
    }
    if parts.is_empty() {
        "预警事项与上期相同".into()
    } else {
        format!("较上期{}", parts.join("、"))
    }
}

/// The province line of 总体情况.
pub fn province_line(b: &WeeklyBriefing, year: i32, issue_day: &str) -> String {
    let Some(p) = &b.province else {
        return format!("全省排名：截至{issue_day}，上级尚未发布本年度月度考核结果。");
    };
    let mut s = format!(
        "全省排名：据{}全省目标绩效考核通报（{}发布），我局总分{}分，在全省{}个单位中{}，处于{}；距第一名{}分",
        month_label(&p.month),
        zh_day_in(p.published, year),
        fmt_score(p.score),
        p.peers,
        province_rank(p.rank, &p.tied_with, None),
        p.tier,
        fmt_score(p.gap_to_first)
    );
    for g in &p.tier_gaps {
        s.push_str(&format!(
            "，距{}入围线（{}分）{}分",
            g.tier,
            fmt_score(g.entry_score),
            fmt_score(g.gap)
        ));
    }
    s.push('。');
    s
}

/// "上期预警已解除2项：东湖区T012 …（原滞后，现已完成）；…。"
pub fn resolved_line(b: &WeeklyBriefing) -> Option<String> {
    if b.resolved.is_empty() {
        return None;
    }
    let items: Vec<String> = b
        .resolved
        .iter()
        .map(|r| {
            format!(
                "{}{} {}（原{}，现{}）",
                r.unit_name,
                r.task,
                r.title,
                r.kind.zh(),
                r.status.zh()
            )
        })
        .collect();
    Some(format!(
        "上期预警已解除{}项：{}。",
        b.resolved.len(),
        items.join("；")
    ))
}
