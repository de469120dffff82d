//! explanations/YYYY-MM/<unit>.yaml: a unit's explanation for one month.
//!
//! In: the file's tree, the month of its folder and the unit of its name.
//! Out: an [`Explanation`], whose unit and month must match those names.

use std::collections::BTreeMap;

use super::cross::check_period;
use super::fields::Cx;
use super::schema;
use crate::diagnostic::Diagnostic;
use crate::load::yaml::Node;
use crate::model::{Explanation, Month, Unit};

pub(super) fn read_explanation(
    cx: &mut Cx<'_>,
    node: &Node,
    month: Month,
    unit_name: &str,
    units: &BTreeMap<String, Unit>,
) -> Option<Explanation> {
    let f = cx.fields(node, &schema::EXPLANATION, "an explanation")?;
    let unit = f.id(cx, "unit");
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
    let inside = f.period::<Month>(cx, "month", "a month like 2026-06");
    let month_ok = inside
        .as_ref()
        .is_some_and(|m| check_period(cx, m, month, "month", "folder"));
    let submitted = f.date(cx, "submitted");
    let reasons = f.markdown(cx, "reasons");
    let measures = f.markdown(cx, "measures");
    let commitment = f.markdown(cx, "commitment");
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
