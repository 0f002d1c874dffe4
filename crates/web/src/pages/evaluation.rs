//! 案卷评查 pages: the campaigns with the announcement form and the standard in force, one
//! campaign (its announcement, the draw, the files and reviewers, the results per body), a
//! reviewer's sheet, and the public results with the re-run of the draw.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::HashMap;
use std::net::SocketAddr;
use zhifa_core::access::{Action, allowed};
use zhifa_core::case::CaseKind;
use zhifa_core::supervision::evaluation::{CampaignInput, Mark, Sheet, VetoMark, parse_points, points};

use super::supervision::body_names;

fn shown(t: chrono::DateTime<chrono::Utc>) -> String {
    zhifa_core::time::display(t)
}

/// The draw's strata as the pages list them: the body's name (a stratum is a body id), the
/// files, the files drawn and the cut-off.
fn strata_rows(strata: &[zhifa_core::draw::Stratum], names: &HashMap<i64, String>) -> Vec<serde_json::Value> {
    strata
        .iter()
        .map(|st| {
            let name =
                st.stratum.parse::<i64>().ok().and_then(|b| names.get(&b).cloned()).unwrap_or(st.stratum.clone());
            json!({ "name": name, "n": st.n, "k": st.k, "cutoff": st.cutoff })
        })
        .collect()
}

async fn list_page(
    state: &AppState,
    s: &crate::auth::Session,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let who = s.who();
    let campaigns = state.app.evaluation_campaigns(&who).await?;
    let rows: Vec<_> = campaigns
        .iter()
        .map(|c| {
            json!({ "c": c, "status_label": c.status.label(), "entropy_at": shown(c.entropy_at),
                "announced_at": shown(c.announced_at) })
        })
        .collect();
    let standards = state.app.evaluation_standards(&who).await?;
    let (version, standard) = match standards.first() {
        Some(v) => (Some(v.row.version), v.standard.clone()),
        None => (None, zhifa_core::supervision::evaluation::default_standard()),
    };
    let categories: Vec<_> = standard
        .categories
        .iter()
        .map(|c| {
            json!({ "label": c.label, "points": points(c.points),
                "items": c.items.iter().map(|d| json!({"label": d.label, "points": points(d.points), "rules": d.rules})).collect::<Vec<_>>() })
        })
        .collect();
    let current = json!({ "version": version, "standard": standard, "categories": categories,
        "veto_mode": standard.veto_mode.code() });
    let kinds: Vec<_> = CaseKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let chosen_kinds: Vec<String> = values.get("kinds").map(|k| vec![k.clone()]).unwrap_or_default();
    render(
        state,
        "evaluations.html",
        json!({ "session": ctx(s), "rows": rows, "may_run": allowed(&s.caller, Action::RunEvaluation, None),
            "kinds": kinds, "chosen_kinds": chosen_kinds, "current": current, "values": values, "errors": errors }),
    )
}

/// 案卷评查: the campaigns.
async fn list(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    list_page(&state, &s, HashMap::new(), HashMap::new()).await
}

fn campaign_input(p: &[(String, String)]) -> CampaignInput {
    let num = |k: &str| {
        let v = one(p, k);
        if v.is_empty() { None } else { Some(v.parse::<u32>().unwrap_or(u32::MAX)) }
    };
    CampaignInput {
        title: one(p, "title"),
        period_from: one(p, "period_from"),
        period_to: one(p, "period_to"),
        kinds: p.iter().filter(|(k, v)| k == "kinds" && !v.is_empty()).map(|(_, v)| v.clone()).collect(),
        standard_id: None,
        percent: num("percent"),
        count: num("count"),
        cap: num("cap").unwrap_or(0),
        gap_points: num("gap_points"),
        reviewer_ids: Vec::new(),
        conflicts: one(p, "conflicts"),
        entropy_source: one(p, "entropy_source"),
        entropy_at: one(p, "entropy_at"),
    }
}

/// Announces a campaign from the form.
async fn announce(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    match state.app.announce_campaign(&s.who(), campaign_input(&p)).await.map_err(ApiError::from) {
        Ok(o) => Ok(Redirect::to(&format!("/evaluation/{}", o.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(&state, &s, values, errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn item_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    errors: HashMap<String, String>,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let v = state.app.evaluation_campaign(Some(&s.who()), id).await?;
    let strata = strata_rows(&v.strata, &body_names(state).await?);
    let c = &v.campaign;
    let lines = |t: &str| t.lines().filter(|l| !l.is_empty()).count();
    render(
        state,
        "evaluation.html",
        json!({ "session": ctx(s), "v": v, "strata": strata,
            "entropy_at": shown(c.entropy_at), "announced_at": shown(c.announced_at),
            "drawn_at": c.drawn_at.map(shown), "published_at": c.published_at.map(shown),
            "counts": { "files": lines(&c.files_roster), "reviewers": lines(&c.reviewers_roster), "conflicts": lines(&c.conflicts_roster) },
            "kinds": c.kinds.split(',').filter_map(|k| CaseKind::parse(k).ok()).map(|k| k.label()).collect::<Vec<_>>(),
            "may_run": allowed(&s.caller, Action::RunEvaluation, None),
            "all_settled": v.files.iter().all(|f| f.file.total.is_some()),
            "errors": errors, "error": error }),
    )
}

/// One campaign.
async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    item_page(&state, &s, id, HashMap::new(), None).await
}

/// The bureau's acts on a campaign: `draw`, `reannounce`, `publish`.
async fn act(
    State(state): State<AppState>,
    Path((id, act)): Path<(i64, String)>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let who = s.who();
    let r = match act.as_str() {
        "draw" => state.app.draw_campaign(&who, id, one(&p, "entropy")).await,
        "reannounce" => {
            state
                .app
                .reannounce_campaign(&who, id, one(&p, "reason"), one(&p, "entropy_source"), &one(&p, "entropy_at"))
                .await
        }
        "publish" => state.app.publish_campaign(&who, id).await,
        _ => return Err(ApiError::NotFound("页面").into()),
    };
    match r.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/evaluation/{id}")).into_response()),
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

async fn sheet_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    ip: Option<String>,
    typed: Option<&[(String, String)]>,
    errors: Vec<String>,
) -> Result<Html<String>, PageError> {
    let v = state.app.evaluation_sheet(&s.who(), id, ip).await?;
    // What each item shows: the typed value when the form came back, else the proposed sheet.
    let vetoes: Vec<_> = v
        .standard
        .vetoes
        .iter()
        .map(|item| {
            let proposed = v.proposed.vetoes.iter().find(|m| m.code == item.code);
            let (checked, reason) = match typed {
                Some(p) => {
                    (!one(p, &format!("veto_{}", item.code)).is_empty(), one(p, &format!("veto_reason_{}", item.code)))
                }
                None => (proposed.is_some(), proposed.map(|m| m.reason.clone()).unwrap_or_default()),
            };
            json!({ "item": item, "checked": checked, "reason": reason,
                "evidence": proposed.map(|m| m.evidence.clone()).unwrap_or_default() })
        })
        .collect();
    let categories: Vec<_> = v
        .standard
        .categories
        .iter()
        .map(|c| {
            let items: Vec<_> = c
                .items
                .iter()
                .map(|d| {
                    let proposed = v.proposed.deductions.iter().find(|m| m.code == d.code);
                    let (value, reason) = match typed {
                        Some(p) => (one(p, &format!("ded_{}", d.code)), one(p, &format!("reason_{}", d.code))),
                        None => (
                            proposed.map(|m| points(m.points)).unwrap_or_default(),
                            proposed.map(|m| m.reason.clone()).unwrap_or_default(),
                        ),
                    };
                    json!({ "item": d, "max": points(d.points), "value": value, "reason": reason,
                        "evidence": proposed.map(|m| m.evidence.clone()).unwrap_or_default() })
                })
                .collect();
            json!({ "c": c, "points": points(c.points), "items": items })
        })
        .collect();
    let scored = v.scored.as_ref().map(|r| {
        json!({ "total": points(r.total), "grade": r.grade.label(), "vetoed": r.vetoed,
            "categories": r.categories.iter().map(|c| json!({"label": c.label, "points": points(c.points),
                "deducted": points(c.deducted), "earned": points(c.earned)})).collect::<Vec<_>>() })
    });
    let marks: Vec<_> = v
        .proposed
        .vetoes
        .iter()
        .map(|m| {
            let label = v.standard.veto(&m.code).map(|i| i.label.clone()).unwrap_or_default();
            json!({ "what": format!("否决项：{label}"), "reason": m.reason })
        })
        .chain(v.proposed.deductions.iter().map(|m| {
            let label = v.standard.deduction(&m.code).map(|(_, d)| d.label.clone()).unwrap_or_default();
            json!({ "what": format!("{label}：扣{}分", points(m.points)), "reason": m.reason })
        }))
        .collect();
    let comment = match typed {
        Some(p) => one(p, "comment"),
        None => v.proposed.comment.clone(),
    };
    render(
        state,
        "evaluation_sheet.html",
        json!({ "session": ctx(s), "v": v, "vetoes": vetoes, "categories": categories, "scored": scored,
            "comment": comment, "errors": errors, "marks": marks, "mine": v.sheet.reviewer_id == s.caller.user_id }),
    )
}

/// A reviewer's sheet.
async fn sheet(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    sheet_page(&state, &s, id, Some(addr.ip().to_string()), None, Vec::new()).await
}

/// The sheet's fields as a sheet: `veto_<code>` with `veto_reason_<code>`, `ded_<code>` (points
/// as typed) with `reason_<code>`, and `comment`.
fn sheet_of(
    p: &[(String, String)],
    standard: &zhifa_core::supervision::evaluation::Standard,
) -> Result<Sheet, Vec<String>> {
    let mut sheet = Sheet { comment: one(p, "comment"), ..Default::default() };
    let mut errors = Vec::new();
    for v in &standard.vetoes {
        if !one(p, &format!("veto_{}", v.code)).is_empty() {
            sheet.vetoes.push(VetoMark {
                code: v.code.clone(),
                reason: one(p, &format!("veto_reason_{}", v.code)),
                evidence: Vec::new(),
            });
        }
    }
    for c in &standard.categories {
        for d in &c.items {
            let typed = one(p, &format!("ded_{}", d.code));
            if typed.is_empty() {
                continue;
            }
            match parse_points(&typed) {
                Ok(0) => {}
                Ok(n) => sheet.deductions.push(Mark {
                    code: d.code.clone(),
                    points: n,
                    reason: one(p, &format!("reason_{}", d.code)),
                    evidence: Vec::new(),
                }),
                Err(e) => errors.push(format!("{}：{e}", d.label)),
            }
        }
    }
    if errors.is_empty() { Ok(sheet) } else { Err(errors) }
}

/// Submits a sheet from the form.
async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let row = state.app.store.evaluation_sheet(id).await?;
    if row.reviewer_id != s.caller.user_id {
        return Err(ApiError::NotFound("评查表").into());
    }
    let campaign = state.app.store.evaluation_campaign(row.campaign_id).await?;
    let standard =
        zhifa_store::evaluation::standard_of(&state.app.store.evaluation_standard(campaign.standard_id).await?)?;
    let back = |errors: Vec<String>, status: StatusCode| {
        let state = state.clone();
        let s = s.clone();
        let p = p.clone();
        async move {
            let page = sheet_page(&state, &s, id, Some(addr.ip().to_string()), Some(&p), errors).await?;
            Ok::<Response, PageError>((status, page).into_response())
        }
    };
    let sheet = match sheet_of(&p, &standard) {
        Ok(x) => x,
        Err(errors) => return back(errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match state.app.submit_evaluation_sheet(&s.who(), id, sheet).await.map_err(ApiError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/evaluation/sheets/{id}")).into_response()),
        Err(ApiError::Invalid(i)) => {
            back(i.errors.iter().map(|e| e.message.clone()).collect(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ApiError::Conflict(m)) => back(vec![m], StatusCode::CONFLICT).await,
        Err(e) => Err(e.into()),
    }
}

/// 评查结果 (public): the published campaigns.
async fn public_list(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let rows: Vec<_> = state
        .app
        .published_campaigns()
        .await?
        .iter()
        .map(|c| json!({ "c": c, "published_at": c.published_at.map(shown) }))
        .collect();
    render(&state, "public_evaluations.html", json!({ "session": session, "rows": rows, "one": null }))
}

/// One published campaign: the results per body and the re-run of its draw.
async fn public_item(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let v = state.app.evaluation_campaign(None, id).await?;
    let check = state.app.draw_check(id).await?;
    let strata = strata_rows(&check.outcome.strata, &body_names(&state).await?);
    render(
        &state,
        "public_evaluations.html",
        json!({ "session": session, "one": v, "check": check, "strata": strata,
            "published_at": v.campaign.published_at.map(shown), "entropy_at": shown(v.campaign.entropy_at) }),
    )
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/evaluation", get(list).post(announce))
        .route("/evaluation/{id}", get(item))
        .route("/evaluation/{id}/acts/{act}", post(act))
        .route("/evaluation/sheets/{id}", get(sheet).post(submit))
        .route("/public/evaluation", get(public_list))
        .route("/public/evaluation/{id}", get(public_item))
}
