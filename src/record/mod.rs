//! Records that carry their own data: reading an archived PDF's attachments
//! and metadata back, checking it alone ([`verify`]), and turning its
//! attachments back into a workspace ([`extract`]).
//!
//! In: the bytes of a PDF (any PDF: one kpibrief made, with or without
//! attachments, or one another tool made). Out: a [`PdfRecord`] — its
//! associated files with their relationships, and the `kpibrief:` keywords
//! of its XMP — or a [`RecordError`] saying why it cannot be read.
//!
//! The PDF is read with lopdf, every embedded file bounded by the size limit
//! of a data file, so a crafted PDF cannot inflate into gigabytes.

pub mod extract;
pub mod verify;

use lopdf::{Dictionary, Document, Object};

use crate::build::record::{INPUTS_KEYWORD, PERIOD_KEYWORD, TOOL_KEYWORD};
use crate::load::MAX_FILE_BYTES;
use crate::typeset::attach::FONT_KEYWORD;

/// An embedded file of a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its name (the file specification's `/UF`, else `/F`).
    pub name: String,
    /// `/AFRelationship` (`Source`, `Data`, …), if it has one.
    pub relationship: Option<String>,
    pub bytes: Vec<u8>,
}

/// A font a record says it is drawn with (a `kpibrief:font=` keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFont {
    /// `bundled`, `workspace` or `system`.
    pub origin: String,
    pub sha256: String,
    pub family: String,
}

/// What a PDF says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfRecord {
    pub attachments: Vec<Found>,
    /// The `kpibrief:` keywords of the XMP (`pdf:Keywords`), in order.
    pub keywords: Vec<String>,
    /// `pdfaid:part` of the XMP (`2`, `3`), if any.
    pub pdfa_part: Option<String>,
}

impl PdfRecord {
    fn keyword(&self, prefix: &str) -> Option<&str> {
        self.keywords.iter().find_map(|k| k.strip_prefix(prefix))
    }

    /// The kpibrief that made it (`kpibrief 0.1.0`), if kpibrief did.
    pub fn tool(&self) -> Option<&str> {
        self.keyword(TOOL_KEYWORD)
    }

    /// The period it presents (`2026-W14`, `2026-06`).
    pub fn period(&self) -> Option<&str> {
        self.keyword(PERIOD_KEYWORD)
    }

    /// The archive's input hash, as the manifest has it.
    pub fn input_hash(&self) -> Option<&str> {
        self.keyword(INPUTS_KEYWORD)
    }

    /// The fonts it is drawn with.
    pub fn fonts(&self) -> Vec<RecordFont> {
        self.keywords
            .iter()
            .filter_map(|k| k.strip_prefix(FONT_KEYWORD))
            .filter_map(|rest| {
                let mut parts = rest.splitn(3, ':');
                Some(RecordFont {
                    origin: parts.next()?.to_string(),
                    sha256: parts.next()?.to_string(),
                    family: parts.next()?.to_string(),
                })
            })
            .collect()
    }

    /// The attachments with the given relationship (`Source`, `Data`).
    pub fn with_relationship<'a>(
        &'a self,
        relationship: &'a str,
    ) -> impl Iterator<Item = &'a Found> {
        self.attachments
            .iter()
            .filter(move |f| f.relationship.as_deref() == Some(relationship))
    }
}

/// Why a PDF's record cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    #[error("it is not a PDF that can be read: {0}")]
    NotPdf(String),
    #[error(
        "its attachment `{name}` is larger than {limit} MB once unpacked, more than any data file may be"
    )]
    TooLarge { name: String, limit: u64 },
    #[error("its attachment `{name}` cannot be unpacked: {reason}")]
    Damaged { name: String, reason: String },
}

/// Reads a PDF's embedded files and its kpibrief keywords.
pub fn read(bytes: &[u8]) -> Result<PdfRecord, RecordError> {
    let doc = Document::load_mem(bytes).map_err(|e| RecordError::NotPdf(e.to_string()))?;
    let catalog = doc
        .catalog()
        .map_err(|e| RecordError::NotPdf(e.to_string()))?;
    let mut record = PdfRecord::default();
    if let Some(names) = get_dict(&doc, catalog, b"Names")
        && let Some(tree) = get_dict(&doc, names, b"EmbeddedFiles")
    {
        let mut specs = Vec::new();
        name_tree(&doc, tree, &mut specs, 0);
        for spec in specs {
            if let Some(found) = embedded(&doc, spec)? {
                record.attachments.push(found);
            }
        }
    }
    if let Some(xmp) = deref(&doc, catalog.get(b"Metadata").ok()).and_then(|o| match o {
        Object::Stream(s) => s.get_plain_content_with_limit(MAX_FILE_BYTES as usize).ok(),
        _ => None,
    }) {
        let xmp = String::from_utf8_lossy(&xmp);
        if let Some(keywords) = xml_element(&xmp, "pdf:Keywords") {
            record.keywords = keywords
                .split(", ")
                .filter(|k| k.starts_with("kpibrief:"))
                .map(str::to_string)
                .collect();
        }
        record.pdfa_part = xml_element(&xmp, "pdfaid:part");
    }
    Ok(record)
}

fn deref<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(object?).ok().map(|(_, o)| o)
}

fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match deref(doc, dict.get(key).ok())? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The values of a name tree, leaves and kids alike (depth-bounded: a
/// crafted PDF may make the tree loop).
fn name_tree<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    out: &mut Vec<&'a Dictionary>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    if let Some(Object::Array(names)) = deref(doc, node.get(b"Names").ok()) {
        for value in names.iter().skip(1).step_by(2) {
            if let Some(Object::Dictionary(spec)) = deref(doc, Some(value)) {
                out.push(spec);
            }
        }
    }
    if let Some(Object::Array(kids)) = deref(doc, node.get(b"Kids").ok()) {
        for kid in kids {
            if let Some(Object::Dictionary(kid)) = deref(doc, Some(kid)) {
                name_tree(doc, kid, out, depth + 1);
            }
        }
    }
}

/// One file specification's name, relationship and unpacked bytes.
fn embedded(doc: &Document, spec: &Dictionary) -> Result<Option<Found>, RecordError> {
    let name = [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|key| match deref(doc, spec.get(key).ok()) {
            Some(Object::String(bytes, _)) => Some(text_string(bytes)),
            _ => None,
        })
        .unwrap_or_default();
    let relationship = match deref(doc, spec.get(b"AFRelationship").ok()) {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    let Some(ef) = get_dict(doc, spec, b"EF") else {
        return Ok(None);
    };
    let stream =
        [b"UF".as_slice(), b"F"]
            .iter()
            .find_map(|key| match deref(doc, ef.get(key).ok()) {
                Some(Object::Stream(s)) => Some(s),
                _ => None,
            });
    let Some(stream) = stream else {
        return Ok(None);
    };
    let bytes = stream
        .get_plain_content_with_limit(MAX_FILE_BYTES as usize)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                RecordError::TooLarge {
                    name: name.clone(),
                    limit: MAX_FILE_BYTES / 1024 / 1024,
                }
            }
            e => RecordError::Damaged {
                name: name.clone(),
                reason: e.to_string(),
            },
        })?;
    Ok(Some(Found {
        name,
        relationship,
        bytes,
    }))
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its
/// (PDF 2.0), or PDFDocEncoding (read as Latin-1, exact for ASCII).
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The text of the first `<tag>…</tag>` (or `tag="…"` attribute) in the
/// XMP, XML entities decoded.
fn xml_element(xmp: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let raw = if let Some(start) = xmp.find(&open) {
        let rest = &xmp[start + open.len()..];
        &rest[..rest.find(&format!("</{tag}>"))?]
    } else {
        let attr = format!("{tag}=\"");
        let start = xmp.find(&attr)? + attr.len();
        let rest = &xmp[start..];
        &rest[..rest.find('"')?]
    };
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}
