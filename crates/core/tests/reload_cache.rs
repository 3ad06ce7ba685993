//! A reload reads every file of the content folder again, but parses only the
//! files whose words changed; what it makes must be what a fresh load makes, even
//! when an edit leaves a file's size and clock as they were.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failing test

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use pufa_kiosk_core::content;
use pufa_kiosk_core::folder::LoadCache;

/// A copy of the shipped folder, a cache, and the copy loaded once with it.
fn loaded_copy() -> (tempfile::TempDir, LoadCache, content::Content) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("content"), dir.path());
    let mut cache = LoadCache::default();
    let first = content::load_with_cache(dir.path(), &mut cache).unwrap();
    (dir, cache, first)
}

/// Rewrites `from` as `to` in the file at `path` and puts its old modification
/// time back, as a copy tool that keeps times (or two saves within one tick of a
/// coarse clock) leaves it.
fn edit_keeping_time(path: &Path, from: &str, to: &str) {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(modified).unwrap();
}

#[test]
fn a_reload_parses_only_the_files_that_changed() {
    let (dir, mut cache, first) = loaded_copy();
    let all = cache.ron_parses();
    assert!(all > 20, "the shipped folder has more RON files than {all}");

    let again = content::load_with_cache(dir.path(), &mut cache).unwrap();
    assert_eq!(cache.ron_parses(), all, "nothing changed, nothing parsed");
    assert_eq!(again, first);

    let panel = dir.path().join("panels/channels.ron");
    let text = std::fs::read_to_string(&panel).unwrap();
    std::fs::write(&panel, text.replacen("怎样反映问题", "怎样反映问题？", 1)).unwrap();
    let edited = content::load_with_cache(dir.path(), &mut cache).unwrap();
    assert_eq!(cache.ron_parses(), all + 1, "one file changed, one parsed");
    assert_eq!(edited, content::load(dir.path()).unwrap());
    assert_ne!(edited, first);
}

#[test]
fn an_edit_that_keeps_size_and_time_is_still_seen() {
    let (dir, mut cache, before) = loaded_copy();
    let panel = dir.path().join("panels/channels.ron");
    // Same length in bytes, same modification time: only the words differ.
    edit_keeping_time(&panel, "怎样反映问题", "怎样提出问题");
    let after = content::load_with_cache(dir.path(), &mut cache).unwrap();
    assert_ne!(after, before);
    assert_eq!(after, content::load(dir.path()).unwrap());
}

#[test]
fn a_broken_file_is_reported_as_a_fresh_load_reports_it_and_mends_back() {
    let (dir, mut cache, good) = loaded_copy();
    let panel = dir.path().join("panels/channels.ron");
    let text = std::fs::read_to_string(&panel).unwrap();
    // A quote lost: the file no longer parses.
    std::fs::write(&panel, text.replacen("\"怎样反映问题", "怎样反映问题", 1)).unwrap();
    let cached = content::load_with_cache(dir.path(), &mut cache).unwrap_err();
    let fresh = content::load(dir.path()).unwrap_err();
    assert_eq!(cached, fresh);
    assert!(
        cached
            .iter()
            .any(|d| d.file.ends_with("channels.ron") && d.line > 0),
        "{cached:?}"
    );
    std::fs::write(&panel, &text).unwrap();
    let file = std::fs::File::options().write(true).open(&panel).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(1))
        .unwrap();
    assert_eq!(
        content::load_with_cache(dir.path(), &mut cache).unwrap(),
        good
    );
}

#[test]
fn a_removed_file_leaves_the_cache() {
    let (dir, mut cache, _) = loaded_copy();
    let held = cache.len();
    let playlist = dir.path().join("playlist.ron");
    let text = std::fs::read_to_string(&playlist).unwrap();
    assert!(text.contains("Panel(id: \"judicial-aid\")"), "{text}");
    std::fs::write(
        &playlist,
        text.replacen("Panel(id: \"judicial-aid\"),", "", 1),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("panels/judicial-aid.ron")).unwrap();
    content::load_with_cache(dir.path(), &mut cache).unwrap();
    assert_eq!(cache.len(), held - 1);
}
