//! Public API: no sign-in; only what is published.

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use zhifa_store::model::PublicCertificate;

/// 执法证件公开查询
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}", params(("number" = String, Path, description = "证件编号")),
    responses((status = 200, body = PublicCertificate), (status = 404, body = ErrorBody)))]
pub async fn public_certificate(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Json<PublicCertificate>, ApiError> {
    let number =
        zhifa_core::ids::CertificateNumber::parse(&number).map_err(|m| zhifa_core::Invalid::field("number", m))?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    state.app.store.public_certificate(number.as_str(), today).await?.map(Json).ok_or(ApiError::NotFound("执法证件"))
}

/// A period to compute.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// 起算日（当日不计入），YYYY-MM-DD
    pub from: String,
    /// 天数
    pub days: u32,
    /// `working`（工作日）、`calendar`（自然日，届满日遇休息日顺延）或 `calendar_fixed`（自然日，限制权利的最长期限，届满不顺延）
    pub kind: Option<String>,
}

/// One rest day a period passed over.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SkippedDay {
    /// date
    pub date: chrono::NaiveDate,
    /// 星期
    pub weekday: &'static str,
    /// holiday name, or 周末
    pub name: String,
}

/// A computed period.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PeriodAnswer {
    /// 起算日
    pub from: chrono::NaiveDate,
    /// 天数
    pub days: u32,
    /// working / calendar
    pub kind: String,
    /// 期限届满日
    pub end: chrono::NaiveDate,
    /// 星期
    pub end_weekday: &'static str,
    /// 跳过的休息日
    pub skipped: Vec<SkippedDay>,
    /// the rule applied
    pub rule: &'static str,
}

/// 期限计算：按国务院公布的节假日和调休安排计算工作日或自然日期限（无需登录）
#[utoipa::path(get, path = "/api/v1/calendar/add", params(PeriodQuery),
    responses((status = 200, body = PeriodAnswer), (status = 422, body = ErrorBody)))]
pub async fn calendar_add(
    State(state): State<AppState>,
    super::ApiQuery(q): super::ApiQuery<PeriodQuery>,
) -> Result<Json<PeriodAnswer>, ApiError> {
    use zhifa_core::calendar::{PeriodKind, weekday_label};
    let from = zhifa_core::time::parse_date(&q.from).map_err(|m| zhifa_core::Invalid::field("from", m))?;
    let kind = match q.kind.as_deref().unwrap_or("working") {
        "working" => PeriodKind::Working,
        "calendar" => PeriodKind::Calendar,
        "calendar_fixed" => PeriodKind::CalendarFixed,
        other => {
            return Err(zhifa_core::Invalid::field(
                "kind",
                format!("“{other}”应为 working（工作日）、calendar（自然日）或 calendar_fixed（自然日，届满不顺延）"),
            )
            .into());
        }
    };
    if q.days > 3660 {
        return Err(zhifa_core::Invalid::field("days", "天数不能超过3660").into());
    }
    let p = state
        .app
        .store
        .calendar()
        .period(from, q.days, kind)
        .map_err(|e| zhifa_core::Invalid::field("days", e.to_string()))?;
    Ok(Json(PeriodAnswer {
        from,
        days: q.days,
        kind: match kind {
            PeriodKind::Working => "working",
            PeriodKind::Calendar => "calendar",
            PeriodKind::CalendarFixed => "calendar_fixed",
        }
        .into(),
        end: p.end,
        end_weekday: weekday_label(p.end),
        skipped: p
            .skipped
            .into_iter()
            .map(|(date, name)| SkippedDay {
                date,
                weekday: weekday_label(date),
                name: name.unwrap_or_else(|| "周末".into()),
            })
            .collect(),
        rule: match kind {
            PeriodKind::Working => {
                "工作日期间不含法定节假日和休息日（行政处罚法第八十五条、行政强制法第六十九条、行政许可法第八十二条），起算日不计入"
            }
            PeriodKind::Calendar => {
                "起算日不计入；届满日为法定休假日的，顺延至其后第一个工作日（民事诉讼法第八十五条，行政诉讼法第一百零一条）"
            }
            PeriodKind::CalendarFixed => {
                "起算日不计入；限制权利的最长期限（如查封、扣押不得超过三十日，行政强制法第二十五条），届满日为法定休假日的不顺延"
            }
        },
    }))
}

/// The years the calendar knows.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CalendarYears {
    /// 已知年份（随程序发布的和导入的）
    pub years: Vec<i32>,
    /// 导入记录（每年最新一次）
    pub imported: Vec<zhifa_store::model::HolidayYear>,
}

/// 日历已收录的年份及导入记录（无需登录）
#[utoipa::path(get, path = "/api/v1/calendar/years", responses((status = 200, body = CalendarYears)))]
pub async fn calendar_years(State(state): State<AppState>) -> Result<Json<CalendarYears>, ApiError> {
    let years = state.app.store.calendar().years();
    Ok(Json(CalendarYears { years, imported: state.app.store.imported_holiday_years().await? }))
}

/// A year's schedule to import.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct HolidayImport {
    /// 通知文号或标题，如“国办发明电〔2026〕12号”
    #[serde(default)]
    pub source: String,
    /// 节假日安排（与 data/holidays/YYYY.json 相同格式）
    #[schema(value_type = Object)]
    pub schedule: serde_json::Value,
}

/// 导入一年的节假日安排（系统管理员；记入账本，各服务进程一分钟内生效）
#[utoipa::path(post, path = "/api/v1/calendar/years", request_body = HolidayImport,
    responses((status = 201, body = CalendarYears), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_calendar_year(
    State(state): State<AppState>,
    crate::auth::WriteSession(s): crate::auth::WriteSession,
    super::ApiJson(input): super::ApiJson<HolidayImport>,
) -> Result<(axum::http::StatusCode, Json<CalendarYears>), ApiError> {
    s.require(zhifa_core::access::Action::ImportCalendar, None)?;
    let text = input.schedule.to_string();
    let year = zhifa_core::calendar::parse_year(&text).map_err(|m| zhifa_core::Invalid::field("schedule", m))?;
    let cmd = zhifa_store::Command::ImportHolidays { year: year.year, schedule: text, source: input.source };
    state.app.store.execute(&s.actor(), cmd).await?;
    let years = state.app.store.install_calendar().await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(CalendarYears { years, imported: state.app.store.imported_holiday_years().await? }),
    ))
}

/// 服务指南: a power-list item in force as the public reads it before dealing with the body (事前公开):
/// who handles it, on what basis, conditions, materials, time limit, remedies, and the procedure
/// the system enforces, drawn from its own table.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ServiceGuide {
    /// 实施机关（受理机构）
    pub body_id: i64,
    /// 实施机关名称
    pub body_name: String,
    /// 办理地点
    pub address: Option<String>,
    /// 咨询电话
    pub phone: Option<String>,
    /// 事项编码
    pub code: String,
    /// 事项名称
    pub name: String,
    /// 事项类别
    pub category: String,
    /// 设定依据
    pub legal_basis: Vec<String>,
    /// 办理程序
    pub procedure: String,
    /// 法定办理时限（如“20个工作日”；没有的为空）
    pub time_limit: Option<String>,
    /// 适用听证
    pub hearing: bool,
    /// 受理条件
    pub conditions: Option<String>,
    /// 申请材料
    pub materials: Vec<String>,
    /// 救济途径
    pub remedy: String,
    /// 行政复议机关
    pub reconsideration_organ: String,
    /// 行政诉讼管辖法院
    pub court: String,
    /// 现行版本
    pub version: i32,
    /// 生效日期
    pub effective_from: chrono::NaiveDate,
    /// 办理流程所依的案件类型
    pub case_kind: String,
    /// 案件类型代码（流程图地址中的代码）
    pub case_kind_code: String,
    /// 办理流程（与系统执行的程序同源）
    #[schema(value_type = Vec<Object>)]
    pub flow: Vec<zhifa_core::case::flow::FlowStage>,
    /// 流程图（SVG）地址
    pub flowchart: String,
}

impl ServiceGuide {
    /// The guide of item `code` of body `body_id` in force on `today`.
    pub async fn load(state: &AppState, body_id: i64, code: &str, today: chrono::NaiveDate) -> Result<Self, ApiError> {
        let body = state.app.store.get_body(body_id).await?.ok_or(ApiError::NotFound("执法主体"))?;
        let items = state.app.store.power_items_in_force(body_id, today).await?;
        let p = items.into_iter().find(|p| p.code == code).ok_or(ApiError::NotFound("权责清单事项"))?;
        let procedure = zhifa_core::registry::ProcedureKind::parse(p.procedure_kind.code())
            .map_err(|m| ApiError::Internal(format!("corrupt: {m}")))?;
        let kind = zhifa_core::case::flow::kind_for(procedure);
        let time_limit =
            p.time_limit_days.map(|d| format!("{d}个{}", if p.time_limit_working { "工作日" } else { "自然日" }));
        Ok(ServiceGuide {
            body_id,
            body_name: body.name.clone(),
            address: body.address.clone(),
            phone: body.phone.clone(),
            legal_basis: p.legal_refs().iter().map(|r| format!("《{}》{}", r.law, r.article)).collect(),
            category: p.category_label().to_string(),
            procedure: p.procedure_label().to_string(),
            time_limit,
            hearing: p.hearing,
            conditions: p.conditions.clone(),
            materials: p.materials.as_deref().map(|m| m.lines().map(str::to_string).collect()).unwrap_or_default(),
            remedy: p.remedy.clone(),
            reconsideration_organ: body.reconsideration_organ.clone(),
            court: body.court.clone(),
            version: p.version,
            effective_from: p.effective_from,
            case_kind: kind.label().to_string(),
            case_kind_code: kind.code().to_string(),
            flow: zhifa_core::case::flow::flow(kind),
            flowchart: format!("/api/v1/public/procedures/{}/flowchart.svg", kind.code()),
            code: p.code,
            name: p.name,
        })
    }
}

/// 服务指南（事前公开）：实施机关、依据、受理条件、申请材料、时限、救济途径和办理流程
#[utoipa::path(get, path = "/api/v1/public/bodies/{id}/power-items/{code}/guide",
    params(("id" = i64, Path), ("code" = String, Path)),
    responses((status = 200, body = ServiceGuide), (status = 404, body = ErrorBody)))]
pub async fn service_guide(
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Json<ServiceGuide>, ApiError> {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    Ok(Json(ServiceGuide::load(&state, id, &code, today).await?))
}

/// 办理流程图（SVG，由系统执行的程序定义生成）
#[utoipa::path(get, path = "/api/v1/public/procedures/{kind}/flowchart.svg", params(("kind" = String, Path, description = "案件类型代码")),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 404, body = ErrorBody)))]
pub async fn flowchart(Path(kind): Path<String>) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let kind =
        zhifa_core::case::CaseKind::parse(kind.trim_end_matches(".svg")).map_err(|_| ApiError::NotFound("办理流程"))?;
    let svg = zhifa_core::case::flow::flowchart_svg(kind);
    Ok(([(axum::http::header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response())
}

/// 执法人员公示（事前公开）：持有效执法证件的人员、证件编号、执法领域和区域
#[utoipa::path(get, path = "/api/v1/public/bodies/{id}/officers", params(("id" = i64, Path)),
    responses((status = 200, body = [PublicCertificate]), (status = 404, body = ErrorBody)))]
pub async fn public_officers(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PublicCertificate>>, ApiError> {
    state.app.store.get_body(id).await?.ok_or(ApiError::NotFound("执法主体"))?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    Ok(Json(state.app.store.public_officers(id, today).await?))
}
