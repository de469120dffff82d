//! The handout (推进会材料), block by block as `templates/monthly.typ` sets it.

use super::super::blocks::Doc;
use super::super::table::{self, Cell, GROUP_FILL, SELF_FILL, num as ncell, pieces, text as tcell};
use super::super::text::{Inline, plain};
use super::super::{ChartImage, DocxError};
use super::{num, opt_signed, pct, signed, zh_date, zh_month};
use crate::analysis::Level;
use crate::analysis::monthly::ExplanationStatus;
use crate::model::Num;
use crate::view::Chart;
use crate::view::monthly::{MonthlyView, UnitTableRow};

fn mark(level: Level) -> Inline {
    Inline::Mark(level, format!("【{}】", level.zh()))
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
    let me = v.standing;
    let mut doc = doc
        .masthead(
            "目标绩效推进会材料",
            &format!("{}年第{}期", m.year, v.issue),
            m.issuer,
            &zh_date(v.date),
        )
        .title(&v.title);

    let mut s = format!(
        "据上级{}公布的{}目标绩效考核结果，我局总分{}分，在全省{}个单位中居第{}名，处于{}",
        zh_date(v.published),
        v.scope_label,
        num(me.score),
        v.peers_count,
        me.rank,
        me.tier
    );
    if me.change.is_some() {
        let rc = me.rank_change.unwrap_or(0);
        s += &match rc {
            r if r > 0 => format!("，较上月上升{r}位"),
            r if r < 0 => format!("，较上月下降{}位", -r),
            _ => "，较上月名次持平".to_string(),
        };
    }
    s += &format!("；距第一名{}分", num(me.gap_to_first));
    for g in &me.tier_gaps {
        s += &format!("，距{}入围线{}分", g.tier, num(g.gap));
    }
    s += "。本期共有";
    let rest = format!(
        "，{}个单位须在推进会上作情况说明。现将有关情况分析如下。",
        v.explain_count
    );
    doc = doc.para(&[
        plain(s),
        Inline::Strong(format!(
            "红色预警{}项、黄色预警{}项",
            v.levels.red, v.levels.yellow
        )),
        plain(rest),
    ]);

    // 一、全省排名情况
    doc = doc.heading(0, "全省排名情况");
    for w in &v.ranking_warnings {
        doc = doc.note(&[mark(w.level), plain(format!(" {}。", w.message))]);
    }
    let mut s = format!(
        "我局{}总分{}分，居全省第{}名（{}）。",
        v.scope_label,
        num(me.score),
        me.rank,
        me.tier
    );
    match &me.change {
        Some(c) => {
            s += &format!(
                "上月（{}）为第{}名（{}）、{}分，本月总分变化{}分，与第一名差距变化{}分。",
                zh_month(&c.previous_month),
                c.previous_rank,
                c.previous_tier,
                num(c.previous_score),
                signed(c.score_change),
                signed(c.gap_to_first_change)
            );
        }
        None => s += "本年度首次发布排名，暂无上月比较。",
    }
    if !me.tier_gaps.is_empty() {
        s += "距离更高梯队：";
        for (i, g) in me.tier_gaps.iter().enumerate() {
            s += &format!(
                "{}入围线{}分，差{}分{}",
                g.tier,
                num(g.entry_score),
                num(g.gap),
                end(i, me.tier_gaps.len())
            );
        }
    }
    if !me.chase.is_empty() {
        s += "赶超机会：";
        for (i, c) in me.chase.iter().enumerate() {
            let sep = if i + 1 == me.chase.len() {
                "。"
            } else {
                "，"
            };
            s += &format!("第{}名{}仅领先我局{}分{sep}", c.rank, c.name, num(c.gap));
        }
    }
    if !me.behind.is_empty() {
        s += "身后单位：";
        for (i, b) in me.behind.iter().enumerate() {
            let sep = if i + 1 == me.behind.len() {
                "。"
            } else {
                "，"
            };
            let how = if b.margin == Num::ZERO {
                "与我局同分".to_string()
            } else {
                format!("落后{}分", num(b.margin))
            };
            s += &format!("第{}名{}{how}{sep}", b.rank, b.name);
        }
    }
    doc = doc.para(&[plain(s)]);
    let rows = v
        .ranking_rows
        .iter()
        .map(|r| {
            let p = r.peer;
            if p.is_self {
                vec![
                    pieces(vec![Inline::Strong(p.rank.to_string())]).centred(),
                    pieces(vec![Inline::Strong(format!("{}（本局）", p.name))]),
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
                    ncell(signed(r.diff)),
                ]
            }
        })
        .collect();
    doc = doc
        .caption(&format!("{}全省排名（本局以底色标示）", v.scope_label))
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
    let shown: Vec<_> = v
        .categories
        .iter()
        .filter(|c| c.assessable > Num::ZERO || c.score != Num::ZERO)
        .collect();
    let mut s = String::new();
    for (i, c) in shown.iter().enumerate() {
        s += c.name;
        s += &match c.rate {
            Some(_) => format!(
                "得分{}分（可考核满分{}分），失分{}分，得分率{}",
                num(c.score),
                num(c.assessable),
                num(c.lost),
                pct(c.rate)
            ),
            None => format!("{}分", signed(c.score)),
        };
        s += end(i, shown.len());
    }
    doc = doc.para(&[plain(s)]);
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
                let who = w.chain.as_ref().map_or_else(String::new, |c| {
                    format!(
                        "{}（{}）／{}",
                        c.unit_name,
                        c.head.as_deref().unwrap_or("—"),
                        c.leader_name
                    )
                });
                vec![
                    pieces(vec![mark(w.level)]).centred(),
                    tcell(format!("{} {}", i.id, i.name)),
                    ncell(pct(i.rate)),
                    ncell(num(i.lost)),
                    tcell(who),
                ]
            })
            .collect();
        doc = doc.add_table(table::table(
            &[1.5, 2.6, 1.0, 1.0, 2.2],
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
                Some(l) => {
                    let word = if l == Level::Red {
                        "【红】"
                    } else {
                        "【黄】"
                    };
                    pieces(vec![Inline::Level(l, format!("{}{word}", pct(i.rate)))]).centred()
                }
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
                tcell(format!("{}（{}）", i.lead_name, i.leader_name)),
            ]);
        }
    }
    doc = doc
        .caption(&format!(
            "{}各指标得分（满分栏括号内为加分、扣分项的封顶分值；“较上月”为得分变化）",
            v.scope_label
        ))
        .add_table(table::table(
            &[0.8, 2.7, 0.9, 0.9, 0.8, 1.5, 0.7, 0.9, 1.9],
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
    if !v.shortfalls.is_empty() {
        let top: Vec<_> = v.shortfalls.iter().take(5).collect();
        let mut s = "失分较多的短板指标：".to_string();
        for (k, i) in top.iter().enumerate() {
            s += &format!(
                "{}失{}分（{}）{}",
                i.name,
                num(i.lost),
                i.lead_name,
                end(k, top.len())
            );
        }
        doc = doc.para(&[plain(s)]);
    }
    let caption = if v.rates_capped {
        format!("已考核指标得分率（得分率最低的{}项）", v.chart_bars)
    } else {
        "已考核指标得分率".to_string()
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
                    if u.consecutive {
                        must.extend([Inline::Break, Inline::Level(Level::Red, "连续两月".into())]);
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
            zh_date(v.explanation_due),
            zh_date(v.date)
        ))]);
    }
    for e in &v.explanations {
        let x = e.item;
        let mut h = format!("{}（{}", x.name, e.status_zh);
        if x.consecutive {
            h += "，连续两月须说明";
        }
        if let Some(d) = x.submitted {
            h += &format!("，{}报送", zh_date(d));
        }
        doc = doc.heading(1, &(h + "）"));
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
            doc = doc.para(&[plain(format!("尚未报送，报送期限为{}。", zh_date(x.due)))]);
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
    if v.notes.is_some() || v.next_steps.is_some() {
        doc = doc.heading(0, "下一步工作");
        for text in [v.notes, v.next_steps].into_iter().flatten() {
            doc = doc.free_text(text);
        }
    }
    Ok(doc.record(m.copy_to, m.issuer, &zh_date(v.date)))
}
