//! What an archived PDF carries about itself: in, the workspace, a period,
//! the briefing's JSON and the archive's input hash; out, a
//! [`Record`](crate::typeset::attach::Record) for the typesetter.
//!
//! The attached sources are exactly the files the input hash covers: the data
//! files [`analysis::inputs`] lists (as the checker read them: UTF-8 without
//! a byte-order mark, `\n` line ends) and the workspace's own templates. So
//! the attachments cannot drift from the hash, and a workspace extracted
//! from them rebuilds the same PDF.

use std::collections::BTreeMap;

use super::TOOL;
use super::produce::{Env, Period, ProduceError};
use crate::analysis;
use crate::model::Workspace;
use crate::typeset::attach::{Attachment, Record, Relationship};

/// The prefixes of the keywords a kpibrief record's XMP carries.
pub const TOOL_KEYWORD: &str = "kpibrief:tool=";
pub const PERIOD_KEYWORD: &str = "kpibrief:period=";
pub const INPUTS_KEYWORD: &str = "kpibrief:inputs=";

/// Where an attached workspace template goes (`templates/weekly.typ`).
pub const TEMPLATES_DIR: &str = "templates";

/// The name of the briefing's JSON in the PDF: its path in the archive.
pub fn data_name(period: Period) -> String {
    format!("{}.json", period.stem())
}

/// The record of one briefing's PDF: its sources and JSON attached (unless
/// the workspace opts out) and the keywords. `json` is the briefing's JSON.
pub(super) fn record(
    ws: &Workspace,
    period: Period,
    env: &Env,
    json: Option<&str>,
    input_hash: Option<&str>,
) -> Result<Record, ProduceError> {
    let mut keywords = vec![
        format!("{TOOL_KEYWORD}{TOOL}"),
        format!("{PERIOD_KEYWORD}{period}"),
    ];
    if let Some(hash) = input_hash {
        keywords.push(format!("{INPUTS_KEYWORD}{hash}"));
    }
    let mut record = Record {
        attachments: Vec::new(),
        keywords,
        creator: Some(format!("{TOOL} (Typst 0.15.1)")),
    };
    if !ws.config().archive.attach_sources {
        return Ok(record);
    }
    let texts: BTreeMap<&str, &str> = ws
        .files()
        .iter()
        .map(|(_, f)| (f.rel.as_str(), f.text.as_str()))
        .collect();
    // A file the analysis would read but the workspace lacks is hashed as
    // absent, and attached as nothing.
    for rel in analysis::inputs(ws, period)? {
        if let Some(text) = texts.get(rel.as_str()) {
            record.attachments.push(Attachment {
                description: format!(
                    "通报所依据的数据文件 / data file the briefing was computed from: {rel}"
                ),
                name: rel,
                bytes: text.as_bytes().to_vec(),
                relationship: Relationship::Source,
                mime: "application/yaml",
            });
        }
    }
    let templates = &env.templates;
    for (name, text) in &templates.sources {
        if templates.overridden.contains(name) {
            record.attachments.push(Attachment {
                name: format!("{TEMPLATES_DIR}/{name}"),
                bytes: text.as_bytes().to_vec(),
                relationship: Relationship::Source,
                mime: "text/plain",
                description: format!("工作区模板 / the workspace's template: {name}"),
            });
        }
    }
    if let Some(json) = json {
        record.attachments.push(Attachment {
            name: data_name(period),
            bytes: json.as_bytes().to_vec(),
            relationship: Relationship::Data,
            mime: "application/json",
            description: "通报的全部数字（JSON） / every figure of the briefing (JSON)".into(),
        });
    }
    Ok(record)
}
