//! kpibrief: a bureau's target performance assessment data, in YAML, turned
//! into its weekly bulletin and monthly progress-meeting handout.
//!
//! The pipeline, one folder a stage, data flowing one way (see
//! `docs/architecture.md`):
//!
//! [`load`] (files → decoded text, parsed to YAML trees with positions) →
//! [`check`] (→ a checked [`model::Workspace`], or [`diagnostic`]s) →
//! [`analysis`] (→ the figures of a briefing, pure; its JSON contract) →
//! [`view`] (→ a typed view of each document, every label and grouping made
//! once) → [`render`] (→ Markdown and Typst source) → [`typeset`] (→ PDF and
//! SVG, in-process) → [`archive`] (→ files written whole, the manifest).
//! [`build`] drives the stages for a set of periods; [`scaffold`] writes new
//! workspace files; [`watch`] remakes one briefing into a preview folder on
//! every save; [`record`] reads an archived PDF's attached data back
//! (`verify FILE.pdf`, `extract`).

pub mod analysis;
pub mod archive;
pub mod build;
pub mod check;
pub mod diagnostic;
pub mod exchange;
pub mod load;
pub mod model;
pub mod record;
pub mod render;
pub mod scaffold;
pub mod typeset;
pub mod view;
pub mod watch;
