//! 投诉举报 pages: the public form and the tracking page (no sign-in), and the staff's list,
//! registration form and each complaint with the forms of the acts the caller may do now.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::json;
use std::collections::HashMap;
use std::net::SocketAddr;
use zhifa_core::access::{Action, allowed};
use zhifa_core::supervision::complaints::{
    AnswerMethod, Category, Channel, ComplaintAct, ComplaintActInput, ComplaintInput, ComplaintStatus, Finding,
    finding_label,
};
use zhifa_store::complaints::ComplaintFilter;

use super::supervision::{body_choices, body_names};

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<serde_json::Value> {
    all.iter().map(|x| json!({"code": code(*x), "label": label(*x)})).collect()
}

/// The form's fields as a complaint.
fn input_of(p: &[(String, String)]) -> ComplaintInput {
    let opt = |k: &str| Some(one(p, k)).filter(|v| !v.is_empty());
    ComplaintInput {
        channel: one(p, "channel"),
        hotline_order: opt("hotline_order"),
        category: one(p, "category"),
        body_id: opt("body_id").and_then(|b| b.parse().ok()),
        subject: one(p, "subject"),
        content: one(p, "content"),
        happened_on: opt("happened_on"),
        place: opt("place"),
        document_number: opt("document_number"),
        name: opt("name"),
        phone: opt("phone"),
        address: opt("address"),
        received_on: opt("received_on"),
    }
}

async fn enforcement_bodies(state: &AppState) -> Result<Vec<serde_json::Value>, PageError> {
    Ok(state
        .app
        .store
        .list_bodies()
        .await?
        .iter()
        .filter(|b| !b.is_supervisor)
        .map(|b| json!({"id": b.id, "name": b.name}))
        .collect())
}

async fn public_form_page(
    state: &AppState,
    parts: &Parts,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    done: Option<zhifa_app::complaints::Registered>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(parts, state).await?.map(|s| ctx(&s));
    render(
        state,
        "public_complaint.html",
        json!({ "session": session, "bodies": enforcement_bodies(state).await?,
            "categories": choices(Category::ALL, Category::code, Category::label),
            "values": values, "errors": errors, "done": done }),
    )
}

/// 网上投诉举报 (no sign-in).
async fn public_form(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    public_form_page(&state, &parts, HashMap::new(), HashMap::new(), None).await
}

/// Takes the public form: a filled-in `website` field (hidden from people) is a robot's.
async fn public_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    parts: Parts,
    Form(p): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    crate::input::check_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(ApiError::Invalid)?;
    if !one(&p, "website").is_empty() {
        return Err(ApiError::BadRequest("表单格式错误".into()).into());
    }
    crate::api::complaints::take_form(&state, &addr)?;
    match state.app.submit_complaint(input_of(&p)).await.map_err(ApiError::from) {
        Ok(r) => Ok(public_form_page(&state, &parts, HashMap::new(), HashMap::new(), Some(r)).await?.into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            let page = public_form_page(&state, &parts, values, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct CodeQ {
    code: Option<String>,
}

async fn track_page(state: &AppState, parts: &Parts, code: &str, error: Option<String>) -> Result<Response, PageError> {
    let session = crate::auth::current_session(parts, state).await?.map(|s| ctx(&s));
    let (c, errors, not_found, status) = if code.is_empty() {
        (None, HashMap::new(), false, StatusCode::OK)
    } else {
        match state.app.track_complaint(code).await.map_err(ApiError::from) {
            Ok(c) => (Some(c), HashMap::new(), false, StatusCode::OK),
            Err(ApiError::Invalid(i)) => (None, super::returned(&[], &i).1, false, StatusCode::UNPROCESSABLE_ENTITY),
            Err(ApiError::NotFound(_)) => (None, HashMap::new(), true, StatusCode::NOT_FOUND),
            Err(e) => return Err(e.into()),
        }
    };
    let status = if error.is_some() { StatusCode::CONFLICT } else { status };
    let html = render(
        state,
        "public_complaint_track.html",
        json!({ "session": session, "c": c, "code": code, "errors": errors, "not_found": not_found, "error": error }),
    )?;
    Ok((status, html).into_response())
}

/// 投诉办理进度查询 (the tracking code).
async fn track(State(state): State<AppState>, parts: Parts, Query(q): Query<CodeQ>) -> Result<Response, PageError> {
    track_page(&state, &parts, q.code.as_deref().unwrap_or("").trim(), None).await
}

/// The complainant asks for 复查 or 复核 from the tracking page.
async fn ask(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    parts: Parts,
    Form(p): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    crate::input::check_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(ApiError::Invalid)?;
    let code = one(&p, "code");
    let act = match one(&p, "act").as_str() {
        "ask_recheck" => ComplaintAct::AskRecheck,
        _ => ComplaintAct::AskReview,
    };
    crate::api::complaints::take_form(&state, &addr)?;
    match state.app.ask_again(&code, act).await.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/public/complaints/track?code={}", zhifa_core::ids::percent_encode(&code)))
            .into_response()),
        Err(ApiError::Conflict(m)) => track_page(&state, &parts, &code, Some(m)).await,
        Err(e) => Err(e.into()),
    }
}

/// The list's filters as the form sends them.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct ListQ {
    status: Option<String>,
    body_id: Option<String>,
    channel: Option<String>,
    open: Option<String>,
}

impl ListQ {
    fn filter(&self) -> ComplaintFilter {
        use super::{given, given_id};
        ComplaintFilter {
            status: given(&self.status),
            body_id: given_id(&self.body_id),
            channel: given(&self.channel),
            open: Some(given(&self.open).is_some()),
            ..Default::default()
        }
    }
}

fn row(c: &zhifa_store::model::Complaint, bodies: &HashMap<i64, String>) -> serde_json::Value {
    json!({ "c": c, "status_label": c.status.label(), "channel_label": c.channel.label(),
        "category_label": c.category.label(),
        "body": c.body_id.and_then(|b| bodies.get(&b).cloned()) })
}

/// 投诉举报: the list.
async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
) -> Result<Html<String>, PageError> {
    let export = format!("/complaints/export.csv?{}", serde_urlencoded::to_string(&q).unwrap_or_default());
    let filter = q.filter();
    let rows = state.app.complaints(&s.who(), &filter).await?;
    let bodies = body_names(&state).await?;
    let scope = s.caller.scope();
    render(
        &state,
        "complaints.html",
        json!({ "session": ctx(&s), "rows": rows.iter().map(|c| row(c, &bodies)).collect::<Vec<_>>(),
            "bodies": body_choices(&bodies, scope), "district": scope == zhifa_core::access::Scope::All,
            "statuses": choices(ComplaintStatus::ALL, ComplaintStatus::code, ComplaintStatus::label),
            "channels": choices(Channel::ALL, Channel::code, Channel::label),
            "q": { "status": filter.status, "body_id": filter.body_id, "channel": filter.channel, "open": filter.open },
            "may_register": allowed(&s.caller, Action::RouteComplaints, None)
                || allowed(&s.caller, Action::HandleComplaints, s.caller.body_id),
            "export": export }),
    )
}

/// The complaints with the list's filters, as CSV or a workbook (up to 1,000). The
/// complainant's particulars are not exported.
async fn export(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
    sheet: super::Sheet,
) -> Result<Response, PageError> {
    let f = ComplaintFilter { limit: Some(1000), ..q.filter() };
    let list = state.app.complaints(&s.who(), &f).await?;
    let bodies = body_names(&state).await?;
    let rows = list.iter().map(|c| {
        let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
        vec![
            c.tracking_code.clone(),
            c.received_on.to_string(),
            c.channel.label().to_string(),
            c.category.label().to_string(),
            c.subject.clone(),
            c.body_id.and_then(|b| bodies.get(&b).cloned()).unwrap_or_default(),
            c.status.label().to_string(),
            d(c.accepted_on),
            d(c.concluded_on),
            d(c.answered_on),
        ]
    });
    let header = ["查询码", "收到日期", "渠道", "事项", "标题", "承办机关", "状态", "受理日期", "办结日期", "答复日期"];
    super::list_download(sheet, "complaints", "投诉举报", &header, rows)
}

async fn new_page(
    state: &AppState,
    s: &crate::auth::Session,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let district = s.caller.role.is_district_wide();
    if !(allowed(&s.caller, Action::RouteComplaints, None)
        || allowed(&s.caller, Action::HandleComplaints, s.caller.body_id))
    {
        return Err(ApiError::Forbidden.into());
    }
    let channels: Vec<_> = Channel::ALL
        .iter()
        .filter(|c| **c != Channel::Portal)
        .map(|c| json!({"code": c.code(), "label": c.label()}))
        .collect();
    render(
        state,
        "complaint_new.html",
        json!({ "session": ctx(s), "bodies": enforcement_bodies(state).await?, "channels": channels, "district": district,
            "categories": choices(Category::ALL, Category::code, Category::label), "values": values, "errors": errors }),
    )
}

async fn new_form(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    new_page(&state, &s, HashMap::new(), HashMap::new()).await
}

async fn register(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    match state.app.register_complaint(&s.who(), input_of(&p)).await.map_err(ApiError::from) {
        Ok(r) => Ok(Redirect::to(&format!("/complaints/{}", r.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, new_page(&state, &s, values, errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn item_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let v = state.app.complaint(&s.who(), id).await?;
    let acts: Vec<_> = v
        .acts
        .iter()
        .map(|a| {
            let finding = finding_label(a.act.finding.as_deref());
            let method = a.act.method.as_deref().and_then(|m| AnswerMethod::parse(m).ok()).map(AnswerMethod::label);
            json!({ "a": a, "at": zhifa_core::time::display(a.act.acted_at), "finding": finding, "method": method })
        })
        .collect();
    let finding = |f: &Option<String>| finding_label(f.as_deref());
    let officers = match v.complaint.body_id {
        Some(b) if v.can.iter().any(|c| c == "conclude") => state
            .app
            .store
            .list_officers(
                zhifa_core::access::Scope::Body(b),
                &zhifa_store::reads::OfficerFilter { limit: Some(500), ..Default::default() },
            )
            .await?
            .into_iter()
            .map(|o| json!({"id": o.id, "name": o.name}))
            .collect(),
        _ => Vec::new(),
    };
    let forms: Vec<_> = v
        .can
        .iter()
        .filter_map(|c| ComplaintAct::parse(c).ok())
        .map(|a| json!({"code": a.code(), "label": a.label()}))
        .collect();
    render(
        state,
        "complaint.html",
        json!({ "session": ctx(s), "v": v, "acts": acts, "forms": forms, "officers": officers,
            "bodies": enforcement_bodies(state).await?,
            "findings": choices(Finding::ALL, Finding::code, Finding::label),
            "methods": choices(AnswerMethod::ALL, AnswerMethod::code, AnswerMethod::label),
            "finding_label": finding(&v.complaint.finding), "review_finding": finding(&v.complaint.review_finding),
            "recheck_finding": finding(&v.complaint.recheck_finding),
            "values": values, "errors": errors, "error": error }),
    )
}

async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    item_page(&state, &s, id, HashMap::new(), HashMap::new(), None).await
}

/// One act from the complaint's page.
async fn act(
    State(state): State<AppState>,
    Path((id, act)): Path<(i64, String)>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let opt = |k: &str| Some(one(&p, k)).filter(|v| !v.is_empty());
    let mut inv = zhifa_core::Invalid::default();
    let mut number = |k: &str, what: &str| -> Option<i64> {
        let v = opt(k)?;
        v.parse().map_err(|_| inv.push(k, format!("{what}须为编号"))).ok()
    };
    let body_id = number("body_id", "执法主体");
    let case_id = number("case_id", "案件");
    let officer_id = number("officer_id", "执法人员");
    let days = match opt("days") {
        Some(d) => d.parse().map_err(|_| inv.push("days", "延长天数须为正整数")).ok(),
        None => None,
    };
    let input = ComplaintActInput {
        body_id,
        note: opt("note"),
        days,
        finding: opt("finding"),
        basis: opt("basis"),
        case_id,
        officer_id,
        method: opt("method"),
        on: opt("on"),
    };
    let done = match inv.is_empty() {
        true => state.app.act_on_complaint(&s.who(), id, &act, input).await.map_err(ApiError::from),
        false => Err(inv.into()),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/complaints/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (mut values, errors) = super::returned(&p, &i);
            values.insert("act".into(), act);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, item_page(&state, &s, id, values, errors, None).await?)
                .into_response())
        }
        Err(ApiError::Conflict(m)) => {
            let page = item_page(&state, &s, id, HashMap::new(), HashMap::new(), Some(m)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The routes of these pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/public/complaints/new", get(public_form).post(public_submit))
        .route("/public/complaints/track", get(track).post(ask))
        .route("/complaints", get(list).post(register))
        .route("/complaints/new", get(new_form))
        .route("/complaints/export.csv", get(|st, s, q| export(st, s, q, super::Sheet::Csv)))
        .route("/complaints/export.xlsx", get(|st, s, q| export(st, s, q, super::Sheet::Xlsx)))
        .route("/complaints/{id}", get(item))
        .route("/complaints/{id}/acts/{act}", post(act))
}
