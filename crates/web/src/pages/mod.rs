//! Chinese server-rendered pages. They work without JavaScript; every form carries the CSRF
//! token; templates escape all values.

use crate::api::registry::{certificate_rows, officer_detail, officer_view};
use crate::auth::{self, Session, current_session};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Form;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Duration, Utc};
use minijinja::Environment;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::SocketAddr;
use zhifa_core::registry::BodyKind;
use zhifa_store::reads::{CertificateFilter, OfficerFilter};

mod accounts;
mod annual;
mod assessment;
mod cases;
mod complaints;
mod dashboard;
mod documents;
mod evaluation;
mod evidence;
mod laws;
mod oversight;
mod publicity;
mod registry_forms;
mod review;
mod spotcheck;
mod spotcheck_tasks;
mod supervision;

/// Every template compiled into the binary (a test checks that each file of `templates/` is here).
const TEMPLATES: &[(&str, &str)] = &[
    ("account_item.html", include_str!("../../templates/account_item.html")),
    ("account_me.html", include_str!("../../templates/account_me.html")),
    ("account_password.html", include_str!("../../templates/account_password.html")),
    ("accounts.html", include_str!("../../templates/accounts.html")),
    ("annual_report.html", include_str!("../../templates/annual_report.html")),
    ("annual_reports.html", include_str!("../../templates/annual_reports.html")),
    ("base.html", include_str!("../../templates/base.html")),
    ("bodies.html", include_str!("../../templates/bodies.html")),
    ("body.html", include_str!("../../templates/body.html")),
    ("case_item.html", include_str!("../../templates/case_item.html")),
    ("case_list.html", include_str!("../../templates/case_list.html")),
    ("case_new.html", include_str!("../../templates/case_new.html")),
    ("case_step.html", include_str!("../../templates/case_step.html")),
    ("certificate.html", include_str!("../../templates/certificate.html")),
    ("certificates.html", include_str!("../../templates/certificates.html")),
    ("doc_sheet.html", include_str!("../../templates/doc_sheet.html")),
    ("doc_template.html", include_str!("../../templates/doc_template.html")),
    ("doc_template_new.html", include_str!("../../templates/doc_template_new.html")),
    ("doc_templates.html", include_str!("../../templates/doc_templates.html")),
    ("document.html", include_str!("../../templates/document.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("evidence_item.html", include_str!("../../templates/evidence_item.html")),
    ("evidence_list.html", include_str!("../../templates/evidence_list.html")),
    ("evidence_new.html", include_str!("../../templates/evidence_new.html")),
    ("evidence_purpose.html", include_str!("../../templates/evidence_purpose.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("law.html", include_str!("../../templates/law.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("officer.html", include_str!("../../templates/officer.html")),
    ("notifications.html", include_str!("../../templates/notifications.html")),
    ("officer_new.html", include_str!("../../templates/officer_new.html")),
    ("officers.html", include_str!("../../templates/officers.html")),
    ("power_history.html", include_str!("../../templates/power_history.html")),
    ("public_cert.html", include_str!("../../templates/public_cert.html")),
    ("public_decision.html", include_str!("../../templates/public_decision.html")),
    ("public_decisions.html", include_str!("../../templates/public_decisions.html")),
    ("public_doc_check.html", include_str!("../../templates/public_doc_check.html")),
    ("public_home.html", include_str!("../../templates/public_home.html")),
    ("public_progress.html", include_str!("../../templates/public_progress.html")),
    ("public_reports.html", include_str!("../../templates/public_reports.html")),
    ("public_window.html", include_str!("../../templates/public_window.html")),
    ("publication.html", include_str!("../../templates/publication.html")),
    ("publications.html", include_str!("../../templates/publications.html")),
    ("review.html", include_str!("../../templates/review.html")),
    ("review_queue.html", include_str!("../../templates/review_queue.html")),
    ("service_guide.html", include_str!("../../templates/service_guide.html")),
    ("step_form.html", include_str!("../../templates/step_form.html")),
    ("webhook_deliveries.html", include_str!("../../templates/webhook_deliveries.html")),
    ("warnings.html", include_str!("../../templates/warnings.html")),
    ("warning.html", include_str!("../../templates/warning.html")),
    ("notices.html", include_str!("../../templates/notices.html")),
    ("dashboard.html", include_str!("../../templates/dashboard.html")),
    ("notice.html", include_str!("../../templates/notice.html")),
    ("notice_new.html", include_str!("../../templates/notice_new.html")),
    ("warning_rules.html", include_str!("../../templates/warning_rules.html")),
    ("access_log.html", include_str!("../../templates/access_log.html")),
    ("complaint.html", include_str!("../../templates/complaint.html")),
    ("complaint_fields.html", include_str!("../../templates/complaint_fields.html")),
    ("complaint_new.html", include_str!("../../templates/complaint_new.html")),
    ("complaints.html", include_str!("../../templates/complaints.html")),
    ("evaluations.html", include_str!("../../templates/evaluations.html")),
    ("assessment.html", include_str!("../../templates/assessment.html")),
    ("assessment_rows.html", include_str!("../../templates/assessment_rows.html")),
    ("public_assessment.html", include_str!("../../templates/public_assessment.html")),
    ("evaluation.html", include_str!("../../templates/evaluation.html")),
    ("evaluation_sheet.html", include_str!("../../templates/evaluation_sheet.html")),
    ("public_evaluations.html", include_str!("../../templates/public_evaluations.html")),
    ("public_complaint.html", include_str!("../../templates/public_complaint.html")),
    ("public_complaint_track.html", include_str!("../../templates/public_complaint_track.html")),
    ("rosters.html", include_str!("../../templates/rosters.html")),
    ("roster.html", include_str!("../../templates/roster.html")),
    ("spotchecks.html", include_str!("../../templates/spotchecks.html")),
    ("spotcheck.html", include_str!("../../templates/spotcheck.html")),
    ("public_spotchecks.html", include_str!("../../templates/public_spotchecks.html")),
    ("spotcheck_announcement.html", include_str!("../../templates/spotcheck_announcement.html")),
    ("spotcheck_result.html", include_str!("../../templates/spotcheck_result.html")),
];

/// Loads the templates compiled into the binary.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, src) in TEMPLATES {
        if let Err(e) = env.add_template(name, src) {
            panic!("template {name} does not compile: {e}");
        }
    }
    env
}

#[cfg(test)]
mod template_tests {
    #[test]
    fn every_template_file_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for f in std::fs::read_dir(dir).unwrap() {
            let name = f.unwrap().file_name().into_string().unwrap();
            assert!(super::TEMPLATES.iter().any(|(n, _)| *n == name), "templates/{name} is not in TEMPLATES");
        }
    }
}

/// What templates know of the signed-in user.
#[derive(Serialize)]
struct SessionCtx {
    display_name: String,
    role_label: &'static str,
    csrf: String,
    /// administers accounts (账号管理 in the menu)
    admin: bool,
    /// the system administrator (the webhook's log in the menu)
    system_admin: bool,
    /// sees warning clues (预警线索 in the menu)
    warnings: bool,
    /// supervises access (调阅监督 in the menu)
    access: bool,
    /// sees 案卷评查 (in the menu)
    evaluation: bool,
}

fn ctx(s: &Session) -> SessionCtx {
    SessionCtx {
        display_name: s.display_name.clone(),
        role_label: s.caller.role.label(),
        csrf: s.csrf.clone(),
        admin: zhifa_core::access::allowed(&s.caller, zhifa_core::access::Action::ManageUsers, s.caller.body_id),
        system_admin: s.caller.role == zhifa_core::access::Role::SystemAdmin,
        warnings: zhifa_core::access::allowed(&s.caller, zhifa_core::access::Action::ReadWarnings, s.caller.body_id),
        access: zhifa_core::access::allowed(&s.caller, zhifa_core::access::Action::SuperviseAccess, s.caller.body_id),
        evaluation: zhifa_core::access::allowed(
            &s.caller,
            zhifa_core::access::Action::ReadEvaluation,
            s.caller.body_id,
        ),
    }
}

/// A page-level error: rendered as a Chinese HTML page, or a redirect to sign-in.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}
impl From<zhifa_app::AppError> for PageError {
    fn from(e: zhifa_app::AppError) -> Self {
        PageError(e.into())
    }
}
impl From<zhifa_store::StoreError> for PageError {
    fn from(e: zhifa_store::StoreError) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, ApiError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        if matches!(self.0, ApiError::PasswordChange) {
            return Redirect::to("/account/password").into_response();
        }
        let (status, _, message) = self.0.parts();
        if let ApiError::Internal(cause) = &self.0 {
            tracing::error!(%cause, "internal error on page");
        }
        error_page(status, &message)
    }
}

fn templates_for_errors() -> &'static Environment<'static> {
    static ENV: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    ENV.get_or_init(templates)
}

fn render(state: &AppState, name: &str, c: serde_json::Value) -> Result<Html<String>, PageError> {
    state
        .templates
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&c))))
        .map(Html)
        .map_err(|e| PageError(ApiError::Internal(format!("template {name}: {e}"))))
}

/// How a stored file may be shown in a page: `image` (not SVG, which can carry script), `video`,
/// `audio`, or "" (downloaded only). The file route serves inline exactly these.
fn media_kind(media_type: &str) -> &'static str {
    let t = media_type.to_ascii_lowercase();
    if t.starts_with("image/") && !t.contains("svg") {
        "image"
    } else if t.starts_with("video/") {
        "video"
    } else if t.starts_with("audio/") {
        "audio"
    } else {
        ""
    }
}

/// The format of a list's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sheet {
    /// CSV, UTF-8 with BOM (opens in Excel and WPS as Chinese)
    Csv,
    /// Excel workbook
    Xlsx,
}

/// A list as a download: `header` then `rows`, named `<ascii>.csv` / `<name>.csv` (or `.xlsx`).
/// In a workbook a whole number without a leading zero is a number; everything else (case
/// numbers, identity numbers, dates) stays text.
fn list_download(
    sheet: Sheet,
    ascii: &str,
    name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Response, PageError> {
    let (bytes, ext, mime) = match sheet {
        Sheet::Csv => {
            let internal = |e: csv::Error| ApiError::Internal(format!("csv: {e}"));
            let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            w.write_record(header).map_err(internal)?;
            for row in rows {
                w.write_record(&row).map_err(internal)?;
            }
            let bytes = w.into_inner().map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            (bytes, "csv", "text/csv; charset=utf-8")
        }
        Sheet::Xlsx => {
            use rust_xlsxwriter::{Format, Workbook};
            let internal = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("xlsx: {e}"));
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet();
            let bold = Format::new().set_bold();
            for (c, h) in header.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, *h, &bold).map_err(internal)?;
                ws.set_column_width(c as u16, 16).map_err(internal)?;
            }
            for (r, row) in rows.into_iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    let number = (v.len() < 15 && !v.starts_with('0')).then(|| v.parse::<i64>().ok()).flatten();
                    match number {
                        Some(n) => ws.write_number(r, c, n as f64).map_err(internal)?,
                        None => ws.write_string(r, c, v).map_err(internal)?,
                    };
                }
            }
            ws.set_freeze_panes(1, 0).map_err(internal)?;
            let bytes = wb.save_to_buffer().map_err(internal)?;
            (bytes, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
    };
    let disposition =
        crate::api::content_disposition("attachment", &format!("{ascii}.{ext}"), &format!("{name}.{ext}"));
    Ok((
        [(axum::http::header::CONTENT_TYPE, mime.to_string()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}

/// A list filter's choice as the form sends it: an empty choice is "all" (`None`).
fn given(v: &Option<String>) -> Option<String> {
    v.clone().filter(|x| !x.trim().is_empty())
}

/// A list filter's choice of a record by id; empty or not a number is "all".
fn given_id(v: &Option<String>) -> Option<i64> {
    given(v).and_then(|b| b.trim().parse().ok())
}

/// A form field's value, trimmed (empty when absent).
fn one(p: &[(String, String)], k: &str) -> String {
    p.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

/// A form sent back with its errors: the values typed, and the first message per field.
type FormBack = (HashMap<String, String>, HashMap<String, String>);

fn returned(p: &[(String, String)], i: &zhifa_core::Invalid) -> FormBack {
    let mut errors = HashMap::new();
    for e in &i.errors {
        errors.entry(e.field.clone()).or_insert_with(|| e.message.clone());
    }
    (p.iter().cloned().collect(), errors)
}

/// A page session: redirects to `/login` when absent.
struct PageSession(Session);

impl FromRequestParts<AppState> for PageSession {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let s = current_session(parts, state).await?.ok_or(PageError(ApiError::Unauthenticated))?;
        auth::require_password_changed(&s, parts.uri.path())?;
        Ok(PageSession(s))
    }
}

/// A page's form POST: the signed-in session and the form's fields, the `_csrf` field checked
/// against the session's token before the handler runs. Every page POST takes this extractor,
/// so no handler can forget the check.
struct PageForm<T>(Session, T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for PageForm<T> {
    type Rejection = PageError;
    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, PageError> {
        let (parts, body) = req.into_parts();
        let s = current_session(&parts, state).await?.ok_or(PageError(ApiError::Unauthenticated))?;
        auth::require_password_changed(&s, parts.uri.path())?;
        let req = axum::extract::Request::from_parts(parts, body);
        let bytes = <axum::body::Bytes as axum::extract::FromRequest<AppState>>::from_request(req, state)
            .await
            .map_err(|_| PageError(ApiError::TooLarge))?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| PageError(ApiError::BadRequest("表单格式错误".into())))?;
        s.check_csrf(pairs.iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v.as_str()))?;
        crate::input::check_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(ApiError::Invalid)?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| PageError(ApiError::BadRequest(format!("表单格式错误：{e}"))))?;
        Ok(PageForm(s, form))
    }
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

async fn favicon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, "public, max-age=86400")],
        &include_bytes!("../../static/favicon.ico")[..],
    )
        .into_response()
}

/// An error page with `status`, its title from the status, and `message` (no session needed).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::NOT_FOUND => "未找到",
        StatusCode::PAYLOAD_TOO_LARGE => "提交的内容过大",
        _ => "出错了",
    };
    let html = templates_for_errors()
        .get_template("error.html")
        .and_then(|t| {
            t.render(minijinja::Value::from(minijinja::value::Serde(
                serde_json::json!({ "title": title, "message": message }),
            )))
        })
        .unwrap_or_else(|_| "出错了".into());
    (status, Html(html)).into_response()
}

async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/app.js"),
    )
        .into_response()
}

async fn upload_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/evidence-upload.js"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(&state, "login.html", serde_json::json!({ "username": "", "error": () }))
}

async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(ApiError::from)?;
    crate::input::check_pairs([("username", f.username.as_str()), ("password", f.password.as_str())])
        .map_err(ApiError::Invalid)?;
    let ip = addr.ip().to_string();
    match auth::login(&state, &f.username, &f.password, Some(&ip)).await {
        Ok(r) => Ok(([(header::SET_COOKIE, auth::session_cookie(&r.token, state.secure_cookies))], Redirect::to("/"))
            .into_response()),
        Err(e @ (ApiError::Invalid(_) | ApiError::Locked(_))) => {
            let msg = match &e {
                ApiError::Invalid(i) => i.errors.first().map(|x| x.message.clone()).unwrap_or_default(),
                ApiError::Locked(m) => m.clone(),
                _ => String::new(),
            };
            let page = render(&state, "login.html", serde_json::json!({ "username": f.username, "error": msg }))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A form with no field but its CSRF token.
type NoFields = Vec<(String, String)>;

async fn logout(State(state): State<AppState>, PageForm(s, _): PageForm<NoFields>) -> Result<Response, PageError> {
    auth::logout(&state, &s).await?;
    Ok(([(header::SET_COOKIE, auth::clear_cookie(state.secure_cookies))], Redirect::to("/login")).into_response())
}

/// 修改密码: the holder's own change; the first thing an account made or reset by an
/// administrator sees.
async fn password_page(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    render(
        &state,
        "account_password.html",
        serde_json::json!({ "session": ctx(&s), "must": s.must_change_password, "errors": {}, "done": false }),
    )
}

async fn password_submit(
    State(state): State<AppState>,
    PageForm(s, f): PageForm<NoFields>,
) -> Result<Response, PageError> {
    let (old, new, again) = (one(&f, "old_password"), one(&f, "new_password"), one(&f, "new_password_again"));
    let change = zhifa_app::accounts::PasswordChange { old_password: old, new_password: new.clone() };
    let result = if new != again {
        Err(zhifa_app::AppError::Invalid(zhifa_core::Invalid::field("new_password_again", "两次输入的新密码不一致")))
    } else {
        zhifa_app::accounts::change_own_password(&state.app, &s.who(), &change).await
    };
    match result {
        Ok(()) => {
            state.app.store.revoke_other_sessions(s.caller.user_id, s.token_hash()).await?;
            state.sessions.remove_user(s.caller.user_id);
            let page = render(
                &state,
                "account_password.html",
                serde_json::json!({ "session": ctx(&s), "must": false, "errors": {}, "done": true }),
            )?;
            Ok(page.into_response())
        }
        Err(zhifa_app::AppError::Invalid(i)) => {
            let (_, errors) = returned(&[], &i);
            let page = render(
                &state,
                "account_password.html",
                serde_json::json!({ "session": ctx(&s), "must": s.must_change_password, "errors": errors, "done": false }),
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn body_names(state: &AppState) -> Result<HashMap<String, String>, PageError> {
    Ok(state.app.store.list_bodies().await?.into_iter().map(|b| (b.id.to_string(), b.name)).collect())
}

/// The front page: a signed-in user's desk; the public portal for anyone else.
async fn home(State(state): State<AppState>, parts: Parts) -> Result<Response, PageError> {
    match current_session(&parts, &state).await? {
        Some(s) if s.must_change_password => Ok(Redirect::to("/account/password").into_response()),
        Some(s) => Ok(desk(&state, s).await?.into_response()),
        None => Ok(Redirect::to("/public").into_response()),
    }
}

async fn desk(state: &AppState, s: Session) -> Result<Html<String>, PageError> {
    let state = state.clone();
    use zhifa_core::access::Role;
    let scope = s.caller.scope();
    let body = match s.caller.body_id {
        Some(b) => state.app.store.get_body(b).await?,
        None => None,
    };
    let officers =
        state.app.store.list_officers(scope, &OfficerFilter { limit: Some(500), ..Default::default() }).await?.len();
    let certs = certificate_rows(state.app.store.list_certificates(scope, &CertificateFilter::default()).await?);
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let soon = today + Duration::days(90);
    let attention: Vec<_> =
        certs.iter().filter(|c| c.listing.valid_to <= soon || c.effective_status != "valid").collect();
    // An officer's own certificates come first on the officer's home page.
    let user = state.app.store.user_by_id(s.caller.user_id).await?;
    let my_certs = user
        .and_then(|u| u.officer_id)
        .map(|oid| certs.iter().filter(|c| c.listing.officer_id == oid).collect::<Vec<_>>());
    let role = s.caller.role;
    let show_ratios =
        matches!(role, Role::SystemAdmin | Role::Supervisor | Role::BodyAdmin | Role::Head | Role::Reviewer);
    let ratios = if show_ratios { state.app.store.reviewer_ratios(scope).await? } else { Vec::new() };
    let attention_list = if matches!(role, Role::SystemAdmin | Role::Supervisor | Role::BodyAdmin | Role::Head) {
        attention.clone()
    } else {
        Vec::new()
    };
    let workbench = zhifa_app::workbench::workbench(&state.app, &s.who()).await?;
    render(
        &state,
        "home.html",
        serde_json::json!({ "session": ctx(&s), "body": body, "workbench": workbench,
            "may_register": zhifa_core::access::allowed(&s.caller, zhifa_core::access::Action::CreateCase, s.caller.body_id), "officers": officers, "certificates": certs.len(), "expiring": attention.len(),
            "ratios": ratios, "show_ratios": show_ratios, "my_certs": my_certs, "attention": attention_list }),
    )
}

#[derive(Deserialize)]
struct OfficerQ {
    name: Option<String>,
}

async fn officers(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<OfficerQ>,
) -> Result<Html<String>, PageError> {
    let rows = state
        .app
        .store
        .list_officers(
            s.caller.scope(),
            &OfficerFilter { name: q.name.clone(), limit: Some(500), ..Default::default() },
        )
        .await?;
    let officers: Vec<_> = rows.into_iter().map(|o| officer_view(&s, o)).collect();
    render(
        &state,
        "officers.html",
        serde_json::json!({ "session": ctx(&s), "officers": officers, "may_add": zhifa_core::access::allowed(&s.caller, zhifa_core::access::Action::WriteOfficer, s.caller.body_id), "bodies": body_names(&state).await?, "name": q.name.unwrap_or_default() }),
    )
}

async fn officer(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let detail = officer_detail(&state, &s, id, Some(addr.ip().to_string())).await?;
    let body_name = state.app.store.get_body(detail.officer.body_id).await?.map(|b| b.name).unwrap_or_default();
    render(
        &state,
        "officer.html",
        serde_json::json!({ "session": ctx(&s), "certs": &detail.certificates, "o": detail, "body_name": body_name }),
    )
}

#[derive(Deserialize)]
struct CertQ {
    expiring: Option<i64>,
}

async fn certificates(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<CertQ>,
) -> Result<Html<String>, PageError> {
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let f = CertificateFilter {
        valid_to_before: q.expiring.map(|d| today + Duration::days(d.clamp(0, 3650))),
        ..Default::default()
    };
    let mut certs = certificate_rows(state.app.store.list_certificates(s.caller.scope(), &f).await?);
    if q.expiring.is_some() {
        // also list suspended or revoked certificates whatever their end date
        let all =
            certificate_rows(state.app.store.list_certificates(s.caller.scope(), &CertificateFilter::default()).await?);
        for c in all.into_iter().filter(|c| c.effective_status != "valid") {
            if !certs.iter().any(|x| x.listing.id == c.listing.id) {
                certs.push(c);
            }
        }
    }
    render(
        &state,
        "certificates.html",
        serde_json::json!({ "session": ctx(&s), "certs": certs, "expiring": q.expiring }),
    )
}

fn kind_labels() -> HashMap<&'static str, &'static str> {
    BodyKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}

async fn bodies(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    let bodies = state.app.store.list_bodies().await?;
    render(&state, "bodies.html", serde_json::json!({ "session": ctx(&s), "bodies": bodies, "kinds": kind_labels() }))
}

#[derive(Serialize)]
struct PowerRow {
    code: String,
    name: String,
    category: &'static str,
    refs: Vec<zhifa_core::registry::LegalRef>,
    procedure: &'static str,
    time_limit: String,
    version: i32,
    change: &'static str,
    effective_from: String,
}

/// The public check address of a certificate (printed on it as a QR code).
pub(crate) fn certificate_link(base: &str, number: &str) -> String {
    format!("{base}/public/certificates/{}", urlencode(number))
}

/// A body with its power list in force: public (事前公开, seed §二(一)).
async fn body(State(state): State<AppState>, parts: Parts, Path(id): Path<i64>) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let b = state.app.store.get_body(id).await?.ok_or(ApiError::NotFound("执法主体"))?;
    let on = zhifa_core::time::shanghai_date(Utc::now());
    let items: Vec<PowerRow> = state
        .app
        .store
        .power_items_in_force(id, on)
        .await?
        .into_iter()
        .map(|p| PowerRow {
            code: p.code.clone(),
            name: p.name.clone(),
            category: p.category_label(),
            refs: p.legal_refs(),
            procedure: p.procedure_label(),
            time_limit: p.time_limit_text(),
            version: p.version,
            change: p.change_label(),
            effective_from: p.effective_from.to_string(),
        })
        .collect();
    let officers = state.app.store.public_officers(id, on).await?;
    use zhifa_core::lists::ListKind;
    let spot = crate::api::lists::public_list_of(&state, id, ListKind::SpotCheck, on).await?;
    let discretion = crate::api::lists::public_list_of(&state, id, ListKind::Discretion, on).await?;
    let standards = discretion_view(&discretion);
    render(
        &state,
        "body.html",
        serde_json::json!({ "session": session, "kind": b.kind_label(), "b": b, "items": items, "on": on.to_string(),
            "officers": officers, "spot": spot, "discretion": discretion, "standards": standards }),
    )
}

/// The discretion standards in force as the page shows them: the basis as text, each level's
/// kinds by name and its fine range in yuan.
fn discretion_view(list: &crate::api::lists::PublicList) -> Vec<serde_json::Value> {
    let Some(cur) = &list.current else { return Vec::new() };
    let standards: Vec<zhifa_core::lists::Standard> = serde_json::from_value(cur.items.clone()).unwrap_or_default();
    let refs = |v: &[zhifa_core::registry::LegalRef]| v.iter().map(|r| r.display()).collect::<Vec<_>>().join("；");
    standards
        .iter()
        .map(|s| {
            let levels: Vec<_> = s
                .levels
                .iter()
                .map(|l| {
                    let kinds = l.penalty_kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join("、");
                    serde_json::json!({ "degree": l.degree, "circumstances": l.circumstances, "kinds": kinds,
                        "range": l.fine_range(), "standard": l.standard })
                })
                .collect();
            serde_json::json!({ "code": s.power_item_code, "violation": s.violation,
                "violation_basis": refs(&s.violation_basis), "penalty_basis": refs(&s.penalty_basis), "levels": levels })
        })
        .collect()
}

#[derive(Deserialize)]
struct NumberQ {
    number: Option<String>,
}

async fn public_cert_form(
    State(state): State<AppState>,
    parts: Parts,
    Query(q): Query<NumberQ>,
) -> Result<Response, PageError> {
    if let Some(n) = q.number.filter(|n| !n.trim().is_empty()) {
        let n = zhifa_core::ids::fold_width(&n).to_uppercase();
        let target = format!("/public/certificates/{}", urlencode(&n));
        return Ok(Redirect::to(&target).into_response());
    }
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    Ok(render(
        &state,
        "public_cert.html",
        serde_json::json!({ "session": session, "number": "", "cert": (), "error": () }),
    )?
    .into_response())
}

use zhifa_core::ids::percent_encode as urlencode;

async fn public_cert(
    State(state): State<AppState>,
    parts: Parts,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let (cert, error, status) = match zhifa_core::ids::CertificateNumber::parse(&number) {
        Err(m) => (None, Some(m), StatusCode::UNPROCESSABLE_ENTITY),
        Ok(n) => match state.app.store.public_certificate(n.as_str(), today).await? {
            Some(c) => (Some(c), None, StatusCode::OK),
            None => (
                None,
                Some(format!("未查到编号为“{}”的执法证件，请核对编号；持无效证件者无权执法。", n)),
                StatusCode::NOT_FOUND,
            ),
        },
    };
    let qr = cert.as_ref().map(|c: &zhifa_store::model::PublicCertificate| {
        zhifa_core::qr::svg(&certificate_link(&state.app.store.public_url(), &c.number), "本页二维码")
    });
    let page = render(
        &state,
        "public_cert.html",
        serde_json::json!({ "session": session, "number": number, "cert": cert, "error": error,
            "qr": qr.unwrap_or_default() }),
    )?;
    Ok((status, page).into_response())
}

/// Page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(css))
        .route("/static/evidence-upload.js", get(upload_js))
        .route("/static/app.js", get(app_js))
        .route("/favicon.ico", get(favicon))
        .route("/evidence", get(evidence::list))
        .route("/evidence/new", get(evidence::new))
        .route("/evidence/{id}", get(evidence::item))
        .route("/evidence/{id}/deletion-request", axum::routing::post(evidence::request_deletion))
        .route("/evidence-deletions/{id}/decision", axum::routing::post(evidence::decide_deletion))
        .route("/cases", get(cases::list).post(cases::create))
        .route("/cases/export.csv", get(|st, s, q| cases::export(st, s, q, Sheet::Csv)))
        .route("/cases/export.xlsx", get(|st, s, q| cases::export(st, s, q, Sheet::Xlsx)))
        .route("/cases/new", get(cases::new))
        .route("/cases/{id}", get(cases::item))
        .route("/cases/{id}/step", get(cases::step_form))
        .route("/cases/{id}/steps", axum::routing::post(cases::add_step))
        .route("/deadlines", get(cases::due))
        .route("/cases/{id}/review", get(review::page).post(review::post))
        .route("/review", get(review::queue))
        .route("/cases/{id}/documents", axum::routing::post(documents::create))
        .route("/documents/{id}", get(documents::item))
        .route("/cases/{id}/archive", get(documents::archive_package))
        .route("/cases/{id}/archive-check", axum::routing::post(documents::archive_check))
        .route("/documents/{id}/pdf", get(documents::pdf))
        .route("/doc-templates", get(documents::templates).post(documents::file_version))
        .route("/doc-templates/new", get(documents::new))
        .route("/doc-templates/standard/{kind}", get(documents::standard))
        .route("/doc-templates/{id}", get(documents::version))
        .route("/doc-templates/{id}/decision", axum::routing::post(documents::decision))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", axum::routing::post(logout))
        .route("/account/password", get(password_page).post(password_submit))
        .route("/", get(home))
        .route("/officers", get(officers))
        .route("/officers/{id}", get(officer))
        .route("/certificates", get(certificates))
        .route("/bodies", get(bodies))
        .route("/bodies/{id}", get(body))
        .route("/publications", get(publicity::list))
        .route("/publications/{id}", get(publicity::item).post(publicity::post))
        .route("/public", get(publicity::portal))
        .route("/public/decisions", get(publicity::decisions))
        .route("/public/decisions/{id}", get(publicity::decision))
        .route("/public/documents", get(publicity::document_check))
        .route("/public/documents/check", get(publicity::document_check))
        .route("/public/progress", get(publicity::progress))
        .route("/public/reports", get(annual::public_index))
        .route("/public/reports/{year}", get(annual::public_report))
        .route("/annual-reports", get(annual::list))
        .route("/annual-reports/draft", axum::routing::post(annual::draft))
        .route("/annual-reports/{id}", get(annual::item).post(annual::post))
        .route("/public/bodies/{id}/window", get(publicity::window_board))
        .route("/public/certificates", get(public_cert_form))
        .route("/public/certificates/{number}", get(public_cert))
        .merge(accounts::routes())
        .merge(supervision::routes())
        .merge(oversight::routes())
        .merge(complaints::routes())
        .merge(evaluation::routes())
        .merge(assessment::routes())
        .merge(spotcheck::routes())
        .merge(spotcheck_tasks::routes())
        .merge(dashboard::routes())
        .merge(laws::routes())
        .merge(registry_forms::routes())
}
