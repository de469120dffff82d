//! Documents made from untrusted or unusual workspaces: hostile free text,
//! characters no font has, the workspace's own templates, and province-scale
//! tables condensed in the PDF.

use std::process::Command;

use kpibrief::analysis;
use kpibrief::build::produce::{self, Env, Format, Period};
use kpibrief::render::Templates;

use crate::documents::{output, pdf_text, produce, squash};
use crate::util::Ws;

/// Hostile and awkward text from the data.
pub(crate) const HOSTILE: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "#import \"@preview/x:0.1.0\": *",
    "$x^2$",
    "@ref",
    "<label>",
    "]",
    "*星号*",
    "_下划线_",
    "`代码`",
    "甲|乙",
    "<script>alert(1)</script>",
    "堃喆",
    "𠀀",
    "😀🎉",
    "שלום",
    "مرحبا",
];

pub(crate) fn hostile_workspace() -> Ws {
    let ws = Ws::minimal();
    let long = "W".repeat(5000);
    let joined = HOSTILE.join(" ");
    ws.edit(
        "units.yaml",
        "name: 办公室",
        &format!(
            "name: '办公室 {}'",
            "#read(\"/etc/passwd\") 甲|乙".replace('\'', "''")
        ),
    );
    ws.edit(
        "tasks.yaml",
        "title: 任务一",
        &format!(
            "title: \"{}\"",
            joined.replace('\\', "\\\\").replace('"', "\\\"")
        ),
    );
    ws.write(
        "weekly/2026-W03.yaml",
        format!(
            "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - task: T1\n    progress: 10%\n    note: |\n      {joined}\n  - task: T2\n    progress: 10%\n    note: {long}\nrisks:\n  - unit: u1\n    level: high\n    text: |\n      # 不是标题\n      {joined}\nrequirements: |\n  {joined}\n\n  {long}\n"
        ),
    );
    ws
}

#[test]
fn hostile_text_appears_literally_and_nothing_leaks() {
    let ws = hostile_workspace();
    let w = ws.workspace();
    let p = produce(
        &w,
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Md, Format::Pdf, Format::Typ],
    );

    // Markdown: rendered as a reader sees it, every string is there as text;
    // no HTML element, no heading from the data, the table keeps its columns.
    let md = String::from_utf8_lossy(output(&p, "md")).into_owned();
    let html = {
        let mut out = String::new();
        let opts = pulldown_cmark::Options::ENABLE_TABLES;
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(&md, opts));
        out
    };
    assert!(
        !html.contains("<script>"),
        "raw HTML from the data reached the Markdown"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<h1>不是标题"), "data started a heading");
    let text_of_html = html_text(&html);
    for s in HOSTILE {
        assert!(
            text_of_html.contains(s),
            "`{s}` not shown literally in the Markdown"
        );
    }
    // Every row of the task table has the table's 8 columns.
    for line in md.lines().filter(|l| l.starts_with("| 办公室")) {
        let cells = line.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, 8, "a data `|` broke the row: {line}");
    }

    // PDF: every string literally, the passwd file nowhere.
    let text = pdf_text(output(&p, "pdf"));
    for s in HOSTILE {
        assert!(
            text.contains(&squash(s)),
            "`{s}` not shown literally in the PDF"
        );
    }
    // The 5,000-character lines (a note and the requirements) are all there;
    // they wrap, and page footers interrupt the long one.
    assert!(
        text.matches('W').count() >= 10_000,
        "the long lines lost characters"
    );
    assert!(text.contains(&"W".repeat(200)));
    assert!(!text.contains("root:x:0:0"), "a file was read");

    // Nothing runs off the page: every word of the PDF lies within the paper.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, output(&p, "pdf")).unwrap();
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let bbox = String::from_utf8_lossy(&out.stdout);
    for line in bbox.lines().filter(|l| l.contains("<word ")) {
        let x_max: f64 = attr(line, "xMax");
        // Chinese punctuation may hang into the margin by up to one character (16pt).
        assert!(
            x_max <= 595.3 - 26.0 / 25.4 * 72.0 + 16.5,
            "a word runs into the right margin: {line}"
        );
    }
}

fn attr(line: &str, name: &str) -> f64 {
    let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    line[start..].split('"').next().unwrap().parse().unwrap()
}

/// The text of an HTML fragment (tags dropped, entities decoded).
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn a_character_no_font_has_is_a_warning_with_its_place() {
    let ws = Ws::minimal();
    ws.edit("tasks.yaml", "title: 任务一", "title: 任务𐌀一");
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\n",
    );
    let p = produce(
        &ws.workspace(),
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Pdf],
    );
    let w = p
        .warnings
        .iter()
        .find(|d| d.message.contains("no font can draw `𐌀`"))
        .expect("a warning for the missing glyph");
    assert!(w.message.contains("任务𐌀一"), "{}", w.message);
    assert_eq!(w.span.map(|s| s.line), Some(1));
    // The PDF is still made, with 〓 in its place.
    let text = pdf_text(output(&p, "pdf"));
    assert!(text.contains("任务〓一"));
}

#[test]
fn workspace_templates_override_the_builtin_ones_and_errors_name_them() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\n",
    );
    ws.write(
        "templates/weekly.md",
        "# 自定义 {{ week }} {{ organization }}\n",
    );
    let env = Env::new(
        Templates::load(Some(&ws.path().join("templates"))).unwrap(),
        kpibrief::typeset::roles::typesetter(ws.path(), false),
    );
    let p = produce::produce(
        &ws.workspace(),
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Md],
        &env,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(output(&p, "md")),
        "# 自定义 2026-W03 测试局\n"
    );

    ws.write(
        "templates/weekly.md",
        "line one\n{{ week | nosuchfilter }}\n",
    );
    let err = Templates::load(Some(&ws.path().join("templates")))
        .and_then(|t| {
            let env = Env::new(t, kpibrief::typeset::roles::typesetter(ws.path(), false));
            produce::produce(
                &ws.workspace(),
                Period::Week("2026-W03".parse().unwrap()),
                &[Format::Md],
                &env,
            )
            .map(|_| ())
            .map_err(|e| match e {
                produce::ProduceError::Template(t) => t,
                other => panic!("{other}"),
            })
        })
        .unwrap_err();
    assert_eq!(err.template, "weekly.md");
    assert!(err.to_string().contains("nosuchfilter"), "{err}");
}

/// The minimal workspace's week 3 under a `table_limit`: its .typ, once the
/// .md is seen to keep every task whatever the limit.
fn week3_with_table_limit(limit: u32) -> String {
    let ws = Ws::minimal();
    ws.write(
        "config.yaml",
        format!("{}table_limit: {limit}\n", crate::util::CONFIG),
    );
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 40% }\n",
    );
    let p = produce(
        &ws.workspace(),
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Md, Format::Typ],
    );
    let md = String::from_utf8_lossy(output(&p, "md")).into_owned();
    for t in ["任务一", "任务二", "任务三", "任务四"] {
        assert!(md.contains(t), "the Markdown keeps every task");
    }
    String::from_utf8_lossy(output(&p, "typ")).into_owned()
}

#[test]
fn a_province_scale_checklist_is_condensed_in_the_pdf_but_whole_in_the_md() {
    let typ = week3_with_table_limit(3);
    assert!(typ.contains("逐项列出篇幅过长"), "{typ}");
    // T4 has not started: no warning names it, and the checklist no longer does.
    assert!(
        !typ.contains("任务四"),
        "the PDF lists counts per unit, not tasks"
    );
}

#[test]
fn above_the_table_limit_in_units_too_the_pdf_checklist_counts_by_leader() {
    let typ = week3_with_table_limit(1);
    let section = &typ[typ.find("#attachment(1)").unwrap()..typ.find("#record-block(").unwrap()];
    assert!(
        section.contains("全局清单任务4项，涉及3个单位"),
        "{section}"
    );
    // 李一 leads 办公室 (T1, T4) and 政策科 (T2); T4 starts in March.
    assert!(section.contains("[李一], num[2], num[3],"), "{section}");
    assert!(
        section.contains("num[1],\n  [张二], num[1], num[1],"),
        "{section}"
    );
    for unit in ["办公室", "政策科", "东区"] {
        assert!(!section.contains(unit), "no row per unit: {section}");
    }
}

#[test]
fn above_the_table_limit_the_internal_ranking_keeps_top_bottom_and_every_unit_that_explains() {
    let ws = Ws::example();
    ws.edit("config.yaml", "year: 2026 ", "table_limit: 4\nyear: 2026 ");
    // Two units that lead no indicator: no score, unranked.
    let units = ws.read("units.yaml")
        + "  - { id: archive, name: 档案室, kind: department, leader: zhou, head: 甲 }\n"
        + "  - { id: xinqu, name: 新区, kind: district, leader: zhou, head: 乙 }\n";
    ws.write("units.yaml", units);
    let workspace = ws.workspace();
    let month = "2026-05".parse().unwrap();
    let b = analysis::monthly(&workspace, month).unwrap();
    assert_eq!(b.units.len(), 14);
    let ranked = b.units.iter().filter(|u| u.rank.is_some()).count();
    let p = produce(&workspace, Period::Month(month), &[Format::Md, Format::Typ]);
    let typ = String::from_utf8_lossy(output(&p, "typ")).into_owned();
    let section = &typ[typ.find("= 内部排名情况").unwrap()..typ.find("= 情况说明").unwrap()];
    let mut shown = 0;
    for (i, u) in b.units.iter().enumerate() {
        let row = format!("[{}], [{}]", u.name, u.leader_name);
        // The first two and the last two ranked units, and whoever explains.
        let kept = u.must_explain
            || u.explanation.is_some()
            || (u.rank.is_some() && (i < 2 || i + 2 >= ranked));
        assert_eq!(
            section.contains(&row),
            kept,
            "{} (row {i}): {section}",
            u.name
        );
        shown += usize::from(kept);
    }
    let count_after = |marker: &str| -> usize {
        section
            .match_indices(marker)
            .map(|(at, _)| {
                let rest = &section[at + marker.len()..];
                rest[..rest.find('个').unwrap()].parse::<usize>().unwrap()
            })
            .sum()
    };
    let skipped = count_after("……中间");
    let unranked = count_after("……另有");
    assert!(skipped > 0, "{section}");
    assert_eq!(unranked, 2, "{section}");
    assert_eq!(
        shown + skipped + unranked,
        14,
        "every unit is shown or counted"
    );
    let md = String::from_utf8_lossy(output(&p, "md")).into_owned();
    for u in &b.units {
        assert!(md.contains(&u.name), "the Markdown keeps {}", u.name);
    }
}
