//! Fuzz the whole front of the pipeline: decoding, YAML, checking, and (when
//! the data passes) analysis and the diagnostics printer. The first byte picks
//! which file of a small valid workspace the rest of the input replaces.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/it/minimal.rs"]
mod minimal;

const WEEK: &str = "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 40% }\n";
const MONTH: &str = "month: 2026-03\npublished: 2026-04-10\nranking: { p1: 92, p2: 90, p3: 90, p4: 88, p5: 88, p6: 80 }\nindicators: { K1: { score: 9 }, K2: { score: 7 }, S1: { score: 1 }, E1: { score: 9 } }\n";
const EXPLANATION: &str = "unit: u2\nmonth: 2026-03\nsubmitted: 2026-04-12\nreasons: 原因\nmeasures: 措施\n";

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mut files: Vec<(String, Vec<u8>)> = [
        ("config.yaml", minimal::CONFIG),
        ("units.yaml", minimal::UNITS),
        ("peers.yaml", minimal::PEERS),
        ("indicators.yaml", minimal::INDICATORS),
        ("tasks.yaml", minimal::TASKS),
        ("weekly/2026-W03.yaml", WEEK),
        ("monthly/2026-03.yaml", MONTH),
        ("explanations/2026-03/u2.yaml", EXPLANATION),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
    .collect();
    let slot = which as usize % files.len();
    files[slot].1 = rest.to_vec();
    let checked = kpibrief::check::check(kpibrief::load::load_memory(Path::new("ws"), &files));
    let _ = kpibrief::diagnostic::report::render(&checked.diagnostics, &checked.files, false);
    if let Some(ws) = checked.workspace {
        use kpibrief::analysis::{self, Period, json};
        for week in ws.weeks().keys() {
            let _ = analysis::weekly(&ws, *week).map(|b| json::to_json(&b));
            let _ = analysis::inputs(&ws, Period::Week(*week));
        }
        for month in ws.months().keys() {
            let _ = analysis::monthly(&ws, *month).map(|b| json::to_json(&b));
            let _ = analysis::inputs(&ws, Period::Month(*month));
        }
    }
});
