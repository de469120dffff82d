//! How figures are written in every document (writing.md, "Numbers").
//!
//! In: exact decimals and dates. Out: the strings the documents print.
//! Scores and margins always have two decimals ("85.90"); score rates and
//! 序时进度 one decimal in percent ("92.3%"); reported progress as reported,
//! up to one decimal ("30%", "62.5%"); changes in tables with a real minus
//! sign ("+1.20", "−0.55"); dates "3月31日" within the year, "2026年3月31日"
//! where the year is not obvious. ISO dates appear only in JSON.

use chrono::{Datelike, NaiveDate};

use super::ser::round;
use crate::model::Num;

/// Format a decimal with up to `places` decimals, trailing zeros dropped ("92.3", "90").
pub fn fmt_num(n: Num, places: u32) -> String {
    round(n, places).normalize().to_string()
}

/// A score or a margin: exactly two decimals ("85.90", "0.25"); a negative
/// one (a penalty) with a real minus sign ("−0.50").
pub fn fmt_score(n: Num) -> String {
    let mut r = round(n, 2);
    r.rescale(2);
    if r.is_sign_negative() && !r.is_zero() {
        format!("\u{2212}{}", r.abs())
    } else {
        r.set_sign_positive(true);
        r.to_string()
    }
}

/// A fraction as a percentage with exactly one decimal: a score rate or a
/// 序时进度 ("92.3%", "100.0%").
pub fn fmt_rate(n: Num) -> String {
    let mut r = round(n * Num::ONE_HUNDRED, 1);
    r.rescale(1);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    format!("{r}%")
}

/// A reported figure as a percentage, up to one decimal ("30%", "62.5%").
pub fn fmt_pct(n: Num) -> String {
    format!("{}%", fmt_num(n * Num::ONE_HUNDRED, 1))
}

/// A change of a score in a table: "+1.20", "−0.55" (U+2212), "0.00".
pub fn fmt_signed_score(n: Num) -> String {
    let s = fmt_score(n.abs());
    if round(n, 2).is_zero() {
        s
    } else if n > Num::ZERO {
        format!("+{s}")
    } else {
        format!("\u{2212}{s}")
    }
}

/// A change of a count in a table: "+2", "−1", "0".
pub fn fmt_signed_count(n: i64) -> String {
    match n {
        0 => "0".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("\u{2212}{}", n.unsigned_abs()),
    }
}

/// A score change in words: "上升1.20分", "下降1.70分", "持平".
pub fn change_words(n: Num, up: &str, down: &str) -> String {
    if round(n, 2).is_zero() {
        "持平".into()
    } else if n > Num::ZERO {
        format!("{up}{}分", fmt_score(n))
    } else {
        format!("{down}{}分", fmt_score(n.abs()))
    }
}

/// "3月31日": a day within the document's year.
pub fn zh_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// "2026年3月31日": a day whose year is not obvious (masthead, 版记).
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A day as the prose of a document of `year` writes it: without the year
/// when it is that year.
pub fn zh_day_in(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        zh_day(d)
    } else {
        zh_date(d)
    }
}

/// Markdown free text as the words it shows, on one line: for a note
/// quoted inside a sentence ("受阻原因：…"), where its emphasis and links
/// would otherwise be printed as literal `**` and brackets.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        s.parse().unwrap()
    }

    #[test]
    fn scores_always_have_two_decimals() {
        assert_eq!(fmt_score(n("85.9")), "85.90");
        assert_eq!(fmt_score(n("90")), "90.00");
        assert_eq!(fmt_score(n("0.245")), "0.25");
        assert_eq!(fmt_score(n("-0.001")), "0.00");
        assert_eq!(fmt_score(n("-0.5")), "\u{2212}0.50");
    }

    #[test]
    fn rates_have_one_decimal_and_progress_is_as_reported() {
        assert_eq!(fmt_rate(n("0.923")), "92.3%");
        assert_eq!(fmt_rate(n("1")), "100.0%");
        assert_eq!(fmt_rate(n("0.36363636")), "36.4%");
        assert_eq!(fmt_pct(n("0.3")), "30%");
        assert_eq!(fmt_pct(n("0.625")), "62.5%");
    }

    #[test]
    fn changes_use_a_real_minus_sign_in_tables_and_words_in_prose() {
        assert_eq!(fmt_signed_score(n("1.2")), "+1.20");
        assert_eq!(fmt_signed_score(n("-0.55")), "\u{2212}0.55");
        assert_eq!(fmt_signed_score(n("0")), "0.00");
        assert_eq!(fmt_signed_count(-1), "\u{2212}1");
        assert_eq!(change_words(n("-1.7"), "上升", "下降"), "下降1.70分");
        assert_eq!(change_words(n("0.15"), "扩大", "缩小"), "扩大0.15分");
        assert_eq!(change_words(n("0"), "上升", "下降"), "持平");
    }

    #[test]
    fn a_quoted_note_keeps_its_words_not_its_markup() {
        assert_eq!(
            plain_text("**卡点**：许可证\n尚未[核发](http://x)"),
            "卡点：许可证 尚未核发"
        );
    }

    #[test]
    fn dates_leave_out_an_obvious_year() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(zh_day_in(d, 2026), "3月31日");
        assert_eq!(zh_day_in(d, 2027), "2026年3月31日");
    }
}
