//! Tables: a header row that repeats on every page (`w:tblHeader`, added by
//! [`super::package`]: docx-rs has no element for it) and rows that never
//! split across pages (`w:cantSplit`); 五号 text, the header in 黑体.
//!
//! In: the columns' relative widths (as the PDF's `fr`), the header's labels
//! and rows of [`Cell`]s from the view. Out: a docx-rs [`Table`] as wide as
//! the text block.

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Shading, Table, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::blocks::with_runs;
use super::page::TEXT_WIDTH;
use super::styles::{TABLE_HEAD, TABLE_TEXT};
use super::text::{Inline, plain};

/// A cell: its text, centred (a figure) or not, its fill, its span.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: Vec<Inline>,
    pub centred: bool,
    pub fill: Option<&'static str>,
    pub span: usize,
}

/// A cell of text, left-aligned.
pub fn text(s: impl Into<String>) -> Cell {
    pieces(vec![plain(s)])
}

/// A figure, centred.
pub fn num(s: impl Into<String>) -> Cell {
    Cell {
        centred: true,
        ..text(s)
    }
}

pub fn pieces(text: Vec<Inline>) -> Cell {
    Cell {
        text,
        centred: false,
        fill: None,
        span: 1,
    }
}

impl Cell {
    pub fn centred(mut self) -> Cell {
        self.centred = true;
        self
    }

    pub fn fill(mut self, fill: &'static str) -> Cell {
        self.fill = Some(fill);
        self
    }

    pub fn span(mut self, span: usize) -> Cell {
        self.span = span;
        self
    }
}

/// The light grey of a group's row (the PDF's `luma(235)`) and the rose of
/// this bureau's row in the ranking.
pub const GROUP_FILL: &str = "EBEBEB";
pub const SELF_FILL: &str = "FDE2E2";

/// A table of the text block's width with columns in the given proportions.
pub fn table(widths: &[f64], header: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    let total: f64 = widths.iter().sum();
    let grid: Vec<usize> = widths
        .iter()
        .map(|w| (w / total * TEXT_WIDTH as f64).floor() as usize)
        .collect();
    let head = TableRow::new(
        header
            .iter()
            .zip(&grid)
            .map(|(label, w)| {
                cell(
                    Paragraph::new()
                        .style(TABLE_HEAD)
                        .align(AlignmentType::Center)
                        .add_run(docx_rs::Run::new().add_text(*label)),
                    *w,
                )
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![head];
    for row in rows {
        let mut cells = Vec::new();
        let mut col = 0;
        for c in row {
            // A row with more cells than columns gets the last column's place.
            let start = col.min(grid.len().saturating_sub(1));
            let end = (col + c.span).min(grid.len()).max(start);
            let width: usize = grid[start..end].iter().sum();
            col += c.span;
            let mut p = with_runs(Paragraph::new().style(TABLE_TEXT), &c.text);
            if c.centred {
                p = p.align(AlignmentType::Center);
            }
            let mut tc = cell(p, width);
            if c.span > 1 {
                tc = tc.grid_span(c.span);
            }
            if let Some(fill) = c.fill {
                tc = tc.shading(Shading::new().fill(fill));
            }
            cells.push(tc);
        }
        all.push(TableRow::new(cells).cant_split());
    }
    let line = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(4)
    };
    Table::new(all)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(30, 60, 30, 60))
        .set_borders(
            TableBorders::with_empty()
                .set(line(TableBorderPosition::Top))
                .set(line(TableBorderPosition::Bottom))
                .set(line(TableBorderPosition::Left))
                .set(line(TableBorderPosition::Right))
                .set(line(TableBorderPosition::InsideH))
                .set(line(TableBorderPosition::InsideV)),
        )
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}
