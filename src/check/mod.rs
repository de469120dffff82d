//! Step 2 of the pipeline: turn parsed files into a checked [`Workspace`].
//!
//! Every rule of the "Diagnostics" section of the spec lives here. Each file
//! is read against its description in [`crate::check::schema`] (unknown keys with a
//! "did you mean", missing keys, wrong types), then the cross-file rules run
//! (ids that refer to nothing, periods that do not match their file names,
//! scores out of range, tiers that do not cover the peers, …). All problems
//! are collected; a workspace is returned only when there is no error.
//!
//! In: the [`Loaded`] documents (or a folder, for [`open`]). Out: [`Checked`].
//! This module holds only the order of the steps; `fields` and `keys` read
//! values, one module per file kind (`config`, `units`, `indicators`,
//! `weekly`, `monthly`, `explanations`) reads a file, `cross` holds the rules
//! that look across files.

mod config;
mod cross;
mod explanations;
mod fields;
pub mod freetext;
mod indicators;
mod keys;
mod monthly;
pub mod schema;
mod units;
mod weekly;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFiles};
use crate::load::yaml::Node;
use crate::load::{self, Document, Loaded, Place};
use crate::model::{Workspace, WorkspaceParts};
use config::read_config;
use cross::{check_config_against_peers, cross_warnings};
use explanations::read_explanation;
use fields::Cx;
use indicators::{read_indicators, read_tasks};
use monthly::read_month;
use units::{read_peers, read_units};
use weekly::read_week;

/// The assessment years a workspace may have (config.yaml's `year`).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The outcome of loading and checking a workspace.
#[derive(Debug)]
pub struct Checked {
    /// Present when there is no error.
    pub workspace: Option<Workspace>,
    pub files: Arc<SourceFiles>,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Diagnostics,
}

/// Load and check the workspace at `root`.
pub fn open(root: &Path) -> Checked {
    check(load::load(root))
}

pub fn check(loaded: Loaded) -> Checked {
    let Loaded {
        files,
        mut documents,
        mut diagnostics,
    } = loaded;
    documents.sort_by(|a, b| a.place.cmp(&b.place));
    let mut cx = Cx {
        diags: &mut diagnostics,
        files: &files,
    };
    let workspace = build(&mut cx, &documents);
    if let Some(ws) = &workspace {
        for d in cross_warnings(ws) {
            diagnostics.push(d);
        }
    }
    let files = Arc::new(files);
    diagnostics.sort();
    let workspace = if diagnostics.has_errors() {
        None
    } else {
        workspace.map(|parts| Workspace::new(parts, files.clone()))
    };
    Checked {
        workspace,
        files,
        diagnostics,
    }
}

fn build(cx: &mut Cx<'_>, documents: &[Document]) -> Option<WorkspaceParts> {
    let root_of = |place: &Place| documents.iter().find(|d| &d.place == place);
    // The top-level files' trees are needed together (ids refer across
    // them); they are dropped before the weekly and monthly files are read.
    let mut top = BTreeMap::new();
    for (name, place) in &Place::TOP_LEVEL {
        let Some(doc) = root_of(place) else { continue };
        match parse(cx, doc) {
            Some(Some(root)) => {
                top.insert(*name, root);
            }
            Some(None) => cx.push(
                Diagnostic::error(format!("`{name}` is empty"))
                    .in_file(doc.file)
                    .at(cx.files.file_start(doc.file))
                    .expected(format!(
                        "its data: see `kpibrief schema` or the example workspace's {name}"
                    )),
            ),
            None => {}
        }
    }

    let config = top.get("config.yaml").and_then(|n| read_config(cx, n));
    let (leaders, units) = top
        .get("units.yaml")
        .map(|n| read_units(cx, n))
        .unwrap_or_default();
    let peers = top
        .get("peers.yaml")
        .map(|n| read_peers(cx, n))
        .unwrap_or_default();
    let indicators = top
        .get("indicators.yaml")
        .map(|n| read_indicators(cx, n, &units))
        .unwrap_or_default();
    let tasks = top
        .get("tasks.yaml")
        .map(|n| read_tasks(cx, n, &indicators, &units))
        .unwrap_or_default();

    if let Some(config) = &config {
        check_config_against_peers(cx, config, &peers);
    }
    let year = config.as_ref().map(|c| c.0.year);
    drop(top);

    let mut weeks = BTreeMap::new();
    let mut months = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    // One period file's tree at a time, dropped as soon as it is read.
    for doc in documents {
        if matches!(
            doc.place,
            Place::Config | Place::Units | Place::Peers | Place::Indicators | Place::Tasks
        ) {
            continue;
        }
        let Some(parsed) = parse(cx, doc) else {
            continue;
        };
        let Some(root) = &parsed else {
            cx.push(
                Diagnostic::error(format!("`{}` is empty", cx.files.get(doc.file).rel))
                    .at(cx.files.file_start(doc.file))
                    .note("delete the file, or fill it in"),
            );
            continue;
        };
        match &doc.place {
            Place::Weekly(week) => {
                if let Some(w) = read_week(cx, root, *week, year, &tasks, &units, &indicators) {
                    weeks.insert(*week, w);
                }
            }
            Place::Monthly(month) => {
                if let Some(m) = read_month(cx, root, *month, year, &peers, &indicators, &units) {
                    months.insert(*month, m);
                }
            }
            Place::Explanation { month, unit } => {
                if let Some(e) = read_explanation(cx, root, *month, unit, &units) {
                    explanations.insert((*month, e.unit.clone()), e);
                }
            }
            _ => {}
        }
    }

    let (config, _) = config?;
    if !peers.contains_key(&config.self_id) {
        // Reported in check_config_against_peers.
        return None;
    }
    Some(WorkspaceParts {
        config,
        leaders,
        units,
        peers,
        indicators,
        tasks,
        weeks,
        months,
        explanations,
    })
}

/// A document's tree; `Some(None)` for an empty file, `None` (reported) when
/// it is not valid YAML.
fn parse(cx: &mut Cx<'_>, doc: &Document) -> Option<Option<Node>> {
    doc.parse(cx.files).map_err(|d| cx.push(d)).ok()
}
