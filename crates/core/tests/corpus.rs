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
