//! Document pages: issuing a document from the case page, reading it as a sheet of paper with
//! its PDF, and the template library (standard templates, a body's adapted versions filed with
//! the justice bureau, the supervisor's review with the changes shown line by line).

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::api::documents::{
    DecisionInput, FileInput, LibraryQuery, TemplateView, decide, file, library, open, pdf_response, template_version,
};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use zhifa_app::AppError;
use zhifa_core::access::{Action, allowed};
use zhifa_core::doc::layout::{Block, LINE_SEP, parse};
use zhifa_core::doc::{DocKind, diff_lines, standard_template};

/// Blocks as the HTML sheet draws them: each text split into its lines.
pub(super) fn sheet(blocks: &[Block]) -> Vec<serde_json::Value> {
    let split = |t: &str| t.split(LINE_SEP).map(str::to_string).collect::<Vec<_>>();
    blocks
        .iter()
        .map(|b| match b {
            Block::Title { text } => json!({"block": "title", "lines": split(text)}),
            Block::Subtitle { text } => json!({"block": "subtitle", "lines": split(text)}),
            Block::Para { text, indent, align } => {
                json!({"block": "para", "lines": split(text), "indent": indent, "align": align})
            }
            Block::Table { rows } => json!({"block": "table",
                "rows": rows.iter().map(|r| r.iter().map(|c| split(c)).collect::<Vec<_>>()).collect::<Vec<_>>()}),
            Block::Gap => json!({"block": "gap"}),
            Block::PageBreak => json!({"block": "page_break"}),
        })
        .collect()
}

#[derive(Deserialize)]
pub(super) struct IssueForm {
    kind: String,
}

/// Issues a document from the case page; a refusal is shown on the case page with its rule.
/// Why a document was refused, as one line: each field's message, or the conflict.
pub(super) fn refusal_text(e: AppError) -> String {
    match e {
        AppError::Invalid(i) => i.errors.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("；"),
        e => e.to_string(),
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(case_id): Path<i64>,
    PageForm(s, f): PageForm<IssueForm>,
) -> Result<Response, PageError> {
    match zhifa_app::documents::issue(&state.app, &s.who(), case_id, &f.kind, None).await {
        Ok(d) => Ok(Redirect::to(&format!("/documents/{}", d.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let detail = refusal_text(e);
            let page = super::cases::case_page(&state, &s, case_id, Some(addr.ip().to_string()), Some(detail)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let d = open(&state, &s, id, Some(addr.ip().to_string())).await?;
    let c = state.app.store.case(s.caller.scope(), d.case_id).await?.ok_or(ApiError::NotFound("案件"))?;
    let kind_label = d.kind.label();
    let issued = zhifa_core::time::display(d.issued_at);
    let check = match (&d.number, &d.verify_code) {
        (Some(n), Some(code)) => {
            let link = zhifa_store::documents::check_link(&state.app.store.public_url(), n, code);
            Some(json!({"link": link, "code": code, "qr": zhifa_core::qr::svg(&link, "文书核验二维码")}))
        }
        _ => None,
    };
    render(
        &state,
        "document.html",
        json!({ "session": ctx(&s), "check": check, "d": d, "blocks": sheet(&parse(&d.content)), "kind_label": kind_label,
            "case_number": c.number, "issued": issued, "title": kind_label }),
    )
}

pub(super) async fn pdf(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let d = open(&state, &s, id, Some(addr.ip().to_string())).await?;
    Ok(pdf_response(&state, &d).await?)
}

pub(super) async fn templates(
    State(state): State<AppState>,
    PageSession(s): PageSession,
) -> Result<Html<String>, PageError> {
    let lib = library(&state, &s, LibraryQuery::default()).await?;
    let may_file = s.caller.body_id.is_some_and(|b| allowed(&s.caller, Action::FileTemplate, Some(b)));
    let may_decide = allowed(&s.caller, Action::ApproveTemplate, None) && s.caller.role.is_district_wide();
    let names = body_names(&state).await?;
    render(
        &state,
        "doc_templates.html",
        json!({ "session": ctx(&s), "lib": lib, "may_file": may_file, "may_decide": may_decide, "bodies": names,
            "title": "文书模板库" }),
    )
}

async fn body_names(state: &AppState) -> Result<std::collections::HashMap<String, String>, PageError> {
    Ok(state.app.store.list_bodies().await?.into_iter().map(|b| (b.id.to_string(), b.name)).collect())
}

#[derive(Deserialize)]
pub(super) struct KindQ {
    kind: String,
}

/// The standard text of a kind, with the variables a template can use.
pub(super) async fn standard(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(kind): Path<String>,
) -> Result<Html<String>, PageError> {
    crate::api::documents::require_templates(&s)?;
    let k = DocKind::parse(&kind).map_err(|_| ApiError::NotFound("文书种类"))?;
    let sample = zhifa_core::doc::template::validate_template(k, standard_template(k))
        .map(|f| sheet(&f.blocks))
        .unwrap_or_default();
    render(
        &state,
        "doc_template.html",
        json!({ "session": ctx(&s), "t": TemplateView::standard(k, true), "sample": sample, "title": k.label() }),
    )
}

async fn new_page(
    state: &AppState,
    s: &crate::auth::Session,
    kind: DocKind,
    content: String,
    note: String,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    render(
        state,
        "doc_template_new.html",
        json!({ "session": ctx(s), "kind": kind.code(), "kind_label": kind.label(), "content": content, "note": note,
            "error": error, "title": format!("调整{}模板", kind.label()) }),
    )
}

pub(super) async fn new(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<KindQ>,
) -> Result<Html<String>, PageError> {
    let body = s.caller.body_id.ok_or(ApiError::Forbidden)?;
    s.require(Action::FileTemplate, Some(body))?;
    let kind = DocKind::parse(&q.kind).map_err(|_| ApiError::NotFound("文书种类"))?;
    let current = match state.app.store.template_in_force(body, kind).await? {
        Some(t) => t.content,
        None => standard_template(kind).to_string(),
    };
    new_page(&state, &s, kind, current, String::new(), None).await
}

#[derive(Deserialize)]
pub(super) struct FileForm {
    kind: String,
    content: String,
    note: String,
}

pub(super) async fn file_version(
    State(state): State<AppState>,
    PageForm(s, f): PageForm<FileForm>,
) -> Result<Response, PageError> {
    let kind = DocKind::parse(&f.kind).map_err(|_| ApiError::NotFound("文书种类"))?;
    let input = FileInput { kind: f.kind.clone(), content: f.content.clone(), note: f.note.clone(), body_id: None };
    match file(&state, &s, input).await {
        Ok(t) => Ok(Redirect::to(&format!("/doc-templates/{}", t.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let msg = i.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("；");
            let page = new_page(&state, &s, kind, f.content, f.note, Some(msg)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn version(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let t = template_version(&state, &s, id).await?;
    let kind = t.kind;
    let diff = diff_lines(standard_template(kind), &t.content);
    let sample =
        zhifa_core::doc::template::validate_template(kind, &t.content).map(|f| sheet(&f.blocks)).unwrap_or_default();
    let may_decide = t.status == zhifa_core::doc::TemplateStatus::Filed
        && allowed(&s.caller, Action::ApproveTemplate, Some(t.body_id));
    let body = state.app.store.get_body(t.body_id).await?.map(|b| b.name).unwrap_or_default();
    render(
        &state,
        "doc_template.html",
        json!({ "session": ctx(&s), "t": TemplateView::of(&t, true), "diff": diff, "sample": sample,
            "may_decide": may_decide, "body": body, "title": format!("{}（{}第{}版）", kind.label(), body, t.version) }),
    )
}

#[derive(Deserialize)]
pub(super) struct DecideForm {
    approve: Option<String>,
    note: Option<String>,
}

pub(super) async fn decision(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, f): PageForm<DecideForm>,
) -> Result<Response, PageError> {
    let input = DecisionInput { approve: f.approve.as_deref() == Some("1"), note: f.note.unwrap_or_default() };
    decide(&state, &s, id, input).await?;
    Ok(Redirect::to(&format!("/doc-templates/{id}")).into_response())
}

/// Runs the four-property check from the case page.
pub(super) async fn archive_check(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, _): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    zhifa_app::archive::check_case(&state.app, &s.who(), id).await?;
    Ok(Redirect::to(&format!("/cases/{id}#archive")).into_response())
}

/// Downloads the case file package.
pub(super) async fn archive_package(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(crate::api::archive::package_response(&state, &s, id, Some(addr.ip().to_string())).await?)
}
