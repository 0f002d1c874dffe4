//! Evidence uploads: the row for bytes already streamed into the evidence store, and what the
//! store keeps afterwards.

use crate::App;
use crate::error::{AppError, AppResult};
use zhifa_store::blobs::Ingested;
use zhifa_store::journal::Actor;
use zhifa_store::{Command, Outcome};

/// Runs the command that registers an ingested file (登记证据), then settles the file: kept
/// when the row was committed; when the row was refused, everything this upload stored is
/// removed (a file another row references stays).
pub async fn record_upload(app: &App, actor: &Actor, cmd: Command, ingested: &Ingested) -> AppResult<Outcome> {
    let result = app.store.execute(actor, cmd).await;
    let settled = match &result {
        Ok(_) => app.evidence.settle(ingested, true).await,
        Err(_) => {
            let store = app.store.clone();
            let live = |sm3: String| async move { store.blob_is_live(&sm3).await.unwrap_or(true) };
            app.evidence.discard(ingested, live).await
        }
    };
    if let Err(e) = settled {
        tracing::error!(error = %e, sm3 = ingested.sm3, "settling an upload failed");
        if result.is_ok() {
            return Err(AppError::Internal(format!("evidence store: {e}")));
        }
    }
    Ok(result?)
}
