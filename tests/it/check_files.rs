//! Checking the files themselves, before their contents: encodings, byte
//! order marks and line ends, hostile YAML (alias bombs, deep nesting, huge
//! files), empty files, folders, missing files, symlink loops, file names.

use crate::util::Ws;

#[test]
fn gbk_file_is_named_as_gbk() {
    let ws = Ws::minimal();
    let (gbk, _, _) = encoding_rs::GBK.encode(super::util::PEERS);
    ws.write("peers.yaml", gbk.as_ref());
    let o = ws.check();
    let d = o.error(
        "peers.yaml",
        0,
        "this file is not UTF-8 (first bad byte on line 1)",
    );
    assert!(d.message.contains("GBK"), "{}", d.message);
    o.says("save the file as UTF-8");
}

#[test]
fn utf16_file_is_named_as_utf16() {
    let ws = Ws::minimal();
    let mut bytes = vec![0xFF, 0xFE];
    for u in super::util::PEERS.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    ws.write("peers.yaml", bytes);
    ws.check()
        .error("peers.yaml", 0, "this file is UTF-16, not UTF-8");
}

#[test]
fn bom_and_crlf_are_accepted_with_correct_lines() {
    let ws = Ws::minimal();
    let crlf = format!("\u{feff}{}", super::util::TASKS.replace('\n', "\r\n"));
    ws.write("tasks.yaml", crlf.replacen("unit: u2,", "unit: u9,", 1));
    ws.check().error("tasks.yaml", 2, "unknown unit `u9`");
    let ws = Ws::minimal();
    ws.write(
        "tasks.yaml",
        format!("\u{feff}{}", super::util::TASKS.replace('\n', "\r\n")),
    );
    ws.check().assert_ok();
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let ws = Ws::minimal();
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..15 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    ws.write("config.yaml", text);
    ws.check()
        .error("config.yaml", 0, "more than 1000000 YAML values")
        .notes
        .iter()
        .find(|n| n.contains("aliases"))
        .expect("the aliases are named");
}

#[test]
fn deep_nesting_is_refused() {
    let ws = Ws::minimal();
    ws.write(
        "peers.yaml",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    ws.check()
        .error("peers.yaml", 1, "nested more than 64 levels deep");
}

#[test]
fn oversized_file_is_refused() {
    let ws = Ws::minimal();
    let line = "# padding padding padding padding padding padding padding padding\n";
    ws.write("tasks.yaml", line.repeat((17 << 20) / line.len()));
    ws.check()
        .error("tasks.yaml", 0, "larger than any real data file");
}

#[test]
fn empty_files_are_errors() {
    let ws = Ws::minimal();
    ws.write("units.yaml", "");
    ws.write("weekly/2026-W03.yaml", "# nothing yet\n");
    let o = ws.check();
    o.error("units.yaml", 1, "`units.yaml` is empty");
    o.error("weekly/2026-W03.yaml", 1, "`weekly/2026-W03.yaml` is empty");
}

#[test]
fn folder_where_a_file_should_be() {
    let ws = Ws::minimal();
    ws.remove("tasks.yaml");
    std::fs::create_dir(ws.path().join("tasks.yaml")).unwrap();
    let o = ws.check();
    o.says("`tasks.yaml` is a folder, but a data file should be there");
    assert!(!o.text.contains("has no `tasks.yaml`"), "{}", o.text);
}

#[test]
fn missing_file_is_named() {
    let ws = Ws::minimal();
    ws.remove("peers.yaml");
    ws.check().says("error: the workspace has no `peers.yaml`");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let ws = Ws::minimal();
    std::fs::create_dir(ws.path().join("weekly")).unwrap();
    std::os::unix::fs::symlink(ws.path(), ws.path().join("weekly/loop")).unwrap();
    ws.check()
        .says("`weekly/loop` is a symbolic link that loops back to a folder above it");
}

#[test]
fn yaml_in_an_unknown_place_is_a_warning() {
    let ws = Ws::minimal();
    ws.write("notes/todo.yaml", "a: 1\n");
    ws.write("weekly/2026-W03.yml", "a: 1\n");
    ws.write("README.md", "# not data\n");
    let o = ws.check();
    o.assert_ok();
    o.says("warning: `notes/todo.yaml` is in no place kpibrief reads, and is ignored")
        .says("warning: `weekly/2026-W03.yml` is ignored: kpibrief reads `.yaml` files");
}

#[test]
fn two_documents_in_one_file_are_an_error() {
    let ws = Ws::minimal();
    ws.write(
        "peers.yaml",
        format!("{}---\n- {{ id: p9, name: 九 }}\n", super::util::PEERS),
    );
    ws.check()
        .error("peers.yaml", 7, "a data file holds one YAML document");
}
