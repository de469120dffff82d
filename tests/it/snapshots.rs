//! The example workspace's JSON for every week and month, reviewed and kept
//! as snapshots: any change to a figure shows up in review.

use kpibrief::analysis::{self, json};

use crate::util::{Ws, example_dir};

#[test]
fn example_json_for_every_week_and_month() {
    let checked = kpibrief::check::open(&example_dir());
    let ws = checked.workspace.expect("the example workspace is valid");
    for week in ws.weeks().keys() {
        let b = analysis::weekly(&ws, *week).unwrap();
        insta::assert_snapshot!(format!("weekly-{week}"), json::to_json(&b));
    }
    for month in ws.months().keys() {
        let b = analysis::monthly(&ws, *month).unwrap();
        insta::assert_snapshot!(format!("monthly-{month}"), json::to_json(&b));
    }
}

#[test]
fn same_workspace_same_bytes() {
    let a = kpibrief::check::open(&example_dir()).workspace.unwrap();
    let b = Ws::example().workspace();
    let month = "2026-06".parse().unwrap();
    assert_eq!(
        json::to_json(&analysis::monthly(&a, month).unwrap()),
        json::to_json(&analysis::monthly(&b, month).unwrap())
    );
}
