//! Accounts: passwords (argon2id), new accounts, and each person's signing key, which their
//! password unwraps for every signed act.

use crate::App;
use crate::error::AppError;
use crate::who::Who;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use zhifa_core::Invalid;
use zhifa_core::access::Role;
use zhifa_core::ids::{BodyId, OfficerId, UserId};
use zhifa_store::{Command, Store};

/// Failed sign-ins from one address on one account before that address must wait for that
/// account (the owner elsewhere is not affected): the first throttle.
pub const PAIR_FAILURES: u32 = 5;
/// Consecutive failures of an account, from any addresses, before the account itself waits:
/// only an attacker with several addresses gets there, and the wait is short, then grows.
pub const ACCOUNT_FAILURES: i32 = 10;
/// The longest wait, in minutes.
pub const MAX_WAIT_MINUTES: i64 = 15;

/// The wait after the `n`th consecutive failure counted against `threshold`: none below it,
/// then one minute, doubling with each further failure, at most [`MAX_WAIT_MINUTES`].
pub fn backoff(n: i64, threshold: i64) -> Option<Duration> {
    if n < threshold {
        return None;
    }
    let doublings = (n - threshold).min(10) as u32;
    Some(Duration::minutes((1i64 << doublings).min(MAX_WAIT_MINUTES)))
}

/// What every refused sign-in answers, whatever the reason (no such name, wrong password, an
/// inactive or waiting account), so that no answer tells which names exist.
pub const SIGN_IN_REFUSED: &str = "用户名或密码错误；多次失败后须稍候再试";

/// Counts a failed password of an account (sign-in or signing) with the account's back-off.
pub async fn count_failure(store: &Store, user_id: i64) -> Result<i32, AppError> {
    Ok(store.record_login_failure(user_id, |n| backoff(n as i64, ACCOUNT_FAILURES as i64)).await?)
}
/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt: [u8; 16] = rand::random();
    PasswordHasher::<PasswordHash>::hash_password_with_salt(&Argon2::default(), password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hash: {e}")))
}

/// Checks a password against a stored PHC string.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// The key that wraps a person's signing seed, derived from their password (argon2id, with the
/// salt of that wrap).
fn key_encryption_key(password: &str, salt: &[u8]) -> Result<[u8; 32], AppError> {
    let mut out = [0u8; 32];
    Argon2::default()
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|e| AppError::Internal(format!("kdf: {e}")))?;
    Ok(out)
}

/// Opens the caller's personal signing key with their password (the login password, asked
/// again for each signed act). The first time, or after the password changed, a new key is
/// made, to be registered (its public key journaled) with the act itself. A wrong password
/// counts as a failed sign-in.
pub async fn open_signing_key(
    store: &Store,
    who: &Who,
    password: &str,
) -> Result<zhifa_store::review::Signer, AppError> {
    let bad = |failures: i32| {
        let left = ACCOUNT_FAILURES - failures;
        let warning = if left > 0 {
            format!("再输错{left}次，账号将暂停使用")
        } else {
            let wait = backoff(i64::from(failures), i64::from(ACCOUNT_FAILURES)).map_or(1, |d| d.num_minutes());
            format!("账号已暂停使用{wait}分钟")
        };
        AppError::Invalid(zhifa_core::Invalid::field("sign_password", format!("签名密码（登录密码）不正确；{warning}")))
    };
    let user = store.user_by_id(who.caller.user_id).await?.ok_or(AppError::Unauthenticated)?;
    if user.must_change_password {
        return Err(AppError::Conflict("请先修改管理员设置的密码，再签名（右上角“修改密码”）".into()));
    }
    if let Some(until) = user.locked_until
        && until > Utc::now()
    {
        return Err(AppError::Locked(format!("密码错误次数过多，账号已锁定至 {}", zhifa_core::time::display(until))));
    }
    if password.is_empty() {
        return Err(AppError::Invalid(zhifa_core::Invalid::field("sign_password", "请输入签名密码（登录密码）")));
    }
    if !verify_password(&user.password_hash, password) {
        let failures = count_failure(store, user.id).await?;
        return Err(bad(failures));
    }
    if let Some(k) = store.signing_key(user.id).await? {
        if let Some(seed) = unwrap_key(&k, password)? {
            return Ok(zhifa_store::review::Signer { key: zhifa_store::review::SignerKey::Registered(k.id), seed });
        }
        tracing::info!(user = user.id, "password changed since the signing key was made: a new key");
    }
    let seed: [u8; 32] = rand::random();
    let salt: [u8; 16] = rand::random();
    let key = zhifa_store::zhifa_ledger::personal::wrap(&seed, &key_encryption_key(password, &salt)?);
    Ok(zhifa_store::review::Signer { key: zhifa_store::review::SignerKey::New(key, hex::encode(salt)), seed })
}

/// The seed of a stored signing key, if `password` is the one it is wrapped under.
fn unwrap_key(k: &zhifa_store::model::SigningKey, password: &str) -> Result<Option<[u8; 32]>, AppError> {
    let salt = hex::decode(&k.salt).map_err(|e| AppError::Internal(format!("salt: {e}")))?;
    let wrapped = zhifa_store::zhifa_ledger::personal::WrappedKey {
        public_key: k.public_key.clone(),
        wrapped_seed: k.wrapped_seed.clone(),
    };
    Ok(zhifa_store::zhifa_ledger::personal::unwrap(&wrapped, &key_encryption_key(password, &salt)?))
}

/// A change of one's own password.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// 当前密码
    pub old_password: String,
    /// 新密码
    pub new_password: String,
}

/// 修改密码: the holder changes their own password, giving the current one. Their signing key
/// is wrapped again under the new password (the key, and every signature made with it, stays
/// theirs); a password set by an administrator is thereby replaced by one only they know.
pub async fn change_own_password(app: &App, who: &Who, change: &PasswordChange) -> Result<(), AppError> {
    let store = &app.store;
    let user = store.user_by_id(who.caller.user_id).await?.ok_or(AppError::Unauthenticated)?;
    if let Some(until) = user.locked_until
        && until > Utc::now()
    {
        return Err(AppError::Locked(format!("密码错误次数过多，请于 {} 后再试", zhifa_core::time::display(until))));
    }
    if change.old_password.is_empty() || !verify_password(&user.password_hash, &change.old_password) {
        count_failure(store, user.id).await?;
        return Err(Invalid::field("old_password", "当前密码不正确").into());
    }
    let mut inv = Invalid::default();
    inv.check("new_password", check_new_password(&change.new_password, &user.username));
    if change.new_password == change.old_password {
        inv.push("new_password", "新密码不能与当前密码相同");
    }
    inv.into_result(())?;
    let rewrap = match store.signing_key(user.id).await? {
        Some(k) => match unwrap_key(&k, &change.old_password)? {
            Some(seed) => {
                let salt: [u8; 16] = rand::random();
                let w =
                    zhifa_store::zhifa_ledger::personal::wrap(&seed, &key_encryption_key(&change.new_password, &salt)?);
                Some(zhifa_store::accounts::Rewrap {
                    key_id: k.id,
                    wrapped_seed: w.wrapped_seed,
                    salt: hex::encode(salt),
                })
            }
            // Wrapped under a password set before an administrator's reset: it cannot be opened
            // any more; the next signed act makes a new key.
            None => None,
        },
        None => None,
    };
    let cmd = Command::SetPassword {
        user_id: UserId(user.id),
        password_hash: hash_password(&change.new_password)?,
        reset: false,
        rewrap,
    };
    store.execute(&who.actor(), cmd).await?;
    Ok(())
}

/// An administrator's new password for an account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordReset {
    /// 新的临时密码（本人下次登录时须修改）
    pub password: String,
}

/// 重置密码: an administrator (of the account's body, or the system administrator) sets a
/// temporary password; the holder must change it at the next sign-in before doing anything,
/// every session of the account ends, and the administrator can open no signing key with it.
pub async fn reset_password(app: &App, who: &Who, user_id: i64, reset: &PasswordReset) -> Result<(), AppError> {
    let user = app.store.user_by_id(user_id).await?.ok_or(AppError::NotFound("账号"))?;
    // The role here; the account's body (or, for a district account, the system
    // administrator) in the command, which answers 404 outside the caller's scope.
    who.require(zhifa_core::access::Action::ManageUsers, who.caller.body_id)?;
    let mut inv = Invalid::default();
    inv.check("password", check_new_password(&reset.password, &user.username));
    inv.into_result(())?;
    let cmd = Command::SetPassword {
        user_id: UserId(user.id),
        password_hash: hash_password(&reset.password)?,
        reset: true,
        rewrap: None,
    };
    app.store.execute(&who.actor(), cmd).await?;
    Ok(())
}

/// An administrator's change of an account's role and body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleChange {
    /// 角色 (code or Chinese name)
    pub role: String,
    /// 所属主体 (none for a district-wide role)
    pub body_id: Option<i64>,
    /// 关联执法人员
    pub officer_id: Option<i64>,
}

/// Whether the caller administers accounts where `user` is: its body, or (for a district account)
/// the district. Answers 404 outside, so that no account is revealed.
pub async fn administered(app: &App, who: &Who, user_id: i64) -> Result<zhifa_store::model::UserRow, AppError> {
    who.require(zhifa_core::access::Action::ManageUsers, who.caller.body_id)?;
    let user = app.store.user_by_id(user_id).await?.ok_or(AppError::NotFound("账号"))?;
    let reach = match user.body_id {
        Some(b) => who.caller.scope().covers(b),
        None => who.caller.role == Role::SystemAdmin,
    };
    if reach { Ok(user) } else { Err(AppError::NotFound("账号")) }
}

/// 停用 / 启用: a disabled account cannot sign in and its sessions end; nothing it recorded
/// changes. An administrator cannot disable their own account.
pub async fn set_active(app: &App, who: &Who, user_id: i64, active: bool) -> Result<(), AppError> {
    let user = administered(app, who, user_id).await?;
    if !active && user.id == who.caller.user_id {
        return Err(Invalid::field("active", "不能停用自己的账号").into());
    }
    app.store.execute(&who.actor(), Command::SetUserActive { id: UserId(user.id), active }).await?;
    Ok(())
}

/// 解除锁定: clears the failed sign-ins and the wait of an account.
pub async fn unlock(app: &App, who: &Who, user_id: i64) -> Result<(), AppError> {
    let user = administered(app, who, user_id).await?;
    app.store.execute(&who.actor(), Command::UnlockUser { id: UserId(user.id) }).await?;
    Ok(())
}

/// 变更角色和所属主体: a district-wide role (system administrator, supervisor) is given only by
/// the system administrator.
pub async fn set_role(app: &App, who: &Who, user_id: i64, change: &RoleChange) -> Result<(), AppError> {
    let user = administered(app, who, user_id).await?;
    let role = Role::parse(&change.role).map_err(|m| Invalid::field("role", m))?;
    if (role.is_district_wide() || user.role.is_district_wide()) && who.caller.role != Role::SystemAdmin {
        return Err(Invalid::field("role", "只有系统管理员可以授予或变更区级角色（系统管理员、监督人员）").into());
    }
    let cmd = Command::SetUserRole {
        id: UserId(user.id),
        role,
        body_id: change.body_id.map(BodyId),
        officer_id: change.officer_id.map(OfficerId),
    };
    app.store.execute(&who.actor(), cmd).await?;
    Ok(())
}

/// The fingerprint of a signing key as people compare it: SHA-256 of the public key, its first
/// 16 bytes in groups of four hex digits.
pub fn key_fingerprint(public_key_hex: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(public_key_hex.trim().to_lowercase().as_bytes());
    hex::encode(&digest[..16])
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that common and breached passwords are made of: a password that is one of them with
/// digits and symbols around it (`Password123!`, `P@ssw0rd2026`, `Admin@12345`) is guessed first.
const COMMON_WORDS: &[&str] = &[
    "password",
    "passwd",
    "admin",
    "administrator",
    "root",
    "user",
    "test",
    "guest",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "asdfghjkl",
    "zxcvbn",
    "qazwsx",
    "welcome",
    "letmein",
    "iloveyou",
    "woaini",
    "changeme",
    "default",
    "master",
    "super",
    "superman",
    "dragon",
    "monkey",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "shadow",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "china",
    "beijing",
    "tianjin",
    "baodi",
    "zhifa",
    "system",
    "manager",
    "secret",
    "hello",
    "love",
    "lovely",
    "computer",
    "internet",
    "server",
    "database",
    "office",
];

/// The shipped list of common and breached passwords (`data/common-passwords.txt`).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Letters and digits only: `Qwer1234!@#$` and `qwer1234` are the same guess.
fn alnum(p: &str) -> String {
    p.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a password (in lower case) is on the shipped list, symbols aside.
fn is_listed(lower: &str) -> bool {
    let p = alnum(lower);
    COMMON_PASSWORDS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).any(|l| alnum(l) == p)
}

/// What is left of a password once its case, the digits and symbols around it, and common
/// letter-for-symbol swaps inside it (`@`→a, `0`→o, `1`→i, `3`→e, `$`→s …) are taken away.
fn password_core(p: &str) -> String {
    let chars: Vec<char> = p.to_lowercase().chars().collect();
    let (Some(start), Some(end)) =
        (chars.iter().position(|c| c.is_alphabetic()), chars.iter().rposition(|c| c.is_alphabetic()))
    else {
        return String::new();
    };
    chars[start..=end]
        .iter()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            c => *c,
        })
        .collect()
}

/// The rules for a new password: at least 10 characters of three kinds, not made of a common
/// word (`Password@2026`), not containing the user name, and not the demo data's password.
pub fn check_new_password(p: &str, username: &str) -> Result<(), String> {
    check_password_strength(p)?;
    if p == crate::demo::DEMO_PASSWORD {
        return Err("不能使用演示数据的公开密码".into());
    }
    let lower = p.to_lowercase();
    let name = username.trim().to_lowercase();
    if name.chars().count() >= 3 && lower.contains(&name) {
        return Err("密码不能包含用户名".into());
    }
    if is_listed(&lower) {
        return Err("密码在常见和已泄露密码的名单中，请换一个不易猜到的密码".into());
    }
    let core = password_core(p);
    if core.chars().count() < 4 || COMMON_WORDS.contains(&core.as_str()) {
        return Err("密码过于常见（常用单词或字母加数字、符号），请换一个不易猜到的密码".into());
    }
    Ok(())
}

/// The length and kinds of characters a password must have.
pub fn check_password_strength(p: &str) -> Result<(), String> {
    let n = p.chars().count();
    let kinds = [
        p.chars().any(|c| c.is_ascii_lowercase()),
        p.chars().any(|c| c.is_ascii_uppercase()),
        p.chars().any(|c| c.is_ascii_digit()),
        p.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if n < 10 {
        return Err("密码至少10位".into());
    }
    if kinds.iter().filter(|k| **k).count() < 3 {
        return Err("密码应包含大写字母、小写字母、数字、符号中的至少三类".into());
    }
    Ok(())
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 用户名 (letters, digits, `.`, `_`, `-`)
    pub username: String,
    /// 姓名
    pub display_name: String,
    /// 初始密码
    pub password: String,
    /// 角色 (code or Chinese name)
    pub role: String,
    /// 所属主体
    pub body_id: Option<i64>,
    /// 关联执法人员
    pub officer_id: Option<i64>,
}

/// Validates a new account and hashes its password. An account made by an administrator
/// (`temporary`) must change its password at the first sign-in.
pub fn new_user_command(u: &NewUser, temporary: bool) -> Result<Command, AppError> {
    user_command(u, check_new_password(&u.password, &u.username), temporary)
}

/// The demo's accounts: their password is the published demo password, refused anywhere else.
pub(crate) fn demo_user_command(u: &NewUser) -> Result<Command, AppError> {
    user_command(u, check_password_strength(&u.password), false)
}

fn user_command(u: &NewUser, password: Result<(), String>, temporary: bool) -> Result<Command, AppError> {
    let mut inv = Invalid::default();
    let username = u.username.trim().to_string();
    if username.len() < 3
        || username.len() > 32
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
    {
        inv.push("username", "用户名应为3至32位字母、数字或 . _ -");
    }
    let display_name = zhifa_core::error::required_text(&mut inv, "display_name", "姓名", &u.display_name, 50);
    inv.check("password", password);
    let role = inv.check("role", Role::parse(&u.role));
    let Some(role) = role else { return Err(inv.into()) };
    if !inv.is_empty() {
        return Err(inv.into());
    }
    Ok(Command::CreateUser {
        username,
        display_name,
        password_hash: hash_password(&u.password)?,
        role,
        body_id: u.body_id.map(BodyId),
        officer_id: u.officer_id.map(OfficerId),
        must_change_password: temporary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_on_the_shipped_list_are_refused_whatever_their_symbols() {
        for p in ["1qaz@WSX3edc", "Qwer1234!@#$", "Woaini@5201314", "Huawei@123456", "P@ssw0rd123"] {
            assert!(check_password_strength(p).is_ok(), "{p} passes the length and kinds");
            assert!(check_new_password(p, "scjg.zf09").is_err(), "{p} is a known guess");
        }
        assert!(check_new_password("Lu-Ye-Qiao-7x2", "scjg.zf09").is_ok());
    }

    #[test]
    fn the_wait_after_failures_starts_short_and_doubles_to_a_cap() {
        let t = i64::from(ACCOUNT_FAILURES);
        assert_eq!(backoff(t - 1, t), None);
        let minutes: Vec<i64> = (t..t + 6).map(|n| backoff(n, t).unwrap().num_minutes()).collect();
        assert_eq!(minutes, vec![1, 2, 4, 8, 15, 15]);
        assert_eq!(backoff(t + 1000, t).unwrap().num_minutes(), MAX_WAIT_MINUTES);
    }

    #[test]
    fn password_roundtrip_and_strength() {
        let h = hash_password("Zhifa-2026!").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "Zhifa-2026!"));
        assert!(!verify_password(&h, "zhifa-2026!"));
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("alllowercaseletters").is_err());
        assert!(check_password_strength("Zhifa-2026!").is_ok());
    }

    #[test]
    fn common_passwords_the_user_name_and_the_demo_password_are_refused() {
        for p in ["Password123!", "P@ssw0rd2026", "Admin@12345", "Qwerty@12345", "Zhifa-2026!", "Aa123456789!"] {
            assert!(check_new_password(p, "wangwu").is_err(), "{p}");
        }
        assert!(check_new_password("Wangwu#2026x", "wangwu").unwrap_err().contains("用户名"));
        assert!(check_new_password(crate::demo::DEMO_PASSWORD, "x.y").unwrap_err().contains("演示"));
        for p in ["Abcdefgh-123", "Ru9#hT4p-Lw", "执法-Tjbd-2026x"] {
            assert!(check_new_password(p, "wangwu").is_ok(), "{p}");
        }
    }
}
