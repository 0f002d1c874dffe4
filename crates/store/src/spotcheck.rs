//! 双随机一公开的存储: each body's roster of inspection objects (检查对象名录库), imported whole
//! as a new version with the Merkle root of its canonical lines, every object a journaled row.
//! The rules — reading the table, the canonical lines, the strata — are
//! `zhifa_core::spotcheck`; the draw is `zhifa_core::draw`.

use crate::db::now;
use crate::db::query::query;
use crate::journal::Write;
use crate::model::{ObjectRoster, RosterObjectRow};
use crate::write::Outcome;
use crate::{Result, Store};
use zhifa_core::access::Scope;
use zhifa_core::error::{Invalid, optional_text, required_text};
use zhifa_core::spotcheck::{RosterObject, roster_root};

const WHAT: &str = "检查对象名录";

/// Stores `objects` (checked, in credit-code order) as the next version of `body_id`'s roster.
pub(crate) async fn import_roster(
    w: &mut Write<'_, '_>,
    body_id: i64,
    source: String,
    note: Option<String>,
    objects: Vec<RosterObject>,
) -> Result<Outcome> {
    w.actor.in_scope(body_id, WHAT)?;
    let mut inv = Invalid::default();
    let source = required_text(&mut inv, "source", "来源文件名", &source, 200);
    let note = optional_text(&mut inv, "note", "说明", note.as_deref(), 1000);
    if objects.is_empty() {
        inv.push("file", "名录没有任何对象");
    }
    inv.into_result(())?;
    let exists: Option<i64> =
        w.tx.scalar_optional(query("SELECT id FROM bodies WHERE id = $1 AND NOT is_supervisor").bind(body_id)).await?;
    if exists.is_none() {
        return Err(Invalid::field("body_id", "执法主体不存在").into());
    }
    let version: i64 =
        w.tx.scalar(query("SELECT COALESCE(MAX(version), 0) + 1 FROM object_rosters WHERE body_id = $1").bind(body_id))
            .await?;
    let roster: ObjectRoster =
        w.tx.fetch_one(
            query(
                "INSERT INTO object_rosters (body_id, version, source, objects, root, note, created_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *",
            )
            .bind(body_id)
            .bind(version)
            .bind(&source)
            .bind(objects.len() as i64)
            .bind(zhifa_core::draw::hex(&roster_root(&objects)))
            .bind(&note)
            .bind(w.actor.user_id)
            .bind(now()),
        )
        .await?;
    let mut seq = w.record_new(Some(body_id), "roster.import", &roster).await?;
    for o in &objects {
        let row: RosterObjectRow =
            w.tx.fetch_one(
                query(
                    "INSERT INTO roster_objects (roster_id, credit_code, name, kind, industry, area, risk, abnormal) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *",
                )
                .bind(roster.id)
                .bind(&o.credit_code)
                .bind(&o.name)
                .bind(o.kind.code())
                .bind(&o.industry)
                .bind(&o.area)
                .bind(o.risk.map(|r| r.code()))
                .bind(o.abnormal),
            )
            .await?;
        seq = w.record_new(Some(body_id), "roster.object", &row).await?;
    }
    Ok(Outcome::new(roster.id, seq))
}

impl Store {
    /// The roster versions of the bodies in `scope`, newest first.
    pub async fn object_rosters(&self, scope: Scope, body_id: Option<i64>) -> Result<Vec<ObjectRoster>> {
        self.fetch_all(
            query(
                "SELECT * FROM object_rosters WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR body_id = $2) \
                 ORDER BY body_id, version DESC",
            )
            .bind(scope.body())
            .bind(body_id),
        )
        .await
    }

    /// One roster version, if in `scope`.
    pub async fn object_roster(&self, scope: Scope, id: i64) -> Result<Option<ObjectRoster>> {
        let r: Option<ObjectRoster> =
            self.fetch_optional(query("SELECT * FROM object_rosters WHERE id = $1").bind(id)).await?;
        Ok(r.filter(|r| scope.covers(r.body_id)))
    }

    /// The objects of a roster version, in credit-code order, `limit` from `offset`.
    pub async fn roster_objects(&self, roster_id: i64, offset: i64, limit: i64) -> Result<Vec<RosterObjectRow>> {
        self.fetch_all(
            query("SELECT * FROM roster_objects WHERE roster_id = $1 ORDER BY credit_code LIMIT $2 OFFSET $3")
                .bind(roster_id)
                .bind(limit.clamp(1, 1_000_000))
                .bind(offset.max(0)),
        )
        .await
    }
}
