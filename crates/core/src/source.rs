//! Where a content folder's files come from: the disk, or a set of files held in
//! memory. The loader reads through this one seam, so the fuzz targets and the
//! bad-input corpus run the very code that reads a folder on disk, without a disk.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// A content folder held in memory: file paths relative to the folder, and their bytes.
/// Folders are implied by the files inside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryFolder {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFolder {
    /// An empty folder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the file at `path`, relative to the folder (`panels/a.ron`).
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(normal(path.as_ref()), bytes.into());
    }

    /// The files, by path.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_path(), b.as_slice()))
    }

    fn is_dir(&self, path: &Path) -> bool {
        !self.files.contains_key(path) && self.files.keys().any(|k| k.starts_with(path))
    }
}

impl<P: AsRef<Path>, B: Into<Vec<u8>>> FromIterator<(P, B)> for MemoryFolder {
    fn from_iter<I: IntoIterator<Item = (P, B)>>(iter: I) -> Self {
        let mut folder = Self::new();
        for (path, bytes) in iter {
            folder.insert(path, bytes);
        }
        folder
    }
}

/// `path` without `.` components or a leading `./`; `..` is kept, so that it
/// names nothing in a memory folder.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// What the loader needs to know about a file before reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) len: u64,
    pub(crate) is_dir: bool,
    pub(crate) modified: Option<SystemTime>,
}

/// The files a load reads: the disk, or a [`MemoryFolder`] whose paths are taken
/// relative to the folder's root as the loader names it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'a> {
    Disk,
    Memory {
        root: &'a Path,
        folder: &'a MemoryFolder,
    },
}

impl Source<'_> {
    fn key(root: &Path, path: &Path) -> io::Result<PathBuf> {
        path.strip_prefix(root)
            .map(normal)
            .map_err(|_| io::Error::from(io::ErrorKind::NotFound))
    }

    /// Size and kind of `path`, following links.
    pub(crate) fn metadata(&self, path: &Path) -> io::Result<Meta> {
        match self {
            Self::Disk => std::fs::metadata(path).map(|m| Meta {
                len: m.len(),
                is_dir: m.is_dir(),
                modified: m.modified().ok(),
            }),
            Self::Memory { root, folder } => {
                let key = Self::key(root, path)?;
                match folder.files.get(&key) {
                    Some(bytes) => Ok(Meta {
                        len: bytes.len() as u64,
                        is_dir: false,
                        modified: None,
                    }),
                    None if folder.is_dir(&key) => Ok(Meta {
                        len: 0,
                        is_dir: true,
                        modified: None,
                    }),
                    None => Err(io::ErrorKind::NotFound.into()),
                }
            }
        }
    }

    /// Whether anything is at `path`. What cannot be looked at for want of
    /// permission (in a folder the player may not read) counts as there: reading
    /// it then names the fault, instead of calling the file missing.
    pub(crate) fn exists(&self, path: &Path) -> bool {
        match self.metadata(path) {
            Ok(_) => true,
            Err(e) => e.kind() == io::ErrorKind::PermissionDenied,
        }
    }

    /// Whether `path` is a folder.
    pub(crate) fn is_dir(&self, path: &Path) -> bool {
        self.metadata(path).is_ok_and(|m| m.is_dir)
    }

    /// The bytes of `path`, at most `limit` of them and one more, so that a file
    /// that grew past the limit while it was read is told from one that did not.
    pub(crate) fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self {
            Self::Disk => {
                let mut bytes = Vec::new();
                std::fs::File::open(path)?
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Self::Memory { root, folder } => {
                let key = Self::key(root, path)?;
                let bytes = folder.files.get(&key).ok_or_else(|| {
                    io::Error::from(if folder.is_dir(&key) {
                        io::ErrorKind::IsADirectory
                    } else {
                        io::ErrorKind::NotFound
                    })
                })?;
                let end = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
                Ok(bytes.iter().take(end).copied().collect())
            }
        }
    }

    /// Everything in the folder `dir`: each entry's path and name, unsorted.
    pub(crate) fn read_dir(&self, dir: &Path) -> io::Result<Vec<(PathBuf, OsString)>> {
        match self {
            Self::Disk => std::fs::read_dir(dir)?
                .filter_map(Result::ok)
                .map(|e| Ok((e.path(), e.file_name())))
                .collect(),
            Self::Memory { root, folder } => {
                let key = Self::key(root, dir)?;
                if !folder.is_dir(&key) {
                    return Err(io::ErrorKind::NotFound.into());
                }
                let mut names: Vec<OsString> = folder
                    .files
                    .keys()
                    .filter_map(|k| k.strip_prefix(&key).ok()?.components().next())
                    .map(|c| c.as_os_str().to_owned())
                    .collect();
                names.dedup();
                Ok(names
                    .into_iter()
                    .map(|name| (dir.join(&name), name))
                    .collect())
            }
        }
    }

    /// `path` with links followed, to tell whether it lies inside the folder. A
    /// memory folder has no links: its paths are already what they are.
    pub(crate) fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        match self {
            Self::Disk => std::fs::canonicalize(path),
            Self::Memory { root, .. } => {
                self.metadata(path)?;
                Ok(root.join(Self::key(root, path)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(folder: &MemoryFolder) -> Source<'_> {
        Source::Memory {
            root: Path::new("mem"),
            folder,
        }
    }

    #[test]
    fn a_memory_folder_has_the_folders_its_files_imply() {
        let folder: MemoryFolder = [
            ("laws/a.md", "x"),
            ("./comics/c/comic.ron", "y"),
            ("comics/c/1.png", "z"),
        ]
        .into_iter()
        .collect();
        let source = memory(&folder);
        assert!(source.is_dir(Path::new("mem/comics/c")));
        assert!(!source.is_dir(Path::new("mem/laws/a.md")));
        assert!(!source.exists(Path::new("mem/panels")));
        let mut names: Vec<_> = source
            .read_dir(Path::new("mem/comics/c"))
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                PathBuf::from("mem/comics/c/1.png"),
                PathBuf::from("mem/comics/c/comic.ron")
            ]
        );
        assert_eq!(
            source
                .read(Path::new("mem/comics/c/comic.ron"), 10)
                .unwrap(),
            b"y"
        );
        assert_eq!(
            source.read(Path::new("mem/comics"), 10).unwrap_err().kind(),
            io::ErrorKind::IsADirectory
        );
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let folder: MemoryFolder = [("a", vec![7u8; 100])].into_iter().collect();
        assert_eq!(
            memory(&folder).read(Path::new("mem/a"), 10).unwrap().len(),
            11
        );
    }
}
