//! Every diagnostic rule, on a small fixture: the file, line and message printed.

use crate::util::Ws;

#[test]
fn example_workspace_has_no_errors() {
    let o = Ws::example().check();
    o.assert_ok();
    // Its two deliberate warnings: a missing indicator score and a total that does not add up.
    o.warning("monthly/2026-02.yaml", 0, "indicator `K03`");
    o.warning("monthly/2026-04.yaml", 0, "add up to 88.1");
    assert_eq!(o.checked.diagnostics.items.len(), 2, "{}", o.text);
}

#[test]
fn minimal_workspace_is_valid() {
    Ws::minimal().check().assert_ok();
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    let ws = Ws::minimal();
    ws.write(
        "peers.yaml",
        "- { id: p1, name: 一市局 }\n- { id: p2, name: [unclosed }\n",
    );
    ws.check().error("peers.yaml", 2, "this is not valid YAML");
}

#[test]
fn unknown_key_gets_did_you_mean() {
    let ws = Ws::minimal();
    ws.edit(
        "indicators.yaml",
        "category: kpi, full_score: 10, lead: u1",
        "category: kpi, ful_score: 10, lead: u1",
    );
    let o = ws.check();
    let d = o.error("indicators.yaml", 1, "unknown key `ful_score`");
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("did you mean `full_score`?"))
    );
    o.says("help: did you mean `full_score`?");
    // The key it stood for is then missing, and said so.
    o.error("indicators.yaml", 1, "has no `full_score`");
}

#[test]
fn missing_key_is_named() {
    let ws = Ws::minimal();
    ws.edit(
        "tasks.yaml",
        "title: 任务二, owner: 吴二, ",
        "title: 任务二, ",
    );
    ws.check()
        .error("tasks.yaml", 2, "missing key `owner` in a task");
}

#[test]
fn wrong_types_are_reported_with_what_was_found() {
    let ws = Ws::minimal();
    ws.edit(
        "indicators.yaml",
        "full_score: 10, lead: u2",
        "full_score: ten, lead: u2",
    );
    ws.edit("tasks.yaml", "due: 2026-03-06", "due: 2026-13-06");
    ws.edit("units.yaml", "kind: district", "kind: distric");
    let o = ws.check();
    o.error("indicators.yaml", 2, "expected a number, found `ten`");
    o.error("tasks.yaml", 2, "`2026-13-06` is not a date");
    let d = o.error("units.yaml", 7, "`distric` is not an accepted value");
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("did you mean `district`"))
    );
}

#[test]
fn quoted_number_is_a_string() {
    let ws = Ws::minimal();
    ws.edit(
        "indicators.yaml",
        "full_score: 10, lead: u2",
        "full_score: '10', lead: u2",
    );
    ws.check()
        .error("indicators.yaml", 2, "expected a number")
        .notes
        .iter()
        .find(|n| n.contains("remove the quotes"))
        .expect("a hint to remove the quotes");
}

#[test]
fn duplicate_ids_point_at_the_second() {
    let ws = Ws::minimal();
    ws.edit("tasks.yaml", "{ id: T2,", "{ id: T1,");
    let o = ws.check();
    let d = o.error("tasks.yaml", 2, "task id `T1` is used twice");
    assert!(d.notes.iter().any(|n| n.contains("tasks.yaml:1:")));
}

#[test]
fn duplicate_keys_are_errors() {
    let ws = Ws::minimal();
    ws.edit("config.yaml", "year: 2026\n", "year: 2026\nyear: 2027\n");
    ws.check()
        .error("config.yaml", 4, "key `year` is given twice");
}

#[test]
fn dangling_ids_are_errors() {
    let ws = Ws::minimal();
    ws.edit("tasks.yaml", "unit: u2,", "unit: u9,");
    ws.edit("units.yaml", "leader: l2", "leader: l3");
    ws.edit("config.yaml", "self: p3", "self: p33");
    let o = ws.check();
    o.error("tasks.yaml", 2, "unknown unit `u9`");
    o.error("units.yaml", 7, "unknown leader `l3`");
    let d = o.error("config.yaml", 2, "unknown peer `p33`");
    assert!(d.notes.iter().any(|n| n.contains("did you mean `p3`")));
}

#[test]
fn weekly_references_are_checked() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T9, progress: 10% }\nrisks:\n  - { unit: u1, indicator: K7, level: high, text: 风险 }\n  - { unit: u1, level: severe, text: 风险 }\n",
    );
    let o = ws.check();
    o.error("weekly/2026-W03.yaml", 4, "unknown task `T9`");
    o.error("weekly/2026-W03.yaml", 6, "unknown indicator `K7`");
    o.error(
        "weekly/2026-W03.yaml",
        7,
        "`severe` is not an accepted value",
    );
}

#[test]
fn period_must_match_file_name() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W10.yaml",
        "week: 2026-W11\nreported: 2026-03-06\n",
    );
    ws.write(
        "monthly/2026-02.yaml",
        "month: 2026-03\npublished: 2026-03-10\nranking: {}\nindicators: {}\n",
    );
    let o = ws.check();
    o.error(
        "weekly/2026-W10.yaml",
        1,
        "`week: 2026-W11` does not match the file name `2026-W10`",
    );
    o.error(
        "monthly/2026-02.yaml",
        1,
        "`month: 2026-03` does not match the file name `2026-02`",
    );
}

#[test]
fn period_must_be_in_the_workspace_year() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2025-W52.yaml",
        "week: 2025-W52\nreported: 2025-12-26\n",
    );
    ws.check().error(
        "weekly/2025-W52.yaml",
        1,
        "week 2025-W52 is not in the workspace's year 2026",
    );
}

#[test]
fn bad_file_names_are_errors() {
    let ws = Ws::minimal();
    ws.write("weekly/2026-W54.yaml", "week: 2026-W54\n");
    ws.write("monthly/June.yaml", "month: 2026-06\n");
    let o = ws.check();
    o.says("`weekly/2026-W54.yaml`: a weekly file is named after its ISO week")
        .says("2026 has no ISO week 54")
        .says("`monthly/June.yaml`: a monthly file is named after its month");
    assert!(o.checked.diagnostics.has_errors());
}

#[test]
fn due_before_start_is_an_error() {
    let ws = Ws::minimal();
    ws.edit("tasks.yaml", "due: 2026-03-06", "due: 2026-01-04");
    ws.check().error(
        "tasks.yaml",
        2,
        "the task is due (2026-01-04) before it starts (2026-01-05)",
    );
}

#[test]
fn progress_out_of_range_suggests_percent() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 60 }\n  - { task: T2, progress: 120% }\n",
    );
    let o = ws.check();
    let d = o.error("weekly/2026-W03.yaml", 4, "`60` is out of range");
    assert!(d.notes.iter().any(|n| n.contains("did you mean `60%`?")));
    o.error("weekly/2026-W03.yaml", 5, "`120%` is out of range");
}

fn month_file(indicators: &str) -> String {
    format!(
        "month: 2026-04\npublished: 2026-05-10\nranking: {{ p1: 90, p2: 89, p3: 88, p4: 87, p5: 86, p6: 85 }}\nindicators:\n{indicators}"
    )
}

#[test]
fn scores_out_of_range_are_errors() {
    let ws = Ws::minimal();
    ws.write(
        "monthly/2026-04.yaml",
        month_file(
            "  K1: { score: 10.5 }\n  K2: { score: -1 }\n  S1: { score: 1 }\n  E1: { score: 9 }\n  B1: { score: 2.5 }\n  P1: { score: 0.5 }\n",
        ),
    );
    let o = ws.check();
    o.error(
        "monthly/2026-04.yaml",
        5,
        "the score of `K1` (10.5) is above its full score 10",
    );
    o.error("monthly/2026-04.yaml", 6, "the score of `K2` is below zero");
    o.error(
        "monthly/2026-04.yaml",
        9,
        "the bonus `B1` (2.5) is above its cap 2",
    );
    o.error(
        "monthly/2026-04.yaml",
        10,
        "the penalty `P1` is positive (0.5)",
    );
}

#[test]
fn penalty_beyond_cap_and_staged_score_above_assessable() {
    let ws = Ws::minimal();
    ws.write(
        "monthly/2026-02.yaml",
        "month: 2026-02\npublished: 2026-03-10\nranking: { p1: 90, p2: 89, p3: 88, p4: 87, p5: 86, p6: 85 }\nindicators:\n  K1: { score: 9 }\n  K2: { score: 9 }\n  S1: { score: 1 }\n  E1: { score: 9 }\n  P1: { score: -3.5 }\n",
    );
    let o = ws.check();
    o.error(
        "monthly/2026-02.yaml",
        9,
        "the penalty `P1` (-3.5) is beyond its cap of 3",
    );
    // No stage of S1 has ended by February: a score above 0 is suspicious, not impossible.
    o.warning(
        "monthly/2026-02.yaml",
        7,
        "is above the 0 points of the stages ended by 2026-02-28",
    );
}

#[test]
fn stages_must_add_up() {
    let ws = Ws::minimal();
    ws.edit("indicators.yaml", "full_score: 2.5 }", "full_score: 2 }");
    ws.check().error(
        "indicators.yaml",
        8,
        "the stages of `S1` add up to 3.5, not its full score 4",
    );
}

#[test]
fn tiers_must_cover_every_peer_without_overlap() {
    let ws = Ws::minimal();
    ws.edit("config.yaml", "ranks: [3, 4]", "ranks: [2, 4]");
    ws.check().error(
        "config.yaml",
        6,
        "tier `第二梯队` (2–4) overlaps the tier before it",
    );

    let ws = Ws::minimal();
    ws.edit("config.yaml", "ranks: [3, 4]", "ranks: [4, 4]");
    ws.check()
        .error("config.yaml", 6, "ranks 3–3 belong to no tier");

    let ws = Ws::minimal();
    ws.edit("config.yaml", "ranks: [5, 6]", "ranks: [5, 5]");
    ws.check().error(
        "config.yaml",
        6,
        "the tiers cover ranks 1–5, but peers.yaml lists 6 peers",
    );
}

#[test]
fn every_peer_must_be_ranked() {
    let ws = Ws::minimal();
    ws.write(
        "monthly/2026-04.yaml",
        "month: 2026-04\npublished: 2026-05-10\nranking: { p1: 90, p2: 89, p3: 88, p4: 87, p6: 85, p7: 80 }\nindicators: { K1: { score: 9 }, K2: { score: 9 }, S1: { score: 1 }, E1: { score: 9 } }\n",
    );
    let o = ws.check();
    o.error(
        "monthly/2026-04.yaml",
        3,
        "peer `p5` is missing from the ranking of 2026-04",
    );
    o.error("monthly/2026-04.yaml", 3, "unknown peer `p7`");
}

#[test]
fn missing_indicator_and_unbalanced_total_are_warnings() {
    let ws = Ws::minimal();
    ws.write(
        "monthly/2026-04.yaml",
        "month: 2026-04\npublished: 2026-05-10\nranking: { p1: 90, p2: 89, p3: 30, p4: 87, p5: 86, p6: 85 }\nindicators:\n  K1: { score: 9 }\n  K2: { score: 9 }\n  S1: { score: 1 }\n",
    );
    let o = ws.check();
    o.assert_ok();
    o.warning(
        "monthly/2026-04.yaml",
        4,
        "indicator `E1` (满意度) has no score in 2026-04",
    );
    o.warning(
        "monthly/2026-04.yaml",
        1,
        "add up to 19, but its total in the ranking is 30",
    );
}

#[test]
fn meeting_before_publication_is_an_error() {
    let ws = Ws::minimal();
    ws.write(
        "monthly/2026-04.yaml",
        "month: 2026-04\npublished: 2026-05-10\nmeeting: 2026-05-09\nranking: { p1: 90, p2: 89, p3: 88, p4: 87, p5: 86, p6: 85 }\nindicators: {}\n",
    );
    ws.check().error(
        "monthly/2026-04.yaml",
        3,
        "the meeting (2026-05-09) is before the figures were published (2026-05-10)",
    );
}

#[test]
fn explanation_must_match_its_file_and_folder() {
    let ws = Ws::minimal();
    ws.write(
        "explanations/2026-04/u1.yaml",
        "unit: u2\nmonth: 2026-05\nsubmitted: 2026-05-12\nreasons: 原因\nmeasures: 措施\n",
    );
    let o = ws.check();
    o.error(
        "explanations/2026-04/u1.yaml",
        1,
        "`unit: u2` does not match the file name `u1.yaml`",
    );
    o.error(
        "explanations/2026-04/u1.yaml",
        2,
        "`month: 2026-05` does not match the folder `2026-04`",
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let ws = Ws::minimal();
    ws.edit("tasks.yaml", "unit: u1,", "unit: u8,");
    ws.edit("tasks.yaml", "unit: u2,", "unit: u9,");
    ws.edit("peers.yaml", "name: 四市局", "nmae: 四市局");
    let o = ws.check();
    o.error("tasks.yaml", 1, "unknown unit `u8`");
    o.error("tasks.yaml", 2, "unknown unit `u9`");
    o.error("peers.yaml", 4, "unknown key `nmae`");
    assert!(o.checked.diagnostics.error_count() >= 4, "{}", o.text);
}

#[test]
fn update_twice_in_a_week_is_an_error() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\nupdates:\n  - { task: T1, progress: 10% }\n  - { task: T1, progress: 20% }\n",
    );
    ws.check().error(
        "weekly/2026-W03.yaml",
        5,
        "task `T1` is updated twice this week",
    );
}

#[test]
fn settings_out_of_range_are_errors() {
    let ws = Ws::minimal();
    ws.write(
        "config.yaml",
        format!(
            "{}warnings:\n  rate_red: 1.5\n  rank_drop: 0\n  overtake_margin: -1\n",
            super::util::CONFIG
        ),
    );
    let o = ws.check();
    o.error("config.yaml", 10, "`rate_red` is out of range");
    o.error("config.yaml", 11, "`rank_drop` must be at least 1");
    o.error("config.yaml", 12, "`overtake_margin` cannot be negative");
}

// Mutations of the example workspace give the diagnostic a user needs.

#[test]
fn example_mutations_are_caught() {
    let ws = Ws::example();
    ws.edit("indicators.yaml", "full_score: 8", "ful_score: 8");
    ws.edit("tasks.yaml", "unit: office", "unit: ofice");
    ws.edit("weekly/2026-W10.yaml", "week: 2026-W10", "week: 2026-W11");
    let text = ws.read("weekly/2026-W12.yaml");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    ws.write("weekly/2026-W12.yaml", gbk.as_ref());
    let o = ws.check();
    o.error("indicators.yaml", 0, "unknown key `ful_score`")
        .notes
        .iter()
        .find(|n| n.contains("did you mean `full_score`"))
        .expect("hint");
    o.error("tasks.yaml", 0, "unknown unit `ofice`")
        .notes
        .iter()
        .find(|n| n.contains("did you mean `office`"))
        .expect("hint");
    o.error(
        "weekly/2026-W10.yaml",
        2,
        "does not match the file name `2026-W10`",
    );
    o.error("weekly/2026-W12.yaml", 0, "GBK");
    assert!(o.checked.workspace.is_none());
}

#[test]
fn example_with_bom_and_crlf_everywhere_is_still_valid() {
    let ws = Ws::example();
    for entry in walkdir::WalkDir::new(ws.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(
                entry.path(),
                format!("\u{feff}{}", text.replace('\n', "\r\n")),
            )
            .unwrap();
        }
    }
    ws.check().assert_ok();
}

#[test]
fn committed_schemas_are_up_to_date_and_files_point_at_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for kind in kpibrief::check::schema::FILE_KINDS {
        let path = root
            .join("schemas")
            .join(format!("{}.schema.json", kind.name));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed,
            kpibrief::check::schema::json_schema(kind),
            "{} is out of date: run `cargo run -- schema --out schemas`",
            path.display()
        );
    }
    for entry in walkdir::WalkDir::new(crate::util::example_dir()) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(crate::util::example_dir())
            .unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".yaml") {
            continue;
        }
        let kind = match rel.split('/').next().unwrap() {
            "weekly" => "weekly",
            "monthly" => "monthly",
            "explanations" => "explanation",
            top => top.trim_end_matches(".yaml"),
        };
        let up = "../".repeat(rel.matches('/').count() + 1);
        let first = std::fs::read_to_string(entry.path()).unwrap();
        let first = first.lines().next().unwrap_or_default().to_string();
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema={up}schemas/{kind}.schema.json"),
            "{rel}"
        );
    }
}
