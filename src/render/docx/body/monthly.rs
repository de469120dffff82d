//! The handout (推进会材料), block by block as `templates/monthly.typ` sets it.

use super::super::blocks::Doc;
use super::super::table::{self, Cell, GROUP_FILL, SELF_FILL, num as ncell, pieces, text as tcell};
use super::super::text::{Inline, plain};
use super::super::{ChartImage, DocxError};
use super::{num, opt_signed, pct, signed};
use crate::analysis::Level;
use crate::analysis::monthly::ExplanationStatus;
use crate::model::Num;
use crate::view::Chart;
use crate::view::monthly::{MonthlyView, UnitTableRow};
use crate::view::prose::{level_mark, level_word};

fn mark(level: Level) -> Inline {
    Inline::Mark(level, level_word(level).into())
}

/// `；` between items, `。` after the last.
fn end(i: usize, len: usize) -> &'static str {
    if i + 1 == len { "。" } else { "；" }
}

fn chart(doc: Doc, charts: &[ChartImage], chart: &Chart, caption: &str) -> Result<Doc, DocxError> {
    match charts.iter().find(|c| c.name == chart.name) {
        Some(c) => doc.image(&c.png, chart.name.as_str(), caption, &c.alt),
        None => Ok(doc),
    }
}

pub fn monthly(doc: Doc, v: &MonthlyView<'_>, charts: &[ChartImage]) -> Result<Doc, DocxError> {
    let m = &v.masthead;

    let mut doc = doc
        .masthead(
            "目标绩效推进会材料",
            &format!("{}年第{}期", m.year, v.issue),
            m.issuer,
            &v.date_full,
        )
        .title_lines(&v.title_lines)
        .para(&[plain(v.opening.as_str())]);

    // 一、全省排名情况
    doc = doc.heading(0, "全省排名情况");
    for w in &v.ranking_warnings {
        doc = doc.note(&[mark(w.level), plain(format!(" {}。", w.message))]);
    }
    doc = doc.para(&[plain(v.ranking_paragraph.as_str())]);
    let rows = v
        .ranking_rows
        .iter()
        .map(|r| {
            let p = r.peer;
            if p.is_self {
                vec![
                    pieces(vec![Inline::Strong(p.rank.to_string())]).centred(),
                    pieces(vec![Inline::Strong(format!("{}（我局）", p.name))]),
                    pieces(vec![Inline::Strong(num(p.score))]).centred(),
                    tcell(&p.tier),
                    ncell("—"),
                ]
                .into_iter()
                .map(|c| c.fill(SELF_FILL))
                .collect()
            } else {
                vec![
                    ncell(p.rank.to_string()),
                    tcell(&p.name),
                    ncell(num(p.score)),
                    tcell(&p.tier),
                    ncell(r.diff_text.as_str()),
                ]
            }
        })
        .collect();
    doc = doc
        .caption(&format!("{}全省排名（我局以底色标示）", v.scope_label))
        .add_table(table::table(
            &[0.7, 2.2, 1.0, 1.2, 1.0],
            &["名次", "单位", "总分", "梯队", "与我局分差"],
            rows,
        ));
    doc = chart(
        doc,
        charts,
        &v.charts.trend,
        "我局总分、名次及各梯队入围线走势",
    )?;

    // 二、指标得分情况
    doc = doc.heading(0, "指标得分情况");
    let mut line = vec![plain(v.category_line.as_str())];
    if let Some(sub) = &v.subtotal_line {
        line.push(plain(sub.as_str()));
    }
    doc = doc.para(&line);
    if !v.rate_warnings.is_empty() {
        doc = doc.para(&[plain(format!(
            "得分率预警{}项（低于{}为红色、低于{}为黄色），请牵头单位和分管领导对照失分原因逐项整改：",
            v.rate_warnings.len(),
            v.rate_red,
            v.rate_yellow
        ))]);
        let rows = v
            .rate_warnings
            .iter()
            .map(|r| {
                let (w, i) = (r.warning, r.indicator);
                // Breaks only between the unit and its leader, as the PDF does.
                let who = w.chain.as_ref().map_or_else(Vec::new, |c| {
                    vec![
                        plain(format!(
                            "{}（{}）",
                            c.unit_name,
                            c.head.as_deref().unwrap_or("—")
                        )),
                        Inline::Break,
                        plain(format!("／{}", c.leader_name)),
                    ]
                });
                vec![
                    pieces(vec![Inline::Mark(w.level, level_mark(w.level).into())]).centred(),
                    tcell(format!("{} {}", i.id, i.name)),
                    ncell(pct(i.rate)),
                    ncell(num(i.lost)),
                    pieces(who),
                ]
            })
            .collect();
        doc = doc.add_table(table::table(
            // Marks, figures and names never wrap inside a cell (writing.md).
            &[1.0, 2.6, 1.0, 0.8, 2.6],
            &[
                "预警",
                "指标",
                "得分率",
                "失分",
                "牵头单位（负责人）／分管领导",
            ],
            rows,
        ));
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for g in &v.category_groups {
        let t = g.total;
        let total = match t.rate {
            Some(_) => format!(
                "：得分{}，可考核满分{}，失分{}，得分率{}",
                num(t.score),
                num(t.assessable),
                num(t.lost),
                pct(t.rate)
            ),
            None => format!("：合计{}分", signed(t.score)),
        };
        rows.push(vec![
            pieces(vec![Inline::Strong(g.name.to_string()), plain(total)])
                .span(9)
                .fill(GROUP_FILL),
        ]);
        for i in &g.rows {
            let full = if i.assessable > Num::ZERO {
                num(i.assessable)
            } else {
                i.full_score
                    .map_or_else(|| "—".to_string(), |f| format!("（{}）", num(f)))
            };
            let rate = match i.level {
                Some(l) => pieces(vec![Inline::Level(
                    l,
                    format!("{}{}", pct(i.rate), level_mark(l)),
                )])
                .centred(),
                None => ncell(pct(i.rate)),
            };
            rows.push(vec![
                tcell(&i.id),
                tcell(&i.name),
                ncell(i.score.map_or_else(|| "未考核".to_string(), num)),
                ncell(full),
                ncell(num(i.lost)),
                rate,
                ncell(i.rank.map_or_else(|| "—".to_string(), |r| r.to_string())),
                ncell(opt_signed(i.score_change)),
                pieces(vec![
                    plain(i.lead_name.as_str()),
                    Inline::Break,
                    plain(format!("（{}）", i.leader_name)),
                ]),
            ]);
        }
    }
    doc = doc
        .caption(&format!(
            "{}各指标得分（满分栏括号内为加分、扣分项的封顶分值；“较上月”为得分变化）",
            v.scope_label
        ))
        .add_table(table::table(
            &[0.7, 1.75, 0.9, 1.3, 0.8, 1.65, 0.7, 0.9, 1.9],
            &[
                "编号",
                "指标",
                "得分",
                "满分",
                "失分",
                "得分率",
                "排名",
                "较上月",
                "牵头单位（分管领导）",
            ],
            rows,
        ));
    if let Some(line) = &v.shortfall_line {
        doc = doc.para(&[plain(line.as_str())]);
    }
    let caption = if v.rates_capped {
        format!(
            "已考核指标得分率（按失分由多到少排列，失分最多的{}项）",
            v.chart_bars
        )
    } else {
        "已考核指标得分率（按失分由多到少排列）".to_string()
    };
    doc = chart(doc, charts, &v.charts.rates, &caption)?;

    // 三、内部排名情况
    doc = doc.heading(0, "内部排名情况");
    let mut s = if v.units_given {
        "各单位得分为本月通报给定的单位得分。".to_string()
    } else {
        "各单位得分按其牵头的已考核指标计算：100 × 得分之和 ÷ 可考核满分之和。".to_string()
    };
    s += &format!("按规定，内部排名后{}位（并列者一并）", v.rules.bottom);
    if let Some(b) = v.rules.below_score {
        s += &format!("及得分低于{}分", num(b));
    }
    s += &format!(
        "的单位须作情况说明，本月共{}个单位（以“须说明”标示）。",
        v.explain_count
    );
    doc = doc.para(&[plain(s)]);
    let rows = v
        .ranking_table
        .iter()
        .map(|row| match row {
            UnitTableRow::Skipped(n) => vec![
                tcell(format!(
                    "……中间{n}个单位从略，全表见同期材料的 Markdown 版……"
                ))
                .centred()
                .span(6),
            ],
            UnitTableRow::Unranked(n) => vec![
                tcell(format!(
                    "……另有{n}个单位本月无得分、未排名，全表见同期材料的 Markdown 版……"
                ))
                .centred()
                .span(6),
            ],
            UnitTableRow::Unit(u) => {
                let mut must = Vec::new();
                if u.must_explain {
                    must.push(Inline::Level(Level::Red, "须说明".into()));
                    if u.months_running >= 2 {
                        must.extend([
                            Inline::Break,
                            Inline::Level(Level::Red, format!("连续{}个月", u.months_running)),
                        ]);
                    }
                }
                let status = match u.explanation {
                    Some(ExplanationStatus::Late) => {
                        vec![Inline::Level(Level::Yellow, "逾期报送".into())]
                    }
                    Some(ExplanationStatus::Missing) => {
                        vec![Inline::Level(Level::Red, "未报送".into())]
                    }
                    Some(ExplanationStatus::Pending) => vec![plain("尚未报送（未到期）")],
                    Some(s) => vec![plain(s.zh())],
                    None => Vec::new(),
                };
                vec![
                    ncell(u.rank.map_or_else(|| "—".to_string(), |r| r.to_string())),
                    tcell(&u.name),
                    tcell(&u.leader_name),
                    ncell(u.score.map_or_else(|| "未排名".to_string(), num)),
                    pieces(must),
                    pieces(status),
                ]
            }
        })
        .collect();
    doc = doc.caption("内部单位排名").add_table(table::table(
        &[0.7, 1.6, 1.2, 1.0, 1.0, 1.6],
        &["名次", "单位", "分管领导", "得分", "须说明", "情况说明"],
        rows,
    ));
    let caption = if v.units_capped {
        format!("内部单位得分（排名最后的{}个单位）", v.chart_bars)
    } else {
        "内部单位得分".to_string()
    };
    doc = chart(doc, charts, &v.charts.units, &caption)?;

    // 四、情况说明
    doc = doc.heading(0, "情况说明");
    if v.explanations.is_empty() {
        doc = doc.para(&[plain("本月无须作情况说明的单位。")]);
    } else {
        doc = doc.para(&[plain(format!(
            "情况说明应于{}前报送，以下按推进会召开之日（{}）的报送情况列示。",
            v.explanation_due_text, v.date_text
        ))]);
    }
    for e in &v.explanations {
        let x = e.item;
        doc = doc.heading(1, &e.heading);
        if let Some(reasons) = e.reasons {
            for (label, text) in [
                ("原因分析。", Some(reasons)),
                ("整改措施。", e.measures),
                ("表态承诺。", e.commitment),
            ] {
                if let Some(text) = text {
                    doc = doc.para(&[Inline::Strong(label.into())]).free_text(text);
                }
            }
        } else if x.status == ExplanationStatus::Pending {
            doc = doc.para(&[plain(format!(
                "尚未报送，报送期限为{}。",
                v.explanation_due_text
            ))]);
        } else {
            doc = doc.para(&[
                Inline::Level(Level::Red, "未报送情况说明。".into()),
                plain("请分管领导督促该单位立即报送，并在推进会上作口头说明。"),
            ]);
        }
    }

    // 五、奖优罚劣建议
    doc = doc.heading(0, "奖优罚劣建议").para(&[
        plain("以下为绩效办提出的"),
        Inline::Strong("建议".into()),
        plain("，供局领导研究决定。"),
    ]);
    let mut s = "（建议表扬）".to_string();
    if v.commended.is_empty() {
        s += "本月无。";
    }
    for (i, c) in v.commended.iter().enumerate() {
        s += &format!(
            "{}：{}{}",
            c.name,
            c.reasons.join("，"),
            end(i, v.commended.len())
        );
    }
    doc = doc.para(&[plain(s)]);
    if v.charges.is_empty() {
        doc = doc.para(&[plain("（建议扣分）本月无失分单位。")]);
    } else {
        doc = doc.para(&[plain(
            "（建议扣分）按照失分倒查、责任共担的原则，建议对牵头指标失分的单位予以相应扣分：",
        )]);
        let rows = v
            .charges
            .iter()
            .map(|c| {
                let detail: Vec<String> = c
                    .breakdown
                    .iter()
                    .map(|i| format!("{}{}分", i.name, num(i.points)))
                    .collect();
                vec![
                    tcell(&c.name),
                    ncell(num(c.points)),
                    tcell(detail.join("；")),
                ]
            })
            .collect();
        doc = doc.add_table(table::table(
            &[1.2, 0.8, 4.0],
            &["单位", "建议扣分", "失分明细"],
            rows,
        ));
    }
    if let Some(notes) = v.notes {
        doc = doc.heading(0, "省通报要点").free_text(notes);
    }
    if let Some(next) = v.next_steps {
        doc = doc.heading(0, "下一步工作").free_text(next);
    }
    Ok(doc.record(m.copy_to.as_deref(), m.issuer, &v.date_full))
}
