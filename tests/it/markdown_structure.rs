//! Free text cannot change a document's structure (issue 13, finding 5).
//!
//! Each hostile value goes into every name and label of the minimal
//! workspace and into every Markdown field; the weekly and monthly Markdown
//! and Typst must keep the structure of the same documents made from plain
//! values (`structure.rs` is the oracle; the `free_text` fuzz target uses it
//! too).

use crate::structure::{Outcome, compare};

fn assert_same(literal: &str, text: &str) {
    match compare(literal, text) {
        Ok(Outcome::Same) => {}
        Ok(Outcome::Refused | Outcome::Blank) => {
            panic!("the workspace with {literal:?} / {text:?} does not check")
        }
        Err(e) => panic!("{literal:?} / {text:?}: {e}"),
    }
}

/// The values of the issue, and their relatives.
const HOSTILE: &[&str] = &[
    // A link with pipes split a table cell.
    "[p](http://a|b|c)",
    "见[通知](https://a.b/x|y) 与 `a|b`",
    // An ordered item "10." with an indented fence ran the rest of the handout into a code block.
    "10. 第十\n\n    ```\n    代码\n    ```\n11. 第十一",
    "- 项\n\n  ```\n  代码\n  ```\n- 下一项",
    "1. 甲\n\n   段落二\n\n   > 引用\n2. 乙",
    // Explicitly escaped markers stay text.
    "1\\. 不是列表",
    "1\\) 不是列表",
    "\\# 不是标题",
    "\\- 不是列表",
    "段落\n\\=\\=\\=",
    // Leading spaces before a marker.
    "   # 标题",
    "    缩进代码",
    "&#32;&#32;&#32;&#32;缩进",
    "&#32;# 标题",
    // Found by the fuzz target: dropped controls hid the leading spaces.
    "\0\0\0\0\0\0\0\u{7}   # 标题",
    // Found by the fuzz target: lines, paragraphs and emphasis of controls only.
    "\u{16}*\u{16}\u{16}*",
    ")-*\u{5c}\u{15}\u{17}\u{15}\u{15}\u{15}\u{15}\u{15}\u{15}\u{15}\u{a}\u{0}\u{a}\u{0}\u{0}\u{0}\u{0}\u{0}\u{4}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}A",
    "段落2\u{a}\u{a}\u{7f}\u{0}\u{a}\u{a}-\u{a}\u{a}\u{a}2-\u{a}--\u{0}\u{0}\u{0}'\u{a}--\u{a}\u{a}(\u{a}段莽",
    // Things that end or start blocks.
    "段落\n\n---\n\n段落",
    "段落\n---",
    "#",
    "# ",
    "> 引用\n> > 嵌套\n\n正文",
    "```\n未闭合的代码",
    "<div>\n块\n</div>\n\n后文",
    "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "[^1]: 脚注\n\n[x]: http://a",
    "- [ ] 任务\n- [x] 完成",
    "999999999. 大号\n1. 下一项",
    "- 甲\n\n\n* 乙",
    "1. 甲\n\n\n1) 乙",
    "$$\nx\n$$",
    "~~~\n代码\n~~~",
    "<!-- 注释",
];

#[test]
fn hostile_free_text_keeps_the_structure_of_every_document() {
    for text in HOSTILE {
        assert_same(crate::structure::PLAIN, text);
    }
}

#[test]
fn hostile_names_and_labels_keep_the_structure_of_every_document() {
    for literal in [
        "   # 标题",
        "    缩进",
        "1. 列表",
        "10) 列表",
        "- 列表",
        "甲|乙|丙",
        "[p](http://a|b|c)",
        "> 引用",
        "```",
        "=",
        "---",
        "<b>粗</b>",
        "\\",
        "*",
    ] {
        assert_same(literal, "普通说明");
    }
}

#[test]
fn hostile_everywhere_at_once() {
    for text in HOSTILE {
        assert_same(text, text);
    }
}

/// Pieces of Markdown that open, close or indent blocks.
const PIECES: &[&str] = &[
    "10. ",
    "1. ",
    "2) ",
    "- ",
    "+ ",
    "* ",
    "> ",
    "```",
    "~~~",
    "    ",
    "  ",
    "\n",
    "\n\n",
    "|",
    "1\\.",
    "#",
    "# ",
    "*",
    "_",
    "[a](http://x|y)",
    "<div>",
    "***",
    "---",
    "===",
    "甲",
    "a",
    "`",
    "\\",
    "&#32;",
    "[^1]: ",
    "[r]: http://a",
    "- [ ] ",
    "<!--",
    "-->",
    "\t",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn any_mix_of_block_markers_keeps_the_structure(
        picks in proptest::collection::vec(0..PIECES.len(), 1..24),
        names in proptest::bool::ANY,
    ) {
        let text: String = picks.iter().map(|&i| PIECES[i]).collect();
        proptest::prop_assume!(!text.trim().is_empty());
        let literal = if names { text.as_str() } else { crate::structure::PLAIN };
        match compare(literal, &text) {
            Ok(_) => {}
            Err(e) => proptest::prop_assert!(false, "{:?}: {}", text, e),
        }
    }
}
