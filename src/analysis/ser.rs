//! How figures are written out: the only place anything is rounded.
//!
//! Scores and margins: two decimals; rates, progress and pace: four.
//! Rounding is half away from zero (四舍五入), the rule a performance officer
//! applies by hand.

use rust_decimal::RoundingStrategy;
use serde::Serializer;

use crate::model::Num;

pub fn round(n: Num, places: u32) -> Num {
    n.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

fn number<S: Serializer>(n: Num, places: u32, s: S) -> Result<S::Ok, S::Error> {
    let r = round(n, places).normalize();
    // Whole numbers are written as integers; others as the shortest float that
    // reads back as the same decimal (always exact for ≤ 15 significant digits).
    if r.scale() == 0
        && let Ok(i) = i64::try_from(r)
    {
        return s.serialize_i64(i);
    }
    let f: f64 = r.to_string().parse().unwrap_or(0.0);
    s.serialize_f64(f)
}

pub fn score<S: Serializer>(n: &Num, s: S) -> Result<S::Ok, S::Error> {
    number(*n, 2, s)
}

pub fn rate<S: Serializer>(n: &Num, s: S) -> Result<S::Ok, S::Error> {
    number(*n, 4, s)
}

pub fn opt_score<S: Serializer>(n: &Option<Num>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => number(*n, 2, s),
        None => s.serialize_none(),
    }
}

pub fn opt_rate<S: Serializer>(n: &Option<Num>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => number(*n, 4, s),
        None => s.serialize_none(),
    }
}
