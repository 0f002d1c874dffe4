//! Sensitive personal information (个人信息保护法 art. 28): a natural person's health and medical
//! data, religious belief, biometric data and whereabouts. Each is found by its words in a
//! clause and the whole clause is masked (its subject and linking words too: 造成左腿骨折 → ***),
//! with adjacent clauses that continue it; a clause that only asks (有宗教信仰吗) stays.

use super::lexicon::cue;
use super::{Kind, Scan, Span};

/// Where a clause ends.
fn clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '。' | '；' | ';' | '\n' | '！' | '？' | '?' | '!' | '：' | ':' | '（' | '）' | '(' | ')')
}

/// The clause around `i`: `[start, end)`.
fn clause(cs: &[char], i: usize) -> (usize, usize) {
    let s = cs[..i].iter().rposition(|c| clause_end(*c)).map_or(0, |p| p + 1);
    let e = cs[i..].iter().position(|c| clause_end(*c)).map_or(cs.len(), |p| p + i);
    (s, e)
}

/// What each cue word says here: a health word inside a word that is not about health
/// (病死 holds 死, 健康证 holds 健康) says nothing of health.
fn effective(sc: &Scan) -> Vec<u32> {
    let hs = &sc.hits;
    (0..hs.len())
        .map(|k| {
            let h = hs[k];
            let mut c = h.cues;
            let near = &hs[k.saturating_sub(8)..(k + 8).min(hs.len())];
            let covered = |not: u32| near.iter().any(|n| n.cues & not != 0 && n.start <= h.start && n.end >= h.end);
            if c & cue::NOT_HEALTH != 0 || c & cue::HEALTH != 0 && covered(cue::NOT_HEALTH) {
                c &= !cue::HEALTH;
            }
            if c & cue::NOT_SUBJECT != 0 || c & cue::SUBJECT != 0 && covered(cue::NOT_SUBJECT) {
                c &= !cue::SUBJECT;
            }
            // 负责人 holds 负责 but states no rule.
            if c & cue::NORMATIVE != 0 && covered(cue::ROLE) {
                c &= !cue::NORMATIVE;
            }
            c
        })
        .collect()
}

/// Whether a clause states a time (3月2日, 23时, 晚上, 凌晨).
fn has_time(cs: &[char]) -> bool {
    cs.windows(2).any(|w| w[0].is_ascii_digit() && matches!(w[1], '月' | '日' | '时' | '点'))
        || cs.windows(2).any(|w| {
            matches!(
                (w[0], w[1]),
                ('晚', _)
                    | ('早', '上')
                    | ('凌', '晨')
                    | ('上', '午')
                    | ('下', '午')
                    | ('中', '午')
                    | ('当', '日')
                    | ('次', '日')
            )
        })
}

/// Sensitive data is someone's: the sentence names a person (a name found, a role or kinship
/// word, a pronoun, the party) and the clause states a fact, not a rule (应当, 不得, 依照).
pub(crate) fn sensitive(sc: &Scan, names: &[Span]) -> Vec<Span> {
    let cs = sc.cs;
    let mut spans: Vec<(usize, usize, Kind)> = Vec::new();
    let eff = effective(sc);
    let named = names.iter().any(|n| n.kind == Kind::PersonName);
    let mut first = 0;
    let mut sentence = (0, 0, false);
    let mut at = 0;
    // Clause by clause: the first kind that holds wins.
    while at < cs.len() {
        let (s, e) = clause(cs, at);
        let next = e + 1;
        if e <= s {
            at = next;
            continue;
        }
        // What the clause's cue words say, together.
        while first < sc.hits.len() && sc.hits[first].start < s {
            first += 1;
        }
        let says = sc.hits[first..]
            .iter()
            .zip(&eff[first..])
            .take_while(|(h, _)| h.start < e)
            .filter(|(h, _)| h.end <= e)
            .fold(0, |a, (_, c)| a | c);
        let holds = |want: u32| says & want != 0;
        // Whether the sentence speaks of someone, once per sentence.
        if s >= sentence.1 {
            let (ss, se) = sc.sentence(s);
            let from = sc.hits.partition_point(|h| h.start < ss);
            let within = sc.hits[from..].iter().zip(&eff[from..]).take_while(|(h, _)| h.start < se);
            let (mut person, mut role, mut subject) = (false, false, false);
            for (h, c) in within.filter(|(h, _)| h.end <= se) {
                person |= h.cues & cue::PERSON != 0;
                role |= h.cues & cue::ROLE != 0;
                subject |= c & cue::SUBJECT != 0;
            }
            let someone = names.iter().any(|n| n.kind == Kind::PersonName && n.start < se && n.end > ss)
                || person
                || subject
                // 患者术后感染: a role word, in a text that names the people it speaks of.
                || named && role;
            sentence = (ss, se, someone);
        }
        let someone = sentence.2;
        // 患职业病的，…: a condition in the language of rules.
        let condition = cs[e - 1] == '的' && cs.get(e) == Some(&'，');
        let asks = cs.get(e).is_some_and(|c| matches!(c, '？' | '?')) || cs[e - 1] == '吗';
        // A biometric comparison's result is always someone's; so is a track with its times
        // (车辆GPS记录显示该车9月1日至20日每日往返于…): someone drove it.
        let kind = if asks || condition || holds(cue::NORMATIVE) {
            None
        } else if holds(cue::BIOMETRIC) && holds(cue::MATCHED) {
            Some(Kind::Biometric)
        } else if !someone && holds(cue::TRACK) && has_time(&cs[s..e]) && !holds(cue::PUBLIC_TITLE) {
            Some(Kind::Whereabouts)
        } else if !someone {
            None
        } else if holds(cue::RELIGION) {
            Some(Kind::Religion)
        } else if holds(cue::HEALTH) {
            Some(Kind::Health)
        } else if (holds(cue::TRACK) || holds(cue::LODGING | cue::MOVEMENT) && has_time(&cs[s..e]))
            && !holds(cue::PUBLIC_TITLE)
        {
            Some(Kind::Whereabouts)
        } else {
            None
        };
        if let Some(kind) = kind {
            // The whole clause: what is said of a person (致其…, 我得了…) reads as one.
            let start = s;
            match spans.last_mut() {
                // A clause that continues the one before: 左小腿多处咬伤，注射狂犬疫苗五针.
                Some(last) if last.2 == kind && last.1 + 1 == s && cs[last.1] == '，' => last.1 = e,
                _ => spans.push((start, e, kind)),
            }
        } else if let Some(last) = spans.last_mut()
            && last.2 == Kind::Health
            && last.1 + 1 == s
            && cs[last.1] == '，'
            && holds(cue::HEALTH_MORE)
        {
            // 昏迷，在医院住了一周: the treatment goes on.
            last.1 = e;
        } else if let Some(last) = spans.last_mut()
            && last.2 == Kind::Whereabouts
            && last.1 + 1 == s
            && cs[last.1] == '，'
            && (holds(cue::LODGING | cue::MOVEMENT | cue::RESIDENCE) || has_time(&cs[s..e]))
        {
            // 住了两晚，4号早上走的; 23时10分乘电梯上至12层: the stay or the way goes on.
            last.1 = e;
        } else if let Some(last) = spans.last_mut()
            && last.1 + 1 == s
            && cs[last.1] == '（'
            && let Some(close) = cs[s..].iter().position(|c| *c == '）')
            && close < 12
        {
            // 残疾人证（肢体二级）: what the bracket says of it.
            last.1 = s + close + 1;
        }
        at = next;
    }
    spans
        .into_iter()
        .map(|(start, end, kind)| Span {
            start,
            end,
            kind,
            reason: format!("{}（敏感个人信息，个人信息保护法第二十八条）", kind.label()),
            replacement: "***".into(),
        })
        .collect()
}
