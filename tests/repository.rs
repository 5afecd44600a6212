//! The files around the code say true things: the Makefile's `.PHONY` names exactly its
//! targets.

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
