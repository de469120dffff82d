//! The weekly fill-in forms (填报表): `kpibrief forms 2026-W27`.
//!
//! In: the checked workspace and a week. Out: one workbook per unit that
//! has tasks to report ([`Form`]: file name and bytes). Each has the sheets
//! 填报 (the unit's tasks, only 本周进度, 状态 and 情况说明 open), 风险 (the
//! week's risks), 说明 (what to fill, in Chinese) and a hidden sheet naming
//! the workspace, week and unit. The sheets are protected without a password
//! (guided, never locked out); the document date is the week's Friday, so the
//! same workspace and week give the same bytes.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, Format, FormatAlign, FormatBorder,
    Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::*;
use crate::analysis::fmt_pct;
use crate::model::{Unit, Week, Workspace};
use crate::render::xlsx::excel_date;

/// One unit's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub unit: String,
    /// `<unit id> <unit name>.xlsx`.
    pub file: String,
    pub tasks: usize,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
#[error("writing the form of {unit}: {source}")]
pub struct FormError {
    pub unit: String,
    #[source]
    pub source: XlsxError,
}

/// Every unit's form for `week`, in unit id order; units with nothing to
/// report in the week get none.
pub fn forms(ws: &Workspace, week: Week) -> Result<Vec<Form>, FormError> {
    let tasks = crate::scaffold::to_report(ws, week);
    let units: Vec<(&Unit, Vec<_>)> = ws
        .units()
        .values()
        .map(|unit| {
            let mine: Vec<_> = tasks.iter().filter(|(t, _)| t.unit == unit.id).collect();
            (unit, mine)
        })
        .filter(|(_, mine)| !mine.is_empty())
        .collect();
    let made = super::par_map(&units, |(unit, mine)| {
        form(ws, week, unit, mine).map_err(|source| FormError {
            unit: unit.id.clone(),
            source,
        })
    });
    let mut out = Vec::with_capacity(made.len());
    for ((unit, mine), bytes) in units.iter().zip(made) {
        out.push(Form {
            unit: unit.id.clone(),
            file: form_file_name(unit),
            tasks: mine.len(),
            bytes: bytes?,
        });
    }
    Ok(out)
}

fn form(
    ws: &Workspace,
    week: Week,
    unit: &Unit,
    tasks: &[&(&crate::model::Task, crate::model::Num)],
) -> Result<Vec<u8>, XlsxError> {
    let friday = week.monday() + chrono::Days::new(4);
    let mut wb = Workbook::new();
    let leader = ws.leader_of(&unit.id).map_or("—", |l| l.name.as_str());
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}目标绩效任务进展填报表", unit.name, week))
            .set_author(&ws.config().issuer)
            .set_company(&ws.config().organization)
            .set_creation_datetime(&excel_date(friday)?),
    );
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9D9D9));
    let locked = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color(Color::RGB(0xF2F2F2));
    let open = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_unlocked();
    let protection = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };

    // 填报: one row per task.
    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET_FORM)?;
    let widths = [8.0, 40.0, 10.0, 12.0, 10.0, 10.0, 8.0, 40.0];
    for (col, (name, width)) in FORM_COLUMNS.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, (task, last)) in tasks.iter().map(|p| (p.0, p.1)).enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, &task.id, &locked)?;
        sheet.write_string_with_format(row, 1, &task.title, &locked)?;
        sheet.write_string_with_format(row, 2, &task.owner, &locked)?;
        sheet.write_string_with_format(row, 3, task.due.to_string(), &locked)?;
        sheet.write_string_with_format(row, 4, fmt_pct(last), &locked)?;
        for col in 5..8 {
            sheet.write_blank(row, col, &open)?;
        }
    }
    let last_row = tasks.len() as u32;
    let progress = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_input_title("本周进度")?
        .set_input_message(
            "填写0至100的数字（百分比），如65表示65%；本周未推进也请填写当前进度。留空视为未报送。",
        )?
        .set_error_title("进度应为0至100")?
        .set_error_message("请填写0至100之间的数字（可带小数），如65或65.5，不要填写文字。")?;
    sheet.add_data_validation(1, 5, last_row, 5, &progress)?;
    let status = DataValidation::new()
        .allow_list_strings(&["正常", "受阻", "暂停"])?
        .set_input_title("状态")?
        .set_input_message("从下拉列表选择：正常、受阻或暂停。留空视为正常。")?
        .set_error_title("状态只能是正常、受阻或暂停")?
        .set_error_message("请从下拉列表中选择：正常、受阻或暂停。")?;
    sheet.add_data_validation(1, 6, last_row, 6, &status)?;
    page(sheet, &format!("{} {}工作进展填报", unit.name, week));
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.protect_with_options(&protection);
    sheet.set_active(true);

    // 风险: the week's risks, rows open for input.
    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET_RISKS)?;
    for (col, (name, width)) in [(COL_LEVEL, 8.0), (COL_INDICATOR, 30.0), (COL_RISK, 60.0)]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for row in 1..=RISK_ROWS {
        for col in 0..3 {
            sheet.write_blank(row, col, &open)?;
        }
    }
    let level = DataValidation::new()
        .allow_list_strings(&["高", "中", "低"])?
        .set_input_title("风险等级")?
        .set_input_message("从下拉列表选择：高、中或低。")?
        .set_error_title("等级只能是高、中或低")?
        .set_error_message("请从下拉列表中选择：高、中或低。")?;
    sheet.add_data_validation(1, 0, RISK_ROWS, 0, &level)?;
    let count = ws.indicators().len().max(1) as u32;
    let indicator = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={SHEET_META}!$D$1:$D${count}")))
        .set_input_title("涉及指标（可不填）")?
        .set_input_message("从下拉列表选择风险涉及的考核指标，可不填。")?
        .set_error_title("请从列表中选择指标")?
        .set_error_message("请从下拉列表中选择考核指标，或留空。")?;
    sheet.add_data_validation(1, 1, RISK_ROWS, 1, &indicator)?;
    page(sheet, &format!("{} {}风险点", unit.name, week));
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.protect_with_options(&protection);

    // 说明: what to fill, by when.
    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET_HELP)?;
    sheet.set_column_width(0, 100.0)?;
    let help = [
        format!("{}目标绩效任务进展填报表", ws.config().organization),
        format!(
            "填报单位：{}（单位负责人：{}，分管领导：{}）",
            unit.name,
            unit.head.as_deref().unwrap_or("—"),
            leader
        ),
        format!(
            "填报周次：{}年第{}周（{}至{}），请于{}下班前报送。",
            week.year(),
            week.number(),
            week.monday(),
            week.sunday(),
            friday
        ),
        "一、在“填报”表中逐项填写本周进度（0至100的数字，如65表示65%）、状态（正常、受阻、暂停，留空为正常）和情况说明。".into(),
        "二、灰色单元格为任务清单，不需填写；本周进度留空的任务记为“未报送”。".into(),
        "三、如有影响目标完成的风险，请在“风险”表中填写等级、涉及指标（可不填）和风险描述。".into(),
        "四、请勿增删行列或修改任务编号；文件可以改名，另存为xls、ods或csv格式亦可导入。".into(),
    ];
    let title = Format::new().set_bold().set_font_size(14);
    for (row, text) in help.iter().enumerate() {
        if row == 0 {
            sheet.write_string_with_format(0, 0, text, &title)?;
        } else {
            sheet.write_string(row as u32, 0, text)?;
        }
    }
    page(sheet, "填报说明");
    sheet.protect_with_options(&protection);

    // The hidden record of what this workbook is, and the indicator list.
    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET_META)?;
    let meta = [
        (META_MARK, "1".to_string()),
        ("organization", ws.config().organization.clone()),
        ("week", week.to_string()),
        ("unit", unit.id.clone()),
        ("unit_name", unit.name.clone()),
    ];
    for (row, (key, value)) in meta.iter().enumerate() {
        sheet.write_string(row as u32, 0, *key)?;
        sheet.write_string(row as u32, 1, value)?;
    }
    for (row, ind) in ws.indicators().values().enumerate() {
        sheet.write_string(row as u32, 3, format!("{} {}", ind.id, ind.name))?;
    }
    sheet.set_hidden(true);
    sheet.protect();
    wb.save_to_buffer()
}

/// A4 landscape, fitted to the page width, with a title in the header.
fn page(sheet: &mut Worksheet, title: &str) {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&C{}", title.replace('&', "&&")));
}
