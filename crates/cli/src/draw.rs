//! `zhifa draw verify`: a 双随机 (or 评查) draw re-run from its bundle, offline, with no database.

/// `zhifa draw verify`: the bundle's checks, one a line, and the object's own check if asked.
pub fn verify(file: &std::path::Path, keys: &[String], object: Option<&str>, json: bool) -> Result<(), String> {
    use zhifa_core::draw::bundle;
    use zhifa_store::zhifa_ledger::note::VerifierKey;
    let keys: Vec<VerifierKey> = keys
        .iter()
        .map(|k| VerifierKey::parse(k).map_err(|e| format!("公钥“{k}”无效：{e}")))
        .collect::<Result<_, _>>()?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
    let b: bundle::Bundle = serde_json::from_str(&text).map_err(|e| format!("验证包格式错误：{e}"))?;
    let report = bundle::verify(&b, &keys);
    let own = object.map(|o| bundle::self_check(&b, &o.trim().to_ascii_uppercase()));
    if json {
        let v = serde_json::json!({ "passed": report.passed(), "checks": report.checks, "object": own });
        println!("{}", serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?);
    } else {
        println!("抽查任务 {}：{}", b.task, b.title);
        for c in &report.checks {
            let mark = match c.ok {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "·",
            };
            println!("  {mark} {}：{}", c.what, c.detail);
        }
        if let Some(o) = &own {
            match &o.line {
                None => println!("  对象 {}：不在公告的检查对象名单中", o.key),
                Some(line) => {
                    println!(
                        "  对象 {}：名单第 {} 行“{line}”，包含证明{}",
                        o.key,
                        o.index.unwrap_or_default() + 1,
                        if o.proof_ok { "有效" } else { "无效" }
                    );
                    if let (Some(score), Some(cut)) = (&o.score, &o.cutoff) {
                        println!(
                            "    分值 {score}，所在层分界分值 {cut}：{}",
                            if o.drawn {
                                "分值不大于分界分值，被抽中"
                            } else {
                                "分值大于分界分值，未被抽中"
                            }
                        );
                    }
                }
            }
        }
    }
    if report.passed() && own.as_ref().is_none_or(|o| o.line.is_none() || o.proof_ok) {
        Ok(())
    } else {
        Err("核验未通过".into())
    }
}
