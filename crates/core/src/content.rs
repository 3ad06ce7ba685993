//! The content folder as one immutable value, and the loader that builds it or says
//! precisely what is wrong.
//!
//! Layout of a content folder:
//! ```text
//! laws/<id>.md                 regulation texts (Markdown, see `law`)
//! panels/<id>.ron              regulation panels
//! comics/<id>/comic.ron        comics, with their pictures beside them
//! playlist.ron                 what rotates, in order
//! roadmap.ron                  the lawful-petition roadmap (touch mode)
//! online.ron                   online channels shown as QR codes (touch mode)
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::diagnostics::{Diagnostic, Severity, relative_to};
use super::images::{self, ImageInfo, ImageProblem};
use super::law::{self, Law};
use super::model::{self, Cite, Transition, Verdict};
use super::numerals;
use super::roadmap::{self, Roadmap};
use super::ron_file;

/// A resolved citation: what it points at and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub cite: Cite,
    pub law_id: String,
    /// 《信访工作条例》第二十条第一款
    pub label: String,
}

/// Words quoted verbatim from a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub lines: Vec<String>,
    pub citation: Citation,
}

/// A picture inside the content folder that decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Absolute path, for the player to load.
    pub path: PathBuf,
    pub info: ImageInfo,
}

/// A regulation panel ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub body: Option<String>,
    pub quote: Option<Quote>,
    /// Every article the panel rests on, the quote's first.
    pub citations: Vec<Citation>,
    pub highlights: Vec<String>,
    pub image: Option<ImageRef>,
    pub source: Option<String>,
    pub seconds: Option<f32>,
}

impl ImageRef {
    /// Width over height, upright.
    pub fn aspect(&self) -> f32 {
        self.info.width as f32 / self.info.height.max(1) as f32
    }
}

/// One picture of a comic scene; `image` is `None` when the picture failed to decode
/// (the scene still plays, its caption standing in).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub image: Option<ImageRef>,
    pub caption: Option<String>,
    pub bubbles: Vec<model::Bubble>,
}

/// One scene of a comic.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub title: String,
    pub verdict: Verdict,
    pub frames: Vec<Frame>,
    pub explanation: String,
    pub citations: Vec<Citation>,
}

impl Scene {
    /// The frame shown for the scene: the first whose picture decoded, else the
    /// first (its caption standing in).
    pub fn shown_frame(&self) -> Option<&Frame> {
        self.frames
            .iter()
            .find(|f| f.image.is_some())
            .or(self.frames.first())
    }

    /// Width over height of the shown frame's picture (4:3 when there is none).
    pub fn aspect(&self) -> f32 {
        self.shown_frame()
            .and_then(|f| f.image.as_ref())
            .map_or(4.0 / 3.0, ImageRef::aspect)
    }
}

/// A comic (`comics/<id>/comic.ron`).
#[derive(Debug, Clone, PartialEq)]
pub struct Comic {
    pub id: String,
    pub title: String,
    pub scenes: Vec<Scene>,
}

/// What a playlist entry shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Panel(String),
    Comic(String),
}

/// One entry of the rotation, with its timing resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaylistItem {
    pub kind: ItemKind,
    /// Seconds per page or scene.
    pub seconds: Option<f32>,
    pub transition: Option<Transition>,
}

/// Online channels shown as QR codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Online {
    pub title: String,
    pub note: Option<String>,
    pub links: Vec<model::Link>,
}

/// A whole content folder that validated: the only thing the player ever shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub root: PathBuf,
    pub laws: BTreeMap<String, Arc<Law>>,
    pub panels: BTreeMap<String, Panel>,
    pub comics: BTreeMap<String, Comic>,
    pub playlist: Vec<PlaylistItem>,
    pub roadmap: Option<Roadmap>,
    pub online: Option<Online>,
    /// Problems that did not stop the folder (e.g. a comic picture that is skipped).
    pub warnings: Vec<Diagnostic>,
}

impl Content {
    /// A folder with nothing in it, shown (with the staff indicator) when the
    /// player starts on a broken folder and has no earlier content to fall back on.
    pub fn empty(root: PathBuf) -> Self {
        Self {
            root,
            laws: BTreeMap::new(),
            panels: BTreeMap::new(),
            comics: BTreeMap::new(),
            playlist: Vec::new(),
            roadmap: None,
            online: None,
            warnings: Vec::new(),
        }
    }

    /// The citation labels of `citations` on one line, the law's title written once:
    /// 《信访工作条例》第二十条第一款、第二十二条.
    pub fn citation_line(&self, citations: &[Citation]) -> String {
        // Citations of the same article are merged (第二十条第一款、第四款), so a
        // panel that quotes and cites one article does not name it twice.
        let mut groups: Vec<(&str, u32, Vec<&Cite>)> = Vec::new();
        for c in citations {
            match groups
                .iter_mut()
                .find(|(law, article, _)| *law == c.law_id && *article == c.cite.article)
            {
                Some(group) => group.2.push(&c.cite),
                None => groups.push((&c.law_id, c.cite.article, vec![&c.cite])),
            }
        }
        let mut out = String::new();
        let mut last_law: Option<&str> = None;
        for (law_id, article, cites) in groups {
            let law = self.laws.get(law_id);
            let title = law.map_or(law_id, |l| l.title.as_str());
            let merged = if cites.len() == 1 {
                cites[0].clone()
            } else if cites.iter().any(|c| c.paragraphs.is_empty()) {
                Cite {
                    law: None,
                    article,
                    paragraphs: Vec::new(),
                    items: Vec::new(),
                }
            } else {
                let mut paragraphs: Vec<u32> = cites
                    .iter()
                    .flat_map(|c| c.paragraphs.iter().copied())
                    .collect();
                paragraphs.sort_unstable();
                paragraphs.dedup();
                Cite {
                    law: None,
                    article,
                    paragraphs,
                    items: Vec::new(),
                }
            };
            if !out.is_empty() {
                out.push('、');
            }
            if last_law != Some(title) {
                out.push_str(&format!("《{title}》"));
            }
            out.push_str(&format!(
                "第{}条{}",
                numerals::format(article),
                law::part_label(&merged)
            ));
            last_law = Some(title);
        }
        out
    }

    /// The law shown in the regulation browser: the first one.
    pub fn main_law(&self) -> Option<&Arc<Law>> {
        self.laws.values().next()
    }

    /// Number of pictures that decoded.
    pub fn image_count(&self) -> usize {
        let panel_images = self.panels.values().filter(|p| p.image.is_some()).count();
        let comic_images: usize = self
            .comics
            .values()
            .flat_map(|c| &c.scenes)
            .flat_map(|s| &s.frames)
            .filter(|f| f.image.is_some())
            .count();
        panel_images + comic_images
    }

    /// Number of articles across all laws.
    pub fn article_count(&self) -> usize {
        self.laws.values().map(|l| l.articles.len()).sum()
    }
}

/// Seconds one page may stay on screen.
pub const SECONDS_RANGE: (f32, f32) = (2.0, 600.0);

/// File names that editors and sync tools leave behind while they work.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Cached results of work that only depends on a file's bytes, so reloading a
/// folder does not re-decode unchanged pictures or re-parse an unchanged law.
#[derive(Default)]
pub struct LoadCache {
    images: Cached<Result<ImageInfo, ImageProblem>>,
    laws: Cached<Result<Arc<Law>, Vec<Diagnostic>>>,
}

/// What was made of each file, with the stamp of the bytes it was made from.
type Cached<T> = HashMap<PathBuf, (FileStamp, T)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> Option<Self> {
        let m = std::fs::metadata(path).ok()?;
        Some(Self {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

impl LoadCache {
    /// Forgets entries for files that were not used by the last load.
    fn retain(&mut self, used_images: &[PathBuf], used_laws: &[PathBuf]) {
        self.images.retain(|p, _| used_images.contains(p));
        self.laws.retain(|p, _| used_laws.contains(p));
    }

    /// Number of cached entries, to show that a reload does not leak.
    pub fn len(&self) -> usize {
        self.images.len() + self.laws.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Loads and validates a whole folder. Errors mean the folder must not go live.
pub fn load(root: &Path) -> Result<Content, Vec<Diagnostic>> {
    load_with_cache(root, &mut LoadCache::default())
}

/// [`load`], reusing what `cache` knows about unchanged files.
pub fn load_with_cache(root: &Path, cache: &mut LoadCache) -> Result<Content, Vec<Diagnostic>> {
    // A folder still being copied is not worth validating: it is not what staff meant.
    super::manifest::verify(root)?;
    let mut loader = Loader {
        root: root.to_path_buf(),
        canonical_root: PathBuf::new(),
        diagnostics: Vec::new(),
        cache,
        used_images: Vec::new(),
        used_laws: Vec::new(),
    };
    let content = loader.run();
    let (used_images, used_laws) = (
        std::mem::take(&mut loader.used_images),
        std::mem::take(&mut loader.used_laws),
    );
    let mut diagnostics = loader.diagnostics;
    loader.cache.retain(&used_images, &used_laws);
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    match content {
        Some(mut content) if !diagnostics.iter().any(Diagnostic::is_error) => {
            content.warnings = diagnostics;
            Ok(content)
        }
        _ => Err(diagnostics),
    }
}

struct Loader<'a> {
    root: PathBuf,
    canonical_root: PathBuf,
    diagnostics: Vec<Diagnostic>,
    cache: &'a mut LoadCache,
    used_images: Vec<PathBuf>,
    used_laws: Vec<PathBuf>,
}

/// A RON file read and parsed, with its text kept for locating fields.
struct Parsed<T> {
    value: T,
    text: String,
    shown: PathBuf,
}

impl Loader<'_> {
    fn shown(&self, path: &Path) -> PathBuf {
        relative_to(&self.root, path)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn run(&mut self) -> Option<Content> {
        match std::fs::canonicalize(&self.root) {
            Ok(p) if p.is_dir() => self.canonical_root = p,
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
                return None;
            }
        }
        let laws = self.load_laws();
        let panels = self.load_panels(&laws);
        let comics = self.load_comics(&laws);
        let playlist = self.load_playlist(&panels, &comics);
        let roadmap = self.load_roadmap(&laws);
        let online = self.load_online();
        Some(Content {
            root: self.root.clone(),
            laws,
            panels,
            comics,
            playlist: playlist?,
            roadmap,
            online,
            warnings: Vec::new(),
        })
    }

    /// Files in `dir` with extension `ext`, skipping temporary files, sorted by name.
    fn list(&mut self, dir: &Path, ext: &str) -> Vec<PathBuf> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                let d = ron_file::io_diagnostic(&self.shown(dir), &e);
                self.push(d);
                return Vec::new();
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !is_temporary(name) && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
            })
            .collect();
        files.sort();
        files.retain(|p| self.inside_root(p));
        files
    }

    /// Whether `path` (after following symlinks) lies inside the content folder;
    /// pushes a diagnostic when it does not.
    fn inside_root(&mut self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
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

    fn read<T: serde::de::DeserializeOwned>(&mut self, path: &Path) -> Option<Parsed<T>> {
        let shown = self.shown(path);
        let text = match ron_file::read_text(path, &shown) {
            Ok(text) => text,
            Err(d) => {
                self.push(d);
                return None;
            }
        };
        match ron_file::parse::<T>(&text, &shown) {
            Ok(value) => Some(Parsed { value, text, shown }),
            Err(d) => {
                self.push(d);
                None
            }
        }
    }

    fn load_laws(&mut self) -> BTreeMap<String, Arc<Law>> {
        let dir = self.root.join("laws");
        let mut laws = BTreeMap::new();
        for path in self.list(&dir, "md") {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            self.used_laws.push(path.clone());
            let stamp = FileStamp::of(&path);
            let cached = self
                .cache
                .laws
                .get(&path)
                .filter(|(s, _)| Some(*s) == stamp)
                .map(|(_, r)| r.clone());
            let result = cached.unwrap_or_else(|| {
                let shown = self.shown(&path);
                let parsed = ron_file::read_text(&path, &shown)
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

    /// Resolves a citation, pushing a diagnostic at `anchors` in the file when it fails.
    fn resolve_cite(
        &mut self,
        laws: &BTreeMap<String, Arc<Law>>,
        cite: &Cite,
        text: &str,
        shown: &Path,
        anchors: &[&str],
    ) -> Option<(Citation, Arc<Law>)> {
        let article_anchor = format!("article: {}", cite.article);
        let mut chain: Vec<&str> = anchors.to_vec();
        chain.push(&article_anchor);
        let (line, column) = ron_file::locate(text, &chain);
        let law = match &cite.law {
            Some(id) => laws.get(id).cloned(),
            None if laws.len() == 1 => laws.values().next().cloned(),
            None => None,
        };
        let Some(law) = law else {
            if laws.is_empty() {
                return None;
            }
            let known: Vec<&str> = laws.keys().map(String::as_str).collect();
            let (zh, en) = match &cite.law {
                Some(id) => (
                    format!("找不到法规 “{id}”"),
                    format!("no law `{id}` in laws/"),
                ),
                None => (
                    "有多部法规时必须写明 law".into(),
                    "`law` is required when laws/ holds several laws".into(),
                ),
            };
            self.push(Diagnostic::error(shown, line, column, zh, en).help(
                format!("可用：{}", known.join("、")),
                format!("known laws: {}", known.join(", ")),
            ));
            return None;
        };
        if let Err(e) = law.quote(cite) {
            let (zh, en) = e.messages();
            self.push(Diagnostic::error(shown, line, column, zh, en).help(
                "对照 laws/ 中的法规原文核对条、款、项的编号",
                "check the article, paragraph and item numbers against the law text in laws/",
            ));
            return None;
        }
        Some((
            Citation {
                cite: cite.clone(),
                law_id: law.id.clone(),
                label: law.cite_label(cite),
            },
            law,
        ))
    }

    /// Every number in `shown_text` must appear in one of the cited articles.
    fn check_numbers(
        &mut self,
        citations: &[(Citation, Arc<Law>)],
        shown_text: &str,
        text: &str,
        shown: &Path,
        anchors: &[&str],
    ) {
        let allowed: Vec<u32> = citations
            .iter()
            .filter_map(|(c, law)| law.article(c.cite.article))
            .flat_map(|a| numerals::numbers_in(&a.text()))
            .collect();
        for n in numerals::numbers_in(shown_text) {
            if !allowed.contains(&n) {
                let (line, column) = ron_file::locate(text, anchors);
                let cited: Vec<String> = citations.iter().map(|(c, _)| c.label.clone()).collect();
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("数字 {n} 不见于所引条文（{}）", cited.join("、")),
                        format!("the number {n} does not appear in the cited articles"),
                    )
                    .help(
                        "法律上的天数、人数必须与条文一致：改正数字，或引用写有这个数字的条文",
                        "days and counts must match the law: fix the number or cite the article that states it",
                    ),
                );
            }
        }
    }

    /// Checks a path written in a content file and the picture behind it.
    /// `undecodable` says how bad a picture that is there but does not decode is: a
    /// panel cannot go live without its picture, a comic frame is skipped.
    fn image(
        &mut self,
        base: &Path,
        written: &str,
        text: &str,
        shown: &Path,
        anchor: &str,
        undecodable: Severity,
    ) -> Option<ImageRef> {
        let (line, column) = ron_file::locate(text, &[anchor]);
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
        if !path.exists() {
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
        self.used_images.push(path.clone());
        let stamp = FileStamp::of(&path);
        let cached = self
            .cache
            .images
            .get(&path)
            .filter(|(s, _)| Some(*s) == stamp)
            .map(|(_, r)| r.clone());
        let result = cached.unwrap_or_else(|| {
            let probed = images::probe(&path);
            if let Some(stamp) = stamp {
                self.cache
                    .images
                    .insert(path.clone(), (stamp, probed.clone()));
            }
            probed
        });
        match result {
            Ok(info) => Some(ImageRef { path, info }),
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

    fn check_seconds(&mut self, seconds: Option<f32>, text: &str, shown: &Path, anchors: &[&str]) {
        let (low, high) = SECONDS_RANGE;
        if let Some(s) = seconds.filter(|s| !(low..=high).contains(s)) {
            let (line, column) = ron_file::locate(text, anchors);
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("显示秒数 {s} 超出范围 {low}–{high}"),
                    format!("seconds {s} is outside {low}–{high}"),
                )
                .help("常用 8 到 20 秒", "8 to 20 seconds suits most panels"),
            );
        }
    }

    fn load_panels(&mut self, laws: &BTreeMap<String, Arc<Law>>) -> BTreeMap<String, Panel> {
        let mut panels = BTreeMap::new();
        for path in self.list(&self.root.join("panels"), "ron") {
            let Some(Parsed {
                value: file,
                text,
                shown,
            }) = self.read::<model::PanelFile>(&path)
            else {
                continue;
            };
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if let Some(panel) = self.panel(laws, id.clone(), file, &text, &shown) {
                panels.insert(id, panel);
            }
        }
        panels
    }

    fn panel(
        &mut self,
        laws: &BTreeMap<String, Arc<Law>>,
        id: String,
        file: model::PanelFile,
        text: &str,
        shown: &Path,
    ) -> Option<Panel> {
        let errors_before = self.error_count();
        if file.title.trim().is_empty() {
            let (line, column) = ron_file::field_position(text, "title");
            self.push(
                Diagnostic::error(shown, line, column, "标题是空的", "the title is empty")
                    .help("写一个简短的标题", "write a short title"),
            );
        }
        let mut resolved = Vec::new();
        let mut quote = None;
        if let Some(cite) = &file.quote
            && let Some((citation, law)) = self.resolve_cite(laws, cite, text, shown, &["quote:"])
        {
            let lines = law.quote(cite).unwrap_or_default();
            quote = Some(Quote {
                lines,
                citation: citation.clone(),
            });
            resolved.push((citation, law));
        }
        for cite in &file.cites {
            if let Some(r) = self.resolve_cite(laws, cite, text, shown, &["cites:"])
                && !resolved.iter().any(|(c, _)| c.label == r.0.label)
            {
                resolved.push(r);
            }
        }
        if file.body.is_none() && file.quote.is_none() {
            let (line, column) = ron_file::field_position(text, "title");
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    "展板既没有 body 也没有 quote",
                    "the panel has neither `body` nor `quote`",
                )
                .help(
                    "加上 body: Some(\"…\") 或 quote: Some((article: …))",
                    "add `body: Some(\"…\")` or `quote: Some((article: …))`",
                ),
            );
        }
        if file.quote.is_none() && file.cites.is_empty() && file.source.is_none() {
            let (line, column) = ron_file::field_position(text, "title");
            self.push(
                Diagnostic::error(shown, line, column, "展板没有注明依据的条文（cites）或数据来源（source）", "the panel cites no article and names no source")
                    .help(
                        "每一句法律表述都要注明条文：加上 cites: [(article: 20)]；统计数字则写 source",
                        "every legal statement needs its article: add `cites: [(article: 20)]`, or `source` for figures",
                    ),
            );
        }
        if file.source.is_none() {
            let shown_text = [
                Some(&file.title),
                file.subtitle.as_ref(),
                file.body.as_ref(),
            ]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
            self.check_numbers(&resolved, &shown_text, text, shown, &["body:"]);
        }
        let displayed = [
            Some(file.title.clone()),
            file.subtitle.clone(),
            file.body.clone(),
            quote.as_ref().map(|q: &Quote| q.lines.concat()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .concat();
        for h in &file.highlights {
            if !displayed.contains(h.as_str()) {
                let (line, column) = ron_file::locate(text, &["highlights:", &format!("\"{h}\"")]);
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("突出显示的词 “{h}” 没有出现在展板文字中"),
                        format!("highlight `{h}` does not occur in the panel's text"),
                    )
                    .help(
                        "改成展板中确实出现的词",
                        "use a phrase that appears in the panel",
                    ),
                );
            }
        }
        self.check_seconds(file.seconds, text, shown, &["seconds:"]);
        let image = file.image.as_ref().and_then(|written| {
            let root = self.root.clone();
            self.image(&root, written, text, shown, "image:", Severity::Error)
        });
        if self.error_count() > errors_before {
            return None;
        }
        Some(Panel {
            id,
            title: file.title,
            subtitle: file.subtitle,
            body: file.body,
            quote,
            citations: resolved.into_iter().map(|(c, _)| c).collect(),
            highlights: file.highlights,
            image,
            source: file.source,
            seconds: file.seconds,
        })
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn load_comics(&mut self, laws: &BTreeMap<String, Arc<Law>>) -> BTreeMap<String, Comic> {
        let dir = self.root.join("comics");
        let mut folders: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir()
                        && !is_temporary(p.file_name().and_then(|n| n.to_str()).unwrap_or("."))
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        folders.sort();
        let mut comics = BTreeMap::new();
        for folder in folders {
            let path = folder.join("comic.ron");
            if !path.exists() {
                let d = Diagnostic::error(
                    self.shown(&folder),
                    0,
                    0,
                    "漫画文件夹里没有 comic.ron",
                    "the comic folder has no comic.ron",
                )
                .help(
                    "复制完整的漫画文件夹，或删除这个文件夹",
                    "copy the whole comic folder, or remove this one",
                );
                self.push(d);
                continue;
            }
            if !self.inside_root(&path) {
                continue;
            }
            let Some(Parsed {
                value: file,
                text,
                shown,
            }) = self.read::<model::ComicFile>(&path)
            else {
                continue;
            };
            let id = folder
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if let Some(comic) = self.comic(laws, &folder, id.clone(), file, &text, &shown) {
                comics.insert(id, comic);
            }
        }
        comics
    }

    fn comic(
        &mut self,
        laws: &BTreeMap<String, Arc<Law>>,
        folder: &Path,
        id: String,
        file: model::ComicFile,
        text: &str,
        shown: &Path,
    ) -> Option<Comic> {
        let errors_before = self.error_count();
        if file.title.trim().is_empty() {
            let (line, column) = ron_file::field_position(text, "title");
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    "漫画标题是空的",
                    "the comic's title is empty",
                )
                .help("写一个简短的标题", "write a short title"),
            );
        }
        if file.scenes.is_empty() {
            let (line, column) = ron_file::field_position(text, "scenes");
            self.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    "漫画没有任何场景",
                    "the comic has no scenes",
                )
                .help("至少写一个场景", "add at least one scene"),
            );
        }
        // Everything of a scene is looked for from its own title on (the titles are
        // found in order), and each caption, bubble, picture and citation after the
        // previous one, so repeated titles or texts point at the right place; what is
        // not found there is looked for in the whole file, then the scene is shown.
        let masked = ron_file::mask_comments(text);
        let find_from = |from: usize, needle: &str| -> Option<usize> {
            masked.get(from..)?.find(needle).map(|at| from + at)
        };
        let mut cursor = masked.find("scenes:").unwrap_or(0);
        let mut scenes = Vec::new();
        let mut scene_positions = Vec::new();
        for scene in file.scenes {
            let title_anchor = format!("title: \"{}\"", scene.title);
            let anchors = ["scenes:", title_anchor.as_str()];
            let scene_at = find_from(cursor, &title_anchor);
            let (line, column) = match scene_at {
                Some(at) => super::diagnostics::line_column(text, at),
                None => ron_file::locate(text, &anchors),
            };
            let scene_from = scene_at.unwrap_or(cursor);
            cursor = scene_at.map_or(cursor, |at| at + title_anchor.len());
            scene_positions.push((line, column));
            if scene.title.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        "场景标题是空的",
                        "the scene's title is empty",
                    )
                    .help("写一个简短的标题", "write a short title"),
                );
            }
            // Finds `needle` from `*next` on (or anywhere), moving `*next` past it.
            let place = |next: &mut usize, needle: &str| -> (usize, usize) {
                match find_from(*next, needle).or_else(|| masked.find(needle)) {
                    Some(at) => {
                        *next = (*next).max(at + needle.len());
                        super::diagnostics::line_column(text, at)
                    }
                    None => (line, column),
                }
            };
            // Points `diagnostics` (those just pushed) at `at`.
            let point = |diagnostics: &mut [Diagnostic], at: (usize, usize)| {
                for d in diagnostics
                    .iter_mut()
                    .filter(|d| d.file == shown && d.line > 0)
                {
                    (d.line, d.column) = at;
                }
            };
            if scene.frames.is_empty() {
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("场景 “{}” 没有画面", scene.title),
                        format!("scene `{}` has no frames", scene.title),
                    )
                    .help(
                        "加上 frames: [(image: \"….png\")]",
                        "add `frames: [(image: \"….png\")]`",
                    ),
                );
            }
            if scene.cites.is_empty() {
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("场景 “{}” 没有注明条文", scene.title),
                        format!("scene `{}` cites no article", scene.title),
                    )
                    .help(
                        "加上 cites: [(article: 20)]",
                        "add `cites: [(article: 20)]`",
                    ),
                );
            }
            let mut resolved = Vec::new();
            let mut next_cite = find_from(scene_from, "cites:").unwrap_or(scene_from);
            for cite in &scene.cites {
                let mut chain = anchors.to_vec();
                chain.push("cites:");
                let pushed = self.diagnostics.len();
                let r = self.resolve_cite(laws, cite, text, shown, &chain);
                let at = place(&mut next_cite, &format!("article: {}", cite.article));
                point(&mut self.diagnostics[pushed..], at);
                if let Some(r) = r {
                    resolved.push(r);
                }
            }
            // Every number a citizen reads must be in the cited articles; each text is
            // checked on its own so the report points at the one holding the number.
            let check_numbers = |this: &mut Self, words: &str, at: (usize, usize)| {
                let pushed = this.diagnostics.len();
                this.check_numbers(&resolved, words, text, shown, &anchors);
                point(&mut this.diagnostics[pushed..], at);
            };
            check_numbers(self, &scene.title, (line, column));
            let mut next_explanation = scene_from;
            let at = place(&mut next_explanation, "explanation:");
            check_numbers(self, &scene.explanation, at);
            let (mut next_image, mut next_caption, mut next_bubble) =
                (scene_from, scene_from, scene_from);
            let mut frames = Vec::new();
            for frame in scene.frames {
                if let Some(caption) = &frame.caption {
                    let at = place(&mut next_caption, &format!("\"{caption}\""));
                    check_numbers(self, caption, at);
                }
                for b in &frame.bubbles {
                    let (line, column) = place(&mut next_bubble, &format!("\"{}\"", b.text));
                    check_numbers(self, &b.text, (line, column));
                    if !(0.0..=1.0).contains(&b.x) || !(0.0..=1.0).contains(&b.y) {
                        self.push(
                            Diagnostic::error(
                                shown,
                                line,
                                column,
                                "对话框位置 x、y 应在 0 到 1 之间",
                                "bubble x and y must be between 0 and 1",
                            )
                            .help(
                                "0 是图片左/上边，1 是右/下边",
                                "0 is the picture's left/top edge, 1 its right/bottom",
                            ),
                        );
                    }
                }
                if frame.image.trim().is_empty() {
                    // The comic's own folder would be taken for the picture.
                    let (line, column) = place(&mut next_image, "image: \"");
                    self.push(
                        Diagnostic::error(
                            shown,
                            line,
                            column,
                            "画面没有写图片文件名",
                            "the frame names no picture",
                        )
                        .help(
                            "写上本文件夹里的图片文件名，例如 image: \"01.png\"",
                            "give the name of a picture in this folder, e.g. `image: \"01.png\"`",
                        ),
                    );
                    continue;
                }
                let pushed = self.diagnostics.len();
                let quoted = format!("\"{}\"", frame.image);
                // A picture that does not decode skips that frame but lets the comic play.
                let image = self.image(
                    folder,
                    &frame.image,
                    text,
                    shown,
                    &quoted,
                    Severity::Warning,
                );
                let at = place(&mut next_image, &quoted);
                point(&mut self.diagnostics[pushed..], at);
                frames.push(Frame {
                    image,
                    caption: frame.caption,
                    bubbles: frame.bubbles,
                });
            }
            scenes.push(Scene {
                title: scene.title,
                verdict: scene.verdict,
                frames,
                explanation: scene.explanation,
                citations: resolved.into_iter().map(|(c, _)| c).collect(),
            });
        }
        for (i, scene) in scenes.iter().enumerate() {
            if scene.verdict == Verdict::Mistake
                && scenes
                    .get(i + 1)
                    .is_none_or(|next| next.verdict != Verdict::Lawful)
            {
                let (line, column) = scene_positions[i];
                self.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("误区场景 “{}” 之后必须紧跟一个正确做法场景", scene.title),
                        format!(
                            "mistake scene `{}` must be followed by a Lawful scene",
                            scene.title
                        ),
                    )
                    .help(
                        "在它后面加上 verdict: Lawful 的场景，讲清正确做法",
                        "add a `verdict: Lawful` scene after it showing the lawful way",
                    ),
                );
            }
        }
        (self.error_count() == errors_before).then_some(Comic {
            id,
            title: file.title,
            scenes,
        })
    }

    fn load_playlist(
        &mut self,
        panels: &BTreeMap<String, Panel>,
        comics: &BTreeMap<String, Comic>,
    ) -> Option<Vec<PlaylistItem>> {
        let path = self.root.join("playlist.ron");
        if !path.exists() {
            self.push(
                Diagnostic::error(
                    "playlist.ron",
                    0,
                    0,
                    "缺少 playlist.ron（播放列表）",
                    "playlist.ron is missing",
                )
                .help(
                    "从默认内容复制 playlist.ron 并按需修改",
                    "copy playlist.ron from the default content and edit it",
                ),
            );
            return None;
        }
        let Parsed {
            value: file,
            text,
            shown,
        } = self.read::<model::PlaylistFile>(&path)?;
        if file.items.is_empty() {
            let (line, column) = ron_file::field_position(&text, "items");
            self.push(
                Diagnostic::error(
                    &shown,
                    line,
                    column,
                    "播放列表是空的",
                    "the playlist is empty",
                )
                .help("至少放一个展板", "add at least one panel"),
            );
        }
        let panel_files: Vec<String> = self
            .list(&self.root.join("panels"), "ron")
            .iter()
            .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
            .collect();
        let comic_folders: Vec<String> = std::fs::read_dir(self.root.join("comics"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut items = Vec::new();
        for entry in file.items {
            let (kind, seconds, transition, exists, on_disk) = match entry {
                model::PlaylistEntry::Panel {
                    id,
                    seconds,
                    transition,
                } => {
                    let exists = panels.contains_key(&id);
                    let on_disk = panel_files.contains(&id);
                    (ItemKind::Panel(id), seconds, transition, exists, on_disk)
                }
                model::PlaylistEntry::Comic {
                    id,
                    seconds,
                    transition,
                } => {
                    let exists = comics.contains_key(&id);
                    let on_disk = comic_folders.contains(&id);
                    (ItemKind::Comic(id), seconds, transition, exists, on_disk)
                }
            };
            let id = match &kind {
                ItemKind::Panel(id) | ItemKind::Comic(id) => id.clone(),
            };
            let anchor = format!("id: \"{id}\"");
            self.check_seconds(seconds, &text, &shown, &[&anchor, "seconds:"]);
            if !exists && !on_disk {
                let (line, column) = ron_file::locate(&text, &[&anchor]);
                let (zh, en, help) = match kind {
                    ItemKind::Panel(_) => (
                        format!("找不到展板 “{id}”（应为 panels/{id}.ron）"),
                        format!("no panel `{id}` (expected panels/{id}.ron)"),
                        closest(&id, panels.keys()),
                    ),
                    ItemKind::Comic(_) => (
                        format!("找不到漫画 “{id}”（应为 comics/{id}/comic.ron）"),
                        format!("no comic `{id}` (expected comics/{id}/comic.ron)"),
                        closest(&id, comics.keys()),
                    ),
                };
                let d = Diagnostic::error(&shown, line, column, zh, en);
                self.push(match help {
                    Some(name) => d.help(
                        format!("是不是 “{name}”？"),
                        format!("did you mean `{name}`?"),
                    ),
                    None => d.help(
                        "检查名称，或把文件复制进来",
                        "check the name, or copy the file in",
                    ),
                });
                continue;
            }
            items.push(PlaylistItem {
                kind,
                seconds,
                transition,
            });
        }
        Some(items)
    }

    fn load_roadmap(&mut self, laws: &BTreeMap<String, Arc<Law>>) -> Option<Roadmap> {
        let path = self.root.join("roadmap.ron");
        if !path.exists() {
            return None;
        }
        let Parsed {
            value: file,
            text,
            shown,
        } = self.read::<model::RoadmapFile>(&path)?;
        let mut citations = HashMap::new();
        for step in &file.steps {
            let id_anchor = format!("id: \"{}\"", step.id);
            let mut resolved = Vec::new();
            for cite in &step.cites {
                if let Some(r) =
                    self.resolve_cite(laws, cite, &text, &shown, &[&id_anchor, "cites:"])
                {
                    resolved.push(r);
                }
            }
            let mut words = vec![step.title.clone(), step.body.clone()];
            words.extend(step.choices.iter().map(|c| c.label.clone()));
            self.check_numbers(&resolved, &words.join("\n"), &text, &shown, &[&id_anchor]);
            if let Some(limit) = &step.limit {
                let mut shown_numbers = format!("{}日", limit.days);
                if let Some(extra) = limit.extension_days {
                    shown_numbers.push_str(&format!("{extra}日"));
                }
                self.check_numbers(
                    &resolved,
                    &shown_numbers,
                    &text,
                    &shown,
                    &[&id_anchor, "limit:"],
                );
            }
            citations.insert(
                step.id.clone(),
                resolved.into_iter().map(|(c, _)| c).collect::<Vec<_>>(),
            );
        }
        let problems = roadmap::validate(&file);
        for p in &problems {
            let anchors = p.anchors();
            let anchors: Vec<&str> = anchors.iter().map(String::as_str).collect();
            let (line, column) = ron_file::locate(&text, &anchors);
            let (zh, en, help) = p.messages();
            self.push(Diagnostic::error(&shown, line, column, zh, en).help(help.0, help.1));
        }
        if !problems.is_empty() {
            return None;
        }
        Some(Roadmap::new(file, citations))
    }

    fn load_online(&mut self) -> Option<Online> {
        let path = self.root.join("online.ron");
        if !path.exists() {
            return None;
        }
        let Parsed {
            value: file,
            text,
            shown,
        } = self.read::<model::OnlineFile>(&path)?;
        for link in &file.links {
            if !(link.url.starts_with("https://") || link.url.starts_with("http://"))
                || link.url.len() > 1000
            {
                let (line, column) = ron_file::locate(&text, &[&format!("\"{}\"", link.url)]);
                self.push(
                    Diagnostic::error(
                        &shown,
                        line,
                        column,
                        format!("网址 “{}” 无效", link.url),
                        format!("`{}` is not a web address", link.url),
                    )
                    .help(
                        "网址要以 https:// 开头",
                        "web addresses start with https://",
                    ),
                );
            }
        }
        Some(Online {
            title: file.title,
            note: file.note,
            links: file.links,
        })
    }
}

/// The known name closest to a mistyped one, when it is close enough to suggest.
fn closest<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Option<String> {
    known
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_and_sync_temporary_files() {
        for name in [
            ".panel.ron.swp",
            "panel.ron~",
            ".#panel.ron",
            ".panel.ron.Ab12Cd",
            ".syncthing.panel.ron.tmp",
            "~syncthing~panel.ron.tmp",
            ".DS_Store",
            "Thumbs.db",
        ] {
            assert!(is_temporary(name), "{name}");
        }
        assert!(!is_temporary("channels.ron"));
    }

    #[test]
    fn suggests_a_close_name() {
        let known = ["channels".to_string(), "five-representatives".to_string()];
        assert_eq!(closest("chanels", known.iter()), Some("channels".into()));
        assert_eq!(closest("zzz", known.iter()), None);
    }
}
