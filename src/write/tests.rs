//! The staging directory, its swap and its lock, on a temporary folder.

use std::os::unix::fs::MetadataExt;

use std::fs;
use std::path::Path;

use super::*;

/// An earlier site in `out`: index.html, data/metrics.json, old.html.
fn old_site(out: &Path) {
    fs::create_dir_all(out.join("data")).unwrap();
    fs::write(out.join("index.html"), "old home").unwrap();
    fs::write(out.join("data/metrics.json"), "{\"same\":1}\n").unwrap();
    fs::write(out.join("old.html"), "gone next time").unwrap();
}

fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock file stays beside the site, as cargo's lock files do.
        .filter(|n| n.starts_with('.') && n != ".site.lock")
        .collect()
}

#[test]
fn a_staging_dropped_without_commit_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    old_site(&out);
    {
        let staging = Staging::begin(&out, &|| {}).unwrap();
        staging
            .put(&SiteFiles::from([("index.html".into(), b"new".to_vec())]))
            .unwrap();
        staging
            .stream("data/metrics.json", &mut |w| w.write_all(b"{}\n"))
            .unwrap();
    }
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old home");
    assert_eq!(fs::read(out.join("old.html")).unwrap(), b"gone next time");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    // Parent folders of --out that begin() created go too.
    let deep = dir.path().join("a/b/site");
    drop(Staging::begin(&deep, &|| {}).unwrap());
    assert!(!dir.path().join("a").exists());
}

#[test]
fn a_commit_swaps_in_exactly_the_new_files_and_carries_over_unchanged_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    old_site(&out);
    let old_metrics = fs::metadata(out.join("data/metrics.json")).unwrap().ino();
    let staging = Staging::begin(&out, &|| {}).unwrap();
    staging
        .put(&SiteFiles::from([(
            "index.html".into(),
            b"new home".to_vec(),
        )]))
        .unwrap();
    // Streamed with the same bytes: the old file is linked, not rewritten.
    staging
        .stream("data/metrics.json", &mut |w| w.write_all(b"{\"same\":1}\n"))
        .unwrap();
    let written = staging.commit().unwrap();
    // index.html changed, old.html is gone; metrics.json is unchanged.
    assert_eq!(
        written,
        Written {
            files: 2,
            changed: 2
        }
    );
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new home");
    assert!(!out.join("old.html").exists());
    assert_eq!(
        fs::metadata(out.join("data/metrics.json")).unwrap().ino(),
        old_metrics
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_path_outside_the_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let staging = Staging::begin(&dir.path().join("site"), &|| {}).unwrap();
    let e = staging
        .put(&SiteFiles::from([("../escape.html".into(), Vec::new())]))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("refusing to write outside the output directory"),
        "{e}"
    );
    let e = staging
        .stream("/etc/x", &mut |w| w.write_all(b""))
        .unwrap_err();
    assert!(
        e.to_string().contains("outside the output directory"),
        "{e}"
    );
    assert!(!dir.path().join("escape.html").exists());
}
