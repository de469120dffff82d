//! The documents: Markdown and Typst snapshots of the example workspace,
//! the figures and warnings read back out of the PDF, reproducible bytes,
//! PDF/A, fonts, and hostile text from the data.

use std::process::Command;
use std::sync::LazyLock;

use kpibrief::analysis;
use kpibrief::build::produce::{self, Env, Format, Period, Produced};
use kpibrief::model::Workspace;
use kpibrief::render::Templates;

use crate::util::{Ws, example_dir};

/// One environment for every test, as in the CLI: the font book is built once.
pub(crate) static ENV: LazyLock<Env> = LazyLock::new(|| {
    Env::new(
        Templates::load(None).expect("the built-in templates load"),
        kpibrief::typeset::roles::typesetter(&example_dir(), false),
    )
});

pub(crate) static EXAMPLE: LazyLock<Workspace> = LazyLock::new(|| {
    kpibrief::check::open(&example_dir())
        .workspace
        .expect("the example workspace is valid")
});

pub(crate) fn produce(ws: &Workspace, period: Period, formats: &[Format]) -> Produced {
    produce::produce(ws, period, formats, &ENV).unwrap_or_else(|e| panic!("{period}: {e}"))
}

pub(crate) fn output<'a>(p: &'a Produced, ext: &str) -> &'a [u8] {
    &p.outputs
        .iter()
        // The document comes first, before the files beside it.
        .find(|o| o.format.extension() == ext)
        .unwrap_or_else(|| panic!("no .{ext} output"))
        .bytes
}

/// The text of a PDF as pdftotext reads it, with all white space (and the
/// zero-width spaces kpibrief adds to break long runs) removed, so that
/// line wrapping does not matter.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        // Content-stream order keeps each table cell's text together.
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    squash(&String::from_utf8_lossy(&out.stdout))
}

pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect()
}

/// Snapshots `<name>.md` and `<name>.typ` of a produced briefing.
fn snapshot_md_and_typ(p: &Produced, name: &str) {
    for ext in ["md", "typ"] {
        insta::assert_snapshot!(
            format!("{name}.{ext}"),
            String::from_utf8_lossy(output(p, ext))
        );
    }
}

/// One week and one month are kept as snapshots of each format (they show a
/// template change in review); every other period is rendered and checked
/// for what a reader relies on.
#[test]
fn markdown_and_typst_of_the_example() {
    for week in EXAMPLE.weeks().keys() {
        let p = produce(&EXAMPLE, Period::Week(*week), &[Format::Md, Format::Typ]);
        if week.to_string() == "2026-W14" {
            snapshot_md_and_typ(&p, &format!("weekly-{week}"));
        }
        let md = String::from_utf8_lossy(output(&p, "md")).into_owned();
        let title = format!(
            "# 关于{}年第{}周目标绩效考核工作进展情况的通报",
            week.year(),
            week.number()
        );
        assert!(md.trim_start().starts_with(&title), "{week}: {md:.80}");
        assert!(
            md.trim_end().ends_with("印发"),
            "{week}: the 版记 closes the bulletin"
        );
    }
    for month in EXAMPLE.months().keys() {
        let p = produce(&EXAMPLE, Period::Month(*month), &[Format::Md, Format::Typ]);
        if month.to_string() == "2026-06" {
            snapshot_md_and_typ(&p, &format!("monthly-{month}"));
        }
        // The charts beside the Markdown are PNG drawn by typst (mail
        // clients drop SVG), each with its figures in the alt text.
        let pngs: Vec<_> = p
            .outputs
            .iter()
            .filter(|o| o.rel.ends_with(".png"))
            .collect();
        assert_eq!(pngs.len(), 3);
        assert!(pngs.iter().all(|s| s.bytes.starts_with(b"\x89PNG\r\n")));
        assert!(!p.outputs.iter().any(|o| o.rel.ends_with(".svg")));
        let md = String::from_utf8_lossy(output(&p, "md")).into_owned();
        for chart in ["trend", "rates", "units"] {
            assert!(
                md.contains(&format!("]({month}-{chart}.png)")),
                "{month}: {chart}"
            );
        }
        if month.to_string() == "2026-06" {
            // Hand-checked against data/monthly/2026-06.yaml: rank 6, 92.3 points.
            assert!(md.contains("![我局总分、名次及各梯队入围线走势：我局1月第6名84.30分，"));
            assert!(md.contains("6月第6名92.30分；第一序列入围线：1月83.85分，"));
            assert!(md.contains("（须说明），南岭区 85.00分（须说明）。](2026-06-units.png)"));
        }
        // The Typst source reads its charts' data from the JSON file beside it.
        let data = p
            .outputs
            .iter()
            .find(|o| o.rel == format!("monthly/{month}-charts.json"))
            .expect("the charts' data beside the .typ");
        let data: serde_json::Value = serde_json::from_slice(&data.bytes).unwrap();
        assert_eq!(data["trend"]["peers"], 21);
        let typ = String::from_utf8_lossy(output(&p, "typ")).into_owned();
        assert!(typ.contains(&format!("json(\"{month}-charts.json\").trend")));
    }
}

#[test]
fn weekly_pdf_holds_the_figures_and_warnings() {
    let week = "2026-W14".parse().unwrap();
    let b = analysis::weekly(&EXAMPLE, week).unwrap();
    let p = produce(&EXAMPLE, Period::Week(week), &[Format::Pdf]);
    let text = pdf_text(output(&p, "pdf"));
    // The example's first week with a file is W02 (第1期) and W08 has none,
    // so W14 is the year's 12th bulletin: counted, not the ISO week.
    let issue = kpibrief::view::weekly::issue_number(&EXAMPLE, week);
    assert_eq!(issue, 12);
    for needle in [
        "目标绩效考核工作通报",
        "第12期",
        "关于2026年第14周目标绩效考核工作进展情况的通报",
        "—1—",
        // Expected progress is 序时进度, never 应达.
        "序时进度",
        // The checklist is an attachment after the body.
        "附件：各单位任务推进情况清单",
        "附件1",
    ] {
        assert!(text.contains(needle), "`{needle}` not in the PDF");
    }
    assert!(!b.warnings.is_empty());
    for w in &b.warnings {
        let mark = if w.level == analysis::Level::Red {
            "【红】"
        } else {
            "【黄】"
        };
        assert!(text.contains(mark));
        assert!(
            text.contains(&squash(&w.reason)),
            "reason `{}` not in the PDF",
            w.reason
        );
        assert!(
            text.contains(&squash(&w.title)),
            "task `{}` not in the PDF",
            w.title
        );
        let chain = format!(
            "{}→{}→{}",
            w.chain.owner.as_deref().unwrap(),
            w.chain.head.as_deref().unwrap(),
            w.chain.leader_name
        );
        assert!(text.contains(&chain), "chain `{chain}` not in the PDF");
    }
    assert!(!text.contains("应达"));
    // 解除 counts only warnings that are gone: W14 has one (T041).
    assert_eq!(b.resolved.len(), 1);
    assert!(text.contains("解除1项"));
    let c = &b.counts;
    let counts = format!(
        "{}{}{}{}{}{}{}{}",
        c.get(analysis::weekly::Status::Done),
        c.get(analysis::weekly::Status::OnTrack),
        c.get(analysis::weekly::Status::Behind),
        c.get(analysis::weekly::Status::Overdue),
        c.get(analysis::weekly::Status::Blocked),
        c.get(analysis::weekly::Status::Paused),
        c.get(analysis::weekly::Status::NotReported),
        c.get(analysis::weekly::Status::Upcoming)
    );
    assert!(
        text.contains(&format!("未启动{counts}")),
        "the counts row `{counts}` is not in the PDF"
    );
}

#[test]
fn monthly_pdf_holds_the_figures_and_warnings() {
    let month = "2026-05".parse().unwrap();
    let b = analysis::monthly(&EXAMPLE, month).unwrap();
    let p = produce(&EXAMPLE, Period::Month(month), &[Format::Pdf]);
    let text = pdf_text(output(&p, "pdf"));
    let me = &b.self_standing;
    // May: 85.90, shared with 枫港市学习局 at rank 10.
    assert_eq!(me.tied_with.len(), 1);
    assert!(text.contains(&format!(
        "与{}并列第{}名，处于{}",
        me.tied_with[0].name, me.rank, me.tier
    )));
    assert!(text.contains(&format!(
        "距第一名{}分",
        analysis::fmt_score(me.gap_to_first)
    )));
    // The bureau speaks of itself as 我局, never by its name, in warnings.
    assert!(text.contains("我局仅领先"));
    for w in &b.warnings {
        assert!(
            text.contains(&squash(&w.message))
                || w.kind == analysis::monthly::WarningKind::IndicatorRate,
            "`{}` not in the PDF",
            w.message
        );
    }
    for i in b.indicators.iter().filter(|i| i.level.is_some()) {
        assert!(
            text.contains(&format!("{}{}", i.id, squash(&i.name))),
            "{} not in the PDF",
            i.id
        );
    }
    for r in &b.ranking {
        assert!(text.contains(&squash(&r.name)));
    }
    for u in b.units.iter().filter(|u| u.must_explain) {
        assert!(text.contains(&squash(&u.name)));
    }
    assert!(text.contains("须说明"));
    assert!(text.contains("奖优罚劣建议"));
    assert!(
        text.contains("以下为绩效办提出的建议"),
        "proposals are labelled as proposals"
    );
    for c in &b.charges {
        for i in &c.breakdown {
            let item = format!("{}{}分", squash(&i.name), analysis::fmt_score(i.points));
            assert!(text.contains(&item), "charge `{item}` not in the PDF");
        }
    }
}

#[test]
fn pdfs_are_byte_identical_and_pdf_a() {
    let week = Period::Week("2026-W20".parse().unwrap());
    let first = produce(&EXAMPLE, week, &[Format::Pdf]);
    // A second environment: new templates, new font book, same bytes.
    let env = Env::new(
        Templates::load(None).unwrap(),
        kpibrief::typeset::roles::typesetter(&example_dir(), false),
    );
    let second = produce::produce(&Ws::example().workspace(), week, &[Format::Pdf], &env).unwrap();
    let (a, b) = (output(&first, "pdf"), output(&second, "pdf"));
    assert!(a == b, "two builds of the same data differ");
    let xmp = String::from_utf8_lossy(a);
    // The example attaches its sources: PDF/A-3b (tests/it/records.rs).
    assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(
        xmp.contains("关于2026年第20周目标绩效考核工作进展情况的通报"),
        "title"
    );
    assert!(
        xmp.contains("局目标绩效考核工作领导小组办公室"),
        "author = issuer"
    );
    // The date is the week's reported day, not today.
    let reported = EXAMPLE.weeks()[&"2026-W20".parse().unwrap()].reported;
    assert!(
        xmp.contains(&format!("{reported}T00:00:00")),
        "date from the data"
    );
}

#[test]
fn bundled_fonts_draw_every_character_of_the_example() {
    // The environment uses no system fonts: only the bundled ones.
    let fonts = ENV.typesetter.fonts();
    assert!(
        fonts
            .iter()
            .all(|(_, f)| *f.origin() == kpibrief::typeset::FontOrigin::Bundled)
    );
    let families: Vec<&str> = kpibrief::typeset::roles::FALLBACK.to_vec();
    for (_, file) in EXAMPLE.files().iter() {
        let missing = fonts.missing_chars(&families, &file.text);
        assert!(missing.is_empty(), "{}: no glyph for {missing:?}", file.rel);
    }
    for period in EXAMPLE
        .weeks()
        .keys()
        .map(|w| Period::Week(*w))
        .chain(EXAMPLE.months().keys().map(|m| Period::Month(*m)))
    {
        let p = produce(&EXAMPLE, period, &[Format::Typ]);
        assert!(p.warnings.is_empty(), "{period}: {:?}", p.warnings);
    }
}
