//! The plan: how big each part of the workspace is at a given scale.

/// How big each part of the workspace is at a given scale.
pub(crate) struct Plan {
    pub(crate) scale: u32,
    pub(crate) units: usize,
    pub(crate) tasks: usize,
    pub(crate) peers: usize,
    pub(crate) leaders: usize,
    pub(crate) indicators: usize,
    /// ISO weeks of 2026 that have a file.
    pub(crate) weeks: Vec<u32>,
    /// Months 1..=months have a file.
    pub(crate) months: u32,
    /// config.yaml's `explanations.bottom`.
    pub(crate) bottom: usize,
}

/// Interpolate on a log scale through the values at scales 1, 10 and 100
/// (and extrapolate beyond 100 with the last slope).
fn interp(at1: f64, at10: f64, at100: f64, scale: u32) -> usize {
    let x = f64::from(scale).log10();
    let (a, b, t) = if x <= 1.0 {
        (at1, at10, x)
    } else {
        (at10, at100, x - 1.0)
    };
    (a * (b / a).powf(t)).round() as usize
}

impl Plan {
    pub(crate) fn new(scale: u32) -> Plan {
        let units = 12 * scale as usize;
        let (weeks, months) = if scale >= 10 {
            ((1..=52).collect(), 12)
        } else {
            // Like data/: from W02, no file for the Spring Festival week W08.
            let x = f64::from(scale).log10();
            let last = 26 + (26.0 * x).round() as u32;
            let weeks = (2..=last.min(52)).filter(|&w| w != 8).collect();
            (weeks, (6 + (6.0 * x).round() as u32).min(12))
        };
        Plan {
            scale,
            units,
            tasks: 60 * scale as usize,
            peers: interp(21.0, 60.0, 200.0, scale).max(3),
            leaders: interp(4.0, 12.0, 40.0, scale),
            indicators: interp(25.0, 80.0, 250.0, scale),
            weeks,
            months,
            bottom: (units / 40).max(3),
        }
    }
}
