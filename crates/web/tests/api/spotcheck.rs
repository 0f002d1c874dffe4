//! 双随机一公开 over HTTP: a body's roster of inspection objects is uploaded as a table, checked
//! row by row, and stored whole or not at all.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

fn code(i: usize) -> String {
    let first17 = format!("91120224MA{:07}", i);
    format!("{first17}{}", zhifa_core::ids::credit_code_check_char(&first17).unwrap())
}

async fn upload(a: &Agent, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let r =
        a.c.post(format!("{}/api/v1/rosters?{query}", a.base))
            .header("x-csrf-token", &a.csrf)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn a_roster_is_imported_whole_or_not_at_all(app: App) {
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let (scjg, sthj) = (body_id(&app, SCJG).await, body_id(&app, STHJ).await);
    let mut csv = String::from("统一社会信用代码,名称,类型,行业,所属区域,信用风险分类,经营异常\n");
    for i in 0..30 {
        csv.push_str(&format!("{},对象{i},企业,餐饮服务,宝平街道,{},否\n", code(i), ["A", "B", "C", "D"][i % 4]));
    }
    // One bad row: nothing is stored, and the row and column are named.
    let bad = format!("{csv}{},坏对象,公司,,,,\n", code(99));
    let before = journal_len(&app).await;
    let (s, v) = upload(&head, "source=名录.csv", bad.into_bytes()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["field"], "file", "{v}");
    assert!(v["fields"][0]["message"].as_str().unwrap().contains("第32行“类型”列"), "{v}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let (s, v) = upload(&head, "source=名录.pdf", b"x".to_vec()).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("file")), "{v}");

    // The whole table: a new version of the head's body.
    let (s, v) = upload(&head, "source=名录.csv&note=年度名录", csv.clone().into_bytes()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, r) = officer.get(&format!("/api/v1/rosters/{id}?limit=10&offset=25")).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!((r["roster"]["objects"].as_i64(), r["roster"]["body_id"].as_i64()), (Some(30), Some(scjg)));
    // The demo's roster is version 1.
    assert_eq!(r["roster"]["version"], 2);
    assert_eq!(r["objects"].as_array().unwrap().len(), 5);
    assert_eq!(r["objects"][0]["credit_code"], code(25));

    // Roles and bodies: an officer may read but not import; another body's roster is not found;
    // the bureau reads every body's and must name the body to import.
    assert_eq!(upload(&officer, "source=名录.csv", csv.clone().into_bytes()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        upload(&head, &format!("source=名录.csv&body_id={sthj}"), csv.clone().into_bytes()).await.0,
        StatusCode::FORBIDDEN
    );
    let other = Agent::login(&app, "sthj.zf01").await;
    assert_eq!(other.get(&format!("/api/v1/rosters/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/api/v1/rosters").await.1.as_array().map(Vec::len), Some(0));
    let (s, list) = bureau.get("/api/v1/rosters").await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 2), "{list}");
    let (s, v) = upload(&bureau, "source=名录.csv", csv.clone().into_bytes()).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body_id")), "{v}");
    assert_eq!(
        upload(&bureau, &format!("source=名录.csv&body_id={scjg}"), csv.into_bytes()).await.0,
        StatusCode::FORBIDDEN
    );

    // The pages: the versions with the import form for the head, a version's objects.
    let (c, _) = page_client(&app, "scjg.fzr").await;
    let html = c.get(format!("{}/rosters", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("导入名录") && html.contains(&format!("/rosters/{id}")), "{html}");
    let html = c.get(format!("{}/rosters/{id}?offset=20", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&code(20)) && html.contains("第 21–30 个，共 30 个"), "{html}");
    let (c, _) = page_client(&app, "scjg.zf01").await;
    let html = c.get(format!("{}/rosters", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("第2版") && !html.contains("导入名录"), "{html}");
}
