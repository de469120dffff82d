//! Issue 13, the input side: special files as data, free text too deep to
//! typeset, hostile text in diagnostics, closed pipes, and the smaller
//! promises (the node limit's message, `.YAML` names, `init` and `new-week`
//! years, `get_env`, bidirectional controls).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use kpibrief::build::produce::{self, Env, Format, Period};
use kpibrief::render::Templates;

use crate::documents::{output, produce};
use crate::util::Ws;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kpibrief"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Run to the end, or fail the test after `limit` (the child is killed).
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn check_within(ws: &Ws) -> (i32, String) {
    let mut cmd = bin();
    cmd.arg("check").arg("--data").arg(ws.path());
    let out = run_within(cmd, Duration::from_secs(20));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_data_file_is_named_not_read() {
    let ws = Ws::minimal();
    ws.remove("tasks.yaml");
    let fifo = ws.path().join("tasks.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, err) = check_within(&ws);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("this is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    assert!(err.contains("tasks.yaml"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_device_is_named_not_read() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let ws = Ws::minimal();
        ws.remove("units.yaml");
        std::os::unix::fs::symlink(device, ws.path().join("units.yaml")).unwrap();
        let (code, err) = check_within(&ws);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!(
                "this is a symbolic link to a character device (`{device}`), not a regular file"
            )),
            "{err}"
        );
    }
}

/// A week 3 with one risk whose text is `text` (a literal block).
fn week_with_risk(ws: &Ws, text: &str) {
    let block: String = text.lines().map(|l| format!("      {l}\n")).collect();
    ws.write(
        "weekly/2026-W03.yaml",
        format!(
            "week: 2026-W03\nreported: 2026-01-16\nrisks:\n  - unit: u1\n    level: high\n    text: |\n{block}"
        ),
    );
}

#[test]
fn free_text_nested_too_deep_is_refused_at_its_line() {
    // 30 levels of quotes on the text's third line: data line 7 + 2.
    let ws = Ws::minimal();
    week_with_risk(&ws, &format!("风险\n\n{}太深", "> ".repeat(30)));
    ws.check()
        .error(
            "weekly/2026-W03.yaml",
            9,
            "nests quotes, lists or emphasis more than 8 levels deep",
        )
        .notes
        .iter()
        .find(|n| n.contains("at most 8 levels"))
        .expect("the limit is named");

    // 40 levels of lists in a requirement, on its first line.
    let lists: String = (0..40)
        .map(|i| format!("{}- 项\n", "  ".repeat(i)))
        .collect();
    let ws = Ws::minimal();
    let block: String = lists.lines().map(|l| format!("  {l}\n")).collect();
    ws.write(
        "weekly/2026-W03.yaml",
        format!("week: 2026-W03\nreported: 2026-01-16\nrequirements: |\n{block}"),
    );
    // The ninth list starts on the text's ninth line: data line 4 + 8.
    ws.check()
        .error("weekly/2026-W03.yaml", 12, "more than 8 levels deep");
}

#[test]
fn free_text_at_the_nesting_limit_builds() {
    // Eight levels of quotes, lists and emphasis together: the deepest check allows.
    let deep = format!(
        "{}- 一\n{}  - 二\n{}    - *三 **四 [五](https://example.org)***",
        "> ".repeat(2),
        "> ".repeat(2),
        "> ".repeat(2)
    );
    assert_eq!(kpibrief::check::freetext::too_deep(&deep), None);
    let deeper: Vec<String> = deep.lines().map(|l| format!("> {l}")).collect();
    assert!(kpibrief::check::freetext::too_deep(&deeper.join("\n")).is_some());
    let ws = Ws::minimal();
    week_with_risk(&ws, &deep);
    let p = produce(
        &ws.workspace(),
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Md, Format::Pdf],
    );
    assert!(output(&p, "pdf").starts_with(b"%PDF"));
}

#[test]
fn terminal_escapes_in_the_data_are_shown_escaped() {
    let ws = Ws::minimal();
    ws.edit(
        "config.yaml",
        "year: 2026\n",
        "year: 2026\n\u{1b}]0;TITLE\u{7}\u{1b}[31m: 1\n",
    );
    let o = ws.check();
    let d = o
        .checked
        .diagnostics
        .items
        .iter()
        .find(|d| d.message.starts_with("unknown key"));
    assert_eq!(
        d.and_then(|d| d.span).map(|s| s.line),
        Some(4),
        "{}",
        o.text
    );
    o.says("config.yaml:4:1");
    assert!(
        !o.text.contains('\u{1b}') && !o.text.contains('\u{7}'),
        "{:?}",
        o.text
    );
    o.says("\\u{1b}]0;TITLE\\u{7}\\u{1b}[31m");
}

/// The source line printed after `message`, and the marker line under it.
fn source_and_marker(text: &str, message: &str, line: u32) -> (String, String) {
    let text = &text[text.find(message).expect("the message is printed")..];
    let prefix = format!("{line} | ");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line {line} in:\n{text}"));
    (lines[at].to_string(), lines[at + 1].to_string())
}

#[test]
fn a_long_line_is_cut_around_its_marker() {
    let ws = Ws::minimal();
    let long = "W".repeat(200_000);
    ws.edit(
        "units.yaml",
        "  - { id: u3,",
        &format!("  - {{ note: \"{long}\", bogus: 1 }}\n  - {{ id: u3,"),
    );
    let o = ws.check();
    let d = o.error("units.yaml", 7, "unknown key `bogus`");
    let col = d.span.unwrap().col as usize;
    assert!(col > 200_000);
    assert!(o.text.len() < 4_000, "{} bytes printed", o.text.len());
    o.says(&format!("units.yaml:7:{col}"));
    let (source, marker) = source_and_marker(&o.text, "unknown key `bogus`", 7);
    assert!(
        source.contains("…") && source.contains("bogus: 1 }"),
        "{source}"
    );
    // The marker is under `bogus`, counted in characters.
    let under = |s: &str, i: usize| s.chars().skip(i).take(5).collect::<String>();
    let caret = marker.find('^').expect("a marker");
    assert_eq!(under(&source, marker[..caret].chars().count()), "bogus");
    assert_eq!(marker.matches('^').count(), 5);
}

#[test]
fn a_closed_stderr_keeps_the_exit_code_and_never_panics() {
    let run = |ws: &Ws, args: &[&str], out: &Path| {
        let mut child = bin()
            .arg("--data")
            .arg(ws.path())
            .args(args)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Nobody reads standard error: every write to it fails with EPIPE.
        drop(child.stderr.take());
        child.wait().unwrap().code()
    };
    let tmp = tempfile::tempdir().unwrap();
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\n",
    );
    let out = tmp.path().join("out");
    assert_eq!(run(&ws, &["build", "-v", "--format", "md"], &out), Some(0));
    assert!(out.join("weekly/2026-W03.md").is_file());
    ws.write("weekly/2026-W04.yaml", "week: 2026-W04\nbogus: 1\n");
    assert_eq!(run(&ws, &["build", "-v", "--format", "md"], &out), Some(1));
}

#[test]
fn a_closed_stdout_stops_quietly() {
    for args in [&["completions", "bash"][..], &["man"], &["fonts"]] {
        let mut child = bin()
            .args(args)
            .arg("--data")
            .arg(crate::util::example_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_file_over_the_node_limit_says_which_limit() {
    let ws = Ws::minimal();
    ws.write("tasks.yaml", "- x\n".repeat(1_100_000));
    let o = ws.check();
    let d = o.error("tasks.yaml", 0, "more than 1000000 YAML values");
    assert!(
        !d.message.contains("alias") && !d.notes.iter().any(|n| n.contains("alias")),
        "{d:?}"
    );
}

#[test]
fn yaml_files_under_other_cases_get_a_warning() {
    let ws = Ws::minimal();
    ws.write("weekly/2026-W27.YAML", "week: 2026-W27\n");
    ws.write("weekly/2026-W28.Yml", "week: 2026-W28\n");
    let o = ws.check();
    o.assert_ok();
    o.says(
        "warning: `weekly/2026-W27.YAML` is ignored: kpibrief reads `.yaml` files (in lower case)",
    )
    .says("warning: `weekly/2026-W28.Yml` is ignored");
}

#[test]
fn init_and_new_week_refuse_years_check_would_refuse() {
    let tmp = tempfile::tempdir().unwrap();
    for year in ["0", "9999", "10000", "-5", "1999", "2101"] {
        let dir = tmp.path().join(format!("ws{year}"));
        let out = bin()
            .args(["init", "--year", year])
            .arg(&dir)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{year}: {err}");
        assert!(
            err.contains("is not a year kpibrief assesses: give a year from 2000 to 2100"),
            "{year}: {err}"
        );
        assert!(!dir.exists(), "{year}: something was written");
    }
    let ws = Ws::example();
    let out = bin()
        .arg("--data")
        .arg(ws.path())
        .args(["new-week", "2027-W01"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("2027-W01 is in 2027, but this workspace assesses 2026"),
        "{err}"
    );
    assert!(!ws.path().join("weekly/2027-W01.yaml").exists());
}

#[test]
fn templates_cannot_read_the_environment() {
    let ws = Ws::minimal();
    ws.write(
        "weekly/2026-W03.yaml",
        "week: 2026-W03\nreported: 2026-01-16\n",
    );
    ws.write("templates/weekly.md", "{{ get_env(name=\"PATH\") }}\n");
    let env = Env::new(
        Templates::load(Some(&ws.path().join("templates"))).unwrap(),
        kpibrief::typeset::roles::typesetter(ws.path(), false),
    );
    let week = Period::Week("2026-W03".parse().unwrap());
    let err = match produce::produce(&ws.workspace(), week, &[Format::Md], &env) {
        Ok(p) => panic!("rendered: {}", String::from_utf8_lossy(output(&p, "md"))),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("`get_env` is turned off"), "{err}");
}

#[test]
fn bidirectional_controls_are_removed_with_a_warning() {
    let ws = Ws::minimal();
    ws.edit(
        "units.yaml",
        "name: 办公室",
        "name: \"办公\u{202E}室\u{2066}\"",
    );
    week_with_risk(&ws, "逾期\u{202D}风险");
    let o = ws.check();
    o.warning(
        "units.yaml",
        5,
        "bidirectional control characters (U+202E, U+2066)",
    );
    o.warning("weekly/2026-W03.yaml", 7, "(U+202D)");
    assert!(
        !o.text.contains('\u{202E}'),
        "diagnostics print them escaped"
    );
    let p = produce(
        &o.checked.workspace.clone().unwrap(),
        Period::Week("2026-W03".parse().unwrap()),
        &[Format::Md, Format::Typ],
    );
    for ext in ["md", "typ"] {
        let text = String::from_utf8_lossy(output(&p, ext)).into_owned();
        assert!(text.contains("逾期风险"), "{ext}");
        assert!(
            !text.chars().any(kpibrief::check::freetext::is_bidi_control),
            "{ext}"
        );
    }
}
