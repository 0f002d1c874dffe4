//! The font every document is set in: Zhifa Serif SC (a subset of Noto Serif CJK SC, SIL Open
//! Font License 1.1; see data/fonts/OFL.txt), compiled into the program so that a PDF comes
//! out the same on a machine with no fonts installed.

use std::sync::OnceLock;
use ttf_parser::{Face, GlyphId};

static SHIPPED: &[u8] = include_bytes!("../../../data/fonts/ZhifaSerifSC-Regular.otf");

/// A parsed font.
pub struct Font {
    data: &'static [u8],
    face: Face<'static>,
    name: String,
    scale: f32,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Font {
    /// The font shipped with the program.
    pub fn shipped() -> &'static Font {
        static FONT: OnceLock<Font> = OnceLock::new();
        FONT.get_or_init(|| Font::parse(SHIPPED).unwrap_or_else(|e| panic!("内置字体无法解析：{e}")))
    }

    /// Parses an OpenType font (TrueType or CFF outlines).
    pub fn parse(data: &'static [u8]) -> Result<Font, String> {
        let face = Face::parse(data, 0).map_err(|e| e.to_string())?;
        let name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "ZhifaFont".to_string())
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let scale = 1000.0 / f32::from(face.units_per_em().max(1));
        Ok(Font { data, face, name, scale })
    }

    /// The font file.
    pub fn data(&self) -> &'static [u8] {
        self.data
    }
    /// The PostScript name.
    pub fn postscript_name(&self) -> &str {
        &self.name
    }
    /// Whether the outlines are CFF (else TrueType).
    pub fn is_cff(&self) -> bool {
        self.face.tables().cff.is_some()
    }
    /// The glyph for `c` (0, `.notdef`, if the font has none).
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }
    /// Advance width of a glyph in thousandths of the type size.
    pub fn advance_units(&self, gid: u16) -> f32 {
        self.face.glyph_hor_advance(GlyphId(gid)).map_or(1000.0, |a| f32::from(a) * self.scale)
    }
    /// Ascent in thousandths.
    pub fn ascent(&self) -> f32 {
        f32::from(self.face.ascender()) * self.scale
    }
    /// Descent in thousandths (negative).
    pub fn descent(&self) -> f32 {
        f32::from(self.face.descender()) * self.scale
    }
    /// Bounding box in thousandths.
    pub fn bbox(&self) -> (f32, f32, f32, f32) {
        let b = self.face.global_bounding_box();
        (
            f32::from(b.x_min) * self.scale,
            f32::from(b.y_min) * self.scale,
            f32::from(b.x_max) * self.scale,
            f32::from(b.y_max) * self.scale,
        )
    }
}
