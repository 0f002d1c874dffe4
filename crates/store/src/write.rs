//! The one write path: every change of registry or account data is a [`Command`], run by
//! [`Store::execute`] in one transaction together with its `change_log` entry (the object's
//! content hash after the change and the hash before it). The ledger builds on these entries.

use crate::ledger::{close_ledger, open_ledger};
use crate::model::{
    AccessEntry, Body, Certificate, CertificateEvent, Evidence, EvidenceDeletion, Officer, PowerItem, Reviewer,
    Training, User, UserRow,
};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zhifa_core::Invalid;
use zhifa_core::access::{Role, Scope};
use zhifa_core::registry::{
    CertificateStatus, ReviewerKind, ValidBody, ValidCertificate, ValidOfficer, ValidPowerItem, ValidStatusChange,
    ValidTraining, certificate_transition, check_power_version,
};

/// The most changes one group commit carries.
const GROUP_MAX: usize = 256;

/// A change waiting for the committer.
pub(crate) struct Job {
    actor: Actor,
    cmd: Command,
    reply: tokio::sync::oneshot::Sender<Result<Outcome>>,
}

/// Who makes a change and which bodies they may change.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    /// The account, or `None` for the command line (demo, import, admin).
    pub user_id: Option<i64>,
    /// The bodies whose data this actor may change.
    pub scope: Scope,
}

impl Actor {
    /// The command line acting as the installation itself.
    pub fn system() -> Self {
        Actor { user_id: None, scope: Scope::All }
    }
}

/// A change of registry or account data.
#[derive(Debug, Clone)]
pub enum Command {
    /// 新建执法主体
    CreateBody(ValidBody),
    /// 修改执法主体
    UpdateBody {
        /// body
        id: i64,
        /// new content
        body: ValidBody,
    },
    /// 新增执法人员
    CreateOfficer(ValidOfficer),
    /// 修改执法人员
    UpdateOfficer {
        /// officer
        id: i64,
        /// new content
        officer: ValidOfficer,
    },
    /// 新增培训考试记录
    AddTraining {
        /// officer
        officer_id: i64,
        /// record
        training: ValidTraining,
    },
    /// 登记执法证件
    CreateCertificate(ValidCertificate),
    /// 变更证件状态
    ChangeCertificateStatus {
        /// certificate
        id: i64,
        /// change
        change: ValidStatusChange,
    },
    /// 权责清单事项新版本 (立改废释)
    AddPowerItemVersion(ValidPowerItem),
    /// 确定法制审核人员
    DesignateReviewer {
        /// officer record
        officer_id: i64,
        /// kind
        kind: ReviewerKind,
        /// since
        since: NaiveDate,
    },
    /// 新建账号
    CreateUser {
        /// login name
        username: String,
        /// shown name
        display_name: String,
        /// argon2id PHC string
        password_hash: String,
        /// role
        role: Role,
        /// body
        body_id: Option<i64>,
        /// linked officer
        officer_id: Option<i64>,
    },
    /// 调阅: a view of a protected record, journaled like a change (seed §三(四)2).
    RecordAccess {
        /// table of the record viewed
        object_table: String,
        /// row viewed
        object_id: i64,
        /// whose record
        body_id: Option<i64>,
        /// client address
        ip: Option<String>,
        /// stated purpose
        purpose: Option<String>,
    },
    /// 报备本机关调整的文书模板
    FileTemplate {
        /// body
        body_id: i64,
        /// kind
        kind: zhifa_core::doc::DocKind,
        /// template text
        content: String,
        /// what was changed and why
        note: String,
    },
    /// 审查文书模板备案（司法局）
    DecideTemplate {
        /// template version
        id: i64,
        /// approve or reject
        approve: bool,
        /// opinion
        note: String,
    },
    /// 制作并签发文书
    IssueDocument {
        /// case
        case_id: i64,
        /// kind
        kind: zhifa_core::doc::DocKind,
        /// the step it is made from (default: the latest step of the kinds it is made from)
        step_id: Option<i64>,
    },
    /// 法制审核：送审、审核意见、异议、协商、负责人处理
    Review {
        /// case
        case_id: i64,
        /// what is done
        action: crate::review::ReviewAction,
        /// the caller's role
        role: Role,
        /// the caller's officer record
        officer_id: Option<i64>,
        /// the caller's personal key, opened with their password (required of every person)
        signer: Option<crate::review::Signer>,
    },
    /// 登记个人签名密钥（公钥记入账本）
    RegisterSigningKey {
        /// the key's owner (the caller)
        user_id: i64,
        /// the key, wrapped
        key: zhifa_ledger::personal::WrappedKey,
        /// the salt of the password derivation, hex
        salt: String,
    },
    /// 标记案件属于法制审核范围（只增不减）
    MarkCaseForReview {
        /// case
        case_id: i64,
        /// marks to add
        marks: zhifa_core::review::Marks,
        /// why
        reason: String,
    },
    /// 制定或修改本机关法制审核事项清单
    FileReviewList {
        /// body
        body_id: i64,
        /// items
        items: Vec<zhifa_core::review::ListItem>,
        /// in force from
        effective_from: NaiveDate,
        /// the review time limit in working days (None: the default)
        review_days: Option<i64>,
        /// why
        reason: String,
    },
    /// 制定或修改本机关的“双随机”抽查事项清单或行政处罚裁量基准（整份清单的新版本）
    FileBodyList {
        /// body
        body_id: i64,
        /// the list, checked
        list: zhifa_core::lists::ValidList,
        /// in force from
        effective_from: NaiveDate,
        /// why
        reason: String,
    },
    /// 生成某年度尚未生成的统计年报（各执法主体和全区）
    DraftAnnualReports {
        /// 年度
        year: i32,
        /// today (Asia/Shanghai): the year must be over
        today: NaiveDate,
    },
    /// 更正年报的一项数字（说明理由）
    EditAnnualReport {
        /// report
        id: i64,
        /// metric key
        metric: String,
        /// new value (money in fen)
        value: i64,
        /// why, and the source relied on
        reason: String,
    },
    /// 公开年报
    PublishAnnualReport {
        /// report
        id: i64,
    },
    /// 记录四性检测报告
    RecordArchiveReport {
        /// case (none for a package brought in)
        case_id: Option<i64>,
        /// body
        body_id: Option<i64>,
        /// case number
        case_number: String,
        /// occasion
        occasion: String,
        /// the report
        report: Box<zhifa_core::archive::Report>,
        /// package SM3
        package_sm3: String,
        /// package size
        package_size: i64,
    },
    /// 登记证据: the file is already in the evidence store under `sm3`.
    AddEvidence {
        /// the body whose evidence it is
        body_id: i64,
        /// validated metadata
        meta: Box<zhifa_core::evidence::ValidEvidence>,
        /// SM3 hex
        sm3: String,
        /// SHA-256 hex
        sha256: String,
        /// bytes
        size: u64,
    },
    /// 申请删除证据
    RequestEvidenceDeletion {
        /// evidence
        evidence_id: i64,
        /// reason
        reason: String,
    },
    /// 批准或驳回删除申请 (the approver's role decides which approval it is)
    DecideEvidenceDeletion {
        /// request
        request_id: i64,
        /// the approver's role
        role: Role,
        /// approve (true) or reject
        approve: bool,
    },
    /// 登记案件 (stage 待立案; the steps follow)
    CreateCase {
        /// the body handling it
        body_id: i64,
        /// validated case
        case: Box<zhifa_core::case::ValidCase>,
    },
    /// 记录办案环节, checked by the procedure machine of the case's kind first
    RecordStep {
        /// case
        case_id: i64,
        /// validated step
        step: Box<zhifa_core::case::ValidStep>,
        /// the recorder's role
        role: Role,
        /// the recorder's officer record
        officer_id: Option<i64>,
        /// the recorder's key, required of a person recording a decision
        signer: Option<crate::review::Signer>,
    },
    /// 导入一年的节假日安排（国务院办公厅通知）
    ImportHolidays {
        /// the checked schedule
        year: i32,
        /// the file as given (JSON)
        schedule: String,
        /// 通知文号或标题
        source: String,
    },
    /// 确认公开：发布人核对后的公开全文
    PublishDecision {
        /// publication task
        id: i64,
        /// the redacted full text, as confirmed
        text: String,
    },
    /// 不予公开（国家秘密、个人隐私或商业秘密）
    WithholdPublication {
        /// publication task
        id: i64,
        /// ground
        ground: zhifa_core::publicity::Withheld,
        /// reasons
        note: String,
    },
    /// 登记决定被变更、撤销、确认违法或无效（`withdraw`: 同时撤回公示）；或撤回已登记变更的公示
    ChangeDecision {
        /// publication
        id: i64,
        /// the change, unless already registered
        change: Option<crate::publicity::Change>,
        /// withdraw the publication now
        withdraw: bool,
    },
    /// 停用或启用账号
    SetUserActive {
        /// user
        id: i64,
        /// active
        active: bool,
    },
}

/// What a command produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    /// The id of the object created or changed.
    pub id: i64,
    /// The journal sequence number of the change.
    pub seq: i64,
}

/// SHA-256 of the canonical JSON (sorted keys) of a row.
pub fn content_hash<T: Serialize>(row: &T) -> Result<String> {
    let v = serde_json::to_value(row).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let bytes = serde_json::to_vec(&v).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// The current instant at microsecond precision (what both backends store exactly).
pub fn now() -> DateTime<Utc> {
    let n = Utc::now();
    DateTime::from_timestamp_micros(n.timestamp_micros()).unwrap_or(n)
}

/// Appends the journal entry for a row inside the open transaction, and its leaf to the
/// Merkle ledger, and returns its sequence. The entry records the hash of the row's previous
/// state, looked up here; `journal_new!` is the same for a row created in this transaction.
macro_rules! journal {
    ($gl:expr, $tx:expr, $actor:expr, $body:expr, $kind:expr, $table:expr, $id:expr, $row:expr) => {{
        let (table, object_id): (&str, i64) = ($table, $id);
        let prev: Option<String> = sqlx::query_scalar(
            "SELECT content_hash FROM change_log WHERE object_table = $1 AND object_id = $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(table)
        .bind(object_id)
        .fetch_optional(&mut *$tx)
        .await?;
        journal_entry!($gl, $tx, $actor, $body, $kind, table, object_id, $row, prev)
    }};
}

/// [`journal!`] for a row just created: it has no previous state.
macro_rules! journal_new {
    ($gl:expr, $tx:expr, $actor:expr, $body:expr, $kind:expr, $table:expr, $id:expr, $row:expr) => {{ journal_entry!($gl, $tx, $actor, $body, $kind, $table, $id, $row, None::<String>) }};
}

/// Writes one journal entry with its leaf: the transaction's [`GroupLedger`] gives the next
/// sequence and leaf numbers, so the leaf is computed before the entry's row is written in a
/// single insert, and keeps the new tree nodes until the transaction closes.
///
/// [`GroupLedger`]: crate::ledger::GroupLedger
macro_rules! journal_entry {
    ($gl:expr, $tx:expr, $actor:expr, $body:expr, $kind:expr, $table:expr, $id:expr, $row:expr, $prev:expr) => {{
        let hash = content_hash(&$row)?;
        let prev: Option<String> = $prev;
        let (index, seq) = ($gl.next_index(), $gl.take_seq());
        let at = now();
        let (actor_id, body_id, kind, table, object_id): (Option<i64>, Option<i64>, &str, &str, i64) =
            ($actor.user_id, $body, $kind, $table, $id);
        let at_text = $crate::ledger::entry_time(at);
        let entry = zhifa_ledger::entry::Entry {
            seq,
            at: &at_text,
            actor: actor_id,
            body: body_id,
            kind,
            table,
            object_id,
            content_hash: &hash,
            prev_hash: prev.as_deref(),
        };
        let leaf = $gl.alg.leaf(&entry.encode());
        sqlx::query(
            "INSERT INTO change_log (seq, at, actor_user_id, body_id, kind, object_table, object_id, content_hash, prev_hash, leaf_index, leaf_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(seq)
        .bind(at)
        .bind(actor_id)
        .bind(body_id)
        .bind(kind)
        .bind(table)
        .bind(object_id)
        .bind(&hash)
        .bind(&prev)
        .bind(index)
        .bind(leaf.to_vec())
        .execute(&mut *$tx)
        .await?;
        $gl.push(leaf);
        seq
    }};
}

/// Runs a command's body as its own boxed future: its locals live on the heap and its poll
/// frame is its own, so the committer's frame (which holds every command's arm) stays small
/// enough for a debug build's 2 MiB thread stacks.
macro_rules! in_own_frame {
    ($e:expr) => {
        Box::pin(async { Ok::<Outcome, StoreError>($e) }).await?
    };
}

/// Fails with `NotFound` unless `body` lies in the actor's scope.
fn in_scope(actor: &Actor, body: i64, what: &'static str) -> Result<()> {
    if actor.scope.covers(body) { Ok(()) } else { Err(StoreError::NotFound(what)) }
}

/// Fails with a field error unless body `$id` exists.
macro_rules! body_exists {
    ($tx:expr, $id:expr) => {{
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM bodies WHERE id = $1").bind($id).fetch_optional(&mut *$tx).await?;
        if found.is_none() {
            return Err(Invalid::field("body_id", "所选执法主体不存在").into());
        }
    }};
}

/// Loads officer `$id`, failing with `NotFound` when absent or outside the actor's scope.
macro_rules! officer_in_scope {
    ($tx:expr, $actor:expr, $id:expr) => {{
        let o: Officer = sqlx::query_as("SELECT * FROM officers WHERE id = $1")
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(StoreError::NotFound("执法人员"))?;
        in_scope($actor, o.body_id, "执法人员")?;
        o
    }};
}

/// Checks a body's references to other bodies (entrusting body, parent).
macro_rules! check_body_refs {
    ($tx:expr, $b:expr, $self_id:expr) => {{
        for (field, r) in [("entrusting_body_id", $b.entrusting_body_id), ("parent_id", $b.parent_id)] {
            if let Some(r) = r {
                if Some(r) == $self_id {
                    return Err(Invalid::field(field, "不能指向本主体自身").into());
                }
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM bodies WHERE id = $1").bind(r).fetch_optional(&mut *$tx).await?;
                if found.is_none() {
                    return Err(Invalid::field(field, "所选机关不存在").into());
                }
            }
        }
    }};
}

const BODY_COLS: &str = "name, kind, entrusting_body_id, parent_id, area, legal_basis, address, phone, reconsideration_organ, court, review_organ, is_supervisor, publication_days";

impl Store {
    /// Runs one change with its journal entry and ledger leaf. Nothing of it is written when a
    /// check fails. Concurrent calls share one database transaction (group commit): each runs
    /// in its own savepoint, so one refused change does not touch the others, and one fsync
    /// makes a whole group durable before any of its callers is answered.
    pub async fn execute(&self, actor: &Actor, cmd: Command) -> Result<Outcome> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job { actor: *actor, cmd, reply };
        if let Err(tokio::sync::mpsc::error::SendError(job)) = self.committer().send(job) {
            // The committer is gone (its runtime ended): run the change alone.
            return self
                .run_group(vec![(job.actor, job.cmd)], false, |_| {})
                .await
                .map_err(|(_, e)| e)?
                .pop()
                .unwrap_or_else(|| Err(StoreError::Corrupt("empty group".into())));
        }
        answer.await.map_err(|_| StoreError::Corrupt("提交任务已中止".into()))?
    }

    fn committer(&self) -> tokio::sync::mpsc::UnboundedSender<Job> {
        self.committer
            .get_or_init(|| {
                let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
                let store = self.clone();
                tokio::spawn(async move {
                    while let Some(first) = rx.recv().await {
                        // Everything that queued while the previous group was committing joins
                        // this one, up to a bound.
                        let mut jobs = vec![first];
                        while jobs.len() < GROUP_MAX {
                            match rx.try_recv() {
                                Ok(j) => jobs.push(j),
                                Err(_) => break,
                            }
                        }
                        let (work, replies): (Vec<_>, Vec<_>) =
                            jobs.into_iter().map(|j| ((j.actor, j.cmd), j.reply)).unzip();
                        match store.run_group(work, false, |_| {}).await {
                            Ok(results) => {
                                for (reply, r) in replies.into_iter().zip(results) {
                                    let _ = reply.send(r);
                                }
                            }
                            Err((_, e)) => {
                                let message = e.to_string();
                                tracing::error!(error = %e, "group commit failed");
                                for reply in replies {
                                    let _ = reply.send(Err(StoreError::Corrupt(message.clone())));
                                }
                            }
                        }
                    }
                });
                tx
            })
            .clone()
    }

    /// Runs several changes in one transaction (an import): all are written, each with its
    /// journal entry, or none. On failure returns the index of the command that failed.
    /// `progress` is called with the number of commands done.
    pub async fn execute_batch(
        &self,
        actor: &Actor,
        cmds: Vec<Command>,
        progress: impl Fn(usize),
    ) -> std::result::Result<Vec<Outcome>, (usize, StoreError)> {
        let jobs = cmds.into_iter().map(|c| (*actor, c)).collect();
        let results = self.run_group(jobs, true, progress).await?;
        results.into_iter().enumerate().map(|(i, r)| r.map_err(|e| (i, e))).collect()
    }

    /// Runs changes in one transaction, each in its own savepoint. `atomic`: the first
    /// refused change aborts all (imports); otherwise a refused change is rolled back alone
    /// and reported in its place (group commit).
    async fn run_group(
        &self,
        jobs: Vec<(Actor, Command)>,
        atomic: bool,
        progress: impl Fn(usize),
    ) -> std::result::Result<Vec<Result<Outcome>>, (usize, StoreError)> {
        let ledger_alg = self.ledger_info().map_err(|e| (0, e))?.alg;
        let _one_writer = match self.backend {
            crate::db::Backend::Sqlite(_) => Some(self.write_lock.lock().await),
            crate::db::Backend::Postgres(_) => None,
        };
        on_pool!(self, pool => {
            let mut group = begin_write!(self, pool).map_err(|e| (0, StoreError::from(e)))?;
            let mut gl = async { Ok::<_, StoreError>(open_ledger!(group, ledger_alg)) }.await.map_err(|e| (0, e))?;
            let first_seq = gl.seq();
            let mut outs = Vec::with_capacity(jobs.len());
            for (index, (actor, cmd)) in jobs.into_iter().enumerate() {
            let actor = &actor;
            let mark = gl.mark();
            let mut tx = sqlx::Acquire::begin(&mut group).await.map_err(|e| (index, StoreError::from(e)))?;
            let result = async {
            let out = match cmd {
                Command::CreateBody(b) => {
                    if actor.scope != Scope::All {
                        return Err(StoreError::NotFound("执法主体"));
                    }
                    check_body_refs!(tx, b, None::<i64>);
                    let t = now();
                    let row: Body = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO bodies ({BODY_COLS}, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$14,$13,$13) RETURNING *")))
                        .bind(&b.name).bind(b.kind.code()).bind(b.entrusting_body_id).bind(b.parent_id).bind(&b.area)
                        .bind(&b.legal_basis).bind(&b.address).bind(&b.phone).bind(&b.reconsideration_organ)
                        .bind(&b.court).bind(&b.review_organ).bind(b.is_supervisor).bind(t).bind(b.publication_days)
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("执法主体“{}”已存在", b.name)))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(id), "body.create", "bodies", id, row);
                    Outcome { id, seq }
                }
                Command::UpdateBody { id, body: b } => {
                    in_scope(actor, id, "执法主体")?;
                    check_body_refs!(tx, b, Some(id));
                    let n = sqlx::query(
                        "UPDATE bodies SET name=$1, kind=$2, entrusting_body_id=$3, parent_id=$4, area=$5, legal_basis=$6, address=$7, phone=$8, \
                         reconsideration_organ=$9, court=$10, review_organ=$11, is_supervisor=$12, updated_at=$13, publication_days=$15 WHERE id=$14")
                        .bind(&b.name).bind(b.kind.code()).bind(b.entrusting_body_id).bind(b.parent_id).bind(&b.area)
                        .bind(&b.legal_basis).bind(&b.address).bind(&b.phone).bind(&b.reconsideration_organ)
                        .bind(&b.court).bind(&b.review_organ).bind(b.is_supervisor).bind(now()).bind(id).bind(b.publication_days)
                        .execute(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("执法主体“{}”已存在", b.name)))?
                        .rows_affected();
                    if n == 0 {
                        return Err(StoreError::NotFound("执法主体"));
                    }
                    let row: Body = sqlx::query_as("SELECT * FROM bodies WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                    let seq = journal!(gl, tx, actor, Some(id), "body.update", "bodies", id, row);
                    Outcome { id, seq }
                }
                Command::CreateOfficer(o) => {
                    in_scope(actor, o.body_id, "执法主体")?;
                    body_exists!(tx, o.body_id);
                    let t = now();
                    let domains = serde_json::to_string(&o.domains).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    let row: Officer = sqlx::query_as(
                        "INSERT INTO officers (body_id, name, id_number, post, domains, legal_qualification_no, phone, active, created_at, updated_at) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,TRUE,$8,$8) RETURNING *")
                        .bind(o.body_id).bind(&o.name).bind(o.id_number.as_ref().map(|x| x.as_str().to_string())).bind(&o.post)
                        .bind(&domains).bind(&o.legal_qualification_no).bind(&o.phone).bind(t)
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| "该身份证号码已登记为执法人员".to_string()))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(o.body_id), "officer.create", "officers", id, row);
                    Outcome { id, seq }
                }
                Command::UpdateOfficer { id, officer: o } => {
                    officer_in_scope!(tx, actor, id);
                    in_scope(actor, o.body_id, "执法主体")?;
                    body_exists!(tx, o.body_id);
                    let domains = serde_json::to_string(&o.domains).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    sqlx::query("UPDATE officers SET body_id=$1, name=$2, id_number=$3, post=$4, domains=$5, legal_qualification_no=$6, phone=$7, updated_at=$8 WHERE id=$9")
                        .bind(o.body_id).bind(&o.name).bind(o.id_number.as_ref().map(|x| x.as_str().to_string())).bind(&o.post)
                        .bind(&domains).bind(&o.legal_qualification_no).bind(&o.phone).bind(now()).bind(id)
                        .execute(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| "该身份证号码已登记为执法人员".to_string()))?;
                    let row: Officer = sqlx::query_as("SELECT * FROM officers WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                    let seq = journal!(gl, tx, actor, Some(o.body_id), "officer.update", "officers", id, row);
                    Outcome { id, seq }
                }
                Command::AddTraining { officer_id, training } => {
                    let officer = officer_in_scope!(tx, actor, officer_id);
                    let row: Training = sqlx::query_as("INSERT INTO officer_training (officer_id, date, title, hours, exam_score, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING *")
                        .bind(officer_id).bind(training.date).bind(&training.title).bind(training.hours).bind(training.exam_score).bind(now())
                        .fetch_one(&mut *tx).await?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(officer.body_id), "officer.training", "officer_training", id, row);
                    Outcome { id, seq }
                }
                Command::CreateCertificate(c) => {
                    let officer = officer_in_scope!(tx, actor, c.officer_id);
                    let t = now();
                    let row: Certificate = sqlx::query_as(
                        "INSERT INTO certificates (officer_id, number, issuer, domain, area, valid_from, valid_to, status, created_at, updated_at) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING *")
                        .bind(c.officer_id).bind(c.number.as_str()).bind(&c.issuer).bind(&c.domain).bind(&c.area)
                        .bind(c.valid_from).bind(c.valid_to).bind(CertificateStatus::Valid.code()).bind(t)
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("证件编号“{}”已存在", c.number)))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(officer.body_id), "certificate.create", "certificates", id, row);
                    let event: CertificateEvent = sqlx::query_as("INSERT INTO certificate_events (certificate_id, from_status, to_status, reason, effective_date, actor_user_id, at) VALUES ($1, NULL, $2, $3, $4, $5, $6) RETURNING *")
                        .bind(id).bind(CertificateStatus::Valid.code()).bind("发证登记").bind(c.valid_from).bind(actor.user_id).bind(t)
                        .fetch_one(&mut *tx).await?;
                    let ev = event.id;
                    journal_new!(gl, tx, actor, Some(officer.body_id), "certificate.event", "certificate_events", ev, event);
                    Outcome { id, seq }
                }
                Command::ChangeCertificateStatus { id, change } => {
                    let cert: Certificate = sqlx::query_as("SELECT * FROM certificates WHERE id = $1").bind(id)
                        .fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("执法证件"))?;
                    let officer = officer_in_scope!(tx, actor, cert.officer_id);
                    let from = cert.status_on(zhifa_core::time::shanghai_date(now()));
                    certificate_transition(from, change.status).map_err(|m| Invalid::field("status", m))?;
                    let t = now();
                    let n = sqlx::query("UPDATE certificates SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
                        .bind(change.status.code()).bind(t).bind(id).bind(&cert.status)
                        .execute(&mut *tx).await?.rows_affected();
                    if n == 0 {
                        return Err(StoreError::Conflict("证件状态已被他人修改，请刷新后重试".into()));
                    }
                    let event: CertificateEvent = sqlx::query_as("INSERT INTO certificate_events (certificate_id, from_status, to_status, reason, effective_date, actor_user_id, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *")
                        .bind(id).bind(from.code()).bind(change.status.code()).bind(&change.reason).bind(change.effective_date).bind(actor.user_id).bind(t)
                        .fetch_one(&mut *tx).await?;
                    let ev = event.id;
                    journal_new!(gl, tx, actor, Some(officer.body_id), "certificate.event", "certificate_events", ev, event);
                    let row: Certificate = sqlx::query_as("SELECT * FROM certificates WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                    let seq = journal!(gl, tx, actor, Some(officer.body_id), "certificate.status", "certificates", id, row);
                    Outcome { id, seq }
                }
                Command::AddPowerItemVersion(p) => {
                    in_scope(actor, p.body_id, "执法主体")?;
                    body_exists!(tx, p.body_id);
                    let latest: Option<PowerItem> = sqlx::query_as("SELECT * FROM power_items WHERE body_id = $1 AND code = $2 ORDER BY version DESC LIMIT 1")
                        .bind(p.body_id).bind(&p.code).fetch_optional(&mut *tx).await?;
                    let latest_kind = match &latest {
                        Some(l) => Some((zhifa_core::registry::ChangeKind::parse(&l.change_kind).map_err(StoreError::Corrupt)?, l.effective_from)),
                        None => None,
                    };
                    check_power_version(&p, latest_kind)?;
                    let version = latest.as_ref().map(|l| l.version + 1).unwrap_or(1);
                    let basis = serde_json::to_string(&p.legal_basis).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    let row: PowerItem = sqlx::query_as(
                        "INSERT INTO power_items (body_id, code, version, name, category, legal_basis, procedure_kind, time_limit_days, time_limit_working, remedy, effective_from, change_kind, change_reason, created_by, created_at, hearing, conditions, materials) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING *")
                        .bind(p.body_id).bind(&p.code).bind(version).bind(&p.name).bind(p.category.code()).bind(&basis)
                        .bind(p.procedure.code()).bind(p.time_limit.map(|t| t.0)).bind(matches!(p.time_limit, Some((_, zhifa_core::registry::DayKind::Working))))
                        .bind(&p.remedy).bind(p.effective_from).bind(p.change_kind.code()).bind(&p.change_reason).bind(actor.user_id).bind(now()).bind(p.hearing)
                        .bind(Some(p.conditions.clone()).filter(|c| !c.is_empty()))
                        .bind(Some(p.materials.join("\n")).filter(|m| !m.is_empty()))
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("事项“{}”已被他人同时修改，请刷新后重试", p.code)))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(p.body_id), "power_item.version", "power_items", id, row);
                    Outcome { id, seq }
                }
                Command::DesignateReviewer { officer_id, kind, since } => {
                    let officer = officer_in_scope!(tx, actor, officer_id);
                    zhifa_core::registry::check_reviewer_qualification(since, officer.legal_qualification_no.as_deref())?;
                    let row: Reviewer = sqlx::query_as("INSERT INTO reviewers (officer_id, body_id, kind, since, created_at) VALUES ($1,$2,$3,$4,$5) RETURNING *")
                        .bind(officer_id).bind(officer.body_id).bind(kind.code()).bind(since).bind(now())
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("{}已是法制审核人员", officer.name)))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(officer.body_id), "reviewer.designate", "reviewers", id, row);
                    Outcome { id, seq }
                }
                Command::CreateUser { username, display_name, password_hash, role, body_id, officer_id } => {
                    match body_id {
                        Some(b) => { in_scope(actor, b, "执法主体")?; body_exists!(tx, b); }
                        None if role.needs_body() => return Err(Invalid::field("body_id", format!("{}账号必须属于一个执法主体", role.label())).into()),
                        None => if actor.scope != Scope::All { return Err(StoreError::NotFound("执法主体")); },
                    }
                    if let Some(o) = officer_id {
                        let officer = officer_in_scope!(tx, actor, o);
                        if Some(officer.body_id) != body_id {
                            return Err(Invalid::field("officer_id", "关联的执法人员不属于该执法主体").into());
                        }
                    }
                    let row: UserRow = sqlx::query_as("INSERT INTO users (username, display_name, password_hash, role, body_id, officer_id, active, failed_logins, created_at) VALUES ($1,$2,$3,$4,$5,$6,TRUE,0,$7) RETURNING *")
                        .bind(&username).bind(&display_name).bind(&password_hash).bind(role.code()).bind(body_id).bind(officer_id).bind(now())
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| format!("用户名“{username}”已被使用")))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, body_id, "user.create", "users", id, User::from(row));
                    Outcome { id, seq }
                }
                Command::RecordAccess { object_table, object_id, body_id, ip, purpose } => {
                    let row: AccessEntry = sqlx::query_as("INSERT INTO access_log (at, user_id, ip, object_table, object_id, body_id, purpose) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *")
                        .bind(now()).bind(actor.user_id).bind(&ip).bind(&object_table).bind(object_id).bind(body_id).bind(&purpose)
                        .fetch_one(&mut *tx).await?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, body_id, "access.view", "access_log", id, row);
                    Outcome { id, seq }
                }
                Command::AddEvidence { body_id, meta, sm3, sha256, size } => {
                    in_scope(actor, body_id, "执法主体")?;
                    body_exists!(tx, body_id);
                    let collector: Option<Officer> = sqlx::query_as("SELECT * FROM officers WHERE id = $1")
                        .bind(meta.collector_officer_id).fetch_optional(&mut *tx).await?;
                    match collector {
                        Some(o) if o.body_id == body_id && o.active => {}
                        Some(o) if o.body_id == body_id => return Err(Invalid::field("collector_officer_id", format!("采集人{}已不在岗", o.name)).into()),
                        _ => return Err(Invalid::field("collector_officer_id", "采集人不是本执法主体的执法人员").into()),
                    }
                    let checked = meta.device_sm3.is_some() || meta.device_sha256.is_some();
                    let row: Evidence = sqlx::query_as(
                        "INSERT INTO evidence (body_id, case_number, kind, format, media_type, file_name, size_bytes, sm3, sha256, captured_at, capture_place, \
                         collector_officer_id, proof_object, device_id, device_hash_checked, target_kind, target_id, target_name, uploaded_by, created_at, status) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,'active') RETURNING *")
                        .bind(body_id).bind(&meta.case_number).bind(meta.kind.code()).bind(meta.format).bind(meta.media_type)
                        .bind(&meta.file_name).bind(size as i64).bind(&sm3).bind(&sha256).bind(meta.captured_at).bind(&meta.capture_place)
                        .bind(meta.collector_officer_id).bind(&meta.proof_object).bind(&meta.device_id).bind(checked)
                        .bind(meta.target.as_ref().map(|t| t.kind_code())).bind(meta.target.as_ref().map(|t| t.as_str().to_string()))
                        .bind(&meta.target_name).bind(actor.user_id).bind(now())
                        .fetch_one(&mut *tx).await?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(body_id), "evidence.create", "evidence", id, row);
                    Outcome { id, seq }
                }
                Command::RequestEvidenceDeletion { evidence_id, reason } => {
                    let e: Evidence = sqlx::query_as("SELECT * FROM evidence WHERE id = $1").bind(evidence_id)
                        .fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("证据"))?;
                    in_scope(actor, e.body_id, "证据")?;
                    if e.status != "active" {
                        return Err(StoreError::Conflict("该证据已被删除".into()));
                    }
                    let mut inv = Invalid::default();
                    let reason = zhifa_core::error::required_text(&mut inv, "reason", "删除理由", &reason, 500);
                    inv.into_result(())?;
                    let row: EvidenceDeletion = sqlx::query_as(
                        "INSERT INTO evidence_deletions (evidence_id, reason, requested_by, requested_at, status) VALUES ($1,$2,$3,$4,'pending') RETURNING *")
                        .bind(evidence_id).bind(&reason).bind(actor.user_id).bind(now())
                        .fetch_one(&mut *tx).await
                        .map_err(|e| StoreError::from(e).unique_as(|| "该证据已有待批准的删除申请".to_string()))?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, Some(e.body_id), "evidence.deletion_request", "evidence_deletions", id, row);
                    Outcome { id, seq }
                }
                Command::DecideEvidenceDeletion { request_id, role, approve } => {
                    let d: EvidenceDeletion = sqlx::query_as("SELECT * FROM evidence_deletions WHERE id = $1").bind(request_id)
                        .fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("删除申请"))?;
                    let e: Evidence = sqlx::query_as("SELECT * FROM evidence WHERE id = $1").bind(d.evidence_id)
                        .fetch_one(&mut *tx).await?;
                    in_scope(actor, e.body_id, "删除申请")?;
                    if d.status != "pending" {
                        return Err(StoreError::Conflict("该删除申请已办结".into()));
                    }
                    let approver = actor.user_id.ok_or_else(|| StoreError::Conflict("删除证据须由账号批准".into()))?;
                    let state = zhifa_core::evidence::DeletionApprovals { requested_by: d.requested_by, head: d.head_approved_by, supervisor: d.supervisor_approved_by };
                    let which = zhifa_core::evidence::check_approval(&state, approver, role).map_err(|m| Invalid::field("approval", m))?;
                    let t = now();
                    let row: EvidenceDeletion = if !approve {
                        sqlx::query_as("UPDATE evidence_deletions SET status = 'rejected', decided_at = $1 WHERE id = $2 AND status = 'pending' RETURNING *")
                            .bind(t).bind(request_id).fetch_one(&mut *tx).await?
                    } else {
                        let sql = match which {
                            zhifa_core::evidence::Approval::Head => "UPDATE evidence_deletions SET head_approved_by = $1, head_approved_at = $2 WHERE id = $3 AND head_approved_by IS NULL RETURNING *",
                            zhifa_core::evidence::Approval::Supervisor => "UPDATE evidence_deletions SET supervisor_approved_by = $1, supervisor_approved_at = $2 WHERE id = $3 AND supervisor_approved_by IS NULL RETURNING *",
                        };
                        let row: EvidenceDeletion = sqlx::query_as(sql).bind(approver).bind(t).bind(request_id).fetch_one(&mut *tx).await?;
                        if row.head_approved_by.is_some() && row.supervisor_approved_by.is_some() {
                            sqlx::query_as("UPDATE evidence_deletions SET status = 'approved', decided_at = $1 WHERE id = $2 RETURNING *")
                                .bind(t).bind(request_id).fetch_one(&mut *tx).await?
                        } else {
                            row
                        }
                    };
                    let kind = if !approve { "evidence.deletion_reject" } else { "evidence.deletion_approve" };
                    let seq = journal!(gl, tx, actor, Some(e.body_id), kind, "evidence_deletions", request_id, row);
                    if row.status == "approved" {
                        // The tombstone: the row stays, with its digests; the ledger keeps every
                        // earlier entry; only the file goes (after commit).
                        let gone: Evidence = sqlx::query_as("UPDATE evidence SET status = 'deleted', deleted_at = $1 WHERE id = $2 RETURNING *")
                            .bind(t).bind(e.id).fetch_one(&mut *tx).await?;
                        journal!(gl, tx, actor, Some(e.body_id), "evidence.tombstone", "evidence", e.id, gone);
                    }
                    Outcome { id: request_id, seq }
                }
                Command::CreateCase { body_id, case } => in_own_frame!(crate::cases::create_case!(gl, tx, actor, body_id, *case)),
                Command::Review { case_id, action, role, officer_id, signer } => {
                    in_own_frame!(crate::review::review_event!(gl, tx, actor, case_id, action, role, officer_id, signer))
                }
                Command::RegisterSigningKey { user_id, key, salt } => {
                    crate::review::register_key!(gl, tx, actor, user_id, &key, &salt)
                }
                Command::MarkCaseForReview { case_id, marks, reason } => {
                    crate::review::mark_case!(gl, tx, actor, case_id, marks, reason)
                }
                Command::FileReviewList { body_id, items, effective_from, review_days, reason } => {
                    in_own_frame!(crate::review::file_review_list!(gl, tx, actor, body_id, items, effective_from, review_days, reason))
                }
                Command::DraftAnnualReports { year, today } => {
                    in_own_frame!(crate::annual::draft_annual_reports!(gl, tx, actor, year, today))
                }
                Command::EditAnnualReport { id, metric, value, reason } => {
                    in_own_frame!(crate::annual::edit_annual_report!(gl, tx, actor, id, metric, value, reason))
                }
                Command::PublishAnnualReport { id } => in_own_frame!(crate::annual::publish_annual_report!(gl, tx, actor, id)),
                Command::FileBodyList { body_id, list, effective_from, reason } => {
                    in_own_frame!(crate::lists::file_body_list!(gl, tx, actor, body_id, list, effective_from, reason))
                }
                Command::RecordArchiveReport { case_id, body_id, case_number, occasion, report, package_sm3, package_size } => {
                    if let Some(b) = body_id {
                        in_scope(actor, b, "执法主体")?;
                    }
                    let text = serde_json::to_string(&*report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    let row: crate::model::ArchiveReport = sqlx::query_as(
                        "INSERT INTO archive_reports (case_id, body_id, case_number, occasion, passed, report, package_sm3, package_size, created_by, created_at) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *")
                        .bind(case_id).bind(body_id).bind(&case_number).bind(&occasion).bind(report.passed).bind(&text)
                        .bind(&package_sm3).bind(package_size).bind(actor.user_id).bind(now())
                        .fetch_one(&mut *tx).await?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, body_id, "archive.report", "archive_reports", id, row);
                    Outcome { id, seq }
                }
                Command::FileTemplate { body_id, kind, content, note } => {
                    crate::documents::file_template!(gl, tx, actor, body_id, kind, content, note)
                }
                Command::DecideTemplate { id, approve, note } => crate::documents::decide_template!(gl, tx, actor, id, approve, note),
                Command::IssueDocument { case_id, kind, step_id } => {
                    in_own_frame!(crate::documents::issue_document!(gl, tx, actor, case_id, kind, step_id, self.public_url()))
                }
                Command::RecordStep { case_id, step, role, officer_id, signer } => {
                    in_own_frame!(crate::cases::record_step!(gl, tx, actor, case_id, *step, role, officer_id, self.calendar(), signer))
                }
                Command::ImportHolidays { year, schedule, source } => {
                    if actor.scope != Scope::All {
                        return Err(StoreError::NotFound("节假日安排"));
                    }
                    let mut inv = Invalid::default();
                    let source = zhifa_core::error::required_text(&mut inv, "source", "通知文号或标题", &source, 200);
                    inv.into_result(())?;
                    let row: crate::model::HolidayYear = sqlx::query_as(
                        "INSERT INTO holiday_years (year, schedule, source, imported_by, imported_at) VALUES ($1,$2,$3,$4,$5) RETURNING *")
                        .bind(i64::from(year)).bind(&schedule).bind(&source).bind(actor.user_id).bind(now())
                        .fetch_one(&mut *tx).await?;
                    let id = row.id;
                    let seq = journal_new!(gl, tx, actor, None, "calendar.import", "holiday_years", id, row);
                    Outcome { id, seq }
                }
                Command::PublishDecision { id, text } => crate::publicity::publish!(gl, tx, actor, id, text),
                Command::WithholdPublication { id, ground, note } => crate::publicity::withhold!(gl, tx, actor, id, ground, note),
                Command::ChangeDecision { id, change, withdraw } => {
                    crate::publicity::change_decision!(gl, tx, actor, id, change, withdraw, &self.calendar())
                }
                Command::SetUserActive { id, active } => {
                    let row: UserRow = sqlx::query_as("SELECT * FROM users WHERE id = $1").bind(id)
                        .fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("账号"))?;
                    match row.body_id { Some(b) => in_scope(actor, b, "账号")?, None if actor.scope != Scope::All => return Err(StoreError::NotFound("账号")), None => {} }
                    sqlx::query("UPDATE users SET active = $1 WHERE id = $2").bind(active).bind(id).execute(&mut *tx).await?;
                    if !active {
                        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now()).bind(id).execute(&mut *tx).await?;
                    }
                    let row: UserRow = sqlx::query_as("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                    let body = row.body_id;
                    let seq = journal!(gl, tx, actor, body, "user.active", "users", id, User::from(row));
                    Outcome { id, seq }
                }
            };
            Ok::<Outcome, StoreError>(out)
            }.await;
            match result {
                Ok(o) => {
                    tx.commit().await.map_err(|e| (index, StoreError::from(e)))?;
                    outs.push(Ok(o));
                }
                Err(e) => {
                    tx.rollback().await.map_err(|e| (index, StoreError::from(e)))?;
                    gl.reset(mark);
                    if atomic {
                        return Err((index, e));
                    }
                    outs.push(Err(e));
                }
            }
            progress(index + 1);
            }
            let n = outs.len();
            async { close_ledger!(group, gl); Ok::<_, StoreError>(()) }.await.map_err(|e| (n, e))?;
            group.commit().await.map_err(|e| (n, StoreError::from(e)))?;
            self.watch.committed(gl.next_index() as u64, (gl.seq() - first_seq) as u64);
            Ok(outs)
        })
    }
}
