//! `manifest.ron`: an optional list of every file in a content folder with its size
//! and checksum. A folder that has one goes live only when it matches it, so a copy
//! or sync that is still under way is never shown half-done.
//!
//! Without a manifest the player goes by quiet time alone (see `watch`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostics::Diagnostic;
use super::ron_file;
use super::source::Source;
use super::spans::Spans;
use super::temporary::is_temporary;

/// File name of the manifest inside a content folder.
pub const FILE_NAME: &str = "manifest.ron";

/// One file the folder must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    /// CRC-32 of the file's bytes, as 8 hex digits.
    pub crc32: String,
}

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub files: Vec<Entry>,
}

fn crc_of(source: Source, path: &Path) -> std::io::Result<String> {
    let bytes = source.read(path, u64::MAX)?;
    Ok(format!("{:08x}", crc32fast::hash(&bytes)))
}

/// Every file under `root` a manifest should list, sorted, temporary files skipped.
/// A folder reached twice (a link to a folder above it) is listed once, so a link
/// loop cannot make the walk endless.
pub(crate) fn files_under(source: Source, root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if !seen.insert(source.canonicalize(&dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let Ok(entries) = source.read_dir(&dir) else {
            continue;
        };
        for (path, name) in entries {
            if is_temporary(&name.to_string_lossy()) {
                continue;
            }
            if source.is_dir(&path) {
                stack.push(path);
            } else if name != FILE_NAME {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A path inside the content folder as the manifest, the approvals and the
/// health files name it: its components joined with `/` on every system.
pub fn slash_name(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Builds the manifest for the folder as it is now.
pub fn generate(root: &Path) -> std::io::Result<Manifest> {
    let mut files = Vec::new();
    for path in files_under(Source::Disk, root) {
        let path_text = slash_name(path.strip_prefix(root).unwrap_or(&path));
        files.push(Entry {
            path: path_text,
            size: std::fs::metadata(&path)?.len(),
            crc32: crc_of(Source::Disk, &path)?,
        });
    }
    Ok(Manifest { files })
}

/// The manifest as RON text with a comment for staff.
pub fn to_text(manifest: &Manifest) -> String {
    let body =
        ron::ser::to_string_pretty(manifest, ron::ser::PrettyConfig::default()).unwrap_or_default();
    format!(
        "// 由 `pufa-kiosk manifest` 生成，列出本文件夹中每个文件的大小和校验值。\n\
         // 播放器只在文件夹与此清单完全一致时才切换到新内容（防止显示复制到一半的内容）。\n\
         // 手工修改内容后，请重新运行 `pufa-kiosk manifest 文件夹`，或删除本文件。\n\
         // Written by `pufa-kiosk manifest`. The player switches to this folder only when\n\
         // every file matches; after editing by hand, run it again or delete this file.\n{body}\n"
    )
}

/// Checks the folder against its manifest, if it has one. Returns the differences.
pub fn verify(root: &Path) -> Result<(), Vec<Diagnostic>> {
    verify_in(Source::Disk, root)
}

/// [`verify`] on the folder `root` in `source`.
pub(crate) fn verify_in(source: Source, root: &Path) -> Result<(), Vec<Diagnostic>> {
    let path = root.join(FILE_NAME);
    // Only a manifest seen to be there is checked: in a folder the player may not
    // read, the files it lists say so themselves.
    if source.metadata(&path).is_err() {
        return Ok(());
    }
    let shown = PathBuf::from(FILE_NAME);
    let text = ron_file::read_text_in(source, &path, &shown).map_err(|d| vec![d])?;
    let manifest: Manifest = ron_file::parse(&text, &shown).map_err(|d| vec![d])?;
    let spans = Spans::of(&text);
    let mut problems = Vec::new();
    let help = (
        "可能正在复制或同步，完成后会自动切换；若是手工修改了内容，请重新运行 pufa-kiosk manifest 或删除 manifest.ron",
        "a copy or sync may still be running and the switch happens when it completes; after editing by hand, run `pufa-kiosk manifest` again or delete manifest.ron",
    );
    for (i, entry) in manifest.files.iter().enumerate() {
        let (line, column) = spans.value(&format!("files[{i}].path"));
        let file = root.join(&entry.path);
        let differs = match source.metadata(&file) {
            Err(_) => Some(("文件还不存在", "is not there yet")),
            Ok(m) if m.len != entry.size => Some(("文件大小不一致", "has a different size")),
            Ok(_) if crc_of(source, &file).ok().as_deref() != Some(entry.crc32.as_str()) => {
                Some(("文件内容不一致", "has different contents"))
            }
            Ok(_) => None,
        };
        if let Some((zh, en)) = differs {
            problems.push(
                Diagnostic::error(
                    &shown,
                    line,
                    column,
                    format!("{}：{zh}", entry.path),
                    format!("`{}` {en} (differs from the manifest)", entry.path),
                )
                .help(help.0, help.1),
            );
        }
    }
    for path in files_under(source, root) {
        let listed = slash_name(path.strip_prefix(root).unwrap_or(&path));
        if !manifest.files.iter().any(|e| e.path == listed) {
            problems.push(
                Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!("{listed}：文件不在清单中"),
                    format!("`{listed}` is not listed in the manifest"),
                )
                .help(help.0, help.1),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_matches_its_own_manifest_and_notices_changes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("panels")).unwrap();
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"甲\")").unwrap();
        std::fs::write(dir.path().join(".a.ron.swp"), "x").unwrap();
        let manifest = generate(dir.path()).unwrap();
        assert_eq!(manifest.files.len(), 1, "temporary files are left out");
        std::fs::write(dir.path().join(FILE_NAME), to_text(&manifest)).unwrap();
        assert!(verify(dir.path()).is_ok());
        std::fs::write(dir.path().join("panels/b.ron"), "(title: \"丙\")").unwrap();
        let problems = verify(dir.path()).unwrap_err();
        assert!(
            problems[0].en.contains("`panels/b.ron` is not listed"),
            "{}",
            problems[0]
        );
        std::fs::remove_file(dir.path().join("panels/b.ron")).unwrap();
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"乙\")").unwrap();
        let problems = verify(dir.path()).unwrap_err();
        assert!(problems[0].zh.contains("panels/a.ron"), "{}", problems[0]);
        assert_eq!(problems[0].line, 9, "points at the entry in manifest.ron");
    }
}
