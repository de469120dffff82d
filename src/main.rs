//! The `kpibrief` command: a thin shell over the library. It parses the
//! command line, calls the pipeline, prints diagnostics through the one
//! reporting layer, and maps outcomes to exit codes (0 ok, 1 data errors,
//! 2 usage, 3 other failures).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use kpibrief::check::{self, Checked};
use kpibrief::model::{Month, Week, Workspace};
use kpibrief::{analysis, json, report, schema};

#[derive(Parser)]
#[command(
    name = "kpibrief",
    version,
    about = "Weekly bulletins (周通报) and monthly progress-meeting handouts (推进会材料) from a folder of YAML data",
    long_about = None,
    after_help = "Examples:\n  kpibrief check                      check the workspace in ./data\n  kpibrief weekly 2026-W27            write out/weekly/2026-W27.*\n  kpibrief monthly 2026-06 --format json\n  kpibrief schema --out schemas       JSON Schemas for editors"
)]
struct Cli {
    /// The workspace folder of YAML files.
    #[arg(long, global = true, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and check the workspace; print every problem found.
    #[command(
        after_help = "Exit status: 0 when there is no error (warnings allowed), 1 when there are errors.\n\nExample:\n  kpibrief check --data data"
    )]
    Check,
    /// Write one week's bulletin.
    #[command(after_help = "Example:\n  kpibrief weekly 2026-W27 --format json")]
    Weekly {
        /// The ISO week, e.g. 2026-W27.
        week: Week,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write one month's progress-meeting handout.
    #[command(after_help = "Example:\n  kpibrief monthly 2026-06 --format json")]
    Monthly {
        /// The month, e.g. 2026-06.
        month: Month,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write every bulletin and handout the workspace has data for.
    #[command(after_help = "Example:\n  kpibrief build --out out")]
    Build {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write a JSON Schema for each kind of data file, for editors.
    #[command(
        after_help = "Example:\n  kpibrief schema --out schemas\n\nPoint a YAML file at its schema with a first line such as\n  # yaml-language-server: $schema=../schemas/tasks.schema.json"
    )]
    Schema {
        /// Folder to write the schemas into.
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Folder the briefings are written into.
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Comma-separated formats to write.
    #[arg(long, value_delimiter = ',', default_value = "json")]
    format: Vec<Format>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
}

/// Failures that are not the data's fault.
const EXIT_FAILURE: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn color_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Load and check; print diagnostics; `None` when there are errors.
fn open_workspace(cli: &Cli) -> Result<(Option<Workspace>, Checked)> {
    let mut checked = check::open(&cli.data);
    if cli.quiet {
        checked.diagnostics.items.retain(|d| d.is_error());
    }
    let text = report::render(&checked.diagnostics, &checked.files, color_on_stderr());
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())?;
    Ok((checked.workspace.take(), checked))
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Check => {
            let (ws, checked) = open_workspace(cli)?;
            let summary = report::summary(&checked.diagnostics);
            match ws {
                Some(ws) => {
                    if !cli.quiet {
                        eprintln!(
                            "{}: {} tasks, {} weekly files, {} monthly files; {summary}",
                            cli.data.display(),
                            ws.tasks.len(),
                            ws.weeks.len(),
                            ws.months.len()
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("{}: {summary}", cli.data.display());
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Weekly { week, output } => {
            let (Some(ws), _) = open_workspace(cli)? else {
                return Ok(ExitCode::from(1));
            };
            let briefing = match analysis::weekly(&ws, *week) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(1));
                }
            };
            for f in &output.format {
                match f {
                    Format::Json => write_output(
                        &output.out.join("weekly").join(format!("{week}.json")),
                        json::to_json(&briefing).as_bytes(),
                    )?,
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Monthly { month, output } => {
            let (Some(ws), _) = open_workspace(cli)? else {
                return Ok(ExitCode::from(1));
            };
            let briefing = match analysis::monthly(&ws, *month) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(1));
                }
            };
            for f in &output.format {
                match f {
                    Format::Json => write_output(
                        &output.out.join("monthly").join(format!("{month}.json")),
                        json::to_json(&briefing).as_bytes(),
                    )?,
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { output } => {
            let (Some(ws), _) = open_workspace(cli)? else {
                return Ok(ExitCode::from(1));
            };
            let mut written = 0;
            for week in ws.weeks.keys() {
                let b = analysis::analyse_week(&ws, *week);
                write_output(
                    &output.out.join("weekly").join(format!("{week}.json")),
                    json::to_json(&b).as_bytes(),
                )?;
                written += 1;
            }
            for month in ws.months.keys() {
                let b = analysis::analyse_month(&ws, *month);
                write_output(
                    &output.out.join("monthly").join(format!("{month}.json")),
                    json::to_json(&b).as_bytes(),
                )?;
                written += 1;
            }
            if !cli.quiet {
                eprintln!("wrote {written} files into {}", output.out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { out } => {
            for kind in schema::FILE_KINDS {
                let path = out.join(format!("{}.schema.json", kind.name));
                write_output(&path, schema::json_schema(kind).as_bytes())?;
            }
            if !cli.quiet {
                eprintln!(
                    "wrote {} schemas into {}",
                    schema::FILE_KINDS.len(),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Write a file whole or not at all: a temporary file beside it, then a rename.
fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    kpibrief::fsutil::write_atomic(path, bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))
}
