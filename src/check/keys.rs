//! A checked mapping's keys, each resolved against the schema.
//!
//! In: the entries [`Cx::fields`] kept after checking a mapping against its
//! [`Obj`]. Out: the value of a key, read as the type the schema gives it.
//!
//! A reader names a key by its string, so a typo (`ful_score`) would read as
//! absent, silently. Every access therefore goes through [`Fields::declared`]:
//! a key the `Obj` does not declare, or a reader that reads it as another type
//! than the schema's, panics in debug builds (so in every test), and the test
//! below runs every reader on the example workspace and checks that every
//! declared key was read. Enum values and nested objects come from the schema
//! itself, so they are not written a second time here.

use chrono::NaiveDate;
use std::str::FromStr;

use super::fields::{At, Cx, each};
use super::schema::{Field, Obj, Ty};
use crate::diagnostic::Span;
use crate::load::yaml::Node;
use crate::model::{Num, Text};

/// The keys of a mapping checked against its description.
pub(super) struct Fields<'n> {
    obj: &'static Obj,
    entries: Vec<(&'static str, &'n Node, Span)>,
    pub(super) span: Span,
}

impl<'n> Fields<'n> {
    /// `entries` are keys of `obj` (as [`Cx::fields`] checked), each once.
    pub(super) fn new(
        obj: &'static Obj,
        entries: Vec<(&'static str, &'n Node, Span)>,
        span: Span,
    ) -> Fields<'n> {
        Fields { obj, entries, span }
    }

    /// The schema's description of `key`, which must be declared and of a type `ty_ok` accepts.
    fn declared(&self, key: &str, ty_ok: fn(&Ty) -> bool) -> Option<&'static Field> {
        let field = self.obj.field(key);
        debug_assert!(
            field.is_some(),
            "a reader asks for `{key}`, which schema::{} does not declare",
            self.obj.name
        );
        let field = field?;
        debug_assert!(
            ty_ok(&field.ty),
            "a reader reads `{key}` of schema::{} as another type than its {:?}",
            self.obj.name,
            field.ty
        );
        #[cfg(test)]
        asked::record(self.obj, field);
        Some(field)
    }

    fn node(&self, key: &str, ty_ok: fn(&Ty) -> bool) -> Option<&'n Node> {
        let field = self.declared(key, ty_ok)?;
        self.entries
            .iter()
            .find(|(k, ..)| *k == field.name)
            .map(|(_, v, _)| *v)
            .filter(|v| !v.is_null())
    }

    /// The value of a key, whatever its type; a null value counts as absent.
    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.node(key, |_| true)
    }

    /// Where a key is written (or the mapping, when it is absent).
    pub(super) fn key_span(&self, key: &str) -> Span {
        let Some(field) = self.declared(key, |_| true) else {
            return self.span;
        };
        self.entries
            .iter()
            .find(|(k, ..)| *k == field.name)
            .map_or(self.span, |(.., s)| *s)
    }

    /// A [`Ty::Str`] key.
    pub(super) fn text(&self, cx: &mut Cx<'_>, key: &str) -> Option<String> {
        let n = self.node(key, |t| matches!(t, Ty::Str))?;
        cx.text(n)
    }

    /// A key holding a list of [`Ty::Str`] .
    pub(super) fn texts(&self, cx: &mut Cx<'_>, key: &str, what: &str) -> Option<Vec<String>> {
        let n = self.node(key, |t| matches!(t, Ty::List(Ty::Str)))?;
        let items = cx.list(n, what)?;
        Some(items.iter().filter_map(|item| cx.text(item)).collect())
    }

    /// A [`Ty::Markdown`] key, with its span (for font-coverage warnings).
    pub(super) fn markdown(&self, cx: &mut Cx<'_>, key: &str) -> Option<Text> {
        let n = self.node(key, |t| matches!(t, Ty::Markdown))?;
        let text = cx.located_text(n)?;
        if let Some(d) = super::freetext::nesting_error(cx.files, n.span, &text.text) {
            cx.push(d);
        }
        Some(text)
    }

    pub(super) fn id(&self, cx: &mut Cx<'_>, key: &str) -> Option<At<String>> {
        let n = self.node(key, |t| matches!(t, Ty::Id))?;
        cx.id(n)
    }

    pub(super) fn date(&self, cx: &mut Cx<'_>, key: &str) -> Option<At<NaiveDate>> {
        let n = self.node(key, |t| matches!(t, Ty::Date))?;
        cx.date(n)
    }

    pub(super) fn number(&self, cx: &mut Cx<'_>, key: &str) -> Option<At<Num>> {
        let n = self.node(key, |t| matches!(t, Ty::Number))?;
        cx.number(n)
    }

    /// A [`Ty::Count`] or [`Ty::Year`] key (a year's range is the reader's rule).
    pub(super) fn count(&self, cx: &mut Cx<'_>, key: &str) -> Option<At<u32>> {
        let n = self.node(key, |t| matches!(t, Ty::Count | Ty::Year))?;
        cx.count(n)
    }

    /// A [`Ty::Bool`] key.
    pub(super) fn flag(&self, cx: &mut Cx<'_>, key: &str) -> Option<bool> {
        let n = self.node(key, |t| matches!(t, Ty::Bool))?;
        cx.flag(n)
    }

    pub(super) fn percent(&self, cx: &mut Cx<'_>, key: &str) -> Option<At<Num>> {
        let n = self.node(key, |t| matches!(t, Ty::Percent))?;
        cx.percent(n)
    }

    /// A [`Ty::Week`] or [`Ty::Month`] key; `example` is what the error expects.
    pub(super) fn period<T: FromStr<Err = String>>(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        example: &str,
    ) -> Option<At<T>> {
        let n = self.node(key, |t| matches!(t, Ty::Week | Ty::Month))?;
        cx.period(n, example)
    }

    /// A [`Ty::Enum`] key: one of the values the schema lists.
    pub(super) fn choice(&self, cx: &mut Cx<'_>, key: &str) -> Option<&'static str> {
        let field = self.declared(key, |t| matches!(t, Ty::Enum(_)))?;
        let Ty::Enum(values) = field.ty else {
            return None;
        };
        let n = self.node(key, |_| true)?;
        cx.choice(n, values)
    }

    /// A [`Ty::Obj`] key, its keys checked against the schema's nested `Obj`.
    pub(super) fn obj(&self, cx: &mut Cx<'_>, key: &str, what: &str) -> Option<Fields<'n>> {
        let field = self.declared(key, |t| matches!(t, Ty::Obj(_)))?;
        let Ty::Obj(obj) = field.ty else {
            return None;
        };
        let n = self.node(key, |_| true)?;
        cx.fields(n, obj, what)
    }

    /// A key holding a list of [`Ty::Obj`]: `read` runs on each item whose keys
    /// passed; the items it returns are kept.
    pub(super) fn list_of<T>(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        what: &str,
        item: &str,
        mut read: impl FnMut(&mut Cx<'_>, Fields<'n>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let field = self.declared(key, |t| matches!(t, Ty::List(Ty::Obj(_))))?;
        let Ty::List(Ty::Obj(obj)) = field.ty else {
            return None;
        };
        let n = self.node(key, |_| true)?;
        Some(each(cx, n, what, |cx, node| {
            let f = cx.fields(node, obj, item)?;
            read(cx, f)
        }))
    }
}

/// Which declared keys the readers asked for, in this thread (tests only).
#[cfg(test)]
pub(super) mod asked {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use super::{Field, Obj};

    thread_local! {
        static ASKED: RefCell<BTreeSet<(&'static str, &'static str)>> = const { RefCell::new(BTreeSet::new()) };
    }

    pub(in crate::check) fn record(obj: &'static Obj, field: &'static Field) {
        ASKED.with(|a| a.borrow_mut().insert((obj.name, field.name)));
    }

    pub(in crate::check) fn take() -> BTreeSet<(&'static str, &'static str)> {
        ASKED.with(|a| std::mem::take(&mut *a.borrow_mut()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::schema::{FILE_KINDS, INDICATOR, Obj, Ty};
    use super::*;

    /// Every `Obj` reachable from the file kinds' roots.
    fn objs(ty: &'static Ty, out: &mut Vec<&'static Obj>) {
        match ty {
            Ty::Obj(obj) if !out.iter().any(|o| std::ptr::eq(*o, *obj)) => {
                out.push(obj);
                for f in obj.fields {
                    objs(&f.ty, out);
                }
            }
            Ty::List(item) | Ty::IdMap(item) => objs(item, out),
            _ => {}
        }
    }

    /// Runs every reader on the example workspace (which sets every optional
    /// key): an undeclared key would panic, and a declared key no reader reads
    /// would be missing from what was asked.
    #[test]
    fn the_readers_read_exactly_the_keys_the_schema_declares() {
        asked::take();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let checked = super::super::open(&data);
        assert!(checked.workspace.is_some(), "{:?}", checked.diagnostics);
        let asked = asked::take();
        let mut all = Vec::new();
        for kind in FILE_KINDS {
            objs(&kind.root, &mut all);
        }
        for obj in all {
            for f in obj.fields {
                assert!(
                    asked.contains(&(obj.name, f.name)),
                    "schema::{} declares `{}`, but no reader asked for it",
                    obj.name,
                    f.name
                );
            }
        }
    }

    /// The indicator reader maps the schema's categories by their names.
    #[test]
    fn the_schema_lists_every_category_by_its_name() {
        let names = crate::model::Category::ALL.map(|c| c.as_str());
        assert_eq!(names.as_slice(), super::super::schema::CATEGORIES);
    }

    fn span() -> Span {
        Span {
            file: crate::diagnostic::FileId(0),
            start: 0,
            end: 0,
            line: 1,
            col: 1,
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(
        expected = "a reader asks for `ful_score`, which schema::INDICATOR does not declare"
    )]
    fn a_misspelled_key_fails_loudly() {
        let f = Fields::new(&INDICATOR, Vec::new(), span());
        f.get("ful_score");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a reader reads `name` of schema::INDICATOR as another type")]
    fn a_key_read_as_another_type_fails_loudly() {
        let f = Fields::new(&INDICATOR, Vec::new(), span());
        let mut diags = crate::diagnostic::Diagnostics::default();
        let files = crate::diagnostic::SourceFiles::default();
        let mut cx = Cx {
            diags: &mut diags,
            files: &files,
        };
        f.number(&mut cx, "name");
    }
}
