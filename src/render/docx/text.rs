//! Text as runs: the pieces of a sentence with their character styles, and
//! free text (Markdown from the data) as paragraphs.
//!
//! In: strings from the view, or a free-text field. Out: [`Inline`] pieces
//! and [`Block`]s that [`super::blocks`] turns into docx-rs paragraphs and
//! runs. Nothing here writes a word of its own: a piece is a string of the
//! view, or the data's own text.

use docx_rs::Run;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::styles::{AMBER, EMPHASIS, RED, RED_MARK, STRONG, YELLOW_MARK};
use crate::analysis::Level;

/// A piece of a sentence and how it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Plain(String),
    /// 黑体 (仿宋 has no bold).
    Strong(String),
    /// 楷体.
    Emph(String),
    /// Coloured like a warning of this level, in words as the view has them.
    Level(Level, String),
    /// 【红色预警】 / 【黄色预警】: colour and words, so a black-and-white print keeps them.
    Mark(Level, String),
    /// A line break inside the paragraph.
    Break,
}

pub fn plain(s: impl Into<String>) -> Inline {
    Inline::Plain(s.into())
}

/// A block of free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Inline>),
    /// A list item: whether the list is numbered, which list of the text it
    /// is in (numbered lists restart), and its text.
    Item {
        ordered: bool,
        list: usize,
        text: Vec<Inline>,
    },
}

/// The runs of a sentence.
pub fn runs(pieces: &[Inline]) -> Vec<Run> {
    pieces
        .iter()
        .map(|p| match p {
            Inline::Plain(s) => Run::new().add_text(s),
            Inline::Strong(s) => Run::new().style(STRONG).add_text(s),
            Inline::Emph(s) => Run::new().style(EMPHASIS).add_text(s),
            Inline::Level(level, s) => Run::new().color(colour(*level)).add_text(s),
            Inline::Mark(level, s) => Run::new().style(mark_style(*level)).add_text(s),
            Inline::Break => Run::new().add_break(docx_rs::BreakType::TextWrapping),
        })
        .collect()
}

fn colour(level: Level) -> &'static str {
    match level {
        Level::Red => RED,
        Level::Yellow => AMBER,
    }
}

fn mark_style(level: Level) -> &'static str {
    match level {
        Level::Red => RED_MARK,
        Level::Yellow => YELLOW_MARK,
    }
}

/// Free text as blocks: paragraphs, list items; strong and emphasis kept,
/// code and links as their text (an edited document has no use for URLs it
/// cannot show; the Markdown keeps them), anything else as plain text.
pub fn markdown(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    // Open lists, innermost last: ordered, and the list's number.
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut list_count = 0;
    let mut style: Vec<fn(String) -> Inline> = Vec::new();
    let flush = |current: &mut Vec<Inline>, blocks: &mut Vec<Block>, lists: &[(bool, usize)]| {
        if current.is_empty() {
            return;
        }
        let text = std::mem::take(current);
        blocks.push(match lists.last() {
            Some(&(ordered, list)) => Block::Item {
                ordered,
                list,
                text,
            },
            None => Block::Para(text),
        });
    };
    for event in Parser::new(src) {
        match event {
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut blocks, &lists);
                list_count += 1;
                lists.push((start.is_some(), list_count));
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &mut blocks, &lists);
                lists.pop();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                flush(&mut current, &mut blocks, &lists);
            }
            Event::End(TagEnd::Heading(_)) => {
                style.pop();
                flush(&mut current, &mut blocks, &lists);
            }
            Event::Start(Tag::Strong | Tag::Heading { .. }) => style.push(Inline::Strong),
            Event::Start(Tag::Emphasis) => style.push(Inline::Emph),
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                style.pop();
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let make = style.last().copied().unwrap_or(Inline::Plain);
                current.push(make(t.into_string()));
            }
            Event::SoftBreak => current.push(plain("")),
            Event::HardBreak => current.push(Inline::Break),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks, &lists);
    blocks
}

/// Free text within a sentence (a task's note, a risk): one paragraph's pieces.
pub fn markdown_inline(src: &str) -> Vec<Inline> {
    let mut pieces = Vec::new();
    for (i, block) in markdown(src).into_iter().enumerate() {
        if i > 0 {
            pieces.push(Inline::Break);
        }
        match block {
            Block::Para(text) | Block::Item { text, .. } => pieces.extend(text),
        }
    }
    pieces
}

/// Every character of the pieces, for the tests' "the text holds …".
#[cfg(test)]
fn flat(pieces: &[Inline]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Inline::Plain(s)
            | Inline::Strong(s)
            | Inline::Emph(s)
            | Inline::Level(_, s)
            | Inline::Mark(_, s) => s.as_str(),
            Inline::Break => "\n",
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_keeps_strong_and_lists() {
        let blocks = markdown("先行**重点**推进。\n\n1. 第一项\n2. 第二项\n\n- 其他");
        assert_eq!(blocks.len(), 4);
        assert_eq!(
            blocks[0],
            Block::Para(vec![
                plain("先行"),
                Inline::Strong("重点".into()),
                plain("推进。")
            ])
        );
        assert!(
            matches!(&blocks[1], Block::Item { ordered: true, list: 1, text } if flat(text) == "第一项")
        );
        assert!(matches!(
            &blocks[2],
            Block::Item {
                ordered: true,
                list: 1,
                ..
            }
        ));
        assert!(matches!(
            &blocks[3],
            Block::Item {
                ordered: false,
                list: 2,
                ..
            }
        ));
    }

    #[test]
    fn inline_free_text_joins_paragraphs_with_a_break() {
        assert_eq!(flat(&markdown_inline("甲\n\n乙")), "甲\n乙");
        assert_eq!(
            flat(&markdown_inline("[链接](https://example.org)`x`")),
            "链接x"
        );
    }
}
