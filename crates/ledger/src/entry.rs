//! The canonical, versioned encoding of a ledger entry: the bytes whose leaf hash goes into
//! the tree. Version 1 is UTF-8 text, one field per line, in a fixed order; absent values are
//! `-`. Any change of format gets a new version line, so old entries keep verifying.

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The journal sequence number (database id).
    pub seq: i64,
    /// When, UTC, RFC 3339 with microseconds (`2026-11-26T23:35:19.123456Z`).
    pub at: &'a str,
    /// Who (account id), or none for the system itself.
    pub actor: Option<i64>,
    /// Whose data (body id).
    pub body: Option<i64>,
    /// What happened, e.g. `certificate.status`.
    pub kind: &'a str,
    /// The table changed.
    pub table: &'a str,
    /// The row changed.
    pub object_id: i64,
    /// Hex hash of the row's content after the change.
    pub content_hash: &'a str,
    /// Hex hash of the row's content before the change, for updates.
    pub prev_hash: Option<&'a str>,
}

/// The first line of every version-1 entry.
pub const ENTRY_V1: &str = "zhifa-ledger-entry/v1";

impl Entry<'_> {
    /// The canonical bytes (version 1).
    pub fn encode(&self) -> Vec<u8> {
        fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
            v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
        }
        format!(
            "{ENTRY_V1}\nseq {}\nat {}\nactor {}\nbody {}\nkind {}\ntable {}\nobject {}\ncontent {}\nprev {}\n",
            self.seq,
            self.at,
            opt(self.actor),
            opt(self.body),
            self.kind,
            self.table,
            self.object_id,
            self.content_hash,
            opt(self.prev_hash),
        )
        .into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_is_fixed_text() {
        let e = Entry {
            seq: 7,
            at: "2026-11-26T23:35:19.123456Z",
            actor: None,
            body: Some(2),
            kind: "officer.update",
            table: "officers",
            object_id: 5,
            content_hash: "ab",
            prev_hash: Some("cd"),
        };
        assert_eq!(
            String::from_utf8(e.encode()).unwrap(),
            "zhifa-ledger-entry/v1\nseq 7\nat 2026-11-26T23:35:19.123456Z\nactor -\nbody 2\nkind officer.update\ntable officers\nobject 5\ncontent ab\nprev cd\n"
        );
    }
}
