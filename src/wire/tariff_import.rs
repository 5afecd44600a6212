//! The admins' tariffs page and a tariff table's import, as they cross to the browser (texts
//! already in Persian).

use serde::{Deserialize, Serialize};

use super::TariffDto;

/// One stored line on the tariffs page, with the request type it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedTariffDto {
    pub type_id: i64,
    pub type_title: String,
    pub line: TariffDto,
}

/// The tariffs page: every type's lines (of the chosen year, or all), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffOverview {
    /// Each fiscal year that has lines, newest first: the year and its Persian digits.
    pub years: Vec<(i32, String)>,
    /// The year shown; `None` for every year.
    pub year: Option<i32>,
    pub lines: Vec<TypedTariffDto>,
    /// The current Jalali year (Tehran time), which the import form offers.
    pub this_year: i32,
}

/// One cell's error in an import's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportErrorDto {
    /// `type`, `applicant_kind`, `effective_from`, `amount`, `unit` or `source`.
    pub field: String,
    /// The column's name, «مبلغ».
    pub column: String,
    pub message: String,
}

/// One row of an import's preview: what was read, in Persian digits, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowDto {
    /// The row number in the file, as the spreadsheet program shows it.
    pub line: u32,
    pub line_fa: String,
    /// The request type's title (and id) when found, else the cell as written.
    pub type_text: String,
    pub kind_text: String,
    /// «۱۴۰۴/۰۱/۰۱», or the cell as written.
    pub from_text: String,
    /// «۱۵۰٬۰۰۰ ریال» (or «رایگان»), or the cell as written.
    pub amount_figure: String,
    /// In words, when the amount was read.
    pub amount_words: String,
    pub source: String,
    pub errors: Vec<ImportErrorDto>,
}

/// An uploaded table before it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffImportPreview {
    pub token: String,
    pub file_name: String,
    pub fiscal_year: i32,
    pub fiscal_year_fa: String,
    pub rows: Vec<ImportRowDto>,
    pub total: usize,
    pub with_errors: usize,
    /// «۱۲ سطر: ۱۰ سطر درست، ۲ سطر با خطا».
    pub summary: String,
    /// Already saved: the token cannot be confirmed again.
    pub confirmed: bool,
}
