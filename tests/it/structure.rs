//! The structure oracle: free text from the data cannot change a document's
//! structure. Shared by the integration tests (`markdown_structure.rs`) and
//! the `free_text` fuzz target, which includes this file.
//!
//! In: a literal value (put into every name and label of the minimal
//! workspace) and a free text (put into every Markdown field: notes, risks,
//! requirements, explanations, the month's notes and next steps). Out: the
//! weekly and monthly Markdown and Typst sources, rendered through the
//! library, compared with those of a baseline workspace whose names are plain
//! and whose Markdown fields hold a marker word:
//!
//! - the structure of each document (Markdown: headings, tables, rows,
//!   cells, lists, items, code blocks, quotes, rules; Typst: every syntax
//!   node except text) is the baseline's, where each block-field marker is
//!   replaced by the structure of that field converted on its own (the
//!   Markdown the user wrote stays theirs, and stays inside its block);
//! - an inline field converted on its own is at most one paragraph;
//! - the Typst sources parse without errors.

#![allow(dead_code)]

use std::path::Path;

use kpibrief::analysis;
use kpibrief::render::Templates;
use kpibrief::render::markdown::{self, Mode};
use kpibrief::view::{FontFamilies, MonthlyView, WeeklyView};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::minimal;

/// The marker of the baseline's inline Markdown fields (notes, risks).
pub const INLINE_MARKER: &str = "ZQXINL";
/// The marker of the baseline's block Markdown fields.
pub const BLOCK_MARKER: &str = "ZQXBLK";
/// The baseline's names and labels.
pub const PLAIN: &str = "甲乙";

/// A YAML double-quoted scalar holding exactly `s`.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The minimal workspace, a week and a month with an explanation, every name
/// and label set to `literal` (with a suffix where names must differ) and
/// the Markdown fields shown in a line or a table cell (notes, risks) to
/// `inline`, the others to `block`.
pub fn workspace_files(literal: &str, inline: &str, block: &str) -> Vec<(String, Vec<u8>)> {
    let l = |suffix: &str| yaml_quoted(&format!("{literal}{suffix}"));
    let i = yaml_quoted(inline);
    let t = yaml_quoted(block);
    let sub = |src: &str, pairs: &[(&str, String)]| {
        pairs
            .iter()
            .fold(src.to_string(), |s, (from, to)| s.replace(from, to))
    };
    let config = sub(
        minimal::CONFIG,
        &[
            ("organization: 测试局", format!("organization: {}", l(""))),
            (
                "principal: 王局长",
                format!("principal: {}\nissuer: {}\ncc: [{}]", l(""), l(""), l("")),
            ),
            ("name: 第一序列", format!("name: {}", l("1"))),
            ("name: 第二梯队", format!("name: {}", l("2"))),
            ("name: 第三梯队", format!("name: {}", l("3"))),
        ],
    );
    let units = sub(
        minimal::UNITS,
        &[
            ("name: 李一", format!("name: {}", l("1"))),
            ("name: 张二", format!("name: {}", l("2"))),
            ("title: 副局长", format!("title: {}", l(""))),
            ("name: 办公室", format!("name: {}", l("3"))),
            ("name: 政策科", format!("name: {}", l("4"))),
            ("name: 东区", format!("name: {}", l("5"))),
            ("head: 赵甲", format!("head: {}", l(""))),
            ("head: 钱乙", format!("head: {}", l(""))),
            ("head: 孙丙", format!("head: {}", l(""))),
        ],
    );
    let peers: Vec<(&str, String)> = ["一市局", "二市局", "本局", "四市局", "五市局", "六市局"]
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, l(&i.to_string())))
        .collect();
    let peers = sub(minimal::PEERS, &peers);
    let indicators = sub(
        minimal::INDICATORS,
        &[
            ("name: 指标一", format!("name: {}", l("1"))),
            ("name: 指标二", format!("name: {}", l("2"))),
            ("name: 专项一", format!("name: {}", l("3"))),
            ("name: 满意度", format!("name: {}", l("4"))),
            ("name: 创新加分", format!("name: {}", l("5"))),
            ("name: 安全扣分", format!("name: {}", l("6"))),
            ("name: 一季度", format!("name: {}", l("7"))),
            ("name: 二季度", format!("name: {}", l("8"))),
        ],
    );
    let tasks = sub(
        minimal::TASKS,
        &[
            ("title: 任务一", format!("title: {}", l("1"))),
            ("title: 任务二", format!("title: {}", l("2"))),
            ("title: 任务三", format!("title: {}", l("3"))),
            ("title: 任务四", format!("title: {}", l("4"))),
            ("owner: 周一", format!("owner: {}", l(""))),
            ("owner: 吴二", format!("owner: {}", l(""))),
            ("owner: 郑三", format!("owner: {}", l(""))),
            ("owner: 王四", format!("owner: {}", l(""))),
        ],
    );
    let week = format!(
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - {{ task: T1, progress: 40%, note: {i} }}\n  - {{ task: T2, progress: 10%, note: {i} }}\nrisks:\n  - {{ unit: u1, level: high, text: {i} }}\nrequirements: {t}\n"
    );
    let month = format!(
        "month: 2026-03\npublished: 2026-04-10\nscope: {}\nranking: {{ p1: 92, p2: 90, p3: 90, p4: 88, p5: 88, p6: 80 }}\nindicators: {{ K1: {{ score: 9 }}, K2: {{ score: 7 }}, S1: {{ score: 1 }}, E1: {{ score: 9 }} }}\nnotes: {t}\nnext_steps: {t}\n",
        l("")
    );
    let explanation = format!(
        "unit: u2\nmonth: 2026-03\nsubmitted: 2026-04-12\nreasons: {t}\nmeasures: {t}\ncommitment: {t}\n"
    );
    [
        ("config.yaml", config),
        ("units.yaml", units),
        ("peers.yaml", peers),
        ("indicators.yaml", indicators),
        ("tasks.yaml", tasks),
        ("weekly/2026-W03.yaml", week),
        ("monthly/2026-03.yaml", month),
        ("explanations/2026-03/u2.yaml", explanation),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t.into_bytes()))
    .collect()
}

/// The four sources of a workspace: weekly and monthly, Markdown and Typst.
#[derive(Debug, Clone)]
pub struct Sources {
    pub weekly_md: String,
    pub weekly_typ: String,
    pub monthly_md: String,
    pub monthly_typ: String,
}

/// Check the workspace and render its week and month; `None` when it does
/// not check (the checker refused the values: nothing to compare).
pub fn render(files: &[(String, Vec<u8>)]) -> Option<Sources> {
    let checked = kpibrief::check::check(kpibrief::load::load_memory(Path::new("ws"), files));
    let ws = checked.workspace?;
    static TEMPLATES: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
    let templates =
        TEMPLATES.get_or_init(|| Templates::load(None).expect("the built-in templates load"));
    let week = "2026-W03".parse().expect("a week");
    let month = "2026-03".parse().expect("a month");
    let wb = analysis::weekly(&ws, week).ok()?;
    let weekly = kpibrief::render::weekly(
        templates,
        &WeeklyView::new(&ws, FontFamilies::new(), week, &wb),
        true,
    )
    .expect("the weekly templates render");
    let mb = analysis::monthly(&ws, month).ok()?;
    let monthly = kpibrief::render::monthly(
        templates,
        &MonthlyView::new(&ws, FontFamilies::new(), month, &mb),
        true,
    )
    .expect("the monthly templates render");
    Some(Sources {
        weekly_md: weekly.markdown.unwrap_or_default(),
        weekly_typ: weekly.typst,
        monthly_md: monthly.markdown.unwrap_or_default(),
        monthly_typ: monthly.typst,
    })
}

/// The outcome of a comparison.
#[derive(Debug)]
pub enum Outcome {
    /// Every document has the baseline's structure.
    Same,
    /// The checker refused the workspace: nothing was rendered.
    Refused,
    /// The text is blank (spaces and controls only): an absent field.
    Blank,
}

/// Compare the documents made with `literal` names and `text` free text
/// against the baseline; `Err` says where the structure differs.
pub fn compare(literal: &str, text: &str) -> Result<Outcome, String> {
    if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return Ok(Outcome::Blank);
    }
    static BASE: std::sync::OnceLock<Option<Sources>> = std::sync::OnceLock::new();
    let base = BASE.get_or_init(|| render(&workspace_files(PLAIN, INLINE_MARKER, BLOCK_MARKER)));
    let Some(base) = base else {
        return Err("the baseline workspace does not check".into());
    };
    let Some(hostile) = render(&workspace_files(literal, text, text)) else {
        return Ok(Outcome::Refused);
    };
    // An inline field on its own is at most one paragraph.
    let inline = markdown::to_markdown(text, Mode::Inline);
    let alone = md_tree(&inline);
    if alone.len() > 1 || alone.first().is_some_and(|n| n.kind != "Paragraph") {
        return Err(format!(
            "inline Markdown {inline:?} is not one paragraph: {alone:?}"
        ));
    }
    let converted = markdown::to_markdown(text, Mode::Block);
    faithful(text, &converted)?;
    let block_md = md_tree(&converted);
    // GitHub splits table cells at every `|` not escaped, whatever inline
    // element it is in (pulldown-cmark keeps links whole): none may be left.
    if let Some(at) = unescaped_pipe(&inline) {
        return Err(format!(
            "inline Markdown {inline:?}: a bare `|` at byte {at}"
        ));
    }
    let block_typ = markdown::to_typst(text, Mode::Block);
    let inline_typ = markdown::to_typst(text, Mode::Inline);
    for (name, b, h) in [
        ("weekly.md", &base.weekly_md, &hostile.weekly_md),
        ("monthly.md", &base.monthly_md, &hostile.monthly_md),
    ] {
        let mut expected = Vec::new();
        md_tokens(&md_tree(b), Some(&block_md), &mut expected);
        let mut got = Vec::new();
        md_tokens(&md_tree(h), None, &mut got);
        same(name, &expected, &got, h)?;
    }
    for (name, b, h) in [
        ("weekly.typ", &base.weekly_typ, &hostile.weekly_typ),
        ("monthly.typ", &base.monthly_typ, &hostile.monthly_typ),
    ] {
        let parsed = typst::syntax::parse(h);
        let (errors, _) = parsed.errors_and_warnings();
        if !errors.is_empty() {
            return Err(format!("{name}: Typst syntax errors: {errors:?}"));
        }
        let mut expected = Vec::new();
        typ_tokens(
            &typst::syntax::parse(b),
            Some((&block_typ, &inline_typ)),
            &mut expected,
        );
        let mut got = Vec::new();
        typ_tokens(&parsed, None, &mut got);
        // An empty field leaves two paragraph breaks where one is written.
        expected.dedup_by(|a, b| a == "Parbreak" && b == "Parbreak");
        got.dedup_by(|a, b| a == "Parbreak" && b == "Parbreak");
        same(name, &expected, &got, h)?;
    }
    Ok(Outcome::Same)
}

/// Where `s` has a `|` that no backslash escapes. As GFM's table splitter
/// reads it (cmark-gfm), a `|` right after a `\` is escaped, even inside a
/// code span, where a backslash cannot itself be escaped.
fn unescaped_pipe(s: &str) -> Option<usize> {
    let mut previous = None;
    for (i, c) in s.char_indices() {
        if c == '|' && previous != Some('\\') {
            return Some(i);
        }
        previous = Some(c);
    }
    None
}

fn same(name: &str, expected: &[String], got: &[String], doc: &str) -> Result<(), String> {
    if expected == got {
        return Ok(());
    }
    let at = expected.iter().zip(got).take_while(|(a, b)| a == b).count();
    let window = |v: &[String]| v[at.saturating_sub(6)..(at + 6).min(v.len())].join(" ");
    Err(format!(
        "{name}: the structure differs at token {at}:\n  expected … {}\n  got      … {}\n--- document ---\n{doc}",
        window(expected),
        window(got)
    ))
}

/// The converted text has the blocks the user wrote: read as plain
/// CommonMark (as kpibrief reads it), headings and HTML blocks become
/// paragraphs, empty paragraphs vanish, and a list may turn tight or loose.
fn faithful(src: &str, converted: &str) -> Result<(), String> {
    fn normal(blocks: &[Block], in_item: bool, out: &mut Vec<String>) {
        for b in blocks {
            let kind = if b.kind.starts_with("Heading") || b.kind == "HtmlBlock" {
                "Paragraph"
            } else {
                b.kind.as_str()
            };
            // Controls are dropped (they have no glyph): a paragraph of
            // controls is an empty one.
            let empty = b.text.chars().all(|c| c.is_whitespace() || c.is_control());
            if kind == "Paragraph" && (in_item || empty) {
                continue;
            }
            out.push(kind.to_string());
            let mut inner = Vec::new();
            normal(&b.children, kind == "Item", &mut inner);
            if !inner.is_empty() {
                out.push("(".into());
                out.extend(inner);
                out.push(")".into());
            }
        }
    }
    let (mut want, mut got) = (Vec::new(), Vec::new());
    normal(&md_tree_with(src, Options::empty()), false, &mut want);
    normal(&md_tree_with(converted, Options::empty()), false, &mut got);
    same("the converted free text", &want, &got, converted)
}

/// A block of a Markdown document: its kind, its text, its blocks.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub text: String,
    pub children: Vec<Block>,
}

/// The options a Markdown reader of the `.md` files is likely to use (GFM).
fn md_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

fn block_kind(tag: &Tag) -> Option<String> {
    Some(match tag {
        Tag::Paragraph => "Paragraph".into(),
        Tag::Heading { level, .. } => format!("Heading{}", *level as u8),
        Tag::BlockQuote(_) => "BlockQuote".into(),
        Tag::CodeBlock(_) => "CodeBlock".into(),
        Tag::HtmlBlock => "HtmlBlock".into(),
        Tag::List(start) => format!("List{}", if start.is_some() { "Ordered" } else { "" }),
        Tag::Item => "Item".into(),
        Tag::FootnoteDefinition(_) => "Footnote".into(),
        Tag::Table(_) => "Table".into(),
        Tag::TableHead => "TableHead".into(),
        Tag::TableRow => "TableRow".into(),
        Tag::TableCell => "TableCell".into(),
        Tag::MetadataBlock(_) => "Metadata".into(),
        Tag::DefinitionList => "DefinitionList".into(),
        Tag::DefinitionListTitle => "DefinitionTitle".into(),
        Tag::DefinitionListDefinition => "Definition".into(),
        _ => return None,
    })
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// The block tree of a Markdown document (inline markup is text).
pub fn md_tree(src: &str) -> Vec<Block> {
    md_tree_with(src, md_options())
}

/// [`md_tree`] with the parser's options.
pub fn md_tree_with(src: &str, options: Options) -> Vec<Block> {
    let mut stack: Vec<Block> = vec![Block {
        kind: "Document".into(),
        text: String::new(),
        children: Vec::new(),
    }];
    for event in Parser::new_ext(src, options) {
        match event {
            Event::Start(tag) => {
                if let Some(kind) = block_kind(&tag) {
                    stack.push(Block {
                        kind,
                        text: String::new(),
                        children: Vec::new(),
                    });
                }
            }
            Event::End(end) if is_block_end(&end) && stack.len() > 1 => {
                let done = stack.pop().expect("an open block");
                stack.last_mut().expect("the document").children.push(done);
            }
            Event::Rule => stack.last_mut().expect("a block").children.push(Block {
                kind: "Rule".into(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                stack.last_mut().expect("a block").text.push_str(&t)
            }
            _ => {}
        }
    }
    while stack.len() > 1 {
        let done = stack.pop().expect("an open block");
        stack.last_mut().expect("the document").children.push(done);
    }
    stack.pop().map(|d| d.children).unwrap_or_default()
}

/// Flatten blocks into tokens; with `field`, a paragraph holding only the
/// block marker stands for the field's own blocks.
fn md_tokens(blocks: &[Block], field: Option<&[Block]>, out: &mut Vec<String>) {
    for b in blocks {
        if let Some(field) = field
            && b.kind == "Paragraph"
            && b.text.trim() == BLOCK_MARKER
        {
            md_tokens(field, None, out);
            continue;
        }
        out.push(b.kind.clone());
        let mut inner = Vec::new();
        md_tokens(&b.children, field, &mut inner);
        if !inner.is_empty() {
            out.push("(".into());
            out.extend(inner);
            out.push(")".into());
        }
    }
}

/// Flatten a Typst syntax tree into the kinds of its nodes, text left out;
/// with `field`, a text holding a marker stands for the field's own nodes.
fn typ_tokens(
    node: &typst::syntax::SyntaxNode,
    field: Option<(&str, &str)>,
    out: &mut Vec<String>,
) {
    use typst::syntax::SyntaxKind as K;
    let kind = node.kind();
    if matches!(kind, K::Text) {
        if let Some((block, inline)) = field {
            for (marker, src) in [(BLOCK_MARKER, block), (INLINE_MARKER, inline)] {
                if node.leaf_text().contains(marker) {
                    for child in typst::syntax::parse(src).children() {
                        typ_tokens(child, None, out);
                    }
                }
            }
        }
        return;
    }
    if matches!(kind, K::Space | K::Escape | K::Shorthand | K::SmartQuote) {
        return;
    }
    out.push(format!("{kind:?}"));
    let mut inner = Vec::new();
    for child in node.children() {
        typ_tokens(child, field, &mut inner);
    }
    if !inner.is_empty() {
        out.push("(".into());
        out.extend(inner);
        out.push(")".into());
    }
}
