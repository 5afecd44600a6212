//! What files may be uploaded: an allow-list checked on the content (magic bytes), never on the
//! name alone, and a name that must agree with the content.

use serde::{Deserialize, Serialize};

use crate::copy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Gif,
    Docx,
    Xlsx,
    Text,
}

impl FileKind {
    pub const ALL: [FileKind; 8] = [
        FileKind::Pdf,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Webp,
        FileKind::Gif,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Text,
    ];

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Gif => "image/gif",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Webp => "webp",
            FileKind::Gif => "gif",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Text => "text",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The file-name extensions that may carry this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Webp => &["webp"],
            FileKind::Gif => &["gif"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
            FileKind::Text => &["txt"],
        }
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Png | FileKind::Jpeg | FileKind::Webp | FileKind::Gif
        )
    }
}

/// The `accept` attribute of file inputs.
pub const ACCEPT: &str = ".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx,.txt";

/// Recognises an allowed kind from the first bytes. Anything else (executables, archives, HTML,
/// SVG, scripts) is `None`.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(FileKind::Webp);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(FileKind::Gif);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Office Open XML: a ZIP whose parts name the document type. Other ZIPs are refused.
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"[Content_Types].xml") {
            if has(b"word/") {
                return Some(FileKind::Docx);
            }
            if has(b"xl/") {
                return Some(FileKind::Xlsx);
            }
        }
        return None;
    }
    looks_like_plain_text(bytes).then_some(FileKind::Text)
}

/// UTF-8 without control characters, and not markup a browser would render.
fn looks_like_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let start = text.trim_start_matches('\u{FEFF}').trim_start();
    if start.is_empty() || start.starts_with('<') {
        return false;
    }
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileError {
    Empty,
    NotAllowed,
    /// The name says one kind, the content another.
    NameMismatch,
    TooLarge {
        limit_mb: u64,
    },
    RequestTotalTooLarge {
        limit_mb: u64,
    },
    TooMany,
}

impl FileError {
    /// What the person is told, from `crate::copy` (`Display` is English, for logs).
    pub fn message(&self) -> String {
        use crate::copy::digits::persian_number;
        match self {
            FileError::Empty => copy::ERR_FILE_EMPTY.into(),
            FileError::NotAllowed => copy::ERR_FILE_KIND.into(),
            FileError::NameMismatch => copy::ERR_FILE_NAME_MISMATCH.into(),
            FileError::TooLarge { limit_mb } => {
                copy::err_file_too_large(&persian_number(*limit_mb as i64))
            }
            FileError::RequestTotalTooLarge { limit_mb } => {
                copy::err_attachments_too_large(&persian_number(*limit_mb as i64))
            }
            FileError::TooMany => copy::ERR_TOO_MANY_FILES.into(),
        }
    }
}

/// The extension of a file name, lowercased.
fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Checks an upload: non-empty, an allowed kind by content, and a name whose extension agrees.
pub fn check_upload(name: &str, bytes: &[u8], max_bytes: u64) -> Result<FileKind, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() as u64 > max_bytes {
        return Err(FileError::TooLarge {
            limit_mb: max_bytes / (1024 * 1024),
        });
    }
    let kind = sniff(bytes).ok_or(FileError::NotAllowed)?;
    match extension(name) {
        Some(ext) if kind.extensions().contains(&ext.as_str()) => Ok(kind),
        Some(ext)
            if FileKind::ALL
                .iter()
                .any(|k| k.extensions().contains(&ext.as_str())) =>
        {
            Err(FileError::NameMismatch)
        }
        _ => Err(FileError::NotAllowed),
    }
}

/// A file name safe to store and to send back: no path, no control or bidi characters, at most
/// 120 characters, never empty.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '"' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    let mut out: String = trimmed
        .chars()
        .rev()
        .take(120)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if out.is_empty() {
        out = "file".into();
    }
    out
}

/// Checks files chosen in a browser, by name and size, before they are sent: how many, each
/// one's size and all together. The first problem, with the name of the file it is about.
pub fn check_chosen(
    files: &[(String, i64)],
    max_file_bytes: u64,
    max_total_bytes: u64,
    max_files: usize,
) -> Option<(FileError, Option<String>)> {
    if files.len() > max_files {
        return Some((FileError::TooMany, None));
    }
    let mut total: u64 = 0;
    for (name, size) in files {
        let size = (*size).max(0) as u64;
        if size == 0 {
            return Some((FileError::Empty, Some(name.clone())));
        }
        if size > max_file_bytes {
            return Some((
                FileError::TooLarge {
                    limit_mb: max_file_bytes / (1024 * 1024),
                },
                Some(name.clone()),
            ));
        }
        total += size;
        if total > max_total_bytes {
            return Some((
                FileError::RequestTotalTooLarge {
                    limit_mb: max_total_bytes / (1024 * 1024),
                },
                Some(name.clone()),
            ));
        }
    }
    None
}

/// A byte count in Persian: «۲٫۵ مگابایت», «۳۴۰ کیلوبایت».
pub fn size_fa(bytes: i64) -> String {
    use crate::copy::digits::to_persian_digits;
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        let text = if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}{}{}", tenths / 10, copy::DECIMAL_SEPARATOR, tenths % 10)
        };
        copy::megabytes(&to_persian_digits(&text))
    } else {
        copy::kilobytes(&to_persian_digits(&((bytes + 1023) / 1024).to_string()))
    }
}

#[cfg(test)]
mod chosen_tests {
    use super::*;

    const MB: i64 = 1024 * 1024;

    fn files(sizes: &[i64]) -> Vec<(String, i64)> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("f{i}.pdf"), *s))
            .collect()
    }

    #[test]
    fn files_within_the_limits_pass() {
        assert_eq!(
            check_chosen(&files(&[MB, 9 * MB]), 10 * MB as u64, 30 * MB as u64, 10),
            None
        );
        assert_eq!(check_chosen(&[], 10 * MB as u64, 30 * MB as u64, 10), None);
    }

    #[test]
    fn the_first_file_over_a_limit_is_named() {
        let (e, name) = check_chosen(&files(&[MB, 11 * MB]), 10 * MB as u64, 30 * MB as u64, 10)
            .expect("too large");
        assert_eq!(e, FileError::TooLarge { limit_mb: 10 });
        assert_eq!(name.as_deref(), Some("f1.pdf"));
        let (e, name) = check_chosen(
            &files(&[9 * MB, 9 * MB, 9 * MB, 9 * MB]),
            10 * MB as u64,
            30 * MB as u64,
            10,
        )
        .expect("too much together");
        assert_eq!(e, FileError::RequestTotalTooLarge { limit_mb: 30 });
        assert_eq!(name.as_deref(), Some("f3.pdf"));
        let (e, _) = check_chosen(&files(&[0]), 10, 30, 10).expect("empty");
        assert_eq!(e, FileError::Empty);
        let (e, name) = check_chosen(&files(&[1; 11]), 10, 300, 10).expect("too many");
        assert_eq!((e, name), (FileError::TooMany, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn content_decides_the_kind() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(sniff(PNG), Some(FileKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(sniff(b"GIF89a"), Some(FileKind::Gif));
        assert_eq!(
            sniff(b"PK\x03\x04....[Content_Types].xml....word/document.xml"),
            Some(FileKind::Docx)
        );
        assert_eq!(
            sniff(b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml"),
            Some(FileKind::Xlsx)
        );
        assert_eq!(
            sniff("سلام، این یک یادداشت است.\n".as_bytes()),
            Some(FileKind::Text)
        );
        // Refused: executables, plain ZIPs, markup, SVG, binary junk.
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b"\x7fELF"), None);
        assert_eq!(sniff(b"PK\x03\x04 evil.exe"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <svg xmlns='http://www.w3.org/2000/svg'/>"),
            None
        );
        assert_eq!(sniff(b"text with a \0 byte"), None);
    }

    #[test]
    fn a_lying_name_is_refused() {
        assert_eq!(check_upload("scan.PDF", b"%PDF-1.4", MB), Ok(FileKind::Pdf));
        assert_eq!(
            check_upload("photo.jpeg", &[0xFF, 0xD8, 0xFF, 0], MB),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(
            check_upload("scan.pdf", PNG, MB),
            Err(FileError::NameMismatch)
        );
        assert_eq!(
            check_upload("page.txt", b"<html></html>", MB),
            Err(FileError::NotAllowed)
        );
        assert_eq!(
            check_upload("run.exe", b"%PDF-1.4", MB),
            Err(FileError::NotAllowed)
        );
        assert_eq!(
            check_upload("noext", b"%PDF-1.4", MB),
            Err(FileError::NotAllowed)
        );
        assert_eq!(check_upload("a.pdf", b"", MB), Err(FileError::Empty));
        assert_eq!(
            check_upload("a.pdf", &vec![b'%'; (MB + 1) as usize], MB),
            Err(FileError::TooLarge { limit_mb: 1 })
        );
        for e in [
            FileError::Empty,
            FileError::NotAllowed,
            FileError::NameMismatch,
            FileError::TooLarge { limit_mb: 10 },
            FileError::RequestTotalTooLarge { limit_mb: 30 },
            FileError::TooMany,
        ] {
            assert!(e.message().ends_with('.'));
        }
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_file_name("C:\\Users\\x\\کارنامه.pdf"), "کارنامه.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("a\u{202E}fdp.exe"), "afdp.exe");
        assert_eq!(safe_file_name("\"quoted\".txt"), "quoted.txt");
        assert_eq!(safe_file_name("   "), "file");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(
            safe_file_name(&format!("{}.pdf", "ا".repeat(200)))
                .chars()
                .count(),
            120
        );
        assert_eq!(size_fa(2_621_440), "۲٫۵ مگابایت");
        assert_eq!(size_fa(348_160), "۳۴۰ کیلوبایت");
    }
}
