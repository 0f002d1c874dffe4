//! One error type for the HTTP layer, mapped to status codes in one place. Clients get a Chinese
//! message naming the field; internals go only to the log, with the request id.

use axum::Json;
use axum::extract::Request;
use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use zhifa_app::AppError;
use zhifa_core::{FieldError, Invalid};
use zhifa_store::StoreError;

/// What went wrong, by kind.
#[derive(Debug)]
pub enum ApiError {
    /// 400/422 with field errors.
    Invalid(Invalid),
    /// 401: not signed in.
    Unauthenticated,
    /// 403: signed in but not allowed.
    Forbidden,
    /// 403: missing or wrong CSRF token.
    Csrf,
    /// 403: the password an administrator set must be changed first.
    PasswordChange,
    /// 404.
    NotFound(&'static str),
    /// 409.
    Conflict(String),
    /// 413.
    TooLarge,
    /// 429: too many failed sign-ins.
    Locked(String),
    /// 400 for a malformed body.
    BadRequest(String),
    /// 500; the cause is logged, never sent.
    Internal(String),
}

/// The JSON error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// machine-readable kind
    pub error: &'static str,
    /// Chinese message
    pub message: String,
    /// field errors, when the input was invalid
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// Status, kind and message.
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::Invalid(i) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", format!("输入有误：{i}")),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "请先登录".into()),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "无权执行此操作".into()),
            ApiError::Csrf => (StatusCode::FORBIDDEN, "csrf", "请求校验失败，请刷新页面后重试".into()),
            ApiError::PasswordChange => (
                StatusCode::FORBIDDEN,
                "password_change",
                "请先修改管理员设置的密码（POST /api/v1/session/password，或页面“修改密码”），再办理其他事项".into(),
            ),
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, "not_found", format!("{what}不存在")),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone()),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", too_large_message()),
            ApiError::Locked(m) => (StatusCode::TOO_MANY_REQUESTS, "locked", m.clone()),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "系统内部错误，请稍后重试".into()),
        }
    }
}

/// A storage error is mapped once, by the application layer's own kinds.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(i) => ApiError::Invalid(i),
            AppError::Unauthenticated => ApiError::Unauthenticated,
            AppError::Forbidden => ApiError::Forbidden,
            AppError::NotFound(w) => ApiError::NotFound(w),
            AppError::Conflict(m) => ApiError::Conflict(m),
            AppError::Locked(m) => ApiError::Locked(m),
            AppError::Internal(m) => ApiError::Internal(m),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(i: Invalid) -> Self {
        ApiError::Invalid(i)
    }
}

/// A body that parsed as JSON but not as the request's type (a missing field, a wrong type).
pub(crate) fn malformed(text: &str) -> ApiError {
    ApiError::BadRequest(format!("请求格式错误：{}", translate_rejection(text)))
}

fn body_rejection(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::BadRequest(format!("请求格式错误：{}", translate_rejection(&text)))
    }
}

/// Makes serde's messages readable: keeps the field name, which it names in backticks.
fn translate_rejection(text: &str) -> String {
    if let Some(start) = text.find("missing field `") {
        let rest = &text[start + 15..];
        if let Some(end) = rest.find('`') {
            return format!("缺少字段 {}", &rest[..end]);
        }
    }
    if let Some(start) = text.find("unknown variant") {
        return format!("取值无效（{}）", &text[start..]);
    }
    if text.contains("invalid type") {
        return format!("字段类型错误（{text}）");
    }
    text.to_string()
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        body_rejection(r.status(), r.body_text())
    }
}
impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        body_rejection(r.status(), r.body_text())
    }
}
impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::BadRequest(format!("查询参数错误：{}", translate_rejection(&r.body_text())))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, message) = self.parts();
        match &self {
            ApiError::Internal(cause) => tracing::error!(%cause, "internal error"),
            ApiError::Forbidden | ApiError::Csrf => tracing::warn!(kind, "access refused"),
            _ => {}
        }
        let fields = match self {
            ApiError::Invalid(i) => i.errors,
            _ => Vec::new(),
        };
        (status, Json(ErrorBody { error: kind, message, fields })).into_response()
    }
}

/// Errors the framework answers itself — an unknown path, a method not allowed, a body over the
/// limit, an address or query that does not parse — come out in Chinese: a JSON error body under
/// `/api/`, an error page elsewhere. (Axum writes these as English plain text or empty bodies.)
pub async fn chinese_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    let plain =
        resp.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.to_str().is_ok_and(|t| t.starts_with("text/plain")));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return resp;
    }
    let (kind, message) = match status {
        StatusCode::NOT_FOUND if api => ("not_found", "没有这个接口或记录，请核对地址".to_string()),
        StatusCode::NOT_FOUND => ("not_found", "没有这个页面，请核对地址，或从导航进入".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "不支持这种请求方式".to_string()),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", too_large_message()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "请求的内容类型不受支持（JSON 接口请使用 application/json）".to_string())
        }
        s if s.is_server_error() => ("internal", "系统内部错误，请稍后重试".to_string()),
        _ => ("bad_request", "请求有误：地址中的编号或查询参数的格式不正确".to_string()),
    };
    if api {
        (status, Json(ErrorBody { error: kind, message, fields: Vec::new() })).into_response()
    } else {
        crate::pages::error_page(status, &message)
    }
}

/// What a body over the limit is told: the limit, that nothing was saved, how to get back.
fn too_large_message() -> String {
    format!(
        "提交的内容超过{}MB的上限，未保存。请缩短内容或分开提交；使用浏览器的“后退”可回到表单，已填写的内容通常仍在",
        crate::MAX_BODY_BYTES / (1024 * 1024)
    )
}

/// Security headers on every response; pages load nothing from outside.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        ),
    );
    resp
}
