//! `kpibrief forms`: one protected, pre-filled workbook per unit, with the
//! week's tasks, drop-downs and a hidden record, the same bytes every time.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::util::Ws;
use kpibrief::exchange::grid;
use kpibrief::model::Week;

pub fn kpibrief(ws: &Ws) -> Command {
    let mut cmd = Command::cargo_bin("kpibrief").unwrap();
    cmd.arg("--data").arg(ws.path()).env("NO_COLOR", "1");
    cmd
}

/// Run `forms WEEK --out OUT`; the forms written, by file name.
pub fn forms(ws: &Ws, week: &str, out: &Path) -> Vec<PathBuf> {
    let o = kpibrief(ws)
        .args(["forms", week, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.join("forms").join(week))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

pub fn book(path: &Path) -> grid::Book {
    grid::read(&path.display().to_string(), &std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn one_form_per_unit_with_its_tasks_and_a_hidden_record() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let w = ws.workspace();
    let week: Week = "2026-W27".parse().unwrap();
    let to_report = kpibrief::scaffold::to_report(&w, week);
    let units: std::collections::BTreeSet<&str> =
        to_report.iter().map(|(t, _)| t.unit.as_str()).collect();
    assert_eq!(files.len(), units.len());
    let beitang = out.path().join("forms/2026-W27/beitang 北塘区.xlsx");
    assert!(files.contains(&beitang), "{files:?}");

    let b = book(&beitang);
    let form = b.sheet("填报").unwrap();
    assert_eq!(
        form.rows[0].iter().map(|c| c.text()).collect::<Vec<_>>(),
        [
            "编号",
            "任务",
            "责任人",
            "完成时限",
            "上周进度",
            "本周进度",
            "状态",
            "情况说明"
        ]
    );
    let ids: Vec<String> = form.rows[1..].iter().map(|r| r[0].text()).collect();
    let expected: Vec<&str> = to_report
        .iter()
        .filter(|(t, _)| t.unit == "beitang")
        .map(|(t, _)| t.id.as_str())
        .collect();
    assert_eq!(ids, expected);
    // 上周进度 is the latest figure before the week; 本周进度 is left to fill.
    let (t, last) = to_report.iter().find(|(t, _)| t.unit == "beitang").unwrap();
    assert_eq!(form.get(1, 1).text(), t.title);
    assert_eq!(form.get(1, 4).text(), kpibrief::analysis::fmt_pct(*last));
    assert!(form.get(1, 5).is_empty());

    let meta = b.sheet("kpibrief").unwrap();
    assert_eq!(meta.get(2, 1).text(), "2026-W27");
    assert_eq!(meta.get(3, 1).text(), "beitang");
    assert_eq!(meta.get(1, 1).text(), w.config().organization);
    assert!(b.sheet("风险").is_some() && b.sheet("说明").is_some());

    // Drop-downs and validation in Chinese, protection without a password, hidden record.
    let xml = sheet_xml(&beitang, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<sheetProtection"), "{xml}");
    assert!(!xml.contains("password"));
    assert!(xml.contains(r#"type="decimal""#) && xml.contains("<formula2>100</formula2>"));
    assert!(xml.contains("正常,受阻,暂停"));
    assert!(xml.contains("进度应为0至100"));
    assert!(xml.contains(r#"<pane ySplit="1""#));
    let wb = sheet_xml(&beitang, "xl/workbook.xml");
    assert!(
        wb.contains(r#"name="kpibrief" sheetId="4" state="hidden""#),
        "{wb}"
    );
}

#[test]
fn the_same_workspace_and_week_give_the_same_bytes() {
    let ws = Ws::example();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let fa = forms(&ws, "2026-W27", a.path());
    let fb = forms(&ws, "2026-W27", b.path());
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x.file_name(), y.file_name());
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{x:?}"
        );
    }
    // The document date is the week's Friday, not the clock.
    let core = sheet_xml(&fa[0], "docProps/core.xml");
    assert!(core.contains("2026-07-03T00:00:00Z"), "{core}");
}

#[test]
fn forms_are_not_archive_records() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    forms(&ws, "2026-W27", out.path());
    let o = kpibrief(&ws)
        .args(["verify", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// One part of an xlsx (a zip), as text.
pub fn sheet_xml(xlsx: &Path, part: &str) -> String {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut s).unwrap();
    s
}
