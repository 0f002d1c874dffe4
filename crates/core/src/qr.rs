//! QR codes (GB/T 18284) for the check pages: a certificate's, a document's. The matrix is drawn
//! by whoever shows it (an SVG here for pages; the PDF renderer draws the same modules).

/// The dark modules of the QR code of `text`, row by row (medium error correction); `None` when
/// the text is too long for a QR code.
pub fn matrix(text: &str) -> Option<Vec<Vec<bool>>> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    Some((0..n).map(|y| (0..n).map(|x| qr.get_module(x, y)).collect()).collect())
}

/// The QR code of `text` as an SVG (a quiet zone of four modules), with `label` as its title.
pub fn svg(text: &str, label: &str) -> String {
    let Some(m) = matrix(text) else { return String::new() };
    let n = m.len() + 8;
    let mut path = String::new();
    for (y, row) in m.iter().enumerate() {
        for (x, dark) in row.iter().enumerate() {
            if *dark {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" width=\"160\" height=\"160\" role=\"img\" aria-label=\"{l}\" shape-rendering=\"crispEdges\"><title>{l}</title><rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        l = esc(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_address_makes_a_square_code_with_its_finder_patterns() {
        let m = matrix("http://127.0.0.1:8080/public/certificates/津12011500001").unwrap();
        assert!(m.len() >= 21 && m.iter().all(|r| r.len() == m.len()));
        // The top-left finder pattern: a dark 7×7 ring.
        assert!((0..7).all(|i| m[0][i] && m[6][i] && m[i][0] && m[i][6]));
        assert!(!m[1][1] && m[3][3]);
        let s = svg("x", "核验<码>");
        assert!(s.starts_with("<svg") && s.contains("核验&lt;码&gt;"));
    }
}
