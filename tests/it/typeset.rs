//! Typesetting with the CJK font subsets kpibrief ships (assets/fonts), in
//! process: reproducible PDF/A, no file access, fonts chosen as expected.

use std::sync::LazyLock;

use chrono::NaiveDate;
use kpibrief::typeset::{
    DocumentMeta, FontOrigin, FontSet, Severity, SkipReason, TypesetError, Typesetter,
};

const SERIF: &str = "Noto Serif CJK SC";
const SANS: &str = "Noto Sans CJK SC";

/// One typesetter for every test, as in the CLI: the bundled fonts only.
static TYPESETTER: LazyLock<Typesetter> =
    LazyLock::new(|| Typesetter::new(FontSet::new(kpibrief::typeset::roles::BUNDLED, None, false)));

fn meta() -> DocumentMeta {
    DocumentMeta {
        title: "关于2025年第3周目标绩效考核进展情况的通报".into(),
        author: "市政务服务数据管理局".into(),
        date: NaiveDate::from_ymd_opt(2025, 1, 20).unwrap(),
    }
}

fn chinese_document(body: &str) -> String {
    format!(
        r#"#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, x: 27mm))
#set text(font: ("{SERIF}",), size: 16pt, lang: "zh", region: "cn")
#set par(first-line-indent: (amount: 2em, all: true), leading: 1em)
#align(center, text(font: "{SANS}", size: 22pt)[目标绩效考核周报])
{body}
"#
    )
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn chinese_pdf_is_reproducible() {
    let source = chinese_document(
        "一、总体情况。本周各单位共完成考核指标一百二十三项，完成率百分之九十八。",
    );
    let first = TYPESETTER
        .compile_pdf(source.clone(), &[], &meta())
        .unwrap();
    let second = TYPESETTER.compile_pdf(source, &[], &meta()).unwrap();
    assert!(first.output.starts_with(b"%PDF"));
    assert!(
        first.output == second.output,
        "two runs gave different bytes"
    );
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);

    // The manifest's fonts: the serif body and the sans title, with hashes.
    let families: Vec<&str> = first
        .fonts
        .iter()
        .map(|&id| TYPESETTER.fonts().font(id).family())
        .collect();
    assert!(
        families.contains(&SERIF) && families.contains(&SANS),
        "{families:?}"
    );
    for &id in &first.fonts {
        let hash = TYPESETTER.fonts().font(id).sha256().unwrap();
        assert_eq!(hash.len(), 64);
    }
}

#[test]
fn pdf_is_pdf_a_2b_with_title_author_and_date() {
    let pdf = TYPESETTER
        .compile_pdf(chinese_document("正文。"), &[], &meta())
        .unwrap()
        .output;
    // XMP metadata is written uncompressed.
    let xmp = String::from_utf8_lossy(&pdf);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "no PDF/A conformance"
    );
    assert!(xmp.contains(&meta().title), "no title");
    assert!(xmp.contains(&meta().author), "no author");
    assert!(
        contains(&pdf, "2025-01-20T00:00:00"),
        "no creation date from meta"
    );
}

#[test]
fn documents_date_is_today_and_meta_wins_over_set_document() {
    let source = chinese_document(
        "#set document(title: \"别的标题\", date: datetime(year: 2000, month: 1, day: 1))\n\
         #datetime.today().display()",
    );
    let pdf = TYPESETTER.compile_pdf(source, &[], &meta()).unwrap().output;
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains(&meta().title) && !text.contains("别的标题"));
    assert!(contains(&pdf, "2025-01-20T00:00:00") && !contains(&pdf, "2000-01-01"));
}

#[test]
fn documents_cannot_read_files_or_import_packages() {
    let err = TYPESETTER
        .compile_pdf(r#"#read("/etc/passwd")"#.into(), &[], &meta())
        .unwrap_err();
    let TypesetError::Compile { diagnostics } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].line_col, Some((1, 7)));
    assert!(
        diagnostics[0].message.contains("cannot read files"),
        "{err}"
    );
    assert!(!err.to_string().contains("root:"), "leaked the file: {err}");

    for source in [
        r#"#image("../../etc/hostname")"#,
        r#"#include "other.typ""#,
        r#"#json("/proc/self/environ")"#,
    ] {
        let err = TYPESETTER.compile_svg(source.into(), &[]).unwrap_err();
        assert!(
            matches!(err, TypesetError::Compile { .. }),
            "{source}: {err:?}"
        );
    }

    let err = TYPESETTER
        .compile_pdf(r#"#import "@preview/foo:0.1.0": *"#.into(), &[], &meta())
        .unwrap_err();
    assert!(
        err.to_string().contains("packages are not available"),
        "{err}"
    );
}

#[test]
fn errors_have_positions_hints_and_traces() {
    let err = TYPESETTER
        .compile_svg("= 标题\n\n#let x = 1\n#(x + y)\n".into(), &[])
        .unwrap_err();
    let first = &err.diagnostics()[0];
    assert_eq!(first.line_col, Some((4, 7)));
    assert!(
        first
            .to_string()
            .starts_with("4:7: error: unknown variable: y"),
        "{first}"
    );

    let err = TYPESETTER
        .compile_svg("#let f(x) = x + y\n#f(1)".into(), &[])
        .unwrap_err();
    assert_eq!(err.diagnostics()[0].trace, ["while calling `f` at 2:2"]);

    let err = TYPESETTER
        .compile_svg("#let a = 1\n#let b = 2\n#(a-b)".into(), &[])
        .unwrap_err();
    let hints = &err.diagnostics()[0].hints;
    assert!(
        hints.iter().any(|hint| hint.contains("subtraction")),
        "{hints:?}"
    );
}

#[test]
fn unknown_font_family_is_a_warning() {
    let source = "#set text(font: (\"方正小标宋_GBK\", \"Noto Serif CJK SC\"))\n正文".to_string();
    let typeset = TYPESETTER.compile_pdf(source, &[], &meta()).unwrap();
    let warning = &typeset.warnings[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("unknown font family"), "{warning}");
    assert_eq!(warning.line_col.map(|(line, _)| line), Some(1));
}

#[test]
fn svg_pages() {
    let typeset = TYPESETTER
        .compile_svg(chinese_document("#pagebreak()\n第二页"), &[])
        .unwrap();
    assert_eq!(typeset.output.len(), 2);
    assert!(typeset.output.iter().all(|svg| svg.starts_with("<svg")));
}

#[test]
fn svg_has_no_date() {
    let err = TYPESETTER
        .compile_svg("#datetime.today()".into(), &[])
        .unwrap_err();
    assert!(matches!(err, TypesetError::Compile { .. }), "{err:?}");
}

#[test]
fn missing_chars() {
    let fonts = TYPESETTER.fonts();
    assert_eq!(
        fonts.missing_chars(&[SERIF], "国务院办公厅关于印发《通知》的函，第1号。\n"),
        Vec::<char>::new()
    );
    // Old Italic, a supplementary private-use code point, repeated.
    assert_eq!(
        fonts.missing_chars(&["仿宋_GB2312", SERIF], "甲𐌀乙\u{10FFFD}𐌀"),
        vec!['𐌀', '\u{10FFFD}']
    );
    // No font of the list present: every character is missing.
    assert_eq!(
        fonts.missing_chars(&["楷体_GB2312"], "甲 乙"),
        vec!['甲', '乙']
    );
}

#[test]
fn pdf_a_refuses_a_character_no_font_has() {
    // This is why callers must check `missing_chars` first and warn with the
    // data's file and line: the PDF/A export fails on a blank box.
    let err = TYPESETTER
        .compile_pdf(chinese_document("甲𐌀乙"), &[], &meta())
        .unwrap_err();
    assert!(matches!(err, TypesetError::Export { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("could not be displayed"), "{message}");
}

#[test]
fn selection_and_listing() {
    let fonts = TYPESETTER.fonts();
    let serif = fonts
        .select_first(&["方正小标宋_GBK", "noto serif cjk sc"])
        .unwrap();
    assert_eq!(fonts.font(serif).family(), SERIF);
    assert_eq!(fonts.font(serif).origin(), &FontOrigin::Bundled);
    assert!(
        fonts
            .families()
            .iter()
            .any(|(family, ids)| *family == SANS && !ids.is_empty())
    );
    assert!(fonts.skipped().is_empty(), "{:?}", fonts.skipped());
}

#[test]
fn documents_compile_in_parallel() {
    let sources: Vec<String> = (1..=4)
        .map(|i| chinese_document(&format!("第{i}份文件。")))
        .collect();
    let sequential: Vec<Vec<u8>> = sources
        .iter()
        .map(|s| {
            TYPESETTER
                .compile_pdf(s.clone(), &[], &meta())
                .unwrap()
                .output
        })
        .collect();
    let parallel: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .iter()
            .map(|s| {
                scope.spawn(|| {
                    TYPESETTER
                        .compile_pdf(s.clone(), &[], &meta())
                        .unwrap()
                        .output
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(sequential == parallel);
}

/// Workspace fonts come first and fonts whose licence forbids embedding are
/// skipped: a copy of a real font with its OS/2 fsType set to 2.
#[test]
fn workspace_fonts_and_restricted_licences() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("font.otf");
    let mut data = kpibrief::typeset::roles::BUNDLED[0].to_vec();

    set_fs_type(&mut data, 0x0002);
    std::fs::write(&copy, &data).unwrap();
    let fonts = FontSet::new(&[], Some(dir.path()), false);
    assert!(fonts.is_empty(), "a restricted font was kept");
    assert!(!fonts.skipped().is_empty());
    for skipped in fonts.skipped() {
        assert_eq!(
            skipped.reason,
            SkipReason::EmbeddingForbidden { fs_type: 2 }
        );
        assert!(
            skipped.to_string().contains("forbids embedding"),
            "{skipped}"
        );
    }

    // The same font, unrestricted, in the workspace beats the bundled copy.
    set_fs_type(&mut data, 0x0000);
    std::fs::write(&copy, &data).unwrap();
    let fonts = FontSet::new(
        &kpibrief::typeset::roles::BUNDLED[..1],
        Some(dir.path()),
        false,
    );
    assert!(fonts.skipped().is_empty());
    let family = fonts.iter().next().unwrap().1.family().to_string();
    let chosen = fonts.font(fonts.select_first(&[&family]).unwrap());
    assert!(
        matches!(chosen.origin(), FontOrigin::Workspace(path) if path.ends_with(copy.file_name().unwrap()))
    );
    let bundled = fonts
        .iter()
        .filter(|(_, f)| f.family() == family && f.origin() == &FontOrigin::Bundled);
    assert!(bundled.count() >= 1, "the bundled copy is listed too");
}

/// Sets the OS/2 fsType of every face of a font file or collection.
fn set_fs_type(data: &mut [u8], fs_type: u16) {
    let be32 =
        |data: &[u8], at: usize| u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
    let faces: Vec<usize> = if &data[..4] == b"ttcf" {
        (0..be32(data, 8)).map(|i| be32(data, 12 + 4 * i)).collect()
    } else {
        vec![0]
    };
    for face in faces {
        let tables = u16::from_be_bytes([data[face + 4], data[face + 5]]) as usize;
        let record = (0..tables)
            .map(|i| face + 12 + 16 * i)
            .find(|&r| &data[r..r + 4] == b"OS/2")
            .unwrap();
        let os2 = be32(data, record + 8);
        data[os2 + 8..os2 + 10].copy_from_slice(&fs_type.to_be_bytes());
    }
}

/// The charts' data reaches a document as a file its World serves from
/// memory: the document reads that file, with integers and floats as typed
/// in the JSON, and still nothing else.
#[test]
fn documents_read_the_data_files_they_are_given_and_no_other() {
    let files = vec![(
        "2026-06-charts.json".to_string(),
        br#"{"n": 92, "x": 85.9, "label": "\"]#read(\"/etc/passwd\")"}"#.to_vec(),
    )];
    let source = "#let d = json(\"2026-06-charts.json\")\n\
                  #assert.eq(d.n, 92)\n#assert.eq(type(d.n), int)\n#assert.eq(d.x, 85.9)\n\
                  #assert.eq(d.label, \"\\\"]#read(\\\"/etc/passwd\\\")\")\n#d.label";
    TYPESETTER
        .compile_svg(source.into(), &files)
        .unwrap_or_else(|e| panic!("{e}"));
    for other in [
        r#"#json("other.json")"#,
        r#"#json("../2026-06-charts.json")"#,
        r#"#read("/etc/passwd")"#,
    ] {
        let err = TYPESETTER.compile_svg(other.into(), &files).unwrap_err();
        assert!(
            matches!(err, TypesetError::Compile { .. }),
            "{other}: {err:?}"
        );
    }
}
