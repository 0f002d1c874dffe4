//! Builders of valid input and the ledger keys the contract tests share.

use crate::prelude::*;
use chrono::NaiveDate;
use zhifa_core::registry::*;
use zhifa_store::{Command, Store};

pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn body(name: &str) -> ValidBody {
    BodyInput {
        name: name.into(),
        kind: "行政机关".into(),
        area: "天津市宝坻区".into(),
        legal_basis: "《中华人民共和国行政处罚法》第十七条".into(),
        reconsideration_organ: "天津市宝坻区人民政府".into(),
        court: "天津市宝坻区人民法院".into(),
        review_organ: "法制科".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

pub(crate) fn officer(body_id: i64, name: &str) -> ValidOfficer {
    OfficerInput {
        body_id,
        name: name.into(),
        post: "执法队员".into(),
        domains: vec!["市场监管".into()],
        ..Default::default()
    }
    .validate()
    .unwrap()
}

pub(crate) fn cert(officer_id: i64, number: &str, from: &str, to: &str) -> ValidCertificate {
    CertificateInput {
        officer_id,
        number: number.into(),
        issuer: TIANJIN_GOVERNMENT.into(),
        domain: "市场监管".into(),
        area: "宝坻区".into(),
        valid_from: from.into(),
        valid_to: to.into(),
    }
    .validate()
    .unwrap()
}

pub(crate) async fn counts(s: &Store) -> Vec<(&'static str, i64)> {
    s.table_counts().await.unwrap()
}

pub(crate) async fn setup(s: &Store) -> (i64, i64, i64) {
    let b = s.execute(&sys(), Command::CreateBody(body("宝坻区市场监督管理局"))).await.unwrap().id;
    let o = s.execute(&sys(), Command::CreateOfficer(officer(b, "张明"))).await.unwrap().id;
    let c = s
        .execute(&sys(), Command::CreateCertificate(cert(o, "津12011500001", "2024-01-01", "2030-12-31")))
        .await
        .unwrap()
        .id;
    (b, o, c)
}
