//! The fonts and styles of the document: what keeps its look when a leader
//! edits it. In: nothing. Out: the styles, the heading numbering and the
//! document defaults, added to a [`Docx`].
//!
//! GB/T 9704: body 仿宋 三号 (16 pt) on a fixed line of the grid's pitch,
//! first line two characters in; 一、 headings in 黑体, （一） in 楷体, both
//! two characters in and numbered by Word's own lists (chineseCounting), so
//! that inserting a section renumbers the rest; tables in 五号 (10.5 pt).

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelSuffixType,
    LevelText, LineSpacing, LineSpacingType, NumberFormat, Numbering, NumberingId, RunFonts,
    SpecialIndentType, Start, Style, StyleType,
};

use super::page::LINE_PITCH;

/// Font names as the official fonts carry them, so that WPS and Word find
/// them on an office machine (`shared/spec/fonts.md`); Latin text and digits
/// in Times New Roman. The fonts are not embedded.
pub const BODY: &str = "仿宋_GB2312";
pub const HEADING: &str = "黑体";
pub const SUBHEADING: &str = "楷体_GB2312";
pub const TITLE: &str = "方正小标宋简体";
pub const NUMBER: &str = "宋体";
pub const LATIN: &str = "Times New Roman";

/// Font sizes in half-points: 初号 42 pt is the masthead's size class (the
/// PDF uses 30 pt), 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
pub const MASTHEAD_SIZE: usize = 60;
pub const TITLE_SIZE: usize = 44;
pub const BODY_SIZE: usize = 32;
pub const SMALL_SIZE: usize = 28;
pub const TABLE_SIZE: usize = 21;

/// The red of the masthead, the rule and the red warnings; the amber of yellow ones.
pub const RED: &str = "C8161D";
pub const AMBER: &str = "A16207";

/// Style ids (ASCII, as Word's own are) and their names (what WPS and Word show).
pub const NORMAL: &str = "Normal";
pub const HEADING1: &str = "Heading1";
pub const HEADING2: &str = "Heading2";
pub const DOC_TITLE: &str = "Title";
pub const TABLE_TEXT: &str = "TableText";
pub const TABLE_HEAD: &str = "TableHeading";
pub const CAPTION: &str = "Caption";
pub const PLAIN: &str = "Plain";
pub const FOOTER: &str = "Footer";
pub const STRONG: &str = "Strong";
pub const EMPHASIS: &str = "Emphasis";
pub const RED_MARK: &str = "RedMark";
pub const YELLOW_MARK: &str = "YellowMark";

/// The numbering of the headings: 一、 at level 0, （一） at level 1. (docx-rs
/// writes a numbering 1 of its own; ours start at 5.)
pub const HEADING_NUMBERING: usize = 5;

/// One font for every script the document writes.
pub fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
}

fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// Two characters in: two characters of 三号, 32 pt. (docx-rs does not
/// write `w:firstLineChars`; on the grid the two agree.)
fn two_characters_in(style: Style) -> Style {
    style.indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
}

fn paragraph(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .q_format(true)
}

fn heading(id: &str, name: &str, font: &str, level: usize) -> Style {
    let mut s = paragraph(id, name)
        .based_on(NORMAL)
        .next(NORMAL)
        .fonts(fonts(font))
        .outline_lvl(level)
        .align(AlignmentType::Left);
    // A heading stays with what follows it: never the last line of a page.
    s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
    two_characters_in(s)
}

fn table_paragraph(id: &str, name: &str, font: &str, align: AlignmentType) -> Style {
    let mut s = paragraph(id, name)
        .based_on(NORMAL)
        .fonts(fonts(font))
        .size(TABLE_SIZE)
        .line_spacing(exact(260))
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .align(align);
    s.paragraph_property = s.paragraph_property.snap_to_grid(false);
    s
}

fn character(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Character)
        .name(name)
        .q_format(true)
}

/// The document's styles, defaults and heading numbering.
pub fn add(docx: Docx) -> Docx {
    let mut normal = two_characters_in(
        paragraph(NORMAL, "正文")
            .fonts(fonts(BODY))
            .size(BODY_SIZE)
            .line_spacing(exact(LINE_PITCH))
            .align(AlignmentType::Both),
    );
    // 28 characters a line as GB/T 9704 (and the PDF) set them: 156 mm ÷ 28
    // is 0.21 pt narrower than 三号, so each character is drawn 0.25 pt
    // closer (w:spacing in twentieths of a point), as a character grid would,
    // without the grid LibreOffice misreads (docs/decisions.md).
    normal.run_property = normal.run_property.character_spacing(-5);
    let title = {
        let mut s = paragraph(DOC_TITLE, "文件标题")
            .based_on(NORMAL)
            .next(NORMAL)
            .fonts(fonts(TITLE))
            .size(TITLE_SIZE)
            // As the PDF sets it (小标宋 itself has no bold; Word and WPS embolden it).
            .bold()
            .line_spacing(exact(660).after(LINE_PITCH as u32))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .align(AlignmentType::Center);
        s.paragraph_property = s.paragraph_property.keep_next(true).snap_to_grid(false);
        s
    };
    let plain = paragraph(PLAIN, "无缩进正文").based_on(NORMAL).indent(
        Some(0),
        Some(SpecialIndentType::FirstLine(0)),
        None,
        None,
    );
    let caption = {
        let mut s = table_paragraph(CAPTION, "表题", BODY, AlignmentType::Center).size(SMALL_SIZE);
        s.paragraph_property = s
            .paragraph_property
            .line_spacing(exact(360).before(60).after(60));
        s
    };
    let footer = paragraph(FOOTER, "页脚")
        .fonts(fonts(NUMBER))
        .size(SMALL_SIZE)
        .line_spacing(exact(400));
    docx.default_fonts(fonts(BODY))
        .default_size(BODY_SIZE)
        .add_style(normal)
        .add_style(title)
        .add_style(heading(HEADING1, "一级标题", HEADING, 0))
        .add_style(heading(HEADING2, "二级标题", SUBHEADING, 1))
        .add_style(plain)
        .add_style(table_paragraph(
            TABLE_TEXT,
            "表格",
            BODY,
            AlignmentType::Left,
        ))
        .add_style(table_paragraph(
            TABLE_HEAD,
            "表头",
            HEADING,
            AlignmentType::Center,
        ))
        .add_style(caption)
        .add_style(footer)
        // 仿宋 has no bold: strong text is set in 黑体, emphasis in 楷体.
        .add_style(character(STRONG, "强调（黑体）").fonts(fonts(HEADING)))
        .add_style(character(EMPHASIS, "着重（楷体）").fonts(fonts(SUBHEADING)))
        .add_style(
            character(RED_MARK, "红色预警")
                .fonts(fonts(HEADING))
                .color(RED),
        )
        .add_style(
            character(YELLOW_MARK, "黄色预警")
                .fonts(fonts(HEADING))
                .color(AMBER),
        )
        .add_abstract_numbering(heading_numbering())
        .add_numbering(Numbering::new(HEADING_NUMBERING, HEADING_NUMBERING))
}

fn heading_numbering() -> AbstractNumbering {
    let level = |n: usize, text: &str| {
        Level::new(
            n,
            Start::new(1),
            NumberFormat::new("chineseCounting"),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .suffix(LevelSuffixType::Nothing)
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
    };
    AbstractNumbering::new(HEADING_NUMBERING)
        .add_level(level(0, "%1、"))
        .add_level(level(1, "（%2）"))
}

/// A heading paragraph's place in the numbering.
pub fn heading_level(level: usize) -> (NumberingId, IndentLevel) {
    (NumberingId::new(HEADING_NUMBERING), IndentLevel::new(level))
}
