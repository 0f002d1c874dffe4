//! The contract between the OpenAPI document and the API: every JSON answer a test reads with
//! [`Agent::get`](crate::helpers::Agent::get) is checked against the schema the document
//! declares for that route and status. A successful answer must be declared. The checker
//! covers what the document uses: `$ref`, `type` (one or several), `properties`, `required`,
//! `items`, `additionalProperties`, `enum`, `oneOf` / `anyOf` / `allOf`.

use serde_json::Value;
use std::sync::OnceLock;

fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(&zhifa_web::api::openapi_document()).unwrap())
}

/// The template of the document's paths that `path` (no query) matches.
fn template(path: &str) -> Option<&'static str> {
    let segs: Vec<&str> = path.split('/').collect();
    let paths = doc()["paths"].as_object()?;
    // A literal segment wins over a parameter (`/decisions.csv` before `/decisions/{id}`).
    let mut best: Option<(&str, usize)> = None;
    for t in paths.keys() {
        let ts: Vec<&str> = t.split('/').collect();
        if ts.len() != segs.len() {
            continue;
        }
        let mut literal = 0;
        let fits = ts.iter().zip(&segs).all(|(t, s)| {
            if t.starts_with('{') && t.ends_with('}') {
                !s.is_empty()
            } else {
                literal += 1;
                t == s
            }
        });
        if fits && best.is_none_or(|(_, l)| literal > l) {
            best = Some((t.as_str(), literal));
        }
    }
    best.map(|(t, _)| t)
}

fn resolve(s: &Value) -> &Value {
    match s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => resolve(&doc()["components"]["schemas"][name]),
        None => s,
    }
}

fn type_fits(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// What of `v` does not fit `schema`, at `at`.
fn check(schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let s = resolve(schema);
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for x in all {
            check(x, v, at, out);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = s.get(key).and_then(Value::as_array)
            && !alts.iter().any(|x| {
                let mut e = Vec::new();
                check(x, v, at, &mut e);
                e.is_empty()
            })
        {
            out.push(format!("{at}: fits none of {key} ({v})"));
            return;
        }
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => type_fits(t, v),
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(|t| type_fits(t, v)),
            _ => true,
        };
        if !ok {
            out.push(format!("{at}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array)
        && !v.is_null()
        && !e.contains(v)
    {
        out.push(format!("{at}: {v} is not one of {}", Value::Array(e.clone())));
    }
    if let Some(o) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for r in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !o.contains_key(r) {
                out.push(format!("{at}: required {r} missing"));
            }
        }
        for (k, x) in o {
            match props.and_then(|p| p.get(k)) {
                Some(p) => check(p, x, &format!("{at}.{k}"), out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(format!("{at}: {k} not declared")),
                    Some(extra @ Value::Object(_)) => check(extra, x, &format!("{at}.{k}"), out),
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(a)) = (s.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            check(items, x, &format!("{at}[{i}]"), out);
        }
    }
}

/// Checks a GET answer against the document: panics naming every mismatch.
pub(crate) fn check_get(path: &str, status: u16, body: &Value, content_type: &str) {
    let path = path.split('?').next().unwrap_or(path);
    if !path.starts_with("/api/v1/") {
        return;
    }
    let t = template(path).unwrap_or_else(|| panic!("GET {path}: no such path in the OpenAPI document"));
    let op = &doc()["paths"][t]["get"];
    assert!(op.is_object(), "GET {path}: the document declares no GET for {t}");
    let declared = &op["responses"][status.to_string()];
    if declared.is_null() {
        assert!(status >= 300, "GET {path}: status {status} is not declared for {t}");
        return;
    }
    if !content_type.starts_with("application/json") {
        return;
    }
    let Some(schema) = declared["content"]["application/json"].get("schema") else {
        panic!("GET {path} ({t}): {status} answers JSON, the document declares none");
    };
    let mut out = Vec::new();
    check(schema, body, "$", &mut out);
    assert!(out.is_empty(), "GET {path} ({t}) {status} does not fit its declared schema:\n{}", out.join("\n"));
}

#[test]
fn the_document_validates_answers_and_refuses_what_does_not_fit() {
    let t = template("/api/v1/bodies/12").unwrap();
    assert_eq!(t, "/api/v1/bodies/{id}");
    assert_eq!(template("/api/v1/public/decisions.csv"), Some("/api/v1/public/decisions.csv"));
    let schema = &doc()["paths"]["/api/v1/bodies"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    let mut out = Vec::new();
    check(schema, &serde_json::json!([{"id": "two", "name": 3}]), "$", &mut out);
    assert!(out.iter().any(|e| e.contains("$[0].id")) && out.iter().any(|e| e.contains("$[0].name")), "{out:?}");
    assert!(out.iter().any(|e| e.contains("required")), "{out:?}");
    let mut out = Vec::new();
    check(schema, &serde_json::json!([]), "$", &mut out);
    assert!(out.is_empty(), "{out:?}");
}
