//! The one write path: every change of registry or account data is a [`Command`], run by
//! [`Store::execute`] in one transaction together with its `change_log` entry (the object's
//! content hash after the change and the hash before it). The ledger builds on these entries.

use crate::db::query::Tx;
use crate::journal::Write;
use crate::ledger::GroupLedger;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::access::Role;
use zhifa_core::ids::{BodyId, CaseId, OfficerId, UserId};
use zhifa_core::registry::{
    ReviewerKind, ValidBody, ValidCertificate, ValidOfficer, ValidPowerItem, ValidStatusChange, ValidTraining,
};

pub use crate::db::now;
pub use crate::journal::{Actor, content_hash};

/// The most changes one group commit carries.
const GROUP_MAX: usize = 256;

/// A change waiting for the committer.
pub(crate) struct Job {
    actor: Actor,
    cmd: Command,
    reply: tokio::sync::oneshot::Sender<Result<Outcome>>,
}

/// A change of registry or account data.
#[derive(Debug, Clone)]
pub enum Command {
    /// 新建执法主体
    CreateBody(ValidBody),
    /// 修改执法主体
    UpdateBody {
        /// body
        id: BodyId,
        /// new content
        body: ValidBody,
    },
    /// 新增执法人员
    CreateOfficer(ValidOfficer),
    /// 修改执法人员
    UpdateOfficer {
        /// officer
        id: OfficerId,
        /// new content
        officer: ValidOfficer,
    },
    /// 新增培训考试记录
    AddTraining {
        /// officer
        officer_id: OfficerId,
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
        officer_id: OfficerId,
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
        body_id: Option<BodyId>,
        /// linked officer
        officer_id: Option<OfficerId>,
        /// set by an administrator: to be changed by its holder at the first sign-in
        must_change_password: bool,
    },
    /// 设置密码: the holder's own change (with the signing key re-wrapped under the new
    /// password), or an administrator's reset (to be changed at the next sign-in; every session
    /// of the account ends)
    SetPassword {
        /// the account
        user_id: UserId,
        /// argon2id PHC string of the new password
        password_hash: String,
        /// an administrator's reset
        reset: bool,
        /// the holder's signing key wrapped under the new password
        rewrap: Option<crate::accounts::Rewrap>,
    },
    /// 调阅: a view of a protected record, journaled like a change (seed §三(四)2).
    RecordAccess {
        /// table of the record viewed
        object_table: String,
        /// row viewed
        object_id: i64,
        /// whose record
        body_id: Option<BodyId>,
        /// client address
        ip: Option<String>,
        /// stated purpose
        purpose: Option<String>,
    },
    /// 报备本机关调整的文书模板
    FileTemplate {
        /// body
        body_id: BodyId,
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
        /// the document, composed and rendered by [`Store::prepare_document`]
        doc: Box<crate::documents::PreparedDocument>,
    },
    /// 法制审核：送审、审核意见、异议、协商、负责人处理
    Review {
        /// case
        case_id: CaseId,
        /// what is done
        action: crate::review::ReviewAction,
        /// the caller's role
        role: Role,
        /// the caller's officer record
        officer_id: Option<OfficerId>,
        /// the caller's personal key, opened with their password (required of every person)
        signer: Option<crate::review::Signer>,
    },
    /// 登记个人签名密钥（公钥记入账本）
    RegisterSigningKey {
        /// the key's owner (the caller)
        user_id: UserId,
        /// the key, wrapped
        key: zhifa_ledger::personal::WrappedKey,
        /// the salt of the password derivation, hex
        salt: String,
    },
    /// 标记案件属于法制审核范围（只增不减）
    MarkCaseForReview {
        /// case
        case_id: CaseId,
        /// marks to add
        marks: zhifa_core::review::Marks,
        /// why
        reason: String,
    },
    /// 制定或修改本机关法制审核事项清单
    FileReviewList {
        /// body
        body_id: BodyId,
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
        body_id: BodyId,
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
    /// 组卷登记: seals a package just assembled (its manifest's SM3 and its items)
    SealArchive {
        /// the case
        case_id: CaseId,
        /// 归档时 / 按需检测 / 导出
        occasion: String,
        /// SM3 of the manifest as written
        manifest_sm3: String,
        /// the items, `[[件号, path, SM3], …]`
        items: String,
    },
    /// 记录四性检测报告
    RecordArchiveReport {
        /// case (none for a package brought in)
        case_id: Option<CaseId>,
        /// body
        body_id: Option<BodyId>,
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
        body_id: BodyId,
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
        body_id: BodyId,
        /// validated case
        case: Box<zhifa_core::case::ValidCase>,
    },
    /// 记录办案环节, checked by the procedure machine of the case's kind first
    RecordStep {
        /// case
        case_id: CaseId,
        /// validated step
        step: Box<zhifa_core::case::ValidStep>,
        /// the recorder's role
        role: Role,
        /// the recorder's officer record
        officer_id: Option<OfficerId>,
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
    /// 变更账号角色、所属主体和关联执法人员（该账号的会话全部结束）
    SetUserRole {
        /// user
        id: UserId,
        /// the new role
        role: Role,
        /// body (none for a district-wide role)
        body_id: Option<BodyId>,
        /// linked officer
        officer_id: Option<OfficerId>,
    },
    /// 解除账号锁定
    UnlockUser {
        /// user
        id: UserId,
    },
    /// 预警线索：使一个对象的未关闭线索与规则当前的发现一致（新发现、事实变化、情形消除）
    SyncClues {
        /// the subject (`case:12`, `officer:5`)
        subject: String,
        /// what the rules find now
        hits: Vec<crate::supervision::NewClue>,
    },
    /// 调整预警阈值
    SetWarningThresholds {
        /// the thresholds
        thresholds: zhifa_core::supervision::Thresholds,
        /// why
        reason: String,
    },
    /// 督办：线索分流处置或不予处理（说明理由）
    ActOnClue {
        /// the clue
        clue_id: i64,
        /// route or dismiss
        act: zhifa_core::supervision::oversight::ClueAct,
        /// the route of a routing
        route: Option<zhifa_core::supervision::oversight::Route>,
        /// the note (the reasons of a dismissal)
        note: Option<String>,
    },
    /// 督办：制发监督通知书、监督意见书或纠正通知书
    IssueNotice {
        /// what to issue
        notice: Box<crate::supervision::NewNotice>,
    },
    /// 督办：执法主体回复
    ReplyNotice {
        /// the document
        notice_id: i64,
        /// the reply
        reply: zhifa_core::supervision::oversight::ReplyInput,
    },
    /// 督办：司法局审查回复（办结或退回重办）
    ConcludeNotice {
        /// the document
        notice_id: i64,
        /// the verdict
        verdict: zhifa_core::supervision::oversight::ConcludeInput,
    },
    /// 投诉举报：登记（网上投诉、12345工单、来信来访）
    RegisterComplaint {
        /// the checked complaint
        draft: Box<zhifa_core::supervision::complaints::ComplaintDraft>,
        /// its tracking code
        code: String,
        /// from the public form (no account)
        public: bool,
    },
    /// 投诉举报：办理环节（分派、异议、受理、不予受理、延期、办结、答复、复查、复核）
    ActOnComplaint {
        /// the complaint
        id: i64,
        /// the checked act
        act: Box<zhifa_core::supervision::complaints::CheckedAct>,
        /// asked by the complainant with the tracking code
        complainant: bool,
    },
    /// 案卷评查：保存评查标准的新版本
    SaveEvaluationStandard {
        /// the standard
        standard: Box<zhifa_core::supervision::evaluation::Standard>,
    },
    /// 案卷评查：公告评查活动（名单、默克尔根、事先确定的随机源）
    AnnounceCampaign {
        /// the checked campaign
        draft: Box<zhifa_core::supervision::evaluation::CampaignDraft>,
    },
    /// 案卷评查：抽取前重新公告（新的随机源，写明理由）
    ReannounceCampaign {
        /// the campaign
        id: i64,
        /// why
        reason: String,
        /// the new entropy source
        entropy_source: String,
        /// when it becomes public
        entropy_at: chrono::DateTime<chrono::Utc>,
    },
    /// 案卷评查：随机源公布后抽取案卷和评查人
    DrawCampaign {
        /// the campaign
        id: i64,
        /// the entropy as entered
        entropy: String,
    },
    /// 案卷评查：评查人提交评查表
    SubmitEvaluationSheet {
        /// the sheet
        id: i64,
        /// what the reviewer marked
        sheet: Box<zhifa_core::supervision::evaluation::Sheet>,
    },
    /// 案卷评查：公布结果
    PublishCampaign {
        /// the campaign
        id: i64,
    },
    /// 双随机：导入检查对象名录（新版本）
    ImportRoster {
        /// the body
        body_id: i64,
        /// the file's name
        source: String,
        /// a note
        note: Option<String>,
        /// the objects, checked
        objects: Vec<zhifa_core::spotcheck::RosterObject>,
    },
    /// 双随机：公告抽查任务（名单、默克尔根、事先确定的随机源）
    AnnounceSpotcheck {
        /// the checked task
        draft: Box<zhifa_core::spotcheck::TaskDraft>,
    },
    /// 双随机：抽取前重新公告（新的随机源，写明理由）
    ReannounceSpotcheck {
        /// the task
        id: i64,
        /// why
        reason: String,
        /// the new entropy source
        entropy_source: String,
        /// when it becomes public
        entropy_at: chrono::DateTime<chrono::Utc>,
    },
    /// 双随机：随机源公布后抽取
    DrawSpotcheck {
        /// the task
        id: i64,
        /// the entropy as entered
        entropy: String,
    },
    /// 双随机：抽中的对象开始检查——以抽中的检查人员登记行政检查案件
    InspectPick {
        /// the pick
        pick_id: i64,
        /// the inspection case, checked
        case: Box<zhifa_core::case::ValidCase>,
    },
    /// 考核评议：调整指标权重
    SetAssessmentWeights {
        /// the weights
        weights: zhifa_core::supervision::assessment::Weights,
        /// why
        reason: String,
    },
    /// 考核评议：公布年度考核结果
    PublishAssessment {
        /// the year
        year: i32,
        /// the weights' version (none: the default)
        weights_id: Option<i64>,
        /// the weights, JSON
        weights: String,
        /// the table, JSON
        result: String,
    },
    /// 停用或启用账号
    SetUserActive {
        /// user
        id: UserId,
        /// active
        active: bool,
    },
}

/// What a command produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    /// The id of the object created or changed.
    pub id: i64,
    /// The journal sequence number of the change.
    pub seq: i64,
    /// For a recorded step: the case's stage after it and the procedure's prompts.
    #[serde(skip)]
    pub step: Option<StepRecorded>,
}

impl Outcome {
    /// The outcome of a change of row `id` journaled as entry `seq`.
    pub fn new(id: i64, seq: i64) -> Self {
        Outcome { id, seq, step: None }
    }
}

/// What recording a step tells its caller, read in the step's own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecorded {
    /// The case's stage after the step.
    pub stage: zhifa_core::case::Stage,
    /// The procedure's prompts (they do not stop the work).
    pub prompts: Vec<String>,
}

impl Store {
    /// Runs one change with its journal entry and ledger leaf. Nothing of it is written when a
    /// check fails. Concurrent calls share one database transaction (group commit): each runs
    /// in its own savepoint, so one refused change does not touch the others, and one fsync
    /// makes a whole group durable before any of its callers is answered.
    pub async fn execute(&self, actor: &Actor, cmd: Command) -> Result<Outcome> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job { actor: *actor, cmd, reply };
        let outcome = match self.committer().send(job) {
            Ok(()) => answer.await.map_err(|_| StoreError::Corrupt("提交任务已中止".into()))?,
            // The committer is gone (its runtime ended): run the change alone.
            Err(tokio::sync::mpsc::error::SendError(job)) => self
                .run_group(vec![(job.actor, job.cmd)], false, |_| {})
                .await
                .map_err(|(_, e)| e)?
                .pop()
                .unwrap_or_else(|| Err(StoreError::Corrupt("empty group".into()))),
        }?;
        if let Some(user) = actor.user_id {
            self.watch.wrote(user);
        }
        Ok(outcome)
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
        let _one_writer = self.writer_slot().await;
        let mut group = Tx::begin_write(self).await.map_err(|e| (0, e))?;
        let mut gl = GroupLedger::open(&mut group, ledger_alg).await.map_err(|e| (0, e))?;
        let first_seq = gl.seq();
        let mut outs = Vec::with_capacity(jobs.len());
        for (index, (actor, cmd)) in jobs.into_iter().enumerate() {
            let mark = gl.mark();
            let mut tx = group.savepoint().await.map_err(|e| (index, e))?;
            let mut w = Write { tx: &mut tx, gl: &mut gl, actor: &actor };
            let result = apply(self, &mut w, cmd).await;
            match result {
                Ok(o) => {
                    tx.commit().await.map_err(|e| (index, e))?;
                    outs.push(Ok(o));
                }
                Err(e) => {
                    tx.rollback().await.map_err(|e| (index, e))?;
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
        gl.close(&mut group).await.map_err(|e| (n, e))?;
        group.commit().await.map_err(|e| (n, e))?;
        self.watch.committed(gl.next_index() as u64, (gl.seq() - first_seq) as u64);
        Ok(outs)
    }
}

/// Runs one command on its savepoint: the command's own function, in the module of its
/// aggregate.
async fn apply(store: &Store, w: &mut Write<'_, '_>, cmd: Command) -> Result<Outcome> {
    use crate::{
        accounts, annual, archive, assessment, cases, complaints, documents, evaluation, evidence, lists, publicity,
        registry, review, spotcheck, supervision,
    };
    Ok(match cmd {
        Command::CreateBody(b) => registry::create_body(w, b).await?,
        Command::UpdateBody { id, body: b } => registry::update_body(w, id.get(), b).await?,
        Command::CreateOfficer(o) => registry::create_officer(w, o).await?,
        Command::UpdateOfficer { id, officer: o } => registry::update_officer(w, id.get(), o).await?,
        Command::AddTraining { officer_id, training } => registry::add_training(w, officer_id.get(), training).await?,
        Command::CreateCertificate(c) => registry::create_certificate(w, c).await?,
        Command::ChangeCertificateStatus { id, change } => registry::change_certificate_status(w, id, change).await?,
        Command::AddPowerItemVersion(p) => registry::add_power_item_version(w, p).await?,
        Command::DesignateReviewer { officer_id, kind, since } => {
            registry::designate_reviewer(w, officer_id.get(), kind, since).await?
        }
        Command::CreateUser {
            username,
            display_name,
            password_hash,
            role,
            body_id,
            officer_id,
            must_change_password,
        } => {
            let new = registry::NewAccount {
                username,
                display_name,
                password_hash,
                role,
                body_id: body_id.map(BodyId::get),
                officer_id: officer_id.map(OfficerId::get),
                must_change_password,
            };
            registry::create_user(w, new).await?
        }
        Command::SetPassword { user_id, password_hash, reset, rewrap } => {
            accounts::set_password(w, user_id.get(), password_hash, reset, rewrap).await?
        }
        Command::RecordAccess { object_table, object_id, body_id, ip, purpose } => {
            accounts::record_access(w, object_table, object_id, body_id.map(BodyId::get), ip, purpose).await?
        }
        Command::AddEvidence { body_id, meta, sm3, sha256, size } => {
            evidence::add_evidence(w, body_id.get(), meta, sm3, sha256, size).await?
        }
        Command::RequestEvidenceDeletion { evidence_id, reason } => {
            evidence::request_evidence_deletion(w, evidence_id, reason).await?
        }
        Command::DecideEvidenceDeletion { request_id, role, approve } => {
            evidence::decide_evidence_deletion(w, request_id, role, approve).await?
        }
        Command::CreateCase { body_id, case } => cases::create_case(w, body_id.get(), &case).await?,
        Command::Review { case_id, action, role, officer_id, signer } => {
            review::review_event(w, case_id.get(), action, role, officer_id.map(OfficerId::get), signer).await?
        }
        Command::RegisterSigningKey { user_id, key, salt } => {
            review::register_key(w, user_id.get(), &key, &salt).await?
        }
        Command::MarkCaseForReview { case_id, marks, reason } => {
            review::mark_case(w, case_id.get(), marks, reason).await?
        }
        Command::FileReviewList { body_id, items, effective_from, review_days, reason } => {
            review::file_review_list(w, body_id.get(), items, effective_from, review_days, reason).await?
        }
        Command::DraftAnnualReports { year, today } => annual::draft_annual_reports(w, year, today).await?,
        Command::EditAnnualReport { id, metric, value, reason } => {
            annual::edit_annual_report(w, id, metric, value, reason).await?
        }
        Command::PublishAnnualReport { id } => annual::publish_annual_report(w, id).await?,
        Command::FileBodyList { body_id, list, effective_from, reason } => {
            lists::file_body_list(w, body_id.get(), list, effective_from, reason).await?
        }
        Command::SealArchive { case_id, occasion, manifest_sm3, items } => {
            archive::seal_archive(w, case_id.get(), &occasion, &manifest_sm3, &items).await?
        }
        Command::RecordArchiveReport { case_id, body_id, case_number, occasion, report, package_sm3, package_size } => {
            let (case_id, body_id) = (case_id.map(CaseId::get), body_id.map(BodyId::get));
            let r = archive::NewReport { case_id, body_id, case_number, occasion, report, package_sm3, package_size };
            archive::record_archive_report(w, r).await?
        }
        Command::FileTemplate { body_id, kind, content, note } => {
            documents::file_template(w, body_id.get(), kind, &content, &note).await?
        }
        Command::DecideTemplate { id, approve, note } => documents::decide_template(w, id, approve, &note).await?,
        Command::IssueDocument { doc } => documents::issue_document(w, *doc, store.public_url()).await?,
        Command::RecordStep { case_id, step, role, officer_id, signer } => {
            cases::record_step(w, case_id.get(), *step, role, officer_id.map(OfficerId::get), store.calendar(), signer)
                .await?
        }
        Command::ImportHolidays { year, schedule, source } => cases::import_holidays(w, year, schedule, source).await?,
        Command::PublishDecision { id, text } => publicity::publish(w, id, text).await?,
        Command::WithholdPublication { id, ground, note } => publicity::withhold(w, id, ground, note).await?,
        Command::ChangeDecision { id, change, withdraw } => {
            publicity::change_decision(w, id, change, withdraw, &store.calendar()).await?
        }
        Command::SetUserActive { id, active } => registry::set_user_active(w, id.get(), active).await?,
        Command::SetUserRole { id, role, body_id, officer_id } => {
            registry::set_user_role(w, id.get(), role, body_id.map(BodyId::get), officer_id.map(OfficerId::get)).await?
        }
        Command::UnlockUser { id } => registry::unlock_user(w, id.get()).await?,
        Command::SyncClues { subject, hits } => supervision::sync_clues(w, subject, hits).await?,
        Command::SetWarningThresholds { thresholds, reason } => {
            supervision::set_thresholds(w, thresholds, reason).await?
        }
        Command::ActOnClue { clue_id, act, route, note } => {
            supervision::act_on_clue(w, clue_id, act, route, note).await?
        }
        Command::IssueNotice { notice } => supervision::issue_notice(w, *notice, &store.calendar()).await?,
        Command::ReplyNotice { notice_id, reply } => supervision::reply_notice(w, notice_id, reply).await?,
        Command::ConcludeNotice { notice_id, verdict } => {
            supervision::conclude_notice(w, notice_id, verdict, &store.calendar()).await?
        }
        Command::RegisterComplaint { draft, code, public } => {
            complaints::register_complaint(w, *draft, code, public).await?
        }
        Command::ActOnComplaint { id, act, complainant } => {
            complaints::act_on_complaint(w, id, *act, complainant, &store.calendar()).await?
        }
        Command::SaveEvaluationStandard { standard } => evaluation::save_standard(w, *standard).await?,
        Command::AnnounceCampaign { draft } => evaluation::announce_campaign(w, *draft).await?,
        Command::ReannounceCampaign { id, reason, entropy_source, entropy_at } => {
            evaluation::reannounce_campaign(w, id, reason, entropy_source, entropy_at).await?
        }
        Command::DrawCampaign { id, entropy } => evaluation::draw_campaign(w, id, entropy).await?,
        Command::SubmitEvaluationSheet { id, sheet } => evaluation::submit_sheet(w, id, *sheet).await?,
        Command::PublishCampaign { id } => evaluation::publish_campaign(w, id).await?,
        Command::ImportRoster { body_id, source, note, objects } => {
            spotcheck::import_roster(w, body_id, source, note, objects).await?
        }
        Command::AnnounceSpotcheck { draft } => spotcheck::announce_task(w, *draft).await?,
        Command::ReannounceSpotcheck { id, reason, entropy_source, entropy_at } => {
            spotcheck::reannounce_task(w, id, reason, entropy_source, entropy_at).await?
        }
        Command::DrawSpotcheck { id, entropy } => spotcheck::draw_task(w, id, entropy).await?,
        Command::InspectPick { pick_id, case } => spotcheck::inspect_pick(w, pick_id, &case).await?,
        Command::SetAssessmentWeights { weights, reason } => assessment::set_weights(w, weights, reason).await?,
        Command::PublishAssessment { year, weights_id, weights, result } => {
            assessment::publish(w, year, weights_id, weights, result).await?
        }
    })
}
