//! The shape of every file kind of a workspace, described once.
//!
//! The checker uses these descriptions to report unknown keys (with a
//! "did you mean" hint), missing keys and wrong types, and its readers obtain
//! every key and its type through them (see `check::keys`); `kpibrief schema`
//! turns the same descriptions into JSON Schemas for editors. One source of
//! truth keeps the three from drifting apart.

mod json;
mod periods;

pub use json::json_schema;
pub use periods::{EXPLANATION, INDICATOR_SCORE, MONTHLY, RISK, UPDATE, WEEKLY};

/// The type of a value, as data files spell it.
#[derive(Debug)]
pub enum Ty {
    /// Any text.
    Str,
    /// Free text that may hold CommonMark.
    Markdown,
    /// Letters, digits, `-` and `_`.
    Id,
    /// A list of ids.
    IdList,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-Www` (ISO 8601 week).
    Week,
    /// `YYYY-MM`.
    Month,
    /// `60%`, `60.5%`, or a number from 0 to 1.
    Percent,
    /// A decimal number.
    Number,
    /// A whole number ≥ 0.
    Count,
    /// A whole number year.
    Year,
    /// `true` or `false`.
    Bool,
    /// `[first, last]` ranks.
    RankRange,
    Enum(&'static [&'static str]),
    Obj(&'static Obj),
    List(&'static Ty),
    /// A mapping from ids to values of one type.
    IdMap(&'static Ty),
}

/// One key of a mapping.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A mapping with fixed keys.
#[derive(Debug)]
pub struct Obj {
    /// The static's name, for the messages of a reader that asks for an undeclared key.
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl Obj {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A kind of data file.
#[derive(Debug)]
pub struct FileKind {
    /// Name of the schema file (`tasks` → `tasks.schema.json`).
    pub name: &'static str,
    pub root: Ty,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn req(name: &'static str, ty: Ty, zh: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        zh,
        en,
    }
}

const fn opt(name: &'static str, ty: Ty, zh: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        zh,
        en,
    }
}

pub const CATEGORIES: &[&str] = &["kpi", "special", "evaluation", "bonus", "penalty"];
pub const UNIT_KINDS: &[&str] = &["department", "district"];
pub const UPDATE_STATUSES: &[&str] = &["blocked", "paused"];
pub const RISK_LEVELS: &[&str] = &["high", "medium", "low"];

pub static TIER: Obj = Obj {
    name: "TIER",
    fields: &[
        req(
            "name",
            Ty::Str,
            "梯队名称，如“第一序列”",
            "tier name, e.g. 第一序列",
        ),
        req(
            "ranks",
            Ty::RankRange,
            "名次范围（含两端），如 [1, 7]",
            "inclusive rank range, e.g. [1, 7]",
        ),
    ],
};

pub static WARNING_SETTINGS: Obj = Obj {
    name: "WARNING_SETTINGS",
    fields: &[
        opt(
            "overtake_margin",
            Ty::Number,
            "领先身后单位不足此分值即为被反超风险（默认 1.0）",
            "lead over a bureau just behind below this many points: overtaking risk (default 1.0)",
        ),
        opt(
            "chase_margin",
            Ty::Number,
            "落后前方单位不足此分值即为赶超机会（默认 1.0）",
            "gap to a bureau just ahead below this: a chance to overtake (default 1.0)",
        ),
        opt(
            "rate_yellow",
            Ty::Number,
            "指标得分率低于此值为黄色预警（默认 0.90）",
            "indicator score rate below this: yellow warning (default 0.90)",
        ),
        opt(
            "rate_red",
            Ty::Number,
            "指标得分率低于此值为红色预警（默认 0.80）",
            "indicator score rate below this: red warning (default 0.80)",
        ),
        opt(
            "rank_drop",
            Ty::Count,
            "月度名次下降达到此位次即预警（默认 2）",
            "month-over-month drop of at least this many places: warning (default 2)",
        ),
        opt(
            "pace_tolerance",
            Ty::Number,
            "任务进度落后时间进度超过此值为滞后（默认 0.10）",
            "task progress behind the time-elapsed pace by more than this: behind (default 0.10)",
        ),
    ],
};

pub static EXPLANATION_SETTINGS: Obj = Obj {
    name: "EXPLANATION_SETTINGS",
    fields: &[
        opt(
            "bottom",
            Ty::Count,
            "内部排名后 N 位须作情况说明（默认 3）",
            "the lowest N units of the internal ranking must explain (default 3)",
        ),
        opt(
            "below_rate",
            Ty::Number,
            "得分率低于此值的单位也须说明（可选）",
            "any unit whose score rate is below this must explain too (optional)",
        ),
        opt(
            "due_days",
            Ty::Count,
            "情况说明在通报发布后若干天内报送（默认 5）",
            "explanations are due this many days after the month's published date (default 5)",
        ),
    ],
};

pub static ARCHIVE_SETTINGS: Obj = Obj {
    name: "ARCHIVE_SETTINGS",
    fields: &[opt(
        "attach_sources",
        Ty::Bool,
        "归档 PDF 是否附带所依据的数据文件（PDF/A-3b，默认 true）；false 时为不带附件的 PDF/A-2b",
        "whether archived PDFs carry the data files they were made from (PDF/A-3b, default true); false: PDF/A-2b without attachments",
    )],
};

pub static CONFIG: Obj = Obj {
    name: "CONFIG",
    fields: &[
        req(
            "organization",
            Ty::Str,
            "本单位名称，印于版头",
            "name of the organisation, printed on the masthead",
        ),
        req(
            "self",
            Ty::Id,
            "本单位在 peers.yaml 中的编号",
            "this bureau's id in peers.yaml",
        ),
        req("year", Ty::Year, "考核年度", "the assessment year"),
        opt(
            "issuer",
            Ty::Str,
            "发文机关（默认同单位名称）",
            "who issues the briefings (default: organization)",
        ),
        opt("principal", Ty::Str, "主要领导", "the principal leader"),
        opt(
            "first_issue",
            Ty::Count,
            "本年度第一期周通报的期号（默认 1）；此后按有数据的周依次编号",
            "the issue number (期号) of the year's first bulletin (default 1); later weeks with a file count on from it",
        ),
        opt(
            "table_limit",
            Ty::Count,
            "PDF 长表格的行数上限：周通报清单超过时改列各单位统计，单位也超过时改列各分管领导统计；推进会材料内部排名超过时只列前后各半及须说明单位（默认 300）",
            "most rows of a long PDF table: above it the bulletin's checklist gives counts per unit, then per leader; the handout's internal ranking keeps its top and bottom halves and every unit that must explain (default 300)",
        ),
        opt(
            "cc",
            Ty::List(&Ty::Str),
            "抄送单位（版记的抄送栏），如 [市委目标办, 局领导班子成员]",
            "who the briefings are copied to (the 抄送 line of the 版记)",
        ),
        req(
            "tiers",
            Ty::List(&Ty::Obj(&TIER)),
            "梯队，由好到差；名次范围须覆盖 1..N 且不重叠",
            "tiers, best first; inclusive rank ranges covering 1..N without overlap",
        ),
        opt(
            "warnings",
            Ty::Obj(&WARNING_SETTINGS),
            "预警阈值",
            "warning thresholds",
        ),
        opt(
            "explanations",
            Ty::Obj(&EXPLANATION_SETTINGS),
            "情况说明规则",
            "rules for explanations",
        ),
        opt(
            "archive",
            Ty::Obj(&ARCHIVE_SETTINGS),
            "归档设置",
            "what archived records carry",
        ),
    ],
};

pub static LEADER: Obj = Obj {
    name: "LEADER",
    fields: &[
        req("id", Ty::Id, "领导编号", "leader id"),
        req("name", Ty::Str, "姓名", "name"),
        opt("title", Ty::Str, "职务，如“副局长”", "title, e.g. 副局长"),
    ],
};

pub static UNIT: Obj = Obj {
    name: "UNIT",
    fields: &[
        req("id", Ty::Id, "单位编号", "unit id"),
        req("name", Ty::Str, "单位名称", "unit name"),
        req(
            "kind",
            Ty::Enum(UNIT_KINDS),
            "department（部门）或 district（区县）",
            "department or district",
        ),
        req(
            "leader",
            Ty::Id,
            "分管领导编号（leaders 中的 id）",
            "the leader in charge (an id from leaders)",
        ),
        opt(
            "head",
            Ty::Str,
            "单位负责人",
            "the person in charge of the unit",
        ),
    ],
};

pub static UNITS_FILE: Obj = Obj {
    name: "UNITS_FILE",
    fields: &[
        req(
            "leaders",
            Ty::List(&Ty::Obj(&LEADER)),
            "分管领导",
            "deputy leaders in charge",
        ),
        req(
            "units",
            Ty::List(&Ty::Obj(&UNIT)),
            "内部单位（部门、区县）",
            "internal units (departments, districts)",
        ),
    ],
};

pub static PEER: Obj = Obj {
    name: "PEER",
    fields: &[
        req("id", Ty::Id, "单位编号", "peer id"),
        req("name", Ty::Str, "单位名称", "peer name"),
    ],
};

pub static STAGE: Obj = Obj {
    name: "STAGE",
    fields: &[
        req(
            "name",
            Ty::Str,
            "阶段名称，如“一季度”",
            "stage name, e.g. 一季度",
        ),
        req("end", Ty::Date, "阶段截止日期", "the day the stage ends"),
        req(
            "full_score",
            Ty::Number,
            "阶段分值",
            "the stage's full score",
        ),
    ],
};

pub static INDICATOR: Obj = Obj {
    name: "INDICATOR",
    fields: &[
        req("id", Ty::Id, "指标编号", "indicator id"),
        req("name", Ty::Str, "指标名称", "indicator name"),
        req(
            "category",
            Ty::Enum(CATEGORIES),
            "kpi（核心指标）、special（专项工作）、evaluation（综合评价）、bonus（加分项）、penalty（扣分项）",
            "kpi, special, evaluation, bonus or penalty",
        ),
        opt(
            "full_score",
            Ty::Number,
            "满分；kpi、special、evaluation 必填；bonus、penalty 为封顶分值（可选）",
            "full score; required for kpi, special, evaluation; for bonus and penalty the cap (optional)",
        ),
        req(
            "lead",
            Ty::Id,
            "牵头部门（单位编号）",
            "lead unit (a unit id)",
        ),
        opt("support", Ty::IdList, "配合单位", "supporting units"),
        opt("target", Ty::Str, "目标要求", "target, as text"),
        opt(
            "stages",
            Ty::List(&Ty::Obj(&STAGE)),
            "分阶段考核（专项工作），各阶段分值之和等于满分",
            "stages of a special project; their full scores add up to the indicator's",
        ),
    ],
};

pub static TASK: Obj = Obj {
    name: "TASK",
    fields: &[
        req("id", Ty::Id, "任务编号", "task id"),
        req(
            "indicator",
            Ty::Id,
            "所服务的指标编号",
            "the indicator the task serves",
        ),
        req("unit", Ty::Id, "责任单位编号", "the unit responsible"),
        req("title", Ty::Str, "任务名称", "task title"),
        req("owner", Ty::Str, "责任人", "the person responsible"),
        req("start", Ty::Date, "开始日期", "start date"),
        req("due", Ty::Date, "完成时限", "due date"),
    ],
};

pub static FILE_KINDS: &[FileKind] = &[
    FileKind {
        name: "config",
        root: Ty::Obj(&CONFIG),
        zh: "工作区设置（config.yaml）",
        en: "settings of the workspace (config.yaml)",
    },
    FileKind {
        name: "units",
        root: Ty::Obj(&UNITS_FILE),
        zh: "分管领导与内部单位（units.yaml）",
        en: "leaders and internal units (units.yaml)",
    },
    FileKind {
        name: "peers",
        root: Ty::List(&Ty::Obj(&PEER)),
        zh: "全省比较单位，含本单位（peers.yaml）",
        en: "the province-wide comparison group, this bureau included (peers.yaml)",
    },
    FileKind {
        name: "indicators",
        root: Ty::List(&Ty::Obj(&INDICATOR)),
        zh: "年度考核指标体系（indicators.yaml）",
        en: "the year's assessment scheme (indicators.yaml)",
    },
    FileKind {
        name: "tasks",
        root: Ty::List(&Ty::Obj(&TASK)),
        zh: "任务清单（tasks.yaml）",
        en: "the checklist of tasks (tasks.yaml)",
    },
    FileKind {
        name: "weekly",
        root: Ty::Obj(&WEEKLY),
        zh: "每周进展（weekly/YYYY-Www.yaml）",
        en: "one ISO week's status updates and risks (weekly/YYYY-Www.yaml)",
    },
    FileKind {
        name: "monthly",
        root: Ty::Obj(&MONTHLY),
        zh: "上级公布的月度成绩（monthly/YYYY-MM.yaml）",
        en: "the superior's published results for one month (monthly/YYYY-MM.yaml)",
    },
    FileKind {
        name: "explanation",
        root: Ty::Obj(&EXPLANATION),
        zh: "单位情况说明（explanations/YYYY-MM/<单位>.yaml）",
        en: "a unit's explanation for one month (explanations/YYYY-MM/<unit>.yaml)",
    },
];
