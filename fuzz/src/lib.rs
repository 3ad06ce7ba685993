//! What every fuzz target checks, and the small valid content folders the targets
//! lay their input over.
//!
//! The rule (issue 13): nothing panics, and every rejection is at least one error
//! diagnostic, each placed inside the input (a line that exists, a column on it),
//! or naming the whole file (line 0, column 0). The report staff read is rendered
//! from the same diagnostics and must not panic either.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codespan_reporting::term::termcolor::NoColor;
use pufa_kiosk_core::content::{self, Content};
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::report;
use pufa_kiosk_core::source::MemoryFolder;

/// The repository's root, where the default content lies.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The input as the loader decodes it: UTF-8 (lossy where it is not), without a BOM.
pub fn text_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned()
}

/// Whether `line:column` lies inside `text`, or is `0:0`, the whole file.
pub fn inside(text: &str, line: usize, column: usize) -> bool {
    if line == 0 {
        return column == 0;
    }
    let Some(written) = text.split('\n').nth(line - 1) else {
        return false;
    };
    column >= 1 && column <= written.chars().count() + 1
}

/// Checks the diagnostics of a rejected input written to `file`: at least one
/// error, each about `file` placed inside `text`, and a report that renders.
pub fn check_rejection(diagnostics: &[Diagnostic], file: &Path, text: &str) {
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "a rejection without an error: {diagnostics:#?}"
    );
    check_diagnostics(diagnostics, file, text);
}

/// Checks that each diagnostic about `file` is placed inside `text`, has words in
/// both languages, and that the report renders.
pub fn check_diagnostics(diagnostics: &[Diagnostic], file: &Path, text: &str) {
    let texts = BTreeMap::from([(file.to_path_buf(), text.to_owned())]);
    check_diagnostics_in(diagnostics, &texts);
}

/// [`check_diagnostics`] for input written to several files, by path.
pub fn check_diagnostics_in(diagnostics: &[Diagnostic], texts: &BTreeMap<PathBuf, String>) {
    for d in diagnostics {
        assert!(!d.zh.is_empty() && !d.en.is_empty(), "{d:#?}");
        if let Some(text) = texts.get(&d.file) {
            assert!(
                inside(text, d.line, d.column),
                "{}:{} is not inside the input ({} lines): {d}",
                d.line,
                d.column,
                text.split('\n').count()
            );
        }
        let _ = d.to_string();
    }
    let source = |shown: &Path| texts.get(shown).cloned();
    let mut out = NoColor::new(Vec::new());
    report::write_from(diagnostics, &source, &mut out).expect("the report renders");
}

/// Loads `folder` from memory and checks the outcome for the file `file`, written
/// with `bytes`: a rejection must say where, a load that passes may still warn.
pub fn load_and_check(folder: &MemoryFolder, file: &Path, bytes: &[u8]) -> Option<Content> {
    let text = text_of(bytes);
    match content::load_memory(folder) {
        Ok(content) => {
            check_diagnostics(&content.warnings, file, &text);
            Some(content)
        }
        Err(diagnostics) => {
            check_rejection(&diagnostics, file, &text);
            None
        }
    }
}

/// A tiny picture that decodes, standing in for every picture of the default
/// content so that a run decodes a few bytes, not photographs.
pub fn tiny_png() -> &'static [u8] {
    static PNG: OnceLock<Vec<u8>> = OnceLock::new();
    PNG.get_or_init(|| {
        std::fs::read(repo().join("tests/broken/base/images/ok.png")).expect("tests/broken/base")
    })
}

/// Whether `path` names a picture.
pub fn is_picture(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "png" | "jpg" | "jpeg" | "webp"
        )
    })
}

/// Every file under `dir`, relative to it, pictures replaced by [`tiny_png`].
pub fn read_folder(dir: &Path) -> MemoryFolder {
    let mut files = MemoryFolder::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            if is_picture(&path) {
                files.insert(relative, tiny_png());
            } else if let Ok(bytes) = std::fs::read(&path) {
                files.insert(relative, bytes);
            }
        }
    }
    files
}

/// The smallest valid folder: the shipped law text, two panels and a playlist
/// (`tests/broken/base`).
pub fn base_folder() -> &'static MemoryFolder {
    static BASE: OnceLock<MemoryFolder> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut files = read_folder(&repo().join("tests/broken/base"));
        for (path, bytes) in read_folder(&repo().join("content/laws")).files() {
            files.insert(Path::new("laws").join(path), bytes);
        }
        files
    })
}

/// The shipped default content, pictures replaced by [`tiny_png`].
pub fn default_folder() -> &'static MemoryFolder {
    static DEFAULT: OnceLock<MemoryFolder> = OnceLock::new();
    DEFAULT.get_or_init(|| read_folder(&repo().join("content")))
}

/// The base folder with `bytes` written to `file`; checks the load.
pub fn fuzz_file_in_base(file: &str, bytes: &[u8], extra: &[(&str, &[u8])]) -> Option<Content> {
    let mut folder = base_folder().clone();
    for (path, bytes) in extra {
        folder.insert(path, *bytes);
    }
    folder.insert(file, bytes);
    load_and_check(&folder, Path::new(file), bytes)
}

/// A set of files written as one input: each file starts with a line
/// `\u{0}@@ path`, and its bytes follow up to the next such line.
pub fn decode_file_set(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    const MARK: &[u8] = b"\0@@ ";
    let mut files = Vec::new();
    let mut rest = data;
    while let Some(start) = find(rest, MARK) {
        rest = &rest[start + MARK.len()..];
        let end_of_name = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..end_of_name]).into_owned();
        rest = rest.get(end_of_name + 1..).unwrap_or_default();
        let end = find(rest, MARK).unwrap_or(rest.len());
        files.push((name, rest[..end].to_vec()));
        rest = &rest[end..];
    }
    files
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
