//! Spreadsheets in and out of the workspace (`shared/spec/exchange.md`).
//!
//! - [`forms`]: the checked workspace and a week in; one pre-filled,
//!   protected fill-in workbook (填报表) per unit out, as bytes.
//! - [`import`]: returned forms (.xlsx, .xls, .ods, .csv) in; the week's
//!   merged YAML text, the changes task by task, the reporting state and
//!   every problem as a [`Diagnostic`] at its file, sheet and cell out.
//! - [`month`]: the superior's published results table in; the month's YAML
//!   text out.
//! - [`workspace`]: writing what the two imports made into the workspace,
//!   whole or not at all, the previous file kept in `.history/`.
//!
//! The YAML workspace stays the one source of truth: these modules read and
//! write spreadsheets, and the result always goes through `check` again.

pub mod forms;
pub mod grid;
pub mod import;
pub mod merge;
pub mod month;
pub mod number;
pub mod workspace;
mod yaml;

/// The sheets of a fill-in form.
pub const SHEET_FORM: &str = "填报";
pub const SHEET_RISKS: &str = "风险";
pub const SHEET_HELP: &str = "说明";
/// The hidden sheet that says what the workbook is, so that a renamed file
/// is still recognised.
pub const SHEET_META: &str = "kpibrief";
/// The first cell of the hidden sheet.
pub const META_MARK: &str = "kpibrief 填报表";

/// The columns of 填报, in order; the importer finds them by header text.
pub const COL_ID: &str = "编号";
pub const COL_TITLE: &str = "任务";
pub const COL_OWNER: &str = "责任人";
pub const COL_DUE: &str = "完成时限";
pub const COL_LAST: &str = "上周进度";
pub const COL_PROGRESS: &str = "本周进度";
pub const COL_STATUS: &str = "状态";
pub const COL_NOTE: &str = "情况说明";
pub const FORM_COLUMNS: [&str; 8] = [
    COL_ID,
    COL_TITLE,
    COL_OWNER,
    COL_DUE,
    COL_LAST,
    COL_PROGRESS,
    COL_STATUS,
    COL_NOTE,
];

/// The columns of 风险.
pub const COL_LEVEL: &str = "等级";
pub const COL_INDICATOR: &str = "涉及指标";
pub const COL_RISK: &str = "风险描述";

/// Rows of 风险 open for input.
pub const RISK_ROWS: u32 = 20;

/// The file name of a unit's form: `<unit id> <unit name>.xlsx`.
pub fn form_file_name(unit: &crate::model::Unit) -> String {
    format!("{} {}.xlsx", unit.id, unit.name)
}

/// `f` over `items` on one thread per core, results in the items' order
/// (the output never depends on the threads). Writing a workbook or reading
/// one is independent of every other.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = items.len().div_ceil(workers).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            // A worker only panics if `f` does, and then so would the caller.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
