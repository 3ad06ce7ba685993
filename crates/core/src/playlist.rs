//! The playlist (`playlist.ron`): which panels and comics rotate, in order, with
//! their timing.

use std::path::Path;

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::item::{Entry, Item, ItemKey, Kind, Library};
use super::pacing::{self, Transition};
use super::spans::Spans;
use super::suggest::closest;

/// `playlist.ron`: what rotates, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaylistFile {
    pub items: Vec<Entry>,
    /// What the touch guide shows; optional.
    #[serde(default)]
    pub guide: GuideFile,
}

/// `guide: (comic: "…")` in `playlist.ron`: which comic the guide's 常见误区 opens.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideFile {
    /// A comic's folder name; empty (or left out) for the playlist's first comic.
    /// A plain string, not `Some(…)`, as staff write it.
    #[serde(default)]
    pub comic: String,
}

/// The playlist, and the comic the guide opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub items: Vec<PlaylistItem>,
    /// The comic the guide's 常见误区 opens: the one `guide.comic` names, else the
    /// first comic in the playlist, else the folder's first comic (not a
    /// campaign's). Decided once, here, not by how folder names sort.
    pub guide_comic: Option<String>,
}

/// One entry of the rotation: the item, with its timing.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaylistItem {
    pub item: Item,
    /// Seconds per page or scene.
    pub seconds: Option<f32>,
    pub transition: Option<Transition>,
}

/// The playlist; every entry must name a panel or comic that is in the folder.
pub(crate) fn load(folder: &mut Folder, library: &Library) -> Option<Loaded> {
    let path = folder.root().join("playlist.ron");
    if !folder.exists(&path) {
        folder.push(
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
        spans,
        shown,
    } = folder.read::<PlaylistFile>(&path)?;
    if file.items.is_empty() {
        let (line, column) = spans.field("items");
        folder.push(
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
    let items = resolve(
        folder,
        library,
        &file.items,
        &Written {
            shown: &shown,
            spans: &spans,
            path: "items",
            own: None,
        },
    );
    let named = Some(file.guide.comic.trim()).filter(|id| !id.is_empty());
    let guide_comic = match named {
        Some(id) if library.comics.contains_key(id) => Some(id.to_owned()),
        Some(id) => {
            let (line, column) = spans.value("guide.comic");
            let d = Diagnostic::error(
                &shown,
                line,
                column,
                format!("guide.comic 指定的漫画 “{id}” 不存在（应为 comics/{id}/comic.ron）"),
                format!("guide.comic names no comic `{id}` (expected comics/{id}/comic.ron)"),
            );
            folder.push(match closest(id, library.names(Kind::Comic).into_iter()) {
                Some(name) => d.help(
                    format!("是不是 “{name}”？"),
                    format!("did you mean `{name}`?"),
                ),
                None => d.help(
                    "写 comics 文件夹里某个漫画的文件夹名，或删掉这一项",
                    "name a comic folder under comics/, or leave the field out",
                ),
            });
            None
        }
        None => items
            .iter()
            .find_map(|p| match &p.item {
                Item::Comic(c) => Some(c.id.clone()),
                _ => None,
            })
            .or_else(|| library.comics.keys().find(|id| !id.contains('/')).cloned()),
    };
    Some(Loaded { items, guide_comic })
}

/// Where a list of entries is written, and whose items it may name first.
pub(crate) struct Written<'a> {
    pub(crate) shown: &'a Path,
    pub(crate) spans: &'a Spans,
    /// The list's path in its file (`items`).
    pub(crate) path: &'a str,
    /// A campaign's name: its own items (`<name>/<id>`) are found before the
    /// folder's.
    pub(crate) own: Option<&'a str>,
}

/// The items `entries` name, each with its timing; every one that is not in
/// `library` is reported where it is written.
pub(crate) fn resolve(
    folder: &mut Folder,
    library: &Library,
    entries: &[Entry],
    written: &Written,
) -> Vec<PlaylistItem> {
    let Written {
        shown,
        spans,
        path,
        own,
    } = *written;
    let mut items = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let (kind, id, seconds, transition) = entry.parts();
        folder.diagnostics.extend(pacing::check_seconds(
            seconds,
            shown,
            spans.field(&format!("{path}[{i}].seconds")),
        ));
        let key = ItemKey {
            kind,
            id: id.to_owned(),
        };
        let keys = own
            .map(|name| ItemKey {
                kind,
                id: format!("{name}/{id}"),
            })
            .into_iter()
            .chain([key]);
        let keys: Vec<ItemKey> = keys.collect();
        if let Some(item) = keys.iter().find_map(|k| library.get(k)) {
            items.push(PlaylistItem {
                item,
                seconds,
                transition,
            });
            continue;
        }
        // An item whose file is there but broke its rules has its own report.
        if keys.iter().any(|k| library.on_disk.contains(k)) {
            continue;
        }
        let (line, column) = spans.field(&format!("{path}[{i}].id"));
        let (name, expected) = (kind.name_zh(), kind.expected_path(id));
        let d = Diagnostic::error(
            shown,
            line,
            column,
            format!("找不到{name} “{id}”（应为 {expected}）"),
            format!("no {} `{id}` (expected {expected})", kind.name()),
        );
        folder.push(match closest(id, library.names(kind).into_iter()) {
            Some(name) => d.help(
                format!("是不是 “{name}”？"),
                format!("did you mean `{name}`?"),
            ),
            None => d.help(
                "检查名称，或把文件复制进来",
                "check the name, or copy the file in",
            ),
        });
    }
    items
}
