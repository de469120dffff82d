//! The measured rules of writing.md's "Typography (GB/T 9704, measured)" and
//! the 版记, read out of every PDF of the example with `pdftotext -bbox`:
//! the character pitch (156 mm ÷ 28), lines a page, where headings start,
//! how titles break, where table and chart titles stand, the 版记's page,
//! labels that never overlap, chart text of at least 10.5 pt.
//!
//! Positions are PDF points from the page's top left. The type area is
//! 28 mm from the left and 156 mm wide; body text is 16 pt (三号).

use std::process::Command;
use std::sync::LazyLock;

use kpibrief::analysis;
use kpibrief::build::produce::{Format, Period};
use kpibrief::view::charts::{ChartData, Charts};

use crate::documents::{EXAMPLE, output, produce};

const MM: f64 = 72.0 / 25.4;
const LEFT: f64 = 28.0 * MM;
const WIDTH: f64 = 156.0 * MM;
/// The character pitch GB/T 9704 asks for: 28 characters in 156 mm.
const PITCH: f64 = WIDTH / 28.0;

#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn size(&self) -> f64 {
        self.y1 - self.y0
    }
}

struct Doc {
    name: String,
    pages: Vec<Vec<Word>>,
}

/// The words of each page of a PDF, as `pdftotext -bbox` reads them.
fn words(pdf: &[u8]) -> Vec<Vec<Word>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..at + line[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let mut pages: Vec<Vec<Word>> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            let start = line.find('>').unwrap() + 1;
            let end = line.rfind("</word>").unwrap();
            pages.last_mut().unwrap().push(Word {
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
                text: line[start..end].replace("&amp;", "&"),
            });
        }
    }
    pages
}

/// Every PDF the example workspace makes, read once for every test here.
static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
    let mut periods: Vec<Period> = EXAMPLE.weeks().keys().map(|w| Period::Week(*w)).collect();
    periods.extend(EXAMPLE.months().keys().map(|m| Period::Month(*m)));
    periods
        .into_iter()
        .map(|period| {
            let p = produce(&EXAMPLE, period, &[Format::Pdf]);
            // Every page decision (版记, charts, tables) settles within
            // Typst's five layout passes; else the layout is the last guess.
            let typst = format!("{:?}", p.warnings);
            assert!(
                !typst.contains("converge") && !typst.contains("stabilize"),
                "{period}: {typst}"
            );
            Doc {
                name: period.to_string(),
                pages: words(output(&p, "pdf")),
            }
        })
        .collect()
});

fn doc(name: &str) -> &'static Doc {
    DOCS.iter().find(|d| d.name == name).unwrap()
}

/// The lines of a page in words of `size` points, top to bottom: (words
/// left to right, their text joined).
fn lines(page: &[Word], size: f64) -> Vec<(Vec<&Word>, String)> {
    let mut rows: Vec<Vec<&Word>> = Vec::new();
    let mut words: Vec<&Word> = page
        .iter()
        .filter(|w| (w.size() - size).abs() < 0.01)
        .collect();
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    for w in words {
        match rows.last_mut() {
            Some(r) if (r[0].y0 - w.y0).abs() < 0.5 => r.push(w),
            _ => rows.push(vec![w]),
        }
    }
    rows.into_iter()
        .map(|r| {
            let text = r.iter().map(|w| w.text.as_str()).collect();
            (r, text)
        })
        .collect()
}

fn is_sign(c: char) -> bool {
    "，。；、：）（“”《》！？【】".contains(c)
}

fn all_cjk(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c as u32 >= 0x2E80)
}

#[test]
fn body_text_is_28_characters_a_line_at_a_pitch_of_156mm_over_28() {
    let (mut exact, mut full28) = (0, 0);
    for d in DOCS.iter() {
        for (p, page) in d.pages.iter().enumerate() {
            for (ws, text) in lines(page, 16.0) {
                let (x0, x1) = (ws[0].x0, ws.last().unwrap().x1);
                // Nothing stands out of the type area (no hanging punctuation);
                // a full-width sign ending a line is set half wide, its ink in
                // its left half, though pdftotext gives it a whole em.
                let sign = text.ends_with(is_sign);
                let right = LEFT + WIDTH + if sign { 8.3 } else { 0.3 };
                assert!(
                    x1 <= right,
                    "{} p{}: `{text}` ends at {x1:.2}",
                    d.name,
                    p + 1
                );
                // A full line of 28 characters without figures, at the pitch.
                let n = text.chars().count();
                if n == 28 && all_cjk(&text) && (x0 - LEFT).abs() < 0.05 {
                    let pitch = (x1 - x0 - 16.0) / 27.0;
                    if (pitch - PITCH).abs() < 0.01 {
                        full28 += 1;
                    }
                }
            }
            // Within a run of Chinese characters, glyph after glyph at the
            // pitch (wider only where justification spreads a line).
            for w in page.iter().filter(|w| (w.size() - 16.0).abs() < 0.01) {
                let n = w.text.chars().count();
                if n < 3
                    || !w
                        .text
                        .chars()
                        .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
                {
                    continue;
                }
                let pitch = (w.x1 - w.x0 - 16.0) / (n - 1) as f64;
                assert!(
                    pitch > PITCH - 0.01,
                    "{} p{}: `{}` at a pitch of {pitch:.3} pt",
                    d.name,
                    p + 1,
                    w.text
                );
                if (pitch - PITCH).abs() < 0.01 {
                    exact += 1;
                }
            }
        }
    }
    // 15.79 pt, so that a full line without figures holds exactly 28.
    assert!(
        exact > 300 && full28 > 0,
        "runs at the pitch: {exact}, full lines of 28: {full28}"
    );
}

#[test]
fn a_page_holds_22_lines_and_a_page_of_prose_all_22() {
    let mut full_pages = 0;
    for d in DOCS.iter() {
        for (p, page) in d.pages.iter().enumerate() {
            let ls = lines(page, 16.0);
            assert!(ls.len() <= 22, "{} p{}: {} lines", d.name, p + 1, ls.len());
            // 22 lines from the top of the type area to its foot, 28.9 pt apart.
            let ys: Vec<f64> = ls.iter().map(|(w, _)| w[0].y0).collect();
            if ys.len() == 22 && ys.windows(2).all(|w| (w[1] - w[0] - 28.9).abs() < 0.05) {
                full_pages += 1;
            }
        }
    }
    assert!(full_pages > 0, "no page of 22 lines on the grid");
}

#[test]
fn headings_and_paragraphs_start_exactly_two_characters_in() {
    let mut seen = 0;
    for d in DOCS.iter() {
        for (p, page) in d.pages.iter().enumerate() {
            for (ws, text) in lines(page, 16.0) {
                let numbered = [
                    "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、",
                ]
                .iter()
                .any(|n| text.starts_with(n))
                    || ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
                        .iter()
                        .any(|n| text.starts_with(n));
                if numbered {
                    seen += 1;
                    let indent = (ws[0].x0 - LEFT) / PITCH;
                    assert!(
                        (indent - 2.0).abs() < 0.01,
                        "{} p{}: `{text}` starts {indent:.2} characters in",
                        d.name,
                        p + 1
                    );
                }
            }
        }
    }
    assert!(seen > 100, "{seen} headings");
    // W14's opening paragraph: its first line two characters in.
    let (ws, text) = &lines(&doc("2026-W14").pages[0], 16.0)[1];
    assert!(text.starts_with("2026年第14周"), "{text}");
    assert!(((ws[0].x0 - LEFT) / PITCH - 2.0).abs() < 0.01);
}

#[test]
fn titles_break_between_words_longer_line_above() {
    let title = |name: &str| -> Vec<String> {
        lines(&doc(name).pages[0], 22.0)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    };
    // 关于 | 2026年第14周 | 目标绩效考核工作 | 进展情况 | 的通报: not 进展情/况.
    assert_eq!(
        title("2026-W14"),
        ["关于2026年第14周目标绩效考核工作", "进展情况的通报"]
    );
    assert_eq!(title("2026-06"), ["2026年1—6月累计目标绩效考核情况分析"]);
    for d in DOCS.iter().filter(|d| d.name.contains('W')) {
        let t = title(&d.name);
        assert_eq!(t.len(), 2, "{}: {t:?}", d.name);
        assert!(
            t[0].ends_with("工作") && t[1] == "进展情况的通报",
            "{}: {t:?}",
            d.name
        );
    }
}

#[test]
fn table_titles_stand_above_tables_and_chart_titles_below_charts() {
    let (mut tables, mut charts) = (0, 0);
    for d in DOCS.iter() {
        for (p, page) in d.pages.iter().enumerate() {
            for (ws, text) in lines(page, 16.0) {
                let caption = |mark: char| {
                    text.starts_with(mark)
                        && text[mark.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
                };
                let (top, bottom) = (ws[0].y0, ws[0].y1);
                // The nearest word below (past the caption's own lines) and
                // above the caption's first line.
                let below = page
                    .iter()
                    .filter(|w| w.y0 > bottom && (w.size() - 16.0).abs() > 0.01)
                    .min_by(|a, b| a.y0.total_cmp(&b.y0));
                let above = page
                    .iter()
                    .filter(|w| w.y1 < top)
                    .max_by(|a, b| a.y1.total_cmp(&b.y1));
                if caption('表') {
                    tables += 1;
                    let next = below
                        .unwrap_or_else(|| panic!("{} p{}: `{text}` ends its page", d.name, p + 1));
                    // Straight under it (a caption of two lines is 29 pt deeper).
                    assert!(
                        (next.size() - 10.5).abs() < 0.01 && next.y0 - bottom < 50.0,
                        "{} p{}: `{text}` then `{}`",
                        d.name,
                        p + 1,
                        next.text
                    );
                }
                if caption('图') {
                    charts += 1;
                    let prev = above.unwrap_or_else(|| {
                        panic!("{} p{}: `{text}` heads its page", d.name, p + 1)
                    });
                    assert!(
                        (prev.size() - 10.5).abs() < 0.01 && top - prev.y1 < 30.0,
                        "{} p{}: `{}` then `{text}`",
                        d.name,
                        p + 1,
                        prev.text
                    );
                }
            }
        }
    }
    // Each handout: the ranking, the indicators, the internal ranking; three charts.
    assert_eq!((tables, charts), (18, 18));
}

/// The page number in the footer ("— 3 —", under the type area's foot at
/// 742 pt), if the page has one.
fn page_number(page: &[Word]) -> Option<u32> {
    let foot = page
        .iter()
        .filter(|w| w.y0 > 750.0 && (w.size() - 14.0).abs() < 0.01);
    foot.filter_map(|w| w.text.parse().ok()).next()
}

#[test]
fn the_record_block_is_last_at_the_foot_of_an_even_page() {
    let mut alone = 0;
    for d in DOCS.iter() {
        let n = d.pages.len();
        let last = &d.pages[n - 1];
        assert!(n % 2 == 0, "{}: {n} pages", d.name);
        let record = |w: &&Word| (w.size() - 14.0).abs() < 0.01 && w.text.ends_with("印发");
        let issued = last.iter().find(record);
        let issued = issued.unwrap_or_else(|| panic!("{}: no 印发 on the last page", d.name));
        // At the foot of the type area (its last rule 0.35 mm under it).
        assert!(
            issued.y1 > 841.89 - 35.0 * MM - 30.0,
            "{}: 印发 at {}",
            d.name,
            issued.y1
        );
        for (i, page) in d.pages.iter().enumerate() {
            assert!(
                !page.iter().any(|w| record(&w)) || i == n - 1,
                "{} p{}",
                d.name,
                i + 1
            );
        }
        // A page with only the 版记 (14 pt) and any blank page before it
        // have no number; every page with text has its own.
        let only_record = last.iter().all(|w| (w.size() - 14.0).abs() < 0.01);
        if only_record {
            alone += 1;
            assert_eq!(
                page_number(last),
                None,
                "{}: the 版记's page is numbered",
                d.name
            );
            // It is alone because the text ended on an odd page, or on an
            // even page too full to hold it.
            let text_end = d.pages[..n - 1]
                .iter()
                .rposition(|p| !p.is_empty())
                .unwrap();
            let record_top = last.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
            let record_height = issued.y1 - record_top;
            let foot = d.pages[text_end]
                .iter()
                .filter(|w| w.y0 < 742.0)
                .map(|w| w.y1)
                .fold(0.0, f64::max);
            // The 版记 needs its text, its rules and the paragraph space
            // above it (12.9 pt): about 16 pt more than its words measure.
            assert!(
                text_end % 2 == 0 || foot + record_height + 16.0 > 742.0,
                "{}: the text ends on page {} at {foot:.0} pt, with room for the 版记",
                d.name,
                text_end + 1
            );
        }
        for (i, page) in d.pages.iter().enumerate().take(n - 1) {
            if page.is_empty() {
                assert_eq!(i, n - 2, "{}: blank page {}", d.name, i + 1);
            } else {
                assert_eq!(
                    page_number(page),
                    Some(i as u32 + 1),
                    "{} p{}",
                    d.name,
                    i + 1
                );
            }
        }
    }
    assert!(alone > 0, "no document puts its 版记 on a page of its own");
}

#[test]
fn no_word_overlaps_another() {
    for d in DOCS.iter() {
        for (p, page) in d.pages.iter().enumerate() {
            for (i, a) in page.iter().enumerate() {
                for b in &page[i + 1..] {
                    // Neighbouring glyphs at the pitch overlap by 0.21 pt, and
                    // a sign beside another sign on its line is set half wide
                    // (its box overlaps by half an em, its ink does not).
                    let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
                    let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
                    let same_line = (a.y0 - b.y0).abs() < 0.5 && (a.size() - b.size()).abs() < 0.01;
                    let allowed = if same_line { a.size() / 2.0 + 0.5 } else { 1.0 };
                    assert!(
                        dx < allowed || dy < 1.0,
                        "{} p{}: `{}` overlaps `{}`",
                        d.name,
                        p + 1,
                        a.text,
                        b.text
                    );
                }
            }
        }
    }
}

#[test]
fn the_handouts_text_is_at_least_10_5_pt_charts_included() {
    for d in DOCS.iter().filter(|d| !d.name.contains('W')) {
        let words = d.pages.iter().flatten();
        let small: Vec<_> = words
            .filter(|w| w.size() < 10.49)
            .map(|w| &w.text)
            .collect();
        assert!(small.is_empty(), "{}: {small:?}", d.name);
        // The trend chart's end label ("我局 92.30（第 6 名）") is there, at 10.5 pt.
        let chart = d
            .pages
            .iter()
            .flatten()
            .find(|w| w.text == "我局" && w.size() < 11.0);
        let chart = chart.unwrap_or_else(|| panic!("{}: no end label", d.name));
        assert!((chart.size() - 10.5).abs() < 0.01, "{}: {chart:?}", d.name);
    }
}

#[test]
fn the_rates_chart_puts_the_most_points_lost_first() {
    let month = "2026-06".parse().unwrap();
    let b = analysis::monthly(&EXAMPLE, month).unwrap();
    let charts = Charts::new(&EXAMPLE, month, &b);
    let ChartData::Rates(r) = &charts.rates.data else {
        panic!()
    };
    let first: Vec<(&str, &str)> = r
        .items
        .iter()
        .take(3)
        .map(|i| (i.label.as_str(), i.text.as_str()))
        .collect();
    // June: E02 lost 1.00 (87.5%), K02 0.80 (86.7%), K09 0.60 (85.0%; S04
    // lost as much at the same rate, and comes after it by code).
    assert_eq!(
        first,
        [
            ("E02", "87.5%  失1.00分【黄】"),
            ("K02", "86.7%  失0.80分【黄】"),
            ("K09", "85.0%  失0.60分【黄】")
        ]
    );
}
