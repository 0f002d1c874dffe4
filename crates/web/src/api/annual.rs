//! 行政执法统计年报 over HTTP: the tracking list, drafting, corrections with reasons and
//! publication for staff; the published reports for everyone, as JSON, CSV and XLSX.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhifa_core::access::Action;
use zhifa_core::annual::{self as annual, Figures, Metric};
use zhifa_store::Command;
use zhifa_store::annual::ReportFile;
use zhifa_store::model::AnnualReport;

fn today() -> NaiveDate {
    zhifa_core::time::shanghai_date(Utc::now())
}

/// The year whose report is current: the last one over.
pub fn last_year() -> i32 {
    today().year() - 1
}

/// One figure as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureRow {
    /// 指标 key
    pub key: String,
    /// 分组
    pub group: &'static str,
    /// 指标
    pub label: String,
    /// 单位（件、元）
    pub unit: &'static str,
    /// 数值（金额为分）
    pub value: i64,
    /// 显示值（金额为元）
    pub display: String,
    /// 依数据生成的数值（显示值）
    pub compiled: String,
    /// 经更正
    pub edited: bool,
    /// 须由本机关填报核实
    pub reported: bool,
}

/// A correction as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditRow {
    /// 指标
    pub metric: String,
    /// 原数值
    pub old: String,
    /// 新数值
    pub new: String,
    /// 理由
    pub reason: String,
    /// 时间（北京时间）
    pub at: String,
    /// 公开后更正
    pub after_publication: bool,
}

/// A report as shown to staff and, once published, to the public.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    /// id
    pub id: i64,
    /// 年度
    pub year: i64,
    /// 执法主体（全区为空）
    pub body_id: Option<i64>,
    /// 名称
    pub name: String,
    /// draft / published
    pub status: String,
    /// 状态
    pub status_label: &'static str,
    /// 公开期限
    pub due_on: NaiveDate,
    /// 已超期未公开
    pub overdue: bool,
    /// 公开时间（北京时间）
    pub published_at: Option<String>,
    /// 数字
    pub figures: Vec<FigureRow>,
    /// 复议、诉讼纠错率
    pub correction_rate: String,
    /// 尚待核实填报的指标
    pub unconfirmed: Vec<String>,
    /// 更正记录
    pub edits: Vec<EditRow>,
}

fn unit(m: &Metric) -> &'static str {
    match m.unit {
        annual::Unit::Count => "件",
        annual::Unit::Fen => "元",
    }
}

/// The view of a report; the district's figures are `district_sum` (the sum of the bodies'
/// published reports) when given.
pub fn view(file: &ReportFile, district_sum: Option<&Figures>, today: NaiveDate) -> ReportView {
    let r = &file.report;
    let figures = district_sum.cloned().unwrap_or_else(|| r.figures());
    let compiled = if r.body_id.is_none() { figures.clone() } else { r.compiled() };
    let edited: Vec<&str> = file.edits.iter().map(|e| e.metric.as_str()).collect();
    let metrics = annual::metrics();
    let rows = metrics
        .iter()
        .map(|m| {
            let v = figures.get(&m.key).copied().unwrap_or(0);
            let c = compiled.get(&m.key).copied().unwrap_or(0);
            FigureRow {
                key: m.key.clone(),
                group: m.group,
                label: m.label.clone(),
                unit: unit(m),
                value: v,
                display: annual::display(m, v),
                compiled: annual::display(m, c),
                edited: edited.contains(&m.key.as_str()),
                reported: m.reported,
            }
        })
        .collect();
    let edits = file
        .edits
        .iter()
        .map(|e| {
            let m = metrics.iter().find(|m| m.key == e.metric);
            let show = |v: i64| m.map_or_else(|| v.to_string(), |m| annual::display(m, v));
            EditRow {
                metric: m.map_or_else(|| e.metric.clone(), |m| m.label.clone()),
                old: show(e.old_value),
                new: show(e.new_value),
                reason: e.reason.clone(),
                at: zhifa_core::time::display(e.edited_at),
                after_publication: r.published_at.is_some_and(|p| e.edited_at > p),
            }
        })
        .collect();
    let published = r.status == zhifa_core::annual::ReportStatus::Published;
    ReportView {
        id: r.id,
        year: r.year,
        body_id: r.body_id,
        name: file.body.as_ref().map_or_else(|| "全区（汇总）".to_string(), |b| b.name.clone()),
        status: r.status.code().to_string(),
        status_label: if published { "已公开" } else { "待公开" },
        due_on: r.due_on,
        overdue: !published && today > r.due_on,
        published_at: r.published_at.map(zhifa_core::time::display),
        figures: rows,
        correction_rate: annual::correction_rate(&figures).map_or_else(|| "—".into(), |(a, b)| annual::percent(a, b)),
        unconfirmed: if r.body_id.is_some() {
            annual::unconfirmed(edited.iter().copied()).into_iter().map(|m| m.label).collect()
        } else {
            Vec::new()
        },
        edits,
    }
}

/// The district's figures: the sum of every body's published report of the year (so a body's
/// later correction reaches the district's total).
fn district_sum(year_files: &[ReportFile]) -> Figures {
    let published: Vec<Figures> = year_files
        .iter()
        .filter(|f| f.report.body_id.is_some() && f.report.status == zhifa_core::annual::ReportStatus::Published)
        .map(|f| f.report.figures())
        .collect();
    annual::sum(&published)
}

/// The year's reports that `keep` selects, as shown; `year_files` is every report of the year.
fn views(year_files: &[ReportFile], keep: impl Fn(&ReportFile) -> bool) -> Vec<ReportView> {
    let sum = district_sum(year_files);
    let t = today();
    year_files.iter().filter(|f| keep(f)).map(|f| view(f, f.report.body_id.is_none().then_some(&sum), t)).collect()
}

/// Which year.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// 年度（默认上一年度）
    pub year: Option<i32>,
}

/// 统计年报公开情况（本机关；司法局、管理员为全部）：各年报的状态、期限（次年1月31日）和待核实的指标
#[utoipa::path(get, path = "/api/v1/annual-reports", params(YearQuery),
    responses((status = 200, body = [ReportView]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    Ok(Json(staff_views(&state, &s, q.year.unwrap_or_else(last_year)).await?))
}

/// The year's reports within the caller's scope (the district's included), as shown.
pub async fn staff_views(state: &AppState, s: &Session, year: i32) -> Result<Vec<ReportView>, ApiError> {
    let files = state.app.store.annual_report_files(year).await?;
    let scope = s.caller.scope();
    Ok(views(&files, |f| f.report.body_id.is_none_or(|b| scope.covers(b))))
}

/// A year to draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftInput {
    /// 年度（默认上一年度）
    #[serde(default)]
    pub year: Option<i32>,
}

/// 生成年度统计年报（年度结束后；服务器也会在1月1日后自动生成）
#[utoipa::path(post, path = "/api/v1/annual-reports/draft", request_body = DraftInput,
    responses((status = 201, body = [ReportView]), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(i): ApiJson<DraftInput>,
) -> Result<(StatusCode, Json<Vec<ReportView>>), ApiError> {
    s.require(Action::CompileAnnualReport, None)?;
    let year = i.year.unwrap_or_else(last_year);
    state.app.store.execute(&s.actor(), Command::DraftAnnualReports { year, today: today() }).await?;
    Ok((StatusCode::CREATED, Json(staff_views(&state, &s, year).await?)))
}

async fn file_for(state: &AppState, s: &Session, id: i64) -> Result<ReportFile, ApiError> {
    state.app.store.annual_report(id, s.caller.scope()).await?.ok_or(ApiError::NotFound("年报"))
}

/// One report as shown (the district's with the sum of the published reports).
pub async fn report_view(state: &AppState, s: &Session, id: i64) -> Result<ReportView, ApiError> {
    let f = file_for(state, s, id).await?;
    let sum = match f.report.body_id {
        Some(_) => None,
        None => Some(district_sum(&state.app.store.annual_report_files(f.report.year as i32).await?)),
    };
    Ok(view(&f, sum.as_ref(), today()))
}

/// 查看一份年报
#[utoipa::path(get, path = "/api/v1/annual-reports/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Json<ReportView>, ApiError> {
    s.require(Action::ReadPublications, s.caller.body_id)?;
    Ok(Json(report_view(&state, &s, id).await?))
}

/// A correction of one figure.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct EditInput {
    /// 指标 key（如 `reconsideration.total`）
    #[serde(default)]
    pub metric: String,
    /// 新数值（件数为整数；金额为元，最多两位小数）
    #[serde(default)]
    pub value: String,
    /// 更正理由（数据来源）
    #[serde(default)]
    pub reason: String,
}

/// The command of a correction, its value parsed by the metric's unit.
pub fn edit_command(id: i64, i: &EditInput) -> Result<Command, zhifa_core::Invalid> {
    let mut inv = zhifa_core::Invalid::default();
    let value = match annual::metric(i.metric.trim()) {
        Some(m) => inv.check("value", annual::parse_value(&m, &i.value)),
        None => {
            inv.push("metric", format!("指标“{}”不存在", i.metric.trim()));
            None
        }
    };
    if i.reason.trim().is_empty() {
        inv.push("reason", "更正理由不能为空（请写明数据来源）");
    }
    inv.into_result(Command::EditAnnualReport {
        id,
        metric: i.metric.trim().to_string(),
        value: value.unwrap_or(0),
        reason: i.reason.clone(),
    })
}

async fn require_compile(state: &AppState, s: &Session, id: i64) -> Result<AnnualReport, ApiError> {
    let f = file_for(state, s, id).await?;
    s.require(Action::CompileAnnualReport, f.report.body_id)?;
    Ok(f.report)
}

/// 更正年报的一项数字（说明理由；公开后的更正在公开页面注明）
#[utoipa::path(post, path = "/api/v1/annual-reports/{id}/edits", params(("id" = i64, Path)), request_body = EditInput,
    responses((status = 201, body = ReportView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<EditInput>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    require_compile(&state, &s, id).await?;
    state.app.store.execute(&s.actor(), edit_command(id, &i)?).await?;
    Ok((StatusCode::CREATED, Json(report_view(&state, &s, id).await?)))
}

/// 公开年报（本机关年报须先核实填报复议、诉讼数字；全区年报在各机关年报公开后由司法局汇总公开）
#[utoipa::path(post, path = "/api/v1/annual-reports/{id}/publish", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<Json<ReportView>, ApiError> {
    require_compile(&state, &s, id).await?;
    state.app.store.execute(&s.actor(), Command::PublishAnnualReport { id }).await?;
    Ok(Json(report_view(&state, &s, id).await?))
}

/// The published reports of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicYear {
    /// 年度
    pub year: i32,
    /// 公开期限
    pub due_on: NaiveDate,
    /// 依据
    pub rule: &'static str,
    /// 全区汇总（司法局公开后）
    pub district: Option<ReportView>,
    /// 已公开的各机关年报
    pub bodies: Vec<ReportView>,
    /// 尚未公开的机关
    pub waiting: Vec<NotPublished>,
}

/// A body whose report of the year is not published.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotPublished {
    /// 执法主体
    pub name: String,
    /// 已超过公开期限
    pub overdue: bool,
}

/// The public view of a year: the published reports, and which bodies have not published.
pub async fn public_year(state: &AppState, year: i32) -> Result<PublicYear, ApiError> {
    let files = state.app.store.annual_report_files(year).await?;
    let published = |f: &ReportFile| f.report.status == zhifa_core::annual::ReportStatus::Published;
    // The reasons are free text typed by staff: masked like any published text.
    let ctx = zhifa_core::redact::Context::default();
    let (district, bodies): (Vec<_>, Vec<_>) = views(&files, published)
        .into_iter()
        .map(|mut v| {
            for e in &mut v.edits {
                e.reason = zhifa_core::redact::redact(&e.reason, &ctx).text;
            }
            v
        })
        .partition(|v| v.body_id.is_none());
    let today = today();
    let waiting = files
        .iter()
        .filter(|f| !published(f))
        .filter_map(|f| Some(NotPublished { name: f.body.as_ref()?.name.clone(), overdue: today > f.report.due_on }))
        .collect();
    Ok(PublicYear {
        year,
        due_on: annual::due_date(year),
        rule: annual::DEADLINE_RULE,
        district: district.into_iter().next(),
        bodies,
        waiting,
    })
}

/// 已公开统计年报的年度
#[utoipa::path(get, path = "/api/v1/public/annual-reports", responses((status = 200, body = [i64])))]
pub async fn public_years(State(state): State<AppState>) -> Result<Json<Vec<i64>>, ApiError> {
    Ok(Json(state.app.store.annual_report_years().await?))
}

/// 某年度已公开的统计年报：`2025`（JSON）、`2025.csv`、`2025.xlsx`
#[utoipa::path(get, path = "/api/v1/public/annual-reports/{year}", params(("year" = String, Path, description = "年度，可加 .csv 或 .xlsx")),
    responses((status = 200, body = PublicYear), (status = 404, body = ErrorBody)))]
pub async fn public_report(State(state): State<AppState>, Path(year): Path<String>) -> Result<Response, ApiError> {
    let (y, ext) = year.split_once('.').map_or((year.as_str(), ""), |(y, e)| (y, e));
    let y: i32 = y.parse().ok().filter(|y| (2000..=2999).contains(y)).ok_or(ApiError::NotFound("年报"))?;
    let data = public_year(&state, y).await?;
    match ext {
        "" => Ok(Json(data).into_response()),
        "csv" => Ok(download(y, "csv", "text/csv; charset=utf-8", csv(&data)?)),
        "xlsx" => {
            Ok(download(y, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(&data)?))
        }
        _ => Err(ApiError::NotFound("年报")),
    }
}

fn download(year: i32, ext: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let name = format!("{year}年度行政执法统计年报.{ext}");
    let disposition = super::content_disposition("attachment", &format!("annual-report-{year}.{ext}"), &name);
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// The table of a year: one row per metric, one column per report (the district first).
fn table(data: &PublicYear) -> (Vec<String>, Vec<Vec<String>>) {
    let reports: Vec<&ReportView> = data.district.iter().chain(data.bodies.iter()).collect();
    let mut header = vec!["分组".to_string(), "指标".to_string(), "单位".to_string()];
    header.extend(reports.iter().map(|r| r.name.clone()));
    let mut rows: Vec<Vec<String>> = annual::metrics()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![m.group.to_string(), m.label.clone(), unit(m).to_string()];
            row.extend(reports.iter().map(|r| r.figures[i].display.replace(',', "")));
            row
        })
        .collect();
    let mut rate = vec![annual::G_REMEDY.to_string(), "纠错率".to_string(), "%".to_string()];
    rate.extend(reports.iter().map(|r| r.correction_rate.clone()));
    rows.push(rate);
    (header, rows)
}

fn csv(data: &PublicYear) -> Result<Vec<u8>, ApiError> {
    let internal = |e: csv::Error| ApiError::Internal(format!("csv: {e}"));
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let (header, rows) = table(data);
    // The bodies' names head the columns: no name is taken for a formula.
    w.write_record(header.iter().map(|h| zhifa_core::ids::spreadsheet_cell(h))).map_err(internal)?;
    for r in rows {
        w.write_record(&r).map_err(internal)?;
    }
    w.into_inner().map_err(|e| ApiError::Internal(format!("csv: {e}")))
}

fn xlsx(data: &PublicYear) -> Result<Vec<u8>, ApiError> {
    use rust_xlsxwriter::{Format, Workbook};
    let internal = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name(format!("{}年度", data.year)).map_err(internal)?;
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let (header, rows) = table(data);
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold).map_err(internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Figures are numbers and rates are percentages, so that a spreadsheet can compute.
            let rate = v.strip_suffix('%').and_then(|p| p.parse::<f64>().ok());
            match (v.parse::<f64>(), rate) {
                (Ok(n), _) if c >= 3 => sheet.write_number(r, c, n).map_err(internal)?,
                (_, Some(p)) if c >= 3 => {
                    sheet.write_number_with_format(r, c, p / 100.0, &percent).map_err(internal)?
                }
                _ => sheet.write_string(r, c, v).map_err(internal)?,
            };
        }
    }
    sheet.set_column_width(0, 22).map_err(internal)?;
    sheet.set_column_width(1, 36).map_err(internal)?;
    wb.save_to_buffer().map_err(internal)
}
