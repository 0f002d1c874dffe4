//! PDF output of documents (文书): the blocks of [`zhifa_core::doc::layout`] laid out on A4
//! pages (margins and type sizes after GB/T 9704), with the project's CJK font embedded as a
//! subset of just the glyphs used, and a ToUnicode map so that the text can be searched and
//! extracted. No I/O: blocks in, bytes out. The output is a pure function of its input (no
//! clock, no random file id), so re-rendering an issued document proves it unchanged.

mod font;
mod typeset;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use zhifa_core::doc::layout::Block;

pub use font::Font;
use typeset::{Item, Page};

/// What describes the document in the PDF's information dictionary.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// 文书名称及文号
    pub title: String,
    /// 制作机关
    pub author: String,
    /// 案件编号等
    pub subject: String,
    /// Issue time, Asia/Shanghai, as (year, month, day, hour, minute).
    pub created: Option<(u16, u8, u8, u8, u8)>,
    /// The modules of a QR code (the document's check address) drawn 20 mm wide in the bottom
    /// margin of the first page, at the right.
    pub qr: Option<Vec<Vec<bool>>>,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// the file
    pub bytes: Vec<u8>,
    /// pages
    pub pages: usize,
    /// Characters the font has no glyph for (drawn as an empty box).
    pub missing: Vec<char>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font could not be subset.
    #[error("字体子集化失败：{0}")]
    Subset(String),
}

const FONT_NAME: Name<'static> = Name(b"F1");

/// Six upper-case letters from an FNV-1a digest of the subset's bytes.
fn subset_tag(subset: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in subset {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// Renders blocks to a PDF with the shipped font.
pub fn render(blocks: &[Block], meta: &Meta) -> Result<Rendered, PdfError> {
    render_with(Font::shipped(), blocks, meta)
}

/// Renders blocks to a PDF with `font`.
pub fn render_with(font: &Font, blocks: &[Block], meta: &Meta) -> Result<Rendered, PdfError> {
    let pages = typeset::typeset(font, blocks);
    // Glyphs used, in order of first use; their new ids are the CIDs written on the pages.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
    let mut missing = Vec::new();
    for page in &pages {
        for item in &page.items {
            if let Item::Text { glyphs, .. } = item {
                for g in glyphs {
                    let cid = remapper.remap(g.gid);
                    if g.gid == 0 {
                        if !missing.contains(&g.ch) {
                            missing.push(g.ch);
                        }
                    } else {
                        unicode.entry(cid).or_insert(g.ch);
                    }
                }
            }
        }
    }
    let subset = subsetter::subset(font.data(), 0, &remapper).map_err(|e| PdfError::Subset(e.to_string()))?;

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let type0_id = alloc();
    let cid_id = alloc();
    let descriptor_id = alloc();
    let file_id = alloc();
    let cmap_id = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id).kids(page_ids.iter().map(|p| p.0)).count(page_ids.len() as i32);
    {
        let mut info = pdf.document_info(info_id);
        info.title(TextStr(&meta.title)).author(TextStr(&meta.author)).subject(TextStr(&meta.subject));
        info.creator(TextStr("zhifa 行政执法三项制度平台")).producer(TextStr("zhifa"));
        if let Some((y, mo, d, h, mi)) = meta.created {
            // The seconds must be set: without them pdf-writer leaves out the offset as well,
            // and a reader would take Beijing time for its own local time.
            let date = pdf_writer::Date::new(y).month(mo).day(d).hour(h).minute(mi).second(0);
            info.creation_date(date.utc_offset_hour(8).utc_offset_minute(0));
        }
    }

    // A subset font's name carries its tag (ISO 32000-1 §9.6.4): six upper-case letters and
    // `+`, here drawn from the subset itself, so the same glyphs give the same name.
    let tagged = format!("{}+{}", subset_tag(&subset), font.postscript_name());
    let base = Name(tagged.as_bytes());
    pdf.type0_font(type0_id)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);
    let info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    {
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(if font.is_cff() { CidFontType::Type0 } else { CidFontType::Type2 });
        cid.base_font(base).system_info(info).font_descriptor(descriptor_id).default_width(1000.0);
        if !font.is_cff() {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let widths: Vec<f32> = remapper.remapped_gids().map(|g| font.advance_units(g)).collect();
        cid.widths().consecutive(0, widths);
    }
    let (x0, y0, x1, y1) = font.bbox();
    let mut fd = pdf.font_descriptor(descriptor_id);
    fd.name(base)
        .flags(FontFlags::SERIF | FontFlags::SYMBOLIC)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(0.0)
        .ascent(font.ascent())
        .descent(font.descent())
        .cap_height(font.ascent() * 0.7)
        .stem_v(80.0);
    if font.is_cff() {
        fd.font_file3(file_id);
    } else {
        fd.font_file2(file_id);
    }
    fd.finish();
    let packed = deflate(&subset);
    let mut file = pdf.stream(file_id, &packed);
    file.filter(Filter::FlateDecode);
    if font.is_cff() {
        file.pair(Name(b"Subtype"), Name(b"OpenType"));
    }
    file.finish();
    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Zhifa-UTF16"), info);
    for (cid, ch) in &unicode {
        cmap.pair(*cid, *ch);
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, cmap.as_slice()).finish();

    let a4 = Rect::new(0.0, 0.0, typeset::PAGE_W, typeset::PAGE_H);
    for (i, (page, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut content = draw(page, &remapper);
        if let (0, Some(qr)) = (i, &meta.qr) {
            content.push(b'\n');
            content.extend(draw_qr(qr));
        }
        let packed = deflate(&content);
        pdf.stream(*content_id, &packed).filter(Filter::FlateDecode);
        let mut p = pdf.page(*page_id);
        p.media_box(a4).parent(tree_id).contents(*content_id);
        p.resources().fonts().pair(FONT_NAME, type0_id);
        p.finish();
    }
    // A file identifier from the content, so equal input gives equal bytes.
    let digest = fingerprint(&meta.title, &meta.subject, blocks);
    pdf.set_file_id((digest.clone(), digest));
    Ok(Rendered { bytes: pdf.finish(), pages: pages.len(), missing })
}

fn draw(page: &Page, remapper: &subsetter::GlyphRemapper) -> Vec<u8> {
    let mut c = Content::new();
    for item in &page.items {
        match item {
            Item::Text { x, y, size, spacing, bold, glyphs } => {
                c.begin_text();
                c.set_font(FONT_NAME, *size);
                if *bold {
                    c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                    c.set_line_width(size / 30.0);
                } else {
                    c.set_text_rendering_mode(TextRenderingMode::Fill);
                }
                c.set_char_spacing(*spacing);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y]);
                let mut codes = Vec::with_capacity(glyphs.len() * 2);
                for g in glyphs {
                    let cid = remapper.get(g.gid).unwrap_or(0);
                    codes.extend_from_slice(&cid.to_be_bytes());
                }
                c.show(Str(&codes));
                c.end_text();
            }
            Item::Line { x1, y1, x2, y2, width } => {
                c.set_line_width(*width);
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
            }
        }
    }
    c.finish().into_vec()
}

/// A QR code's dark modules as filled squares, 20 mm wide, 8 mm above the bottom edge, its
/// right side on the text's right edge.
fn draw_qr(m: &[Vec<bool>]) -> Vec<u8> {
    const MM: f32 = 72.0 / 25.4;
    let side = 20.0 * MM;
    let unit = side / m.len().max(1) as f32;
    let (x0, y0) = (typeset::PAGE_W - 24.0 * MM - side, 8.0 * MM);
    let mut c = Content::new();
    c.set_fill_gray(0.0);
    for (row, line) in m.iter().enumerate() {
        for (col, dark) in line.iter().enumerate() {
            if *dark {
                // PDF's y grows upwards: the first row is the top.
                c.rect(x0 + col as f32 * unit, y0 + side - (row + 1) as f32 * unit, unit, unit);
            }
        }
    }
    c.fill_nonzero();
    c.finish().into_vec()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// 16 bytes derived from the content (FNV-1a over the text, twice with different seeds; not a
/// security measure, only a stable identifier).
fn fingerprint(title: &str, subject: &str, blocks: &[Block]) -> Vec<u8> {
    let text = zhifa_core::doc::layout::plain_text(blocks);
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4] {
        let mut h = seed;
        for b in title.bytes().chain(subject.bytes()).chain(text.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests;
