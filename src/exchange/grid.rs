//! A returned spreadsheet as plain cells, whatever its format.
//!
//! In: a file's bytes and its name as shown. Out: a [`Book`] of [`Grid`]s
//! (one per sheet, hidden sheets included), every cell a [`Cell`] at its
//! row and column, so the importers never care whether the file was .xlsx,
//! .xls, .ods (read by calamine, which tells them apart by their bytes, so a
//! renamed file still opens) or .csv (UTF-8 with or without a byte-order
//! mark, or GBK as WPS and Excel save it in China, decoded by encoding_rs).

use std::io::Cursor;

use calamine::{Data, Reader};

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// Anything else a spreadsheet can hold (a date, a formula error), as text.
    Other(String),
}

impl Cell {
    /// The value as the user sees it, trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Other(s) => s.trim().to_string(),
            Cell::Number(n) => crate::exchange::number::show(*n),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet: rows of cells, row 0 and column 0 being A1.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

/// What kind of file a book came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Csv,
}

/// A file's sheets.
#[derive(Debug, Clone)]
pub struct Book {
    /// The file as shown in diagnostics.
    pub shown: String,
    pub kind: Kind,
    pub sheets: Vec<Grid>,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Grid> {
        self.sheets.iter().find(|s| s.name == name)
    }

    /// Where a cell is, for diagnostics: `returns/北塘区.xlsx: 填报!F7`
    /// (a CSV has no sheets: `returns/北塘区.csv: F7`).
    pub fn place(&self, sheet: &str, row: usize, col: usize) -> String {
        match self.kind {
            Kind::Workbook => format!("{}: {sheet}!{}", self.shown, cell_name(row, col)),
            Kind::Csv => format!("{}: {}", self.shown, cell_name(row, col)),
        }
    }
}

/// `F7` for row 6, column 5 (both from 0).
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{shown}: {message}")]
pub struct ReadError {
    pub shown: String,
    pub message: String,
}

/// Read a spreadsheet or a CSV file from its bytes.
pub fn read(shown: &str, bytes: &[u8]) -> Result<Book, ReadError> {
    let fail = |message: String| ReadError {
        shown: shown.to_string(),
        message,
    };
    // A zip (xlsx, ods) or an OLE compound file (xls): calamine; else text.
    let is_book = bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if !is_book {
        let text = decode_text(bytes)
            .ok_or_else(|| fail("not a spreadsheet (xlsx, xls, ods) nor a text CSV file".into()))?;
        return Ok(Book {
            shown: shown.to_string(),
            kind: Kind::Csv,
            sheets: vec![Grid {
                name: String::new(),
                rows: parse_csv(&text).map_err(fail)?,
            }],
        });
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| fail(format!("cannot be read as a spreadsheet: {e}")))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| fail(format!("sheet {name} cannot be read: {e}")))?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            let (r0, c0) = (r0 as usize, c0 as usize);
            for (i, row) in range.rows().enumerate() {
                let mut cells = vec![Cell::Empty; c0];
                cells.extend(row.iter().map(cell));
                if rows.len() < r0 + i {
                    rows.resize(r0 + i, Vec::new());
                }
                rows.push(cells);
            }
        }
        sheets.push(Grid { name, rows });
    }
    Ok(Book {
        shown: shown.to_string(),
        kind: Kind::Workbook,
        sheets,
    })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Other(b.to_string()),
        Data::DateTime(dt) => Cell::Other(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(s.clone()),
        Data::Error(e) => Cell::Other(format!("#{e:?}")),
    }
}

/// A CSV's text: UTF-8 (its byte-order mark dropped), else GBK (GB18030,
/// its superset), as Chinese Excel and WPS save "CSV". `None` for a file
/// that is neither (binary data).
fn decode_text(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (!s.contains('\0')).then(|| s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    (!had_errors && !text.contains('\0')).then(|| text.into_owned())
}

/// CSV as Excel writes it: comma-separated, fields in double quotes when
/// they hold a comma, a quote (doubled) or a line break.
fn parse_csv(text: &str) -> Result<Vec<Vec<Cell>>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a CSV file: {e}"))?;
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(rows)
}
