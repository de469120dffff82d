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

use super::escape::{typst_string, typst_text};

/// Where the converted text goes: a block of its own, or a table cell / line
/// (paragraphs and list items run on, separated by `；`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    Inline,
}

pub(super) fn safe_url(url: &str) -> Option<&str> {
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

/// CommonMark → a safe subset of Markdown ([`super::md_writer`]).
pub fn to_markdown(src: &str, mode: Mode) -> String {
    super::md_writer::write(events(src), mode, Default::default()).0
}

/// [`to_markdown`] for a text placed right after another field's text
/// (`previous`, converted the same way): a list starting `src` gets other
/// markers than a list ending `previous`, so the two stay two lists.
pub fn to_markdown_after(src: &str, mode: Mode, previous: &str) -> String {
    let (_, ending) = super::md_writer::write(events(previous), mode, Default::default());
    super::md_writer::write(events(src), mode, ending).0
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

    #[test]
    fn markdown_keeps_every_block_in_its_container() {
        // The item's content is indented by its marker's width (four for `10.`).
        assert_eq!(
            to_markdown(
                "10. 十\n\n    ```\n    代码\n    ```\n11. 十一",
                Mode::Block
            ),
            "10. 十\n    \n    ```\n    代码\n    ```\n\n11. 十一"
        );
        // An escaped marker split over two text events stays escaped.
        assert_eq!(to_markdown("1\\. 不是列表", Mode::Block), "1\\. 不是列表");
        // A rule is never `---` (a heading under text, a rule as `- ---`).
        assert_eq!(to_markdown("- ***", Mode::Block), "- ***");
        // `- - -` is a rule: nested bullets alternate.
        assert_eq!(to_markdown("- + - 甲", Mode::Block), "- + - 甲");
        // A link target cannot end a table cell.
        assert_eq!(
            to_markdown("[p](http://a|b)", Mode::Inline),
            "[p](<http://a%7Cb>)"
        );
        // Two lists in two fields stay two lists.
        assert_eq!(to_markdown_after("1. 乙", Mode::Block, "1. 甲"), "1) 乙");
    }
}
