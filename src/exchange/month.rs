//! The superior's published results: `kpibrief import-month 2026-06 FILE
//! --published DATE`.
//!
//! In: the checked workspace, the month, the table's bytes, the sheet to
//! read (or the first with a name and a score column) and the publication
//! day. Out: the month's YAML text (the ranking, this bureau's indicator
//! scores where the table has them, and the existing file's meeting, scope,
//! units, notes and next_steps kept), or diagnostics at the table's cells.
//!
//! The columns are found by their header text in the first rows, also under
//! merged header cells (a column's header is its header rows' texts joined);
//! names are matched to `peers.yaml` exactly, then without spaces, the
//! 学习局 suffix or a 市/县/区 suffix.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::grid::{self, Grid};
use super::number;
use super::yaml::quote;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Month, Num, Workspace};

#[derive(Debug, Clone)]
pub struct MonthImport {
    pub text: String,
    /// Peers ranked.
    pub ranked: usize,
    /// This bureau's indicator scores read from the table (0: kept from the file).
    pub indicators: usize,
    pub sheet: String,
}

const NAME_HEADERS: [&str; 4] = ["单位", "地区", "名称", "市州"];
const TOTAL_HEADERS: [&str; 3] = ["总分", "得分", "综合得分"];

/// Read the table and make the month's file.
pub fn import(
    ws: &Workspace,
    month: Month,
    shown: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    published: NaiveDate,
) -> Result<MonthImport, Diagnostics> {
    let mut diags = Diagnostics::default();
    let fail = |d: Diagnostic| {
        let mut ds = Diagnostics::default();
        ds.push(d);
        ds
    };
    let book = grid::read(shown, &bytes).map_err(|e| {
        fail(
            Diagnostic::error(format!("cannot read {}", e.shown))
                .at_place(e.shown.clone())
                .note(e.message),
        )
    })?;
    let found = match sheet {
        Some(name) => match book.sheet(name) {
            Some(g) => header(g).map(|h| (g, h)),
            None => {
                let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
                return Err(fail(
                    Diagnostic::error(format!("{shown} has no sheet {name}"))
                        .at_place(shown.to_string())
                        .note(format!("expected: one of {}", names.join(", "))),
                ));
            }
        },
        None => book.sheets.iter().find_map(|g| header(g).map(|h| (g, h))),
    };
    let Some((grid, h)) = found else {
        return Err(fail(
            Diagnostic::error(format!("{shown}: no results table found"))
                .at_place(shown.to_string())
                .note("expected: in the first rows, a header with the bureaus' names (单位 or 地区) and their total scores (总分 or 得分)")
                .note("help: give the sheet with --sheet NAME"),
        ));
    };

    let peers = PeerNames::new(ws);
    let mut ranking: BTreeMap<String, (Num, String)> = BTreeMap::new();
    let mut self_row = None;
    for row in h.data_start..grid.rows.len() {
        let name = grid.get(row, h.name).text();
        if name.is_empty() {
            continue;
        }
        let total = match number::score(grid.get(row, h.total)) {
            Ok(Some(t)) => t,
            // A footnote or a subtotal row: no score, not a bureau.
            Ok(None) => continue,
            Err(why) => {
                diags.push(
                    Diagnostic::error(format!("the total score of {name} is {why}"))
                        .at_place(book.place(&grid.name, row, h.total))
                        .found(grid.get(row, h.total).text())
                        .expected("a number such as 92.35"),
                );
                continue;
            }
        };
        let place = book.place(&grid.name, row, h.name);
        let Some(id) = peers.find(&name) else {
            let mut d = Diagnostic::error(format!("unknown bureau `{name}`"))
                .at_place(place)
                .expected("a name of peers.yaml");
            if let Some(s) = peers.suggest(&name) {
                d = d.note(format!("help: did you mean `{s}`?"));
            }
            diags.push(d);
            continue;
        };
        if let Some((_, first)) = ranking.get(&id) {
            diags.push(
                Diagnostic::error(format!("{name} is in the table twice"))
                    .at_place(place)
                    .note(format!("also at: {first}")),
            );
            continue;
        }
        if id == ws.config().self_id {
            self_row = Some(row);
        }
        ranking.insert(id, (total, place));
    }
    let missing: Vec<&str> = ws
        .peers()
        .values()
        .filter(|p| !ranking.contains_key(&p.id))
        .map(|p| p.name.as_str())
        .collect();
    if !missing.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(format!("the table does not rank {}", missing.join("、")))
                .at_place(book.place(&grid.name, h.header_row, h.name))
                .note(
                    "expected: every bureau of peers.yaml, as the month's file must rank them all",
                ),
        );
    }

    // This bureau's indicator scores, where the table has indicator columns.
    let mut indicators: BTreeMap<String, Num> = BTreeMap::new();
    if let Some(row) = self_row {
        for (col, id) in indicator_columns(ws, &h.indicators) {
            match number::score(grid.get(row, col)) {
                Ok(Some(s)) => {
                    indicators.insert(id.clone(), s);
                }
                Ok(None) => {}
                Err(why) => diags.push(
                    Diagnostic::error(format!("the score of {id} is {why}"))
                        .at_place(book.place(&grid.name, row, col))
                        .found(grid.get(row, col).text())
                        .expected("a number"),
                ),
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let text = yaml(ws, month, published, &ranking, &indicators);
    Ok(MonthImport {
        text,
        ranked: ranking.len(),
        indicators: indicators.len(),
        sheet: grid.name.clone(),
    })
}

/// Where the table's columns are.
struct Header {
    header_row: usize,
    data_start: usize,
    name: usize,
    total: usize,
    indicators: BTreeMap<usize, String>,
}

/// The header in the first ten rows: a row with a name column and a total
/// column; the header rows run to the first row with a score under the
/// total column, and each column's header is their texts joined.
fn header(g: &Grid) -> Option<Header> {
    let clean = |r: usize, c: usize| g.get(r, c).text().replace(char::is_whitespace, "");
    let width = g.rows.iter().take(12).map(Vec::len).max().unwrap_or(0);
    let (header_row, name, total) = (0..g.rows.len().min(10)).find_map(|r| {
        let name = (0..width).find(|&c| NAME_HEADERS.iter().any(|h| clean(r, c).contains(h)))?;
        let total = (0..width)
            .find(|&c| TOTAL_HEADERS.contains(&clean(r, c).as_str()))
            .or_else(|| (0..width).find(|&c| c != name && clean(r, c).contains("总分")))?;
        Some((r, name, total))
    })?;
    let data_start = (header_row + 1..g.rows.len())
        .find(|&r| matches!(number::score(g.get(r, total)), Ok(Some(_))))
        .unwrap_or(g.rows.len());
    let joined = |c: usize| -> String { (header_row..data_start).map(|r| clean(r, c)).collect() };
    Some(Header {
        header_row,
        data_start,
        name,
        total,
        indicators: BTreeMap::new(),
    })
    .map(|mut h| {
        h.indicators = (0..width)
            .filter(|&c| c != name && c != total)
            .map(|c| (c, joined(c)))
            .filter(|(_, t)| !t.is_empty())
            .collect::<BTreeMap<usize, String>>();
        h
    })
}

/// The month's YAML: the table's figures, the rest of an existing file kept.
fn yaml(
    ws: &Workspace,
    month: Month,
    published: NaiveDate,
    ranking: &BTreeMap<String, (Num, String)>,
    table: &BTreeMap<String, Num>,
) -> String {
    let old = ws.months().get(&month);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# yaml-language-server: $schema=../../schemas/monthly.schema.json"
    );
    let _ = writeln!(
        t,
        "# 由 kpibrief import-month 根据上级通报的考核结果表生成；改动前的文件保存在 monthly/.history/。"
    );
    let _ = writeln!(t, "month: {month}");
    let _ = writeln!(t, "published: {published}");
    if let Some(m) = old.and_then(|o| o.meeting) {
        let _ = writeln!(t, "meeting: {m}");
    }
    if let Some(s) = old.and_then(|o| o.scope.as_deref()) {
        let _ = writeln!(t, "scope: {}", quote(s));
    }
    let _ = writeln!(t, "\nranking:");
    for (id, (score, _)) in ranking {
        let self_mark = if *id == ws.config().self_id {
            "   # 本局"
        } else {
            ""
        };
        let _ = writeln!(t, "  {}: {}{self_mark}", quote(id), score.normalize());
    }
    let _ = writeln!(t, "\nindicators:");
    let mut any = false;
    if table.is_empty() {
        for (id, s) in old.map(|o| &o.indicators).into_iter().flatten() {
            any = true;
            match s.rank {
                Some(r) => writeln!(
                    t,
                    "  {}: {{ score: {}, rank: {r} }}",
                    quote(id),
                    s.score.normalize()
                ),
                None => writeln!(t, "  {}: {{ score: {} }}", quote(id), s.score.normalize()),
            }
            .unwrap_or(());
        }
    } else {
        for (id, score) in table {
            any = true;
            // The rank of an unchanged score stays; a new score's rank is not in the table.
            let rank = old
                .and_then(|o| o.indicators.get(id))
                .filter(|s| s.score == *score)
                .and_then(|s| s.rank);
            match rank {
                Some(r) => writeln!(
                    t,
                    "  {}: {{ score: {}, rank: {r} }}",
                    quote(id),
                    score.normalize()
                ),
                None => writeln!(t, "  {}: {{ score: {} }}", quote(id), score.normalize()),
            }
            .unwrap_or(());
        }
    }
    if !any {
        t.truncate(t.len() - "indicators:\n".len());
        let _ = writeln!(t, "indicators: {{}}");
    }
    if let Some(units) = old.and_then(|o| o.units.as_ref()) {
        let _ = writeln!(t, "\nunits:");
        for (id, s) in units {
            let _ = writeln!(t, "  {}: {}", quote(id), s.normalize());
        }
    }
    if let Some(n) = old.and_then(|o| o.notes.as_ref()) {
        let _ = writeln!(t, "\nnotes: {}", quote(n.as_str()));
    }
    if let Some(n) = old.and_then(|o| o.next_steps.as_ref()) {
        let _ = writeln!(t, "\nnext_steps: {}", quote(n.as_str()));
    }
    t
}

/// Peer names and their usual variants.
struct PeerNames<'a> {
    ws: &'a Workspace,
}

impl<'a> PeerNames<'a> {
    fn new(ws: &'a Workspace) -> Self {
        PeerNames { ws }
    }

    /// The name without spaces, then without 学习局, then without 市/县/区.
    fn variants(name: &str) -> [String; 3] {
        let a: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let b = a.strip_suffix("学习局").unwrap_or(&a).to_string();
        let c = b
            .strip_suffix(['市', '县', '区'])
            .filter(|s| !s.is_empty())
            .unwrap_or(&b)
            .to_string();
        [a, b, c]
    }

    fn find(&self, name: &str) -> Option<String> {
        let wanted = Self::variants(name);
        for (level, want) in wanted.iter().enumerate() {
            let hits: Vec<&str> = self
                .ws
                .peers()
                .values()
                .filter(|p| Self::variants(&p.name)[level] == *want)
                .map(|p| p.id.as_str())
                .collect();
            if let [one] = hits[..] {
                return Some(one.to_string());
            }
        }
        None
    }

    fn suggest(&self, name: &str) -> Option<&'a str> {
        let wanted = &Self::variants(name)[2];
        self.ws
            .peers()
            .values()
            .map(|p| (strsim::levenshtein(&Self::variants(&p.name)[2], wanted), p))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, p)| (*d, p.id.as_str()))
            .map(|(_, p)| p.name.as_str())
    }
}

/// Match header texts to indicators: by id, else by name (the longest name
/// a header holds, so that 办学条件 does not take 办学条件改善's column).
pub fn indicator_columns(
    ws: &Workspace,
    headers: &BTreeMap<usize, String>,
) -> BTreeMap<usize, String> {
    headers
        .iter()
        .filter_map(|(&c, text)| {
            let by_id = ws.indicators().values().find(|i| {
                text.strip_prefix(i.id.as_str())
                    .is_some_and(|rest| !rest.starts_with(|ch: char| ch.is_ascii_alphanumeric()))
            });
            let by_name = || {
                ws.indicators()
                    .values()
                    .filter(|i| text.contains(&i.name))
                    .max_by_key(|i| i.name.chars().count())
            };
            by_id.or_else(by_name).map(|i| (c, i.id.clone()))
        })
        .collect()
}
