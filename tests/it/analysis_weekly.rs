//! Weekly figures on a small workspace, computed by hand.
//!
//! Tasks (util.rs): T1 u1 01-05→01-25 (20 days); T2 u2 01-05→03-06 (60 days);
//! T3 u3 due == start == 01-16; T4 u1 starts 03-02.

use kpibrief::analysis::weekly::{Change, Status};
use kpibrief::analysis::{self, Level, Period};
use kpibrief::build::{self, BuildError, produce::Format};
use kpibrief::model::{Num, Week};
use std::str::FromStr;

use crate::util::Ws;

fn week(s: &str) -> Week {
    s.parse().unwrap()
}

fn num(s: &str) -> Num {
    Num::from_str(s).unwrap()
}

/// W03 (reported 01-16), W04 (01-23), no W05, W06 (02-06).
fn three_weeks() -> Ws {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 40% }\n  - { task: T2, progress: 0.1, status: paused }\nrisks:\n  - { unit: u3, level: low, text: 低风险 }\n  - { unit: u1, indicator: K1, level: high, text: 高风险 }\n  - { unit: u2, level: medium, text: 中风险 }\n",
    );
    ws.write(
        "weekly/2026-W04.yaml",
        "week: 2026-W04\nreported: 2026-01-23\nupdates:\n  - { task: T1, progress: 45% }\n  - { task: T2, progress: 20%, status: blocked, note: 等待批复 }\n  - { task: T3, progress: 100% }\n",
    );
    ws.write(
        "weekly/2026-W06.yaml",
        "week: 2026-W06\nreported: 2026-02-06\nupdates:\n  - { task: T2, progress: 30% }\n",
    );
    ws
}

fn status_of(b: &analysis::WeeklyBriefing, task: &str) -> Status {
    b.tasks.iter().find(|t| t.id == task).unwrap().status
}

#[test]
fn first_week_statuses_and_warnings() {
    let ws = three_weeks().workspace();
    let b = analysis::weekly(&ws, week("2026-W03")).unwrap();
    assert_eq!(b.as_of.to_string(), "2026-01-16");
    // T1: 11 of 20 days → expected 55%, progress 40%: 15 points behind > 10.
    let t1 = &b.tasks[0];
    assert_eq!(
        (t1.status, t1.progress, t1.expected),
        (Status::Behind, num("0.4"), num("0.55"))
    );
    assert_eq!(status_of(&b, "T2"), Status::Paused);
    // T3 is due on the judging day itself: not overdue, but not reported.
    assert_eq!(status_of(&b, "T3"), Status::NotReported);
    assert_eq!(b.tasks[2].expected, Num::ONE);
    // T4 starts after the reported day.
    assert_eq!(status_of(&b, "T4"), Status::Upcoming);
    assert_eq!(b.tasks[3].expected, Num::ZERO);

    // Warnings: both yellow; no earlier week, so every warning is new.
    assert_eq!(b.previous_week, None);
    let w: Vec<_> = b
        .warnings
        .iter()
        .map(|w| (w.task.as_str(), w.kind, w.level, w.new))
        .collect();
    assert_eq!(
        w,
        [
            ("T1", Status::Behind, Level::Yellow, true),
            ("T3", Status::NotReported, Level::Yellow, true)
        ]
    );
    assert_eq!(b.warnings[0].reason, "进度40%，序时进度55.0%");
    assert!(
        b.warnings
            .iter()
            .all(|w| w.change == Change::New && w.was.is_none())
    );
    assert!(b.resolved.is_empty());

    // Responsibility chain: owner → unit head → leader in charge → principal.
    let c = &b.warnings[0].chain;
    assert_eq!(
        (
            c.owner.as_deref(),
            c.head.as_deref(),
            c.leader_name.as_str(),
            c.principal.as_deref()
        ),
        (Some("周一"), Some("赵甲"), "李一", Some("王局长"))
    );

    // Counts for the bureau, by unit and by leader.
    assert_eq!(b.counts.get(Status::Behind), 1);
    assert_eq!(b.counts.get(Status::Upcoming), 1);
    assert_eq!(b.counts.total(), 4);
    let u1 = b.counts_by_unit.iter().find(|g| g.id == "u1").unwrap();
    assert_eq!(
        (
            u1.counts.get(Status::Behind),
            u1.counts.get(Status::Upcoming)
        ),
        (1, 1)
    );
    let l1 = b.counts_by_leader.iter().find(|g| g.id == "l1").unwrap();
    assert_eq!(l1.counts.total(), 3);

    // Risks by level, whatever their order in the file.
    let levels: Vec<_> = b.risks.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(levels, ["u1", "u2", "u3"]);
    assert_eq!(b.risks[0].leader_name, "李一");

    // No monthly results yet.
    assert!(b.province.is_none());
}

#[test]
fn new_and_resolved_against_last_week() {
    let ws = three_weeks().workspace();
    let b = analysis::weekly(&ws, week("2026-W04")).unwrap();
    assert_eq!(b.previous_week.as_deref(), Some("2026-W03"));
    let w: Vec<_> = b
        .warnings
        .iter()
        .map(|w| (w.task.as_str(), w.kind, w.new))
        .collect();
    // Red first: T2 blocked is new; T1 is still behind (18/20 = 90% expected, 45% done).
    assert_eq!(
        w,
        [("T2", Status::Blocked, true), ("T1", Status::Behind, false)]
    );
    assert_eq!(b.warnings[1].reason, "进度45%，序时进度90.0%");
    // A blocked task's warning gives its figures and the cause from its note
    // (T2: 18 of 60 days → 30.0% expected).
    assert_eq!(
        b.warnings[0].reason,
        "进度20%，序时进度30.0%；受阻原因：等待批复"
    );
    // T2 was paused last week, which is no warning: its warning is new.
    assert_eq!(
        (b.warnings[0].change, b.warnings[0].was),
        (Change::New, None)
    );
    assert_eq!(
        (b.warnings[1].change, b.warnings[1].was),
        (Change::Same, Some(Status::Behind))
    );
    assert_eq!(status_of(&b, "T3"), Status::Done);
    let r: Vec<_> = b
        .resolved
        .iter()
        .map(|r| (r.task.as_str(), r.kind, r.status))
        .collect();
    assert_eq!(r, [("T3", Status::NotReported, Status::Done)]);
}

#[test]
fn missing_week_compares_with_the_nearest_earlier_file() {
    let ws = three_weeks().workspace();
    let b = analysis::weekly(&ws, week("2026-W06")).unwrap();
    assert_eq!(b.previous_week.as_deref(), Some("2026-W04"));
    // T1: no update since W04 (45%), due 01-25, reported 02-06: 12 days overdue.
    let t1 = b.tasks.iter().find(|t| t.id == "T1").unwrap();
    assert_eq!((t1.status, t1.progress), (Status::Overdue, num("0.45")));
    assert_eq!(t1.reported_in.as_deref(), Some("2026-W04"));
    let overdue = b.warnings.iter().find(|w| w.task == "T1").unwrap();
    // Behind (yellow) in W04, overdue (red) now: escalated, not new.
    assert_eq!(
        (overdue.level, overdue.new, overdue.change, overdue.was),
        (Level::Red, false, Change::Escalated, Some(Status::Behind))
    );
    assert_eq!(overdue.reason, "逾期12天（完成时限1月25日），进度45%");
    // T3 reached 100% in W04 and stays done without an update.
    assert_eq!(status_of(&b, "T3"), Status::Done);
    // T2: 32/60 expected, 30% done → behind; last week's blocked is resolved.
    assert_eq!(status_of(&b, "T2"), Status::Behind);
    // Blocked (red) in W04, behind (yellow) now: eased.
    let eased = b.warnings.iter().find(|w| w.task == "T2").unwrap();
    assert_eq!(
        (eased.change, eased.was),
        (Change::Eased, Some(Status::Blocked))
    );
    // Both tasks still have a warning: neither is resolved.
    assert!(b.resolved.is_empty());
}

#[test]
fn a_warning_that_changes_kind_is_neither_new_nor_resolved() {
    // T1 behind in W03 (40% of 55% expected); no update in W04 → 未报送:
    // another kind of the same level.
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 40% }\n  - { task: T2, progress: 10% }\n  - { task: T3, progress: 100% }\n",
    );
    ws.write(
        "weekly/2026-W04.yaml",
        "week: 2026-W04\nreported: 2026-01-23\nupdates:\n  - { task: T2, progress: 30% }\n",
    );
    let ws = ws.workspace();
    let b = analysis::weekly(&ws, week("2026-W04")).unwrap();
    let t1 = b.warnings.iter().find(|w| w.task == "T1").unwrap();
    assert_eq!(
        (t1.kind, t1.change, t1.new, t1.was),
        (
            Status::NotReported,
            Change::Changed,
            false,
            Some(Status::Behind)
        )
    );
    assert!(b.resolved.is_empty());
    // The JSON carries the change and what it was.
    let json: serde_json::Value = serde_json::from_str(&analysis::json::to_json(&b)).unwrap();
    let w = &json["warnings"][0];
    assert_eq!(
        (w["change"].as_str(), w["new"].as_bool(), w["was"].as_str()),
        (Some("changed"), Some(false), Some("behind"))
    );
}

#[test]
fn pace_is_compared_exactly_at_the_tolerance() {
    // T2: 60 days; reported 02-04 is day 30 → expected exactly 0.5.
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W06.yaml",
        "week: 2026-W06\nreported: 2026-02-04\nupdates:\n  - { task: T2, progress: 40% }\n  - { task: T1, progress: 100% }\n",
    );
    let b = analysis::weekly(&ws.workspace(), week("2026-W06")).unwrap();
    assert_eq!(
        status_of(&b, "T2"),
        Status::OnTrack,
        "exactly 10 points behind is on track"
    );

    ws.edit("weekly/2026-W06.yaml", "progress: 40%", "progress: 39.99%");
    let b = analysis::weekly(&ws.workspace(), week("2026-W06")).unwrap();
    assert_eq!(status_of(&b, "T2"), Status::Behind);

    // 0.3 expected (18 of 60 days) − 0.2 progress is 0.1 exactly, not 0.09999….
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W04.yaml",
        "week: 2026-W04\nreported: 2026-01-23\nupdates:\n  - { task: T2, progress: 0.2 }\n",
    );
    let b = analysis::weekly(&ws.workspace(), week("2026-W04")).unwrap();
    assert_eq!(status_of(&b, "T2"), Status::OnTrack);
    assert_eq!(b.tasks[1].expected, num("0.3"));
}

#[test]
fn overdue_outranks_blocked_and_done_outranks_overdue() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W06.yaml",
        "week: 2026-W06\nreported: 2026-02-06\nupdates:\n  - { task: T1, progress: 50%, status: blocked }\n  - { task: T3, progress: 1, status: blocked }\n",
    );
    let b = analysis::weekly(&ws.workspace(), week("2026-W06")).unwrap();
    assert_eq!(status_of(&b, "T1"), Status::Overdue);
    assert_eq!(status_of(&b, "T3"), Status::Done);
}

#[test]
fn week_53_and_province_result() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W53.yaml",
        "week: 2026-W53\nreported: 2026-12-31\nupdates:\n  - { task: T4, progress: 100% }\n",
    );
    ws.write(
        "monthly/2026-11.yaml",
        "month: 2026-11\npublished: 2026-12-10\nranking: { p1: 92.5, p2: 90, p3: 89, p4: 88, p5: 88, p6: 80 }\nindicators: { K1: { score: 9 }, K2: { score: 9 }, S1: { score: 3 }, E1: { score: 9 } }\n",
    );
    ws.write(
        "monthly/2026-12.yaml",
        "month: 2026-12\npublished: 2027-01-10\nranking: { p1: 92.5, p2: 90, p3: 91, p4: 88, p5: 88, p6: 80 }\nindicators: { K1: { score: 9 }, K2: { score: 9 }, S1: { score: 3 }, E1: { score: 9 } }\n",
    );
    let o = ws.check();
    o.assert_ok();
    let b = analysis::weekly(o.checked.workspace.as_ref().unwrap(), week("2026-W53")).unwrap();
    assert_eq!(b.week, "2026-W53");
    // December's figures are not yet published on 12-31: November's are the latest known.
    let p = b.province.as_ref().unwrap();
    assert_eq!(
        (p.month.as_str(), p.rank, p.tier.as_str()),
        ("2026-11", 3, "第二梯队")
    );
    assert_eq!(p.gap_to_first, num("3.5"));
    assert_eq!(p.tier_gaps[0].gap, num("1"));
}

#[test]
fn missing_week_is_a_clear_error() {
    let ws = three_weeks().workspace();
    let err = analysis::weekly(&ws, week("2026-W05")).unwrap_err();
    assert_eq!(err.expected, "weekly/2026-W05.yaml");
    assert_eq!(err.existing, ["2026-W03", "2026-W04", "2026-W06"]);
    assert!(err.to_string().contains("from 2026-W03 to 2026-W06"));
}

#[test]
fn a_bulletin_reads_the_tasks_and_every_week_so_far() {
    let ws = three_weeks().workspace();
    let rels = analysis::inputs(&ws, Period::Week(week("2026-W04"))).unwrap();
    assert_eq!(
        rels,
        [
            "config.yaml",
            "units.yaml",
            "peers.yaml",
            "indicators.yaml",
            "tasks.yaml",
            "weekly/2026-W03.yaml",
            "weekly/2026-W04.yaml",
        ]
    );
    let err = analysis::inputs(&ws, Period::Week(week("2026-W05"))).unwrap_err();
    assert_eq!(err.expected, "weekly/2026-W05.yaml");
}

#[test]
fn building_a_week_without_data_is_a_typed_error_that_touches_nothing() {
    let ws = three_weeks();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let opts = build::Options {
        data: ws.path(),
        out: &out,
        formats: Format::ALL.to_vec(),
        only: Some(vec![
            Period::Week(week("2026-W03")),
            Period::Week(week("2026-W05")),
        ]),
        force: false,
        system_fonts: false,
    };
    match build::run(&ws.workspace(), &opts, &|_| {}) {
        Err(BuildError::NoSuchPeriod(e)) => assert_eq!(e.expected, "weekly/2026-W05.yaml"),
        other => panic!("expected NoSuchPeriod, got {other:?}"),
    }
    // Checked before the output folder is opened: not even it is created.
    assert!(!out.exists());
}
