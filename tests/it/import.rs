//! `kpibrief import`: returned forms, filled the way people fill them,
//! back into the week's file; every problem at its file, sheet and cell;
//! the merge never loses what is there.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::forms::{book, forms, kpibrief};
use crate::util::Ws;

fn run(ws: &Ws, args: &[&str], files: &[PathBuf]) -> Output {
    kpibrief(ws).args(args).args(files).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fill cells of a form with another program (umya-spreadsheet), as a
/// person in Excel or WPS would: values typed as text or numbers.
fn fill(form: &Path, to: &Path, cells: &[(&str, &str, Typed)]) {
    let mut book = umya_spreadsheet::reader::xlsx::read(form).unwrap();
    for (sheet, cell, value) in cells {
        let c = book.sheet_by_name_mut(sheet).unwrap().cell_mut(*cell);
        match value {
            Typed::Number(n) => c.set_value_number(*n),
            Typed::Text(t) => c.set_value_string(*t),
        };
    }
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    umya_spreadsheet::writer::xlsx::write(&book, to).unwrap();
}

#[derive(Clone, Copy)]
enum Typed {
    Number(f64),
    Text(&'static str),
}
use Typed::{Number, Text};

/// The rows of a form's 填报 sheet as a GBK CSV, as WPS saves it, with 本周进度 filled.
fn gbk_csv(form: &Path, progress: &[&str]) -> Vec<u8> {
    let b = book(form);
    let sheet = b.sheet("填报").unwrap();
    let mut text = String::new();
    for (i, row) in sheet.rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(|c| c.text()).collect();
        cells.resize(8, String::new());
        if i > 0 {
            cells[5] = progress.get(i - 1).copied().unwrap_or("").to_string();
        }
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    bytes.into_owned()
}

fn json(ws: &Ws, week: &str) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let o = kpibrief(ws)
        .args(["weekly", week, "--format", "json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.path().join(format!("weekly/{week}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn task<'a>(j: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    j["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

fn ids(form: &Path) -> Vec<String> {
    let b = book(form);
    b.sheet("填报").unwrap().rows[1..]
        .iter()
        .map(|r| r[0].text())
        .collect()
}

#[test]
fn round_trip_forms_filled_returned_imported_and_built() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let form_of = |unit: &str| {
        files
            .iter()
            .find(|f| {
                f.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{unit} "))
            })
            .unwrap()
            .clone()
    };
    let returns = tempfile::tempdir().unwrap();
    let r = returns.path();

    // 北塘区: typed as people type, the file renamed.
    let beitang = form_of("beitang");
    let bt = ids(&beitang);
    assert!(bt.len() >= 2, "{bt:?}");
    let renamed = r.join("北塘区第27周（已填）.xlsx");
    let mut cells = vec![
        ("填报", "F2", Text("65 %")),
        ("填报", "G2", Text("受阻")),
        ("填报", "H2", Text("场地协调中")),
        ("填报", "F3", Text("７０")),
        ("风险", "A2", Text("高")),
        ("风险", "C2", Text("学位缺口仍有约200个")),
    ];
    if bt.len() > 2 {
        cells.push(("填报", "F4", Number(0.8)));
    }
    fill(&beitang, &renamed, &cells);

    // 办公室: numbers; its third row (if any) left blank.
    let office = form_of("office");
    let of = ids(&office);
    fill(
        &office,
        &r.join("office.xlsx"),
        &[("填报", "F2", Number(60.0)), ("填报", "F3", Text("100%"))],
    );

    // 南岭区: a GBK CSV (as WPS saves "CSV"), no hidden record: known by its 编号s.
    let nanling = form_of("nanling");
    let nl = ids(&nanling);
    let progress: Vec<&str> = ["55%", "0.9", "40"]
        .iter()
        .copied()
        .take(nl.len())
        .collect();
    std::fs::write(r.join("南岭.csv"), gbk_csv(&nanling, &progress)).unwrap();

    // Every other unit never answers.
    let o = run(
        &ws,
        &["import", "2026-W27"],
        &[renamed.clone(), r.join("office.xlsx"), r.join("南岭.csv")],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("created"), "{err}");
    assert!(err.contains("未报送 东湖区"), "{err}");
    assert!(err.contains("单位负责人 彭国庆，分管领导 张志远"), "{err}");
    assert!(
        ws.check().checked.workspace.is_some(),
        "{}",
        ws.check().text
    );

    let j = json(&ws, "2026-W27");
    assert_eq!(task(&j, &bt[0])["progress"], 0.65);
    assert_eq!(task(&j, &bt[0])["status"], "blocked");
    assert_eq!(task(&j, &bt[1])["progress"], 0.7);
    if bt.len() > 2 {
        assert_eq!(task(&j, &bt[2])["progress"], 0.8);
    }
    assert_eq!(task(&j, &of[0])["progress"], 0.6);
    assert_eq!(task(&j, &of[1])["status"], "done");
    for (id, p) in nl.iter().zip([0.55, 0.9, 0.4]) {
        assert_eq!(task(&j, id)["progress"], p, "{id}");
    }
    // The silent unit's tasks are 未报送 (an overdue one stays 逾期: that rule comes first).
    let silent: Vec<String> = files
        .iter()
        .filter(|f| {
            !["beitang ", "office ", "nanling "]
                .iter()
                .any(|u| f.file_name().unwrap().to_string_lossy().starts_with(u))
        })
        .flat_map(|f| ids(f))
        .collect();
    assert!(silent.len() > 5);
    for id in &silent {
        let t = task(&j, id);
        assert!(t["reported_in"] != "2026-W27", "{id}: {t}");
        assert!(
            t["status"] == "not_reported" || t["status"] == "overdue",
            "{id}: {t}"
        );
    }
    assert!(
        silent
            .iter()
            .any(|id| task(&j, id)["status"] == "not_reported")
    );
    let yaml = ws.read("weekly/2026-W27.yaml");
    assert!(yaml.contains("学位缺口仍有约200个"), "{yaml}");
    assert!(yaml.contains("note: \"场地协调中\""), "{yaml}");
}

#[test]
fn forms_saved_by_another_program_keep_their_validations_and_import() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let saved = out.path().join("resaved.xlsx");
    fill(&files[0], &saved, &[("填报", "F2", Number(50.0))]);
    let again = umya_spreadsheet::reader::xlsx::read(&saved).unwrap();
    let dv = again
        .sheet_by_name("填报")
        .unwrap()
        .data_validations()
        .map_or(0, |d| d.data_validation_list().len());
    assert_eq!(dv, 2, "the drop-down and the 0–100 rule survive");
    let o = run(&ws, &["import", "2026-W27"], &[saved]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = &ids(&files[0])[0];
    assert_eq!(task(&json(&ws, "2026-W27"), first)["progress"], 0.5);
}

#[test]
fn every_problem_names_the_file_sheet_and_cell_and_nothing_is_written() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    // The unit with the most tasks (three at least).
    let form = files.iter().max_by_key(|f| ids(f).len()).unwrap();
    let unit = form
        .file_name()
        .unwrap()
        .to_string_lossy()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let r = tempfile::tempdir().unwrap();
    let bad = r.path().join("北塘区.xlsx");
    assert!(ids(form).len() >= 3);
    fill(
        form,
        &bad,
        &[
            ("填报", "F2", Text("六十")),
            ("填报", "F3", Number(120.0)),
            ("填报", "G3", Text("完成")),
            ("填报", "A4", Text("T999")),
            ("风险", "A2", Text("很高")),
            ("风险", "C2", Text("某风险")),
        ],
    );
    let o = run(&ws, &["import", "2026-W27"], std::slice::from_ref(&bad));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let shown = bad.display().to_string();
    assert!(err.contains(&format!("--> {shown}: 填报!F2")), "{err}");
    assert!(err.contains("found: 六十"), "{err}");
    assert!(
        err.contains("expected: a percentage from 0 to 100"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> {shown}: 填报!F3")) && err.contains("above 100%"),
        "{err}"
    );
    assert!(
        err.contains("unknown task `T999`") && err.contains(&format!("{shown}: 填报!A4")),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> {shown}: 填报!G3")) && err.contains("found: 完成"),
        "{err}"
    );
    assert!(
        err.contains("unknown risk 等级") && err.contains(&format!("--> {shown}: 风险!A2")),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!ws.path().join("weekly/2026-W27.yaml").exists());

    // A form for another week, the same task twice, a file that is no form.
    let w28 = tempfile::tempdir().unwrap();
    let next = forms(&ws, "2026-W28", w28.path());
    let other_week = next
        .iter()
        .find(|f| f.to_string_lossy().contains(&unit))
        .unwrap();
    let copy = r.path().join("copy.xlsx");
    fill(form, &copy, &[("填报", "F2", Number(50.0))]);
    let twice = r.path().join("twice.xlsx");
    fill(form, &twice, &[("填报", "F2", Number(55.0))]);
    let not_form = r.path().join("名单.csv");
    std::fs::write(&not_form, "姓名,电话\n张三,123\n").unwrap();
    let o = run(
        &ws,
        &["import", "2026-W27"],
        &[
            copy.clone(),
            twice.clone(),
            other_week.clone(),
            not_form.clone(),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is the form of another week"), "{err}");
    assert!(
        err.contains(&format!("{}: kpibrief!B3", other_week.display())),
        "{err}"
    );
    assert!(
        err.contains("found: 2026-W28") && err.contains("expected: 2026-W27"),
        "{err}"
    );
    assert!(
        err.contains("is reported twice")
            && err.contains(&format!("also at: {}: 填报!A2", copy.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{} is not a kpibrief form", not_form.display())),
        "{err}"
    );
    assert!(!ws.path().join("weekly/2026-W27.yaml").exists());
}

#[test]
fn a_task_of_another_unit_and_progress_going_back() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let form = files
        .iter()
        .find(|f| f.to_string_lossy().contains("beitang"))
        .unwrap();
    let office = files
        .iter()
        .find(|f| f.to_string_lossy().contains("office"))
        .unwrap();
    let office_task = ids(office)[0].clone();
    let r = tempfile::tempdir().unwrap();
    let csv = r.path().join("beitang.csv");
    let mut text = String::from_utf8(gbk_to_utf8(&gbk_csv(form, &["1%"]))).unwrap();
    text.push_str(&format!("{office_task},x,x,x,x,50,,\r\n"));
    std::fs::write(&csv, format!("\u{feff}{text}")).unwrap();
    let o = run(&ws, &["import", "2026-W27"], std::slice::from_ref(&csv));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let rows = ids(form).len();
    assert!(
        err.contains(&format!(
            "task {office_task} belongs to 办公室, not to 北塘区"
        )) && err.contains(&format!("{}: A{}", csv.display(), rows + 2)),
        "{err}"
    );
    // 1% is below last week's figure: a warning at the cell, not an error.
    assert!(
        err.contains("went back") && err.contains(&format!("{}: F2", csv.display())),
        "{err}"
    );
}

fn gbk_to_utf8(bytes: &[u8]) -> Vec<u8> {
    encoding_rs::GBK.decode(bytes).0.into_owned().into_bytes()
}

#[test]
fn merge_keeps_other_units_shows_changes_and_writes_only_with_write() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let form = files
        .iter()
        .find(|f| f.to_string_lossy().contains("beitang"))
        .unwrap();
    let office = files
        .iter()
        .find(|f| f.to_string_lossy().contains("office"))
        .unwrap();
    let (bt, of) = (ids(form), ids(office));
    let hand = format!(
        "week: 2026-W27\nreported: 2026-07-03\nupdates:\n  - task: {}\n    progress: 61%\n    note: 手工录入\n  - task: {}\n    progress: 30%\nrisks:\n  - {{ unit: office, level: low, text: 办公室的风险 }}\n  - {{ unit: beitang, level: low, text: 旧风险 }}\nrequirements: |\n  1. 下周要求\n",
        of[0], bt[0]
    );
    ws.write("weekly/2026-W27.yaml", &hand);
    let r = tempfile::tempdir().unwrap();
    let filled = r.path().join("b.xlsx");
    fill(form, &filled, &[("填报", "F2", Number(45.0))]);

    let o = run(&ws, &["import", "2026-W27"], std::slice::from_ref(&filled));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("{} ", bt[0])) && err.contains("30% → 45%"),
        "{err}"
    );
    assert!(err.contains("--write"), "{err}");
    assert_eq!(
        ws.read("weekly/2026-W27.yaml"),
        hand,
        "nothing written without --write"
    );

    let o = run(
        &ws,
        &["import", "2026-W27", "--write"],
        std::slice::from_ref(&filled),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        ws.read("weekly/.history/2026-W27.1.yaml"),
        hand,
        "the old file kept whole"
    );
    let new = ws.read("weekly/2026-W27.yaml");
    assert!(
        new.contains("手工录入") && new.contains("61%"),
        "other units kept: {new}"
    );
    assert!(
        new.contains("办公室的风险") && !new.contains("旧风险"),
        "{new}"
    );
    assert!(new.contains("下周要求"), "{new}");
    let j = json(&ws, "2026-W27");
    assert_eq!(task(&j, &bt[0])["progress"], 0.45);
    assert_eq!(task(&j, &of[0])["progress"], 0.61);

    // The loader ignores the history folder: not read, not even warned about.
    let c = ws.check();
    c.assert_ok();
    assert!(!c.text.contains(".history"), "{}", c.text);
    assert!(
        c.checked
            .files
            .iter()
            .all(|(_, f)| !f.rel.contains(".history"))
    );
    // Importing the same again changes nothing and keeps no second copy.
    let o = run(&ws, &["import", "2026-W27", "--write"], &[filled]);
    assert!(stderr(&o).contains("nothing to write"), "{}", stderr(&o));
    assert!(!ws.path().join("weekly/.history/2026-W27.2.yaml").exists());
}

/// The 北塘区 form of 2026-W27, filled (本周进度 65 and ７０％, 状态 受阻) and
/// saved by LibreOffice Calc as .ods and as .xls (Excel 97–2003): the
/// hidden record survives, so the files import under names that say nothing.
#[test]
fn ods_and_xls_saved_by_libreoffice_import() {
    for ext in ["ods", "xls"] {
        let ws = Ws::example();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "tests/fixtures/exchange/beitang-2026-W27-libreoffice.{ext}"
        ));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("returned.{ext}"));
        std::fs::copy(&fixture, &file).unwrap();
        let o = run(&ws, &["import", "2026-W27"], &[file]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        assert!(stderr(&o).contains("已报送 北塘区：2 项"), "{}", stderr(&o));
        let j = json(&ws, "2026-W27");
        assert_eq!(task(&j, "T043")["progress"], 0.65, "{ext}");
        assert_eq!(task(&j, "T044")["progress"], 0.7, "{ext}");
        assert_eq!(task(&j, "T044")["status"], "blocked", "{ext}");
    }
}

#[test]
fn a_form_of_another_workspace_is_refused_at_its_record() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let files = forms(&ws, "2026-W27", out.path());
    let org = ws.workspace().config().organization.clone();
    ws.edit("config.yaml", &org, "白石市学习局");
    let o = run(&ws, &["import", "2026-W27"], &files[..1]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is a form of another workspace"), "{err}");
    assert!(
        err.contains(&format!("{}: kpibrief!B2", files[0].display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("found: {org}")) && err.contains("expected: 白石市学习局"),
        "{err}"
    );
}
