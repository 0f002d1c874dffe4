//! 双随机一公开: a body's roster of inspection objects (检查对象名录库), imported whole from an
//! uploaded table as a new version, every row checked first (all or nothing).

use crate::error::AppResult;
use crate::{App, Who};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::error::Invalid;
use zhifa_core::spotcheck::{RowError, parse_roster};
use zhifa_store::model::{ObjectRoster, RosterObjectRow};
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
