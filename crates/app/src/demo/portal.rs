//! What the demo shows the public: the market regulator's spot-check list and discretion standards,
//! published decisions, and last year's statistics reports.

use super::*;
use chrono::{Duration, NaiveDate, Utc};
use zhifa_core::access::Scope;
use zhifa_core::ids::{BodyId, CaseId, OfficerId};
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store};

/// The market regulator's spot-check item list and discretion standards (one version each).
pub(super) async fn body_lists(store: &Store, body_id: i64) -> Result<usize, String> {
    use zhifa_core::lists::{ListKind, validate};
    let sys = Actor::system();
    let mut created = 0;
    let spot = serde_json::json!([
        { "code": "SJ-SP-01", "name": "食品经营者经营条件和经营过程检查", "power_item_code": "MS-JC-001",
          "object": "辖区内取得食品经营许可的经营者", "method": "现场检查",
          "content": "许可证件公示、从业人员健康证明、进货查验记录、贮存条件、食品标签",
          "basis": ["食品安全法 第一百一十条", "食品安全法 第八十七条"], "ratio_percent": 5, "frequency": "每年不少于一次" },
        { "code": "SJ-SP-02", "name": "食品生产企业监督抽查", "power_item_code": "MS-JC-001",
          "object": "辖区内食品生产企业", "method": "现场检查、抽样检验",
          "content": "生产条件、原料控制、出厂检验记录、产品抽样检验",
          "basis": ["食品安全法 第一百一十条"], "ratio_percent": 20, "frequency": "每年一次" }
    ]);
    let discretion = serde_json::json!([
        { "power_item_code": "MS-CF-001", "violation": "未取得食品经营许可从事食品经营活动",
          "violation_basis": ["食品安全法 第三十五条"], "penalty_basis": ["食品安全法 第一百二十二条"],
          "levels": [
            { "degree": "轻微", "circumstances": "首次违法，货值金额不足一千元，及时改正，没有造成危害后果",
              "penalty_kinds": [], "standard": "依照《行政处罚法》第三十三条不予行政处罚，责令改正" },
            { "degree": "一般", "circumstances": "货值金额不足一万元",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "50000", "fine_max": "80000",
              "standard": "没收违法所得和违法经营的食品，并处五万元以上八万元以下罚款" },
            { "degree": "严重", "circumstances": "货值金额不足一万元，但违法行为持续三个月以上或者造成危害后果",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "80000", "fine_max": "100000",
              "standard": "没收违法所得和违法经营的食品，并处八万元以上十万元以下罚款" }
          ] },
        { "power_item_code": "MS-CF-002", "violation": "经营致病性微生物等污染物质含量超过食品安全标准限量的食品",
          "violation_basis": ["食品安全法 第三十四条"], "penalty_basis": ["食品安全法 第一百二十四条"],
          "levels": [
            { "degree": "一般", "circumstances": "货值金额不足一万元，未造成危害后果",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "50000", "fine_max": "80000",
              "standard": "没收违法所得和违法经营的食品，并处五万元以上八万元以下罚款" },
            { "degree": "较重", "circumstances": "货值金额不足一万元，造成危害后果或者拒不改正",
              "penalty_kinds": ["没收违法所得、没收非法财物", "罚款"], "fine_min": "80000", "fine_max": "100000",
              "standard": "没收违法所得和违法经营的食品，并处八万元以上十万元以下罚款" }
          ] }
    ]);
    for (kind, items, reason) in [
        (ListKind::SpotCheck, spot, "依据“双随机、一公开”监管工作要求编制本局抽查事项清单"),
        (ListKind::Discretion, discretion, "依据《行政处罚法》第三十四条制定本局行政处罚裁量基准"),
    ] {
        if !store.body_lists(body_id, kind).await.map_err(err)?.is_empty() {
            continue;
        }
        let (list, reason) = validate(kind, items, reason).map_err(|e| e.to_string())?;
        let effective_from = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?;
        store
            .execute(&sys, Command::FileBodyList { body_id: BodyId(body_id), list, effective_from, reason })
            .await
            .map_err(err)?;
        created += 1;
    }
    Ok(created)
}

/// The market regulator's roster of inspection objects (检查对象名录库), one version of sixty
/// shops and enterprises of the district, for the 双随机 draws.
pub(super) async fn roster(store: &Store, body_id: i64) -> Result<usize, String> {
    use zhifa_core::spotcheck::{COLUMNS, parse_roster};
    if !store.object_rosters(Scope::All, Some(body_id)).await.map_err(err)?.is_empty() {
        return Ok(0);
    }
    const NAMES: [&str; 12] =
        ["鑫源", "宏达", "福满楼", "惠民", "德顺", "金穗", "百味", "永康", "家乐", "瑞丰", "华润", "春和"];
    const AREAS: [&str; 5] = ["宝平街道", "海滨街道", "口东街道", "大口屯镇", "八门城镇"];
    const TRADES: [(&str, &str, &str); 4] = [
        ("餐饮服务", "餐饮管理有限公司", "饭店"),
        ("食品销售", "商贸有限公司", "便利店"),
        ("食品生产", "食品有限公司", "食品加工坊"),
        ("药品零售", "医药连锁有限公司", "大药房"),
    ];
    let header: Vec<String> = COLUMNS.iter().map(|(_, h)| h.to_string()).collect();
    let mut rows = Vec::new();
    for i in 0..60usize {
        let (trade, company, shop) = TRADES[i % 4];
        let individual = i % 3 == 2;
        // 个体工商户 codes begin 92, enterprises' 91 (GB 32100: registration authority and kind).
        let first17 = format!("{}120224MA0{:06}", if individual { "92" } else { "91" }, 4100 + i * 7);
        let check = zhifa_core::ids::credit_code_check_char(&first17).ok_or("credit code")?;
        let name = if individual {
            format!("宝坻区{}{}", NAMES[i % 12], shop)
        } else {
            format!("天津{}{}{}", NAMES[i % 12], ["", "兴", "盛", "源", "和"][i % 5], company)
        };
        rows.push(vec![
            format!("{first17}{check}"),
            name,
            if individual { "个体工商户" } else { "企业" }.to_string(),
            trade.to_string(),
            AREAS[i % 5].to_string(),
            ["A", "B", "B", "C", "B", "D"][i % 6].to_string(),
            if i % 17 == 5 { "是" } else { "否" }.to_string(),
        ]);
    }
    let objects = parse_roster(&header, &rows).map_err(|e| format!("{e:?}"))?;
    let cmd = Command::ImportRoster {
        body_id,
        source: "宝坻区市场监管局检查对象名录.xlsx".into(),
        note: Some("据市场主体登记信息和信用风险分类结果整理".into()),
        objects,
    };
    store.execute(&Actor::system(), cmd).await.map_err(err)?;
    Ok(1)
}

/// Last year's statistics reports, published: drafted from the data; where the year came before
/// the system (the demo's 2025), the figures are entered from the paper case registers as
/// corrections with that reason; the 复议/诉讼 totals are confirmed from the decisions; each body
/// publishes, then the justice bureau the district's total. Skipped when drafted already.
pub(super) async fn annual_reports(store: &Store, today: NaiveDate) -> Result<usize, String> {
    use chrono::Datelike;
    let year = today.year() - 1;
    let sys = Actor::system();
    if !store.annual_reports(year, zhifa_core::access::Scope::All).await.map_err(err)?.is_empty() {
        return Ok(0);
    }
    store.execute(&sys, Command::DraftAnnualReports { year, today }).await.map_err(err)?;
    let reports = store.annual_reports(year, zhifa_core::access::Scope::All).await.map_err(err)?;
    let mut created = reports.len();
    let paper = "本系统2026年启用，该年度数据依本机关纸质案卷台账补录";
    for (i, r) in reports.iter().filter(|r| r.body_id.is_some()).enumerate() {
        let i = i as i64;
        let mut edits: Vec<(&str, i64, &str)> = Vec::new();
        if year < 2026 {
            let decisions = 18 + 6 * i;
            edits.extend([
                ("cases.penalty_general", 20 + 7 * i, paper),
                ("cases.penalty_simple", 9 + 4 * (i % 3), paper),
                ("cases.inspection", 60 + 13 * i, paper),
                ("penalty.decisions", decisions, paper),
                ("penalty.warning", 3 + i % 4, paper),
                ("penalty.fine", decisions - 3, paper),
                ("penalty.fines", (120_000 + 35_000 * i) * 100, paper),
                ("closed.done", decisions - 2, paper),
                ("closed.no_penalty", 1 + i % 2, paper),
                ("hearings", 1 + i % 3, paper),
                ("legal_reviews", 4 + i, paper),
                ("inspections", 58 + 12 * i, paper),
                ("cases.licensing", 31 + 11 * (i % 4), paper),
                ("permits.accepted", 30 + 11 * (i % 4), paper),
                ("permits.not_accepted", 1, paper),
                ("permits.granted", 27 + 10 * (i % 4), paper),
                ("permits.denied", 1 + i % 2, paper),
                ("reconsideration.corrected", i64::from(i % 4 == 1), paper),
            ]);
        }
        let source = "依行政复议决定书、人民法院裁判文书统计";
        edits.push(("reconsideration.total", 1 + i % 3, source));
        edits.push(("litigation.total", i % 2, source));
        for (metric, value, reason) in edits {
            let cmd = Command::EditAnnualReport { id: r.id, metric: metric.into(), value, reason: reason.into() };
            store.execute(&sys, cmd).await.map_err(err)?;
            created += 1;
        }
        store.execute(&sys, Command::PublishAnnualReport { id: r.id }).await.map_err(err)?;
    }
    if let Some(d) = reports.iter().find(|r| r.body_id.is_none()) {
        store.execute(&sys, Command::PublishAnnualReport { id: d.id }).await.map_err(err)?;
    }
    Ok(created)
}

/// The applicant of the demo licence: a citizen whose record holds every kind of private data
/// (the public portal must show none of it).
pub const DEMO_APPLICANT: (&str, &str, &str, &str) =
    ("李建国", "120224198503151237", "天津市宝坻区周良街道东王庄村56号", "13612345678");

/// Registers a licence case, runs its steps to the decision, issues the decision and publishes
/// it as the engine proposes; returns the publication.
async fn granted_and_published(
    store: &Store,
    sys: &Actor,
    case: Command,
    steps: impl FnOnce(i64) -> Result<Vec<Command>, String>,
) -> Result<i64, String> {
    let id = store.execute(sys, case).await.map_err(err)?.id;
    store.execute_batch(sys, steps(id)?, |_| {}).await.map_err(|(_, e)| err(e))?;
    store.issue_document(sys, id, zhifa_core::doc::DocKind::LicenceDecision, None).await.map_err(err)?;
    let task = store.case_publications(id).await.map_err(err)?.pop().ok_or_else(|| err("缺少公示任务"))?;
    let (_, proposal) = store.publication_proposal(task.id, Scope::All).await.map_err(err)?;
    store.execute(sys, Command::PublishDecision { id: task.id, text: proposal.proposed.text }).await.map_err(err)?;
    Ok(task.id)
}

/// Decisions for the public portal: a licence granted to a citizen (published), an inspection
/// result (waiting for publication) and a licence to a company revoked by the body (published,
/// then withdrawn). Written through the same commands as the pages; skipped when present.
pub(super) async fn publications(store: &Store, today: NaiveDate) -> Result<usize, String> {
    use zhifa_core::case::{CaseInput, PartyInput, StepInput};
    let sys = Actor::system();
    let Some(body) = store.body_by_name(BODIES[0].name).await.map_err(err)? else { return Ok(0) };
    let b = body.id;
    let (name, id_number, address, phone) = DEMO_APPLICANT;
    let f = zhifa_store::cases::CaseFilter { q: Some(name.into()), ..Default::default() };
    if !store.case_list(Scope::Body(b), &f).await.map_err(err)?.is_empty() {
        return Ok(0);
    }
    let officers = store.list_officers(Scope::Body(b), &Default::default()).await.map_err(err)?;
    let (o1, o2) = match officers.as_slice() {
        [a, b, ..] => (a.id, b.id),
        _ => return Ok(0),
    };
    let at = |days_ago: i64, hour: u32| {
        let d = today - Duration::days(days_ago);
        format!("{d} {hour:02}:00")
    };
    let now = Utc::now();
    // Decisions are the head's; the other steps the handling officer's.
    let step = |case_id: i64, kind: &str, when: String, f: &dyn Fn(&mut StepInput)| -> Result<Command, String> {
        let content = Some("依法办理".to_string());
        let mut input = StepInput { kind: kind.into(), occurred_at: Some(when), content, ..Default::default() };
        f(&mut input);
        let step = input.validate(now).map_err(err)?;
        let (role, officer_id) = if zhifa_core::case::machine::is_decision(step.kind) {
            (zhifa_core::access::Role::Head, None)
        } else {
            (zhifa_core::access::Role::Officer, Some(o1))
        };
        Ok(Command::RecordStep {
            case_id: CaseId(case_id),
            step: Box::new(step),
            role,
            officer_id: officer_id.map(OfficerId),
            signer: None,
        })
    };
    let case = |kind: &str, item: &str, source: &str, party: PartyInput, facts: &str| -> Result<Command, String> {
        let input = CaseInput {
            kind: kind.into(),
            power_item_code: item.into(),
            source: source.into(),
            domain: "市场监管".into(),
            parties: vec![party],
            officer_ids: vec![o1, o2],
            facts: facts.into(),
            ..Default::default()
        };
        Ok(Command::CreateCase { body_id: BodyId(b), case: Box::new(input.validate(today).map_err(err)?) })
    };
    let licence = |case_id: i64, days_ago: i64| -> Result<Vec<Command>, String> {
        Ok(vec![
            step(case_id, "apply", at(days_ago + 10, 9), &|i| i.content = Some("申请食品经营许可".into()))?,
            step(case_id, "accept", at(days_ago + 9, 10), &|_| {})?,
            step(case_id, "licence_decision", at(days_ago, 10), &|i| {
                i.result = Some("准予许可".into());
                i.legal_basis = vec!["食品安全法 第三十五条".into()];
                i.content =
                    Some(format!("申请材料齐全，经营场所符合要求。申请人联系电话{phone}，经营场所位于{address}。"));
            })?,
        ])
    };
    let mut n = 0;
    // 1. A licence to a citizen, published.
    let person = PartyInput {
        name: name.into(),
        id_number: id_number.into(),
        address: Some(address.into()),
        phone: Some(phone.into()),
        ..Default::default()
    };
    let first = case("licensing", "MS-XK-001", "依申请", person, "申请食品经营许可（小餐饮）")?;
    granted_and_published(store, &sys, first, |id| licence(id, 12)).await?;
    n += 1;
    // 3. A licence to a company, published, then revoked by the body itself and withdrawn
    // (第十一条: within three working days of the change).
    let company = PartyInput {
        name: "天津市宝坻区福满楼餐饮有限公司".into(),
        id_number: "91120224MA05T3LQ25".into(),
        legal_representative: Some("赵福满".into()),
        address: Some("天津市宝坻区广川路19号".into()),
        ..Default::default()
    };
    let third = case("licensing", "MS-XK-001", "依申请", company, "申请食品经营许可（餐馆）")?;
    let publication = granted_and_published(store, &sys, third, |id| licence(id, 20)).await?;
    let change = zhifa_store::publicity::Change {
        ground: zhifa_core::publicity::ChangeGround::Revoked,
        by: zhifa_core::publicity::ChangeBy::Body,
        changed_on: today,
        note: "经复查，申请人提交的经营场所证明材料不实，本机关依法撤销该许可".into(),
    };
    store
        .execute(&sys, Command::ChangeDecision { id: publication, change: Some(change), withdraw: true })
        .await
        .map_err(err)?;
    n += 1;
    // 2. An inspection result, not yet published.
    let shop = PartyInput {
        name: "天津市宝坻区鑫源超市".into(),
        id_number: "92120224MA06K8QX3H".into(),
        legal_representative: Some("孙立新".into()),
        address: Some("天津市宝坻区南城东路88号".into()),
        ..Default::default()
    };
    {
        let c2 = store
            .execute(&sys, case("inspection", "MS-JC-001", "双随机抽查", shop, "双随机抽查：食品经营")?)
            .await
            .map_err(err)?
            .id;
        let steps = vec![
            step(c2, "start_inspection", at(6, 9), &|_| {})?,
            step(c2, "inspect", at(5, 10), &|i| {
                i.officer_ids = vec![o1, o2];
                i.place = Some("天津市宝坻区南城东路88号".into());
                i.content = Some("检查食品贮存、标签和进货查验记录".into());
            })?,
            step(c2, "inspection_result", at(5, 15), &|i| {
                i.result = Some("未发现问题".into());
                i.content = Some("未发现违法行为".into());
            })?,
        ];
        store.execute_batch(&sys, steps, |_| {}).await.map_err(|(_, e)| err(e))?;
        n += 1;
    }
    // 4. Two inspections closed last month and this: files a 案卷评查 campaign can draw.
    for (i, (shop, code, place)) in [
        ("天津市宝坻区惠民便利店", "92120224MA06K8QY1C", "天津市宝坻区钰华街道建设路21号"),
        ("天津市宝坻区康乐药房", "91120224MA06K8QX2H", "天津市宝坻区海滨街道开元路6号"),
    ]
    .into_iter()
    .enumerate()
    {
        let party = PartyInput {
            name: shop.into(),
            id_number: code.into(),
            legal_representative: Some("李建国".into()),
            address: Some(place.into()),
            ..Default::default()
        };
        let id = store
            .execute(&sys, case("inspection", "MS-JC-001", "检查发现", party, "日常检查：食品经营")?)
            .await
            .map_err(err)?
            .id;
        let back = 30 - 12 * i as i64;
        let steps = vec![
            step(id, "start_inspection", at(back + 2, 9), &|_| {})?,
            step(id, "inspect", at(back + 1, 10), &|i| {
                i.officer_ids = vec![o1, o2];
                i.place = Some(place.into());
                i.content = Some("检查食品贮存、标签和进货查验记录".into());
            })?,
            step(id, "inspection_result", at(back + 1, 15), &|i| {
                i.result = Some("未发现问题".into());
                i.content = Some("未发现违法行为".into());
            })?,
            // 结案 is the head's.
            match step(id, "close", at(back, 10), &|i| {
                i.result = Some("执行完毕".into());
                i.content = Some("检查完毕，未发现违法行为，结案".into());
            })? {
                Command::RecordStep { case_id, step, signer, .. } => Command::RecordStep {
                    case_id,
                    step,
                    role: zhifa_core::access::Role::Head,
                    officer_id: None,
                    signer,
                },
                other => other,
            },
        ];
        store.execute_batch(&sys, steps, |_| {}).await.map_err(|(_, e)| err(e))?;
        n += 1;
    }
    Ok(n)
}
