//! The draft: a copy of the live content folder that staff edit, the hashes of the
//! live files when it was taken, and publishing it by swapping the whole folder in
//! one atomic step. Files stay the source of truth; this module holds no state of
//! its own beyond them.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::state::Paths;

/// Every regular file under a folder, by its path relative to it (`/`-separated),
/// with the SHA-256 of its bytes as hex. Symbolic links are neither followed nor
/// listed: nothing outside the folder is ever read through one.
pub type Files = BTreeMap<String, String>;

/// Lists `root`'s files with their hashes.
pub fn files(root: &Path) -> std::io::Result<Files> {
    let mut out = Files::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let bytes = std::fs::read(&path)?;
                out.insert(relative(root, &path), hex(&Sha256::digest(&bytes)));
            }
        }
    }
    Ok(out)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The version of a folder: a short hash over every file's path and hash, the
/// same for the same files wherever they lie.
pub fn version(files: &Files) -> String {
    let mut h = Sha256::new();
    for (path, hash) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(hash.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize()).chars().take(12).collect()
}

/// The version of the folder at `root`, or `-` when it cannot be read.
pub fn version_of(root: &Path) -> String {
    files(root).map_or_else(|_| "-".into(), |f| version(&f))
}

/// The live files as they were when the draft was taken (or last merged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Base {
    pub taken_at: String,
    pub files: Files,
}

impl Base {
    fn load(paths: &Paths) -> Option<Self> {
        let text = std::fs::read_to_string(paths.draft_base()).ok()?;
        serde_json::from_str(&text).ok()
    }

    fn save(&self, paths: &Paths) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        pufa_kiosk_core::health::write_atomically(&paths.draft_base(), &text)
    }
}

/// How a file differs from an earlier version of its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    /// 新增 / 修改 / 删除
    pub fn zh(self) -> &'static str {
        match self {
            Change::Added => "新增",
            Change::Changed => "修改",
            Change::Removed => "删除",
        }
    }
}

/// Files of `now` that differ from `then`.
pub fn changes(then: &Files, now: &Files) -> BTreeMap<String, Change> {
    let mut out = BTreeMap::new();
    for (path, hash) in now {
        match then.get(path) {
            None => {
                out.insert(path.clone(), Change::Added);
            }
            Some(old) if old != hash => {
                out.insert(path.clone(), Change::Changed);
            }
            Some(_) => {}
        }
    }
    for path in then.keys().filter(|p| !now.contains_key(*p)) {
        out.insert(path.clone(), Change::Removed);
    }
    out
}

/// Copies the folder `from` to a new folder `to`: folders and regular files only.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Takes a draft from the live folder when there is none: copied aside, then
/// renamed into place, so a half copy is never taken for a draft.
pub fn ensure(paths: &Paths, now: &str) -> std::io::Result<()> {
    if paths.draft().is_dir() && Base::load(paths).is_some() {
        return Ok(());
    }
    retake(paths, now)
}

/// Throws the draft away and takes a fresh one from the live folder.
pub fn retake(paths: &Paths, now: &str) -> std::io::Result<()> {
    let console = paths.console();
    std::fs::create_dir_all(&console)?;
    let fresh = console.join(".draft.new");
    let _ = std::fs::remove_dir_all(&fresh);
    copy_tree(&paths.live, &fresh)?;
    let base = Base {
        taken_at: now.to_owned(),
        files: files(&fresh)?,
    };
    let old = console.join(".draft.old");
    let _ = std::fs::remove_dir_all(&old);
    if paths.draft().exists() {
        std::fs::rename(paths.draft(), &old)?;
    }
    std::fs::rename(&fresh, paths.draft())?;
    let _ = std::fs::remove_dir_all(&old);
    base.save(paths)
}

/// Where the draft, the live folder and the base stand.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    pub base: Base,
    /// What staff changed in the draft since it was taken.
    pub draft: BTreeMap<String, Change>,
    /// What changed in the live folder since (a USB stick, Syncthing, an editor).
    pub live: BTreeMap<String, Change>,
    pub draft_version: String,
    pub live_version: String,
}

impl Standing {
    /// Files changed on both sides.
    pub fn conflicts(&self) -> Vec<&String> {
        self.live
            .keys()
            .filter(|p| self.draft.contains_key(*p))
            .collect()
    }
}

/// Compares the draft and the live folder with the base.
pub fn standing(paths: &Paths) -> std::io::Result<Standing> {
    let base = Base::load(paths).unwrap_or_default();
    let draft = files(&paths.draft())?;
    let live = files(&paths.live)?;
    Ok(Standing {
        draft: changes(&base.files, &draft),
        live: changes(&base.files, &live),
        draft_version: version(&draft),
        live_version: version(&live),
        base,
    })
}

/// Takes the live folder's changes into the draft. A file changed on both sides
/// takes the live version when `live_wins`, else keeps the draft's (staff chose
/// so, after seeing both). Afterwards the base is the live folder as it is now.
pub fn merge_live(paths: &Paths, live_wins: bool, now: &str) -> std::io::Result<Vec<String>> {
    let s = standing(paths)?;
    let mut taken = Vec::new();
    for (path, change) in &s.live {
        if s.draft.contains_key(path) && !live_wins {
            continue;
        }
        let (from, to) = (paths.live.join(path), paths.draft().join(path));
        match change {
            Change::Removed => {
                let _ = std::fs::remove_file(&to);
            }
            Change::Added | Change::Changed => {
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::copy(&from, &to)?;
            }
        }
        taken.push(path.clone());
    }
    Base {
        taken_at: now.to_owned(),
        files: files(&paths.live)?,
    }
    .save(paths)?;
    Ok(taken)
}

/// Why a publish did not happen.
#[derive(Debug)]
pub enum Refused {
    /// The live folder changed since the draft was taken.
    LiveChanged(Vec<String>),
    Io(std::io::Error),
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Self {
        Refused::Io(e)
    }
}

/// Old versions kept in the history folder.
pub const HISTORY_KEPT: usize = 20;

/// Publishes the draft (already checked by the caller): builds the new version
/// beside the live folder, on the same filesystem, and exchanges the two in one
/// step (`renameat2` with `RENAME_EXCHANGE`), so the player sees the old folder or
/// the new one and never a mix. The old version goes to the history folder.
/// Returns the (before, after) versions.
pub fn publish(paths: &Paths, stamp: &str) -> Result<(String, String), Refused> {
    let s = standing(paths)?;
    if !s.live.is_empty() {
        return Err(Refused::LiveChanged(s.live.keys().cloned().collect()));
    }
    let draft = paths.draft();
    if draft.join(pufa_kiosk_core::manifest::FILE_NAME).is_file() {
        // The player takes a folder with a manifest only when every file matches
        // it: the edited draft needs a new one.
        let _ = std::fs::remove_file(draft.join(pufa_kiosk_core::manifest::FILE_NAME));
        let manifest = pufa_kiosk_core::manifest::generate(&draft)?;
        std::fs::write(
            draft.join(pufa_kiosk_core::manifest::FILE_NAME),
            pufa_kiosk_core::manifest::to_text(&manifest),
        )?;
    }
    let name = paths
        .live
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "content".into());
    let parent = paths.live.parent().unwrap_or(Path::new(".")).to_path_buf();
    let new = parent.join(format!(".{name}.new-{stamp}"));
    let _ = std::fs::remove_dir_all(&new);
    copy_tree(&draft, &new)?;
    sync_folder(&new);
    exchange(&new, &paths.live)?;
    // `new` now holds the version that was live.
    let history = paths.history();
    std::fs::create_dir_all(&history)?;
    std::fs::rename(&new, history.join(format!("{stamp}-{}", s.live_version)))?;
    prune_history(&history);
    let after = files(&paths.live)?;
    Base {
        taken_at: stamp.to_owned(),
        files: after.clone(),
    }
    .save(paths)?;
    Ok((s.live_version, version(&after)))
}

/// Flushes what was written under `dir` before it is swapped in, so a power cut
/// after the swap cannot leave the new folder's files empty.
fn sync_folder(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes an open descriptor, which `f` holds for the call.
        unsafe {
            libc::syncfs(f.as_raw_fd());
        }
    }
}

/// Exchanges the folders at `a` and `b` atomically.
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let a = CString::new(a.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn prune_history(history: &Path) {
    let Ok(entries) = std::fs::read_dir(history) else {
        return;
    };
    let mut old: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    old.sort();
    let surplus = old.len().saturating_sub(HISTORY_KEPT);
    for p in old.into_iter().take(surplus) {
        let _ = std::fs::remove_dir_all(p);
    }
}

/// A file name inside the draft that staff named (an upload, a panel): only
/// letters, digits, `-`, `_` and one `.` before the extension; no separators, no
/// `..`, nothing hidden. `None` for anything else.
pub fn safe_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.chars().count() <= 80
        && !name.starts_with(['.', '-'])
        && name.matches('.').count() <= 1
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then_some(name)
}

/// `relative` inside the draft, refusing anything that would lead out of it: a
/// name that is not [`safe_name`] at any step, or a folder on the way that is a
/// symbolic link.
pub fn inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        safe_name(part)?;
        path.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return None;
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Paths) {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("content");
        std::fs::create_dir_all(live.join("panels")).unwrap();
        std::fs::write(live.join("panels/a.ron"), "a").unwrap();
        std::fs::write(live.join("playlist.ron"), "p").unwrap();
        let paths = Paths {
            config: dir.path().join("kiosk.ron"),
            live,
            data: dir.path().join("data"),
        };
        ensure(&paths, "t0").unwrap();
        (dir, paths)
    }

    #[test]
    fn publish_swaps_the_whole_folder_and_keeps_the_old_one() {
        let (_dir, paths) = setup();
        std::fs::write(paths.draft().join("panels/a.ron"), "new").unwrap();
        let inode_before = std::fs::metadata(&paths.live).unwrap();
        let (before, after) = publish(&paths, "20261205-152000").unwrap();
        assert_ne!(before, after);
        assert_eq!(
            std::fs::read_to_string(paths.live.join("panels/a.ron")).unwrap(),
            "new"
        );
        use std::os::unix::fs::MetadataExt;
        let inode_after = std::fs::metadata(&paths.live).unwrap();
        assert_ne!(
            inode_before.ino(),
            inode_after.ino(),
            "a new folder, not edited in place"
        );
        let kept: Vec<_> = std::fs::read_dir(paths.history())
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            std::fs::read_to_string(kept[0].path().join("panels/a.ron")).unwrap(),
            "a"
        );
        assert!(standing(&paths).unwrap().draft.is_empty());
    }

    #[test]
    fn refuses_to_publish_over_a_hand_made_live_change() {
        let (_dir, paths) = setup();
        std::fs::write(paths.draft().join("panels/a.ron"), "draft").unwrap();
        std::fs::write(paths.live.join("panels/a.ron"), "usb").unwrap();
        std::fs::write(paths.live.join("panels/b.ron"), "usb").unwrap();
        match publish(&paths, "s") {
            Err(Refused::LiveChanged(files)) => {
                assert_eq!(files, vec!["panels/a.ron", "panels/b.ron"])
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(paths.live.join("panels/a.ron")).unwrap(),
            "usb"
        );
        let s = standing(&paths).unwrap();
        assert_eq!(s.conflicts(), vec!["panels/a.ron"]);
        // Keep the draft's a.ron, take the live b.ron.
        merge_live(&paths, false, "t1").unwrap();
        assert_eq!(
            std::fs::read_to_string(paths.draft().join("panels/a.ron")).unwrap(),
            "draft"
        );
        assert_eq!(
            std::fs::read_to_string(paths.draft().join("panels/b.ron")).unwrap(),
            "usb"
        );
        publish(&paths, "s2").unwrap();
        assert_eq!(
            std::fs::read_to_string(paths.live.join("panels/a.ron")).unwrap(),
            "draft"
        );
    }

    #[test]
    fn names_cannot_lead_out_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "../x.png",
            "/etc/passwd",
            "a/../../b",
            ".hidden",
            "a\\b",
            "",
            "x..png",
        ] {
            assert!(inside(dir.path(), bad).is_none(), "{bad}");
        }
        std::os::unix::fs::symlink("/tmp", dir.path().join("link")).unwrap();
        assert!(inside(dir.path(), "link/x.png").is_none());
        assert!(inside(dir.path(), "images/图1.png").is_some());
    }
}
