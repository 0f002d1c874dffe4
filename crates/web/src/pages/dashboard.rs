//! 驾驶舱: the justice bureau's dashboard (or a body's, for its head and administrator): open
//! cases by body and stage, overdue cases, open warnings by rule, severity and age, 督办, and
//! the last twelve months, drawn as server-side SVG with a table under each chart whose every
//! number links to its rows.

use super::{PageError, PageSession, ctx, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use zhifa_core::annual::bar_chart_svg;
use zhifa_core::case::Stage;
use zhifa_core::supervision::{Severity, rule};

#[derive(Debug, Default, serde::Deserialize)]
struct DashQ {
    body_id: Option<String>,
}

/// 驾驶舱
async fn page(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<DashQ>,
) -> Result<Html<String>, PageError> {
    let chosen = q.body_id.as_deref().filter(|b| !b.trim().is_empty()).and_then(|b| b.trim().parse().ok());
    let d = state.app.dashboard(&s.who(), chosen).await?;
    let f = &d.figures;
    let bodies = super::supervision::body_names(&state).await?;
    let name = |id: i64| bodies.get(&id).cloned().unwrap_or_else(|| format!("主体{id}"));
    // Open cases: one row per body, one column per stage present.
    let stages: BTreeSet<&str> = f.open_cases.iter().map(|c| c.stage.as_str()).collect();
    let stages: Vec<Stage> = Stage::ALL.iter().copied().filter(|st| stages.contains(st.code())).collect();
    let mut per_body: BTreeMap<i64, BTreeMap<&str, i64>> = BTreeMap::new();
    for c in &f.open_cases {
        per_body.entry(c.body_id).or_default().insert(c.stage.as_str(), c.count);
    }
    for c in &f.overdue_cases {
        per_body.entry(c.body_id).or_default();
    }
    let overdue: BTreeMap<i64, i64> = f.overdue_cases.iter().map(|c| (c.body_id, c.count)).collect();
    let rows: Vec<_> = per_body
        .iter()
        .map(|(b, counts)| {
            let cells: Vec<_> = stages
                .iter()
                .map(|st| {
                    json!({"n": counts.get(st.code()).copied().unwrap_or(0),
                    "href": format!("/cases?body_id={b}&stage={}", st.code())})
                })
                .collect();
            json!({"body": name(*b), "id": b, "cells": cells, "total": counts.values().sum::<i64>(),
                "overdue": overdue.get(b).copied().unwrap_or(0)})
        })
        .collect();
    let open_total: i64 = f.open_cases.iter().map(|x| x.count).sum();
    let overdue_total: i64 = overdue.values().sum();
    let by_body: Vec<(String, i64, String)> =
        per_body.iter().map(|(b, c)| (name(*b), c.values().sum(), c.values().sum::<i64>().to_string())).collect();
    // Warnings by rule and severity.
    let mut by_rule: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for c in &f.clues {
        let e = by_rule.entry(c.rule.as_str()).or_default();
        if c.severity == Severity::Red.code() { e.0 += c.count } else { e.1 += c.count }
    }
    let rules: Vec<_> = by_rule
        .iter()
        .map(|(r, (red, yellow))| json!({"id": r, "title": rule(r).map(|x| x.title).unwrap_or_default(), "red": red, "yellow": yellow}))
        .collect();
    let rule_bars: Vec<(String, i64, String)> = by_rule
        .iter()
        .map(|(r, (red, yellow))| {
            let title = rule(r).map(|x| x.title).unwrap_or_default();
            (format!("{r} {title}"), red + yellow, format!("红{red} 黄{yellow}"))
        })
        .collect();
    let red: i64 = by_rule.values().map(|v| v.0).sum();
    let yellow: i64 = by_rule.values().map(|v| v.1).sum();
    let ages: Vec<_> = f
        .clue_ages
        .iter()
        .map(|a| {
            let label = Severity::parse(&a.severity).map(Severity::label).unwrap_or_default();
            json!({"severity": a.severity, "label": label, "week": a.week, "month": a.month, "older": a.older})
        })
        .collect();
    let months: Vec<(String, i64, String)> =
        f.months.iter().map(|m| (m.month.clone(), m.registered, m.registered.to_string())).collect();
    let scope_name = d.body_id.map(name);
    let district = s.caller.scope() == zhifa_core::access::Scope::All;
    let choices = if district { super::supervision::body_choices(&bodies, s.caller.scope()) } else { Vec::new() };
    let b = d.body_id.map(|b| format!("&body_id={b}")).unwrap_or_default();
    render(
        &state,
        "dashboard.html",
        json!({ "session": ctx(&s), "d": &*d, "scope_name": scope_name, "district": district, "bodies": choices,
            "stages": stages.iter().map(|st| st.label()).collect::<Vec<_>>(), "rows": rows,
            "open_total": open_total, "overdue_total": overdue_total, "red": red, "yellow": yellow,
            "rules": rules, "ages": ages, "b": b,
            "chart_bodies": bar_chart_svg("未结案件（按执法主体）", &by_body),
            "chart_rules": bar_chart_svg("未关闭的预警线索（按规则）", &rule_bars),
            "chart_months": bar_chart_svg("近十二个月新登记案件", &months) }),
    )
}

/// The routes of this page.
pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/dashboard", get(page))
}
