//! 督办 pages: the justice bureau's acts on a clue (from the clue's page), the supervision
//! documents (list, the form that issues one, each document with its replies), the body's
//! reply form and the bureau's verdict form.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::HashMap;
use zhifa_app::oversight::ClueActInput;
use zhifa_core::access::{Action, allowed};
use zhifa_core::supervision::oversight::{
    ConcludeInput, DEFAULT_REPLY_DAYS, NoticeInput, NoticeKind, NoticeStatus, ReplyInput, Route,
};
use zhifa_store::supervision::NoticeFilter;

use super::supervision::{body_choices, body_names};

/// A supervision document as the list shows it.
fn row(
    n: &zhifa_store::model::SupervisionNotice,
    bodies: &HashMap<i64, String>,
    today: chrono::NaiveDate,
) -> serde_json::Value {
    json!({ "n": n, "kind_label": n.kind.label(), "status_label": n.status.label(),
        "body": bodies.get(&n.body_id).cloned().unwrap_or_default(),
        "overdue": n.status == NoticeStatus::Issued && today > n.deadline,
        "issued": zhifa_core::time::display(n.issued_at) })
}

/// The ids of a list typed as "12, 15 16".
fn ids(text: &str, field: &str, inv: &mut zhifa_core::Invalid) -> Vec<i64> {
    text.split(['，', ',', ' ', '、'])
        .filter(|x| !x.trim().is_empty())
        .filter_map(|x| x.trim().parse().map_err(|_| inv.push(field, format!("“{x}”不是编号"))).ok())
        .collect()
}

/// The acts on a clue (route or dismiss), from the clue's page.
async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let input = ClueActInput {
        act: one(&p, "act"),
        route: Some(one(&p, "route")).filter(|r| !r.is_empty()),
        note: Some(one(&p, "note")).filter(|r| !r.is_empty()),
    };
    match state.app.act_on_clue(&s.who(), id, input).await.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/warnings/{id}#oversight")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            let page = super::supervision::clue_page(&state, &s, id, values, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// What the clue's page shows of 督办: the acts so far and the documents issued on it.
pub(super) async fn clue_oversight(
    state: &AppState,
    s: &crate::auth::Session,
    clue_id: i64,
) -> Result<serde_json::Value, PageError> {
    let acts: Vec<_> = state
        .app
        .clue_actions(&s.who(), clue_id)
        .await?
        .into_iter()
        .map(|a| {
            let route = a.route.as_deref().and_then(|r| Route::parse(r).ok()).map(Route::label);
            json!({ "a": a, "act_label": a.act.label(), "route_label": route, "at": zhifa_core::time::display(a.acted_at) })
        })
        .collect();
    let filter = NoticeFilter { clue_id: Some(clue_id), ..Default::default() };
    let bodies = body_names(state).await?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let notices: Vec<_> = state.app.notices(&s.who(), &filter).await?.iter().map(|n| row(n, &bodies, today)).collect();
    let routes: Vec<_> = Route::ALL.iter().map(|r| json!({"code": r.code(), "label": r.label()})).collect();
    Ok(json!({ "acts": acts, "notices": notices, "routes": routes,
        "may_act": allowed(&s.caller, Action::Supervise, None),
        "dismissed": acts.iter().any(|a| a["a"]["act"] == "dismiss") }))
}

/// The list's filters as the form sends them (an empty choice is "all").
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct ListQ {
    status: Option<String>,
    body_id: Option<String>,
    overdue: Option<String>,
}

impl ListQ {
    fn filter(&self) -> NoticeFilter {
        use super::{given, given_id};
        NoticeFilter {
            status: given(&self.status),
            body_id: given_id(&self.body_id),
            overdue: Some(given(&self.overdue).is_some()),
            ..Default::default()
        }
    }
}

/// The supervision documents with the list's filters, as CSV or a workbook (up to 1,000).
async fn export(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
    sheet: super::Sheet,
) -> Result<Response, PageError> {
    let f = NoticeFilter { limit: Some(1000), ..q.filter() };
    let list = state.app.notices(&s.who(), &f).await?;
    let bodies = body_names(&state).await?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let rows = list.iter().map(|n| {
        vec![
            n.number.clone(),
            n.kind.label().to_string(),
            bodies.get(&n.body_id).cloned().unwrap_or_default(),
            n.subject.clone(),
            zhifa_core::time::display(n.issued_at),
            n.deadline.to_string(),
            n.status.label().to_string(),
            n.round.to_string(),
            if n.status == NoticeStatus::Issued && today > n.deadline { "是" } else { "否" }.to_string(),
        ]
    });
    let header = ["文号", "种类", "执法主体", "事由", "制发时间", "回复期限", "状态", "轮次", "逾期未回复"];
    super::list_download(sheet, "notices", "监督文书", &header, rows)
}

/// 督办: the supervision documents.
async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
) -> Result<Html<String>, PageError> {
    let export = format!("/notices/export.csv?{}", serde_urlencoded::to_string(&q).unwrap_or_default());
    let filter = q.filter();
    let rows = state.app.notices(&s.who(), &filter).await?;
    let bodies = body_names(&state).await?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let scope = s.caller.scope();
    let choices = body_choices(&bodies, scope);
    let statuses: Vec<_> = NoticeStatus::ALL.iter().map(|x| json!({"code": x.code(), "label": x.label()})).collect();
    render(
        &state,
        "notices.html",
        json!({ "session": ctx(&s), "rows": rows.iter().map(|n| row(n, &bodies, today)).collect::<Vec<_>>(),
            "bodies": choices, "statuses": statuses, "district": scope == zhifa_core::access::Scope::All,
            "q": { "status": filter.status, "body_id": filter.body_id, "overdue": filter.overdue },
            "may_issue": allowed(&s.caller, Action::Supervise, None), "export": export }),
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct NewQ {
    clue_id: Option<i64>,
    case_id: Option<i64>,
}

/// The form that issues a supervision document, filled from the clue when there is one.
async fn form_page(
    state: &AppState,
    s: &crate::auth::Session,
    clue_id: Option<i64>,
    case_id: Option<i64>,
    mut values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    s.require(Action::Supervise, None)?;
    let clue = match clue_id {
        Some(id) => Some(state.app.clue(&s.who(), id).await?),
        None => None,
    };
    if let Some(c) = &clue {
        let r = zhifa_core::supervision::rule(&c.rule);
        values.entry("subject".into()).or_insert_with(|| r.map(|r| r.title.to_string()).unwrap_or_default());
        values.entry("facts".into()).or_insert_with(|| c.summary.clone());
        values.entry("basis".into()).or_insert_with(|| r.map(|r| r.basis.to_string()).unwrap_or_default());
    }
    values.entry("reply_days".into()).or_insert_with(|| DEFAULT_REPLY_DAYS.to_string());
    let bodies = state.app.store.list_bodies().await?;
    let choices: Vec<_> =
        bodies.iter().filter(|b| !b.is_supervisor).map(|b| json!({"id": b.id, "name": b.name})).collect();
    let clue_body = clue.as_ref().and_then(|c| bodies.iter().find(|b| b.id == c.body_id)).map(|b| b.name.clone());
    let kinds: Vec<_> = NoticeKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    render(
        state,
        "notice_new.html",
        json!({ "session": ctx(s), "clue": clue, "clue_body": clue_body, "case_id": case_id, "bodies": choices,
            "kinds": kinds, "values": values, "errors": errors }),
    )
}

async fn new_form(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<NewQ>,
) -> Result<Html<String>, PageError> {
    form_page(&state, &s, q.clue_id, q.case_id, HashMap::new(), HashMap::new()).await
}

/// Issues the document and opens it.
async fn issue(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let number = |k: &str| one(&p, k).parse::<i64>().ok();
    let mut inv = zhifa_core::Invalid::default();
    let days = one(&p, "reply_days");
    let reply_days = if days.is_empty() {
        None
    } else {
        days.parse().map_err(|_| inv.push("reply_days", "回复期限须为工作日数")).ok()
    };
    let input = NoticeInput {
        kind: one(&p, "kind"),
        clue_id: number("clue_id"),
        body_id: number("body_id"),
        case_id: number("case_id"),
        subject: one(&p, "subject"),
        facts: one(&p, "facts"),
        basis: one(&p, "basis"),
        requirement: one(&p, "requirement"),
        reply_days,
    };
    let done = match inv.is_empty() {
        true => state.app.issue_notice(&s.who(), input).await.map_err(ApiError::from),
        false => Err(inv.into()),
    };
    match done {
        Ok(o) => Ok(Redirect::to(&format!("/notices/{}", o.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            let page = form_page(&state, &s, number("clue_id"), number("case_id"), values, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn notice_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let v = state.app.notice(&s.who(), id).await?;
    let n = &v.notice;
    let replies: Vec<_> = v
        .replies
        .iter()
        .map(|r| {
            let list = |t: &str| serde_json::from_str::<Vec<i64>>(t).unwrap_or_default();
            json!({ "r": r, "at": zhifa_core::time::display(r.replied_at),
                "verdict_at": r.verdict_at.map(zhifa_core::time::display),
                "verdict_label": match r.verdict.as_deref() { Some("accepted") => "认可，办结", Some("returned") => "退回重办", _ => "待审查" },
                "evidence": list(&r.evidence_ids), "documents": list(&r.document_ids) })
        })
        .collect();
    let blocks = super::documents::sheet(&zhifa_core::doc::layout::parse(&n.content));
    let case = match n.case_id {
        Some(c) => state.app.store.case(s.caller.scope(), c).await?,
        None => None,
    };
    render(
        state,
        "notice.html",
        json!({ "session": ctx(s), "v": v, "blocks": blocks, "case": case, "replies": replies,
            "issued": zhifa_core::time::display(n.issued_at), "closed": n.closed_at.map(zhifa_core::time::display),
            "may_reply": n.status == NoticeStatus::Issued && allowed(&s.caller, Action::AnswerSupervision, Some(n.body_id)),
            "may_conclude": n.status == NoticeStatus::Replied && allowed(&s.caller, Action::Supervise, Some(n.body_id)),
            "default_days": DEFAULT_REPLY_DAYS, "values": values, "errors": errors }),
    )
}

async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    notice_page(&state, &s, id, HashMap::new(), HashMap::new()).await
}

async fn pdf(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(crate::api::supervision::notice_pdf_response(&state, &s, id).await?)
}

/// Shows the result of a form on the document's page: back to it, or the page with the errors.
async fn after(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    p: &[(String, String)],
    done: Result<zhifa_store::write::Outcome, ApiError>,
) -> Result<Response, PageError> {
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/notices/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, notice_page(state, s, id, values, errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The body's reply.
async fn reply(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut inv = zhifa_core::Invalid::default();
    let evidence_ids = ids(&one(&p, "evidence_ids"), "evidence_ids", &mut inv);
    let document_ids = ids(&one(&p, "document_ids"), "document_ids", &mut inv);
    let input = ReplyInput { text: one(&p, "text"), evidence_ids, document_ids };
    let done = match inv.is_empty() {
        true => state.app.reply_notice(&s.who(), id, input).await.map_err(ApiError::from),
        false => Err(inv.into()),
    };
    after(&state, &s, id, &p, done).await
}

/// The bureau's verdict.
async fn verdict(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let days = one(&p, "reply_days");
    let input = ConcludeInput {
        accept: one(&p, "accept") == "true",
        note: Some(one(&p, "note")).filter(|x| !x.is_empty()),
        reply_days: days.parse().ok(),
    };
    let done = if !days.is_empty() && input.reply_days.is_none() {
        Err(zhifa_core::Invalid::field("reply_days", "回复期限须为工作日数").into())
    } else {
        state.app.conclude_notice(&s.who(), id, input).await.map_err(ApiError::from)
    };
    after(&state, &s, id, &p, done).await
}

/// The routes of these pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/warnings/{id}/act", post(act))
        .route("/notices", get(list).post(issue))
        .route("/notices/new", get(new_form))
        .route("/notices/export.csv", get(|st, s, q| export(st, s, q, super::Sheet::Csv)))
        .route("/notices/export.xlsx", get(|st, s, q| export(st, s, q, super::Sheet::Xlsx)))
        .route("/notices/{id}", get(item))
        .route("/notices/{id}/pdf", get(pdf))
        .route("/notices/{id}/reply", post(reply))
        .route("/notices/{id}/verdict", post(verdict))
}
