//! The blocks of a 公文 page, each a docx-rs element in a style of
//! [`super::styles`]: the red masthead and rule, the title, headings,
//! paragraphs, images with their captions, the note box, the 版记.
//!
//! In: the view's strings (as [`Inline`] pieces). Out: elements added to the
//! document under construction, a [`Doc`].

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, Docx, IndentLevel, Level, LevelJc, LevelOverride,
    LevelSuffixType, LevelText, NumberFormat, Numbering, NumberingId, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Pic, Run, SpecialIndentType, Start, Tab,
    TabValueType, Table,
};

use super::DocxError;
use super::page::TEXT_WIDTH;
use super::styles::{
    self, BODY_SIZE, CAPTION, DOC_TITLE, HEADING1, HEADING2, MASTHEAD_SIZE, NORMAL, PLAIN, RED,
    SMALL_SIZE, TITLE,
};
use super::text::{self, Block, Inline};

/// The document under construction, with the ids it hands out in order (so
/// that the same view gives the same bytes, whatever else the process made).
pub struct Doc {
    pub docx: Docx,
    /// The description of each image, in order (docx-rs writes none).
    pub image_alts: Vec<String>,
    lists: usize,
}

/// Abstract numberings of free-text lists (the headings' is 5).
const ORDERED: usize = 6;
const BULLET: usize = 7;

impl Doc {
    pub fn new() -> Doc {
        let docx = styles::add(super::page::set(Docx::new()))
            .add_abstract_numbering(list_numbering(ORDERED, "decimal", "%1."))
            .add_abstract_numbering(list_numbering(BULLET, "bullet", "•"));
        Doc {
            docx,
            image_alts: Vec::new(),
            lists: 0,
        }
    }

    pub fn add(mut self, p: Paragraph) -> Doc {
        self.docx = self.docx.add_paragraph(p);
        self
    }

    pub fn add_table(mut self, t: Table) -> Doc {
        self.docx = self.docx.add_table(t);
        self
    }

    /// The red masthead: the series in red 小标宋, the issue number, the
    /// issuer on the left and the date on the right, then the red rule.
    pub fn masthead(self, series: &str, issue: &str, issuer: &str, date: &str) -> Doc {
        let centred = |run: Run| {
            Paragraph::new()
                .style(PLAIN)
                .snap_to_grid(false)
                .align(AlignmentType::Center)
                .add_run(run)
        };
        let series = centred(
            Run::new()
                .fonts(styles::fonts(TITLE))
                .size(MASTHEAD_SIZE)
                .color(RED)
                .bold()
                .character_spacing(60)
                .add_text(series),
        )
        .line_spacing(exact(900).before(120));
        let issue = centred(Run::new().add_text(issue)).line_spacing(exact(700).before(120));
        let mut from = Paragraph::new()
            .style(PLAIN)
            .snap_to_grid(false)
            .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH))
            .add_run(Run::new().size(SMALL_SIZE).add_text(issuer))
            .add_run(Run::new().size(SMALL_SIZE).add_tab().add_text(date))
            .line_spacing(exact(500).before(120).after(360));
        // The red rule: the bottom border of the issuer's line.
        from.property = from.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(12)
                    .space(4)
                    .color(RED),
            ),
        );
        self.add(series).add(issue).add(from)
    }

    pub fn title(self, title: &str) -> Doc {
        self.add(
            Paragraph::new()
                .style(DOC_TITLE)
                .add_run(Run::new().add_text(title)),
        )
    }

    /// The document's title in its lines (broken between words by the view).
    pub fn title_lines(self, lines: &[String]) -> Doc {
        let mut run = Run::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            run = run.add_text(line);
        }
        self.add(Paragraph::new().style(DOC_TITLE).add_run(run))
    }

    /// A page break: what follows starts a new page (an attachment).
    pub fn page_break(self) -> Doc {
        self.add(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)))
    }

    /// A heading, numbered by the heading list (level 0: 一、, 1: （一）).
    pub fn heading(self, level: usize, title: &str) -> Doc {
        let (id, lvl) = styles::heading_level(level);
        let style = if level == 0 { HEADING1 } else { HEADING2 };
        self.add(
            Paragraph::new()
                .style(style)
                .numbering(id, lvl)
                .add_run(Run::new().add_text(title)),
        )
    }

    /// A body paragraph, first line two characters in.
    pub fn para(self, pieces: &[Inline]) -> Doc {
        self.add(with_runs(Paragraph::new().style(NORMAL), pieces))
    }

    /// A body paragraph that introduces what follows (a group's table, an
    /// attachment's title) and so stays on its page, never alone at a foot.
    pub fn lead_in(self, pieces: &[Inline]) -> Doc {
        self.add(with_runs(
            Paragraph::new().style(NORMAL).keep_next(true),
            pieces,
        ))
    }

    /// Free text from the data: its paragraphs and lists.
    pub fn free_text(mut self, src: &str) -> Doc {
        let mut numbering: Option<(usize, usize)> = None;
        for block in text::markdown(src) {
            self = match block {
                Block::Para(pieces) => self.para(&pieces),
                Block::Item {
                    ordered,
                    list,
                    text,
                } => {
                    // Each numbered list restarts at 1: a numbering of its own.
                    let id = match numbering {
                        Some((l, id)) if l == list => id,
                        _ => {
                            self.lists += 1;
                            let id = 20 + self.lists;
                            let abs = if ordered { ORDERED } else { BULLET };
                            self.docx = self.docx.add_numbering(
                                Numbering::new(id, abs)
                                    .add_override(LevelOverride::new(0).start(1)),
                            );
                            numbering = Some((list, id));
                            id
                        }
                    };
                    let p = Paragraph::new()
                        .style(NORMAL)
                        .numbering(NumberingId::new(id), IndentLevel::new(0));
                    self.add(with_runs(p, &text))
                }
            };
        }
        self
    }

    /// A note set off by a red rule on its left (the ranking warnings).
    pub fn note(self, pieces: &[Inline]) -> Doc {
        let mut p = with_runs(Paragraph::new().style(PLAIN), pieces);
        p.property = p.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Left)
                    .val(BorderType::Single)
                    .size(16)
                    .space(8)
                    .color(RED),
            ),
        );
        self.add(p)
    }

    /// A chart: the PNG at its print size (at most the text block's width),
    /// centred, then its caption.
    pub fn image(
        mut self,
        png: &[u8],
        name: &'static str,
        caption: &str,
        alt: &str,
    ) -> Result<Doc, DocxError> {
        let (w, h) = png_size(png).ok_or(DocxError::Image(name))?;
        self.image_alts.push(format!("{caption}：{alt}"));
        // EMU: 914400 an inch; the PNG is at the print resolution.
        let per_px = 914_400.0 / crate::typeset::png::PRINT_DPI;
        let max_w = TEXT_WIDTH as f64 * 635.0;
        let scale = (max_w / (w as f64 * per_px)).min(1.0);
        let (ew, eh) = (
            (w as f64 * per_px * scale) as u32,
            (h as f64 * per_px * scale) as u32,
        );
        let pic = Pic::new_with_dimensions(png.to_vec(), w, h)
            .id(format!("rIdImage{}", self.image_alts.len()))
            .size(ew, eh);
        // Not the caption's exact line height: that would clip the image.
        let picture = Paragraph::new()
            .style(CAPTION)
            .line_spacing(
                docx_rs::LineSpacing::new()
                    .line_rule(docx_rs::LineSpacingType::Auto)
                    .line(240)
                    .before(120),
            )
            .keep_next(true)
            .add_run(Run::new().add_image(pic));
        let caption = Paragraph::new()
            .style(CAPTION)
            .add_run(Run::new().add_text(caption));
        Ok(self.add(picture).add(caption))
    }

    /// A caption above a table.
    pub fn caption(self, caption: &str) -> Doc {
        self.add(
            Paragraph::new()
                .style(CAPTION)
                .keep_next(true)
                .add_run(Run::new().add_text(caption)),
        )
    }

    /// The 版记: copy-to, issuer and date between rules, at the foot of the
    /// page the document ends on: its paragraphs share one frame anchored to
    /// the bottom of the text block (`w:framePr`), so the body flows above
    /// it and an edit keeps it at the foot.
    pub fn record(self, copy_to: Option<&str>, issuer: &str, date_issued: &str) -> Doc {
        let rule = |pos, size| {
            ParagraphBorder::new(pos)
                .val(BorderType::Single)
                .size(size)
                .space(1)
                .color("000000")
        };
        let framed = |borders: ParagraphBorders| {
            let mut p = Paragraph::new()
                .style(PLAIN)
                .snap_to_grid(false)
                .frame_width(TEXT_WIDTH as u32)
                .wrap("around")
                .v_anchor("margin")
                .h_anchor("margin")
                .y_align("bottom")
                .x_align("center")
                .indent(
                    Some(280),
                    Some(SpecialIndentType::FirstLine(0)),
                    Some(280),
                    None,
                )
                .line_spacing(exact(560))
                .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH - 560));
            p.property = p.property.set_borders(borders);
            p
        };
        let small = |s: &str| Run::new().size(SMALL_SIZE).add_text(s);
        let mut doc = self;
        let mut last = ParagraphBorders::with_empty().set(rule(ParagraphBorderPosition::Bottom, 8));
        if let Some(c) = copy_to {
            let first = ParagraphBorders::with_empty().set(rule(ParagraphBorderPosition::Top, 8));
            doc = doc.add(framed(first).add_run(small("抄送：")).add_run(small(c)));
            last = last.set(rule(ParagraphBorderPosition::Top, 4));
        } else {
            last = last.set(rule(ParagraphBorderPosition::Top, 8));
        }
        // An empty paragraph, one point high, after the frame: a document
        // that ends in a frame gets empty pages after it in LibreOffice.
        let end = Paragraph::new()
            .style(PLAIN)
            .snap_to_grid(false)
            .line_spacing(exact(20));
        doc.add(
            framed(last).add_run(small(issuer)).add_run(
                Run::new()
                    .size(SMALL_SIZE)
                    .add_tab()
                    .add_text(format!("{date_issued}印发")),
            ),
        )
        .add(end)
    }
}

/// A paragraph with the runs of a sentence.
pub fn with_runs(mut p: Paragraph, pieces: &[Inline]) -> Paragraph {
    for run in text::runs(pieces) {
        p = p.add_run(run);
    }
    p
}

pub fn exact(twips: i32) -> docx_rs::LineSpacing {
    docx_rs::LineSpacing::new()
        .line_rule(docx_rs::LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// A PNG's width and height in pixels, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = &[137, 80, 78, 71, 13, 10, 26, 10];
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

fn list_numbering(id: usize, format: &str, text: &str) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .suffix(LevelSuffixType::Space)
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .size(BODY_SIZE),
    )
}
