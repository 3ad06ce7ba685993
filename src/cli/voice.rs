//! `pufa-kiosk voice --out DIR [--synthesize CMD]`: the script for the person
//! recording the bureau's voice (朗读, issue 24), and, with a speech command of the
//! office's choice, draft recordings to play until the real ones are made.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::content::{self, Content};
use crate::core::report;
use crate::core::settings::Settings;
use crate::core::voice::{self, Script, Target};

use super::shared::*;

/// Why an item is in the script.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Need {
    /// No recording at all.
    Missing,
    /// A recording that is stale, broken or has no sidecar: it does not play.
    Again,
    /// A draft made by a speech program: a person should record it.
    Draft,
}

impl Need {
    fn words(self) -> &'static str {
        match self {
            Self::Missing => "未录 / not recorded",
            Self::Again => {
                "需要重录（文字改过、无法解码或缺说明文件）/ record again (words changed, does not decode, or no sidecar)"
            }
            Self::Draft => {
                "草稿（语音合成），需真人录制 / a draft by a speech program: record it properly"
            }
        }
    }
}

fn need(content: &Content, target: &Target) -> Option<Need> {
    match content.voices.get(target) {
        Some(v) if v.draft => Some(Need::Draft),
        Some(_) => None,
        None => {
            let stem = target.stem();
            let dir = content.root.join(voice::DIR);
            let any = voice::AUDIO
                .iter()
                .any(|ext| dir.join(format!("{stem}.{ext}")).exists());
            Some(if any { Need::Again } else { Need::Missing })
        }
    }
}

/// The sidecar's text: what the recording reads, with a comment saying what it is.
pub fn sidecar_text(script: &Script, draft: bool, made_by: Option<&str>) -> String {
    let (zh, en) = script.target.label();
    let made_by = made_by.map_or_else(|| "None".to_owned(), |m| format!("Some({m:?})"));
    format!(
        "// {zh}：{title} 的录音说明。reads 是录音读的原文，一字不差；文字改了，录音就要重录。\n\
         // Sidecar of the recording of {en}: `reads` holds the exact words it reads.\n\
         // draft: true = 语音合成的草稿 / made by a speech program, not yet by a person.\n\
         (\n    reads: {reads:?},\n    draft: {draft},\n    made_by: {made_by},\n)\n",
        title = script.title,
        reads = script.words,
    )
}

pub fn voice(
    config: &Path,
    content_dir: Option<&Path>,
    out: &Path,
    synthesize: Option<&str>,
) -> ExitCode {
    let dir = match (content_dir, Settings::load(config)) {
        (Some(d), _) => d.to_path_buf(),
        (None, Ok(s)) => s.content_dir,
        (None, Err(diagnostics)) => {
            let _ = report::write(&diagnostics, Path::new("."), &mut stderr());
            return ExitCode::FAILURE;
        }
    };
    let content = match content::load(&dir) {
        Ok(c) => c,
        Err(diagnostics) => {
            let _ = report::write(&diagnostics, &dir, &mut stderr());
            eprintln!(
                "✗ 内容有错误，先改正再写录音稿 / the content has errors: fix them before writing the script"
            );
            return ExitCode::FAILURE;
        }
    };
    let command = match synthesize.map(shlex::split) {
        Some(None) => {
            eprintln!(
                "✗ --synthesize 的命令写法有误（引号不成对？）/ --synthesize: cannot split the command (unbalanced quotes?)"
            );
            return ExitCode::from(2);
        }
        Some(Some(words)) if words.is_empty() => {
            eprintln!("✗ --synthesize 的命令是空的 / --synthesize: the command is empty");
            return ExitCode::from(2);
        }
        Some(Some(words)) => Some(words),
        None => None,
    };
    let scripts = content.voice_scripts();
    let todo: Vec<(&Script, Need)> = scripts
        .iter()
        .filter_map(|s| need(&content, &s.target).map(|n| (s, n)))
        .collect();
    let sidecars = out.join(voice::DIR);
    if let Err(e) = std::fs::create_dir_all(&sidecars) {
        eprintln!("✗ 无法创建 / cannot create {}: {e}", sidecars.display());
        return ExitCode::FAILURE;
    }
    let mut text = format!(
        "录音稿 / Recording script — {}\n\n\
         请按顺序朗读，语速平稳，一字不差（括号里的条文出处也要读）。每段录成一个文件，\n\
         用下面写的文件名保存（Ogg Vorbis 或 WAV），和 voice/ 里同名的 .voice.ron 说明文件\n\
         一起放进内容文件夹的 voice/ 文件夹，再运行 pufa-kiosk check。\n\
         Read each in order, steadily and word for word (the citations in brackets too).\n\
         Save each as one file under the name given (Ogg Vorbis or WAV), put it with the\n\
         .voice.ron sidecar of the same name from voice/ into the content folder's voice/,\n\
         then run `pufa-kiosk check`.\n\n",
        dir.display()
    );
    let mut made = 0usize;
    let mut failed = 0usize;
    for (i, (script, need)) in todo.iter().enumerate() {
        let (zh, en) = script.target.label();
        let stem = script.target.stem();
        let _ = write!(
            text,
            "【{n}】{zh} / {en} · {title}\n    保存为 / save as: voice/{stem}.ogg（或 / or .wav）\n    \
             状态 / status: {status}\n    原文 / words:\n    {words}\n\n",
            n = i + 1,
            title = script.title,
            status = need.words(),
            words = script.words,
        );
        let mut draft = false;
        if let Some(words) = &command {
            match synthesize_one(words, script, &sidecars, &stem) {
                Ok(path) => {
                    made += 1;
                    draft = true;
                    println!("✓ 草稿 / draft: {}", path.display());
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("✗ {stem}: {e}");
                }
            }
        }
        let made_by = (draft).then(|| synthesize.unwrap_or_default());
        let path = sidecars.join(format!("{stem}{}", voice::SIDECAR));
        if let Err(e) = std::fs::write(&path, sidecar_text(script, draft, made_by)) {
            eprintln!("✗ 无法写入 / cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let script_path = out.join("录音稿.txt");
    if let Err(e) = std::fs::write(&script_path, &text) {
        eprintln!("✗ 无法写入 / cannot write {}: {e}", script_path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{} 段需要录音，共 {} 段 / {} of {} need recording: {}",
        todo.len(),
        scripts.len(),
        todo.len(),
        scripts.len(),
        script_path.display()
    );
    if command.is_some() {
        println!(
            "草稿录音 {made} 段，失败 {failed} 段，在 {} / {made} draft recordings made, {failed} failed, in {}",
            sidecars.display(),
            sidecars.display()
        );
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs the speech command for one script, without a shell: `{text}` becomes the
/// words, `{out}` the .wav to write and `{out.ogg}` the .ogg. The result must decode.
fn synthesize_one(
    command: &[String],
    script: &Script,
    dir: &Path,
    stem: &str,
) -> Result<PathBuf, String> {
    let wav = dir.join(format!("{stem}.wav"));
    let ogg = dir.join(format!("{stem}.ogg"));
    let mut target = wav.clone();
    let args: Vec<String> = command
        .iter()
        .map(|w| {
            if w.contains("{out.ogg}") {
                target = ogg.clone();
            }
            w.replace("{text}", &script.words)
                .replace("{out.ogg}", &ogg.to_string_lossy())
                .replace("{out}", &wav.to_string_lossy())
        })
        .collect();
    let (program, rest) = args.split_first().ok_or("empty command")?;
    let status = std::process::Command::new(program)
        .args(rest)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("无法运行 / cannot run `{program}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{program}` 失败 / failed ({status})"));
    }
    let bytes = std::fs::read(&target).map_err(|e| {
        format!(
            "命令没有写出 / the command wrote no {}: {e}",
            target.display()
        )
    })?;
    voice::probe(&bytes).map_err(|e| format!("{}: {e}", target.display()))?;
    Ok(target)
}
