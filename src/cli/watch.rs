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
use kpibrief::diagnostic::{Diagnostics, report};
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
        &mut |round| show(cli, period, round),
    )?;
    say!("stopped watching");
    Ok(ExitCode::SUCCESS)
}

fn show(cli: &Cli, period: Period, round: &Round) {
    match round {
        Round::Written {
            files,
            checked,
            warnings,
        } => {
            print_diagnostics(cli, &checked.diagnostics, &checked.files);
            let mut produced = Diagnostics {
                items: warnings.clone(),
            };
            produced.sort();
            print_diagnostics(cli, &produced, &checked.files);
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            say!("{period}: wrote {}", names.join(", "));
        }
        Round::DataErrors { checked } => {
            print_diagnostics(cli, &checked.diagnostics, &checked.files);
            say!(
                "{period}: {}; the preview was not remade, waiting for the next save",
                report::summary(&checked.diagnostics)
            );
        }
        Round::Failed { checked, error } => {
            if let Some(checked) = checked {
                print_diagnostics(cli, &checked.diagnostics, &checked.files);
            }
            say!("error: {error}");
            say!("{period}: the preview was not remade, waiting for the next save");
        }
    }
}
