//! 执法监督 pages: 预警线索 (the clues the warning rules raised, filtered; each with the facts it
//! rests on and how it closed) and 预警规则 (the catalogue, the thresholds in force, their
//! changes, and the justice bureau's form to change them).

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use std::collections::HashMap;
use zhifa_core::access::{Action, allowed};
use zhifa_core::supervision::{RULES, Severity, Thresholds, rule};
use zhifa_store::model::Clue;
use zhifa_store::supervision::ClueFilter;

fn close_label(c: &Clue) -> &'static str {
    match (c.closed_at, c.close_reason.as_deref()) {
        (None, _) => "未关闭",
        (Some(_), Some("superseded")) => "事实变化，由新线索接续",
        (Some(_), _) => "情形已消除",
    }
}

/// A clue as the pages show it.
fn view(c: &Clue, bodies: &HashMap<i64, String>) -> serde_json::Value {
    let r = rule(&c.rule);
    json!({
        "c": c,
        "rule_title": r.map(|r| r.title).unwrap_or_default(),
        "basis": r.map(|r| r.basis).unwrap_or_default(),
        "severity_label": c.severity.label(),
        "red": c.severity == Severity::Red,
        "body": bodies.get(&c.body_id).cloned().unwrap_or_default(),
        "raised": zhifa_core::time::display(c.raised_at),
        "closed": c.closed_at.map(zhifa_core::time::display),
        "close_label": close_label(c),
    })
}

/// The Chinese name of a fact a rule rests on.
fn fact_label(key: &str) -> &'static str {
    match key {
        "rule" => "规则",
        "version" => "规则版本",
        "key" => "对象中的事项",
        "severity" => "等级",
        "what" => "期限事项",
        "due" => "期限",
        "done" => "完成日期",
        "level" => "预警档次",
        "months" => "申请执行的月数",
        "day" => "日期",
        "threshold" => "阈值",
        "publication" => "公示任务",
        "published" => "公开日期",
        "withdrawal_due" => "撤回期限",
        "withdrawn" => "撤回日期",
        "valid_to" => "证件有效期至",
        "days" => "到期预警天数",
        "deadline" => "回复期限",
        "number" => "文号",
        _ => "",
    }
}

pub(super) async fn body_names(state: &AppState) -> Result<HashMap<i64, String>, PageError> {
    Ok(state.app.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect())
}

/// The bodies a list's filter offers the caller (those in scope), in order.
pub(super) fn body_choices(bodies: &HashMap<i64, String>, scope: zhifa_core::access::Scope) -> Vec<serde_json::Value> {
    let mut choices: Vec<_> =
        bodies.iter().filter(|(id, _)| scope.covers(**id)).map(|(id, n)| json!({"id": id, "name": n})).collect();
    choices.sort_by_key(|b| b["id"].as_i64());
    choices
}

/// The list's filters as the form sends them (an empty choice is "all").
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct ListQ {
    status: Option<String>,
    rule: Option<String>,
    severity: Option<String>,
    body_id: Option<String>,
}

impl ListQ {
    fn filter(&self) -> ClueFilter {
        use super::{given, given_id};
        ClueFilter {
            status: given(&self.status),
            rule: given(&self.rule),
            severity: given(&self.severity),
            body_id: given_id(&self.body_id),
            ..ClueFilter::default()
        }
    }
}

/// The clues with the list's filters, as CSV or a workbook (up to 1,000).
async fn export(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
    sheet: super::Sheet,
) -> Result<Response, PageError> {
    let f = ClueFilter { limit: Some(1000), ..q.filter() };
    let clues = state.app.clues(&s.who(), &f).await?;
    let bodies = body_names(&state).await?;
    let rows = clues.iter().map(|c| {
        vec![
            c.id.to_string(),
            c.severity.label().to_string(),
            c.rule.clone(),
            rule(&c.rule).map(|r| r.title).unwrap_or_default().to_string(),
            bodies.get(&c.body_id).cloned().unwrap_or_default(),
            c.summary.clone(),
            zhifa_core::time::display(c.raised_at),
            close_label(c).to_string(),
            c.closed_at.map(zhifa_core::time::display).unwrap_or_default(),
        ]
    });
    let header = ["线索编号", "等级", "规则", "规则名称", "执法主体", "发现的问题", "发现时间", "状态", "关闭时间"];
    super::list_download(sheet, "clues", "预警线索", &header, rows)
}

/// 预警线索
async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
) -> Result<Html<String>, PageError> {
    let export = format!("/warnings/export.csv?{}", serde_urlencoded::to_string(&q).unwrap_or_default());
    let q = q.filter();
    let clues = state.app.clues(&s.who(), &q).await?;
    let bodies = body_names(&state).await?;
    let rows: Vec<_> = clues.iter().map(|c| view(c, &bodies)).collect();
    let red = clues.iter().filter(|c| c.severity == Severity::Red).count();
    let body_choices = body_choices(&bodies, s.caller.scope());
    let rules: Vec<_> = RULES.iter().filter(|r| r.live).map(|r| json!({"id": r.id, "title": r.title})).collect();
    render(
        &state,
        "warnings.html",
        json!({ "session": ctx(&s), "rows": rows, "red": red, "yellow": clues.len() - red, "q": {
            "status": q.status.clone().unwrap_or_else(|| "open".into()), "rule": q.rule, "severity": q.severity,
            "body_id": q.body_id }, "bodies": body_choices, "rules": rules,
            "district": s.caller.scope() == zhifa_core::access::Scope::All, "export": export }),
    )
}

/// 预警线索详情
async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    clue_page(&state, &s, id, HashMap::new(), HashMap::new()).await
}

/// A clue's page with its facts and 督办 (the acts and the forms, with the errors of a form
/// sent back).
pub(super) async fn clue_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let c = state.app.clue(&s.who(), id).await?;
    let bodies = body_names(state).await?;
    let inputs: serde_json::Value = serde_json::from_str(&c.inputs).unwrap_or_default();
    let facts: Vec<_> = inputs
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map(String::from).unwrap_or_else(|| v.to_string());
                    json!({"k": k, "label": fact_label(k), "v": v})
                })
                .collect()
        })
        .unwrap_or_default();
    let case = match c.case_id {
        Some(id) => state.app.store.case(s.caller.scope(), id).await?,
        None => None,
    };
    let officer = match c.officer_id {
        Some(id) => state.app.store.get_officer(s.caller.scope(), id).await?.map(|o| o.name),
        None => None,
    };
    let oversight = super::oversight::clue_oversight(state, s, id).await?;
    render(
        state,
        "warning.html",
        json!({ "session": ctx(s), "v": view(&c, &bodies), "facts": facts, "case": case, "officer": officer,
            "o": oversight, "values": values, "errors": errors }),
    )
}

/// 预警规则与阈值
async fn rules(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    s.require(Action::ReadWarnings, s.caller.body_id)?;
    rules_page(&state, &s, HashMap::new(), HashMap::new()).await
}

async fn rules_page(
    state: &AppState,
    s: &crate::auth::Session,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    let t = state.app.store.warning_thresholds().await?;
    let history: Vec<_> = state
        .app
        .store
        .warning_settings_history()
        .await?
        .into_iter()
        .map(|h| json!({ "h": h, "at": zhifa_core::time::display(h.set_at) }))
        .collect();
    render(
        state,
        "warning_rules.html",
        json!({ "session": ctx(s), "rules": RULES, "t": t, "days": t.overdue_yellow_days.iter().map(u32::to_string).collect::<Vec<_>>().join("，"),
            "history": history, "may_set": allowed(&s.caller, Action::SetWarnings, None),
            "values": values, "errors": errors }),
    )
}

/// Reads the thresholds form; the error names the field.
fn thresholds_of(p: &[(String, String)]) -> Result<Thresholds, zhifa_core::Invalid> {
    let mut inv = zhifa_core::Invalid::default();
    let mut number = |field: &'static str, label: &str| -> u32 {
        one(p, field).parse().unwrap_or_else(|_| {
            inv.push(field, format!("{label}须为正整数"));
            0
        })
    };
    let certificate_expiry_days = number("certificate_expiry_days", "证件到期预警天数");
    let enforcement_months = number("enforcement_months", "申请强制执行的月数");
    let unusual_views_per_day = number("unusual_views_per_day", "每日调阅条数的阈值");
    let officer_open_cases = number("officer_open_cases", "人均未结案件的阈值");
    let presence_minutes = number("presence_minutes", "现场记录占用的分钟数");
    let peer_group_min = number("peer_group_min", "同案比较的最少件数");
    let idle_body_months = number("idle_body_months", "零执法的月数");
    let dormant_item_years = number("dormant_item_years", "事项未使用的年数");
    let repeat_inspection_days = number("repeat_inspection_days", "重复检查的天数");
    let annual_inspection_cap = number("annual_inspection_cap", "年度检查次数上限");
    let complaint_route_working_days = number("complaint_route_working_days", "投诉分派的工作日");
    let complaint_accept_working_days = number("complaint_accept_working_days", "决定受理的工作日");
    let complaint_conclude_days = number("complaint_conclude_days", "投诉办结的天数");
    let complaint_extend_days = number("complaint_extend_days", "延长办理的天数");
    let complaint_answer_days = number("complaint_answer_days", "答复投诉人的天数");
    let hotline_working_days = number("hotline_working_days", "12345工单办结的工作日");
    let mut overdue_yellow_days = Vec::new();
    for part in one(p, "overdue_yellow_days").split(['，', ',', ' ', '、']).filter(|x| !x.is_empty()) {
        match part.parse() {
            Ok(d) => overdue_yellow_days.push(d),
            Err(_) => inv.push("overdue_yellow_days", format!("“{part}”不是天数")),
        }
    }
    let t = Thresholds {
        overdue_yellow_days,
        certificate_expiry_days,
        enforcement_months,
        unusual_views_per_day,
        officer_open_cases,
        presence_minutes,
        peer_group_min,
        idle_body_months,
        dormant_item_years,
        repeat_inspection_days,
        annual_inspection_cap,
        complaint_route_working_days,
        complaint_accept_working_days,
        complaint_conclude_days,
        complaint_extend_days,
        complaint_answer_days,
        hotline_working_days,
    };
    if inv.errors.is_empty() {
        for (field, message) in t.validate().err().unwrap_or_default() {
            inv.push(field, message);
        }
    }
    inv.into_result(t)
}

/// Changes the thresholds (the justice bureau).
async fn set(
    State(state): State<AppState>,
    PageForm(s, p): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let done = match thresholds_of(&p) {
        Ok(t) => state.app.set_warning_thresholds(&s.who(), t, one(&p, "reason")).await.map_err(ApiError::from),
        Err(i) => Err(i.into()),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/warnings/rules").into_response()),
        Err(ApiError::Invalid(i)) => {
            let (values, errors) = super::returned(&p, &i);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, rules_page(&state, &s, values, errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The kinds of record whose views are journaled, with their Chinese names.
const RECORDS: &[(&str, &str)] = &[
    ("cases", "案件"),
    ("officers", "执法人员档案"),
    ("evidence", "证据"),
    ("evidence_file", "证据文件"),
    ("documents", "文书"),
];

fn record_label(table: &str) -> &str {
    RECORDS.iter().find(|(t, _)| *t == table).map(|(_, l)| *l).unwrap_or(table)
}

/// Where a viewed record is opened.
fn record_href(table: &str, id: i64) -> Option<String> {
    match table {
        "cases" => Some(format!("/cases/{id}")),
        "officers" => Some(format!("/officers/{id}")),
        "evidence" | "evidence_file" => Some(format!("/evidence/{id}")),
        "documents" => Some(format!("/documents/{id}")),
        _ => None,
    }
}

/// The access page's filters as its form sends them (an empty choice is "all").
#[derive(Debug, Default, serde::Deserialize)]
struct AccessQ {
    user_id: Option<String>,
    table: Option<String>,
    object_id: Option<String>,
    body_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl AccessQ {
    /// The filter, or the fields that are not a number or a date.
    fn filter(&self) -> Result<zhifa_store::reads::AccessFilter, zhifa_core::Invalid> {
        let mut inv = zhifa_core::Invalid::default();
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(String::from);
        let mut number = |field: &str, v: &Option<String>| {
            given(v).and_then(|x| x.parse::<i64>().map_err(|_| inv.push(field, format!("“{x}”不是编号"))).ok())
        };
        let (user_id, object_id, body_id) =
            (number("user_id", &self.user_id), number("object_id", &self.object_id), number("body_id", &self.body_id));
        let mut day = |field: &str, v: &Option<String>| {
            given(v).and_then(|x| zhifa_core::time::parse_date(&x).map_err(|e| inv.push(field, e)).ok())
        };
        let (from, to) = (day("from", &self.from), day("to", &self.to));
        inv.into_result(zhifa_store::reads::AccessFilter {
            user_id,
            table: given(&self.table),
            object_id,
            body_id,
            from,
            to,
            limit: None,
        })
    }
}

/// 调阅监督: who viewed which protected record, when, from where and why.
async fn access(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<AccessQ>,
) -> Result<Response, PageError> {
    s.require(Action::SuperviseAccess, s.caller.body_id)?;
    let (filter, errors) = match q.filter() {
        Ok(f) => (f, HashMap::new()),
        Err(i) => (zhifa_store::reads::AccessFilter::default(), super::returned(&[], &i).1),
    };
    let rows: Vec<_> = state
        .app
        .store
        .access_view(&filter)
        .await?
        .into_iter()
        .map(|r| {
            json!({ "r": r, "at": zhifa_core::time::display(r.at), "record": record_label(&r.object_table),
                "href": record_href(&r.object_table, r.object_id) })
        })
        .collect();
    let users: Vec<_> = state
        .app
        .store
        .user_rows(zhifa_core::access::Scope::All)
        .await?
        .into_iter()
        .map(|u| json!({"id": u.id, "name": format!("{}（{}）", u.display_name, u.username)}))
        .collect();
    let mut bodies: Vec<_> =
        body_names(&state).await?.into_iter().map(|(id, name)| json!({"id": id, "name": name})).collect();
    bodies.sort_by_key(|b| b["id"].as_i64());
    let records: Vec<_> = RECORDS.iter().map(|(t, l)| json!({"code": t, "label": l})).collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let export = format!(
        "/access-log/export.csv?{}",
        serde_urlencoded::to_string([
            ("user_id", q.user_id.clone().unwrap_or_default()),
            ("table", q.table.clone().unwrap_or_default()),
            ("object_id", q.object_id.clone().unwrap_or_default()),
            ("body_id", q.body_id.clone().unwrap_or_default()),
            ("from", q.from.clone().unwrap_or_default()),
            ("to", q.to.clone().unwrap_or_default()),
        ])
        .unwrap_or_default()
    );
    let page = render(
        &state,
        "access_log.html",
        json!({ "session": ctx(&s), "rows": rows, "users": users, "bodies": bodies, "records": records,
            "q": { "user_id": filter.user_id, "table": filter.table, "object_id": filter.object_id,
                   "body_id": filter.body_id, "from": filter.from, "to": filter.to },
            "errors": errors, "export": export }),
    )?;
    Ok((status, page).into_response())
}

/// The access log with the page's filters, as CSV (UTF-8 with BOM) or a workbook, up to
/// 10,000 rows.
async fn access_export(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<AccessQ>,
    sheet: super::Sheet,
) -> Result<Response, PageError> {
    s.require(Action::SuperviseAccess, s.caller.body_id)?;
    let filter = zhifa_store::reads::AccessFilter { limit: Some(10_000), ..q.filter().map_err(ApiError::from)? };
    let rows = state.app.store.access_view(&filter).await?.into_iter().map(|r| {
        vec![
            zhifa_core::time::display(r.at),
            r.user_name.unwrap_or_else(|| "系统".into()),
            r.username.unwrap_or_default(),
            r.ip.unwrap_or_default(),
            record_label(&r.object_table).to_string(),
            r.object_id.to_string(),
            r.body_name.unwrap_or_default(),
            r.purpose.unwrap_or_default(),
        ]
    });
    let header = ["时间", "调阅人", "账号", "地址", "记录类别", "记录编号", "所属执法主体", "调阅事由"];
    super::list_download(sheet, "access-log", "调阅记录", &header, rows)
}

/// The routes of these pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/warnings", get(list))
        .route("/warnings/rules", get(rules).post(set))
        .route("/warnings/export.csv", get(|st, s, q| export(st, s, q, super::Sheet::Csv)))
        .route("/warnings/export.xlsx", get(|st, s, q| export(st, s, q, super::Sheet::Xlsx)))
        .route("/warnings/{id}", get(item))
        .route("/access-log", get(access))
        .route("/access-log/export.csv", get(|st, s, q| access_export(st, s, q, super::Sheet::Csv)))
        .route("/access-log/export.xlsx", get(|st, s, q| access_export(st, s, q, super::Sheet::Xlsx)))
}
