//! Step 4 of the pipeline: a briefing becomes Markdown and Typst source
//! through tera templates.
//!
//! The built-in templates (`templates/` in the repository) are compiled into
//! the binary; a workspace's own `templates/` folder overrides any of them by
//! file name. There are two template sets, one per output, each with its own
//! automatic escaping ([`escape`]): every `{{ value }}` is safe in its output
//! without the template doing anything. Free-text Markdown fields go through
//! the `md` / `md_inline` filters ([`markdown`]).

pub mod escape;
pub mod markdown;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};
use tera::{Context, Tera};

use crate::model::Workspace;

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

struct MarkdownFilter {
    target: Target,
    mode: markdown::Mode,
}

impl tera::Filter for MarkdownFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = match value {
            Value::Null => return Ok(Value::String(String::new())),
            Value::String(s) => s.as_str(),
            other => return Ok(Value::String(other.to_string())),
        };
        Ok(Value::String(match self.target {
            Target::Markdown => markdown::to_markdown(text, self.mode),
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
    // Numbers: up to `places` decimals (default 2), trailing zeros dropped.
    tera.register_filter("num", |v: &Value, args: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        let n = number(v, "num")?;
        Ok(Value::String(crate::analysis::fmt_num(n, places(args, 2))))
    });
    // Signed change: "+1.2", "-0.5", "0".
    tera.register_filter("signed", |v: &Value, args: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        let n = number(v, "signed")?;
        let s = crate::analysis::fmt_num(n, places(args, 2));
        Ok(Value::String(if n > rust_decimal::Decimal::ZERO {
            format!("+{s}")
        } else {
            s
        }))
    });
    // A fraction as a percentage with one decimal: 0.955 → "95.5%".
    tera.register_filter("pct", |v: &Value, _: &HashMap<String, Value>| {
        if v.is_null() {
            return Ok(Value::String("—".into()));
        }
        Ok(Value::String(crate::analysis::fmt_pct(number(v, "pct")?)))
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

/// What every document's context holds besides the briefing itself.
pub fn common_context(ws: &Workspace, fonts: &[crate::fonts::ResolvedRole]) -> Value {
    let c = &ws.config;
    let leaders: Vec<Value> = ws
        .leaders
        .values()
        .map(|l| json!({ "id": l.id, "name": l.name, "title": l.title }))
        .collect();
    let units: Vec<Value> = ws
        .units
        .values()
        .map(|u| json!({ "id": u.id, "name": u.name, "kind": u.kind, "leader": u.leader, "head": u.head }))
        .collect();
    let font_map: serde_json::Map<String, Value> = fonts
        .iter()
        .map(|r| (r.name.to_string(), json!(r.families)))
        .collect();
    json!({
        "organization": c.organization,
        "issuer": c.issuer,
        "principal": c.principal,
        "copy_to": c.copy_to,
        "self_id": c.self_id,
        "self_name": ws.self_peer().name,
        "year": c.year,
        "tiers": c.tiers.iter().map(|t| json!({ "name": t.name, "first": t.first, "last": t.last })).collect::<Vec<_>>(),
        "leaders": leaders,
        "units_info": units,
        "fonts": font_map,
        "peers_count": ws.peers.len(),
        "rules_rate_red": crate::analysis::fmt_pct(c.warnings.rate_red),
        "rules_rate_yellow": crate::analysis::fmt_pct(c.warnings.rate_yellow),
        "rules": {
            "bottom": c.explanations.bottom,
            "below_rate": c.explanations.below_rate.map(|r| r.to_string().parse::<f64>().unwrap_or(0.0)),
            "due_days": c.explanations.due_days,
        },
    })
}

/// Turn a JSON object into a tera context.
pub fn context_from(value: Value) -> Context {
    Context::from_value(value).unwrap_or_default()
}
