//! Comics (`comics/<id>/comic.ron`, pictures beside it): scenes that show a
//! mistake and then the lawful way, each resting on the articles it cites.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::{Diagnostic, Severity};
use super::folder::{Folder, ImageRef, Parsed};
use super::item::{Kind, Rotating, cited_words};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::layout::Metrics;
use super::scene;
use super::spans::Spans;

/// The longest comic or scene title, in characters, that the comic format's
/// comment allows.
pub const TITLE_MAX: usize = 10;

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

/// Every comic in `base`'s `comics/` that passes its rules, by folder name after
/// `prefix` (a campaign's comics are `<campaign>/<name>`).
pub(crate) fn load_in(
    folder: &mut Folder,
    laws: &LawLibrary,
    base: &Path,
    prefix: &str,
) -> BTreeMap<String, Comic> {
    let mut comics = BTreeMap::new();
    for dir in folder.folders(&base.join(Kind::Comic.layout().folder().unwrap_or_default())) {
        let Some(path) = folder.item_file(&dir, "comic.ron", ("漫画", "comic")) else {
            continue;
        };
        let Some(Parsed {
            value: file,
            spans,
            shown,
        }) = folder.read::<ComicFile>(&path)
        else {
            continue;
        };
        let name = dir.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        let id = format!("{prefix}{name}");
        if let Some(comic) = comic(folder, laws, &dir, id.clone(), file, &spans, &shown) {
            comics.insert(id, comic);
        }
    }
    comics
}

fn comic(
    folder: &mut Folder,
    laws: &LawLibrary,
    dir: &Path,
    id: String,
    file: ComicFile,
    spans: &Spans,
    shown: &Path,
) -> Option<Comic> {
    let errors_before = folder.error_count();
    if file.title.trim().is_empty() {
        let (line, column) = spans.field("title");
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
        let (line, column) = spans.field("scenes");
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
    folder.diagnostics.extend(Diagnostic::too_long(
        shown,
        spans.value("title"),
        "title",
        &file.title,
        TITLE_MAX,
    ));
    let mut scenes = Vec::new();
    let mut scene_positions = Vec::new();
    for (i, scene) in file.scenes.into_iter().enumerate() {
        let in_scene = |path: &str| format!("scenes[{i}].{path}");
        let (line, column) = spans.field(&in_scene("title"));
        scene_positions.push((line, column));
        folder.diagnostics.extend(Diagnostic::too_long(
            shown,
            spans.value(&in_scene("title")),
            &in_scene("title"),
            &scene.title,
            TITLE_MAX,
        ));
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
        for (k, cite) in scene.cites.iter().enumerate() {
            let written = spans.field(&in_scene(&format!("cites[{k}].article")));
            if let Some(r) = citation::resolve(laws, cite, shown, written, &mut folder.diagnostics)
            {
                resolved.push(r);
            }
        }
        // Every number a citizen reads must be in the cited articles; each text is
        // checked on its own so the report points at the one holding the number.
        let check_numbers = |diagnostics: &mut Vec<Diagnostic>, words: &str, path: &str| {
            citation::check_numbers(&resolved, words, shown, spans.value(path), diagnostics);
        };
        check_numbers(&mut folder.diagnostics, &scene.title, &in_scene("title"));
        check_numbers(
            &mut folder.diagnostics,
            &scene.explanation,
            &in_scene("explanation"),
        );
        let mut frames = Vec::new();
        for (f, frame) in scene.frames.into_iter().enumerate() {
            let in_frame = |path: &str| in_scene(&format!("frames[{f}].{path}"));
            if let Some(caption) = &frame.caption {
                check_numbers(&mut folder.diagnostics, caption, &in_frame("caption"));
            }
            for (b, bubble) in frame.bubbles.iter().enumerate() {
                let text = in_frame(&format!("bubbles[{b}].text"));
                check_numbers(&mut folder.diagnostics, &bubble.text, &text);
                if !(0.0..=1.0).contains(&bubble.x) || !(0.0..=1.0).contains(&bubble.y) {
                    let (line, column) = spans.value(&text);
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
                let (line, column) = spans.field(&in_frame("image"));
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
            // A picture that does not decode skips that frame but lets the comic play.
            let image = folder.image(
                dir,
                &frame.image,
                shown,
                spans.value(&in_frame("image")),
                Severity::Warning,
            );
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
            let (line, column) = scene_positions.get(i).copied().unwrap_or_default();
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

impl Rotating for Comic {
    fn slide_count(&self, _: &Metrics) -> usize {
        self.scenes.len()
    }

    fn parts(&self, page: usize, m: &Metrics) -> usize {
        self.scenes
            .get(page)
            .map_or(1, |s| scene::scene_parts(s, m).max(1))
    }

    fn own_seconds(&self) -> Option<f32> {
        None
    }

    fn title(&self, slide: usize) -> String {
        self.scenes
            .get(slide)
            .map_or_else(|| self.title.clone(), |s| s.title.clone())
    }

    fn citations(&self, slide: usize) -> Vec<Citation> {
        self.scenes
            .get(slide)
            .map(|s| s.citations.clone())
            .unwrap_or_default()
    }

    fn reading(&self, laws: &LawLibrary, (mistake, lawful): (&str, &str)) -> Vec<String> {
        self.scenes
            .iter()
            .map(|s| {
                let verdict = match s.verdict {
                    Verdict::Mistake => mistake,
                    Verdict::Lawful => lawful,
                };
                cited_words(
                    laws,
                    format!("【{verdict}】{}：{}", s.title, s.explanation),
                    &s.citations,
                    None,
                )
            })
            .collect()
    }

    fn pictures(&self, slide: usize) -> Vec<PathBuf> {
        self.scenes
            .get(slide)
            .map(|s| {
                s.frames
                    .iter()
                    .filter_map(|f| f.image.as_ref().map(|i| i.path.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}
