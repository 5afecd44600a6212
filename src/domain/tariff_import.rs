//! A year's tariff table imported from the finance office's spreadsheet: reading CSV, finding
//! the columns by their header names, and checking every row before anything is saved.
//!
//! Nothing here does I/O: the server reads the workbook (calamine) or the CSV bytes into a grid
//! of text, and hands it here with the request types and the lines already stored. An import is
//! all or nothing, so every row is checked and every error is kept beside its row and cell.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::copy::digits::{fold_digits, persian_number};
use crate::domain::account::ApplicantKind;
use crate::domain::error::FieldError;
use crate::domain::jalali::JalaliDate;
use crate::domain::money::{Rials, Unit, parse_amount};
use crate::domain::tariff::{MAX_SOURCE_CHARS, Tariff};

/// The largest file taken: a year's table is a few hundred rows, far below this.
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024;

/// The most rows (besides the header) one file may hold.
pub const MAX_IMPORT_ROWS: usize = 5_000;

/// The form field a refused file is named by.
pub const FILE_FIELD: &str = "file";

/// The columns of an import file, each found by one of its header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Type,
    Kind,
    From,
    Amount,
    Unit,
    Source,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Type,
        Column::Kind,
        Column::From,
        Column::Amount,
        Column::Unit,
        Column::Source,
    ];

    /// The name an error of this column's cell carries (as a form field would).
    pub fn field(self) -> &'static str {
        match self {
            Column::Type => "type",
            Column::Kind => "applicant_kind",
            Column::From => "effective_from",
            Column::Amount => "amount",
            Column::Unit => "unit",
            Column::Source => "source",
        }
    }

    /// The column whose cell an error with this field name is about.
    pub fn of_field(field: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.field() == field)
    }

    /// Whether a file must have this column (a missing date is 1 Farvardin, a missing unit rials).
    pub fn required(self) -> bool {
        !matches!(self, Column::From | Column::Unit)
    }

    /// The Persian header names, the column's own name first.
    pub fn names_fa(self) -> &'static [&'static str] {
        match self {
            Column::Type => copy::IMPORT_HEADERS_TYPE,
            Column::Kind => copy::IMPORT_HEADERS_KIND,
            Column::From => copy::IMPORT_HEADERS_FROM,
            Column::Amount => copy::IMPORT_HEADERS_AMOUNT,
            Column::Unit => copy::IMPORT_HEADERS_UNIT,
            Column::Source => copy::IMPORT_HEADERS_SOURCE,
        }
    }

    /// The English header names (compared in lower case, `_` and `-` read as spaces).
    fn names_en(self) -> &'static [&'static str] {
        match self {
            Column::Type => &["type", "request type", "type id", "service"],
            Column::Kind => &["applicant kind", "kind", "applicant"],
            Column::From => &["effective date", "effective from", "date", "from"],
            Column::Amount => &["amount", "fee"],
            Column::Unit => &["unit", "currency"],
            Column::Source => &["source", "budget table and row", "budget"],
        }
    }

    /// The column's name as the page shows it.
    pub fn label(self) -> &'static str {
        self.names_fa()[0]
    }

    fn named(header: &str) -> Option<Column> {
        let h = normalize(header);
        if h.is_empty() {
            return None;
        }
        Column::ALL.into_iter().find(|c| {
            c.names_fa().iter().any(|n| normalize(n) == h)
                || c.names_en().iter().any(|n| normalize(n) == h)
        })
    }
}

/// Text as compared for names: Arabic «ي» and «ك» as Persian letters, the ezafe mark and
/// half-spaces left aside, digits folded, case ignored, `_` and `-` as spaces, one space
/// between words, no trailing colon or star.
pub fn normalize(s: &str) -> String {
    let mapped: String = fold_digits(s)
        .chars()
        .filter(|c| !matches!(c, '\u{0654}' | '\u{FEFF}' | '\u{200F}' | '\u{200E}'))
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            'ۀ' => 'ه',
            '\u{200C}' | '\u{00A0}' | '_' | '-' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = mapped.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches([':', '*', '：'])
        .trim()
        .to_string()
}

/// One row of the file, as text, with its row number as a spreadsheet program shows it (the
/// header is row 1 when the table starts at the top). This is what is kept between the upload
/// and the confirmation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub line: u32,
    pub type_ref: String,
    pub kind: String,
    pub from: String,
    pub amount: String,
    pub unit: String,
    pub source: String,
}

impl RawRow {
    fn set(&mut self, column: Column, value: String) {
        let cell = match column {
            Column::Type => &mut self.type_ref,
            Column::Kind => &mut self.kind,
            Column::From => &mut self.from,
            Column::Amount => &mut self.amount,
            Column::Unit => &mut self.unit,
            Column::Source => &mut self.source,
        };
        *cell = value;
    }

    /// The cell of `column`, as the file wrote it.
    pub fn cell(&self, column: Column) -> &str {
        match column {
            Column::Type => &self.type_ref,
            Column::Kind => &self.kind,
            Column::From => &self.from,
            Column::Amount => &self.amount,
            Column::Unit => &self.unit,
            Column::Source => &self.source,
        }
    }
}

fn file_error(message: impl Into<String>) -> FieldError {
    FieldError::new(FILE_FIELD, message)
}

/// Whether the bytes are a workbook (the ZIP of an .xlsx or .ods, or the OLE file of an .xls)
/// rather than text.
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The text of a CSV file: UTF-8, with or without a byte-order mark. Binary data is not a
/// spreadsheet; text in another encoding (Windows-1256, say) is named as such.
pub fn csv_text(bytes: &[u8]) -> Result<&str, FieldError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Pictures and documents by their first bytes; any other binary by its control bytes.
    let known_binary: [&[u8]; 5] = [b"\x89PNG", b"%PDF", b"\xFF\xD8\xFF", b"GIF8", b"Rar!"];
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C);
    if known_binary.iter().any(|m| bytes.starts_with(m)) || bytes.iter().any(control) {
        return Err(file_error(copy::ERR_IMPORT_NOT_SPREADSHEET));
    }
    std::str::from_utf8(bytes).map_err(|_| file_error(copy::ERR_IMPORT_NOT_UTF8))
}

/// The separator a CSV file uses: whichever of comma, semicolon and tab its first line holds
/// most of, outside quotes (a comma when it holds none).
fn separator_of(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                if let Some(n) = counts.iter_mut().find(|(s, _)| *s == c) {
                    n.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent: a comma wins a tie.
    counts
        .iter()
        .fold(
            (',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

/// The records of a CSV text (RFC 4180 as spreadsheet programs write it): fields separated by
/// comma, semicolon or tab (found from the first line), quoted fields with `""` for a quote and
/// line breaks inside, records ended by CRLF, LF or CR. Each record is a spreadsheet row: blank
/// lines count, so row numbers match what the admin sees. An unclosed quote is refused.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, FieldError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let sep = separator_of(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    // Whether the current record has anything in it yet (so a final newline ends no record).
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                started = true;
                let opened_at = records.len() + 1;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(ch) => field.push(ch),
                        None => {
                            return Err(file_error(copy::err_import_open_quote(&persian_number(
                                opened_at as i64,
                            ))));
                        }
                    }
                }
                // Text after the closing quote (`"a"b`) is kept as spreadsheet programs do.
            }
            c if c == sep => {
                started = true;
                record.push(std::mem::take(&mut field));
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                started = false;
            }
            c => {
                started = true;
                field.push(c);
            }
        }
        if records.len() > MAX_IMPORT_ROWS + 1 + BLANK_ROWS_ALLOWED {
            return Err(file_error(copy::ERR_IMPORT_TOO_MANY_ROWS));
        }
    }
    if started || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// Blank rows a file may hold besides its rows (spreadsheet programs leave some at the end).
const BLANK_ROWS_ALLOWED: usize = 1_000;

/// The rows of a grid of cells whose first non-blank row is the header: each data row with its
/// row number (`first_row` is the number of the grid's first row), blank rows left out. Refused
/// whole: no header, a required column missing, a column named twice, no rows, too many rows.
pub fn read_rows(grid: &[Vec<String>], first_row: u32) -> Result<Vec<RawRow>, FieldError> {
    let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    let mut numbered = grid
        .iter()
        .enumerate()
        .map(|(i, r)| (first_row + i as u32, r))
        .filter(|(_, r)| !blank(r));
    let Some((_, header)) = numbered.next() else {
        return Err(file_error(copy::ERR_IMPORT_EMPTY));
    };
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
    for name in header {
        let column = Column::named(name);
        if let Some(c) = column
            && columns.contains(&Some(c))
        {
            return Err(file_error(copy::err_import_repeated_column(c.label())));
        }
        columns.push(column);
    }
    let missing: Vec<&str> = Column::ALL
        .into_iter()
        .filter(|c| c.required() && !columns.contains(&Some(*c)))
        .map(Column::label)
        .collect();
    if !missing.is_empty() {
        return Err(file_error(copy::err_import_missing_columns(&missing)));
    }
    let mut rows = Vec::new();
    for (line, cells) in numbered {
        if rows.len() == MAX_IMPORT_ROWS {
            return Err(file_error(copy::ERR_IMPORT_TOO_MANY_ROWS));
        }
        let mut row = RawRow {
            line,
            ..RawRow::default()
        };
        for (cell, column) in cells.iter().zip(&columns) {
            if let Some(c) = column {
                row.set(*c, cell.trim().to_string());
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(file_error(copy::ERR_IMPORT_NO_ROWS));
    }
    Ok(rows)
}

/// The fiscal year an admin chose for an import, typed in any digits.
pub fn parse_year(typed: &str) -> Result<i32, FieldError> {
    let folded = fold_digits(typed.trim());
    folded
        .parse::<i32>()
        .ok()
        .filter(|y| folded.len() == 4 && (1300..=1600).contains(y))
        .ok_or_else(|| FieldError::new("fiscal_year", copy::ERR_IMPORT_YEAR))
}

/// A request type as rows may name it: by its id or its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownType {
    pub id: i64,
    pub title: String,
}

/// A line already stored: its type, kind and first day.
pub type StoredKey = (i64, ApplicantKind, JalaliDate);

/// A row as read and checked: each value that could be read, and every error beside its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub raw: RawRow,
    pub type_id: Option<i64>,
    pub type_title: Option<String>,
    pub kind: Option<ApplicantKind>,
    pub from: Option<JalaliDate>,
    pub amount: Option<Rials>,
    pub unit: Option<Unit>,
    pub source: String,
    /// Each error's `field` is its column's ([`Column::field`]).
    pub errors: Vec<FieldError>,
}

impl CheckedRow {
    /// The line to store, when the row has no error.
    pub fn tariff(&self, fiscal_year: i32) -> Option<Tariff> {
        if !self.errors.is_empty() {
            return None;
        }
        Some(Tariff {
            type_id: self.type_id?,
            applicant_kind: self.kind?,
            fiscal_year,
            amount: self.amount?,
            source: self.source.clone(),
            effective_from: self.from?,
        })
    }

    fn key(&self) -> Option<StoredKey> {
        Some((self.type_id?, self.kind?, self.from?))
    }
}

fn find_type<'a>(typed: &str, types: &'a [KnownType]) -> Result<&'a KnownType, &'static str> {
    let wanted = normalize(typed);
    if wanted.is_empty() {
        return Err(copy::ERR_IMPORT_TYPE_MISSING);
    }
    if wanted.bytes().all(|b| b.is_ascii_digit()) {
        let id = wanted.parse::<i64>().ok();
        return types
            .iter()
            .find(|t| Some(t.id) == id)
            .ok_or(copy::ERR_IMPORT_TYPE_UNKNOWN);
    }
    let mut same = types.iter().filter(|t| normalize(&t.title) == wanted);
    match (same.next(), same.next()) {
        (Some(t), None) => Ok(t),
        (Some(_), Some(_)) => Err(copy::ERR_IMPORT_TYPE_AMBIGUOUS),
        (None, _) => Err(copy::ERR_IMPORT_TYPE_UNKNOWN),
    }
}

fn find_kind(typed: &str) -> Option<ApplicantKind> {
    let wanted = normalize(typed);
    ApplicantKind::ALL
        .into_iter()
        .find(|k| normalize(k.label_fa()) == wanted || k.as_str() == wanted)
}

fn find_unit(typed: &str) -> Option<Unit> {
    let wanted = normalize(typed);
    if wanted.is_empty()
        || wanted == normalize(copy::UNIT_RIALS)
        || matches!(wanted.as_str(), "rials" | "rial" | "irr")
    {
        Some(Unit::Rials)
    } else if wanted == normalize(copy::UNIT_TOMANS)
        || matches!(wanted.as_str(), "tomans" | "toman")
    {
        Some(Unit::Tomans)
    } else {
        None
    }
}

fn check_row(row: &RawRow, year: i32, types: &[KnownType]) -> CheckedRow {
    let mut errors = Vec::new();
    let found = find_type(&row.type_ref, types)
        .map_err(|m| errors.push(FieldError::new(Column::Type.field(), m)))
        .ok();
    let kind = find_kind(&row.kind);
    if kind.is_none() {
        errors.push(FieldError::new(Column::Kind.field(), copy::ERR_IMPORT_KIND));
    }
    let from = if row.from.trim().is_empty() {
        JalaliDate::new(year, 1, 1)
    } else {
        match JalaliDate::parse(&row.from) {
            Ok(d) if d.year == year => Some(d),
            Ok(_) => {
                errors.push(FieldError::new(
                    Column::From.field(),
                    copy::err_import_outside_year(&persian_number(i64::from(year))),
                ));
                None
            }
            Err(e) => {
                errors.push(FieldError::new(Column::From.field(), e.message()));
                None
            }
        }
    };
    let unit = find_unit(&row.unit);
    if unit.is_none() {
        errors.push(FieldError::new(Column::Unit.field(), copy::ERR_IMPORT_UNIT));
    }
    let amount = match parse_amount(&row.amount, unit.unwrap_or(Unit::Rials), "amount") {
        // In an unknown unit only a malformed amount is worth naming.
        Err(e) if unit.is_some() || e.message == copy::ERR_AMOUNT_INVALID => {
            errors.push(FieldError::new(Column::Amount.field(), e.message));
            None
        }
        Err(_) => None,
        Ok(a) => Some(a),
    };
    let source = row.source.split_whitespace().collect::<Vec<_>>().join(" ");
    if source.is_empty() || source.chars().count() > MAX_SOURCE_CHARS {
        errors.push(FieldError::new(
            Column::Source.field(),
            copy::ERR_TARIFF_SOURCE,
        ));
    }
    CheckedRow {
        raw: row.clone(),
        type_id: found.map(|t| t.id),
        type_title: found.map(|t| t.title.clone()),
        kind,
        from,
        amount,
        unit,
        source,
        errors,
    }
}

/// Every row checked for the fiscal year `year`: its own cells, against the request types, a
/// row before it of the same type, kind and day, and the lines already stored.
pub fn check_rows(
    rows: &[RawRow],
    year: i32,
    types: &[KnownType],
    stored: &HashSet<StoredKey>,
) -> Vec<CheckedRow> {
    let mut first_of: HashMap<StoredKey, u32> = HashMap::new();
    rows.iter()
        .map(|row| {
            let mut checked = check_row(row, year, types);
            if let Some(key) = checked.key() {
                if let Some(first) = first_of.get(&key) {
                    checked.errors.push(FieldError::new(
                        Column::From.field(),
                        copy::err_import_duplicate_row(&persian_number(i64::from(*first))),
                    ));
                } else {
                    first_of.insert(key, row.line);
                    if stored.contains(&key) {
                        checked.errors.push(FieldError::new(
                            Column::From.field(),
                            copy::ERR_IMPORT_SAME_DAY_STORED,
                        ));
                    }
                }
            }
            checked
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn types() -> Vec<KnownType> {
        vec![
            KnownType {
                id: 1,
                title: "گواهی اشتغال به تحصیل".into(),
            },
            KnownType {
                id: 2,
                title: "ریز نمرات".into(),
            },
            KnownType {
                id: 3,
                title: "تأیید مدرک".into(),
            },
            KnownType {
                id: 4,
                title: "تأیید مدرک".into(),
            },
        ]
    }

    fn row(line: u32, cells: [&str; 6]) -> RawRow {
        RawRow {
            line,
            type_ref: cells[0].into(),
            kind: cells[1].into(),
            from: cells[2].into(),
            amount: cells[3].into(),
            unit: cells[4].into(),
            source: cells[5].into(),
        }
    }

    fn fields(c: &CheckedRow) -> Vec<&'static str> {
        c.errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn csv_with_quotes_escapes_and_any_line_ends() {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",z\n\"two\nlines\",,\r\nlast,1,2";
        assert_eq!(
            parse_csv(text).expect("valid"),
            grid(&[
                &["a", "b", "c"],
                &["x, y", "say \"hi\"", "z"],
                &["two\nlines", "", ""],
                &["last", "1", "2"],
            ])
        );
        // A final line end ends no extra record; a blank line is a blank row.
        assert_eq!(
            parse_csv("a,b\n\nc,d\n").expect("valid"),
            grid(&[&["a", "b"], &[""], &["c", "d"]])
        );
        assert_eq!(parse_csv("").expect("valid"), Vec::<Vec<String>>::new());
    }

    #[test]
    fn csv_separator_is_found_from_the_first_line() {
        assert_eq!(
            parse_csv("a;b;\"c;d\"\n1,5;2;3").expect("valid"),
            grid(&[&["a", "b", "c;d"], &["1,5", "2", "3"]])
        );
        assert_eq!(
            parse_csv("a\tb\n۱۵۰,۰۰۰\tx").expect("valid"),
            grid(&[&["a", "b"], &["۱۵۰,۰۰۰", "x"]])
        );
        // A quoted comma in the header does not count.
        assert_eq!(separator_of("\"a,b,c\";d\n"), ';');
        assert_eq!(separator_of("single\n"), ',');
    }

    #[test]
    fn an_open_quote_is_refused_naming_its_row() {
        let err = parse_csv("a,b\n1,\"open\n2,3\n").expect_err("unclosed");
        assert_eq!(err.field, FILE_FIELD);
        assert!(err.message.contains('۲'), "{}", err.message);
    }

    #[test]
    fn text_in_another_encoding_or_binary_is_named() {
        assert_eq!(csv_text(b"\xEF\xBB\xBFa,b").expect("utf-8"), "a,b");
        assert_eq!(
            csv_text(b"\xC7\xE1\xED").map_err(|e| e.message),
            Err(copy::ERR_IMPORT_NOT_UTF8.to_string())
        );
        for binary in [&b"a\0b"[..], b"\x89PNG\r\n", b"%PDF-1.7\n", b"\x01\x02"] {
            assert_eq!(
                csv_text(binary).map_err(|e| e.message),
                Err(copy::ERR_IMPORT_NOT_SPREADSHEET.to_string())
            );
        }
        assert!(looks_like_workbook(b"PK\x03\x04rest"));
        assert!(!looks_like_workbook(b"type,kind"));
    }

    #[test]
    fn headers_in_persian_or_english_in_any_order() {
        let rows = read_rows(
            &grid(&[
                &[],
                &[
                    "Source",
                    "مبلغ",
                    "نوع متقاضی",
                    "نوع درخواست",
                    "ignored",
                    "Unit",
                ],
                &["جدول ۱۸", " ۱۵۰٬۰۰۰ ", "دانشجو", "1", "x", "تومان"],
                &["", "", "", ""],
                &["جدول ۱۹", "200000", "graduate", "ریز نمرات"],
            ]),
            1,
        )
        .expect("readable");
        assert_eq!(
            rows,
            vec![
                row(3, ["1", "دانشجو", "", "۱۵۰٬۰۰۰", "تومان", "جدول ۱۸"]),
                row(5, ["ریز نمرات", "graduate", "", "200000", "", "جدول ۱۹"]),
            ]
        );
        // Half-spaces, the ezafe, Arabic letters and a colon do not hide a name.
        for name in [
            "منبع (جدول و ردیف قانون بودجه)",
            "جدول و رديف:",
            "budget_table-and row",
        ] {
            assert_eq!(Column::named(name), Some(Column::Source), "{name}");
        }
        assert_eq!(Column::named("شناسه نوع درخواست"), Some(Column::Type));
        assert_eq!(Column::named("effective_from"), Some(Column::From));
        assert_eq!(Column::named("applicant_kind"), Some(Column::Kind));
    }

    #[test]
    fn a_file_without_its_columns_or_rows_is_refused_whole() {
        let message = |g: &[&[&str]]| read_rows(&grid(g), 1).expect_err("refused").message;
        assert_eq!(message(&[]), copy::ERR_IMPORT_EMPTY);
        assert_eq!(message(&[&["", " "]]), copy::ERR_IMPORT_EMPTY);
        assert_eq!(
            message(&[&["نوع درخواست", "نوع متقاضی", "مبلغ", "منبع"]]),
            copy::ERR_IMPORT_NO_ROWS
        );
        let missing = message(&[&["نوع درخواست", "نوع متقاضی"], &["1", "دانشجو"]]);
        assert!(
            missing.contains("«مبلغ»") && missing.contains("«منبع»"),
            "{missing}"
        );
        let twice = message(&[&["مبلغ", "amount", "type", "kind", "source"]]);
        assert_eq!(twice, copy::err_import_repeated_column("مبلغ"));
        let mut many = vec![vec![
            "type".to_string(),
            "kind".into(),
            "amount".into(),
            "source".into(),
        ]];
        many.extend((0..=MAX_IMPORT_ROWS).map(|_| vec!["1".to_string(), "student".into()]));
        assert_eq!(
            read_rows(&many, 1).expect_err("too many").message,
            copy::ERR_IMPORT_TOO_MANY_ROWS
        );
    }

    #[test]
    fn good_rows_become_lines_of_the_chosen_year() {
        let checked = check_rows(
            &[
                row(
                    2,
                    [
                        "گواهي اشتغال به تحصيل",
                        "دانشجو",
                        "",
                        "۱۵۰٬۰۰۰",
                        "",
                        "جدول ۱۸،  ردیف ۱",
                    ],
                ),
                row(
                    3,
                    ["2", "دانش‌آموخته", "۱۴۰۴/۷/۱", "30,000", "tomans", "جدول ۱۸"],
                ),
                row(
                    4,
                    ["۲", "Institution", "1404-12-29", "0", "ریال", "جدول ۱۸"],
                ),
            ],
            1404,
            &types(),
            &HashSet::new(),
        );
        assert!(checked.iter().all(|c| c.errors.is_empty()), "{checked:?}");
        let lines: Vec<Tariff> = checked.iter().filter_map(|c| c.tariff(1404)).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].type_id, 1);
        assert_eq!(
            lines[0].effective_from,
            JalaliDate::new(1404, 1, 1).expect("day")
        );
        assert_eq!(lines[0].source, "جدول ۱۸، ردیف ۱");
        assert_eq!(lines[1].amount, Rials(300_000));
        assert_eq!(lines[1].applicant_kind, ApplicantKind::Graduate);
        assert_eq!(lines[2].amount, Rials::ZERO);
        assert!(lines.iter().all(|t| t.check().is_ok()));
    }

    #[test]
    fn each_error_is_named_beside_its_cell() {
        let checked = check_rows(
            &[
                row(2, ["", "student", "", "150000", "", "جدول"]),
                row(3, ["99", "student", "", "150000", "", "جدول"]),
                row(4, ["تأیید مدرک", "student", "", "150000", "", "جدول"]),
                row(5, ["1", "pupil", "", "150000", "", "جدول"]),
                row(6, ["1", "student", "1403/12/30", "150000", "", "جدول"]),
                row(7, ["1", "student", "1404/13/01", "150000", "", "جدول"]),
                row(8, ["1", "student", "1404/02/01", "سی هزار", "", "جدول"]),
                row(9, ["1", "student", "1404/03/01", "5000", "", "جدول"]),
                row(
                    10,
                    ["1", "student", "1404/04/01", "150000", "dollars", "جدول"],
                ),
                row(11, ["1", "student", "1404/05/01", "150000", "", " "]),
                row(12, ["2", "student", "", "150000", "", "جدول"]),
                row(
                    13,
                    ["ریز نمرات", "دانشجو", "1404/01/01", "160000", "", "جدول"],
                ),
                row(14, ["1", "graduate", "", "150000", "", "جدول"]),
            ],
            1404,
            &types(),
            &HashSet::from([(
                1,
                ApplicantKind::Graduate,
                JalaliDate::new(1404, 1, 1).expect("day"),
            )]),
        );
        let expected: [&[&str]; 13] = [
            &["type"],
            &["type"],
            &["type"],
            &["applicant_kind"],
            &["effective_from"],
            &["effective_from"],
            &["amount"],
            &["amount"],
            &["unit"],
            &["source"],
            &[],
            &["effective_from"],
            &["effective_from"],
        ];
        for (c, want) in checked.iter().zip(expected) {
            assert_eq!(fields(c), want, "row {}: {:?}", c.raw.line, c.errors);
        }
        assert_eq!(
            checked[2].errors[0].message,
            copy::ERR_IMPORT_TYPE_AMBIGUOUS
        );
        assert_eq!(
            checked[4].errors[0].message,
            copy::err_import_outside_year("۱۴۰۴")
        );
        assert_eq!(checked[7].errors[0].message, copy::ERR_AMOUNT_TOO_SMALL);
        // The repeat names the row it repeats; the first of the two is not an error.
        assert_eq!(
            checked[11].errors[0].message,
            copy::err_import_duplicate_row("۱۲")
        );
        assert_eq!(
            checked[12].errors[0].message,
            copy::ERR_IMPORT_SAME_DAY_STORED
        );
        assert!(
            checked
                .iter()
                .all(|c| c.tariff(1404).is_none() != c.errors.is_empty())
        );
    }

    #[test]
    fn the_year_is_four_digits_in_any_digits() {
        assert_eq!(parse_year("۱۴۰۴"), Ok(1404));
        assert_eq!(parse_year(" 1405 "), Ok(1405));
        for bad in ["", "04", "14040", "abcd", "2025"] {
            assert_eq!(
                parse_year(bad).map_err(|e| e.field),
                Err("fiscal_year"),
                "{bad}"
            );
        }
    }
}
