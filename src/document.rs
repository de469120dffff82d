//! From a briefing to its documents: the Markdown, the Typst source (with
//! its charts), and, through [`crate::typeset`], the archival PDF and the
//! charts as SVG files for the Markdown.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::analysis::monthly::{MonthlyBriefing, UnitResult};
use crate::analysis::weekly::{Counts, Status, WeeklyBriefing};
use crate::analysis::{Level, fmt_num, ser};
use crate::diagnostic::{Diagnostic, Span};
use crate::fonts::{self, ResolvedRole};
use crate::model::{Num, Text, Workspace};
use crate::render::escape::typst_string;
use crate::render::{TemplateError, Templates, common_context, context_from};
use crate::typeset::{DocumentMeta, TypesetError, Typesetter};

/// The character printed where no font has a glyph (〓, the customary mark
/// for a missing character in Chinese typesetting), with a warning.
pub const MISSING_GLYPH: char = '〓';

/// A chart: the file name of its SVG (beside the Markdown) and its Typst source.
#[derive(Debug, Clone)]
pub struct Chart {
    pub file: String,
    pub source: String,
}

/// A briefing's documents before typesetting.
#[derive(Debug, Clone)]
pub struct Documents {
    /// `weekly/2026-W27` or `monthly/2026-06`, relative to the output folder.
    pub stem: String,
    /// Rendered only when asked for: at province scale it lists every task.
    pub markdown: Option<String>,
    pub typst: String,
    pub charts: Vec<Chart>,
    pub meta: DocumentMeta,
    /// Characters no font can draw, with where they are in the data.
    pub warnings: Vec<Diagnostic>,
}

fn text(t: &Option<Text>) -> Value {
    t.as_ref()
        .map_or(Value::Null, |t| Value::String(t.text.clone()))
}

/// An item of the briefing as its JSON, with fields only the documents need.
fn with_fields(item: &impl serde::Serialize, extra: Value) -> Value {
    merge(serde_json::to_value(item).unwrap_or_default(), extra)
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
    base
}

/// A document's template context: what every document has (organisation,
/// fonts, …), the briefing as in its JSON, and the document's own `extra`.
fn document_context(
    ws: &Workspace,
    roles: &[ResolvedRole],
    briefing: &impl serde::Serialize,
    extra: Value,
) -> Value {
    let base = merge(
        common_context(ws, roles),
        serde_json::to_value(briefing).unwrap_or_default(),
    );
    let base = merge(
        base,
        json!({ "numerals": (1..=12).map(chinese_number).collect::<Vec<_>>() }),
    );
    merge(base, extra)
}

/// How many warnings are red and how many yellow, for a document's summary.
fn red_and_yellow(levels: impl Iterator<Item = Level>) -> (usize, usize) {
    levels.fold((0, 0), |(red, yellow), level| match level {
        Level::Red => (red + 1, yellow),
        Level::Yellow => (red, yellow + 1),
    })
}

fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

pub fn weekly(
    ws: &Workspace,
    b: &WeeklyBriefing,
    templates: &Templates,
    roles: &[ResolvedRole],
    with_markdown: bool,
) -> Result<Documents, TemplateError> {
    let data = &ws.weeks[&b.week.parse().expect("a briefing's own week")];
    let title = format!(
        "关于{}年第{}周目标绩效考核工作进展情况的通报",
        b.year, b.week_number
    );
    // Tasks grouped by leader in charge, then unit, in id order.
    let mut tasks_by_unit: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for t in &b.tasks {
        tasks_by_unit
            .entry(t.unit.as_str())
            .or_default()
            .push(with_fields(
                t,
                json!({
                    "status_zh": t.status.zh(),
                    "note": text(&t.note),
                    "level": t.status.level(),
                }),
            ));
    }
    let unit_counts: BTreeMap<&str, &Counts> = b
        .counts_by_unit
        .iter()
        .map(|g| (g.id.as_str(), &g.counts))
        .collect();
    let groups: Vec<Value> = ws
        .leaders
        .values()
        .map(|leader| {
            let units: Vec<Value> = ws
                .units
                .values()
                .filter(|u| u.leader == leader.id)
                .filter_map(|u| {
                    let tasks = tasks_by_unit.remove(u.id.as_str())?;
                    let mut unit = json!({
                        "id": u.id, "name": u.name, "head": u.head,
                        "counts": unit_counts.get(u.id.as_str()),
                    });
                    // Moved in: `json!` would deep-copy a built `Value`.
                    unit["tasks"] = Value::from(tasks);
                    Some(unit)
                })
                .collect();
            let counts = b.counts_by_leader.iter().find(|g| g.id == leader.id);
            let mut group = json!({
                "id": leader.id, "name": leader.name, "title": leader.title,
                "counts": counts.map(|g| &g.counts),
                "task_count": counts.map_or(0, |g| g.counts.total()),
            });
            group["units"] = Value::from(units);
            group
        })
        .filter(|g| g["units"].as_array().is_some_and(|u| !u.is_empty()))
        .collect();
    // The PDF's checklist table keeps to `table_limit` rows: one per task if
    // they fit, else one per unit, else one per leader (a province-scale
    // checklist would run to hundreds of pages). The .md keeps every task.
    let limit = ws.config.table_limit as usize;
    let unit_rows: usize = groups
        .iter()
        .map(|g| g["units"].as_array().map_or(0, Vec::len))
        .sum();
    let checklist = if b.tasks.len() <= limit {
        "tasks"
    } else if unit_rows <= limit {
        "units"
    } else {
        "leaders"
    };
    let risks: Vec<Value> = b
        .risks
        .iter()
        .map(|r| with_fields(r, json!({ "level_zh": r.level.zh(), "text": r.text.text })))
        .collect();
    let status_zh: serde_json::Map<String, Value> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), Value::String(s.zh().to_string())))
        .collect();
    let (red, yellow) = red_and_yellow(b.warnings.iter().map(|w| w.level));
    let mut extra = json!({
            "title": title,
            "issue": b.week_number + ws.config.issue_offset,
            "date": b.as_of,
            "week_number": b.week_number,
            "week_label": format!("{}年第{}周", b.year, b.week_number),
            "week_start": data.week.monday(),
            "week_end": data.week.sunday(),
            "checklist": checklist,
            "unit_rows": unit_rows,
            "risks": risks,
            "requirements": text(&data.requirements),
            "status_zh": status_zh,
            "red_count": red,
            "yellow_count": yellow,
            "new_count": b.warnings.iter().filter(|w| w.new).count(),
    });
    extra["groups"] = Value::from(groups);
    let context = document_context(ws, roles, b, extra);
    finish(
        templates,
        format!("weekly/{}", b.week),
        "weekly",
        context,
        with_markdown,
        Vec::new(),
        DocumentMeta {
            title,
            author: ws.config.issuer.clone(),
            date: b.as_of,
        },
    )
}

pub fn monthly(
    ws: &Workspace,
    b: &MonthlyBriefing,
    templates: &Templates,
    roles: &[ResolvedRole],
    with_markdown: bool,
) -> Result<Documents, TemplateError> {
    let scope = b
        .scope
        .clone()
        .unwrap_or_else(|| format!("1—{}月", b.month_number));
    let title = format!("{}年{}目标绩效考核情况分析", b.year, scope);
    let explanations: Vec<Value> = b
        .explanations
        .iter()
        .map(|e| {
            with_fields(
                e,
                json!({
                    "status_zh": e.status.zh(),
                    "reasons": text(&e.reasons),
                    "measures": text(&e.measures),
                    "commitment": text(&e.commitment),
                }),
            )
        })
        .collect();
    let (red, yellow) = red_and_yellow(b.warnings.iter().map(|w| w.level));
    let month = &b.month;
    let charts = [
        ("trend", trend_data(b, ws)),
        ("rates", rates_data(b, ws)),
        ("units", units_data(b)),
    ];
    let chart_files: serde_json::Map<String, Value> = charts
        .iter()
        .map(|(name, _)| {
            (
                name.to_string(),
                Value::String(format!("{month}-{name}.svg")),
            )
        })
        .collect();
    let chart_data: serde_json::Map<String, Value> = charts
        .iter()
        .map(|(name, data)| (name.to_string(), Value::String(data.clone())))
        .collect();
    let shortfalls: Vec<Value> = b
        .shortfalls
        .iter()
        .filter_map(|id| b.indicators.iter().find(|i| &i.id == id))
        .map(|i| serde_json::to_value(i).unwrap_or_default())
        .collect();
    let context = document_context(
        ws,
        roles,
        b,
        json!({
            "title": title,
            "me": serde_json::to_value(&b.self_standing).unwrap_or_default(),
            "issue": b.month_number,
            "date": b.as_of,
            "month_number": b.month_number,
            "scope_label": scope,
            "explanation_items": explanations,
            "notes": text(&b.notes),
            "next_steps": text(&b.next_steps),
            "red_count": red,
            "yellow_count": yellow,
            "chart_files": chart_files,
            "chart_data": chart_data,
            "shortfall_rows": shortfalls,
            "ranking_rows": b.ranking.iter().map(|r| with_fields(r, json!({ "diff": num_value(r.score - b.self_standing.score) }),
            )).collect::<Vec<_>>(),
            "units_given": b.units.first().is_some_and(|u| u.given),
            "rates_capped": b.indicators.iter().filter(|i| i.rate.is_some()).count() > CHART_BARS,
            "units_capped": b.units.iter().filter(|u| u.score.is_some()).count() > CHART_BARS,
            "chart_bars": CHART_BARS,
            // Indicators grouped by category, in the scheme's order, with subtotals.
            "category_groups": b.categories.iter().map(|c| json!({
                "name": c.name,
                "category": c.category,
                "total": serde_json::to_value(c).unwrap_or_default(),
                "rows": b.indicators.iter().filter(|i| i.category == c.category)
                    .map(|i| serde_json::to_value(i).unwrap_or_default()).collect::<Vec<_>>(),
            })).filter(|g| g["rows"].as_array().is_some_and(|r| !r.is_empty())).collect::<Vec<_>>(),
            "explain_count": b.units.iter().filter(|u| u.must_explain).count(),
            "ranking_table": ranking_table(&b.units, ws.config.table_limit as usize),
        }),
    );
    let chart_sources = charts
        .iter()
        .map(|(name, data)| {
            let ctx = merge(
                common_context(ws, roles),
                json!({ "chart": name, "data": data }),
            );
            Ok(Chart {
                file: format!("{month}-{name}.svg"),
                source: templates.render("chart.typ", &context_from(ctx))?,
            })
        })
        .collect::<Result<Vec<_>, TemplateError>>()?;
    finish(
        templates,
        format!("monthly/{month}"),
        "monthly",
        context,
        with_markdown,
        chart_sources,
        DocumentMeta {
            title,
            author: ws.config.issuer.clone(),
            date: b.as_of,
        },
    )
}

/// The internal ranking as the PDF shows it: every unit while they fit in
/// `limit` rows. Above that, of the ranked units the first and the last
/// `limit / 2` and every unit that must explain or has explained, with a row
/// saying how many were left out in each gap; the units without a score
/// (unranked) are counted in one row. The .md keeps every unit.
fn ranking_table(units: &[UnitResult], limit: usize) -> Vec<Value> {
    if units.len() <= limit {
        return units.iter().map(|u| json!({ "unit": u })).collect();
    }
    let ranked = units.iter().filter(|u| u.rank.is_some()).count();
    let half = limit / 2;
    let mut rows = Vec::new();
    let mut skipped = 0;
    let mut unranked = 0;
    for (i, u) in units.iter().enumerate() {
        let shown = u.must_explain
            || u.explanation.is_some()
            || (u.rank.is_some() && (i < half || i + half >= ranked));
        if !shown {
            if u.rank.is_some() {
                skipped += 1;
            } else {
                unranked += 1;
            }
            continue;
        }
        if skipped > 0 {
            rows.push(json!({ "skipped": skipped }));
            skipped = 0;
        }
        rows.push(json!({ "unit": u }));
    }
    if skipped > 0 {
        rows.push(json!({ "skipped": skipped }));
    }
    if unranked > 0 {
        rows.push(json!({ "unranked": unranked }));
    }
    rows
}

fn finish(
    templates: &Templates,
    stem: String,
    kind: &str,
    context: Value,
    with_markdown: bool,
    mut charts: Vec<Chart>,
    meta: DocumentMeta,
) -> Result<Documents, TemplateError> {
    let ctx = context_from(context);
    let markdown = with_markdown
        .then(|| templates.render(&format!("{kind}.md"), &ctx))
        .transpose()?;
    let typst = templates.render(&format!("{kind}.typ"), &ctx)?;
    Ok(Documents {
        stem,
        markdown,
        typst,
        charts: std::mem::take(&mut charts),
        meta,
        warnings: Vec::new(),
    })
}

/// Characters that no font among `families` covers, replaced by 〓 in
/// `sources`; one warning per character, pointing at each place in the data
/// that holds it (or at nothing when only a template has it).
pub fn cover(ts: &Typesetter, ws: &Workspace, roles: &[ResolvedRole], docs: &mut Documents) {
    let families = fonts::all_families(roles);
    let families: Vec<&str> = families.iter().map(String::as_str).collect();
    let mut missing = ts.fonts().missing_chars(&families, &docs.typst);
    for chart in &docs.charts {
        for c in ts.fonts().missing_chars(&families, &chart.source) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let replace = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if missing.contains(&c) {
                    MISSING_GLYPH
                } else {
                    c
                }
            })
            .collect()
    };
    docs.typst = replace(&docs.typst);
    for chart in &mut docs.charts {
        chart.source = replace(&chart.source);
    }
    for c in missing {
        let mut found = false;
        for (id, file) in ws.files.iter() {
            for (offset, _) in file.text.match_indices(c) {
                let (line, col) = file.line_col(offset);
                let line_text = file.text[file.line_starts()[line as usize - 1]..]
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim();
                docs.warnings.push(
                    Diagnostic::warning(format!(
                        "no font can draw `{c}` (U+{:04X}) in `{line_text}`; {} shows {MISSING_GLYPH} in its place",
                        c as u32,
                        docs.stem
                    ))
                    .at(Span {
                        file: id,
                        start: offset as u32,
                        end: (offset + c.len_utf8()) as u32,
                        line,
                        col,
                    })
                    .note("put a font that has it in the workspace's fonts/ folder, or use --system-fonts"),
                );
                found = true;
            }
        }
        if !found {
            docs.warnings.push(Diagnostic::warning(format!(
                "no font can draw `{c}` (U+{:04X}) used by a template of {}; {MISSING_GLYPH} is shown in its place",
                c as u32, docs.stem
            )));
        }
    }
}

/// Typeset the document to PDF/A-2b.
/// A typeset PDF, with Typst's warnings and the fonts it is drawn with.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
    pub fonts: Vec<crate::archive::FontRecord>,
    /// Typst's layout and PDF export times, for `--timings` only.
    pub layout_time: std::time::Duration,
    pub export_time: std::time::Duration,
}

pub fn pdf(ts: &Typesetter, docs: &Documents) -> Result<Pdf, TypesetError> {
    let out = ts.compile_pdf(docs.typst.clone(), &docs.meta)?;
    let mut fonts: Vec<crate::archive::FontRecord> = out
        .fonts
        .iter()
        .map(|id| {
            let f = ts.fonts().font(*id);
            crate::archive::FontRecord {
                family: f.family().to_string(),
                sha256: f.sha256().unwrap_or_default().to_string(),
            }
        })
        .collect();
    fonts.sort();
    fonts.dedup();
    Ok(Pdf {
        bytes: out.output,
        warnings: out.warnings.iter().map(ToString::to_string).collect(),
        fonts,
        layout_time: out.layout_time,
        export_time: out.export_time,
    })
}

/// Typeset each chart to one SVG.
pub fn svgs(ts: &Typesetter, docs: &Documents) -> Result<Vec<(String, String)>, TypesetError> {
    docs.charts
        .iter()
        .map(|c| {
            let pages = ts.compile_svg(c.source.clone())?;
            Ok((
                c.file.clone(),
                pages.output.into_iter().next().unwrap_or_default(),
            ))
        })
        .collect()
}

/// A score as a JSON number for a template context (rounded like the JSON output).
fn num_value(n: Num) -> Value {
    ser::round(n, 2)
        .normalize()
        .to_string()
        .parse::<f64>()
        .map_or(Value::Null, Value::from)
}

fn lit(n: Num) -> String {
    ser::round(n, 4).normalize().to_string()
}

fn trend_data(b: &MonthlyBriefing, ws: &Workspace) -> String {
    let months: Vec<String> = b
        .trend
        .iter()
        .map(|t| format!("\"{}月\"", t.month[5..].trim_start_matches('0')))
        .collect();
    let ranks: Vec<String> = b.trend.iter().map(|t| t.rank.to_string()).collect();
    let scores: Vec<String> = b.trend.iter().map(|t| lit(t.score)).collect();
    let tiers: Vec<String> = ws
        .config
        .tiers
        .iter()
        .enumerate()
        .map(|(i, tier)| {
            let entries: Vec<String> = b
                .trend
                .iter()
                .map(|t| {
                    t.tier_entries
                        .get(i)
                        .map_or("none".into(), |e| lit(e.entry_score))
                })
                .collect();
            format!(
                "(name: \"{}\", last: {}, entries: ({},))",
                typst_string(&tier.name),
                tier.last,
                entries.join(", ")
            )
        })
        .collect();
    format!(
        "(months: ({},), ranks: ({},), scores: ({},), tiers: ({},), peers: {})",
        months.join(", "),
        ranks.join(", "),
        scores.join(", "),
        tiers.join(", "),
        ws.peers.len()
    )
}

/// Most bars a chart draws: a chart is one block on one page. With more
/// indicators or units, it shows the lowest ones (those that need attention).
const CHART_BARS: usize = 40;

fn rates_data(b: &MonthlyBriefing, ws: &Workspace) -> String {
    let mut rated: Vec<&crate::analysis::monthly::IndicatorResult> =
        b.indicators.iter().filter(|i| i.rate.is_some()).collect();
    if rated.len() > CHART_BARS {
        rated.sort_by(|a, b| a.rate.cmp(&b.rate).then_with(|| a.id.cmp(&b.id)));
        rated.truncate(CHART_BARS);
        rated.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let items: Vec<String> = rated
        .into_iter()
        .filter_map(|i| {
            let rate = i.rate?;
            let level = match i.level {
                Some(l) => format!("\"{}\"", serde_json::to_value(l).ok()?.as_str()?),
                None => "none".into(),
            };
            Some(format!(
                "(label: \"{}\", name: \"{}\", rate: {}, level: {level})",
                typst_string(&i.id),
                typst_string(&i.name),
                lit(rate)
            ))
        })
        .collect();
    let w = &ws.config.warnings;
    format!(
        "(items: ({},), red: {}, yellow: {})",
        items.join(", "),
        lit(w.rate_red),
        lit(w.rate_yellow)
    )
}

fn units_data(b: &MonthlyBriefing) -> String {
    let ranked: Vec<_> = b.units.iter().filter(|u| u.score.is_some()).collect();
    let lowest = &ranked[ranked.len().saturating_sub(CHART_BARS)..];
    let items: Vec<String> = lowest
        .iter()
        .filter_map(|u| {
            let score = u.score?;
            Some(format!(
                "(label: \"{}\", score: {}, explain: {})",
                typst_string(&u.name),
                fmt_num(score, 2),
                u.must_explain
            ))
        })
        .collect();
    format!("(items: ({},))", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::monthly::ExplanationStatus;
    use proptest::prelude::*;

    fn unit(i: usize, ranked: bool, must_explain: bool, explained: bool) -> UnitResult {
        UnitResult {
            id: format!("u{i}"),
            rank: ranked.then_some(i as u32 + 1),
            score: None,
            must_explain,
            explanation: explained.then_some(ExplanationStatus::Voluntary),
            consecutive: false,
            name: format!("单位{i}"),
            leader_name: String::new(),
            given: false,
            submitted: None,
        }
    }

    proptest! {
        /// Whatever the limit, every unit is either shown or counted in a
        /// gap row, whoever explains is shown, and the table stays near the limit.
        #[test]
        fn the_condensed_ranking_accounts_for_every_unit(
            flags in prop::collection::vec((0u8..10, 0u8..10), 0..80),
            unranked in 0usize..20,
            limit in 0usize..40,
        ) {
            // Ranked units first, then unranked, as the analysis orders them.
            let mut units: Vec<UnitResult> = flags
                .iter()
                .enumerate()
                .map(|(i, &(m, e))| unit(i, true, m == 0, e == 0))
                .collect();
            let n = units.len();
            units.extend((0..unranked).map(|i| unit(n + i, false, false, i % 7 == 0)));
            let rows = ranking_table(&units, limit);
            let count = |key: &str| rows.iter().filter_map(|r| r[key].as_u64()).sum::<u64>() as usize;
            let shown: Vec<&str> = rows.iter().filter_map(|r| r["unit"]["id"].as_str()).collect();
            prop_assert_eq!(shown.len() + count("skipped") + count("unranked"), units.len());
            for u in &units {
                if u.must_explain || u.explanation.is_some() {
                    prop_assert!(shown.contains(&u.id.as_str()), "{} must be shown", u.id);
                }
            }
            let explaining = units.iter().filter(|u| u.must_explain || u.explanation.is_some()).count();
            prop_assert!(shown.len() <= limit + explaining);
            if units.len() <= limit {
                prop_assert_eq!(shown.len(), units.len());
            }
            // Shown in the analysis's order, no gap row next to another.
            let order: Vec<usize> = shown.iter().map(|id| units.iter().position(|u| u.id == *id).unwrap()).collect();
            prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(rows.windows(2).all(|w| !(w[0]["skipped"].is_u64() && w[1]["skipped"].is_u64())));
        }
    }
}
