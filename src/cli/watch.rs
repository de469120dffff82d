//! `kpibrief watch PERIOD`: the live preview, printed.
//!
//! In: the period, the preview folder. Out: a line per remade document,
//! the diagnostics of each attempt (bad data does not end the watch), exit 0
//! on Ctrl-C (or SIGTERM), 3 when the watch cannot start.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};

use kpibrief::analysis::Period;
use kpibrief::check::Checked;
use kpibrief::diagnostic::{Diagnostics, report};
use kpibrief::model::{Month, Week};
use kpibrief::watch::{self, Round};

use super::output::say;
use super::{Cli, print_diagnostics};

pub fn run(cli: &Cli, period: Period, preview: &Path, system_fonts: bool) -> Result<ExitCode> {
    // The archives the other commands write by default: the preview stays
    // out of both.
    watch::check_preview(preview, &cli.data.join("out"))?;
    watch::check_preview(preview, Path::new("out"))?;
    if !cli.data.is_dir() {
        say!(
            "error: the workspace folder {} does not exist; nothing to watch",
            cli.data.display()
        );
        return Ok(ExitCode::from(1));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed))
        .context("cannot catch Ctrl-C")?;
    let opts = watch::Options {
        data: cli.data.clone(),
        preview: preview.to_path_buf(),
        period,
        system_fonts,
    };
    // The data's diagnostics as last printed: the same again is not
    // repeated on every save (the workspace's warnings about other months
    // would bury what changed).
    let mut last = String::new();
    watch::run(
        &opts,
        &stop,
        &mut |data| {
            say!(
                "watching {} for {period}: the previews go to {} (Ctrl-C stops)",
                data.display(),
                preview.display()
            );
        },
        &mut |round| show(cli, period, round, &mut last),
    )?;
    say!("stopped watching");
    Ok(ExitCode::SUCCESS)
}

fn show(cli: &Cli, period: Period, round: &Round, last: &mut String) {
    match round {
        Round::Written {
            files,
            checked,
            warnings,
        } => {
            let again = if data_diagnostics(cli, checked, last) {
                format!(
                    " (the data's {} as printed before)",
                    report::summary(&checked.diagnostics)
                )
            } else {
                String::new()
            };
            let mut produced = Diagnostics {
                items: warnings.clone(),
            };
            produced.sort();
            print_diagnostics(cli, &produced, &checked.files);
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            say!("{period}: wrote {}{again}", names.join(", "));
        }
        Round::DataErrors { checked } => {
            let again = if data_diagnostics(cli, checked, last) {
                " (as printed before)"
            } else {
                ""
            };
            say!(
                "{period}: {}{again}; the preview was not remade, waiting for the next save",
                report::summary(&checked.diagnostics)
            );
        }
        Round::Failed { checked, error } => {
            if let Some(checked) = checked {
                data_diagnostics(cli, checked, last);
            }
            say!("error: {error}");
            say!("{period}: the preview was not remade, waiting for the next save");
        }
    }
}

/// Print the data's diagnostics unless they are those printed last time;
/// returns whether they were left out as a repetition.
fn data_diagnostics(cli: &Cli, checked: &Checked, last: &mut String) -> bool {
    let mut shown = checked.diagnostics.clone();
    if cli.quiet {
        shown.items.retain(|d| d.is_error());
    }
    let text = report::render(&shown, &checked.files, false);
    if text.is_empty() {
        last.clear();
        return false;
    }
    if *last == text {
        return true;
    }
    *last = text;
    print_diagnostics(cli, &shown, &checked.files);
    false
}

/// `2026-W27` is a week, `2026-06` a month.
pub fn parse_period(s: &str) -> Result<Period, String> {
    if s.contains('W') || s.contains('w') {
        s.parse::<Week>().map(Period::Week)
    } else {
        s.parse::<Month>().map(Period::Month)
    }
}
