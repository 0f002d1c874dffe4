//! 双随机一公开: a body's roster of inspection objects (检查对象名录库), imported whole from an
//! uploaded table as a new version, every row checked first (all or nothing); spot-check tasks
//! announced over it with the inspectors and an entropy source fixed in advance, drawn once the
//! entropy is public, and published with everything a citizen needs to re-run the draw.

use crate::error::AppResult;
use crate::{App, Who};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::draw::{self, bundle};
use zhifa_core::error::Invalid;
use zhifa_core::spotcheck::{PickedInspector, RowError, Strata, TaskInput, TaskStatus, parse_roster};
use zhifa_store::model::{ObjectRoster, RosterObjectRow, SpotcheckPick, SpotcheckTask};
use zhifa_store::write::{Command, Outcome};

/// A roster version with a page of its objects.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RosterView {
    /// the version
    pub roster: ObjectRoster,
    /// its objects, in credit-code order, from `offset`
    pub objects: Vec<RosterObjectRow>,
    /// where the page starts
    pub offset: i64,
}

/// A spot-check task as its bodies (or, with the rosters left to the bundle, the public) see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskView {
    /// the task (the public view leaves the roster texts empty: they are in the bundle)
    pub task: SpotcheckTask,
    /// 状态
    pub status_label: String,
    /// 牵头执法主体
    pub body_name: String,
    /// 联合抽查的其他执法主体
    pub joint_names: Vec<String>,
    /// 分层方式
    pub strata_label: String,
    /// the draw's rules
    pub params: draw::Params,
    /// the quota in words
    pub quota: String,
    /// 对象数
    pub objects: usize,
    /// 检查人员数
    pub people: usize,
    /// 回避对数
    pub conflicts: usize,
    /// objects of the roster left out, with the reason (the yearly inspection cap)
    pub excluded: Vec<String>,
    /// when the first signed checkpoint covering the announcement was made
    pub checkpointed_at: Option<DateTime<Utc>>,
    /// each stratum's count and cut-off, once drawn
    pub strata: Vec<draw::Stratum>,
    /// the objects drawn with their inspectors
    pub picks: Vec<PickView>,
}

/// An object drawn, with its inspectors.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PickView {
    /// the pick
    pub pick: SpotcheckPick,
    /// 检查人员
    pub inspectors: Vec<PickedInspector>,
    /// 备选人员
    pub reserves: Vec<PickedInspector>,
}

/// The problems of a table as field errors of `file`, each naming its row and column.
pub fn row_errors(errors: &[RowError]) -> Invalid {
    let mut inv = Invalid::default();
    for e in errors.iter().take(200) {
        let column = if e.column.is_empty() { String::new() } else { format!("“{}”列", e.column) };
        inv.push("file", format!("第{}行{column}：{}", e.row, e.message));
    }
    if errors.len() > 200 {
        inv.push("file", format!("另有{}处错误未列出", errors.len() - 200));
    }
    inv
}

impl App {
    /// Imports the table `bytes` (named `source`) as the next version of `body_id`'s roster:
    /// every row is checked; nothing is stored unless all pass.
    pub async fn import_roster(
        &self,
        who: &Who,
        body_id: i64,
        source: &str,
        bytes: &[u8],
        note: Option<String>,
    ) -> AppResult<Outcome> {
        who.require(Action::WriteRosters, Some(body_id))?;
        let (header, rows) = crate::table::read_table(source, bytes).map_err(|m| Invalid::field("file", m))?;
        let objects = parse_roster(&header, &rows).map_err(|e| row_errors(&e))?;
        Ok(self
            .store
            .execute(&who.actor(), Command::ImportRoster { body_id, source: source.to_string(), note, objects })
            .await?)
    }

    /// The roster versions the caller may read (one body's, or every body's for the bureau).
    pub async fn object_rosters(&self, who: &Who, body_id: Option<i64>) -> AppResult<Vec<ObjectRoster>> {
        who.require(Action::ReadRosters, body_id.or(who.caller.body_id))?;
        Ok(self.store.object_rosters(who.caller.scope(), body_id).await?)
    }

    /// One roster version with a page of its objects.
    pub async fn object_roster(&self, who: &Who, id: i64, offset: i64, limit: i64) -> AppResult<RosterView> {
        let roster =
            self.store.object_roster(who.caller.scope(), id).await?.ok_or(crate::AppError::NotFound("检查对象名录"))?;
        who.require(Action::ReadRosters, Some(roster.body_id))?;
        let objects = self.store.roster_objects(id, offset, limit).await?;
        Ok(RosterView { roster, objects, offset: offset.max(0) })
    }
}

/// A drawn task's bundle and the platform's run of its checks, by task id. A drawn task never
/// changes (no second draw, no re-announcement), so both are computed once per process: the
/// public page and the download would otherwise re-run a draw over the whole roster per request.
#[derive(Default)]
pub struct DrawnCache(std::sync::Mutex<std::collections::HashMap<i64, Drawn>>);

/// One drawn task's bundle and report.
type Drawn = (std::sync::Arc<bundle::Bundle>, std::sync::Arc<bundle::Report>);

fn parse_people(text: &str) -> Vec<PickedInspector> {
    serde_json::from_str(text).unwrap_or_default()
}

impl App {
    /// Announces a spot-check task over the lead body's roster; a checkpoint is signed at once,
    /// so the announcement is under one long before the entropy's time.
    pub async fn announce_spotcheck(&self, who: &Who, input: TaskInput) -> AppResult<Outcome> {
        let own = who.caller.body_id.filter(|_| !who.caller.role.is_district_wide());
        let draft = input.check(own, Utc::now())?;
        who.require(Action::RunSpotchecks, Some(draft.body_id))?;
        let o = self.store.execute(&who.actor(), Command::AnnounceSpotcheck { draft: Box::new(draft) }).await?;
        self.checkpoint_once().await?;
        Ok(o)
    }

    async fn own_task(&self, who: &Who, id: i64) -> AppResult<SpotcheckTask> {
        let t = self.store.spotcheck_task(id).await?.ok_or(crate::AppError::NotFound("双随机抽查任务"))?;
        who.require(Action::RunSpotchecks, Some(t.body_id))?;
        Ok(t)
    }

    /// Announces again, before the draw, with a new entropy source and the reason.
    pub async fn reannounce_spotcheck(
        &self,
        who: &Who,
        id: i64,
        reason: String,
        entropy_source: String,
        entropy_at: &str,
    ) -> AppResult<Outcome> {
        self.own_task(who, id).await?;
        let at = zhifa_core::supervision::evaluation::parse_instant(entropy_at)
            .map_err(|e| Invalid::field("entropy_at", e))?;
        let o = self
            .store
            .execute(&who.actor(), Command::ReannounceSpotcheck { id, reason, entropy_source, entropy_at: at })
            .await?;
        self.checkpoint_once().await?;
        Ok(o)
    }

    /// Draws, with the entropy now public.
    pub async fn draw_spotcheck(&self, who: &Who, id: i64, entropy: String) -> AppResult<Outcome> {
        self.own_task(who, id).await?;
        let o = self.store.execute(&who.actor(), Command::DrawSpotcheck { id, entropy }).await?;
        self.checkpoint_once().await?;
        Ok(o)
    }

    /// The tasks the caller's body leads or joins (every task for the bureau).
    pub async fn spotcheck_tasks(&self, who: &Who) -> AppResult<Vec<SpotcheckTask>> {
        who.require(Action::ReadRosters, who.caller.body_id.filter(|_| !who.caller.role.is_district_wide()))?;
        Ok(self.store.spotcheck_tasks(who.caller.scope()).await?)
    }

    /// Every task, for the public: announced ones too (that is the point of announcing).
    pub async fn public_spotcheck_tasks(&self) -> AppResult<Vec<SpotcheckTask>> {
        Ok(self.store.spotcheck_tasks(zhifa_core::access::Scope::All).await?)
    }

    /// One task: its bodies' staff and the bureau see it whole; the public (`who` none) sees it
    /// with the rosters left to the bundle.
    pub async fn spotcheck_task(&self, who: Option<&Who>, id: i64) -> AppResult<TaskView> {
        let mut t = self.store.spotcheck_task(id).await?.ok_or(crate::AppError::NotFound("双随机抽查任务"))?;
        if let Some(who) = who {
            // Staff of the lead body or of a joint body read it, as readers of that body's rosters.
            let scope = who.caller.scope();
            let ours = std::iter::once(t.body_id).chain(t.joint_body_ids()).find(|b| scope.covers(*b));
            let Some(body) = ours else { return Err(crate::AppError::NotFound("双随机抽查任务")) };
            who.require(Action::ReadRosters, Some(body))?;
        }
        let names: std::collections::HashMap<i64, String> =
            self.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect();
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let params = t.draw_params()?;
        let lines = t.lines();
        // A drawn task's bundle is kept: its checkpoint and strata are read from it.
        let (checkpointed_at, strata) = match t.status {
            TaskStatus::Drawn => {
                let b = self.spotcheck_bundle(id).await?;
                let strata = b.result.as_ref().map(|r| r.strata.clone()).unwrap_or_default();
                (b.announcement.as_ref().map(|a| a.checkpointed_at), strata)
            }
            TaskStatus::Announced => (self.store.spotcheck_bundle_checkpoint(&t).await?, Vec::new()),
        };
        let picks = self
            .store
            .spotcheck_picks(id)
            .await?
            .into_iter()
            .map(|p| PickView { inspectors: parse_people(&p.inspectors), reserves: parse_people(&p.reserves), pick: p })
            .collect();
        if who.is_none() {
            t.objects_roster.clear();
            t.people_roster.clear();
            t.conflicts_roster.clear();
        }
        Ok(TaskView {
            status_label: t.status.label().to_owned(),
            body_name: name(t.body_id),
            joint_names: t.joint_body_ids().into_iter().map(name).collect(),
            strata_label: Strata::parse(&t.strata).map(|s| s.label().to_owned()).unwrap_or_default(),
            quota: params.quota.describe(),
            params,
            objects: lines.objects.len(),
            people: lines.people.len(),
            conflicts: lines.conflicts.len(),
            excluded: t.excluded.lines().filter(|l| !l.is_empty()).map(|l| l.replacen('|', "：", 1)).collect(),
            checkpointed_at,
            strata,
            picks,
            task: t,
        })
    }

    /// A task's bundle and the platform's run of its checks (with its own verifier keys); a
    /// drawn task's are kept.
    async fn bundle_and_report(&self, id: i64) -> AppResult<Drawn> {
        if let Some(d) = self.drawn.0.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(d);
        }
        let t = self.store.spotcheck_task(id).await?.ok_or(crate::AppError::NotFound("双随机抽查任务"))?;
        let b = std::sync::Arc::new(self.store.spotcheck_bundle(&t).await?);
        let keys = self.ledger_keys.verifier_keys();
        let for_check = b.clone();
        let report = tokio::task::spawn_blocking(move || bundle::verify(&for_check, &keys))
            .await
            .map_err(|e| crate::AppError::Internal(e.to_string()))?;
        let d = (b, std::sync::Arc::new(report));
        if t.status == TaskStatus::Drawn
            && let Ok(mut m) = self.drawn.0.lock()
        {
            m.insert(id, d.clone());
        }
        Ok(d)
    }

    /// The bundle of a task, for anyone: everything needed to re-run its draw offline.
    pub async fn spotcheck_bundle(&self, id: i64) -> AppResult<std::sync::Arc<bundle::Bundle>> {
        Ok(self.bundle_and_report(id).await?.0)
    }

    /// The platform re-runs the bundle's checks itself, for the public page; the CLI does the
    /// same offline.
    pub async fn verify_spotcheck(&self, id: i64) -> AppResult<std::sync::Arc<bundle::Report>> {
        Ok(self.bundle_and_report(id).await?.1)
    }

    /// An object's own check: its line, its proof under the published root, its score and the
    /// cut-off.
    pub async fn spotcheck_self_check(&self, id: i64, credit_code: &str) -> AppResult<bundle::SelfCheck> {
        let b = self.spotcheck_bundle(id).await?;
        let code = zhifa_core::ids::fold_width(credit_code.trim()).to_ascii_uppercase();
        Ok(bundle::self_check(&b, &code))
    }
}

/// What the inspection of a drawn object needs beyond the draw: the enterprise's particulars
/// the roster does not carry.
#[derive(Debug, Clone, Default, serde::Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PickInspection {
    /// 法定代表人或负责人
    pub legal_representative: String,
    /// 住所或经营场所
    pub address: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
}

impl App {
    /// Registers the inspection of a drawn object: a 行政检查 case of the lead body from the
    /// 双随机 source, its power item the spot-check item's, the drawn inspectors of the body as
    /// its officers, the object as its party; the pick is linked to it in the same transaction.
    pub async fn inspect_pick(&self, who: &Who, pick_id: i64, input: PickInspection) -> AppResult<Outcome> {
        let pick = self.store.spotcheck_pick(pick_id).await?.ok_or(crate::AppError::NotFound("抽中的检查对象"))?;
        who.require(Action::CreateCase, Some(pick.body_id))?;
        let task = self.store.spotcheck_task(pick.task_id).await?.ok_or(crate::AppError::NotFound("双随机抽查任务"))?;
        let today = zhifa_core::time::shanghai_date(Utc::now());
        let list = self.store.body_list_on(pick.body_id, zhifa_core::lists::ListKind::SpotCheck, today).await?;
        let items: Vec<zhifa_core::lists::SpotCheckItem> =
            list.map(|l| serde_json::from_str(&l.items).unwrap_or_default()).unwrap_or_default();
        let item = items.iter().find(|i| i.code == task.item_code).ok_or_else(|| {
            Invalid::field("item_code", format!("现行的“双随机”抽查事项清单中已没有事项“{}”", task.item_code))
        })?;
        let officers: Vec<i64> =
            parse_people(&pick.inspectors).iter().filter(|i| i.body_id == pick.body_id).map(|i| i.officer_id).collect();
        if who.caller.role == zhifa_core::access::Role::Officer
            && !who.officer_id.is_some_and(|o| officers.contains(&o))
        {
            return Err(Invalid::field("officer_ids", "只有抽中的检查人员可以登记本次检查").into());
        }
        let input = zhifa_core::case::CaseInput {
            kind: zhifa_core::case::CaseKind::Inspection.code().into(),
            power_item_code: item.power_item_code.clone(),
            source: zhifa_core::case::CaseSource::RandomCheck.code().into(),
            domain: task.domain.clone(),
            parties: vec![zhifa_core::case::PartyInput {
                name: pick.name.clone(),
                id_number: pick.credit_code.clone(),
                legal_representative: Some(input.legal_representative),
                address: input.address,
                phone: input.phone,
            }],
            officer_ids: officers,
            facts: format!(
                "依{}（{}）随机抽取，按抽查事项“{}”实施检查（抽中顺序第{}位）",
                task.title, task.task, task.item_name, pick.rank
            ),
            ..Default::default()
        };
        let case = input.validate(today)?;
        Ok(self.store.execute(&who.actor(), Command::InspectPick { pick_id, case: Box::new(case) }).await?)
    }
}

impl TaskView {
    /// Whether the task is drawn.
    pub fn drawn(&self) -> bool {
        self.task.status == TaskStatus::Drawn
    }
}
