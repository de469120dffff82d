//! A document's title broken into lines, as GB/T 9704 sets it.
//!
//! In: the title as words (a word is never broken: "进展情况", "2026年第14周")
//! and the width of a line in title characters. Out: the lines, each a run
//! of whole words, forming a trapezoid (each line no longer than the one
//! above) or a diamond (rising to one longest line, then falling), as even
//! as the words allow. The templates set the lines with explicit breaks, so
//! the typesetter never chooses where a title breaks.

/// How many characters of the title's size fit on a line: 156 mm of text
/// width at 二号 (22 pt) is 442 pt ÷ 22 pt = 20.1.
pub const TITLE_WIDTH: f64 = 20.0;

/// The width of `s` in title characters: a Chinese character or full-width
/// sign is one, a digit or Latin letter about 0.6 (measured: "2026" is
/// 52.25 pt wide at 22 pt in the bundled serif, 0.59 em a digit).
pub fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum()
}

/// The title's lines: the fewest lines that hold the words within `max`,
/// shaped as a trapezoid or a diamond, the most even of those (the least
/// difference between the longest and the shortest line), then the one
/// whose first line is longest. A word longer than `max` stands on a line
/// of its own (the typesetter then wraps it: nothing better exists).
pub fn title_lines(words: &[&str], max: f64) -> Vec<String> {
    let words: Vec<&str> = words.iter().copied().filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let widths: Vec<f64> = words.iter().map(|w| width(w)).collect();
    let mut best: Option<(Vec<usize>, (usize, f64, f64))> = None;
    // Every way to cut the words into lines: bit i set means a break after word i.
    // Titles have a handful of words; more than 16 are left as one cut search
    // over the first 16 boundaries (never reached by a generated title).
    let gaps = (words.len() - 1).min(16);
    for mask in 0u32..(1 << gaps) {
        let mut lines = Vec::new();
        let mut start = 0;
        for i in 0..words.len() {
            let last = i + 1 == words.len();
            if last || (i < gaps && mask & (1 << i) != 0) {
                lines.push(widths[start..=i].iter().sum::<f64>());
                start = i + 1;
            }
        }
        let fits = lines
            .iter()
            .zip(line_word_counts(mask, gaps, words.len()))
            .all(|(w, n)| *w <= max + 1e-9 || n == 1);
        if !fits || !shaped(&lines) {
            continue;
        }
        let longest = lines.iter().copied().fold(0.0, f64::max);
        let shortest = lines.iter().copied().fold(f64::INFINITY, f64::min);
        // Fewest lines, then the most even, then the longest first line.
        let key = (lines.len(), longest - shortest, -lines[0]);
        if best.as_ref().is_none_or(|(_, k)| better(&key, k)) {
            best = Some((breaks(mask, gaps), key));
        }
    }
    let cuts = best.map(|(c, _)| c).unwrap_or_default();
    let mut out = Vec::new();
    let mut start = 0;
    for end in cuts.into_iter().chain([words.len()]) {
        out.push(words[start..end].concat());
        start = end;
    }
    out
}

/// The bulletin's title, "关于2026年第14周目标绩效考核工作进展情况的通报", as lines.
pub fn weekly(year: i32, week: u32) -> Vec<String> {
    let when = format!("{year}年第{week}周");
    title_lines(
        &["关于", &when, "目标绩效考核工作", "进展情况", "的通报"],
        TITLE_WIDTH,
    )
}

/// The handout's title, "2026年1—6月目标绩效考核情况分析", as lines.
pub fn monthly(year: i32, scope_label: &str) -> Vec<String> {
    let year = format!("{year}年");
    title_lines(
        &[&year, scope_label, "目标绩效考核", "情况分析"],
        TITLE_WIDTH,
    )
}

fn better(a: &(usize, f64, f64), b: &(usize, f64, f64)) -> bool {
    const EPS: f64 = 1e-9;
    if a.0 != b.0 {
        return a.0 < b.0;
    }
    if (a.1 - b.1).abs() > EPS {
        return a.1 < b.1;
    }
    a.2 < b.2 - EPS
}

/// The word index after which each break falls, in order.
fn breaks(mask: u32, gaps: usize) -> Vec<usize> {
    (0..gaps)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| i + 1)
        .collect()
}

fn line_word_counts(mask: u32, gaps: usize, n: usize) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut start = 0;
    for end in breaks(mask, gaps).into_iter().chain([n]) {
        counts.push(end - start);
        start = end;
    }
    counts
}

/// A trapezoid (never longer than the line above) or a diamond (rising to
/// one peak, then never rising again). A title of one line is both.
fn shaped(lines: &[f64]) -> bool {
    const EPS: f64 = 1e-9;
    let peak = lines
        .iter()
        .enumerate()
        .fold(0, |p, (i, w)| if *w > lines[p] + EPS { i } else { p });
    let rising = lines[..=peak].windows(2).all(|w| w[1] > w[0] + EPS);
    let falling = lines[peak..].windows(2).all(|w| w[1] <= w[0] + EPS);
    rising && falling && (peak == 0 || lines.len() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulletins_title_breaks_between_words_longer_line_above() {
        let words = [
            "关于",
            "2026年第14周",
            "目标绩效考核工作",
            "进展情况",
            "的通报",
        ];
        // 2 + 6.6 + 8 = 16.6 above, 4 + 3 = 7 below; 20.6 would not fit.
        assert_eq!(
            title_lines(&words, TITLE_WIDTH),
            ["关于2026年第14周目标绩效考核工作", "进展情况的通报"]
        );
    }

    #[test]
    fn a_short_title_stays_on_one_line() {
        let words = ["2026年", "1—6月", "目标绩效考核情况分析"];
        assert_eq!(
            title_lines(&words, TITLE_WIDTH),
            ["2026年1—6月目标绩效考核情况分析"]
        );
    }

    #[test]
    fn three_lines_form_a_diamond_rather_than_a_funnel() {
        // Widths 8, 8, 4, 8 in 12: 8 | 8 | 12 would widen at the foot; the
        // diamond 8 | 12 | 8 is the shape that holds them.
        let words = [
            "一二三四五六七八",
            "一二三四五六七八",
            "一二三四",
            "一二三四五六七八",
        ];
        assert_eq!(
            title_lines(&words, 12.0),
            [
                "一二三四五六七八",
                "一二三四五六七八一二三四",
                "一二三四五六七八"
            ]
        );
    }

    #[test]
    fn shapes() {
        assert!(shaped(&[10.0, 7.0]));
        assert!(shaped(&[7.0, 10.0, 6.0]));
        assert!(!shaped(&[7.0, 10.0]));
        assert!(!shaped(&[10.0, 6.0, 8.0]));
    }
}
