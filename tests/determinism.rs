//! Output is deterministic: the same inputs build a byte-identical site, twice
//! in a row and from a copy of the data directory at another path whose files
//! were created in reverse order (so the file system lists them differently).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::Dealbook;

fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Copies `from` into `to`, creating the entries of each directory in
/// reverse byte order of their names: a file system that lists entries in
/// creation order (or its reverse) then lists the copy differently from the
/// original.
fn copy_dir_reversed(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    let mut paths: Vec<_> = fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths.iter().rev() {
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir_reversed(path, &target);
        } else {
            fs::copy(path, &target).unwrap();
        }
    }
}

#[track_caller]
fn build(data: &Path, out: &Path) {
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .run();
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
}

#[test]
fn shipped_data_builds_byte_identical_sites_wherever_the_data_lies() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("some").join("other place").join("data");
    copy_dir_reversed(&shipped, &elsewhere);

    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    build(&shipped, &a);
    build(&shipped, &b);
    build(&elsewhere, &c);
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta.contains_key("index.html") && ta.contains_key("data/metrics.json"));
    // The same files in every build, none missing or extra in any.
    let files = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(files(&ta), files(&tb), "two builds write different files");
    assert_eq!(
        files(&ta),
        files(&tc),
        "the build of the reversed copy writes different files"
    );
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between two builds");
        assert!(
            tc[path] == *bytes,
            "{path} differs when the data directory is elsewhere"
        );
    }
    // No absolute path of the build machine leaks into any output.
    let needle = tmp.path().to_string_lossy().into_owned();
    for (path, bytes) in &tc {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&needle),
            "{path} contains the build path"
        );
    }
}

#[test]
fn a_rebuild_replaces_the_previous_site_and_leaves_nothing_beside_it() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&shipped, &out);
    fs::write(out.join("stale.html"), "old").unwrap();
    build(&shipped, &out);
    assert!(
        !out.join("stale.html").exists(),
        "a rebuild must not keep files of the old site"
    );
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Only the build's lock file (issue 22) and its usage cache (issue 23)
    // stay beside the site.
    assert_eq!(
        names,
        [".site.cache", ".site.lock", "site"],
        "staging directories must be cleaned up"
    );
}
