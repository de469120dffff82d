//! The week's checklist as a workbook (台账): `weekly 2026-W27 --format xlsx`.
//!
//! In: a [`WeeklyView`]. Out: the bytes of an `.xlsx` with two sheets, 台账
//! (every task: status, progress, 序时进度, warning, unit, owner, leader in
//! charge) and 预警 (each warning with its chain of responsibility). Every
//! label comes from the view; nothing is computed here. The same view gives
//! the same bytes: the document date is the bulletin's date, never the clock
//! (rust_xlsxwriter already dates the zip entries 1980-01-01).

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::analysis::Level;
use crate::model::Num;
use crate::view::WeeklyView;

/// Columns of the 台账 sheet: header and width (in characters; a CJK
/// character counts about two).
const LEDGER_COLUMNS: &[(&str, f64)] = &[
    ("编号", 8.0),
    ("任务", 40.0),
    ("责任单位", 14.0),
    ("责任人", 10.0),
    ("分管领导", 10.0),
    ("完成时限", 12.0),
    ("进度", 9.0),
    ("序时进度", 10.0),
    ("状态", 10.0),
    ("预警", 12.0),
    ("情况说明", 40.0),
];

const WARNING_COLUMNS: &[(&str, f64)] = &[
    ("预警", 12.0),
    ("编号", 8.0),
    ("任务", 36.0),
    ("原因", 30.0),
    ("责任人", 10.0),
    ("责任单位", 14.0),
    ("单位负责人", 11.0),
    ("分管领导", 10.0),
    ("主要领导", 10.0),
    ("本周新增", 9.0),
];

const RED: u32 = 0xFFC7CE;
const YELLOW: u32 = 0xFFEB9C;

/// The 台账 of a week, as `.xlsx` bytes.
pub fn ledger(view: &WeeklyView) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let date = excel_date(view.date)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{}目标绩效任务台账", view.week_label))
            .set_author(view.masthead.issuer)
            .set_company(view.masthead.organization)
            .set_creation_datetime(&date),
    );
    let styles = Styles::new();

    let sheet = wb.add_worksheet();
    sheet.set_name("台账")?;
    let title = format!("{}目标绩效任务台账（{}）", view.week_label, view.date);
    setup(sheet, LEDGER_COLUMNS, &title, &styles)?;
    let mut row = 1u32;
    for leader in &view.groups {
        for unit in &leader.units {
            for t in &unit.tasks {
                let task = t.task;
                let level_fmt = styles.level(t.level);
                sheet.write_string_with_format(row, 0, &task.id, &styles.cell)?;
                sheet.write_string_with_format(row, 1, &task.title, &styles.wrap)?;
                sheet.write_string_with_format(row, 2, unit.name, &styles.cell)?;
                sheet.write_string_with_format(row, 3, &task.owner, &styles.cell)?;
                sheet.write_string_with_format(row, 4, leader.name, &styles.cell)?;
                sheet.write_string_with_format(row, 5, task.due.to_string(), &styles.cell)?;
                sheet.write_number_with_format(row, 6, fraction(task.progress), &styles.pct)?;
                sheet.write_number_with_format(row, 7, fraction(task.expected), &styles.pct)?;
                sheet.write_string_with_format(row, 8, t.status_zh, level_fmt)?;
                sheet.write_string_with_format(row, 9, t.level.map_or("", Level::zh), level_fmt)?;
                sheet.write_string_with_format(row, 10, t.note.unwrap_or(""), &styles.wrap)?;
                row += 1;
            }
        }
    }
    finish(sheet, LEDGER_COLUMNS.len(), row)?;

    let sheet = wb.add_worksheet();
    sheet.set_name("预警")?;
    let title = format!("{}预警及责任链", view.week_label);
    setup(sheet, WARNING_COLUMNS, &title, &styles)?;
    let mut row = 1u32;
    for w in view.warnings {
        let c = &w.chain;
        let level_fmt = styles.level(Some(w.level));
        sheet.write_string_with_format(row, 0, w.level.zh(), level_fmt)?;
        sheet.write_string_with_format(row, 1, &w.task, &styles.cell)?;
        sheet.write_string_with_format(row, 2, &w.title, &styles.wrap)?;
        sheet.write_string_with_format(row, 3, &w.reason, &styles.wrap)?;
        sheet.write_string_with_format(row, 4, c.owner.as_deref().unwrap_or("—"), &styles.cell)?;
        sheet.write_string_with_format(row, 5, &c.unit_name, &styles.cell)?;
        sheet.write_string_with_format(row, 6, c.head.as_deref().unwrap_or("—"), &styles.cell)?;
        sheet.write_string_with_format(row, 7, &c.leader_name, &styles.cell)?;
        sheet.write_string_with_format(
            row,
            8,
            c.principal.as_deref().unwrap_or("—"),
            &styles.cell,
        )?;
        sheet.write_string_with_format(row, 9, if w.new { "是" } else { "" }, &styles.cell)?;
        row += 1;
    }
    finish(sheet, WARNING_COLUMNS.len(), row)?;
    wb.save_to_buffer()
}

/// A date of the data as the document's creation date (`check` keeps years to 2000–2100).
pub fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A progress figure as the fraction Excel's percent format shows.
fn fraction(n: Num) -> f64 {
    n.to_string().parse().unwrap_or(0.0)
}

struct Styles {
    header: Format,
    cell: Format,
    wrap: Format,
    pct: Format,
    red: Format,
    yellow: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            wrap: cell.clone().set_text_wrap(),
            pct: cell.clone().set_num_format("0.0%"),
            // The word stands beside the colour, so a black-and-white print keeps it.
            red: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(RED)),
            yellow: cell.clone().set_background_color(Color::RGB(YELLOW)),
            cell,
        }
    }

    fn level(&self, level: Option<Level>) -> &Format {
        match level {
            Some(Level::Red) => &self.red,
            Some(Level::Yellow) => &self.yellow,
            None => &self.cell,
        }
    }
}

/// Header row, widths, frozen header, A4 landscape with the header repeated.
fn setup(
    sheet: &mut Worksheet,
    columns: &[(&str, f64)],
    title: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &styles.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&C{}", title.replace('&', "&&")));
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// Filters over the header and every row written.
fn finish(sheet: &mut Worksheet, columns: usize, rows: u32) -> Result<(), XlsxError> {
    sheet.autofilter(0, 0, rows.saturating_sub(1).max(1), (columns - 1) as u16)?;
    Ok(())
}
