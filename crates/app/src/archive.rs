//! Case files as archive packages (DA/T 70): assembled from the records, checked for the four
//! properties (真实性、完整性、可用性、安全性), the report journaled with the package's SM3; at
//! archiving, on demand, at export, and for a package brought from outside.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::archive::Report;
use zhifa_core::ids::{BodyId, CaseId};
use zhifa_store::Command;
use zhifa_store::model::{ArchiveReport, Case};

/// A temporary package file, removed when dropped.
#[derive(Debug)]
pub struct TempPackage(PathBuf);

impl TempPackage {
    /// A new, not yet written, file in the system's temporary folder.
    pub fn new() -> Self {
        let name = format!("zhifa-archive-{}-{}.zip", std::process::id(), rand::random::<u64>());
        TempPackage(std::env::temp_dir().join(name))
    }
    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempPackage {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempPackage {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A four-property report as stored.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ArchiveReportView)]
pub struct ReportView {
    /// id
    pub id: i64,
    /// 检测环节
    pub occasion: String,
    /// 四性均通过
    pub passed: bool,
    /// 案卷包 SM3
    pub package_sm3: String,
    /// 案卷包字节数
    pub package_size: i64,
    /// 检测时间
    pub created_at: DateTime<Utc>,
    /// the report
    #[schema(value_type = Object)]
    pub report: Report,
}

impl ReportView {
    fn of(r: &ArchiveReport) -> AppResult<Self> {
        Ok(ReportView {
            id: r.id,
            occasion: r.occasion.clone(),
            passed: r.passed,
            package_sm3: r.package_sm3.clone(),
            package_size: r.package_size,
            created_at: r.created_at,
            report: serde_json::from_str(&r.report).map_err(|e| AppError::Internal(e.to_string()))?,
        })
    }
}

/// A case the caller may read.
async fn readable_case(app: &App, who: &Who, id: i64) -> AppResult<Case> {
    let c = app.store.case(who.caller.scope(), id).await?.ok_or(AppError::NotFound("案件"))?;
    who.require(Action::ReadCases, Some(c.body_id))?;
    Ok(c)
}

/// Assembles the package of a case into a temporary file and checks it: the package and the
/// command that journals its report (for the caller to run, alone or with the change it
/// belongs to, as the archiving step).
pub async fn assemble(app: &App, who: &Who, c: &Case, occasion: &str) -> AppResult<(TempPackage, Command)> {
    // Every record of the case must be under a signed checkpoint before it can be proven.
    app.checkpoint_once().await?;
    let tmp = TempPackage::new();
    let keys = app.ledger_keys.verifier_keys();
    let a = app.store.assemble_archive(&app.evidence, c.id, &keys, &tmp.0).await?;
    // The package is sealed in the ledger (组卷登记), the seal put under a signed checkpoint,
    // and the package completed with the seal's proof and checked.
    let seal = Command::SealArchive {
        case_id: CaseId(a.case_id),
        occasion: occasion.into(),
        manifest_sm3: a.manifest_sm3,
        items: a.items,
    };
    let sealed = app.store.execute(&who.actor(), seal).await?;
    app.checkpoint_once().await?;
    let report = app.store.finish_archive(sealed.id, &keys, occasion, &tmp.0).await?;
    let digest = package_digest(&tmp.0).await?;
    let cmd = report_command(who, Some(c), occasion, report, digest);
    Ok((tmp, cmd))
}

/// Assembles the package of a case into a temporary file, checks it and journals the report.
async fn assemble_and_record(app: &App, who: &Who, c: &Case, occasion: &str) -> AppResult<(TempPackage, ReportView)> {
    let (tmp, cmd) = assemble(app, who, c, occasion).await?;
    let out = app.store.execute(&who.actor(), cmd).await?;
    Ok((tmp, report_view(app, out.id).await?))
}

/// A report as stored.
pub async fn report_view(app: &App, id: i64) -> AppResult<ReportView> {
    let row = app.store.archive_report(id).await?.ok_or(AppError::NotFound("检测报告"))?;
    ReportView::of(&row)
}

/// SM3 and length of a package file, read off the async threads.
async fn package_digest(package: &Path) -> AppResult<(String, u64)> {
    let path = package.to_path_buf();
    Ok(tokio::task::spawn_blocking(move || zhifa_store::archive::file_sm3(&path))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??)
}

/// The command that journals a report with the digest (SM3, length) of the package it is about.
fn report_command(who: &Who, case: Option<&Case>, occasion: &str, report: Report, digest: (String, u64)) -> Command {
    let (sm3, size) = digest;
    Command::RecordArchiveReport {
        case_id: case.map(|c| CaseId(c.id)),
        body_id: case.map(|c| c.body_id).or(who.caller.body_id).map(BodyId),
        case_number: case.map(|c| c.number.clone()).unwrap_or_else(|| report.case_number.clone()),
        occasion: occasion.into(),
        report: Box::new(report),
        package_sm3: sm3,
        package_size: size as i64,
    }
}

/// 四性检测（按需）: assembles and checks the case file as it stands, journals the report.
pub async fn check_case(app: &App, who: &Who, id: i64) -> AppResult<ReportView> {
    let c = readable_case(app, who, id).await?;
    Ok(assemble_and_record(app, who, &c, "按需检测").await?.1)
}

/// Every report of a case, oldest first.
pub async fn reports(app: &App, who: &Who, id: i64) -> AppResult<Vec<ReportView>> {
    readable_case(app, who, id).await?;
    app.store.archive_reports(id).await?.iter().map(ReportView::of).collect()
}

/// A case file exported: the case, the package (removed when dropped) and its report.
pub struct Export {
    /// the case
    pub case: Case,
    /// the package file
    pub package: TempPackage,
    /// its four-property report, journaled
    pub report: ReportView,
}

/// Exports the package of a case: the view is journaled (调阅, “导出案卷”), the package
/// assembled, checked and its report journaled.
pub async fn export(app: &App, who: &Who, id: i64, ip: Option<String>) -> AppResult<Export> {
    let c = readable_case(app, who, id).await?;
    let view = Command::RecordAccess {
        object_table: "cases".into(),
        object_id: id,
        body_id: Some(BodyId(c.body_id)),
        ip,
        purpose: Some("导出案卷".into()),
    };
    app.store.execute(&who.actor(), view).await?;
    let (package, report) = assemble_and_record(app, who, &c, "导出").await?;
    Ok(Export { case: c, package, report })
}

/// Checks a package brought from outside against this installation's published ledger keys
/// and journals the report (the package itself is not kept).
pub async fn check_foreign(app: &App, who: &Who, package: &TempPackage) -> AppResult<ReportView> {
    who.require(Action::ReadCases, Some(who.caller.body_id.unwrap_or(-1)))?;
    let keys = app.ledger_keys.verifier_keys();
    let path = package.path().to_path_buf();
    let mut report = tokio::task::spawn_blocking(move || zhifa_store::archive::check_package(&path, &keys, "导入核验"))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let digest = package_digest(package.path()).await?;
    // Beyond what anyone can check offline: the seal must be one this installation journaled.
    app.store.compare_with_seal(package.path(), &digest.0, &mut report).await?;
    let cmd = report_command(who, None, "导入核验", report, digest);
    let out = app.store.execute(&who.actor(), cmd).await?;
    report_view(app, out.id).await
}
