//! `kpibrief import-month`: the superior's results table (a title row,
//! merged headers, names with and without 学习局) into the month's file.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::forms::kpibrief;
use crate::util::Ws;

/// A published table as a province office lays it out: a title over
/// everything, 单位名称/总分/排名 merged over two header rows, the indicator
/// columns under a merged 分项得分.
fn table(path: &Path, rows: &[(&str, f64)], self_scores: &[(&str, f64)]) {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("6月考核结果").unwrap();
    let f = Format::new();
    let last_col = 2 + self_scores.len() as u16;
    s.merge_range(
        0,
        0,
        0,
        last_col.max(3),
        "全省学习系统2026年6月目标绩效考核结果",
        &f,
    )
    .unwrap();
    s.merge_range(1, 0, 2, 0, "排名", &f).unwrap();
    s.merge_range(1, 1, 2, 1, "单位名称", &f).unwrap();
    s.merge_range(1, 2, 2, 2, "总分", &f).unwrap();
    if !self_scores.is_empty() {
        if self_scores.len() > 1 {
            s.merge_range(1, 3, 1, last_col, "分项得分", &f).unwrap();
        } else {
            s.write_string(1, 3, "分项得分").unwrap();
        }
        for (i, (name, _)) in self_scores.iter().enumerate() {
            s.write_string(2, 3 + i as u16, *name).unwrap();
        }
    }
    for (i, (name, total)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        s.write_number(r, 0, (i + 1) as f64).unwrap();
        s.write_string(r, 1, *name).unwrap();
        s.write_number(r, 2, *total).unwrap();
        if name.contains("青溪") {
            for (j, (_, score)) in self_scores.iter().enumerate() {
                s.write_number(r, 3 + j as u16, *score).unwrap();
            }
        }
    }
    s.write_string(3 + rows.len() as u32 + 1, 1, "注：总分保留两位小数。")
        .unwrap();
    wb.save(path).unwrap();
}

/// Every peer of the example, some written without 学习局 or without 市.
fn peers(ws: &Ws) -> Vec<(String, f64)> {
    let w = ws.workspace();
    w.peers()
        .values()
        .enumerate()
        .map(|(i, p)| {
            let name = match i % 3 {
                0 => p.name.clone(),
                1 => p.name.trim_end_matches("学习局").to_string(),
                _ => p
                    .name
                    .trim_end_matches("学习局")
                    .trim_end_matches('市')
                    .to_string(),
            };
            (name, 80.0 + i as f64 + 0.25)
        })
        .collect()
}

#[test]
fn a_published_table_with_merged_headers_and_name_variants() {
    let ws = Ws::example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("省通报.xlsx");
    let names = peers(&ws);
    let rows: Vec<(&str, f64)> = names.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    // K01's name from indicators.yaml, K02 by its code.
    let k01 = ws.workspace().indicators()["K01"].name.clone();
    table(&file, &rows, &[(k01.as_str(), 7.9), ("K02", 5.5)]);

    // A new month: written at once.
    let o = kpibrief(&ws)
        .args(["import-month", "2026-07"])
        .arg(&file)
        .args(["--published", "2026-08-10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("21 bureaus ranked, 2 indicator scores"),
        "{err}"
    );
    let w = ws.workspace();
    let m = &w.months()[&"2026-07".parse().unwrap()];
    assert_eq!(m.published.to_string(), "2026-08-10");
    assert_eq!(m.ranking.len(), 21);
    assert_eq!(m.ranking["city-01"].to_string(), "80.25");
    assert_eq!(m.ranking["city-07"].to_string(), "86.25");
    assert_eq!(m.indicators["K01"].score.to_string(), "7.9");
    assert_eq!(m.indicators["K02"].score.to_string(), "5.5");
}

#[test]
fn an_existing_month_keeps_its_meeting_and_notes_and_needs_write() {
    let ws = Ws::example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("6月.xlsx");
    let names = peers(&ws);
    let rows: Vec<(&str, f64)> = names.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    table(&file, &rows, &[]);
    let before = ws.read("monthly/2026-06.yaml");
    let args = |write: bool| {
        let mut c = kpibrief(&ws);
        c.args(["import-month", "2026-06"])
            .arg(&file)
            .args(["--published", "2026-07-10"]);
        if write {
            c.arg("--write");
        }
        c.output().unwrap()
    };
    let o = args(false);
    assert!(o.status.success());
    assert_eq!(ws.read("monthly/2026-06.yaml"), before);
    let o = args(true);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ws.read("monthly/.history/2026-06.1.yaml"), before);
    let old = Ws::example().workspace();
    let new = ws.workspace();
    let month = "2026-06".parse().unwrap();
    let (a, b) = (&old.months()[&month], &new.months()[&month]);
    assert_eq!(b.meeting, a.meeting);
    assert_eq!(
        b.notes.as_ref().map(|t| &t.text),
        a.notes.as_ref().map(|t| &t.text)
    );
    assert_eq!(
        b.next_steps.as_ref().map(|t| &t.text),
        a.next_steps.as_ref().map(|t| &t.text)
    );
    assert_eq!(b.units, a.units);
    assert_eq!(
        b.indicators, a.indicators,
        "no indicator columns: the scores are kept"
    );
    assert_eq!(b.ranking["city-02"].to_string(), "81.25");
}

#[test]
fn an_unknown_name_is_an_error_at_its_cell_with_a_did_you_mean() {
    let ws = Ws::example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.xlsx");
    let mut names = peers(&ws);
    names[1].0 = "临西市".into(); // 临溪市学习局, mistyped
    let rows: Vec<(&str, f64)> = names.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    table(&file, &rows, &[]);
    let o = kpibrief(&ws)
        .args(["import-month", "2026-07"])
        .arg(&file)
        .args(["--published", "2026-08-10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown bureau `临西市`"), "{err}");
    assert!(
        err.contains(&format!("--> {}: 6月考核结果!B5", file.display())),
        "{err}"
    );
    assert!(err.contains("did you mean `临溪市学习局`?"), "{err}");
    assert!(!ws.path().join("monthly/2026-07.yaml").exists());
}

#[test]
fn a_gbk_csv_table_with_a_title_row() {
    let ws = Ws::example();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("全省学习系统2026年7月考核结果,,\r\n地区,综合得分,排名\r\n");
    for (i, (name, score)) in peers(&ws).iter().enumerate() {
        text.push_str(&format!("{name},{score},{}\r\n", i + 1));
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let file = dir.path().join("7月.csv");
    std::fs::write(&file, &bytes).unwrap();
    let o = kpibrief(&ws)
        .args(["import-month", "2026-07"])
        .arg(&file)
        .args(["--published", "2026-08-10"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let w = ws.workspace();
    let m = &w.months()[&"2026-07".parse().unwrap()];
    assert_eq!(m.ranking["city-03"].to_string(), "82.25");
    // No indicator columns in the table, no month file before: no indicator scores.
    assert!(m.indicators.is_empty());
}
