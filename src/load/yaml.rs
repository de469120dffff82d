//! A YAML document as a tree of nodes that remember where they are.
//!
//! Built from saphyr-parser's event stream rather than through serde, because
//! kpibrief must report *every* problem in a file with its position (serde
//! stops at the first), must see scalars exactly as written (so `92.35` stays
//! an exact decimal and `60%` a percentage), and must bound the work a hostile
//! file can cause: nesting depth, node count (alias bombs) are limited.

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diagnostic::{Diagnostic, FileId, SourceFile, Span};

/// Deepest nesting of sequences and mappings a data file may have.
/// Real kpibrief files need four levels; this leaves room without risking the stack.
pub const MAX_DEPTH: usize = 64;
/// Most nodes a file may expand to, aliases included: far above any real
/// workspace (a province-scale tasks file is ~50,000) and far below memory trouble.
pub const MAX_NODES: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar exactly as written; `plain` is false for quoted and block scalars.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A plain scalar spelling null (`~`, `null`, nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// What a node is, in words, for "found: …" notes.
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => "nothing (null)".to_string(),
            NodeKind::Scalar { text, .. } => {
                let shown: String = text.chars().take(40).collect();
                let more = if text.chars().count() > 40 { "…" } else { "" };
                format!("`{shown}{more}`")
            }
            NodeKind::Seq(_) => "a list".to_string(),
            NodeKind::Map(_) => "a mapping".to_string(),
        }
    }

    fn count(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar { .. } => 1,
            NodeKind::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            NodeKind::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(k, v)| k.count() + v.count())
                    .sum::<usize>()
            }
        }
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: Span,
        anchor: usize,
    },
}

/// Parse one YAML document. An empty file (or one of only comments) gives `Ok(None)`.
pub fn parse(file: FileId, source: &SourceFile) -> Result<Option<Node>, Diagnostic> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    let mut aliases = 0usize;

    let span_of = |s: saphyr_parser::Span| -> Span {
        let start = source.offset(s.start.line(), s.start.col());
        let end = source.offset(s.end.line(), s.end.col()).max(start);
        Span {
            file,
            start: start as u32,
            end: end as u32,
            line: s.start.line() as u32,
            col: s.start.col() as u32 + 1,
        }
    };

    for event in Parser::new_from_str(&source.text) {
        let (event, raw_span) = event.map_err(|e| {
            let m = e.marker();
            let start = source.offset(m.line(), m.col());
            let span = Span {
                file,
                start: start as u32,
                end: start as u32,
                line: m.line() as u32,
                col: m.col() as u32 + 1,
            };
            if e.info().contains("recursion limit") {
                return too_deep(span);
            }
            Diagnostic::error(format!("this is not valid YAML: {}", e.info()))
                .at(span)
                .label("the YAML parser stopped here")
        })?;
        let span = span_of(raw_span);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::error("a data file holds one YAML document")
                        .at(span)
                        .label("a second document starts here")
                        .note(
                            "remove the `---` line, or move what follows into a file of its own",
                        ));
                }
                None
            }
            Event::Alias(id) => {
                aliases += 1;
                let Some((_, target)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(Diagnostic::error("alias to an unknown anchor").at(span));
                };
                nodes += target.count();
                if nodes > MAX_NODES {
                    return Err(too_many_nodes(span, aliases));
                }
                let mut copy = target.clone();
                copy.span = span;
                Some((copy, 0))
            }
            Event::Scalar(text, style, anchor, _tag) => {
                nodes += 1;
                let plain = style == ScalarStyle::Plain;
                Some((
                    Node {
                        kind: NodeKind::Scalar {
                            text: text.into_owned(),
                            plain,
                        },
                        span,
                    },
                    anchor,
                ))
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span,
                    anchor,
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start: span,
                    anchor,
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    start,
                    anchor,
                }) => {
                    nodes += 1;
                    Some((
                        Node {
                            kind: NodeKind::Seq(items),
                            span: start,
                        },
                        anchor,
                    ))
                }
                _ => return Err(Diagnostic::error("unbalanced YAML sequence").at(span)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    entries,
                    start,
                    anchor,
                    ..
                }) => {
                    nodes += 1;
                    Some((
                        Node {
                            kind: NodeKind::Map(entries),
                            span: start,
                        },
                        anchor,
                    ))
                }
                _ => return Err(Diagnostic::error("unbalanced YAML mapping").at(span)),
            },
        };
        if nodes > MAX_NODES {
            return Err(too_many_nodes(span, aliases));
        }
        let Some((node, anchor)) = finished else {
            continue;
        };
        if anchor != 0 {
            anchors.push((anchor, node.clone()));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// The node limit was hit: say which limit, and blame aliases only when the file has some.
fn too_many_nodes(span: Span, aliases: usize) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "this file holds more than {MAX_NODES} YAML values (keys, scalars, lists and mappings): the most kpibrief reads in one file"
    ))
    .at(span)
    .label("the limit is reached here");
    if aliases > 0 {
        d.note("it uses aliases (`*name`): each repeats its anchor's values, and anchors of anchors multiply them")
    } else {
        d.note("a province-scale tasks file holds about 50,000: split the data, or check that this is the right file")
    }
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(format!(
        "nested more than {MAX_DEPTH} levels deep: this is not kpibrief data"
    ))
    .at(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Option<Node>, Diagnostic> {
        let f = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        parse(FileId(0), &f)
    }

    #[test]
    fn scalars_keep_their_text_and_position() {
        let node = parse_str("a: 92.35\nb: '60%'\n").unwrap().unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("not a map")
        };
        let (k, v) = &entries[1];
        assert_eq!(k.span.line, 2);
        assert_eq!(
            v.kind,
            NodeKind::Scalar {
                text: "60%".into(),
                plain: false
            }
        );
        assert_eq!((v.span.line, v.span.col), (2, 4));
    }

    #[test]
    fn empty_document_is_none() {
        assert_eq!(parse_str("# only a comment\n").unwrap(), None);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse_str(&text).unwrap_err();
        assert!(
            err.message.contains("more than 1000000 YAML values"),
            "{err:?}"
        );
        assert!(err.notes[0].contains("aliases"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        for depth in [100, 10_000] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let err = parse_str(&text).unwrap_err();
            assert!(err.message.contains("nested more than"), "{err:?}");
        }
        let block: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let err = parse_str(&block).unwrap_err();
        assert!(err.message.contains("nested more than"), "{err:?}");
    }
}
