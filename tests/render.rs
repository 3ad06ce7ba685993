//! `pufa-kiosk render` draws every slide and touch page of the default content
//! offscreen (Mesa's software Vulkan is enough); each picture has something on it
//! and no text runs into the side margins. Its layout audit finds every control
//! seen whole and every text in its box, on every page, at every screen size the
//! kiosk may meet, and names what it finds when content does not fit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use image::{Rgb, RgbImage};

/// Whether every row of the vertical strip `x0..x1` is a single colour (give or
/// take a little antialiasing), i.e. nothing is drawn into it but bands.
fn strip_is_clear(img: &RgbImage, x0: u32, x1: u32) -> Result<(), String> {
    for y in 0..img.height() {
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
        "online".to_owned(),
    ];
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
    let margin = (width.min(height) as f32 * 0.06) as u32;
    for file in files {
        let img = image::open(file).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (width, height), "{file}");
        assert!(distinct_colours(&img) > 20, "{file} looks blank");
        // Inner part of each margin: 2 px from the edge to 3 px short of the text column.
        strip_is_clear(&img, 2, margin - 3).unwrap_or_else(|e| panic!("{file}: left margin: {e}"));
        strip_is_clear(&img, width - margin + 3, width - 2)
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
    let live = pufa_kiosk::player::render_state(&common::repo().join("kiosk.ron"), None).unwrap();
    let roadmap = live.content.roadmap.clone().unwrap();
    let mut problems = Vec::new();
    for size in SIZES {
        let rendered = pufa_kiosk::player::render_offscreen(live.clone(), size, None).unwrap();
        assert!(rendered.files.is_empty(), "nothing is drawn without --out");
        // Every choice of every step is measured on its page and, but on the low
        // board (where they scroll beside the step), is in view without scrolling:
        // from the start, a citizen sees the way to court.
        for step in &roadmap.steps {
            for page in [
                format!("roadmap-{}", step.id),
                format!("roadmap-{}-large-text", step.id),
            ] {
                assert!(rendered.pages.contains(&page), "{page} audited");
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
