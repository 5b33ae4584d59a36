//! What a rebuild reuses from the last one: the reduced usage tables
//! ([`usage`]), kept in memory by `serve` and on disk by `build`, and the
//! pages whose view did not change ([`pages`]).
//!
//! Everything here is a cache: deleting it changes nothing but the time the
//! next build takes, and a cache that cannot be read is rebuilt with a
//! one-line notice, never an error.

pub mod pages;
pub mod usage;

use std::path::{Path, PathBuf};

/// The cache directory of a build into `out`: `.<name>.cache/` beside it,
/// never inside the published site (the atomic swap leaves it alone).
pub fn dir_for(out: &Path) -> PathBuf {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.cache"))
}

/// The first line of every cache file: its kind, the format's version, the
/// binary's version and a hash of the rest, so that a file from another
/// version, or truncated, or changed by hand, is never read as valid.
fn header(kind: &str, body: &[u8]) -> String {
    format!(
        "dealbook {kind} cache {FORMAT} {} {}\n",
        env!("CARGO_PKG_VERSION"),
        blake3::hash(body).to_hex()
    )
}

/// Version of the cache files' layout.
const FORMAT: u32 = 1;

/// Reads a cache file written by [`write`]: None when there is none;
/// Err(why) when it cannot be used.
fn read(path: &Path, kind: &str) -> Option<Result<Vec<u8>, String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(e.to_string())),
    };
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return Some(Err("no header".into()));
    };
    let body = &bytes[newline + 1..];
    if bytes[..=newline] != *header(kind, body).as_bytes() {
        return Some(Err(
            "written by another version, or damaged (its hash does not match)".into(),
        ));
    }
    Some(Ok(body.to_vec()))
}

/// Writes a cache file atomically: a temporary file beside it, synced, then
/// renamed over it, so that a crash leaves the old file or the new one.
fn write(path: &Path, kind: &str, body: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(header(kind, body).as_bytes())?;
        file.write_all(body)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The one-line notice of a cache that could not be read.
fn notice(path: &Path, why: &str) {
    eprintln!(
        "notice: cannot use the cache {} ({why}); rebuilding it",
        path.display()
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cache_sits_beside_the_output() {
        use std::path::Path;
        assert_eq!(
            super::dir_for(Path::new("out/site")),
            Path::new("out/.site.cache")
        );
        assert_eq!(
            super::dir_for(Path::new("site")),
            Path::new("./.site.cache")
        );
    }

    #[test]
    fn a_damaged_cache_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        assert!(super::read(&path, "x").is_none());
        super::write(&path, "x", b"{\"a\":1}").unwrap();
        assert_eq!(super::read(&path, "x").unwrap().unwrap(), b"{\"a\":1}");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] = b'2';
        std::fs::write(&path, &bytes).unwrap();
        assert!(super::read(&path, "x").unwrap().is_err());
        assert!(super::read(&path, "y").unwrap().is_err());
    }
}
