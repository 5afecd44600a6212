//! One written style for every Persian string a person reads: the copy (`src/copy`) and the demo
//! data people see (`seed.rs`). Persian letters, not Arabic ones; the half-space (ZWNJ) where
//! Persian writing joins («می‌شود», «درخواست‌ها», «یک‌بارمصرف»); the ezafe written where it is
//! ambiguous («نتیجهٔ اولیه»); Persian punctuation; digits a person reads in Persian.

use std::path::Path;

use regex::Regex;

/// Every string literal of a Rust file that holds Persian letters, with its line number.
fn persian_literals(source: &str) -> Vec<(usize, String)> {
    let literal = Regex::new(r#""((?:[^"\\]|\\.)*)""#).expect("pattern");
    let persian = Regex::new(r"[\u0600-\u06FF]").expect("pattern");
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        for m in literal.captures_iter(line) {
            let text = m[1].to_string();
            if persian.is_match(&text) {
                out.push((i + 1, text));
            }
        }
    }
    out
}

/// The rules, each with what it asks for.
fn rules() -> Vec<(Regex, &'static str)> {
    let r = |p: &str| Regex::new(p).expect("pattern");
    vec![
        (r("[كي]"), "Persian ک and ی, not the Arabic letters"),
        (r("ۀ"), "the ezafe as «هٔ», not «ۀ»"),
        (
            r(r"(?:^|[\s«(])ن?می [\u0600-\u06FF]"),
            "«می‌» joined to its verb by a half-space",
        ),
        (
            r(r"[\u0600-\u06FF] (?:ها|های|هایی|هایش|هایم|تر|ترین)(?:[\s.،؛:)»!؟]|$)"),
            "«‌ها» and «‌تر» joined by a half-space",
        ),
        (
            r(r"نتیجه (?:اولیه|درخواست)"),
            "the ezafe written: «نتیجهٔ اولیه»",
        ),
        (r("یکبار|یک بار مصرف|خط چین"), "«یک‌بارمصرف», «خط‌چین»"),
        (
            r(r"[\u0600-\u06FF»]\s*[,;?]"),
            "Persian punctuation: «،» «؛» «؟»",
        ),
        (r(r"\S  +\S"), "one space between words"),
        (r(r" [.،؛:؟!]"), "no space before punctuation"),
        (
            r(r"[0-9]"),
            "Persian digits in Persian text (a left-to-right token goes in its own string)",
        ),
    ]
}

/// Words people read as fixed labels, in their one spelling.
const LABELS: &[(&str, &str)] = &[
    (poshtiban::copy::STATUS_ANSWERED, "پاسخ‌داده‌شده"),
    (poshtiban::copy::STATUS_RESOLVED, "حل‌شده"),
    (poshtiban::copy::STATUS_CLOSED, "بسته‌شده"),
    (poshtiban::copy::STATUS_ASSIGNED, "ارجاع‌شده"),
];

fn files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("src/copy"))
        .expect("src/copy")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.push(root.join("src/server/platform/seed.rs"));
    files.sort();
    files
}

#[test]
fn every_persian_string_is_written_in_one_style() {
    let rules = rules();
    let mut faults = Vec::new();
    for file in files() {
        let source = std::fs::read_to_string(&file).expect("a source file");
        // A file's own tests feed the code odd input on purpose.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        for (line, text) in persian_literals(source) {
            for (rule, asks) in &rules {
                if rule.is_match(&text) {
                    faults.push(format!(
                        "{}:{line}: {asks}: {text}",
                        file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                            .unwrap_or(&file)
                            .display()
                    ));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "copy out of style:\n{}",
        faults.join("\n")
    );
    for (label, spelled) in LABELS {
        assert_eq!(label, spelled);
    }
}

#[test]
fn the_style_check_catches_each_fault() {
    let rules = rules();
    for bad in [
        "كتاب",
        "خانۀ ما",
        "ارسال می شود",
        "درخواست ها",
        "مهلت نتیجه اولیه",
        "رمز یکبارمصرف",
        "بله, خیر",
        "دو  فاصله",
        "پایان .",
        "۱۰ MB یا 10 مگابایت",
    ] {
        assert!(
            rules.iter().any(|(r, _)| r.is_match(bad)),
            "no rule catches «{bad}»"
        );
    }
    for good in [
        "ارسال می‌شود",
        "درخواست‌ها",
        "مهلت نتیجهٔ اولیه",
        "رمز یک‌بارمصرف",
        "بله، خیر",
        "نتیجه را ببینید.",
    ] {
        let hit: Vec<_> = rules.iter().filter(|(r, _)| r.is_match(good)).collect();
        assert!(hit.is_empty(), "«{good}» is fine but is caught");
    }
}
