//! Invariants that must hold for any data: rankings, ties, counts, and
//! independence from the order of entries in the files.

use std::path::Path;

use kpibrief::analysis::{self, weekly::Status};
use kpibrief::diagnostic::report;
use kpibrief::model::{Month, Num, Workspace};
use kpibrief::{check, load};
use proptest::prelude::*;

use crate::util::{CONFIG, INDICATORS, PEERS, TASKS, UNITS, Ws};

/// The minimal workspace with `monthly/2026-03.yaml` and extra `config.yaml`
/// lines, checked in memory (a Workspace is only ever made by the checker).
fn workspace(month: &str, config_extra: &str) -> Workspace {
    let files: Vec<(String, Vec<u8>)> = [
        ("config.yaml", format!("{CONFIG}{config_extra}")),
        ("units.yaml", UNITS.to_string()),
        ("peers.yaml", PEERS.to_string()),
        ("indicators.yaml", INDICATORS.to_string()),
        ("tasks.yaml", TASKS.to_string()),
        ("monthly/2026-03.yaml", month.to_string()),
    ]
    .into_iter()
    .map(|(rel, text)| (rel.to_string(), text.into_bytes()))
    .collect();
    let checked = check::check(load::load_memory(Path::new("mem"), &files));
    checked.workspace.unwrap_or_else(|| {
        panic!(
            "{}",
            report::render(&checked.diagnostics, &checked.files, false)
        )
    })
}

const MONTH_HEAD: &str = "month: 2026-03\npublished: 2026-04-10\n";
const MONTH_INDICATORS: &str =
    "indicators: { K1: { score: 9 }, K2: { score: 9 }, S1: { score: 1 }, E1: { score: 9 } }\n";

/// Scores in hundredths from a small range, so that ties are common.
fn scores() -> impl Strategy<Value = Vec<i64>> {
    proptest::collection::vec(8_000i64..8_010, 6)
}

/// The base workspace with the peers p1… scored `hundredths` in March.
fn with_ranking(hundredths: &[i64]) -> Workspace {
    let ranking: Vec<String> = hundredths
        .iter()
        .enumerate()
        .map(|(i, h)| format!("p{}: {}", i + 1, Num::new(*h, 2)))
        .collect();
    workspace(
        &format!(
            "{MONTH_HEAD}ranking: {{ {} }}\n{MONTH_INDICATORS}",
            ranking.join(", ")
        ),
        "",
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ranks_are_competition_ranks(h in scores()) {
        let ws = with_ranking(&h);
        let b = analysis::monthly(&ws, "2026-03".parse().unwrap()).unwrap();
        for (i, r) in b.ranking.iter().enumerate() {
            let better = b.ranking.iter().filter(|o| o.score > r.score).count() as u32;
            prop_assert_eq!(r.rank, better + 1);
            if i > 0 {
                let prev = &b.ranking[i - 1];
                prop_assert!(prev.rank <= r.rank);
                prop_assert!(prev.score >= r.score);
                if prev.score == r.score {
                    prop_assert_eq!(prev.rank, r.rank);
                    prop_assert!(prev.peer < r.peer, "ties are listed by id");
                }
            }
        }
        // The bureau's own figures agree with the table.
        let own = b.ranking.iter().find(|r| r.is_self).unwrap();
        prop_assert_eq!(own.rank, b.self_standing.rank);
        prop_assert_eq!(b.self_standing.gap_to_first, b.ranking[0].score - own.score);
        for o in &b.self_standing.overtake_risk {
            prop_assert!(o.margin >= Num::ZERO && o.margin < Num::ONE);
        }
        for c in &b.self_standing.chase {
            prop_assert!(c.gap > Num::ZERO && c.gap < Num::ONE);
        }
    }

    #[test]
    fn internal_ranking_and_explanations_are_consistent(given in proptest::collection::vec(0i64..5, 3), bottom in 0u32..4) {
        let units: Vec<String> = given.iter().enumerate().map(|(i, s)| format!("u{}: {}", i + 1, 80 + s)).collect();
        let ws = workspace(
            &format!("{MONTH_HEAD}ranking: {{ p1: 1, p2: 1, p3: 1, p4: 1, p5: 1, p6: 1 }}\n{MONTH_INDICATORS}units: {{ {} }}\n", units.join(", ")),
            &format!("explanations: {{ bottom: {bottom} }}\n"),
        );
        let month: Month = "2026-03".parse().unwrap();
        let b = analysis::monthly(&ws, month).unwrap();
        let required = b.units.iter().filter(|u| u.must_explain).count();
        prop_assert!(required >= (bottom as usize).min(3));
        for u in &b.units {
            let lower = b.units.iter().filter(|o| o.score < u.score).count();
            // A unit explains exactly when fewer than `bottom` units score below it.
            prop_assert_eq!(u.must_explain, bottom > 0 && lower < bottom as usize);
        }
    }

    #[test]
    fn counts_add_up_to_the_tasks(
        progress in proptest::collection::vec(0u32..=100, 4),
        flags in proptest::collection::vec(0u8..4, 4),
        day in 1u32..28,
    ) {
        let ws = Ws::minimal();
        let mut updates = String::new();
        for (i, (p, f)) in progress.iter().zip(&flags).enumerate() {
            match f {
                0 => continue,
                1 => updates.push_str(&format!("  - {{ task: T{}, progress: {p}%, status: blocked }}\n", i + 1)),
                2 => updates.push_str(&format!("  - {{ task: T{}, progress: {p}%, status: paused }}\n", i + 1)),
                _ => updates.push_str(&format!("  - {{ task: T{}, progress: {p}% }}\n", i + 1)),
            }
        }
        let reported = format!("2026-03-{day:02}");
        let week = kpibrief::model::Week::containing(reported.parse().unwrap());
        ws.write(
            &format!("weekly/{week}.yaml"),
            format!("week: {week}\nreported: {reported}\nupdates:\n{updates}"),
        );
        let b = analysis::weekly(&ws.workspace(), week).unwrap();
        prop_assert_eq!(b.counts.total() as usize, 4);
        let by_unit: u32 = b.counts_by_unit.iter().map(|g| g.counts.total()).sum();
        let by_leader: u32 = b.counts_by_leader.iter().map(|g| g.counts.total()).sum();
        prop_assert_eq!(by_unit, 4);
        prop_assert_eq!(by_leader, 4);
        for st in Status::ALL {
            let unit_sum: u32 = b.counts_by_unit.iter().map(|g| g.counts.get(st)).sum();
            prop_assert_eq!(unit_sum, b.counts.get(st));
        }
        prop_assert_eq!(b.warnings.len(), b.tasks.iter().filter(|t| t.status.level().is_some()).count());
    }
}

/// Lines of a YAML list file (one entry a line after its header comments), shuffled.
fn shuffle_flow_list(text: &str, seed: u64) -> String {
    let (head, items): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| !l.starts_with("- {"));
    let mut items: Vec<&str> = items;
    // A small deterministic shuffle (Fisher–Yates with an LCG).
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in (1..items.len()).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (s >> 33) as usize % (i + 1));
    }
    let mut out = head.join("\n");
    out.push('\n');
    for i in items {
        out.push_str(i);
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn results_do_not_depend_on_entry_order(seed in any::<u64>()) {
        let make = |shuffled: bool| {
            let ws = Ws::minimal();
            let updates = [
                "- { task: T1, progress: 40% }",
                "- { task: T2, progress: 0.1, status: paused }",
                "- { task: T3, progress: 100% }",
            ];
            let risks = [
                "- { unit: u3, level: low, text: 乙 }",
                "- { unit: u1, level: high, text: 甲 }",
                "- { unit: u1, level: high, text: 丙 }",
            ];
            let ranking = ["p1: 92", "p2: 90", "p3: 90", "p4: 88.5", "p5: 88.5", "p6: 70"];
            let mut order: Vec<usize> = vec![0, 1, 2];
            let mut rorder: Vec<usize> = (0..6).collect();
            if shuffled {
                order.rotate_left((seed % 3) as usize);
                if seed % 2 == 0 { order.reverse(); }
                rorder.rotate_left((seed % 6) as usize);
                if seed % 5 < 2 { rorder.reverse(); }
                for f in ["peers.yaml", "tasks.yaml", "indicators.yaml"] {
                    let t = ws.read(f);
                    if f != "indicators.yaml" {
                        ws.write(f, shuffle_flow_list(&t, seed));
                    }
                }
            }
            let mut week = String::from("week: 2026-W03\nreported: 2026-01-16\nupdates:\n");
            for i in &order { week.push_str(&format!("  {}\n", updates[*i])); }
            week.push_str("risks:\n");
            for i in &order { week.push_str(&format!("  {}\n", risks[*i])); }
            ws.write("weekly/2026-W03.yaml", week);
            let ranking: Vec<&str> = rorder.iter().map(|i| ranking[*i]).collect();
            ws.write(
                "monthly/2026-03.yaml",
                format!("month: 2026-03\npublished: 2026-04-10\nranking: {{ {} }}\nindicators: {{ E1: {{ score: 9 }}, K2: {{ score: 7 }}, K1: {{ score: 9 }}, S1: {{ score: 1 }} }}\n", ranking.join(", ")),
            );
            let w = ws.workspace();
            (
                kpibrief::analysis::json::to_json(&analysis::weekly(&w, "2026-W03".parse().unwrap()).unwrap()),
                kpibrief::analysis::json::to_json(&analysis::monthly(&w, "2026-03".parse().unwrap()).unwrap()),
            )
        };
        prop_assert_eq!(make(false), make(true));
    }
}
