//! Search benchmark: the same synthetic published decisions in the project's index (tantivy
//! with the jieba segmenter), in SQLite FTS5 with the trigram tokenizer and in PostgreSQL with a
//! pg_trgm GIN index; the same 20 queries against each: latency (p50, p99) of a first page of
//! 20 results with the total count, queries per second with two clients, and result quality
//! against the generator's own truth (what each decision is about).
//!
//! ```text
//! cargo run --release -p zhifa-search --example bench_search -- [N] [--pg URL] [--dir DIR]
//! ```
//! N defaults to 1,000,000. The data is built once per N under `target/bench-search/N` (and
//! the `zhifa_bench_N` PostgreSQL database) and reused by later runs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly

use chrono::NaiveDate;
use sqlx::{Connection, Executor};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zhifa_search::{Doc, Position, Search, SearchIndex};

// ---------------------------------------------------------------------------------------------
// The synthetic decisions: what each is about is known, so quality can be judged.

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// (body, its 代字)
const BODIES: &[(&str, &str)] = &[
    ("天津市宝坻区市场监督管理局", "市监"),
    ("天津市宝坻区城市管理委员会", "城管"),
    ("天津市宝坻区生态环境局", "环"),
    ("天津市宝坻区应急管理局", "应急"),
    ("天津市宝坻区交通运输局", "交"),
    ("天津市宝坻区卫生健康委员会", "卫"),
    ("天津市宝坻区文化和旅游局", "文旅"),
    ("天津市宝坻区农业农村委员会", "农"),
    ("天津市宝坻区水务局", "水"),
    ("天津市宝坻区住房和城乡建设委员会", "建"),
    ("天津市宝坻区规划和自然资源局", "规资"),
    ("天津市宝坻区消防救援支队", "消"),
];

/// (violation, legal basis, the body it belongs to); the text may tell it at more length
/// ([`DETAILS`]).
const VIOLATIONS: &[(&str, &str, usize)] = &[
    ("销售过期食品", "《中华人民共和国食品安全法》第一百二十四条", 0),
    ("未取得食品经营许可从事食品经营活动", "《中华人民共和国食品安全法》第一百二十二条", 0),
    ("生产经营无标签的预包装食品", "《中华人民共和国食品安全法》第一百二十五条", 0),
    ("销售不符合安全标准的药品", "《中华人民共和国药品管理法》第一百一十七条", 0),
    ("未按规定明码标价", "《中华人民共和国价格法》第四十二条", 0),
    ("发布虚假广告", "《中华人民共和国广告法》第五十五条", 0),
    ("占道经营", "《城市市容和环境卫生管理条例》第三十六条", 1),
    ("随意倾倒建筑垃圾", "《城市建筑垃圾管理规定》第二十条", 1),
    ("擅自设置户外广告设施", "《天津市市容和环境卫生管理条例》第六十五条", 1),
    ("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条", 2),
    ("未采取措施防治施工噪声污染", "《中华人民共和国噪声污染防治法》第七十七条", 2),
    ("违法排放水污染物", "《中华人民共和国水污染防治法》第八十三条", 2),
    ("未按规定贮存危险废物", "《中华人民共和国固体废物污染环境防治法》第一百一十二条", 2),
    ("未按规定设置安全警示标志", "《中华人民共和国安全生产法》第九十九条", 3),
    ("违规储存危险化学品", "《危险化学品安全管理条例》第八十条", 3),
    ("未对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条", 3),
    ("未取得道路运输经营许可擅自从事道路运输经营", "《中华人民共和国道路运输条例》第六十三条", 4),
    ("营运车辆超限超载运输", "《公路安全保护条例》第六十六条", 4),
    ("医疗机构使用非卫生技术人员", "《医疗机构管理条例》第四十七条", 5),
    ("公共场所未取得卫生许可证经营", "《公共场所卫生管理条例》第十四条", 5),
    ("擅自从事营业性演出经营活动", "《营业性演出管理条例》第四十三条", 6),
    ("经营未经审定的农药", "《农药管理条例》第五十五条", 7),
    ("未经批准取用地下水", "《中华人民共和国水法》第六十九条", 8),
    ("未取得施工许可证擅自施工", "《建筑工程施工许可管理办法》第十二条", 9),
    ("非法占用耕地建房", "《中华人民共和国土地管理法》第七十七条", 10),
    ("消防设施未保持完好有效", "《中华人民共和国消防法》第六十条", 11),
    ("占用堵塞消防通道", "《中华人民共和国消防法》第六十条", 11),
];

/// How the text tells a violation where it says more than the short name.
const DETAILS: &[(&str, &str)] = &[("销售过期食品", "销售超过保质期的食品")];

fn detail(what: &'static str) -> &'static str {
    DETAILS.iter().find(|(w, _)| *w == what).map_or(what, |d| d.1)
}

const NAME_CHARS: &[&str] = &[
    "鑫", "源", "华", "宏", "盛", "达", "顺", "丰", "利", "隆", "兴", "泰", "福", "瑞", "祥", "昌", "恒", "信", "诚",
    "通", "金", "海", "德", "宝", "永", "润", "佳", "嘉", "鸿", "安",
];
const TRADES: &[&str] = &[
    "超市",
    "餐饮店",
    "商贸有限公司",
    "建筑工程有限公司",
    "运输有限公司",
    "加油站",
    "大药房",
    "汽车修理厂",
    "五金店",
    "印刷厂",
    "化工有限公司",
    "食品有限公司",
    "农资经营部",
    "文化传媒有限公司",
];
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
const PLACES: &[&str] = &[
    "周良街道",
    "海滨街道",
    "钰华街道",
    "宝平街道",
    "口东街道",
    "朝霞街道",
    "大口屯镇",
    "王卜庄镇",
    "方家庄镇",
    "林亭口镇",
    "八门城镇",
    "大钟庄镇",
    "新安镇",
    "霍各庄镇",
    "新开口镇",
    "大唐庄镇",
    "牛道口镇",
    "史各庄镇",
    "郝各庄镇",
    "黄庄镇",
    "尔王庄镇",
];
const ROADS: &[&str] = &["建设路", "南城东路", "广阳路", "津围线", "开元路", "北环路", "钰华街", "宝平公路"];
const FILLERS: &[&str] = &[
    "执法人员依法出示执法证件，制作了现场检查笔录，并对现场进行了拍照和录像。",
    "当事人对上述事实无异议，并提供了相关证据材料。",
    "本机关于作出决定前告知了当事人拟作出处罚的事实、理由、依据及依法享有的陈述、申辩权利。",
    "当事人在规定期限内未提出陈述、申辩意见。",
    "经集体讨论，综合考虑违法行为的事实、性质、情节和社会危害程度。",
    "当事人积极配合调查，主动消除违法行为危害后果。",
];

/// What a decision is about (the truth the quality figures are judged by).
#[derive(Debug, Clone)]
struct Truth {
    violation: usize,
    trade: usize,
    party: String,
    place: usize,
    kinds: Vec<&'static str>,
    number: String,
}

fn generate(i: usize, rng: &mut Rng) -> (Doc, Truth) {
    let violation = rng.below(VIOLATIONS.len());
    let (what, basis, body) = VIOLATIONS[violation];
    let (body_name, abbr) = BODIES[body];
    let trade = rng.below(TRADES.len());
    let person = rng.below(5) == 0;
    let party = if person {
        format!("{}某", rng.pick(SURNAMES))
    } else {
        format!("天津市宝坻区{}{}{}", rng.pick(NAME_CHARS), rng.pick(NAME_CHARS), TRADES[trade])
    };
    let place = rng.below(PLACES.len());
    let year = 2023 + rng.below(4) as i32;
    let published_on = NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32).unwrap();
    let number = format!("津宝{abbr}罚〔{year}〕{}号", i + 1);
    let fine = (1 + rng.below(200)) * 500;
    let mut kinds = vec!["fine"];
    let mut conclusion = String::new();
    match rng.below(6) {
        0 => {
            kinds.insert(0, "warning");
            conclusion.push_str("警告；");
        }
        1 => {
            kinds.push("confiscation");
            conclusion.push_str(&format!("没收违法所得{}元；", fine / 5));
        }
        2 => {
            kinds.push("suspend_business");
            conclusion.push_str("责令停产停业十日；");
        }
        _ => {}
    }
    conclusion.push_str(&format!("罚款{fine}元"));
    let told = detail(what);
    let mut text = format!(
        "{body_name}\n行政处罚决定书\n{number}\n当事人：{party}\n经查，当事人于{year}年在宝坻区{}{}{}号{told}。",
        PLACES[place],
        rng.pick(ROADS),
        1 + rng.below(200)
    );
    for _ in 0..2 {
        let filler: &&str = rng.pick(FILLERS);
        text.push_str(filler);
    }
    text.push_str(&format!("上述行为违反了{basis}的规定。依据{basis}，本机关决定：{conclusion}。"));
    let doc = Doc {
        id: i as i64 + 1,
        body_id: body as i64 + 1,
        category: "penalty".into(),
        penalty_kinds: kinds.iter().map(|k| k.to_string()).collect(),
        published_on,
        expires_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        doc_number: number.clone(),
        party: party.clone(),
        subject: what.to_string(),
        legal_basis: basis.to_string(),
        conclusion,
        full_text: text,
    };
    (doc, Truth { violation, trade: if person { usize::MAX } else { trade }, party, place, kinds, number })
}

fn all_text(d: &Doc) -> String {
    format!("{}\n{}\n{}\n{}\n{}\n{}", d.doc_number, d.party, d.subject, d.legal_basis, d.conclusion, d.full_text)
}

/// A query and what makes a decision relevant to it.
struct Q {
    text: String,
    relevant: Box<dyn Fn(&Truth) -> bool>,
}

fn violation_has(word: &'static str) -> Box<dyn Fn(&Truth) -> bool> {
    Box::new(move |t: &Truth| {
        let what = VIOLATIONS[t.violation].0;
        what.contains(word) || detail(what).contains(word)
    })
}

fn queries(sample: &Truth) -> Vec<Q> {
    let trade = |w: &'static str| -> Box<dyn Fn(&Truth) -> bool> {
        Box::new(move |t: &Truth| t.trade != usize::MAX && TRADES[t.trade].contains(w))
    };
    let party = sample.party.clone();
    let number = sample.number.clone();
    let q = |text: &str, relevant: Box<dyn Fn(&Truth) -> bool>| Q { text: text.to_string(), relevant };
    vec![
        q("过期食品", violation_has("过期食品")),
        q("保质期", violation_has("保质期")),
        q("占道经营", violation_has("占道经营")),
        q("食品经营许可", violation_has("食品经营许可")),
        q("噪声", violation_has("噪声")),
        q("超市", trade("超市")),
        q("建筑垃圾", violation_has("建筑垃圾")),
        q("危险化学品", violation_has("危险化学品")),
        q("消防", violation_has("消防")),
        q("药品", violation_has("药品")),
        q("大气污染物", violation_has("大气污染物")),
        q("加油站", trade("加油站")),
        q("安全警示标志", violation_has("安全警示标志")),
        q("责令停产停业", Box::new(|t: &Truth| t.kinds.contains(&"suspend_business"))),
        q("没收违法所得", Box::new(|t: &Truth| t.kinds.contains(&"confiscation"))),
        q("周良街道", Box::new(|t: &Truth| PLACES[t.place] == "周良街道")),
        q("超市 过期食品", {
            let v = violation_has("过期食品");
            let s = trade("超市");
            Box::new(move |t: &Truth| v(t) && s(t))
        }),
        q("餐饮 食品经营许可", {
            let v = violation_has("食品经营许可");
            let s = trade("餐饮");
            Box::new(move |t: &Truth| v(t) && s(t))
        }),
        q(&party.clone(), Box::new(move |t: &Truth| t.party == party)),
        q(&number.clone(), Box::new(move |t: &Truth| t.number == number)),
    ]
}

// ---------------------------------------------------------------------------------------------
// The engines.

const PAGE: usize = 20;

fn words(q: &str) -> Vec<String> {
    q.split_whitespace().map(str::to_string).collect()
}

/// FTS5 MATCH expression: each whitespace-separated term as a quoted substring, all required.
fn fts_match(q: &str) -> String {
    words(q).iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ")
}

/// `doc LIKE '%w1%' AND doc LIKE '%w2%'` with binds.
fn like_all(q: &str, first: usize) -> (String, Vec<String>) {
    let w = words(q);
    let sql = (0..w.len()).map(|i| format!("doc LIKE ${}", first + i)).collect::<Vec<_>>().join(" AND ");
    (sql, w.iter().map(|w| format!("%{w}%")).collect())
}

async fn sqlite_page(conn: &mut sqlx::SqliteConnection, q: &str) -> (i64, Vec<i64>) {
    let m = fts_match(q);
    let total: i64 =
        sqlx::query_scalar("SELECT count(*) FROM fts WHERE fts MATCH ?1").bind(&m).fetch_one(&mut *conn).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2")
        .bind(&m)
        .bind(PAGE as i64)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    (total, ids)
}

async fn sqlite_all(conn: &mut sqlx::SqliteConnection, q: &str) -> HashSet<i64> {
    sqlx::query_scalar("SELECT rowid FROM fts WHERE fts MATCH ?1")
        .bind(fts_match(q))
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn pg_page(conn: &mut sqlx::PgConnection, q: &str) -> (i64, Vec<i64>) {
    let (cond, binds) = like_all(q, 1);
    let sql = format!("SELECT count(*) FROM d WHERE {cond}");
    let mut c = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        c = c.bind(b);
    }
    let total: i64 = c.fetch_one(&mut *conn).await.unwrap();
    let sql = format!("SELECT id FROM d WHERE {cond} ORDER BY published_on DESC, id DESC LIMIT {PAGE}");
    let mut p = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        p = p.bind(b);
    }
    let ids: Vec<i64> = p.fetch_all(&mut *conn).await.unwrap();
    (total, ids)
}

async fn pg_all(conn: &mut sqlx::PgConnection, q: &str) -> HashSet<i64> {
    let (cond, binds) = like_all(q, 1);
    let sql = format!("SELECT id FROM d WHERE {cond}");
    let mut p = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        p = p.bind(b);
    }
    p.fetch_all(&mut *conn).await.unwrap().into_iter().collect()
}

fn tantivy_search(ix: &SearchIndex, q: &str) -> zhifa_search::Hits {
    let s = Search {
        q: q.to_string(),
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        limit: PAGE,
        ..Default::default()
    };
    ix.search(&s).unwrap()
}

// ---------------------------------------------------------------------------------------------

fn median_p99(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.99))
}

struct Args {
    n: usize,
    pg: String,
    dir: PathBuf,
    reps: usize,
    /// only the project's index (a quick look; figures for the record come from a full run)
    only_index: bool,
}

fn args() -> Args {
    let mut a = Args {
        n: 1_000_000,
        pg: std::env::var("ZHIFA_BENCH_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        dir: PathBuf::from("target/bench-search"),
        reps: 5,
        only_index: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--pg" => a.pg = it.next().expect("--pg URL"),
            "--dir" => a.dir = PathBuf::from(it.next().expect("--dir DIR")),
            "--reps" => a.reps = it.next().and_then(|r| r.parse().ok()).expect("--reps N"),
            "--only-index" => a.only_index = true,
            n => a.n = n.replace('_', "").parse().expect("N"),
        }
    }
    a
}

fn truths(n: usize) -> Vec<Truth> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|i| generate(i, &mut rng).1).collect()
}

fn docs(n: usize, mut each: impl FnMut(Vec<Doc>)) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..n {
        batch.push(generate(i, &mut rng).0);
        if batch.len() == 10_000 {
            each(std::mem::take(&mut batch));
        }
    }
    if !batch.is_empty() {
        each(batch);
    }
}

/// The project's index (rebuilt alone when its schema changed since the data was built).
fn build_tantivy(a: &Args, dir: &Path) {
    let t = Instant::now();
    let ix = SearchIndex::open_with(&dir.join("tantivy"), 2, 600_000_000).unwrap();
    ix.clear().unwrap();
    let mut bytes = 0_usize;
    docs(a.n, |b| {
        bytes += b.iter().map(|d| all_text(d).len()).sum::<usize>();
        ix.stage(&b, &[]).unwrap();
    });
    ix.commit(&Position { origin: "bench".into(), seq: a.n as i64, version: zhifa_search::SCHEMA_VERSION }).unwrap();
    ix.wait_merging().unwrap();
    println!("built tantivy: {:.0} s ({:.0} MB of text)", t.elapsed().as_secs_f64(), bytes as f64 / 1e6);
}

async fn build(a: &Args, dir: &Path, pg_url: &str) {
    std::fs::create_dir_all(dir).unwrap();
    build_tantivy(a, dir);
    // SQLite FTS5, trigram
    let t = Instant::now();
    let path = dir.join("fts5.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=rwc", path.display())).await.unwrap();
    conn.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF").await.unwrap();
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(doc, tokenize = 'trigram')").await.unwrap();
    let mut batches = Vec::new();
    docs(a.n, |b| batches.push(b));
    for b in batches {
        let mut tx = conn.begin().await.unwrap();
        for d in &b {
            sqlx::query("INSERT INTO fts (rowid, doc) VALUES (?1, ?2)")
                .bind(d.id)
                .bind(all_text(d))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    conn.execute("INSERT INTO fts(fts) VALUES('optimize')").await.unwrap();
    conn.close().await.unwrap();
    println!("built SQLite FTS5 trigram: {:.0} s", t.elapsed().as_secs_f64());
    // PostgreSQL, pg_trgm
    let t = Instant::now();
    let mut conn = sqlx::PgConnection::connect(pg_url).await.unwrap();
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm; DROP TABLE IF EXISTS d; CREATE TABLE d (id BIGINT PRIMARY KEY, published_on DATE NOT NULL, doc TEXT NOT NULL)").await.unwrap();
    let mut copy = conn.copy_in_raw("COPY d (id, published_on, doc) FROM STDIN WITH (FORMAT csv)").await.unwrap();
    let mut chunks = Vec::new();
    docs(a.n, |b| {
        let mut w = csv_chunk(&b);
        chunks.push(std::mem::take(&mut w));
    });
    for c in chunks {
        copy.send(c).await.unwrap();
    }
    copy.finish().await.unwrap();
    conn.execute("SET maintenance_work_mem = '1GB'").await.unwrap();
    conn.execute("CREATE INDEX d_trgm ON d USING gin (doc gin_trgm_ops)").await.unwrap();
    conn.execute("VACUUM ANALYZE d").await.unwrap();
    conn.close().await.unwrap();
    println!("built PostgreSQL pg_trgm: {:.0} s", t.elapsed().as_secs_f64());
    std::fs::write(dir.join("done"), a.n.to_string()).unwrap();
}

fn csv_chunk(b: &[Doc]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in b {
        out.extend_from_slice(
            format!("{},{},\"{}\"\n", d.id, d.published_on, all_text(d).replace('"', "\"\"")).as_bytes(),
        );
    }
    out
}

fn size_mb(p: &Path) -> f64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            total += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    } else if let Ok(m) = std::fs::metadata(p) {
        total = m.len();
    }
    total as f64 / 1e6
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    let dir = a.dir.join(a.n.to_string());
    let db = format!("zhifa_bench_{}", a.n);
    let pg_url = format!("{}/{db}", a.pg.trim_end_matches('/'));
    let built = std::fs::read_to_string(dir.join("done")).is_ok_and(|s| s.trim() == a.n.to_string());
    if !built {
        let mut admin = sqlx::PgConnection::connect(&format!("{}/postgres", a.pg.trim_end_matches('/'))).await.unwrap();
        let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
            .bind(&db)
            .fetch_optional(&mut admin)
            .await
            .unwrap();
        if exists.is_none() {
            admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}"))).await.unwrap();
        }
        admin.close().await.unwrap();
        build(&a, &dir, &pg_url).await;
    } else {
        println!("reusing the data built in {}", dir.display());
    }
    let truth = truths(a.n);
    let qs = queries(&truth[a.n / 2]);
    let mut ix = SearchIndex::open(&dir.join("tantivy")).unwrap();
    if ix.len() != a.n as u64 {
        drop(ix);
        build_tantivy(&a, &dir);
        ix = SearchIndex::open(&dir.join("tantivy")).unwrap();
    }
    if a.only_index {
        let mut lat = Vec::new();
        let mut slow = (0.0_f64, String::new());
        for q in &qs {
            tantivy_search(&ix, &q.text);
        }
        for _ in 0..a.reps {
            for q in &qs {
                let t = Instant::now();
                std::hint::black_box(tantivy_search(&ix, &q.text));
                let e = t.elapsed();
                if e.as_secs_f64() * 1000.0 > slow.0 {
                    slow = (e.as_secs_f64() * 1000.0, q.text.clone());
                }
                lat.push(e);
            }
        }
        let (p50, p99) = median_p99(lat);
        println!("tantivy + jieba only: p50 {p50:.2} ms, p99 {p99:.2} ms, slowest {:.1} ms ({})", slow.0, slow.1);
        return;
    }
    let mut lite =
        sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=ro", dir.join("fts5.db").display())).await.unwrap();
    let mut pg = sqlx::PgConnection::connect(&pg_url).await.unwrap();
    let pg_mb: i64 =
        sqlx::query_scalar("SELECT pg_total_relation_size('d') / 1000000").fetch_one(&mut pg).await.unwrap();
    println!(
        "{} decisions; index size: tantivy {:.0} MB, FTS5 {:.0} MB, PostgreSQL table+indexes {} MB",
        ix.len(),
        size_mb(&dir.join("tantivy")),
        size_mb(&dir.join("fts5.db")),
        pg_mb
    );

    // Quality: every match of each engine against the generator's truth.
    println!("\nquality (relevant = what the generator made the decision about):");
    println!(
        "{:<28} {:>9} | {:>22} | {:>22} | {:>22}",
        "query", "relevant", "tantivy+jieba P/R/P@20", "FTS5 trigram P/R/P@20", "pg_trgm P/R/P@20"
    );
    let mut sums = [[0.0_f64; 3]; 3];
    for q in &qs {
        let rel: HashSet<i64> =
            truth.iter().enumerate().filter(|(_, t)| (q.relevant)(t)).map(|(i, _)| i as i64 + 1).collect();
        let t_all: HashSet<i64> = ix
            .matching_ids(&Search {
                q: q.text.clone(),
                today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .collect();
        let t_top: Vec<i64> = tantivy_search(&ix, &q.text).hits.iter().map(|h| h.id).collect();
        let l_all = sqlite_all(&mut lite, &q.text).await;
        let l_top = sqlite_page(&mut lite, &q.text).await.1;
        let p_all = pg_all(&mut pg, &q.text).await;
        let p_top = pg_page(&mut pg, &q.text).await.1;
        let score = |all: &HashSet<i64>, top: &[i64]| -> [f64; 3] {
            let p20 = if top.is_empty() {
                0.0
            } else {
                top.iter().filter(|i| rel.contains(i)).count() as f64 / top.len() as f64
            };
            let hit = all.iter().filter(|i| rel.contains(i)).count() as f64;
            let precision = if all.is_empty() { 0.0 } else { hit / all.len() as f64 };
            [precision, hit / rel.len().max(1) as f64, p20]
        };
        let ts = score(&t_all, &t_top);
        let ls = score(&l_all, &l_top);
        let ps = score(&p_all, &p_top);
        for (k, s) in [ts, ls, ps].iter().enumerate() {
            for j in 0..3 {
                sums[k][j] += s[j];
            }
        }
        let f = |s: [f64; 3]| format!("{:>5.0}%/{:>4.0}%/{:>4.0}%", s[0] * 100.0, s[1] * 100.0, s[2] * 100.0);
        println!("{:<28} {:>9} | {:>22} | {:>22} | {:>22}", q.text, rel.len(), f(ts), f(ls), f(ps));
    }
    let n = qs.len() as f64;
    let f = |s: [f64; 3]| format!("{:>5.0}%/{:>4.0}%/{:>4.0}%", s[0] / n * 100.0, s[1] / n * 100.0, s[2] / n * 100.0);
    println!("{:<28} {:>9} | {:>22} | {:>22} | {:>22}", "mean of 20", "", f(sums[0]), f(sums[1]), f(sums[2]));

    // Latency: first page of 20 with the total, each query `reps` times, one client.
    println!(
        "\nlatency (first page of {PAGE} with the total; tantivy also builds the snippets), {} runs of 20 queries:",
        a.reps
    );
    for q in &qs {
        tantivy_search(&ix, &q.text);
        sqlite_page(&mut lite, &q.text).await;
        pg_page(&mut pg, &q.text).await;
    }
    let mut lat = [Vec::new(), Vec::new(), Vec::new()];
    let mut slowest = [(0.0_f64, String::new()), (0.0, String::new()), (0.0, String::new())];
    for _ in 0..a.reps {
        for q in &qs {
            let t = Instant::now();
            std::hint::black_box(tantivy_search(&ix, &q.text));
            lat[0].push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(sqlite_page(&mut lite, &q.text).await);
            lat[1].push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(pg_page(&mut pg, &q.text).await);
            lat[2].push(t.elapsed());
            for k in 0..3 {
                let ms = lat[k].last().unwrap().as_secs_f64() * 1000.0;
                if ms > slowest[k].0 {
                    slowest[k] = (ms, q.text.clone());
                }
            }
        }
    }
    let names = ["tantivy + jieba", "SQLite FTS5 trigram", "PostgreSQL pg_trgm"];
    let mut p = Vec::new();
    for k in 0..3 {
        let (p50, p99) = median_p99(lat[k].clone());
        p.push((p50, p99));
        println!(
            "{:<22} p50 {:>9.2} ms   p99 {:>9.2} ms   slowest: {:.1} ms ({})",
            names[k], p50, p99, slowest[k].0, slowest[k].1
        );
    }
    println!(
        "ratios: p50 FTS5/tantivy {:.1}×, pg/tantivy {:.1}×; p99 FTS5/tantivy {:.1}×, pg/tantivy {:.1}×",
        p[1].0 / p[0].0,
        p[2].0 / p[0].0,
        p[1].1 / p[0].1,
        p[2].1 / p[0].1
    );

    // Throughput: two clients, the 20 queries `reps` times each.
    println!("\nthroughput, 2 clients:");
    let ix = std::sync::Arc::new(ix);
    let qtexts: Vec<String> = qs.iter().map(|q| q.text.clone()).collect();
    let reps = a.reps;
    let t = Instant::now();
    let hs: Vec<_> = (0..2)
        .map(|_| {
            let ix = ix.clone();
            let qt = qtexts.clone();
            std::thread::spawn(move || {
                for _ in 0..reps {
                    for q in &qt {
                        std::hint::black_box(tantivy_search(&ix, q));
                    }
                }
            })
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    let tq = (2 * reps * qtexts.len()) as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut js = Vec::new();
    for _ in 0..2 {
        let path = dir.join("fts5.db");
        let qt = qtexts.clone();
        js.push(tokio::spawn(async move {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=ro", path.display())).await.unwrap();
            for _ in 0..reps {
                for q in &qt {
                    std::hint::black_box(sqlite_page(&mut c, q).await);
                }
            }
        }));
    }
    for j in js {
        j.await.unwrap();
    }
    let lq = (2 * reps * qtexts.len()) as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut js = Vec::new();
    for _ in 0..2 {
        let url = pg_url.clone();
        let qt = qtexts.clone();
        js.push(tokio::spawn(async move {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            for _ in 0..reps {
                for q in &qt {
                    std::hint::black_box(pg_page(&mut c, q).await);
                }
            }
        }));
    }
    for j in js {
        j.await.unwrap();
    }
    let pq = (2 * reps * qtexts.len()) as f64 / t.elapsed().as_secs_f64();
    println!("{:<22} {:>8.1} q/s\n{:<22} {:>8.1} q/s\n{:<22} {:>8.1} q/s", names[0], tq, names[1], lq, names[2], pq);
}
