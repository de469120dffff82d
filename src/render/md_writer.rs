//! Markdown free text → the safe subset of Markdown written to the `.md`
//! files ([`super::markdown::to_markdown`]).
//!
//! In: pulldown-cmark's events of the user's text (images already replaced by
//! their description). Out: Markdown that a reader parses into the same
//! blocks (paragraphs, lists, quotes, code blocks, rules; headings become bold
//! paragraphs), and that can never reach outside its own block:
//!
//! - every line inside a container carries that container's prefix, in
//!   order (`> ` for a quote, the width of the item's marker for a list
//!   item), so an item numbered `10.` indents its code block by four;
//! - consecutive text is escaped as one run, knowing whether it starts a
//!   line, so `1\.` (parsed as `1` and `.`) never becomes `1.`, and leading
//!   spaces never indent;
//! - blocks are separated by a blank line, empty blocks leave nothing (an
//!   item beginning with two blank lines would end), two adjacent lists keep
//!   distinct markers so they do not merge, and a rule is `***` (a `---`
//!   under text is a heading; `- ---` is a rule, not an item);
//! - in a line or a table cell ([`Mode::Inline`]) nothing breaks the line and
//!   no `|` is left unescaped, link targets included.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::escape::markdown_escape;
use super::markdown::{Mode, safe_url};

/// An open container: each adds its prefix to every line inside it.
#[derive(Debug, Clone, Copy)]
enum Container {
    Quote,
    /// A list item, with the width of its marker.
    Item(usize),
}

/// The blocks written so far in one container (or the document).
#[derive(Debug, Default)]
struct Level {
    blocks: usize,
    /// The delimiter of the list written just before, if the last block was one.
    last_list: Option<char>,
}

#[derive(Debug)]
struct List {
    next: Option<u64>,
    delimiter: char,
    items: usize,
    loose: bool,
    /// A blank line before the first item (see `start_list`).
    blank_first: bool,
}

/// The largest number CommonMark accepts as an ordered list marker.
const MAX_MARKER: u64 = 999_999_999;

struct Writer {
    mode: Mode,
    out: String,
    containers: Vec<Container>,
    levels: Vec<Level>,
    lists: Vec<List>,
    links: Vec<Option<String>>,
    /// Text not yet escaped: consecutive text events are escaped together.
    text: String,
    /// Where the current line's content starts (after prefixes and markers).
    line_start: usize,
    /// A paragraph or heading being written: where its block began, the
    /// block count before it, and where its content starts; removed if empty.
    open_block: Option<(usize, Level, usize)>,
    code: Option<String>,
    /// Where the content of each open emphasis starts.
    spans: Vec<usize>,
}

impl Writer {
    fn new(mode: Mode) -> Writer {
        Writer {
            mode,
            out: String::new(),
            containers: Vec::new(),
            levels: vec![Level::default()],
            lists: Vec::new(),
            links: Vec::new(),
            text: String::new(),
            line_start: 0,
            open_block: None,
            code: None,
            spans: Vec::new(),
        }
    }

    fn block(&self) -> bool {
        self.mode == Mode::Block
    }

    fn level(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    /// Escape the pending text; at the start of a line, leading spaces and
    /// markers are escaped too.
    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let at_start = self
            .out
            .get(self.line_start..)
            .is_some_and(|l| l.chars().all(|c| c == '*' || c == '~'));
        self.out.push_str(&markdown_escape(&text, at_start));
    }

    fn push(&mut self, s: &str) {
        self.flush();
        self.out.push_str(s);
    }

    /// A new line, with every container's prefix.
    fn newline(&mut self) {
        self.flush();
        self.out.push('\n');
        for c in &self.containers {
            match c {
                Container::Quote => self.out.push_str("> "),
                Container::Item(w) => self.out.extend(std::iter::repeat_n(' ', *w)),
            }
        }
        self.line_start = self.out.len();
    }

    /// Before a block: a blank line after the container's previous block
    /// (`；` in a line). In a tight item, after its text, a list, a quote, a
    /// code block or a rule starts on the next line (each may interrupt the
    /// text); a paragraph after a blank line.
    fn start_block(&mut self, interrupts: bool) {
        self.flush();
        let blocks = self.level().blocks;
        let after_text = self.out.len() > self.line_start;
        if blocks == 0 && after_text && self.block() {
            self.newline();
            if !interrupts {
                self.newline();
            }
        } else if blocks > 0 {
            if self.block() {
                self.newline();
                self.newline();
            } else {
                self.out.push('；');
            }
        }
        let level = self.level();
        level.blocks += 1;
        level.last_list = None;
    }

    /// A paragraph or a heading starts; it leaves nothing if it stays empty.
    fn open(&mut self, heading: bool) {
        self.flush();
        let level = self.level();
        let before = Level {
            blocks: level.blocks,
            last_list: level.last_list,
        };
        let start = self.out.len();
        self.start_block(false);
        if heading {
            self.out.push_str("**");
        }
        self.open_block = Some((start, before, self.out.len()));
    }

    fn close(&mut self, heading: bool) {
        self.flush();
        if let Some((start, before, content)) = self.open_block.take()
            && self.out.len() == content
        {
            self.out.truncate(start);
            *self.level() = before;
            return;
        }
        if heading {
            self.out.push_str("**");
        }
    }

    /// Emphasis opens; an emphasis left empty (its text was only controls)
    /// leaves nothing rather than a literal `**`.
    fn open_span(&mut self, marker: &str) {
        self.push(marker);
        self.spans.push(self.out.len());
    }

    fn close_span(&mut self, marker: &str) {
        self.flush();
        match self.spans.pop() {
            Some(end) if end == self.out.len() => self.out.truncate(end - marker.len()),
            _ => self.out.push_str(marker),
        }
    }

    fn code_block(&mut self, code: &str) {
        let code = code.replace("\r\n", "\n").replace('\r', "\n");
        let code = code.trim_end_matches('\n');
        if self.block() {
            let f = fence(code, 3);
            self.push(&f);
            for line in code.split('\n') {
                self.newline();
                self.out.push_str(line);
            }
            self.newline();
            self.out.push_str(&f);
        } else {
            let flat = code.replace('\n', " ").replace('|', "\\|");
            let f = fence(&flat, 1);
            self.push(&format!("{f} {flat} {f}"));
        }
    }

    fn start_list(&mut self, first: Option<u64>) {
        // A bullet list opening an item on its marker's line takes the other
        // bullet than its parent's: `- - -` is a rule, not three lists.
        let parent = self.lists.last().map(|l| l.delimiter);
        let same_line = self.block()
            && self.out.len() == self.line_start
            && matches!(self.containers.last(), Some(Container::Item(_)));
        let (usual, other) = match (first, same_line, parent) {
            (Some(_), _, _) => ('.', ')'),
            (None, true, Some('-')) => ('+', '-'),
            _ => ('-', '+'),
        };
        let delimiter = if self.level().last_list == Some(usual) {
            other
        } else {
            usual
        };
        // The first releases wrote one more blank line before a list that is
        // not inside another (harmless: blank lines do not add up); kept so
        // that the same data gives the same bytes.
        let blank_first = self.block() && self.lists.is_empty() && !self.out.is_empty();
        self.start_block(true);
        self.lists.push(List {
            next: first,
            delimiter,
            items: 0,
            loose: false,
            blank_first,
        });
    }

    fn end_list(&mut self) {
        self.flush();
        if let Some(list) = self.lists.pop() {
            self.level().last_list = Some(list.delimiter);
        }
    }

    fn start_item(&mut self) {
        self.flush();
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        let marker = match &mut list.next {
            Some(n) => {
                let m = format!("{}{} ", (*n).min(MAX_MARKER), list.delimiter);
                *n = n.saturating_add(1);
                m
            }
            None => format!("{} ", list.delimiter),
        };
        let (first, loose, blank) = (list.items == 0, list.loose, list.blank_first);
        list.items += 1;
        if self.block() {
            if first && blank {
                self.newline();
            }
            if !first {
                self.newline();
                if loose {
                    self.newline();
                }
            }
            self.out.push_str(&marker);
            // Continuation lines are indented by the marker's width, and by
            // at least three (as for `1. `) so that every item reads alike.
            self.containers.push(Container::Item(marker.len().max(3)));
            self.line_start = self.out.len();
        } else if !first {
            self.out.push('；');
        }
        self.levels.push(Level::default());
    }

    fn end_item(&mut self) {
        self.flush();
        if self.block() {
            self.containers.pop();
        }
        self.levels.pop();
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    self.code_block(&code);
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                // A paragraph directly in an item: the list is loose.
                if self.levels.len() > 1
                    && matches!(self.containers.last(), Some(Container::Item(_)))
                    && let Some(list) = self.lists.last_mut()
                {
                    list.loose = true;
                }
                self.open(false);
            }
            Event::End(TagEnd::Paragraph) => self.close(false),
            Event::Start(Tag::Heading { .. }) => self.open(true),
            Event::End(TagEnd::Heading(_)) => self.close(true),
            Event::Start(Tag::HtmlBlock) => self.open(false),
            Event::End(TagEnd::HtmlBlock) => self.close(false),
            Event::Start(Tag::CodeBlock(_)) => {
                self.start_block(true);
                self.code = Some(String::new());
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.start_block(true);
                if self.block() {
                    self.out.push_str("> ");
                    self.containers.push(Container::Quote);
                    self.line_start = self.out.len();
                } else {
                    self.out.push('“');
                }
                self.levels.push(Level::default());
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                if self.block() {
                    self.containers.pop();
                } else {
                    self.out.push('”');
                }
                self.levels.pop();
            }
            Event::Start(Tag::List(first)) => self.start_list(first),
            Event::End(TagEnd::List(_)) => self.end_list(),
            Event::Start(Tag::Item) => self.start_item(),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(Tag::Emphasis) => self.open_span("*"),
            Event::Start(Tag::Strong) => self.open_span("**"),
            Event::Start(Tag::Strikethrough) => self.open_span("~~"),
            Event::End(TagEnd::Emphasis) => self.close_span("*"),
            Event::End(TagEnd::Strong) => self.close_span("**"),
            Event::End(TagEnd::Strikethrough) => self.close_span("~~"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                // Encoded so that the target can neither end the `<…>` nor a
                // table cell, nor escape its closing bracket.
                let url = safe_url(&dest_url).map(|u| {
                    u.replace('<', "%3C")
                        .replace('>', "%3E")
                        .replace(' ', "%20")
                        .replace('|', "%7C")
                        .replace('\\', "%5C")
                });
                if url.is_some() {
                    self.push("[");
                }
                self.links.push(url);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = self.links.pop() {
                    self.push(&format!("](<{url}>)"));
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text.push_str(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.text.push_str(&t)
            }
            Event::Code(t) => {
                let t = if self.block() {
                    t.to_string()
                } else {
                    t.replace('|', "\\|")
                };
                let f = fence(&t, 1);
                let pad = if t.starts_with('`') || t.ends_with('`') {
                    " "
                } else {
                    ""
                };
                self.push(&format!("{f}{pad}{t}{pad}{f}"));
            }
            Event::SoftBreak | Event::HardBreak if !self.block() => self.push(" "),
            Event::SoftBreak => {
                // A line left empty (it held only controls, which are dropped)
                // would end the paragraph: continue on it instead.
                self.flush();
                if self.out.len() > self.line_start {
                    self.newline();
                }
            }
            Event::HardBreak => {
                self.push("\\");
                self.newline();
            }
            Event::Rule if self.block() => {
                self.start_block(true);
                self.out.push_str("***");
            }
            Event::TaskListMarker(done) => self.push(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }
}

/// The fence of a code span or block: one backtick more than the longest run inside.
pub(super) fn fence(text: &str, min: usize) -> String {
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

/// What a converted text ends with, for the text written after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ending {
    /// The delimiter of its last block, if that is a list.
    list: Option<char>,
}

/// Write the events as Markdown for `mode`; `after` is how the Markdown just
/// before ends (another field's text), so that a list starting this text
/// does not continue a list ending that one.
pub(super) fn write<'a>(
    events: impl Iterator<Item = Event<'a>>,
    mode: Mode,
    after: Ending,
) -> (String, Ending) {
    let mut w = Writer::new(mode);
    w.level().last_list = after.list;
    for event in events {
        w.event(event);
    }
    w.flush();
    let ending = Ending {
        list: w.levels.first().and_then(|l| l.last_list),
    };
    (w.out.trim_end().to_string(), ending)
}
