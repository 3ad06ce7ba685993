//! The content folder on disk, as the loader reads it: the manifest gate, listings
//! that skip temporary files and refuse links leading out of the folder, RON files
//! read and parsed, laws and pictures checked once per version of their bytes, and
//! the diagnostics gathered on the way.

use std::any::Any;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::de::DeserializeOwned;

use super::diagnostics::{Diagnostic, Severity, relative_to};
use super::images::{self, ImageInfo, ImageProblem};
use super::law::{self, Law};
use super::manifest;
use super::ron_file;
use super::source::Source;
use super::spans::Spans;
use super::temporary::is_temporary;

/// Most entries a folder of the content folder may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// A picture inside the content folder that decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Absolute path, for the player to load.
    pub path: PathBuf,
    pub info: ImageInfo,
}

impl ImageRef {
    /// Width over height, upright.
    pub fn aspect(&self) -> f32 {
        self.info.width as f32 / self.info.height.max(1) as f32
    }
}

/// Cached results of work that only depends on a file's bytes, so reloading a
/// folder does not re-decode unchanged pictures or recordings, or re-parse an
/// unchanged law or RON file.
#[derive(Default)]
pub struct LoadCache {
    images: Cached<Result<ImageInfo, ImageProblem>>,
    laws: Cached<Result<Arc<Law>, Vec<Diagnostic>>>,
    /// Recordings decoded whole: their seconds, or why they do not play.
    audio: Cached<Result<f32, String>>,
    /// RON files that parsed, by the text they were parsed from: a reload reads
    /// every file again (cheap), but parses and scans only those whose words changed.
    ron: HashMap<PathBuf, ParsedText>,
    /// RON files parsed over the cache's life (see [`LoadCache::ron_parses`]).
    ron_parses: usize,
}

/// A RON file's text, the value serde made of it and where its values are written.
struct ParsedText {
    text: String,
    value: Arc<dyn Any + Send + Sync>,
    spans: Arc<Spans>,
}

/// What was made of each file, with the stamp of the bytes it was made from.
type Cached<T> = HashMap<PathBuf, (FileStamp, T)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of `path`; none without a modification time (a memory folder),
    /// so such files are never served from the cache.
    fn of(source: Source, path: &Path) -> Option<Self> {
        let m = source.metadata(path).ok()?;
        Some(Self {
            len: m.len,
            modified: Some(m.modified?),
        })
    }
}

impl LoadCache {
    /// Forgets entries for files that were not used by the last load.
    fn retain(&mut self, used: &Used) {
        self.images.retain(|p, _| used.images.contains(p));
        self.laws.retain(|p, _| used.laws.contains(p));
        self.audio.retain(|p, _| used.audio.contains(p));
        self.ron.retain(|p, _| used.ron.contains(p));
    }

    /// Number of cached entries, to show that a reload does not leak.
    pub fn len(&self) -> usize {
        self.images.len() + self.laws.len() + self.audio.len() + self.ron.len()
    }

    /// How many RON files were parsed over the cache's life: a reload after one
    /// file changed parses that one file.
    pub fn ron_parses(&self) -> usize {
        self.ron_parses
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One load of a content folder under way.
pub(crate) struct Folder<'a> {
    source: Source<'a>,
    root: PathBuf,
    canonical_root: PathBuf,
    /// Every problem found so far, in the order found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    cache: &'a mut LoadCache,
    used: Used,
}

/// The files one load read, of each kind the cache keeps: the rest is forgotten.
#[derive(Default)]
struct Used {
    images: HashSet<PathBuf>,
    laws: HashSet<PathBuf>,
    audio: HashSet<PathBuf>,
    ron: HashSet<PathBuf>,
}

/// A RON file read and parsed, with where each of its values is written.
pub(crate) struct Parsed<T> {
    pub(crate) value: T,
    pub(crate) spans: Arc<Spans>,
    pub(crate) shown: PathBuf,
}

impl<'a> Folder<'a> {
    /// Starts loading the folder at `root`, or says why it must not be read now.
    pub(crate) fn open(
        source: Source<'a>,
        root: &Path,
        cache: &'a mut LoadCache,
    ) -> Result<Self, Vec<Diagnostic>> {
        // A folder still being copied is not worth validating: it is not what staff meant.
        manifest::verify_in(source, root)?;
        Ok(Self {
            source,
            root: root.to_path_buf(),
            canonical_root: PathBuf::new(),
            diagnostics: Vec::new(),
            cache,
            used: Used::default(),
        })
    }

    /// Whether the folder is there to be read; says so when it is not.
    pub(crate) fn is_there(&mut self) -> bool {
        match self.source.canonicalize(&self.root) {
            Ok(p) if self.source.is_dir(&p) => {
                self.canonical_root = p;
                true
            }
            Ok(_) | Err(_) => {
                let d = Diagnostic::error(
                    &self.root,
                    0,
                    0,
                    "内容文件夹不存在或不是文件夹",
                    "the content folder does not exist or is not a folder",
                )
                .help(
                    "检查 kiosk.ron 中的 content 路径，或把内容文件夹复制回来",
                    "check `content` in kiosk.ron, or copy the content folder back",
                );
                self.push(d);
                false
            }
        }
    }

    /// Ends the load: the cache forgets files this load did not use, and the
    /// diagnostics come back in file and line order.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        self.cache.retain(&self.used);
        let mut diagnostics = self.diagnostics;
        diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        diagnostics
    }

    /// The folder as it was named.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// `path` as diagnostics name it: relative to the folder.
    pub(crate) fn shown(&self, path: &Path) -> PathBuf {
        relative_to(&self.root, path)
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Pushes `d` as a warning: a problem that stops nothing going live.
    pub(crate) fn push_warning(&mut self, d: Diagnostic) {
        self.diagnostics.push(d.warning());
    }

    /// Turns the last problem pushed into a warning (a file whose failure stops
    /// only itself, like a recording's sidecar).
    pub(crate) fn demote_last_error(&mut self) {
        if let Some(d) = self.diagnostics.pop() {
            self.diagnostics.push(d.warning());
        }
    }

    /// The seconds of the recording at `path`, decoded whole once per change of
    /// its bytes, or why it does not play.
    pub(crate) fn audio_seconds(&mut self, path: &Path) -> Result<f32, String> {
        self.used.audio.insert(path.to_path_buf());
        let stamp = FileStamp::of(self.source, path);
        if let Some((_, r)) = self
            .cache
            .audio
            .get(path)
            .filter(|(s, _)| Some(*s) == stamp)
        {
            return r.clone();
        }
        let result = match self.source.metadata(path) {
            Ok(m) if m.len > crate::voice::MAX_AUDIO_BYTES => Err(format!(
                "{} MB, more than the {} MB a recording may have / 文件太大",
                m.len / 1_000_000,
                crate::voice::MAX_AUDIO_BYTES / 1_000_000
            )),
            Ok(_) => self
                .source
                .read(path, crate::voice::MAX_AUDIO_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|bytes| crate::voice::probe(&bytes)),
            Err(e) => Err(e.to_string()),
        };
        if let Some(stamp) = stamp {
            self.cache
                .audio
                .insert(path.to_path_buf(), (stamp, result.clone()));
        }
        result
    }

    pub(crate) fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// `dir/name`, the file that makes `dir` an item (a comic's `comic.ron`, a
    /// campaign's `campaign.ron`), if it is there and inside the folder; else says
    /// the `what` folder (in Chinese and English) lacks it.
    pub(crate) fn item_file(
        &mut self,
        dir: &Path,
        name: &str,
        (zh, en): (&str, &str),
    ) -> Option<PathBuf> {
        let path = dir.join(name);
        if !self.exists(&path) {
            let d = Diagnostic::error(
                self.shown(dir),
                0,
                0,
                format!("{zh}文件夹里没有 {name}"),
                format!("the {en} folder has no {name}"),
            )
            .help(
                format!("复制完整的{zh}文件夹，或删除这个文件夹"),
                format!("copy the whole {en} folder, or remove this one"),
            );
            self.push(d);
            return None;
        }
        self.inside_root(&path).then_some(path)
    }

    /// Files in `dir` with extension `ext`, skipping temporary files, sorted by name.
    pub(crate) fn list(&mut self, dir: &Path, ext: &str) -> Vec<PathBuf> {
        let entries = match self.entries(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                let d = ron_file::io_diagnostic(&self.shown(dir), &e);
                self.push(d);
                return Vec::new();
            }
        };
        let mut files: Vec<PathBuf> = entries
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !is_temporary(name) && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
            })
            .collect();
        files.sort();
        files.retain(|p| self.inside_root(p));
        files
    }

    /// Folders in `dir`, skipping temporary ones, sorted by name.
    pub(crate) fn folders(&mut self, dir: &Path) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = match self.entries(dir) {
            Ok(entries) => entries
                .into_iter()
                .map(|(p, _)| p)
                .filter(|p| !is_temporary(p.file_name().and_then(|n| n.to_str()).unwrap_or(".")))
                .collect(),
            Err(_) => Vec::new(),
        };
        folders.sort();
        let (folders, files): (Vec<_>, Vec<_>) =
            folders.into_iter().partition(|p| self.source.is_dir(p));
        for file in files {
            let d = Diagnostic::error(
                self.shown(&file),
                0,
                0,
                "这里应是一个文件夹，却是一个文件",
                "this should be a folder but is a file",
            )
            .help(
                "每部漫画放在自己的文件夹里，例如 comics/名称/comic.ron；删除这个文件",
                "each comic has a folder of its own, e.g. comics/NAME/comic.ron; remove this file",
            )
            // A note left beside the comics stops nothing; a playlist entry naming
            // it finds no comic folder and is an error there.
            .warning();
            self.push(d);
        }
        folders
    }

    /// Names of the folders in `dir`, whether they loaded or not, to tell a name
    /// that is wrong from a folder that is there but broken.
    pub(crate) fn names_in(&self, dir: &Path) -> Vec<String> {
        self.source
            .read_dir(dir)
            .map(|d| {
                d.into_iter()
                    .filter(|(path, _)| self.source.is_dir(path))
                    .filter_map(|(_, name)| name.to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stems of the `.ext` files in `dir`, valid or not, without reporting on
    /// them: [`Folder::list`] reports when the files are read.
    pub(crate) fn stems_in(&self, dir: &Path, ext: &str) -> Vec<String> {
        self.source
            .read_dir(dir)
            .map(|d| {
                d.into_iter()
                    .filter(|(path, _)| {
                        path.extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
                    })
                    .filter_map(|(path, _)| path.file_stem()?.to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether anything is at `path`.
    pub(crate) fn exists(&self, path: &Path) -> bool {
        self.source.exists(path)
    }

    /// Everything in `dir`, or why it cannot be listed. A folder holding more
    /// than [`MAX_ENTRIES`] is refused with a diagnostic and listed as empty: it
    /// is a mistake (a photo library copied into the wrong place), and reading it
    /// would stall every reload.
    fn entries(&mut self, dir: &Path) -> std::io::Result<Vec<(PathBuf, std::ffi::OsString)>> {
        let entries = self.source.read_dir(dir)?;
        if entries.len() > MAX_ENTRIES {
            let d = Diagnostic::error(
                self.shown(dir),
                0,
                0,
                format!(
                    "文件夹里有 {} 个文件，太多了（最多 {MAX_ENTRIES} 个），不像是内容",
                    entries.len()
                ),
                format!(
                    "the folder holds {} entries, more than the {MAX_ENTRIES} a content folder may hold",
                    entries.len()
                ),
            )
            .help(
                "检查是否把别的文件夹复制到了这里，删掉不属于内容的文件",
                "check whether another folder was copied here by mistake, and remove what is not content",
            );
            self.push(d);
            return Ok(Vec::new());
        }
        let (named, unnamed): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(_, name)| name.to_str().is_some());
        for (path, _) in unnamed {
            let d = Diagnostic::error(
                self.shown(&path),
                0,
                0,
                "文件名含有无法识别的字符（不是 UTF-8），已跳过",
                "the file name is not UTF-8 (written in another encoding); the file is skipped",
            )
            .help(
                "把文件改名，只用中文、英文字母、数字和短横线",
                "rename the file using Chinese, letters, digits and dashes",
            )
            // Nothing can name such a file, so skipping it loses nothing else.
            .warning();
            self.push(d);
        }
        Ok(named)
    }

    /// Whether `path` (after following symlinks) lies inside the content folder;
    /// pushes a diagnostic when it does not.
    pub(crate) fn inside_root(&mut self, path: &Path) -> bool {
        match self.source.canonicalize(path) {
            Ok(real) if real.starts_with(&self.canonical_root) => true,
            Ok(real) => {
                let d = Diagnostic::error(
                    self.shown(path),
                    0,
                    0,
                    format!("链接指向内容文件夹以外：{}", real.display()),
                    format!(
                        "the link points outside the content folder: {}",
                        real.display()
                    ),
                )
                .help(
                    "把文件本身复制进内容文件夹",
                    "copy the file itself into the content folder",
                );
                self.push(d);
                false
            }
            Err(_) => true,
        }
    }

    /// The optional file `name` at the folder's root, parsed: `None` when the folder
    /// has none, or when it does not parse (then a diagnostic says why).
    pub(crate) fn read_if_present<T>(&mut self, name: &str) -> Option<Parsed<T>>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        let path = self.root().join(name);
        if self.source.exists(&path) {
            self.read(&path)
        } else {
            None
        }
    }

    /// Reads and parses the RON file at `path`; a problem is pushed, not returned.
    /// The file is read every time, but parsed and scanned again only when its
    /// text differs from the last load's (the cache compares the whole text, so
    /// no clock or size can make it serve stale words).
    pub(crate) fn read<T>(&mut self, path: &Path) -> Option<Parsed<T>>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        let shown = self.shown(path);
        let text = match ron_file::read_text_in(self.source, path, &shown) {
            Ok(text) => text,
            Err(d) => {
                self.push(d);
                return None;
            }
        };
        self.used.ron.insert(path.to_path_buf());
        if let Some(cached) = self.cache.ron.get(path).filter(|c| c.text == text)
            && let Some(value) = cached.value.downcast_ref::<T>()
        {
            return Some(Parsed {
                value: value.clone(),
                spans: cached.spans.clone(),
                shown,
            });
        }
        self.cache.ron_parses += 1;
        match ron_file::parse::<T>(&text, &shown) {
            Ok(value) => {
                let spans = Arc::new(Spans::of(&text));
                self.cache.ron.insert(
                    path.to_path_buf(),
                    ParsedText {
                        text,
                        value: Arc::new(value.clone()),
                        spans: spans.clone(),
                    },
                );
                Some(Parsed {
                    value,
                    spans,
                    shown,
                })
            }
            Err(d) => {
                self.cache.ron.remove(path);
                self.push(d);
                None
            }
        }
    }

    /// Every law in `laws/`, by file stem; at least one is required.
    pub(crate) fn laws(&mut self) -> BTreeMap<String, Arc<Law>> {
        let dir = self.root.join("laws");
        let mut laws = BTreeMap::new();
        for path in self.list(&dir, "md") {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            self.used.laws.insert(path.clone());
            let stamp = FileStamp::of(self.source, &path);
            let cached = self
                .cache
                .laws
                .get(&path)
                .filter(|(s, _)| Some(*s) == stamp)
                .map(|(_, r)| r.clone());
            let result = cached.unwrap_or_else(|| {
                let shown = self.shown(&path);
                let parsed = ron_file::read_text_in(self.source, &path, &shown)
                    .map_err(|d| vec![d])
                    .and_then(|text| law::parse(&id, &shown, &text))
                    .map(Arc::new);
                if let Some(stamp) = stamp {
                    self.cache
                        .laws
                        .insert(path.clone(), (stamp, parsed.clone()));
                }
                parsed
            });
            match result {
                Ok(law) => {
                    laws.insert(id, law);
                }
                Err(errors) => self.diagnostics.extend(errors),
            }
        }
        if laws.is_empty() && !self.diagnostics.iter().any(|d| d.file.starts_with("laws")) {
            self.push(
                Diagnostic::error(
                    "laws",
                    0,
                    0,
                    "没有法规文本（laws/ 文件夹为空或不存在）",
                    "no law text: laws/ is empty or missing",
                )
                .help(
                    "把 信访工作条例 的 .md 文件放进 laws/",
                    "put the regulation's .md file into laws/",
                ),
            );
        }
        laws
    }

    /// Checks a path written in a content file at `line:column` and the picture
    /// behind it. `undecodable` says how bad a picture that is there but does not decode is: a
    /// panel cannot go live without its picture, a comic frame is skipped.
    pub(crate) fn image(
        &mut self,
        base: &Path,
        written: &str,
        shown: &Path,
        (line, column): (usize, usize),
        undecodable: Severity,
    ) -> Option<ImageRef> {
        let relative = Path::new(written);
        let escapes = relative.is_absolute()
            || relative.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::Prefix(_) | Component::RootDir
                )
            });
        if escapes {
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("图片路径 “{written}” 指向内容文件夹以外"),
                    format!("the picture path `{written}` leads outside the content folder"),
                )
                .help(
                    "把图片复制进内容文件夹，写相对路径，不要用 .. 或 / 开头",
                    "copy the picture into the content folder and give a relative path without `..` or a leading `/`",
                ),
            );
            return None;
        }
        let path = base.join(relative);
        if !self.source.exists(&path) {
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("找不到图片 “{written}”"),
                    format!("picture `{written}` not found"),
                )
                .help(
                    "检查文件名（区分大小写）和位置",
                    "check the file name (case matters) and its folder",
                ),
            );
            return None;
        }
        if !self.inside_root(&path) {
            return None;
        }
        self.used.images.insert(path.clone());
        let stamp = FileStamp::of(self.source, &path);
        let cached = self
            .cache
            .images
            .get(&path)
            .filter(|(s, _)| Some(*s) == stamp)
            .map(|(_, r)| r.clone());
        let result = cached.unwrap_or_else(|| {
            let probed = images::probe_in(self.source, &path);
            if let Some(stamp) = stamp {
                self.cache
                    .images
                    .insert(path.clone(), (stamp, probed.clone()));
            }
            probed
        });
        match result {
            Ok(info) => {
                if info.animated {
                    self.push(
                        Diagnostic::error(
                            shown,
                            line,
                            column,
                            format!("图片 “{written}” 是动画，只会显示第一帧"),
                            format!(
                                "picture `{written}` is animated: only its first frame is shown"
                            ),
                        )
                        .help("换成一张静止的图片", "use a still picture instead")
                        .warning(),
                    );
                }
                Some(ImageRef { path, info })
            }
            Err(problem) => {
                let d = Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("图片 “{written}”：{}", problem.zh),
                    format!("picture `{written}`: {}", problem.en),
                )
                .help(problem.help_zh, problem.help_en);
                self.push(if undecodable == Severity::Warning {
                    d.warning()
                } else {
                    d
                });
                None
            }
        }
    }
}
