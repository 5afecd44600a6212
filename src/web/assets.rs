//! The site's static files (the WASM, its script, the stylesheet, fonts, icons), read once at
//! start-up and served from memory with the compressed copies built beside them.
//!
//! A file whose name carries its content hash (cargo-leptos `hash-files`, listed in `hash.txt`
//! beside the server binary) never changes under that name: it is cached for a year as
//! `immutable`, so a returning visitor downloads nothing. Every other file carries an `ETag`
//! and is revalidated, answered `304 Not Modified` while it is unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;

use crate::app::HydrationBundle;

/// One file, in the encodings built for it.
struct Asset {
    content_type: &'static str,
    /// Quoted, strong; one per encoding (`"…-br"`), as the bytes differ.
    etag: String,
    identity: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
    immutable: bool,
}

/// The static files by their address (`/pkg/poshtiban.1a2b.css`).
#[derive(Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
    /// The stylesheet's address.
    css_href: String,
    /// What staff load: the full bundle's script and WASM.
    full_bundle: HydrationBundle,
    /// What everybody else loads, when the applicants' bundle was built and is here to serve.
    applicant_bundle: Option<HydrationBundle>,
}

static ASSETS: OnceLock<Assets> = OnceLock::new();

/// The files loaded by [`load`] (empty before).
pub fn assets() -> &'static Assets {
    ASSETS.get_or_init(Assets::default)
}

/// The file cargo-leptos writes beside the server binary when it hashes file names.
pub fn hash_file(options: &LeptosOptions) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

/// The applicants' bundle (`scripts/applicant-bundle.sh`): its name, and the file beside the
/// server binary listing its hashes, in the format of cargo-leptos's `hash.txt`.
const APPLICANT_BUNDLE: &str = "poshtiban-applicant";
const APPLICANT_HASH_FILE: &str = "hash-applicant.txt";

fn read_hashes(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The hashes of a hashed build (`js: …`, `wasm: …`, `css: …`, listed in `main`) and of the
/// applicants' bundle built with it, or none.
fn build_hashes(options: &LeptosOptions, main: &Path) -> Vec<(String, String)> {
    if !options.hash_files {
        return Vec::new();
    }
    let mut hashes = read_hashes(main);
    hashes.extend(read_hashes(&main.with_file_name(APPLICANT_HASH_FILE)));
    hashes
}

/// What the page's hydration script loads for this viewer: staff the full bundle, everybody
/// else the applicants' bundle, which leaves the staff and admin pages out (the server serves
/// those pages to staff only). The full bundle where no applicants' bundle was built (a build
/// without hashed names, or with cargo-leptos alone).
pub fn bundle_for(staff: bool) -> HydrationBundle {
    assets().bundle_for(staff)
}

/// Reads the site's files once; later calls keep the first result.
pub fn load(options: &LeptosOptions) -> &'static Assets {
    ASSETS.get_or_init(|| Assets::read(options))
}

impl Assets {
    fn read(options: &LeptosOptions) -> Assets {
        Assets::read_with(options, &hash_file(options))
    }

    /// Reads the site with the build's hashes listed in `hash_list` (and the applicants'
    /// bundle's in the file beside it).
    fn read_with(options: &LeptosOptions, hash_list: &Path) -> Assets {
        let hashes = build_hashes(options, hash_list);
        let root = PathBuf::from(options.site_root.as_ref());
        let mut files = HashMap::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if name.ends_with(".br") || name.ends_with(".gz") {
                    continue;
                }
                let Ok(identity) = std::fs::read(&path) else {
                    continue;
                };
                let Ok(rel) = path.strip_prefix(&root) else {
                    continue;
                };
                let address = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                let sibling = |ext: &str| {
                    std::fs::read(format!("{}.{ext}", path.display()))
                        .ok()
                        .map(Bytes::from)
                };
                let immutable = hashes.iter().any(|(_, h)| name.contains(&format!(".{h}.")));
                files.insert(
                    address,
                    Asset {
                        content_type: content_type(name),
                        etag: etag_of(&identity),
                        br: sibling("br"),
                        gzip: sibling("gz"),
                        identity: Bytes::from(identity),
                        immutable,
                    },
                );
            }
        }
        let css = hashes
            .iter()
            .find(|(k, _)| k == "css")
            .map(|(_, h)| format!(".{h}"))
            .unwrap_or_default();
        let pkg = format!("/{}", options.site_pkg_dir);
        let hash = |list: &[(String, String)], kind: &str| {
            list.iter()
                .find(|(k, _)| k == kind)
                .map(|(_, h)| format!(".{h}"))
        };
        // Without hashed names: the names cargo-leptos gives the files, as `HydrationScripts`
        // would (`_bg` on the WASM unless the build named its output).
        let plain_wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
            ""
        } else {
            "_bg"
        };
        let full_bundle = HydrationBundle {
            js: format!(
                "{pkg}/{}{}.js",
                options.output_name,
                hash(&hashes, "js").unwrap_or_default()
            ),
            wasm: format!(
                "{pkg}/{}{}.wasm",
                options.output_name,
                hash(&hashes, "wasm").unwrap_or_else(|| plain_wasm.to_string())
            ),
        };
        let applicant = read_hashes(&hash_list.with_file_name(APPLICANT_HASH_FILE));
        let applicant_bundle = options
            .hash_files
            .then(|| {
                Some(HydrationBundle {
                    js: format!("{pkg}/{APPLICANT_BUNDLE}{}.js", hash(&applicant, "js")?),
                    wasm: format!("{pkg}/{APPLICANT_BUNDLE}{}.wasm", hash(&applicant, "wasm")?),
                })
            })
            .flatten()
            // Listed but a file missing: the full bundle, never a dead script.
            .filter(|b| files.contains_key(&b.js) && files.contains_key(&b.wasm));
        Assets {
            files,
            css_href: format!("/{}/{}{css}.css", options.site_pkg_dir, options.output_name),
            full_bundle,
            applicant_bundle,
        }
    }

    /// The bundle for [`bundle_for`].
    fn bundle_for(&self, staff: bool) -> HydrationBundle {
        match &self.applicant_bundle {
            Some(applicant) if !staff => applicant.clone(),
            _ => self.full_bundle.clone(),
        }
    }

    /// The stylesheet's address (hashed in a hashed build).
    pub fn css_href(&self) -> &str {
        if self.css_href.is_empty() {
            "/pkg/poshtiban.css"
        } else {
            &self.css_href
        }
    }

    /// The answer for a GET or HEAD of a static file at `path`, or `None` when there is none.
    pub fn serve(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let asset = self.files.get(path)?;
        let accepts = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let (body, encoding) = match (&asset.br, &asset.gzip) {
            (Some(br), _) if accepts_coding(accepts, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts_coding(accepts, "gzip") => (gz.clone(), Some("gzip")),
            _ => (asset.identity.clone(), None),
        };
        let etag = match encoding {
            Some(e) => format!("{}-{e}\"", asset.etag.trim_end_matches('"')),
            None => asset.etag.clone(),
        };
        let cache = if asset.immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mut res = if none_match(headers, &etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else if method == Method::HEAD {
            Response::new(Body::empty())
        } else {
            Response::new(Body::from(body))
        };
        let ok = res.status() == StatusCode::OK;
        let h = res.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if ok {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            );
            if let Some(e) = encoding {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
            }
        }
        Some(res)
    }
}

/// True when `If-None-Match` names `etag` (weakly compared, as RFC 9110 asks for it).
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let Some(list) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    list.split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// True when `Accept-Encoding` admits `coding` (not refused with `q=0`).
fn accepts_coding(accept: &str, coding: &str) -> bool {
    accept.split(',').any(|part| {
        let mut bits = part.split(';').map(str::trim);
        let name = bits.next().unwrap_or_default();
        let refused = bits.any(|b| {
            b.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

fn etag_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    format!("\"{}\"", hex::encode(&digest[..12]))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, LeptosOptions) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir_all(dir.path().join("pkg")).expect("pkg");
        std::fs::create_dir_all(dir.path().join("fonts")).expect("fonts");
        std::fs::write(dir.path().join("pkg/poshtiban.abc123.css"), "body{}").expect("css");
        std::fs::write(dir.path().join("pkg/poshtiban.abc123.css.br"), "BR").expect("br");
        std::fs::write(dir.path().join("fonts/v.woff2"), "font").expect("font");
        let options = LeptosOptions::builder()
            .output_name("poshtiban")
            .site_root(dir.path().to_string_lossy().to_string())
            .build();
        (dir, options)
    }

    fn with_hash(options: &LeptosOptions, hash: &str) -> Assets {
        let mut a = Assets::read(options);
        // What a hashed build's `hash.txt` says, without a binary beside it.
        for (address, asset) in a.files.iter_mut() {
            asset.immutable = address.contains(&format!(".{hash}."));
        }
        a
    }

    #[test]
    fn hashed_files_are_immutable_and_the_rest_revalidate_with_etags() {
        let (_dir, options) = site();
        let assets = with_hash(&options, "abc123");
        let get = |path: &str, headers: &HeaderMap| {
            assets
                .serve(&Method::GET, path, headers)
                .expect("a static file")
        };
        let none = HeaderMap::new();
        let css = get("/pkg/poshtiban.abc123.css", &none);
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(
            css.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            css.headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        let font = get("/fonts/v.woff2", &none);
        assert_eq!(font.headers()[header::CACHE_CONTROL], "no-cache");
        let etag = font.headers()[header::ETAG].clone();
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(
            get("/fonts/v.woff2", &again).status(),
            StatusCode::NOT_MODIFIED
        );
        let mut stale = HeaderMap::new();
        stale.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"old\""));
        assert_eq!(get("/fonts/v.woff2", &stale).status(), StatusCode::OK);
        assert!(
            assets
                .serve(&Method::GET, "/pkg/missing.js", &none)
                .is_none()
        );
        assert!(
            assets
                .serve(&Method::POST, "/fonts/v.woff2", &none)
                .is_none()
        );
    }

    #[test]
    fn applicants_get_their_bundle_when_it_was_built_and_staff_the_full_one() {
        let (dir, mut options) = site();
        options.hash_files = true;
        let hash_list = dir.path().join("hash.txt");
        std::fs::write(&hash_list, "css: abc123\njs: j1\nwasm: w1\n").expect("hash.txt");
        // No applicants' bundle built: everybody loads the full one.
        let only_full = Assets::read_with(&options, &hash_list);
        let full = HydrationBundle {
            js: "/pkg/poshtiban.j1.js".into(),
            wasm: "/pkg/poshtiban.w1.wasm".into(),
        };
        assert_eq!(only_full.bundle_for(false), full);
        // Its hashes listed, but a file missing: still the full one, never a dead script.
        std::fs::write(dir.path().join(APPLICANT_HASH_FILE), "js: aj\nwasm: aw\n").expect("list");
        std::fs::write(dir.path().join("pkg/poshtiban-applicant.aj.js"), "js").expect("js");
        let half = Assets::read_with(&options, &hash_list);
        assert_eq!(half.bundle_for(false), full);
        std::fs::write(dir.path().join("pkg/poshtiban-applicant.aw.wasm"), "wasm").expect("wasm");
        let both = Assets::read_with(&options, &hash_list);
        assert_eq!(
            both.bundle_for(false),
            HydrationBundle {
                js: "/pkg/poshtiban-applicant.aj.js".into(),
                wasm: "/pkg/poshtiban-applicant.aw.wasm".into(),
            }
        );
        assert_eq!(both.bundle_for(true), full);
        // The applicants' files are hashed too: cached for a year.
        let res = both
            .serve(
                &Method::GET,
                "/pkg/poshtiban-applicant.aw.wasm",
                &HeaderMap::new(),
            )
            .expect("the applicants' WASM");
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    }

    #[test]
    fn the_compressed_copy_is_sent_to_whoever_accepts_it() {
        let (_dir, options) = site();
        let assets = Assets::read(&options);
        let mut br = HeaderMap::new();
        br.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        let res = assets
            .serve(&Method::GET, "/pkg/poshtiban.abc123.css", &br)
            .expect("the stylesheet");
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        let tag = res.headers()[header::ETAG]
            .to_str()
            .expect("ascii")
            .to_string();
        assert!(tag.ends_with("-br\""), "{tag}");
        let mut refused = HeaderMap::new();
        refused.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br;q=0"));
        let plain = assets
            .serve(&Method::GET, "/pkg/poshtiban.abc123.css", &refused)
            .expect("the stylesheet");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_ne!(plain.headers()[header::ETAG], res.headers()[header::ETAG]);
    }
}
