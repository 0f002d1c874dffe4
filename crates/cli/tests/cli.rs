//! The shipped binary, run as a person would from a shell.

use std::process::{Command, Stdio};

fn zhifa(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    c.arg("--data-dir").arg(data).env_remove("ZHIFA_DATABASE_URL").env("ZHIFA_LOG", "warn");
    c
}

#[test]
fn demo_is_idempotent_and_migrate_reports_current() {
    let dir = tempfile::tempdir().unwrap();
    let first = zhifa(dir.path()).arg("demo").output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let second = zhifa(dir.path()).arg("demo").output().unwrap();
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains("本次新建 0 项"), "second load creates nothing: {out}");
    let m = zhifa(dir.path()).arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&m.stdout).contains("最新"));
    assert!(dir.path().join("zhifa.db").exists());
}

#[test]
fn admin_create_user_reads_password_from_stdin_and_rejects_weak_ones() {
    let dir = tempfile::tempdir().unwrap();
    let run = |pw: &str, name: &str| {
        let mut child = zhifa(dir.path())
            .args(["admin", "create-user", "--username", name, "--display-name", "管理员", "--role", "系统管理员"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(format!("{pw}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = run("Strong-Passw0rd", "root2");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let weak = run("123", "root3");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("密码"));
    let dup = run("Strong-Passw0rd", "root2");
    assert!(String::from_utf8_lossy(&dup.stderr).contains("已被使用"));
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = zhifa(dir.path()).args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "graceful exit, got {exit:?}");
}

#[test]
fn bad_database_url_is_a_clear_error_without_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = zhifa(dir.path()).args(["--database-url", "mysql://u:secret@h/db", "migrate"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不支持的数据库地址") && !err.contains("secret"), "{err}");
}
