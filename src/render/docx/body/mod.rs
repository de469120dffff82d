//! The mapping from a view to the document's blocks: one function per
//! document, in the order of `templates/weekly.typ` and `monthly.typ`, so
//! that the DOCX says what the PDF says.
//!
//! In: a view (every figure, label and group the documents show). Out: the
//! [`Doc`] with its blocks. Until the views carry their sentences whole
//! (issue 12), the sentences the Typst templates assemble from the view's
//! fields are assembled here the same way, word for word; this folder is the
//! only place in the DOCX code that joins words, so re-pointing it at the
//! view's sentences is a change here alone.

mod monthly;
mod weekly;

pub use monthly::monthly;
pub use weekly::weekly;

use chrono::{Datelike, NaiveDate};

use crate::analysis::{fmt_num, fmt_pct, ser};
use crate::model::Num;

/// 2026-07-03 → 2026年7月3日 (the templates' `zh_date`).
fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// "2026-06" → 2026年6月.
fn zh_month(m: &str) -> String {
    let parts: Vec<u32> = m.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m] => format!("{y}年{m}月"),
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => m.to_string(),
    }
}

/// A score as the documents print it: two places at most (`num`).
fn num(n: Num) -> String {
    fmt_num(ser::round(n, 2), 2)
}

/// A change with its sign: "+1.2", "-0.5", "0" (`signed`).
fn signed(n: Num) -> String {
    let s = num(n);
    if ser::round(n, 2) > Num::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

fn opt_signed(n: Option<Num>) -> String {
    n.map_or_else(|| "—".to_string(), signed)
}

/// A rate as a percentage (`pct`), rounded as the JSON rounds it first.
fn pct(n: Option<Num>) -> String {
    n.map_or_else(|| "—".to_string(), |n| fmt_pct(ser::round(n, 4)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_as_the_templates_print_them() {
        assert_eq!(num(Num::new(8590, 2)), "85.9");
        assert_eq!(signed(Num::new(12, 1)), "+1.2");
        assert_eq!(signed(Num::new(-5, 1)), "-0.5");
        assert_eq!(signed(Num::ZERO), "0");
        assert_eq!(pct(Some(Num::new(955, 3))), "95.5%");
        assert_eq!(pct(None), "—");
        assert_eq!(zh_month("2026-06"), "2026年6月");
        let d = NaiveDate::from_ymd_opt(2026, 7, 3).unwrap();
        assert_eq!(zh_date(d), "2026年7月3日");
    }
}
