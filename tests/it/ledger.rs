//! `weekly --format xlsx`: the 台账, read back as a user opens it.

use crate::forms::{book, kpibrief, sheet_xml};
use crate::util::Ws;

#[test]
fn the_ledger_lists_every_task_and_every_warning_with_its_chain() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let o = kpibrief(&ws)
        .args(["weekly", "2026-W26", "--format", "xlsx,json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = out.path().join("weekly/2026-W26.xlsx");
    let j: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("weekly/2026-W26.json")).unwrap(),
    )
    .unwrap();
    let b = book(&path);
    let ledger = b.sheet("台账").unwrap();
    assert_eq!(
        ledger.rows[0].iter().map(|c| c.text()).collect::<Vec<_>>(),
        [
            "编号",
            "任务",
            "责任单位",
            "责任人",
            "分管领导",
            "完成时限",
            "进度",
            "序时进度",
            "状态",
            "预警",
            "情况说明"
        ]
    );
    let tasks = j["tasks"].as_array().unwrap();
    assert_eq!(ledger.rows.len() - 1, tasks.len());
    let row = |id: &str| {
        ledger.rows[1..]
            .iter()
            .find(|r| r[0].text() == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    // T010 (政策法规科, 何东, under 张志远): 95% reported, with its note.
    let t010 = row("T010");
    assert_eq!(t010[2].text(), "政策法规科");
    assert_eq!(t010[3].text(), "何东");
    assert_eq!(t010[4].text(), "张志远");
    assert_eq!(t010[6].text(), "0.95");
    assert_eq!(t010[10].text(), "已实地抽查4个单位，评估报告撰写中");
    // Each task's status word and warning word, beside its colour.
    for t in tasks {
        let r = row(t["id"].as_str().unwrap());
        let expected = j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["task"] == t["id"])
            .map_or("", |w| {
                if w["level"] == "red" {
                    "红色预警"
                } else {
                    "黄色预警"
                }
            });
        assert_eq!(r[9].text(), expected, "{}", t["id"]);
    }
    let warnings = b.sheet("预警").unwrap();
    let ws_json = j["warnings"].as_array().unwrap();
    assert_eq!(warnings.rows.len() - 1, ws_json.len());
    let first = &ws_json[0];
    let r = &warnings.rows[1];
    assert_eq!(r[1].text(), first["task"].as_str().unwrap());
    assert_eq!(r[3].text(), first["reason"].as_str().unwrap());
    assert_eq!(r[7].text(), first["chain"]["leader_name"].as_str().unwrap());

    // Filters, frozen header, A4 landscape; red fill on a red status.
    let xml = sheet_xml(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<autoFilter"), "{xml}");
    assert!(xml.contains(r#"<pane ySplit="1""#));
    assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="landscape""#));
    assert!(sheet_xml(&path, "xl/styles.xml").contains("FFFFC7CE"));

    // In the manifest like every output, and the same bytes when built again.
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("weekly/2026-W26.xlsx"), "{manifest}");
    let again = tempfile::tempdir().unwrap();
    let o = kpibrief(&ws)
        .args(["weekly", "2026-W26", "--format", "xlsx", "--out"])
        .arg(again.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.path().join("weekly/2026-W26.xlsx")).unwrap()
    );
}

#[test]
fn a_month_has_no_ledger() {
    let ws = Ws::example();
    let out = tempfile::tempdir().unwrap();
    let o = kpibrief(&ws)
        .args(["monthly", "2026-06", "--format", "xlsx", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.path().join("monthly/2026-06.xlsx").exists());
}
