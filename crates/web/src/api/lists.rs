//! The spot-check item list and the discretion standards of a body: filed by the body, public
//! to everyone ([`zhifa_core::lists`]).

use super::ApiJson;
use crate::auth::WriteSession;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::ids::BodyId;
use zhifa_core::lists::ListKind;
use zhifa_store::Command;
use zhifa_store::model::BodyList;

/// A new version of a list.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BodyListInput {
    /// 清单内容：抽查事项（[`zhifa_core::lists::SpotCheckItem`]）或裁量基准（[`zhifa_core::lists::StandardInput`]）的数组
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub items: serde_json::Value,
    /// 生效日期 YYYY-MM-DD
    #[serde(default)]
    pub effective_from: String,
    /// 制定或修改理由
    #[serde(default)]
    pub reason: String,
}

/// The version in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListVersion {
    /// 版本
    pub version: i64,
    /// 生效日期
    pub effective_from: NaiveDate,
    /// 制定或修改理由
    pub reason: String,
    /// 内容
    #[schema(value_type = Vec<Object>)]
    pub items: serde_json::Value,
}

/// A body's list as the public sees it: the version in force today and every version's date
/// and reason (立改废).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicList {
    /// 执法主体
    pub body_id: i64,
    /// 清单类型 code
    pub kind: &'static str,
    /// 清单名称
    pub label: &'static str,
    /// 依据
    pub rule: &'static str,
    /// 查询日期
    pub on: NaiveDate,
    /// 现行版本（尚未制定则为空）
    pub current: Option<ListVersion>,
    /// 各版本（新的在前；不含内容）
    pub versions: Vec<VersionNote>,
}

/// One version's date and reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionNote {
    /// 版本
    pub version: i64,
    /// 生效日期
    pub effective_from: NaiveDate,
    /// 制定或修改理由
    pub reason: String,
}

fn kind_of(slug: &str) -> Result<ListKind, ApiError> {
    ListKind::from_slug(slug).ok_or(ApiError::NotFound("清单"))
}

/// The public view of a body's list on a day.
pub async fn public_list_of(
    state: &AppState,
    body: i64,
    kind: ListKind,
    on: NaiveDate,
) -> Result<PublicList, ApiError> {
    state.app.store.get_body(body).await?.ok_or(ApiError::NotFound("执法主体"))?;
    let all: Vec<BodyList> = state.app.store.body_lists(body, kind).await?;
    let current = all.iter().find(|l| l.effective_from <= on).map(|l| ListVersion {
        version: l.version,
        effective_from: l.effective_from,
        reason: l.reason.clone(),
        items: serde_json::from_str(&l.items).unwrap_or_default(),
    });
    Ok(PublicList {
        body_id: body,
        kind: kind.code(),
        label: kind.label(),
        rule: match kind {
            ListKind::SpotCheck => zhifa_core::lists::SPOT_CHECK_RULE,
            ListKind::Discretion => zhifa_core::lists::DISCRETION_RULE,
        },
        on,
        current,
        versions: all
            .into_iter()
            .map(|l| VersionNote { version: l.version, effective_from: l.effective_from, reason: l.reason })
            .collect(),
    })
}

/// 事前公开：本机关“双随机”抽查事项清单（spot-checks）或行政处罚裁量基准（discretion），现行版本及各版本的修订说明
#[utoipa::path(get, path = "/api/v1/public/bodies/{id}/lists/{kind}",
    params(("id" = i64, Path), ("kind" = String, Path, description = "spot-checks 或 discretion")),
    responses((status = 200, body = PublicList), (status = 404, body = ErrorBody)))]
pub async fn public_list(
    State(state): State<AppState>,
    Path((body, kind)): Path<(i64, String)>,
) -> Result<Json<PublicList>, ApiError> {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    Ok(Json(public_list_of(&state, body, kind_of(&kind)?, today).await?))
}

/// 制定或修改本机关“双随机”抽查事项清单或行政处罚裁量基准（整份清单的新版本，说明理由）
#[utoipa::path(post, path = "/api/v1/bodies/{id}/lists/{kind}",
    params(("id" = i64, Path), ("kind" = String, Path, description = "spot-checks 或 discretion")),
    request_body = BodyListInput,
    responses((status = 201, body = PublicList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file_list(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path((body, kind)): Path<(i64, String)>,
    ApiJson(i): ApiJson<BodyListInput>,
) -> Result<(StatusCode, Json<PublicList>), ApiError> {
    let kind = kind_of(&kind)?;
    s.require(Action::WriteBodyLists, Some(body))?;
    let mut inv = zhifa_core::Invalid::default();
    let effective_from = inv.check("effective_from", zhifa_core::time::parse_date(&i.effective_from));
    let checked = zhifa_core::lists::validate(kind, i.items, &i.reason);
    let (list, reason) = match checked {
        Ok(v) if inv.is_empty() => v,
        Ok(_) => return Err(inv.into()),
        Err(e) => {
            inv.errors.extend(e.errors);
            return Err(inv.into());
        }
    };
    let effective_from = effective_from.expect("checked above");
    state
        .app
        .store
        .execute(&s.actor(), Command::FileBodyList { body_id: BodyId(body), list, effective_from, reason })
        .await?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    Ok((StatusCode::CREATED, Json(public_list_of(&state, body, kind, today).await?)))
}
