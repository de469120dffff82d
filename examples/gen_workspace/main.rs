//! Generate a synthetic, valid kpibrief workspace at any scale.
//!
//! ```text
//! cargo run --release --example gen_workspace -- --scale 10 --out /tmp/ws10 [--seed 1] [--force]
//! ```
//!
//! Scale 1 is about the size of the example workspace `data/` (21 peers,
//! 12 units, 4 leaders, 25 indicators, 60 tasks, weeks 2–26, months 1–6).
//! Units and tasks grow linearly with the scale; peers, leaders and
//! indicators grow more slowly (interpolated on a log scale through the
//! anchors at 1, 10 and 100); from scale 10 on the whole year is covered
//! (weeks W01–W52, months 2026-01 to 2026-12).
//!
//! The output is a pure function of `--scale` and `--seed`: the randomness
//! comes from a hand-written splitmix64 generator, one stream per part of
//! the workspace, and nothing iterates over a hash map. The data is meant to
//! pass `kpibrief check` with no error; the only warning expected is the one
//! deliberately missing KPI score in February (as in `data/`).
//!
//! `--out` may be absent, empty, or an earlier output of this generator (it is
//! replaced); any other folder, such as `data/`, is left alone unless `--force`
//! is given, and then only its workspace files are replaced.

mod dates;
mod emit;
mod generate;
mod model;
mod plan;
mod rng;
mod text;
mod words;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;

use emit::MARK;
use model::World;

const YEAR: i32 = 2026;

#[derive(Parser)]
#[command(
    about = "Generate a synthetic, valid kpibrief workspace (deterministic for given arguments)"
)]
struct Args {
    /// Size relative to the example workspace: 1 ≈ data/, 10 ≈ 120 units, 100 ≈ 1,200 units.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    scale: u32,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the workspace into: absent, empty, or an earlier output of this
    /// generator (which is replaced); anything else needs --force.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace the workspace files in a folder this generator did not write (other files are kept).
    #[arg(long)]
    force: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let world = World::generate(args.scale, args.seed);
    let files = world.render();
    prepare_out(&args.out, args.force)?;
    let mut bytes = 0;
    for (rel, text) in &files {
        let path = args.out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        bytes += text.len();
    }
    let p = &world.plan;
    eprintln!(
        "wrote {} files ({bytes} bytes) to {}: {} peers, {} leaders, {} units, {} indicators, {} tasks, {} weeks, {} months, {} explanations",
        files.len(),
        args.out.display(),
        p.peers,
        p.leaders,
        p.units,
        p.indicators,
        p.tasks,
        p.weeks.len(),
        p.months,
        world.explanations.len(),
    );
    Ok(())
}

/// The files and folders this generator writes; only these are removed by `--force`.
const GENERATED: [&str; 8] = [
    "config.yaml",
    "units.yaml",
    "peers.yaml",
    "indicators.yaml",
    "tasks.yaml",
    "weekly",
    "monthly",
    "explanations",
];

/// Make sure `out` can take a fresh workspace without mixing in stale files.
fn prepare_out(out: &Path, force: bool) -> Result<()> {
    if !out.exists() {
        return fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()));
    }
    let non_empty = fs::read_dir(out)
        .with_context(|| format!("reading {}", out.display()))?
        .next()
        .is_some();
    // A real workspace (say data/) must not be overwritten by accident; an
    // earlier output is recognised by the header of its config.yaml.
    let ours = fs::read_to_string(out.join("config.yaml"))
        .is_ok_and(|c| c.lines().next().is_some_and(|l| l.contains(MARK)));
    if non_empty && !ours && !force {
        bail!(
            "{} is not empty and not an earlier output of gen_workspace; pass --force to replace the workspace files in it",
            out.display()
        );
    }
    for name in GENERATED {
        let path = out.join(name);
        if path.is_dir() {
            fs::remove_dir_all(&path).with_context(|| format!("removing {}", path.display()))?;
        } else if path.exists() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}
