//! A document as laid-out blocks: what a template produces and what the HTML view and the PDF
//! writer draw. The template's output is a small line-oriented markup, parsed by [`parse`]:
//!
//! | line | block |
//! |---|---|
//! | `# 行政处罚决定书` | title, centred |
//! | `## X罚决〔2026〕12号` | subtitle (the document number), centred |
//! | `^ text` | a centred line |
//! | `> text` | a right-aligned line (the body's name and date at the foot) |
//! | `: text` | a paragraph without first-line indent |
//! | `\| a \| b \|` | a table row; consecutive rows make one table |
//! | `~` | a blank line |
//! | `===` | a page break |
//! | anything else | a paragraph with a two-character first-line indent |
//!
//! Values filled into a template cannot produce markup: the filler escapes a leading marker
//! with `\` and turns line breaks inside a value into U+2028, which continues the same block.

use serde::{Deserialize, Serialize};

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// left, with or without first-line indent
    Left,
    /// centred
    Center,
    /// right
    Right,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// The document's name.
    Title {
        /// text
        text: String,
    },
    /// The line under the title (the document number).
    Subtitle {
        /// text
        text: String,
    },
    /// A paragraph.
    Para {
        /// text (U+2028 starts a new line within it)
        text: String,
        /// two-character first-line indent
        indent: bool,
        /// alignment
        align: Align,
    },
    /// A table; cells may hold U+2028 line breaks.
    Table {
        /// rows of cells
        rows: Vec<Vec<String>>,
    },
    /// A blank line.
    Gap,
    /// Starts a new page.
    PageBreak,
}

/// Separator a filled value uses for its own line breaks.
pub const LINE_SEP: char = '\u{2028}';

/// Parses template output into blocks.
pub fn parse(markup: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for raw in markup.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(row) = table_row(trimmed) {
            if let Some(Block::Table { rows }) = blocks.last_mut() {
                rows.push(row);
            } else {
                blocks.push(Block::Table { rows: vec![row] });
            }
            continue;
        }
        let block = if trimmed == "~" {
            Block::Gap
        } else if trimmed == "===" {
            Block::PageBreak
        } else if let Some(t) = trimmed.strip_prefix("## ") {
            Block::Subtitle { text: unescape(t) }
        } else if let Some(t) = trimmed.strip_prefix("# ") {
            Block::Title { text: unescape(t) }
        } else if let Some(t) = trimmed.strip_prefix("^ ") {
            Block::Para { text: unescape(t), indent: false, align: Align::Center }
        } else if let Some(t) = trimmed.strip_prefix("> ") {
            Block::Para { text: unescape(t), indent: false, align: Align::Right }
        } else if let Some(t) = trimmed.strip_prefix(": ") {
            Block::Para { text: unescape(t), indent: false, align: Align::Left }
        } else {
            Block::Para { text: unescape(trimmed), indent: true, align: Align::Left }
        };
        blocks.push(block);
    }
    blocks
}

fn table_row(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| unescape(c.trim()).replace("\\|", "|")).collect())
}

fn unescape(s: &str) -> String {
    s.strip_prefix('\\').unwrap_or(s).trim().to_string()
}

/// Escapes a value filled into a template so that it cannot start markup or a table cell, and
/// keeps its own line breaks inside its block.
pub fn escape_value(v: &str) -> String {
    let v = v.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(v.len() + 2);
    let starts_marker = v.starts_with(['#', '^', '>', ':', '|', '~', '=', '\\']);
    if starts_marker {
        out.push('\\');
    }
    for c in v.trim_end().chars() {
        match c {
            '\n' => out.push(LINE_SEP),
            '|' => out.push('｜'),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The plain text of the blocks (for search, checks and the text layer).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title { text } | Block::Subtitle { text } | Block::Para { text, .. } => {
                out.push_str(&text.replace(LINE_SEP, "\n"));
                out.push('\n');
            }
            Block::Table { rows } => {
                for r in rows {
                    out.push_str(&r.join(" ").replace(LINE_SEP, " "));
                    out.push('\n');
                }
            }
            Block::Gap | Block::PageBreak => out.push('\n'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_lines_become_blocks() {
        let b = parse("# 标题\n## 文号\n\n当事人：张三\n: 不缩进\n> 某某局\n^ 居中\n|a|b|\n|c|d|\n~\n===\n");
        assert_eq!(b.len(), 9);
        assert!(matches!(&b[0], Block::Title { text } if text == "标题"));
        assert!(matches!(&b[2], Block::Para { indent: true, align: Align::Left, .. }));
        assert!(matches!(&b[4], Block::Para { align: Align::Right, .. }));
        assert!(matches!(&b[6], Block::Table { rows } if rows.len() == 2 && rows[1][1] == "d"));
        assert_eq!(b[7], Block::Gap);
        assert_eq!(b[8], Block::PageBreak);
    }

    #[test]
    fn filled_values_cannot_make_markup() {
        let v = escape_value("# 不是标题\n| 不是表格 |");
        let b = parse(&format!("当事人：{v}"));
        assert_eq!(b.len(), 1);
        let b = parse(&v);
        assert_eq!(b.len(), 1);
        assert!(
            matches!(&b[0], Block::Para { text, .. } if text.starts_with("# 不是标题") && text.contains(LINE_SEP) && text.contains('｜'))
        );
    }
}
