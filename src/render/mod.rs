//! Stage 5 of the pipeline: a document's view becomes its sources.
//!
//! In: a [`WeeklyView`] or [`MonthlyView`] and the [`Templates`]. Out: a
//! [`Rendered`] document: its Markdown (when asked for), its Typst source,
//! the files that source reads (the charts' data, as JSON), and one Typst
//! source per chart for the SVG files beside the Markdown. Templates format;
//! they do not compute: every figure and label is in the view.
//!
//! The built-in templates (`templates/` in the repository) are compiled into
//! the binary; a workspace's own `templates/` folder overrides any of them by
//! file name. There are two template sets, one per output, each with its own
//! automatic escaping ([`escape`]): every `{{ value }}` is safe in its output
//! without the template doing anything. Free-text Markdown fields go through
//! the `md` / `md_inline` filters ([`markdown`]).

pub mod docx;
pub mod escape;
pub mod markdown;
mod md_writer;
pub mod xlsx;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::analysis::format;
use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::view::{ChartName, FontFamilies, MonthlyView, WeeklyView};

/// The built-in templates, by file name.
pub static BUILTIN: &[(&str, &str)] = &[
    ("weekly.md", include_str!("../../templates/weekly.md")),
    ("monthly.md", include_str!("../../templates/monthly.md")),
    ("weekly.typ", include_str!("../../templates/weekly.typ")),
    ("monthly.typ", include_str!("../../templates/monthly.typ")),
    ("style.typ", include_str!("../../templates/style.typ")),
    ("charts.typ", include_str!("../../templates/charts.typ")),
    ("chart.typ", include_str!("../../templates/chart.typ")),
];

/// A template that could not be loaded or rendered: which one, and why
/// (tera's message includes the line for syntax errors).
#[derive(Debug, Clone, thiserror::Error)]
#[error("template `{template}`: {message}")]
pub struct TemplateError {
    pub template: String,
    pub message: String,
}

impl TemplateError {
    fn from_tera(template: &str, err: &tera::Error) -> TemplateError {
        // Tera nests the useful part in its causes; show the whole chain.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        TemplateError {
            template: template.to_string(),
            message,
        }
    }
}

/// The two output formats a template may produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Markdown,
    Typst,
}

/// Partials: included by the documents, never rendered on their own.
const PARTIALS: [&str; 2] = ["style.typ", "charts.typ"];

/// Loaded templates, ready to render. Each document's template set is parsed
/// on first use (parsing all of them costs more than a bulletin's whole
/// analysis), so a template's syntax error is reported when a document that
/// uses it is made.
pub struct Templates {
    /// One tera instance per entry template (with the partials of its output), parsed once.
    parsed: Vec<(String, OnceLock<Result<Tera, TemplateError>>)>,
    /// File names taken from the workspace, for the manifest's input hash.
    pub overridden: Vec<String>,
    /// Every template's text, in name order, for hashing.
    pub sources: Vec<(String, String)>,
}

impl Templates {
    /// The built-in templates, overridden by `dir/<name>` where present.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut overridden = Vec::new();
        for (name, text) in BUILTIN {
            let custom = dir
                .map(|d| d.join(name))
                .filter(|p| p.is_file())
                .map(|p| {
                    std::fs::read_to_string(&p).map_err(|e| TemplateError {
                        template: p.display().to_string(),
                        message: e.to_string(),
                    })
                })
                .transpose()?;
            if custom.is_some() {
                overridden.push(name.to_string());
            }
            sources.push((name.to_string(), custom.unwrap_or_else(|| text.to_string())));
        }
        let parsed = sources
            .iter()
            .filter(|(n, _)| !PARTIALS.contains(&n.as_str()))
            .map(|(n, _)| (n.clone(), OnceLock::new()))
            .collect();
        Ok(Templates {
            parsed,
            overridden,
            sources,
        })
    }

    /// A tera instance holding `entry` and the partials of its output format.
    fn build(&self, entry: &str) -> Result<Tera, TemplateError> {
        let (target, suffix) = if entry.ends_with(".md") {
            (Target::Markdown, ".md")
        } else {
            (Target::Typst, ".typ")
        };
        let mut tera = Tera::default();
        tera.autoescape_on(vec![suffix]);
        tera.set_escape_fn(match target {
            Target::Markdown => escape::markdown_text,
            Target::Typst => escape::typst_text,
        });
        register_filters(&mut tera, target);
        // tera always registers `get_env`; a workspace's template must not put
        // the machine's environment into the archive, so it is replaced by a
        // function that refuses.
        tera.register_function("get_env", NoEnv);
        let wanted = |n: &str| n == entry || (n.ends_with(suffix) && PARTIALS.contains(&n));
        tera.add_raw_templates(
            self.sources
                .iter()
                .filter(|(n, _)| wanted(n))
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )
        .map_err(|e| TemplateError::from_tera(entry, &e))?;
        Ok(tera)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        let Some((_, cell)) = self.parsed.iter().find(|(n, _)| n == name) else {
            return Err(TemplateError {
                template: name.to_string(),
                message: "no such template".to_string(),
            });
        };
        let tera = cell
            .get_or_init(|| self.build(name))
            .as_ref()
            .map_err(Clone::clone)?;
        tera.render(name, context)
            .map_err(|e| TemplateError::from_tera(name, &e))
    }
}

/// `get_env`, turned off.
struct NoEnv;

impl tera::Function for NoEnv {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Err(tera::Error::msg(
            "`get_env` is turned off: a template cannot read the environment (the documents depend only on the data)",
        ))
    }
}

struct MarkdownFilter {
    target: Target,
    mode: markdown::Mode,
}

impl tera::Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = match value {
            Value::Null => return Ok(Value::String(String::new())),
            Value::String(s) => s.as_str(),
            other => return Ok(Value::String(other.to_string())),
        };
        // `md(after=other)`: the text follows another field's text directly.
        let after = args.get("after").and_then(Value::as_str);
        Ok(Value::String(match self.target {
            Target::Markdown => match after {
                Some(previous) => markdown::to_markdown_after(text, self.mode, previous),
                None => markdown::to_markdown(text, self.mode),
            },
            Target::Typst => markdown::to_typst(text, self.mode),
        }))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn number(value: &Value, name: &str) -> tera::Result<rust_decimal::Decimal> {
    match value {
        Value::Number(n) => n.to_string().parse::<rust_decimal::Decimal>().map_err(|_| {
            tera::Error::msg(format!("`{name}`: {n} is not a number kpibrief can show"))
        }),
        other => Err(tera::Error::msg(format!(
            "`{name}` expects a number, got {other}"
        ))),
    }
}

fn places(args: &HashMap<String, Value>, default: u32) -> u32 {
    args.get("places")
        .and_then(Value::as_u64)
        .map_or(default, |p| p.min(6) as u32)
}

/// A Typst string literal, for template code (chart labels, link targets).
struct TypstStringFilter;

impl tera::Filter for TypstStringFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(Value::String(format!(
            "\"{}\"",
            escape::typst_string(&text)
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A number as a Typst literal, for template code; anything else is an error.
struct TypstNumberFilter;

impl tera::Filter for TypstNumberFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        match value {
            Value::Null => Ok(Value::String("none".into())),
            v => Ok(Value::String(number(v, "num_lit")?.normalize().to_string())),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn register_filters(tera: &mut Tera, target: Target) {
    tera.register_filter(
        "md",
        MarkdownFilter {
            target,
            mode: markdown::Mode::Block,
        },
    );
    tera.register_filter(
        "md_inline",
        MarkdownFilter {
            target,
            mode: markdown::Mode::Inline,
        },
    );
    // Scores and margins: two decimals always ("85.90"); with `places`,
    // up to that many, trailing zeros dropped.
    tera.register_filter("num", |v: &Value, args: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        let n = number(v, "num")?;
        Ok(Value::String(match args.get("places") {
            Some(_) => format::fmt_num(n, places(args, 2)),
            None => format::fmt_score(n),
        }))
    });
    // A change in a table: "+1.20", "−0.55" (a real minus sign), "0.00".
    tera.register_filter("signed", |v: &Value, _: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        Ok(Value::String(format::fmt_signed_score(number(
            v, "signed",
        )?)))
    });
    // A score rate or 序时进度: one decimal in percent, 0.955 → "95.5%".
    tera.register_filter("pct", |v: &Value, _: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        Ok(Value::String(format::fmt_rate(number(v, "pct")?)))
    });
    // A reported progress: as reported, 0.3 → "30%", 0.625 → "62.5%".
    tera.register_filter("progress", |v: &Value, _: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        Ok(Value::String(format::fmt_pct(number(v, "progress")?)))
    });
    // 2026-07-03 → 7月3日 (a day within the document's year).
    tera.register_filter("zh_day", |v: &Value, _: &HashMap<String, Value>| {
        let s = v.as_str().unwrap_or_default();
        let parts: Vec<u32> = s.split('-').filter_map(|p| p.parse().ok()).collect();
        Ok(Value::String(match parts.as_slice() {
            [_, m, d] => format!("{m}月{d}日"),
            [_, m] => format!("{m}月"),
            _ => s.to_string(),
        }))
    });
    // 2026-07-03 → 2026年7月3日; 2026-07 → 2026年7月.
    tera.register_filter("zh_date", |v: &Value, _: &HashMap<String, Value>| {
        let s = v.as_str().unwrap_or_default();
        let parts: Vec<u32> = s.split('-').filter_map(|p| p.parse().ok()).collect();
        Ok(Value::String(match parts.as_slice() {
            [y, m, d] => format!("{y}年{m}月{d}日"),
            [y, m] => format!("{y}年{m}月"),
            _ => s.to_string(),
        }))
    });
    if target == Target::Typst {
        tera.register_filter("tstr", TypstStringFilter);
        tera.register_filter("num_lit", TypstNumberFilter);
    }
}

/// A document's sources, before typesetting.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Rendered only when asked for: at province scale it lists every task.
    pub markdown: Option<String>,
    pub typst: String,
    /// Files the Typst source reads, by name relative to it (the charts'
    /// data); written beside the `.typ` when that is asked for.
    pub files: Vec<(String, Vec<u8>)>,
    /// One Typst source per chart, each typeset to the SVG named `file`.
    pub charts: Vec<ChartSource>,
}

#[derive(Debug, Clone)]
pub struct ChartSource {
    pub name: ChartName,
    /// The SVG file of the chart (`2026-06-trend.svg`).
    pub file: String,
    /// The PNG file beside the Markdown (`2026-06-trend.png`).
    pub png: String,
    /// Every figure of the chart in words.
    pub alt: String,
    pub typst: String,
}

/// What `chart.typ` sees: the fonts, which chart, and where its data is.
#[derive(Serialize)]
struct ChartPage<'a> {
    fonts: &'a FontFamilies<'a>,
    chart: ChartName,
    data_file: &'a str,
}

fn context(template: &str, view: &impl Serialize) -> Result<Context, TemplateError> {
    Context::from_serialize(view).map_err(|e| TemplateError::from_tera(template, &e))
}

/// Render a document's Markdown (when `markdown`) and Typst source.
fn document(
    templates: &Templates,
    kind: &str,
    view: &impl Serialize,
    markdown: bool,
) -> Result<(Option<String>, String), TemplateError> {
    let ctx = context(kind, view)?;
    let md = markdown
        .then(|| templates.render(&format!("{kind}.md"), &ctx))
        .transpose()?;
    Ok((md, templates.render(&format!("{kind}.typ"), &ctx)?))
}

/// The weekly bulletin's sources.
pub fn weekly(
    templates: &Templates,
    view: &WeeklyView<'_>,
    markdown: bool,
) -> Result<Rendered, TemplateError> {
    let (markdown, typst) = document(templates, "weekly", view, markdown)?;
    Ok(Rendered {
        markdown,
        typst,
        files: Vec::new(),
        charts: Vec::new(),
    })
}

/// The monthly handout's sources, with its charts.
pub fn monthly(
    templates: &Templates,
    view: &MonthlyView<'_>,
    markdown: bool,
) -> Result<Rendered, TemplateError> {
    let (markdown, typst) = document(templates, "monthly", view, markdown)?;
    Ok(Rendered {
        markdown,
        typst,
        ..monthly_charts(templates, view)?
    })
}

/// The handout's charts alone (for the DOCX, which needs no Typst source
/// of the document): `Rendered` with an empty document.
pub fn monthly_charts(
    templates: &Templates,
    view: &MonthlyView<'_>,
) -> Result<Rendered, TemplateError> {
    let data_file = view.charts.data_file.as_str();
    let charts = view
        .charts
        .iter()
        .map(|chart| {
            let page = ChartPage {
                fonts: &view.masthead.fonts,
                chart: chart.name,
                data_file,
            };
            Ok(ChartSource {
                name: chart.name,
                file: chart.file.clone(),
                png: chart.png.clone(),
                alt: chart.alt.clone(),
                typst: templates.render("chart.typ", &context("chart.typ", &page)?)?,
            })
        })
        .collect::<Result<_, TemplateError>>()?;
    Ok(Rendered {
        markdown: None,
        typst: String::new(),
        files: vec![(data_file.to_string(), view.charts.to_json().into_bytes())],
        charts,
    })
}
