//! The bulletin (周通报), block by block as `templates/weekly.typ` sets it.

use super::super::DocxError;
use super::super::blocks::Doc;
use super::super::table::{self, Cell, num as ncell, pieces, text as tcell};
use super::super::text::{Inline, markdown_inline, plain};

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

/// The counts' column headers in the checklist's condensed tables (the
/// order of [`STATUSES`]).
const COUNT_HEADERS: [&str; 8] = [
    "已完成",
    "正常推进",
    "滞后",
    "逾期",
    "受阻",
    "暂停",
    "未报送",
    "未启动",
];

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
            &v.date_full,
        )
        .title_lines(&v.title_lines)
        .para(&[plain(v.opening.as_str())]);

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
    doc = doc
        .para(&[plain(v.province_line.as_str())])
        .para(&[plain(v.leader_line.as_str())]);

    // 二、预警提醒
    doc = doc.heading(0, "预警提醒");
    if v.warning_rows.is_empty() {
        doc = doc.para(&[plain("本周无预警事项。")]);
    } else {
        doc = doc.para(&[plain("以下事项请相关单位负责人、分管领导逐项督促落实，按“责任人—单位负责人—分管领导”逐级压实责任。“新增”“升级”“降级”“转为”标示较上期的变化。")]);
        let rows = v
            .warning_rows
            .iter()
            .map(|w| {
                let mut level = vec![Inline::Mark(w.warning.level, w.level_mark.into())];
                if let Some(change) = &w.change_label {
                    level.extend([Inline::Break, Inline::Strong(change.clone())]);
                }
                let reason = match &w.change_note {
                    Some(note) => format!("{}（{note}）", w.warning.reason),
                    None => w.warning.reason.clone(),
                };
                vec![
                    pieces(level).centred(),
                    tcell(&w.warning.chain.unit_name),
                    tcell(format!("{} {}", w.warning.task, w.warning.title)),
                    tcell(reason),
                    tcell(&w.chain_text),
                ]
            })
            .collect();
        doc = doc.add_table(table::table(
            &[1.5, 1.1, 2.2, 2.0, 2.0],
            &["预警", "单位", "任务", "原因", "责任链"],
            rows,
        ));
    }
    if let Some(line) = &v.resolved_line {
        doc = doc.para(&[plain(line.as_str())]);
    }

    // 三、风险点、隐患点
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

    // 附件1: the checklist after the body, on its own page.
    doc = doc
        .para(&[plain("附件：各单位任务推进情况清单")])
        .page_break()
        .lead_in(&[Inline::Strong("附件1".into())])
        .title("各单位任务推进情况清单");
    doc = checklist(doc, v);
    Ok(doc.record(m.copy_to.as_deref(), m.issuer, &v.date_full))
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
                doc = doc.lead_in(&[Inline::Strong(leader_heading(g))]);
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
                            Some(l) => pieces(vec![Inline::Level(l, t.status_text.clone())]),
                            None => tcell(t.status_text.as_str()),
                        };
                        rows.push(vec![
                            tcell(u.name),
                            tcell(&x.id),
                            pieces(title),
                            tcell(&x.owner),
                            ncell(t.due_text.as_str()),
                            ncell(t.progress_text.as_str()),
                            ncell(t.expected_text.as_str()),
                            status,
                        ]);
                    }
                }
                doc = doc.add_table(table::table(
                    // Figures and status words never wrap ("100.0%", "正常推进"): their
                    // columns fit them; the task's title takes what is left.
                    &[1.45, 0.75, 2.9, 0.95, 1.4, 0.8, 1.0, 1.45],
                    &[
                        "单位",
                        "编号",
                        "任务",
                        "责任人",
                        "完成时限",
                        "进度",
                        "序时进度",
                        "状态",
                    ],
                    rows,
                ));
            }
        }
        Checklist::Units => {
            doc = doc.para(&[plain(format!("全局清单任务{}项，逐项列出篇幅过长，本节按分管领导列出各单位任务状态统计；预警任务见正文第二部分，逐项清单见同期通报的 Markdown 版。", v.task_count))]);
            for g in &v.groups {
                doc = doc.lead_in(&[Inline::Strong(leader_heading(g))]);
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
                    &[&["单位", "任务"][..], &COUNT_HEADERS].concat(),
                    rows,
                ));
            }
        }
        Checklist::Leaders => {
            doc = doc.para(&[plain(format!("全局清单任务{}项，涉及{}个单位，逐项或逐单位列出篇幅过长，本节按分管领导统计任务状态；预警任务见正文第二部分，各单位统计和逐项清单见同期通报的 Markdown 版。", v.task_count, v.unit_rows))]);
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
                &[&["分管领导", "单位", "任务"][..], &COUNT_HEADERS].concat(),
                rows,
            ));
        }
    }
    doc
}
