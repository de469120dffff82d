//! The machine-readable form of a briefing (the spec's "Machine-readable
//! output" contract): the analysis model serialised as it is, pretty-printed,
//! with a final newline. Field order is the struct order, lists are in the
//! analysis's stable order, so the same workspace gives the same bytes.

use serde::Serialize;

pub fn to_json<T: Serialize>(briefing: &T) -> String {
    let mut text = serde_json::to_string_pretty(briefing)
        .expect("briefings hold only strings, numbers, booleans, dates and lists");
    text.push('\n');
    text
}
