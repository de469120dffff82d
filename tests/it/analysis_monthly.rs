//! Monthly figures on a small workspace, computed by hand.
//!
//! Peers p1…p6 (self p3); tiers 第一序列 1–2, 第二梯队 3–4, 第三梯队 5–6.
//! Indicators: K1, K2 (kpi, 10, lead u1, u2), S1 (special 4: 1.5 by 03-31,
//! 2.5 by 06-30, lead u3), E1 (evaluation 10, lead u3), B1 (bonus cap 2, u1),
//! P1 (penalty cap 3, u2).

use std::str::FromStr;

use kpibrief::analysis::monthly::{ExplanationStatus, WarningKind};
use kpibrief::analysis::{self, Level, Period};
use kpibrief::model::{Month, Num};

use crate::util::{CONFIG, FEB_MONTH, Ws};

fn month(s: &str) -> Month {
    s.parse().unwrap()
}

fn num(s: &str) -> Num {
    Num::from_str(s).unwrap()
}

const MAR: &str = "month: 2026-03
published: 2026-04-10
meeting: 2026-04-15
ranking: { p1: 92.5, p2: 90.0, p3: 89.0, p4: 88.0, p5: 88.0, p6: 80 }
indicators:
  K1: { score: 10, rank: 1 }
  K2: { score: 7.9 }
  S1: { score: 1.2 }
  E1: { score: 9 }
  B1: { score: 1.5 }
  P1: { score: -0.5 }
";

fn workspace() -> Ws {
    let ws = Ws::minimal();
    ws.write(
        "config.yaml",
        format!("{CONFIG}explanations:\n  bottom: 1\n  below_rate: 0.90\n  due_days: 5\n"),
    );
    ws.write("monthly/2026-02.yaml", FEB_MONTH);
    ws.write("monthly/2026-03.yaml", MAR);
    ws.write(
        "explanations/2026-03/u2.yaml",
        "unit: u2\nmonth: 2026-03\nsubmitted: 2026-04-15\nreasons: 原因\nmeasures: 措施\n",
    );
    ws.write(
        "explanations/2026-03/u1.yaml",
        "unit: u1\nmonth: 2026-03\nsubmitted: 2026-04-12\nreasons: 主动说明\nmeasures: 措施\n",
    );
    ws
}

#[test]
fn province_ranking_and_margins() {
    let b = analysis::monthly(&workspace().workspace(), month("2026-03")).unwrap();
    assert_eq!(b.as_of.to_string(), "2026-04-15");
    let ranks: Vec<_> = b
        .ranking
        .iter()
        .map(|r| (r.peer.as_str(), r.rank))
        .collect();
    assert_eq!(
        ranks,
        [
            ("p1", 1),
            ("p2", 2),
            ("p3", 3),
            ("p4", 4),
            ("p5", 4),
            ("p6", 6)
        ]
    );
    let s = &b.self_standing;
    assert_eq!((s.rank, s.tier.as_str()), (3, "第二梯队"));
    assert_eq!(s.gap_to_first, num("3.5"));
    // 第一序列's entry is the score in position 2 (p2, 90): a gap of 1.
    assert_eq!(s.tier_gaps.len(), 1);
    assert_eq!(
        (s.tier_gaps[0].entry_score, s.tier_gaps[0].gap),
        (num("90"), num("1"))
    );
    // p4 and p5 are exactly 1.0 behind, p2 exactly 1.0 ahead: equal to the margin is no risk, no chance.
    assert!(s.overtake_risk.is_empty());
    assert!(s.chase.is_empty());
    // Change since February: rank 3 → 3.
    assert_eq!(s.rank_change, Some(0));
    let c = s.change.as_ref().unwrap();
    assert_eq!((c.previous_rank, c.score_change), (3, num("1")));
    assert_eq!(c.gap_to_first_change, num("-0.5"));
    assert_eq!(c.tier_gap_changes[0].change, num("-2"));
}

#[test]
fn margins_a_hair_inside_the_thresholds() {
    let ws = workspace();
    ws.edit("monthly/2026-03.yaml", "p4: 88.0", "p4: 88.01");
    ws.edit("monthly/2026-03.yaml", "p2: 90.0", "p2: 89.99");
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    let risk: Vec<_> = b
        .self_standing
        .overtake_risk
        .iter()
        .map(|m| (m.peer.as_str(), m.margin))
        .collect();
    assert_eq!(risk, [("p4", num("0.99"))]);
    let chase: Vec<_> = b
        .self_standing
        .chase
        .iter()
        .map(|c| (c.peer.as_str(), c.gap))
        .collect();
    assert_eq!(chase, [("p2", num("0.99"))]);
    let w = b
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::OvertakeRisk)
        .unwrap();
    assert_eq!(
        (w.level, w.peers.as_slice()),
        (Level::Red, &["p4".to_string()][..])
    );
}

#[test]
fn tie_at_a_tier_boundary_and_tied_peer_is_a_risk() {
    let ws = workspace();
    ws.edit(
        "monthly/2026-03.yaml",
        "{ p1: 92.5, p2: 90.0, p3: 89.0, p4: 88.0, p5: 88.0, p6: 80 }",
        "{ p1: 95, p2: 90, p3: 90.00, p4: 85, p5: 80, p6: 70 }",
    );
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    let ranks: Vec<_> = b
        .ranking
        .iter()
        .map(|r| (r.peer.as_str(), r.rank))
        .collect();
    assert_eq!(&ranks[..3], [("p1", 1), ("p2", 2), ("p3", 2)]);
    let s = &b.self_standing;
    assert_eq!((s.rank, s.tier.as_str()), (2, "第一序列"));
    assert!(s.tier_gaps.is_empty());
    // A tie is a margin of 0: overtaking risk.
    let risk: Vec<_> = s
        .overtake_risk
        .iter()
        .map(|m| (m.peer.as_str(), m.margin))
        .collect();
    assert_eq!(risk, [("p2", Num::ZERO)]);
    assert_eq!(s.rank_change, Some(1));
    // The shared rank is said with whom it is shared (并列第2名).
    let tied: Vec<_> = s.tied_with.iter().map(|t| t.peer.as_str()).collect();
    assert_eq!(tied, ["p2"]);
    let json: serde_json::Value =
        serde_json::from_str(&kpibrief::analysis::json::to_json(&b)).unwrap();
    assert_eq!(json["self"]["tied_with"][0]["peer"], "p2");
}

#[test]
fn months_running_counts_back_to_the_first_month_not_required() {
    // January: given unit scores, bottom 1 is u1; u2 (95) is not required.
    // February and March: u2 is at the bottom (see the tests above). April:
    // March's figures again. So in April u2 has been required 3 months
    // running (April, March, February), u1 none now, u3 (below 90%) 2.
    let ws = workspace();
    ws.write(
        "monthly/2026-01.yaml",
        "month: 2026-01\npublished: 2026-02-10\nranking: { p1: 92, p2: 91, p3: 88, p4: 87, p5: 86, p6: 85 }\nindicators:\n  K1: { score: 9 }\nunits: { u1: 70, u2: 95, u3: 96 }\n",
    );
    ws.write(
        "monthly/2026-04.yaml",
        MAR.replace("month: 2026-03", "month: 2026-04")
            .replace("published: 2026-04-10", "published: 2026-05-11")
            .replace("meeting: 2026-04-15", "meeting: 2026-05-15"),
    );
    let ws = ws.workspace();
    let running = |m: &str| -> Vec<(String, u32, bool)> {
        analysis::monthly(&ws, month(m))
            .unwrap()
            .units
            .iter()
            .map(|u| (u.id.clone(), u.months_running, u.consecutive))
            .collect()
    };
    let owned = |v: &[(&str, u32, bool)]| -> Vec<(String, u32, bool)> {
        v.iter().map(|(a, b, c)| (a.to_string(), *b, *c)).collect()
    };
    assert_eq!(
        running("2026-01"),
        owned(&[("u3", 0, false), ("u2", 0, false), ("u1", 1, false)])
    );
    assert_eq!(
        running("2026-04"),
        owned(&[("u1", 0, false), ("u3", 2, true), ("u2", 3, true)])
    );
}

#[test]
fn rank_drop_red_with_tier_and_yellow_within() {
    let ws = workspace();
    ws.edit(
        "monthly/2026-03.yaml",
        "{ p1: 92.5, p2: 90.0, p3: 89.0, p4: 88.0, p5: 88.0, p6: 80 }",
        "{ p1: 95, p2: 94, p3: 91, p4: 93, p5: 92, p6: 80 }",
    );
    // February: 3rd (第二梯队); March: 5th (第三梯队), a drop of 2.
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    assert_eq!(b.self_standing.rank_change, Some(-2));
    let w = b
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::RankDrop)
        .unwrap();
    assert_eq!(w.level, Level::Red);
    assert!(
        w.message.contains("由第二梯队降至第三梯队"),
        "{}",
        w.message
    );

    // Wider tiers: a drop of 2 that stays in the tier is yellow.
    ws.edit(
        "config.yaml",
        "{ name: 第一序列, ranks: [1, 2] }",
        "{ name: 第一序列, ranks: [1, 1] }",
    );
    ws.edit(
        "config.yaml",
        "{ name: 第二梯队, ranks: [3, 4] }",
        "{ name: 第二梯队, ranks: [2, 5] }",
    );
    ws.edit(
        "config.yaml",
        "{ name: 第三梯队, ranks: [5, 6] }",
        "{ name: 第三梯队, ranks: [6, 6] }",
    );
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    let w = b
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::RankDrop)
        .unwrap();
    assert_eq!(w.level, Level::Yellow);
}

#[test]
fn indicators_rates_levels_and_subtotals() {
    let b = analysis::monthly(&workspace().workspace(), month("2026-03")).unwrap();
    let row = |id: &str| b.indicators.iter().find(|r| r.id == id).unwrap();
    // K2: 7.9 of 10 → red.  S1: 1.2 of the 1.5 assessable by 03-31 → exactly 0.80: yellow, not red.
    // E1: exactly 0.90 → no warning.
    assert_eq!(
        (row("K2").rate, row("K2").level),
        (Some(num("0.79")), Some(Level::Red))
    );
    assert_eq!(row("S1").assessable, num("1.5"));
    assert_eq!(
        (row("S1").rate, row("S1").level),
        (Some(num("0.8")), Some(Level::Yellow))
    );
    assert_eq!((row("S1").lost, row("E1").level), (num("0.3"), None));
    assert_eq!((row("K1").rate, row("K1").rank), (Some(Num::ONE), Some(1)));
    // Bonus and penalty: no assessable, no rate; a penalty's points are lost points.
    assert_eq!(
        (row("B1").assessable, row("B1").lost, row("B1").rate),
        (Num::ZERO, Num::ZERO, None)
    );
    assert_eq!(row("P1").lost, num("0.5"));
    // Change since February.
    assert_eq!(row("K2").score_change, Some(num("-0.1")));
    assert_eq!(row("B1").score_change, None);
    // Shortfalls: most points lost first.
    assert_eq!(b.shortfalls, ["K2", "E1", "P1", "S1"]);
    // Subtotals.
    let cat = |name: &str| {
        b.categories
            .iter()
            .find(|c| c.category.as_str() == name)
            .unwrap()
    };
    let kpi = cat("kpi");
    assert_eq!(
        (kpi.score, kpi.assessable, kpi.lost, kpi.rate),
        (num("17.9"), num("20"), num("2.1"), Some(num("0.895")))
    );
    assert_eq!((cat("bonus").score, cat("bonus").rate), (num("1.5"), None));
    assert_eq!(
        (cat("penalty").score, cat("penalty").lost),
        (num("-0.5"), num("0.5"))
    );
    // Warnings: red K2 before yellow S1, each naming the lead unit and its leader.
    let w: Vec<_> = b
        .warnings
        .iter()
        .map(|w| {
            (
                w.level,
                w.indicator.as_deref(),
                w.unit.as_deref(),
                w.leader.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        w,
        [
            (Level::Red, Some("K2"), Some("u2"), Some("l1")),
            (Level::Yellow, Some("S1"), Some("u3"), Some("l2"))
        ]
    );
}

#[test]
fn staged_special_before_its_first_stage_is_not_assessed() {
    let b = analysis::monthly(&workspace().workspace(), month("2026-02")).unwrap();
    let s1 = b.indicators.iter().find(|r| r.id == "S1").unwrap();
    assert_eq!(
        (s1.assessable, s1.rate, s1.level, s1.lost),
        (Num::ZERO, None, None, Num::ZERO)
    );
    // A missing kpi score is "not assessed": null score, nothing assessable, nothing lost.
    let ws = workspace();
    ws.edit("monthly/2026-02.yaml", "  K2: { score: 8 }\n", "");
    let b = analysis::monthly(&ws.workspace(), month("2026-02")).unwrap();
    let k2 = b.indicators.iter().find(|r| r.id == "K2").unwrap();
    assert_eq!(
        (k2.score, k2.assessable, k2.lost, k2.rate),
        (None, Num::ZERO, Num::ZERO, None)
    );
    // u2 leads only K2: it is unranked this month.
    let u2 = b.units.iter().find(|u| u.id == "u2").unwrap();
    assert_eq!((u2.rank, u2.score, u2.must_explain), (None, None, false));
}

#[test]
fn internal_ranking_and_who_must_explain() {
    let b = analysis::monthly(&workspace().workspace(), month("2026-03")).unwrap();
    // u1: 100 × 10/10 = 100; u3: 100 × (1.2 + 9)/(1.5 + 10) = 88.695…; u2: 79.
    let units: Vec<_> = b
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.rank, u.must_explain))
        .collect();
    assert_eq!(
        units,
        [
            ("u1", Some(1), false),
            ("u3", Some(2), true),
            ("u2", Some(3), true)
        ]
    );
    assert_eq!(
        analysis::ser::round(b.units[1].score.unwrap(), 2),
        num("88.70")
    );
    // Due 04-10 + 5 = 04-15, the meeting day itself.
    assert_eq!(b.explanation_due.to_string(), "2026-04-15");
    let status: Vec<_> = b
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.explanation, u.consecutive))
        .collect();
    assert_eq!(
        status,
        [
            // Not required but explained: voluntary.
            ("u1", Some(ExplanationStatus::Voluntary), false),
            // Required (below 90%), no file, due day not passed on the meeting day: pending.
            ("u3", Some(ExplanationStatus::Pending), false),
            // Bottom 1, submitted on the due day; also required in February: two months running.
            ("u2", Some(ExplanationStatus::Submitted), true),
        ]
    );
}

#[test]
fn late_missing_and_not_yet_received_explanations() {
    let ws = workspace();
    // Meeting 04-20, after the due day 04-15.
    ws.edit(
        "monthly/2026-03.yaml",
        "meeting: 2026-04-15",
        "meeting: 2026-04-20",
    );
    ws.edit(
        "explanations/2026-03/u2.yaml",
        "submitted: 2026-04-15",
        "submitted: 2026-04-16",
    );
    // u1's file is dated after the meeting: it had not been received.
    ws.edit(
        "explanations/2026-03/u1.yaml",
        "submitted: 2026-04-12",
        "submitted: 2026-04-21",
    );
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    let status: Vec<_> = b
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.explanation))
        .collect();
    assert_eq!(
        status,
        [
            ("u1", None),
            ("u3", Some(ExplanationStatus::Missing)),
            ("u2", Some(ExplanationStatus::Late)),
        ]
    );
}

#[test]
fn given_unit_scores_with_a_tie_at_the_cut() {
    let ws = workspace();
    ws.edit(
        "monthly/2026-03.yaml",
        "  P1: { score: -0.5 }\n",
        "  P1: { score: -0.5 }\nunits: { u1: 95, u2: 92.5, u3: 92.50 }\n",
    );
    ws.edit("config.yaml", "below_rate: 0.90", "below_rate: 0.5");
    let b = analysis::monthly(&ws.workspace(), month("2026-03")).unwrap();
    let units: Vec<_> = b
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.rank, u.must_explain))
        .collect();
    // Bottom 1, but u2 and u3 tie at the cut: both explain; ties listed by id.
    assert_eq!(
        units,
        [
            ("u1", Some(1), false),
            ("u2", Some(2), true),
            ("u3", Some(2), true)
        ]
    );
    assert!(b.units.iter().all(|u| u.given));
}

#[test]
fn rewards_and_deductions() {
    let b = analysis::monthly(&workspace().workspace(), month("2026-03")).unwrap();
    // u2: K2 2.1 + P1 0.5 = 2.6; u3: S1 0.3 + E1 1 = 1.3; u1 lost nothing.
    let charges: Vec<_> = b
        .charges
        .iter()
        .map(|c| (c.unit.as_str(), c.points))
        .collect();
    assert_eq!(charges, [("u2", num("2.6")), ("u3", num("1.3"))]);
    let breakdown: Vec<_> = b.charges[0]
        .breakdown
        .iter()
        .map(|i| (i.indicator.as_str(), i.points))
        .collect();
    assert_eq!(breakdown, [("K2", num("2.1")), ("P1", num("0.5"))]);
    // u1: its one assessed indicator at 100%, and a bonus gained.
    assert_eq!(b.commended.len(), 1);
    assert_eq!(b.commended[0].unit, "u1");
    assert_eq!(b.commended[0].reasons.len(), 2);
}

#[test]
fn first_month_has_no_change_and_trend_grows() {
    let ws = workspace().workspace();
    let feb = analysis::monthly(&ws, month("2026-02")).unwrap();
    assert_eq!(
        (feb.self_standing.rank_change, feb.previous_month.as_deref()),
        (None, None)
    );
    assert!(feb.units.iter().all(|u| !u.consecutive));
    // February's meeting day is its publication day (no meeting): 03-10 ≤ due 03-15 → pending.
    assert_eq!(
        feb.units.iter().find(|u| u.id == "u2").unwrap().explanation,
        Some(ExplanationStatus::Pending)
    );
    let mar = analysis::monthly(&ws, month("2026-03")).unwrap();
    let trend: Vec<_> = mar
        .trend
        .iter()
        .map(|t| (t.month.as_str(), t.rank, t.score))
        .collect();
    assert_eq!(
        trend,
        [("2026-02", 3, num("88")), ("2026-03", 3, num("89"))]
    );
    let entries: Vec<_> = mar.trend[1]
        .tier_entries
        .iter()
        .map(|e| e.entry_score)
        .collect();
    assert_eq!(entries, [num("90"), num("88"), num("80")]);
}

#[test]
fn missing_month_is_a_clear_error() {
    let ws = workspace().workspace();
    let err = analysis::monthly(&ws, month("2026-06")).unwrap_err();
    assert_eq!(err.expected, "monthly/2026-06.yaml");
    assert_eq!(err.existing, ["2026-02", "2026-03"]);
}

#[test]
fn a_handout_reads_the_months_so_far_and_its_explanations() {
    let ws = workspace();
    // A week reported between February's publication (03-10) and March's (04-10).
    ws.write(
        "weekly/2026-W12.yaml",
        "week: 2026-W12\nreported: 2026-03-20\nupdates:\n  - { task: T2, progress: 30% }\n",
    );
    let ws = ws.workspace();
    let shared = ["config.yaml", "units.yaml", "peers.yaml", "indicators.yaml"];
    let inputs = |p| analysis::inputs(&ws, p).unwrap();
    assert_eq!(
        inputs(Period::Month(month("2026-03"))),
        [
            &shared[..],
            &[
                "monthly/2026-02.yaml",
                "monthly/2026-03.yaml",
                "explanations/2026-03/u1.yaml",
                "explanations/2026-03/u2.yaml",
            ]
        ]
        .concat()
    );
    assert_eq!(
        inputs(Period::Month(month("2026-02"))),
        [&shared[..], &["monthly/2026-02.yaml"]].concat()
    );
    // A bulletin reads the months published by its day, not those after.
    assert_eq!(
        inputs(Period::Week("2026-W12".parse().unwrap())),
        [
            &shared[..],
            &["tasks.yaml", "weekly/2026-W12.yaml", "monthly/2026-02.yaml"]
        ]
        .concat()
    );
    let err = analysis::inputs(&ws, Period::Month(month("2026-06"))).unwrap_err();
    assert_eq!(err.expected, "monthly/2026-06.yaml");
}

#[test]
fn json_follows_the_contract() {
    let ws = workspace().workspace();
    let b = analysis::monthly(&ws, month("2026-03")).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&kpibrief::analysis::json::to_json(&b)).unwrap();
    assert_eq!(v["kind"], "monthly");
    assert_eq!(v["month"], "2026-03");
    assert_eq!(v["as_of"], "2026-04-15");
    assert_eq!(v["self"]["rank"], 3);
    assert_eq!(v["self"]["gap_to_first"], 3.5);
    assert_eq!(v["self"]["tier_gaps"][0]["gap"], 1);
    let s1 = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "S1")
        .unwrap();
    assert_eq!(
        (s1["rate"].as_f64(), s1["level"].as_str()),
        (Some(0.8), Some("yellow"))
    );
    let u3 = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "u3")
        .unwrap();
    assert_eq!(u3["score"], 88.7);
    assert_eq!(u3["explanation"], "pending");
    assert_eq!(v["charges"][0]["points"], 2.6);
    let weekly = crate::util::Ws::minimal();
    weekly.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T2, progress: 10% }\n",
    );
    let b = analysis::weekly(&weekly.workspace(), "2026-W03".parse().unwrap()).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&kpibrief::analysis::json::to_json(&b)).unwrap();
    // T2: 11 of 60 days → 0.18333… → 0.1833.
    assert_eq!(v["tasks"][1]["expected"], 0.1833);
    assert_eq!(v["counts"]["not_reported"], 2);
    assert_eq!(v["counts"]["upcoming"], 1);
    assert_eq!(v["warnings"][0]["kind"], "not_reported");
    assert_eq!(v["risks"], serde_json::json!([]));
}
