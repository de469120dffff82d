//! The field readers every file kind shares.
//!
//! In: a YAML [`Node`] and the schema's description of what it should be.
//! Out: typed values with their spans ([`At`]), or `None` after a diagnostic
//! was pushed to the [`Cx`]. Unknown keys get a "did you mean" hint, numbers
//! are exact decimals, percentages exact fractions.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;

use super::keys::Fields;
use super::schema::Obj;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFiles, Span};
use crate::load::yaml::{Node, NodeKind};
use crate::model::{Num, Text};

/// Largest magnitude a number in the data may have; keeps exact arithmetic far from overflow.
const MAX_NUMBER: i64 = 1_000_000_000;
/// Most decimal places a number in the data may have.
const MAX_DECIMALS: u32 = 8;

/// The checking context: where diagnostics go.
pub(super) struct Cx<'a> {
    pub(super) diags: &'a mut Diagnostics,
    pub(super) files: &'a SourceFiles,
}

/// A value with the span it was read from.
#[derive(Debug, Clone)]
pub(super) struct At<T> {
    pub(super) value: T,
    pub(super) span: Span,
}

pub(super) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.chars().count() / 4) && d < c.chars().count())
        .min()
        .map(|(_, c)| c)
}

pub(super) fn scalar(node: &Node) -> Option<(&str, bool)> {
    match &node.kind {
        NodeKind::Scalar { text, plain } => Some((text.as_str(), *plain)),
        _ => None,
    }
}

impl Cx<'_> {
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn wrong_type(&mut self, node: &Node, expected: &str) {
        self.push(
            Diagnostic::error(format!("expected {expected}"))
                .at(node.span)
                .label(format!("found {}", node.describe()))
                .expected(expected),
        );
    }

    /// Check a mapping's keys against `obj`: unknown (with a hint), duplicated, missing.
    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node,
        obj: &'static Obj,
        what: &str,
    ) -> Option<Fields<'n>> {
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
        Some(Fields::new(obj, out, node.span))
    }

    pub(super) fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.wrong_type(node, &format!("{what}: a list"));
                None
            }
        }
    }

    /// Any text value; bidirectional controls are removed, with a warning.
    pub(super) fn text(&mut self, node: &Node) -> Option<String> {
        match scalar(node) {
            Some((t, _)) => {
                let (text, warning) = super::freetext::strip_bidi(t, node.span);
                if let Some(w) = warning {
                    self.push(w);
                }
                Some(text)
            }
            None => {
                self.wrong_type(node, "text");
                None
            }
        }
    }

    pub(super) fn located_text(&mut self, node: &Node) -> Option<Text> {
        self.text(node).map(|text| Text {
            text,
            span: node.span,
        })
    }

    pub(super) fn id(&mut self, node: &Node) -> Option<At<String>> {
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

    pub(super) fn date(&mut self, node: &Node) -> Option<At<NaiveDate>> {
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

    pub(super) fn period<T: FromStr<Err = String>>(
        &mut self,
        node: &Node,
        example: &str,
    ) -> Option<At<T>> {
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

    pub(super) fn number(&mut self, node: &Node) -> Option<At<Num>> {
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

    pub(super) fn count(&mut self, node: &Node) -> Option<At<u32>> {
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

    /// A plain `true` or `false` (YAML 1.2's core schema).
    pub(super) fn flag(&mut self, node: &Node) -> Option<bool> {
        match scalar(node) {
            Some(("true", true)) => Some(true),
            Some(("false", true)) => Some(false),
            _ => {
                self.wrong_type(node, "`true` or `false`");
                None
            }
        }
    }

    /// `60%`, `60.5%`, or a number from 0 to 1, as an exact fraction.
    pub(super) fn percent(&mut self, node: &Node) -> Option<At<Num>> {
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

    pub(super) fn choice(
        &mut self,
        node: &Node,
        values: &'static [&'static str],
    ) -> Option<&'static str> {
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
    pub(super) fn id_map<'n>(&mut self, node: &'n Node, what: &str) -> Vec<(At<String>, &'n Node)> {
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
    pub(super) fn refers<T>(
        &mut self,
        id: &At<String>,
        known: &BTreeMap<String, T>,
        what: &str,
    ) -> bool {
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
    pub(super) fn unique<'a>(&mut self, ids: impl IntoIterator<Item = &'a At<String>>, what: &str) {
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
pub(super) fn each<'n, T>(
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
