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
    state.store.public_certificate(number.as_str(), today).await?.map(Json).ok_or(ApiError::NotFound("执法证件"))
}

/// A period to compute.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// 起算日（当日不计入），YYYY-MM-DD
    pub from: String,
    /// 天数
    pub days: u32,
    /// `working`（工作日）或 `calendar`（自然日，届满日遇休息日顺延）
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
        other => {
            return Err(zhifa_core::Invalid::field(
                "kind",
                format!("“{other}”应为 working（工作日）或 calendar（自然日）"),
            )
            .into());
        }
    };
    if q.days > 3660 {
        return Err(zhifa_core::Invalid::field("days", "天数不能超过3660").into());
    }
    let p = state
        .store
        .calendar()
        .period(from, q.days, kind)
        .map_err(|e| zhifa_core::Invalid::field("days", e.to_string()))?;
    Ok(Json(PeriodAnswer {
        from,
        days: q.days,
        kind: if kind == PeriodKind::Working { "working".into() } else { "calendar".into() },
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
            PeriodKind::Calendar => "起算日不计入；届满日为法定休假日的，顺延至其后第一个工作日",
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
    let years = state.store.calendar().years();
    Ok(Json(CalendarYears { years, imported: state.store.imported_holiday_years().await? }))
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
    state.store.execute(&s.actor(), cmd).await?;
    let years = state.store.install_calendar().await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(CalendarYears { years, imported: state.store.imported_holiday_years().await? }),
    ))
}
