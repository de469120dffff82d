//! The package: the parts docx-rs writes, with what it has no element for
//! patched in, zipped the same way every time.
//!
//! In: the finished [`Doc`], the title, issuer and date. Out: the DOCX bytes.
//!
//! docx-rs lacks three things this document needs (`docs/decisions.md`):
//! - `w:tblHeader` on a table's first row (the header repeats on every page);
//! - the title and author in the core properties (it writes "unknown");
//! - a picture's own id and its description (`wp:docPr`);
//! - one style `Normal` (docx-rs always writes an empty one of its own
//!   before the document's styles: it is dropped, and ours made the default);
//! - fonts with their other names (`w:altName`: 仿宋_GB2312 is 仿宋 on a
//!   machine that has only the newer font).
//!
//! Each is added to the XML docx-rs wrote through quick-xml's event reader
//! and writer, never by editing text. docx-rs zips the parts uncompressed;
//! they are deflated again with the zip format's fixed 1980-01-01 timestamp,
//! and the core properties' dates are the document's date, so the bytes
//! depend only on the view.

use std::io::Cursor;

use chrono::NaiveDate;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::DocxError;
use super::blocks::Doc;
use super::styles::{BODY, HEADING, NUMBER, SUBHEADING, TITLE};

/// Official font names and the other names the same face goes by.
const FONTS: [(&str, &str); 5] = [
    (BODY, "仿宋"),
    (HEADING, "SimHei"),
    (SUBHEADING, "楷体"),
    (TITLE, "方正小标宋_GBK"),
    (NUMBER, "SimSun"),
];

pub fn write(doc: Doc, title: &str, author: &str, date: NaiveDate) -> Result<Vec<u8>, DocxError> {
    let stamp = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
    let mut xml = doc.docx.created_at(&stamp).updated_at(&stamp).build();
    xml.document = table_headers(&xml.document)?;
    xml.document = pictures(&xml.document, &doc.image_alts)?;
    xml.doc_props.core = core(&xml.doc_props.core, title, author)?;
    xml.font_table = font_table(&xml.font_table)?;
    xml.styles = styles(&xml.styles)?;
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| DocxError::Package(e.to_string()))?;
    deflate(&out.into_inner()).map_err(|e| DocxError::Package(e.to_string()))
}

/// docx-rs stores every part uncompressed (a 100× bulletin would be 0.7 MB
/// of XML): the same entries, in the same order, deflated, with the zip
/// format's fixed timestamp (1980-01-01) and permissions. The images are
/// PNG already and stay stored.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime};

    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            writer.add_directory(name, options)?;
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf)?;
        let method = if name.ends_with(".png") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        writer.start_file(name, options.compression_method(method))?;
        writer.write_all(&buf)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Rewrites a part event by event: `f` writes what replaces each event, or
/// returns false to have it copied as it is.
fn rewrite(
    part: &'static str,
    xml: &[u8],
    mut f: impl FnMut(&Event<'_>, &mut Writer<Vec<u8>>) -> std::io::Result<bool>,
) -> Result<Vec<u8>, DocxError> {
    let error = |message: String| DocxError::Part { part, message };
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    loop {
        let event = reader.read_event().map_err(|e| error(e.to_string()))?;
        if let Event::Eof = event {
            break;
        }
        if !f(&event, &mut writer).map_err(|e| error(e.to_string()))? {
            writer
                .write_event(event)
                .map_err(|e| error(e.to_string()))?;
        }
    }
    Ok(writer.into_inner())
}

/// `w:tblHeader` in the first row of every table that flows with the text
/// (not the floating 版记).
fn table_headers(xml: &[u8]) -> Result<Vec<u8>, DocxError> {
    // Per open table: rows seen, and whether it floats.
    let mut tables: Vec<(usize, bool)> = Vec::new();
    rewrite("word/document.xml", xml, |event, w| {
        let header_row = |t: &[(usize, bool)]| matches!(t.last(), Some(&(1, false)));
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:tbl" => tables.push((0, false)),
            Event::End(e) if e.name().as_ref() == b"w:tbl" => {
                tables.pop();
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"w:tblpPr" => {
                if let Some(t) = tables.last_mut() {
                    t.1 = true;
                }
            }
            Event::Start(e) if e.name().as_ref() == b"w:tr" => {
                if let Some(t) = tables.last_mut() {
                    t.0 += 1;
                }
            }
            Event::End(e) if e.name().as_ref() == b"w:trPr" && header_row(&tables) => {
                w.write_event(Event::Empty(BytesStart::new("w:tblHeader")))?;
                w.write_event(Event::End(e.clone()))?;
                return Ok(true);
            }
            Event::Empty(e) if e.name().as_ref() == b"w:trPr" && header_row(&tables) => {
                w.write_event(Event::Start(BytesStart::new("w:trPr")))?;
                w.write_event(Event::Empty(BytesStart::new("w:tblHeader")))?;
                w.write_event(Event::End(BytesEnd::new("w:trPr")))?;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })
}

/// Each picture's `wp:docPr` with an id of its own (docx-rs gives every
/// one `1`) and its description: the chart's figures in words.
fn pictures(xml: &[u8], alts: &[String]) -> Result<Vec<u8>, DocxError> {
    let mut n = 0;
    rewrite("word/document.xml", xml, |event, w| {
        if let Event::Empty(e) = event
            && e.name().as_ref() == b"wp:docPr"
        {
            n += 1;
            let mut pr = BytesStart::new("wp:docPr");
            pr.push_attribute(("id", n.to_string().as_str()));
            pr.push_attribute(("name", format!("图{n}").as_str()));
            pr.push_attribute(("descr", alts.get(n - 1).map_or("", String::as_str)));
            w.write_event(Event::Empty(pr))?;
            return Ok(true);
        }
        Ok(false)
    })
}

/// The document's own `Normal` as the default paragraph style, without the
/// empty one docx-rs writes first.
fn styles(xml: &[u8]) -> Result<Vec<u8>, DocxError> {
    let mut seen_normal = false;
    // Depth inside the dropped style; 0 when not in it.
    let mut skipping = 0usize;
    rewrite("word/styles.xml", xml, |event, w| {
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            return Ok(true);
        }
        if let Event::Start(e) = event
            && e.name().as_ref() == b"w:style"
            && e.attributes()
                .flatten()
                .any(|a| a.key.as_ref() == b"w:styleId" && a.value.as_ref() == b"Normal")
        {
            if !seen_normal {
                seen_normal = true;
                skipping = 1;
                return Ok(true);
            }
            let mut start = e.clone();
            start.push_attribute(("w:default", "1"));
            w.write_event(Event::Start(start))?;
            return Ok(true);
        }
        Ok(false)
    })
}

/// The title and author in `docProps/core.xml`.
fn core(xml: &[u8], title: &str, author: &str) -> Result<Vec<u8>, DocxError> {
    let mut in_person = false;
    let mut has_title = false;
    rewrite("docProps/core.xml", xml, |event, w| {
        match event {
            Event::Start(e)
                if matches!(e.name().as_ref(), b"dc:creator" | b"cp:lastModifiedBy") =>
            {
                in_person = true;
            }
            Event::Start(e) if e.name().as_ref() == b"dc:title" => has_title = true,
            Event::Text(_) if in_person => {
                w.write_event(Event::Text(BytesText::new(author)))?;
                return Ok(true);
            }
            Event::End(e) if matches!(e.name().as_ref(), b"dc:creator" | b"cp:lastModifiedBy") => {
                in_person = false;
            }
            Event::End(e) if e.name().as_ref() == b"cp:coreProperties" && !has_title => {
                w.create_element("dc:title")
                    .write_text_content(BytesText::new(title))?;
                w.write_event(Event::End(e.clone()))?;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })
}

/// The document's Chinese fonts, with their other names and the GB 2312
/// character set, in `word/fontTable.xml`.
fn font_table(xml: &[u8]) -> Result<Vec<u8>, DocxError> {
    rewrite("word/fontTable.xml", xml, |event, w| {
        if let Event::End(e) = event
            && e.name().as_ref() == b"w:fonts"
        {
            for (name, alt) in FONTS {
                w.create_element("w:font")
                    .with_attribute(("w:name", name))
                    .write_inner_content(|w| {
                        w.create_element("w:altName")
                            .with_attribute(("w:val", alt))
                            .write_empty()?;
                        w.create_element("w:charset")
                            .with_attribute(("w:val", "86"))
                            .write_empty()?;
                        w.create_element("w:family")
                            .with_attribute(("w:val", "modern"))
                            .write_empty()?;
                        w.create_element("w:pitch")
                            .with_attribute(("w:val", "fixed"))
                            .write_empty()?;
                        Ok(())
                    })?;
            }
            w.write_event(Event::End(e.clone()))?;
            return Ok(true);
        }
        Ok(false)
    })
}
