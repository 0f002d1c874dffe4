//! 双随机抽查任务 pages: the tasks of the caller's body with the announcement form, one task
//! (its announcement, the draw form, the strata and the objects drawn with their inspectors),
//! and for anyone the tasks, each with the platform's own re-run of its bundle, an enterprise's
//! check of itself by its credit code, and the bundle to verify offline.

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
use std::collections::HashMap;
use zhifa_app::spotcheck::TaskView;
use zhifa_core::access::{Action, allowed};
use zhifa_core::lists::{ListKind, SpotCheckItem};
use zhifa_core::spotcheck::{Strata, TaskInput};

use super::supervision::body_names;

fn shown(t: chrono::DateTime<chrono::Utc>) -> String {
    zhifa_core::time::display(t)
}

/// Roster lines shown on a page before the rest is left to the bundle.
const SHOWN_LINES: usize = 200;

async fn list_page(
    state: &AppState,
    s: &crate::auth::Session,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let who = s.who();
    let names = body_names(state).await?;
    let rows: Vec<_> = state
        .app
        .spotcheck_tasks(&who)
        .await?
        .iter()
        .map(|t| {
            json!({ "t": t, "status_label": t.status.label(), "body": names.get(&t.body_id).cloned().unwrap_or_default(),
                "entropy_at": shown(t.entropy_at), "joint": !t.joint_bodies.is_empty() })
        })
        .collect();
    let own = s.caller.body_id.filter(|_| !s.caller.role.is_district_wide());
    let may_run = own.is_some_and(|b| allowed(&s.caller, Action::RunSpotchecks, Some(b)));
    let (items, rosters, others) = match own.filter(|_| may_run) {
        Some(b) => {
            let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
            let list = state.app.store.body_list_on(b, ListKind::SpotCheck, today).await?;
            let items: Vec<SpotCheckItem> =
                list.map(|l| serde_json::from_str(&l.items).unwrap_or_default()).unwrap_or_default();
            let rosters = state.app.object_rosters(&who, Some(b)).await?;
            let others: Vec<_> = state
                .app
                .store
                .list_bodies()
                .await?
                .into_iter()
                .filter(|x| !x.is_supervisor && x.id != b)
                .map(|x| json!({ "id": x.id, "name": x.name }))
                .collect();
            (
                items.iter().map(|i| json!({ "code": i.code, "name": i.name, "ratio": i.ratio_percent })).collect(),
                rosters
                    .iter()
                    .map(|r| json!({ "id": r.id, "label": format!("第{}版（{}个对象，{}）", r.version, r.objects, r.source) }))
                    .collect(),
                others,
            )
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let strata: Vec<_> = Strata::ALL.iter().map(|x| json!({ "code": x.code(), "label": x.label() })).collect();
    let chosen_joint: Vec<String> = values.get("joint_body_ids").map(|k| vec![k.clone()]).unwrap_or_default();
    render(
        state,
        "spotchecks.html",
        json!({ "session": ctx(s), "rows": rows, "may_run": may_run, "items": items, "rosters": rosters,
            "others": others, "strata": strata, "chosen_joint": chosen_joint, "values": values, "errors": errors }),
    )
}

/// 双随机抽查: the tasks, and the announcement form for a body's head and administrator.
async fn list(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    list_page(&state, &s, HashMap::new(), HashMap::new()).await
}

fn task_input(p: &[(String, String)]) -> TaskInput {
    let num = |k: &str| {
        let v = one(p, k);
        if v.trim().is_empty() { None } else { Some(v.trim().parse::<u32>().unwrap_or(u32::MAX)) }
    };
    let percent = one(p, "percent");
    TaskInput {
        title: one(p, "title"),
        body_id: None,
        item_code: one(p, "item_code"),
        domain: one(p, "domain"),
        roster_id: one(p, "roster_id").trim().parse().ok(),
        strata: one(p, "strata"),
        percent: (!percent.trim().is_empty()).then_some(percent),
        count: num("count"),
        per_object: num("per_object"),
        reserves: num("reserves"),
        cap: num("cap").unwrap_or(0),
        joint_body_ids: p.iter().filter(|(k, _)| k == "joint_body_ids").filter_map(|(_, v)| v.parse().ok()).collect(),
        conflicts: one(p, "conflicts"),
        entropy_source: one(p, "entropy_source"),
        entropy_at: one(p, "entropy_at"),
    }
}

/// Announces a task from the form.
async fn announce(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    match state.app.announce_spotcheck(&s.who(), task_input(&p)).await.map_err(ApiError::from) {
        Ok(o) => Ok(Redirect::to(&format!("/spotchecks/{}", o.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(&state, &s, values, errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// What both the staff page and the public page show of a task.
fn task_json(v: &TaskView, names: &HashMap<i64, String>) -> serde_json::Value {
    let t = &v.task;
    let picks: Vec<_> = v
        .picks
        .iter()
        .map(|p| {
            let person = |i: &zhifa_core::spotcheck::PickedInspector| {
                json!({ "name": i.name, "certificate": i.certificate,
                    "body": names.get(&i.body_id).cloned().unwrap_or_default() })
            };
            json!({ "p": p.pick, "inspectors": p.inspectors.iter().map(person).collect::<Vec<_>>(),
                "reserves": p.reserves.iter().map(person).collect::<Vec<_>>() })
        })
        .collect();
    let head = |text: &str| text.lines().take(SHOWN_LINES).collect::<Vec<_>>().join("\n");
    json!({ "v": v, "picks": picks, "entropy_at": shown(t.entropy_at), "announced_at": shown(t.announced_at),
        "drawn_at": t.drawn_at.map(shown), "checkpointed_at": v.checkpointed_at.map(shown),
        "joint": v.joint_names.join("、"),
        "rosters": { "objects": head(&t.objects_roster), "people": head(&t.people_roster),
            "conflicts": head(&t.conflicts_roster), "more": v.objects > SHOWN_LINES || v.people > SHOWN_LINES } })
}

async fn item_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    errors: HashMap<String, String>,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let v = state.app.spotcheck_task(Some(&s.who()), id).await?;
    let names = body_names(state).await?;
    let mut page = task_json(&v, &names);
    page["session"] = json!(ctx(s));
    page["may_run"] = json!(allowed(&s.caller, Action::RunSpotchecks, Some(v.task.body_id)));
    page["may_inspect"] = json!(allowed(&s.caller, Action::CreateCase, Some(v.task.body_id)));
    page["staff"] = json!(true);
    page["errors"] = json!(errors);
    page["error"] = json!(error);
    render(state, "spotcheck.html", page)
}

/// One task.
async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    item_page(&state, &s, id, HashMap::new(), None).await
}

/// The lead body's acts on a task: `draw`, `reannounce`.
async fn act(
    State(state): State<AppState>,
    Path((id, act)): Path<(i64, String)>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let who = s.who();
    let r = match act.as_str() {
        "draw" => state.app.draw_spotcheck(&who, id, one(&p, "entropy")).await,
        "reannounce" => {
            state
                .app
                .reannounce_spotcheck(&who, id, one(&p, "reason"), one(&p, "entropy_source"), &one(&p, "entropy_at"))
                .await
        }
        _ => return Err(ApiError::NotFound("页面").into()),
    };
    match r.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/spotchecks/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (_, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, item_page(&state, &s, id, errors, None).await?).into_response())
        }
        Err(ApiError::Conflict(m)) => {
            Ok((StatusCode::CONFLICT, item_page(&state, &s, id, HashMap::new(), Some(m)).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Registers the inspection of a drawn object from its row, and opens the case.
async fn inspect(
    State(state): State<AppState>,
    Path((id, pick)): Path<(i64, i64)>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let input = zhifa_app::spotcheck::PickInspection {
        legal_representative: one(&p, "legal_representative"),
        address: None,
        phone: None,
    };
    match state.app.inspect_pick(&s.who(), pick, input).await.map_err(ApiError::from) {
        Ok(o) => Ok(Redirect::to(&format!("/cases/{}", o.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let message = i.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("；");
            Ok((StatusCode::UNPROCESSABLE_ENTITY, item_page(&state, &s, id, HashMap::new(), Some(message)).await?)
                .into_response())
        }
        Err(ApiError::Conflict(m)) => {
            Ok((StatusCode::CONFLICT, item_page(&state, &s, id, HashMap::new(), Some(m)).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// 双随机抽查 (public): every task from its announcement.
async fn public_list(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let names = body_names(&state).await?;
    let rows: Vec<_> = state
        .app
        .public_spotcheck_tasks()
        .await?
        .iter()
        .map(|t| {
            json!({ "t": t, "status_label": t.status.label(), "body": names.get(&t.body_id).cloned().unwrap_or_default(),
                "entropy_at": shown(t.entropy_at) })
        })
        .collect();
    render(&state, "public_spotchecks.html", json!({ "session": session, "rows": rows, "one": null }))
}

#[derive(Debug, Default, serde::Deserialize)]
struct CodeQ {
    code: Option<String>,
}

/// One task for anyone: the announcement, the platform's re-run of the bundle, the objects
/// drawn, and an enterprise's own check by its credit code.
async fn public_item(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<i64>,
    Query(q): Query<CodeQ>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let v = state.app.spotcheck_task(None, id).await?;
    let names = body_names(&state).await?;
    let report = state.app.verify_spotcheck(id).await?;
    let code = q.code.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let own = match &code {
        Some(c) if c.chars().count() <= 40 => Some(state.app.spotcheck_self_check(id, c).await?),
        _ => None,
    };
    let mut page = task_json(&v, &names);
    page["session"] = json!(session);
    page["one"] = json!(true);
    page["report"] = json!(*report);
    page["passed"] = json!(report.passed());
    page["code"] = json!(code);
    page["own"] = json!(own);
    render(&state, "public_spotchecks.html", page)
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/spotchecks", get(list).post(announce))
        .route("/spotchecks/{id}", get(item))
        .route("/spotchecks/{id}/acts/{act}", post(act))
        .route("/spotchecks/{id}/picks/{pick}/case", post(inspect))
        .route("/public/spotchecks", get(public_list))
        .route("/public/spotchecks/{id}", get(public_item))
}
