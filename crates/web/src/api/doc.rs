//! The OpenAPI document as published: what the handlers' annotations give, completed by rules
//! that hold for every route, so that it validates as OpenAPI 3.1 and generated clients work:
//! every response has a description (by its status), every operation a unique id (by method
//! and path), and the routes that need a session declare the session cookie (and, for writes,
//! the CSRF header) as their security.

use serde_json::{Map, Value, json};

/// The description of a response by its status, where the handler gave none.
fn status_description(status: &str) -> &'static str {
    match status {
        "200" => "成功",
        "201" => "已创建",
        "204" => "成功，无内容",
        "400" => "请求格式错误",
        "401" => "未登录",
        "403" => "无权执行此操作（或须先修改密码，或 CSRF 校验失败）",
        "404" => "不存在，或不在本人的范围内",
        "409" => "与现有数据冲突，或尚待处理",
        "413" => "提交的内容过大",
        "422" => "输入有误（逐字段说明）",
        "423" => "已锁定",
        "429" => "尝试次数过多，请稍后再试",
        "500" => "系统内部错误",
        "503" => "暂不可用",
        _ => "响应",
    }
}

/// `get /api/v1/cases/{id}/steps` → `get_cases_by_id_steps`.
fn operation_id(method: &str, path: &str) -> String {
    let rest = path.trim_start_matches("/api/v1/").trim_start_matches("/api/").trim_matches('/');
    let mut parts = vec![method.to_string()];
    for seg in rest.split('/') {
        let seg = match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => format!("by_{name}"),
            None => seg.to_string(),
        };
        parts.push(seg.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect());
    }
    parts.join("_")
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Completes the generated document (see the module's comment).
pub fn finish(doc: &mut Value) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for method in METHODS {
                let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else { continue };
                op.insert("operationId".into(), Value::String(operation_id(method, path)));
                let mut needs_session = false;
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for (status, r) in responses.iter_mut() {
                        needs_session |= status == "401";
                        if let Some(r) = r.as_object_mut()
                            && !r.contains_key("$ref")
                            && r.get("description").and_then(Value::as_str).is_none_or(str::is_empty)
                        {
                            r.insert("description".into(), Value::String(status_description(status).into()));
                        }
                    }
                }
                if needs_session && !op.contains_key("security") {
                    let mut req = Map::new();
                    req.insert("session".into(), json!([]));
                    if *method != "get" {
                        req.insert("csrf".into(), json!([]));
                    }
                    op.insert("security".into(), json!([req]));
                }
            }
        }
    }
    let components = doc.as_object_mut().map(|d| d.entry("components").or_insert_with(|| json!({})));
    if let Some(c) = components.and_then(Value::as_object_mut) {
        let schemes = c.entry("securitySchemes").or_insert_with(|| json!({}));
        if let Some(s) = schemes.as_object_mut() {
            s.insert(
                "session".into(),
                json!({"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE_NAME,
                       "description": "登录（POST /api/v1/session）后设置的会话 Cookie"}),
            );
            s.insert(
                "csrf".into(),
                json!({"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                       "description": "登录时返回的 csrf_token，每个写请求都须携带"}),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_come_from_method_and_path() {
        assert_eq!(operation_id("get", "/api/v1/cases/{id}/steps"), "get_cases_by_id_steps");
        assert_eq!(operation_id("post", "/api/v1/public/decisions.csv"), "post_public_decisions_csv");
    }
}
