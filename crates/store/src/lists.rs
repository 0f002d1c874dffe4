//! The lists a body publishes beside its power list: the spot-check item list and the
//! discretion standards ([`zhifa_core::lists`]), each filed whole as a new version.

use crate::db::now;
use crate::db::query::query;
use crate::journal::{Write, in_scope};
use crate::model::BodyList;
use crate::registry::body_exists;
use crate::write::Outcome;
use crate::{Result, Store};
use chrono::NaiveDate;
use zhifa_core::Invalid;
use zhifa_core::lists::ListKind;

/// Files a new version of a body's list: each entry must name a power-list item of the body of
/// the right category (an inspection item for spot checks, a penalty item for discretion
/// standards), and the version must take effect after the one in force.
pub(crate) async fn file_body_list(
    w: &mut Write<'_, '_>,
    body_id: i64,
    list: zhifa_core::lists::ValidList,
    effective_from: chrono::NaiveDate,
    reason: String,
) -> Result<Outcome> {
    in_scope(w.actor, body_id, "执法主体")?;
    body_exists(w.tx, body_id).await?;
    let kind = list.kind();
    let (category, label) = match kind {
        zhifa_core::lists::ListKind::SpotCheck => (zhifa_core::registry::PowerCategory::Inspection, "行政检查"),
        zhifa_core::lists::ListKind::Discretion => (zhifa_core::registry::PowerCategory::Penalty, "行政处罚"),
    };
    let mut inv = Invalid::default();
    for (i, code) in list.power_item_codes().into_iter().enumerate() {
        let cat: Option<String> =
            w.tx.scalar_optional(
                query(
                    "SELECT category FROM power_items WHERE body_id = $1 AND code = $2 ORDER BY version DESC LIMIT 1",
                )
                .bind(body_id)
                .bind(code),
            )
            .await?;
        match cat {
            None => inv.push("items", format!("第{}项的权责事项“{code}”不是本机关的事项", i + 1)),
            Some(c) if c != category.code() => {
                inv.push("items", format!("第{}项的权责事项“{code}”不是{label}事项", i + 1))
            }
            Some(_) => {}
        }
    }
    let current: Option<(i64, chrono::NaiveDate)> = w.tx.fetch_optional(query("SELECT version, effective_from FROM body_lists WHERE body_id = $1 AND kind = $2 ORDER BY version DESC LIMIT 1").bind(body_id).bind(kind.code())).await?;
    if let Some((_, since)) = current
        && effective_from <= since
    {
        inv.push("effective_from", format!("生效日期应晚于现行版本的生效日期（{since}）"));
    }
    inv.into_result(())?;
    let version = current.map_or(1, |c| c.0 + 1);
    let row: crate::model::BodyList = w.tx.fetch_one(query("INSERT INTO body_lists (body_id, kind, version, items, effective_from, reason, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *").bind(body_id).bind(kind.code()).bind(version).bind(list.to_json()).bind(effective_from).bind(&reason).bind(w.actor.user_id).bind(now())).await
            .map_err(|e| e.unique_as(|| format!("{}同时被他人修改，请刷新后重试", kind.label())))?;
    let id = row.id;
    let seq = w.record_new(Some(body_id), "body_list.version", &row).await?;
    Ok(Outcome::new(id, seq))
}

impl Store {
    /// The versions of a body's list of one kind, newest first.
    pub async fn body_lists(&self, body_id: i64, kind: ListKind) -> Result<Vec<BodyList>> {
        self.fetch_all(
            query("SELECT * FROM body_lists WHERE body_id = $1 AND kind = $2 ORDER BY version DESC")
                .bind(body_id)
                .bind(kind.code()),
        )
        .await
    }

    /// The version of a body's list in force on a day.
    pub async fn body_list_on(&self, body_id: i64, kind: ListKind, on: NaiveDate) -> Result<Option<BodyList>> {
        self.fetch_optional(query("SELECT * FROM body_lists WHERE body_id = $1 AND kind = $2 AND effective_from <= $3 ORDER BY version DESC LIMIT 1").bind(body_id).bind(kind.code()).bind(on)).await
    }
}
