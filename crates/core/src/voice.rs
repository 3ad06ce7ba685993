//! Read aloud (朗读, issue 24): recorded voice beside the content, for visitors who
//! cannot read the screen easily.
//!
//! The voice is content, like the pictures: recorded by staff (or made by a speech
//! tool on an office PC and marked as a draft), checked against the words it
//! reads, approved with everything else. It lives in the content folder's
//! `voice/` folder, one recording per roadmap step, panel or comic scene:
//!
//! ```text
//! voice/step-visit.ogg          the recording (Ogg Vorbis or WAV)
//! voice/step-visit.voice.ron    what it reads, and whether it is a draft
//! ```
//!
//! A recording whose words no longer match the item's (one character changed) is
//! stale: `check` names it and what changed, and the player does not play it.
//! A recording that does not decode, or that runs far longer than its words take
//! to read, is named too and not played.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::folder::{Folder, Parsed};
use crate::item::{Library, Rotating, cited_words};
use crate::law_library::LawLibrary;
use crate::online::Online;
use crate::roadmap::Roadmap;
use crate::topics::Topic;

/// The folder of recordings inside the content folder.
pub const DIR: &str = "voice";
/// The sidecar's ending: `voice/step-visit.voice.ron` beside `voice/step-visit.ogg`.
pub const SIDECAR: &str = ".voice.ron";
/// The recordings' endings, in the order a stem's files are looked for.
pub const AUDIO: [&str; 2] = ["ogg", "wav"];
/// The largest recording read: ten minutes of speech is far less.
pub const MAX_AUDIO_BYTES: u64 = 32 * 1024 * 1024;
/// The words read in a comic scene before its verdict, as the screen labels it.
pub const VERDICTS: (&str, &str) = ("误区", "正确做法");
/// Slowest reading still taken for speech: characters a second. A recording
/// longer than its words at this pace, plus [`SLACK_SECONDS`], is not what it says.
pub const SLOWEST_CHARS_PER_SECOND: f32 = 1.5;
/// Silence and pauses allowed on top.
pub const SLACK_SECONDS: f32 = 8.0;

/// What a recording reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A step of the 路线图, by id.
    Step(String),
    /// A panel, by id.
    Panel(String),
    /// A scene of a comic: the comic's id and the scene's number from 1.
    Scene(String, usize),
    /// A touch page whose words are short and come from the content: one of
    /// [`PAGES`] (`home`, `topics`: its list of questions, `online`).
    Page(String),
}

/// The touch pages that may be read aloud, in the order the home page lists them.
/// Not the law library (法规查询) nor a question's articles: whole articles are
/// too long for one recording.
pub const PAGES: [&str; 3] = ["home", "topics", "online"];

impl Target {
    /// The file name without its ending: `step-visit`, `panel-channels`,
    /// `comic-zoufang-wuqu-3`.
    pub fn stem(&self) -> String {
        // A campaign's items are named `<campaign>/<id>`: the file name says
        // `<campaign>.<id>`, so every recording stays in voice/ itself.
        let flat = |id: &str| id.replace('/', ".");
        match self {
            Self::Step(id) => format!("step-{}", flat(id)),
            Self::Panel(id) => format!("panel-{}", flat(id)),
            Self::Scene(id, n) => format!("comic-{}-{n}", flat(id)),
            Self::Page(name) => format!("page-{name}"),
        }
    }

    /// The target a file stem names, if any.
    pub fn from_stem(stem: &str) -> Option<Self> {
        let id = |flat: &str| flat.replace('.', "/");
        if let Some(flat) = stem.strip_prefix("step-") {
            return Some(Self::Step(id(flat)));
        }
        if let Some(flat) = stem.strip_prefix("panel-") {
            return Some(Self::Panel(id(flat)));
        }
        if let Some(name) = stem.strip_prefix("page-") {
            return PAGES.contains(&name).then(|| Self::Page(name.to_owned()));
        }
        let rest = stem.strip_prefix("comic-")?;
        let (flat, n) = rest.rsplit_once('-')?;
        let n: usize = n.parse().ok().filter(|n| *n >= 1)?;
        Some(Self::Scene(id(flat), n))
    }

    /// How staff call it: 路线图步骤 “visit”.
    pub fn label(&self) -> (String, String) {
        match self {
            Self::Step(id) => (format!("路线图步骤 “{id}”"), format!("roadmap step `{id}`")),
            Self::Panel(id) => (format!("展板 “{id}”"), format!("panel `{id}`")),
            Self::Scene(id, n) => (
                format!("漫画 “{id}” 第 {n} 幕"),
                format!("comic `{id}` scene {n}"),
            ),
            Self::Page(name) => (format!("触摸页面 “{name}”"), format!("touch page `{name}`")),
        }
    }
}

/// One thing that may be read aloud: what, its title for the person recording,
/// and the exact words.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub target: Target,
    pub title: String,
    pub words: String,
}

/// What the touch pages that may be read aloud show, besides the library and
/// the roadmap.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pages<'a> {
    pub online: Option<&'a Online>,
    pub topics: &'a [Topic],
}

/// The interface's own words on the pages read aloud: the player's message
/// table, the very file the player shows them from.
#[derive(Debug, Clone, Deserialize)]
pub struct Interface {
    pub home_title: String,
    pub tile_roadmap: String,
    pub tile_roadmap_note: String,
    pub tile_comic: String,
    pub tile_comic_note: String,
    pub tile_browser: String,
    pub tile_browser_note: String,
    pub tile_topics: String,
    pub tile_topics_note: String,
    pub tile_online: String,
    pub tile_online_note: String,
    pub bureau_title: String,
    pub bureau_address: String,
    pub bureau_hours: String,
    pub bureau_phone: String,
    pub bureau_online: String,
}

const MESSAGES: &str = include_str!("../../../assets/messages/zh-CN.ron");

impl Interface {
    /// The built-in table's words (only zh-CN today); `None` only if the table
    /// does not parse, which a unit test rules out.
    pub fn zh_cn() -> Option<Self> {
        ron::from_str(MESSAGES).ok()
    }
}

/// The words of each touch page that may be read aloud, in reading order (title,
/// then what the page shows, top to bottom), as the player draws them: the home
/// page's title, its tiles (only those the content has) and the bureau's card;
/// 按问题找's list of questions with their notes; 网上信访's title, note and the
/// names under its codes.
fn page_scripts(
    laws: &LawLibrary,
    library: &Library,
    roadmap: Option<&Roadmap>,
    pages: Pages,
) -> Vec<Script> {
    let Some(ui) = Interface::zh_cn() else {
        return Vec::new();
    };
    let script = |name: &str, title: &str, lines: Vec<String>| Script {
        target: Target::Page(name.to_owned()),
        title: title.to_owned(),
        words: lines.join("\n"),
    };
    let mut out = Vec::new();
    let mut home = vec![ui.home_title.clone()];
    for (shown, title, note) in [
        (roadmap.is_some(), &ui.tile_roadmap, &ui.tile_roadmap_note),
        (
            !library.comics.is_empty(),
            &ui.tile_comic,
            &ui.tile_comic_note,
        ),
        (
            laws.primary().is_some(),
            &ui.tile_browser,
            &ui.tile_browser_note,
        ),
        (
            !pages.topics.is_empty(),
            &ui.tile_topics,
            &ui.tile_topics_note,
        ),
        (
            pages.online.is_some(),
            &ui.tile_online,
            &ui.tile_online_note,
        ),
    ] {
        if shown {
            home.push(format!("{title}\n{note}"));
        }
    }
    let labels = crate::bureau::Labels {
        address: &ui.bureau_address,
        hours: &ui.bureau_hours,
        phone: &ui.bureau_phone,
        online: &ui.bureau_online,
    };
    if let Some(lines) = library.bureau.as_ref().and_then(|b| b.lines(&labels))
        && let Some((first, rest)) = lines.split_first()
    {
        home.push(format!("{}　{first}", ui.bureau_title));
        home.extend(rest.iter().cloned());
    }
    out.push(script("home", &ui.home_title, home));
    if !pages.topics.is_empty() {
        let mut lines = vec![ui.tile_topics.clone()];
        for topic in pages.topics {
            lines.push(match &topic.note {
                Some(note) => format!("{}\n{note}", topic.title),
                None => topic.title.clone(),
            });
        }
        out.push(script("topics", &ui.tile_topics, lines));
    }
    if let Some(online) = pages.online {
        let mut lines = vec![online.title.clone()];
        lines.extend(online.note.iter().cloned());
        lines.extend(online.links.iter().map(|l| l.label.clone()));
        out.push(script("online", &online.title, lines));
    }
    out
}

/// Everything that may be read aloud, in reading order: the home page, the
/// roadmap's steps in the order they are listed, each panel, each comic's
/// scenes, then 按问题找 and 网上信访 (the home page's order).
pub fn scripts(
    laws: &LawLibrary,
    library: &Library,
    roadmap: Option<&Roadmap>,
    pages: Pages,
) -> Vec<Script> {
    let mut out = Vec::new();
    let mut touch = page_scripts(laws, library, roadmap, pages);
    let rest = touch.split_off(touch.len().min(1));
    out.extend(touch);
    for step in roadmap.map(|r| r.steps.as_slice()).unwrap_or_default() {
        out.push(Script {
            target: Target::Step(step.id.clone()),
            title: step.title.clone(),
            words: cited_words(
                laws,
                format!("{}。{}", step.title, step.body),
                &step.citations,
                None,
            ),
        });
    }
    for (id, panel) in &library.panels {
        // A panel of several pages is read as one recording, page after page.
        let words = panel.reading(laws, VERDICTS).join("\n");
        if !words.is_empty() {
            out.push(Script {
                target: Target::Panel(id.clone()),
                title: panel.title.clone(),
                words,
            });
        }
    }
    for (id, comic) in &library.comics {
        for (i, words) in comic.reading(laws, VERDICTS).into_iter().enumerate() {
            let title = comic
                .scenes
                .get(i)
                .map_or_else(String::new, |s| format!("{}：{}", comic.title, s.title));
            out.push(Script {
                target: Target::Scene(id.clone(), i + 1),
                title,
                words,
            });
        }
    }
    out.extend(rest);
    out
}

/// `voice/<stem>.voice.ron` as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// The exact words the recording reads, as they were when it was made.
    pub reads: String,
    /// Made by a speech program, not yet recorded by a person: plays only where
    /// `kiosk.ron` allows drafts.
    #[serde(default)]
    pub draft: bool,
    /// Who or what made it (a name, or the speech command), for the record.
    #[serde(default)]
    pub made_by: Option<String>,
}

/// A recording that matches its item's words and decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub audio: PathBuf,
    pub seconds: f32,
    pub draft: bool,
}

/// Every playable recording of the folder, by what it reads; each problem is
/// pushed as a warning (a recording never stops the content going live; a bad
/// one is only not played).
pub(crate) fn load(folder: &mut Folder, scripts: &[Script]) -> BTreeMap<Target, Voice> {
    let dir = folder.root().join(DIR);
    let mut voices = BTreeMap::new();
    let words: BTreeMap<&Target, &str> = scripts
        .iter()
        .map(|s| (&s.target, s.words.as_str()))
        .collect();
    let mut stems: Vec<(String, PathBuf)> = Vec::new();
    for ext in AUDIO {
        for path in folder.list(&dir, ext) {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                stems.push((stem.to_owned(), path.clone()));
            }
        }
    }
    stems.sort();
    for pair in stems.windows(2) {
        let [(kept, kept_path), (stem, extra)] = pair else {
            continue;
        };
        if kept == stem {
            folder.push_warning(
                Diagnostic::error(
                    folder.shown(extra),
                    0,
                    0,
                    format!("“{kept}” 有两个录音文件，只用 {}", name(kept_path)),
                    format!(
                        "`{kept}` has two recordings; only {} is used",
                        name(kept_path)
                    ),
                )
                .help("删掉不用的那个", "remove the one not meant"),
            );
        }
    }
    stems.dedup_by(|a, b| a.0 == b.0);
    for (stem, audio) in stems {
        let shown = folder.shown(&audio);
        let Some(target) = Target::from_stem(&stem).filter(|t| words.contains_key(t)) else {
            folder.push_warning(
                Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!("录音 “{stem}” 不对应任何路线图步骤、展板、漫画场景或触摸页面，不会播放"),
                    format!("the recording `{stem}` matches no roadmap step, panel, comic scene or touch page; it is not played"),
                )
                .help(
                    "文件名应为 step-步骤编号、panel-展板编号、comic-漫画编号-第几幕 或 page-home、page-topics、page-online；运行 pufa-kiosk voice 可列出每个文件名",
                    "name it step-ID, panel-ID, comic-ID-N or page-home, page-topics, page-online; `pufa-kiosk voice` lists every name",
                ),
            );
            continue;
        };
        let (zh_item, en_item) = target.label();
        let sidecar_path = dir.join(format!("{stem}{SIDECAR}"));
        if !folder.exists(&sidecar_path) {
            folder.push_warning(
                Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!("录音没有说明文件 {stem}{SIDECAR}（写明它读的文字），不会播放"),
                    format!("the recording has no {stem}{SIDECAR} saying the words it reads; it is not played"),
                )
                .help(
                    "运行 pufa-kiosk voice --out 文件夹，按录音稿保存录音和说明文件",
                    "run `pufa-kiosk voice --out DIR` and save each recording with the sidecar it writes",
                ),
            );
            continue;
        }
        let Some(Parsed {
            value: sidecar,
            shown: sidecar_shown,
            spans,
        }) = folder.read::<Sidecar>(&sidecar_path).or_else(|| {
            // A sidecar that does not parse was reported as an error by `read`;
            // it stops only this recording.
            folder.demote_last_error();
            None
        })
        else {
            continue;
        };
        let now = words.get(&target).copied().unwrap_or_default();
        if sidecar.reads != now {
            let (old, new) = changed_part(&sidecar.reads, now);
            folder.push_warning(
                Diagnostic::error(
                    &sidecar_shown,
                    spans.value("reads").0,
                    spans.value("reads").1,
                    format!(
                        "{zh_item} 的文字改了，录音 {} 还是旧的，不会播放：“{old}” 改成了 “{new}”",
                        name(&audio)
                    ),
                    format!(
                        "the words of {en_item} changed since {} was recorded; it is not played: “{old}” is now “{new}”",
                        name(&audio)
                    ),
                )
                .help(
                    "按新文字重新录音（pufa-kiosk voice 列出要读的文字），再更新说明文件的 reads",
                    "record it again with the new words (`pufa-kiosk voice` lists them) and update `reads` in the sidecar",
                ),
            );
            continue;
        }
        let seconds = match folder.audio_seconds(&audio) {
            Ok(s) => s,
            Err(why) => {
                folder.push_warning(
                    Diagnostic::error(
                        &shown,
                        0,
                        0,
                        format!("录音无法解码（{why}），不会播放"),
                        format!("the recording does not decode ({why}); it is not played"),
                    )
                    .help(
                        "重新导出为 Ogg Vorbis 或 WAV（PCM）文件",
                        "export it again as Ogg Vorbis or WAV (PCM)",
                    ),
                );
                continue;
            }
        };
        let chars = now.chars().filter(|c| !c.is_whitespace()).count() as f32;
        let longest = chars / SLOWEST_CHARS_PER_SECOND + SLACK_SECONDS;
        if seconds > longest {
            folder.push_warning(
                Diagnostic::error(
                    &shown,
                    0,
                    0,
                    format!(
                        "录音长 {seconds:.0} 秒，读这 {chars:.0} 个字最多约需 {longest:.0} 秒：可能录错了内容，不会播放"
                    ),
                    format!(
                        "the recording runs {seconds:.0} s; its {chars:.0} characters take at most about {longest:.0} s to read: it may hold something else, and is not played"
                    ),
                )
                .help(
                    "听一遍，剪掉多余的部分或重新录音",
                    "listen to it, cut what does not belong, or record it again",
                ),
            );
            continue;
        }
        voices.insert(
            target,
            Voice {
                audio,
                seconds,
                draft: sidecar.draft,
            },
        );
    }
    voices
}

fn name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The part of `old` that differs from `new`, and what stands there now, with a
/// few characters around for context.
pub fn changed_part(old: &str, new: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = |v: &[char]| v.iter().skip(prefix).rev().copied().collect::<Vec<char>>();
    let suffix = tail(&a)
        .iter()
        .zip(&tail(&b))
        .take_while(|(x, y)| x == y)
        .count();
    let from = prefix.saturating_sub(4);
    let cut = |v: &[char]| -> String {
        let end = (v.len().saturating_sub(suffix) + 4).min(v.len());
        v.iter().skip(from).take(end.saturating_sub(from)).collect()
    };
    (cut(&a), cut(&b))
}

/// Decodes a recording whole: its length in seconds, or why it cannot be played.
/// Ogg Vorbis and WAV (PCM), told apart by their first bytes, not their names.
pub fn probe(bytes: &[u8]) -> Result<f32, String> {
    if bytes.starts_with(b"OggS") {
        let mut reader = lewton::inside_ogg::OggStreamReader::new(Cursor::new(bytes))
            .map_err(|e| format!("Ogg Vorbis: {e}"))?;
        let rate = reader.ident_hdr.audio_sample_rate.max(1);
        let channels = usize::from(reader.ident_hdr.audio_channels.max(1));
        let mut samples = 0usize;
        loop {
            match reader.read_dec_packet() {
                Ok(Some(packet)) => samples += packet.first().map_or(0, Vec::len),
                Ok(None) => break,
                Err(e) => return Err(format!("Ogg Vorbis: {e}")),
            }
        }
        let _ = channels;
        if samples == 0 {
            return Err("no sound in it / 没有声音".into());
        }
        return Ok(samples as f32 / rate as f32);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        let reader = hound::WavReader::new(Cursor::new(bytes)).map_err(|e| format!("WAV: {e}"))?;
        let spec = reader.spec();
        let frames = reader.duration();
        let expected = u64::from(frames)
            * u64::from(spec.channels)
            * u64::from(spec.bits_per_sample.div_ceil(8));
        let body = bytes.len() as u64;
        if frames == 0 {
            return Err("no sound in it / 没有声音".into());
        }
        if expected > body {
            return Err(format!(
                "WAV: cut short ({body} bytes hold less than the {expected} its header promises)"
            ));
        }
        return Ok(frames as f32 / spec.sample_rate.max(1) as f32);
    }
    Err("neither Ogg Vorbis nor WAV / 既不是 Ogg Vorbis 也不是 WAV".into())
}

/// What `kiosk.ron` says about reading aloud.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VoiceSettings {
    /// Loudness, 0–1, of the recordings as they are.
    pub volume: f32,
    /// The lobby's limit: `volume` is never taken above it.
    pub max_volume: f32,
    /// Whether draft recordings (made by a speech program) may play.
    pub allow_drafts: bool,
    /// Whether slides in the rotation read themselves aloud (off: only a tap on
    /// 朗读 plays anything).
    pub rotation: bool,
    /// Hours when the rotation stays silent, kiosk time, e.g. [("12:00", "14:00")].
    pub quiet_hours: Vec<(String, String)>,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        Self {
            volume: 0.8,
            max_volume: 0.9,
            allow_drafts: false,
            rotation: false,
            quiet_hours: Vec::new(),
        }
    }
}

impl VoiceSettings {
    /// The loudness a recording plays at.
    pub fn loudness(&self) -> f32 {
        self.volume.clamp(0.0, self.max_volume.clamp(0.0, 1.0))
    }

    /// Whether `voice` may play under these settings.
    pub fn may_play(&self, voice: &Voice) -> bool {
        !voice.draft || self.allow_drafts
    }

    /// Whether the rotation may read aloud at `minute` of the day (0–1439).
    pub fn rotation_speaks_at(&self, minute: u32) -> bool {
        self.rotation
            && !self
                .quiet_hours
                .iter()
                .any(|(from, to)| match (minute_of(from), minute_of(to)) {
                    (Some(a), Some(b)) if a <= b => (a..b).contains(&minute),
                    (Some(a), Some(b)) => minute >= a || minute < b,
                    _ => false,
                })
    }
}

/// "HH:MM" as minutes of the day.
pub fn minute_of(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WAV of `seconds` of a quiet tone, 8 kHz mono 16-bit.
    pub(crate) fn wav(seconds: f32) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..(seconds * 8000.0) as usize {
            w.write_sample(((i as f32 * 0.05).sin() * 3000.0) as i16)
                .unwrap();
        }
        w.finalize().unwrap();
        out.into_inner()
    }

    const REGULATION: &str = "# 信访工作条例\n\n第一条 甲。\n\n第二条 信访人在15日内乙。\n";
    const PANEL: &str =
        "(title: \"标题\", body: Some(\"信访人应当如实反映情况\"), cites: [(article: 1)])";

    /// A folder with panels `a` and `b`, and `extra` files.
    fn folder(extra: Vec<(&str, Vec<u8>)>) -> crate::content::Content {
        let mut files: crate::source::MemoryFolder = [
            ("laws/tiaoli.md", REGULATION.as_bytes().to_vec()),
            ("laws/laws.ron", b"(primary: \"tiaoli\")".to_vec()),
            (
                "playlist.ron",
                b"(items: [Panel(id: \"a\"), Panel(id: \"b\")])".to_vec(),
            ),
            ("panels/a.ron", PANEL.as_bytes().to_vec()),
            ("panels/b.ron", PANEL.replace("标题", "另一个").into_bytes()),
        ]
        .into_iter()
        .collect();
        for (path, bytes) in extra {
            files.insert(path, bytes);
        }
        crate::content::load_memory(&files).unwrap_or_else(|d| panic!("{d:#?}"))
    }

    fn sidecar(words: &str, draft: bool) -> Vec<u8> {
        format!("(reads: {words:?}, draft: {draft})").into_bytes()
    }

    #[test]
    fn a_recording_plays_only_while_its_words_match_and_it_decodes() {
        let words = |c: &crate::content::Content, id: &str| {
            c.voice_scripts()
                .into_iter()
                .find(|s| s.target == Target::Panel(id.into()))
                .unwrap()
                .words
        };
        let bare = folder(Vec::new());
        let a = words(&bare, "a");
        assert!(
            a.starts_with("标题\n信访人应当如实反映情况") || a.contains("信访人应当如实反映情况"),
            "{a}"
        );
        assert!(
            a.contains("《信访工作条例》第一条"),
            "the citation is read too: {a}"
        );
        let good = folder(vec![
            ("voice/panel-a.wav", wav(3.0)),
            ("voice/panel-a.voice.ron", sidecar(&a, true)),
        ]);
        let v = &good.voices[&Target::Panel("a".into())];
        assert!(v.draft && (v.seconds - 3.0).abs() < 0.01, "{v:?}");
        assert!(good.warnings.is_empty(), "{:#?}", good.warnings);
        // One character of the panel's body changed: stale, named, not played.
        let stale = folder(vec![
            ("voice/panel-a.wav", wav(3.0)),
            (
                "voice/panel-a.voice.ron",
                sidecar(&a.replace("应当", "应"), false),
            ),
        ]);
        assert!(stale.voices.is_empty());
        let w = &stale.warnings[0];
        assert_eq!(w.file, Path::new("voice/panel-a.voice.ron"));
        assert!(
            w.zh.contains("展板 “a” 的文字改了") && w.zh.contains("panel-a.wav"),
            "{}",
            w.zh
        );
        assert!(
            w.en.contains("“信访人应如实反映” is now “信访人应当如实反映”"),
            "{}",
            w.en
        );
        // Cut short, not audio at all, too long, with no sidecar, for no item.
        let broken = folder(vec![
            ("voice/panel-a.wav", wav(3.0)[..2000].to_vec()),
            ("voice/panel-a.voice.ron", sidecar(&a, false)),
            ("voice/panel-b.ogg", b"OggS not really".to_vec()),
            (
                "voice/panel-b.voice.ron",
                sidecar(&words(&bare, "b"), false),
            ),
            ("voice/step-nowhere.wav", wav(1.0)),
        ]);
        assert!(broken.voices.is_empty());
        let said: Vec<String> = broken
            .warnings
            .iter()
            .map(|w| format!("{} {}", w.file.display(), w.en))
            .collect();
        assert!(
            said.iter()
                .any(|s| s.starts_with("voice/panel-a.wav") && s.contains("cut short")),
            "{said:#?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("voice/panel-b.ogg") && s.contains("does not decode")),
            "{said:#?}"
        );
        assert!(
            said.iter().any(|s| s.starts_with("voice/step-nowhere.wav")
                && s.contains("matches no roadmap step")),
            "{said:#?}"
        );
        assert!(
            broken.warnings.iter().all(|w| !w.is_error()),
            "a recording never stops the content"
        );
        let long = folder(vec![
            ("voice/panel-a.wav", wav(120.0)),
            ("voice/panel-a.voice.ron", sidecar(&a, false)),
            ("voice/panel-b.wav", wav(2.0)),
        ]);
        assert!(long.voices.is_empty());
        let said: Vec<&str> = long.warnings.iter().map(|w| w.en.as_str()).collect();
        assert!(said.iter().any(|s| s.contains("runs 120 s")), "{said:#?}");
        assert!(
            said.iter().any(|s| s.contains("no panel-b.voice.ron")),
            "{said:#?}"
        );
    }

    #[test]
    fn stems_name_their_targets_both_ways() {
        for t in [
            Target::Step("visit".into()),
            Target::Panel("channels".into()),
            Target::Scene("zoufang-wuqu".into(), 3),
            Target::Panel("1204/courts".into()),
            Target::Scene("527/comic".into(), 2),
            Target::Page("home".into()),
            Target::Page("topics".into()),
            Target::Page("online".into()),
        ] {
            assert!(!t.stem().contains('/'), "{}", t.stem());
            assert_eq!(Target::from_stem(&t.stem()), Some(t.clone()));
        }
        assert_eq!(Target::from_stem("comic-x-0"), None);
        assert_eq!(Target::from_stem("poster-x"), None);
        assert_eq!(Target::from_stem("page-browser"), None, "not read aloud");
        assert_eq!(Target::Page("topics".into()).stem(), "page-topics");
    }

    #[test]
    fn the_interface_table_gives_the_pages_their_words() {
        let ui = Interface::zh_cn().expect("the message table parses");
        assert_eq!(ui.tile_topics, "按问题找");
    }

    /// 按问题找 and 网上信访 read what they show, from the content; one
    /// character of topics.ron changed makes the topics page's recording stale.
    #[test]
    fn a_touch_page_recording_goes_stale_when_one_character_of_its_content_changes() {
        const TOPICS: &str = "(topics: [(title: \"我想反映问题\", note: Some(\"可以用哪些方式反映\"), articles: [(article: 1)]), (title: \"期限\", articles: [(article: 2)])])";
        const ONLINE: &str = "(title: \"网上信访\", note: Some(\"用手机扫码\"), links: [(label: \"国家信访局网上信访\", url: \"https://wsxf.gjxfj.gov.cn/\")])";
        let with = |topics: &str, extra: Vec<(&str, Vec<u8>)>| {
            let mut files = vec![
                ("topics.ron", topics.as_bytes().to_vec()),
                ("online.ron", ONLINE.as_bytes().to_vec()),
            ];
            files.extend(extra);
            folder(files)
        };
        let bare = with(TOPICS, Vec::new());
        let scripts = bare.voice_scripts();
        let targets: Vec<String> = scripts.iter().map(|s| s.target.stem()).collect();
        assert_eq!(
            targets,
            [
                "page-home",
                "panel-a",
                "panel-b",
                "page-topics",
                "page-online"
            ],
            "in reading order"
        );
        let words = |stem: &str| {
            scripts
                .iter()
                .find(|s| s.target.stem() == stem)
                .unwrap()
                .words
                .clone()
        };
        assert_eq!(
            words("page-topics"),
            "按问题找\n我想反映问题\n可以用哪些方式反映\n期限"
        );
        assert_eq!(
            words("page-online"),
            "网上信访\n用手机扫码\n国家信访局网上信访"
        );
        let home = words("page-home");
        assert!(
            home.starts_with("请选择您要了解的内容\n法规查询\n")
                && home.contains("按问题找")
                && home.contains("网上信访")
                && !home.contains("信访路线图"),
            "only the tiles the content has: {home}"
        );
        let recorded = |topics: &str| {
            with(
                topics,
                vec![
                    ("voice/page-topics.wav", wav(3.0)),
                    (
                        "voice/page-topics.voice.ron",
                        sidecar(&words("page-topics"), true),
                    ),
                ],
            )
        };
        let good = recorded(TOPICS);
        assert!(good.voices.contains_key(&Target::Page("topics".into())));
        assert!(good.warnings.is_empty(), "{:#?}", good.warnings);
        let stale = recorded(&TOPICS.replace("哪些", "哪"));
        assert!(stale.voices.is_empty());
        let w = &stale.warnings[0];
        assert_eq!(w.file, Path::new("voice/page-topics.voice.ron"));
        assert!(
            w.zh.contains("触摸页面 “topics” 的文字改了") && w.zh.contains("page-topics.wav"),
            "{}",
            w.zh
        );
        assert!(
            w.en.contains("“可以用哪些方式反映” is now “可以用哪方式反映”"),
            "{}",
            w.en
        );
    }

    #[test]
    fn a_recording_is_measured_and_a_broken_one_is_named() {
        let good = wav(2.5);
        assert!((probe(&good).unwrap() - 2.5).abs() < 0.01);
        let cut = &good[..good.len() / 2];
        assert!(
            probe(cut).unwrap_err().contains("cut short"),
            "{:?}",
            probe(cut)
        );
        assert!(
            probe(b"OggS\0\0garbage")
                .unwrap_err()
                .starts_with("Ogg Vorbis")
        );
        assert!(
            probe(b"#!/bin/sh\nrm -rf /")
                .unwrap_err()
                .contains("neither")
        );
    }

    #[test]
    fn the_changed_part_is_shown_with_a_little_context() {
        let (old, new) = changed_part("信访人应当如实反映情况", "信访人应如实反映情况");
        assert_eq!(
            (old.as_str(), new.as_str()),
            ("信访人应当如实反映", "信访人应如实反映")
        );
    }

    #[test]
    fn loudness_keeps_to_the_lobby_limit_and_quiet_hours_silence_the_rotation() {
        let s = VoiceSettings {
            volume: 1.0,
            max_volume: 0.6,
            rotation: true,
            quiet_hours: vec![
                ("12:00".into(), "14:00".into()),
                ("22:00".into(), "07:00".into()),
            ],
            ..VoiceSettings::default()
        };
        assert_eq!(s.loudness(), 0.6);
        assert!(s.rotation_speaks_at(11 * 60 + 59));
        assert!(!s.rotation_speaks_at(12 * 60));
        assert!(!s.rotation_speaks_at(23 * 60));
        assert!(!s.rotation_speaks_at(6 * 60));
        assert!(s.rotation_speaks_at(14 * 60));
        let draft = Voice {
            audio: PathBuf::new(),
            seconds: 1.0,
            draft: true,
        };
        assert!(!s.may_play(&draft));
        assert!(
            VoiceSettings {
                allow_drafts: true,
                ..s
            }
            .may_play(&draft)
        );
    }
}
