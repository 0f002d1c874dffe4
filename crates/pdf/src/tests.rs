use super::*;
use zhifa_core::doc::layout::parse;

fn sample() -> Vec<Block> {
    let facts = "经查，当事人于2026年3月1日至3月15日在其经营场所销售超过保质期的食品（“某某牌”酸奶）共计120盒，货值金额人民币1,560.00元，违法所得人民币420.00元。".repeat(3);
    parse(&format!(
        "# 行政处罚决定书\n## 003罚决〔2026〕12号\n: 当事人：某某市钰华食品店\n: 统一社会信用代码：91110105MA01ABCD2X\n{facts}\n|物品名称|规格|数量|\n|酸奶|200克/盒|120盒|\n~\n> 某某区市场监督管理局\n> 2026年11月27日\n"
    ))
}

#[test]
fn renders_a4_pdf_with_embedded_subset_font() {
    let r = render(&sample(), &Meta { title: "行政处罚决定书".into(), ..Meta::default() }).expect("renders");
    assert!(r.bytes.starts_with(b"%PDF-1.7"));
    assert_eq!(r.pages, 1);
    assert!(r.missing.is_empty(), "missing glyphs: {:?}", r.missing);
    let text = String::from_utf8_lossy(&r.bytes);
    assert!(text.contains("/FontFile3") && text.contains("/OpenType"), "the font is embedded");
    assert!(text.contains("/ToUnicode"));
    // A subset of the glyphs used, not the whole 7 MB font.
    assert!(r.bytes.len() < 120_000, "{} bytes", r.bytes.len());
}

#[test]
fn the_subset_font_is_tagged_and_the_date_keeps_its_offset() {
    let meta = Meta { title: "t".into(), created: Some((2026, 11, 27, 9, 30)), ..Meta::default() };
    let r = render(&sample(), &meta).expect("renders");
    let text = String::from_utf8_lossy(&r.bytes);
    // ISO 32000-1 §9.6.4: /BaseFont /ABCDEF+Name in the font and its descendant and descriptor.
    let at = text.find("/BaseFont /").expect("a base font") + "/BaseFont /".len();
    let tag = &text[at..at + 7];
    assert!(tag[..6].chars().all(|c| c.is_ascii_uppercase()) && tag.ends_with('+'), "{tag}");
    assert_eq!(text.matches(&format!("/{tag}")).count(), 3, "Type0, CIDFont and FontDescriptor");
    assert!(text.contains("/CreationDate (D:20261127093000+08'00)"), "Beijing time, said so");
}

#[test]
fn same_input_gives_same_bytes() {
    let meta = Meta { title: "t".into(), created: Some((2026, 11, 27, 9, 30)), ..Meta::default() };
    let a = render(&sample(), &meta).expect("renders");
    let b = render(&sample(), &meta).expect("renders");
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn long_documents_flow_onto_more_pages_and_rare_characters_are_reported() {
    let mut blocks = sample();
    for _ in 0..4 {
        blocks.extend(sample());
    }
    blocks.push(Block::Para { text: "𠀀".into(), indent: false, align: zhifa_core::doc::layout::Align::Left });
    let r = render(&blocks, &Meta::default()).expect("renders");
    assert!(r.pages >= 3, "{} pages", r.pages);
    assert_eq!(r.missing, vec!['𠀀']);
}

/// With poppler's pdftotext (CI installs poppler-utils) the Chinese text comes back out.
#[test]
fn text_extracts_with_pdftotext() {
    let r = render(&sample(), &Meta::default()).expect("renders");
    let dir = std::env::temp_dir().join(format!("zhifa-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("t.pdf");
    std::fs::write(&path, &r.bytes).expect("write");
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(o) => {
            assert!(o.status.success(), "pdftotext: {}", String::from_utf8_lossy(&o.stderr));
            let text = String::from_utf8_lossy(&o.stdout).replace([' ', '\n'], "");
            for want in ["行政处罚决定书", "003罚决〔2026〕12号", "91110105MA01ABCD2X", "某某区市场监督管理局", "酸奶"]
            {
                assert!(text.contains(want), "{want} not in {text}");
            }
        }
        Err(_) => assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have pdftotext (poppler-utils)"),
    }
}
