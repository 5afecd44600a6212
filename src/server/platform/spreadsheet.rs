//! Spreadsheet exports of report tables as CSV and XLSX.
//!
//! Both formats are written by hand: an export is a table of text and numbers, and a hand-written
//! minimal OOXML package (stored ZIP entries, inline strings) is small enough to check by eye,
//! pulls in no spreadsheet or compression crate, and gives full control over the two things that
//! matter here. First, nothing a requester typed may ever run as a formula in the staff member's
//! spreadsheet program. Second, Persian text must open legibly: a UTF-8 BOM for CSV, right-to-left
//! sheets for XLSX.

use std::borrow::Cow;
use std::collections::HashSet;

/// One spreadsheet cell.
///
/// Numbers are kept apart from text so they stay numbers in the spreadsheet (sortable, summable),
/// while text is always written as text, whatever it looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

/// One sheet: a header row and data rows.
///
/// Rows may be ragged; an empty header list means the sheet has no header row at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Sent with [`csv`] output; the charset matters because the body is Persian UTF-8.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// Sent with [`xlsx`] output, so browsers and Excel treat the download as a workbook.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// CSV of one sheet (UTF-8 with BOM so Excel reads Persian, CRLF line ends, RFC 4180 quoting).
///
/// Every record is padded to the widest row so readers that expect a rectangle get one. Text that
/// a spreadsheet program would take for a formula gets a leading apostrophe, because CSV has no
/// way to say "this is text" and requester-typed text must never execute.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let width = sheet
        .rows
        .iter()
        .map(Vec::len)
        .chain([sheet.headers.len()])
        .max()
        .unwrap_or(0);
    let mut out = String::from("\u{FEFF}");
    if !sheet.headers.is_empty() {
        let fields = sheet.headers.iter().map(|h| csv_text(h)).collect();
        push_csv_record(&mut out, fields, width);
    }
    for row in &sheet.rows {
        let fields = row.iter().map(csv_cell).collect();
        push_csv_record(&mut out, fields, width);
    }
    out.into_bytes()
}

fn push_csv_record(out: &mut String, mut fields: Vec<String>, width: usize) {
    fields.resize(width, String::new());
    // A lone empty field would make a blank line, which many readers skip as "no record".
    if matches!(fields.as_slice(), [only] if only.is_empty()) {
        out.push_str("\"\"");
    } else {
        out.push_str(&fields.join(","));
    }
    out.push_str("\r\n");
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => csv_text(text),
        Cell::Int(n) => n.to_string(),
        Cell::Num(x) if x.is_finite() => x.to_string(),
        Cell::Num(_) | Cell::Empty => String::new(),
    }
}

fn csv_text(text: &str) -> String {
    let guarded: Cow<str> = if starts_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded.into_owned()
    }
}

/// Characters that make Excel, LibreOffice or Google Sheets start a formula (or, for tab and CR,
/// that let one slip past naive checks). The full-width forms are included because some
/// spreadsheet programs normalise them to their ASCII twins.
const FORMULA_TRIGGERS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Spreadsheet programs ignore leading blanks before deciding a cell is a formula, so the check
/// looks past them.
fn starts_like_formula(text: &str) -> bool {
    for c in text.chars() {
        if FORMULA_TRIGGERS.contains(&c) {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

/// An .xlsx workbook with these sheets, in order.
///
/// Text goes in as inline strings and no cell ever carries a formula element, so formula-looking
/// text stays inert without the apostrophe CSV needs. With no sheets at all, one empty sheet is
/// written, because a workbook without sheets does not open. Excel's own limits (1,048,576 rows,
/// 16,384 columns, 32,767 characters a cell) are not enforced here; report exports stay far below
/// them, and silently dropping data would be worse than Excel's repair prompt.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let one_empty_sheet;
    let sheets = if sheets.is_empty() {
        one_empty_sheet = [Sheet {
            name: String::new(),
            headers: Vec::new(),
            rows: Vec::new(),
        }];
        &one_empty_sheet[..]
    } else {
        sheets
    };
    let names = sheet_names(sheets);

    let mut zip = ZipWriter::default();
    zip.add(
        "[Content_Types].xml",
        content_types(sheets.len()).as_bytes(),
    );
    zip.add("_rels/.rels", ROOT_RELS.as_bytes());
    zip.add("xl/workbook.xml", workbook_xml(&names).as_bytes());
    zip.add(
        "xl/_rels/workbook.xml.rels",
        workbook_rels(sheets.len()).as_bytes(),
    );
    zip.add("xl/styles.xml", STYLES.as_bytes());
    for (i, sheet) in sheets.iter().enumerate() {
        let part = format!("xl/worksheets/sheet{}.xml", i + 1);
        zip.add(&part, worksheet_xml(sheet).as_bytes());
    }
    zip.finish()
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" ",
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" ",
    "Target=\"xl/workbook.xml\"/>",
    "</Relationships>"
);

/// Style 0 is the default; style 1 (bold) marks the header row. Tahoma is chosen because it has
/// Persian glyphs on every Windows installation, so cells render without font substitution.
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"2\">",
    "<font><sz val=\"11\"/><name val=\"Tahoma\"/><family val=\"2\"/></font>",
    "<font><b/><sz val=\"11\"/><name val=\"Tahoma\"/><family val=\"2\"/></font>",
    "</fonts>",
    "<fills count=\"2\">",
    "<fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill>",
    "</fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"2\">",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    "</cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

const HEADER_STYLE: u8 = 1;

fn content_types(sheet_count: usize) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" \
         ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" \
         ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" \
         ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
    );
    for i in 1..=sheet_count {
        x.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
    }
    x.push_str("</Types>");
    x
}

fn workbook_xml(names: &[String]) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(&format!(
        "<workbook xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">\
         <bookViews><workbookView/></bookViews><sheets>"
    ));
    for (i, name) in names.iter().enumerate() {
        x.push_str("<sheet name=\"");
        push_xml_escaped(&mut x, name);
        x.push_str(&format!("\" sheetId=\"{0}\" r:id=\"rId{0}\"/>", i + 1));
    }
    x.push_str("</sheets></workbook>");
    x
}

fn workbook_rels(sheet_count: usize) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for i in 1..=sheet_count {
        x.push_str(&format!(
            "<Relationship Id=\"rId{i}\" Type=\"{NS_REL}/worksheet\" \
             Target=\"worksheets/sheet{i}.xml\"/>"
        ));
    }
    x.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"{NS_REL}/styles\" Target=\"styles.xml\"/>",
        sheet_count + 1
    ));
    x.push_str("</Relationships>");
    x
}

fn worksheet_xml(sheet: &Sheet) -> String {
    let has_header = !sheet.headers.is_empty();
    let mut x = String::from(XML_DECL);
    x.push_str(&format!(
        "<worksheet xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">\
         <sheetViews><sheetView rightToLeft=\"1\" workbookViewId=\"0\">"
    ));
    if has_header {
        // Keeps the column titles visible while scrolling long reports.
        x.push_str(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>",
        );
    }
    x.push_str("</sheetView></sheetViews><sheetData>");

    let mut row_number: usize = 0;
    if has_header {
        row_number += 1;
        x.push_str(&format!("<row r=\"{row_number}\">"));
        for (col, header) in sheet.headers.iter().enumerate() {
            if !header.is_empty() {
                push_text_cell(&mut x, col, row_number, header, Some(HEADER_STYLE));
            }
        }
        x.push_str("</row>");
    }
    for row in &sheet.rows {
        row_number += 1;
        x.push_str(&format!("<row r=\"{row_number}\">"));
        for (col, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(text) => push_text_cell(&mut x, col, row_number, text, None),
                Cell::Int(n) => push_number_cell(&mut x, col, row_number, &n.to_string()),
                // Debug formatting switches to exponent notation for very large or small
                // magnitudes, which keeps `<v>` short instead of hundreds of digits.
                Cell::Num(v) if v.is_finite() => {
                    push_number_cell(&mut x, col, row_number, &format!("{v:?}"))
                }
                Cell::Num(_) | Cell::Empty => {}
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

fn push_text_cell(x: &mut String, col: usize, row: usize, text: &str, style: Option<u8>) {
    x.push_str("<c r=\"");
    x.push_str(&cell_ref(col, row));
    x.push('"');
    if let Some(style) = style {
        x.push_str(&format!(" s=\"{style}\""));
    }
    x.push_str(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    push_xml_escaped(x, &protect_ooxml_escapes(text));
    x.push_str("</t></is></c>");
}

fn push_number_cell(x: &mut String, col: usize, row: usize, number: &str) {
    x.push_str(&format!(
        "<c r=\"{}\"><v>{number}</v></c>",
        cell_ref(col, row)
    ));
}

/// A1-style reference; `col` counts from 0, `row` from 1.
fn cell_ref(col: usize, row: usize) -> String {
    format!("{}{row}", column_letters(col))
}

/// Column names are bijective base 26 (Z is followed by AA, not BA), so a plain radix conversion
/// would be off by one past the first 26 columns.
fn column_letters(col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col;
    loop {
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// Excel decodes `_xHHHH_` inside strings as the character U+HHHH, so typed text that happens to
/// contain such a sequence would change on opening; escaping its underscore as `_x005F_` keeps it
/// as typed.
fn protect_ooxml_escapes(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(pos) = rest.find("_x") {
        let (before, from_marker) = rest.split_at(pos);
        out.push_str(before);
        let after = from_marker.strip_prefix("_x").unwrap_or(from_marker);
        let is_escape = matches!(
            after.as_bytes().get(..5),
            Some(&[a, b, c, d, b'_']) if [a, b, c, d].iter().all(u8::is_ascii_hexdigit)
        );
        out.push_str(if is_escape { "_x005F_x" } else { "_x" });
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Escapes markup characters and drops characters XML 1.0 cannot carry at all (a single one
/// would make Excel reject the whole workbook). CR is written as a character reference because
/// XML parsers otherwise normalise it to LF.
fn push_xml_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if xml_allowed(c) => out.push(c),
            _ => {}
        }
    }
}

fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

// ---------------------------------------------------------------------------------------------
// Sheet names
// ---------------------------------------------------------------------------------------------

/// Excel's name limit is 31 UTF-16 units; counting those rather than chars gives the same result
/// for Persian (all in the BMP) and stays valid for astral characters such as emoji.
const MAX_SHEET_NAME: usize = 31;

/// Excel refuses a workbook whose sheet names break its rules or repeat (case-insensitively), so
/// names are repaired here rather than trusted. "History" is reserved by Excel.
fn sheet_names(sheets: &[Sheet]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from(["history".to_owned()]);
    let mut names = Vec::with_capacity(sheets.len());
    for (i, sheet) in sheets.iter().enumerate() {
        let mut base = clean_sheet_name(&sheet.name);
        if base.is_empty() {
            base = format!("Sheet{}", i + 1);
        }
        let mut name = base.clone();
        let mut counter: usize = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!(" ({counter})");
            let room = MAX_SHEET_NAME.saturating_sub(suffix.len());
            let stem = truncate_utf16(&base, room);
            name = format!("{}{suffix}", stem.trim_end());
            counter += 1;
        }
        taken.insert(name.to_lowercase());
        names.push(name);
    }
    names
}

/// Leading and trailing apostrophes are stripped because Excel forbids them in sheet names.
fn clean_sheet_name(raw: &str) -> String {
    let is_edge_junk = |c: char| c.is_whitespace() || c == '\'';
    let kept: String = raw
        .chars()
        .filter(|&c| {
            !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')
                && !c.is_control()
                && xml_allowed(c)
        })
        .collect();
    let cut = truncate_utf16(kept.trim_matches(is_edge_junk), MAX_SHEET_NAME);
    cut.trim_end_matches(is_edge_junk).to_owned()
}

fn truncate_utf16(text: &str, max_units: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max_units
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// ZIP (stored entries only)
// ---------------------------------------------------------------------------------------------

/// 1980-01-01 00:00, the DOS epoch: a fixed stamp keeps identical exports byte-identical.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// ZIP 2.0, the version every reader (and Excel) accepts for stored entries.
const ZIP_VERSION: u16 = 20;

/// Writes a ZIP archive with uncompressed entries, the simplest form every OOXML reader accepts.
///
/// ZIP64 is not written: an in-memory export past 4 GiB or 65,535 parts is out of reach, so the
/// fields saturate instead of panicking.
#[derive(Default)]
struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: usize,
}

impl ZipWriter {
    fn add(&mut self, name: &str, data: &[u8]) {
        let crc = crc32fast::hash(data);
        let size = saturate_u32(data.len());
        let offset = saturate_u32(self.out.len());
        let name_len = saturate_u16(name.len());

        let local = &mut self.out;
        put_u32(local, 0x0403_4b50);
        put_u16(local, ZIP_VERSION);
        put_u16(local, 0); // flags
        put_u16(local, 0); // method: stored
        put_u16(local, DOS_TIME);
        put_u16(local, DOS_DATE);
        put_u32(local, crc);
        put_u32(local, size); // compressed
        put_u32(local, size); // uncompressed
        put_u16(local, name_len);
        put_u16(local, 0); // extra length
        local.extend_from_slice(name.as_bytes());
        local.extend_from_slice(data);

        let central = &mut self.central;
        put_u32(central, 0x0201_4b50);
        put_u16(central, ZIP_VERSION); // made by (MS-DOS attributes)
        put_u16(central, ZIP_VERSION); // needed
        put_u16(central, 0); // flags
        put_u16(central, 0); // method: stored
        put_u16(central, DOS_TIME);
        put_u16(central, DOS_DATE);
        put_u32(central, crc);
        put_u32(central, size);
        put_u32(central, size);
        put_u16(central, name_len);
        put_u16(central, 0); // extra length
        put_u16(central, 0); // comment length
        put_u16(central, 0); // disk number
        put_u16(central, 0); // internal attributes
        put_u32(central, 0); // external attributes
        put_u32(central, offset);
        central.extend_from_slice(name.as_bytes());

        self.entries += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let directory_offset = saturate_u32(self.out.len());
        let directory_size = saturate_u32(self.central.len());
        let entries = saturate_u16(self.entries);
        self.out.extend_from_slice(&self.central);

        let end = &mut self.out;
        put_u32(end, 0x0605_4b50);
        put_u16(end, 0); // this disk
        put_u16(end, 0); // disk with the directory
        put_u16(end, entries); // entries on this disk
        put_u16(end, entries); // entries in total
        put_u32(end, directory_size);
        put_u32(end, directory_offset);
        put_u16(end, 0); // comment length
        self.out
    }
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn saturate_u16(value: usize) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

fn saturate_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn sheet(name: &str, headers: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }

    fn csv_string(s: &Sheet) -> String {
        let bytes = csv(s);
        let body = bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .expect("BOM missing");
        String::from_utf8(body.to_vec()).expect("CSV is not UTF-8")
    }

    // --- CSV -----------------------------------------------------------------------------------

    #[test]
    fn csv_starts_with_bom_and_uses_crlf() {
        let out = csv(&sheet("s", &["a", "b"], vec![vec![text("x"), text("y")]]));
        assert_eq!(out, b"\xEF\xBB\xBFa,b\r\nx,y\r\n".to_vec());
    }

    #[test]
    fn csv_quotes_comma_quote_and_newlines() {
        let s = sheet(
            "s",
            &[],
            vec![vec![
                text("a,b"),
                text("say \"hi\""),
                text("line1\nline2"),
                text("cr\rhere"),
                text("plain"),
            ]],
        );
        assert_eq!(
            csv_string(&s),
            "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\"cr\rhere\",plain\r\n"
        );
    }

    #[test]
    fn csv_prefixes_every_formula_trigger_with_apostrophe() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("   =1", "'   =1"),
            ("＝1", "'＝1"),
            ("＋1", "'＋1"),
            ("－1", "'－1"),
            ("＠1", "'＠1"),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
        ];
        for (input, expected) in cases {
            let s = sheet("s", &[], vec![vec![text(input)]]);
            assert_eq!(csv_string(&s), format!("{expected}\r\n"), "input {input:?}");
        }
        // Headers are typed by people too.
        let s = sheet("s", &["=cmd", "ok"], vec![]);
        assert_eq!(csv_string(&s), "'=cmd,ok\r\n");
        // Harmless text, including a trigger that is not first, is left alone.
        let s = sheet("s", &[], vec![vec![text("a=b"), text("  x-1")]]);
        assert_eq!(csv_string(&s), "a=b,  x-1\r\n");
    }

    #[test]
    fn csv_writes_numbers_plainly() {
        let s = sheet(
            "s",
            &["n"],
            vec![vec![
                Cell::Int(-42),
                Cell::Num(3.5),
                Cell::Num(-0.25),
                Cell::Num(f64::NAN),
                Cell::Num(f64::INFINITY),
                Cell::Empty,
                Cell::Int(i64::MIN),
            ]],
        );
        assert_eq!(
            csv_string(&s),
            "n,,,,,,\r\n-42,3.5,-0.25,,,,-9223372036854775808\r\n"
        );
    }

    #[test]
    fn csv_preserves_persian_bytes_exactly() {
        let persian = "درخواست شمارهٔ ۱۲۳ — پشتیبان";
        let out = csv(&sheet("گزارش", &["عنوان"], vec![vec![text(persian)]]));
        let mut expected = b"\xEF\xBB\xBF".to_vec();
        expected.extend_from_slice("عنوان\r\n".as_bytes());
        expected.extend_from_slice(persian.as_bytes());
        expected.extend_from_slice(b"\r\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn csv_pads_ragged_rows_and_survives_empty_input() {
        let s = sheet(
            "s",
            &["a"],
            vec![vec![], vec![Cell::Int(1), Cell::Int(2)], vec![Cell::Empty]],
        );
        assert_eq!(csv_string(&s), "a,\r\n,\r\n1,2\r\n,\r\n");
        assert_eq!(csv(&sheet("", &[], vec![])), b"\xEF\xBB\xBF".to_vec());
        let lone_empty = sheet("s", &[], vec![vec![Cell::Empty]]);
        assert_eq!(csv_string(&lone_empty), "\"\"\r\n");
    }

    // --- A tiny ZIP reader for checking the XLSX container ------------------------------------

    fn u16_at(b: &[u8], at: usize) -> usize {
        usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
    }

    fn u32_at(b: &[u8], at: usize) -> usize {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
    }

    /// Reads every entry through the central directory and its local header, checking that
    /// both agree, that entries are stored, and that each CRC matches its data.
    fn unzip(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let eocd = (0..=zip.len() - 22)
            .rev()
            .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
            .expect("no end-of-central-directory record");
        assert_eq!(eocd + 22, zip.len(), "unexpected trailing bytes or comment");
        let entries = u16_at(zip, eocd + 10);
        assert_eq!(entries, u16_at(zip, eocd + 8));
        let dir_size = u32_at(zip, eocd + 12);
        let dir_offset = u32_at(zip, eocd + 16);
        assert_eq!(
            dir_offset + dir_size,
            eocd,
            "central directory does not end at EOCD"
        );

        let mut files = Vec::new();
        let mut at = dir_offset;
        let mut expected_local = 0;
        for _ in 0..entries {
            assert_eq!(
                zip[at..at + 4],
                [0x50, 0x4b, 0x01, 0x02],
                "bad central header"
            );
            let method = u16_at(zip, at + 10);
            let crc = u32_at(zip, at + 16) as u32;
            let packed = u32_at(zip, at + 20);
            let size = u32_at(zip, at + 24);
            let name_len = u16_at(zip, at + 28);
            let extra_len = u16_at(zip, at + 30);
            let comment_len = u16_at(zip, at + 32);
            let local = u32_at(zip, at + 42);
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            at += 46 + name_len + extra_len + comment_len;
            assert_eq!(method, 0, "{name} not stored");
            assert_eq!(packed, size, "{name} sizes differ");
            assert_eq!(local, expected_local, "{name} local header misplaced");

            assert_eq!(
                zip[local..local + 4],
                [0x50, 0x4b, 0x03, 0x04],
                "bad local header"
            );
            assert_eq!(u16_at(zip, local + 8), 0, "{name} local method");
            assert_eq!(u32_at(zip, local + 14) as u32, crc, "{name} local CRC");
            assert_eq!(
                u32_at(zip, local + 18),
                size,
                "{name} local compressed size"
            );
            assert_eq!(u32_at(zip, local + 22), size, "{name} local size");
            let local_name_len = u16_at(zip, local + 26);
            let local_extra_len = u16_at(zip, local + 28);
            let local_name = &zip[local + 30..local + 30 + local_name_len];
            assert_eq!(local_name, name.as_bytes(), "local name differs");
            let start = local + 30 + local_name_len + local_extra_len;
            let data = zip[start..start + size].to_vec();
            assert_eq!(crc32fast::hash(&data), crc, "{name} CRC mismatch");
            expected_local = start + size;
            files.push((name, data));
        }
        assert_eq!(at, eocd, "central directory size mismatch");
        assert_eq!(expected_local, dir_offset, "gap before central directory");
        files
    }

    fn part(files: &[(String, Vec<u8>)], name: &str) -> String {
        let (_, data) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("missing part {name}"));
        String::from_utf8(data.clone()).expect("part is not UTF-8")
    }

    // --- XLSX ----------------------------------------------------------------------------------

    #[test]
    fn xlsx_contains_every_part_with_valid_crcs() {
        let book = xlsx(&[
            sheet("یک", &["a"], vec![vec![Cell::Int(1)]]),
            sheet("دو", &[], vec![]),
        ]);
        let files = unzip(&book);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml",
            ]
        );
        let types = part(&files, "[Content_Types].xml");
        assert!(types.contains("/xl/worksheets/sheet2.xml"));
        let rels = part(&files, "xl/_rels/workbook.xml.rels");
        assert!(rels.contains("Id=\"rId2\"") && rels.contains("Target=\"styles.xml\""));
        let workbook = part(&files, "xl/workbook.xml");
        assert!(workbook.contains("<sheet name=\"یک\" sheetId=\"1\" r:id=\"rId1\"/>"));
        assert!(part(&files, "xl/styles.xml").contains("<b/>"));
    }

    #[test]
    fn xlsx_keeps_formula_text_as_inline_string() {
        let link = "=HYPERLINK(\"http://evil.example\",\"click\")";
        let book = xlsx(&[sheet("s", &["=SUM(1)"], vec![vec![text(link)]])]);
        let files = unzip(&book);
        let xml = part(&files, "xl/worksheets/sheet1.xml");
        assert!(xml.contains(
            "<c r=\"A2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\
             =HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</t></is></c>"
        ));
        assert!(xml.contains(
            "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=SUM(1)</t>"
        ));
        for (name, data) in &files {
            let data = String::from_utf8_lossy(data);
            assert!(
                !data.contains("<f>") && !data.contains("<f "),
                "formula in {name}"
            );
        }
    }

    #[test]
    fn xlsx_sheets_are_right_to_left_with_frozen_header() {
        let files = unzip(&xlsx(&[sheet("s", &["h"], vec![])]));
        let xml = part(&files, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<sheetView rightToLeft=\"1\" workbookViewId=\"0\">"));
        assert!(xml.contains("state=\"frozen\""));
        let bare = unzip(&xlsx(&[sheet("s", &[], vec![])]));
        assert!(part(&bare, "xl/worksheets/sheet1.xml").contains("rightToLeft=\"1\""));
    }

    #[test]
    fn xlsx_writes_numbers_and_column_refs_past_z() {
        let mut row: Vec<Cell> = (0..28).map(Cell::Int).collect();
        row[1] = Cell::Num(2.5);
        row[2] = Cell::Num(f64::NAN);
        row[3] = Cell::Num(f64::NEG_INFINITY);
        row[4] = Cell::Int(-7);
        row[5] = Cell::Num(1e300);
        row[6] = Cell::Num(-1e-7);
        let files = unzip(&xlsx(&[sheet("s", &[], vec![row])]));
        let xml = part(&files, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<c r=\"A1\"><v>0</v></c>"));
        assert!(xml.contains("<c r=\"B1\"><v>2.5</v></c>"));
        assert!(!xml.contains("r=\"C1\"") && !xml.contains("r=\"D1\""));
        assert!(xml.contains("<c r=\"E1\"><v>-7</v></c>"));
        assert!(xml.contains("<c r=\"F1\"><v>1e300</v></c>"));
        assert!(xml.contains("<c r=\"G1\"><v>-1e-7</v></c>"));
        assert!(xml.contains("<c r=\"Z1\"><v>25</v></c>"));
        assert!(xml.contains("<c r=\"AA1\"><v>26</v></c>"));
        assert!(xml.contains("<c r=\"AB1\"><v>27</v></c>"));
        assert!(!xml.contains("NaN") && !xml.contains("inf"));
    }

    #[test]
    fn column_letters_follow_excel() {
        let cases = [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ];
        for (col, expected) in cases {
            assert_eq!(column_letters(col), expected);
        }
        assert!(!column_letters(usize::MAX).is_empty());
    }

    #[test]
    fn xlsx_escapes_markup_and_drops_forbidden_characters() {
        let row = vec![
            text("R&D <b> 'q' \"d\""),
            text("a\u{0}b\u{1b}c\u{FFFE}\td\re"),
        ];
        let files = unzip(&xlsx(&[sheet("s", &[], vec![row])]));
        let xml = part(&files, "xl/worksheets/sheet1.xml");
        assert!(xml.contains(">R&amp;D &lt;b&gt; &apos;q&apos; &quot;d&quot;</t>"));
        assert!(xml.contains(">abc\td&#13;e</t>"));
    }

    #[test]
    fn xlsx_protects_ooxml_escape_lookalikes() {
        assert_eq!(protect_ooxml_escapes("a_x0041_b"), "a_x005F_x0041_b");
        assert_eq!(protect_ooxml_escapes("_x_xyz_x12"), "_x_xyz_x12");
        assert_eq!(
            protect_ooxml_escapes("_x00e9__x0041_"),
            "_x005F_x00e9__x005F_x0041_"
        );
        assert_eq!(protect_ooxml_escapes("تست_x"), "تست_x");
    }

    #[test]
    fn xlsx_repairs_sheet_names() {
        let long = "گزارش ماهانهٔ درخواست‌های پشتیبانی واحد";
        let sheets = [
            sheet("a[b]:c*d?e/f\\g", &[], vec![]),
            sheet(long, &[], vec![]),
            sheet("", &[], vec![]),
            sheet("Report", &[], vec![]),
            sheet("report", &[], vec![]),
            sheet("???", &[], vec![]),
            sheet("'quoted'", &[], vec![]),
            sheet("History", &[], vec![]),
            sheet(long, &[], vec![]),
        ];
        let names = sheet_names(&sheets);
        assert_eq!(names[0], "abcdefg");
        assert_eq!(names[1].chars().count(), 31);
        assert!(long.starts_with(&names[1]));
        assert_eq!(names[2], "Sheet3");
        assert_eq!(names[3], "Report");
        assert_eq!(names[4], "report (2)");
        assert_eq!(names[5], "Sheet6");
        assert_eq!(names[6], "quoted");
        assert_eq!(names[7], "History (2)");
        assert!(names[8].ends_with(" (2)") && names[8].chars().count() <= 31);
        let unique: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(unique.len(), names.len());
        assert!(truncate_utf16(&"😀".repeat(20), 31).chars().count() == 15);
    }

    #[test]
    fn xlsx_handles_zero_sheets_and_ragged_rows() {
        let files = unzip(&xlsx(&[]));
        assert!(part(&files, "xl/workbook.xml").contains("<sheet name=\"Sheet1\""));
        assert!(part(&files, "xl/worksheets/sheet1.xml").contains("<sheetData></sheetData>"));

        let ragged = sheet(
            "",
            &["a", "", "c"],
            vec![vec![], vec![Cell::Empty, text("x")], vec![Cell::Int(1); 40]],
        );
        let files = unzip(&xlsx(&[ragged]));
        let xml = part(&files, "xl/worksheets/sheet1.xml");
        assert!(
            !xml.contains("r=\"B1\""),
            "empty header cell should be omitted"
        );
        assert!(xml.contains("<row r=\"2\"></row>"));
        assert!(xml.contains("<c r=\"B3\" t=\"inlineStr\">"));
        assert!(xml.contains("<c r=\"AN4\"><v>1</v></c>"));
    }

    #[test]
    fn xlsx_output_is_deterministic() {
        let s = [sheet("s", &["h"], vec![vec![text("v")]])];
        assert_eq!(xlsx(&s), xlsx(&s));
    }
}
