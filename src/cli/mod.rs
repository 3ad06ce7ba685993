//! The command line: what staff and IT people type, and the help they read.

pub mod approve;
pub mod check;
pub mod console;
pub mod keygen;
pub mod manifest;
pub mod pin;
pub mod play;
pub mod poster;
pub mod proof;
pub mod render;
pub mod report;
pub mod schedule;
mod shared;
pub mod version;
pub mod voice;

use std::path::PathBuf;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the player.
    Run { config: PathBuf },
    /// Check a content folder and print what is wrong.
    Check {
        dir: Option<PathBuf>,
        config: PathBuf,
    },
    /// Draw every playlist page to PNG files.
    Render {
        config: PathBuf,
        content: Option<PathBuf>,
        size: (u32, u32),
        out: PathBuf,
        /// The moment to show, on the kiosk's clock (`--at`); now if not given.
        at: Option<String>,
        /// One item only, `panel:ID` or `comic:ID`, its slides and no touch page;
        /// or `step:ID`, one roadmap step's touch page (`--only`; the staff
        /// console's preview).
        only: Option<String>,
    },
    /// Draw every slide and touch page with its words, citations and articles into
    /// a proof sheet to sign.
    Proof {
        config: PathBuf,
        content: Option<PathBuf>,
        size: (u32, u32),
        out: PathBuf,
        at: Option<String>,
    },
    /// Print what plays when over the coming days.
    Schedule {
        config: PathBuf,
        content: Option<PathBuf>,
        at: Option<String>,
        days: u32,
    },
    /// Draw the roadmap as a route map on a sheet for printing.
    Poster {
        config: PathBuf,
        content: Option<PathBuf>,
        /// Pixels, at 300 dpi.
        size: (u32, u32),
        /// Pages the chart may take (1 or 2: an A4 leaflet printed on both sides).
        pages: usize,
        out: PathBuf,
    },
    /// Write manifest.ron for a content folder.
    Manifest { dir: PathBuf },
    /// Write the recording script (and, with a speech command, draft recordings).
    Voice {
        config: PathBuf,
        content: Option<PathBuf>,
        out: PathBuf,
        synthesize: Option<String>,
    },
    /// Read a staff PIN twice and print its Argon2 hash for kiosk.ron.
    Pin,
    /// Print the content version (its SHA-256) and whether it is approved.
    ContentVersion {
        dir: Option<PathBuf>,
        config: PathBuf,
    },
    /// Make an approver's key pair.
    Keygen { out: PathBuf },
    /// Approve the content version in a folder with the approver's key.
    Approve {
        key: PathBuf,
        dir: Option<PathBuf>,
        config: PathBuf,
        name: Option<String>,
        role: Option<String>,
    },
    /// Summarise the statistics files of one kiosk or a folder of many.
    Report {
        /// A data folder, a folder of many, or one file; None: kiosk.ron's data folder.
        dir: Option<PathBuf>,
        config: PathBuf,
        from: Option<jiff::civil::Date>,
        to: Option<jiff::civil::Date>,
        csv: bool,
        html: Option<PathBuf>,
    },
    /// (dev builds) A simulated week on manual time, printing memory and open
    /// files per simulated day: `scripts/bench-stats`.
    #[cfg(feature = "dev")]
    SimulateWeek { config: PathBuf, days: u32 },
    /// The staff web console, or setting it up.
    Console {
        config: PathBuf,
        action: ConsoleAction,
    },
    /// Print the help text.
    Help,
    /// Print the version.
    Version,
}

/// What `pufa-kiosk console` is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleAction {
    /// Serve the console on `listen` (127.0.0.1:8080 unless given), with TLS
    /// from the certificate and key given.
    Serve {
        listen: Option<String>,
        tls: Option<(PathBuf, PathBuf)>,
        /// The folder the kiosks' health folders are synced back to (`--fleet`).
        fleet: Option<PathBuf>,
    },
    /// Add an account or change its role and password (read from stdin).
    AddUser { name: String, role: String },
    /// Make a self-signed certificate for these host names and print its fingerprint.
    MakeCert { hosts: Vec<String> },
}

/// The help text, for people who install and run the kiosk.
pub const HELP: &str = "\
pufa-kiosk — 普法宣传屏播放程序 / law-education kiosk player

用法 / Usage:
  pufa-kiosk [--config kiosk.ron]
      播放：全屏轮播展板、漫画，触摸进入路线图等互动内容。
      Play the kiosk: rotating panels and comic; touch opens the guide.
      Settings are read from kiosk.ron (default: ./kiosk.ron); paths in it are
      relative to that file, so the kiosk runs from any working directory.
      Windowed mode: press Esc or close the window to quit.

  pufa-kiosk check [CONTENT-FOLDER]
      检查内容文件夹，逐条列出错误（文件、行、列、处理办法）。
      Check a content folder: every problem with its file, line, column and
      what to do. Exit status 0 = good, 1 = problems found.
      Without a folder, checks the one named in ./kiosk.ron.

  pufa-kiosk poster [--content DIR] [--size A1|A2|A3|A4|WxH] [--landscape]
                    [--pages 2] --out FILE.png
      把路线图画成一张可以印刷的海报（300 dpi，默认 A2 竖版，--landscape 横版）：
      每一步一张站牌（标题、要您做什么、依据的条文），时限标明是机关的还是您的，
      图例和网上信访二维码；本局信息填好后也印上。A4 放不下时加 --pages 2，
      印成两页（FILE-1.png、FILE-2.png），字不会小于 4 毫米。
      Draw the roadmap as a wall chart for printing (300 dpi, A2 portrait by
      default, --landscape turns the sheet): a card per step (title, what it asks
      of the citizen, its articles), time limits saying whose they are, a legend
      and the online channels' QR codes; the bureau's address and hours once
      bureau.ron holds them. --pages 2 puts an A4 leaflet on two pages
      (FILE-1.png, FILE-2.png) rather than set its type under 4 mm.

  pufa-kiosk schedule [--content DIR] [--at 2026-05-27] [--days 14]
      列出今后几天（默认 14 天）什么时候播放什么：活动何时开始、结束，独占屏幕还是
      插入轮播，各有几项、几行字幕。时间按 kiosk.ron 的时区（默认 Asia/Shanghai）。
      Print what plays when over the coming days (14 by default): when each
      campaign starts and stops, whether it takes the screen over or joins the
      rotation, and how many items and ticker lines are on air. Times are on
      the kiosk's clock (time_zone in kiosk.ron, Asia/Shanghai by default).

  pufa-kiosk manifest CONTENT-FOLDER
      为内容文件夹生成 manifest.ron（文件清单）。带清单的文件夹只有在全部文件
      复制完成、与清单一致时才会上线，适合 U 盘拷贝和多台设备同步。
      Write manifest.ron listing every file's size and checksum. A folder with
      a manifest goes live only once every file matches it, so a copy or sync
      in progress is never shown half-done.

  pufa-kiosk pin
      设置工作人员 PIN：输入两次（终端中不显示），输出一行散列，填入 kiosk.ron 的
      staff: (pin: Some(\"…\"))。PIN 为 4–12 位数字，本身不会写到任何地方。
      Make a staff PIN: type it twice (not echoed on a terminal); prints the
      Argon2 hash line to paste into kiosk.ron as staff: (pin: Some(\"…\")).
      The PIN is 4–12 digits and is never written anywhere.

  pufa-kiosk render --size 1920x1080 --out DIR [--content FOLDER] [--config kiosk.ron] [--at DATETIME]
      把播放列表的每一页和每个触摸页面（路线图每一步，大字关和开）画成 PNG 图片，
      供审核；同时检查版面：每个按钮都要完整可见，文字不出框。每个问题写明
      页面、按钮或文字、屏幕尺寸和问题所在；有问题时退出码为 1。
      Draw every page of the playlist and every touch page (each roadmap step,
      大字 off and on) to PNG files in DIR, to approve a campaign before it goes
      live, and audit the layout: every button seen whole, no text out of its
      box. Each problem names the page, the button or text, the size and what
      is wrong; exit status 1 if there is any. Needs no one at the screen.
      --at 2026-05-27（或 \"2026-05-27 09:30\"）画出那一刻播放的内容，提前审核活动。
      --at 2026-05-27 (or \"2026-05-27 09:30\") draws what plays at that moment,
      to approve a campaign before its day.
      --only panel:ID | comic:ID 只画这一项；--only on-air 只画 --at 那一刻轮播的每一页
      （不画触摸页面，控制台的“预览某一时刻”用它）。 / --only panel:ID or comic:ID
      draws that item alone; --only on-air every slide on air at --at, no touch page.

  pufa-kiosk voice --out DIR [--content FOLDER] [--config kiosk.ron] [--synthesize CMD]
      写录音稿：DIR/录音稿.txt 按朗读顺序列出还没有录音、或录音已过时（文字改过）的
      每个路线图步骤、展板和漫画场景：编号、要读的原文、录音保存的文件名；DIR/voice/
      里是每段录音的说明文件（*.voice.ron）。录好后把录音和说明文件一起放进内容文件夹的
      voice/ 文件夹。--synthesize 用办公电脑上的语音合成命令先做草稿录音（标为草稿，
      kiosk.ron 的 voice 允许草稿时才播放）；命令中的 {text} 换成要读的文字，{out}
      换成录音文件名（.wav；写 {out.ogg} 则为 .ogg），不经过 shell。例如：
        --synthesize \"espeak-ng -v cmn -w {out} {text}\"
      Write the recording script: DIR/录音稿.txt lists, in reading order, every
      roadmap step, panel and comic scene with no recording or a stale one (its
      words changed): its ID, the exact words, and the file name to save as; DIR/voice/
      holds each recording's sidecar (*.voice.ron). Put recordings and sidecars
      into the content folder's voice/. --synthesize runs a speech command of the
      office's choice to make draft recordings (marked as drafts; they play only
      where kiosk.ron's voice allows drafts): {text} becomes the words, {out} the
      recording's file name (.wav; {out.ogg} for .ogg); no shell is involved.

  pufa-kiosk proof --out DIR [--size 1920x1080] [--content FOLDER] [--config kiosk.ron] [--at DATETIME]
      生成审核稿：DIR/index.html 一页，列出每个轮播画面和每个触摸页面（大字关闭时）
      的图片，旁边是屏幕上的全部文字、所引条文和所引条文全文；其后是全部滚动字幕
      （内容文件夹的和每个活动的，本机不显示字幕也列出）和每个活动的名称、播放时间、
      内容；页首列出每部法规的版本和施行日期，留审核人签字和日期。画面是 --at 那一刻
      （默认现在）播放的内容：活动的画面请用 --at 活动的日子另行生成。
      DIR/transcript.json 是画面上的文字（数据格式）。用浏览器打开或打印即可，
      不需要联网。尺寸默认 1920x1080。版面有问题时照样生成，退出码为 1。
      Write a proof sheet for a legal officer to sign: DIR/index.html shows
      every slide and every touch page (大字 off) with, beside each, every word
      on it, its citations and the full text of each article cited; then every
      ticker line (the folder's and each campaign's, listed even where this
      kiosk hides the ticker) and each campaign's title, when it runs and what
      it plays; at the top, every law's version and the day it took effect, and
      a place for the reviewer's signature and date. The pictures are what plays
      at --at (default: now): make a campaign's with --at on its day.
      DIR/transcript.json holds the pictures' words as data. Opens offline in
      any browser, or print it. Size defaults to 1920x1080. Exit status 1 if the
      layout audit finds a problem (the sheet is still written, and lists it).

  pufa-kiosk report [FOLDER] [--from 2026-01-01] [--to 2026-12-31] [--csv] [--html FILE]
      汇总播放记录与使用统计，供年度普法报告使用：每日、每时段使用次数，最常查看的
      路线图步骤和页面，各场景答题正确率，播放时长。FOLDER 可以是一台屏的数据文件夹，
      也可以是收集了多台屏文件的文件夹（默认：kiosk.ron 中的 data）。--csv 把全部计数
      按行输出，便于用表格软件处理；--html 生成一个带图表的网页文件（离线可打开）。
      Summarise proof of play and use figures for the annual report: sessions per
      day and hour, the most visited roadmap steps and pages, quiz accuracy per
      scene, playback hours. FOLDER is one kiosk's data folder or a folder holding
      many kiosks' files (default: kiosk.ron's data). --csv prints every count as
      rows for a spreadsheet; --html writes one page with charts, opened offline.

  pufa-kiosk version [CONTENT-FOLDER]
      输出内容版本（全部内容文件的 SHA-256），要求审核时并说明是否已审核。
      Print the content version (SHA-256 over every content file) and, when
      kiosk.ron requires approval, whether it is approved.

  pufa-kiosk keygen --out 私钥.pem
      为法制审核人生成密钥：私钥用口令加密写入文件（只在审核人自己的电脑上保存），
      公钥输出一行，填入各屏 kiosk.ron 的 approval: (approvers: [\"…\"])。
      Make an approver's key pair: the private key, encrypted under a
      passphrase, into the file (it stays on the approver's own PC); the
      public key is printed for kiosk.ron's approval: (approvers: [\"…\"]).

  pufa-kiosk approve --key 私钥.pem [--name 姓名] [--role 职务] [CONTENT-FOLDER]
      审核内容：显示摘要和自上次审核以来改动的文字（逐段，含所引条文），确认并输入
      口令后，把签名的审核记录写入 approvals/。kiosk.ron 要求审核时，只有审核过的
      版本才会上线。说明见 docs/approval.md。
      Approve the content: shows a summary and the words changed since the last
      approval (section by section, with citations); after yes and the
      passphrase, writes a signed approval into approvals/. With approval
      required in kiosk.ron, only approved versions go live (docs/approval.md).

  pufa-kiosk console [--listen 127.0.0.1:8080] [--tls-cert F --tls-key F] [--fleet DIR]
      工作人员网页控制台：在浏览器里查看屏幕正在播放什么、修改内容草稿、检查、预览、
      发布，每一步都有记录。默认只在本机（127.0.0.1:8080）提供；在本单位网络上提供
      必须用 TLS（--tls-cert、--tls-key）。详见 docs/console.md。
      The staff web console: see what plays, edit a draft of the content,
      check, preview and publish it, every action logged. Serves this computer
      only unless --listen names another address, which needs TLS.
      --fleet 文件夹：各台终端的健康文件（Syncthing 同步回来，每台一个子文件夹）；
      “终端”页列出每一台。 / --fleet DIR: the kiosks' synced health folders, one
      sub-folder each, listed on the 终端 page.
  pufa-kiosk console --add-user 名称 --role 编辑|管理|审核
      添加账户或重设密码（密码从键盘输入两次，不显示）。编辑：修改、预览；管理：
      还可以发布、管理账户；审核（法制审核员）：查看改动，用自己的私钥签名审核。
      / Add an account or reset its password (typed twice, not echoed). 编辑
      edits and previews; 管理 also publishes; 审核 reads and signs approvals.
  pufa-kiosk console --make-cert [--host 名称或地址]…
      生成自签名证书（在数据文件夹 console/tls/），打印其 SHA-256 指纹，供同事在
      浏览器中核对。 / Make a self-signed certificate in the data folder's
      console/tls/ and print its SHA-256 fingerprint for staff to compare.

Examples:
  pufa-kiosk check /media/usb/content
  pufa-kiosk manifest /media/usb/content
  pufa-kiosk render --size 1080x1920 --out /tmp/preview
  pufa-kiosk schedule --at 2026-05-18 --days 21
  pufa-kiosk render --size 1920x540 --at \"2026-12-04 10:00\" --out /tmp/board
  pufa-kiosk proof --content /media/usb/content --out /tmp/proof
  pufa-kiosk proof --at \"2026-12-04 10:00\" --out /tmp/proof-1204
  pufa-kiosk --config /etc/pufa-kiosk/kiosk.ron
";

/// Why the command line could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\n(pufa-kiosk --help 查看用法 / shows the usage)",
            self.0
        )
    }
}

/// Parses `WxH`, e.g. `1920x1080`.
pub fn parse_size(text: &str) -> Option<(u32, u32)> {
    let (w, h) = text.split_once(['x', 'X', '×'])?;
    let size = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (size.0 >= 64 && size.1 >= 64 && size.0 <= 8192 && size.1 <= 8192).then_some(size)
}

/// Pixels of a paper size (A0–A4, portrait) at 300 dpi, the print resolution.
pub fn paper_pixels(name: &str) -> Option<(u32, u32)> {
    let (w, h) = match name.to_ascii_uppercase().as_str() {
        "A0" => (841.0, 1189.0),
        "A1" => (594.0, 841.0),
        "A2" => (420.0, 594.0),
        "A3" => (297.0, 420.0),
        "A4" => (210.0, 297.0),
        _ => return None,
    };
    let px = |mm: f32| (mm / 25.4 * POSTER_DPI).round() as u32;
    Some((px(w), px(h)))
}

/// Print resolution of a poster.
pub const POSTER_DPI: f32 = 300.0;

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command, UsageError> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut config = PathBuf::from("kiosk.ron");
    let mut subcommand: Option<String> = None;
    let mut positional: Option<PathBuf> = None;
    let mut content = None;
    let mut size = None;
    let mut paper = None;
    let (mut landscape, mut pages) = (false, 1);
    let mut out = None;
    let mut at = None;
    // Days for `schedule` (14 unless given) and, in dev builds, `simulate-week` (7).
    let mut days = None;
    let (mut from, mut to, mut csv, mut html) = (None, None, false, None);
    let (mut key, mut name) = (None, None);
    let mut only = None;
    let mut synthesize = None;
    let (mut listen, mut tls_cert, mut tls_key) = (None, None, None);
    let mut fleet = None;
    let (mut add_user, mut role, mut make_cert, mut hosts) = (None, None, false, Vec::new());
    let bad = |e: lexopt::Error| UsageError(e.to_string());
    while let Some(arg) = parser.next().map_err(bad)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Short('c') | Long("config") => config = parser.value().map_err(bad)?.into(),
            Long("content") => content = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("at") => at = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("days") => {
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                days = value
                    .parse::<u32>()
                    .map(Some)
                    .ok()
                    .filter(|d| d.is_some_and(|d| (1..=3660).contains(&d)))
                    .ok_or_else(|| {
                        UsageError(format!(
                            "天数应为 1–3660 / --days must be 1–3660, not `{value}`"
                        ))
                    })?;
            }
            Long("out") | Short('o') => out = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("from") | Long("to") => {
                let which = if arg == Long("from") {
                    &mut from
                } else {
                    &mut to
                };
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                *which = Some(value.parse::<jiff::civil::Date>().map_err(|_| {
                    UsageError(format!(
                        "日期应写成 2026-01-31 / a date must look like 2026-01-31, not `{value}`"
                    ))
                })?);
            }
            Long("csv") => csv = true,
            Long("landscape") => landscape = true,
            Long("pages") => {
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                pages = match value.trim() {
                    "1" => 1,
                    "2" => 2,
                    _ => {
                        return Err(UsageError(format!(
                            "--pages 只能是 1 或 2 / --pages must be 1 or 2, not `{value}`"
                        )));
                    }
                };
            }
            Long("key") => key = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("name") => name = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("only") => only = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("synthesize") => {
                synthesize = Some(parser.value().map_err(bad)?.string().map_err(bad)?)
            }
            Long("listen") => listen = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("tls-cert") => tls_cert = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("fleet") => fleet = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("tls-key") => tls_key = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("add-user") => {
                add_user = Some(parser.value().map_err(bad)?.string().map_err(bad)?)
            }
            Long("role") => role = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("make-cert") => make_cert = true,
            Long("host") => hosts.push(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("html") => html = Some(PathBuf::from(parser.value().map_err(bad)?)),
            Long("size") | Short('s') => {
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                if let Some(sheet) = paper_pixels(&value) {
                    paper = Some(sheet);
                } else {
                    size = Some(parse_size(&value).ok_or_else(|| UsageError(format!("尺寸应写成 宽x高，例如 1920x1080 / --size must look like 1920x1080, not `{value}`")))?);
                }
            }
            Value(value) if subcommand.is_none() => {
                let value = value.string().map_err(bad)?;
                match value.as_str() {
                    "check" | "render" | "proof" | "poster" | "run" | "manifest" | "schedule"
                    | "pin" | "report" | "version" | "keygen" | "approve" | "console" | "voice" => {
                        subcommand = Some(value)
                    }
                    #[cfg(feature = "dev")]
                    "simulate-week" => subcommand = Some(value),
                    other => {
                        return Err(UsageError(format!(
                            "不认识的命令 / unknown command `{other}`"
                        )));
                    }
                }
            }
            Value(value)
                if matches!(
                    subcommand.as_deref(),
                    Some("check" | "manifest" | "report" | "version" | "approve")
                ) && positional.is_none() =>
            {
                positional = Some(value.into())
            }
            other => return Err(bad(other.unexpected())),
        }
    }
    match subcommand.as_deref() {
        None | Some("run") => Ok(Command::Run { config }),
        Some("pin") => Ok(Command::Pin),
        Some("voice") => Ok(Command::Voice {
            config,
            content,
            out: out.ok_or_else(|| {
                UsageError(
                    "voice 需要 --out 输出文件夹，例如 --out 录音稿 / voice needs --out DIR".into(),
                )
            })?,
            synthesize,
        }),
        Some("version") => Ok(Command::ContentVersion {
            dir: positional,
            config,
        }),
        Some("keygen") => Ok(Command::Keygen {
            out: out.ok_or_else(|| {
                UsageError(
                    "keygen 需要 --out 私钥文件，例如 --out 审核人.pem / keygen needs --out FILE"
                        .into(),
                )
            })?,
        }),
        Some("approve") => Ok(Command::Approve {
            key: key.ok_or_else(|| {
                UsageError(
                    "approve 需要 --key 私钥文件 / approve needs --key FILE (pufa-kiosk keygen makes one)"
                        .into(),
                )
            })?,
            dir: positional,
            config,
            name,
            role,
        }),
        Some("check") => Ok(Command::Check {
            dir: positional,
            config,
        }),
        Some("manifest") => Ok(Command::Manifest {
            dir: positional.ok_or_else(|| {
                UsageError("manifest 需要内容文件夹 / manifest needs a content folder".into())
            })?,
        }),
        Some("render") => Ok(Command::Render {
            config,
            content,
            size: size.ok_or_else(|| {
                UsageError("render 需要 --size，例如 --size 1920x1080 / render needs --size".into())
            })?,
            out: out.ok_or_else(|| {
                UsageError("render 需要 --out 输出文件夹 / render needs --out DIR".into())
            })?,
            at,
            only,
        }),
        Some("schedule") => Ok(Command::Schedule {
            config,
            content,
            at,
            days: days.unwrap_or(14),
        }),
        Some("proof") => Ok(Command::Proof {
            config,
            content,
            size: size.unwrap_or((1920, 1080)),
            out: out.ok_or_else(|| {
                UsageError(
                    "proof 需要 --out 输出文件夹，例如 --out 审核稿 / proof needs --out DIR".into(),
                )
            })?,
            at,
        }),
        Some("poster") => Ok(Command::Poster {
            config,
            content,
            size: {
                let (w, h) = paper
                    .or(size)
                    .unwrap_or_else(|| paper_pixels("A2").unwrap_or((4961, 7016)));
                if landscape { (w.max(h), w.min(h)) } else { (w, h) }
            },
            pages,
            out: out.ok_or_else(|| {
                UsageError(
                    "poster 需要 --out 图片文件，例如 --out 路线图.png / poster needs --out FILE.png"
                        .into(),
                )
            })?,
        }),
        Some("report") => {
            if let (Some(a), Some(b)) = (from, to)
                && a > b
            {
                return Err(UsageError(format!(
                    "--from {a} 晚于 --to {b} / --from {a} is after --to {b}"
                )));
            }
            Ok(Command::Report {
                dir: positional,
                config,
                from,
                to,
                csv,
                html,
            })
        }
        Some("console") => {
            let action = match (add_user, make_cert) {
                (Some(_), true) => {
                    return Err(UsageError(
                        "--add-user 和 --make-cert 请分开运行 / run --add-user and --make-cert separately".into(),
                    ));
                }
                (Some(name), false) => ConsoleAction::AddUser {
                    name,
                    role: role.ok_or_else(|| {
                        UsageError("--add-user 需要 --role 编辑 或 --role 管理 / --add-user needs --role".into())
                    })?,
                },
                (None, true) => ConsoleAction::MakeCert { hosts },
                (None, false) => ConsoleAction::Serve {
                    listen,
                    fleet,
                    tls: match (tls_cert, tls_key) {
                        (Some(c), Some(k)) => Some((c, k)),
                        (None, None) => None,
                        _ => {
                            return Err(UsageError(
                                "--tls-cert 和 --tls-key 要一起给 / give --tls-cert and --tls-key together".into(),
                            ));
                        }
                    },
                },
            };
            Ok(Command::Console { config, action })
        }
        #[cfg(feature = "dev")]
        Some("simulate-week") => Ok(Command::SimulateWeek {
            config,
            days: days.unwrap_or(7),
        }),
        Some(_) => unreachable!("only known subcommands are stored"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<std::ffi::OsString> {
        line.split_whitespace().map(Into::into).collect()
    }

    #[test]
    fn poster_sizes_are_paper_at_print_resolution() {
        assert_eq!(paper_pixels("A2"), Some((4961, 7016)));
        assert_eq!(paper_pixels("a1"), Some((7016, 9933)));
        assert_eq!(
            parse(args("poster --size A2 --out p.png")).unwrap(),
            Command::Poster {
                config: "kiosk.ron".into(),
                content: None,
                size: (4961, 7016),
                pages: 1,
                out: "p.png".into()
            }
        );
        assert!(matches!(
            parse(args("poster --size A4 --landscape --pages 2 --out p.png")).unwrap(),
            Command::Poster {
                size: (3508, 2480),
                pages: 2,
                ..
            }
        ));
        assert!(parse(args("poster --pages 3 --out p.png")).is_err());
        assert!(matches!(
            parse(args("poster --size 2000x3000 --out p.png")).unwrap(),
            Command::Poster {
                size: (2000, 3000),
                ..
            }
        ));
    }

    #[test]
    fn runs_with_the_default_config() {
        assert_eq!(
            parse(args("")).unwrap(),
            Command::Run {
                config: "kiosk.ron".into()
            }
        );
        assert_eq!(
            parse(args("--config /etc/k.ron")).unwrap(),
            Command::Run {
                config: "/etc/k.ron".into()
            }
        );
    }

    #[test]
    fn parses_check_and_render() {
        assert_eq!(
            parse(args("check /media/usb")).unwrap(),
            Command::Check {
                dir: Some("/media/usb".into()),
                config: "kiosk.ron".into()
            }
        );
        assert_eq!(
            parse(args("render --size 1080x1920 --out /tmp/p")).unwrap(),
            Command::Render {
                config: "kiosk.ron".into(),
                content: None,
                size: (1080, 1920),
                out: "/tmp/p".into(),
                at: None,
                only: None,
            }
        );
        let Command::Render { only, .. } = parse(args(
            "render --size 1920x1080 --only panel:channels --out p",
        ))
        .unwrap() else {
            panic!("render");
        };
        assert_eq!(only.as_deref(), Some("panel:channels"));
    }

    #[test]
    fn parses_console() {
        assert_eq!(
            parse(args("console")).unwrap(),
            Command::Console {
                config: "kiosk.ron".into(),
                action: ConsoleAction::Serve {
                    listen: None,
                    tls: None,
                    fleet: None
                }
            }
        );
        assert_eq!(
            parse(args(
                "console --listen 0.0.0.0:8443 --tls-cert c.pem --tls-key k.pem"
            ))
            .unwrap(),
            Command::Console {
                config: "kiosk.ron".into(),
                action: ConsoleAction::Serve {
                    listen: Some("0.0.0.0:8443".into()),
                    tls: Some(("c.pem".into(), "k.pem".into())),
                    fleet: None
                }
            }
        );
        assert_eq!(
            parse(args("console --add-user wang --role 管理")).unwrap(),
            Command::Console {
                config: "kiosk.ron".into(),
                action: ConsoleAction::AddUser {
                    name: "wang".into(),
                    role: "管理".into()
                }
            }
        );
        assert!(parse(args("console --add-user wang")).is_err());
        assert!(parse(args("console --tls-cert c.pem")).is_err());
        assert!(matches!(
            parse(args("console --make-cert --host kiosk.local")).unwrap(),
            Command::Console {
                action: ConsoleAction::MakeCert { .. },
                ..
            }
        ));
    }

    #[test]
    fn parses_schedule_and_at() {
        assert_eq!(
            parse(args("schedule --at 2026-05-18 --days 21")).unwrap(),
            Command::Schedule {
                config: "kiosk.ron".into(),
                content: None,
                at: Some("2026-05-18".into()),
                days: 21,
            }
        );
        let Command::Schedule { days, .. } = parse(args("schedule")).unwrap() else {
            panic!("schedule");
        };
        assert_eq!(days, 14);
        assert!(parse(args("schedule --days 0")).is_err());
        let Command::Render { at, .. } =
            parse(args("render --size 1920x540 --at 2026-12-04 --out b")).unwrap()
        else {
            panic!("render");
        };
        assert_eq!(at.as_deref(), Some("2026-12-04"));
    }

    #[test]
    fn parses_proof_with_a_full_hd_default() {
        assert_eq!(
            parse(args("proof --content /media/usb --out /tmp/proof")).unwrap(),
            Command::Proof {
                config: "kiosk.ron".into(),
                content: Some("/media/usb".into()),
                size: (1920, 1080),
                out: "/tmp/proof".into(),
                at: None,
            }
        );
        assert_eq!(
            parse(args("proof --size 1280x720 --out p")).unwrap(),
            Command::Proof {
                config: "kiosk.ron".into(),
                content: None,
                size: (1280, 720),
                out: "p".into(),
                at: None,
            }
        );
        let e = parse(args("proof --size 1280x720")).unwrap_err();
        assert!(e.0.contains("--out"), "{}", e.0);
    }

    #[test]
    fn parses_pin() {
        assert_eq!(parse(args("pin")).unwrap(), Command::Pin);
        assert!(
            parse(args("pin 1234")).is_err(),
            "the PIN is never an argument"
        );
    }

    #[test]
    fn parses_report() {
        assert_eq!(
            parse(args(
                "report /srv/kiosks --from 2026-01-01 --to 2026-12-31 --csv"
            ))
            .unwrap(),
            Command::Report {
                dir: Some("/srv/kiosks".into()),
                config: "kiosk.ron".into(),
                from: Some(jiff::civil::date(2026, 1, 1)),
                to: Some(jiff::civil::date(2026, 12, 31)),
                csv: true,
                html: None,
            }
        );
        assert!(matches!(
            parse(args("report --html r.html")).unwrap(),
            Command::Report {
                dir: None,
                html: Some(_),
                csv: false,
                ..
            }
        ));
        assert!(
            parse(args("report --from 2026-13-01"))
                .unwrap_err()
                .0
                .contains("2026-01-31")
        );
        assert!(parse(args("report --from 2026-02-01 --to 2026-01-01")).is_err());
    }

    #[test]
    fn explains_a_bad_size() {
        let e = parse(args("render --size big --out x")).unwrap_err();
        assert!(e.0.contains("1920x1080"));
        assert!(parse(args("render --out x")).is_err());
        assert!(parse(args("frobnicate")).is_err());
    }
}
