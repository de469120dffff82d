//! `kpibrief fonts` and `fonts --collect` as the user reads them.
//!
//! In: the resolved roles, or what [`collect`](kpibrief::typeset::collect)
//! found and copied. Out: text on standard output (the command's product)
//! and an exit code.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use kpibrief::typeset::collect;
use kpibrief::typeset::roles::{ROLES, ResolvedRole};

use super::Cli;
use super::output::{self, say};

/// One line per role: its name, what it is for, the font, where it is from.
pub fn role_table(roles: &[ResolvedRole]) -> String {
    let mut text = String::new();
    for role in roles {
        let _ = writeln!(
            text,
            "{:<11} {:<22} {} ({})",
            role.name, role.zh, role.chosen, role.origin
        );
    }
    text
}

/// The official family a role wants, for messages (方正小标宋简体, 仿宋_GB2312, …).
fn wanted(role: &ResolvedRole) -> &'static str {
    ROLES
        .iter()
        .find(|r| r.name == role.name)
        .and_then(|r| r.families.iter().find(|f| !f.is_ascii()))
        .copied()
        .unwrap_or("")
}

/// Which documents use stand-ins, plainly; empty when every role has its
/// official font. Every document (both the 周通报 and the 推进会材料) uses
/// every role: they share one page style (templates/style.typ).
pub fn stand_ins(roles: &[ResolvedRole]) -> String {
    let missing: Vec<&ResolvedRole> = roles
        .iter()
        .filter(|r| !r.origin.starts_with("workspace") && !r.origin.starts_with("system"))
        .collect();
    if missing.is_empty() {
        return "\nevery part of the documents uses its official font\n".to_string();
    }
    let mut text = String::from(
        "\nthe weekly bulletins (周通报) and monthly handouts (推进会材料) use stand-ins for:\n",
    );
    for r in &missing {
        let _ = writeln!(
            text,
            "  {:<11} {} is missing: {} (bundled) instead",
            r.name,
            wanted(r),
            r.chosen
        );
    }
    text.push_str(
        "put the official fonts into the workspace's fonts/, or run `kpibrief fonts --collect`\n",
    );
    text
}

/// `kpibrief fonts --collect [--from DIR]…`.
pub fn collect(cli: &Cli, from: &[PathBuf]) -> Result<ExitCode> {
    let folders = if from.is_empty() {
        collect::usual_folders()
    } else {
        from.to_vec()
    };
    // Never make a `fonts/` folder where there is no workspace.
    if !cli.data.join("config.yaml").is_file() {
        say!(
            "error: {} is not a workspace (it has no config.yaml); nothing was copied",
            cli.data.display()
        );
        return Ok(ExitCode::from(1));
    }
    for folder in from {
        if !folder.is_dir() {
            say!(
                "error: {} is not a folder; nothing was copied",
                folder.display()
            );
            return Ok(ExitCode::from(2));
        }
    }
    let got = collect::collect(&folders, &cli.data)?;
    let mut text = String::new();
    let searched: Vec<String> = got
        .searched
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let _ = writeln!(
        text,
        "searched {}",
        if searched.is_empty() {
            "nothing: none of the usual font folders exists here (give one with --from DIR)".into()
        } else {
            searched.join(", ")
        }
    );
    for f in &got.found {
        let _ = writeln!(text, "found    {:<22} {}", f.family, f.path.display());
    }
    if got.found.is_empty() {
        let _ = writeln!(text, "found    no official font");
    }
    for p in &got.copied {
        let _ = writeln!(
            text,
            "copied   {:<22} {} → {} ({})",
            p.family,
            p.from.display(),
            p.to,
            p.roles.join(", ")
        );
    }
    for p in &got.already {
        let _ = writeln!(text, "already  {:<22} {} (same bytes)", p.family, p.to);
    }
    for r in &got.refused {
        let _ = writeln!(
            text,
            "skipped  {:<22} {}: {}",
            r.family,
            r.path.display(),
            r.why
        );
    }
    let missing: Vec<&ResolvedRole> = got.missing().collect();
    for r in &missing {
        let _ = writeln!(
            text,
            "missing  {:<22} for {} ({}): the documents use {} (bundled)",
            wanted(r),
            r.name,
            r.zh,
            r.chosen
        );
    }
    let _ = writeln!(
        text,
        "\n{} copied, {} already there, {} skipped, {} roles still missing their official font",
        got.copied.len(),
        got.already.len(),
        got.refused.len(),
        missing.len()
    );
    text.push('\n');
    text.push_str(&role_table(&got.roles));
    output::stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
