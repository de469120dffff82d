//! The rules that look across files.
//!
//! In: values already read from several files (config and peers, a period
//! file and its name, the whole checked workspace). Out: diagnostics only:
//! the self id must be a peer, tiers must cover the peers, a period must
//! match its file name and the workspace's year, totals should add up.

use std::collections::BTreeMap;

use super::config::ConfigSpans;
use super::fields::{At, Cx};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Config, Peer, WorkspaceParts};

pub(super) fn check_config_against_peers(
    cx: &mut Cx<'_>,
    config: &(Config, ConfigSpans),
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

/// The period written inside a file must be the one its name says, in the workspace's year.
pub(super) fn check_period<T: PartialEq + std::fmt::Display>(
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

pub(super) fn check_year(
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

/// Warnings that need the whole checked workspace: totals that do not add up.
pub(super) fn cross_warnings(ws: &WorkspaceParts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in ws.months.values() {
        let Some(total) = m.ranking.get(&ws.config.self_id) else {
            continue;
        };
        if let Some((sum, total)) = m.subtotal_mismatch(*total) {
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
