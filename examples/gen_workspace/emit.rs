//! The YAML writers: every file of the workspace rendered from the `World`,
//! with the quoting, block scalars and header they share.

use crate::YEAR;
use crate::generate::tiers;
use crate::model::{ExplanationFile, MonthFile, WeekFile, World};
use crate::text::{number, progress, score, tenths};

/// `writeln!` into a `String`, which cannot fail.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        writeln!($out, $($arg)*).expect("writing to a String cannot fail");
    }};
}

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
pub(crate) const MARK: &str = "合成测试数据：gen_workspace";

fn header(out: &mut String, world: &World, what: &str) {
    emit!(
        out,
        "# {what}（{MARK} --scale {} --seed {}，内容均为虚构）",
        world.plan.scale,
        world.seed
    );
}

impl World {
    /// Every file of the workspace: (path relative to the workspace, contents).
    pub(crate) fn render(&self) -> Vec<(String, String)> {
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
