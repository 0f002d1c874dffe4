//! Chinese word segmentation for tantivy: jieba in search mode (a compound word and the words
//! inside it), without the HMM guesser (so that a text and a query made of the same characters
//! are cut the same way), punctuation and spaces dropped, Latin letters lower-cased.
//!
//! One dictionary for the process: `Jieba::new()` loads ~350,000 words, and a tokenizer is
//! cloned for every indexing thread and every query.

use jieba_rs::{Jieba, TokenizeMode};
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The name the tokenizer is registered under on every index open.
pub const NAME: &str = "zhifa_jieba";

/// The segmenter (no state: the dictionary is shared).
#[derive(Debug, Clone, Copy, Default)]
pub struct JiebaTokenizer;

/// The tokens of one text.
#[derive(Debug)]
pub struct Tokens {
    tokens: Vec<Token>,
    at: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        if self.at < self.tokens.len() {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.at.saturating_sub(1).min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut Token {
        let i = self.at.saturating_sub(1).min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens { tokens: tokens(text), at: 0 }
    }
}

/// Whether a word is worth indexing: it holds a letter or a digit (CJK ideographs are letters).
fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// The tokens of `text`: byte offsets, positions by character (so that the words of a
/// compound share the compound's place), text lower-cased.
pub fn tokens(text: &str) -> Vec<Token> {
    // character index -> byte offset
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    JIEBA
        .tokenize(text, TokenizeMode::Search, false)
        .into_iter()
        .filter(|t| is_word(t.word))
        .map(|t| Token {
            offset_from: bytes[t.start],
            offset_to: bytes[t.end],
            position: t.start,
            text: t.word.to_lowercase(),
            position_length: t.end - t.start,
        })
        .collect()
}

/// The distinct words of a query, in order.
pub fn words(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tokens(query) {
        if !out.contains(&t.text) {
            out.push(t.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_chinese_and_drops_punctuation() {
        let w = words("当事人鑫源超市未取得食品经营许可证，从事食品销售。");
        assert!(w.contains(&"食品".to_string()), "{w:?}");
        assert!(w.contains(&"许可证".to_string()), "{w:?}");
        assert!(!w.iter().any(|x| x == "，" || x == "。"), "{w:?}");
    }

    #[test]
    fn offsets_are_bytes_and_latin_is_lower_case() {
        let t = tokens("罚款ABC 5000元");
        let abc = t.iter().find(|t| t.text == "abc").expect("abc");
        assert_eq!(&"罚款ABC 5000元"[abc.offset_from..abc.offset_to], "ABC");
        assert!(t.iter().any(|t| t.text == "5000"), "{t:?}");
    }

    #[test]
    fn the_same_characters_cut_the_same_way_in_a_text_and_a_query() {
        let doc: Vec<String> = tokens("天津市宝坻区鑫源超市有限公司").into_iter().map(|t| t.text).collect();
        for w in words("鑫源超市") {
            assert!(doc.contains(&w), "{w} not in {doc:?}");
        }
    }
}
