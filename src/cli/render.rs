//! Draws every page to PNG for approval and audits the layout; with `--only`,
//! just one item's slides (the staff console's preview).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::core::content::Content;
use crate::core::item::{ItemKey, Kind};
use crate::core::playlist::PlaylistItem;
use crate::player;

use super::shared::*;

pub fn render(
    config: &Path,
    content_dir: Option<&Path>,
    size: (u32, u32),
    out: PathBuf,
    at: Option<&str>,
    only: Option<&str>,
) -> ExitCode {
    let (mut live, at) = match state_at(config, content_dir, at) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let rendered = match only {
        None => player::render_offscreen(live, size, Some(out), at),
        // The rotation as it plays at `at` (campaigns mixed in or taking over,
        // their ticker), without the touch pages: the console's preview of a moment.
        Some(ON_AIR) => player::render_slides_offscreen(live, size, out, at),
        Some(name) => {
            if let Some(page) = only_page(&live.content, name) {
                player::render_pages_offscreen(live, size, out, at, vec![page])
            } else {
                let Some(content) = only_item(&live.content, name) else {
                    eprintln!(
                        "✗ 内容里没有 “{name}”：写成 panel:展板文件名、comic:漫画文件夹名 或 step:路线图步骤编号\n\
                         ✗ no item `{name}` in the content: write panel:NAME, comic:NAME or step:ID"
                    );
                    return ExitCode::from(2);
                };
                live.content = Arc::new(content);
                player::render_slides_offscreen(live, size, out, at)
            }
        }
    };
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    for f in &rendered.files {
        println!("{}", f.display());
    }
    layout_verdict(&rendered.problems, size)
}

/// The touch page `name` names (`step:ID`, a roadmap step), by its picture's
/// name; `None` when it names none.
pub fn only_page(content: &Content, name: &str) -> Option<String> {
    let id = name.strip_prefix("step:")?;
    content
        .roadmap
        .as_ref()?
        .steps
        .iter()
        .any(|s| s.id == id)
        .then(|| format!("roadmap-{id}"))
}

/// `--only on-air`: every slide on air at `--at`, and no touch page.
pub const ON_AIR: &str = "on-air";

/// `content` playing only the item `name` (`panel:ID` or `comic:ID`), with no
/// campaign mixed in; `None` when there is no such item.
pub fn only_item(content: &Content, name: &str) -> Option<Content> {
    let (kind, id) = name.split_once(':')?;
    let kind = [Kind::Panel, Kind::Comic]
        .into_iter()
        .find(|k| k.name() == kind)?;
    let item = content.library.get(&ItemKey {
        kind,
        id: id.to_owned(),
    })?;
    let mut only = content.clone();
    only.playlist = vec![PlaylistItem {
        item,
        seconds: None,
        transition: None,
    }];
    only.campaigns.clear();
    Some(only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plays_the_one_item_named() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&root).unwrap();
        let only = only_item(&content, "panel:handling-60").unwrap();
        assert_eq!(only.playlist.len(), 1);
        assert_eq!(only.playlist[0].item.key().id, "handling-60");
        assert!(only.campaigns.is_empty());
        assert!(only_item(&content, "comic:zoufang-wuqu").is_some());
        assert!(only_item(&content, "panel:no-such").is_none());
        assert!(only_item(&content, "handling-60").is_none());
        assert!(only_item(&content, "poster:handling-60").is_none());
        assert_eq!(
            only_page(&content, "step:matter").as_deref(),
            Some("roadmap-matter")
        );
        assert!(only_page(&content, "step:no-such").is_none());
        assert!(only_page(&content, "panel:handling-60").is_none());
    }
}
