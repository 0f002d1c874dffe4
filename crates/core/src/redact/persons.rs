//! Names of natural persons other than the party, by evidence: a surname (single or compound)
//! where a name is expected — after a role or kinship word (证人, 医生, 邻居, 其妻), before a
//! title (周文静医生) or before what a person does (马国强称, 3 characters) — then every
//! other occurrence of a name so found, and the names listed next to one (张三、李四等).
//! The parties' names (and their legal representatives'), names after a public office
//! (执法人员, 局长) and names already anonymised (刘某) stay.

use super::lexicon::{compound_at, cue, is_given, is_surname, pair_frequency, word_frequency};
use super::{Kind, Scan, Span};

/// Characters that cannot be part of a given name: particles, verbs and words that follow a
/// name in a sentence.
fn not_given(c: char) -> bool {
    matches!(
        c,
        '某' | '称'
            | '说'
            | '住'
            | '在'
            | '于'
            | '的'
            | '是'
            | '系'
            | '等'
            | '及'
            | '和'
            | '与'
            | '向'
            | '到'
            | '对'
            | '为'
            | '也'
            | '均'
            | '都'
            | '证'
            | '陈'
            | '反'
            | '表'
            | '已'
            | '未'
            | '曾'
            | '将'
            | '被'
            | '把'
            | '从'
            | '自'
            | '因'
            | '了'
            | '着'
            | '过'
            | '报'
            | '警'
            | '不'
            | '没'
            | '无'
            | '有'
            | '这'
            | '那'
            | '其'
            | '该'
            | '各'
            | '每'
            | '本'
            | '之'
            | '所'
            | '者'
            | '们'
            | '个'
            | '人'
            | '或'
            | '即'
            | '而'
            | '但'
            | '并'
            | '则'
            | '就'
            | '还'
            | '又'
            | '再'
            | '只'
            | '仅'
            | '亦'
            | '给'
            | '让'
            | '叫'
            | '去'
            | '出'
            | '进'
            | '做'
            | '要'
            | '会'
            | '能'
            | '可'
            | '应'
            | '需'
            | '得'
            | '地'
            | '家'
            | '处'
            | '时'
            | '后'
            | '前'
            | '里'
            | '上'
            | '下'
            | '中'
            | '内'
            | '外'
            | '店'
            | '市'
            | '区'
            | '县'
            | '镇'
            | '村'
            | '路'
            | '街'
            | '号'
            | '室'
            | '局'
            | '院'
            | '厂'
            | '司'
            | '公'
            | '部'
            | '队'
            | '站'
            | '科'
            | '年'
            | '日'
            | '元'
            | '件'
            | '名'
            | '位'
            | '次'
            | '岁'
            | '签'
            | '作'
            | '提'
            | '告'
            | '带'
            | '拿'
            | '用'
            | '买'
            | '卖'
            | '收'
            | '送'
            | '交'
            | '打'
            | '看'
            | '找'
            | '问'
            | '答'
            | '讲'
            | '认'
            | '知'
            | '发'
            | '现'
            | '感'
            | '觉'
    )
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether the character at `j` can stand in a given name here: a character that usually
/// follows a name (发, 家) does when it is common in given names and starts no common word with
/// the character after it (栗万发（, 张家豪称; not 王五发现).
fn in_given(cs: &[char], j: usize) -> bool {
    let c = cs[j];
    is_han(c)
        && (!not_given(c)
            || is_given(c)
                && cs
                    .get(j + 1)
                    .is_none_or(|n| !(is_han(*n) && not_given(*n)) && pair_frequency(c, *n).is_none_or(|f| f < 300)))
}

/// Whether `[s, e)` reads as two common words cut apart, even after a role word: 电工程建设
/// is 电 + 工程 + 建设, not 电工 + 程建设 (证人马国强 stays a name: 国强 is no common word).
fn split_words(cs: &[char], s: usize, e: usize) -> bool {
    e - s == 3
        && s > 0
        && pair_frequency(cs[s - 1], cs[s]).is_some_and(|f| f >= 300)
        && pair_frequency(cs[s + 1], cs[s + 2]).is_some_and(|f| f >= 1000)
}

/// Characters that often start the word after a two-character name: 孙浩进行 is 孙浩 + 进行.
fn starts_next_word(c: char) -> bool {
    matches!(
        c,
        '进' | '出'
            | '来'
            | '去'
            | '到'
            | '在'
            | '给'
            | '被'
            | '把'
            | '让'
            | '将'
            | '从'
            | '对'
            | '为'
            | '同'
            | '一'
            | '两'
            | '二'
    )
}

/// A name starting at `s`: its length, or none.
fn name_at(cs: &[char], s: usize) -> Option<usize> {
    let sl = if compound_at(cs, s) {
        2
    } else if cs.get(s).is_some_and(|c| is_surname(*c)) {
        1
    } else {
        return None;
    };
    let mut e = s + sl;
    while e < cs.len() && e - s < sl + 2 && in_given(cs, e) {
        e += 1;
    }
    // 孙浩进行: the third character begins the next word (王福来称 is a name of three).
    if e - s == sl + 2
        && sl == 1
        && starts_next_word(cs[e - 1])
        && cs.get(e).is_some_and(|c| is_han(*c) && !not_given(*c))
    {
        e -= 1;
    }
    (e - s > sl).then_some(e - s)
}

/// A name ending at `e`: the longest of three characters (a compound surname and two, a surname
/// and two), then two when `short` allows it.
fn name_before(cs: &[char], e: usize, short: bool) -> Option<usize> {
    let fits = |len: usize| -> bool {
        if e < len {
            return false;
        }
        let s = e - len;
        let sl = if compound_at(cs, s) { 2 } else { 1 };
        (compound_at(cs, s) || is_surname(cs[s])) && len > sl && (s + sl..e).all(|j| in_given(cs, j))
    };
    if e >= 4 && compound_at(cs, e - 4) && fits(4) {
        return Some(4);
    }
    if fits(3) {
        return Some(3);
    }
    (short && fits(2)).then_some(2)
}

/// Characters after which a name may stand in running text (与阚立新、…, 由郎玉田带路).
fn opens_name(c: char) -> bool {
    matches!(
        c,
        '与' | '和'
            | '向'
            | '对'
            | '给'
            | '由'
            | '让'
            | '被'
            | '将'
            | '把'
            | '跟'
            | '同'
            | '找'
            | '叫'
            | '经'
            | '据'
            | '是'
            | '为'
            | '及'
            | '请'
            | '、'
            | '，'
            | '。'
            | '：'
            | ':'
            | '“'
            | '（'
            | '('
            | '\n'
            | '；'
    )
}

/// Characters before which a name may end in running text.
fn closes_name(c: char) -> bool {
    matches!(
        c,
        '称' | '说'
            | '等'
            | '、'
            | '，'
            | '。'
            | '（'
            | '('
            | '的'
            | '在'
            | '于'
            | '向'
            | '与'
            | '和'
            | '对'
            | '将'
            | '被'
            | '把'
            | '也'
            | '都'
            | '已'
            | '曾'
            | '未'
            | '是'
            | '系'
            | '到'
            | '去'
            | '来'
            | '：'
            | '；'
            | '”'
            | '\n'
            | '及'
            | '为'
            | '因'
            | '代'
            | '带'
            | '陪'
            | '帮'
            | '替'
            | '看'
            | '签'
            | '）'
            | ')'
            | '驾'
            | '购'
            | '销'
            | '办'
            | '欠'
            | '负'
            | '从'
            | '当'
            | '承'
            | '私'
            | '拒'
            | '自'
            | '使'
            | '通'
            | '提'
            | '缴'
            | '多'
            | '共'
            | '两'
            | '二'
            | '三'
            | '一'
    )
}

/// A name by its shape alone, at `s`: a surname and two characters common in given names
/// (or a compound surname and one or two), standing between the characters that open and close
/// a name in running text.
fn shaped_at(cs: &[char], s: usize) -> Option<usize> {
    if s > 0 && !opens_name(cs[s - 1]) {
        return None;
    }
    let (sl, lens): (usize, &[usize]) = if compound_at(cs, s) {
        (2, &[4, 3])
    } else if cs.get(s).is_some_and(|c| is_surname(*c)) {
        (1, &[3])
    } else {
        return None;
    };
    lens.iter().copied().find(|&len| {
        cs.len() > s + len
            && closes_name(cs[s + len])
            && cs[s + sl..s + len].iter().all(|c| is_given(*c) && !not_given(*c))
    })
}

/// Whether the characters after the surname are a plausible given name: one of them common
/// in given names when the evidence is strong, all of them when it is weak.
fn plausible_given(cs: &[char], s: usize, e: usize, strong: bool) -> bool {
    let sl = if e - s >= 3 && compound_at(cs, s) { 2 } else { 1 };
    let given = &cs[s + sl..e];
    if strong { given.iter().any(|c| is_given(*c)) } else { given.iter().all(|c| is_given(*c)) }
}

/// The name right before a bracket that describes a person (尉迟建中（个体养殖户）): as
/// [`name_before`], but a given name may hold what elsewhere ends one (中, 才), since the name
/// ends at the bracket.
fn described_name(cs: &[char], e: usize) -> Option<usize> {
    let fits = |len: usize| -> bool {
        if e < len {
            return false;
        }
        let s = e - len;
        let sl = if compound_at(cs, s) { 2 } else { 1 };
        (compound_at(cs, s) || is_surname(cs[s]))
            && len > sl
            && cs[s + sl..e].iter().all(|c| {
                is_han(*c)
                    && !matches!(
                        c,
                        '某' | '的' | '是' | '和' | '与' | '及' | '等' | '在' | '向' | '对' | '为' | '人' | '员'
                    )
            })
    };
    [4, 3, 2].into_iter().find(|&len| (len != 4 || compound_at(cs, e.saturating_sub(4))) && fits(len))
}

/// Whether the bracket `[s, e)` describes a person: an age (35岁), a relation (系…), a sex, or
/// a role or trade word that ends it (学员, 个体渔民, 当事人仓库保管员).
fn describes_person(sc: &Scan, s: usize, e: usize) -> bool {
    let inner = &sc.cs[s..e];
    inner.first().is_some_and(|c| matches!(c, '系' | '男' | '女'))
        || inner.last() == Some(&'岁') && inner.len() <= 5
        || sc.hits_ending_at(e).any(|h| h.start >= s && h.cues & cue::ROLE != 0 && h.cues & cue::PUBLIC_TITLE == 0)
}

/// Surnames that are also prepositions or function words (向, 于, 时): a name starting with
/// one must end where a name ends (证人向阳称), not run on (向海关提供).
fn ambiguous_surname(c: char) -> bool {
    matches!(
        c,
        '向' | '于'
            | '时'
            | '同'
            | '从'
            | '全'
            | '成'
            | '安'
            | '关'
            | '方'
            | '将'
            | '应'
            | '和'
            | '与'
            | '对'
            | '由'
            | '来'
            | '游'
            | '师'
    )
}

/// Whether a name at `[s, e)` would begin inside a common word (工程建设 after 电工: 工程) or,
/// after a surname that is also a word of its own, run on into one (向海关, 来大陆). Only weak
/// evidence is overruled: after 证人 a name is a name.
fn inside_word(cs: &[char], s: usize, e: usize) -> bool {
    let across = s > 0 && pair_frequency(cs[s - 1], cs[s]).is_some_and(|f| f >= 300);
    let rest =
        e - s == 3 && ambiguous_surname(cs[s]) && pair_frequency(cs[s + 1], cs[s + 2]).is_some_and(|f| f >= 1000);
    across || rest
}

/// The evidence for a name, put in words only for the names kept.
#[derive(Debug, Clone, Copy)]
enum Why {
    /// registered in the case
    Known,
    /// after the word at `[start, end)`
    After(usize, usize),
    /// before the word at `[start, end)`: a title (true) or what a person does
    Before(usize, usize, bool),
    /// described in the bracket at `[start, end)`: 马某（35岁）, （系…之妻）, （学员）
    Described(usize, usize),
    /// the answer to a question for a name
    Answer,
    /// its shape alone
    Shape,
    /// listed next to another name
    Listed,
    /// a name found elsewhere in the text
    Again,
}

impl Why {
    fn text(self, cs: &[char]) -> String {
        let word = |s: usize, e: usize| cs[s..e].iter().collect::<String>();
        match self {
            Why::Known => "案件中登记的当事人以外自然人".into(),
            Why::After(s, e) => format!("“{}”之后的自然人姓名", word(s, e)),
            Why::Before(s, e, true) => format!("“{}”之前的自然人姓名", word(s, e)),
            Why::Before(s, e, false) => format!("“{}”的主语（自然人姓名）", word(s, e)),
            Why::Described(s, e) => format!("括注“{}”所述的自然人", word(s, e)),
            Why::Answer => "问及姓名的回答".into(),
            Why::Shape => "姓氏与常见名字用字组成、前后为句读或虚词".into(),
            Why::Listed => "与其他自然人姓名并列".into(),
            Why::Again => "前文已遮蔽的自然人姓名".into(),
        }
    }
}

/// Whether a candidate is a common word rather than a name (申请, 管理; 申请审 starts with one):
/// any listed word when the evidence is weak (the shape of a name, a verb after it), only a
/// frequent one when it is strong (a role word before it).
fn common_word(name: &[char], strong: bool) -> bool {
    let floor = if strong { 300 } else { 10 };
    let frequent = |w: &[char]| {
        word_frequency(w)
            .or_else(|| (w.len() == 2).then(|| pair_frequency(w[0], w[1])).flatten())
            .is_some_and(|f| f >= floor)
    };
    frequent(name) || name.len() >= 3 && frequent(&name[..2])
}

pub(crate) fn names(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    let mut found: Vec<(usize, usize, Why, bool)> = Vec::new();
    let public_before = |s: usize| {
        let mut k = s;
        while k > 0 && matches!(cs[k - 1], '：' | ':' | ' ') {
            k -= 1;
        }
        // The longest word ending there decides: 车队长 is no 队长.
        sc.hits_ending_at(k)
            .filter(|h| h.cues & (cue::PUBLIC_TITLE | cue::ROLE) != 0)
            .max_by_key(|h| h.end - h.start)
            .is_some_and(|h| h.cues & cue::PUBLIC_TITLE != 0)
            // 执法人员：刘建华（执法证号…）、方晓明: the list after a public office.
            || k > 0 && cs[k - 1] == '、' && {
                let from = k.saturating_sub(48);
                let stop = cs[from..k].iter().rposition(|c| matches!(c, '。' | '；' | '\n')).map_or(from, |p| from + p + 1);
                sc.hits_within(stop, k).any(|h| {
                    h.cues & cue::PUBLIC_TITLE != 0 && cs.get(h.end).is_some_and(|c| matches!(c, '：' | ':'))
                }) && !sc.hits_within(stop, k).any(|h| {
                    h.cues & cue::ROLE != 0
                        && !sc.hits_within(h.start.saturating_sub(4), h.end).any(|p| {
                            p.cues & cue::PUBLIC_TITLE != 0 && p.start <= h.start && p.end >= h.end
                        })
                })
            }
    };
    // Names the case knows to be private.
    for n in sc.ctx.private_names.iter().filter(|n| n.chars().count() >= 2) {
        if sc.ctx.party_names.contains(n) {
            continue;
        }
        let nc: Vec<char> = n.chars().collect();
        for s in sc.occurrences(&nc) {
            found.push((s, s + nc.len(), Why::Known, true));
        }
    }
    for h in &sc.hits {
        // After a role: 证人王五, 投诉人：李四.
        if h.cues & cue::ROLE != 0 && h.cues & cue::PUBLIC_TITLE == 0 {
            let mut s = h.end;
            while s < cs.len() && matches!(cs[s], '：' | ':' | ' ' | '（' | '(') {
                s += 1;
            }
            let weak = cs[h.start..h.end].ends_with(&['人', '员']);
            if !public_before(s)
                && let Some(len) = name_at(cs, s)
                && (!weak || len >= 3)
            {
                found.push((s, s + len, Why::After(h.start, h.end), true));
            }
        }
        // Before a title: 周文静医生; before what a person does: 马国强称.
        let title = h.cues & cue::TITLE_AFTER != 0;
        if (title || h.cues & cue::VERB != 0)
            && let Some(len) = name_before(cs, h.start, title)
        {
            found.push((h.start - len, h.start, Why::Before(h.start, h.end, title), title));
        }
    }
    // After a word for someone's trade or standing (搬运工, 客户, 教练员): weaker evidence.
    for s in 1..cs.len() {
        if matches!(cs[s - 1], '工' | '员' | '师' | '户' | '者' | '客' | '友' | '子' | '家')
            && !found.iter().any(|f| f.0 == s)
            && let Some(len) = name_at(cs, s)
        {
            found.push((s, s + len, Why::After(s - 1, s), false));
        }
    }
    // A name the bracket after it describes as a person: 柏玉兰（89岁）, 房德胜（系…之父）,
    // 汪婷（学员）.
    for (k, c) in cs.iter().enumerate() {
        if matches!(c, '（' | '(')
            && let Some(close) = cs[k + 1..].iter().take(16).position(|c| matches!(c, '）' | ')'))
            && describes_person(sc, k + 1, k + 1 + close)
            && let Some(len) = described_name(cs, k)
        {
            found.push((k - len, k, Why::Described(k, k + close + 2), true));
        }
    }
    // The answer to a question for a name: 问：你妻子叫什么？答：冯丽君。
    for (k, w) in cs.windows(2).enumerate() {
        if w == ['答', '：'] || w == ['答', ':'] {
            let q = &cs[k.saturating_sub(14)..k];
            let asks = q.windows(3).any(|x| x == ['叫', '什', '么'])
                || q.windows(2).any(|x| x[0] == '谁' && matches!(x[1], '？' | '?'))
                || q.windows(2).any(|x| x == ['姓', '名'] || x == ['名', '字']);
            let a = k + 2;
            if asks {
                // 答：冯丽君; 答：是我们店的孔雪梅: the first name in the answer's first clause.
                let clause_end =
                    (a..cs.len().min(a + 16)).find(|j| matches!(cs[*j], '，' | '。' | '；' | '？')).unwrap_or(a);
                let at = (a..clause_end)
                    .find(|p| (*p == a || matches!(cs[p - 1], '是' | '的' | '叫' | '姓')) && name_at(cs, *p).is_some());
                if let Some(p) = at
                    && let Some(len) = name_at(cs, p)
                {
                    found.push((p, p + len, Why::Answer, true));
                }
            } else if let Some(len) = name_at(cs, a).filter(|l| *l >= 3) {
                // 答：焦红霞登记了: a name opening an answer, on its shape (weak evidence).
                found.push((a, a + len, Why::Answer, false));
            }
        }
    }
    // A name by its shape, where no cue word is: 与阚立新、郦海峰合伙.
    let mut s = 0;
    while s < cs.len() {
        if let Some(len) = shaped_at(cs, s)
            && !sc.hits_within(s.saturating_sub(8), s + len).any(|h| h.end > s)
        {
            found.push((s, s + len, Why::Shape, false));
            s += len;
        } else {
            s += 1;
        }
    }
    // A name listed next to one found: 聂欣怡、杭宇航等; 阚立新、郦海峰等三人.
    let mut k = 0;
    while k < found.len() {
        let (s, e) = (found[k].0, found[k].1);
        if e < cs.len()
            && matches!(cs[e], '、' | '和' | '及')
            && let Some(len) = name_at(cs, e + 1)
            && !found.iter().any(|f| f.0 < e + 1 + len && f.1 > e + 1)
        {
            found.push((e + 1, e + 1 + len, Why::Listed, false));
        }
        if s > 1
            && cs[s - 1] == '、'
            && let Some(len) = name_before(cs, s - 1, true)
            && !found.iter().any(|f| f.0 < s - 1 && f.1 > s - 1 - len)
        {
            found.push((s - 1 - len, s - 1, Why::Listed, false));
        }
        k += 1;
    }
    // Drop what is no one's name here: a party, a public office holder, a word.
    found.retain(|(s, e, _, strong)| {
        plausible_given(cs, *s, *e, *strong)
            && (!ambiguous_surname(cs[*s]) || cs.get(*e).is_none_or(|c| closes_name(*c)))
            && !sc.protected(*s, *e)
            && !public_before(*s)
            && !sc
                .hits_within(s.saturating_sub(8), *e + 8)
                .any(|h| h.cues & cue::NOT_NAME != 0 && h.start < *e && h.end > *s)
            && !common_word(&cs[*s..*e], *strong)
            && (*strong || !inside_word(cs, *s, *e))
            && !split_words(cs, *s, *e)
            && {
                let name: String = cs[*s..*e].iter().collect();
                !sc.ctx.party_names.iter().any(|p| !p.is_empty() && p.contains(&name))
            }
    });
    // Of two candidates that overlap, the one found first (the stronger evidence) stays.
    let mut kept: Vec<(usize, usize, Why, bool)> = Vec::new();
    for f in found {
        if !kept.iter().any(|k| k.0 < f.1 && k.1 > f.0) {
            kept.push(f);
        }
    }
    let mut found = kept;
    // Every other occurrence of a name found.
    let mut again = Vec::new();
    for (s, e, _, _) in &found {
        let nc = &cs[*s..*e];
        if nc.len() >= 2 {
            for o in sc.occurrences(nc) {
                // Elsewhere a common word is what it usually is (游乐 in 大型游乐设施).
                if o != *s
                    && !found.iter().any(|f| f.0 == o)
                    && !common_word(nc, false)
                    && !inside_word(cs, o, o + nc.len())
                {
                    again.push((o, o + nc.len(), Why::Again, true));
                }
            }
        }
    }
    found.extend(again);
    for (s, e, why, _) in found {
        let surname = if e - s >= 3 && compound_at(cs, s) { 2 } else { 1 };
        let head: String = cs[s..s + surname].iter().collect();
        out.push(Span {
            start: s,
            end: e,
            kind: Kind::PersonName,
            reason: format!("{}（{}）", Kind::PersonName.label(), why.text(cs)),
            replacement: format!("{head}某"),
        });
    }
}
