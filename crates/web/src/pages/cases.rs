//! Case pages for officers, usable on a phone: the list with search, the deadline view, the
//! registration form, the case page (steps, deadlines, what may come next) and one form per
//! kind of step showing only the fields that step uses. They call the same functions as the
//! API; refusals are shown with the article that forbids the step.

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use zhifa_app::cases::{DeadlineQuery, ListQuery, case_detail, create_case, due_cases, list_cases, record_step};
use zhifa_core::Invalid;
use zhifa_core::access::{Action, Role, allowed};
use zhifa_core::case::*;
use zhifa_store::reads::OfficerFilter;

/// A form as submitted: repeated keys (check boxes, multi-selects) kept in order.
type Pairs = Vec<(String, String)>;

fn one(p: &Pairs, k: &str) -> Option<String> {
    p.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
}
fn all(p: &Pairs, k: &str) -> Vec<String> {
    p.iter().filter(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
}
fn lines(p: &Pairs, k: &str) -> Vec<String> {
    one(p, k).map(|v| v.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()).unwrap_or_default()
}
fn flag(p: &Pairs, k: &str) -> Option<bool> {
    one(p, k).map(|v| v == "1" || v == "on" || v == "true")
}
/// Numbers from a multi-select or a text like `12, 15 18`; a token that is not a number is named.
fn ids(p: &Pairs, k: &str, inv: &mut Invalid) -> Vec<i64> {
    let mut out = Vec::new();
    for v in all(p, k) {
        for t in v.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace()).filter(|t| !t.is_empty())
        {
            match t.parse::<i64>() {
                Ok(n) => out.push(n),
                Err(_) => inv.push(k, format!("“{t}”不是编号")),
            }
        }
    }
    out
}

fn errors_map(i: &Invalid) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for e in &i.errors {
        m.entry(e.field.clone()).or_insert_with(|| e.message.clone());
    }
    m
}

/// The values to put back into a form, field by field (repeated fields joined).
fn values(p: &Pairs) -> HashMap<String, Value> {
    let mut m: HashMap<String, Value> = HashMap::new();
    for (k, v) in p {
        match m.get_mut(k) {
            Some(Value::Array(a)) => a.push(v.clone().into()),
            _ => {
                m.insert(k.clone(), json!([v]));
            }
        }
    }
    m.into_iter()
        .map(|(k, v)| {
            let v = match v {
                // Check boxes stay lists; every other field is one text.
                Value::Array(a) if !["officer_ids", "penalty_kinds", "evidence_ids"].contains(&k.as_str()) => {
                    a.last().cloned().unwrap_or_default()
                }
                v => v,
            };
            (k, v)
        })
        .collect()
}

/// The case list's filters as its form sends them (an empty choice is "all").
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListForm {
    q: Option<String>,
    stage: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    open: bool,
    body_id: Option<String>,
    #[serde(default)]
    overdue: bool,
}

impl ListForm {
    fn query(&self) -> ListQuery {
        use super::{given, given_id};
        ListQuery {
            q: given(&self.q),
            stage: given(&self.stage),
            kind: given(&self.kind),
            open: self.open,
            body_id: given_id(&self.body_id),
            overdue: self.overdue,
            ..ListQuery::default()
        }
    }
    /// The same filters as a query string (for the export link).
    fn query_string(&self) -> String {
        let q = self.query();
        let flag = |on: bool| on.then(|| "true".to_string());
        let pairs: Vec<(&str, String)> = [
            ("q", q.q),
            ("stage", q.stage),
            ("kind", q.kind),
            ("body_id", q.body_id.map(|b| b.to_string())),
            ("open", flag(q.open)),
            ("overdue", flag(q.overdue)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(form): Query<ListForm>,
) -> Result<Html<String>, PageError> {
    let q = form.query();
    let filter = json!({ "q": q.q.clone().unwrap_or_default(), "stage": q.stage.clone().unwrap_or_default(),
        "kind": q.kind.clone().unwrap_or_default(), "open": q.open, "body_id": q.body_id, "overdue": q.overdue });
    let items = list_cases(&state.app, &s.who(), q).await?;
    let may_create = allowed(&s.caller, Action::CreateCase, s.caller.body_id) && s.caller.body_id.is_some();
    let kinds: Vec<_> = CaseKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let stages: Vec<_> = Stage::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let district = s.caller.scope() == zhifa_core::access::Scope::All;
    let bodies: HashMap<i64, String> = if district {
        state.app.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect()
    } else {
        HashMap::new()
    };
    let mut body_choices: Vec<_> = bodies.iter().map(|(id, n)| json!({"id": id, "name": n})).collect();
    body_choices.sort_by_key(|b| b["id"].as_i64());
    let items: Vec<_> = items
        .into_iter()
        .map(|c| {
            let body = bodies.get(&c.body_id).cloned();
            let mut v = json!(c);
            v["body_name"] = json!(body);
            v
        })
        .collect();
    render(
        &state,
        "case_list.html",
        json!({ "session": ctx(&s), "items": items, "filter": filter, "may_create": may_create, "kinds": kinds,
            "stages": stages, "title": "执法案件", "district": district, "bodies": body_choices,
            "export": format!("/cases/export.csv?{}", form.query_string()) }),
    )
}

/// The case list with its filters as CSV (UTF-8 with a byte-order mark, for spreadsheet
/// programs) or a workbook, up to 10,000 rows.
pub(super) async fn export(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(form): Query<ListForm>,
    sheet: super::Sheet,
) -> Result<Response, PageError> {
    let bodies: HashMap<i64, String> =
        state.app.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect();
    let mut rows = Vec::new();
    let mut offset = 0;
    while offset < 10_000 {
        let page = ListQuery { limit: Some(200), offset: Some(offset), ..form.query() };
        let items = list_cases(&state.app, &s.who(), page).await?;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        rows.extend(items.iter().map(|c| {
            vec![
                c.number.clone(),
                bodies.get(&c.body_id).cloned().unwrap_or_default(),
                c.kind_label.clone(),
                c.stage_label.clone(),
                c.parties.clone(),
                c.power_item_name.clone(),
                date(c.filed_on),
                date(c.next_due),
                c.next_due_what.clone().unwrap_or_default(),
                if c.overdue { "是" } else { "否" }.to_string(),
            ]
        }));
        if items.len() < 200 {
            break;
        }
        offset += 200;
    }
    let header = [
        "案件编号",
        "执法主体",
        "案件类型",
        "阶段",
        "当事人",
        "权责清单事项",
        "立案日期",
        "最近期限",
        "期限事项",
        "已逾期",
    ];
    super::list_download(sheet, "cases", "执法案件", &header, rows)
}

pub(super) async fn due(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    let items =
        due_cases(&state.app, &s.who(), &DeadlineQuery { days: Some(14), mine: false, limit: Some(200) }).await?;
    render(
        &state,
        "case_list.html",
        json!({ "session": ctx(&s), "items": items, "due_view": true, "title": "期限提醒（14日内到期及已逾期）" }),
    )
}

async fn new_page(
    state: &AppState,
    session: &crate::auth::Session,
    values: HashMap<String, Value>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let body = session.caller.body_id.ok_or(ApiError::Forbidden)?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let items: Vec<_> = state
        .app
        .store
        .power_items_in_force(body, today)
        .await?
        .iter()
        .map(|i| json!({"code": i.code, "name": i.name, "category": i.category_label()}))
        .collect();
    let officers = state
        .app
        .store
        .list_officers(session.caller.scope(), &OfficerFilter { limit: Some(500), ..Default::default() })
        .await?;
    let mine = session.officer_id;
    let domain = officers.iter().find(|o| Some(o.id) == mine).and_then(|o| o.domain_list().into_iter().next());
    let officers: Vec<_> = officers
        .iter()
        .filter(|o| o.active)
        .map(|o| json!({ "id": o.id, "name": o.name, "post": o.post, "mine": Some(o.id) == mine }))
        .collect();
    let kinds: Vec<_> = CaseKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let sources: Vec<_> = CaseSource::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    render(
        state,
        "case_new.html",
        json!({ "session": ctx(session), "items": items, "officers": officers, "kinds": kinds, "sources": sources,
            "v": values, "errors": errors, "domain": domain.unwrap_or_default(), "mine": mine }),
    )
}

pub(super) async fn new(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    s.require(Action::CreateCase, s.caller.body_id)?;
    new_page(&state, &s, HashMap::new(), HashMap::new()).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Pairs>,
) -> Result<Response, PageError> {
    let mut inv = Invalid::default();
    let input = CaseInput {
        kind: one(&p, "kind").unwrap_or_default(),
        power_item_code: one(&p, "power_item_code").unwrap_or_default(),
        source: one(&p, "source").unwrap_or_default(),
        domain: one(&p, "domain").unwrap_or_default(),
        parties: vec![PartyInput {
            name: one(&p, "party_name").unwrap_or_default(),
            id_number: one(&p, "party_id_number").unwrap_or_default(),
            legal_representative: one(&p, "party_legal_representative"),
            address: one(&p, "party_address"),
            phone: one(&p, "party_phone"),
        }],
        officer_ids: ids(&p, "officer_ids", &mut inv),
        facts: one(&p, "facts").unwrap_or_default(),
        act_date: one(&p, "act_date"),
        act_ended: one(&p, "act_ended"),
        discovered_on: one(&p, "discovered_on"),
        serious_harm: flag(&p, "serious_harm").unwrap_or(false),
        complex: flag(&p, "complex").unwrap_or(false),
    };
    let result = if inv.is_empty() { create_case(&state.app, &s.who(), None, &input).await } else { Err(inv.into()) };
    match result {
        Ok(c) => Ok(Redirect::to(&format!("/cases/{}", c.id)).into_response()),
        Err(zhifa_app::AppError::Invalid(i)) => {
            // The page names the party fields without the list index.
            let mut errors = errors_map(&i);
            for (k, v) in errors.clone() {
                if let Some(rest) = k.strip_prefix("parties[0].") {
                    errors.insert(format!("party_{rest}"), v);
                }
            }
            let page = new_page(&state, &s, values(&p), errors).await?;
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
    case_page(&state, &s, id, Some(addr.ip().to_string()), None).await
}

/// The case page, with a refusal of a document to show when there is one.
pub(super) async fn case_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    ip: Option<String>,
    doc_error: Option<String>,
) -> Result<Html<String>, PageError> {
    let c = case_detail(&state.app, &s.who(), id, ip, None).await?;
    let docs = crate::api::documents::case_documents(state, s, id).await?;
    let reports: Vec<Value> = state
        .app
        .store
        .archive_reports(id)
        .await?
        .iter()
        .take(5)
        .map(|r| {
            let report: Value = serde_json::from_str(&r.report).unwrap_or(Value::Null);
            json!({"occasion": r.occasion, "passed": r.passed, "at": zhifa_core::time::display(r.created_at),
                   "checks": report["checks"], "sm3": r.package_sm3, "size": r.package_size})
        })
        .collect();
    let may_record = allowed(&s.caller, Action::RecordStep, Some(c.summary.body_id));
    let may_upload = allowed(&s.caller, Action::UploadEvidence, Some(c.summary.body_id));
    let may_issue: Vec<&str> = zhifa_core::doc::DocKind::ALL
        .iter()
        .filter(|k| k.may_issue(&s.caller, Some(c.summary.body_id)))
        .map(|k| k.code())
        .collect();
    let role = s.caller.role.code();
    // The next steps the viewer may record (an officer only on a case they handle), and the
    // others with whose turn it is.
    let handles = s.officer_id.is_some_and(|me| c.officers.iter().any(|o| o.id == me));
    let (mine, others): (Vec<_>, Vec<_>) =
        c.next_steps.iter().partition(|n| may_record && n.role == role && (n.role != Role::Officer.code() || handles));
    let last_notes = c.steps.last().and_then(|x| x.data.get("notes").cloned()).unwrap_or(Value::Null);
    let case = state.app.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    // The viewer's first next step is open on the page, its form filled as far as the case allows.
    // The step that moves the case on: not one taken on occasion; one not yet recorded in the
    // case before one recorded already, and never the one just recorded again.
    let last = c.steps.last().map(|x| x.kind.as_str());
    let owed: Vec<StepKind> = mine
        .iter()
        .filter_map(|n| StepKind::parse(&n.kind).ok())
        .filter(|k| !machine::occasional(*k) && Some(k.code()) != last)
        .collect();
    let primary = owed
        .iter()
        .find(|k| !c.steps.iter().any(|x| x.kind == k.code()))
        .or(owed.first())
        .copied()
        .or_else(|| mine.first().and_then(|n| StepKind::parse(&n.kind).ok()));
    let inline = match primary.map(Ok::<_, String>) {
        Some(Ok(kind)) => {
            let form = step_context(state, s, &case, kind, HashMap::new(), HashMap::new()).await?;
            Some(
                json!({"kind": kind.code(), "kind_label": kind.label(), "html": step_form_html(state, s, &form, true)?}),
            )
        }
        _ => None,
    };
    let review = state.app.store.review_file(&case).await?;
    render(
        state,
        "case_item.html",
        json!({ "session": ctx(s), "c": c, "may_record": may_record, "role": role, "last_notes": last_notes,
            "mine": mine, "others": others, "may_upload": may_upload, "inline": inline,
            "docs": docs, "may_issue": may_issue, "doc_error": doc_error, "reports": reports, "review": review }),
    )
}

#[derive(Deserialize)]
pub(super) struct StepQ {
    kind: String,
}

fn options(kind: StepKind) -> (Vec<Value>, Vec<Value>) {
    fn list<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Value> {
        all.iter().map(|x| json!({"code": code(*x), "label": label(*x)})).collect()
    }
    let method = match kind {
        StepKind::Serve | StepKind::ServeNotice => list(ServiceMethod::ALL, ServiceMethod::code, ServiceMethod::label),
        StepKind::Recusal => list(RecusalSource::ALL, RecusalSource::code, RecusalSource::label),
        StepKind::Execute => list(ExecutionMethod::ALL, ExecutionMethod::code, ExecutionMethod::label),
        StepKind::ApplyMeasure => list(MeasureKind::ALL, MeasureKind::code, MeasureKind::label),
        StepKind::EnforcementDecision => list(EnforcementKind::ALL, EnforcementKind::code, EnforcementKind::label),
        StepKind::ExcludePeriod => list(ExcludedKind::ALL, ExcludedKind::code, ExcludedKind::label),
        _ => Vec::new(),
    };
    let result = match kind {
        StepKind::LegalReview => list(ReviewResult::ALL, ReviewResult::code, ReviewResult::label),
        StepKind::InspectionResult => {
            list(InspectionConclusion::ALL, InspectionConclusion::code, InspectionConclusion::label)
        }
        StepKind::LicenceDecision => list(LicenceResult::ALL, LicenceResult::code, LicenceResult::label),
        StepKind::Close => list(CloseOutcome::ALL, CloseOutcome::code, CloseOutcome::label),
        StepKind::RefuseFiling => list(FilingRefusal::ALL, FilingRefusal::code, FilingRefusal::label),
        StepKind::Recusal => list(RecusalResult::ALL, RecusalResult::code, RecusalResult::label),
        StepKind::Execute => {
            let mut v = vec![json!({"code": "", "label": "非当场收缴（无需选择）"})];
            v.extend(list(CollectionBasis::ALL, CollectionBasis::code, CollectionBasis::label));
            v
        }
        _ => Vec::new(),
    };
    (method, result)
}

/// What the step form asks once before an act that cannot be undone, saying what will happen.
fn confirmation(kind: StepKind) -> Option<String> {
    if machine::is_decision(kind) {
        return Some(format!(
            "确认{}？决定将以您的签名密钥签名并写入账本，记录后不能修改或删除，只能依法变更或撤销。",
            kind.label()
        ));
    }
    match kind {
        StepKind::Archive => Some(
            "确认归档？系统将组卷并进行四性检测；归档后案卷封存，不能再制作文书或添加、删除证据，补充须经负责人批准“补充归档”。"
                .into(),
        ),
        StepKind::SupplementArchive => {
            Some("确认开启补充归档？理由将写入账本，补充的材料在案卷目录中标明“补充归档”，补充完毕须重新归档。".into())
        }
        StepKind::Close | StepKind::RefuseFiling => {
            Some(format!("确认{}？记录后写入账本，不能修改或删除。", kind.label()))
        }
        _ => None,
    }
}

async fn step_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    kind: StepKind,
    values: HashMap<String, Value>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let c = state.app.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(Action::RecordStep, Some(c.body_id))?;
    let mut page = step_context(state, s, &c, kind, values, errors).await?;
    page["form_html"] = step_form_html(state, s, &page, false)?.into();
    page["session"] = serde_json::to_value(ctx(s)).unwrap_or(Value::Null);
    render(state, "case_step.html", page)
}

/// A step's form as HTML, from its [`step_context`]; `inline` on the case page.
fn step_form_html(state: &AppState, s: &crate::auth::Session, form: &Value, inline: bool) -> Result<String, PageError> {
    let mut f = form.clone();
    f["session"] = serde_json::to_value(ctx(s)).unwrap_or(Value::Null);
    f["inline"] = inline.into();
    Ok(render(state, "step_form.html", f)?.0)
}

/// What a step's form shows (the step page, and the case page for the viewer's next step).
async fn step_context(
    state: &AppState,
    s: &crate::auth::Session,
    c: &zhifa_store::model::Case,
    kind: StepKind,
    mut values: HashMap<String, Value>,
    errors: HashMap<String, String>,
) -> Result<Value, PageError> {
    let id = c.id;
    // A new form starts from what the case already holds (a form sent back keeps what was typed).
    let mut prefilled: Option<(&str, Vec<&str>)> = None;
    if values.is_empty() {
        let history =
            state.app.store.case_steps(id).await?.iter().map(|x| x.recorded()).collect::<Result<Vec<_>, _>>()?;
        if let Some(p) = zhifa_core::case::prefill::prefill(kind, &history) {
            for (field, v) in &p.values {
                let v = if *field == "penalty_kinds" { json!(v) } else { json!(v.join("\n")) };
                values.insert((*field).to_string(), v);
            }
            prefilled = Some((p.source.label(), p.values.keys().copied().collect()));
        }
    }
    let officers = state
        .app
        .store
        .list_officers(
            zhifa_core::access::Scope::Body(c.body_id),
            &OfficerFilter { limit: Some(500), ..Default::default() },
        )
        .await?;
    let on_case = c.officer_list()?;
    let officers: Vec<_> = officers
        .iter()
        .filter(|o| o.active)
        .map(|o| json!({ "id": o.id, "name": o.name, "on_case": on_case.contains(&o.id) }))
        .collect();
    // The case's evidence, to link by choosing (audio and video marked: some steps need them).
    let evidence: Vec<Value> = if kind.fields().contains(&"evidence_ids") {
        let filter = zhifa_store::reads::EvidenceFilter {
            case_number: Some(c.number.clone()),
            limit: Some(500),
            ..Default::default()
        };
        state
            .app
            .store
            .evidence_list(s.caller.scope(), &filter)
            .await?
            .iter()
            .map(|e| {
                use zhifa_core::evidence::EvidenceKind as K;
                let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
                let media = super::media_kind(&e.media_type);
                json!({"id": e.id, "kind_label": e.kind.label(), "av": matches!(e.kind, K::Video | K::Audio),
                       "av_today": zhifa_core::case::machine::covers_av(e.kind, e.captured_at, today),
                       "media": media, "live": e.status == zhifa_core::evidence::EvidenceStatus::Active,
                       "captured_at": zhifa_core::time::display(e.captured_at), "proof_object": e.proof_object})
            })
            .collect()
    } else {
        Vec::new()
    };
    let (method, result) = options(kind);
    let penalties: Vec<_> = PenaltyKind::ALL.iter().map(|k| json!({"code": k.code(), "label": k.label()})).collect();
    let policy = CasePolicy::shipped();
    Ok(json!({ "case": {"id": c.id, "number": c.number, "kind_label": c.kind.label(),
                "stage_label": c.stage.label()},
            "kind": kind.code(), "kind_label": kind.label(), "fields": kind.fields(), "field": kind.is_field(),
            "role_label": machine::step_role(kind).label(),
            "av_required": policy.av_required.contains(&kind), "av_prompted": policy.av_prompted.contains(&kind),
            "officers": officers, "evidence": evidence, "method_options": method, "result_options": result, "penalties": penalties,
            "v": values, "errors": errors, "signed": machine::is_decision(kind),
            "confirm": confirmation(kind),
            "prefilled_from": prefilled.as_ref().map(|p| p.0), "prefilled": prefilled.map(|p| p.1).unwrap_or_default(),
            "content_label": kind.content_label(false), "content_max": zhifa_core::case::CONTENT_MAX,
            "content_doc": zhifa_core::doc::DocKind::required_for(kind).map(|d| d.label()),
            "printed": zhifa_core::doc::DocKind::required_for(kind)
                .map(|d| kind.fields().iter().chain(&["occurred_at"]).filter(|f| zhifa_core::doc::prints(d, f)).copied().collect::<Vec<_>>())
                .unwrap_or_default(),
            "issue_doc": zhifa_core::doc::DocKind::required_for(kind)
                .filter(|d| d.may_issue(&s.caller, Some(c.body_id)))
                .map(|d| d.label()) }))
}

pub(super) async fn step_form(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
    Query(q): Query<StepQ>,
) -> Result<Html<String>, PageError> {
    let kind = StepKind::parse(&q.kind).map_err(|m| ApiError::Invalid(Invalid::field("kind", m)))?;
    step_page(&state, &s, id, kind, HashMap::new(), HashMap::new()).await
}

fn step_input(p: &Pairs, inv: &mut Invalid) -> StepInput {
    let number = |k: &str, inv: &mut Invalid| match one(p, k) {
        Some(v) => match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                inv.push(k, "应为整数");
                None
            }
        },
        None => None,
    };
    StepInput {
        kind: one(p, "kind").unwrap_or_default(),
        occurred_at: one(p, "occurred_at"),
        officer_ids: ids(p, "officer_ids", inv),
        content: one(p, "content"),
        place: one(p, "place"),
        penalty_kinds: all(p, "penalty_kinds"),
        fine: one(p, "fine"),
        confiscation: one(p, "confiscation"),
        legal_basis: lines(p, "legal_basis"),
        method: one(p, "method"),
        result: one(p, "result"),
        party_present: flag(p, "party_present"),
        party_signed: flag(p, "party_signed"),
        witness: one(p, "witness"),
        evidence_ids: ids(p, "evidence_ids", inv),
        urgent_reason: one(p, "urgent_reason"),
        days: number("days", inv),
        from_date: one(p, "from_date"),
        to_date: one(p, "to_date"),
        amount: one(p, "amount"),
        waived: flag(p, "waived"),
        notice_given: flag(p, "notice_given"),
        consent_electronic: flag(p, "consent_electronic"),
        chair_officer_id: number("chair_officer_id", inv),
        items: lines(p, "items"),
        leniency: one(p, "leniency"),
        capacity: one(p, "capacity"),
        substitute_ids: ids(p, "substitute_ids", inv),
        violated: lines(p, "violated"),
        interviewee: one(p, "interviewee"),
        discretion_reason: one(p, "discretion_reason"),
    }
}

pub(super) async fn add_step(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, p): PageForm<Pairs>,
) -> Result<Response, PageError> {
    let kind = StepKind::parse(&one(&p, "kind").unwrap_or_default())
        .map_err(|m| ApiError::Invalid(Invalid::field("kind", m)))?;
    let mut inv = Invalid::default();
    let input = step_input(&p, &mut inv);
    let password = one(&p, "sign_password").unwrap_or_default();
    let result =
        if inv.is_empty() { record_step(&state.app, &s.who(), id, &input, &password).await } else { Err(inv.into()) };
    match result {
        Ok(recorded) => {
            // The step's document made with it, when asked (the form offers it checked).
            let doc = zhifa_core::doc::DocKind::required_for(kind)
                .filter(|_| one(&p, "issue_document").as_deref() == Some("1"));
            if let Some(doc) = doc {
                match zhifa_app::documents::issue(&state.app, &s.who(), id, doc.code(), Some(recorded.id)).await {
                    Ok(_) | Err(zhifa_app::AppError::Forbidden) => {}
                    Err(e @ (zhifa_app::AppError::Invalid(_) | zhifa_app::AppError::Conflict(_))) => {
                        let detail = super::documents::refusal_text(e);
                        let detail = format!("“{}”已记录，但{}未能制作：{detail}", kind.label(), doc.label());
                        return Ok(case_page(&state, &s, id, None, Some(detail)).await?.into_response());
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(Redirect::to(&format!("/cases/{id}")).into_response())
        }
        Err(zhifa_app::AppError::Invalid(i)) => {
            let page = step_page(&state, &s, id, kind, values(&p), errors_map(&i)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
