//! Figures as people type them into a spreadsheet.
//!
//! In: a cell. Out: an exact progress fraction (0 to 1), or what was wrong.
//! Accepted: 65, 65%, 0.65, "65 %", full-width ６５％, 65.5. A number
//! without a percent sign is a percentage when above 1 and a fraction
//! otherwise (a cell formatted as a percentage holds 0.65 for 65%), so 1
//! means 100%; "1%" means one per cent. Words (六十) are refused.

use std::str::FromStr;

use super::grid::Cell;
use crate::model::Num;

/// A number as a cell shows it (the shortest text that reads back the same).
pub fn show(n: f64) -> String {
    n.to_string()
}

/// An exact decimal from a spreadsheet's binary number: through its
/// shortest decimal text, so 0.65 is 0.65, not 0.6499999….
pub fn exact(n: f64) -> Option<Num> {
    if !n.is_finite() {
        return None;
    }
    Num::from_str(&show(n)).ok()
}

/// Full-width digits and signs as their ASCII forms, spaces removed.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '％' => '%',
            '－' => '-',
            '＋' => '+',
            '，' => ',',
            c => c,
        })
        .collect()
}

/// A progress cell: `Ok(None)` when blank (not reported), `Ok(Some(p))`
/// with `p` from 0 to 1, `Err(what was wrong)` otherwise.
pub fn progress(cell: &Cell) -> Result<Option<Num>, String> {
    let (value, percent) = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => (exact(*n).ok_or("not a number")?, false),
        Cell::Text(t) | Cell::Other(t) => {
            let t = normalise(t);
            if t.is_empty() {
                return Ok(None);
            }
            let (digits, percent) = match t.strip_suffix('%') {
                Some(d) => (d, true),
                None => (t.as_str(), false),
            };
            let value = Num::from_str(digits).map_err(|_| "not a number".to_string())?;
            (value, percent)
        }
    };
    let fraction = if percent || value > Num::ONE {
        value / Num::ONE_HUNDRED
    } else {
        value
    };
    if fraction < Num::ZERO {
        return Err("below 0%".into());
    }
    if fraction > Num::ONE {
        return Err("above 100%".into());
    }
    Ok(Some(fraction.normalize()))
}

/// A score cell (总分, an indicator's score): a plain number, full-width
/// digits allowed. `Ok(None)` when blank.
pub fn score(cell: &Cell) -> Result<Option<Num>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => exact(*n).map(Some).ok_or_else(|| "not a number".into()),
        Cell::Text(t) | Cell::Other(t) => {
            let t = normalise(t);
            if t.is_empty() || t == "-" || t == "—" {
                return Ok(None);
            }
            Num::from_str(&t)
                .map(Some)
                .map_err(|_| "not a number".into())
        }
    }
}

/// A fraction as the YAML writes it: `65%`, `65.5%`, exact.
pub fn yaml_pct(p: Num) -> String {
    format!("{}%", (p * Num::ONE_HUNDRED).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(c: Cell) -> Result<Option<String>, String> {
        progress(&c).map(|o| o.map(yaml_pct))
    }

    #[test]
    fn what_people_type() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(p(Cell::Number(65.0)), Ok(Some("65%".into())));
        assert_eq!(p(Cell::Number(0.65)), Ok(Some("65%".into())));
        assert_eq!(p(t("65%")), Ok(Some("65%".into())));
        assert_eq!(p(t("65 %")), Ok(Some("65%".into())));
        assert_eq!(p(t("６５")), Ok(Some("65%".into())));
        assert_eq!(p(t("６５．５％")), Ok(Some("65.5%".into())));
        assert_eq!(p(t("1%")), Ok(Some("1%".into())));
        assert_eq!(p(Cell::Number(1.0)), Ok(Some("100%".into())));
        assert_eq!(p(t("  ")), Ok(None));
        assert_eq!(p(Cell::Empty), Ok(None));
        assert_eq!(p(t("六十")), Err("not a number".into()));
        assert_eq!(p(Cell::Number(120.0)), Err("above 100%".into()));
        assert_eq!(p(t("-5")), Err("below 0%".into()));
    }
}
