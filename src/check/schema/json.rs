//! The JSON Schemas `kpibrief schema` writes for editors.
//!
//! In: a [`FileKind`] of the parent module. Out: its JSON Schema (draft 07),
//! pretty-printed, built from the same descriptions the checker reads with.

use serde_json::{Map, Value, json};

use super::{FileKind, Obj, Ty};

const ID_PATTERN: &str = "^[A-Za-z0-9_-]+$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

fn describe(zh: &str, en: &str) -> String {
    format!("{zh}\n{en}")
}

fn ty_schema(ty: &Ty) -> Value {
    match ty {
        Ty::Str | Ty::Markdown => json!({ "type": "string" }),
        Ty::Id => json!({ "type": "string", "pattern": ID_PATTERN }),
        Ty::IdList => {
            json!({ "type": "array", "items": { "type": "string", "pattern": ID_PATTERN } })
        }
        Ty::Date => json!({ "type": "string", "pattern": DATE_PATTERN, "format": "date" }),
        Ty::Week => json!({ "type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$" }),
        Ty::Month => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" }),
        Ty::Percent => json!({
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?%$" },
                { "type": "number", "minimum": 0, "maximum": 1 }
            ]
        }),
        Ty::Number => json!({ "type": "number" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Count => json!({ "type": "integer", "minimum": 0 }),
        Ty::Year => json!({ "type": "integer", "minimum": 2000, "maximum": 2100 }),
        Ty::RankRange => json!({
            "type": "array", "items": { "type": "integer", "minimum": 1 },
            "minItems": 2, "maxItems": 2
        }),
        Ty::Enum(values) => json!({ "enum": values }),
        Ty::Obj(obj) => obj_schema(obj),
        Ty::List(item) => json!({ "type": "array", "items": ty_schema(item) }),
        Ty::IdMap(value) => json!({
            "type": "object",
            "propertyNames": { "pattern": ID_PATTERN },
            "additionalProperties": ty_schema(value)
        }),
    }
}

fn obj_schema(obj: &Obj) -> Value {
    let mut properties = Map::new();
    for f in obj.fields {
        let mut s = ty_schema(&f.ty);
        if let Value::Object(m) = &mut s {
            m.insert("description".into(), describe(f.zh, f.en).into());
        }
        properties.insert(f.name.into(), s);
    }
    let required: Vec<&str> = obj
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// The JSON Schema of a file kind, pretty-printed with a final newline.
pub fn json_schema(kind: &FileKind) -> String {
    let mut root = ty_schema(&kind.root);
    if let Value::Object(m) = &mut root {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            "https://json-schema.org/draft-07/schema#".into(),
        );
        head.insert("$id".into(), format!("{}.schema.json", kind.name).into());
        head.insert(
            "title".into(),
            format!("kpibrief {} ({})", kind.name, kind.zh).into(),
        );
        head.insert("description".into(), describe(kind.zh, kind.en).into());
        head.append(m);
        *m = head;
    }
    let mut text = serde_json::to_string_pretty(&root).expect("a JSON value always serialises");
    text.push('\n');
    text
}
