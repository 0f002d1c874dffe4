use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn decisions() -> Vec<Doc> {
    vec![
        Doc {
            id: 1,
            body_id: 10,
            category: "penalty".into(),
            penalty_kinds: vec!["fine".into(), "warning".into()],
            published_on: d(2026, 3, 2),
            expires_on: d(2029, 3, 2),
            doc_number: "津宝市监罚〔2026〕12号".into(),
            party: "天津市宝坻区鑫源超市有限公司".into(),
            subject: "销售过期食品".into(),
            legal_basis: "《中华人民共和国食品安全法》第一百二十四条".into(),
            conclusion: "警告；罚款5,000.00元".into(),
            full_text:
                "经查，当事人于2026年1月在其经营场所销售超过保质期的食品，违反了《中华人民共和国食品安全法》的规定。"
                    .into(),
        },
        Doc {
            id: 2,
            body_id: 11,
            category: "penalty".into(),
            penalty_kinds: vec!["fine".into()],
            published_on: d(2026, 4, 8),
            expires_on: d(2026, 7, 8),
            doc_number: "津宝城管罚〔2026〕3号".into(),
            party: "王某".into(),
            subject: "占道经营".into(),
            legal_basis: "《城市市容和环境卫生管理条例》".into(),
            conclusion: "罚款200.00元".into(),
            full_text: "当事人在周良街道占用道路摆摊经营水果。".into(),
        },
        Doc {
            id: 3,
            body_id: 10,
            category: "licence".into(),
            penalty_kinds: vec![],
            published_on: d(2026, 5, 1),
            expires_on: d(2029, 5, 1),
            doc_number: "津宝市监许〔2026〕7号".into(),
            party: "李建国".into(),
            subject: "食品经营许可".into(),
            legal_basis: "《中华人民共和国行政许可法》第三十八条".into(),
            conclusion: "准予许可".into(),
            full_text: "申请人李建国申请食品经营许可，经审查符合条件，准予许可。".into(),
        },
    ]
}

fn index() -> SearchIndex {
    let ix = SearchIndex::in_memory().expect("index");
    ix.stage(&decisions(), &[]).expect("stage");
    ix.commit(&Position { origin: "test".into(), seq: 9, version: SCHEMA_VERSION }).expect("commit");
    ix
}

fn ask(q: &str) -> Search {
    Search { q: q.into(), today: d(2026, 6, 1), limit: 20, ..Default::default() }
}

fn ids(h: &Hits) -> Vec<i64> {
    let mut v: Vec<i64> = h.hits.iter().map(|h| h.id).collect();
    v.sort_unstable();
    v
}

#[test]
fn every_word_must_occur_and_matches_are_marked() {
    let ix = index();
    let h = ix.search(&ask("食品")).expect("search");
    assert_eq!(ids(&h), vec![1, 3]);
    assert_eq!(h.total, 2);
    let mut all = ix.matching_ids(&ask("食品")).expect("all");
    all.sort_unstable();
    assert_eq!(all, vec![1, 3]);
    let h = ix.search(&ask("过期 食品")).expect("search");
    assert_eq!(ids(&h), vec![1]);
    let snippet = &h.hits[0].snippet;
    assert!(snippet.iter().any(|p| p.hit && p.text == "食品"), "{snippet:?}");
    // a word of the party's name, of the 文号, of the legal basis
    assert_eq!(ids(&ix.search(&ask("鑫源超市")).expect("s")), vec![1]);
    assert_eq!(ids(&ix.search(&ask("宝城管罚")).expect("s")), vec![2]);
    assert_eq!(ids(&ix.search(&ask("行政许可法")).expect("s")), vec![3]);
    assert!(ix.search(&ask("高速公路")).expect("s").hits.is_empty());
    assert!(ix.search(&ask("，。 ")).expect("s").hits.is_empty());
}

#[test]
fn filters_narrow_the_results() {
    let ix = index();
    let mut s = ask("食品");
    s.body_id = Some(10);
    s.category = Some("licence".into());
    assert_eq!(ids(&ix.search(&s).expect("s")), vec![3]);
    let mut s = ask("罚款");
    s.penalty = Some("warning".into());
    assert_eq!(ids(&ix.search(&s).expect("s")), vec![1]);
    let mut s = ask("当事人");
    s.from = Some(d(2026, 4, 8));
    s.to = Some(d(2026, 4, 8));
    assert_eq!(ids(&ix.search(&s).expect("s")), vec![2]);
}

#[test]
fn an_expired_publication_leaves_the_results_on_its_end_date() {
    let ix = index();
    let mut s = ask("占道经营");
    s.today = d(2026, 7, 7);
    assert_eq!(ids(&ix.search(&s).expect("s")), vec![2]);
    s.today = d(2026, 7, 8);
    assert!(ix.search(&s).expect("s").hits.is_empty());
}

#[test]
fn a_replaced_or_removed_decision_is_found_as_it_now_stands() {
    let ix = index();
    let mut withdrawn = decisions().remove(0);
    withdrawn.party.clear();
    withdrawn.conclusion.clear();
    withdrawn.full_text.clear();
    ix.stage(&[withdrawn], &[3]).expect("stage");
    ix.commit(&Position { origin: "test".into(), seq: 12, version: SCHEMA_VERSION }).expect("commit");
    assert!(ix.search(&ask("鑫源超市")).expect("s").hits.is_empty());
    assert_eq!(ids(&ix.search(&ask("过期食品")).expect("s")), vec![1]);
    assert!(ix.search(&ask("李建国")).expect("s").hits.is_empty());
    assert_eq!(ix.len(), 2);
    assert_eq!(ix.position().expect("pos").map(|p| p.seq), Some(12));
}

#[test]
fn paging_counts_all_and_returns_the_page() {
    let ix = SearchIndex::in_memory().expect("index");
    let docs: Vec<Doc> = (1..=25)
        .map(|i| Doc {
            id: i,
            full_text: format!("第{i}号 无证经营"),
            expires_on: d(2030, 1, 1),
            ..decisions()[0].clone()
        })
        .collect();
    ix.stage(&docs, &[]).expect("stage");
    ix.commit(&Position { origin: "t".into(), seq: 1, version: SCHEMA_VERSION }).expect("commit");
    let mut s = ask("无证经营");
    s.limit = 10;
    s.offset = 20;
    let h = ix.search(&s).expect("s");
    assert_eq!(h.total, 25);
    assert_eq!(h.hits.len(), 5);
}

#[test]
fn a_directory_index_keeps_its_position_and_refuses_a_second_writer() {
    let dir = tempfile::tempdir().expect("dir");
    {
        let ix = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(ix.position().expect("pos"), None);
        ix.stage(&decisions(), &[]).expect("stage");
        ix.commit(&Position { origin: "o".into(), seq: 5, version: SCHEMA_VERSION }).expect("commit");
        let second = SearchIndex::open(dir.path());
        assert!(matches!(second, Err(SearchError::Locked(_))), "{second:?}");
    }
    let ix = SearchIndex::open(dir.path()).expect("reopen");
    assert_eq!(ix.position().expect("pos").map(|p| (p.origin, p.seq)), Some(("o".to_string(), 5)));
    assert_eq!(ids(&ix.search(&ask("鑫源超市")).expect("s")), vec![1]);
}

#[test]
fn a_run_found_as_typed_ranks_first() {
    let ix = SearchIndex::in_memory().expect("index");
    // "apart" has each word more often (BM25 alone prefers it), never as the run typed.
    let mut apart = decisions()[0].clone();
    apart.id = 7;
    apart.full_text = "许可证过期。经营场所发现食品。食品另行经营，许可另案处理；经营食品。".into();
    apart.subject = "其他".into();
    let mut together = decisions()[0].clone();
    together.id = 8;
    together.full_text =
        "经查，当事人在本区某路某号未取得食品经营许可从事相关活动，有现场笔录、询问笔录和照片为证，事实清楚。".into();
    together.subject = "其他".into();
    ix.stage(&[apart, together], &[]).expect("stage");
    ix.commit(&Position { origin: "t".into(), seq: 1, version: SCHEMA_VERSION }).expect("commit");
    let order = |q: &str| ix.search(&ask(q)).expect("s").hits.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(order("许可 经营 食品"), vec![7, 8], "the words apart: BM25 alone prefers the frequent one");
    assert_eq!(order("食品经营许可"), vec![8, 7], "typed as one run: the run found adjacent ranks first");
}
