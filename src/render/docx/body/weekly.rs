//! The bulletin (周通报), block by block as `templates/weekly.typ` sets it.

use super::super::DocxError;
use super::super::blocks::Doc;
use super::super::table::{self, Cell, num as ncell, pieces, text as tcell};
use super::super::text::{Inline, markdown_inline, plain};
use super::{num, pct, zh_date, zh_month};
use crate::analysis::Level;
use crate::analysis::weekly::{Counts, Status};
use crate::view::weekly::{Checklist, WeeklyView};

/// The eight statuses in the order of the totals' table.
const STATUSES: [Status; 8] = [
    Status::Done,
    Status::OnTrack,
    Status::Behind,
    Status::Overdue,
    Status::Blocked,
    Status::Paused,
    Status::NotReported,
    Status::Upcoming,
];

fn mark(level: Level) -> Inline {
    Inline::Mark(level, format!("【{}】", level.zh()))
}

fn count_cells(c: Option<&Counts>) -> Vec<Cell> {
    STATUSES
        .iter()
        .map(|s| ncell(c.map_or(0, |c| c.get(*s)).to_string()))
        .collect()
}

pub fn weekly(doc: Doc, v: &WeeklyView<'_>) -> Result<Doc, DocxError> {
    let m = &v.masthead;
    let c = v.counts;
    let mut doc = doc
        .masthead(
            "目标绩效考核工作通报",
            &format!("第{}期", v.issue),
            m.issuer,
            &zh_date(v.date),
        )
        .title(&v.title);

    let mut intro = vec![plain(format!(
        "{}（{}至{}），各单位报送了目标绩效任务进展情况。截至{}，全局清单任务{}项，已完成{}项；本周发出",
        v.week_label,
        zh_date(v.week_start),
        zh_date(v.week_end),
        zh_date(v.date),
        v.task_count,
        c.get(Status::Done)
    ))];
    intro.push(Inline::Strong(format!(
        "红色预警{}项、黄色预警{}项",
        v.levels.red, v.levels.yellow
    )));
    let mut rest = String::new();
    if v.previous_week.is_some() {
        rest += &format!(
            "（较上期新增{}项，解除{}项）",
            v.new_count,
            v.resolved.len()
        );
    }
    rest += "。";
    if let Some(p) = v.province {
        rest += &format!(
            "据{}全省通报，我局居第{}名（{}），距第一名{}分",
            zh_month(&p.month),
            p.rank,
            p.tier,
            num(p.gap_to_first)
        );
        for g in &p.tier_gaps {
            rest += &format!("，距{}入围线{}分", g.tier, num(g.gap));
        }
        rest += "。";
    }
    rest += "现将有关情况通报如下。";
    intro.push(plain(rest));
    doc = doc.para(&intro);

    // 一、总体情况
    doc = doc.heading(0, "总体情况").add_table(table::table(
        &[1.0; 8],
        &[
            "已完成",
            "正常推进",
            "进度滞后",
            "逾期",
            "受阻",
            "暂停",
            "未报送",
            "未启动",
        ],
        vec![count_cells(Some(c))],
    ));
    let province = match v.province {
        Some(p) => {
            let mut s = format!(
                "全省排名：据{}全省目标绩效考核通报（{}发布），我局总分{}分，在全省{}个单位中居第{}名，处于{}；距第一名{}分",
                zh_month(&p.month),
                zh_date(p.published),
                num(p.score),
                p.peers,
                p.rank,
                p.tier,
                num(p.gap_to_first)
            );
            for g in &p.tier_gaps {
                s += &format!(
                    "，距{}入围线（{}分）{}分",
                    g.tier,
                    num(g.entry_score),
                    num(g.gap)
                );
            }
            s + "。"
        }
        None => format!(
            "全省排名：截至{}，上级尚未发布本年度月度考核结果。",
            zh_date(v.date)
        ),
    };
    doc = doc.para(&[plain(province)]);
    let mut leaders = "分管领导任务情况：".to_string();
    for (i, g) in v.leader_counts.iter().enumerate() {
        let end = if i + 1 == v.leader_counts.len() {
            "。"
        } else {
            "；"
        };
        leaders += &format!(
            "{}分管{}项，已完成{}项，预警{}项{end}",
            g.name,
            g.total,
            g.counts.get(Status::Done),
            g.warned
        );
    }
    doc = doc.para(&[plain(leaders)]);

    // 二、预警提醒
    doc = doc.heading(0, "预警提醒");
    if v.warnings.is_empty() {
        doc = doc.para(&[plain("本周无预警事项。")]);
    } else {
        doc = doc.para(&[plain("以下事项请相关单位负责人、分管领导逐项督促落实，按“责任人—单位负责人—分管领导”逐级压实责任。标注“【新增】”的为本期新发预警。")]);
        let rows = v
            .warnings
            .iter()
            .map(|w| {
                let mut level = vec![mark(w.level)];
                if w.new {
                    level.extend([Inline::Break, Inline::Mark(Level::Red, "【新增】".into())]);
                }
                let ch = &w.chain;
                let mut chain = format!(
                    "{} → {} → {}",
                    ch.owner.as_deref().unwrap_or_default(),
                    ch.head.as_deref().unwrap_or("—"),
                    ch.leader_name
                );
                if let Some(p) = &ch.principal {
                    chain += &format!(" → {p}");
                }
                vec![
                    pieces(level).centred(),
                    tcell(&ch.unit_name),
                    tcell(format!("{} {}", w.task, w.title)),
                    tcell(&w.reason),
                    tcell(chain),
                ]
            })
            .collect();
        doc = doc.add_table(table::table(
            &[1.5, 1.1, 2.2, 2.0, 2.0],
            &["预警", "单位", "任务", "原因", "责任链"],
            rows,
        ));
    }
    if !v.resolved.is_empty() {
        let mut s = format!("上期预警已解除{}项：", v.resolved.len());
        for (i, r) in v.resolved.iter().enumerate() {
            let end = if i + 1 == v.resolved.len() {
                "。"
            } else {
                "；"
            };
            let x = r.resolved;
            s += &format!(
                "{}{} {}（原{}，现{}）{end}",
                x.unit_name, x.task, x.title, r.kind_zh, r.status_zh
            );
        }
        doc = doc.para(&[plain(s)]);
    }

    // 三、各单位任务推进情况
    doc = doc.heading(0, "各单位任务推进情况");
    doc = checklist(doc, v);

    // 四、风险点、隐患点
    doc = doc.heading(0, "风险点、隐患点");
    if v.risk_groups.is_empty() {
        doc = doc.para(&[plain("本周各单位未报送风险点。")]);
    }
    for g in &v.risk_groups {
        doc = doc.heading(1, g.label);
        for (i, r) in g.items.iter().enumerate() {
            let x = r.risk;
            let mut p = vec![
                plain(format!("（{}）", i + 1)),
                Inline::Strong(x.unit_name.clone()),
            ];
            let mut who = format!("（分管领导：{}", x.leader_name);
            if let Some(ind) = &x.indicator_name {
                who += &format!("；涉及指标：{ind}");
            }
            p.push(plain(who + "）："));
            p.extend(markdown_inline(r.text));
            doc = doc.para(&p);
        }
    }

    if let Some(req) = v.requirements {
        doc = doc.heading(0, "下周工作要求").free_text(req);
    }
    Ok(doc.record(m.copy_to, m.issuer, &zh_date(v.date)))
}

/// The checklist as the PDF lays it out: one row per task, per unit or per
/// leader in charge, by `table_limit` (the view decides which).
fn checklist(mut doc: Doc, v: &WeeklyView<'_>) -> Doc {
    let leader_heading = |g: &crate::view::weekly::LeaderGroup<'_>| match g.title {
        Some(t) => format!("{}（{t}）分管", g.name),
        None => format!("{}分管", g.name),
    };
    match v.checklist {
        Checklist::Tasks => {
            for g in &v.groups {
                doc = doc.heading(1, &leader_heading(g));
                let mut rows = Vec::new();
                for u in &g.units {
                    for t in &u.tasks {
                        let x = t.task;
                        let mut title = vec![plain(x.title.as_str())];
                        if let Some(note) = t.note {
                            title.push(Inline::Break);
                            title.extend(markdown_inline(note));
                        }
                        let status = match t.level {
                            Some(l) => pieces(vec![Inline::Level(l, t.status_zh.into())]),
                            None => tcell(t.status_zh),
                        };
                        rows.push(vec![
                            tcell(u.name),
                            tcell(&x.id),
                            pieces(title),
                            tcell(&x.owner),
                            ncell(x.due.to_string()),
                            ncell(pct(Some(x.progress))),
                            ncell(pct(Some(x.expected))),
                            status,
                        ]);
                    }
                }
                doc = doc.add_table(table::table(
                    &[1.5, 0.8, 3.4, 0.9, 1.4, 0.8, 0.8, 1.1],
                    &[
                        "单位",
                        "编号",
                        "任务",
                        "责任人",
                        "完成时限",
                        "进度",
                        "应达",
                        "状态",
                    ],
                    rows,
                ));
            }
        }
        Checklist::Units => {
            doc = doc.para(&[plain(format!("全局清单任务{}项，逐项列出篇幅过长，本节按分管领导列出各单位任务状态统计；预警任务见第二部分，逐项清单见同期通报的 Markdown 版。", v.task_count))]);
            for g in &v.groups {
                doc = doc.heading(1, &leader_heading(g));
                let rows = g
                    .units
                    .iter()
                    .map(|u| {
                        let mut r = vec![tcell(u.name), ncell(u.tasks.len().to_string())];
                        r.extend(count_cells(u.counts));
                        r
                    })
                    .collect();
                doc = doc.add_table(table::table(
                    &[2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                    &[
                        "单位",
                        "任务",
                        "已完成",
                        "正常推进",
                        "滞后",
                        "逾期",
                        "受阻",
                        "暂停",
                        "未报送",
                        "未启动",
                    ],
                    rows,
                ));
            }
        }
        Checklist::Leaders => {
            doc = doc.para(&[plain(format!("全局清单任务{}项，涉及{}个单位，逐项或逐单位列出篇幅过长，本节按分管领导统计任务状态；预警任务见第二部分，各单位统计和逐项清单见同期通报的 Markdown 版。", v.task_count, v.unit_rows))]);
            let rows = v
                .groups
                .iter()
                .map(|g| {
                    let mut r = vec![
                        tcell(g.name),
                        ncell(g.units.len().to_string()),
                        ncell(g.task_count.to_string()),
                    ];
                    r.extend(count_cells(g.counts));
                    r
                })
                .collect();
            doc = doc.add_table(table::table(
                &[1.6, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                &[
                    "分管领导",
                    "单位",
                    "任务",
                    "已完成",
                    "正常推进",
                    "滞后",
                    "逾期",
                    "受阻",
                    "暂停",
                    "未报送",
                    "未启动",
                ],
                rows,
            ));
        }
    }
    doc
}
