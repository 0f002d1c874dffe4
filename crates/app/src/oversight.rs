//! 督办: the justice bureau acts on a clue (routes it, dismisses it with reasons, or issues a
//! supervision document to the body), the body replies with what it did, and the bureau
//! accepts the reply or sends it back. A reply not made in time raises W22 (see
//! `warnings.rs`). Each act is one command, journaled with its row.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::supervision::oversight::{ClueAct, ConcludeInput, NoticeInput, ReplyInput, Route};
use zhifa_store::model::{ClueAction, NoticeReply, SupervisionNotice};
use zhifa_store::supervision::{NewNotice, NoticeFilter};
use zhifa_store::write::{Command, Outcome};

/// What the bureau does with a clue, other than issuing a document.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClueActInput {
    /// `route`（分流处置）or `dismiss`（不予处理，须说明理由）
    pub act: String,
    /// for a routing: `general`（一般程序）, `simple`（简易程序）or `warning`（预警提示）
    #[serde(default)]
    pub route: Option<String>,
    /// 处置意见；不予处理的理由
    #[serde(default)]
    pub note: Option<String>,
}

/// A supervision document with its replies, as its page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    /// the document
    pub notice: SupervisionNotice,
    /// 种类名称
    pub kind_label: String,
    /// 状态名称
    pub status_label: String,
    /// 被监督的执法主体
    pub body_name: String,
    /// 制发机关
    pub issuer_name: String,
    /// 已逾期未回复
    pub overdue: bool,
    /// the replies, by round
    pub replies: Vec<NoticeReply>,
}

impl App {
    /// Routes or dismisses a clue (the justice bureau).
    pub async fn act_on_clue(&self, who: &Who, clue_id: i64, input: ClueActInput) -> AppResult<Outcome> {
        let clue = self.clue(who, clue_id).await?;
        who.require(Action::Supervise, Some(clue.body_id))?;
        let act = ClueAct::parse(&input.act).map_err(|e| zhifa_core::Invalid::field("act", e))?;
        let route = input
            .route
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(Route::parse)
            .transpose()
            .map_err(|e| zhifa_core::Invalid::field("route", e))?;
        Ok(self.store.execute(&who.actor(), Command::ActOnClue { clue_id, act, route, note: input.note }).await?)
    }

    /// Issues a supervision document (the justice bureau), on a clue or on its own.
    pub async fn issue_notice(&self, who: &Who, input: NoticeInput) -> AppResult<Outcome> {
        who.require(Action::Supervise, None)?;
        if let Some(id) = input.clue_id {
            // A clue out of reach is not found, whatever else is wrong with the form.
            self.clue(who, id).await?;
        }
        let draft = input.validate()?;
        let notice = NewNotice { draft, body_id: input.body_id, clue_id: input.clue_id, case_id: input.case_id };
        Ok(self.store.execute(&who.actor(), Command::IssueNotice { notice: Box::new(notice) }).await?)
    }

    /// The body's reply (its head or administrator).
    pub async fn reply_notice(&self, who: &Who, id: i64, reply: ReplyInput) -> AppResult<Outcome> {
        let n = self.notice_row(who, id).await?;
        who.require(Action::AnswerSupervision, Some(n.body_id))?;
        Ok(self.store.execute(&who.actor(), Command::ReplyNotice { notice_id: id, reply }).await?)
    }

    /// The bureau's verdict on a reply.
    pub async fn conclude_notice(&self, who: &Who, id: i64, verdict: ConcludeInput) -> AppResult<Outcome> {
        let n = self.notice_row(who, id).await?;
        who.require(Action::Supervise, Some(n.body_id))?;
        Ok(self.store.execute(&who.actor(), Command::ConcludeNotice { notice_id: id, verdict }).await?)
    }

    /// The supervision documents the caller may see: the bureau all, a body its own.
    pub async fn notices(&self, who: &Who, filter: &NoticeFilter) -> AppResult<Vec<SupervisionNotice>> {
        who.require(Action::ReadWarnings, filter.body_id.or(who.caller.body_id))?;
        Ok(self.store.notices(who.caller.scope(), filter).await?)
    }

    async fn notice_row(&self, who: &Who, id: i64) -> AppResult<SupervisionNotice> {
        let n = self.store.notice(who.caller.scope(), id).await?.ok_or(AppError::NotFound("监督文书"))?;
        who.require(Action::ReadWarnings, Some(n.body_id))?;
        Ok(n)
    }

    /// One supervision document with its replies.
    pub async fn notice(&self, who: &Who, id: i64) -> AppResult<NoticeView> {
        let n = self.notice_row(who, id).await?;
        let name = |b: Option<zhifa_store::model::Body>| b.map(|b| b.name).unwrap_or_default();
        let body_name = name(self.store.get_body(n.body_id).await?);
        let issuer_name = name(self.store.get_body(n.issuer_body_id).await?);
        let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
        Ok(NoticeView {
            kind_label: n.kind.label().into(),
            status_label: n.status.label().into(),
            overdue: n.status == zhifa_core::supervision::oversight::NoticeStatus::Issued && today > n.deadline,
            replies: self.store.notice_replies(n.id).await?,
            notice: n,
            body_name,
            issuer_name,
        })
    }

    /// The document as a PDF, drawn from its journaled text.
    pub async fn notice_pdf(&self, who: &Who, id: i64) -> AppResult<(SupervisionNotice, Vec<u8>)> {
        let n = self.notice_row(who, id).await?;
        let pdf = self.store.notice_pdf(&n).await?;
        Ok((n, pdf))
    }

    /// The bureau's acts on a clue, in order.
    pub async fn clue_actions(&self, who: &Who, clue_id: i64) -> AppResult<Vec<ClueAction>> {
        self.clue(who, clue_id).await?;
        Ok(self.store.clue_actions(clue_id).await?)
    }
}
