//! Making text from the data safe in each output, automatically.
//!
//! Tera calls [`typst_text`] or [`markdown_text`] on every value a template
//! prints (its autoescape), so a template cannot forget: text from the data
//! can never run Typst code, read a file, start a heading, break a table or
//! inject HTML. Free-text Markdown fields go through [`super::markdown`]
//! instead, which builds safe output from pulldown-cmark's events.

/// Longest run of characters without a break opportunity before a
/// zero-width space is inserted, so that a 5,000-character "word" wraps
/// instead of running off the page.
const MAX_UNBROKEN: usize = 24;

/// Whether a line may break after `c` anyway (spaces, CJK ideographs and
/// punctuation break freely in Chinese text).
fn breaks(c: char) -> bool {
    c.is_whitespace()
        || matches!(c as u32,
            0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Text for Typst markup: every ASCII punctuation character escaped with a
/// backslash (so `#`, `$`, `*`, `_`, `<`, `@`, `=`, `/`, `[`, … are plain
/// characters), line breaks folded to spaces, and long unbroken runs given
/// break opportunities.
pub fn typst_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut run = 0;
    for c in s.chars() {
        match c {
            '\r' => continue,
            '\n' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Controls have no glyph and no meaning in a briefing.
            c if c.is_control() => continue,
            c => out.push(c),
        }
        run = if breaks(c) { 0 } else { run + 1 };
        if run >= MAX_UNBROKEN {
            out.push('\u{200B}');
            run = 0;
        }
    }
    out
}

/// Text inside a Typst string literal (`"…"`): only `\` and `"` are special.
pub fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown: the characters with an inline meaning in CommonMark
/// or GFM escaped with a backslash (so `|` cannot end a table cell, `<`
/// cannot start HTML, `&` cannot start an entity, `*` and `_` cannot
/// emphasise), a line-starting marker (`#`, `-`, `+`, `=`, `1.`) escaped,
/// leading spaces written as `&#32;` (a value may start a line, where
/// spaces would indent it into a heading or a code block), and line breaks
/// folded to spaces so a value stays within its line or cell. Other
/// punctuation is left alone so that the raw file still reads well.
pub fn markdown_text(s: &str) -> String {
    markdown_escape(s, true)
}

/// [`markdown_text`], where `line_start` says whether the text may begin a
/// line (only then are its leading spaces written as entities).
pub fn markdown_escape(s: &str, line_start: bool) -> String {
    // Controls have no glyph and no meaning in a briefing; they are dropped
    // first, so that the markers below are found where the text really starts.
    let s: String = s
        .chars()
        .filter(|&c| c != '\r' && !(c.is_control() && c != '\n' && c != '\t'))
        .collect();
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let chars: Vec<char> = s.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    // A marker only means something when a blank (or the end) follows it:
    // "85.90", "+1.20" and "-0.55" are figures, not list items, and are
    // written as they are, readable in a plain-text mail (writing.md).
    let blank_after = |i: usize| chars.get(i + 1).is_none_or(|c| c.is_whitespace());
    // A line of only `=` or `-` would underline the line before it.
    let rule_line = !s.trim().is_empty()
        && (s.trim().chars().all(|c| c == '=') || s.trim().chars().all(|c| c == '-'));
    let mut leading = line_start;
    for (i, c) in chars.iter().copied().enumerate() {
        let at_start_marker = (i == 0 && matches!(c, '#' | '-' | '+') && blank_after(i))
            || (i == 0 && rule_line)
            || (i == digits && digits > 0 && matches!(c, '.' | ')') && blank_after(i));
        if leading && matches!(c, ' ' | '\t' | '\n') {
            out.push_str("&#32;");
            continue;
        }
        leading = false;
        match c {
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if at_start_marker => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_specials_are_escaped() {
        assert_eq!(
            typst_text("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(
            typst_text("$x$ @ref <l> = a"),
            "\\$x\\$ \\@ref \\<l\\> \\= a"
        );
        assert_eq!(typst_text("第一行\n第二行"), "第一行 第二行");
    }

    #[test]
    fn long_runs_get_break_opportunities() {
        let s = "a".repeat(100);
        let t = typst_text(&s);
        assert_eq!(t.matches('\u{200B}').count(), 4);
        assert_eq!(t.replace('\u{200B}', ""), s);
        // Chinese breaks anywhere already.
        assert!(!typst_text(&"中".repeat(100)).contains('\u{200B}'));
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(markdown_text("a|b <script>"), "a\\|b \\<script\\>");
        assert_eq!(markdown_text("# 标题\n- 项"), "\\# 标题 - 项");
        assert_eq!(markdown_text("1. 第一"), "1\\. 第一");
        assert_eq!(markdown_text("city-07 得分 3.5"), "city-07 得分 3.5");
        // Leading spaces would indent a line into a heading or code block.
        assert_eq!(markdown_text("   # 标题"), "&#32;&#32;&#32;# 标题");
        assert_eq!(markdown_escape(" 续", false), " 续");
        // Dropped controls do not hide a marker or leading spaces (found by fuzzing).
        assert_eq!(markdown_text("\u{7}   # 标题"), "&#32;&#32;&#32;# 标题");
        assert_eq!(markdown_text("\u{0}#"), "\\#");
    }

    #[test]
    fn figures_are_not_escaped() {
        for figure in [
            "85.90",
            "+1.20",
            "-0.55",
            "\u{2212}0.55",
            "2026-W14",
            "#1号",
        ] {
            assert_eq!(markdown_text(figure), figure);
        }
        assert_eq!(markdown_text("+ 项"), "\\+ 项");
        assert_eq!(markdown_text("==="), "\\===");
        assert_eq!(markdown_text("1."), "1\\.");
    }

    #[test]
    fn typst_strings() {
        assert_eq!(typst_string("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
