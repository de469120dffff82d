//! config.yaml: the organisation, its year, tiers and warning settings.
//!
//! In: config.yaml's tree. Out: a [`Config`] (defaults filled in) and the
//! spans the cross-file rules need to point at ([`ConfigSpans`]).

use super::fields::Cx;
use super::keys::Fields;
use super::schema;
use crate::diagnostic::{Diagnostic, Span};
use crate::load::yaml::Node;
use crate::model::{ArchiveSettings, Config, ExplanationSettings, Num, Tier, WarningSettings};

/// Spans of config values needed by later cross-checks.
pub(super) struct ConfigSpans {
    pub(super) self_id: Span,
    pub(super) tiers: Span,
}

pub(super) fn read_config(cx: &mut Cx<'_>, node: &Node) -> Option<(Config, ConfigSpans)> {
    let f = cx.fields(node, &schema::CONFIG, "config.yaml")?;
    let organization = f.text(cx, "organization");
    let self_id = f.id(cx, "self");
    let year = f.count(cx, "year").and_then(|y| {
        if let Some(year) = i32::try_from(y.value)
            .ok()
            .filter(|y| super::YEARS.contains(y))
        {
            Some(year)
        } else {
            cx.push(
                Diagnostic::error(format!("{} is not a plausible assessment year", y.value))
                    .at(y.span)
                    .expected("a year such as 2026"),
            );
            None
        }
    });
    let issuer = f.text(cx, "issuer");
    let principal = f.text(cx, "principal");
    let first_issue = f.count(cx, "first_issue").map_or(1, |c| c.value);
    let cc = f.texts(cx, "cc", "cc").unwrap_or_default();
    let table_limit = f.count(cx, "table_limit").map_or(300, |c| c.value);
    let tiers_node = f.get("tiers");
    let tiers = f.list_of(cx, "tiers", "tiers", "a tier", read_tier);
    if let (Some(tiers), Some(n)) = (&tiers, tiers_node)
        && tiers.is_empty()
    {
        cx.push(Diagnostic::error("at least one tier is needed").at(n.span));
    }

    let mut warnings = WarningSettings::default();
    if let Some(w) = f.obj(cx, "warnings", "warnings") {
        let margin = |cx: &mut Cx<'_>, key: &str, slot: &mut Num| {
            if let Some(v) = w.number(cx, key) {
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
            if let Some(v) = w.number(cx, key) {
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
        if let Some(v) = w.count(cx, "rank_drop") {
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
    if let Some(e) = f.obj(cx, "explanations", "explanations") {
        if let Some(v) = e.count(cx, "bottom") {
            explanations.bottom = v.value;
        }
        if let Some(v) = e.count(cx, "due_days") {
            explanations.due_days = v.value;
        }
        if let Some(v) = e.number(cx, "below_rate") {
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
    let archive = read_archive(cx, &f);
    let organization = organization?;
    let self_id = self_id?;
    Some((
        Config {
            issuer: issuer.unwrap_or_else(|| organization.clone()),
            organization,
            self_id: self_id.value,
            year: year?,
            principal,
            first_issue,
            table_limit,
            cc,
            tiers: tiers?,
            warnings,
            explanations,
            archive,
        },
        ConfigSpans {
            self_id: self_id.span,
            tiers: tiers_node.map_or(f.span, |n| n.span),
        },
    ))
}

/// `archive: { attach_sources: false }`; absent keys keep the defaults.
fn read_archive(cx: &mut Cx<'_>, f: &Fields<'_>) -> ArchiveSettings {
    let mut archive = ArchiveSettings::default();
    if let Some(a) = f.obj(cx, "archive", "archive")
        && let Some(attach) = a.flag(cx, "attach_sources")
    {
        archive.attach_sources = attach;
    }
    archive
}

fn read_tier(cx: &mut Cx<'_>, f: Fields<'_>) -> Option<Tier> {
    let name = f.text(cx, "name");
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
