//! Free-text fields (notes, risks, requirements, explanations) are
//! CommonMark. They are parsed with pulldown-cmark and rebuilt from its
//! events, keeping emphasis, strong, lists, links, inline code, quotes and
//! code blocks, and turning everything else into plain text:
//!
//! - for the PDF, into Typst markup ([`to_typst`]);
//! - for the `.md`, into a safe subset of Markdown ([`to_markdown`]).
//!
//! Raw HTML becomes visible text; headings become bold paragraphs (data
//! cannot add sections to a briefing); images become their description
//! (nothing is ever loaded); only `http`, `https` and `mailto` links stay
//! links. Text goes through the same escaping as every other value.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::escape::{markdown_text, typst_string, typst_text};

/// Where the converted text goes: a block of its own, or a table cell / line
/// (paragraphs and list items run on, separated by `；`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    Inline,
}

fn safe_url(url: &str) -> Option<&str> {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        .then_some(url)
}

/// The events of plain CommonMark (no tables or footnotes), with every image
/// replaced by the text of its description: nothing is ever loaded.
fn events(src: &str) -> impl Iterator<Item = Event<'_>> {
    let mut in_image = 0usize;
    Parser::new(src).filter_map(move |event| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Text(t) | Event::Code(t) if in_image > 0 => Some(Event::Text(t)),
        _ if in_image > 0 => None,
        other => Some(other),
    })
}

/// CommonMark → Typst markup.
pub fn to_typst(src: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(src.len() * 2);
    // Per open list: whether an item has been written (for separators).
    let mut lists: Vec<bool> = Vec::new();
    let mut blocks_started = 0usize;
    let mut in_code_block: Option<String> = None;
    let block_sep = |out: &mut String, started: &mut usize, in_list: bool| {
        if *started > 0 && !in_list {
            out.push_str(if mode == Mode::Block { "\n\n" } else { "；" });
        }
        *started += 1;
    };
    for event in events(src) {
        if let Some(code) = &mut in_code_block {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = in_code_block.take().unwrap_or_default();
                    let block = if mode == Mode::Block { "true" } else { "false" };
                    out.push_str(&format!(
                        "#raw(block: {block}, \"{}\")",
                        typst_string(code.trim_end_matches('\n'))
                    ));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                let in_list = lists.last().is_some();
                block_sep(&mut out, &mut blocks_started, in_list);
            }
            Event::End(TagEnd::Paragraph) if lists.last().is_some() && mode == Mode::Block => {
                out.push(' ');
            }
            Event::Start(Tag::Heading { .. }) => {
                let in_list = lists.last().is_some();
                block_sep(&mut out, &mut blocks_started, in_list);
                out.push_str("#strong[");
            }
            Event::End(TagEnd::Heading(_)) => out.push(']'),
            Event::Start(Tag::BlockQuote(_)) => {
                block_sep(&mut out, &mut blocks_started, false);
                if mode == Mode::Block {
                    out.push_str("#quote(block: true)[");
                } else {
                    out.push('“');
                }
                blocks_started = 0;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                out.push(if mode == Mode::Block { ']' } else { '”' });
                blocks_started = 1;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                let in_list = lists.last().is_some();
                block_sep(&mut out, &mut blocks_started, in_list);
                in_code_block = Some(String::new());
            }
            Event::Start(Tag::List(first)) => {
                let in_list = lists.last().is_some();
                if mode == Mode::Block {
                    if !in_list {
                        block_sep(&mut out, &mut blocks_started, false);
                    }
                    match first {
                        Some(n) => out.push_str(&format!("#enum(start: {n}, ")),
                        None => out.push_str("#list("),
                    }
                } else if !in_list {
                    block_sep(&mut out, &mut blocks_started, false);
                }
                lists.push(false);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if mode == Mode::Block {
                    out.push(')');
                }
            }
            Event::Start(Tag::Item) => {
                let started = lists
                    .last_mut()
                    .map(|s| std::mem::replace(s, true))
                    .unwrap_or(false);
                if mode == Mode::Block {
                    if started {
                        out.push_str(", ");
                    }
                    out.push('[');
                } else if started {
                    out.push('；');
                }
            }
            Event::End(TagEnd::Item) if mode == Mode::Block => {
                out.push(']');
            }
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::Start(Tag::Strikethrough) => out.push_str("#strike["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => match safe_url(&dest_url) {
                Some(url) => {
                    out.push_str(&format!("#link(\"{}\")[", typst_string(url)));
                }
                None => out.push_str("#["),
            },
            Event::End(TagEnd::Link) => {
                out.push(']');
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&typst_text(&t)),
            Event::Code(t) => out.push_str(&format!("#raw(\"{}\")", typst_string(&t))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str(if mode == Mode::Block { "\\\n" } else { " " }),
            Event::Rule if mode == Mode::Block => {
                block_sep(&mut out, &mut blocks_started, false);
                out.push_str("#line(length: 100%, stroke: 0.5pt)");
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(&typst_text(&t)),
            Event::FootnoteReference(t) => out.push_str(&typst_text(&t)),
            Event::TaskListMarker(done) => out.push_str(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }
    out
}

/// The fence of a code span or block: one backtick more than the longest run inside.
fn fence(text: &str, min: usize) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(min))
}

/// CommonMark → a safe subset of Markdown.
pub fn to_markdown(src: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    // Per open list: the next number (None: bullets) and whether an item was written.
    let mut lists: Vec<(Option<u64>, bool)> = Vec::new();
    let mut quote = 0usize;
    let mut blocks = 0usize;
    let mut in_code_block: Option<String> = None;
    let mut links: Vec<Option<String>> = Vec::new();
    let newline = |out: &mut String, lists: &[(Option<u64>, bool)], quote: usize| {
        out.push('\n');
        for _ in 0..quote {
            out.push_str("> ");
        }
        for _ in 0..lists.len() {
            out.push_str("   ");
        }
    };
    // Between two blocks: a blank line, or `；` when everything runs on in one line.
    let block_break =
        |out: &mut String, lists: &[(Option<u64>, bool)], quote: usize, blocks: &mut usize| {
            if *blocks > 0 {
                if mode == Mode::Block {
                    newline(out, lists, quote);
                    newline(out, lists, quote);
                } else {
                    out.push('；');
                }
            }
            *blocks += 1;
        };
    for event in events(src) {
        if let Some(code) = &mut in_code_block {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = in_code_block.take().unwrap_or_default();
                    let code = code.trim_end_matches('\n');
                    if mode == Mode::Block {
                        let f = fence(code, 3);
                        out.push_str(&f);
                        for line in code.lines() {
                            newline(&mut out, &lists, quote);
                            out.push_str(line);
                        }
                        newline(&mut out, &lists, quote);
                        out.push_str(&f);
                    } else {
                        let flat = code.replace('\n', " ").replace('|', "\\|");
                        let f = fence(&flat, 1);
                        out.push_str(&format!("{f} {flat} {f}"));
                    }
                }
                _ => {}
            }
            continue;
        }
        let in_item = !lists.is_empty();
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) if !in_item => {
                block_break(&mut out, &lists, quote, &mut blocks);
                if let Event::Start(Tag::Heading { .. }) = event {
                    out.push_str("**");
                }
                if let Event::Start(Tag::CodeBlock(_)) = event {
                    in_code_block = Some(String::new());
                }
            }
            Event::Start(Tag::Heading { .. }) => out.push_str("**"),
            Event::Start(Tag::CodeBlock(_)) => in_code_block = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.push_str("**"),
            Event::Start(Tag::BlockQuote(_)) => {
                if mode == Mode::Block {
                    if blocks > 0 {
                        newline(&mut out, &lists, quote);
                        newline(&mut out, &lists, quote);
                    }
                    quote += 1;
                    out.push_str("> ");
                    blocks = 0;
                } else {
                    out.push('“');
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if mode == Mode::Block {
                    quote = quote.saturating_sub(1);
                } else {
                    out.push('”');
                }
                blocks = 1;
            }
            Event::Start(Tag::List(first)) => {
                if lists.is_empty() {
                    block_break(&mut out, &lists, quote, &mut blocks);
                }
                lists.push((first, false));
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let depth = lists.len();
                if let Some((number, started)) = lists.last_mut() {
                    let marker = match number {
                        Some(n) => {
                            let m = format!("{n}. ");
                            *n += 1;
                            m
                        }
                        None => "- ".to_string(),
                    };
                    let was_started = std::mem::replace(started, true);
                    if mode == Mode::Block {
                        if was_started || depth > 1 || !out.is_empty() {
                            out.push('\n');
                            for _ in 0..quote {
                                out.push_str("> ");
                            }
                            for _ in 1..depth {
                                out.push_str("   ");
                            }
                        }
                        out.push_str(&marker);
                    } else if was_started {
                        out.push('；');
                    }
                }
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                out.push_str("~~")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = safe_url(&dest_url).map(|u| {
                    u.replace('<', "%3C")
                        .replace('>', "%3E")
                        .replace(' ', "%20")
                });
                if url.is_some() {
                    out.push('[');
                }
                links.push(url);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = links.pop() {
                    out.push_str(&format!("](<{url}>)"));
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&markdown_text(&t))
            }
            Event::Code(t) => {
                let t = if mode == Mode::Inline {
                    t.replace('|', "\\|")
                } else {
                    t.to_string()
                };
                let f = fence(&t, 1);
                let pad = if t.starts_with('`') || t.ends_with('`') {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{f}{pad}{t}{pad}{f}"));
            }
            Event::SoftBreak => {
                if mode == Mode::Block {
                    newline(&mut out, &lists, quote);
                } else {
                    out.push(' ');
                }
            }
            Event::HardBreak => {
                if mode == Mode::Block {
                    out.push('\\');
                    newline(&mut out, &lists, quote);
                } else {
                    out.push(' ');
                }
            }
            Event::Rule if mode == Mode::Block => {
                newline(&mut out, &lists, quote);
                out.push_str("---");
                newline(&mut out, &lists, quote);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                out.push_str(&markdown_text(&t))
            }
            Event::TaskListMarker(done) => out.push_str(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_keeps_emphasis_lists_links_code() {
        let t = to_typst(
            "**重点**与*一般*，见 [通知](https://example.org/a?b=1) 和 `x|y`\n\n- 甲\n- 乙",
            Mode::Block,
        );
        assert_eq!(
            t,
            "#strong[重点]与#emph[一般]，见 #link(\"https://example.org/a?b=1\")[通知] 和 #raw(\"x|y\")\n\n#list([甲], [乙])"
        );
    }

    #[test]
    fn typst_neutralises_code_and_html() {
        let t = to_typst(
            "#read(\"/etc/passwd\") <script>alert(1)</script> $x$",
            Mode::Block,
        );
        assert!(!t.replace("\\#", "").contains('#'), "{t}");
        assert!(t.starts_with("\\#read\\("), "{t}");
        let t = to_typst("[x](javascript:alert(1)) ![图](/etc/passwd)", Mode::Block);
        assert!(!t.contains("javascript") && !t.contains("passwd"), "{t}");
    }

    #[test]
    fn inline_mode_runs_on() {
        assert_eq!(to_typst("第一段\n\n第二段", Mode::Inline), "第一段；第二段");
        assert_eq!(to_markdown("- 甲\n- 乙", Mode::Inline), "甲；乙");
        assert_eq!(to_markdown("a | b", Mode::Inline), "a \\| b");
    }

    #[test]
    fn markdown_is_rebuilt_safely() {
        assert_eq!(
            to_markdown("# 标题\n\n正文 <b>粗</b>", Mode::Block),
            "**标题**\n\n正文 \\<b\\>粗\\</b\\>"
        );
        assert_eq!(to_markdown("1. 一\n2. 二", Mode::Block), "1. 一\n2. 二");
        assert_eq!(
            to_markdown("见[链接](http://a.b/c) 与 [坏](javascript:x)", Mode::Block),
            "见[链接](<http://a.b/c>) 与 坏"
        );
    }
}
