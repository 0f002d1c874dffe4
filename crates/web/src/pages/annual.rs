//! 行政执法统计年报 pages: the staff's list with deadlines, one report with its correction form
//! and publication, and the public page of a year with charts drawn on the server.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::api::annual::{EditInput, ReportView, edit_command, last_year, public_year, report_view, staff_views};
use crate::auth::current_session;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use zhifa_core::access::{Action, allowed as may};
use zhifa_core::annual::{self as annual, bar_chart_svg};
use zhifa_store::Command;

#[derive(Deserialize)]
pub(super) struct YearQ {
    year: Option<i32>,
}

/// The staff's list of a year's reports with their deadlines.
pub(super) async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<YearQ>,
) -> Result<Html<String>, PageError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    let year = q.year.unwrap_or_else(last_year);
    let reports = staff_views(&state, &s, year).await?;
    render(
        &state,
        "annual_reports.html",
        json!({ "session": ctx(&s), "year": year, "reports": reports, "due_on": annual::due_date(year).to_string(),
            "may_draft": may(&s.caller, Action::CompileAnnualReport, None), "rule": annual::DEADLINE_RULE }),
    )
}

/// One report with its correction form.
pub(super) async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    page(&state, &s, id, HashMap::new(), HashMap::new()).await
}

async fn page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let r = report_view(state, s, id).await?;
    let metrics: Vec<_> = annual::metrics()
        .into_iter()
        .map(|m| json!({"key": m.key, "label": format!("{}｜{}", m.group, m.label)}))
        .collect();
    render(
        state,
        "annual_report.html",
        json!({ "session": ctx(s), "r": r, "metrics": metrics, "values": values, "errors": errors,
            "may_compile": may(&s.caller, Action::CompileAnnualReport, r.body_id) }),
    )
}

/// The report's forms: a correction, or publication.
pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let r = report_view(&state, &s, id).await?;
    s.require(Action::CompileAnnualReport, r.body_id)?;
    let cmd = match one(&p, "action").as_str() {
        "publish" => Ok(Command::PublishAnnualReport { id }),
        _ => edit_command(
            id,
            &EditInput { metric: one(&p, "metric"), value: one(&p, "value"), reason: one(&p, "reason") },
        ),
    };
    let done = match cmd {
        Ok(c) => state.app.store.execute(&s.actor(), c).await.map_err(ApiError::from),
        Err(i) => Err(i.into()),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/annual-reports/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&state, &s, id, values, errors).await?).into_response())
        }
        Err(ApiError::Conflict(m)) => {
            let errors = HashMap::from([("status".to_string(), m)]);
            Ok((StatusCode::CONFLICT, page(&state, &s, id, HashMap::new(), errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Drafts a year's reports at once (the justice bureau, before the automatic round).
pub(super) async fn draft(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    s.require(Action::CompileAnnualReport, None)?;
    let year: i32 =
        one(&p, "year").parse().map_err(|_| ApiError::from(zhifa_core::Invalid::field("year", "年度无效")))?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    state.app.store.execute(&s.actor(), Command::DraftAnnualReports { year, today }).await.map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/annual-reports?year={year}")).into_response())
}

/// The public page of the latest year with a published report (or a note that there is none).
pub(super) async fn public_index(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    match state.app.store.annual_report_years().await?.first() {
        Some(y) => year_page(&state, session, *y as i32).await,
        None => render(&state, "public_reports.html", json!({ "session": session, "data": (), "years": [] })),
    }
}

fn figure<'a>(r: &'a ReportView, key: &str) -> Option<&'a crate::api::annual::FigureRow> {
    r.figures.iter().find(|f| f.key == key)
}

/// Bar charts of a report: cases by kind, penalties by kind, licensing outcomes.
fn charts(r: &ReportView, bodies: &[ReportView]) -> Vec<String> {
    let bars = |prefix: &str, strip: &str| -> Vec<(String, i64, String)> {
        r.figures
            .iter()
            .filter(|f| f.key.starts_with(prefix) && f.unit == "件" && f.value > 0)
            .map(|f| (f.label.trim_start_matches(strip).to_string(), f.value, format!("{}件", f.display)))
            .collect()
    };
    let by_kind: Vec<_> = bars("cases.", "");
    let penalties: Vec<_> = bars("penalty.", "其中：").into_iter().filter(|b| b.0 != "作出行政处罚决定").collect();
    let permits: Vec<_> = bars("permits.", "");
    let fines: Vec<_> = bodies
        .iter()
        .filter_map(|b| {
            let name = b.name.trim_start_matches("天津市").trim_start_matches("宝坻区").to_string();
            figure(b, "penalty.fines").map(|f| (name, f.value, format!("{}元", f.display)))
        })
        .collect();
    vec![
        bar_chart_svg("新办案件（按执法行为类型）", &by_kind),
        bar_chart_svg("行政处罚决定（按处罚种类）", &penalties),
        bar_chart_svg("行政许可办理情况", &permits),
        bar_chart_svg("罚款金额（按执法主体）", &fines),
    ]
}

/// The public page of a year: the district's figures with charts, each body's report with its
/// corrections, which bodies have not published, and the downloads.
pub(super) async fn public_report(
    State(state): State<AppState>,
    parts: Parts,
    Path(year): Path<String>,
) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let year: i32 = year.parse().map_err(|_| ApiError::NotFound("年报"))?;
    year_page(&state, session, year).await
}

async fn year_page(state: &AppState, session: Option<super::SessionCtx>, year: i32) -> Result<Html<String>, PageError> {
    let data = public_year(state, year).await?;
    let years = state.app.store.annual_report_years().await?;
    if data.district.is_none() && data.bodies.is_empty() {
        return Err(ApiError::NotFound("年报").into());
    }
    let charts = data.district.as_ref().map(|d| charts(d, &data.bodies)).unwrap_or_default();
    let groups: Vec<&str> = {
        let mut g: Vec<&str> = annual::metrics().iter().map(|m| m.group).collect();
        g.dedup();
        g
    };
    render(
        state,
        "public_reports.html",
        json!({ "session": session, "data": data, "years": years, "charts": charts, "groups": groups }),
    )
}
