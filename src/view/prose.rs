//! Phrases both documents use (writing.md, "Voice"): lists of names, and a
//! rank said with its ties.
//!
//! In: names and ranks. Out: plain-text phrases.

use crate::analysis::Level;
use crate::analysis::monthly::Tied;

/// "2026-05" → "5月".
pub fn month_label(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(_, m)| m.parse::<u32>().ok())
        .map_or_else(|| month.to_string(), |m| format!("{m}月"))
}

/// A level in words beside its colour in a table: "【红】" / "【黄】".
pub fn level_mark(level: Level) -> &'static str {
    match level {
        Level::Red => "【红】",
        Level::Yellow => "【黄】",
    }
}

/// A level in words in a list or a note: "【红色预警】" / "【黄色预警】".
pub fn level_word(level: Level) -> &'static str {
    match level {
        Level::Red => "【红色预警】",
        Level::Yellow => "【黄色预警】",
    }
}

/// A rank as it is said: "第9名", or "并列第14名" when others share it.
pub fn rank_words(rank: u32, shared: bool) -> String {
    if shared {
        format!("并列第{rank}名")
    } else {
        format!("第{rank}名")
    }
}

/// Names in a row, as 公文 lists them: "甲、乙、丙".
pub fn join_list(items: &[String]) -> String {
    items.join("、")
}

/// A rank in the bureau's voice, with the peers that share it: "居第10名",
/// "与枫港市学习局并列第10名", with the tier in brackets when given.
pub fn province_rank(rank: u32, tied_with: &[Tied], tier: Option<&str>) -> String {
    let tier = tier.map_or_else(String::new, |t| format!("（{t}）"));
    if tied_with.is_empty() {
        format!("居第{rank}名{tier}")
    } else {
        let names: Vec<String> = tied_with.iter().map(|t| t.name.clone()).collect();
        format!("与{}并列第{rank}名{tier}", join_list(&names))
    }
}

/// "红色预警2项、黄色预警5项", leaving out a level with none; "无预警" for none.
pub fn level_counts(red: usize, yellow: usize) -> String {
    match (red, yellow) {
        (0, 0) => "无预警".into(),
        (r, 0) => format!("红色预警{r}项"),
        (0, y) => format!("黄色预警{y}项"),
        (r, y) => format!("红色预警{r}项、黄色预警{y}项"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_rank_is_said_with_whom() {
        let tied = [Tied {
            peer: "city-04".into(),
            name: "枫港市学习局".into(),
        }];
        assert_eq!(
            province_rank(10, &tied, Some("第二梯队")),
            "与枫港市学习局并列第10名（第二梯队）"
        );
        assert_eq!(province_rank(10, &[], None), "居第10名");
    }
}
