//! Legal review pages (法制审核): a case's review file with its forms, each shown to the role
//! that may use it in the state that allows it (submission, the ten-point opinion, objection,
//! negotiation, the head's ruling, referral of a suspected crime, marks); and the queue with
//! the time limits and the figures of each body. They call the same functions as the API.

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::api::review::{act, year_range};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use zhifa_core::Invalid;
use zhifa_core::access::{Action, Role, allowed as may};
use zhifa_core::ids::CaseId;
use zhifa_core::review::{self as review, Point, State as RState};
use zhifa_store::review::{ReviewAction, ReviewFile};
use zhifa_store::zhifa_ledger::personal;

type Pairs = Vec<(String, String)>;

/// A form sent back with its errors: which form, the values typed, the message per field.
type Returned<'a> = (&'a str, HashMap<String, String>, HashMap<String, String>);

use super::one;
fn lines(p: &Pairs, k: &str) -> Vec<String> {
    one(p, k).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// What changed between two versions of a submission, field by field.
fn changes(prev: &Value, cur: &Value) -> Vec<Value> {
    let fields = [
        ("proposal", "拟作出的决定"),
        ("facts", "案件事实"),
        ("evidence", "证据清单"),
        ("legal_basis", "法律依据"),
        ("discretion", "裁量理由"),
    ];
    let mut out = Vec::new();
    for (k, label) in fields {
        let (a, b) = (&prev[k], &cur[k]);
        if a == b {
            continue;
        }
        match (a.as_array(), b.as_array()) {
            (Some(a), Some(b)) => {
                let added: Vec<&Value> = b.iter().filter(|x| !a.contains(x)).collect();
                let removed: Vec<&Value> = a.iter().filter(|x| !b.contains(x)).collect();
                out.push(json!({"label": label, "added": added, "removed": removed}));
            }
            _ => out.push(json!({"label": label, "before": a, "after": b})),
        }
    }
    out
}

fn event_label(e: &str) -> &'static str {
    match e {
        "submitted" => "送审",
        "reviewed" => "审核意见",
        "objected" => "承办机构异议",
        "negotiated" => "协商",
        "ruled" => "负责人处理",
        "referred" => "涉嫌犯罪移送",
        "referral_received" => "移送回执",
        "referral_followed_up" => "移送后续情况",
        _ => "其他",
    }
}

async fn view(state: &AppState, s: &crate::auth::Session, file: &ReviewFile, body_id: i64) -> Result<Value, ApiError> {
    let mut names: HashMap<i64, String> = HashMap::new();
    for e in &file.events {
        if let Some(o) = e.actor_officer_id
            && !names.contains_key(&o)
            && let Some(off) = state.app.store.get_officer(s.caller.scope(), o).await?
        {
            names.insert(o, off.name);
        }
    }
    let mut key_ids: Vec<i64> = file.events.iter().filter_map(|e| e.signing_key_id).collect();
    key_ids.sort_unstable();
    key_ids.dedup();
    let keys = state.app.store.signing_keys_of(&key_ids).await?;
    let mut prev: Option<Value> = None;
    let mut submissions = Vec::new();
    for sub in &file.submissions {
        let mut content: Value = serde_json::from_str(&sub.content).unwrap_or(Value::Null);
        if let Some(docs) = content["documents"].as_array_mut() {
            for d in docs {
                let label = zhifa_core::doc::DocKind::parse(d["kind"].as_str().unwrap_or("")).map(|k| k.label());
                d["label"] = label.unwrap_or("文书").into();
            }
        }
        let changed = prev.as_ref().map(|p| changes(&p["submission"], &content["submission"]));
        submissions.push(json!({"version": sub.version, "at": zhifa_core::time::display(sub.created_at),
            "s": content["submission"], "documents": content["documents"], "changes": changed, "sm3": sub.content_sm3}));
        prev = Some(content);
    }
    let events: Vec<Value> = file
        .events
        .iter()
        .map(|e| {
            let c: Value = serde_json::from_str(&e.content).unwrap_or(Value::Null);
            let role = Role::parse(&e.actor_role).map(Role::label).unwrap_or("");
            let outcome = e.outcome.as_deref().map(|o| match e.event.as_str() {
                "reviewed" => review::Outcome::parse(o).map(|x| x.label().to_string()).unwrap_or_default(),
                "negotiated" if o == "agreed" => "审核机构接受承办机构意见".into(),
                "negotiated" => "未能达成一致，报机关负责人".into(),
                "ruled" => review::Side::parse(o).map(|x| x.label().to_string()).unwrap_or_default(),
                "referral_followed_up" => {
                    review::ReferralResult::parse(o).map(|x| x.label().to_string()).unwrap_or_default()
                }
                _ => o.to_string(),
            });
            let failing: Vec<Value> = c["points"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["ok"] == json!(false))
                        .map(|p| {
                            let label = Point::parse(p["point"].as_str().unwrap_or("")).map(Point::label).unwrap_or("");
                            json!({"label": label, "note": p["note"]})
                        })
                        .collect()
                })
                .unwrap_or_default();
            let key = keys.iter().find(|k| Some(k.id) == e.signing_key_id);
            let signed = match (key, e.signed_message(), e.signature.as_deref()) {
                (Some(k), Some(msg), Some(sig)) => json!({
                    "ok": Some(k.user_id) == e.actor_user_id && personal::verify(&k.public_key, &msg, sig),
                    "fp": personal::fingerprint(&k.public_key)}),
                _ => Value::Null,
            };
            json!({"seq": e.seq, "event": e.event, "label": event_label(&e.event), "version": e.version, "signed": signed,
                "outcome": outcome, "c": c, "failing": failing, "at": zhifa_core::time::display(e.created_at),
                "role": role, "who": e.actor_officer_id.and_then(|o| names.get(&o).cloned()), "sm3": e.content_sm3})
        })
        .collect();
    let core = file.core_events().map_err(ApiError::from)?;
    let role = s.caller.role;
    let ok = |a: review::Action| review::allowed(file.state, a).is_ok();
    let ref_ok = |a: review::ReferralAction| review::referral_allowed(&core, a).is_ok();
    let handling = matches!(role, Role::Officer | Role::Head) && may(&s.caller, Action::SubmitReview, Some(body_id));
    let reviewer = role == Role::Reviewer && may(&s.caller, Action::ReviewCase, Some(body_id));
    let forms = json!({
        "submit": handling && ok(review::Action::Submit),
        "opinion": reviewer && ok(review::Action::Review),
        "object": handling && ok(review::Action::Object),
        "negotiate": reviewer && ok(review::Action::Negotiate),
        "rule": role == Role::Head && may(&s.caller, Action::RuleOnReview, Some(body_id)) && ok(review::Action::Rule),
        "refer": handling && ref_ok(review::ReferralAction::Refer),
        "receipt": handling && ref_ok(review::ReferralAction::Receipt),
        "follow_up": handling && ref_ok(review::ReferralAction::FollowUp),
        "mark": may(&s.caller, Action::MarkForReview, Some(body_id)),
    });
    let points: Vec<Value> = Point::ALL.iter().map(|p| json!({"code": p.code(), "label": p.label()})).collect();
    let outcomes: Vec<Value> =
        review::Outcome::ALL.iter().map(|o| json!({"code": o.code(), "label": o.label()})).collect();
    let results: Vec<Value> =
        review::ReferralResult::ALL.iter().map(|o| json!({"code": o.code(), "label": o.label()})).collect();
    let last = file.submissions.last().and_then(|x| serde_json::from_str::<Value>(&x.content).ok());
    Ok(json!({"file": file, "submissions": submissions, "events": events, "forms": forms, "points": points,
        "outcomes": outcomes, "results": results, "last": last.map(|l| l["submission"].clone()),
        "resubmission": file.state.version() > 0 && !matches!(file.state, RState::Passed { .. })}))
}

async fn review_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    form: Option<Returned<'_>>,
) -> Result<Html<String>, PageError> {
    let c = state.app.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(Action::ReadCases, Some(c.body_id))?;
    let file = state.app.store.review_file(&c).await?;
    let v = view(state, s, &file, c.body_id).await?;
    let (which, values, errors) = form.unwrap_or_default();
    let kind = c.kind.label();
    // The first submission starts from the record (the notice, the investigation's records).
    let draft = if file.submissions.is_empty() {
        let history =
            state.app.store.case_steps(id).await?.iter().map(|x| x.recorded()).collect::<Result<Vec<_>, _>>()?;
        zhifa_core::case::prefill::submission(&history)
    } else {
        None
    };
    render(
        state,
        "review.html",
        json!({"session": ctx(s), "case": {"id": c.id, "number": c.number, "kind_label": kind,
            "party_names": c.party_names, "power_item_name": c.power_item_name}, "v": v,
            "which": which, "values": values, "errors": errors, "draft": draft}),
    )
}

pub(super) async fn page(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    review_page(&state, &s, id, None).await
}

fn opinion_input(p: &Pairs) -> review::OpinionInput {
    let points = Point::ALL
        .iter()
        .map(|pt| review::PointAnswer {
            point: pt.code().into(),
            ok: one(p, &format!("ok_{}", pt.code())) == "1",
            note: one(p, &format!("note_{}", pt.code())),
        })
        .collect();
    review::OpinionInput {
        points,
        outcome: one(p, "outcome"),
        opinion: one(p, "opinion"),
        record_step: one(p, "record_step") == "1",
    }
}

/// One form of the review page; the hidden `action` names which.
pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Pairs>,
) -> Result<Response, PageError> {
    let which = one(&p, "action");
    let (need, action) = match which.as_str() {
        "submit" => (
            Action::SubmitReview,
            ReviewAction::Submit(review::SubmissionInput {
                proposal: one(&p, "proposal"),
                facts: one(&p, "facts"),
                evidence: lines(&p, "evidence"),
                legal_basis: lines(&p, "legal_basis"),
                discretion: one(&p, "discretion"),
                note: one(&p, "note"),
            }),
        ),
        "opinion" => (Action::ReviewCase, ReviewAction::Opinion(opinion_input(&p))),
        "object" => {
            (Action::SubmitReview, ReviewAction::Object { reasons: one(&p, "reasons"), basis: one(&p, "basis") })
        }
        "negotiate" => {
            (Action::ReviewCase, ReviewAction::Negotiate { agreed: one(&p, "agreed") == "1", note: one(&p, "note") })
        }
        "rule" => (Action::RuleOnReview, ReviewAction::Rule { side: one(&p, "side"), reasons: one(&p, "reasons") }),
        "refer" => (
            Action::SubmitReview,
            ReviewAction::Refer(review::ReferralInput {
                organ: one(&p, "organ"),
                approved_on: one(&p, "approved_on"),
                referred_on: one(&p, "referred_on"),
                materials: lines(&p, "materials"),
                note: one(&p, "note"),
            }),
        ),
        "receipt" => (
            Action::SubmitReview,
            ReviewAction::Receipt(review::ReceiptInput {
                received_on: one(&p, "received_on"),
                signed_by: one(&p, "signed_by"),
                note: one(&p, "note"),
            }),
        ),
        "follow_up" => (
            Action::SubmitReview,
            ReviewAction::FollowUp(review::FollowUpInput {
                result: one(&p, "result"),
                on: one(&p, "on"),
                note: one(&p, "note"),
            }),
        ),
        "mark" => {
            let c = state.app.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
            s.require(Action::MarkForReview, Some(c.body_id))?;
            let flag = |k: &str| one(&p, k) == "1";
            let marks = review::Marks {
                public_interest: flag("public_interest"),
                social_impact: flag("social_impact"),
                major_rights: flag("major_rights"),
                complex: flag("complex"),
                collective: flag("collective"),
            };
            let cmd =
                zhifa_store::Command::MarkCaseForReview { case_id: CaseId(c.id), marks, reason: one(&p, "reason") };
            let r = state.app.store.execute(&s.actor(), cmd).await.map(|_| ()).map_err(ApiError::from);
            return finish(&state, &s, id, &which, &p, r).await;
        }
        _ => return Err(ApiError::Invalid(Invalid::field("action", "未知的操作")).into()),
    };
    let recorded_step = matches!(&action, ReviewAction::Opinion(o) if o.record_step);
    let r = act(&state, &s, id, need, action, &one(&p, "sign_password")).await.map(|_| ());
    // A passing opinion that recorded the 法制审核 step makes its 法制审核意见书 too, when asked.
    if r.is_ok() && recorded_step && one(&p, "issue_document") == "1" {
        let steps = state.app.store.case_steps(id).await?;
        if steps.last().is_some_and(|x| x.kind == zhifa_core::case::StepKind::LegalReview) {
            let kind = zhifa_core::doc::DocKind::ReviewOpinion.code();
            match zhifa_app::documents::issue(&state.app, &s.who(), id, kind, None).await {
                Ok(d) => return Ok(axum::response::Redirect::to(&format!("/documents/{}", d.id)).into_response()),
                Err(e) => tracing::info!(case = id, "the review opinion document was not made: {e}"),
            }
        }
    }
    finish(&state, &s, id, &which, &p, r).await
}

async fn finish(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    which: &str,
    p: &Pairs,
    r: Result<(), ApiError>,
) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{id}/review")).into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(p, &i);
            let page = review_page(state, s, id, Some((which, values, errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(super) struct QueueQ {
    year: Option<i32>,
}

/// 法制审核待办 and the figures of the year.
pub(super) async fn queue(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<QueueQ>,
) -> Result<Html<String>, PageError> {
    s.require(Action::ReadCases, s.caller.scope().body())?;
    let items = state.app.store.review_queue(s.caller.scope(), 300).await?;
    let (from, to) = year_range(q.year)?;
    let stats = state.app.store.review_stats(s.caller.scope(), from, to).await?;
    let scope = state.app.store.review_scope(s.caller.scope(), None, 30).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|i| {
            let mut v = serde_json::to_value(i).unwrap_or(Value::Null);
            v["since_text"] = zhifa_core::time::display(i.since).into();
            v
        })
        .collect();
    render(
        &state,
        "review_queue.html",
        json!({"session": ctx(&s), "items": items, "stats": stats, "scope": scope, "year": chrono::Datelike::year(&from),
            "role": s.caller.role.code()}),
    )
}
