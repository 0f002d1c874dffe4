//! The statutes the registry cites, shipped with the program (`data/laws/`, from the national
//! statute corpus; statutes are not subject to copyright, 著作权法 art. 5). A power-list item's
//! legal basis links to the article here, and the demo data is checked against them.

/// One shipped statute.
#[derive(Debug, Clone, Copy)]
pub struct Statute {
    /// Short name as in the corpus file name, e.g. `食品安全法`.
    pub name: &'static str,
    /// The version's date as in the file name.
    pub version: &'static str,
    /// The Markdown text.
    pub text: &'static str,
}

macro_rules! statutes {
    ($($name:literal @ $ver:literal),* $(,)?) => {
        /// Every shipped statute.
        pub const STATUTES: &[Statute] = &[$(Statute {
            name: $name,
            version: $ver,
            text: include_str!(concat!("../../../data/laws/", $name, "(", $ver, ").md")),
        }),*];
    };
}

statutes!(
    "行政处罚法" @ "2021-01-22",
    "行政强制法" @ "2011-06-30",
    "行政许可法" @ "2019-04-23",
    "食品安全法" @ "2021-04-29",
    "产品质量法" @ "2018-12-29",
    "广告法" @ "2021-04-29",
    "大气污染防治法" @ "2018-10-26",
    "水污染防治法" @ "2017-06-27",
    "噪声污染防治法" @ "2021-12-24",
    "城乡规划法" @ "2019-04-23",
    "城市市容和环境卫生管理条例" @ "2017-03-01",
    "道路运输条例" @ "2023-07-20",
    "安全生产法" @ "2021-06-10",
    "传染病防治法" @ "2013-06-29",
    "医师法" @ "2021-08-20",
    "旅游法" @ "2018-10-26",
    "娱乐场所管理条例" @ "2020-11-29",
    "消防法" @ "2021-04-29",
    "公共场所卫生管理条例" @ "2019-04-23",
);

/// A block of a statute as shown: a heading or an article (with its following paragraphs).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Block {
    /// `## 第一章 总则`
    Heading(String),
    /// An article: its number (`第一条`) and its paragraphs.
    Article {
        /// `第X条`
        number: String,
        /// paragraphs; the first starts after the number
        paragraphs: Vec<String>,
    },
}

impl Statute {
    /// The full title from the first line (`中华人民共和国行政处罚法`).
    pub fn title(&self) -> &'static str {
        self.text.lines().next().map(|l| l.trim_start_matches('#').trim()).unwrap_or(self.name)
    }

    /// Headings and articles in order (the preamble is left out).
    pub fn blocks(&self) -> Vec<Block> {
        let body = self.text.split("<!-- INFO END -->").nth(1).unwrap_or(self.text);
        let mut out: Vec<Block> = Vec::new();
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(h) = line.strip_prefix('#') {
                out.push(Block::Heading(h.trim_start_matches('#').trim().to_string()));
            } else if let Some((number, rest)) = article_start(line) {
                out.push(Block::Article { number: number.to_string(), paragraphs: vec![rest.trim().to_string()] });
            } else if let Some(Block::Article { paragraphs, .. }) = out.last_mut() {
                paragraphs.push(line.to_string());
            }
        }
        out
    }

    /// The paragraphs of one article, if it exists.
    pub fn article(&self, number: &str) -> Option<Vec<String>> {
        self.blocks().into_iter().find_map(|b| match b {
            Block::Article { number: n, paragraphs } if n == number => Some(paragraphs),
            _ => None,
        })
    }
}

/// Splits `第十二条 text` into (`第十二条`, `text`).
fn article_start(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let numeral = &rest[..end];
    if numeral.is_empty() || !numeral.chars().all(|c| "零一二三四五六七八九十百千".contains(c)) {
        return None;
    }
    let split = '第'.len_utf8() + end + '条'.len_utf8();
    Some((&line[..split], &line[split..]))
}

/// Finds a shipped statute by short name or full title.
pub fn find(name: &str) -> Option<&'static Statute> {
    let n = name.trim().trim_start_matches('《').trim_end_matches('》');
    let short = n.strip_prefix("中华人民共和国").unwrap_or(n);
    STATUTES.iter().find(|s| s.name == short)
}

/// Writes a positive integer (1-9999) as a Chinese numeral the way statutes number articles.
pub fn chinese_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 {
        return D[n as usize].to_string();
    }
    if n < 20 {
        return format!("十{}", if n.is_multiple_of(10) { String::new() } else { D[(n % 10) as usize].to_string() });
    }
    let mut out = String::new();
    let units = [(1000, "千"), (100, "百"), (10, "十")];
    let mut rest = n;
    let mut zero = false;
    for (u, name) in units {
        let d = rest / u;
        rest %= u;
        if d > 0 {
            if zero {
                out.push('零');
                zero = false;
            }
            out.push_str(D[d as usize]);
            out.push_str(name);
        } else if !out.is_empty() {
            zero = true;
        }
    }
    if rest > 0 {
        if zero {
            out.push('零');
        }
        out.push_str(D[rest as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_statute_has_articles() {
        for s in STATUTES {
            let n = s.blocks().iter().filter(|b| matches!(b, Block::Article { .. })).count();
            assert!(n > 10, "{} has {n} articles", s.name);
        }
    }

    #[test]
    fn article_lookup_by_number() {
        let law = find("中华人民共和国行政处罚法").unwrap();
        assert_eq!(law.title(), "中华人民共和国行政处罚法");
        let a = law.article("第五十一条").unwrap();
        assert!(a[0].contains("二百元以下") && a[0].contains("三千元以下"), "{a:?}");
        assert!(law.article("第九百条").is_none());
    }

    #[test]
    fn chinese_numerals_as_statutes_write_them() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(15), "十五");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(101), "一百零一");
        assert_eq!(chinese_numeral(124), "一百二十四");
        assert_eq!(chinese_numeral(110), "一百一十");
    }
}
