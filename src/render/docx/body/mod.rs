//! The mapping from a view to the document's blocks: one function per
//! document, in the order of `templates/weekly.typ` and `monthly.typ`, so
//! that the DOCX says what the PDF says.
//!
//! In: a view (every figure, label and group the documents show). Out: the
//! [`Doc`] with its blocks. The sentences come whole from the view (its
//! `*_prose` modules), as the templates take them; only the fixed words of
//! the documents (headings, table headers, set phrases) are written here.

mod monthly;
mod weekly;

pub use monthly::monthly;
pub use weekly::weekly;

use crate::analysis::format;
use crate::model::Num;

/// A score as the documents print it: two decimals (the templates' `num`).
fn num(n: Num) -> String {
    format::fmt_score(n)
}

/// A change in a table: "+1.20", "−0.50" (`signed`).
fn signed(n: Num) -> String {
    format::fmt_signed_score(n)
}

fn opt_signed(n: Option<Num>) -> String {
    n.map_or_else(|| "—".to_string(), signed)
}

/// A rate as a percentage with one decimal (`pct`).
fn pct(n: Option<Num>) -> String {
    n.map_or_else(|| "—".to_string(), format::fmt_rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_as_the_templates_print_them() {
        assert_eq!(num(Num::new(8590, 2)), "85.90");
        assert_eq!(signed(Num::new(12, 1)), "+1.20");
        assert_eq!(signed(Num::new(-5, 1)), "\u{2212}0.50");
        assert_eq!(signed(Num::ZERO), "0.00");
        assert_eq!(pct(Some(Num::new(955, 3))), "95.5%");
        assert_eq!(pct(None), "—");
    }
}
