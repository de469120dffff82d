//! Numbers as the workspace writes them (scores, tenths, progress, rates),
//! and templates filled with a topic.

/// Hundredths as a score with two decimals: `7.80`, `-0.50`.
pub(crate) fn score(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", h.abs() / 100, h.abs() % 100)
}

/// Hundredths with no trailing zeros: `8`, `0.5`, `2.25`.
pub(crate) fn number(h: i64) -> String {
    let s = score(h);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.into()
    }
}

/// Tenths with one decimal: `88.5`.
pub(crate) fn tenths(t: i64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// A progress in permille as a unit writes it: `60%`, `12.5%`, or `0.6`.
pub(crate) fn progress(pm: i64, decimal: bool) -> String {
    match (decimal, pm) {
        (true, 0) => "0".into(),
        (true, 1000) => "1".into(),
        (true, _) => format!("0.{pm:03}").trim_end_matches('0').to_string(),
        (false, _) if pm % 10 == 0 => format!("{}%", pm / 10),
        (false, _) => format!("{}.{}%", pm / 10, pm % 10),
    }
}

/// Score rate (points over assessable) as a percentage with up to one decimal.
pub(crate) fn rate_text(score: i64, assessable: i64) -> String {
    let tenth_pct = (score * 1000 + assessable / 2) / assessable.max(1);
    if tenth_pct % 10 == 0 {
        format!("{}%", tenth_pct / 10)
    } else {
        format!("{}.{}%", tenth_pct / 10, tenth_pct % 10)
    }
}

/// `{}` in a template replaced by `topic`.
pub(crate) fn fill(template: &str, topic: &str) -> String {
    template.replacen("{}", topic, 1)
}
