//! `pufa-kiosk render` draws every slide and touch page of the default content
//! offscreen (Mesa's software Vulkan is enough); each picture has something on it
//! and no text runs into the side margins. Its layout audit finds every control
//! seen whole and every text in its box, on every page, at every screen size the
//! kiosk may meet, and names what it finds when content does not fit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use image::{GenericImageView, Rgb, RgbImage};

/// Whether every row of the vertical strip `x0..x1` is a single colour (give or
/// take a little antialiasing), i.e. nothing is drawn into it but bands.
fn strip_is_clear(img: &RgbImage, x0: u32, x1: u32, rows: u32) -> Result<(), String> {
    for y in 0..rows.min(img.height()) {
        let first = img.get_pixel(x0, y);
        for x in x0..x1 {
            let p = img.get_pixel(x, y);
            let diff: i32 = (0..3).map(|i| (p[i] as i32 - first[i] as i32).abs()).sum();
            if diff > 24 {
                return Err(format!(
                    "pixel ({x}, {y}) is {:?}, row starts {:?}",
                    p.0, first.0
                ));
            }
        }
    }
    Ok(())
}

fn distinct_colours(img: &RgbImage) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in img.pixels().step_by(7) {
        let Rgb([r, g, b]) = *p;
        seen.insert((r >> 3, g >> 3, b >> 3));
    }
    seen.len()
}

/// A moment when no campaign of the default content runs.
const AT: &str = "2026-03-02 10:00";

fn at() -> jiff::Timestamp {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    pufa_kiosk::core::schedule::parse_local(AT, &tz).unwrap()
}

fn render_and_check(width: u32, height: u32) {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = common::run(&[
        "render",
        "--config",
        common::repo().join("kiosk.ron").to_str().unwrap(),
        "--size",
        &format!("{width}x{height}"),
        "--out",
        out.path().to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert_eq!(code, 0, "render found problems or failed:\n{stderr}");
    let files: Vec<_> = stdout.lines().collect();
    let content = pufa_kiosk::core::content::load(&common::repo().join("content")).unwrap();
    let panels = content
        .playlist
        .iter()
        .filter(|i| matches!(i.item, pufa_kiosk::core::item::Item::Panel(_)))
        .count();
    let scenes: usize = content
        .library
        .comics
        .values()
        .map(|c| c.scenes.len())
        .sum();
    assert!(
        files.len() >= panels + scenes,
        "one picture per page and scene: {} < {}",
        files.len(),
        panels + scenes
    );
    // Every touch page, every roadmap step among them, with 大字 off and on; the
    // layout audit found nothing on any of them (the exit status says so).
    let mut pages = vec![
        "home".to_owned(),
        "comic-reader".to_owned(),
        "comic-quiz".to_owned(),
        "comic-quiz-answer".to_owned(),
        "comic-quiz-score".to_owned(),
        "browser-chapters".to_owned(),
        "browser-chapter".to_owned(),
        "browser-article".to_owned(),
        "browser-laws".to_owned(),
        "topics".to_owned(),
        "online".to_owned(),
    ];
    // Each other law's chapters and longest article, the Constitution's longest
    // chapter (longer than any of the regulation's), and every question.
    for law in content
        .laws
        .iter()
        .filter(|l| !content.laws.is_primary(&l.id))
    {
        pages.extend(["chapters", "article"].map(|page| format!("browser-{}-{page}", law.id)));
    }
    pages.push("browser-xianfa-2018-chapter".to_owned());
    pages.extend((1..=content.topics.len()).map(|i| format!("topic-{i}")));
    let roadmap = content.roadmap.as_ref().unwrap();
    pages.extend(roadmap.steps.iter().map(|s| format!("roadmap-{}", s.id)));
    for page in pages {
        for name in [page.clone(), format!("{page}-large-text")] {
            assert!(
                files
                    .iter()
                    .any(|f| f.ends_with(&format!("-page-{name}.png"))),
                "page {name} rendered"
            );
        }
    }
    // Under the slides runs the ticker, edge to edge; the slides are laid out above
    // it, their margins following their own height.
    let whole = pufa_kiosk::core::layout::Metrics::new(width as f32, height as f32, 55.0, 1.0);
    let above_ticker = height - pufa_kiosk::core::pages::ticker_band(&whole) as u32;
    for file in files {
        let img = image::open(file).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (width, height), "{file}");
        assert!(distinct_colours(&img) > 20, "{file} looks blank");
        let rows = if file.contains("-page-") {
            height
        } else {
            above_ticker
        };
        let margin = (width.min(rows) as f32 * 0.06) as u32;
        // Inner part of each margin: 2 px from the edge to 3 px short of the text column.
        strip_is_clear(&img, 2, margin - 3, rows)
            .unwrap_or_else(|e| panic!("{file}: left margin: {e}"));
        strip_is_clear(&img, width - margin + 3, width - 2, rows)
            .unwrap_or_else(|e| panic!("{file}: right margin: {e}"));
    }
}

#[test]
fn renders_every_slide_and_page_landscape_1920x1080() {
    render_and_check(1920, 1080);
}

#[test]
fn renders_every_slide_and_page_portrait_1080x1920() {
    render_and_check(1080, 1920);
}

/// The screens the bureau's lobbies have or may get: landscape and portrait full
/// HD, the common small laptop panel, 5:4, 4K and a wide, low board.
const SIZES: [(u32, u32); 6] = [
    (1920, 1080),
    (1080, 1920),
    (1366, 768),
    (1280, 1024),
    (3840, 2160),
    (1920, 540),
];

/// Lays every touch page out by Bevy at every size, without drawing (no GPU needed,
/// a few seconds for all of them), and audits it.
#[test]
fn every_control_and_text_is_seen_whole_on_every_page_at_every_size() {
    let mut live =
        pufa_kiosk::player::render_state(&common::repo().join("kiosk.ron"), None).unwrap();
    // The shipped recordings are drafts: with drafts allowed, 朗读 stands on every
    // roadmap step and comic scene, and is audited with the rest.
    live.settings.voice.allow_drafts = true;
    // The touch pages have no shipped recording: give each one, as a matching
    // recording would, so that their 朗读 is audited too.
    let content = std::sync::Arc::make_mut(&mut live.content);
    for page in pufa_kiosk::core::voice::PAGES {
        content.voices.insert(
            pufa_kiosk::core::voice::Target::Page(page.to_owned()),
            pufa_kiosk::core::voice::Voice {
                audio: content.root.join(format!("voice/page-{page}.wav")),
                seconds: 10.0,
                draft: true,
            },
        );
    }
    let roadmap = live.content.roadmap.clone().unwrap();
    let read_aloud = "朗读";
    let mut problems = Vec::new();
    for size in SIZES {
        let rendered =
            pufa_kiosk::player::render_offscreen(live.clone(), size, None, at()).unwrap();
        assert!(rendered.files.is_empty(), "nothing is drawn without --out");
        let has_read_aloud = |page: &str| {
            rendered
                .controls
                .iter()
                .any(|c| c.page == page && c.label == read_aloud)
        };
        for page in ["comic-reader", "comic-quiz-answer"] {
            for page in [page.to_owned(), format!("{page}-large-text")] {
                assert!(has_read_aloud(&page), "{size:?} {page}: 朗读 measured");
            }
        }
        for page in ["home", "topics", "online"] {
            for page in [page.to_owned(), format!("{page}-large-text")] {
                assert!(has_read_aloud(&page), "{size:?} {page}: 朗读 measured");
            }
        }
        // A question's articles are not read aloud.
        assert!(!has_read_aloud("topic-1"), "{size:?} topic-1: no 朗读");
        // The quiz's question would be answered by its recording.
        assert!(
            !has_read_aloud("comic-quiz"),
            "{size:?} comic-quiz: no 朗读"
        );
        // Every choice of every step is measured on its page and, but on the low
        // board (where they scroll beside the step), is in view without scrolling:
        // from the start, a citizen sees the way to court.
        for step in &roadmap.steps {
            for page in [
                format!("roadmap-{}", step.id),
                format!("roadmap-{}-large-text", step.id),
            ] {
                assert!(rendered.pages.contains(&page), "{page} audited");
                assert!(has_read_aloud(&page), "{size:?} {page}: 朗读 measured");
                for choice in &step.choices {
                    let control = rendered
                        .controls
                        .iter()
                        .find(|c| c.page == page && c.label == choice.label)
                        .unwrap_or_else(|| panic!("{size:?} {page}: “{}” measured", choice.label));
                    let ((w, h), (seen_w, seen_h)) =
                        (control.area.size(), control.on_screen.size());
                    if size != (1920, 540) {
                        // Within a pixel: the layout engine rounds.
                        assert!(
                            w - seen_w <= 1.0 && h - seen_h <= 1.0,
                            "{size:?} {page}: “{}” in view, {seen_w}×{seen_h} of {w}×{h}",
                            choice.label
                        );
                    }
                }
            }
        }
        problems.extend(rendered.problems);
    }
    let report: Vec<String> = problems.iter().map(|p| p.en()).collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn render_names_a_choice_too_long_for_the_screen_and_exits_1() {
    let content = common::broken_folder("roadmap-choice-too-long");
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = common::run(&[
        "render",
        "--content",
        content.path().to_str().unwrap(),
        "--size",
        "1366x768",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    // The page, the size, the button by its label and what is wrong, in both
    // languages, then what to do.
    let label = "我已经在法院起诉并且案件正在审理当中还想同时来信…";
    for said in [
        format!("1366×768 roadmap-channel：按钮“{label}”只露出"),
        format!("1366×768 roadmap-channel: button “{label}” is only"),
        format!("1366×768 大字/large text roadmap-channel-large-text：按钮“{label}”"),
        "处理办法: 缩短这段文字（路线图按钮不超过 10 个字）".to_owned(),
        "✗ 2 layout problem(s)".to_owned(),
    ] {
        assert!(stderr.contains(&said), "{said}\n---\n{stderr}");
    }
    assert!(
        !stderr.contains("“走访”"),
        "the short choice fits:\n{stderr}"
    );
    // Every picture is still drawn, to see the problem.
    for page in [
        "roadmap-channel",
        "roadmap-channel-large-text",
        "roadmap-visit",
    ] {
        assert!(
            stdout
                .lines()
                .any(|f| f.ends_with(&format!("-page-{page}.png"))),
            "{page} drawn:\n{stdout}"
        );
    }
}

/// A `kiosk.ron` for a display board of `diagonal` inches, with an output region
/// or none, playing the shipped content; written into `dir`.
fn board_config(
    dir: &std::path::Path,
    diagonal: f32,
    region: Option<(u32, u32, u32, u32)>,
) -> String {
    let content = common::repo().join("content");
    let region = match region {
        Some((x, y, w, h)) => format!("Some(({x}, {y}, {w}, {h}))"),
        None => "None".into(),
    };
    let text = format!(
        r#"(
    content: "{}",
    window: Fullscreen(monitor: 0),
    screen_diagonal_inches: {diagonal:.1},
    seconds_per_item: 12.0,
    transition: Crossfade,
    transition_seconds: 0.8,
    language: "zh-CN",
    idle_timeout_seconds: 90.0,
    mode: Board,
    region: {region},
)"#,
        content.display()
    );
    let path = dir.join("kiosk.ron");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Renders the board at `size` on a day of `at`, asserting the layout audit found
/// nothing (no text out of its box, none cut short); returns the pictures.
fn render_board(config: &str, size: (u32, u32), at: &str, out: &std::path::Path) -> Vec<String> {
    let (code, stdout, stderr) = common::run(&[
        "render",
        "--config",
        config,
        "--size",
        &format!("{}x{}", size.0, size.1),
        "--at",
        at,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{size:?} board at {at}:\n{stderr}");
    let files: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert!(
        files.iter().all(|f| !f.contains("-page-")),
        "a board has no touch pages: {files:?}"
    );
    files
}

#[test]
fn a_wide_board_pages_every_slide_with_the_ticker_and_cuts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // 1920×540 at 3 mm pixels: 5.8 m × 1.6 m, 235".
    let config = board_config(dir.path(), 235.0, None);
    for at in ["2026-03-02 10:00", "2026-05-27 10:00", "2026-12-04 10:00"] {
        let out = dir.path().join(at.replace([' ', ':'], "-"));
        let files = render_board(&config, (1920, 540), at, &out);
        assert!(files.len() >= 4, "{at}: {}", files.len());
        if at.starts_with("2026-12-04") {
            // The takeover: its own four panels and the folder's one it names.
            assert_eq!(files.len(), 5, "{files:?}");
            assert!(files.iter().any(|f| f.contains("panel-1204-courts")));
            assert!(files.iter().any(|f| f.contains("panel-1204-xianfa-41")));
        }
        // The ticker band along the bottom is drawn (the band colour, with words).
        let img = image::open(&files[0]).unwrap().to_rgb8();
        let bottom = img.view(0, 500, 1920, 40).to_image();
        assert!(
            distinct_colours(&bottom) > 3,
            "{at}: the ticker runs along the bottom"
        );
    }
    // A 2880×480 strip (4 mm pixels: 11.5 m × 1.9 m) in the 5·27 week.
    let strip = tempfile::tempdir().unwrap();
    let config = board_config(strip.path(), 460.0, None);
    let files = render_board(
        &config,
        (2880, 480),
        "2026-05-27 10:00",
        &strip.path().join("out"),
    );
    assert!(files.len() > 20);
}

#[test]
fn a_small_led_board_runs_everything_as_one_large_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = board_config(dir.path(), 160.0, None);
    let files = render_board(
        &config,
        (768, 256),
        "2026-03-02 10:00",
        &dir.path().join("out"),
    );
    assert_eq!(files.len(), 1, "one picture, no slides: {files:?}");
    assert!(files[0].ends_with("001-ticker-only.png"));
    let img = image::open(&files[0]).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (768, 256));
    assert!(distinct_colours(&img) > 10, "the line is drawn");
}

#[test]
fn an_output_region_is_drawn_and_the_rest_of_the_window_stays_black() {
    let dir = tempfile::tempdir().unwrap();
    let config = board_config(dir.path(), 235.0, Some((0, 0, 1920, 540)));
    let files = render_board(
        &config,
        (1920, 1080),
        "2026-12-04 10:00",
        &dir.path().join("out"),
    );
    assert_eq!(files.len(), 5, "the 12·4 takeover's five panels");
    for file in &files {
        let img = image::open(file).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1920, 1080));
        let region = img.view(0, 0, 1920, 540).to_image();
        assert!(
            distinct_colours(&region) > 20,
            "{file}: the region is drawn"
        );
        let rest = img.view(0, 540, 1920, 540).to_image();
        assert!(
            rest.pixels().all(|p| p.0 == [0, 0, 0]),
            "{file}: outside the region is black"
        );
    }
}

/// `render --only step:ID` (the staff console's preview of a step) draws that
/// step: three steps, three different pictures. It drew the first step for
/// every id once, because entering the page took the walk for one made on other
/// content and started it again.
#[test]
fn render_only_a_step_draws_that_step() {
    let mut pictures = Vec::new();
    for step in ["matter", "visit", "result"] {
        let out = tempfile::tempdir().unwrap();
        let (code, _, err) = common::run(&[
            "render",
            "--size",
            "1280x720",
            "--only",
            &format!("step:{step}"),
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "render --only step:{step}: {err}");
        let png = out.path().join(format!("001-page-roadmap-{step}.png"));
        pictures.push((step, image::open(&png).unwrap().to_rgb8()));
    }
    for (i, (a, pa)) in pictures.iter().enumerate() {
        for (b, pb) in &pictures[i + 1..] {
            let differ = pa.pixels().zip(pb.pixels()).filter(|(x, y)| x != y).count();
            assert!(
                differ > 1000,
                "step:{a} and step:{b} draw the same picture ({differ} pixels differ)"
            );
        }
    }
}
