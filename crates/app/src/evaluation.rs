//! 案卷评查: the bureau keeps the scoring standard's versions, announces a campaign (the files
//! closed in a period, the reviewers, the 回避 pairs and an entropy source fixed in advance),
//! draws once the entropy is public and the announcement is under a signed checkpoint, and
//! publishes the results; each drawn reviewer scores their files on a sheet the platform
//! pre-fills from its own findings on the case (the warning clues), and a third reviewer is
//! called in where two differ by more than the gap. Anyone can re-run a published draw
//! (`draw_check`).

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::draw;
use zhifa_core::ids::BodyId;
use zhifa_core::supervision::evaluation::{
    CampaignInput, CampaignStatus, Finding, Grade, Scored, Sheet, SheetRole, Standard, body_result, grade, points,
    prefill, score,
};
use zhifa_store::evaluation::{announced, outcome_of, standard_of};
use zhifa_store::model::{EvaluationCampaign, EvaluationFile, EvaluationSheet, EvaluationStandard};
use zhifa_store::write::{Command, Outcome};

/// A standard's version with its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandardView {
    /// the row
    pub row: EvaluationStandard,
    /// the standard
    pub standard: Standard,
}

/// One drawn file with its reviewers, as the bureau sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    /// the file
    pub file: EvaluationFile,
    /// 执法主体
    pub body_name: String,
    /// 最终得分（分）
    pub total_points: Option<String>,
    /// 等次
    pub grade_label: Option<String>,
    /// 状态
    pub status_label: String,
    /// its sheets
    pub sheets: Vec<SheetLine>,
}

/// A reviewer's line on a file.
#[derive(Debug, Serialize, ToSchema)]
pub struct SheetLine {
    /// the sheet
    pub sheet: EvaluationSheet,
    /// 评查人
    pub reviewer: String,
    /// 所在执法主体
    pub reviewer_body: String,
    /// 第一、第二、第三评查人
    pub role_label: String,
    /// 得分（分）
    pub total_points: Option<String>,
}

/// A body's result in a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct BodyResult {
    /// 执法主体
    pub body_id: i64,
    /// 名称
    pub body_name: String,
    /// 抽查案卷数
    pub files: usize,
    /// 已定分
    pub settled: usize,
    /// 平均分（十分之一分）
    pub mean: Option<u32>,
    /// 平均分（分）
    pub mean_points: Option<String>,
    /// 等次
    pub grade_label: Option<String>,
    /// 优秀、合格、不合格的案卷数
    pub excellent: usize,
    /// 合格
    pub pass: usize,
    /// 不合格
    pub fail: usize,
}

/// A campaign as the bureau (or, published, the public) sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    /// the campaign
    pub campaign: EvaluationCampaign,
    /// 状态
    pub status_label: String,
    /// 评查标准
    pub standard_name: String,
    /// 标准版本
    pub standard_version: i64,
    /// the quota in words
    pub quota: String,
    /// 分差（分）
    pub gap_points: String,
    /// the draw's strata and cut-offs (once drawn)
    pub strata: Vec<draw::Stratum>,
    /// the files (the bureau's view; empty for the public)
    pub files: Vec<FileView>,
    /// per body
    pub bodies: Vec<BodyResult>,
}

/// A reviewer's sheet with the case they score.
#[derive(Debug, Serialize, ToSchema)]
pub struct SheetView {
    /// the sheet
    pub sheet: EvaluationSheet,
    /// the campaign
    pub campaign: EvaluationCampaign,
    /// the file
    pub file: EvaluationFile,
    /// 第几评查人
    pub role_label: String,
    /// 执法主体
    pub body_name: String,
    /// the case's kind, stage and facts
    pub case: CaseBrief,
    /// the steps recorded
    pub steps: Vec<StepBrief>,
    /// the documents issued
    pub documents: Vec<DocumentBrief>,
    /// the standard it is scored under
    pub standard: Standard,
    /// what the platform found on the case
    pub findings: Vec<Finding>,
    /// the sheet the platform proposes (unsubmitted) or the one submitted
    pub proposed: Sheet,
    /// the submitted sheet's result
    pub scored: Option<Scored>,
}

/// A case as a reviewer reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseBrief {
    /// 案号
    pub number: String,
    /// 类型
    pub kind_label: String,
    /// 阶段
    pub stage_label: String,
    /// 权责事项
    pub power_item: String,
    /// 案情
    pub facts: String,
    /// 当事人
    pub parties: String,
}

/// A step as a reviewer reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepBrief {
    /// 环节
    pub label: String,
    /// 时间（北京时间）
    pub at: String,
    /// 记录内容 (JSON)
    pub data: String,
    /// what it records, as a reader reads it
    pub text: String,
}

/// A step's record in words: its result, place, people present, content and notes.
fn step_text(kind: zhifa_core::case::StepKind, data: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(data).unwrap_or_default();
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).filter(|x| !x.is_empty());
    let mut parts = Vec::new();
    if let Some(r) = text("result") {
        parts.push(format!("结论：{}", zhifa_core::case::result_label(kind, r)));
    }
    if let Some(p) = text("place") {
        parts.push(format!("地点：{p}"));
    }
    if let Some(n) = v.get("officer_ids").and_then(|x| x.as_array()).filter(|a| !a.is_empty()) {
        parts.push(format!("执法人员{}名", n.len()));
    }
    if let Some(c) = text("content") {
        parts.push(c.to_owned());
    }
    if let Some(notes) = v.get("notes").and_then(|x| x.as_array()) {
        parts.extend(notes.iter().filter_map(|n| n.as_str()).map(|n| format!("提示：{n}")));
    }
    parts.join("；")
}

/// A document as a reviewer reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentBrief {
    /// id
    pub id: i64,
    /// 文书
    pub label: String,
    /// 文号
    pub number: Option<String>,
}

/// A sheet waiting for its reviewer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SheetTask {
    /// the sheet's id
    pub sheet_id: i64,
    /// 评查活动
    pub campaign: String,
    /// 案号
    pub case_number: String,
    /// 第几评查人
    pub role_label: String,
}

/// A re-run of a drawn campaign from what was announced: anyone can do it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawCheck {
    /// the task
    pub task: String,
    /// the roots recomputed from the rosters, and whether they match the announced
    pub roots_match: bool,
    /// the key recomputed, and whether it matches the stored one
    pub prk_match: bool,
    /// whether the files and reviewers drawn are those recomputed
    pub assignments_match: bool,
    /// the recomputed draw
    pub outcome: draw::DrawResult,
}

fn tenths(t: Option<i64>) -> Option<String> {
    t.and_then(|t| u32::try_from(t).ok()).map(points)
}

impl App {
    /// Every version of the standard (the shipped default is shown until one is stored).
    pub async fn evaluation_standards(&self, who: &Who) -> AppResult<Vec<StandardView>> {
        who.require(Action::ReadEvaluation, who.caller.body_id)?;
        let mut out = Vec::new();
        for row in self.store.evaluation_standards().await? {
            let standard = standard_of(&row)?;
            out.push(StandardView { row, standard });
        }
        Ok(out)
    }

    /// Stores a new version of the standard.
    pub async fn save_evaluation_standard(&self, who: &Who, standard: Standard) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        standard.check()?;
        Ok(self.store.execute(&who.actor(), Command::SaveEvaluationStandard { standard: Box::new(standard) }).await?)
    }

    /// Announces a campaign.
    pub async fn announce_campaign(&self, who: &Who, input: CampaignInput) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        let draft = input.check(chrono::Utc::now())?;
        let o = self.store.execute(&who.actor(), Command::AnnounceCampaign { draft: Box::new(draft) }).await?;
        // Sign a checkpoint now, so the announcement is under one long before the entropy.
        self.checkpoint_once().await?;
        Ok(o)
    }

    /// Announces again with a new entropy source, with the reasons.
    pub async fn reannounce_campaign(
        &self,
        who: &Who,
        id: i64,
        reason: String,
        entropy_source: String,
        entropy_at: &str,
    ) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        let at = zhifa_core::supervision::evaluation::parse_instant(entropy_at)
            .map_err(|e| zhifa_core::Invalid::field("entropy_at", e))?;
        let o = self
            .store
            .execute(&who.actor(), Command::ReannounceCampaign { id, reason, entropy_source, entropy_at: at })
            .await?;
        self.checkpoint_once().await?;
        Ok(o)
    }

    /// Draws, with the entropy now public.
    pub async fn draw_campaign(&self, who: &Who, id: i64, entropy: String) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        Ok(self.store.execute(&who.actor(), Command::DrawCampaign { id, entropy }).await?)
    }

    /// Publishes the results.
    pub async fn publish_campaign(&self, who: &Who, id: i64) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        Ok(self.store.execute(&who.actor(), Command::PublishCampaign { id }).await?)
    }

    /// The campaigns: the bureau all; a body's head and administrator those that drew files
    /// of their body.
    pub async fn evaluation_campaigns(&self, who: &Who) -> AppResult<Vec<EvaluationCampaign>> {
        who.require(Action::ReadEvaluation, who.caller.body_id)?;
        Ok(self.store.evaluation_campaigns().await?)
    }

    /// The campaigns whose results are published.
    pub async fn published_campaigns(&self) -> AppResult<Vec<EvaluationCampaign>> {
        Ok(self
            .store
            .evaluation_campaigns()
            .await?
            .into_iter()
            .filter(|c| c.status == CampaignStatus::Published)
            .collect())
    }

    async fn names(&self) -> AppResult<(BTreeMap<i64, String>, BTreeMap<i64, String>)> {
        let bodies = self.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect();
        let users = self
            .store
            .list_users(zhifa_core::access::Scope::All)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        Ok((bodies, users))
    }

    /// One campaign: the bureau sees every file and sheet; a body's head or administrator the
    /// files of their body; the public, once published, the summary per body.
    pub async fn evaluation_campaign(&self, who: Option<&Who>, id: i64) -> AppResult<CampaignView> {
        let c = self.store.evaluation_campaign(id).await?;
        let scope = match who {
            Some(w) => {
                w.require(Action::ReadEvaluation, w.caller.body_id)?;
                w.caller.scope()
            }
            None if c.status == CampaignStatus::Published => zhifa_core::access::Scope::Body(-1),
            None => return Err(AppError::NotFound("评查活动")),
        };
        let public = who.is_none();
        let standard = self.store.evaluation_standard(c.standard_id).await?;
        let (_, params) = announced(&c)?;
        let strata = outcome_of(&c)?.map(|o| o.strata).unwrap_or_default();
        let (bodies, users) = self.names().await?;
        let files = self.store.evaluation_files(id).await?;
        let sheets = self.store.evaluation_sheets(id).await?;
        let mut per_body: BTreeMap<i64, Vec<&EvaluationFile>> = BTreeMap::new();
        for f in &files {
            per_body.entry(f.body_id).or_default().push(f);
        }
        let body_results = per_body
            .iter()
            .filter(|(b, _)| public || scope.covers(**b))
            .map(|(b, fs)| {
                let totals: Vec<u32> =
                    fs.iter().filter_map(|f| f.total).filter_map(|t| u32::try_from(t).ok()).collect();
                let r = if totals.len() == fs.len() { body_result(&totals) } else { None };
                let count = |g: Grade| totals.iter().filter(|t| grade(**t) == g).count();
                BodyResult {
                    body_id: *b,
                    body_name: bodies.get(b).cloned().unwrap_or_default(),
                    files: fs.len(),
                    settled: totals.len(),
                    mean: r.map(|r| r.0),
                    mean_points: r.map(|r| points(r.0)),
                    grade_label: r.map(|r| r.1.label().to_owned()),
                    excellent: count(Grade::Excellent),
                    pass: count(Grade::Pass),
                    fail: count(Grade::Fail),
                }
            })
            .collect();
        let files = if public {
            Vec::new()
        } else {
            files
                .into_iter()
                .filter(|f| scope.covers(f.body_id))
                .map(|f| FileView {
                    body_name: bodies.get(&f.body_id).cloned().unwrap_or_default(),
                    total_points: tenths(f.total),
                    grade_label: f.grade.as_deref().and_then(|g| Grade::parse(g).ok()).map(|g| g.label().to_owned()),
                    status_label: f.status.label().to_owned(),
                    sheets: sheets
                        .iter()
                        .filter(|s| s.file_id == f.id)
                        .map(|s| SheetLine {
                            reviewer: users.get(&s.reviewer_id).cloned().unwrap_or_default(),
                            reviewer_body: s.reviewer_body_id.and_then(|b| bodies.get(&b).cloned()).unwrap_or_default(),
                            role_label: s.role.label().to_owned(),
                            total_points: tenths(s.total),
                            sheet: s.clone(),
                        })
                        .collect(),
                    file: f,
                })
                .collect()
        };
        Ok(CampaignView {
            status_label: c.status.label().to_owned(),
            standard_name: standard.name.clone(),
            standard_version: standard.version,
            quota: params.quota.describe(),
            gap_points: points(c.gap as u32),
            strata,
            files,
            bodies: body_results,
            campaign: c,
        })
    }

    /// Re-runs a drawn campaign's draw from what was announced and compares it with what was
    /// stored: the rosters' roots, the key and the assignments. Public once drawn.
    pub async fn draw_check(&self, id: i64) -> AppResult<DrawCheck> {
        let c = self.store.evaluation_campaign(id).await?;
        let out = outcome_of(&c)?.ok_or(AppError::Conflict("该评查活动尚未抽取".into()))?;
        let (rosters, _) = announced(&c)?;
        let roots = rosters.roots();
        let roots_match = draw::hex(&roots.objects) == c.files_root
            && draw::hex(&roots.people) == c.reviewers_root
            && draw::hex(&roots.conflicts) == c.conflicts_root;
        let prk_match = c.prk.as_deref() == Some(out.prk.as_str());
        let files = self.store.evaluation_files(id).await?;
        let sheets = self.store.evaluation_sheets(id).await?;
        let users: BTreeMap<i64, String> = self
            .store
            .list_users(zhifa_core::access::Scope::All)
            .await?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect();
        let stored: Vec<(String, Vec<String>)> = files
            .iter()
            .map(|f| {
                let mut r: Vec<(&SheetRole, String)> = sheets
                    .iter()
                    .filter(|s| s.file_id == f.id && s.role != SheetRole::Third)
                    .map(|s| (&s.role, users.get(&s.reviewer_id).cloned().unwrap_or_default()))
                    .collect();
                r.sort_by_key(|x| x.0.code());
                (f.case_number.clone(), r.into_iter().map(|x| x.1).collect())
            })
            .collect();
        let mut drawn: Vec<(String, Vec<String>)> =
            out.chosen.iter().map(|o| (o.key.clone(), o.people.iter().map(|d| d.person.clone()).collect())).collect();
        let mut stored_sorted = stored;
        stored_sorted.sort();
        drawn.sort();
        Ok(DrawCheck {
            task: c.task.clone(),
            roots_match,
            prk_match,
            assignments_match: stored_sorted == drawn,
            outcome: out,
        })
    }

    /// The caller's sheets waiting to be scored (the workbench).
    pub async fn sheet_tasks(&self, who: &Who) -> AppResult<Vec<SheetTask>> {
        let sheets = self.store.open_sheets_of(who.caller.user_id).await?;
        let mut out = Vec::new();
        let mut campaigns: BTreeMap<i64, String> = BTreeMap::new();
        for s in sheets {
            if !campaigns.contains_key(&s.campaign_id) {
                let c = self.store.evaluation_campaign(s.campaign_id).await?;
                campaigns.insert(c.id, c.title);
            }
            let f = self.store.evaluation_file(s.file_id).await?;
            out.push(SheetTask {
                sheet_id: s.id,
                campaign: campaigns.get(&s.campaign_id).cloned().unwrap_or_default(),
                case_number: f.case_number,
                role_label: s.role.label().to_owned(),
            });
        }
        Ok(out)
    }

    /// The workbench's 评查 tasks: a reviewer's sheets to score; for the bureau, a campaign
    /// whose entropy is now public (to draw) and one whose files are all settled (to publish).
    pub async fn evaluation_tasks(&self, who: &Who) -> AppResult<Vec<crate::workbench::Task>> {
        let task = |number: String, campaign: String, title: String, href: String| crate::workbench::Task {
            kind: "evaluation".into(),
            kind_label: "案卷评查".into(),
            case_id: None,
            case_number: number,
            party_names: campaign,
            title,
            due: None,
            due_what: None,
            days_left: None,
            overdue: false,
            href,
        };
        let mut out: Vec<crate::workbench::Task> = self
            .sheet_tasks(who)
            .await?
            .into_iter()
            .map(|t| {
                task(
                    t.case_number,
                    t.campaign,
                    format!("作为{}评查该案卷并提交评查表", t.role_label),
                    format!("/evaluation/sheets/{}", t.sheet_id),
                )
            })
            .collect();
        if zhifa_core::access::allowed(&who.caller, Action::RunEvaluation, None) {
            let now = chrono::Utc::now();
            for c in self.store.evaluation_campaigns().await? {
                let href = format!("/evaluation/{}", c.id);
                match c.status {
                    CampaignStatus::Announced if c.entropy_at <= now => out.push(task(
                        c.task.clone(),
                        c.title.clone(),
                        "随机源已公布：录入结果并抽取案卷和评查人".into(),
                        href,
                    )),
                    CampaignStatus::Drawn => {
                        let files = self.store.evaluation_files(c.id).await?;
                        if files.iter().all(|f| f.total.is_some()) {
                            out.push(task(
                                c.task.clone(),
                                c.title.clone(),
                                "全部案卷已定分：公布评查结果".into(),
                                href,
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    async fn own_sheet(&self, who: &Who, id: i64) -> AppResult<EvaluationSheet> {
        let s = self.store.evaluation_sheet(id).await?;
        if s.reviewer_id != who.caller.user_id && !who.caller.role.is_district_wide() {
            return Err(AppError::NotFound("评查表"));
        }
        Ok(s)
    }

    /// A sheet with the case it scores; the reviewer's reading of the case file is recorded
    /// (调阅, with the campaign as its purpose).
    pub async fn evaluation_sheet(&self, who: &Who, id: i64, ip: Option<String>) -> AppResult<SheetView> {
        let sheet = self.own_sheet(who, id).await?;
        let campaign = self.store.evaluation_campaign(sheet.campaign_id).await?;
        let file = self.store.evaluation_file(sheet.file_id).await?;
        let case =
            self.store.case(zhifa_core::access::Scope::All, file.case_id).await?.ok_or(AppError::NotFound("案件"))?;
        self.store
            .execute(
                &who.actor(),
                Command::RecordAccess {
                    object_table: "cases".into(),
                    object_id: case.id,
                    body_id: Some(BodyId(case.body_id)),
                    ip,
                    purpose: Some(format!("案卷评查（{}）", campaign.task)),
                },
            )
            .await?;
        let standard = standard_of(&self.store.evaluation_standard(campaign.standard_id).await?)?;
        let findings = self.findings(case.id).await?;
        let proposed = match &sheet.sheet {
            Some(text) => serde_json::from_str(text).map_err(|e| AppError::Internal(e.to_string()))?,
            None => prefill(&standard, &findings),
        };
        let scored = match sheet.sheet {
            Some(_) => Some(score(&standard, &proposed)?),
            None => None,
        };
        let steps = self
            .store
            .case_steps(case.id)
            .await?
            .into_iter()
            .map(|s| StepBrief {
                label: s.kind.label().to_owned(),
                at: zhifa_core::time::display(s.occurred_at),
                text: step_text(s.kind, &s.data),
                data: s.data,
            })
            .collect();
        let documents = self
            .store
            .case_documents(case.id)
            .await?
            .into_iter()
            .map(|d| DocumentBrief { id: d.id, label: d.kind.label().to_owned(), number: d.number })
            .collect();
        let body_name = self.store.get_body(case.body_id).await?.map(|b| b.name).unwrap_or_default();
        Ok(SheetView {
            role_label: sheet.role.label().to_owned(),
            body_name,
            case: CaseBrief {
                number: case.number.clone(),
                kind_label: case.kind.label().to_owned(),
                stage_label: case.stage.label().to_owned(),
                power_item: format!("{} {}", case.power_item_code, case.power_item_name),
                facts: case.facts.clone(),
                parties: case.party_names.clone(),
            },
            steps,
            documents,
            standard,
            findings,
            proposed,
            scored,
            sheet,
            campaign,
            file,
        })
    }

    /// What the platform found on a case by itself: every clue its rules raised on it (open or
    /// closed since), as evidence for the sheet.
    async fn findings(&self, case_id: i64) -> AppResult<Vec<Finding>> {
        let clues = self
            .store
            .clues(
                zhifa_core::access::Scope::All,
                &zhifa_store::supervision::ClueFilter {
                    case_id: Some(case_id),
                    status: Some("all".into()),
                    limit: Some(1000),
                    ..Default::default()
                },
            )
            .await?;
        Ok(clues
            .into_iter()
            .filter(|c| c.superseded_by.is_none())
            .map(|c| Finding {
                rule: c.rule.clone(),
                summary: c.summary.clone(),
                reference: format!("/warnings/{}", c.id),
            })
            .collect())
    }

    /// The reviewer submits their sheet. The evidence of each mark is the platform's own
    /// findings for its item, whatever the client sent.
    pub async fn submit_evaluation_sheet(&self, who: &Who, id: i64, mut sheet: Sheet) -> AppResult<Outcome> {
        let s = self.store.evaluation_sheet(id).await?;
        if s.reviewer_id != who.caller.user_id {
            return Err(AppError::NotFound("评查表"));
        }
        let c = self.store.evaluation_campaign(s.campaign_id).await?;
        let standard = standard_of(&self.store.evaluation_standard(c.standard_id).await?)?;
        let file = self.store.evaluation_file(s.file_id).await?;
        let findings = self.findings(file.case_id).await?;
        let of = |rules: &[String]| -> Vec<Finding> {
            findings.iter().filter(|f| rules.iter().any(|r| r == &f.rule)).cloned().collect()
        };
        for v in &mut sheet.vetoes {
            v.evidence = standard.veto(&v.code).map(|i| of(&i.rules)).unwrap_or_default();
        }
        for m in &mut sheet.deductions {
            m.evidence = standard.deduction(&m.code).map(|(_, d)| of(&d.rules)).unwrap_or_default();
        }
        Ok(self.store.execute(&who.actor(), Command::SubmitEvaluationSheet { id, sheet: Box::new(sheet) }).await?)
    }
}
