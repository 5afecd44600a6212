//! Leptos.toml (read by the deployed binary) must agree with Cargo.toml (read by cargo-leptos).

use leptos::config::get_configuration;

fn table(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(path).expect("readable");
    let doc: toml::Table = text.parse().expect("valid TOML");
    doc["package"]["metadata"]["leptos"]
        .as_table()
        .expect("[package.metadata.leptos]")
        .clone()
}

#[test]
fn leptos_toml_agrees_with_cargo_toml() {
    let runtime = table(concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml"));
    let build = table(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
    // `env` is a runtime-only setting (PROD for the deployed binary).
    for (key, value) in runtime.iter().filter(|(k, _)| k.as_str() != "env") {
        assert_eq!(
            Some(value),
            build.get(key),
            "Leptos.toml `{key}` differs from Cargo.toml"
        );
    }
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
    ] {
        assert!(runtime.contains_key(key), "Leptos.toml lacks `{key}`");
    }
}

#[test]
fn the_binary_reads_leptos_toml() {
    let conf = get_configuration(Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml")))
        .expect("Leptos.toml is a valid configuration");
    assert_eq!(&*conf.leptos_options.output_name, "poshtiban");
    assert_eq!(&*conf.leptos_options.site_pkg_dir, "pkg");
}
