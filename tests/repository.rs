//! The files around the code say true things: the Makefile's `.PHONY` names exactly its
//! targets, and every crate Cargo.toml asks for is used by the code.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_makefile_declares_exactly_its_targets_phony() {
    let makefile = read("Makefile");
    let phony: BTreeSet<&str> = makefile
        .lines()
        .filter_map(|l| l.strip_prefix(".PHONY:"))
        .flat_map(str::split_whitespace)
        .collect();
    // A rule starts at the beginning of a line with `name:`; `:=` and `?=` are assignments.
    let targets: BTreeSet<&str> = makefile
        .lines()
        .filter(|l| !l.starts_with(['\t', '#', '.', ' ']))
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, rest)| !rest.starts_with('=') && !name.contains(['=', '$', ' ']))
        .map(|(name, _)| name)
        .collect();
    assert!(!targets.is_empty(), "no targets found in the Makefile");
    assert_eq!(phony, targets, ".PHONY must list the Makefile's targets");
}

/// Every `.rs` file under `dir`, concatenated.
fn sources(dir: &Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            out.push('\n');
        }
    }
}

#[test]
fn every_dependency_is_used_by_the_code() {
    let manifest: toml::Table = read("Cargo.toml").parse().expect("valid TOML");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    sources(&root.join("src"), &mut code);
    let mut test_code = code.clone();
    sources(&root.join("tests"), &mut test_code);
    let mut unused = Vec::new();
    for (section, text) in [("dependencies", &code), ("dev-dependencies", &test_code)] {
        let deps = manifest[section].as_table().expect("a dependency table");
        for name in deps.keys() {
            if !names_crate(text, &name.replace('-', "_")) {
                unused.push(format!("[{section}] {name}"));
            }
        }
    }
    assert!(unused.is_empty(), "not used by the code: {unused:?}");
}

/// Whether `code` names the crate `ident` as the start of a path (`ident::…`, `ident!`, or
/// `use ident`), not as part of another path (`axum::http::` does not name `http`).
fn names_crate(code: &str, ident: &str) -> bool {
    code.match_indices(ident).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + ident.len()..];
        let starts_path = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        starts_path && (after.starts_with("::") || after.starts_with('!') || after.starts_with(';'))
    })
}
