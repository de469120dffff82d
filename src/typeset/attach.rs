//! Files a PDF/A-3 record carries: its sources and its data, as associated
//! files (ISO 19005-3), and the keywords its XMP metadata gives.
//!
//! In: the [`Record`] of a document (attachments with their names, bytes and
//! relationships; keywords). Out: the files the document's world serves and
//! the Typst markup that attaches them.
//!
//! Typst attaches a file with `pdf.attach(path)`, reading it from the world
//! (the name in the PDF is the path). The names come from the data (a unit's
//! explanation file is named after the unit), so they are never written into
//! Typst source: the markup reads a list of them from a JSON file served from
//! memory, like the charts' data, and a name can only ever be a string.

use serde::Serialize;

/// How an attached file relates to the document (PDF/A-3's `AFRelationship`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relationship {
    /// The document was made from it (a data file of the workspace).
    Source,
    /// It holds the figures the document presents (the briefing's JSON).
    Data,
}

impl Relationship {
    /// The PDF name, as `/AFRelationship` writes it.
    pub fn pdf_name(self) -> &'static str {
        match self {
            Relationship::Source => "Source",
            Relationship::Data => "Data",
        }
    }
}

/// One file to attach, under `name` (a relative path with `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    pub relationship: Relationship,
    pub mime: &'static str,
    pub description: String,
}

/// What a record carries besides its pages. Empty: a plain PDF/A-2b.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub attachments: Vec<Attachment>,
    /// Written to the XMP's `pdf:Keywords` (joined with ", ", so no keyword
    /// may hold a comma: commas are replaced by spaces).
    pub keywords: Vec<String>,
    /// The XMP's `xmp:CreatorTool`; `None`: typst's default.
    pub creator: Option<String>,
}

/// The prefix of the keyword naming each font a record is drawn with.
pub const FONT_KEYWORD: &str = "kpibrief:font=";

/// Where the list of attachments is served; not a name any data file can
/// have (data files end in `.yaml`, a briefing's JSON is not in a hidden folder).
pub(super) const INDEX: &str = ".kpibrief/attachments.json";

/// Appended to the document's source: attaches every file of the list.
pub(super) const MARKUP: &str = "\n#for a in json(\".kpibrief/attachments.json\") { pdf.attach(a.name, relationship: a.relationship, mime-type: a.mime, description: a.description) }\n";

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    relationship: Relationship,
    mime: &'a str,
    description: &'a str,
}

impl Record {
    /// The files to serve besides the document's own: the index, then each
    /// attachment under its name. `Err(name)`: a name the document already
    /// serves (it would be read instead of the attachment) or given twice.
    pub(super) fn served(
        &self,
        document_files: &[(String, Vec<u8>)],
    ) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut names: Vec<&str> = document_files.iter().map(|(n, _)| n.as_str()).collect();
        names.push(INDEX);
        for a in &self.attachments {
            if names.contains(&a.name.as_str()) {
                return Err(a.name.clone());
            }
            names.push(&a.name);
        }
        let index: Vec<Entry<'_>> = self
            .attachments
            .iter()
            .map(|a| Entry {
                name: &a.name,
                relationship: a.relationship,
                mime: a.mime,
                description: &a.description,
            })
            .collect();
        let mut files = vec![(
            INDEX.to_string(),
            serde_json::to_vec(&index).unwrap_or_default(),
        )];
        files.extend(
            self.attachments
                .iter()
                .map(|a| (a.name.clone(), a.bytes.clone())),
        );
        Ok(files)
    }

    /// The keywords as krilla writes them: no comma inside one.
    pub(super) fn clean_keywords(&self) -> Vec<String> {
        self.keywords.iter().map(|k| k.replace(',', " ")).collect()
    }
}
