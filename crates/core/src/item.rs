//! The kinds of content that rotate, in one place: how `playlist.ron` names each
//! kind, where its files live, and what an entry resolves to.
//!
//! Adding a kind of content: write its module (file type, resolved type, rules,
//! and its [`Rotating`] implementation, which has no defaults), add a variant to
//! [`Kind`], [`Entry`] and [`Item`] and a field to [`Library`]; the compiler then
//! lists every match left to extend: the kind's folder and names here, its line
//! in [`Library::load`] and [`Library::get`], and in the player its slide drawer.
//! No match on a kind has a catch-all arm, so none is missed silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use strum::VariantArray;

use super::bureau::{self, Bureau};
use super::citation::{self, Citation};
use super::comic::{self, Comic};
use super::folder::Folder;
use super::law_library::LawLibrary;
use super::layout::Metrics;
use super::pacing::Transition;
use super::panel::{self, Panel};

/// One entry of `playlist.ron`: a kind, the item's name, and optional timing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Entry {
    /// A panel by file stem (`panels/<id>.ron`).
    Panel {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
    /// A comic by folder name (`comics/<id>/comic.ron`), played scene by scene.
    Comic {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
    /// The bureau's profile (`bureau.ron`): address, reception hours, phone. It
    /// plays only once no field is a placeholder.
    Bureau {
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
}

impl Entry {
    /// The entry's kind, name and timing, whatever its kind.
    pub fn parts(&self) -> (Kind, &str, Option<f32>, Option<Transition>) {
        match self {
            Entry::Panel {
                id,
                seconds,
                transition,
            } => (Kind::Panel, id, *seconds, *transition),
            Entry::Comic {
                id,
                seconds,
                transition,
            } => (Kind::Comic, id, *seconds, *transition),
            Entry::Bureau {
                seconds,
                transition,
            } => (Kind::Bureau, BUREAU_ID, *seconds, *transition),
        }
    }
}

/// A kind of content that rotates. `Kind::VARIANTS` lists every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::VariantArray)]
pub enum Kind {
    Panel,
    Comic,
    Bureau,
}

/// The bureau's profile is one of a kind: this is its name.
const BUREAU_ID: &str = "bureau";

impl Kind {
    /// The kind's name in file names, logs and the statistics (`panel`, `comic`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Panel => "panel",
            Kind::Comic => "comic",
            Kind::Bureau => "bureau",
        }
    }

    /// The kind's name for staff, in Chinese.
    pub fn name_zh(self) -> &'static str {
        match self {
            Kind::Panel => "展板",
            Kind::Comic => "漫画",
            Kind::Bureau => "本局信息",
        }
    }

    /// How the items of this kind lie in a content folder (or a campaign's).
    pub fn layout(self) -> Layout {
        match self {
            Kind::Panel => Layout::FilesIn("panels"),
            Kind::Comic => Layout::FoldersIn("comics", "comic.ron"),
            Kind::Bureau => Layout::One(bureau::FILE_NAME),
        }
    }

    /// Where an item of this kind named `id` is expected, inside the content folder.
    pub fn expected_path(self, id: &str) -> String {
        match self.layout() {
            Layout::FilesIn(dir) => format!("{dir}/{id}.ron"),
            Layout::FoldersIn(dir, file) => format!("{dir}/{id}/{file}"),
            Layout::One(file) => file.to_owned(),
        }
    }

    /// The names of the items of this kind whose files lie under `base` (the
    /// content folder or a campaign's), valid or not, without reporting: each
    /// kind's loader reports on its own files.
    pub(crate) fn on_disk(self, folder: &mut Folder, base: &Path) -> Vec<String> {
        match self.layout() {
            Layout::FilesIn(dir) => folder.stems_in(&base.join(dir), "ron"),
            Layout::FoldersIn(dir, _) => folder.names_in(&base.join(dir)),
            Layout::One(file) => {
                if folder.exists(&base.join(file)) {
                    vec![BUREAU_ID.to_owned()]
                } else {
                    Vec::new()
                }
            }
        }
    }
}

/// How a kind's items lie in a content folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One `.ron` file each in this folder, named by the item.
    FilesIn(&'static str),
    /// A folder each in this folder, named by the item, holding this file and its
    /// pictures.
    FoldersIn(&'static str, &'static str),
    /// One file of this name; the item is one of a kind.
    One(&'static str),
}

impl Layout {
    /// The folder the items lie in, for a kind that has one.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Layout::FilesIn(dir) | Layout::FoldersIn(dir, _) => Some(dir),
            Layout::One(_) => None,
        }
    }
}

/// What the rotation, the proof sheet and the staff overlay need of every kind of
/// content. Each kind implements it in its own module; nothing has a default, so
/// a new kind does not compile until it answers each.
pub trait Rotating {
    /// How many slides it shows on a screen of metrics `m` (a long panel pages).
    fn slide_count(&self, m: &Metrics) -> usize;
    /// How many slides page `page` takes: a comic scene whose explanation does
    /// not fit one slide goes on to more, never cut.
    fn parts(&self, page: usize, m: &Metrics) -> usize;
    /// Seconds per slide the item asks for itself, before the playlist's.
    fn own_seconds(&self) -> Option<f32>;
    /// What slide `slide` is called for people.
    fn title(&self, slide: usize) -> String;
    /// The citations slide `slide` shows.
    fn citations(&self, slide: usize) -> Vec<Citation>;
    /// What the item says, slide by slide, as running text with its citation
    /// (see [`Item::reading`]).
    fn reading(&self, laws: &LawLibrary, verdicts: (&str, &str)) -> Vec<String>;
    /// The pictures slide `slide` shows, to decode before it comes up.
    fn pictures(&self, slide: usize) -> Vec<PathBuf>;
}

/// Words with their citations (or, failing those, their source) after them, as
/// the running text of [`Rotating::reading`] gives them.
pub fn cited_words(
    laws: &LawLibrary,
    words: String,
    citations: &[Citation],
    source: Option<&String>,
) -> String {
    match source {
        _ if !citations.is_empty() => format!("{words}（{}）", citation::line(laws, citations)),
        Some(source) => format!("{words}（来源：{source}）"),
        None => words,
    }
}

/// Which item: its kind and name. Stays the same when the item's words change, so
/// the rotation keeps its place across a reload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub kind: Kind,
    pub id: String,
}

/// An item of the rotation, holding its resolved content.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Panel(Arc<Panel>),
    Comic(Arc<Comic>),
    Bureau(Arc<Bureau>),
}

impl Item {
    /// Which item this is.
    pub fn key(&self) -> ItemKey {
        let (kind, id) = match self {
            Item::Panel(p) => (Kind::Panel, p.id.as_str()),
            Item::Comic(c) => (Kind::Comic, c.id.as_str()),
            Item::Bureau(_) => (Kind::Bureau, BUREAU_ID),
        };
        ItemKey {
            kind,
            id: id.to_owned(),
        }
    }

    /// The item as its kind's [`Rotating`].
    fn rotating(&self) -> &dyn Rotating {
        match self {
            Item::Panel(p) => p.as_ref(),
            Item::Comic(c) => c.as_ref(),
            Item::Bureau(b) => b.as_ref(),
        }
    }

    /// How many slides it shows on a screen of metrics `m` (a long panel pages).
    pub fn slide_count(&self, m: &Metrics) -> usize {
        self.rotating().slide_count(m)
    }

    /// How many slides page `page` takes: a comic scene whose explanation does not
    /// fit one slide goes on to more, never cut.
    pub fn parts(&self, page: usize, m: &Metrics) -> usize {
        self.rotating().parts(page, m)
    }

    /// Seconds per slide the item asks for itself, before the playlist's.
    pub fn own_seconds(&self) -> Option<f32> {
        self.rotating().own_seconds()
    }

    /// What slide `slide` is called for people: the panel's title, the comic
    /// scene's, the bureau's name.
    pub fn title(&self, slide: usize) -> String {
        self.rotating().title(slide)
    }

    /// The citations slide `slide` shows: the panel's (every page's footer names
    /// them all), the comic scene's; the bureau's profile states facts, no law.
    pub fn citations(&self, slide: usize) -> Vec<Citation> {
        self.rotating().citations(slide)
    }

    /// What the item says, slide by slide, as running text with its citation: for
    /// a board too small for slides that runs everything as one line, and for
    /// staff checking what plays. A comic scene says whether it shows a mistake
    /// (`mistake`) or the lawful way (`lawful`), so a mistake is never read as
    /// advice.
    pub fn reading(&self, laws: &LawLibrary, verdicts: (&str, &str)) -> Vec<String> {
        self.rotating().reading(laws, verdicts)
    }

    /// The pictures slide `slide` shows, to decode before it comes up.
    pub fn pictures(&self, slide: usize) -> Vec<PathBuf> {
        self.rotating().pictures(slide)
    }
}

/// Every item of every kind in the folder that passed its rules, by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Library {
    pub panels: BTreeMap<String, Arc<Panel>>,
    pub comics: BTreeMap<String, Arc<Comic>>,
    /// The bureau's profile; show it only through [`Bureau::lines`], which is
    /// `None` while any field is still a placeholder.
    pub bureau: Option<Arc<Bureau>>,
    /// Items whose files are in the folder, valid or not: a playlist entry for one
    /// that failed its rules is not reported a second time as missing.
    pub on_disk: BTreeSet<ItemKey>,
}

impl Library {
    /// Reads every kind's files, each checked against its rules.
    pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary) -> Self {
        let root = folder.root().to_path_buf();
        let mut library = Self::default();
        library.load_items(folder, laws, &root, "");
        library
    }

    /// Reads the items of every kind under `base` (the content folder, or a
    /// campaign's folder with `prefix` before each name), each checked against its
    /// rules, into the library. A kind that is one of a kind (the bureau's profile)
    /// is the content folder's alone.
    pub(crate) fn load_items(
        &mut self,
        folder: &mut Folder,
        laws: &LawLibrary,
        base: &Path,
        prefix: &str,
    ) {
        let own_folder = prefix.is_empty();
        // Listed first, without reporting: each kind's loader reports on its own
        // files, and a playlist entry for one that failed its rules is then not
        // reported a second time as missing.
        for &kind in Kind::VARIANTS {
            if own_folder || kind.layout().folder().is_some() {
                let ids = kind.on_disk(folder, base);
                self.on_disk.extend(ids.into_iter().map(|id| ItemKey {
                    kind,
                    id: format!("{prefix}{id}"),
                }));
            }
        }
        for &kind in Kind::VARIANTS {
            match kind {
                Kind::Panel => self
                    .panels
                    .extend(arcs(panel::load_in(folder, laws, base, prefix))),
                Kind::Comic => self
                    .comics
                    .extend(arcs(comic::load_in(folder, laws, base, prefix))),
                Kind::Bureau if own_folder => {
                    // The profile is expected where citizens are guided: a touch
                    // folder.
                    let touch = folder.exists(&base.join("roadmap.ron"));
                    self.bureau = bureau::load(folder, touch).map(Arc::new);
                }
                Kind::Bureau => {}
            }
        }
    }

    /// The item `key` names, if it passed its rules.
    pub fn get(&self, key: &ItemKey) -> Option<Item> {
        match key.kind {
            Kind::Panel => self.panels.get(&key.id).cloned().map(Item::Panel),
            Kind::Comic => self.comics.get(&key.id).cloned().map(Item::Comic),
            Kind::Bureau => self
                .bureau
                .clone()
                .filter(|b| b.is_real())
                .map(Item::Bureau),
        }
    }

    /// Names of the valid items of `kind`, for "did you mean".
    pub fn names(&self, kind: Kind) -> Vec<&String> {
        match kind {
            Kind::Panel => self.panels.keys().collect(),
            Kind::Comic => self.comics.keys().collect(),
            Kind::Bureau => Vec::new(),
        }
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
}

pub(crate) fn arcs<T>(map: BTreeMap<String, T>) -> BTreeMap<String, Arc<T>> {
    map.into_iter().map(|(k, v)| (k, Arc::new(v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(placeholders: Vec<&'static str>) -> Library {
        Library {
            bureau: Some(Arc::new(Bureau {
                name: "湖滨区信访局".into(),
                address: "人民路100号".into(),
                hours: "周一至周五".into(),
                phone: "0571-12345678".into(),
                online: None,
                map: None,
                placeholders,
            })),
            ..Library::default()
        }
    }

    #[test]
    fn the_bureau_rotates_only_once_no_field_is_a_placeholder() {
        let key = ItemKey {
            kind: Kind::Bureau,
            id: BUREAU_ID.into(),
        };
        assert_eq!(library(vec!["phone"]).get(&key), None);
        let item = library(Vec::new()).get(&key).expect("a real profile plays");
        assert_eq!(item.key(), key);
        let m = Metrics::new(1920.0, 1080.0, 55.0, 1.0);
        assert_eq!(item.slide_count(&m), 1);
    }
}
