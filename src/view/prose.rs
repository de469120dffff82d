//! Phrases both documents use (writing.md, "Voice"): lists of names, and a
//! rank said with its ties.
//!
//! In: names and ranks. Out: plain-text phrases.

use crate::analysis::monthly::Tied;

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
