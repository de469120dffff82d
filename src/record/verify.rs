//! `kpibrief verify FILE.pdf`: a record checked alone, with no workspace.
//!
//! In: a PDF's bytes (and optionally a folder of the fonts its workspace
//! had). Out: a [`Verdict`]. The attached sources are written to a temporary
//! workspace and go through the same pipeline as a build: checked, analysed
//! (the figures compared with the attached JSON), hashed (compared with the
//! input hash in the XMP) and typeset (compared with the PDF, byte for byte:
//! a record is a pure function of its data, so anything else — an edited
//! page, title or keyword — is a difference).

use std::path::Path;

use serde_json::Value;

use super::{PdfRecord, RecordError, RecordFont, extract};
use crate::analysis::{self, json};
use crate::build::produce::{Env, Format, Period, ProduceError};
use crate::build::record::data_name;
use crate::build::{self, TOOL};
use crate::diagnostic::{Diagnostics, SourceFiles};
use crate::model::{Month, Week, Workspace};
use crate::render::{TemplateError, Templates};
use crate::typeset::Typesetter;
use crate::typeset::font_files::WorkspaceFonts;
use crate::typeset::roles;
use crate::{check, load};

/// Most figure differences listed one by one; the rest are counted.
const MAX_LISTED: usize = 20;

/// What `verify FILE.pdf` found.
#[derive(Debug)]
pub enum Verdict {
    /// The figures, the input hash and the PDF itself are what its attached
    /// data makes.
    Intact { period: String, sources: usize },
    /// What differs, one sentence each (the figure's path, both values).
    Differs(Vec<String>),
    /// The PDF carries no attached data: made with `attach_sources: false`
    /// (`by_kpibrief`), or by another tool.
    NoData { by_kpibrief: bool },
    /// The attached data does not pass `check`.
    DataErrors {
        diagnostics: Diagnostics,
        files: std::sync::Arc<SourceFiles>,
    },
    /// The figures were compared (`differs` lists what did not match), but
    /// the PDF cannot be rebuilt here: this kpibrief lacks fonts it was drawn
    /// with, or is another version (`other_tool`).
    Unrebuildable {
        lacking: Vec<RecordFont>,
        other_tool: Option<String>,
        differs: Vec<String>,
    },
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("cannot make a temporary workspace: {0}")]
    Temp(#[source] std::io::Error),
    #[error(transparent)]
    Extract(#[from] extract::ExtractError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Produce(#[from] ProduceError),
}

/// Checks one PDF alone. `fonts`: a folder with the fonts its workspace had
/// in `fonts/`, if it had any. `shown`: how diagnostics name the attached
/// data's folder (the PDF's name: `2026-W14.pdf/weekly/2026-W14.yaml:5:3`).
pub fn verify(pdf: &[u8], fonts: Option<&Path>, shown: &Path) -> Result<Verdict, VerifyError> {
    let record = super::read(pdf)?;
    let sources = record.with_relationship("Source").count();
    if sources == 0 {
        return Ok(Verdict::NoData {
            by_kpibrief: record.tool().is_some(),
        });
    }
    // Checked in memory (diagnostics name the PDF, not a temporary folder);
    // the same files go to a temporary folder for the templates.
    let files = extract::workspace_files(&record)?;
    let checked = check::check(load::load_memory(shown, &files));
    let dir = tempfile::tempdir().map_err(VerifyError::Temp)?;
    extract::write_workspace(&record, dir.path())?;
    let Some(ws) = checked.workspace else {
        return Ok(Verdict::DataErrors {
            diagnostics: checked.diagnostics,
            files: checked.files,
        });
    };
    let Some(period) = period_of(&record) else {
        return Ok(Verdict::Differs(vec![
            "its metadata names no period (the keyword `kpibrief:period=` is missing or wrong)"
                .into(),
        ]));
    };
    let mut differs = figures(&ws, period, &record)?;

    let other_tool = record.tool().filter(|t| *t != TOOL).map(str::to_string);
    let workspace_fonts = fonts.map(WorkspaceFonts::scan).unwrap_or_default();
    let font_set = roles::font_set_with(&workspace_fonts, false);
    // A workspace font counts as lacking unless the workspace's fonts are
    // given, even when a bundled file has the same bytes: the input hash
    // covers the workspace's font files, so without them it cannot match.
    let lacking: Vec<RecordFont> = record
        .fonts()
        .into_iter()
        .filter(|f| {
            (f.origin == "workspace" && fonts.is_none())
                || !font_set
                    .iter()
                    .any(|(_, have)| have.sha256() == Some(f.sha256.as_str()))
        })
        .collect();
    if other_tool.is_some() || !lacking.is_empty() {
        return Ok(Verdict::Unrebuildable {
            lacking,
            other_tool,
            differs,
        });
    }

    let templates = Templates::load(Some(&dir.path().join("templates")))?;
    let hash = build::input_hash(&ws, &templates, &workspace_fonts, period, Format::Pdf)
        .map_err(ProduceError::from)?;
    match record.input_hash() {
        Some(recorded) if recorded == hash => {}
        Some(recorded) => differs.push(format!(
            "input hash: the PDF's metadata says {recorded}, its attached files give {hash} (the attached data was changed after the PDF was made{})",
            if fonts.is_some() {
                ", or --fonts holds other files than its workspace's fonts/"
            } else {
                ""
            }
        )),
        None => differs.push("input hash: the PDF's metadata has none".into()),
    }
    let env = Env::new(templates, Typesetter::new(font_set));
    let rebuilt =
        crate::build::produce::produce_with(&ws, period, &[Format::Pdf], &env, Some(&hash))?;
    let same = rebuilt
        .outputs
        .iter()
        .any(|o| o.format == Format::Pdf && o.bytes == pdf);
    if !same {
        differs.push(
            "the PDF itself: made again from its attached data, it is not the same file (its pages or metadata were changed after it was made)"
                .into(),
        );
    }
    Ok(if differs.is_empty() {
        Verdict::Intact {
            period: period.to_string(),
            sources,
        }
    } else {
        Verdict::Differs(differs)
    })
}

/// The period the record names.
fn period_of(record: &PdfRecord) -> Option<Period> {
    let p = record.period()?;
    p.parse::<Week>()
        .map(Period::Week)
        .or_else(|_| p.parse::<Month>().map(Period::Month))
        .ok()
}

/// The briefing recomputed from the attached data, compared with the
/// attached JSON figure by figure.
fn figures(ws: &Workspace, period: Period, record: &PdfRecord) -> Result<Vec<String>, VerifyError> {
    let recomputed = match period {
        Period::Week(w) => json::to_json(&analysis::weekly(ws, w).map_err(ProduceError::from)?),
        Period::Month(m) => json::to_json(&analysis::monthly(ws, m).map_err(ProduceError::from)?),
    };
    let name = data_name(period);
    let Some(attached) = record.with_relationship("Data").find(|f| f.name == name) else {
        return Ok(vec![format!(
            "figures: the PDF has no attached `{name}` (relationship Data)"
        )]);
    };
    let parsed = |text: &[u8]| serde_json::from_slice::<Value>(text).ok();
    let (Some(attached), Some(recomputed)) =
        (parsed(&attached.bytes), parsed(recomputed.as_bytes()))
    else {
        return Ok(vec![format!("figures: the attached `{name}` is not JSON")]);
    };
    let mut out = Vec::new();
    diff("", &attached, &recomputed, &mut out);
    let more = out.len().saturating_sub(MAX_LISTED);
    out.truncate(MAX_LISTED);
    let mut differs: Vec<String> = out
        .into_iter()
        .map(|(path, was, is)| {
            format!("figure {path}: the attached {name} says {was}, its attached data gives {is}")
        })
        .collect();
    if more > 0 {
        differs.push(format!("… and {more} more figures"));
    }
    Ok(differs)
}

/// Differences between two JSON values, as (path, attached, recomputed).
/// Array items are named by their `id`, `task` or `unit` when they have one.
fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<(String, String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match y.get(key) {
                    Some(vb) => diff(&p, va, vb, out),
                    None => out.push((p, va.to_string(), "nothing".into())),
                }
            }
            for (key, vb) in y {
                if !x.contains_key(key) {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    out.push((p, "nothing".into(), vb.to_string()));
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{}]", item_name(va, i)), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) => out.push((
            path.to_string(),
            format!("{} items", x.len()),
            format!("{} items", y.len()),
        )),
        _ if a != b => out.push((path.to_string(), a.to_string(), b.to_string())),
        _ => {}
    }
}

fn item_name(item: &Value, index: usize) -> String {
    ["id", "task", "unit"]
        .iter()
        .find_map(|k| item.get(k).and_then(Value::as_str))
        .map_or_else(|| index.to_string(), str::to_string)
}
