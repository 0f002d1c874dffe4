//! 考核评议 pages: a year's table with its ranking (each count opens its rows), the weights form
//! and publishing for the bureau, and the published tables on the portal.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use zhifa_core::access::{Action, allowed};
use zhifa_core::supervision::assessment::{Indicator, Weights};

#[derive(Debug, Default, serde::Deserialize)]
struct YearQ {
    year: Option<String>,
}

fn this_year() -> i32 {
    chrono::Datelike::year(&zhifa_core::time::shanghai_date(chrono::Utc::now()))
}

async fn table_page(
    state: &AppState,
    s: &crate::auth::Session,
    year: i32,
    errors: HashMap<String, String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let who = s.who();
    let t = state.app.assessment(&who, year).await?;
    let w = state.app.assessment_weights(&who).await?;
    let history: Vec<_> =
        w.history.iter().map(|h| json!({ "h": h, "at": zhifa_core::time::display(h.set_at) })).collect();
    let years: Vec<i32> = (2024..=this_year()).rev().collect();
    let html = render(
        state,
        "assessment.html",
        json!({ "session": ctx(s), "t": t, "years": years, "history": history,
            "may_run": allowed(&s.caller, Action::RunEvaluation, None), "errors": errors }),
    )?;
    Ok((status, html).into_response())
}

/// 考核评议: a year's table.
async fn page(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<YearQ>,
) -> Result<Response, PageError> {
    let year = q.year.as_deref().and_then(|y| y.trim().parse().ok()).unwrap_or_else(this_year);
    table_page(&state, &s, year, HashMap::new(), StatusCode::OK).await
}

#[derive(Debug, serde::Deserialize)]
struct RowsQ {
    year: i32,
    body_id: i64,
    indicator: String,
}

/// The rows behind one count.
async fn rows(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<RowsQ>,
) -> Result<Html<String>, PageError> {
    let rows = state.app.assessment_rows(&s.who(), q.year, q.body_id, &q.indicator).await?;
    let i =
        Indicator::parse(&q.indicator).map_err(|e| ApiError::Invalid(zhifa_core::Invalid::field("indicator", e)))?;
    let body = state.app.store.get_body(q.body_id).await?.map(|b| b.name).unwrap_or_default();
    let (numerator, denominator) = i.counted_as();
    let list: Vec<_> = rows
        .iter()
        .map(|r| {
            let href = match r.table {
                "officers" => format!("/officers/{}", r.id),
                "publications" => format!("/publications/{}", r.id),
                "complaints" => format!("/complaints/{}", r.id),
                _ => format!("/cases/{}", r.id),
            };
            json!({ "r": r, "href": href })
        })
        .collect();
    render(
        &state,
        "assessment_rows.html",
        json!({ "session": ctx(&s), "year": q.year, "body": body, "label": i.label(), "numerator": numerator,
            "denominator": denominator, "rows": list, "num": rows.iter().map(|r| r.numerator).sum::<i64>(),
            "den": rows.iter().map(|r| r.denominator).sum::<i64>() }),
    )
}

/// The bureau sets the weights from the form (`w_<indicator>` and `reason`).
async fn set_weights(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut weights = BTreeMap::new();
    let mut errors = HashMap::new();
    for i in Indicator::ALL {
        match one(&p, &format!("w_{}", i.code())).parse::<u32>() {
            Ok(w) => {
                weights.insert(i.code().to_owned(), w);
            }
            Err(_) => {
                errors.insert("weights".to_owned(), format!("“{}”的权重应为整数", i.label()));
            }
        }
    }
    let year = one(&p, "year").parse().unwrap_or_else(|_| this_year());
    if !errors.is_empty() {
        return table_page(&state, &s, year, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state
        .app
        .set_assessment_weights(&s.who(), Weights { weights }, one(&p, "reason"))
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => Ok(Redirect::to(&format!("/assessment?year={year}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (_, errors) = super::returned(&p, &i);
            table_page(&state, &s, year, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The bureau publishes a year's table.
async fn publish(
    State(state): State<AppState>,
    Path(year): Path<i32>,
    PageForm(s, _p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let o = state.app.publish_assessment(&s.who(), year).await?;
    Ok(Redirect::to(&format!("/public/assessment/{}", o.id)).into_response())
}

/// 考核结果 (public): the published tables.
async fn public_list(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let rows: Vec<_> = state
        .app
        .published_assessments()
        .await?
        .iter()
        .map(|p| json!({ "p": p, "at": zhifa_core::time::display(p.published_at) }))
        .collect();
    render(&state, "public_assessment.html", json!({ "session": session, "rows": rows, "one": null }))
}

/// One published table, as published.
async fn public_item(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let (p, t) = state.app.published_assessment(id).await?;
    render(
        &state,
        "public_assessment.html",
        json!({ "session": session, "one": t, "p": p, "at": zhifa_core::time::display(p.published_at) }),
    )
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/assessment", get(page))
        .route("/assessment/rows", get(rows))
        .route("/assessment/weights", post(set_weights))
        .route("/assessment/{year}/publish", post(publish))
        .route("/public/assessment", get(public_list))
        .route("/public/assessment/{id}", get(public_item))
}
