//! Returned forms into the week's data: `kpibrief import 2026-W27 FILE...`.
//!
//! In: the checked workspace, the week, and each file's name and bytes.
//! Out: [`Returns`] (each file's unit, updates and risks) and every problem
//! as a [`Diagnostic`] at its file, sheet and cell; then [`merge`] gives the
//! week's new YAML text, the changes task by task and the reporting state.
//!
//! A file is known by its hidden sheet (workspace, week, unit), or else by
//! its 编号s and its name; a task by its 编号. A blank 本周进度 is "not
//! reported", exactly as an untouched line of `new-week`'s file.

use std::collections::{BTreeMap, BTreeSet};

use super::grid::{self, Book, Cell, Grid, Kind};
use super::number;
use super::*;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Num, RiskLevel, UpdateStatus, Week, Workspace};

/// One task's update as a form gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormUpdate {
    pub task: String,
    pub progress: Num,
    pub status: Option<UpdateStatus>,
    pub note: Option<String>,
}

/// One risk as a form gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRisk {
    pub level: RiskLevel,
    pub indicator: Option<String>,
    pub text: String,
}

/// What one returned file holds.
#[derive(Debug, Clone)]
pub struct Return {
    pub file: String,
    pub unit: String,
    pub updates: Vec<FormUpdate>,
    /// `None` for a CSV, which has no 风险 sheet: the unit's risks are kept.
    pub risks: Option<Vec<FormRisk>>,
    /// Rows whose 本周进度 was left blank.
    pub blank: usize,
}

#[derive(Debug, Default)]
pub struct Returns {
    pub returns: Vec<Return>,
    pub diagnostics: Diagnostics,
}

/// Read every returned file. Files that cannot be understood at all are
/// errors too; nothing stops at the first problem.
pub fn read(ws: &Workspace, week: Week, files: Vec<(String, Vec<u8>)>) -> Returns {
    let mut out = Returns::default();
    // Where each task was reported, for "the same task in two files".
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let books = super::par_map(&files, |(shown, bytes)| grid::read(shown, bytes));
    for book in books {
        let book = match book {
            Ok(b) => b,
            Err(e) => {
                out.diagnostics.push(
                    Diagnostic::error(format!("cannot read {}", e.shown))
                        .at_place(e.shown.clone())
                        .note(e.message),
                );
                continue;
            }
        };
        let mut cx = FileCx {
            ws,
            week,
            book: &book,
            diagnostics: &mut out.diagnostics,
        };
        if let Some(r) = cx.read_return(&mut seen) {
            out.returns.push(r);
        }
    }
    out
}

struct FileCx<'a> {
    ws: &'a Workspace,
    week: Week,
    book: &'a Book,
    diagnostics: &'a mut Diagnostics,
}

/// The columns of 填报 found by their header text.
struct Columns {
    header_row: usize,
    id: usize,
    progress: usize,
    status: Option<usize>,
    note: Option<usize>,
}

impl FileCx<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn read_return(&mut self, seen: &mut BTreeMap<String, String>) -> Option<Return> {
        let book = self.book;
        let meta = self.meta()?;
        let sheet = match book.kind {
            Kind::Csv => book.sheets.first(),
            Kind::Workbook => book.sheet(SHEET_FORM),
        };
        let Some(sheet) = sheet else {
            self.push(
                Diagnostic::error(format!("{} has no sheet {SHEET_FORM}", book.shown))
                    .at_place(book.shown.clone())
                    .note("expected: a form written by `kpibrief forms`".to_string()),
            );
            return None;
        };
        let Some(cols) = columns(sheet) else {
            self.push(Diagnostic::error(format!("{} is not a kpibrief form", book.shown)).at_place(book.shown.clone()).note(format!("expected: a header row with {COL_ID} and {COL_PROGRESS} (the 填报 sheet of `kpibrief forms`)")));
            return None;
        };
        let unit = match meta {
            Some(unit) => unit,
            None => self.unit_from_rows(sheet, &cols)?,
        };
        let mut r = Return {
            file: book.shown.clone(),
            unit: unit.clone(),
            updates: Vec::new(),
            risks: None,
            blank: 0,
        };
        let before = Week::containing(self.week.monday() - chrono::Duration::days(1));
        let sheet_name = sheet.name.clone();
        let place = |row: usize, col: usize| book.place(&sheet_name, row, col);
        let mut ok = true;
        for row in cols.header_row + 1..sheet.rows.len() {
            let id_cell = sheet.get(row, cols.id);
            let id = id_cell.text();
            if id.is_empty() {
                continue;
            }
            let Some(task) = self.ws.tasks().get(&id) else {
                self.push(
                    Diagnostic::error(format!("unknown task `{id}`"))
                        .at_place(place(row, cols.id))
                        .note(format!("found: {id}"))
                        .note(
                            "expected: a 编号 of the form, as `kpibrief forms` wrote it"
                                .to_string(),
                        ),
                );
                ok = false;
                continue;
            };
            if task.unit != unit {
                let other = self.unit_name(&task.unit);
                self.push(
                    Diagnostic::error(format!(
                        "task {id} belongs to {other}, not to {}",
                        self.unit_name(&unit)
                    ))
                    .at_place(place(row, cols.id))
                    .note(
                        "help: each unit reports its own tasks; send the row to its unit's form"
                            .to_string(),
                    ),
                );
                ok = false;
                continue;
            }
            let here = place(row, cols.id);
            if let Some(first) = seen.get(&id) {
                self.push(
                    Diagnostic::error(format!("task {id} is reported twice"))
                        .at_place(here)
                        .note(format!("also at: {first}")),
                );
                ok = false;
                continue;
            }
            seen.insert(id.clone(), here);
            let status_cell = cols.status.map_or(&Cell::Empty, |c| sheet.get(row, c));
            let note_cell = cols.note.map_or(&Cell::Empty, |c| sheet.get(row, c));
            let status = match status(status_cell) {
                Ok(s) => s,
                Err(found) => {
                    let col = cols.status.unwrap_or_default();
                    self.push(
                        Diagnostic::error(format!("unknown 状态 for task {id}"))
                            .at_place(place(row, col))
                            .note(format!("found: {found}"))
                            .note("expected: 正常, 受阻 or 暂停 (blank is 正常)".to_string()),
                    );
                    ok = false;
                    None
                }
            };
            let note = Some(note_cell.text()).filter(|n| !n.is_empty());
            let progress = match number::progress(sheet.get(row, cols.progress)) {
                Ok(Some(p)) => p,
                Ok(None) => {
                    r.blank += 1;
                    if status.is_some() || note.is_some() {
                        self.push(Diagnostic::warning(format!("task {id} has a 状态 or 情况说明 but no 本周进度: it counts as not reported")).at_place(place(row, cols.progress)).note("help: fill in 本周进度 (the current progress, even if unchanged)".to_string()));
                    }
                    continue;
                }
                Err(why) => {
                    let found = sheet.get(row, cols.progress).text();
                    self.push(
                        Diagnostic::error(format!("本周进度 of task {id} is {why}"))
                            .at_place(place(row, cols.progress))
                            .note(format!("found: {found}"))
                            .note(
                                "expected: a percentage from 0 to 100, such as 65, 65% or 0.65"
                                    .to_string(),
                            ),
                    );
                    ok = false;
                    continue;
                }
            };
            if let Some((last, _)) = self.ws.latest_progress(&id, before)
                && progress < last
            {
                self.push(
                    Diagnostic::warning(format!("progress of task {id} went back"))
                        .at_place(place(row, cols.progress))
                        .note(format!("found: {}", number::yaml_pct(progress)))
                        .note(format!(
                            "expected: at least last week's {}",
                            number::yaml_pct(last)
                        )),
                );
            }
            r.updates.push(FormUpdate {
                task: id,
                progress,
                status,
                note,
            });
        }
        if book.kind == Kind::Workbook {
            r.risks = self.risks();
            ok &= r.risks.is_some();
        }
        r.updates.sort_by(|a, b| a.task.cmp(&b.task));
        ok.then_some(r)
    }

    fn unit_name(&self, id: &str) -> String {
        self.ws
            .units()
            .get(id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }

    /// The unit from the hidden sheet, checked against the workspace and
    /// week: `Some(Some(unit))`, `Some(None)` when there is no hidden sheet,
    /// `None` after an error.
    fn meta(&mut self) -> Option<Option<String>> {
        let book = self.book;
        let Some(meta) = book.sheet(SHEET_META) else {
            return Some(None);
        };
        if meta.get(0, 0).text() != META_MARK {
            self.push(
                Diagnostic::error(format!("{} is not a kpibrief form", book.shown))
                    .at_place(book.place(SHEET_META, 0, 0))
                    .note(format!("found: {}", meta.get(0, 0).text())),
            );
            return None;
        }
        let value = |key: &str| {
            (0..meta.rows.len())
                .find(|&r| meta.get(r, 0).text() == key)
                .map(|r| (r, meta.get(r, 1).text()))
        };
        let org = &self.ws.config().organization;
        match value("organization") {
            Some((_, o)) if &o == org => {}
            found => {
                let row = found.as_ref().map_or(1, |f| f.0);
                self.push(
                    Diagnostic::error(format!("{} is a form of another workspace", book.shown))
                        .at_place(book.place(SHEET_META, row, 1))
                        .note(format!("found: {}", found.map(|f| f.1).unwrap_or_default()))
                        .note(format!("expected: {org}")),
                );
                return None;
            }
        }
        match value("week") {
            Some((_, w)) if w == self.week.to_string() => {}
            found => {
                let row = found.as_ref().map_or(2, |f| f.0);
                let week = self.week;
                self.push(Diagnostic::error(format!("{} is the form of another week", book.shown)).at_place(book.place(SHEET_META, row, 1)).note(format!("found: {}", found.map(|f| f.1).unwrap_or_default())).note(format!("expected: {week}")).note("help: import it with the week it was written for, or send the unit this week's form".to_string()));
                return None;
            }
        }
        match value("unit") {
            Some((_, u)) if self.ws.units().contains_key(&u) => Some(Some(u)),
            found => {
                let row = found.as_ref().map_or(3, |f| f.0);
                self.push(
                    Diagnostic::error(format!(
                        "{} names a unit this workspace does not have",
                        book.shown
                    ))
                    .at_place(book.place(SHEET_META, row, 1))
                    .note(format!("found: {}", found.map(|f| f.1).unwrap_or_default())),
                );
                None
            }
        }
    }

    /// Without the hidden sheet (a CSV, or a form copied into a new
    /// workbook): the unit whose tasks the 编号s are, else the unit named in
    /// the file's name.
    fn unit_from_rows(&mut self, sheet: &Grid, cols: &Columns) -> Option<String> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for row in cols.header_row + 1..sheet.rows.len() {
            if let Some(t) = self.ws.tasks().get(&sheet.get(row, cols.id).text()) {
                *counts.entry(t.unit.as_str()).or_default() += 1;
            }
        }
        // The unit most rows belong to; the other rows are errors of their own.
        if let Some((unit, _)) = counts
            .iter()
            .max_by_key(|(u, n)| (**n, std::cmp::Reverse(**u)))
        {
            return Some(unit.to_string());
        }
        let stem = self.book.shown.rsplit('/').next().unwrap_or_default();
        let by_name = self
            .ws
            .units()
            .values()
            .find(|u| stem.contains(&u.name) || stem.split([' ', '.', '_']).any(|p| p == u.id));
        if let Some(u) = by_name {
            return Some(u.id.clone());
        }
        let shown = self.book.shown.clone();
        self.push(
            Diagnostic::error(format!("cannot tell which unit {shown} is from"))
                .at_place(shown)
                .note(
                    "expected: the 编号s of one unit's tasks, or the unit's name in the file name"
                        .to_string(),
                ),
        );
        None
    }

    /// The 风险 sheet's rows; `None` after an error.
    fn risks(&mut self) -> Option<Vec<FormRisk>> {
        let book = self.book;
        let Some(sheet) = book.sheet(SHEET_RISKS) else {
            return Some(Vec::new());
        };
        let find = |name: &str| {
            (0..sheet.rows.first().map_or(0, Vec::len)).find(|&c| sheet.get(0, c).text() == name)
        };
        let (Some(lc), ic, Some(tc)) = (find(COL_LEVEL), find(COL_INDICATOR), find(COL_RISK))
        else {
            return Some(Vec::new());
        };
        let mut risks = Vec::new();
        let mut ok = true;
        for row in 1..sheet.rows.len() {
            let level = sheet.get(row, lc).text();
            let ind = ic.map(|c| sheet.get(row, c).text()).unwrap_or_default();
            let text = sheet.get(row, tc).text();
            if level.is_empty() && ind.is_empty() && text.is_empty() {
                continue;
            }
            let level = match level.as_str() {
                "高" | "high" => RiskLevel::High,
                "中" | "medium" => RiskLevel::Medium,
                "低" | "low" => RiskLevel::Low,
                other => {
                    self.push(
                        Diagnostic::error("unknown risk 等级".to_string())
                            .at_place(book.place(SHEET_RISKS, row, lc))
                            .note(format!("found: {other}"))
                            .note("expected: 高, 中 or 低".to_string()),
                    );
                    ok = false;
                    continue;
                }
            };
            if text.is_empty() {
                self.push(
                    Diagnostic::error("a risk without its 风险描述".to_string())
                        .at_place(book.place(SHEET_RISKS, row, tc))
                        .note("expected: what the risk is, in a sentence".to_string()),
                );
                ok = false;
                continue;
            }
            let indicator = if ind.is_empty() {
                None
            } else {
                let id = ind.split_whitespace().next().unwrap_or_default();
                let known = self
                    .ws
                    .indicators()
                    .values()
                    .find(|i| i.id == id || i.name == ind);
                match known {
                    Some(i) => Some(i.id.clone()),
                    None => {
                        self.push(
                            Diagnostic::error("unknown 涉及指标".to_string())
                                .at_place(book.place(SHEET_RISKS, row, ic.unwrap_or_default()))
                                .note(format!("found: {ind}"))
                                .note(
                                    "expected: an indicator from the drop-down list, or blank"
                                        .to_string(),
                                ),
                        );
                        ok = false;
                        continue;
                    }
                }
            };
            risks.push(FormRisk {
                level,
                indicator,
                text,
            });
        }
        ok.then_some(risks)
    }
}

/// The header row (in the first ten) with 编号 and 本周进度, and the columns.
fn columns(sheet: &Grid) -> Option<Columns> {
    (0..sheet.rows.len().min(10)).find_map(|row| {
        let find = |name: &str| {
            (0..sheet.rows[row].len())
                .find(|&c| sheet.get(row, c).text().replace(char::is_whitespace, "") == name)
        };
        Some(Columns {
            header_row: row,
            id: find(COL_ID)?,
            progress: find(COL_PROGRESS)?,
            status: find(COL_STATUS),
            note: find(COL_NOTE),
        })
    })
}

/// 状态 as typed: Chinese or the YAML words; blank is 正常.
fn status(cell: &Cell) -> Result<Option<UpdateStatus>, String> {
    let t = cell.text();
    match t.as_str() {
        "" | "正常" | "normal" => Ok(None),
        "受阻" | "blocked" => Ok(Some(UpdateStatus::Blocked)),
        "暂停" | "paused" => Ok(Some(UpdateStatus::Paused)),
        _ => Err(t),
    }
}

/// The units that had a form in a batch of returns.
pub fn units_of(returns: &[Return]) -> BTreeSet<&str> {
    returns.iter().map(|r| r.unit.as_str()).collect()
}
