//! The kinds of content that rotate, in one place: how `playlist.ron` names each
//! kind, where its files live, and what an entry resolves to.
//!
//! Adding a kind of content: write its module (file type, resolved type, rules),
//! add a variant to [`Entry`] and [`Item`], a field to [`Library`] and a line to
//! [`Library::load`]; the compiler then lists every match left to extend (in the
//! player: the slide drawer).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use super::bureau::{self, Bureau};
use super::citation::{self, Citation};
use super::comic::{self, Comic};
use super::folder::Folder;
use super::law_library::LawLibrary;
use super::layout::Metrics;
use super::pacing::Transition;
use super::pages;
use super::panel::{self, Panel};
use super::scene;

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

/// A kind of content that rotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Panel,
    Comic,
    Bureau,
}

/// The bureau's profile is one of a kind: this is its name.
const BUREAU_ID: &str = "bureau";

impl Kind {
    /// The kind's name in file names and logs (`panel`, `comic`).
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

    /// Where an item of this kind named `id` is expected, inside the content folder.
    pub fn expected_path(self, id: &str) -> String {
        match self {
            Kind::Panel => format!("panels/{id}.ron"),
            Kind::Comic => format!("comics/{id}/comic.ron"),
            Kind::Bureau => bureau::FILE_NAME.to_owned(),
        }
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

    /// How many slides it shows on a screen of metrics `m` (a long panel pages).
    pub fn slide_count(&self, m: &Metrics) -> usize {
        match self {
            Item::Panel(p) => pages::panel_pages(p, m).len().max(1),
            Item::Comic(c) => c.scenes.len(),
            Item::Bureau(_) => 1,
        }
    }

    /// How many slides page `page` takes: a comic scene whose explanation does not
    /// fit one slide goes on to more, never cut.
    pub fn parts(&self, page: usize, m: &Metrics) -> usize {
        match self {
            Item::Comic(c) => c
                .scenes
                .get(page)
                .map_or(1, |s| scene::scene_parts(s, m).max(1)),
            Item::Panel(_) | Item::Bureau(_) => 1,
        }
    }

    /// Seconds per slide the item asks for itself, before the playlist's.
    pub fn own_seconds(&self) -> Option<f32> {
        match self {
            Item::Panel(p) => p.seconds,
            Item::Comic(_) | Item::Bureau(_) => None,
        }
    }

    /// What slide `slide` is called for people: the panel's title, the comic
    /// scene's, the bureau's name.
    pub fn title(&self, slide: usize) -> String {
        match self {
            Item::Panel(p) => p.title.clone(),
            Item::Comic(c) => c
                .scenes
                .get(slide)
                .map_or_else(|| c.title.clone(), |s| s.title.clone()),
            Item::Bureau(b) => b.name.clone(),
        }
    }

    /// The citations slide `slide` shows: the panel's (every page's footer names
    /// them all), the comic scene's; the bureau's profile states facts, no law.
    pub fn citations(&self, slide: usize) -> Vec<Citation> {
        match self {
            Item::Panel(p) => p.citations.clone(),
            Item::Comic(c) => c
                .scenes
                .get(slide)
                .map(|s| s.citations.clone())
                .unwrap_or_default(),
            Item::Bureau(_) => Vec::new(),
        }
    }

    /// What the item says, slide by slide, as running text with its citation, for
    /// a board too small for slides that runs everything as one line. A comic
    /// scene says whether it shows a mistake (`mistake`) or the lawful way
    /// (`lawful`), so a mistake is never read as advice.
    pub fn reading(&self, laws: &LawLibrary, (mistake, lawful): (&str, &str)) -> Vec<String> {
        let cited = |words: String, citations: &[Citation], source: Option<&String>| match source {
            _ if !citations.is_empty() => {
                format!("{words}（{}）", citation::line(laws, citations))
            }
            Some(source) => format!("{words}（来源：{source}）"),
            None => words,
        };
        match self {
            Item::Panel(p) => {
                let said = match (&p.body, &p.quote) {
                    (Some(body), _) => body.clone(),
                    (None, Some(q)) => format!("“{}”", q.lines.concat()),
                    (None, None) => String::new(),
                };
                let head = match &p.subtitle {
                    Some(sub) => format!("{}——{sub}", p.title),
                    None => p.title.clone(),
                };
                vec![cited(
                    format!("{head}：{said}"),
                    &p.citations,
                    p.source.as_ref(),
                )]
            }
            Item::Comic(c) => c
                .scenes
                .iter()
                .map(|s| {
                    let verdict = match s.verdict {
                        comic::Verdict::Mistake => mistake,
                        comic::Verdict::Lawful => lawful,
                    };
                    cited(
                        format!("【{verdict}】{}：{}", s.title, s.explanation),
                        &s.citations,
                        None,
                    )
                })
                .collect(),
            Item::Bureau(b) => vec![format!(
                "{}：{}；{}；{}",
                b.name, b.address, b.hours, b.phone
            )],
        }
    }

    /// The pictures slide `slide` shows, to decode before it comes up.
    pub fn pictures(&self, slide: usize) -> Vec<PathBuf> {
        match self {
            Item::Panel(p) => p.image.iter().map(|i| i.path.clone()).collect(),
            Item::Comic(c) => c
                .scenes
                .get(slide)
                .map(|s| {
                    s.frames
                        .iter()
                        .filter_map(|f| f.image.as_ref().map(|i| i.path.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            Item::Bureau(b) => b.map.iter().map(|i| i.path.clone()).collect(),
        }
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
        let mut on_disk = BTreeSet::new();
        let key = |kind, id: String| ItemKey { kind, id };
        // Listed without reporting: each kind's loader reports on its own files.
        on_disk.extend(
            folder
                .stems_in(&root.join("panels"), "ron")
                .into_iter()
                .map(|id| key(Kind::Panel, id)),
        );
        on_disk.extend(
            folder
                .names_in(&root.join("comics"))
                .into_iter()
                .map(|id| key(Kind::Comic, id)),
        );
        if folder.exists(&root.join(bureau::FILE_NAME)) {
            on_disk.insert(key(Kind::Bureau, BUREAU_ID.into()));
        }
        // The profile is expected where citizens are guided: a touch folder.
        let touch = folder.exists(&root.join("roadmap.ron"));
        Self {
            panels: arcs(panel::load(folder, laws)),
            comics: arcs(comic::load(folder, laws)),
            bureau: bureau::load(folder, touch).map(Arc::new),
            on_disk,
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
