//! Rules on text itself, whatever field it is in.
//!
//! In: a text value read from the data. Out: the text as the documents will
//! show it, and diagnostics:
//!
//! - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
//!   are removed, with a warning at the value: they make a text display in
//!   another order than it is stored (a name or a figure read backwards), and
//!   no Chinese bulletin needs them;
//! - Markdown free text may nest block quotes, lists and emphasis at most
//!   [`MAX_NESTING`] levels: deeper text could not be typeset (Typst's parser
//!   stops at a fixed depth, and each level costs several), so it is refused
//!   here, at the data's line, rather than by the build at a line of
//!   generated Typst.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, SourceFiles, Span};

/// Deepest nesting of quotes, lists and emphasis in a Markdown free-text field.
/// Real notes use two or three levels.
pub const MAX_NESTING: usize = 8;

/// The bidirectional controls that reorder text on display.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without its bidirectional controls, and a warning at `span` if it had any.
pub(super) fn strip_bidi(text: &str, span: Span) -> (String, Option<Diagnostic>) {
    if !text.chars().any(is_bidi_control) {
        return (text.to_string(), None);
    }
    let mut found: Vec<String> = Vec::new();
    for c in text.chars().filter(|&c| is_bidi_control(c)) {
        let name = format!("U+{:04X}", c as u32);
        if !found.contains(&name) {
            found.push(name);
        }
    }
    let warning = Diagnostic::warning(format!(
        "this text holds bidirectional control characters ({}): they are removed from the documents",
        found.join(", ")
    ))
    .at(span)
    .label("here")
    .note("they make text display in another order than it is written (a name or a figure read backwards); kpibrief never shows them");
    (
        text.chars().filter(|&c| !is_bidi_control(c)).collect(),
        Some(warning),
    )
}

/// The first place a Markdown text nests deeper than [`MAX_NESTING`]: its
/// byte offset in the text and the depth reached.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(tag) if nests(&tag) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((range.start, depth));
                }
            }
            Event::End(end) if ends_nesting(end) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn nests(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
    )
}

fn ends_nesting(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
    )
}

/// The error for a Markdown value at `span` that nests too deep, on the
/// source line where it does when that line can be found: a literal `|`
/// block (or a one-line value) keeps the text's lines, each after its
/// indentation; other scalars are folded and get the value's line.
pub(super) fn nesting_error(files: &SourceFiles, span: Span, text: &str) -> Option<Diagnostic> {
    let (offset, _) = too_deep(text)?;
    let line_in_text = text[..offset].matches('\n').count();
    let file = files.get(span.file);
    let wanted = text.lines().nth(line_in_text).unwrap_or("");
    let line = span.line as usize + line_in_text;
    let found = file.line_starts().get(line - 1).and_then(|&start| {
        let end = file.text[start..]
            .find('\n')
            .map_or(file.text.len(), |i| start + i);
        let source = &file.text[start..end];
        // The text's line, after nothing but indentation (or, on the value's
        // own line, after the key).
        let at = source.rfind(wanted).filter(|&i| {
            !wanted.is_empty()
                && i + wanted.len() == source.len()
                && (source[..i].bytes().all(|b| b == b' ') || line_in_text == 0)
        })? + (wanted.len() - wanted.trim_start_matches(' ').len());
        Some(Span {
            file: span.file,
            start: (start + at) as u32,
            end: end as u32,
            line: line as u32,
            col: source[..at].chars().count() as u32 + 1,
        })
    });
    let mut d = Diagnostic::error(format!(
        "this text nests quotes, lists or emphasis more than {MAX_NESTING} levels deep"
    ))
    .at(found.unwrap_or(span))
    .label(format!("level {} is reached on this line", MAX_NESTING + 1))
    .note(format!(
        "free text may nest at most {MAX_NESTING} levels (`> `, list items, `*…*`, links); deeper text cannot be typeset"
    ));
    if found.is_none() && line_in_text > 0 {
        d = d.note(format!("it is on line {} of the text", line_in_text + 1));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_quotes_lists_and_emphasis() {
        assert_eq!(too_deep("> > a"), None);
        assert!(too_deep(&format!("{}a", "> ".repeat(9))).is_some());
        assert_eq!(too_deep(&format!("{}a", "> ".repeat(8))), None);
        let lists: String = (0..9).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
        assert!(too_deep(&lists).is_some());
    }

    #[test]
    fn bidi_controls_are_removed() {
        let span = Span {
            file: crate::diagnostic::FileId(0),
            start: 0,
            end: 0,
            line: 1,
            col: 1,
        };
        let (text, w) = strip_bidi("甲\u{202E}乙\u{2066}", span);
        assert_eq!(text, "甲乙");
        assert!(w.unwrap().message.contains("U+202E, U+2066"));
        assert!(strip_bidi("甲乙", span).1.is_none());
    }
}
