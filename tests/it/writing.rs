//! The writing rules (writing.md) over every document of the example: the
//! Markdown and the PDF text of each bulletin and handout.
//!
//! Each rule is checked on the text a reader gets, not on the templates, so
//! a workspace's own template or a new sentence cannot break one unnoticed.

use std::sync::LazyLock;

use kpibrief::analysis::{self, Period};
use kpibrief::build::produce::Format;

use crate::documents::{EXAMPLE, output, pdf_text, produce};

/// Every period of the example with its Markdown and its PDF text.
struct Doc {
    period: Period,
    md: String,
    pdf: String,
}

static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
    let weeks = EXAMPLE.weeks().keys().map(|w| Period::Week(*w));
    let months = EXAMPLE.months().keys().map(|m| Period::Month(*m));
    weeks
        .chain(months)
        .map(|period| {
            let p = produce(&EXAMPLE, period, &[Format::Md, Format::Pdf]);
            Doc {
                period,
                md: String::from_utf8(output(&p, "md").to_vec()).unwrap(),
                pdf: pdf_text(output(&p, "pdf")),
            }
        })
        .collect()
});

/// The Markdown without the sections and cells that quote the data's own
/// free text (risks, requirements, notes, next steps, explanations, the
/// checklist's notes): the rules on figures are the documents' own.
fn own_words(md: &str) -> String {
    let quoting = [
        "风险点",
        "下周工作要求",
        "省通报要点",
        "下一步工作",
        "情况说明",
        "附件1",
    ];
    let mut out = String::new();
    let mut skip = false;
    for line in md.lines() {
        if line.starts_with("## ") {
            skip = quoting.iter().any(|q| line.contains(q));
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn each_own(mut rule: impl FnMut(&Doc, &str, &str)) {
    for d in DOCS.iter() {
        rule(d, "md", &own_words(&d.md));
    }
}

fn each(mut rule: impl FnMut(&Doc, &str, &str)) {
    assert!(DOCS.len() >= 30, "every week and month of the example");
    for d in DOCS.iter() {
        rule(d, "md", &d.md);
        rule(d, "pdf", &d.pdf);
    }
}

#[test]
fn expected_progress_is_called_xushi_jindu() {
    each(|d, kind, text| {
        assert!(!text.contains("应达"), "{} {kind}: 应达", d.period);
    });
}

#[test]
fn no_iso_dates_in_the_documents() {
    let iso = regex::Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap();
    each(|d, kind, text| {
        assert!(
            iso.find(text).is_none(),
            "{} {kind}: ISO date {:?}",
            d.period,
            iso.find(text).map(|m| m.as_str())
        );
    });
}

#[test]
fn scores_have_two_decimals() {
    // A figure with one decimal before 分 ("85.9分") breaks the rule; rates
    // (before %) have one decimal on purpose.
    let one_decimal = regex::Regex::new(r"(^|[^\d.])(\d+\.\d)分").unwrap();
    each_own(|d, kind, text| {
        if let Some(c) = one_decimal.captures(text) {
            panic!("{} {kind}: {}分", d.period, &c[2]);
        }
    });
}

#[test]
fn no_hyphen_minus_before_a_figure() {
    // "−0.55" with U+2212; a hyphen is only allowed inside words and ids
    // (city-07, 2026-W14) and the list markers of the Markdown.
    let hyphen = regex::Regex::new(r"(^|[\s|（(，：])-\d").unwrap();
    each(|d, kind, text| {
        assert!(
            hyphen.find(text).is_none(),
            "{} {kind}: {:?}",
            d.period,
            hyphen.find(text).map(|m| m.as_str())
        );
    });
}

#[test]
fn the_bureau_calls_itself_wo_ju() {
    let own = &EXAMPLE.self_peer().name;
    each(|d, kind, text| {
        // Its own row of the ranking table may carry its name with （我局）.
        let rest = text.replace(&format!("{own}（我局）"), "");
        assert!(!rest.contains(own.as_str()), "{} {kind}: {own}", d.period);
        assert!(!text.contains("本局"), "{} {kind}: 本局", d.period);
    });
}

#[test]
fn a_shared_rank_is_said_as_shared() {
    let may = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-05")
        .unwrap();
    for text in [&may.md, &may.pdf] {
        assert!(text.contains("与枫港市学习局并列第10名"));
        assert!(!text.contains("居第10名"));
    }
    // June looks back at May's shared rank, and the chart's label says it.
    let june = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-06")
        .unwrap();
    assert!(june.md.contains("上月（5月）为并列第10名"));
    assert!(
        june.md.contains("5月并列第10名85.90分"),
        "the trend chart's alt text"
    );
    // The bulletins that quote May's result say it too (W24–W26).
    for d in DOCS.iter().filter(|d| {
        matches!(d.period, Period::Week(_)) && d.period.to_string().as_str() >= "2026-W24"
    }) {
        assert!(
            d.md.contains("我局与枫港市学习局并列第10名"),
            "{}",
            d.period
        );
    }
}

#[test]
fn resolved_counts_only_warnings_that_are_gone() {
    for d in DOCS.iter() {
        let Period::Week(w) = d.period else { continue };
        let b = analysis::weekly(&EXAMPLE, w).unwrap();
        let still_warned: Vec<&str> = b.warnings.iter().map(|w| w.task.as_str()).collect();
        for r in &b.resolved {
            assert!(!still_warned.contains(&r.task.as_str()), "{w}: {}", r.task);
        }
        if !b.resolved.is_empty() {
            assert!(d.md.contains(&format!("解除{}项", b.resolved.len())), "{w}");
        }
    }
}

#[test]
fn the_opening_names_the_units_that_did_not_report() {
    let w20 = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-W20")
        .unwrap();
    assert!(
        w20.md.contains("除北塘区（3项未报送）"),
        "{}",
        &w20.md[..800]
    );
    assert!(!w20.md.contains("各单位均按时报送"));
    let w14 = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-W14")
        .unwrap();
    assert!(w14.md.contains("各单位均按时报送"));
    assert!(w14.md.contains("| 逾期【红】 |"), "T046's status cell");
}

#[test]
fn months_running_are_said_with_the_real_count() {
    let june = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-06")
        .unwrap();
    assert!(
        june.md
            .contains("南岭区（已按时报送，连续6个月被要求作出情况说明")
    );
    assert!(!june.md.contains("连续两月"));
}

#[test]
fn the_subtotal_mismatch_is_in_the_handout() {
    let april = DOCS
        .iter()
        .find(|d| d.period.to_string() == "2026-04")
        .unwrap();
    let line = "各项得分合计88.10分，与省通报总分87.60分相差0.50分，以省通报为准。";
    assert!(april.md.contains(line));
    assert!(april.pdf.contains(line));
}

#[test]
fn the_superiors_notes_have_their_own_heading() {
    for d in DOCS.iter().filter(|d| matches!(d.period, Period::Month(_))) {
        let Period::Month(m) = d.period else { continue };
        let has_notes = EXAMPLE.months()[&m].notes.is_some();
        assert_eq!(d.md.contains("、省通报要点"), has_notes, "{m}");
        assert_eq!(d.pdf.contains("省通报要点"), has_notes, "{m}");
    }
}

#[test]
fn issue_numbers_count_the_bulletins() {
    for (n, d) in DOCS
        .iter()
        .filter(|d| matches!(d.period, Period::Week(_)))
        .enumerate()
    {
        assert!(
            d.md.contains(&format!("· 第{}期 ·", n + 1)),
            "{} is bulletin {}",
            d.period,
            n + 1
        );
    }
}

#[test]
fn the_checklist_is_an_attachment_after_the_body() {
    for d in DOCS.iter().filter(|d| matches!(d.period, Period::Week(_))) {
        let note = d.md.find("附件：各单位任务推进情况清单").unwrap();
        let attachment = d.md.find("附件1").unwrap();
        let risks = d.md.find("、风险点、隐患点").unwrap();
        assert!(risks < note && note < attachment, "{}", d.period);
        assert!(
            d.pdf.contains("附件1各单位任务推进情况清单"),
            "{}",
            d.period
        );
        // A status cell is the word, then its mark (docs/decisions.md).
        assert!(
            !d.md.contains("】逾期") && !d.md.contains("】滞后"),
            "{}",
            d.period
        );
        // 抄送 comes last, with the units of `cc`.
        assert!(d.md.contains("抄送：市委目标办，局领导班子成员"));
    }
}

#[test]
fn markdown_reads_as_plain_text() {
    let needless = regex::Regex::new(r"\\[.+\-]").unwrap();
    for d in DOCS.iter() {
        assert!(
            needless.find(&d.md).is_none(),
            "{}: {:?}",
            d.period,
            needless.find(&d.md).map(|m| m.as_str())
        );
        // Every ** closes: none is left as a literal in the rendered HTML.
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&d.md, pulldown_cmark::Options::ENABLE_TABLES),
        );
        assert!(
            !html.contains("**"),
            "{}: literal ** in the output",
            d.period
        );
    }
}
