//! Glyph coverage, checked before typesetting.
//!
//! In: a rendered document and the fonts of each role. Out: the document
//! with every character that no font can draw replaced by 〓 (the customary
//! mark for a missing character in Chinese typesetting), and one warning per
//! such character, pointing at each place in the data that holds it. Typst
//! itself would fall back silently or draw tofu.

use crate::diagnostic::{Diagnostic, SourceFiles, Span};
use crate::render::Rendered;
use crate::typeset::FontSet;
use crate::typeset::roles::{self, ResolvedRole};

/// The character printed where no font has a glyph.
pub const MISSING_GLYPH: char = '〓';

/// Replace the characters of `doc` that no font of `roles` covers, and say
/// where they come from (`stem` names the document in the warnings).
pub fn cover(
    fonts: &FontSet,
    roles: &[ResolvedRole],
    files: &SourceFiles,
    stem: &str,
    doc: &mut Rendered,
) -> Vec<Diagnostic> {
    let families = roles::all_families(roles);
    let families: Vec<&str> = families.iter().map(String::as_str).collect();
    let mut missing = fonts.missing_chars(&families, &doc.typst);
    let data_texts = doc
        .files
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
    let chart_texts = doc.charts.iter().map(|c| c.typst.clone());
    for text in data_texts.chain(chart_texts) {
        for c in fonts.missing_chars(&families, &text) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let replace = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if missing.contains(&c) {
                    MISSING_GLYPH
                } else {
                    c
                }
            })
            .collect()
    };
    doc.typst = replace(&doc.typst);
    for chart in &mut doc.charts {
        chart.typst = replace(&chart.typst);
    }
    for (_, bytes) in &mut doc.files {
        // The data files are JSON made by kpibrief: always UTF-8.
        *bytes = replace(&String::from_utf8_lossy(bytes)).into_bytes();
    }
    missing
        .into_iter()
        .flat_map(|c| warnings(files, stem, c))
        .collect()
}

/// One warning for each place in the data that holds `c`, or one saying a
/// template has it.
fn warnings(files: &SourceFiles, stem: &str, c: char) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, file) in files.iter() {
        for (offset, _) in file.text.match_indices(c) {
            let (line, col) = file.line_col(offset);
            let line_text = file.text[file.line_starts()[line as usize - 1]..]
                .lines()
                .next()
                .unwrap_or_default()
                .trim();
            out.push(
                Diagnostic::warning(format!(
                    "no font can draw `{c}` (U+{:04X}) in `{line_text}`; {stem} shows {MISSING_GLYPH} in its place",
                    c as u32,
                ))
                .at(Span {
                    file: id,
                    start: offset as u32,
                    end: (offset + c.len_utf8()) as u32,
                    line,
                    col,
                })
                .note("put a font that has it in the workspace's fonts/ folder, or use --system-fonts"),
            );
        }
    }
    if out.is_empty() {
        out.push(Diagnostic::warning(format!(
            "no font can draw `{c}` (U+{:04X}) used by a template of {stem}; {MISSING_GLYPH} is shown in its place",
            c as u32
        )));
    }
    out
}
