//! Line breaking and pagination. Chinese text breaks between any two characters, except that
//! closing punctuation never starts a line (it hangs into the margin) and opening punctuation
//! never ends one; runs of Latin letters and digits (credit codes, amounts) are kept whole when
//! they fit. Lines of a paragraph but the last are justified by spacing the characters.

use crate::Font;
use zhifa_core::doc::layout::{Align, Block, LINE_SEP};

/// A4, in points.
pub const PAGE_W: f32 = 595.28;
/// A4, in points.
pub const PAGE_H: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
const LEFT: f32 = 28.0 * MM;
const TEXT_W: f32 = 156.0 * MM;
const TOP: f32 = 37.0 * MM;
const BOTTOM: f32 = 35.0 * MM;

const BODY: f32 = 15.0;
const BODY_LINE: f32 = 27.0;
const TITLE: f32 = 22.0;
const TITLE_LINE: f32 = 40.0;
const TABLE: f32 = 12.0;
const TABLE_LINE: f32 = 19.0;
const CELL_PAD: f32 = 5.0;
const FOOT: f32 = 10.5;

const NO_START: &str = "，。、；：？！）》」』〉】〕”’…—％·,.;:?!)]}%";
const NO_END: &str = "（《「『〈【〔“‘([{";

/// A glyph placed in a run.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub gid: u16,
    pub ch: char,
    /// advance at the run's size, points
    pub adv: f32,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    Text { x: f32, y: f32, size: f32, spacing: f32, bold: bool, glyphs: Vec<Glyph> },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32 },
}

/// One page's items.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

struct Flow<'f> {
    font: &'f Font,
    pages: Vec<Page>,
    /// distance of the next line's top from the page top
    y: f32,
}

impl Flow<'_> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().expect("a page")
    }
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }
    /// Makes room for `h` points, starting a page if needed.
    fn room(&mut self, h: f32) {
        if self.y + h > PAGE_H - BOTTOM && self.y > TOP {
            self.new_page();
        }
    }
    fn glyphs(&self, text: &str, size: f32) -> Vec<Glyph> {
        text.chars()
            .filter(|c| !c.is_control())
            .map(|ch| {
                let gid = self.font.glyph(ch);
                Glyph { gid, ch, adv: self.font.advance_units(gid) * size / 1000.0 }
            })
            .collect()
    }
    /// Sets a paragraph at `x` within `width`; returns the lines' glyphs and whether each is
    /// the last line of its paragraph.
    fn lines(&self, text: &str, size: f32, width: f32, indent: bool) -> Vec<(Vec<Glyph>, bool, f32)> {
        let mut out = Vec::new();
        for (i, part) in text.split(LINE_SEP).enumerate() {
            let first_indent = if indent && i == 0 { 2.0 * size } else { 0.0 };
            let glyphs = self.glyphs(part, size);
            out.extend(break_glyphs(&glyphs, width, first_indent));
        }
        out
    }
    fn text_line(&mut self, x: f32, size: f32, line_h: f32, spacing: f32, bold: bool, glyphs: Vec<Glyph>) {
        let baseline = PAGE_H - self.y - (line_h - size) / 2.0 - size * 0.86;
        self.page().items.push(Item::Text { x, y: baseline, size, spacing, bold, glyphs });
    }
    fn para(&mut self, text: &str, size: f32, line_h: f32, indent: bool, align: Align, bold: bool) {
        for (glyphs, last, start) in self.lines(text, size, TEXT_W, indent) {
            self.room(line_h);
            let natural: f32 = glyphs.iter().map(|g| g.adv).sum();
            let (x, spacing) = match align {
                Align::Center => (LEFT + (TEXT_W - natural).max(0.0) / 2.0, 0.0),
                Align::Right => (LEFT + (TEXT_W - natural).max(0.0), 0.0),
                Align::Left => (LEFT + start, justify(&glyphs, TEXT_W - start, natural, size, last)),
            };
            self.text_line(x, size, line_h, spacing, bold, glyphs);
            self.y += line_h;
        }
    }
    fn table(&mut self, rows: &[Vec<String>]) {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let widths = column_widths(self, rows, cols);
        for row in rows {
            let mut cells = Vec::with_capacity(cols);
            for (c, w) in widths.iter().enumerate() {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                cells.push(self.lines(text, TABLE, w - 2.0 * CELL_PAD, false));
            }
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * TABLE_LINE + 2.0 * CELL_PAD;
            self.room(h);
            let top = self.y;
            let mut x = LEFT;
            for (lines, w) in cells.into_iter().zip(&widths) {
                self.y = top + CELL_PAD;
                for (glyphs, last, _) in lines {
                    let natural: f32 = glyphs.iter().map(|g| g.adv).sum();
                    let spacing = justify(&glyphs, w - 2.0 * CELL_PAD, natural, TABLE, last);
                    self.text_line(x + CELL_PAD, TABLE, TABLE_LINE, spacing, false, glyphs);
                    self.y += TABLE_LINE;
                }
                x += w;
            }
            let (yt, yb) = (PAGE_H - top, PAGE_H - top - h);
            let page = self.page();
            page.items.push(Item::Line { x1: LEFT, y1: yt, x2: LEFT + TEXT_W, y2: yt, width: 0.6 });
            page.items.push(Item::Line { x1: LEFT, y1: yb, x2: LEFT + TEXT_W, y2: yb, width: 0.6 });
            let mut x = LEFT;
            page.items.push(Item::Line { x1: x, y1: yt, x2: x, y2: yb, width: 0.6 });
            for w in &widths {
                x += w;
                page.items.push(Item::Line { x1: x, y1: yt, x2: x, y2: yb, width: 0.6 });
            }
            self.y = top + h;
        }
        self.y += BODY_LINE / 3.0;
    }
}

/// Character spacing that fills a line to `width` (none on a paragraph's last line, and
/// bounded so that a line with one long run of digits is not torn apart).
fn justify(glyphs: &[Glyph], width: f32, natural: f32, size: f32, last: bool) -> f32 {
    // A line cut short before a long Latin run (a digest, an address in digits) stays ragged
    // rather than spreading its characters apart.
    if last || glyphs.len() < 2 || width - natural > 2.0 * size {
        return 0.0;
    }
    ((width - natural) / (glyphs.len() - 1) as f32).clamp(-0.25 * size, 0.5 * size)
}

/// Column widths: each column's share follows its widest cell, within bounds.
fn column_widths(flow: &Flow<'_>, rows: &[Vec<String>], cols: usize) -> Vec<f32> {
    let mut want = vec![0.0_f32; cols];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let w: f32 = cell
                .split(LINE_SEP)
                .map(|p| flow.glyphs(p, TABLE).iter().map(|g| g.adv).sum::<f32>())
                .fold(0.0, f32::max);
            want[c] = want[c].max(w + 2.0 * CELL_PAD + 1.0);
        }
    }
    let total: f32 = want.iter().sum();
    if total <= TEXT_W {
        // Everything fits on one line: the widest column takes the rest.
        let extra = TEXT_W - total;
        let widest = want.iter().enumerate().fold(0, |b, (i, w)| if *w > want[b] { i } else { b });
        want[widest] += extra;
        return want;
    }
    let floor = 4.0 * TABLE + 2.0 * CELL_PAD;
    let capped: Vec<f32> = want.iter().map(|w| w.clamp(floor, TEXT_W * 0.7)).collect();
    // Short columns keep their width; long ones share what is left in proportion.
    let short: f32 = capped.iter().filter(|w| **w <= TEXT_W / cols as f32).sum();
    let long: f32 = capped.iter().filter(|w| **w > TEXT_W / cols as f32).sum();
    capped
        .iter()
        .map(|w| if *w <= TEXT_W / cols as f32 || long == 0.0 { *w } else { w / long * (TEXT_W - short) })
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '_' | '/' | '@' | '%' | '+' | '#')
}

/// Breaks one paragraph's glyphs into lines: `(glyphs, last line, start offset)`.
fn break_glyphs(glyphs: &[Glyph], width: f32, first_indent: f32) -> Vec<(Vec<Glyph>, bool, f32)> {
    // Tokens: a run of Latin word characters, or one other character.
    let mut tokens: Vec<&[Glyph]> = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        if is_word(glyphs[i].ch) {
            while j < glyphs.len() && is_word(glyphs[j].ch) {
                j += 1;
            }
        }
        tokens.push(&glyphs[i..j]);
        i = j;
    }
    let mut lines: Vec<(Vec<Glyph>, bool, f32)> = Vec::new();
    let mut line: Vec<Glyph> = Vec::new();
    let mut start = first_indent;
    let mut used = 0.0;
    for tok in tokens {
        let w: f32 = tok.iter().map(|g| g.adv).sum();
        let avail = width - start;
        if used + w <= avail + 0.01 {
            line.extend_from_slice(tok);
            used += w;
            continue;
        }
        // Closing punctuation hangs at the end of the line instead of starting the next.
        if tok.len() == 1 && NO_START.contains(tok[0].ch) && !line.is_empty() {
            line.extend_from_slice(tok);
            used += w;
            continue;
        }
        if tok.len() == 1 && tok[0].ch == ' ' {
            lines.push((std::mem::take(&mut line), false, start));
            start = 0.0;
            used = 0.0;
            continue;
        }
        // Opening punctuation moves down with what follows it.
        let mut carry = Vec::new();
        if line.last().is_some_and(|g| NO_END.contains(g.ch)) && line.len() > 1 {
            carry.push(line.pop().expect("checked"));
        }
        if !line.is_empty() {
            lines.push((std::mem::take(&mut line), false, start));
            start = 0.0;
        }
        line = carry;
        used = line.iter().map(|g| g.adv).sum();
        if used + w <= width {
            line.extend_from_slice(tok);
            used += w;
        } else {
            // A run longer than a line: split it where it must.
            for g in tok {
                if used + g.adv > width - start && !line.is_empty() {
                    lines.push((std::mem::take(&mut line), false, start));
                    start = 0.0;
                    used = 0.0;
                }
                line.push(*g);
                used += g.adv;
            }
        }
    }
    lines.push((line, true, start));
    lines
}

/// Lays out the blocks on pages and numbers them.
pub fn typeset(font: &Font, blocks: &[Block]) -> Vec<Page> {
    let mut flow = Flow { font, pages: vec![Page::default()], y: TOP };
    for block in blocks {
        match block {
            Block::Title { text } => {
                flow.para(text, TITLE, TITLE_LINE, false, Align::Center, true);
                flow.y += BODY_LINE / 4.0;
            }
            Block::Subtitle { text } => {
                flow.para(text, BODY, BODY_LINE, false, Align::Center, false);
                flow.y += BODY_LINE / 3.0;
            }
            Block::Para { text, indent, align } => flow.para(text, BODY, BODY_LINE, *indent, *align, false),
            Block::Table { rows } => flow.table(rows),
            Block::Gap => flow.y += BODY_LINE,
            Block::PageBreak => flow.new_page(),
        }
    }
    let total = flow.pages.len();
    for n in 0..total {
        let text = format!("第 {} 页 共 {} 页", n + 1, total);
        let glyphs = flow.glyphs(&text, FOOT);
        let w: f32 = glyphs.iter().map(|g| g.adv).sum();
        flow.pages[n].items.push(Item::Text {
            x: (PAGE_W - w) / 2.0,
            y: BOTTOM / 2.0,
            size: FOOT,
            spacing: 0.0,
            bold: false,
            glyphs,
        });
    }
    flow.pages
}
