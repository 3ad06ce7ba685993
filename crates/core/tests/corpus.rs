//! The bad-input corpus (issue 13): broken content as staff and failing disks make
//! it, each case with the diagnostic it must produce.
//!
//! `tests/corpus/<case>/` holds files laid over a small valid folder (the shipped
//! law text and `tests/broken/base`) and `expect.ron`: the diagnostics the load
//! must report (file, line, column, and a fragment of each language's message),
//! or none, when the folder must load. A case holding `kiosk.ron` checks the
//! player's settings instead. Cases too big or too strange to commit (100 MB,
//! 10,000 levels, 100,000 files, links, names that are not UTF-8) are made by the
//! tests below the data-driven one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pufa_kiosk_core::content;
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::settings::Settings;
use serde::Deserialize;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a case must produce.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Files copied in from the repository: (from, to in the folder).
    #[serde(default)]
    copy: Vec<(String, String)>,
    /// Every diagnostic that must be among those reported; none: the load passes.
    diagnostics: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    file: String,
    line: usize,
    column: usize,
    zh: String,
    en: String,
}

impl Expected {
    fn matches(&self, d: &Diagnostic) -> bool {
        d.file == Path::new(&self.file)
            && (d.line, d.column) == (self.line, self.column)
            && d.zh.contains(&self.zh)
            && d.en.contains(&self.en)
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "expect.ron" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A small valid content folder on disk: the shipped law and `tests/broken/base`.
fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content/laws"), &dir.path().join("laws"));
    copy_dir(&repo().join("tests/broken/base"), dir.path());
    dir
}

/// Every diagnostic about a text file lies inside it, and says what to do.
fn check_places(diagnostics: &[Diagnostic], root: &Path) -> Result<(), String> {
    for d in diagnostics {
        if d.help.is_none() {
            return Err(format!("no help: {d}"));
        }
        let Ok(text) = std::fs::read_to_string(root.join(&d.file)) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if d.line == 0 {
            continue;
        }
        let inside = text
            .split('\n')
            .nth(d.line - 1)
            .is_some_and(|l| d.column >= 1 && d.column <= l.chars().count() + 1);
        if !inside {
            return Err(format!("not inside the file: {d}"));
        }
    }
    Ok(())
}

/// Runs one case; says what went wrong.
fn run_case(case: &Path) -> Result<usize, String> {
    let expect: Expect = ron::from_str(
        &std::fs::read_to_string(case.join("expect.ron")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("expect.ron: {e}"))?;
    let dir = base();
    copy_dir(case, dir.path());
    for (from, to) in &expect.copy {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(from), to).map_err(|e| format!("{from}: {e}"))?;
    }
    let got = if case.join("kiosk.ron").exists() {
        Settings::load(&dir.path().join("kiosk.ron"))
            .map(|_| Vec::new())
            .unwrap_or_else(|d| {
                d.into_iter()
                    .map(|mut d| {
                        d.file = d.file.strip_prefix(dir.path()).unwrap().to_path_buf();
                        d
                    })
                    .collect()
            })
    } else {
        match content::load(dir.path()) {
            Ok(content) => content.warnings,
            Err(errors) => errors,
        }
    };
    let shown = || {
        got.iter()
            .map(|d| format!("    {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if expect.diagnostics.is_empty() && got.iter().any(Diagnostic::is_error) {
        return Err(format!("must load, but:\n{}", shown()));
    }
    for e in &expect.diagnostics {
        if !got.iter().any(|d| e.matches(d)) {
            return Err(format!("expected {e:?}\n  got:\n{}", shown()));
        }
    }
    check_places(&got, dir.path())?;
    Ok(expect.diagnostics.len())
}

#[test]
fn every_corpus_case_produces_its_diagnostic() {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "the corpus went missing: {} cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            run_case(case)
                .err()
                .map(|e| format!("{}: {e}", case.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---- cases made by the tests ----------------------------------------------------

/// The load of the base folder with `change` made to it, and the time it took.
fn load_changed(change: impl FnOnce(&Path)) -> (Vec<Diagnostic>, Duration) {
    let dir = base();
    change(dir.path());
    let started = Instant::now();
    let got = match content::load(dir.path()) {
        Ok(content) => content.warnings,
        Err(errors) => errors,
    };
    check_places(&got, dir.path()).unwrap();
    (got, started.elapsed())
}

/// The diagnostic about `file`, or a panic listing them all.
fn about<'a>(diagnostics: &'a [Diagnostic], file: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.file == Path::new(file))
        .unwrap_or_else(|| panic!("nothing about {file} in {diagnostics:#?}"))
}

const PANEL: &str = "(title: \"标题\", body: Some(\"正文\"), cites: [(article: 20)])";

#[test]
fn ten_thousand_levels_of_brackets_are_refused_without_overflowing_the_stack() {
    let deep = format!(
        "(title: \"标题\", body: Some(\"正文\"), cites: {}{})",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let comments = format!("{}{}\n{PANEL}", "/*".repeat(10_000), "*/".repeat(10_000));
    // A thread with a small stack, as a worker thread of the player may have.
    let (got, _) = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            load_changed(|dir| {
                std::fs::write(dir.join("panels/deep.ron"), deep).unwrap();
                std::fs::write(dir.join("panels/comments.ron"), comments).unwrap();
            })
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    // No content type nests: the second bracket is already the wrong type.
    let d = about(&got, "panels/deep.ron");
    assert!(d.zh.contains("应是用英文圆括号"), "{d}");
    assert_eq!((d.line, d.column), (1, 41));
    assert!(
        !got.iter()
            .any(|d| d.file == Path::new("panels/comments.ron")),
        "{got:#?}"
    );
}

#[test]
fn a_100_mb_text_file_is_refused_from_its_size_without_being_read() {
    let (got, took) = load_changed(|dir| {
        for name in ["panels/huge.ron", "laws/huge.md"] {
            // Sparse: 100 MB on paper, nothing on the disk, and slow to read whole.
            let file = std::fs::File::create(dir.join(name)).unwrap();
            file.set_len(100 * 1024 * 1024).unwrap();
        }
    });
    for name in ["panels/huge.ron", "laws/huge.md"] {
        let d = about(&got, name);
        assert!(d.zh.contains("文件太大（104857600 字节"), "{d}");
        assert!(d.en.contains("too large"), "{d}");
        assert_eq!((d.line, d.column), (0, 0));
    }
    assert!(took < Duration::from_secs(2), "took {took:?}: it was read");
}

#[test]
fn a_100_mb_kiosk_ron_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.ron");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let errors = Settings::load(&path).unwrap_err();
    assert!(errors[0].zh.contains("文件太大"), "{}", errors[0]);
}

#[test]
fn gbk_kiosk_ron_is_named_as_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.ron");
    // "(content: \"内容\", …" saved by Notepad as ANSI on a Chinese Windows.
    let mut gbk = b"// \xc9\xe8\xd6\xc3\n(content: \"".to_vec();
    gbk.extend(b"\xc4\xda\xc8\xdd\")\n");
    std::fs::write(&path, gbk).unwrap();
    let errors = Settings::load(&path).unwrap_err();
    assert!(
        errors[0].zh.contains("文件是 GBK 编码，请另存为 UTF-8"),
        "{}",
        errors[0]
    );
    assert_eq!((errors[0].line, errors[0].column), (1, 4));
}

#[test]
fn a_link_to_itself_is_named_as_a_loop() {
    let (got, _) = load_changed(|dir| {
        std::os::unix::fs::symlink("loop.ron", dir.join("panels/loop.ron")).unwrap();
    });
    let d = about(&got, "panels/loop.ron");
    assert!(d.zh.contains("链接循环"), "{d}");
}

#[test]
fn a_link_to_a_folder_above_does_not_make_the_manifest_walk_endless() {
    let (got, took) = load_changed(|dir| {
        std::fs::create_dir(dir.join("comics")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("comics/up")).unwrap();
        std::fs::write(dir.join("manifest.ron"), "(files: [])").unwrap();
    });
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        got.iter()
            .any(|d| d.file == Path::new("manifest.ron") && d.en.contains("playlist.ron")),
        "{got:#?}"
    );
}

#[test]
fn links_out_of_the_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("a.ron"), PANEL).unwrap();
    let (got, _) = load_changed(|dir| {
        std::os::unix::fs::symlink(outside.path().join("a.ron"), dir.join("panels/out.ron"))
            .unwrap();
    });
    let d = about(&got, "panels/out.ron");
    assert!(d.zh.contains("链接指向内容文件夹以外"), "{d}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_named_not_loaded_as_a_nameless_panel() {
    let (got, _) = load_changed(|dir| {
        let name = std::ffi::OsStr::from_bytes(b"\xb7\xa8.ron");
        std::fs::write(dir.join("panels").join(name), PANEL).unwrap();
    });
    let d = got
        .iter()
        .find(|d| d.file.starts_with("panels") && d.en.contains("name"))
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert!(d.zh.contains("文件名"), "{d}");
}

#[test]
fn a_folder_where_a_file_should_be_is_named() {
    let (got, _) = load_changed(|dir| {
        std::fs::remove_file(dir.join("playlist.ron")).unwrap();
        std::fs::create_dir(dir.join("playlist.ron")).unwrap();
        std::fs::create_dir(dir.join("panels/dir.ron")).unwrap();
        std::fs::create_dir(dir.join("laws/dir.md")).unwrap();
    });
    for file in ["playlist.ron", "panels/dir.ron", "laws/dir.md"] {
        let d = about(&got, file);
        assert!(d.zh.contains("却是一个文件夹"), "{d}");
        assert!(d.en.contains("is a folder"), "{d}");
    }
}

#[test]
fn a_file_where_a_comic_folder_should_be_is_named() {
    let (got, _) = load_changed(|dir| {
        std::fs::create_dir(dir.join("comics")).unwrap();
        std::fs::write(dir.join("comics/story"), "not a folder").unwrap();
        std::fs::write(
            dir.join("playlist.ron"),
            "(items: [Panel(id: \"where\"), Comic(id: \"story\")])",
        )
        .unwrap();
    });
    let d = about(&got, "comics/story");
    assert!(d.zh.contains("应是一个文件夹"), "{d}");
    assert!(
        !d.is_error(),
        "a stray file beside the comics stops nothing: {d}"
    );
    let d = about(&got, "playlist.ron");
    assert!(d.zh.contains("找不到漫画 “story”"), "{d}");
    assert!(d.is_error(), "{d}");
}

#[test]
fn a_folder_of_100_000_files_is_refused_quickly_with_a_clear_message() {
    let (got, took) = load_changed(|dir| {
        for i in 0..100_000 {
            std::fs::File::create(dir.join(format!("panels/{i}.ron"))).unwrap();
        }
    });
    let d = about(&got, "panels");
    assert!(d.zh.contains("100002 个文件，太多了"), "{d}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}
