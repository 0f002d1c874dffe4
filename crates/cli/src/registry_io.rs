//! `zhifa import` and `zhifa export` of the registry (officers, certificates, power lists) from
//! and to `.csv` (UTF-8, or GBK as Excel in China saves it) and `.xlsx`.
//!
//! An import is all or nothing: every row is parsed and checked first (fields, references,
//! duplicates in the file and in the database); if any row is bad, every bad row is reported
//! with its row number (as the spreadsheet shows it, the header being row 1) and its column,
//! and nothing is written. Otherwise all rows are written in one transaction, each change with
//! its journal entry.

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use zhifa_core::access::Scope;
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store};

/// What a file holds.
#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    /// 执法人员
    Officers,
    /// 执法证件
    Certificates,
    /// 权责清单
    PowerItems,
}

const OFFICER_COLS: &[&str] =
    &["执法主体", "姓名", "身份证号码", "岗位", "执法领域", "法律职业资格证书编号", "联系电话"];
const CERT_COLS: &[&str] =
    &["证件编号", "持证人身份证号码", "持证人姓名", "发证机关", "执法领域", "执法区域", "有效期起", "有效期至", "状态"];
const POWER_COLS: &[&str] = &[
    "执法主体",
    "事项编码",
    "事项名称",
    "事项类别",
    "法律依据",
    "程序类型",
    "法定时限（日）",
    "按工作日计算",
    "适用听证",
    "救济途径",
    "生效日期",
    "变更类型",
    "变更原因",
    "受理条件",
    "申请材料",
];

/// One problem in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The spreadsheet row number (header = 1).
    pub row: usize,
    /// The column (header text).
    pub column: String,
    /// What is wrong.
    pub message: String,
}

fn cols(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Officers => OFFICER_COLS,
        Kind::Certificates => CERT_COLS,
        Kind::PowerItems => POWER_COLS,
    }
}

/// Reads a table: the header row and the data rows (empty rows left out), as text.
pub fn read_table(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let (header, mut rows) = zhifa_app::table::read_table(name, &bytes)?;
    rows.retain(|r| r.iter().any(|c| !c.is_empty()));
    Ok((header, rows))
}

fn column_map(
    header: &[String],
    expected: &[&str],
    optional: &[&str],
) -> Result<HashMap<String, usize>, Vec<RowError>> {
    let map: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.trim().to_string(), i)).collect();
    let missing: Vec<RowError> = expected
        .iter()
        .filter(|c| !optional.contains(c) && !map.contains_key(**c))
        .map(|c| RowError { row: 1, column: (*c).to_string(), message: "缺少此列".into() })
        .collect();
    if missing.is_empty() { Ok(map) } else { Err(missing) }
}

struct Row<'a> {
    cells: &'a [String],
    map: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, col: &str) -> String {
        self.map.get(col).and_then(|i| self.cells.get(*i)).cloned().unwrap_or_default()
    }
    fn opt(&self, col: &str) -> Option<String> {
        Some(self.get(col)).filter(|s| !s.is_empty())
    }
}

/// Turns field errors of a validated input into row errors, naming columns by header.
fn push_invalid(errors: &mut Vec<RowError>, row: usize, inv: &zhifa_core::Invalid, field_to_col: &[(&str, &str)]) {
    for e in &inv.errors {
        let column =
            field_to_col.iter().find(|(f, _)| *f == e.field).map(|(_, c)| c.to_string()).unwrap_or(e.field.clone());
        errors.push(RowError { row, column, message: e.message.clone() });
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '；', ';', ',', '，']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

fn progress(len: usize, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    pb
}

/// Parses and checks every row; returns the commands, or every problem.
pub async fn plan_import(
    store: &Store,
    kind: Kind,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<Command>, Vec<RowError>> {
    let optional: &[&str] = match kind {
        Kind::Officers => &["身份证号码", "法律职业资格证书编号", "联系电话"],
        Kind::Certificates => &["持证人姓名", "状态"],
        Kind::PowerItems => &["法定时限（日）", "按工作日计算", "适用听证", "受理条件", "申请材料"],
    };
    let map = column_map(header, cols(kind), optional)?;
    let bodies: HashMap<String, i64> = store
        .list_bodies()
        .await
        .map_err(|e| vec![RowError { row: 0, column: String::new(), message: e.to_string() }])?
        .into_iter()
        .map(|b| (b.name, b.id))
        .collect();
    let mut errors = Vec::new();
    let mut cmds = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let pb = progress(rows.len(), "检查");
    for (i, cells) in rows.iter().enumerate() {
        pb.inc(1);
        let rowno = i + 2;
        let r = Row { cells, map: &map };
        let body_of = |errors: &mut Vec<RowError>| -> i64 {
            let name = r.get("执法主体");
            match bodies.get(&name) {
                Some(id) => *id,
                None => {
                    errors.push(RowError {
                        row: rowno,
                        column: "执法主体".into(),
                        message: format!("执法主体“{name}”不存在"),
                    });
                    0
                }
            }
        };
        let db_err =
            |e: zhifa_store::StoreError| vec![RowError { row: rowno, column: String::new(), message: e.to_string() }];
        match kind {
            Kind::Officers => {
                let body_id = body_of(&mut errors);
                let input = OfficerInput {
                    body_id: body_id.max(1),
                    name: r.get("姓名"),
                    id_number: r.opt("身份证号码"),
                    post: r.get("岗位"),
                    domains: split_list(&r.get("执法领域")),
                    legal_qualification_no: r.opt("法律职业资格证书编号"),
                    phone: r.opt("联系电话"),
                };
                let cols = [
                    ("name", "姓名"),
                    ("id_number", "身份证号码"),
                    ("post", "岗位"),
                    ("domains", "执法领域"),
                    ("legal_qualification_no", "法律职业资格证书编号"),
                    ("phone", "联系电话"),
                ];
                match input.validate() {
                    Err(inv) => push_invalid(&mut errors, rowno, &inv, &cols),
                    Ok(mut v) => {
                        v.body_id = body_id;
                        if let Some(id) = &v.id_number {
                            if !seen.insert(id.to_string()) {
                                errors.push(RowError {
                                    row: rowno,
                                    column: "身份证号码".into(),
                                    message: "与文件中前面的行重复".into(),
                                });
                            } else if store.officer_by_id_number(id.as_str()).await.map_err(db_err)?.is_some() {
                                errors.push(RowError {
                                    row: rowno,
                                    column: "身份证号码".into(),
                                    message: "该人员已登记".into(),
                                });
                            }
                        }
                        cmds.push(Command::CreateOfficer(v));
                    }
                }
            }
            Kind::Certificates => {
                let holder = r.get("持证人身份证号码");
                let officer = match zhifa_core::ids::ResidentId::parse(&holder) {
                    Err(m) => {
                        errors.push(RowError { row: rowno, column: "持证人身份证号码".into(), message: m });
                        None
                    }
                    Ok(id) => match store.officer_by_id_number(id.as_str()).await.map_err(db_err)? {
                        None => {
                            errors.push(RowError {
                                row: rowno,
                                column: "持证人身份证号码".into(),
                                message: "未找到该执法人员，请先导入执法人员".into(),
                            });
                            None
                        }
                        Some(o) => Some(o),
                    },
                };
                if let Some(st) = r.opt("状态").filter(|s| s != "有效") {
                    errors.push(RowError {
                        row: rowno,
                        column: "状态".into(),
                        message: format!("导入只登记有效证件（本行为“{st}”）；暂扣、注销请在系统中办理"),
                    });
                }
                if let (Some(o), Some(name)) = (&officer, r.opt("持证人姓名"))
                    && o.name != name
                {
                    errors.push(RowError {
                        row: rowno,
                        column: "持证人姓名".into(),
                        message: format!("与身份证号码登记的姓名“{}”不一致", o.name),
                    });
                }
                let input = CertificateInput {
                    officer_id: officer.as_ref().map(|o| o.id).unwrap_or(1),
                    number: r.get("证件编号"),
                    issuer: r.get("发证机关"),
                    domain: r.get("执法领域"),
                    area: r.get("执法区域"),
                    valid_from: r.get("有效期起"),
                    valid_to: r.get("有效期至"),
                };
                let cols = [
                    ("number", "证件编号"),
                    ("issuer", "发证机关"),
                    ("domain", "执法领域"),
                    ("area", "执法区域"),
                    ("valid_from", "有效期起"),
                    ("valid_to", "有效期至"),
                ];
                match input.validate() {
                    Err(inv) => push_invalid(&mut errors, rowno, &inv, &cols),
                    Ok(v) => {
                        if !seen.insert(v.number.to_string()) {
                            errors.push(RowError {
                                row: rowno,
                                column: "证件编号".into(),
                                message: "与文件中前面的行重复".into(),
                            });
                        } else if store.certificate_by_number(v.number.as_str()).await.map_err(db_err)?.is_some() {
                            errors.push(RowError {
                                row: rowno,
                                column: "证件编号".into(),
                                message: format!("证件编号“{}”已存在", v.number),
                            });
                        }
                        if officer.is_some() {
                            cmds.push(Command::CreateCertificate(v));
                        }
                    }
                }
            }
            Kind::PowerItems => {
                let body_id = body_of(&mut errors);
                let days = r.opt("法定时限（日）");
                let days = match days.as_deref().map(str::parse::<i32>) {
                    None => None,
                    Some(Ok(d)) => Some(d),
                    Some(Err(_)) => {
                        errors.push(RowError {
                            row: rowno,
                            column: "法定时限（日）".into(),
                            message: "应为整数".into(),
                        });
                        None
                    }
                };
                let input = PowerItemInput {
                    body_id: body_id.max(1),
                    code: r.get("事项编码"),
                    name: r.get("事项名称"),
                    category: r.get("事项类别"),
                    legal_basis: split_list(&r.get("法律依据")),
                    procedure: r.get("程序类型"),
                    time_limit_days: days,
                    time_limit_working: matches!(r.get("按工作日计算").as_str(), "是" | "true" | "TRUE" | "1"),
                    hearing: matches!(r.get("适用听证").as_str(), "是" | "true" | "TRUE" | "1"),
                    remedy: r.get("救济途径"),
                    effective_from: r.get("生效日期"),
                    change_kind: r.get("变更类型"),
                    change_reason: r.get("变更原因"),
                    conditions: r.get("受理条件"),
                    // one material per line, or separated by ；
                    materials: r.get("申请材料").split(['\n', '；', ';']).map(str::to_string).collect(),
                    retroactivity: r.get("对此前行为的效力"),
                };
                let cols = [
                    ("code", "事项编码"),
                    ("name", "事项名称"),
                    ("category", "事项类别"),
                    ("legal_basis", "法律依据"),
                    ("procedure", "程序类型"),
                    ("time_limit_days", "法定时限（日）"),
                    ("remedy", "救济途径"),
                    ("effective_from", "生效日期"),
                    ("change_kind", "变更类型"),
                    ("change_reason", "变更原因"),
                    ("conditions", "受理条件"),
                    ("materials", "申请材料"),
                ];
                match input.validate() {
                    Err(inv) => push_invalid(&mut errors, rowno, &inv, &cols),
                    Ok(mut v) => {
                        v.body_id = body_id;
                        for lr in &v.legal_basis {
                            match zhifa_core::laws::find(&lr.law) {
                                Some(law) if law.article(&lr.article).is_none() => errors.push(RowError {
                                    row: rowno,
                                    column: "法律依据".into(),
                                    message: format!("《{}》没有{}", law.title(), lr.article),
                                }),
                                _ => {}
                            }
                        }
                        if !seen.insert(format!("{}/{}/{}", v.body_id, v.code, v.effective_from)) {
                            errors.push(RowError {
                                row: rowno,
                                column: "事项编码".into(),
                                message: "与文件中前面的行重复".into(),
                            });
                        }
                        cmds.push(Command::AddPowerItemVersion(v));
                    }
                }
            }
        }
    }
    pb.finish_and_clear();
    if errors.is_empty() { Ok(cmds) } else { Err(errors) }
}

/// `zhifa import KIND FILE`.
pub async fn import(store: &Store, kind: Kind, file: &Path) -> Result<(), String> {
    let (header, rows) = read_table(file)?;
    let cmds = match plan_import(store, kind, &header, &rows).await {
        Ok(c) => c,
        Err(errors) => return Err(report(&errors)),
    };
    let pb = progress(cmds.len(), "写入");
    let n = cmds.len();
    let result = store.execute_batch(&Actor::system(), cmds, |done| pb.set_position(done as u64)).await;
    pb.finish_and_clear();
    match result {
        Ok(_) => {
            println!("导入成功：{n} 行");
            Ok(())
        }
        Err((i, e)) => Err(report(&[RowError { row: i + 2, column: String::new(), message: e.to_string() }])),
    }
}

/// `zhifa export KIND FILE [--body-id N]`.
pub async fn export(store: &Store, kind: Kind, file: &Path, body_id: Option<i64>) -> Result<(), String> {
    let (header, rows) = export_rows(store, kind, body_id).await?;
    write_table(file, &header, &rows)?;
    println!("已导出 {} 行到 {}", rows.len(), file.display());
    Ok(())
}

fn report(errors: &[RowError]) -> String {
    let mut s = format!("导入未执行，共 {} 处错误（未写入任何数据）：", errors.len());
    for e in errors {
        if e.column.is_empty() {
            s.push_str(&format!("\n  第{}行：{}", e.row, e.message));
        } else {
            s.push_str(&format!("\n  第{}行「{}」：{}", e.row, e.column, e.message));
        }
    }
    s
}

async fn export_rows(
    store: &Store,
    kind: Kind,
    body_id: Option<i64>,
) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let e = |e: zhifa_store::StoreError| e.to_string();
    let bodies: HashMap<i64, String> =
        store.list_bodies().await.map_err(e)?.into_iter().map(|b| (b.id, b.name)).collect();
    let scope = body_id.map(Scope::Body).unwrap_or(Scope::All);
    let header = cols(kind).iter().map(|c| c.to_string()).collect();
    let mut rows = Vec::new();
    match kind {
        Kind::Officers => {
            let mut offset = 0;
            loop {
                let f =
                    zhifa_store::reads::OfficerFilter { limit: Some(500), offset: Some(offset), ..Default::default() };
                let page = store.list_officers(scope, &f).await.map_err(e)?;
                if page.is_empty() {
                    break;
                }
                offset += page.len() as i64;
                for o in page {
                    rows.push(vec![
                        bodies.get(&o.body_id).cloned().unwrap_or_default(),
                        o.name.clone(),
                        o.id_number.clone().unwrap_or_default(),
                        o.post.clone(),
                        o.domain_list().join("、"),
                        o.legal_qualification_no.clone().unwrap_or_default(),
                        o.phone.clone().unwrap_or_default(),
                    ]);
                }
            }
        }
        Kind::Certificates => {
            let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
            for c in store.list_certificates(scope, &Default::default()).await.map_err(e)? {
                let officer = store.get_officer(Scope::All, c.officer_id).await.map_err(e)?;
                let stored = CertificateStatus::parse(&c.status).unwrap_or(CertificateStatus::Suspended);
                rows.push(vec![
                    c.number.clone(),
                    officer.and_then(|o| o.id_number).unwrap_or_default(),
                    c.officer_name.clone(),
                    c.issuer.clone(),
                    c.domain.clone(),
                    c.area.clone(),
                    c.valid_from.to_string(),
                    c.valid_to.to_string(),
                    effective_status(stored, c.valid_from, c.valid_to, today).label().to_string(),
                ]);
            }
        }
        Kind::PowerItems => {
            let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
            let ids: Vec<i64> = match body_id {
                Some(b) => vec![b],
                None => bodies.keys().copied().collect(),
            };
            let mut ids = ids;
            ids.sort();
            for b in ids {
                for p in store.power_items_in_force(b, today).await.map_err(e)? {
                    rows.push(vec![
                        bodies.get(&p.body_id).cloned().unwrap_or_default(),
                        p.code.clone(),
                        p.name.clone(),
                        p.category_label().to_string(),
                        p.legal_refs()
                            .iter()
                            .map(|r| format!("{} {}", r.law, r.article))
                            .collect::<Vec<_>>()
                            .join("；"),
                        p.procedure_label().to_string(),
                        p.time_limit_days.map(|d| d.to_string()).unwrap_or_default(),
                        if p.time_limit_working { "是" } else { "否" }.to_string(),
                        if p.hearing { "是" } else { "否" }.to_string(),
                        p.remedy.clone(),
                        p.effective_from.to_string(),
                        p.change_label().to_string(),
                        p.change_reason.clone(),
                        p.conditions.clone().unwrap_or_default(),
                        p.materials.clone().unwrap_or_default().replace('\n', "；"),
                    ]);
                }
            }
        }
    }
    Ok((header, rows))
}

fn write_table(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<(), String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" => {
            let mut w = csv::Writer::from_path(path).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
            w.write_record(header).map_err(|e| e.to_string())?;
            for r in rows {
                w.write_record(r).map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())
        }
        "xlsx" => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let x = |e: rust_xlsxwriter::XlsxError| e.to_string();
            for (c, h) in header.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold).map_err(x)?;
                ws.set_column_width(c as u16, 18).map_err(x)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r as u32 + 1, c as u16, v).map_err(x)?;
                }
            }
            wb.save(path).map_err(x)
        }
        _ => Err(format!("不支持的文件类型“{}”，请使用 .csv 或 .xlsx", path.display())),
    }
}
