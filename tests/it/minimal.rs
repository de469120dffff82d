//! A small valid workspace, file by file: the base of most fixtures
//! (and of the fuzz target, which includes this file).

pub const CONFIG: &str = "\
organization: 测试局
self: p3
year: 2026
principal: 王局长
tiers:
  - { name: 第一序列, ranks: [1, 2] }
  - { name: 第二梯队, ranks: [3, 4] }
  - { name: 第三梯队, ranks: [5, 6] }
";

pub const UNITS: &str = "\
leaders:
  - { id: l1, name: 李一, title: 副局长 }
  - { id: l2, name: 张二, title: 副局长 }
units:
  - { id: u1, name: 办公室, kind: department, leader: l1, head: 赵甲 }
  - { id: u2, name: 政策科, kind: department, leader: l1, head: 钱乙 }
  - { id: u3, name: 东区, kind: district, leader: l2, head: 孙丙 }
";

pub const PEERS: &str = "\
- { id: p1, name: 一市局 }
- { id: p2, name: 二市局 }
- { id: p3, name: 本局 }
- { id: p4, name: 四市局 }
- { id: p5, name: 五市局 }
- { id: p6, name: 六市局 }
";

pub const INDICATORS: &str = "\
- { id: K1, name: 指标一, category: kpi, full_score: 10, lead: u1 }
- { id: K2, name: 指标二, category: kpi, full_score: 10, lead: u2 }
- id: S1
  name: 专项一
  category: special
  full_score: 4
  lead: u3
  stages:
    - { name: 一季度, end: 2026-03-31, full_score: 1.5 }
    - { name: 二季度, end: 2026-06-30, full_score: 2.5 }
- { id: E1, name: 满意度, category: evaluation, full_score: 10, lead: u3 }
- { id: B1, name: 创新加分, category: bonus, full_score: 2, lead: u1 }
- { id: P1, name: 安全扣分, category: penalty, full_score: 3, lead: u2 }
";

pub const TASKS: &str = "\
- { id: T1, indicator: K1, unit: u1, title: 任务一, owner: 周一, start: 2026-01-05, due: 2026-01-25 }
- { id: T2, indicator: K2, unit: u2, title: 任务二, owner: 吴二, start: 2026-01-05, due: 2026-03-06 }
- { id: T3, indicator: E1, unit: u3, title: 任务三, owner: 郑三, start: 2026-01-16, due: 2026-01-16 }
- { id: T4, indicator: K1, unit: u1, title: 任务四, owner: 王四, start: 2026-03-02, due: 2026-06-30 }
";

/// February's results for the minimal workspace: the bureau (p3) third,
/// every indicator assessed.
pub const FEB_MONTH: &str = "month: 2026-02
published: 2026-03-10
ranking: { p1: 92, p2: 91, p3: 88, p4: 87, p5: 86, p6: 85 }
indicators:
  K1: { score: 9 }
  K2: { score: 8 }
  S1: { score: 0 }
  E1: { score: 9.5 }
";
