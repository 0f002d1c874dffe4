//! The shipped binary, run as a person would from a shell.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::process::{Command, Stdio};

fn zhifa(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    c.arg("--data-dir")
        .arg(data)
        .env_remove("ZHIFA_DATABASE_URL")
        .env_remove("ZHIFA_SEARCH_DIR")
        .env("ZHIFA_LOG", "warn");
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
fn reindex_rebuilds_the_search_index_and_a_second_writer_is_told_why_not() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let out = zhifa(dir.path()).arg("reindex").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("检索索引已重建：2 项公开决定"), "{out:?}");
    assert!(dir.path().join("search").join("meta.json").exists());
    // The index is kept by a serving process: a rebuild into the same folder is refused with
    // the reason.
    let mut serving =
        zhifa(dir.path()).args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(serving.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.contains("zhifa 已启动"), "{line}");
    let out = zhifa(dir.path()).arg("reindex").output().unwrap();
    let _ = serving.kill();
    let _ = serving.wait();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("正被另一个进程使用"), "{out:?}");
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
    let mut child =
        zhifa(dir.path()).args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().unwrap();
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

fn write(path: &std::path::Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn export_count(dir: &std::path::Path, kind: &str) -> usize {
    let f = dir.join(format!("count-{kind}.csv"));
    let out = zhifa(dir).args(["export", kind]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(&f).unwrap().lines().count() - 1
}

#[test]
fn import_with_bad_rows_reports_every_row_and_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let before = export_count(dir.path(), "officers");
    let f = dir.path().join("bad.csv");
    write(
        &f,
        "执法主体,姓名,身份证号码,岗位,执法领域\n\
         天津市宝坻区市场监督管理局,甲,11010519491231002X,执法队员,市场监管\n\
         天津市宝坻区不存在局,乙,110105194912310021,执法队员,市场监管\n\
         天津市宝坻区市场监督管理局,,,执法队员,\n",
    );
    let out = zhifa(dir.path()).args(["import", "officers"]).arg(&f).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "第3行「执法主体」",
        "第3行「身份证号码」：身份证号码校验位错误",
        "第4行「姓名」",
        "第4行「执法领域」",
        "未写入任何数据",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    assert!(!err.contains("第2行"), "row 2 is fine: {err}");
    assert_eq!(before, export_count(dir.path(), "officers"), "nothing written");
    // a missing column is named
    write(&f, "执法主体,姓名\n天津市宝坻区市场监督管理局,甲\n");
    let err = String::from_utf8_lossy(&zhifa(dir.path()).args(["import", "officers"]).arg(&f).output().unwrap().stderr)
        .to_string();
    assert!(err.contains("第1行「岗位」：缺少此列"), "{err}");
}

#[test]
fn import_good_csv_in_gbk_and_xlsx_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let before = export_count(dir.path(), "officers");
    // Excel in China saves CSV as GBK.
    let text = "执法主体,姓名,身份证号码,岗位,执法领域\n天津市宝坻区生态环境局,钱新,11010519491231002X,执法队员,生态环境、噪声\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let f = dir.path().join("gbk.csv");
    std::fs::write(&f, &gbk).unwrap();
    let out = zhifa(dir.path()).args(["import", "officers"]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(before + 1, export_count(dir.path(), "officers"));
    // xlsx: export the certificates, read them back: every row already exists, each is named.
    let x = dir.path().join("certs.xlsx");
    assert!(zhifa(dir.path()).args(["export", "certificates"]).arg(&x).output().unwrap().status.success());
    let out = zhifa(dir.path()).args(["import", "certificates"]).arg(&x).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第2行「证件编号」") && err.contains("已存在"), "{err}");
    assert!(err.contains("第56行"), "all 55 rows checked: {err}");
}

#[test]
fn ledger_proof_checks_offline_with_only_the_public_keys() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let keys = zhifa(dir.path()).args(["ledger", "keys"]).output().unwrap();
    let keys: Vec<String> = String::from_utf8_lossy(&keys.stdout).lines().map(String::from).collect();
    assert_eq!(keys.len(), 2);
    let bundle = zhifa(dir.path()).args(["ledger", "prove", "5"]).output().unwrap();
    assert!(bundle.status.success(), "{}", String::from_utf8_lossy(&bundle.stderr));
    let f = dir.path().join("proof.json");
    std::fs::write(&f, &bundle.stdout).unwrap();
    // The checker runs without the data folder: an empty directory stands in for another PC.
    let elsewhere = tempfile::tempdir().unwrap();
    let check = |file: &std::path::Path| {
        let mut c = zhifa(elsewhere.path());
        c.args(["ledger", "check-proof"]).arg(file);
        for k in &keys {
            c.args(["--key", k]);
        }
        c.output().unwrap()
    };
    let ok = check(&f);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("证明有效"));
    assert!(!elsewhere.path().join("zhifa.db").exists(), "the checker needs no database");
    // A reader that goes away at once (`| head -0`) ends the output quietly, not with a panic.
    let mut c = zhifa(elsewhere.path());
    c.args(["ledger", "check-proof"]).arg(&f).stdout(Stdio::piped()).stderr(Stdio::piped());
    for k in &keys {
        c.args(["--key", k]);
    }
    let mut child = c.spawn().unwrap();
    drop(child.stdout.take());
    let closed = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&closed.stderr);
    assert!(closed.status.success() && !err.contains("panicked"), "{err}");
    // An altered entry is refused.
    let mut v: serde_json::Value = serde_json::from_slice(&bundle.stdout).unwrap();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let entry =
        String::from_utf8(b64.decode(v["entry"].as_str().unwrap()).unwrap()).unwrap().replace("seq 6", "seq 60");
    v["entry"] = b64.encode(entry).into();
    std::fs::write(&f, v.to_string()).unwrap();
    let bad = check(&f);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("包含证明无效"));
    // Only one of the two keys: refused.
    let mut c = zhifa(elsewhere.path());
    std::fs::write(&f, &bundle.stdout).unwrap();
    let one = c.args(["ledger", "check-proof"]).arg(&f).args(["--key", &keys[0]]).output().unwrap();
    assert!(!one.status.success());
    assert!(String::from_utf8_lossy(&one.stderr).contains("缺少签名"));
}

/// A serving process, stopped when the test ends (also when it fails).
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_public_proof_is_checked_as_it_is_and_ties_the_text_read_to_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    assert!(zhifa(dir.path()).args(["ledger", "checkpoint"]).output().unwrap().status.success());
    let keys = zhifa(dir.path()).args(["ledger", "keys"]).output().unwrap();
    let keys: Vec<String> = String::from_utf8_lossy(&keys.stdout).lines().map(String::from).collect();
    let mut serving = Serving(
        zhifa(dir.path())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(serving.0.stdout.take().unwrap()), &mut line).unwrap();
    let base = line.split("http://").nth(1).unwrap().trim().trim_end_matches('/').to_string();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let got = |path: String| {
        rt.block_on(async {
            let r = reqwest::get(format!("http://{base}{path}")).await.unwrap();
            (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
        })
    };
    let (_, list) = got("/api/v1/public/decisions".into());
    let list: serde_json::Value = serde_json::from_slice(&list).unwrap();
    let items = list["items"].as_array().unwrap().clone();
    let standing = items.iter().find(|i| i["withdrawn"] == false).unwrap();
    let withdrawn = items.iter().find(|i| i["withdrawn"] == true).unwrap();
    let proof_of = |path: String| {
        // The checkpointer of the serving process covers a new entry within seconds.
        for _ in 0..100 {
            let (status, body) = got(path.clone());
            if status == 200 {
                return body;
            }
            assert_eq!(status, 409, "{}", String::from_utf8_lossy(&body));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("no proof for {path}");
    };
    let proof = proof_of(format!("/api/v1/public/decisions/{}/proof", standing["id"]));
    let withdrawal = proof_of(format!("/api/v1/public/decisions/{}/withdrawal-proof", withdrawn["id"]));
    let (none, _) = got(format!("/api/v1/public/decisions/{}/withdrawal-proof", standing["id"]));
    assert_eq!(none, 404, "a decision standing has no withdrawal");
    drop(serving);
    let elsewhere = tempfile::tempdir().unwrap();
    let (pf, text) = (elsewhere.path().join("proof.json"), elsewhere.path().join("全文.txt"));
    std::fs::write(&pf, &proof).unwrap();
    let check = |with_text: bool| {
        let mut c = zhifa(elsewhere.path());
        c.args(["ledger", "check-proof"]).arg(&pf);
        for k in &keys {
            c.args(["--key", k]);
        }
        if with_text {
            c.arg("--text").arg(&text);
        }
        c.output().unwrap()
    };
    // The answer as it is, with the text the citizen read.
    std::fs::write(&text, standing["full_text"].as_str().unwrap()).unwrap();
    let ok = check(true);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(out.contains("证明有效") && out.contains("全文与账本登记的一致"), "{out}");
    // The record shows only public facts.
    let v: serde_json::Value = serde_json::from_slice(&proof).unwrap();
    let record: serde_json::Value = serde_json::from_str(v["record"].as_str().unwrap()).unwrap();
    assert_eq!(record["text_sm3"], standing["content_sm3"]);
    for private in ["case_id", "step_id", "due_on", "full_text", "excluded_reason", "published_by"] {
        assert!(record.get(private).is_none(), "{private} in {record}");
    }
    // Another text is not the one published.
    std::fs::write(&text, format!("{}。", standing["full_text"].as_str().unwrap())).unwrap();
    let bad = check(true);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("不是公开的文本"), "{bad:?}");
    // A record altered to fit another text is not what the entry commits to.
    let mut forged = v.clone();
    forged["record"] = v["record"].as_str().unwrap().replace(standing["content_sm3"].as_str().unwrap(), "00").into();
    std::fs::write(&pf, forged.to_string()).unwrap();
    let bad = check(false);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("记录被改动"), "{bad:?}");
    // The withdrawal has a proof of its own.
    assert!(withdrawn["withdrawal_ground"].as_str().is_some_and(|g| !g.is_empty()), "{withdrawn}");
    std::fs::write(&pf, &withdrawal).unwrap();
    let ok = check(false);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success() && out.contains("\"act\":\"withdraw\""),
        "{out} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn verify_passes_then_names_a_tampered_row_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    assert!(zhifa(dir.path()).args(["ledger", "checkpoint"]).output().unwrap().status.success());
    let ok = zhifa(dir.path()).arg("verify").output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let out = String::from_utf8_lossy(&ok.stdout).to_string();
    assert!(out.contains("核验通过") && out.contains("证据文件 0"), "{out}");
    // The run names where an incremental one can start; from there nothing new is to check.
    let since = out.split("--since ").nth(1).unwrap().trim().to_string();
    let inc = zhifa(dir.path()).args(["verify", "--since", &since]).output().unwrap();
    assert!(inc.status.success(), "{}", String::from_utf8_lossy(&inc.stderr));
    assert!(String::from_utf8_lossy(&inc.stdout).contains("账本条目 0"), "{}", String::from_utf8_lossy(&inc.stdout));
    let wrong = zhifa(dir.path()).args(["verify", "--since", "3"]).output().unwrap();
    assert!(!wrong.status.success() && String::from_utf8_lossy(&wrong.stderr).contains("没有树大小为 3 的有效检查点"));
    // Change a certificate's end date behind the system's back.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s =
            zhifa_store::Store::connect(&format!("sqlite:{}", dir.path().join("zhifa.db").display())).await.unwrap();
        s.execute_raw_for_tests("UPDATE certificates SET valid_to = '2099-12-31' WHERE number = '津12011500009'")
            .await
            .unwrap();
        s.close().await;
    });
    let bad = zhifa(dir.path()).arg("verify").output().unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("表 certificates 第 9 行与账本第") && err.contains("核验失败"), "{err}");
}

#[test]
fn verify_writes_nothing_and_reports_missing_keys_instead_of_making_them() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let keys = dir.path().join("keys");
    assert!(!keys.exists(), "loading the demo makes no keys");
    let run = zhifa(dir.path()).arg("verify").output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success() && err.contains("未找到本机的账本密钥") && err.contains("--key"), "{err}");
    assert!(!keys.exists(), "verify must not create ledger keys");
    // With the keys in place (made by the checkpoint), it verifies; one key file gone is named.
    assert!(zhifa(dir.path()).args(["ledger", "checkpoint"]).output().unwrap().status.success());
    assert!(zhifa(dir.path()).arg("verify").output().unwrap().status.success());
    std::fs::remove_file(keys.join("ledger-sm2.key")).unwrap();
    let run = zhifa(dir.path()).arg("verify").output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success() && err.contains("ledger-sm2.key") && err.contains("缺失"), "{err}");
    assert!(!keys.join("ledger-sm2.key").exists(), "nor repair one");
}

#[test]
fn calendar_add_prints_the_end_and_the_holidays_skipped_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = zhifa(dir.path()).args(["calendar", "add", "2026-09-28", "7", "--working"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("期限届满日：2026-10-13（星期二）") && text.contains("2026-10-01 星期四 国庆节"), "{text}");
    assert!(!dir.path().join("zhifa.db").exists(), "no database touched");
    let out = zhifa(dir.path()).args(["calendar", "add", "2026-12-28", "7", "--working"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2027年的节假日安排尚未公布"));
}

#[test]
fn calendar_import_adds_a_year_for_every_command_that_uses_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2027.json");
    std::fs::write(
        &file,
        r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-02", "isOffDay": true}, {"name": "元旦", "date": "2027-01-03", "isOffDay": true}]}"#,
    )
    .unwrap();
    let no_source = zhifa(dir.path()).args(["calendar", "import"]).arg(&file).output().unwrap();
    assert!(!no_source.status.success(), "the notice must be named");
    let out = zhifa(dir.path())
        .args(["calendar", "import"])
        .arg(&file)
        .args(["--source", "国办发明电〔2026〕12号"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已导入2027年"));
    let out = zhifa(dir.path()).args(["calendar", "add", "2026-12-28", "7", "--working"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("期限届满日：2027-01-07") && text.contains("2027-01-01 星期五 元旦"), "{text}");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"year": 2027, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}"#)
        .unwrap();
    let out = zhifa(dir.path()).args(["calendar", "import"]).arg(&bad).args(["--source", "x"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不属于2027年"));
}

#[test]
fn redact_reads_standard_input_and_prints_the_text_or_the_spans_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], input: &str| {
        let mut child = zhifa(dir.path())
            .arg("redact")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = "当事人张三，男，身份证号１２０２２４１９８００１０１１２３４，电话022-29241234（本局），证人李四称。";
    let out = run(&["--party", "张三", "--public", "022-29241234"], text);
    assert_eq!(out, "当事人张三，男，身份证号******************，电话022-29241234（本局），证人李某称。");
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"], "手机13800138000")).unwrap();
    assert_eq!(json["text"], "手机138****8000");
    assert_eq!(json["spans"][0]["start"], 2);
    assert_eq!(json["spans"][0]["end"], 13);
    assert_eq!(json["spans"][0]["kind"], "mobile");
    assert!(!dir.path().join("zhifa.db").exists(), "no database was made");
}

/// `zhifa draw verify`: a bundle re-run offline with no database — a good one passes (the
/// announcement's proof, absent here, is reported as not checked), a changed result or roster
/// line fails naming the check, a broken file is a clear error; nothing is created.
#[test]
fn draw_verify_re_runs_a_bundle_offline_and_names_what_fails() {
    use zhifa_core::draw::{self, Object, Params, Person, Quota, Rosters, bundle};
    let dir = tempfile::tempdir().unwrap();
    let objects: Vec<Object> =
        (0..40).map(|i| Object { key: format!("9112022400000{i:04}X"), stratum: ["A", "B"][i % 2].into() }).collect();
    let people: Vec<Person> = (0..6).map(|i| Person { key: format!("JZ{i}"), group: "3".into() }).collect();
    let r = Rosters::new(objects, people, vec![]).unwrap();
    let params = Params {
        quota: Quota::Count { count: 3 },
        per_object: 2,
        reserves: 1,
        cap: 0,
        avoid_own_group: false,
        joint: false,
    };
    let entropy = draw::canonical_entropy("3 11 17 / 8").unwrap();
    let roots = r.roots();
    let b = bundle::Bundle {
        format: bundle::FORMAT.into(),
        task: "双随机-2026-3-001".into(),
        title: "第一批".into(),
        params: params.clone(),
        lines: bundle::Lines::of(&r),
        roots: bundle::RootsHex {
            objects: draw::hex(&roots.objects),
            people: draw::hex(&roots.people),
            conflicts: draw::hex(&roots.conflicts),
        },
        entropy: bundle::Entropy {
            source: "双色球".into(),
            public_at: chrono::Utc::now(),
            value: Some(entropy.clone()),
        },
        announcement: None,
        result: Some(draw::draw("双随机-2026-3-001", &r, &params, &entropy)),
    };
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, serde_json::to_string(&b).unwrap()).unwrap();
    let run = |f: &std::path::Path, extra: &[&str]| {
        let out = zhifa(dir.path()).args(["draw", "verify"]).arg(f).args(extra).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let drawn = b.result.as_ref().unwrap().chosen[0].key.clone();
    let (ok, out, err) = run(&file, &["--object", &drawn]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("✓ 默克尔根") && out.contains("✓ 抽取结果") && out.contains("· 公告记录"), "{out}");
    assert!(out.contains("包含证明有效") && out.contains("被抽中"), "{out}");
    let (ok, out, _) = run(&file, &["--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(ok && v["passed"] == true, "{out}");
    // A result that is not the draw's, or a roster line changed, fails and says which.
    let mut changed = b.clone();
    changed.result.as_mut().unwrap().chosen.reverse();
    std::fs::write(&file, serde_json::to_string(&changed).unwrap()).unwrap();
    let (ok, out, _) = run(&file, &[]);
    assert!(!ok && out.contains("✗ 抽取结果"), "{out}");
    let mut changed = b.clone();
    changed.lines.objects[1] = changed.lines.objects[1].replace("|B", "|A");
    std::fs::write(&file, serde_json::to_string(&changed).unwrap()).unwrap();
    let (ok, out, _) = run(&file, &[]);
    assert!(!ok && out.contains("✗ 默克尔根"), "{out}");
    std::fs::write(&file, "{not json").unwrap();
    let (ok, _, err) = run(&file, &[]);
    assert!(!ok && err.contains("验证包格式错误"), "{err}");
    assert!(!dir.path().join("zhifa.db").exists(), "no database is created");
}
