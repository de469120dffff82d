//! Criterion benchmarks of the pure stages, so that a regression shows up in
//! review: loading and checking the example workspace, analysing every week
//! and month of it, and rendering the templates of one bulletin and one
//! handout. (Typesetting and the whole command are measured by bench/run.sh.)
//!
//! Run: `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kpibrief::render::Templates;
use kpibrief::typeset::roles;
use kpibrief::view::{MonthlyView, WeeklyView};
use kpibrief::{analysis, check, render};

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn load_and_check(c: &mut Criterion) {
    let dir = example();
    c.bench_function("load+check example workspace", |b| {
        b.iter(|| black_box(check::open(&dir)).workspace.is_some())
    });
}

fn analyse(c: &mut Criterion) {
    let ws = check::open(&example()).workspace.expect("valid example");
    c.bench_function("analyse every week and month", |b| {
        b.iter(|| {
            for w in ws.weeks().keys() {
                black_box(analysis::weekly(&ws, *w)).ok();
            }
            for m in ws.months().keys() {
                black_box(analysis::monthly(&ws, *m)).ok();
            }
        })
    });
}

fn render(c: &mut Criterion) {
    let ws = check::open(&example()).workspace.expect("valid example");
    let templates = Templates::load(None).expect("built-in templates");
    let roles = roles::resolve(&roles::font_set(&example(), false));
    let week = "2026-W20".parse().unwrap();
    let month = "2026-06".parse().unwrap();
    let weekly = analysis::weekly(&ws, week).unwrap();
    let monthly = analysis::monthly(&ws, month).unwrap();
    c.bench_function("view+render weekly md+typ", |b| {
        b.iter(|| {
            let view = WeeklyView::new(&ws, roles::families(&roles), week, &weekly);
            black_box(render::weekly(&templates, &view, true).unwrap())
        })
    });
    c.bench_function("view+render monthly md+typ+charts", |b| {
        b.iter(|| {
            let view = MonthlyView::new(&ws, roles::families(&roles), month, &monthly);
            black_box(render::monthly(&templates, &view, true).unwrap())
        })
    });
}

criterion_group!(benches, load_and_check, analyse, render);
criterion_main!(benches);
