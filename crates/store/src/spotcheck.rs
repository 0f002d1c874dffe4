//! 双随机一公开的存储: each body's roster of inspection objects (检查对象名录库), imported whole
//! as a new version with the Merkle root of its canonical lines, every object a journaled row.
//! A spot-check task announces a draw over a roster version (the objects' lines with their
//! strata), the inspectors (officers with a certificate valid for the domain), the 回避 pairs,
//! their roots and the entropy source, journaled before the entropy exists; it is drawn once a
//! signed checkpoint made before the entropy's time covers the announcement, and each drawn
//! object becomes a pick with its inspectors. The rules — reading the table, the canonical
//! lines, the strata, the task's fields — are `zhifa_core::spotcheck`; the draw and its bundle
//! are `zhifa_core::draw`.

use crate::db::now;
use crate::db::query::{Tx, query};
use crate::journal::{Journaled, Write};
use crate::model::{Certificate, ObjectRoster, Officer, RosterObjectRow, SpotcheckPick, SpotcheckTask};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Datelike, Utc};
use std::collections::BTreeMap;
use zhifa_core::access::Scope;
use zhifa_core::draw::{self, Conflict, Params, Person, Rosters, bundle};
use zhifa_core::error::{Invalid, optional_text, required_text};
use zhifa_core::lists::{ListKind, SpotCheckItem};
use zhifa_core::spotcheck::{PickedInspector, RosterObject, TaskDraft, TaskStatus, roster_root};

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

const TASK: &str = "双随机抽查任务";

/// The first signed checkpoint covering the latest entry of `table`'s row `id` whose kind is
/// one of `kinds` (the announcement in force): (leaf, checkpoint size, signed at).
pub(crate) async fn announcement_checkpoint(
    tx: &mut Tx<'_>,
    table: &str,
    id: i64,
    kinds: &[&str],
) -> Result<Option<(i64, i64, DateTime<Utc>)>> {
    let list = kinds.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(",");
    let leaf: Option<i64> = tx
        .scalar_optional(
            crate::db::query::query_built(format!(
                "SELECT leaf_index FROM change_log WHERE object_table = $1 AND object_id = $2 AND kind IN ({list}) \
                 ORDER BY seq DESC LIMIT 1"
            ))
            .bind(table)
            .bind(id),
        )
        .await?;
    let Some(leaf) = leaf else { return Ok(None) };
    let cp: Option<(i64, DateTime<Utc>)> = tx
        .fetch_optional(
            query("SELECT size, created_at FROM checkpoints WHERE size > $1 ORDER BY size LIMIT 1").bind(leaf),
        )
        .await?;
    Ok(cp.map(|(size, at)| (leaf, size, at)))
}

/// A body's name, or a refusal naming `field`.
async fn body_name(tx: &mut Tx<'_>, id: i64, field: &'static str) -> Result<String> {
    let name: Option<String> =
        tx.scalar_optional(query("SELECT name FROM bodies WHERE id = $1 AND NOT is_supervisor").bind(id)).await?;
    name.ok_or_else(|| Invalid::field(field, format!("执法主体{id}不存在")).into())
}

/// The inspectors of a body for a draw: each active officer holding a certificate that is valid
/// from `from` through `to` — for `domain` (or 综合执法) when given, for any domain of the body's
/// own otherwise — keyed by that certificate's number (the first by number when several).
async fn inspectors(
    tx: &mut Tx<'_>,
    body_id: i64,
    domain: Option<&str>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<(Certificate, Officer)>> {
    let officers: Vec<Officer> =
        tx.fetch_all(query("SELECT * FROM officers WHERE body_id = $1 AND active ORDER BY id").bind(body_id)).await?;
    let certs: Vec<Certificate> = tx
        .fetch_all(
            query(
                "SELECT c.* FROM certificates c JOIN officers o ON o.id = c.officer_id WHERE o.body_id = $1 \
                 AND c.valid_from <= $2 AND c.valid_to >= $3 ORDER BY c.number",
            )
            .bind(body_id)
            .bind(from)
            .bind(to),
        )
        .await?;
    let mut out = Vec::new();
    for o in officers {
        let good = certs.iter().find(|c| {
            c.officer_id == o.id
                && c.status_on(from) == zhifa_core::registry::CertificateStatus::Valid
                && c.status_on(to) == zhifa_core::registry::CertificateStatus::Valid
                && domain.is_none_or(|d| c.domain == d || c.domain == "综合执法")
        });
        if let Some(c) = good {
            out.push((c.clone(), o));
        }
    }
    Ok(out)
}

/// Announces a spot-check task: the roster's objects with their strata, the inspectors of the
/// lead body (and of each joint body), the 回避 pairs, their roots and the entropy source, all
/// journaled before any randomness exists.
pub(crate) async fn announce_task(w: &mut Write<'_, '_>, d: TaskDraft) -> Result<Outcome> {
    w.actor.in_scope(d.body_id, TASK)?;
    let lead_name = body_name(w.tx, d.body_id, "body_id").await?;
    let t = now();
    let today = zhifa_core::time::shanghai_date(t);
    // the item, from the body's spot-check list in force
    let list: Option<crate::model::BodyList> =
        w.tx.fetch_optional(
            query(
                "SELECT * FROM body_lists WHERE body_id = $1 AND kind = $2 AND effective_from <= $3 \
                 ORDER BY version DESC LIMIT 1",
            )
            .bind(d.body_id)
            .bind(ListKind::SpotCheck.code())
            .bind(today),
        )
        .await?;
    let items: Vec<SpotCheckItem> =
        list.map(|l| serde_json::from_str(&l.items).unwrap_or_default()).unwrap_or_default();
    let Some(item) = items.into_iter().find(|i| i.code == d.item_code) else {
        return Err(Invalid::field(
            "item_code",
            format!("{lead_name}现行的“双随机”抽查事项清单中没有事项“{}”", d.item_code),
        )
        .into());
    };
    // the roster
    let roster: Option<ObjectRoster> = match d.roster_id {
        Some(id) => w.tx.fetch_optional(query("SELECT * FROM object_rosters WHERE id = $1").bind(id)).await?,
        None => {
            w.tx.fetch_optional(
                query("SELECT * FROM object_rosters WHERE body_id = $1 ORDER BY version DESC LIMIT 1").bind(d.body_id),
            )
            .await?
        }
    };
    let roster = match roster {
        Some(r) if r.body_id == d.body_id => r,
        Some(_) => return Err(Invalid::field("roster_id", "该检查对象名录不属于牵头执法主体").into()),
        None => return Err(Invalid::field("roster_id", format!("{lead_name}尚未导入检查对象名录")).into()),
    };
    let rows: Vec<RosterObjectRow> =
        w.tx.fetch_all(query("SELECT * FROM roster_objects WHERE roster_id = $1 ORDER BY credit_code").bind(roster.id))
            .await?;
    // 国办发〔2024〕54号: an enterprise already inspected as often this year as the district's
    // published cap allows is left out of the draw, and the announcement says so.
    let cap = crate::supervision::thresholds_of(w.tx.scalar_optional(query(crate::supervision::THRESHOLDS)).await?)?
        .annual_inspection_cap;
    let year_counts = inspections_this_year(w.tx, today).await?;
    let mut excluded = Vec::new();
    let objects: Vec<RosterObject> = rows
        .iter()
        .map(RosterObjectRow::object)
        .filter(|o| match year_counts.get(&o.credit_code) {
            Some(n) if *n >= cap as usize => {
                excluded.push(format!("{}|本年度已被检查{n}次，达到年度检查上限{cap}次", o.credit_code));
                false
            }
            _ => true,
        })
        .collect();
    if objects.is_empty() {
        return Err(Invalid::field("roster_id", "名录中的对象本年度均已达到检查次数上限").into());
    }
    // the inspectors: certificates valid from today through the entropy's day
    let entropy_day = zhifa_core::time::shanghai_date(d.entropy_at);
    let domain = if d.domain.is_empty() {
        let held: Vec<(String, i64)> =
            w.tx.fetch_all(
                query(
                    "SELECT c.domain, COUNT(*) FROM certificates c JOIN officers o ON o.id = c.officer_id \
                     WHERE o.body_id = $1 AND o.active AND c.valid_to >= $2 AND c.domain <> '综合执法' \
                     GROUP BY c.domain ORDER BY COUNT(*) DESC, c.domain LIMIT 1",
                )
                .bind(d.body_id)
                .bind(today),
            )
            .await?;
        held.into_iter().next().map(|(d, _)| d).unwrap_or_else(|| "综合执法".to_owned())
    } else {
        d.domain.clone()
    };
    let mut people = Vec::new();
    let mut bodies = vec![(d.body_id, lead_name.clone(), Some(domain.as_str()))];
    for b in &d.joint_body_ids {
        bodies.push((*b, body_name(w.tx, *b, "joint_body_ids").await?, None));
    }
    for (b, name, dom) in &bodies {
        let found = inspectors(w.tx, *b, *dom, today, entropy_day).await?;
        if found.len() < d.params.per_object as usize {
            let what = dom.map(|x| format!("“{x}”领域")).unwrap_or_default();
            return Err(Invalid::field(
                if *b == d.body_id { "domain" } else { "joint_body_ids" },
                format!(
                    "{name}持有{what}有效执法证件（至{entropy_day}仍有效）的在岗执法人员只有{}名，每个对象需要{}名",
                    found.len(),
                    d.params.per_object
                ),
            )
            .into());
        }
        people.extend(found.into_iter().map(|(c, _)| Person { key: c.number, group: b.to_string() }));
    }
    // 回避 pairs must name an object of the roster and an inspector of the draw
    let codes: std::collections::BTreeSet<&str> = objects.iter().map(|o| o.credit_code.as_str()).collect();
    let certs: std::collections::BTreeSet<&str> = people.iter().map(|p| p.key.as_str()).collect();
    let mut conflicts = Vec::new();
    for (code, cert) in &d.conflicts {
        if !codes.contains(code.as_str()) {
            return Err(Invalid::field("conflicts", format!("回避中的“{code}”不在检查对象名录中")).into());
        }
        if !certs.contains(cert.as_str()) {
            return Err(Invalid::field("conflicts", format!("回避中的执法证号“{cert}”不在检查人员名录中")).into());
        }
        conflicts.push(Conflict { object: code.clone(), person: cert.clone() });
    }
    let drawn_objects = d.strata.objects(&objects);
    // With a load cap, the inspectors must be able to cover every object drawn.
    if d.params.cap > 0 {
        let mut per_stratum: BTreeMap<&str, usize> = BTreeMap::new();
        for o in &drawn_objects {
            *per_stratum.entry(o.stratum.as_str()).or_default() += 1;
        }
        let k: usize = per_stratum.values().map(|n| d.params.quota.k(*n)).sum();
        let need = k * d.params.per_object as usize;
        for (b, name, _) in &bodies {
            let n =
                if d.params.joint { people.iter().filter(|p| p.group == b.to_string()).count() } else { people.len() };
            if n * (d.params.cap as usize) < need {
                return Err(Invalid::field(
                    "cap",
                    format!(
                        "将抽取{k}个对象、需{need}人次检查，{}{n}名检查人员每人至多{}个对象，只能检查{}人次",
                        if d.params.joint { name.as_str() } else { "" },
                        d.params.cap,
                        n * d.params.cap as usize
                    ),
                )
                .into());
            }
            if !d.params.joint {
                break;
            }
        }
    }
    let rosters = Rosters::new(drawn_objects, people, conflicts)?;
    let roots = rosters.roots();
    let [ol, pl, cl] = rosters.lines();
    let year = today.year();
    let n: i64 =
        w.tx.scalar(
            query("SELECT COUNT(*) FROM spotcheck_tasks WHERE body_id = $1 AND task LIKE $2")
                .bind(d.body_id)
                .bind(format!("双随机-{year}-{}-%", d.body_id)),
        )
        .await?;
    let row: SpotcheckTask = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO spotcheck_tasks (task, title, body_id, joint_bodies, item_code, item_name, domain, roster_id, strata, \
                 params, objects_roster, people_roster, conflicts_roster, objects_root, people_root, conflicts_root, excluded, \
                 entropy_source, entropy_at, announcements, status, announced_at, created_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$21,$17,$18,1,'announced',$19,$20,$19) RETURNING *",
            )
            .bind(format!("双随机-{year}-{}-{:03}", d.body_id, n + 1))
            .bind(&d.title)
            .bind(d.body_id)
            .bind(d.joint_body_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
            .bind(&item.code)
            .bind(&item.name)
            .bind(&domain)
            .bind(roster.id)
            .bind(d.strata.code())
            .bind(d.params.canonical())
            .bind(ol.join("\n"))
            .bind(pl.join("\n"))
            .bind(cl.join("\n"))
            .bind(draw::hex(&roots.objects))
            .bind(draw::hex(&roots.people))
            .bind(draw::hex(&roots.conflicts))
            .bind(&d.entropy_source)
            .bind(d.entropy_at)
            .bind(t)
            .bind(w.actor.user_id)
            .bind(excluded.join("\n")),
        )
        .await
        .map_err(|e| e.unique_as(|| "抽查任务编号重复，请重试".to_string()))?;
    let seq = w.record_new(Some(d.body_id), "spotcheck.announce", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

/// How many times each enterprise (by credit code) has been inspected this calendar year by any
/// body: its 行政检查 cases registered this year, and the objects drawn this year whose
/// inspection has not yet been registered as a case.
async fn inspections_this_year(tx: &mut Tx<'_>, today: chrono::NaiveDate) -> Result<BTreeMap<String, usize>> {
    let start = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let from = zhifa_core::time::shanghai_midnight(start);
    let cases: Vec<(String,)> = tx
        .fetch_all(query("SELECT parties FROM cases WHERE kind = 'inspection' AND created_at >= $1").bind(from))
        .await?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (parties,) in cases {
        let list: Vec<serde_json::Value> = serde_json::from_str(&parties).unwrap_or_default();
        for p in list {
            if let Some(code) = p.get("id_number").and_then(|x| x.as_str())
                && zhifa_core::ids::CreditCode::parse(code).is_ok()
            {
                *counts.entry(code.to_owned()).or_default() += 1;
            }
        }
    }
    let pending: Vec<(String,)> = tx
        .fetch_all(
            query(
                "SELECT p.credit_code FROM spotcheck_picks p JOIN spotcheck_tasks t ON t.id = p.task_id \
                 WHERE p.case_id IS NULL AND t.drawn_at >= $1",
            )
            .bind(from),
        )
        .await?;
    for (code,) in pending {
        *counts.entry(code).or_default() += 1;
    }
    Ok(counts)
}

async fn task(w: &mut Write<'_, '_>, id: i64) -> Result<SpotcheckTask> {
    let t: SpotcheckTask =
        w.tx.fetch_optional(query("SELECT * FROM spotcheck_tasks WHERE id = $1").bind(id))
            .await?
            .ok_or(StoreError::NotFound(TASK))?;
    w.actor.in_scope(t.body_id, TASK).map_err(|_| StoreError::NotFound(TASK))?;
    Ok(t)
}

/// Announces again with a new entropy source, before any draw (the entropy came public before
/// the announcement was checkpointed, or the source failed): journaled with the reason.
pub(crate) async fn reannounce_task(
    w: &mut Write<'_, '_>,
    id: i64,
    reason: String,
    entropy_source: String,
    entropy_at: DateTime<Utc>,
) -> Result<Outcome> {
    let c = task(w, id).await?;
    if c.status != TaskStatus::Announced {
        return Err(StoreError::Conflict(format!("该抽查任务{}，不能重新公告", c.status.label())));
    }
    let (reason, source) = reannouncement(&reason, &entropy_source, entropy_at)?;
    let row: SpotcheckTask =
        w.tx.fetch_one(
            query(
                "UPDATE spotcheck_tasks SET entropy_source = $1, entropy_at = $2, announcements = announcements + 1, \
                 reannounce_reason = $3, announced_at = $4 WHERE id = $5 RETURNING *",
            )
            .bind(&source)
            .bind(entropy_at)
            .bind(&reason)
            .bind(now())
            .bind(id),
        )
        .await?;
    let seq = w.record(Some(row.body_id), "spotcheck.reannounce", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

/// A re-announcement's reason and new entropy source, checked: both given, and the new entropy
/// not yet public (a draw may only rest on results that do not exist when announced).
pub(crate) fn reannouncement(reason: &str, source: &str, entropy_at: DateTime<Utc>) -> Result<(String, String)> {
    let mut e = Invalid::default();
    let reason = required_text(&mut e, "reason", "重新公告的理由", reason, 500);
    let source = required_text(&mut e, "entropy_source", "随机源", source, 500);
    if entropy_at <= now() {
        e.push("entropy_at", "随机源公布时间应晚于公告时间：只能约定尚未产生的公开结果");
    }
    e.into_result((reason, source)).map_err(Into::into)
}

/// The journal kinds of an announcement in force.
pub const ANNOUNCE_KINDS: [&str; 2] = ["spotcheck.announce", "spotcheck.reannounce"];

fn lines(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Rosters stored as text, one canonical line a line, as the draw's lines.
pub(crate) fn stored_lines(objects: &str, people: &str, conflicts: &str) -> bundle::Lines {
    bundle::Lines { objects: lines(objects), people: lines(people), conflicts: lines(conflicts) }
}

impl SpotcheckTask {
    /// The announced rosters as lines.
    pub fn lines(&self) -> bundle::Lines {
        stored_lines(&self.objects_roster, &self.people_roster, &self.conflicts_roster)
    }
    /// The announced parameters.
    pub fn draw_params(&self) -> Result<Params> {
        serde_json::from_str(&self.params)
            .map_err(|e| StoreError::Corrupt(format!("抽查任务{}的参数无法读取：{e}", self.task)))
    }
    /// The announced rosters.
    pub fn rosters(&self) -> Result<Rosters> {
        self.lines().rosters().map_err(|e| StoreError::Corrupt(format!("抽查任务{}的名单无法读取：{e}", self.task)))
    }
    /// The row as the announcement in force journaled it (before the draw changed it).
    pub fn as_announced(&self) -> SpotcheckTask {
        SpotcheckTask { entropy: None, prk: None, status: TaskStatus::Announced, drawn_at: None, ..self.clone() }
    }
}

/// Draws the objects and their inspectors once the entropy is public and the announcement was
/// under a signed checkpoint before it; each drawn object becomes a pick.
pub(crate) async fn draw_task(w: &mut Write<'_, '_>, id: i64, entropy: String) -> Result<Outcome> {
    let c = task(w, id).await?;
    if c.status != TaskStatus::Announced {
        return Err(StoreError::Conflict(format!("该抽查任务{}，不能再次抽取；重新抽取须另行公告", c.status.label())));
    }
    let entropy = draw::canonical_entropy(&entropy)?;
    let signed = announcement_checkpoint(w.tx, SpotcheckTask::TABLE, id, &ANNOUNCE_KINDS).await?.map(|(_, _, at)| at);
    let t = now();
    draw::may_draw(signed, c.entropy_at, t)?;
    let rosters = c.rosters()?;
    let params = c.draw_params()?;
    let roots = rosters.roots();
    if draw::hex(&roots.objects) != c.objects_root
        || draw::hex(&roots.people) != c.people_root
        || draw::hex(&roots.conflicts) != c.conflicts_root
    {
        return Err(StoreError::Corrupt(format!("抽查任务{}的名单与公告的默克尔根不符", c.task)));
    }
    let out = draw::draw(&c.task, &rosters, &params, &entropy);
    let names: BTreeMap<String, String> =
        w.tx.fetch_all::<(String, String)>(
            query("SELECT credit_code, name FROM roster_objects WHERE roster_id = $1").bind(c.roster_id),
        )
        .await?
        .into_iter()
        .collect();
    // The drawn certificates' holders, read per body taking part (a handful of bodies).
    let mut officers: BTreeMap<String, (i64, String, i64)> = BTreeMap::new();
    let bodies: std::collections::BTreeSet<i64> = rosters.people.iter().filter_map(|p| p.group.parse().ok()).collect();
    for b in bodies {
        let rows: Vec<(String, i64, String, i64)> = w
            .tx
            .fetch_all(
                query(
                    "SELECT c.number, o.id, o.name, o.body_id FROM certificates c JOIN officers o ON o.id = c.officer_id \
                     WHERE o.body_id = $1",
                )
                .bind(b),
            )
            .await?;
        officers.extend(rows.into_iter().map(|(n, oid, name, b)| (n, (oid, name, b))));
    }
    let picked = |d: &draw::Drawn| -> Result<PickedInspector> {
        let (officer_id, name, body_id) =
            officers.get(&d.person).cloned().ok_or_else(|| StoreError::Corrupt(format!("执法证{}不存在", d.person)))?;
        Ok(PickedInspector { certificate: d.person.clone(), officer_id, name, body_id, score: d.score.clone() })
    };
    let mut seq = 0;
    for (rank, o) in out.chosen.iter().enumerate() {
        let inspectors: Vec<PickedInspector> = o.people.iter().map(picked).collect::<Result<_>>()?;
        let reserves: Vec<PickedInspector> = o.reserves.iter().map(picked).collect::<Result<_>>()?;
        let json = |v: &Vec<PickedInspector>| serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()));
        let pick: SpotcheckPick = w
            .tx
            .fetch_one(
                query(
                    "INSERT INTO spotcheck_picks (task_id, body_id, rank, credit_code, name, stratum, score, inspectors, reserves) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *",
                )
                .bind(id)
                .bind(c.body_id)
                .bind(rank as i64 + 1)
                .bind(&o.key)
                .bind(names.get(&o.key).cloned().unwrap_or_default())
                .bind(&o.stratum)
                .bind(&o.score)
                .bind(json(&inspectors)?)
                .bind(json(&reserves)?),
            )
            .await?;
        seq = w.record_new(Some(c.body_id), "spotcheck.pick", &pick).await?;
    }
    let row: SpotcheckTask = w
        .tx
        .fetch_one(
            query(
                "UPDATE spotcheck_tasks SET entropy = $1, prk = $2, status = 'drawn', drawn_at = $3 WHERE id = $4 RETURNING *",
            )
            .bind(&entropy)
            .bind(&out.prk)
            .bind(t)
            .bind(id),
        )
        .await?;
    seq = seq.max(w.record(Some(c.body_id), "spotcheck.draw", &row).await?);
    Ok(Outcome::new(row.id, seq))
}

/// Registers the inspection of a drawn object as a 行政检查 case of the task's lead body (the
/// case machine's rules apply: two officers with valid certificates of the domain), and links
/// the pick to it, in one savepoint. A pick is inspected once.
pub(crate) async fn inspect_pick(
    w: &mut Write<'_, '_>,
    pick_id: i64,
    case: &zhifa_core::case::ValidCase,
) -> Result<Outcome> {
    let pick: SpotcheckPick =
        w.tx.fetch_optional(query("SELECT * FROM spotcheck_picks WHERE id = $1").bind(pick_id))
            .await?
            .ok_or(StoreError::NotFound("抽中的检查对象"))?;
    w.actor.in_scope(pick.body_id, "抽中的检查对象").map_err(|_| StoreError::NotFound("抽中的检查对象"))?;
    if pick.case_id.is_some() {
        return Err(StoreError::Conflict("该对象已登记检查案件".into()));
    }
    if !case.parties.iter().any(|p| p.id_number == pick.credit_code) {
        return Err(Invalid::field("parties", "检查对象应为抽中的对象").into());
    }
    let created = crate::cases::create_case(w, pick.body_id, case).await?;
    let row: SpotcheckPick =
        w.tx.fetch_one(
            query("UPDATE spotcheck_picks SET case_id = $1 WHERE id = $2 RETURNING *").bind(created.id).bind(pick_id),
        )
        .await?;
    let seq = w.record(Some(pick.body_id), "spotcheck.inspect", &row).await?;
    Ok(Outcome::new(created.id, seq))
}

impl Store {
    /// The spot-check tasks led by or joined by a body in `scope` (all for the district),
    /// newest first.
    /// The roster texts are left empty: a list never needs them, and each may be megabytes.
    pub async fn spotcheck_tasks(&self, scope: Scope) -> Result<Vec<SpotcheckTask>> {
        let all: Vec<SpotcheckTask> = self
            .fetch_all(query(
                "SELECT id, task, title, body_id, joint_bodies, item_code, item_name, domain, roster_id, strata, params, \
                 '' AS objects_roster, '' AS people_roster, '' AS conflicts_roster, objects_root, people_root, conflicts_root, \
                 excluded, entropy_source, entropy_at, announcements, reannounce_reason, entropy, prk, status, announced_at, \
                 drawn_at, created_by, created_at FROM spotcheck_tasks ORDER BY id DESC",
            ))
            .await?;
        Ok(all
            .into_iter()
            .filter(|t| scope.covers(t.body_id) || t.joint_body_ids().iter().any(|b| scope.covers(*b)))
            .collect())
    }

    /// One task, whoever asks (the announcement is public from the start).
    pub async fn spotcheck_task(&self, id: i64) -> Result<Option<SpotcheckTask>> {
        self.fetch_optional(query("SELECT * FROM spotcheck_tasks WHERE id = $1").bind(id)).await
    }

    /// One task by its number.
    pub async fn spotcheck_task_by_number(&self, task: &str) -> Result<Option<SpotcheckTask>> {
        self.fetch_optional(query("SELECT * FROM spotcheck_tasks WHERE task = $1").bind(task)).await
    }

    /// One drawn object.
    pub async fn spotcheck_pick(&self, id: i64) -> Result<Option<SpotcheckPick>> {
        self.fetch_optional(query("SELECT * FROM spotcheck_picks WHERE id = $1").bind(id)).await
    }

    /// The objects a task drew, in draw order.
    pub async fn spotcheck_picks(&self, task_id: i64) -> Result<Vec<SpotcheckPick>> {
        self.fetch_all(query("SELECT * FROM spotcheck_picks WHERE task_id = $1 ORDER BY rank").bind(task_id)).await
    }

    /// When the first signed checkpoint covering the task's announcement in force was made.
    pub async fn spotcheck_bundle_checkpoint(&self, t: &SpotcheckTask) -> Result<Option<DateTime<Utc>>> {
        let mut tx = Tx::begin(self).await?;
        let at = announcement_checkpoint(&mut tx, SpotcheckTask::TABLE, t.id, &ANNOUNCE_KINDS).await?;
        tx.commit().await?;
        Ok(at.map(|(_, _, at)| at))
    }

    /// The bundle of a task: its announcement with the ledger's proof under the first signed
    /// checkpoint covering it (absent until one is signed), and its result once drawn.
    pub async fn spotcheck_bundle(&self, t: &SpotcheckTask) -> Result<bundle::Bundle> {
        let announced = t.as_announced();
        let mut tx = Tx::begin(self).await?;
        let at = announcement_checkpoint(&mut tx, SpotcheckTask::TABLE, t.id, &ANNOUNCE_KINDS).await?;
        tx.commit().await?;
        let announcement = match at {
            None => None,
            Some((leaf, size, signed_at)) => {
                let entry =
                    self.ledger_entry(leaf as u64).await?.ok_or_else(|| StoreError::Corrupt("账本条目缺失".into()))?;
                let proof = self.inclusion_proof(leaf as u64, size as u64).await?;
                let note: String =
                    self.scalar(query("SELECT note FROM checkpoints WHERE size = $1").bind(size)).await?;
                let record =
                    String::from_utf8(announced.canonical()?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Some(bundle::Announcement {
                    record,
                    index: leaf as u64,
                    entry: String::from_utf8_lossy(&entry.encode()).into_owned(),
                    proof: proof.iter().map(|h| draw::hex(h)).collect(),
                    checkpoint: note,
                    checkpointed_at: signed_at,
                })
            }
        };
        let result = match &t.entropy {
            Some(e) => Some(draw::draw(&t.task, &t.rosters()?, &t.draw_params()?, e)),
            None => None,
        };
        Ok(bundle::Bundle {
            format: bundle::FORMAT.to_owned(),
            task: t.task.clone(),
            title: t.title.clone(),
            params: t.draw_params()?,
            lines: t.lines(),
            roots: bundle::RootsHex {
                objects: t.objects_root.clone(),
                people: t.people_root.clone(),
                conflicts: t.conflicts_root.clone(),
            },
            entropy: bundle::Entropy {
                source: t.entropy_source.clone(),
                public_at: t.entropy_at,
                value: t.entropy.clone(),
            },
            announcement,
            result,
        })
    }

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
