//! Stage 4 of the pipeline: a briefing shaped for its documents.
//!
//! In: the checked [`Workspace`], a briefing of the [`analysis`](crate::analysis)
//! and the fonts resolved for each role. Out: a [`WeeklyView`] or a
//! [`MonthlyView`], borrowed from both, holding everything a document shows:
//! titles, labels, groupings, totals, the rows of each table as the PDF gives
//! them and the data of each chart. Every renderer (Markdown and Typst through
//! templates; DOCX and spreadsheets as Rust code) reads the same view, so a
//! figure or a label is made once, here, and never recomputed by a template.
//!
//! The view is serialised only to hand it to tera; its field names are what a
//! workspace's own templates may rely on (`docs/architecture.md`). The JSON
//! output is not this: it is the analysis's own contract (`analysis::json`).

pub mod chart_labels;
pub mod charts;
pub mod monthly;
pub mod monthly_prose;
pub mod prose;
pub mod title;
pub mod weekly;
pub mod weekly_prose;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Level;
use crate::model::Workspace;

pub use charts::{Chart, ChartName, Charts};
pub use monthly::MonthlyView;
pub use weekly::WeeklyView;

/// The font families of each role (`body`, `heading`, …), in the order
/// Typst tries them: chosen by the typesetter, shown by every document.
pub type FontFamilies<'a> = BTreeMap<&'static str, &'a [String]>;

/// What every document shows besides its briefing: who issues it, to whom,
/// and the fonts of each role.
#[derive(Debug, Clone, Serialize)]
pub struct Masthead<'a> {
    pub organization: &'a str,
    pub issuer: &'a str,
    pub principal: Option<&'a str>,
    /// The 抄送 units, and the same joined as the 版记 prints them (GB/T 9704:
    /// separated by full-width commas).
    pub cc: &'a [String],
    pub copy_to: Option<String>,
    pub year: i32,
    pub self_name: &'a str,
    pub fonts: FontFamilies<'a>,
}

impl<'a> Masthead<'a> {
    pub fn new(ws: &'a Workspace, fonts: FontFamilies<'a>) -> Masthead<'a> {
        let c = &ws.config();
        Masthead {
            organization: &c.organization,
            issuer: &c.issuer,
            principal: c.principal.as_deref(),
            cc: &c.cc,
            copy_to: (!c.cc.is_empty()).then(|| c.cc.join("，")),
            year: c.year,
            self_name: &ws.self_peer().name,
            fonts,
        }
    }
}

/// How many warnings are red and how many yellow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts {
    pub red: usize,
    pub yellow: usize,
}

impl LevelCounts {
    pub fn of(levels: impl Iterator<Item = Level>) -> LevelCounts {
        levels.fold(LevelCounts::default(), |mut c, level| {
            match level {
                Level::Red => c.red += 1,
                Level::Yellow => c.yellow += 1,
            }
            c
        })
    }
}
