//! The page: A4, the margins and grid of GB/T 9704, and the footers.
//! In: a [`Docx`]. Out: the same with its section set.
//!
//! - Margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right: a text block
//!   of 156 × 225 mm.
//! - A document grid of 22 lines (`w:docGrid`, `lines`, a pitch of
//!   225 mm ÷ 22); the body's exact line spacing is the same pitch. Not the
//!   character grid (`linesAndChars` with `charSpace` −849 for 28 characters):
//!   LibreOffice spreads every line of such a grid to about 19 characters,
//!   and the PDF sets 27 characters of 三号 in the 156 mm line, as this
//!   does (`docs/decisions.md`).
//! - Page numbers "— 1 —" in 宋体 四号, odd pages on the right and even on
//!   the left, one character in from the edge: an odd footer and an even
//!   footer (`w:evenAndOddHeaders`), each with a PAGE field.

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    PageMargin, Paragraph, Run, SpecialIndentType,
};

use super::styles::{self, FOOTER, NUMBER, SMALL_SIZE};

/// Twips (1/20 pt) in a millimetre.
fn mm(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// The text block's width in twips (156 mm).
pub const TEXT_WIDTH: usize = 8844;
/// The grid's line pitch in twips: 225 mm ÷ 22 lines.
pub const LINE_PITCH: i32 = 579;

pub fn set(docx: Docx) -> Docx {
    let margin = PageMargin::new()
        .top(mm(37.0))
        .bottom(mm(35.0))
        .left(mm(28.0))
        .right(mm(26.0))
        // The footer's line (7 mm) begins 7 mm under the text block.
        .footer(mm(21.0))
        .header(mm(15.0))
        .gutter(0);
    let mut docx = docx
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margin)
        .footer(footer(AlignmentType::Right))
        .even_footer(footer(AlignmentType::Left));
    docx.document = docx.document.doc_grid(
        DocGrid::with_empty()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );
    docx
}

/// "— PAGE —", on the given side, one character (四号) in from the edge.
fn footer(side: AlignmentType) -> Footer {
    let run = || Run::new().fonts(styles::fonts(NUMBER)).size(SMALL_SIZE);
    let inset = 280;
    let (left, right) = match side {
        AlignmentType::Left => (Some(inset), None),
        _ => (None, Some(inset)),
    };
    let paragraph = Paragraph::new()
        .style(FOOTER)
        .align(side)
        .indent(left, Some(SpecialIndentType::FirstLine(0)), right, None)
        .add_run(run().add_text("— "))
        .add_run(
            run()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run().add_text(" —"));
    Footer::new().add_paragraph(paragraph)
}
