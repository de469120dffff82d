//! Generate a synthetic, valid kpibrief workspace at any scale.
//!
//! ```text
//! cargo run --release --example gen_workspace -- --scale 10 --out /tmp/ws10 [--seed 1] [--force]
//! ```
//!
//! Scale 1 is about the size of the example workspace `data/` (21 peers,
//! 12 units, 4 leaders, 25 indicators, 60 tasks, weeks 2–26, months 1–6).
//! Units and tasks grow linearly with the scale; peers, leaders and
//! indicators grow more slowly (interpolated on a log scale through the
//! anchors at 1, 10 and 100); from scale 10 on the whole year is covered
//! (weeks W01–W52, months 2026-01 to 2026-12).
//!
//! The output is a pure function of `--scale` and `--seed`: the randomness
//! comes from a hand-written splitmix64 generator, one stream per part of
//! the workspace, and nothing iterates over a hash map. The data is meant to
//! pass `kpibrief check` with no error; the only warning expected is the one
//! deliberately missing KPI score in February (as in `data/`).
//!
//! `--out` may be absent, empty, or an earlier output of this generator (it is
//! replaced); any other folder, such as `data/`, is left alone unless `--force`
//! is given, and then only its workspace files are replaced.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use clap::Parser;

/// `writeln!` into a `String`, which cannot fail.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        writeln!($out, $($arg)*).expect("writing to a String cannot fail");
    }};
}

const YEAR: i32 = 2026;

#[derive(Parser)]
#[command(
    about = "Generate a synthetic, valid kpibrief workspace (deterministic for given arguments)"
)]
struct Args {
    /// Size relative to the example workspace: 1 ≈ data/, 10 ≈ 120 units, 100 ≈ 1,200 units.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    scale: u32,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the workspace into: absent, empty, or an earlier output of this
    /// generator (which is replaced); anything else needs --force.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace the workspace files in a folder this generator did not write (other files are kept).
    #[arg(long)]
    force: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let world = World::generate(args.scale, args.seed);
    let files = world.render();
    prepare_out(&args.out, args.force)?;
    let mut bytes = 0;
    for (rel, text) in &files {
        let path = args.out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        bytes += text.len();
    }
    let p = &world.plan;
    eprintln!(
        "wrote {} files ({bytes} bytes) to {}: {} peers, {} leaders, {} units, {} indicators, {} tasks, {} weeks, {} months, {} explanations",
        files.len(),
        args.out.display(),
        p.peers,
        p.leaders,
        p.units,
        p.indicators,
        p.tasks,
        p.weeks.len(),
        p.months,
        world.explanations.len(),
    );
    Ok(())
}

/// The files and folders this generator writes; only these are removed by `--force`.
const GENERATED: [&str; 8] = [
    "config.yaml",
    "units.yaml",
    "peers.yaml",
    "indicators.yaml",
    "tasks.yaml",
    "weekly",
    "monthly",
    "explanations",
];

/// Make sure `out` can take a fresh workspace without mixing in stale files.
fn prepare_out(out: &Path, force: bool) -> Result<()> {
    if !out.exists() {
        return fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()));
    }
    let non_empty = fs::read_dir(out)
        .with_context(|| format!("reading {}", out.display()))?
        .next()
        .is_some();
    // A real workspace (say data/) must not be overwritten by accident; an
    // earlier output is recognised by the header of its config.yaml.
    let ours = fs::read_to_string(out.join("config.yaml"))
        .is_ok_and(|c| c.lines().next().is_some_and(|l| l.contains(MARK)));
    if non_empty && !ours && !force {
        bail!(
            "{} is not empty and not an earlier output of gen_workspace; pass --force to replace the workspace files in it",
            out.display()
        );
    }
    for name in GENERATED {
        let path = out.join(name);
        if path.is_dir() {
            fs::remove_dir_all(&path).with_context(|| format!("removing {}", path.display()))?;
        } else if path.exists() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

// ───────────────────────────── randomness ─────────────────────────────

/// splitmix64: tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    /// A stream of its own for each part of the workspace, so that changing
    /// how one part is generated does not reshuffle all the others.
    fn new(seed: u64, stream: &str) -> Self {
        // FNV-1a of the stream name, mixed with the seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in stream.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = Rng(seed ^ h);
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A random element of a non-empty slice of small `Copy` values (ids, `&str`).
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            xs.swap(i, self.below(i + 1));
        }
    }
}

// ───────────────────────────── text material ─────────────────────────────

/// Surnames with a pinyin spelling, for leader ids like those of `data/`.
const LEADER_SURNAMES: &[(&str, &str)] = &[
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("周", "zhou"),
    ("王", "wang"),
    ("李", "li"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("潘", "pan"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("余", "yu"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("苏", "su"),
    ("魏", "wei"),
    ("丁", "ding"),
    ("沈", "shen"),
    ("姚", "yao"),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤",
    "欧阳", "司马", "上官",
];

const GIVEN: &[&str] = &[
    "志", "远", "文", "静", "国", "栋", "海", "涛", "建", "华", "明", "伟", "芳", "娜", "敏", "强",
    "磊", "军", "洋", "勇", "艳", "杰", "娟", "超", "秀", "霞", "平", "刚", "英", "玲", "丽", "斌",
    "宇", "浩", "凯", "鹏", "晨", "欣", "怡", "婷", "雪", "琳", "晓", "梅", "春", "燕", "振", "红",
    "立", "新", "永", "庆", "雅", "琴", "辉", "冰", "帆", "亮", "倩", "晶", "佳", "思", "博", "睿",
    "嘉", "子", "诗", "雨", "锋", "俊", "岚", "蕾", "敬", "德", "荣", "昊", "泽",
];

const LEADER_TITLES: &[&str] = &[
    "副局长",
    "副局长",
    "党组成员、副局长",
    "党组成员、总督学",
    "二级巡视员",
    "一级调研员",
];

/// Departments (科室) with their ids; the first eight are those of `data/`.
const DEPARTMENTS: &[(&str, &str)] = &[
    ("办公室", "office"),
    ("政策法规科", "policy"),
    ("发展规划科", "planning"),
    ("计划财务科", "finance"),
    ("学校管理科", "schools"),
    ("终身学习科", "lifelong"),
    ("督导评估科", "inspect"),
    ("安全稳定科", "safety"),
    ("人事科", "personnel"),
    ("基础教育科", "basic"),
    ("学前教育科", "preschool"),
    ("职业教育科", "vocational"),
    ("教师发展科", "teachers"),
    ("体育卫生与艺术科", "sports"),
    ("科技信息科", "techinfo"),
    ("宣传科", "publicity"),
    ("行政审批科", "approval"),
    ("民办教育科", "private"),
    ("招生考试科", "exams"),
    ("语言文字科", "language"),
    ("审计科", "audit"),
    ("机关党委", "party"),
    ("离退休干部科", "retirees"),
    ("信访科", "petitions"),
    ("学生资助管理科", "aid"),
    ("社区教育科", "community"),
    ("老年教育科", "elderly"),
    ("数字化建设科", "digital"),
    ("学生工作科", "students"),
    ("德育科", "moral"),
    ("后勤保障科", "logistics"),
    ("机关事务科", "affairs"),
];

/// Districts and counties (联系区县) with their ids; more are numbered 学区.
const DISTRICTS: &[(&str, &str)] = &[
    ("东湖区", "donghu"),
    ("南岭区", "nanling"),
    ("北塘区", "beitang"),
    ("高新区", "gaoxin"),
    ("西城区", "xicheng"),
    ("江北区", "jiangbei"),
    ("临港区", "lingang"),
    ("青山区", "qingshan"),
    ("白沙区", "baisha"),
    ("枫林区", "fenglin"),
    ("云台区", "yuntai"),
    ("石门县", "shimen"),
    ("桃源县", "taoyuan"),
    ("柳江县", "liujiang"),
    ("金川县", "jinchuan"),
    ("凤凰区", "fenghuang"),
    ("龙泉区", "longquan"),
    ("清河区", "qinghe"),
    ("长宁县", "changning"),
    ("安平县", "anping"),
    ("永丰县", "yongfeng"),
    ("新城区", "xincheng"),
    ("经开区", "jingkai"),
    ("滨江区", "binjiang"),
    ("溪口县", "xikou"),
    ("松阳县", "songyang"),
    ("平湖区", "pinghu"),
    ("双峰县", "shuangfeng"),
    ("宁远县", "ningyuan"),
    ("白云区", "baiyun"),
];

const CITY_FIRST: &[&str] = &[
    "云", "临", "安", "桐", "禾", "明", "青", "白", "望", "东", "南", "柳", "金", "石", "泽", "兰",
    "秀", "雁", "桃", "枫", "梅", "江", "河", "宁", "永", "嘉", "平", "长", "新", "清", "丰", "兴",
    "华", "龙", "凤", "瑞", "昌", "德",
];
const CITY_SECOND: &[&str] = &[
    "州", "溪", "澜", "川", "丰", "湖", "阳", "陵", "浦", "屏", "桥", "源", "亭", "峰", "岭", "林",
    "港", "山", "城", "宁", "安", "江",
];

/// Subjects of the assessment, each with the measures a KPI on it may use.
const TOPICS: &[(&str, &[&str])] = &[
    ("重点工作任务", &["完成率", "按期办结率"]),
    ("学位建设项目", &["推进率", "开工率"]),
    ("财政资金预算", &["执行率"]),
    ("学校规范办学", &["达标率"]),
    ("社区学习中心", &["覆盖率", "建成率"]),
    ("督导问题", &["整改销号率"]),
    ("校园安全隐患", &["整改率"]),
    ("集团化办学", &["覆盖率"]),
    ("普惠性学前学位", &["占比", "新增完成率"]),
    ("政务信息", &["报送采用率"]),
    ("学习资源均衡配置", &["达标率"]),
    ("数字学习平台", &["应用活跃度", "账号开通率"]),
    ("课后服务", &["覆盖率", "参与率"]),
    ("教师交流轮岗", &["完成率"]),
    ("老年学习点", &["覆盖率"]),
    ("家庭教育指导服务", &["覆盖率"]),
    ("职业技能培训", &["完成率", "取证率"]),
    ("义务教育巩固", &["率"]),
    ("学生体质健康", &["达标率", "优良率"]),
    ("校园食品安全", &["检查覆盖率", "整改率"]),
    ("校外培训机构", &["规范治理率"]),
    ("民办学校年检", &["合格率"]),
    ("乡村学校校舍", &["改造完成率"]),
    ("智慧校园", &["建设达标率"]),
    ("心理健康教育", &["覆盖率", "专职教师配备率"]),
    ("防溺水安全教育", &["覆盖率"]),
    ("建议提案", &["按期办结率", "满意率"]),
    ("规范性文件", &["合法性审核率", "清理完成率"]),
    ("行政审批事项", &["按时办结率"]),
    ("学生资助", &["应助尽助率", "资金发放及时率"]),
    ("语言文字规范化", &["达标率"]),
    ("教师培训", &["完成率", "学时达标率"]),
    ("特殊教育", &["入学率"]),
    ("校长职级制改革", &["推进率"]),
    ("学习型社区", &["创建达标率"]),
    ("终身学习成果认证", &["完成率"]),
    ("审计问题", &["整改率"]),
    ("信访事项", &["按期办结率", "化解率"]),
    ("安全生产责任", &["落实率"]),
    ("应急演练", &["覆盖率"]),
    ("教育统计数据", &["上报及时率", "准确率"]),
    ("学校卫生", &["达标率"]),
    ("体育艺术场馆", &["开放率"]),
    ("营养改善计划", &["覆盖率"]),
    ("教育信息化项目", &["验收率"]),
];

/// A measure every topic can take, once the specific ones run out.
const GENERIC_MEASURE: &str = "目标任务完成率";

const SPECIAL_SUFFIXES: &[&str] = &["专项行动", "专项治理", "提质扩面专项", "攻坚行动"];

/// (name, topic for task titles) of the classic evaluation indicators.
const EVALUATIONS: &[(&str, &str)] = &[
    ("上级综合评价", "综合评价迎评"),
    ("群众满意度测评", "群众满意度"),
    ("建议提案办理满意度", "建议提案办理"),
    ("领导班子年度考核评价", "班子建设"),
    ("服务对象满意度评价", "服务对象满意度"),
    ("政务服务“好差评”", "政务服务"),
    ("部门协同配合评价", "部门协同"),
    ("党风廉政建设评价", "党风廉政建设"),
];
const BONUSES: &[(&str, &str)] = &[
    ("改革创新与经验推广", "改革创新案例"),
    ("上级表彰与示范创建", "示范创建"),
    ("重要信息被上级采用", "信息专报"),
    ("承办省级以上现场会", "现场会筹备"),
    ("工作经验获领导肯定性批示", "经验材料"),
    ("国家级试点申报成功", "国家级试点"),
];
const PENALTIES: &[(&str, &str)] = &[
    ("安全责任事故与食品安全舆情", "校园安全"),
    ("信访事项超期与积案", "信访积案"),
    ("被上级督查通报", "督查问题"),
    ("审计发现问题整改不到位", "审计问题"),
    ("统计数据报送不实", "统计数据"),
    ("负面网络舆情", "舆情处置"),
];

const TASK_TEMPLATES: &[&str] = &[
    "制定{}年度实施方案",
    "编制{}工作要点",
    "开展{}专项检查",
    "推进{}重点项目",
    "组织{}中期评估",
    "完成{}问题整改销号",
    "建立{}月调度台账并运行",
    "开展{}“回头看”",
    "组织{}第三方测评",
    "报送{}阶段性总结",
    "完善{}考核细则",
    "开展{}督查暗访",
    "推广{}典型经验",
    "建设{}管理信息系统",
    "落实{}经费保障",
    "开展{}业务培训",
    "完成{}数据统计上报",
    "申报{}省级示范",
    "修订{}管理办法",
];
const EVENT_TEMPLATES: &[&str] = &["召开{}推进大会", "举办{}活动周启动仪式", "召开{}现场会"];

const QUARTERS: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];

const BLOCKED_REASONS: &[&str] = &[
    "等待上级批复",
    "规划许可证未核发",
    "执法人员被抽调，排查暂停",
    "专项资金未拨付到位",
    "施工招标流标，需重新招标",
    "涉及多部门会签，意见尚未统一",
    "用地手续未办结",
    "系统平台升级，暂停服务",
    "群众诉求较大，方案需重新论证",
];
const PAUSED_REASONS: &[&str] = &[
    "汛期停工",
    "等待省厅新版规范出台",
    "考试期间暂停施工",
    "按上级要求暂缓实施",
    "配合巡察工作暂停",
];
const PROGRESS_NOTES: &[&str] = &[
    "已完成方案初稿，正在征求意见",
    "已召开专题推进会",
    "已完成实地核查{n}处",
    "资料已报送上级审核",
    "已印发通知",
    "**已完成年度目标的{p}%**",
    "正在组织验收",
    "已完成招标",
    "本周完成{n}所学校的检查",
    "已报分管领导审定",
    "已梳理问题清单{n}项，逐项明确整改时限",
];
const DONE_NOTES: &[&str] = &["已完成并通过验收", "已印发实施", "资料已归档", "已按期办结"];
const CAUSES: &[&str] = &[
    "部分任务未按序时推进",
    "关键项目前期手续办理滞后",
    "基层工作力量不足",
    "资金拨付晚于预期",
    "对考核细则理解不到位，佐证资料准备不充分",
    "群众满意度短板问题整改不彻底",
];
const MEASURES: &[&str] = &[
    "逐项对照考核细则查找差距，建立整改清单",
    "实行“一任务一专班”，倒排工期、挂图作战",
    "主要负责人每周调度一次，确保按序时推进",
    "加强与上级业务处室沟通，及时掌握考核要求",
    "加强信息报送，确保佐证资料完整、及时",
    "对滞后任务实行周报告、月通报",
];

// ───────────────────────────── the plan ─────────────────────────────

/// How big each part of the workspace is at a given scale.
struct Plan {
    scale: u32,
    units: usize,
    tasks: usize,
    peers: usize,
    leaders: usize,
    indicators: usize,
    /// ISO weeks of 2026 that have a file.
    weeks: Vec<u32>,
    /// Months 1..=months have a file.
    months: u32,
    /// config.yaml's `explanations.bottom`.
    bottom: usize,
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
    fn new(scale: u32) -> Plan {
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

// ───────────────────────────── the model ─────────────────────────────

struct Leader {
    id: String,
    name: String,
    title: &'static str,
}

struct Unit {
    id: String,
    name: String,
    district: bool,
    leader: usize,
    head: String,
    /// People who own the unit's tasks.
    staff: Vec<String>,
    /// Writes progress as `0.6` instead of `60%`.
    decimal_progress: bool,
}

struct Peer {
    id: String,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Kpi,
    Special,
    Evaluation,
    Bonus,
    Penalty,
}

impl Cat {
    fn as_str(self) -> &'static str {
        match self {
            Cat::Kpi => "kpi",
            Cat::Special => "special",
            Cat::Evaluation => "evaluation",
            Cat::Bonus => "bonus",
            Cat::Penalty => "penalty",
        }
    }

    fn is_rated(self) -> bool {
        matches!(self, Cat::Kpi | Cat::Special | Cat::Evaluation)
    }
}

struct Stage {
    name: &'static str,
    end: NaiveDate,
    /// Hundredths of a point.
    full: i64,
}

struct Indicator {
    id: String,
    name: String,
    cat: Cat,
    /// Hundredths: the full score, or the cap of a bonus or penalty.
    full: i64,
    /// Whether the cap is written (penalties may have none).
    full_written: bool,
    lead: usize,
    support: Vec<usize>,
    target: String,
    stages: Vec<Stage>,
    /// What the indicator is about, for task titles and texts.
    topic: String,
    /// This bureau's usual score rate on it.
    base_rate: f64,
}

impl Indicator {
    /// Assessable full score (hundredths) by the last day of `month`.
    fn assessable(&self, month: u32) -> i64 {
        if self.stages.is_empty() {
            self.full
        } else {
            let last = month_last_day(month);
            self.stages
                .iter()
                .filter(|s| s.end <= last)
                .map(|s| s.full)
                .sum()
        }
    }
}

struct Task {
    id: String,
    indicator: usize,
    unit: usize,
    title: String,
    owner: String,
    start: NaiveDate,
    due: NaiveDate,
    /// Progress relative to the time-elapsed pace (below 1: a laggard).
    speed: f64,
    /// Progress step in permille: 50 (5%), or 25 for units that report 12.5%.
    step: i64,
    blocked: Option<Episode>,
    paused: Option<Episode>,
}

/// A stretch of days when a task is blocked or paused, and why.
struct Episode {
    from: NaiveDate,
    to: NaiveDate,
    reason: &'static str,
}

impl Episode {
    fn covers(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

struct Update {
    task: usize,
    /// Permille.
    progress: i64,
    status: Option<&'static str>,
    note: Option<String>,
}

struct Risk {
    unit: usize,
    indicator: Option<usize>,
    level: &'static str,
    text: String,
}

struct WeekFile {
    week: u32,
    reported: NaiveDate,
    updates: Vec<Update>,
    risks: Vec<Risk>,
    requirements: Option<String>,
}

struct MonthFile {
    month: u32,
    published: NaiveDate,
    meeting: NaiveDate,
    /// Total (hundredths) of each peer, in peer order.
    ranking: Vec<i64>,
    /// Score (hundredths) and province rank of each indicator; `None`: not in the file.
    scores: Vec<Option<(i64, Option<usize>)>>,
    /// Internal scores (tenths) of every unit, when the month gives them.
    units: Option<Vec<i64>>,
    notes: String,
    next_steps: String,
}

struct ExplanationFile {
    month: u32,
    unit: usize,
    submitted: NaiveDate,
    reasons: String,
    measures: String,
    commitment: Option<String>,
}

struct World {
    plan: Plan,
    seed: u64,
    principal: String,
    leaders: Vec<Leader>,
    units: Vec<Unit>,
    peers: Vec<Peer>,
    self_peer: usize,
    /// When the superior published each month's figures (index 0: January).
    published: Vec<NaiveDate>,
    indicators: Vec<Indicator>,
    tasks: Vec<Task>,
    weeks: Vec<WeekFile>,
    months: Vec<MonthFile>,
    explanations: Vec<ExplanationFile>,
}

// ───────────────────────────── dates and numbers ─────────────────────────────

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + TimeDelta::days(n)
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

fn friday_of(week: u32) -> NaiveDate {
    NaiveDate::from_isoywd_opt(YEAR, week, Weekday::Fri).expect("a week of the year")
}

fn month_last_day(month: u32) -> NaiveDate {
    if month == 12 {
        date(YEAR, 12, 31)
    } else {
        add_days(date(YEAR, month + 1, 1), -1)
    }
}

/// The next working day on or after `d` (weekends only; holidays are ignored).
fn working_day(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => add_days(d, 2),
        Weekday::Sun => add_days(d, 1),
        _ => d,
    }
}

/// Hundredths as a score with two decimals: `7.80`, `-0.50`.
fn score(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", h.abs() / 100, h.abs() % 100)
}

/// Hundredths with no trailing zeros: `8`, `0.5`, `2.25`.
fn number(h: i64) -> String {
    let s = score(h);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.into()
    }
}

/// Tenths with one decimal: `88.5`.
fn tenths(t: i64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// A progress in permille as a unit writes it: `60%`, `12.5%`, or `0.6`.
fn progress(pm: i64, decimal: bool) -> String {
    match (decimal, pm) {
        (true, 0) => "0".into(),
        (true, 1000) => "1".into(),
        (true, _) => format!("0.{pm:03}").trim_end_matches('0').to_string(),
        (false, _) if pm % 10 == 0 => format!("{}%", pm / 10),
        (false, _) => format!("{}.{}%", pm / 10, pm % 10),
    }
}

/// Score rate (points over assessable) as a percentage with up to one decimal.
fn rate_text(score: i64, assessable: i64) -> String {
    let tenth_pct = (score * 1000 + assessable / 2) / assessable.max(1);
    if tenth_pct % 10 == 0 {
        format!("{}%", tenth_pct / 10)
    } else {
        format!("{}.{}%", tenth_pct / 10, tenth_pct % 10)
    }
}

/// `{}` in a template replaced by `topic`.
fn fill(template: &str, topic: &str) -> String {
    template.replacen("{}", topic, 1)
}

// ───────────────────────────── YAML output ─────────────────────────────

/// `s` as a YAML scalar: plain when it reads back as the same text, else double-quoted.
fn yaml_str(s: &str, flow: bool) -> String {
    let lower = s.to_ascii_lowercase();
    let quote = match s.chars().next() {
        None => true,
        Some(c) => "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace(),
    } || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(['\n', '\t', '\\'])
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || matches!(
            lower.as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        )
        || s.parse::<f64>().is_ok();
    if quote {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

/// `key: |` followed by `text`'s lines, for Markdown fields.
fn yaml_block(out: &mut String, indent: usize, key: &str, text: &str) {
    emit!(out, "{:indent$}{key}: |", "");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            emit!(out, "{:w$}{line}", "", w = indent + 2);
        }
    }
}

/// Marks every generated file (and lets `prepare_out` recognise an earlier output).
const MARK: &str = "合成测试数据：gen_workspace";

fn header(out: &mut String, world: &World, what: &str) {
    emit!(
        out,
        "# {what}（{MARK} --scale {} --seed {}，内容均为虚构）",
        world.plan.scale,
        world.seed
    );
}

// ───────────────────────────── generation ─────────────────────────────

/// A person's name: a surname and a one- or two-character given name.
fn person(rng: &mut Rng) -> String {
    let mut name = rng.pick(SURNAMES).to_string();
    name.push_str(rng.pick(GIVEN));
    if rng.chance(0.6) {
        name.push_str(rng.pick(GIVEN));
    }
    name
}

/// `base`, or `base2`, `base3`… if taken.
fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// An indicator's name and the topic it is about.
type Named = (String, &'static str);

/// The fixed `(name, topic)` pairs, then a name for every topic with `suffix`, shuffled.
fn named_after_topics(fixed: &[(&str, &'static str)], suffix: &str, rng: &mut Rng) -> Vec<Named> {
    let mut more: Vec<Named> = TOPICS
        .iter()
        .map(|(t, _)| (format!("{t}{suffix}"), *t))
        .collect();
    rng.shuffle(&mut more);
    let mut all: Vec<Named> = fixed.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    all.extend(more);
    all
}

/// Number width for ids counting up to `n` (at least `min` digits).
fn width(n: usize, min: usize) -> usize {
    n.to_string().len().max(min)
}

/// Split `total` hundredths over `n` parts weighted at random, each a
/// multiple of a round quantum, all positive, adding up exactly.
fn allocate(total: i64, n: usize, rng: &mut Rng) -> Vec<i64> {
    let avg = total / n as i64;
    let quantum = [100, 50, 10, 1]
        .into_iter()
        .find(|&q| avg >= 3 * q)
        .unwrap_or(1);
    let units = total / quantum;
    let weights: Vec<i64> = (0..n).map(|_| rng.range(60, 140)).collect();
    let sum: i64 = weights.iter().sum();
    let spare = units - n as i64;
    let mut parts: Vec<i64> = weights.iter().map(|w| 1 + spare * w / sum).collect();
    let mut left = units - parts.iter().sum::<i64>();
    while left > 0 {
        parts[rng.below(n)] += 1;
        left -= 1;
    }
    parts.into_iter().map(|p| p * quantum).collect()
}

impl World {
    fn generate(scale: u32, seed: u64) -> World {
        let plan = Plan::new(scale);
        let mut world = World {
            plan,
            seed,
            principal: String::new(),
            leaders: Vec::new(),
            units: Vec::new(),
            peers: Vec::new(),
            self_peer: 0,
            published: Vec::new(),
            indicators: Vec::new(),
            tasks: Vec::new(),
            weeks: Vec::new(),
            months: Vec::new(),
            explanations: Vec::new(),
        };
        world.gen_people(&mut Rng::new(seed, "people"));
        world.gen_peers(&mut Rng::new(seed, "peers"));
        world.gen_indicators(&mut Rng::new(seed, "indicators"));
        world.gen_tasks(&mut Rng::new(seed, "tasks"));
        // Publication dates first: the weekly bulletins refer to them.
        let rng = &mut Rng::new(seed, "published");
        world.published = (1..=world.plan.months)
            .map(|m| month_published(rng, m))
            .collect();
        world.gen_weeks(&mut Rng::new(seed, "weeks"));
        world.gen_months(&mut Rng::new(seed, "months"));
        world
    }

    fn gen_people(&mut self, rng: &mut Rng) {
        self.principal = format!(
            "{}{}{}",
            rng.pick(SURNAMES),
            rng.pick(GIVEN),
            rng.pick(GIVEN)
        );
        let mut taken = BTreeSet::new();
        for i in 0..self.plan.leaders {
            let (surname, pinyin) = LEADER_SURNAMES[i % LEADER_SURNAMES.len()];
            let mut name = surname.to_string();
            name.push_str(rng.pick(GIVEN));
            name.push_str(rng.pick(GIVEN));
            self.leaders.push(Leader {
                id: unique_id(pinyin, &mut taken),
                name,
                title: if i == 0 {
                    "党组副书记、副局长"
                } else {
                    rng.pick(LEADER_TITLES)
                },
            });
        }

        // Departments first (as many named ones as fit), the rest districts:
        // named ones, then numbered 学区.
        let n = self.plan.units;
        let n_dept = (n * 2 / 3).clamp(1, DEPARTMENTS.len());
        let n_dist = n - n_dept;
        let depts: Vec<(String, String)> = DEPARTMENTS[..n_dept]
            .iter()
            .map(|(name, id)| (name.to_string(), id.to_string()))
            .collect();
        let w = width(n_dist, 3);
        let dists: Vec<(String, String)> = (0..n_dist)
            .map(|i| match DISTRICTS.get(i) {
                Some((name, id)) => (name.to_string(), id.to_string()),
                None => {
                    let k = i + 1 - DISTRICTS.len();
                    (format!("第{k}学区"), format!("xq{k:0w$}"))
                }
            })
            .collect();

        // Each leader takes a contiguous share of departments and of
        // districts, listed together as in data/units.yaml.
        let leaders = self.plan.leaders;
        for leader in 0..leaders {
            let share = |len: usize| len * leader / leaders..len * (leader + 1) / leaders;
            let picks = depts[share(n_dept)]
                .iter()
                .map(|u| (u, false))
                .chain(dists[share(n_dist)].iter().map(|u| (u, true)));
            for ((name, id), district) in picks {
                let staff = (0..rng.range(2, 3)).map(|_| person(rng)).collect();
                self.units.push(Unit {
                    id: id.clone(),
                    name: name.clone(),
                    district,
                    leader,
                    head: person(rng),
                    staff,
                    decimal_progress: rng.chance(0.25),
                });
            }
        }
    }

    fn gen_peers(&mut self, rng: &mut Rng) {
        let mut names: Vec<String> = CITY_FIRST
            .iter()
            .flat_map(|a| {
                CITY_SECOND
                    .iter()
                    .filter(move |b| *b != a)
                    .map(move |b| format!("{a}{b}"))
            })
            .collect();
        rng.shuffle(&mut names);
        let n = self.plan.peers;
        assert!(n <= names.len(), "not enough peer names for {n} peers");
        let w = width(n, 2);
        self.peers = (0..n)
            .map(|i| Peer {
                id: format!("city-{:0w$}", i + 1),
                name: format!("{}市学习局", names[i]),
            })
            .collect();
        // city-07 of 21, as in data/: near the bottom of the first tier.
        self.self_peer = (n / 3).max(1) - 1;
    }

    fn gen_indicators(&mut self, rng: &mut Rng) {
        let n = self.plan.indicators;
        let share = |f: f64| ((n as f64 * f).round() as usize).max(1);
        let (n_kpi, n_special, n_eval, n_bonus) =
            (share(0.48), share(0.16), share(0.12), share(0.12));
        let n_penalty = n
            .saturating_sub(n_kpi + n_special + n_eval + n_bonus)
            .max(1);

        // 60 + 20 + 20 = 100 points, as in data/; bonus and penalty caps about 6 points each.
        let kpi_full = allocate(6000, n_kpi, rng);
        let special_full = allocate(2000, n_special, rng);
        let eval_full = allocate(2000, n_eval, rng);
        let bonus_cap = allocate(600, n_bonus, rng);
        let penalty_cap = allocate(600, n_penalty, rng);

        // KPI names: every topic with its own measures, then with the generic one.
        let mut kpi_names: Vec<Named> = TOPICS
            .iter()
            .flat_map(|(t, ms)| ms.iter().map(move |m| (format!("{t}{m}"), *t)))
            .collect();
        rng.shuffle(&mut kpi_names);
        let mut generic: Vec<Named> = TOPICS
            .iter()
            .map(|(t, _)| (format!("{t}{GENERIC_MEASURE}"), *t))
            .collect();
        rng.shuffle(&mut generic);
        kpi_names.extend(generic);
        let mut special_names: Vec<Named> = TOPICS
            .iter()
            .flat_map(|(t, _)| {
                SPECIAL_SUFFIXES
                    .iter()
                    .map(move |s| (format!("{t}{s}"), *t))
            })
            .collect();
        rng.shuffle(&mut special_names);
        special_names.insert(0, ("“全民终身学习推进年”专项行动".into(), "终身学习推进年"));
        let eval_names = named_after_topics(EVALUATIONS, "工作满意度测评", rng);
        let bonus_names = named_after_topics(BONUSES, "经验被省级推广", rng);
        let penalty_names = named_after_topics(PENALTIES, "工作被上级通报批评", rng);

        // Lead units: spread over the units in a random order, so that at
        // scale 1 every unit leads two or three indicators.
        let mut leads: Vec<usize> = (0..self.plan.units).collect();
        rng.shuffle(&mut leads);
        let mut next_lead = 0;

        let groups: [(Cat, &str, &[i64], &[Named]); 5] = [
            (Cat::Kpi, "K", &kpi_full, &kpi_names),
            (Cat::Special, "S", &special_full, &special_names),
            (Cat::Evaluation, "E", &eval_full, &eval_names),
            (Cat::Bonus, "B", &bonus_cap, &bonus_names),
            (Cat::Penalty, "P", &penalty_cap, &penalty_names),
        ];
        for (cat, prefix, fulls, names) in groups {
            let w = width(fulls.len(), 2);
            for (i, &full) in fulls.iter().enumerate() {
                // Names run out only far beyond scale 100: number the repeats.
                let (base, topic) = &names[i % names.len()];
                let name = match i / names.len() {
                    0 => base.clone(),
                    k => format!("{base}（{}）", k + 1),
                };
                // Every third special project is assessed quarterly.
                let stages = if cat == Cat::Special && i % 3 == 0 {
                    let ends = [(3, 31), (6, 30), (9, 30), (12, 31)];
                    (0..4)
                        .map(|k| Stage {
                            name: QUARTERS[k],
                            end: date(YEAR, ends[k].0, ends[k].1),
                            full: full / 4 + i64::from((k as i64) < full % 4),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let target = match cat {
                    Cat::Kpi => format!("{name}不低于{}%", 85 + 5 * rng.range(0, 2)),
                    Cat::Special => format!("按节点完成{topic}各阶段任务"),
                    Cat::Evaluation => "测评结果达到优秀等次".into(),
                    Cat::Bonus => format!("{topic}做法被省级以上推广或入选典型案例"),
                    Cat::Penalty => format!("不发生{topic}方面的扣分事项"),
                };
                // Most indicators score well; a few are chronic shortfalls.
                let base_rate = match rng.below(20) {
                    0..=4 => 1.0,
                    5..=16 => rng.uniform(0.86, 0.98),
                    _ => rng.uniform(0.70, 0.85),
                };
                self.indicators.push(Indicator {
                    id: format!("{prefix}{:0w$}", i + 1),
                    name,
                    cat,
                    full,
                    full_written: cat != Cat::Penalty || i % 2 == 0,
                    lead: leads[next_lead % leads.len()],
                    support: Vec::new(),
                    target,
                    stages,
                    topic: topic.to_string(),
                    base_rate,
                });
                next_lead += 1;
            }
        }
    }

    fn gen_tasks(&mut self, rng: &mut Rng) {
        let n_units = self.plan.units;
        // Five tasks per unit on average, moved around a little.
        let mut counts = vec![self.plan.tasks / n_units; n_units];
        counts[0] += self.plan.tasks % n_units;
        for _ in 0..n_units {
            let (a, b) = (rng.below(n_units), rng.below(n_units));
            if counts[a] > 2 {
                counts[a] -= 1;
                counts[b] += 1;
            }
        }
        let rated: Vec<usize> = (0..self.indicators.len())
            .filter(|&i| self.indicators[i].cat.is_rated())
            .collect();
        let others: Vec<usize> = (0..self.indicators.len())
            .filter(|&i| !self.indicators[i].cat.is_rated())
            .collect();
        let last_report = friday_of(*self.plan.weeks.last().expect("at least one week"));
        let start_max = add_days(last_report, -14).min(date(YEAR, 10, 31));
        let jan5 = date(YEAR, 1, 5);
        let span_days = days_between(jan5, start_max).max(1);
        let w = width(self.plan.tasks, 3);

        for (unit, &count) in counts.iter().enumerate() {
            let led: Vec<usize> = (0..self.indicators.len())
                .filter(|&i| self.indicators[i].lead == unit)
                .collect();
            for _ in 0..count {
                let indicator = if !led.is_empty() && rng.chance(0.6) {
                    rng.pick(&led)
                } else if rng.chance(0.85) {
                    rng.pick(&rated)
                } else {
                    rng.pick(&others)
                };
                let topic = self.indicators[indicator].topic.clone();
                let roll = rng.below(100);
                let (start, due, title) = if roll < 10 {
                    // Year-round work; some of it counted from New Year's Day.
                    let start = if rng.chance(0.5) {
                        date(YEAR, 1, 1)
                    } else {
                        jan5
                    };
                    let title = format!(
                        "{topic}{}",
                        rng.pick(&["常态化推进", "月度调度通报", "全年跟踪督办"])
                    );
                    (start, date(YEAR, 12, 31), title)
                } else if roll < 14 {
                    // A one-day event: due the day it starts.
                    let day = working_day(add_days(jan5, 7 + rng.range(0, span_days)));
                    (day, day, fill(rng.pick(EVENT_TEMPLATES), &topic))
                } else {
                    let start = if roll < 18 {
                        // Starts after the last weekly file: upcoming throughout.
                        working_day(
                            add_days(last_report, rng.range(-13, 45)).min(date(YEAR, 12, 1)),
                        )
                    } else {
                        let d = add_days(jan5, rng.range(0, span_days));
                        // Work starts on Mondays.
                        add_days(d, -i64::from(d.weekday().num_days_from_monday())).max(jan5)
                    };
                    // Mostly short, sometimes most of the year.
                    let length = 14 + rng.range(0, 240).min(rng.range(0, 240));
                    let mut due = add_days(start, length).min(date(YEAR, 12, 31));
                    if rng.chance(0.4) {
                        due = month_last_day(due.month());
                    }
                    (start, due, fill(rng.pick(TASK_TEMPLATES), &topic))
                };
                let length = days_between(start, due);
                let episode = |rng: &mut Rng, weeks: i64, reasons: &'static [&'static str]| {
                    let from = add_days(start, rng.range(0, length.max(7)));
                    Episode {
                        from,
                        to: add_days(from, 7 * rng.range(1, weeks) - 1),
                        reason: rng.pick(reasons),
                    }
                };
                let blocked = rng.chance(0.08).then(|| episode(rng, 3, BLOCKED_REASONS));
                let paused = rng.chance(0.05).then(|| episode(rng, 2, PAUSED_REASONS));
                let staff = &self.units[unit].staff;
                self.tasks.push(Task {
                    id: format!("T{:0w$}", self.tasks.len() + 1),
                    indicator,
                    unit,
                    title,
                    owner: staff[rng.below(staff.len())].clone(),
                    start,
                    due,
                    speed: if rng.chance(0.15) {
                        rng.uniform(0.55, 0.85)
                    } else {
                        rng.uniform(0.95, 1.25)
                    },
                    step: if rng.chance(0.05) { 25 } else { 50 },
                    blocked,
                    paused,
                });
            }
        }

        // Supporting units: those with tasks on an indicator they do not lead.
        for t in &self.tasks {
            let ind = &mut self.indicators[t.indicator];
            if t.unit != ind.lead && !ind.support.contains(&t.unit) && ind.support.len() < 8 {
                ind.support.push(t.unit);
            }
        }
        for ind in &mut self.indicators {
            ind.support.sort_unstable();
        }
    }

    /// Simulate the year week by week: progress rises with the time-elapsed
    /// pace (slower for laggards), stalls while blocked or paused, catches up
    /// after the due date; units sometimes fail to report.
    fn gen_weeks(&mut self, rng: &mut Rng) {
        struct State {
            /// Permille.
            progress: i64,
            /// Days lost to blocked and paused weeks, which delay the pace.
            lost: i64,
            /// 100% has been reported: the task stays done with no update.
            finished: bool,
        }
        let mut states: Vec<State> = (0..self.tasks.len())
            .map(|_| State {
                progress: 0,
                lost: 0,
                finished: false,
            })
            .collect();
        let weeks = self.plan.weeks.clone();
        let mut last_month_published: Option<u32> = None;
        for week in weeks {
            let reported = friday_of(week);
            // A whole unit now and then forgets to report.
            let silent: Vec<bool> = (0..self.units.len()).map(|_| rng.chance(0.01)).collect();
            let mut updates = Vec::new();
            // (task, severity: 0 overdue, 1 blocked, 2 behind)
            let mut troubled: Vec<(usize, u8)> = Vec::new();
            for (i, t) in self.tasks.iter().enumerate() {
                let st = &mut states[i];
                if reported < t.start || st.finished {
                    continue;
                }
                let blocked = t.blocked.as_ref().filter(|e| e.covers(reported));
                let paused = t.paused.as_ref().filter(|e| e.covers(reported));
                let length = days_between(t.start, t.due);
                let pace = |lost: i64| {
                    if length == 0 {
                        1.0
                    } else {
                        ((days_between(t.start, reported) - lost) as f64 / length as f64)
                            .clamp(0.0, 1.0)
                    }
                };
                if blocked.is_some() || paused.is_some() {
                    st.lost += 7;
                } else if reported > t.due {
                    st.progress = (st.progress + rng.range(2, 5) * 50).min(1000);
                } else {
                    let target = pace(st.lost) * t.speed + rng.uniform(-0.03, 0.03);
                    let target = ((target * 1000.0) as i64 / t.step * t.step).clamp(0, 1000);
                    st.progress = st.progress.max(target);
                }
                let overdue = reported > t.due && st.progress < 1000;
                if overdue {
                    troubled.push((i, 0));
                } else if blocked.is_some() {
                    troubled.push((i, 1));
                } else if pace(0) - st.progress as f64 / 1000.0 > 0.10 && st.progress < 1000 {
                    troubled.push((i, 2));
                }
                if silent[t.unit] || rng.chance(0.03) {
                    continue;
                }
                let status = if blocked.is_some() {
                    Some("blocked")
                } else if paused.is_some() {
                    Some("paused")
                } else {
                    None
                };
                let note = if let Some(e) = blocked.or(paused) {
                    Some(e.reason.to_string())
                } else if st.progress == 1000 {
                    rng.chance(0.5).then(|| rng.pick(DONE_NOTES).to_string())
                } else if overdue {
                    Some(format!(
                        "已逾期，正在加紧推进，预计{}周内完成",
                        rng.range(1, 3)
                    ))
                } else if rng.chance(0.10) {
                    Some(
                        rng.pick(PROGRESS_NOTES)
                            .replace("{n}", &rng.range(3, 30).to_string())
                            .replace("{p}", &(st.progress / 10).to_string()),
                    )
                } else {
                    None
                };
                st.finished = st.progress == 1000;
                updates.push(Update {
                    task: i,
                    progress: st.progress,
                    status,
                    note,
                });
            }

            let risks = self.week_risks(rng, &troubled, &silent, reported);
            // A month's figures published since the last bulletin prompt a requirement.
            let published = (1..=self.plan.months)
                .rev()
                .find(|&m| self.published[m as usize - 1] <= reported);
            let new_month = published.filter(|m| Some(*m) != last_month_published);
            last_month_published = published;
            let requirements = (new_month.is_some() || rng.chance(0.35))
                .then(|| self.requirements(rng, &troubled, new_month, reported));
            self.weeks.push(WeekFile {
                week,
                reported,
                updates,
                risks,
                requirements,
            });
        }
    }

    fn week_risks(
        &self,
        rng: &mut Rng,
        troubled: &[(usize, u8)],
        silent: &[bool],
        reported: NaiveDate,
    ) -> Vec<Risk> {
        let mut picks = troubled.to_vec();
        rng.shuffle(&mut picks);
        picks.sort_by_key(|&(_, severity)| severity);
        let wanted = rng.range(1, (self.units.len() / 8 + 2) as i64) as usize;
        let mut risks: Vec<Risk> = Vec::new();
        for &(i, severity) in picks.iter().take(wanted) {
            let t = &self.tasks[i];
            let ind = &self.indicators[t.indicator];
            let (level, text) = match severity {
                0 => {
                    let late = days_between(t.due, reported);
                    if rng.chance(0.5) {
                        (
                            "high",
                            format!("“{}”已逾期{late}天，**影响{}得分**", t.title, ind.name),
                        )
                    } else {
                        ("high", format!("“{}”逾期未完成，存在扣分风险", t.title))
                    }
                }
                1 => (
                    rng.pick(&["high", "medium"]),
                    format!(
                        "“{}”受阻：{}",
                        t.title,
                        t.blocked.as_ref().map_or("原因待核实", |e| e.reason)
                    ),
                ),
                _ => (
                    rng.pick(&["medium", "low"]),
                    if rng.chance(0.5) {
                        format!("{}推进缓慢，低于序时进度", ind.topic)
                    } else {
                        format!("“{}”进度落后，{}存在失分风险", t.title, ind.name)
                    },
                ),
            };
            risks.push(Risk {
                unit: t.unit,
                indicator: rng.chance(0.8).then_some(t.indicator),
                level,
                text,
            });
        }
        if risks.is_empty() {
            // Quiet weeks still have a word of caution.
            let ind = rng.below(self.indicators.len());
            risks.push(Risk {
                unit: self.indicators[ind].lead,
                indicator: Some(ind),
                level: "low",
                text: format!("{}工作量大、时间紧，需统筹推进", self.indicators[ind].topic),
            });
        }
        for (unit, _) in silent.iter().enumerate().filter(|(_, s)| **s) {
            risks.push(Risk {
                unit,
                indicator: None,
                level: "low",
                text: format!(
                    "{}本周未报送任何任务进度，已电话催报",
                    self.units[unit].name
                ),
            });
        }
        risks
    }

    fn requirements(
        &self,
        rng: &mut Rng,
        troubled: &[(usize, u8)],
        new_month: Option<u32>,
        reported: NaiveDate,
    ) -> String {
        let mut items = Vec::new();
        if let Some(m) = new_month {
            items.push(format!(
                "各单位对照省{m}月通报逐项分析失分原因，一周内报绩效办。"
            ));
        }
        let worst = troubled.iter().find(|(_, s)| *s == 0).or(troubled.first());
        if let Some(&(i, severity)) = worst {
            let t = &self.tasks[i];
            let unit = &self.units[t.unit];
            let leader = &self.leaders[unit.leader];
            items.push(match severity {
                0 => format!(
                    "{}对“{}”逾期问题限期整改，下周一前报送情况说明。",
                    unit.name, t.title
                ),
                1 => format!(
                    "{}{}牵头协调解决{}“{}”卡点问题。",
                    leader.name, leader.title, unit.name, t.title
                ),
                _ => format!("{}抓紧推进“{}”，**确保按期完成**。", unit.name, t.title),
            });
        }
        if rng.chance(0.5) {
            items.push("各单位于每周五12时前报送任务进度，逾期未报的按“未报送”通报。".into());
        }
        if reported.day() >= 15 && rng.chance(0.4) {
            let q = QUARTERS[(reported.month0() / 3) as usize];
            items.push(format!("各单位做好{q}任务冲刺，确保到期任务按期完成。"));
        }
        if items.is_empty() {
            items.push("各单位对照任务清单查漏补缺，确保序时进度。".into());
        }
        items
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{}. {s}\n", k + 1))
            .collect()
    }

    fn gen_months(&mut self, rng: &mut Rng) {
        let n_peers = self.peers.len();
        let n_ind = self.indicators.len();
        let mut rates: Vec<f64> = self.indicators.iter().map(|i| i.base_rate).collect();
        let mut cumulative = vec![0i64; n_ind]; // bonus and penalty points so far
        let mut peer_rates: Vec<f64> = Vec::new();
        let mut prev_rank: Option<usize> = None;
        let mut prev_required: Vec<usize> = Vec::new();
        // February lacks one KPI score, as in data/ (a warning, not an error).
        let kpis: Vec<usize> = (0..n_ind)
            .filter(|&i| self.indicators[i].cat == Cat::Kpi)
            .collect();
        let missing = rng.pick(&kpis);
        // One month has a peer tied with this bureau.
        let tie_month = rng.range(2, i64::from(self.plan.months.max(2))) as u32;

        for month in 1..=self.plan.months {
            // Everyone's cumulative rates improve a little as the year goes on.
            let season = 0.004 * f64::from(month - 1);
            // ── this bureau's indicator scores
            let mut scores: Vec<Option<(i64, Option<usize>)>> = vec![None; n_ind];
            let mut assessable_total = 0;
            for (i, ind) in self.indicators.iter().enumerate() {
                match ind.cat {
                    Cat::Kpi | Cat::Special | Cat::Evaluation => {
                        let assessable = ind.assessable(month);
                        if month == 2 && i == missing {
                            continue;
                        }
                        assessable_total += assessable;
                        // A noisy walk pulled back towards the usual rate, so
                        // that this bureau neither drifts away from its peers
                        // nor sits still.
                        let r = &mut rates[i];
                        *r = if ind.base_rate >= 1.0 && rng.chance(0.85) {
                            1.0
                        } else {
                            let usual = ind.base_rate + season;
                            (*r + 0.3 * (usual - *r) + rng.uniform(-0.025, 0.025)).clamp(0.6, 1.0)
                        };
                        // Whole tenths of a point where the full score allows it.
                        let step = if assessable >= 200 { 10 } else { 1 };
                        let s = ((assessable as f64 * *r) as i64 / step * step).min(assessable);
                        let rank = if *r >= 1.0 {
                            1
                        } else {
                            let spread = (1.0 - *r) * n_peers as f64 * 2.5;
                            (spread as usize + rng.below(n_peers / 8 + 1)).clamp(1, n_peers)
                        };
                        scores[i] = Some((s, Some(rank)));
                    }
                    Cat::Bonus => {
                        let room = ind.full - cumulative[i];
                        if room > 0 && rng.chance(0.3) {
                            cumulative[i] += (rng.range(1, 5) * 10).min(room);
                        }
                        scores[i] = Some((cumulative[i], None));
                    }
                    Cat::Penalty => {
                        let room = ind.full + cumulative[i];
                        if room > 0 && rng.chance(0.15) {
                            cumulative[i] -= (rng.range(1, 5) * 10).min(room);
                        }
                        scores[i] = Some((cumulative[i], None));
                    }
                }
            }
            let total: i64 = scores.iter().flatten().map(|(s, _)| s).sum();

            // ── the province ranking: peers around this bureau, a third above
            // it, assessed on the same indicators (the unscored one left out).
            let own_rate = total as f64 / assessable_total.max(1) as f64;
            if peer_rates.is_empty() {
                peer_rates = (0..n_peers)
                    .map(|_| own_rate + rng.uniform(-0.08, 0.04))
                    .collect();
            }
            let mut ranking: Vec<i64> = peer_rates
                .iter_mut()
                .map(|r| {
                    *r = (*r + rng.uniform(-0.008, 0.008)).clamp(0.5, 1.02);
                    (assessable_total as f64 * (*r + season).min(0.995)) as i64 + rng.range(-30, 60)
                })
                .collect();
            ranking[self.self_peer] = total;
            let others: Vec<usize> = (0..n_peers).filter(|&p| p != self.self_peer).collect();
            if rng.chance(0.4) && others.len() >= 2 {
                let (a, b) = (rng.pick(&others), rng.pick(&others));
                ranking[b] = ranking[a];
            }
            if month == tie_month {
                ranking[rng.pick(&others)] = total;
            }
            let rank = 1 + ranking.iter().filter(|&&s| s > total).count();

            // ── internal scores: given at quarter ends, else from the lead indicators
            let units = (month % 3 == 0).then(|| self.given_unit_scores(rng, &scores, month));
            let unit_scores = self.unit_scores(&scores, units.as_deref(), month);
            let required = must_explain(&unit_scores, self.plan.bottom, 80);

            let published = self.published[month as usize - 1];
            let meeting = working_day(add_days(published, rng.range(3, 7)));
            self.gen_explanations(rng, month, published, meeting, &unit_scores, &required);

            let notes = self.month_notes(month, &scores, &ranking, rank, prev_rank, total);
            let next_steps = self.next_steps(month, &scores, &required, &prev_required);
            prev_rank = Some(rank);
            prev_required = required;
            self.months.push(MonthFile {
                month,
                published,
                meeting,
                ranking,
                scores,
                units,
                notes,
                next_steps,
            });
        }
    }

    /// Internal scores (tenths) the leadership gives at a quarter's end: near
    /// each unit's rate on the indicators it leads, or a usual level.
    fn given_unit_scores(
        &self,
        rng: &mut Rng,
        scores: &[Option<(i64, Option<usize>)>],
        month: u32,
    ) -> Vec<i64> {
        let computed = self.unit_scores(scores, None, month);
        (0..self.units.len())
            .map(|u| {
                let base = computed
                    .iter()
                    .find(|(v, _)| *v == u)
                    .map_or_else(|| rng.range(820, 990), |(_, f)| (f.value() * 10.0) as i64);
                // Whole or half points.
                ((base + rng.range(-20, 20)).clamp(600, 1000) / 5) * 5
            })
            .collect()
    }

    /// Each ranked unit's score, as the analysis computes it.
    fn unit_scores(
        &self,
        scores: &[Option<(i64, Option<usize>)>],
        given: Option<&[i64]>,
        month: u32,
    ) -> Vec<(usize, Frac)> {
        if let Some(given) = given {
            return given
                .iter()
                .enumerate()
                .map(|(u, &t)| (u, Frac::new(i128::from(t), 10)))
                .collect();
        }
        let mut sums = vec![(0i64, 0i64); self.units.len()];
        for (ind, s) in self.indicators.iter().zip(scores) {
            let assessable = ind.assessable(month);
            if let (true, Some((s, _))) = (ind.cat.is_rated() && assessable > 0, s) {
                sums[ind.lead].0 += s;
                sums[ind.lead].1 += assessable;
            }
        }
        sums.iter()
            .enumerate()
            .filter(|(_, (_, a))| *a > 0)
            .map(|(u, &(s, a))| (u, Frac::new(100 * i128::from(s), i128::from(a))))
            .collect()
    }

    /// Explanations of the units required to explain: most on time, some
    /// late, some missing; now and then a voluntary one.
    fn gen_explanations(
        &mut self,
        rng: &mut Rng,
        month: u32,
        published: NaiveDate,
        meeting: NaiveDate,
        unit_scores: &[(usize, Frac)],
        required: &[usize],
    ) {
        let due = add_days(published, 5);
        let mut writers: Vec<(usize, NaiveDate)> = Vec::new();
        for &u in required {
            let on_time = add_days(published, rng.range(1, 5)).min(meeting);
            match rng.below(100) {
                0..=69 => writers.push((u, on_time)),
                70..=84 if meeting > due => {
                    writers.push((u, add_days(due, rng.range(1, days_between(due, meeting)))));
                }
                70..=84 => writers.push((u, on_time)),
                _ => {} // missing
            }
        }
        if rng.chance(0.1) {
            let u = rng.below(self.units.len());
            if !required.contains(&u) {
                writers.push((u, add_days(published, rng.range(1, 4)).min(meeting)));
            }
        }
        writers.sort_unstable();
        for (u, submitted) in writers {
            let mut reasons = String::new();
            if let Some((_, f)) = unit_scores.iter().find(|(v, _)| *v == u) {
                let rank = 1 + unit_scores.iter().filter(|(_, g)| g.cmp(f).is_gt()).count();
                reasons.push_str(&format!(
                    "{month}月内部考核{:.1}分，在{}个参评单位中居第{rank}位。",
                    f.value(),
                    unit_scores.len()
                ));
            }
            let worst = self
                .indicators
                .iter()
                .filter(|i| i.lead == u && i.cat.is_rated())
                .min_by(|a, b| a.base_rate.total_cmp(&b.base_rate));
            match worst {
                Some(ind) => reasons.push_str(&format!(
                    "{}{}得分偏低，主要原因是{}。",
                    ind.id,
                    ind.name,
                    rng.pick(CAUSES)
                )),
                None => reasons.push_str(&format!("{}。", rng.pick(CAUSES))),
            }
            let mut picks: Vec<&str> = MEASURES.to_vec();
            rng.shuffle(&mut picks);
            let n = rng.range(2, 3) as usize;
            let measures = picks[..n]
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let end = if k + 1 == n { "。" } else { "；" };
                    format!("{}. {m}{end}\n", k + 1)
                })
                .collect();
            let commitment = rng.chance(0.5).then(|| {
                if month < 12 {
                    format!(
                        "确保{}月考核得分明显提升，**退出后{}位**。",
                        month + 1,
                        self.plan.bottom
                    )
                } else {
                    "确保明年一季度各项任务达到序时进度。".to_string()
                }
            });
            self.explanations.push(ExplanationFile {
                month,
                unit: u,
                submitted,
                reasons,
                measures,
                commitment,
            });
        }
    }

    fn month_notes(
        &self,
        month: u32,
        scores: &[Option<(i64, Option<usize>)>],
        ranking: &[i64],
        rank: usize,
        prev_rank: Option<usize>,
        total: i64,
    ) -> String {
        let n = self.peers.len();
        let tier = tier_name(rank, n);
        let change = match prev_rank {
            None => String::new(),
            Some(p) if p > rank => format!("，较上月前进{}位", p - rank),
            Some(p) if p < rank => format!("，**较上月下降{}位**", rank - p),
            Some(_) => "，与上月持平".into(),
        };
        let mut lines = vec![format!(
            "- 我局得分{}分，居全省第{rank}位（{tier}）{change}。",
            score(total)
        )];
        // The biggest losses of points.
        let mut lost: Vec<(i64, usize)> = self
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, ind)| ind.cat.is_rated())
            .filter_map(|(i, ind)| scores[i].map(|(s, _)| (ind.assessable(month) - s, i)))
            .filter(|(l, _)| *l > 0)
            .collect();
        lost.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        if !lost.is_empty() {
            let named: Vec<String> = lost
                .iter()
                .take(3)
                .map(|&(_, i)| {
                    let ind = &self.indicators[i];
                    let (s, _) = scores[i].unwrap_or_default();
                    format!(
                        "{}{}（得分率{}）",
                        ind.id,
                        ind.name,
                        rate_text(s, ind.assessable(month))
                    )
                })
                .collect();
            lines.push(format!("- 主要失分：{}。", named.join("、")));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            match (ind.cat, scores[i]) {
                (Cat::Bonus, Some((s, _))) if s > 0 && lines.len() < 5 => {
                    lines.push(format!("- {}累计加{}分。", ind.name, number(s)));
                }
                (Cat::Penalty, Some((s, _))) if s < 0 && lines.len() < 6 => {
                    lines.push(format!("- {}扣{}分。", ind.name, number(-s)));
                }
                _ => {}
            }
        }
        // The nearest peer behind, when close.
        if let Some((p, s)) = ranking
            .iter()
            .enumerate()
            .filter(|&(p, &s)| p != self.self_peer && s <= total)
            .max_by_key(|&(p, &s)| (s, std::cmp::Reverse(p)))
        {
            let margin = total - s;
            if margin == 0 {
                lines.push(format!(
                    "- 与{}同分并列，**被反超风险大**。",
                    self.peers[p].name
                ));
            } else if margin < 100 {
                lines.push(format!(
                    "- 领先身后的{}仅{}分，**被反超风险大**。",
                    self.peers[p].name,
                    score(margin)
                ));
            }
        }
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    fn next_steps(
        &self,
        month: u32,
        scores: &[Option<(i64, Option<usize>)>],
        required: &[usize],
        prev_required: &[usize],
    ) -> String {
        let mut items = Vec::new();
        let worst = self
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, ind)| ind.cat.is_rated() && ind.assessable(month) > 0)
            .filter_map(|(i, ind)| {
                scores[i].map(|(s, _)| {
                    (
                        Frac::new(i128::from(s), i128::from(ind.assessable(month))),
                        i,
                    )
                })
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some((_, i)) = worst {
            let ind = &self.indicators[i];
            let unit = &self.units[ind.lead];
            let leader = &self.leaders[unit.leader];
            items.push(format!(
                "{}{}牵头，{}制定{}提分方案，限期补齐短板。",
                leader.name, leader.title, unit.name, ind.name
            ));
        }
        if !required.is_empty() {
            let names: Vec<&str> = required
                .iter()
                .take(4)
                .map(|&u| self.units[u].name.as_str())
                .collect();
            let more = if required.len() > 4 {
                format!("等{}个单位", required.len())
            } else {
                String::new()
            };
            items.push(format!("{}{more}在推进会上作情况说明。", names.join("、")));
        }
        if let Some(&u) = required.iter().find(|u| prev_required.contains(u)) {
            items.push(format!(
                "{}连续两个月须作说明，由分管领导约谈单位负责人。",
                self.units[u].name
            ));
        }
        items.push("各单位对照考核细则逐项查找失分点，建立整改台账。".into());
        items
            .iter()
            .enumerate()
            .map(|(k, s)| format!("{}. {s}\n", k + 1))
            .collect()
    }
}

/// About the 10th of the next month, on a working day.
fn month_published(rng: &mut Rng, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (YEAR + 1, 1)
    } else {
        (YEAR, month + 1)
    };
    working_day(date(y, m, rng.range(8, 12) as u32))
}

/// The three tiers: thirds of the peers.
fn tiers(n: usize) -> [(&'static str, usize, usize); 3] {
    let (a, b) = (n / 3, 2 * n / 3);
    [
        ("第一序列", 1, a),
        ("第二梯队", a + 1, b),
        ("第三梯队", b + 1, n),
    ]
}

fn tier_name(rank: usize, n: usize) -> &'static str {
    tiers(n)
        .into_iter()
        .find(|&(_, first, last)| (first..=last).contains(&rank))
        .map_or("", |(name, ..)| name)
}

/// A unit's internal score as an exact fraction (in points out of 100), so
/// that ties are ties, as in the analysis.
#[derive(Clone, Copy, Debug)]
struct Frac {
    num: i128,
    den: i128,
}

impl Frac {
    fn new(num: i128, den: i128) -> Frac {
        Frac { num, den }
    }

    fn cmp(&self, other: &Frac) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }

    fn value(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// The units that must explain themselves: the lowest `bottom` (ties at the
/// cut included) and any below `below_percent` points.
fn must_explain(scores: &[(usize, Frac)], bottom: usize, below_percent: i128) -> Vec<usize> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let cut = bottom.min(sorted.len()).checked_sub(1).map(|k| sorted[k].1);
    let mut out: Vec<usize> = sorted
        .iter()
        .filter(|(_, f)| cut.is_some_and(|c| f.cmp(&c).is_le()) || f.num < below_percent * f.den)
        .map(|&(u, _)| u)
        .collect();
    out.sort_unstable();
    out
}

// ───────────────────────────── rendering ─────────────────────────────

impl World {
    /// Every file of the workspace: (path relative to the workspace, contents).
    fn render(&self) -> Vec<(String, String)> {
        let mut files = vec![
            ("config.yaml".to_string(), self.render_config()),
            ("units.yaml".to_string(), self.render_units()),
            ("peers.yaml".to_string(), self.render_peers()),
            ("indicators.yaml".to_string(), self.render_indicators()),
            ("tasks.yaml".to_string(), self.render_tasks()),
        ];
        for w in &self.weeks {
            files.push((
                format!("weekly/{YEAR}-W{:02}.yaml", w.week),
                self.render_week(w),
            ));
        }
        for m in &self.months {
            files.push((
                format!("monthly/{YEAR}-{:02}.yaml", m.month),
                self.render_month(m),
            ));
        }
        for e in &self.explanations {
            files.push((
                format!(
                    "explanations/{YEAR}-{:02}/{}.yaml",
                    e.month, self.units[e.unit].id
                ),
                self.render_explanation(e),
            ));
        }
        files
    }

    fn render_config(&self) -> String {
        let mut out = String::new();
        header(&mut out, self, "工作区设置");
        let org = &self.peers[self.self_peer].name;
        emit!(out, "organization: {}", yaml_str(org, false));
        emit!(out, "self: {}", self.peers[self.self_peer].id);
        emit!(out, "year: {YEAR}");
        emit!(out, "issuer: 局目标绩效考核工作领导小组办公室");
        emit!(out, "principal: {}", yaml_str(&self.principal, false));
        emit!(out, "tiers:");
        for (name, first, last) in tiers(self.peers.len()) {
            emit!(out, "  - {{ name: {name}, ranks: [{first}, {last}] }}");
        }
        emit!(out, "warnings:");
        emit!(out, "  overtake_margin: 1.0");
        emit!(out, "  chase_margin: 1.0");
        emit!(out, "  rate_yellow: 0.90");
        emit!(out, "  rate_red: 0.80");
        emit!(out, "  rank_drop: 2");
        emit!(out, "  pace_tolerance: 0.10");
        emit!(out, "explanations:");
        emit!(out, "  bottom: {}", self.plan.bottom);
        emit!(out, "  below_rate: 0.80");
        emit!(out, "  due_days: 5");
        out
    }

    fn render_units(&self) -> String {
        let mut out = String::new();
        header(&mut out, self, "分管领导和内设单位");
        emit!(out, "leaders:");
        for l in &self.leaders {
            emit!(
                out,
                "  - {{ id: {}, name: {}, title: {} }}",
                l.id,
                yaml_str(&l.name, true),
                yaml_str(l.title, true)
            );
        }
        emit!(out, "units:");
        for u in &self.units {
            emit!(
                out,
                "  - {{ id: {}, name: {}, kind: {}, leader: {}, head: {} }}",
                u.id,
                yaml_str(&u.name, true),
                if u.district { "district" } else { "department" },
                self.leaders[u.leader].id,
                yaml_str(&u.head, true)
            );
        }
        out
    }

    fn render_peers(&self) -> String {
        let mut out = String::new();
        header(&mut out, self, "全省同类单位对比组");
        for (i, p) in self.peers.iter().enumerate() {
            let mark = if i == self.self_peer {
                "   # 本局"
            } else {
                ""
            };
            emit!(
                out,
                "- {{ id: {}, name: {} }}{mark}",
                p.id,
                yaml_str(&p.name, true)
            );
        }
        out
    }

    fn render_indicators(&self) -> String {
        let mut out = String::new();
        header(&mut out, self, "考核指标体系");
        for ind in &self.indicators {
            emit!(out, "");
            emit!(out, "- id: {}", ind.id);
            emit!(out, "  name: {}", yaml_str(&ind.name, false));
            emit!(out, "  category: {}", ind.cat.as_str());
            if ind.full_written {
                emit!(out, "  full_score: {}", number(ind.full));
            }
            emit!(out, "  lead: {}", self.units[ind.lead].id);
            if !ind.support.is_empty() {
                let ids: Vec<&str> = ind
                    .support
                    .iter()
                    .map(|&u| self.units[u].id.as_str())
                    .collect();
                emit!(out, "  support: [{}]", ids.join(", "));
            }
            emit!(out, "  target: {}", yaml_str(&ind.target, false));
            if !ind.stages.is_empty() {
                emit!(out, "  stages:");
                for s in &ind.stages {
                    emit!(
                        out,
                        "    - {{ name: {}, end: {}, full_score: {} }}",
                        s.name,
                        s.end,
                        number(s.full)
                    );
                }
            }
        }
        out
    }

    fn render_tasks(&self) -> String {
        let mut out = String::new();
        header(&mut out, self, "任务清单");
        for t in &self.tasks {
            emit!(out, "");
            emit!(out, "- id: {}", t.id);
            emit!(out, "  indicator: {}", self.indicators[t.indicator].id);
            emit!(out, "  unit: {}", self.units[t.unit].id);
            emit!(out, "  title: {}", yaml_str(&t.title, false));
            emit!(out, "  owner: {}", yaml_str(&t.owner, false));
            emit!(out, "  start: {}", t.start);
            emit!(out, "  due: {}", t.due);
        }
        out
    }

    fn render_week(&self, w: &WeekFile) -> String {
        let mut out = String::new();
        header(&mut out, self, "周进度");
        emit!(out, "week: {YEAR}-W{:02}", w.week);
        emit!(out, "reported: {}", w.reported);
        emit!(out, "");
        if w.updates.is_empty() {
            emit!(out, "updates: []");
        } else {
            emit!(out, "updates:");
        }
        for u in &w.updates {
            let t = &self.tasks[u.task];
            emit!(out, "  - task: {}", t.id);
            emit!(
                out,
                "    progress: {}",
                progress(u.progress, self.units[t.unit].decimal_progress)
            );
            if let Some(s) = u.status {
                emit!(out, "    status: {s}");
            }
            if let Some(n) = &u.note {
                emit!(out, "    note: {}", yaml_str(n, false));
            }
        }
        if !w.risks.is_empty() {
            emit!(out, "");
            emit!(out, "risks:");
            for r in &w.risks {
                emit!(out, "  - unit: {}", self.units[r.unit].id);
                if let Some(i) = r.indicator {
                    emit!(out, "    indicator: {}", self.indicators[i].id);
                }
                emit!(out, "    level: {}", r.level);
                emit!(out, "    text: {}", yaml_str(&r.text, false));
            }
        }
        if let Some(req) = &w.requirements {
            emit!(out, "");
            yaml_block(&mut out, 0, "requirements", req);
        }
        out
    }

    fn render_month(&self, m: &MonthFile) -> String {
        let mut out = String::new();
        header(&mut out, self, "省考核办月度通报");
        emit!(out, "month: {YEAR}-{:02}", m.month);
        emit!(out, "published: {}", m.published);
        emit!(out, "meeting: {}", m.meeting);
        if m.month == 1 {
            emit!(out, "scope: 1月");
        } else {
            emit!(out, "scope: 1—{}月累计", m.month);
        }
        emit!(out, "");
        emit!(out, "ranking:");
        for (p, s) in self.peers.iter().zip(&m.ranking) {
            emit!(out, "  {}: {}", p.id, score(*s));
        }
        emit!(out, "");
        emit!(out, "indicators:");
        for (ind, s) in self.indicators.iter().zip(&m.scores) {
            match s {
                Some((s, Some(rank))) => {
                    emit!(
                        out,
                        "  {}: {{ score: {}, rank: {rank} }}",
                        ind.id,
                        score(*s)
                    );
                }
                Some((s, None)) => emit!(out, "  {}: {{ score: {} }}", ind.id, score(*s)),
                None => {}
            }
        }
        if let Some(units) = &m.units {
            emit!(out, "");
            emit!(out, "units:");
            for (u, t) in self.units.iter().zip(units) {
                emit!(out, "  {}: {}", u.id, tenths(*t));
            }
        }
        emit!(out, "");
        yaml_block(&mut out, 0, "notes", &m.notes);
        emit!(out, "");
        yaml_block(&mut out, 0, "next_steps", &m.next_steps);
        out
    }

    fn render_explanation(&self, e: &ExplanationFile) -> String {
        let mut out = String::new();
        header(&mut out, self, "情况说明");
        emit!(out, "unit: {}", self.units[e.unit].id);
        emit!(out, "month: {YEAR}-{:02}", e.month);
        emit!(out, "submitted: {}", e.submitted);
        emit!(out, "");
        yaml_block(&mut out, 0, "reasons", &e.reasons);
        yaml_block(&mut out, 0, "measures", &e.measures);
        if let Some(c) = &e.commitment {
            yaml_block(&mut out, 0, "commitment", c);
        }
        out
    }
}
