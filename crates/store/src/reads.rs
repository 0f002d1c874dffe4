//! Reads. Internal data is always filtered by the caller's [`Scope`] in the query itself.

use crate::db::query::query;
use crate::model::{
    Body, BodyRatio, Certificate, CertificateEvent, CertificateListing, ChangeEntry, Officer, PowerItem,
    PublicCertificate, Reviewer, Training,
};
use crate::{Result, Store};
use chrono::NaiveDate;
use zhifa_core::access::Scope;
use zhifa_core::registry::reviewer_ratio;

/// Filters for the officer list.
#[derive(Debug, Clone, Default)]
pub struct OfficerFilter {
    /// Only this body (still within scope).
    pub body_id: Option<i64>,
    /// Name contains.
    pub name: Option<String>,
    /// Page size (1-500, default 100).
    pub limit: Option<i64>,
    /// Offset.
    pub offset: Option<i64>,
}

/// Filters for the certificate list.
#[derive(Debug, Clone, Default)]
pub struct CertificateFilter {
    /// Only this body.
    pub body_id: Option<i64>,
    /// Only certificates of this officer.
    pub officer_id: Option<i64>,
    /// Only those whose end date is on or before this date.
    pub valid_to_before: Option<NaiveDate>,
}

fn like(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| {
        let escaped = s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        format!("%{escaped}%")
    })
}

impl Store {
    /// All enforcement bodies (their existence and public particulars are public).
    pub async fn list_bodies(&self) -> Result<Vec<Body>> {
        self.fetch_all(query("SELECT * FROM bodies ORDER BY is_supervisor DESC, id")).await
    }

    /// One body.
    pub async fn get_body(&self, id: i64) -> Result<Option<Body>> {
        self.fetch_optional(query("SELECT * FROM bodies WHERE id = $1").bind(id)).await
    }

    /// A body by its exact name.
    pub async fn body_by_name(&self, name: &str) -> Result<Option<Body>> {
        self.fetch_optional(query("SELECT * FROM bodies WHERE name = $1").bind(name)).await
    }

    /// An officer by identity number (for imports and the demo loader, which run as the system).
    pub async fn officer_by_id_number(&self, id_number: &str) -> Result<Option<Officer>> {
        self.fetch_optional(query("SELECT * FROM officers WHERE id_number = $1").bind(id_number)).await
    }

    /// A certificate by number, whatever its body (for imports and the demo loader).
    pub async fn certificate_by_number(&self, number: &str) -> Result<Option<Certificate>> {
        self.fetch_optional(query("SELECT * FROM certificates WHERE number = $1").bind(number)).await
    }

    /// Officers within `scope`.
    pub async fn list_officers(&self, scope: Scope, f: &OfficerFilter) -> Result<Vec<Officer>> {
        let limit = f.limit.unwrap_or(100).clamp(1, 500);
        let offset = f.offset.unwrap_or(0).max(0);
        self.fetch_all(
            query(
                "SELECT * FROM officers WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR body_id = $2) \
             AND ($3 IS NULL OR name LIKE $3 ESCAPE '\\') ORDER BY body_id, id LIMIT $4 OFFSET $5",
            )
            .bind(scope.body())
            .bind(f.body_id)
            .bind(like(&f.name))
            .bind(limit)
            .bind(offset),
        )
        .await
    }

    /// One officer within `scope`.
    pub async fn get_officer(&self, scope: Scope, id: i64) -> Result<Option<Officer>> {
        self.fetch_optional(
            query("SELECT * FROM officers WHERE id = $1 AND ($2 IS NULL OR body_id = $2)").bind(id).bind(scope.body()),
        )
        .await
    }

    /// Training and exam records of an officer (caller checks the officer's scope first).
    pub async fn officer_training(&self, officer_id: i64) -> Result<Vec<Training>> {
        self.fetch_all(
            query("SELECT * FROM officer_training WHERE officer_id = $1 ORDER BY date DESC, id DESC").bind(officer_id),
        )
        .await
    }

    /// Certificates within `scope`, with holder and body.
    pub async fn list_certificates(&self, scope: Scope, f: &CertificateFilter) -> Result<Vec<CertificateListing>> {
        self.fetch_all(query("SELECT c.id, c.number, c.officer_id, o.name AS officer_name, o.body_id, b.name AS body_name, c.issuer, c.domain, c.area, \
             c.valid_from, c.valid_to, c.status FROM certificates c JOIN officers o ON o.id = c.officer_id JOIN bodies b ON b.id = o.body_id \
             WHERE ($1 IS NULL OR o.body_id = $1) AND ($2 IS NULL OR o.body_id = $2) AND ($3 IS NULL OR c.officer_id = $3) \
             AND ($4 IS NULL OR c.valid_to <= $4) ORDER BY c.valid_to, c.id").bind(scope.body()).bind(f.body_id).bind(f.officer_id).bind(f.valid_to_before)).await
    }

    /// One certificate within `scope`, with its status history.
    pub async fn get_certificate(&self, scope: Scope, id: i64) -> Result<Option<(Certificate, Vec<CertificateEvent>)>> {
        {
            let c: Option<Certificate> = self.fetch_optional(query("SELECT c.* FROM certificates c JOIN officers o ON o.id = c.officer_id WHERE c.id = $1 AND ($2 IS NULL OR o.body_id = $2)").bind(id).bind(scope.body())).await?;
            match c {
                None => Ok(None),
                Some(c) => {
                    let ev = self
                        .fetch_all(
                            query("SELECT * FROM certificate_events WHERE certificate_id = $1 ORDER BY at, id")
                                .bind(id),
                        )
                        .await?;
                    Ok(Some((c, ev)))
                }
            }
        }
    }

    /// The public check of a certificate by number: holder, body, domain, area, validity, status.
    pub async fn public_certificate(&self, number: &str, today: NaiveDate) -> Result<Option<PublicCertificate>> {
        let row: Option<(Certificate, String, String)> = {
            let c: Option<Certificate> =
                self.fetch_optional(query("SELECT * FROM certificates WHERE number = $1").bind(number)).await?;
            match c {
                None => None,
                Some(c) => {
                    let (holder, body): (String, String) = self.fetch_one(query("SELECT o.name, b.name FROM officers o JOIN bodies b ON b.id = o.body_id WHERE o.id = $1").bind(c.officer_id)).await?;
                    Some((c, holder, body))
                }
            }
        };
        Ok(row.map(|(c, holder, body)| {
            let status = c.status_on(today);
            PublicCertificate {
                number: c.number,
                holder,
                body,
                issuer: c.issuer,
                domain: c.domain,
                area: c.area,
                valid_from: c.valid_from,
                valid_to: c.valid_to,
                status: status.code().into(),
                status_label: status.label().into(),
            }
        }))
    }

    /// The enforcement officers of a body with a certificate valid on `today`, as the public
    /// sees them (事前公开: name, certificate number, domain, area, validity; never an identity
    /// number or telephone), by name.
    pub async fn public_officers(&self, body_id: i64, today: NaiveDate) -> Result<Vec<PublicCertificate>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            c: Certificate,
            holder: String,
            body: String,
        }
        let rows: Vec<Row> = self.fetch_all(query("SELECT c.*, o.name AS holder, b.name AS body FROM certificates c JOIN officers o ON o.id = c.officer_id \
             JOIN bodies b ON b.id = o.body_id WHERE o.body_id = $1 AND c.valid_from <= $2 AND c.valid_to >= $2 ORDER BY o.name, c.number").bind(body_id).bind(today)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let status = r.c.status_on(today);
                (status == zhifa_core::registry::CertificateStatus::Valid).then(|| PublicCertificate {
                    number: r.c.number,
                    holder: r.holder,
                    body: r.body,
                    issuer: r.c.issuer,
                    domain: r.c.domain,
                    area: r.c.area,
                    valid_from: r.c.valid_from,
                    valid_to: r.c.valid_to,
                    status: status.code().into(),
                    status_label: status.label().into(),
                })
            })
            .collect())
    }

    /// The power list of a body in force on `on`: the latest version of each item effective on
    /// that day, abolished items left out.
    pub async fn power_items_in_force(&self, body_id: i64, on: NaiveDate) -> Result<Vec<PowerItem>> {
        self.fetch_all(query("SELECT p.* FROM power_items p WHERE p.body_id = $1 AND p.effective_from <= $2 AND p.change_kind <> 'abolish' \
             AND p.version = (SELECT MAX(q.version) FROM power_items q WHERE q.body_id = p.body_id AND q.code = p.code AND q.effective_from <= $2) \
             ORDER BY p.code").bind(body_id).bind(on)).await
    }

    /// Every version of one item, oldest first.
    pub async fn power_item_history(&self, body_id: i64, code: &str) -> Result<Vec<PowerItem>> {
        self.fetch_all(
            query("SELECT * FROM power_items WHERE body_id = $1 AND code = $2 ORDER BY version")
                .bind(body_id)
                .bind(code),
        )
        .await
    }

    /// Reviewers within `scope`.
    pub async fn list_reviewers(&self, scope: Scope) -> Result<Vec<Reviewer>> {
        self.fetch_all(
            query("SELECT * FROM reviewers WHERE ($1 IS NULL OR body_id = $1) ORDER BY body_id, id").bind(scope.body()),
        )
        .await
    }

    /// Reviewer ratio per body within `scope`, against the seed plan's 5% floor (§四(一)2).
    /// Enforcement officers are active officers who are not themselves reviewers.
    pub async fn reviewer_ratios(&self, scope: Scope) -> Result<Vec<BodyRatio>> {
        let rows: Vec<(i64, String, i64, i64)> = self.fetch_all(query("SELECT b.id, b.name, \
               (SELECT COUNT(*) FROM officers o WHERE o.body_id = b.id AND o.active AND NOT EXISTS (SELECT 1 FROM reviewers r WHERE r.officer_id = o.id)), \
               (SELECT COUNT(*) FROM reviewers r WHERE r.body_id = b.id) \
             FROM bodies b WHERE ($1 IS NULL OR b.id = $1) AND NOT b.is_supervisor ORDER BY b.id").bind(scope.body())).await?;
        Ok(rows
            .into_iter()
            .map(|(body_id, body_name, officers, reviewers)| {
                let r = reviewer_ratio(reviewers, officers);
                BodyRatio {
                    body_id,
                    body_name,
                    officers,
                    reviewers,
                    basis_points: r.basis_points,
                    meets_floor: r.meets_floor,
                }
            })
            .collect())
    }

    /// The latest journal entries within `scope`.
    pub async fn recent_changes(&self, scope: Scope, limit: i64) -> Result<Vec<ChangeEntry>> {
        self.fetch_all(
            query("SELECT * FROM change_log WHERE ($1 IS NULL OR body_id = $1) ORDER BY seq DESC LIMIT $2")
                .bind(scope.body())
                .bind(limit.clamp(1, 1000)),
        )
        .await
    }

    /// The access history of one record, or of one user, newest first (supervisors only).
    pub async fn access_history(
        &self,
        object: Option<(&str, i64)>,
        user_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<crate::model::AccessEntry>> {
        let (table, id) = object.map(|(t, i)| (Some(t.to_string()), Some(i))).unwrap_or((None, None));
        self.fetch_all(query("SELECT * FROM access_log WHERE ($1 IS NULL OR object_table = $1) AND ($2 IS NULL OR object_id = $2) AND ($3 IS NULL OR user_id = $3) ORDER BY id DESC LIMIT $4").bind(table).bind(id).bind(user_id).bind(limit.clamp(1, 1000))).await
    }

    /// The access log for the supervision page: by person, record, body and date range
    /// (Asia/Shanghai days, both included), newest first, with the person's and the body's names.
    pub async fn access_view(&self, f: &AccessFilter) -> Result<Vec<AccessRow>> {
        let start = f.from.map(zhifa_core::time::shanghai_midnight);
        let end = f.to.and_then(|d| d.succ_opt()).map(zhifa_core::time::shanghai_midnight);
        self.fetch_all(
            query(
                "SELECT a.id, a.at, a.user_id, u.display_name AS user_name, u.username, a.ip, a.object_table, a.object_id, \
                   a.body_id, b.name AS body_name, a.purpose \
                 FROM access_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN bodies b ON b.id = a.body_id \
                 WHERE ($1 IS NULL OR a.user_id = $1) AND ($2 IS NULL OR a.object_table = $2) \
                   AND ($3 IS NULL OR a.object_id = $3) AND ($4 IS NULL OR a.body_id = $4) \
                   AND ($5 IS NULL OR a.at >= $5) AND ($6 IS NULL OR a.at < $6) \
                 ORDER BY a.id DESC LIMIT $7",
            )
            .bind(f.user_id)
            .bind(f.table.as_deref())
            .bind(f.object_id)
            .bind(f.body_id)
            .bind(start)
            .bind(end)
            .bind(f.limit.unwrap_or(500).clamp(1, 10_000)),
        )
        .await
    }

    /// One evidence item within scope.
    pub async fn evidence(&self, scope: Scope, id: i64) -> Result<Option<crate::model::Evidence>> {
        self.fetch_optional(
            query("SELECT * FROM evidence WHERE id = $1 AND ($2 IS NULL OR body_id = $2)").bind(id).bind(scope.body()),
        )
        .await
    }

    /// Evidence within scope, newest first, optionally of one case or one target.
    pub async fn evidence_list(&self, scope: Scope, filter: &EvidenceFilter) -> Result<Vec<crate::model::Evidence>> {
        let case = filter.case_number.as_ref().map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        self.fetch_all(
            query(
                "SELECT * FROM evidence WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR case_number = $2) \
             AND ($3 IS NULL OR target_id = $3) AND ($4 OR status = 'active') ORDER BY id DESC LIMIT $5 OFFSET $6",
            )
            .bind(scope.body())
            .bind(case)
            .bind(&filter.target_id)
            .bind(filter.include_deleted)
            .bind(filter.limit.unwrap_or(100).clamp(1, 500))
            .bind(filter.offset.unwrap_or(0).max(0)),
        )
        .await
    }

    /// Deletion requests of evidence within scope, open ones first.
    pub async fn evidence_deletions(
        &self,
        scope: Scope,
        evidence_id: Option<i64>,
    ) -> Result<Vec<crate::model::EvidenceDeletion>> {
        self.fetch_all(
            query(
                "SELECT d.* FROM evidence_deletions d JOIN evidence e ON e.id = d.evidence_id \
             WHERE ($1 IS NULL OR e.body_id = $1) AND ($2 IS NULL OR d.evidence_id = $2) \
             ORDER BY CASE WHEN d.status = 'pending' THEN 0 ELSE 1 END, d.id DESC LIMIT 500",
            )
            .bind(scope.body())
            .bind(evidence_id),
        )
        .await
    }

    /// One deletion request of evidence within scope.
    pub async fn evidence_deletion(&self, scope: Scope, id: i64) -> Result<Option<crate::model::EvidenceDeletion>> {
        self.fetch_optional(
            query(
                "SELECT d.* FROM evidence_deletions d JOIN evidence e ON e.id = d.evidence_id \
             WHERE d.id = $1 AND ($2 IS NULL OR e.body_id = $2)",
            )
            .bind(id)
            .bind(scope.body()),
        )
        .await
    }

    /// Whether a live evidence row references the blob `sm3` (the sweeper keeps it).
    pub async fn blob_is_live(&self, sm3: &str) -> Result<bool> {
        let n: i64 =
            self.scalar(query("SELECT COUNT(*) FROM evidence WHERE sm3 = $1 AND status = 'active'").bind(sm3)).await?;
        Ok(n > 0)
    }
}

/// Filters for the evidence list.
#[derive(Debug, Clone, Default)]
pub struct EvidenceFilter {
    /// 案件编号 (exact)
    pub case_number: Option<String>,
    /// 当事人 (normalised identity number or credit code)
    pub target_id: Option<String>,
    /// include tombstones
    pub include_deleted: bool,
    /// page size (1-500, default 100)
    pub limit: Option<i64>,
    /// offset
    pub offset: Option<i64>,
}

/// Which views of protected records to list (调阅监督).
#[derive(Debug, Clone, Default)]
pub struct AccessFilter {
    /// the account
    pub user_id: Option<i64>,
    /// the kind of record (`cases`, `officers`, `evidence`, `evidence_file`, `documents`)
    pub table: Option<String>,
    /// the record
    pub object_id: Option<i64>,
    /// whose data
    pub body_id: Option<i64>,
    /// from this day
    pub from: Option<chrono::NaiveDate>,
    /// to this day
    pub to: Option<chrono::NaiveDate>,
    /// at most this many (default 500)
    pub limit: Option<i64>,
}

/// One view of a protected record, with names.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct AccessRow {
    /// id
    pub id: i64,
    /// when
    pub at: chrono::DateTime<chrono::Utc>,
    /// who
    pub user_id: Option<i64>,
    /// their name
    pub user_name: Option<String>,
    /// their login name
    pub username: Option<String>,
    /// from where
    pub ip: Option<String>,
    /// which kind of record
    pub object_table: String,
    /// which record
    pub object_id: i64,
    /// whose data
    pub body_id: Option<i64>,
    /// that body's name
    pub body_name: Option<String>,
    /// the stated purpose
    pub purpose: Option<String>,
}
