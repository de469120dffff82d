//! The editable DOCX (`shared/spec/docx.md`), read back through a zip reader
//! and its XML: the page and grid of GB/T 9704, the fonts and styles, the
//! footers with their PAGE fields, the tables, the charts, every figure the
//! PDF shows, the same bytes for the same data; and, where LibreOffice is
//! installed (CI installs it), the document as LibreOffice opens it.

use std::io::{Cursor, Read};
use std::process::Command;

use kpibrief::build::produce::{Format, Period};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::documents::{EXAMPLE, output, pdf_text, produce, squash};

fn week(s: &str) -> Period {
    Period::Week(s.parse().unwrap())
}

fn month(s: &str) -> Period {
    Period::Month(s.parse().unwrap())
}

fn docx(period: Period) -> Vec<u8> {
    output(&produce(&EXAMPLE, period, &[Format::Docx]), "docx").to_vec()
}

/// One part of the package, as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a DOCX is a zip");
    let mut file = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut s = String::new();
    file.read_to_string(&mut s).unwrap();
    s
}

fn names(docx: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    zip.file_names().map(str::to_string).collect()
}

/// The text of the `w:t` runs of a part, in order; paragraphs end in '\n'.
fn text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push('\n'),
            Event::Text(t) if in_t => out.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_t => out.push_str(match &r[..] {
                b"amp" => "&",
                b"lt" => "<",
                b"gt" => ">",
                b"quot" => "\"",
                _ => "'",
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The attribute `name` of every element `tag` in a part.
fn attrs(xml: &str, tag: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag.as_bytes() => {
                if let Some(a) = e.try_get_attribute(name).unwrap() {
                    out.push(String::from_utf8_lossy(&a.value).into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The XML of each element `tag` (outermost), e.g. every `w:tbl`.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let from = &rest[i..];
        let Some(j) = from.find(&close) else { break };
        out.push(&from[..j + close.len()]);
        rest = &from[j + close.len()..];
    }
    out
}

#[test]
fn page_geometry_grid_and_alternating_footers() {
    let d = docx(week("2026-W26"));
    let doc = part(&d, "word/document.xml");
    // A4; 37 / 35 / 28 / 26 mm in twips (1 mm = 56.69 twips).
    assert_eq!(attrs(&doc, "w:pgSz", "w:w"), ["11906"]);
    assert_eq!(attrs(&doc, "w:pgSz", "w:h"), ["16838"]);
    assert_eq!(attrs(&doc, "w:pgMar", "w:top"), ["2098"]);
    assert_eq!(attrs(&doc, "w:pgMar", "w:bottom"), ["1984"]);
    assert_eq!(attrs(&doc, "w:pgMar", "w:left"), ["1587"]);
    assert_eq!(attrs(&doc, "w:pgMar", "w:right"), ["1474"]);
    // 22 lines in the 225 mm text block: 12756 twips ÷ 22 = 579.8.
    assert_eq!(attrs(&doc, "w:docGrid", "w:type"), ["lines"]);
    assert_eq!(attrs(&doc, "w:docGrid", "w:linePitch"), ["579"]);
    // An odd (default) and an even footer, switched on in the settings.
    let kinds = attrs(&doc, "w:footerReference", "w:type");
    assert_eq!(kinds, ["default", "even"]);
    assert!(part(&d, "word/settings.xml").contains("<w:evenAndOddHeaders"));
    let rels = part(&d, "word/_rels/document.xml.rels");
    for (n, side) in [(1, "right"), (2, "left")] {
        let footer = part(&d, &format!("word/footer{n}.xml"));
        assert!(rels.contains(&format!("footer{n}.xml")));
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert_eq!(
            attrs(&footer, "w:fldChar", "w:fldCharType"),
            ["begin", "separate", "end"]
        );
        assert_eq!(text(&footer), "— 1 —\n");
        assert_eq!(attrs(&footer, "w:jc", "w:val"), [side]);
        // 宋体 四号, one character (14 pt = 280 twips) in from the edge.
        assert!(
            attrs(&footer, "w:rFonts", "w:eastAsia")
                .iter()
                .all(|f| f == "宋体")
        );
        assert!(attrs(&footer, "w:sz", "w:val").iter().all(|s| s == "28"));
        assert_eq!(attrs(&footer, "w:ind", &format!("w:{side}")), ["280"]);
    }
}

#[test]
fn styles_fonts_and_numbered_headings() {
    let d = docx(week("2026-W26"));
    let styles = part(&d, "word/styles.xml");
    // One Normal, the default: 仿宋_GB2312 三号 on the grid's line, two characters in.
    assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1);
    assert!(styles.contains("<w:style w:type=\"paragraph\" w:styleId=\"Normal\" w:default=\"1\">"));
    let style = |id: &str| -> String {
        let i = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id}"));
        let end = styles[i..].find("</w:style>").unwrap();
        styles[i..i + end].to_string()
    };
    let normal = style("Normal");
    for want in [
        "w:eastAsia=\"仿宋_GB2312\"",
        "w:ascii=\"Times New Roman\"",
        "<w:sz w:val=\"32\" />",
        "w:firstLine=\"640\"",
        "w:line=\"579\" w:lineRule=\"exact\"",
        "<w:name w:val=\"正文\" />",
        // 28 characters in 156 mm: each drawn 0.25 pt closer than 三号.
        "<w:spacing w:val=\"-5\" />",
    ] {
        assert!(normal.contains(want), "Normal lacks {want}: {normal}");
    }
    for (id, name, font) in [
        ("Heading1", "一级标题", "黑体"),
        ("Heading2", "二级标题", "楷体_GB2312"),
        ("Title", "文件标题", "方正小标宋简体"),
        ("TableText", "表格", "仿宋_GB2312"),
        ("TableHeading", "表头", "黑体"),
        ("Strong", "强调（黑体）", "黑体"),
    ] {
        let s = style(id);
        assert!(
            s.contains(&format!("<w:name w:val=\"{name}\" />")),
            "{id}: {s}"
        );
        assert!(s.contains(&format!("w:eastAsia=\"{font}\"")), "{id}: {s}");
    }
    assert!(style("Heading1").contains("w:firstLine=\"640\""));
    assert!(style("Title").contains("<w:sz w:val=\"44\" />"));
    assert!(style("TableText").contains("<w:sz w:val=\"21\" />"));
    // The official fonts with the names an office machine may have instead.
    let fonts = part(&d, "word/fontTable.xml");
    for (name, alt) in [
        ("仿宋_GB2312", "仿宋"),
        ("黑体", "SimHei"),
        ("楷体_GB2312", "楷体"),
    ] {
        assert!(
            fonts.contains(&format!(
                "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/>"
            )),
            "{fonts}"
        );
    }
    // Headings are numbered by a list (一、 and （一）), not typed.
    let numbering = part(&d, "word/numbering.xml");
    assert!(
        numbering.contains("<w:numFmt w:val=\"chineseCounting\" /><w:lvlText w:val=\"%1、\" />")
    );
    assert!(numbering.contains("<w:lvlText w:val=\"（%2）\" />"));
    let doc = part(&d, "word/document.xml");
    let t = text(&doc);
    for heading in ["总体情况", "预警提醒", "风险点、隐患点"] {
        assert!(t.contains(&format!("\n{heading}\n")), "{heading}");
    }
    assert!(!t.contains("一、"), "typed heading numbers");
    assert_eq!(
        attrs(&doc, "w:pStyle", "w:val")
            .iter()
            .filter(|s| *s == "Heading1")
            .count(),
        attrs(&doc, "w:numId", "w:val")
            .iter()
            .filter(|s| *s == "5")
            .count()
            - attrs(&doc, "w:pStyle", "w:val")
                .iter()
                .filter(|s| *s == "Heading2")
                .count()
    );
}

#[test]
fn tables_repeat_their_header_and_keep_rows_whole() {
    for period in [week("2026-W26"), month("2026-06")] {
        let doc = part(&docx(period), "word/document.xml");
        let tables = elements(&doc, "w:tbl");
        assert!(tables.len() >= 5, "{period}: {} tables", tables.len());
        for t in tables {
            let rows = elements(t, "w:tr");
            assert!(
                rows[0].contains("<w:tblHeader"),
                "{period}: header row {}",
                rows[0]
            );
            assert!(rows[1..].iter().all(|r| !r.contains("<w:tblHeader")));
            assert!(rows.iter().all(|r| r.contains("<w:cantSplit")), "{period}");
            // As wide as the text block, columns fixed.
            assert!(t.contains("<w:tblW w:w=\"8844\" w:type=\"dxa\" />"));
            assert!(t.contains("<w:tblLayout w:type=\"fixed\" />"));
        }
    }
}

#[test]
fn the_handout_embeds_its_three_charts_at_print_resolution() {
    let d = docx(month("2026-06"));
    let media: Vec<String> = names(&d)
        .into_iter()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(media.len(), 3, "{media:?}");
    let doc = part(&d, "word/document.xml");
    let extents = attrs(&doc, "wp:extent", "cx");
    assert_eq!(extents.len(), 3);
    for (name, cx) in media.iter().zip(&extents) {
        let mut zip = zip::ZipArchive::new(Cursor::new(&d[..])).unwrap();
        let mut png = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut png).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
        let width_px = u32::from_be_bytes([png[16], png[17], png[18], png[19]]) as f64;
        let inches = cx.parse::<f64>().unwrap() / 914_400.0;
        // At least 300 dpi as placed, never wider than the 156 mm text block.
        assert!(
            width_px / inches >= 299.0,
            "{name}: {} dpi",
            width_px / inches
        );
        assert!(inches * 25.4 <= 156.1, "{name}: {} mm", inches * 25.4);
    }
    // Each picture has an id of its own and its figures as its description.
    assert_eq!(attrs(&doc, "wp:docPr", "id"), ["1", "2", "3"]);
    let descr = attrs(&doc, "wp:docPr", "descr");
    assert!(
        descr[0].starts_with("我局总分、名次及各梯队入围线走势：我局1月第"),
        "{}",
        descr[0]
    );
    assert!(descr[0].contains("6月第6名92.30分"), "{}", descr[0]);
    // Each chart keeps its caption under it, as in the PDF.
    let t = text(&doc);
    for caption in [
        "我局总分、名次及各梯队入围线走势",
        "已考核指标得分率",
        "内部单位得分",
    ] {
        assert!(t.contains(&format!("\n{caption}")), "{caption}");
    }
}

/// Every number of the JSON briefing, as the documents print it: rates
/// (and progress) as percentages, everything else as it is.
fn figures(json: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match json {
        serde_json::Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            let fraction = ["rate", "progress", "expected"]
                .iter()
                .any(|k| key.contains(k));
            if fraction {
                let pct = format!("{:.1}", f * 100.0);
                let pct = pct.trim_end_matches('0').trim_end_matches('.');
                out.push(format!("{pct}%"));
            } else {
                out.push(n.to_string());
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| figures(v, key, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| figures(v, k, out)),
        _ => {}
    }
}

#[test]
fn the_docx_holds_every_figure_the_pdf_holds() {
    for period in [
        week("2026-W26"),
        week("2026-W14"),
        month("2026-06"),
        month("2026-03"),
    ] {
        let p = produce(&EXAMPLE, period, &[Format::Json, Format::Pdf, Format::Docx]);
        let json: serde_json::Value = serde_json::from_slice(output(&p, "json")).unwrap();
        let pdf = pdf_text(output(&p, "pdf"));
        // The text and the charts' descriptions (the PDF's charts are text too).
        let doc = part(output(&p, "docx"), "word/document.xml");
        let docx = squash(&(text(&doc) + &attrs(&doc, "wp:docPr", "descr").concat()));
        let mut all = Vec::new();
        figures(&json, "", &mut all);
        let shown: Vec<&String> = all
            .iter()
            .filter(|f| f.len() > 1 && pdf.contains(f.as_str()))
            .collect();
        assert!(shown.len() > 30, "{period}: only {} figures", shown.len());
        for f in shown {
            assert!(
                docx.contains(f.as_str()),
                "{period}: the PDF shows {f}, the DOCX does not"
            );
        }
    }
}

#[test]
fn the_bulletin_says_what_the_data_says() {
    // Hand-checked against data/weekly/2026-W26.yaml: 60 tasks, 36 done,
    // one red warning (T030 overdue) and three yellow ones.
    let d = docx(week("2026-W26"));
    let t = squash(&text(&part(&d, "word/document.xml")));
    for want in [
        "目标绩效考核工作通报",
        // The bulletins of the year in order: W26 is the 24th (no W01, no W08).
        "第24期",
        "关于2026年第26周目标绩效考核工作进展情况的通报",
        "全局清单任务60项，已完成36项",
        "红色预警1项、黄色预警3项",
        "【红】",
        "T030民办幼儿园普惠性认定",
        // The checklist is the attachment after the body.
        "附件1",
        "2026年6月26日印发",
    ] {
        assert!(t.contains(&squash(want)), "{want}");
    }
    // The masthead's series in red 小标宋; the red rule under the issuer's line.
    let doc = part(&d, "word/document.xml");
    let series = doc.find(">目标绩效考核工作通报</w:t>").unwrap();
    let run = &doc[doc[..series].rfind("<w:r>").unwrap()..series];
    for want in [
        "<w:color w:val=\"C8161D\" />",
        "w:eastAsia=\"方正小标宋简体\"",
        "<w:sz w:val=\"60\" />",
    ] {
        assert!(run.contains(want), "the masthead lacks {want}: {run}");
    }
    assert!(
        doc.contains("<w:bottom w:val=\"single\" w:space=\"4\" w:sz=\"12\" w:color=\"C8161D\" />")
    );
    // The 版记 is framed at the foot of the text block.
    let record = doc.rfind("<w:framePr").unwrap();
    assert!(
        doc[record..].contains("w:vAnchor=\"margin\"")
            && doc[record..].contains("w:yAlign=\"bottom\"")
    );
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let first = docx(month("2026-06"));
    // Another document in between: no id may come from a process-wide counter.
    let _ = docx(week("2026-W20"));
    assert!(
        first == docx(month("2026-06")),
        "the DOCX differs between two runs"
    );
    // Fixed zip timestamps; dates and author from the data, never the clock.
    let mut zip = zip::ZipArchive::new(Cursor::new(&first[..])).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{}", f.name());
    }
    drop(zip);
    let core = part(&first, "docProps/core.xml");
    assert!(
        core.contains(">2026-07-14T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    assert!(
        core.contains(">2026-07-14T00:00:00Z</dcterms:modified>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>局目标绩效考核工作领导小组办公室</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:title>2026年1—6月累计目标绩效考核情况分析</dc:title>"),
        "{core}"
    );
}

/// LibreOffice (`soffice`) when installed; on CI (CI=true) it must be.
fn soffice() -> Option<&'static str> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI must have LibreOffice: .ci/run installs libreoffice-writer-nogui");
    }
    found.then_some("soffice")
}

#[test]
fn libreoffice_opens_every_example_docx_with_its_text() {
    let Some(soffice) = soffice() else {
        eprintln!("skipped: soffice (libreoffice-writer-nogui) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut periods: Vec<Period> = EXAMPLE.weeks().keys().map(|w| Period::Week(*w)).collect();
    periods.extend(EXAMPLE.months().keys().map(|m| Period::Month(*m)));
    let mut files = Vec::new();
    let mut pdfs = Vec::new();
    for period in &periods {
        let formats: &[Format] =
            if matches!(period, Period::Month(_)) || period.to_string() == "2026-W26" {
                &[Format::Docx, Format::Pdf]
            } else {
                &[Format::Docx]
            };
        let p = produce(&EXAMPLE, *period, formats);
        let name = period.to_string();
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, output(&p, "docx")).unwrap();
        files.push(path);
        if formats.len() == 2 {
            pdfs.push((name, output(&p, "pdf").to_vec()));
        }
    }
    let fonts = crate::util::example_dir().join("../scripts/soffice-fonts.conf");
    let profile = dir.path().join("profile");
    let out = Command::new(soffice)
        .env("FONTCONFIG_FILE", &fonts)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("lo"))
        .args(&files)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = |pdf: &[u8]| {
        let path = dir.path().join("count.pdf");
        std::fs::write(&path, pdf).unwrap();
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        String::from_utf8_lossy(&info.stdout)
            .lines()
            .find_map(|l| {
                l.strip_prefix("Pages:")
                    .map(|n| n.trim().parse::<i64>().unwrap())
            })
            .unwrap()
    };
    for period in &periods {
        let name = period.to_string();
        let lo = std::fs::read(dir.path().join("lo").join(format!("{name}.pdf")))
            .unwrap_or_else(|_| panic!("LibreOffice did not convert {name}.docx"));
        let t = pdf_text(&lo);
        // No empty page: every page has more than its page number.
        let lo_path = dir.path().join("lo").join(format!("{name}.pdf"));
        let raw = Command::new("pdftotext")
            .arg(&lo_path)
            .arg("-")
            .output()
            .unwrap();
        let raw = String::from_utf8_lossy(&raw.stdout).into_owned();
        let pages_text: Vec<&str> = raw.trim_end_matches('\u{c}').split('\u{c}').collect();
        for (i, page) in pages_text.iter().enumerate() {
            let words = squash(page).replace(&format!("—{}—", i + 1), "");
            assert!(!words.is_empty(), "{name}: page {} is empty", i + 1);
        }
        let title = match period {
            Period::Week(w) => format!(
                "关于{}年第{}周目标绩效考核工作进展情况的通报",
                w.year(),
                w.number()
            ),
            Period::Month(_) => "目标绩效考核情况分析".to_string(),
        };
        assert!(t.contains(&title), "{name}: {t:.200}");
        assert!(t.contains("印发"), "{name}: the 版记");
        assert!(t.contains("—1—"), "{name}: the page number");
        if let Some((_, pdf)) = pdfs.iter().find(|(n, _)| *n == name) {
            // The same text as the PDF, figure for figure, on as many pages give or take one.
            let (a, b) = (pages(&lo), pages(pdf));
            assert!(
                (a - b).abs() <= 1,
                "{name}: LibreOffice {a} pages, the PDF {b}"
            );
            let pdf_t = pdf_text(pdf);
            for word in ["预警", "分管领导"] {
                assert_eq!(t.contains(word), pdf_t.contains(word), "{name}: {word}");
            }
        }
    }
}

#[test]
fn build_archives_the_docx_in_the_manifest_and_a_rebuild_writes_nothing() {
    let ws = crate::util::Ws::example();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let build = || {
        assert_cmd::Command::cargo_bin("kpibrief")
            .unwrap()
            .arg("--data")
            .arg(ws.path())
            .args(["build", "--format", "docx", "--out"])
            .arg(&out)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = build();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // 24 bulletins and 6 handouts, one DOCX each (the charts are inside).
    assert!(String::from_utf8_lossy(&o.stderr).contains("30 written, 0 unchanged"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let bytes = std::fs::read(out.join("monthly/2026-06.docx")).unwrap();
    let entry = &manifest["files"]["monthly/2026-06.docx"];
    assert_eq!(entry["size"], bytes.len());
    assert_eq!(entry["period"], "2026-06");
    assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    assert!(
        bytes == docx(month("2026-06")),
        "the CLI and the library write the same DOCX"
    );
    let again = build();
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("0 written, 30 unchanged"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn hostile_text_is_text_in_the_docx() {
    use crate::documents_untrusted::{HOSTILE, hostile_workspace};
    let ws = hostile_workspace();
    let w = ws.workspace();
    let p = produce(&w, week("2026-W03"), &[Format::Docx]);
    let d = output(&p, "docx");
    let doc = part(d, "word/document.xml");
    // Well-formed XML to the end, and every string of the data as text.
    let mut reader = Reader::from_str(&doc);
    while !matches!(reader.read_event().expect("well-formed XML"), Event::Eof) {}
    let t = text(&doc);
    for s in HOSTILE {
        assert!(t.contains(s), "`{s}` not shown literally in the DOCX");
    }
    assert!(
        t.contains(&"W".repeat(5000)),
        "the long note lost characters"
    );
    assert!(!t.contains("root:x:0:0"), "a file was read");
    // Markdown in free text is formatting, not markup characters: the risk's
    // `# 不是标题` is a strong paragraph, not a heading of the document.
    let heading = doc.find(">不是标题</w:t>").expect("the risk's text");
    let run = &doc[doc[..heading].rfind("<w:r>").unwrap()..heading];
    assert!(run.contains("<w:rStyle w:val=\"Strong\" />"), "{run}");
    let para = &doc[doc[..heading].rfind("<w:p ").unwrap()..heading];
    assert!(para.contains("<w:pStyle w:val=\"Normal\" />"), "{para}");
}
