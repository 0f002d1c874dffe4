//! Tables people upload (a roster, a registry import): CSV in UTF-8 (with or without a byte-order
//! mark) or GBK, or the first sheet of a workbook (.xlsx, .xls, .ods), read as text cells. Rows
//! keep their places, so that row `i` of the result is row `i + 2` of the file (the header is
//! row 1); trailing empty rows are dropped.

/// The header row and the data rows of the table in `bytes`, named `name` (its extension says
/// what it is).
pub fn read_table(name: &str, bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = match ext.as_str() {
        "csv" | "txt" => {
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
                Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
            };
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut out = Vec::new();
            for (i, rec) in r.records().enumerate() {
                let rec = rec.map_err(|e| format!("CSV 第{}行格式错误：{e}", i + 1))?;
                out.push(rec.iter().map(|s| s.trim().to_string()).collect());
            }
            out
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            use calamine::{Data, Reader, open_workbook_auto_from_rs};
            let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(|e| format!("无法打开工作簿“{name}”：{e}"))?;
            let range =
                wb.worksheet_range_at(0).ok_or("工作簿中没有工作表")?.map_err(|e| format!("无法读取工作表：{e}"))?;
            // The sheet's used range may start below or right of A1: keep the file's rows.
            let (top, left) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((0, 0));
            let mut out: Vec<Vec<String>> = vec![Vec::new(); top];
            for r in range.rows() {
                let mut cells = vec![String::new(); left];
                cells.extend(r.iter().map(|c| match c {
                    Data::String(s) => s.trim().to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::Float(f) => f.to_string(),
                    Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    Data::DateTimeIso(s) => s.chars().take(10).collect(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                }));
                out.push(cells);
            }
            out
        }
        _ => return Err(format!("不支持的文件类型“{name}”，请使用 .csv 或 .xlsx")),
    };
    while rows.last().is_some_and(|r| r.iter().all(|c| c.is_empty())) {
        rows.pop();
    }
    if rows.is_empty() {
        return Err("文件为空".into());
    }
    let header = rows.remove(0);
    Ok((header, rows))
}

/// An Excel serial date as `YYYY-MM-DD` (the 1900 system, day 0 = 1899-12-30).
pub fn excel_date(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (base + chrono::Duration::days(serial.floor() as i64)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_a_mark_or_in_gbk_reads_alike_and_keeps_row_places() {
        let text = "名称,类型\r\n甲公司,企业\r\n,\r\n乙店,个体工商户\r\n,\r\n";
        let utf8 = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for bytes in [utf8, gbk.into_owned()] {
            let (h, rows) = read_table("名录.CSV", &bytes).unwrap();
            assert_eq!(h, ["名称", "类型"]);
            assert_eq!(rows.len(), 3, "{rows:?}");
            assert_eq!(rows[2], ["乙店", "个体工商户"]);
        }
        assert!(read_table("名录.pdf", b"x").unwrap_err().contains("不支持"));
        assert_eq!(read_table("a.csv", b"\n,\n").unwrap_err(), "文件为空");
        assert!(read_table("a.xlsx", b"not a workbook").unwrap_err().contains("无法打开"));
    }
}
