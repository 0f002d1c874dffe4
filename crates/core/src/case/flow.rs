//! The flowchart of a procedure, drawn from the machine's own transition table
//! ([`super::machine::transitions`]): the stages in procedure order, what may be recorded in
//! each and where it leads. Published with each power-list item's service guide (事前公开), it
//! cannot drift from what the system enforces.

use super::machine::transitions;
use super::model::{CaseKind, Stage, StepKind};
use crate::ids::xml_escape as esc;
use serde::Serialize;

/// A step as the flowchart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStep {
    /// the step's code
    pub step: StepKind,
    /// its name
    pub label: &'static str,
    /// the stage it leads to (`None`: the case stays in this stage)
    pub to: Option<Stage>,
    /// that stage's name
    pub to_label: Option<&'static str>,
    /// the rule that places it
    pub rule: &'static str,
}

/// A stage and what may be recorded in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStage {
    /// the stage
    pub stage: Stage,
    /// its name
    pub label: &'static str,
    /// the steps that may be recorded in it
    pub steps: Vec<FlowStep>,
}

/// The stages of a procedure in order (the start, then each stage in the order the procedure
/// first leads to it), each with its steps.
pub fn flow(kind: CaseKind) -> Vec<FlowStage> {
    let ts = transitions(kind);
    let mut order = vec![Stage::Registered];
    for t in &ts {
        if let Some(to) = t.to
            && !order.contains(&to)
        {
            order.push(to);
        }
    }
    order
        .into_iter()
        .map(|stage| FlowStage {
            stage,
            label: stage.label(),
            steps: ts
                .iter()
                .filter(|t| t.from.contains(&stage))
                .map(|t| FlowStep {
                    step: t.step,
                    label: t.step.label(),
                    to: t.to,
                    to_label: t.to.map(Stage::label),
                    rule: t.rule,
                })
                .collect(),
        })
        .collect()
}

/// The kind of case that carries out a power-list item's procedure (a penalty item: the general
/// procedure, whose chart shows every safeguard).
pub fn kind_for(procedure: crate::registry::ProcedureKind) -> CaseKind {
    CaseKind::ALL.iter().copied().find(|k| k.fits(procedure)).unwrap_or(CaseKind::PenaltyGeneral)
}

const WIDTH: u32 = 500;
const BOX_X: u32 = 12;
const BOX_W: u32 = 130;
const LINE: u32 = 20;
const GAP: u32 = 40;

/// The flowchart as SVG: a column of stages joined by the step that leads from each to the
/// next; beside each stage, every step that may be recorded there and where it leads (hover: the
/// rule). Text is drawn in the page's font.
pub fn flowchart_svg(kind: CaseKind) -> String {
    let stages = flow(kind);
    let mut body = String::new();
    let mut y = 12;
    for (i, st) in stages.iter().enumerate() {
        let lines = st.steps.len().max(1) as u32;
        let h = (lines * LINE + 12).max(40);
        let cx = BOX_X + BOX_W / 2;
        let last = i + 1 == stages.len();
        let end = st.steps.is_empty();
        body.push_str(&format!(
            "<g class=\"stage\"><rect x=\"{BOX_X}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{h}\" rx=\"8\" fill=\"{}\" stroke=\"#1e3a8a\"/>\
             <text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1e3a8a\">{}</text></g>\n",
            if end { "#dcfce7" } else { "#eff6ff" },
            y + h / 2 + 5,
            esc(st.label)
        ));
        for (k, s) in st.steps.iter().enumerate() {
            let ly = y + 20 + k as u32 * LINE;
            let dest = match s.to_label {
                Some(to) if s.to != Some(st.stage) => format!("→ {to}"),
                _ => "（阶段不变）".to_string(),
            };
            body.push_str(&format!(
                "<g class=\"step\"><title>{}</title><text x=\"{}\" y=\"{ly}\" font-size=\"13\" fill=\"#111827\">▸ {} <tspan fill=\"#6b7280\">{}</tspan></text></g>\n",
                esc(s.rule),
                BOX_X + BOX_W + 18,
                esc(s.label),
                esc(&dest)
            ));
        }
        y += h;
        if !last {
            let next = stages[i + 1].stage;
            let via: Vec<&str> = st.steps.iter().filter(|s| s.to == Some(next)).map(|s| s.label).collect();
            let (dash, label) =
                if via.is_empty() { (" stroke-dasharray=\"4 4\"", String::new()) } else { ("", via.join("／")) };
            body.push_str(&format!(
                "<line x1=\"{cx}\" y1=\"{y}\" x2=\"{cx}\" y2=\"{}\" stroke=\"#1e3a8a\" stroke-width=\"2\" marker-end=\"url(#arrow)\"{dash}/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1d4ed8\">{}</text>\n",
                y + GAP - 4,
                cx + 8,
                y + GAP / 2 + 4,
                esc(&label)
            ));
            y += GAP;
        }
    }
    let height = y + 12;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}流程图\" font-family=\"inherit\">\n\
         <title>{}流程图（由系统执行的程序定义生成）</title>\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1e3a8a\"/></marker></defs>\n{body}</svg>\n",
        esc(kind.label()),
        esc(kind.label())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_and_step_of_the_table_is_drawn_in_order() {
        for kind in CaseKind::ALL.iter().copied() {
            let f = flow(kind);
            assert_eq!(f[0].stage, Stage::Registered, "{kind:?}");
            let drawn: std::collections::BTreeSet<&str> =
                f.iter().flat_map(|s| s.steps.iter().map(|t| t.step.code())).collect();
            let known: std::collections::BTreeSet<&str> =
                super::super::machine::steps_of(kind).iter().map(|s| s.code()).collect();
            assert_eq!(drawn, known, "{kind:?}: every step appears beside some stage");
            let svg = flowchart_svg(kind);
            for st in &f {
                assert!(svg.contains(st.label), "{kind:?}: {}", st.label);
            }
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
            assert_eq!(svg.matches("<g class=\"stage\">").count(), f.len());
        }
    }

    #[test]
    fn the_general_penalty_procedure_reads_as_the_statute_orders_it() {
        let f = flow(CaseKind::PenaltyGeneral);
        let order: Vec<&str> = f.iter().map(|s| s.label).collect();
        let pos = |l: &str| order.iter().position(|x| *x == l).expect(l);
        assert!(pos("已立案") < pos("已告知") && pos("已告知") < pos("已决定") && pos("已决定") < pos("已归档"));
        // A decision is only offered after the notice (第六十二条), never straight after filing.
        let filed = &f[pos("已立案")];
        assert!(!filed.steps.iter().any(|s| s.step == StepKind::Decide));
        let notified = &f[pos("已告知")];
        let decide = notified.steps.iter().find(|s| s.step == StepKind::Decide).expect("decide");
        assert!(decide.rule.contains("第六十二条"));
        // The measure procedure: approval first.
        let m = flow(CaseKind::CompulsoryMeasure);
        assert_eq!(m[1].stage, Stage::Approved, "{m:?}");
    }
}
