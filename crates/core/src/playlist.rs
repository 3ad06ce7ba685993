//! The playlist (`playlist.ron`): which panels and comics rotate, in order, with
//! their timing.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::comic::Comic;
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::pacing::{self, Transition};
use super::panel::Panel;
use super::suggest::closest;

/// One entry of `playlist.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PlaylistEntry {
    /// A panel by file stem.
    Panel {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
    /// A comic by folder name, played scene by scene.
    Comic {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
}

/// `playlist.ron`: what rotates, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaylistFile {
    pub items: Vec<PlaylistEntry>,
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

/// The playlist; every entry must name a panel or comic that is in the folder.
pub(crate) fn load(
    folder: &mut Folder,
    panels: &BTreeMap<String, Panel>,
    comics: &BTreeMap<String, Comic>,
) -> Option<Vec<PlaylistItem>> {
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
    let panel_files: Vec<String> = folder
        .list(&folder.root().join("panels"), "ron")
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .collect();
    let comic_folders = folder.names_in(&folder.root().join("comics"));
    let mut items = Vec::new();
    for (i, entry) in file.items.into_iter().enumerate() {
        let (kind, seconds, transition, exists, on_disk) = match entry {
            PlaylistEntry::Panel {
                id,
                seconds,
                transition,
            } => {
                let exists = panels.contains_key(&id);
                let on_disk = panel_files.contains(&id);
                (ItemKind::Panel(id), seconds, transition, exists, on_disk)
            }
            PlaylistEntry::Comic {
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
        folder.diagnostics.extend(pacing::check_seconds(
            seconds,
            &shown,
            spans.field(&format!("items[{i}].seconds")),
        ));
        if !exists && !on_disk {
            let (line, column) = spans.field(&format!("items[{i}].id"));
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
            folder.push(match help {
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
