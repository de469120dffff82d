//! The shapes of the files of a period: a week's updates and risks, a
//! month's results, a unit's explanation.

use super::*;

pub static UPDATE: Obj = Obj {
    name: "UPDATE",
    fields: &[
        req("task", Ty::Id, "任务编号", "task id"),
        req(
            "progress",
            Ty::Percent,
            "完成进度：60% 或 0..1 之间的数",
            "progress: 60% or a number from 0 to 1",
        ),
        opt(
            "status",
            Ty::Enum(UPDATE_STATUSES),
            "blocked（受阻）或 paused（暂停）；不填则自动判定",
            "blocked or paused; otherwise derived",
        ),
        opt(
            "note",
            Ty::Markdown,
            "进展说明（Markdown）",
            "note (Markdown)",
        ),
    ],
};

pub static RISK: Obj = Obj {
    name: "RISK",
    fields: &[
        req("unit", Ty::Id, "单位编号", "unit id"),
        opt("indicator", Ty::Id, "相关指标编号", "related indicator id"),
        req(
            "level",
            Ty::Enum(RISK_LEVELS),
            "high（高）、medium（中）、low（低）",
            "high, medium or low",
        ),
        req(
            "text",
            Ty::Markdown,
            "风险点、隐患点（Markdown）",
            "the risk (Markdown)",
        ),
    ],
};

pub static WEEKLY: Obj = Obj {
    name: "WEEKLY",
    fields: &[
        req(
            "week",
            Ty::Week,
            "ISO 周，如 2026-W27，须与文件名一致",
            "ISO week, e.g. 2026-W27; must match the file name",
        ),
        req(
            "reported",
            Ty::Date,
            "进度收集日期（通报所述之日）",
            "the day the status was collected",
        ),
        opt(
            "updates",
            Ty::List(&Ty::Obj(&UPDATE)),
            "本周任务进展",
            "this week's status updates",
        ),
        opt(
            "risks",
            Ty::List(&Ty::Obj(&RISK)),
            "风险点、隐患点",
            "risks reported this week",
        ),
        opt(
            "requirements",
            Ty::Markdown,
            "下周工作要求（Markdown）",
            "requirements for next week (Markdown)",
        ),
    ],
};

pub static INDICATOR_SCORE: Obj = Obj {
    name: "INDICATOR_SCORE",
    fields: &[
        req("score", Ty::Number, "本单位得分", "this bureau's score"),
        opt(
            "rank",
            Ty::Count,
            "该指标全省排名",
            "rank among peers on this indicator",
        ),
    ],
};

pub static MONTHLY: Obj = Obj {
    name: "MONTHLY",
    fields: &[
        req(
            "month",
            Ty::Month,
            "月份，如 2026-06，须与文件名一致",
            "month, e.g. 2026-06; must match the file name",
        ),
        req(
            "published",
            Ty::Date,
            "上级公布成绩的日期",
            "the day the superior published the figures",
        ),
        opt(
            "meeting",
            Ty::Date,
            "推进会日期；情况说明的报送情况以此日为准",
            "the progress meeting; explanation status is judged on this day",
        ),
        opt(
            "scope",
            Ty::Str,
            "数据口径，如“1—6月累计”",
            "label for the figures, e.g. 1—6月累计",
        ),
        req(
            "ranking",
            Ty::IdMap(&Ty::Number),
            "全省各单位总分（含本单位）",
            "total score of every peer, this bureau included",
        ),
        req(
            "indicators",
            Ty::IdMap(&Ty::Obj(&INDICATOR_SCORE)),
            "本单位各指标得分",
            "this bureau's score on each indicator",
        ),
        opt(
            "units",
            Ty::IdMap(&Ty::Number),
            "内部单位得分（可选，直接给定）",
            "internal scores given directly, by unit id (optional)",
        ),
        opt(
            "notes",
            Ty::Markdown,
            "上级通报要点（Markdown）",
            "points from the superior's notice (Markdown)",
        ),
        opt(
            "next_steps",
            Ty::Markdown,
            "下一步工作（Markdown）",
            "next steps (Markdown)",
        ),
    ],
};

pub static EXPLANATION: Obj = Obj {
    name: "EXPLANATION",
    fields: &[
        req(
            "unit",
            Ty::Id,
            "单位编号，须与文件名一致",
            "unit id; must match the file name",
        ),
        req(
            "month",
            Ty::Month,
            "月份，须与所在文件夹名一致",
            "month; must match the folder name",
        ),
        req(
            "submitted",
            Ty::Date,
            "报送日期",
            "the day it was submitted",
        ),
        req(
            "reasons",
            Ty::Markdown,
            "排名靠后的原因（Markdown）",
            "why the unit ranked low (Markdown)",
        ),
        req(
            "measures",
            Ty::Markdown,
            "整改措施（Markdown）",
            "what it will do (Markdown)",
        ),
        opt(
            "commitment",
            Ty::Markdown,
            "表态承诺（Markdown）",
            "commitment (Markdown)",
        ),
    ],
};
