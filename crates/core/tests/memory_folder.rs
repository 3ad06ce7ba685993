//! The folder loader reads a folder held in memory by the same code that reads one
//! on disk: the same content comes out, and the same diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use std::path::{Path, PathBuf};

use pufa_kiosk_core::content;
use pufa_kiosk_core::source::MemoryFolder;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir`, by its path relative to `dir`.
fn read_all(dir: &Path) -> MemoryFolder {
    let mut files = MemoryFolder::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

#[test]
fn the_default_content_loads_the_same_from_memory_as_from_disk() {
    let dir = repo().join("content");
    let on_disk = content::load(&dir).unwrap();
    let in_memory = content::load_memory(&read_all(&dir)).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(in_memory.laws, on_disk.laws);
    // Items hold their pictures' paths, which differ by root: compare what plays.
    let plays = |c: &content::Content| {
        c.playlist
            .iter()
            .map(|p| (p.item.key(), p.seconds, p.transition))
            .collect::<Vec<_>>()
    };
    assert_eq!(plays(&in_memory), plays(&on_disk));
    assert_eq!(in_memory.roadmap, on_disk.roadmap);
    assert_eq!(in_memory.online, on_disk.online);
    assert_eq!(
        in_memory.library.panels.keys().collect::<Vec<_>>(),
        on_disk.library.panels.keys().collect::<Vec<_>>()
    );
    assert_eq!(in_memory.image_count(), on_disk.image_count());
    assert!(
        in_memory.image_count() > 0,
        "pictures are probed in memory too"
    );
    assert_eq!(in_memory.warnings, on_disk.warnings);
}

#[test]
fn a_broken_file_in_memory_gets_the_diagnostic_it_gets_on_disk() {
    let dir = repo().join("content");
    let mut files = read_all(&dir);
    let broken = "(\n    items: [\n        Panel(id: \"channels\")\n        Panel(id: \"where-to-go\"),\n    ],\n)";
    files.insert("playlist.ron", broken);
    let in_memory = content::load_memory(&files).unwrap_err();

    let copy = tempfile::tempdir().unwrap();
    for (path, bytes) in files.files() {
        let to = copy.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let on_disk = content::load(copy.path()).unwrap_err();
    assert_eq!(in_memory, on_disk);
    let error = in_memory
        .iter()
        .find(|d| d.is_error())
        .expect("the broken playlist is an error");
    assert_eq!(
        (error.file.as_path(), error.line, error.column),
        (Path::new("playlist.ron"), 4, 9)
    );
    assert!(error.zh.contains("逗号"), "{error}");
}

#[test]
fn an_empty_memory_folder_is_not_a_content_folder() {
    let errors = content::load_memory(&MemoryFolder::new()).unwrap_err();
    assert!(errors[0].en.contains("does not exist"), "{}", errors[0]);
}
