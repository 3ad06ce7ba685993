//! Comics (`comics/<id>/comic.ron`, pictures beside it): scenes that show a
//! mistake and then the lawful way, each resting on the articles it cites.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::{Diagnostic, Severity};
use super::folder::{Folder, ImageRef, Parsed};
use super::law::{Cite, Law};
use super::locate::{self, InOrder};

/// Whether a comic scene shows a mistake or the lawful way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Verdict {
    /// 误区: what not to do.
    Mistake,
    /// 正确做法: the lawful way.
    Lawful,
}

/// Speech bubble placed on a frame, in fractions of the image size.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bubble {
    pub text: String,
    /// Left edge, 0.0–1.0 of the image width.
    pub x: f32,
    /// Top edge, 0.0–1.0 of the image height.
    pub y: f32,
}

/// One picture of a scene.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameFile {
    /// Image file, relative to the comic's folder.
    pub image: String,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub bubbles: Vec<Bubble>,
}

/// One scene of a comic.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneFile {
    pub title: String,
    pub verdict: Verdict,
    pub frames: Vec<FrameFile>,
    /// Why it is wrong, or what the lawful way is, in one or two sentences.
    pub explanation: String,
    pub cites: Vec<Cite>,
}

/// `comics/<id>/comic.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComicFile {
    pub title: String,
    pub scenes: Vec<SceneFile>,
}

/// One picture of a comic scene; `image` is `None` when the picture failed to decode
/// (the scene still plays, its caption standing in).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub image: Option<ImageRef>,
    pub caption: Option<String>,
    pub bubbles: Vec<Bubble>,
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

/// Every comic in `comics/` that passes its rules, by folder name.
pub(crate) fn load(
    folder: &mut Folder,
    laws: &BTreeMap<String, Arc<Law>>,
) -> BTreeMap<String, Comic> {
    let mut comics = BTreeMap::new();
    for dir in folder.folders(&folder.root().join("comics")) {
        let path = dir.join("comic.ron");
        if !path.exists() {
            let d = Diagnostic::error(
                folder.shown(&dir),
                0,
                0,
                "漫画文件夹里没有 comic.ron",
                "the comic folder has no comic.ron",
            )
            .help(
                "复制完整的漫画文件夹，或删除这个文件夹",
                "copy the whole comic folder, or remove this one",
            );
            folder.push(d);
            continue;
        }
        if !folder.inside_root(&path) {
            continue;
        }
        let Some(Parsed {
            value: file,
            text,
            shown,
        }) = folder.read::<ComicFile>(&path)
        else {
            continue;
        };
        let id = dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if let Some(comic) = comic(folder, laws, &dir, id.clone(), file, &text, &shown) {
            comics.insert(id, comic);
        }
    }
    comics
}

fn comic(
    folder: &mut Folder,
    laws: &BTreeMap<String, Arc<Law>>,
    dir: &Path,
    id: String,
    file: ComicFile,
    text: &str,
    shown: &Path,
) -> Option<Comic> {
    let errors_before = folder.error_count();
    if file.title.trim().is_empty() {
        let (line, column) = locate::field_position(text, "title");
        folder.push(
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
        let (line, column) = locate::field_position(text, "scenes");
        folder.push(
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
    let written = InOrder::new(text);
    let mut cursor = written.find_from(0, "scenes:").unwrap_or(0);
    let mut scenes = Vec::new();
    let mut scene_positions = Vec::new();
    for scene in file.scenes {
        let title_anchor = format!("title: \"{}\"", scene.title);
        let anchors = ["scenes:", title_anchor.as_str()];
        let scene_at = written.find_from(cursor, &title_anchor);
        let (line, column) = match scene_at {
            Some(at) => written.line_column(at),
            None => locate::locate(text, &anchors),
        };
        let scene_from = scene_at.unwrap_or(cursor);
        cursor = scene_at.map_or(cursor, |at| at + title_anchor.len());
        scene_positions.push((line, column));
        if scene.title.trim().is_empty() {
            folder.push(
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
            written.place(next, needle).unwrap_or((line, column))
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
            folder.push(
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
            folder.push(
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
        let mut next_cite = written
            .find_from(scene_from, "cites:")
            .unwrap_or(scene_from);
        for cite in &scene.cites {
            let mut chain = anchors.to_vec();
            chain.push("cites:");
            let pushed = folder.diagnostics.len();
            let r = citation::resolve(laws, cite, text, shown, &chain, &mut folder.diagnostics);
            let at = place(&mut next_cite, &format!("article: {}", cite.article));
            point(&mut folder.diagnostics[pushed..], at);
            if let Some(r) = r {
                resolved.push(r);
            }
        }
        // Every number a citizen reads must be in the cited articles; each text is
        // checked on its own so the report points at the one holding the number.
        let check_numbers = |diagnostics: &mut Vec<Diagnostic>, words: &str, at: (usize, usize)| {
            let pushed = diagnostics.len();
            citation::check_numbers(&resolved, words, text, shown, &anchors, diagnostics);
            point(&mut diagnostics[pushed..], at);
        };
        check_numbers(&mut folder.diagnostics, &scene.title, (line, column));
        let mut next_explanation = scene_from;
        let at = place(&mut next_explanation, "explanation:");
        check_numbers(&mut folder.diagnostics, &scene.explanation, at);
        let (mut next_image, mut next_caption, mut next_bubble) =
            (scene_from, scene_from, scene_from);
        let mut frames = Vec::new();
        for frame in scene.frames {
            if let Some(caption) = &frame.caption {
                let at = place(&mut next_caption, &format!("\"{caption}\""));
                check_numbers(&mut folder.diagnostics, caption, at);
            }
            for b in &frame.bubbles {
                let (line, column) = place(&mut next_bubble, &format!("\"{}\"", b.text));
                check_numbers(&mut folder.diagnostics, &b.text, (line, column));
                if !(0.0..=1.0).contains(&b.x) || !(0.0..=1.0).contains(&b.y) {
                    folder.push(
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
                folder.push(
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
            let pushed = folder.diagnostics.len();
            let quoted = format!("\"{}\"", frame.image);
            // A picture that does not decode skips that frame but lets the comic play.
            let image = folder.image(dir, &frame.image, text, shown, &quoted, Severity::Warning);
            let at = place(&mut next_image, &quoted);
            point(&mut folder.diagnostics[pushed..], at);
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
            folder.push(
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
    (folder.error_count() == errors_before).then_some(Comic {
        id,
        title: file.title,
        scenes,
    })
}
