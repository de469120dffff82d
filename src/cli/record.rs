//! `verify FILE.pdf…` and `extract FILE.pdf --out DIR`: the command line over
//! [`kpibrief::record`], its wording and exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kpibrief::build::TOOL;
use kpibrief::diagnostic::report;
use kpibrief::record::extract::{self, ExtractError};
use kpibrief::record::verify::{self, Verdict};

use super::{EXIT_FAILURE, output::say};

/// How one file's check ended, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Intact,
    /// Could not be checked (a font, another version, unreadable file).
    Unchecked,
    /// Something differs, or there is nothing to check it against.
    Problem,
}

/// Checks each PDF alone. Exit 0 when all are intact, 1 when any differs or
/// carries no data, 3 when one could not be checked and none differs.
pub(super) fn verify_pdfs(
    files: &[PathBuf],
    fonts: Option<&Path>,
    color: bool,
    quiet: bool,
) -> ExitCode {
    let mut worst = Outcome::Intact;
    let mut intact = 0;
    for file in files {
        let outcome = verify_one(file, fonts, color, quiet);
        if outcome == Outcome::Intact {
            intact += 1;
        }
        worst = worst.max(outcome);
    }
    if files.len() > 1 && !quiet {
        say!(
            "{} files checked: {intact} intact, {} not",
            files.len(),
            files.len() - intact
        );
    }
    match worst {
        Outcome::Intact => ExitCode::SUCCESS,
        Outcome::Problem => ExitCode::from(1),
        Outcome::Unchecked => ExitCode::from(EXIT_FAILURE),
    }
}

fn verify_one(file: &Path, fonts: Option<&Path>, color: bool, quiet: bool) -> Outcome {
    let name = file.display();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            say!("{name}: error: cannot read it: {e}");
            return Outcome::Unchecked;
        }
    };
    let verdict = match verify::verify(&bytes, fonts, file) {
        Ok(v) => v,
        Err(verify::VerifyError::Record(e)) => {
            say!("{name}: not intact: {e}");
            return Outcome::Problem;
        }
        Err(e) => {
            say!("{name}: error: {e}");
            return Outcome::Unchecked;
        }
    };
    match verdict {
        Verdict::Intact { period, sources } => {
            if !quiet {
                say!(
                    "{name}: intact ({period}: its figures, input hash and pages are what its {sources} attached source files make)"
                );
            }
            Outcome::Intact
        }
        Verdict::Differs(differs) => {
            say!("{name}: not intact, it differs from its attached data:");
            for d in differs {
                say!("  - {d}");
            }
            Outcome::Problem
        }
        Verdict::NoData { by_kpibrief: true } => {
            say!(
                "{name}: cannot be checked alone: it carries no attached data (made with `archive: {{ attach_sources: false }}`); check it against its archive with `kpibrief verify --out DIR`"
            );
            Outcome::Problem
        }
        Verdict::NoData { by_kpibrief: false } => {
            say!(
                "{name}: not a kpibrief record: it carries no attached data and no kpibrief metadata (made by another tool?)"
            );
            Outcome::Problem
        }
        Verdict::DataErrors { diagnostics, files } => {
            super::output::stderr_raw(&report::render(&diagnostics, &files, color));
            say!(
                "{name}: not intact: its attached data does not check ({})",
                report::summary(&diagnostics)
            );
            Outcome::Problem
        }
        Verdict::Unrebuildable {
            lacking,
            other_tool,
            differs,
        } => {
            let found = !differs.is_empty();
            if found {
                say!("{name}: not intact, its figures differ from its attached data:");
                for d in differs {
                    say!("  - {d}");
                }
            } else if !quiet {
                say!("{name}: its figures are what its attached data gives");
            }
            if let Some(tool) = other_tool {
                say!(
                    "{name}: its input hash and pages were not checked: it was made by {tool}, this is {TOOL} (the input hash includes the tool's version)"
                );
            }
            for f in &lacking {
                say!(
                    "{name}: cannot be made again here: it is drawn with the font {} ({} font, SHA-256 {}), which this check does not have; give its workspace's fonts with --fonts DIR",
                    f.family,
                    f.origin,
                    f.sha256
                );
            }
            if found {
                Outcome::Problem
            } else {
                Outcome::Unchecked
            }
        }
    }
}

/// Writes a record's attached sources back as a workspace.
pub(super) fn extract(file: &Path, out: &Path, quiet: bool) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            say!("error: cannot read {}: {e}", file.display());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    match extract::extract(&bytes, out) {
        Ok(done) => {
            if !quiet {
                let rebuild = match &done.period {
                    Some(p) if p.contains("-W") => format!(
                        "; `kpibrief weekly {p} --data {}` makes the same PDF",
                        out.display()
                    ),
                    Some(p) => format!(
                        "; `kpibrief monthly {p} --data {}` makes the same PDF",
                        out.display()
                    ),
                    None => String::new(),
                };
                say!(
                    "wrote {} files into {}{rebuild}",
                    done.written.len(),
                    out.display()
                );
            }
            if done.stubbed_tasks && !quiet {
                say!(
                    "note: {} is an empty list: a handout's figures do not read the tasks, so the PDF carries none",
                    out.join("tasks.yaml").display()
                );
            }
            for f in &done.workspace_fonts {
                say!(
                    "note: the PDF is drawn with the font {} (SHA-256 {}) from its workspace's fonts/: copy that file into {} for the same bytes",
                    f.family,
                    f.sha256,
                    out.join("fonts").display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e @ (ExtractError::NoData | ExtractError::Record(_))) => {
            say!("error: {}: {e}", file.display());
            ExitCode::from(1)
        }
        Err(e) => {
            say!("error: {}: {e}; nothing was written", file.display());
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
