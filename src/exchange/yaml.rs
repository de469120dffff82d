//! The YAML text the imports write: a weekly or a monthly file, whole.
//!
//! Every string is written double-quoted with JSON's escapes (a subset of
//! YAML's), so no value from a spreadsheet can change the file's structure;
//! the result is checked again before it is written.

use std::fmt::Write as _;

use crate::model::{Num, RiskLevel, UpdateStatus};

/// A string as a YAML scalar that is always read back as the same string.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub struct WeekOut<'a> {
    pub week: String,
    pub reported: String,
    pub updates: Vec<UpdateOut<'a>>,
    pub risks: Vec<RiskOut<'a>>,
    pub requirements: Option<&'a str>,
}

pub struct UpdateOut<'a> {
    pub task: &'a str,
    pub progress: Num,
    pub status: Option<UpdateStatus>,
    pub note: Option<&'a str>,
}

pub struct RiskOut<'a> {
    pub unit: &'a str,
    pub level: RiskLevel,
    pub indicator: Option<&'a str>,
    pub text: &'a str,
}

pub fn week(w: &WeekOut) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# yaml-language-server: $schema=../../schemas/weekly.schema.json"
    );
    let _ = writeln!(
        t,
        "# 由 kpibrief import 根据各单位报送的填报表合并生成；改动前的文件保存在 weekly/.history/。"
    );
    let _ = writeln!(t, "week: {}", w.week);
    let _ = writeln!(t, "reported: {}", w.reported);
    if w.updates.is_empty() {
        let _ = writeln!(t, "updates: []");
    } else {
        let _ = writeln!(t, "\nupdates:");
    }
    for u in &w.updates {
        let _ = writeln!(t, "  - task: {}", quote(u.task));
        let _ = writeln!(t, "    progress: {}", super::number::yaml_pct(u.progress));
        match u.status {
            Some(UpdateStatus::Blocked) => {
                let _ = writeln!(t, "    status: blocked");
            }
            Some(UpdateStatus::Paused) => {
                let _ = writeln!(t, "    status: paused");
            }
            None => {}
        }
        if let Some(n) = u.note {
            let _ = writeln!(t, "    note: {}", quote(n));
        }
    }
    if !w.risks.is_empty() {
        let _ = writeln!(t, "\nrisks:");
    }
    for r in &w.risks {
        let level = match r.level {
            RiskLevel::High => "high",
            RiskLevel::Medium => "medium",
            RiskLevel::Low => "low",
        };
        let _ = writeln!(t, "  - unit: {}", quote(r.unit));
        let _ = writeln!(t, "    level: {level}");
        if let Some(i) = r.indicator {
            let _ = writeln!(t, "    indicator: {}", quote(i));
        }
        let _ = writeln!(t, "    text: {}", quote(r.text));
    }
    if let Some(req) = w.requirements {
        let _ = writeln!(t, "\nrequirements: {}", quote(req));
    }
    t
}
