//! Step 2 of the pipeline: turn parsed files into a checked [`Workspace`].
//!
//! Every rule of the "Diagnostics" section of the spec lives here. Each file
//! is read against its description in [`crate::check::schema`] (unknown keys with a
//! "did you mean", missing keys, wrong types), then the cross-file rules run
//! (ids that refer to nothing, periods that do not match their file names,
//! scores out of range, tiers that do not cover the peers, …). All problems
//! are collected; a workspace is returned only when there is no error.

pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFiles, Span};
use crate::load::yaml::{Node, NodeKind};
use crate::load::{self, Document, Loaded, Place};
use crate::model::*;
use schema::Obj;

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

/// Largest magnitude a number in the data may have; keeps exact arithmetic far from overflow.
const MAX_NUMBER: i64 = 1_000_000_000;
/// Most decimal places a number in the data may have.
const MAX_DECIMALS: u32 = 8;

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
        workspace.map(|mut w| {
            w.files = files.clone();
            w
        })
    };
    Checked {
        workspace,
        files,
        diagnostics,
    }
}

/// The checking context: where diagnostics go.
struct Cx<'a> {
    diags: &'a mut Diagnostics,
    files: &'a SourceFiles,
}

/// A value with the span it was read from.
#[derive(Debug, Clone)]
struct At<T> {
    value: T,
    span: Span,
}

/// The keys of a mapping checked against its description.
struct Fields<'n> {
    entries: Vec<(&'static str, &'n Node, Span)>,
    span: Span,
}

impl<'n> Fields<'n> {
    /// The value of a key; a null value counts as absent.
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, ..)| *k == name)
            .map(|(_, v, _)| *v)
            .filter(|v| !v.is_null())
    }

    /// Where a key is written (or the mapping, when it is absent).
    fn key_span(&self, name: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, ..)| *k == name)
            .map_or(self.span, |(.., s)| *s)
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.chars().count() / 4) && d < c.chars().count())
        .min()
        .map(|(_, c)| c)
}

fn scalar(node: &Node) -> Option<(&str, bool)> {
    match &node.kind {
        NodeKind::Scalar { text, plain } => Some((text.as_str(), *plain)),
        _ => None,
    }
}

impl Cx<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn wrong_type(&mut self, node: &Node, expected: &str) {
        self.push(
            Diagnostic::error(format!("expected {expected}"))
                .at(node.span)
                .label(format!("found {}", node.describe()))
                .expected(expected),
        );
    }

    /// Check a mapping's keys against `obj`: unknown (with a hint), duplicated, missing.
    fn fields<'n>(&mut self, node: &'n Node, obj: &'static Obj, what: &str) -> Option<Fields<'n>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, &format!("{what}: a mapping of keys to values"));
            return None;
        };
        let mut out: Vec<(&'static str, &'n Node, Span)> = Vec::new();
        let known = || obj.fields.iter().map(|f| f.name);
        for (key, value) in entries {
            let Some((name, _)) = scalar(key) else {
                self.wrong_type(key, "a key name");
                continue;
            };
            match obj.field(name) {
                Some(f) => {
                    if out.iter().any(|(k, ..)| *k == f.name) {
                        self.push(
                            Diagnostic::error(format!("key `{name}` is given twice"))
                                .at(key.span)
                                .label("second time here"),
                        );
                    } else {
                        out.push((f.name, value, key.span));
                    }
                }
                None => {
                    let mut d = Diagnostic::error(format!("unknown key `{name}` in {what}"))
                        .at(key.span)
                        .label("unknown key");
                    if let Some(hint) = did_you_mean(name, known()) {
                        d = d.note(format!("help: did you mean `{hint}`?"));
                    }
                    d = d.expected(format!(
                        "one of {}",
                        known()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    self.push(d);
                }
            }
        }
        for f in obj.fields.iter().filter(|f| f.required) {
            let present = out.iter().find(|(k, ..)| *k == f.name);
            match present {
                None => self.push(
                    Diagnostic::error(format!("missing key `{}` in {what}", f.name))
                        .at(node.span)
                        .label(format!("`{}` is required here", f.name))
                        .note(format!("`{}`: {} / {}", f.name, f.zh, f.en)),
                ),
                Some((_, v, _)) if v.is_null() => self.push(
                    Diagnostic::error(format!("`{}` has no value", f.name))
                        .at(v.span)
                        .note(format!("`{}`: {} / {}", f.name, f.zh, f.en)),
                ),
                Some(_) => {}
            }
        }
        Some(Fields {
            entries: out,
            span: node.span,
        })
    }

    fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.wrong_type(node, &format!("{what}: a list"));
                None
            }
        }
    }

    fn text(&mut self, node: &Node) -> Option<String> {
        match scalar(node) {
            Some((t, _)) => Some(t.to_string()),
            None => {
                self.wrong_type(node, "text");
                None
            }
        }
    }

    fn located_text(&mut self, node: &Node) -> Option<Text> {
        self.text(node).map(|text| Text {
            text,
            span: node.span,
        })
    }

    fn id(&mut self, node: &Node) -> Option<At<String>> {
        let (text, _) = match scalar(node) {
            Some(s) => s,
            None => {
                self.wrong_type(node, "an id (letters, digits, `-` and `_`)");
                return None;
            }
        };
        if text.is_empty()
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.push(
                Diagnostic::error(format!("`{text}` is not a valid id"))
                    .at(node.span)
                    .expected("letters, digits, `-` and `_` only, e.g. `city-07` or `T001`"),
            );
            return None;
        }
        Some(At {
            value: text.to_string(),
            span: node.span,
        })
    }

    fn date(&mut self, node: &Node) -> Option<At<NaiveDate>> {
        let Some((text, _)) = scalar(node) else {
            self.wrong_type(node, "a date (YYYY-MM-DD)");
            return None;
        };
        let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if ok => Some(At {
                value: d,
                span: node.span,
            }),
            _ => {
                self.push(
                    Diagnostic::error(format!("`{text}` is not a date"))
                        .at(node.span)
                        .expected("a date written YYYY-MM-DD, e.g. 2026-07-03"),
                );
                None
            }
        }
    }

    fn period<T: FromStr<Err = String>>(&mut self, node: &Node, example: &str) -> Option<At<T>> {
        let Some((text, _)) = scalar(node) else {
            self.wrong_type(node, example);
            return None;
        };
        match text.parse::<T>() {
            Ok(v) => Some(At {
                value: v,
                span: node.span,
            }),
            Err(why) => {
                self.push(
                    Diagnostic::error(why)
                        .at(node.span)
                        .expected(example.to_string()),
                );
                None
            }
        }
    }

    fn number(&mut self, node: &Node) -> Option<At<Num>> {
        let Some((text, plain)) = scalar(node) else {
            self.wrong_type(node, "a number");
            return None;
        };
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let well_formed = {
            let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        };
        if !plain || !well_formed {
            let mut d = Diagnostic::error(format!("expected a number, found {}", node.describe()))
                .at(node.span)
                .expected("a decimal number such as 92.35");
            if !plain && well_formed {
                d = d.note("help: remove the quotes");
            }
            self.push(d);
            return None;
        }
        match Num::from_str(text) {
            Ok(n) if n.abs() < Num::from(MAX_NUMBER) && n.scale() <= MAX_DECIMALS => Some(At {
                value: n.normalize(),
                span: node.span,
            }),
            _ => {
                self.push(
                    Diagnostic::error(format!("`{text}` is out of range"))
                        .at(node.span)
                        .expected(format!(
                            "a number below {MAX_NUMBER} in size with at most {MAX_DECIMALS} decimals"
                        )),
                );
                None
            }
        }
    }

    fn count(&mut self, node: &Node) -> Option<At<u32>> {
        let Some((text, true)) = scalar(node) else {
            self.wrong_type(node, "a whole number");
            return None;
        };
        match text.parse::<u32>() {
            Ok(n) if n <= 1_000_000 => Some(At {
                value: n,
                span: node.span,
            }),
            _ => {
                self.push(
                    Diagnostic::error(format!("expected a whole number, found `{text}`"))
                        .at(node.span)
                        .expected("a whole number from 0 to 1000000"),
                );
                None
            }
        }
    }

    /// `60%`, `60.5%`, or a number from 0 to 1, as an exact fraction.
    fn percent(&mut self, node: &Node) -> Option<At<Num>> {
        let Some((text, _)) = scalar(node) else {
            self.wrong_type(node, "a percentage such as 60%");
            return None;
        };
        let value = if let Some(p) = text.trim().strip_suffix('%') {
            let p = p.trim();
            let ok = !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && p.bytes().filter(|&b| b == b'.').count() <= 1
                && p.len() <= 12;
            ok.then(|| Num::from_str(p).ok())
                .flatten()
                .map(|n| n / Num::ONE_HUNDRED)
        } else {
            let mut sub = Cx {
                diags: &mut Diagnostics::default(),
                files: self.files,
            };
            sub.number(node).map(|n| n.value)
        };
        match value {
            Some(v) if v >= Num::ZERO && v <= Num::ONE => Some(At {
                value: v.normalize(),
                span: node.span,
            }),
            Some(v) => {
                let mut d = Diagnostic::error(format!("`{text}` is out of range"))
                    .at(node.span)
                    .expected("0% to 100%, or a number from 0 to 1");
                if v > Num::ONE && v <= Num::ONE_HUNDRED && !text.contains('%') {
                    d = d.note(format!("help: did you mean `{text}%`?"));
                }
                self.push(d);
                None
            }
            None => {
                self.push(
                    Diagnostic::error(format!("expected a percentage, found {}", node.describe()))
                        .at(node.span)
                        .expected("a percentage such as 60% or 60.5%, or a number from 0 to 1"),
                );
                None
            }
        }
    }

    fn choice(&mut self, node: &Node, values: &'static [&'static str]) -> Option<&'static str> {
        let Some((text, _)) = scalar(node) else {
            self.wrong_type(node, "one of the listed words");
            return None;
        };
        if let Some(v) = values.iter().find(|v| **v == text) {
            return Some(v);
        }
        let mut d = Diagnostic::error(format!("`{text}` is not an accepted value"))
            .at(node.span)
            .expected(format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        if let Some(hint) = did_you_mean(text, values.iter().copied()) {
            d = d.note(format!("help: did you mean `{hint}`?"));
        }
        self.push(d);
        None
    }

    /// A mapping from ids to values; duplicate keys are errors.
    fn id_map<'n>(&mut self, node: &'n Node, what: &str) -> Vec<(At<String>, &'n Node)> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, &format!("{what}: a mapping of ids to values"));
            return Vec::new();
        };
        let mut out: Vec<(At<String>, &'n Node)> = Vec::new();
        for (k, v) in entries {
            let Some(id) = self.id(k) else { continue };
            if out.iter().any(|(seen, _)| seen.value == id.value) {
                self.push(
                    Diagnostic::error(format!("`{}` is given twice in {what}", id.value))
                        .at(id.span)
                        .label("second time here"),
                );
                continue;
            }
            out.push((id, v));
        }
        out
    }

    /// An id that must name something in `known`.
    fn refers<T>(&mut self, id: &At<String>, known: &BTreeMap<String, T>, what: &str) -> bool {
        if known.contains_key(&id.value) {
            return true;
        }
        let mut d = Diagnostic::error(format!("unknown {what} `{}`", id.value))
            .at(id.span)
            .label(format!("no {what} has this id"));
        if let Some(hint) = did_you_mean(&id.value, known.keys().map(String::as_str)) {
            d = d.note(format!("help: did you mean `{hint}`?"));
        }
        self.push(d);
        false
    }

    /// Report the second and later uses of an id within one file kind.
    fn unique<'a>(&mut self, ids: impl IntoIterator<Item = &'a At<String>>, what: &str) {
        let mut first: BTreeMap<&str, Span> = BTreeMap::new();
        for id in ids {
            if let Some(prev) = first.get(id.value.as_str()) {
                let d = Diagnostic::error(format!("{what} id `{}` is used twice", id.value))
                    .at(id.span)
                    .label("second time here")
                    .note(format!("first used at {}", self.files.locate(*prev)));
                self.push(d);
            } else {
                first.insert(&id.value, id.span);
            }
        }
    }
}

/// Run `f` on each item of a list, keeping the items that passed.
fn each<'n, T>(
    cx: &mut Cx<'_>,
    node: &'n Node,
    what: &str,
    mut f: impl FnMut(&mut Cx<'_>, &'n Node) -> Option<T>,
) -> Vec<T> {
    let Some(items) = cx.list(node, what) else {
        return Vec::new();
    };
    items.iter().filter_map(|item| f(cx, item)).collect()
}

fn build(cx: &mut Cx<'_>, documents: &[Document]) -> Option<Workspace> {
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

    if let (Some(config), Some(node)) = (&config, top.get("config.yaml")) {
        check_config_against_peers(cx, config, node, &peers);
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
    Some(Workspace {
        files: Arc::new(SourceFiles::default()),
        config,
        leaders,
        units,
        peers,
        indicators,
        tasks,
        weeks,
        months,
        explanations,
        progress: BTreeMap::new(),
    })
    .map(|mut ws| {
        ws.index_progress();
        ws
    })
}

/// A document's tree; `Some(None)` for an empty file, `None` (reported) when
/// it is not valid YAML.
fn parse(cx: &mut Cx<'_>, doc: &Document) -> Option<Option<Node>> {
    doc.parse(cx.files).map_err(|d| cx.push(d)).ok()
}

/// Spans of config values needed by later cross-checks.
struct ConfigSpans {
    self_id: Span,
    tiers: Span,
}

fn read_config(cx: &mut Cx<'_>, node: &Node) -> Option<(Config, ConfigSpans)> {
    let f = cx.fields(node, &schema::CONFIG, "config.yaml")?;
    let organization = f.get("organization").and_then(|n| cx.text(n));
    let self_id = f.get("self").and_then(|n| cx.id(n));
    let year = f.get("year").and_then(|n| cx.count(n)).and_then(|y| {
        if (2000..=2100).contains(&y.value) {
            Some(y.value as i32)
        } else {
            cx.push(
                Diagnostic::error(format!("{} is not a plausible assessment year", y.value))
                    .at(y.span)
                    .expected("a year such as 2026"),
            );
            None
        }
    });
    let issuer = f.get("issuer").and_then(|n| cx.text(n));
    let principal = f.get("principal").and_then(|n| cx.text(n));
    let issue_offset = f
        .get("issue_offset")
        .and_then(|n| cx.count(n))
        .map_or(0, |c| c.value);
    let copy_to = f.get("copy_to").and_then(|n| cx.text(n));
    let table_limit = f
        .get("table_limit")
        .and_then(|n| cx.count(n))
        .map_or(300, |c| c.value);
    let tiers_node = f.get("tiers");
    let tiers = tiers_node.map(|n| each(cx, n, "tiers", read_tier));
    if let (Some(tiers), Some(n)) = (&tiers, tiers_node)
        && tiers.is_empty()
    {
        cx.push(Diagnostic::error("at least one tier is needed").at(n.span));
    }

    let mut warnings = WarningSettings::default();
    if let Some(w) = f
        .get("warnings")
        .and_then(|n| cx.fields(n, &schema::WARNING_SETTINGS, "warnings"))
    {
        let margin = |cx: &mut Cx<'_>, key: &str, slot: &mut Num| {
            if let Some(v) = w.get(key).and_then(|n| cx.number(n)) {
                if v.value < Num::ZERO {
                    cx.push(Diagnostic::error(format!("`{key}` cannot be negative")).at(v.span));
                } else {
                    *slot = v.value;
                }
            }
        };
        margin(cx, "overtake_margin", &mut warnings.overtake_margin);
        margin(cx, "chase_margin", &mut warnings.chase_margin);
        for (key, slot) in [
            ("rate_yellow", &mut warnings.rate_yellow),
            ("rate_red", &mut warnings.rate_red),
            ("pace_tolerance", &mut warnings.pace_tolerance),
        ] {
            if let Some(v) = w.get(key).and_then(|n| cx.number(n)) {
                if v.value < Num::ZERO || v.value > Num::ONE {
                    cx.push(
                        Diagnostic::error(format!("`{key}` is out of range"))
                            .at(v.span)
                            .expected("a fraction from 0 to 1, e.g. 0.90"),
                    );
                } else {
                    *slot = v.value;
                }
            }
        }
        if let Some(v) = w.get("rank_drop").and_then(|n| cx.count(n)) {
            if v.value == 0 {
                cx.push(
                    Diagnostic::error("`rank_drop` must be at least 1")
                        .at(v.span)
                        .expected("a number of places, e.g. 2"),
                );
            } else {
                warnings.rank_drop = v.value;
            }
        }
        if warnings.rate_red > warnings.rate_yellow {
            cx.push(
                Diagnostic::warning(
                    "`rate_red` is above `rate_yellow`: every yellow warning will be red",
                )
                .at(w.span),
            );
        }
    }
    let mut explanations = ExplanationSettings::default();
    if let Some(e) = f
        .get("explanations")
        .and_then(|n| cx.fields(n, &schema::EXPLANATION_SETTINGS, "explanations"))
    {
        if let Some(v) = e.get("bottom").and_then(|n| cx.count(n)) {
            explanations.bottom = v.value;
        }
        if let Some(v) = e.get("due_days").and_then(|n| cx.count(n)) {
            explanations.due_days = v.value;
        }
        if let Some(v) = e.get("below_rate").and_then(|n| cx.number(n)) {
            if v.value < Num::ZERO || v.value > Num::ONE {
                cx.push(
                    Diagnostic::error("`below_rate` is out of range")
                        .at(v.span)
                        .expected("a fraction from 0 to 1, e.g. 0.85"),
                );
            } else {
                explanations.below_rate = Some(v.value);
            }
        }
    }
    let organization = organization?;
    let self_id = self_id?;
    Some((
        Config {
            issuer: issuer.unwrap_or_else(|| organization.clone()),
            organization,
            self_id: self_id.value,
            year: year?,
            principal,
            issue_offset,
            table_limit,
            copy_to,
            tiers: tiers?,
            warnings,
            explanations,
        },
        ConfigSpans {
            self_id: self_id.span,
            tiers: tiers_node.map_or(f.span, |n| n.span),
        },
    ))
}

fn read_tier(cx: &mut Cx<'_>, node: &Node) -> Option<Tier> {
    let f = cx.fields(node, &schema::TIER, "a tier")?;
    let name = f.get("name").and_then(|n| cx.text(n));
    let ranks = f.get("ranks").and_then(|n| {
        let items = cx.list(n, "ranks")?;
        let nums: Vec<_> = items.iter().filter_map(|i| cx.count(i)).collect();
        match nums.as_slice() {
            [a, b] if a.value >= 1 && a.value <= b.value => Some((a.value, b.value)),
            _ if nums.len() == items.len() => {
                cx.push(
                    Diagnostic::error("a tier's ranks are two numbers, first ≤ last")
                        .at(n.span)
                        .expected("[first, last], e.g. [1, 7]"),
                );
                None
            }
            _ => None,
        }
    });
    let (first, last) = ranks?;
    Some(Tier {
        name: name?,
        first,
        last,
    })
}

fn check_config_against_peers(
    cx: &mut Cx<'_>,
    config: &(Config, ConfigSpans),
    _node: &Node,
    peers: &BTreeMap<String, Peer>,
) {
    let (config, spans) = config;
    cx.refers(
        &At {
            value: config.self_id.clone(),
            span: spans.self_id,
        },
        peers,
        "peer",
    );
    if peers.is_empty() {
        return;
    }
    // Tiers, best first, must cover 1..=N exactly once.
    let n = peers.len() as u32;
    let mut expected_first = 1;
    for tier in &config.tiers {
        if tier.first != expected_first {
            let what = if tier.first < expected_first {
                format!(
                    "tier `{}` ({}–{}) overlaps the tier before it",
                    tier.name, tier.first, tier.last
                )
            } else {
                format!(
                    "ranks {}–{} belong to no tier (tier `{}` starts at {})",
                    expected_first,
                    tier.first - 1,
                    tier.name,
                    tier.first
                )
            };
            cx.push(
                Diagnostic::error(what)
                    .at(spans.tiers)
                    .expected("tiers listed best first, each starting right after the one before"),
            );
        }
        expected_first = expected_first.max(tier.last + 1);
    }
    let covered = expected_first - 1;
    if covered != n {
        cx.push(
            Diagnostic::error(format!(
                "the tiers cover ranks 1–{covered}, but peers.yaml lists {n} peers"
            ))
            .at(spans.tiers)
            .expected(format!("tiers that together cover ranks 1–{n}")),
        );
    }
}

fn read_units(cx: &mut Cx<'_>, node: &Node) -> (BTreeMap<String, Leader>, BTreeMap<String, Unit>) {
    let Some(f) = cx.fields(node, &schema::UNITS_FILE, "units.yaml") else {
        return Default::default();
    };
    let leaders: Vec<(At<String>, Leader)> = f
        .get("leaders")
        .map(|n| {
            each(cx, n, "leaders", |cx, item| {
                let f = cx.fields(item, &schema::LEADER, "a leader")?;
                let id = f.get("id").and_then(|n| cx.id(n));
                let name = f.get("name").and_then(|n| cx.text(n));
                let title = f.get("title").and_then(|n| cx.text(n));
                let id = id?;
                Some((
                    id.clone(),
                    Leader {
                        id: id.value,
                        name: name?,
                        title,
                    },
                ))
            })
        })
        .unwrap_or_default();
    cx.unique(leaders.iter().map(|(id, _)| id), "leader");
    let leader_map: BTreeMap<String, Leader> =
        leaders.into_iter().map(|(id, l)| (id.value, l)).collect();

    let units: Vec<(At<String>, Unit)> = f
        .get("units")
        .map(|n| {
            each(cx, n, "units", |cx, item| {
                let f = cx.fields(item, &schema::UNIT, "a unit")?;
                let id = f.get("id").and_then(|n| cx.id(n));
                let name = f.get("name").and_then(|n| cx.text(n));
                let kind = f
                    .get("kind")
                    .and_then(|n| cx.choice(n, schema::UNIT_KINDS))
                    .map(|k| {
                        if k == "district" {
                            UnitKind::District
                        } else {
                            UnitKind::Department
                        }
                    });
                let leader = f.get("leader").and_then(|n| cx.id(n));
                let leader_ok = leader
                    .as_ref()
                    .is_some_and(|l| cx.refers(l, &leader_map, "leader"));
                let head = f.get("head").and_then(|n| cx.text(n));
                let id = id?;
                if !leader_ok {
                    return None;
                }
                Some((
                    id.clone(),
                    Unit {
                        id: id.value,
                        name: name?,
                        kind: kind?,
                        leader: leader?.value,
                        head,
                    },
                ))
            })
        })
        .unwrap_or_default();
    cx.unique(units.iter().map(|(id, _)| id), "unit");
    let unit_map = units.into_iter().map(|(id, u)| (id.value, u)).collect();
    (leader_map, unit_map)
}

fn read_peers(cx: &mut Cx<'_>, node: &Node) -> BTreeMap<String, Peer> {
    let peers = each(cx, node, "peers.yaml", |cx, item| {
        let f = cx.fields(item, &schema::PEER, "a peer")?;
        let id = f.get("id").and_then(|n| cx.id(n));
        let name = f.get("name").and_then(|n| cx.text(n));
        let id = id?;
        Some((
            id.clone(),
            Peer {
                id: id.value,
                name: name?,
            },
        ))
    });
    cx.unique(peers.iter().map(|(id, _)| id), "peer");
    peers.into_iter().map(|(id, p)| (id.value, p)).collect()
}

fn read_indicators(
    cx: &mut Cx<'_>,
    node: &Node,
    units: &BTreeMap<String, Unit>,
) -> BTreeMap<String, Indicator> {
    let items = each(cx, node, "indicators.yaml", |cx, item| {
        let f = cx.fields(item, &schema::INDICATOR, "an indicator")?;
        let id = f.get("id").and_then(|n| cx.id(n));
        let name = f.get("name").and_then(|n| cx.text(n));
        let category = f
            .get("category")
            .and_then(|n| cx.choice(n, schema::CATEGORIES))
            .map(|c| match c {
                "kpi" => Category::Kpi,
                "special" => Category::Special,
                "evaluation" => Category::Evaluation,
                "bonus" => Category::Bonus,
                _ => Category::Penalty,
            });
        let full = f.get("full_score").and_then(|n| cx.number(n));
        let lead = f.get("lead").and_then(|n| cx.id(n));
        let lead_ok = lead.as_ref().is_some_and(|l| cx.refers(l, units, "unit"));
        let support: Vec<At<String>> = f
            .get("support")
            .map(|n| each(cx, n, "support", |cx, i| cx.id(i)))
            .unwrap_or_default();
        let support_ok = support
            .iter()
            .map(|s| cx.refers(s, units, "unit"))
            .collect::<Vec<bool>>()
            .into_iter()
            .all(|ok| ok);
        let target = f.get("target").and_then(|n| cx.text(n));
        let stages_node = f.get("stages");
        let stages: Vec<Stage> = stages_node
            .map(|n| {
                each(cx, n, "stages", |cx, s| {
                    let f = cx.fields(s, &schema::STAGE, "a stage")?;
                    let name = f.get("name").and_then(|n| cx.text(n));
                    let end = f.get("end").and_then(|n| cx.date(n));
                    let full = f.get("full_score").and_then(|n| cx.number(n));
                    if let Some(full) = &full
                        && full.value < Num::ZERO
                    {
                        cx.push(
                            Diagnostic::error("a stage's full score cannot be negative")
                                .at(full.span),
                        );
                    }
                    Some(Stage {
                        name: name?,
                        end: end?.value,
                        full_score: full?.value,
                    })
                })
            })
            .unwrap_or_default();

        let category = category?;
        let id = id?;
        match (category.is_rated(), &full) {
            (true, None) if f.get("full_score").is_none() => cx.push(
                Diagnostic::error(format!("indicator `{}` has no `full_score`", id.value))
                    .at(f.span)
                    .note(format!(
                        "a `{}` indicator needs its full score",
                        category.as_str()
                    )),
            ),
            (_, Some(full)) if full.value <= Num::ZERO => cx.push(
                Diagnostic::error(if category.is_rated() {
                    "a full score must be above zero"
                } else {
                    "a cap must be above zero"
                })
                .at(full.span),
            ),
            _ => {}
        }
        if let Some(n) = stages_node {
            if category != Category::Special {
                cx.push(
                    Diagnostic::warning(format!(
                        "stages are used only for `special` indicators; `{}` is `{}`, so they are ignored",
                        id.value,
                        category.as_str()
                    ))
                    .at(n.span),
                );
            } else if let Some(full) = &full {
                let sum: Num = stages.iter().map(|s| s.full_score).sum();
                if sum != full.value {
                    cx.push(
                        Diagnostic::error(format!(
                            "the stages of `{}` add up to {}, not its full score {}",
                            id.value,
                            sum.normalize(),
                            full.value
                        ))
                        .at(f.key_span("stages"))
                        .expected(format!("stage full scores that add up to {}", full.value)),
                    );
                }
            }
        }
        if !(lead_ok && support_ok) {
            return None;
        }
        let stages = if category == Category::Special {
            let mut s = stages;
            s.sort_by_key(|s| s.end);
            s
        } else {
            Vec::new()
        };
        let mut support: Vec<String> = support.into_iter().map(|s| s.value).collect();
        support.sort();
        support.dedup();
        Some((
            id.clone(),
            Indicator {
                id: id.value,
                name: name?,
                category,
                full_score: full.map(|f| f.value),
                lead: lead?.value,
                support,
                target,
                stages,
            },
        ))
    });
    cx.unique(items.iter().map(|(id, _)| id), "indicator");
    items.into_iter().map(|(id, i)| (id.value, i)).collect()
}

fn read_tasks(
    cx: &mut Cx<'_>,
    node: &Node,
    indicators: &BTreeMap<String, Indicator>,
    units: &BTreeMap<String, Unit>,
) -> BTreeMap<String, Task> {
    let items = each(cx, node, "tasks.yaml", |cx, item| {
        let f = cx.fields(item, &schema::TASK, "a task")?;
        let id = f.get("id").and_then(|n| cx.id(n));
        let indicator = f.get("indicator").and_then(|n| cx.id(n));
        let ind_ok = indicator
            .as_ref()
            .is_some_and(|i| cx.refers(i, indicators, "indicator"));
        let unit = f.get("unit").and_then(|n| cx.id(n));
        let unit_ok = unit.as_ref().is_some_and(|u| cx.refers(u, units, "unit"));
        let title = f.get("title").and_then(|n| cx.text(n));
        let owner = f.get("owner").and_then(|n| cx.text(n));
        let start = f.get("start").and_then(|n| cx.date(n));
        let due = f.get("due").and_then(|n| cx.date(n));
        if let (Some(s), Some(d)) = (&start, &due)
            && d.value < s.value
        {
            cx.push(
                Diagnostic::error(format!(
                    "the task is due ({}) before it starts ({})",
                    d.value, s.value
                ))
                .at(d.span)
                .expected(format!("a due date on or after {}", s.value)),
            );
            return None;
        }
        let id = id?;
        if !(ind_ok && unit_ok) {
            return None;
        }
        Some((
            id.clone(),
            Task {
                id: id.value,
                indicator: indicator?.value,
                unit: unit?.value,
                title: title?,
                owner: owner?,
                start: start?.value,
                due: due?.value,
                span: f.span,
            },
        ))
    });
    cx.unique(items.iter().map(|(id, _)| id), "task");
    items.into_iter().map(|(id, t)| (id.value, t)).collect()
}

/// The period written inside a file must be the one its name says, in the workspace's year.
fn check_period<T: PartialEq + std::fmt::Display>(
    cx: &mut Cx<'_>,
    inside: &At<T>,
    named: T,
    key: &str,
    name_kind: &str,
) -> bool {
    if inside.value != named {
        cx.push(
            Diagnostic::error(format!(
                "`{key}: {}` does not match the {name_kind} `{named}`",
                inside.value
            ))
            .at(inside.span)
            .expected(format!("`{key}: {named}`, or rename the file")),
        );
        return false;
    }
    true
}

fn check_year(
    cx: &mut Cx<'_>,
    span: Span,
    year: Option<i32>,
    period_year: i32,
    period: &str,
) -> bool {
    match year {
        Some(y) if y != period_year => {
            cx.push(
                Diagnostic::error(format!(
                    "{period} is not in the workspace's year {y}"
                ))
                .at(span)
                .note("config.yaml's `year` says which year this workspace assesses; keep each year in a workspace of its own"),
            );
            false
        }
        _ => true,
    }
}

fn read_week(
    cx: &mut Cx<'_>,
    node: &Node,
    week: Week,
    year: Option<i32>,
    tasks: &BTreeMap<String, Task>,
    units: &BTreeMap<String, Unit>,
    indicators: &BTreeMap<String, Indicator>,
) -> Option<WeekData> {
    let f = cx.fields(node, &schema::WEEKLY, "a weekly file")?;
    let inside = f
        .get("week")
        .and_then(|n| cx.period::<Week>(n, "an ISO week like 2026-W27"));
    let period_ok = inside
        .as_ref()
        .is_some_and(|w| check_period(cx, w, week, "week", "file name"))
        && check_year(
            cx,
            inside.as_ref().map_or(f.span, |w| w.span),
            year,
            week.year(),
            &format!("week {week}"),
        );
    let reported = f.get("reported").and_then(|n| cx.date(n));
    if let Some(r) = &reported
        && (r.value < week.monday() || r.value > week.sunday() + chrono::Duration::days(7))
    {
        cx.push(
            Diagnostic::warning(format!(
                "reported on {}, outside week {week} ({} to {})",
                r.value,
                week.monday(),
                week.sunday()
            ))
            .at(r.span)
            .note("the bulletin judges every task on this day; check the date"),
        );
    }
    let mut updates: Vec<(At<String>, Update)> = f
        .get("updates")
        .map(|n| {
            each(cx, n, "updates", |cx, item| {
                let f = cx.fields(item, &schema::UPDATE, "an update")?;
                let task = f.get("task").and_then(|n| cx.id(n));
                let task_ok = task.as_ref().is_some_and(|t| cx.refers(t, tasks, "task"));
                let progress = f.get("progress").and_then(|n| cx.percent(n));
                let status = f
                    .get("status")
                    .and_then(|n| cx.choice(n, schema::UPDATE_STATUSES))
                    .map(|s| {
                        if s == "blocked" {
                            UpdateStatus::Blocked
                        } else {
                            UpdateStatus::Paused
                        }
                    });
                let note = f.get("note").and_then(|n| cx.located_text(n));
                let task = task?;
                if !task_ok {
                    return None;
                }
                Some((
                    task.clone(),
                    Update {
                        task: task.value,
                        progress: progress?.value,
                        status,
                        note,
                        span: f.span,
                    },
                ))
            })
        })
        .unwrap_or_default();
    {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut dups = Vec::new();
        for (id, _) in &updates {
            if let Some(prev) = seen.get(id.value.as_str()) {
                dups.push(
                    Diagnostic::error(format!("task `{}` is updated twice this week", id.value))
                        .at(id.span)
                        .label("second update")
                        .note(format!("first update at {}", cx.files.locate(*prev))),
                );
            } else {
                seen.insert(&id.value, id.span);
            }
        }
        for d in dups {
            cx.push(d);
        }
    }
    let risks: Vec<Risk> = f
        .get("risks")
        .map(|n| {
            each(cx, n, "risks", |cx, item| {
                let f = cx.fields(item, &schema::RISK, "a risk")?;
                let unit = f.get("unit").and_then(|n| cx.id(n));
                let unit_ok = unit.as_ref().is_some_and(|u| cx.refers(u, units, "unit"));
                let indicator = f.get("indicator").and_then(|n| cx.id(n));
                let ind_ok = indicator
                    .as_ref()
                    .is_none_or(|i| cx.refers(i, indicators, "indicator"));
                let level = f
                    .get("level")
                    .and_then(|n| cx.choice(n, schema::RISK_LEVELS))
                    .map(|l| match l {
                        "high" => RiskLevel::High,
                        "medium" => RiskLevel::Medium,
                        _ => RiskLevel::Low,
                    });
                let text = f.get("text").and_then(|n| cx.located_text(n));
                if !(unit_ok && ind_ok) {
                    return None;
                }
                Some(Risk {
                    unit: unit?.value,
                    indicator: indicator.map(|i| i.value),
                    level: level?,
                    text: text?,
                })
            })
        })
        .unwrap_or_default();
    let requirements = f.get("requirements").and_then(|n| cx.located_text(n));
    if !period_ok {
        return None;
    }
    updates.sort_by(|a, b| a.0.value.cmp(&b.0.value));
    updates.dedup_by(|a, b| a.0.value == b.0.value);
    Some(WeekData {
        week,
        reported: reported?.value,
        updates: updates.into_iter().map(|(_, u)| u).collect(),
        risks,
        requirements,
        span: f.span,
    })
}

fn read_month(
    cx: &mut Cx<'_>,
    node: &Node,
    month: Month,
    year: Option<i32>,
    peers: &BTreeMap<String, Peer>,
    indicators: &BTreeMap<String, Indicator>,
    units: &BTreeMap<String, Unit>,
) -> Option<MonthData> {
    let f = cx.fields(node, &schema::MONTHLY, "a monthly file")?;
    let inside = f
        .get("month")
        .and_then(|n| cx.period::<Month>(n, "a month like 2026-06"));
    let period_ok = inside
        .as_ref()
        .is_some_and(|m| check_period(cx, m, month, "month", "file name"))
        && check_year(
            cx,
            inside.as_ref().map_or(f.span, |m| m.span),
            year,
            month.year(),
            &format!("month {month}"),
        );
    let published = f.get("published").and_then(|n| cx.date(n));
    let meeting = f.get("meeting").and_then(|n| cx.date(n));
    if let (Some(p), Some(m)) = (&published, &meeting)
        && m.value < p.value
    {
        cx.push(
            Diagnostic::error(format!(
                "the meeting ({}) is before the figures were published ({})",
                m.value, p.value
            ))
            .at(m.span)
            .expected(format!("a meeting on or after {}", p.value)),
        );
    }
    if let Some(p) = &published
        && p.value < month.first_day()
    {
        cx.push(
            Diagnostic::error(format!(
                "figures for {month} cannot be published on {}, before the month began",
                p.value
            ))
            .at(p.span),
        );
    }
    let scope = f.get("scope").and_then(|n| cx.text(n));

    let mut ranking = BTreeMap::new();
    if let Some(n) = f.get("ranking") {
        for (peer, value) in cx.id_map(n, "ranking") {
            let ok = cx.refers(&peer, peers, "peer");
            if let (true, Some(score)) = (ok, cx.number(value)) {
                ranking.insert(peer.value, score.value);
            }
        }
        for id in peers.keys() {
            if !cx_has_key(n, id) {
                cx.push(
                    Diagnostic::error(format!(
                        "peer `{id}` is missing from the ranking of {month}"
                    ))
                    .at(f.key_span("ranking"))
                    .expected("a total score for every peer of peers.yaml"),
                );
            }
        }
    }

    let mut scores = BTreeMap::new();
    if let Some(n) = f.get("indicators") {
        for (id, value) in cx.id_map(n, "indicators") {
            let known = cx.refers(&id, indicators, "indicator");
            let Some(sf) = cx.fields(value, &schema::INDICATOR_SCORE, "an indicator score") else {
                continue;
            };
            let score = sf.get("score").and_then(|n| cx.number(n));
            let rank = sf.get("rank").and_then(|n| cx.count(n));
            let (true, Some(score)) = (known, score) else {
                continue;
            };
            check_score(cx, &indicators[&id.value], month, &score);
            if let Some(r) = &rank
                && (r.value == 0 || (!peers.is_empty() && r.value as usize > peers.len()))
            {
                cx.push(
                    Diagnostic::error(format!("rank {} is out of range", r.value))
                        .at(r.span)
                        .expected(format!("a rank from 1 to {}", peers.len())),
                );
            }
            scores.insert(
                id.value,
                IndicatorScore {
                    score: score.value,
                    rank: rank.map(|r| r.value),
                },
            );
        }
        for ind in indicators.values().filter(|i| i.category.is_rated()) {
            if !scores.contains_key(&ind.id) && !cx_has_key(n, &ind.id) {
                cx.push(
                    Diagnostic::warning(format!(
                        "indicator `{}` ({}) has no score in {month}: it is shown as not yet assessed",
                        ind.id, ind.name
                    ))
                    .at(f.key_span("indicators")),
                );
            }
        }
    }

    let unit_scores = f.get("units").map(|n| {
        let mut out = BTreeMap::new();
        for (id, value) in cx.id_map(n, "units") {
            let ok = cx.refers(&id, units, "unit");
            if let (true, Some(score)) = (ok, cx.number(value)) {
                out.insert(id.value, score.value);
            }
        }
        out
    });
    let notes = f.get("notes").and_then(|n| cx.located_text(n));
    let next_steps = f.get("next_steps").and_then(|n| cx.located_text(n));

    if !period_ok {
        return None;
    }
    Some(MonthData {
        month,
        published: published?.value,
        meeting: meeting.map(|m| m.value),
        scope,
        ranking,
        indicators: scores,
        units: unit_scores,
        notes,
        next_steps,
        span: f.span,
    })
}

fn cx_has_key(map: &Node, id: &str) -> bool {
    matches!(&map.kind, NodeKind::Map(entries)
        if entries.iter().any(|(k, _)| scalar(k).is_some_and(|(t, _)| t == id)))
}

/// A score must be possible for its indicator's category.
fn check_score(cx: &mut Cx<'_>, ind: &Indicator, month: Month, score: &At<Num>) {
    let s = score.value;
    let d = match ind.category {
        Category::Kpi | Category::Evaluation | Category::Special => {
            let full = ind.full_score.unwrap_or(Num::ZERO);
            if s < Num::ZERO {
                Some(Diagnostic::error(format!(
                    "the score of `{}` is below zero",
                    ind.id
                )))
            } else if s > full {
                Some(
                    Diagnostic::error(format!(
                        "the score of `{}` ({s}) is above its full score {full}",
                        ind.id
                    ))
                    .expected(format!("a score from 0 to {full}")),
                )
            } else if ind.category == Category::Special
                && !ind.stages.is_empty()
                && s > ind.assessable(month)
            {
                let assessable = ind.assessable(month);
                return cx.push(
                    Diagnostic::warning(format!(
                        "the score of `{}` ({s}) is above the {assessable} points of the stages ended by {}",
                        ind.id,
                        month.last_day()
                    ))
                    .at(score.span)
                    .note("check the score, or the stages' end dates"),
                );
            } else {
                None
            }
        }
        Category::Bonus => {
            if s < Num::ZERO {
                Some(
                    Diagnostic::error(format!("the bonus `{}` is below zero", ind.id)).note(
                        "bonus points are gained points; lost points belong to a penalty indicator",
                    ),
                )
            } else if ind.full_score.is_some_and(|cap| s > cap) {
                Some(
                    Diagnostic::error(format!(
                        "the bonus `{}` ({s}) is above its cap {}",
                        ind.id,
                        ind.full_score.unwrap_or_default()
                    ))
                    .expected(format!("at most {}", ind.full_score.unwrap_or_default())),
                )
            } else {
                None
            }
        }
        Category::Penalty => {
            if s > Num::ZERO {
                Some(
                    Diagnostic::error(format!("the penalty `{}` is positive ({s})", ind.id))
                        .expected("zero or a negative number, e.g. -0.5"),
                )
            } else if ind.full_score.is_some_and(|cap| -s > cap) {
                Some(
                    Diagnostic::error(format!(
                        "the penalty `{}` ({s}) is beyond its cap of {}",
                        ind.id,
                        ind.full_score.unwrap_or_default()
                    ))
                    .expected(format!("at least -{}", ind.full_score.unwrap_or_default())),
                )
            } else {
                None
            }
        }
    };
    if let Some(d) = d {
        cx.push(d.at(score.span));
    }
}

fn read_explanation(
    cx: &mut Cx<'_>,
    node: &Node,
    month: Month,
    unit_name: &str,
    units: &BTreeMap<String, Unit>,
) -> Option<Explanation> {
    let f = cx.fields(node, &schema::EXPLANATION, "an explanation")?;
    let unit = f.get("unit").and_then(|n| cx.id(n));
    let unit_ok = unit.as_ref().is_some_and(|u| {
        cx.refers(u, units, "unit")
            && (u.value == unit_name || {
                cx.push(
                    Diagnostic::error(format!(
                        "`unit: {}` does not match the file name `{unit_name}.yaml`",
                        u.value
                    ))
                    .at(u.span)
                    .expected(format!("`unit: {unit_name}`, or rename the file")),
                );
                false
            })
    });
    let inside = f
        .get("month")
        .and_then(|n| cx.period::<Month>(n, "a month like 2026-06"));
    let month_ok = inside
        .as_ref()
        .is_some_and(|m| check_period(cx, m, month, "month", "folder"));
    let submitted = f.get("submitted").and_then(|n| cx.date(n));
    let reasons = f.get("reasons").and_then(|n| cx.located_text(n));
    let measures = f.get("measures").and_then(|n| cx.located_text(n));
    let commitment = f.get("commitment").and_then(|n| cx.located_text(n));
    if !(unit_ok && month_ok) {
        return None;
    }
    Some(Explanation {
        unit: unit?.value,
        month,
        submitted: submitted?.value,
        reasons: reasons?,
        measures: measures?,
        commitment,
    })
}

/// Warnings that need the whole checked workspace: totals that do not add up.
fn cross_warnings(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in ws.months.values() {
        let Some(total) = m.ranking.get(&ws.config.self_id) else {
            continue;
        };
        let sum: Num = m.indicators.values().map(|s| s.score).sum();
        if (sum - *total).abs() > Num::new(1, 2) {
            out.push(
                Diagnostic::warning(format!(
                    "in {}, this bureau's indicator scores add up to {}, but its total in the ranking is {}",
                    m.month,
                    sum.normalize(),
                    total.normalize()
                ))
                .at(m.span)
                .note("the superior may weight categories; check the figures if it does not"),
            );
        }
    }
    out
}
