//! Publicity pages (行政执法公示): the body's publication tasks with their deadlines; one task
//! with the original and the redacted text side by side (what was masked highlighted, why on
//! hover), the confirmation form, withholding and withdrawal; and the public portal pages (no
//! sign-in): the portal's front page, the published decisions with search, one decision.

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::api::publicity::{ChangeInput, PublicQuery, act, view};
use crate::auth::current_session;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use zhifa_core::Invalid;
use zhifa_core::access::{Action, allowed as may};
use zhifa_core::redact::Redacted;
use zhifa_store::Command;

type Pairs = Vec<(String, String)>;

use super::one;

fn today() -> chrono::NaiveDate {
    zhifa_core::time::shanghai_date(chrono::Utc::now())
}

/// The original cut at the spans (each masked piece with its kind and reason) and the redacted
/// text cut the same way (each replacement marked), for the side-by-side view.
fn segments(original: &str, r: &Redacted) -> (Vec<Value>, Vec<Value>) {
    let cs: Vec<char> = original.chars().collect();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let mut at = 0;
    for s in &r.spans {
        let plain: String = cs[at..s.start].iter().collect();
        left.push(json!({"text": plain}));
        right.push(json!({"text": plain}));
        let masked: String = cs[s.start..s.end].iter().collect();
        left.push(json!({"text": masked, "kind": s.kind.label(), "reason": s.reason}));
        right.push(json!({"text": s.replacement, "kind": s.kind.label(), "reason": s.reason}));
        at = s.end;
    }
    let rest: String = cs[at..].iter().collect();
    left.push(json!({"text": rest}));
    right.push(json!({"text": rest}));
    (left, right)
}

/// 公示任务 and the deadline tracking.
pub(super) async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
) -> Result<Html<String>, PageError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    let cal = state.app.store.calendar();
    let tracking = state.app.store.publication_tracking(s.caller.scope(), &cal, today()).await?;
    let recent = state.app.store.publications(s.caller.scope(), None, 50, 0).await?;
    let recent: Vec<Value> = recent
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
            v["status_label"] = p.status.label().into();
            v["category_label"] = p.category.label().into();
            v
        })
        .collect();
    render(&state, "publications.html", json!({"session": ctx(&s), "tracking": tracking, "recent": recent}))
}

/// One task: the side-by-side preview and the forms the caller may use.
pub(super) async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    page(&state, &s, id, None).await
}

type Returned<'a> = (&'a str, HashMap<String, String>, HashMap<String, String>);

async fn page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    returned: Option<Returned<'_>>,
) -> Result<Html<String>, PageError> {
    let v = view(state, s, id).await?;
    let p = &v.publication;
    let case = state.app.store.case(s.caller.scope(), p.case_id).await?.ok_or(ApiError::NotFound("案件"))?;
    let (left, right) = match &v.proposal {
        Some(pr) => segments(&pr.original, &pr.proposed),
        None => (Vec::new(), Vec::new()),
    };
    let (form, values, errors) = match returned {
        Some((f, v, e)) => (f.to_string(), v, e),
        None => (String::new(), HashMap::new(), HashMap::new()),
    };
    let masked: Value = p.masked.as_deref().and_then(|m| serde_json::from_str(m).ok()).unwrap_or(Value::Null);
    render(
        state,
        "publication.html",
        json!({
            "session": ctx(s), "p": p, "status_label": v.status_label, "proposal": v.proposal, "left": left, "right": right,
            "case": {"id": case.id, "number": case.number, "party_names": case.party_names},
            "category_label": p.category.label(),
            "masked": masked,
            "may_publish": may(&s.caller, Action::Publish, Some(p.body_id)),
            "may_register": may(&s.caller, Action::RegisterDecisionChange, Some(p.body_id)),
            "grounds": zhifa_core::publicity::ChangeGround::ALL.iter().map(|g| json!({"code": g.code(), "label": g.label()})).collect::<Vec<_>>(),
            "bys": zhifa_core::publicity::ChangeBy::ALL.iter().map(|g| json!({"code": g.code(), "label": g.label()})).collect::<Vec<_>>(),
            "withheld": zhifa_core::publicity::Withheld::ALL.iter().map(|g| json!({"code": g.code(), "label": g.label()})).collect::<Vec<_>>(),
            "form": form, "values": values, "errors": errors, "today": today().to_string(),
        }),
    )
}

/// The forms of a task: publish, withhold, change (register or withdraw at once), withdraw.
pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Pairs>,
) -> Result<Response, PageError> {
    let which = one(&p, "action");
    let r = match which.as_str() {
        "publish" => {
            let text = p.iter().find(|(n, _)| n == "full_text").map(|(_, v)| v.clone()).unwrap_or_default();
            act(&state, &s, id, Action::Publish, Command::PublishDecision { id, text }).await.map(|_| ())
        }
        "withhold" => match zhifa_core::publicity::Withheld::parse(&one(&p, "ground")) {
            Ok(ground) => {
                let cmd = Command::WithholdPublication { id, ground, note: one(&p, "note") };
                act(&state, &s, id, Action::Publish, cmd).await.map(|_| ())
            }
            Err(m) => Err(Invalid::field("ground", m).into()),
        },
        "change" => {
            let input = ChangeInput {
                ground: one(&p, "ground"),
                by: one(&p, "by"),
                changed_on: one(&p, "changed_on"),
                note: one(&p, "note"),
                withdraw: one(&p, "withdraw") == "1",
            };
            let need = if input.withdraw { Action::Publish } else { Action::RegisterDecisionChange };
            match input.validate() {
                Ok(change) => {
                    let cmd = Command::ChangeDecision { id, change: Some(change), withdraw: input.withdraw };
                    act(&state, &s, id, need, cmd).await.map(|_| ())
                }
                Err(i) => Err(i.into()),
            }
        }
        "withdraw" => {
            act(&state, &s, id, Action::Publish, Command::ChangeDecision { id, change: None, withdraw: true })
                .await
                .map(|_| ())
        }
        _ => Err(Invalid::field("action", "未知的操作").into()),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/publications/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            let page = page(&state, &s, id, Some((&which, values, errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// 政务公开门户: the portal's front page.
pub(super) async fn portal(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let latest = state.app.store.public_decisions(&Default::default(), today()).await?;
    let bodies = state.app.store.list_bodies().await?;
    let bodies: Vec<Value> =
        bodies.iter().filter(|b| !b.is_supervisor).map(|b| json!({"id": b.id, "name": b.name})).collect();
    render(&state, "public_home.html", json!({"session": session, "latest": latest.items, "bodies": bodies}))
}

/// 行政执法决定公开: search and filters, one page.
pub(super) async fn decisions(
    State(state): State<AppState>,
    parts: Parts,
    Query(q): Query<PublicQuery>,
) -> Result<Response, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let bodies = state.app.store.list_bodies().await?;
    let bodies: Vec<Value> =
        bodies.iter().filter(|b| !b.is_supervisor).map(|b| json!({"id": b.id, "name": b.name})).collect();
    let categories: Vec<Value> = [
        zhifa_core::publicity::Category::Penalty,
        zhifa_core::publicity::Category::Licensing,
        zhifa_core::publicity::Category::Other,
    ]
    .iter()
    .map(|c| json!({"code": c.code(), "label": c.label()}))
    .collect();
    let penalties: Vec<Value> =
        zhifa_core::case::PenaltyKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let form = json!({"q": q.q, "body_id": q.body_id, "category": q.category, "penalty": q.penalty, "from": q.from, "to": q.to});
    let (page, errors, status) = match q.filter() {
        Ok(f) => (Some(zhifa_app::search::public_results(&state.app, &f, today()).await?), Value::Null, StatusCode::OK),
        Err(i) => {
            let e: HashMap<String, String> = i.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            (None, json!(e), StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let paging = page.as_ref().map(|p| {
        let base: Vec<String> = [
            ("q", &q.q),
            ("body_id", &q.body_id),
            ("category", &q.category),
            ("penalty", &q.penalty),
            ("from", &q.from),
            ("to", &q.to),
        ]
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", zhifa_core::ids::percent_encode(v)))
        })
        .collect();
        let link = |offset: i64| {
            let mut parts = base.clone();
            parts.push(format!("offset={offset}"));
            format!("/public/decisions?{}", parts.join("&"))
        };
        json!({
            "query": base.join("&"),
            "prev": (p.offset > 0).then(|| link((p.offset - p.limit).max(0))),
            "next": (p.offset + p.limit < p.total).then(|| link(p.offset + p.limit)),
            "from": if p.total == 0 { 0 } else { p.offset + 1 }, "to": (p.offset + p.limit).min(p.total),
        })
    });
    let html = render(
        &state,
        "public_decisions.html",
        json!({"session": session, "page": page, "paging": paging, "form": form, "errors": errors, "bodies": bodies, "categories": categories, "penalties": penalties}),
    )?;
    Ok((status, html).into_response())
}

/// One published decision (or the notice of its withdrawal).
pub(super) async fn decision(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let d = state.app.store.public_decision(id, today()).await?;
    render(&state, "public_decision.html", json!({"session": session, "d": d}))
}

/// 执法文书核验: the form, and the answer for a number and a code.
pub(super) async fn document_check(
    State(state): State<AppState>,
    parts: Parts,
    Query(q): Query<crate::api::publicity::CheckQuery>,
) -> Result<Response, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let asked = q.number.is_some() || q.code.is_some();
    let answer = if asked { Some(crate::api::publicity::check_document(&state, &q).await) } else { None };
    let (a, errors, not_found, status) = by_code(answer)?;
    let (d, proof) = match a {
        Some(a) => (Some(a.document), a.proof.is_some()),
        None => (None, false),
    };
    let html = render(
        &state,
        "public_doc_check.html",
        json!({"session": session, "d": d, "proof": proof, "errors": errors, "not_found": not_found,
               "number": q.number.unwrap_or_default(), "code": q.code.unwrap_or_default()}),
    )?;
    Ok((status, html).into_response())
}

/// What a lookup by 文号 and verification code gives a page: the answer, the field errors, whether
/// nothing was found (the page says so without telling which part was wrong) and the status.
type ByCode<T> = (Option<T>, HashMap<String, String>, bool, StatusCode);

fn by_code<T>(answer: Option<Result<T, ApiError>>) -> Result<ByCode<T>, PageError> {
    Ok(match answer {
        None => (None, HashMap::new(), false, StatusCode::OK),
        Some(Ok(a)) => (Some(a), HashMap::new(), false, StatusCode::OK),
        Some(Err(ApiError::Invalid(i))) => {
            let e = i.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            (None, e, false, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Some(Err(ApiError::NotFound(_))) => (None, HashMap::new(), true, StatusCode::NOT_FOUND),
        Some(Err(e)) => return Err(e.into()),
    })
}

/// 办件进度查询: for the holder of a document of the case (文号 and verification code).
pub(super) async fn progress(
    State(state): State<AppState>,
    parts: Parts,
    Query(q): Query<crate::api::publicity::CheckQuery>,
) -> Result<Response, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let asked = q.number.is_some() || q.code.is_some();
    let answer = if asked { Some(crate::api::publicity::progress_of(&state, &q).await) } else { None };
    let (p, errors, not_found, status) = by_code(answer)?;
    let html = render(
        &state,
        "public_progress.html",
        json!({"session": session, "p": p, "errors": errors, "not_found": not_found,
               "number": q.number.unwrap_or_default(), "code": q.code.unwrap_or_default()}),
    )?;
    Ok((status, html).into_response())
}

/// 岗位信息公示牌 (window information board) of a body: who serves at its windows, what the body
/// does, the materials each application needs, the progress query and where to complain.
pub(super) async fn window_board(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let body = state.app.store.get_body(id).await?.ok_or(ApiError::NotFound("执法主体"))?;
    let on = today();
    let officers = state.app.store.public_officers(id, on).await?;
    let items: Vec<Value> = state
        .app
        .store
        .power_items_in_force(id, on)
        .await?
        .into_iter()
        .filter(|p| p.materials.is_some() || p.category == zhifa_core::registry::PowerCategory::Licensing)
        .map(|p| {
            json!({"code": p.code, "name": p.name, "time_limit": p.time_limit_text(),
                   "materials": p.materials.as_deref().map(|m| m.lines().collect::<Vec<_>>()).unwrap_or_default()})
        })
        .collect();
    let supervisor = state.app.store.list_bodies().await?.into_iter().find(|b| b.is_supervisor);
    render(
        &state,
        "public_window.html",
        json!({"session": session, "b": body, "officers": officers, "items": items, "supervisor": supervisor, "on": on.to_string()}),
    )
}
