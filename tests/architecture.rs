//! The floors of the crate hold: a module uses only its own floor and the floors below it.
//!
//! copy → domain → wire → server → api → ui → app → web (see `src/lib.rs`). Every path a source
//! file names through `crate::…` (in a `use` or written out in the code) is read, comments and
//! string literals left aside, and checked against the floor of the file. The lowest floors also
//! stay free of I/O: `copy`, `domain` and `wire` name no database, network, file or runtime crate.

use std::path::{Path, PathBuf};

/// The floors, lowest first.
const FLOORS: &[&str] = &[
    "copy", "domain", "wire", "server", "api", "ui", "app", "web",
];

/// Crates and modules that do I/O, which the pure floors must not name.
const IO: &[&str] = &[
    "sqlx::",
    "axum::",
    "tokio::",
    "reqwest::",
    "lettre::",
    "std::fs",
    "std::net",
    "std::process",
    "leptos_axum::",
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| *f == module)
}

/// The source with comments, string and char literals blanked out (so a doc comment that
/// mentions `crate::server` is not an import).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(src.len(), |n| i + n);
            i = end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(src.len(), |n| i + n + 2);
            out.push(' ');
            i = end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            let end = rest[body..]
                .find(&close)
                .map_or(src.len(), |n| i + body + n + close.len());
            out.push_str("\"\"");
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if b[i] == b'\'' && rest.len() > 2 && {
            // A char literal ('x', '\n', 'ی'), not a lifetime ('a).
            let mut chars = rest[1..].chars();
            match chars.next() {
                Some('\\') => true,
                Some(_) => chars.next() == Some('\''),
                None => false,
            }
        } {
            // Past the first char of the body (which may be the escaping backslash).
            let first = rest[1..].chars().next().map_or(1, char::len_utf8);
            let end = rest[1 + first..]
                .find('\'')
                .map_or(src.len(), |n| i + 1 + first + n + 1);
            out.push_str("' '");
            i = end;
        } else {
            let c = rest.chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Every top-level module the code reaches through `crate::`, including through grouped
/// imports (`use crate::{domain::x, server::y}`).
fn reached(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        // `poshtiban_crate::` or `$crate::` are not ours.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let trimmed = rest.trim_start();
        if let Some(group) = trimmed.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => items.push(std::mem::take(&mut item)),
                    _ if depth == 1 => item.push(c),
                    _ => {}
                }
            }
            items.push(item);
            for item in items {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    found.push(name);
                }
            }
        } else {
            let name: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

/// The floor violations of one file of floor `floor` (an index into `FLOORS`).
fn violations(floor: usize, src: &str) -> Vec<String> {
    let code = code_only(src);
    let mut out = Vec::new();
    for module in reached(&code) {
        if let Some(theirs) = floor_of(&module)
            && theirs > floor
        {
            out.push(format!(
                "`{}` uses `crate::{module}`, a floor above it",
                FLOORS[floor]
            ));
        }
    }
    if floor <= floor_of("wire").expect("wire is a floor") {
        for io in IO {
            if code.contains(io) {
                out.push(format!("`{}` names `{io}` (I/O)", FLOORS[floor]));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_floors_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs");
        let Some(floor) = floor_of(top) else {
            // lib.rs, main.rs and src/bin stand above every floor.
            assert!(
                matches!(top, "lib" | "main" | "bin"),
                "{} is in no floor: add its module to FLOORS",
                rel.display()
            );
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(path).expect("readable");
        for v in violations(floor, &text) {
            failures.push(format!("{}: {v}", rel.display()));
        }
    }
    assert!(checked > 50, "only {checked} files were checked");
    assert!(
        failures.is_empty(),
        "floors crossed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_check_sees_imports_paths_and_groups_but_not_comments_or_strings() {
    let domain = floor_of("domain").expect("domain");
    let server = floor_of("server").expect("server");
    // Each of these crosses a floor.
    for bad in [
        "use crate::ui::text;",
        "use crate::{copy, ui::components};",
        "fn f() { crate::api::dto::Me::default(); }",
        "use crate::server::{self as s};",
        "fn f() { let _ = sqlx::query(\"\"); }",
    ] {
        assert!(!violations(domain, bad).is_empty(), "missed: {bad}");
    }
    assert!(!violations(server, "use crate::web::router;").is_empty());
    // These do not.
    for fine in [
        "// see crate::server::db\nuse crate::copy;",
        "/// `crate::ui` draws it\nfn f() {}",
        "const S: &str = \"crate::server::x\";",
        "const R: &str = r#\"crate::api\"#;",
        "fn f<'a>(x: &'a str) -> char { let _ = x; 'c' }",
        "use crate::domain::sla::{Calendar, Clock};",
    ] {
        assert!(
            violations(domain, fine).is_empty(),
            "wrongly flagged: {fine}: {:?}",
            violations(domain, fine)
        );
    }
    assert!(violations(server, "use crate::wire::AppError; use sqlx::Row;").is_empty());
}

/// Files whose Persian is data rather than copy: the demo catalogue and accounts, and the
/// synthetic requests of the benchmarks.
const PERSIAN_DATA: &[&str] = &[
    "server/platform/seed.rs",
    "server/platform/bench.rs",
    "bin/",
];

/// Whether a line of code holds a string literal with Persian letters in it.
fn persian_literal(line: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
                return true;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && line.contains("//") && line.trim_start().starts_with("//") {
            return false;
        }
    }
    false
}

#[test]
fn every_persian_text_a_person_reads_lives_in_copy() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("copy/") || PERSIAN_DATA.iter().any(|d| rel.starts_with(d)) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("readable");
        // Tests may spell out what they expect.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if persian_literal(line) {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Persian text outside src/copy (move it there):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_copy_check_sees_persian_in_strings_only() {
    assert!(persian_literal(r#"let s = "سلام";"#));
    assert!(persian_literal(r#"view! { <p>"درخواست"</p> }"#));
    assert!(!persian_literal("// یادداشت"));
    assert!(!persian_literal(r#"let s = "abc"; // «نمونه»"#));
    assert!(!persian_literal("let n = 3;"));
}
