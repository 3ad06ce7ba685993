//! The content folder as one immutable value, and the loader that builds it or says
//! precisely what is wrong.
//!
//! Layout of a content folder:
//! ```text
//! laws/<id>.md                 law texts (Markdown, see `law`)
//! laws/laws.ron                which law a citation without `law:` means (see `law_library`)
//! panels/<id>.ron              regulation panels (see `panel`)
//! comics/<id>/comic.ron        comics, with their pictures beside them (see `comic`)
//! playlist.ron                 what rotates, in order (see `playlist`)
//! roadmap.ron                  the lawful-petition roadmap, touch mode (see `roadmap`)
//! online.ron                   online channels shown as QR codes, touch mode (see `online`)
//! bureau.ron                   the bureau's address, hours, phone, channel (see `bureau`)
//! ticker.ron                   lines for the ticker along the bottom (see `ticker`)
//! topics.ron                   按问题找: questions and the articles that answer them,
//!                              touch mode (see `topics`)
//! campaigns/<name>/campaign.ron
//!                              a campaign's dates and items, with its own panels/
//!                              and comics/ beside it (see `campaign`)
//! ```
//!
//! Each kind's file type denies unknown fields, so a mistyped field name is an
//! error with a line and column instead of being silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::campaign::{self, Campaign};
use super::citation::{self, Citation};
use super::comic::Comic;
use super::diagnostics::Diagnostic;
use super::folder::{Folder, LoadCache};
use super::item::Library;
use super::law::{Article, Law};
use super::law_library::{self, LawLibrary};
use super::notice::{self, Notice};
use super::online::{self, Online};
use super::playlist::{self, PlaylistItem};
use super::roadmap::{self, Roadmap};
use super::source::{MemoryFolder, Source};
use super::ticker::{self, TickerLine};
use super::topics::{self, Topic};
use super::voice;

/// A whole content folder that validated: the only thing the player ever shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub root: PathBuf,
    /// The laws of `laws/`, and the primary one.
    pub laws: LawLibrary,
    /// Every item that can rotate, by kind and name.
    pub library: Library,
    pub playlist: Vec<PlaylistItem>,
    /// The comic the guide's 常见误区 opens (see [`playlist::Loaded`]).
    pub guide_comic: Option<String>,
    /// The folder's own ticker lines.
    pub ticker: Vec<TickerLine>,
    /// Campaigns that start and stop by themselves; see `schedule`.
    pub campaigns: Vec<Campaign>,
    pub roadmap: Option<Roadmap>,
    pub online: Option<Online>,
    /// 按问题找: the questions of `topics.ron`, each with its articles.
    pub topics: Vec<Topic>,
    /// The urgent notice (`notice.ron`), shown on every screen until its end.
    pub notice: Option<Notice>,
    /// Problems that did not stop the folder (e.g. a comic picture that is skipped).
    pub warnings: Vec<Diagnostic>,
    /// Recordings that read an item aloud, matching its words (`voice/`).
    pub voices: BTreeMap<voice::Target, voice::Voice>,
    /// Who approved this version, when the kiosk requires approval and it passed.
    pub approved: Option<super::approval::Approved>,
}

impl Content {
    /// The comic the guide's 常见误区 opens, decided once at load.
    pub fn guide_comic(&self) -> Option<&Arc<Comic>> {
        self.guide_comic
            .as_ref()
            .and_then(|id| self.library.comics.get(id))
    }

    /// A folder with nothing in it, shown (with the staff indicator) when the
    /// player starts on a broken folder and has no earlier content to fall back on.
    pub fn empty(root: PathBuf) -> Self {
        Self {
            root,
            laws: LawLibrary::default(),
            library: Library::default(),
            playlist: Vec::new(),
            guide_comic: None,
            ticker: Vec::new(),
            campaigns: Vec::new(),
            roadmap: None,
            online: None,
            topics: Vec::new(),
            notice: None,
            warnings: Vec::new(),
            voices: BTreeMap::new(),
            approved: None,
        }
    }

    /// The citation labels of `citations` on one line, the law's title written once:
    /// 《信访工作条例》第二十条第一款、第二十二条.
    pub fn citation_line(&self, citations: &[Citation]) -> String {
        citation::line(&self.laws, citations)
    }

    /// The primary law: the one a citation without `law:` means, and the one the
    /// regulation browser shows.
    pub fn main_law(&self) -> Option<&Arc<Law>> {
        self.laws.primary()
    }

    /// Everything that may be read aloud (朗读), in reading order, with its words.
    pub fn voice_scripts(&self) -> Vec<voice::Script> {
        let pages = voice::Pages {
            online: self.online.as_ref(),
            topics: &self.topics,
        };
        voice::scripts(&self.laws, &self.library, self.roadmap.as_ref(), pages)
    }

    /// Number of pictures that decoded.
    pub fn image_count(&self) -> usize {
        self.library.image_count()
    }

    /// Number of articles across all laws.
    pub fn article_count(&self) -> usize {
        self.laws.iter().map(|l| l.articles.len()).sum()
    }

    /// Every article `citations` point into, once each, in the order first cited,
    /// with its law (the proof sheet and the staff overlay show them whole).
    pub fn cited_articles(&self, citations: &[Citation]) -> Vec<(&Arc<Law>, &Article)> {
        let mut seen = std::collections::BTreeSet::new();
        citations
            .iter()
            .filter(|c| seen.insert((c.law_id.as_str(), c.cite.article)))
            .filter_map(|c| {
                let law = self.laws.get(&c.law_id)?;
                Some((law, law.article(c.cite.article)?))
            })
            .collect()
    }
}

/// Loads and validates a whole folder. Errors mean the folder must not go live.
pub fn load(root: &Path) -> Result<Content, Vec<Diagnostic>> {
    load_with_cache(root, &mut LoadCache::default())
}

/// [`load`], reusing what `cache` knows about unchanged files.
pub fn load_with_cache(root: &Path, cache: &mut LoadCache) -> Result<Content, Vec<Diagnostic>> {
    load_from(Source::Disk, root, cache)
}

/// [`load`] on a folder held in memory, by the same code that reads one on disk.
/// Diagnostics name files relative to the folder, as they do on disk; the
/// content's pictures are named the same way, as there is no file to load them from.
pub fn load_memory(files: &MemoryFolder) -> Result<Content, Vec<Diagnostic>> {
    let root = Path::new("");
    let source = Source::Memory {
        root,
        folder: files,
    };
    load_from(source, root, &mut LoadCache::default())
}

fn load_from(
    source: Source,
    root: &Path,
    cache: &mut LoadCache,
) -> Result<Content, Vec<Diagnostic>> {
    let mut folder = Folder::open(source, root, cache)?;
    let content = if folder.is_there() {
        read(&mut folder)
    } else {
        None
    };
    let diagnostics = folder.finish();
    match content {
        Some(mut content) if !diagnostics.iter().any(Diagnostic::is_error) => {
            content.warnings = diagnostics;
            Ok(content)
        }
        _ => Err(diagnostics),
    }
}

/// Every kind of content in the folder, each checked against its rules; `None`
/// when there is no playlist to show.
fn read(folder: &mut Folder) -> Option<Content> {
    let laws = law_library::load(folder);
    let mut library = Library::load(folder, &laws);
    let campaigns = campaign::load(folder, &laws, &mut library);
    let ticker = ticker::load(folder, &laws);
    let playlist = playlist::load(folder, &library);
    let roadmap = roadmap::load(folder, &laws);
    let online = online::load(folder);
    let topics = topics::load(folder, &laws);
    let notice = notice::load(folder, &laws);
    let pages = voice::Pages {
        online: online.as_ref(),
        topics: &topics,
    };
    let scripts = voice::scripts(&laws, &library, roadmap.as_ref(), pages);
    let voices = voice::load(folder, &scripts);
    let playlist = playlist?;
    Some(Content {
        root: folder.root().to_path_buf(),
        laws,
        library,
        playlist: playlist.items,
        guide_comic: playlist.guide_comic,
        ticker,
        campaigns,
        roadmap,
        online,
        topics,
        notice,
        warnings: Vec::new(),
        voices,
        approved: None,
    })
}
