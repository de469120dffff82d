//! kpibrief: a bureau's target performance assessment data, in YAML, turned
//! into its weekly bulletin and monthly progress-meeting handout.
//!
//! The pipeline, one module a step:
//! [`load`] (files → YAML trees with positions) → [`check`] (→ a typed
//! [`model::Workspace`], or diagnostics) → [`analysis`] (→ the figures of a
//! briefing, pure) → render (Markdown, Typst) → typeset (PDF) → archive.

pub mod analysis;
pub mod archive;
pub mod build;
pub mod check;
pub mod diagnostic;
pub mod document;
pub mod fonts;
pub mod fsutil;
pub mod json;
pub mod load;
pub mod model;
pub mod produce;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod typeset;
pub mod yaml;
