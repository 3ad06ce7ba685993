//! The comic: `pufa-kiosk check` names each problem in `comics/<id>/comic.ron` with
//! its line and column; pictures that do not decode (the corpus in `tests/images/`,
//! made by `tests/images/make.py`) are skipped with a warning while the comic still
//! plays; good pictures are decoded upright and within limits; and `render` draws
//! every scene.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{broken_folder, run};
use pufa_kiosk::core::content;
use pufa_kiosk::core::diagnostics::Severity;
use pufa_kiosk::core::images;

/// Where the comic of every `comic-*` case lies in its content folder.
const COMIC: &str = "comics/wuqu/comic.ron";

/// The pictures of `tests/images/`, bad ones in the order `comic-bad-images` lists
/// them.
const BAD: [&str; 11] = [
    "truncated.png",
    "bad-crc.png",
    "zero.png",
    "half.jpg",
    "half-jpeg.png",
    "half-progressive.jpg",
    "huge-header.png",
    "not-an-image.png",
    "no-iend.png",
    "half.webp",
    "cut-exif.webp",
];
const GOOD: [&str; 3] = ["photo-exif6.jpg", "small.webp", "trailer.jpg"];

/// What staff read about a picture whose file stops early, after the format.
const CUT_SHORT_ZH: &str = "图片似乎没有复制完整：文件在";
const CUT_SHORT_EN: &str =
    "the picture looks incompletely copied: the file stops before the end of its";

fn corpus(name: &str) -> PathBuf {
    common::repo().join("tests/images").join(name)
}

/// The content folder of `case`, with `images/ok.png` of the base folder and every
/// picture of `tests/images/` copied into each comic's folder for its frames.
fn comic_folder(case: &str) -> tempfile::TempDir {
    let dir = broken_folder(case);
    let comics = dir.path().join("comics");
    for entry in std::fs::read_dir(&comics).unwrap() {
        let folder = entry.unwrap().path();
        std::fs::copy(
            common::repo().join("tests/broken/base/images/ok.png"),
            folder.join("ok.png"),
        )
        .unwrap();
        for name in BAD.iter().chain(&GOOD) {
            std::fs::copy(corpus(name), folder.join(name)).unwrap();
        }
    }
    dir
}

/// Runs `check` on `case`; asserts it fails and names each `(location, message)`
/// pair, with the advice in both languages. Returns the report.
fn assert_reports(case: &str, expected: &[(&str, &str)]) -> String {
    let dir = comic_folder(case);
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{case}: check should fail\n{stderr}");
    for (location, message) in expected {
        let location = format!("{COMIC}:{location}");
        let at = stderr
            .find(&format!("┌─ {location}\n"))
            .unwrap_or_else(|| panic!("{case}: expected location {location} in\n{stderr}"));
        // The report for one problem runs from its `error:` line to the next one.
        let start = stderr[..at].rfind("error:").unwrap_or(0);
        let end = stderr[at..]
            .find("\nerror")
            .map_or(stderr.len(), |e| at + e);
        let report = &stderr[start..end];
        assert!(
            report.contains(message),
            "{case}: expected `{message}` at {location}, got\n{report}"
        );
        assert!(
            report.contains("处理办法") && report.contains("help:"),
            "{case}: says what to do in both languages\n{report}"
        );
    }
    stderr
}

#[test]
fn the_small_comic_passes() {
    let dir = comic_folder("comic-ok");
    let (code, stdout, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2 个漫画场景") && stdout.contains("2 comic scenes"),
        "{stdout}"
    );
    assert!(stderr.is_empty(), "no warnings: {stderr}");
}

#[test]
fn a_missing_frame_picture_is_named() {
    let report = assert_reports(
        "comic-missing-image",
        &[("24:28", "picture `02-zhengque.png` not found")],
    );
    assert!(report.contains("找不到图片 “02-zhengque.png”"), "{report}");
    assert!(
        report.contains("image: \"02-zhengque.png\""),
        "quotes the line\n{report}"
    );
}

#[test]
fn a_citation_of_a_missing_article_is_rejected() {
    let report = assert_reports(
        "comic-missing-article",
        &[(
            "30:22",
            "the law `信访工作条例` has no article 99 (it has 50)",
        )],
    );
    assert!(report.contains("没有第九十九条"), "{report}");
}

#[test]
fn a_citation_of_a_missing_paragraph_is_rejected() {
    let report = assert_reports(
        "comic-missing-paragraph",
        &[("18:18", "article 20 has no paragraph 7 (it has 4)")],
    );
    assert!(report.contains("第二十条没有第7款（只有4款）"), "{report}");
}

#[test]
fn a_scene_without_frames_is_rejected() {
    let report = assert_reports(
        "comic-no-frames",
        &[("20:13", "scene `逐级走访` has no frames")],
    );
    assert!(report.contains("场景 “逐级走访” 没有画面"), "{report}");
}

#[test]
fn a_scene_without_citations_is_rejected() {
    let report = assert_reports(
        "comic-no-cites",
        &[("7:13", "scene `越级走访` cites no article")],
    );
    assert!(report.contains("场景 “越级走访” 没有注明条文"), "{report}");
}

#[test]
fn a_mistake_must_be_followed_by_the_lawful_way() {
    // Both scenes are mistakes: the first is followed by a mistake, the last by nothing.
    let report = assert_reports(
        "comic-mistake-alone",
        &[
            (
                "7:13",
                "mistake scene `越级走访` must be followed by a Lawful scene",
            ),
            (
                "20:13",
                "mistake scene `逐级走访` must be followed by a Lawful scene",
            ),
        ],
    );
    assert!(
        report.contains("误区场景 “越级走访” 之后必须紧跟一个正确做法场景"),
        "{report}"
    );
}

#[test]
fn a_number_in_a_caption_must_be_in_the_cited_article() {
    let report = assert_reports(
        "comic-wrong-number",
        &[(
            "25:35",
            "the number 15 does not appear in the cited articles",
        )],
    );
    assert!(report.contains("数字 15 不见于所引条文"), "{report}");
    assert!(report.contains("15日内"), "quotes the caption\n{report}");
}

#[test]
fn a_number_in_a_bubble_must_be_in_the_cited_article() {
    let report = assert_reports(
        "comic-wrong-number-bubble",
        &[(
            "26:38",
            "the number 3 does not appear in the cited articles",
        )],
    );
    assert!(
        report.contains("请3天后再来"),
        "quotes the bubble\n{report}"
    );
}

#[test]
fn a_bubble_outside_the_picture_is_rejected() {
    let report = assert_reports(
        "comic-bubble-outside",
        &[("26:38", "bubble x and y must be between 0 and 1")],
    );
    assert!(
        report.contains("对话框位置 x、y 应在 0 到 1 之间"),
        "{report}"
    );
    assert!(report.contains("x: 1.5"), "quotes the line\n{report}");
}

#[test]
fn empty_titles_and_picture_names_are_rejected() {
    // An empty picture name would name the comic's own folder ("corrupt: Is a
    // directory", only a warning) and let the folder go live.
    let report = assert_reports(
        "comic-empty-names",
        &[
            ("4:5", "the comic's title is empty"),
            ("11:21", "the frame names no picture"),
            ("20:13", "the scene's title is empty"),
        ],
    );
    assert!(report.contains("画面没有写图片文件名"), "{report}");
    assert!(!report.contains("Is a directory"), "{report}");
}

#[test]
fn problems_in_a_repeated_scene_point_at_that_scene() {
    // Two lawful scenes titled 正确做法 with the same caption, bubble and picture:
    // what is wrong in the second is reported there, not at the first.
    let dir = comic_folder("comic-repeated-titles");
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    for (location, message) in [
        ("40:38", "bubble x and y must be between 0 and 1"),
        ("44:37", "has no article 99"),
        ("18:28", "picture `truncated.png`: the image is corrupt"),
        ("38:28", "picture `truncated.png`: the image is corrupt"),
    ] {
        let location = format!("{COMIC}:{location}");
        assert!(
            stderr.contains(&format!("┌─ {location}\n")),
            "expected {location} ({message}) in\n{stderr}"
        );
    }
    assert!(
        !stderr.contains(&format!("┌─ {COMIC}:20:")),
        "nothing wrong in the first lawful scene's bubble\n{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 2, "{stderr}");
}

// ---- pictures that do not decode --------------------------------------------------

/// Line of `COMIC` in `case` where `name` is written.
fn line_of(case: &str, name: &str) -> usize {
    let text = std::fs::read_to_string(common::repo().join("tests/broken").join(case).join(COMIC))
        .unwrap();
    text.lines()
        .position(|l| l.contains(&format!("\"{name}\"")))
        .unwrap()
        + 1
}

#[test]
fn check_warns_about_every_bad_picture_and_still_passes() {
    let dir = comic_folder("comic-bad-images");
    let (code, stdout, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "bad comic pictures are warnings\n{stderr}");
    assert!(
        stdout.contains("2 comic scenes") && stdout.contains(&format!(" {} images", GOOD.len())),
        "{stdout}"
    );
    let cut_short = |kind: &str| {
        (
            format!("{CUT_SHORT_ZH} {kind} 数据结束之前就断了"),
            format!("{CUT_SHORT_EN} {kind} data"),
        )
    };
    let expected = [
        ("truncated.png", cut_short("PNG")),
        (
            "bad-crc.png",
            (
                "图片已损坏或没有复制完整，无法解码".into(),
                "the image is corrupt or incomplete and does not decode".into(),
            ),
        ),
        (
            "zero.png",
            (
                "图片文件是空的（0 字节）".into(),
                "the image file is empty (0 bytes)".into(),
            ),
        ),
        ("half.jpg", cut_short("JPEG")),
        ("half-jpeg.png", cut_short("JPEG")),
        ("half-progressive.jpg", cut_short("JPEG")),
        (
            "huge-header.png",
            (
                "图片尺寸 30000×30000 超出允许范围".into(),
                "image size 30000×30000 is out of range (at most 12000 pixels a side)".into(),
            ),
        ),
        (
            "not-an-image.png",
            (
                "不是图片文件（无法识别格式）".into(),
                "not an image: the format is not recognised".into(),
            ),
        ),
        ("no-iend.png", cut_short("PNG")),
        ("half.webp", cut_short("WebP")),
        ("cut-exif.webp", cut_short("WebP")),
    ];
    assert_eq!(expected.len(), BAD.len());
    for (name, (zh, en)) in expected {
        let line = line_of("comic-bad-images", name);
        let location = format!("┌─ {COMIC}:{line}:25\n");
        assert!(
            stderr.contains(&location),
            "{name}: {location} in\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("warning: 图片 “{name}”：{zh}")),
            "{name}: {zh}\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("picture `{name}`: {en}")),
            "{name}: {en}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("CRC error"),
        "says the checksum failed\n{stderr}"
    );
    assert_eq!(stderr.matches("warning:").count(), BAD.len(), "{stderr}");
    assert!(
        !stderr.lines().any(|l| l.starts_with("error")),
        "nothing stops the folder\n{stderr}"
    );
    for name in GOOD {
        assert!(!stderr.contains(name), "{name} is fine\n{stderr}");
    }
}

#[test]
fn the_comic_keeps_every_scene_with_only_the_good_pictures() {
    let dir = comic_folder("comic-bad-images");
    let content = content::load(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let comic = &content.library.comics["wuqu"];
    assert_eq!(comic.scenes.len(), 2);
    let frames: Vec<_> = comic.scenes.iter().flat_map(|s| &s.frames).collect();
    // The frames in the order comic.ron lists them.
    let names = [
        "truncated.png",
        "bad-crc.png",
        "photo-exif6.jpg",
        "zero.png",
        "half.jpg",
        "half-jpeg.png",
        "half-progressive.jpg",
        "huge-header.png",
        "not-an-image.png",
        "small.webp",
        "no-iend.png",
        "half.webp",
        "cut-exif.webp",
        "trailer.jpg",
    ];
    assert_eq!(frames.len(), names.len());
    for (frame, name) in frames.iter().zip(names) {
        assert!(frame.caption.is_some(), "{name}: the caption stands in");
        match &frame.image {
            Some(image) => {
                assert!(GOOD.contains(&name), "{name} should have been skipped");
                assert!(image.path.ends_with(name), "{:?}", image.path);
                let size = (image.info.width, image.info.height);
                let expected = match name {
                    "small.webp" => (32, 24),
                    "trailer.jpg" => (64, 64),
                    _ => (20, 40),
                };
                assert_eq!(size, expected, "{name}: upright size");
            }
            None => assert!(BAD.contains(&name), "{name} should have decoded"),
        }
    }
    assert_eq!(content.warnings.len(), BAD.len(), "{:#?}", content.warnings);
    for (warning, name) in content.warnings.iter().zip(BAD) {
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.file, Path::new(COMIC));
        assert_eq!(warning.line, line_of("comic-bad-images", name));
        assert!(
            warning.en.contains(&format!("picture `{name}`")),
            "{warning}"
        );
    }
    assert_eq!(content.image_count(), GOOD.len());
}

#[test]
fn a_phone_photo_is_turned_upright() {
    let path = corpus("photo-exif6.jpg");
    let image = images::decode(&path, None).unwrap();
    // Stored 40×20 with red on the left; EXIF orientation 6 turns it clockwise.
    assert_eq!(image.dimensions(), (20, 40));
    let top = image.get_pixel(10, 5).0;
    let bottom = image.get_pixel(10, 34).0;
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
    let info = images::probe(&path).unwrap();
    assert_eq!((info.width, info.height), (20, 40));
    // Scaled to fit keeps the upright shape.
    assert_eq!(
        images::decode(&path, Some((10, 10))).unwrap().dimensions(),
        (5, 10)
    );
}

#[test]
fn webp_decodes() {
    let image = images::decode(&corpus("small.webp"), None).unwrap();
    assert_eq!(image.dimensions(), (32, 24));
    assert_eq!(image.get_pixel(4, 4).0, [0, 160, 0, 255]);
    assert_eq!(image.get_pixel(28, 4).0, [255, 255, 255, 255]);
    let info = images::probe(&corpus("small.webp")).unwrap();
    assert_eq!((info.width, info.height), (32, 24));
}

/// Peak resident memory of this process, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_huge_header_is_refused_by_its_size_without_allocating() {
    let path = corpus("huge-header.png");
    assert!(std::fs::metadata(&path).unwrap().len() < 200);
    let before = peak_kib();
    let started = Instant::now();
    let problem = images::decode(&path, None).unwrap_err();
    let probed = images::probe(&path).unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        problem.en.contains("30000×30000 is out of range"),
        "{problem:?}"
    );
    assert_eq!(probed, problem);
    assert!(
        elapsed < Duration::from_millis(500),
        "refused from the header, not decoded: {elapsed:?}"
    );
    // 30000×30000 RGB would be 2.5 GiB; other tests in this process use little.
    let grown = peak_kib().saturating_sub(before);
    assert!(grown < 256 * 1024, "peak memory grew by {grown} KiB");
}

#[test]
fn each_bad_picture_is_refused_with_its_reason() {
    for (name, reason) in [
        ("truncated.png", "looks incompletely copied"),
        ("bad-crc.png", "CRC error"),
        ("zero.png", "empty (0 bytes)"),
        ("huge-header.png", "out of range"),
        ("not-an-image.png", "not an image"),
    ] {
        let problem = images::decode(&corpus(name), None).unwrap_err();
        assert!(problem.en.contains(reason), "{name}: {problem:?}");
        assert!(!problem.zh.is_empty() && !problem.help_zh.is_empty());
        assert_eq!(images::probe(&corpus(name)).unwrap_err(), problem);
    }
}

/// Asserts that `decode` and `probe` both refuse the corpus picture `name` as a
/// `kind` file cut short, telling staff to copy it again.
fn assert_cut_short(name: &str, kind: &str) {
    let problem = images::decode(&corpus(name), None).unwrap_err();
    assert_eq!(
        problem.en,
        format!("{CUT_SHORT_EN} {kind} data"),
        "{name}: {problem:?}"
    );
    assert_eq!(
        problem.zh,
        format!("{CUT_SHORT_ZH} {kind} 数据结束之前就断了"),
        "{name}: {problem:?}"
    );
    assert!(
        problem.help_zh.contains("重新复制") && problem.help_en.contains("copy the picture again"),
        "{name}: {problem:?}"
    );
    assert_eq!(images::probe(&corpus(name)).unwrap_err(), problem, "{name}");
}

#[test]
fn rejects_jpeg_cut_at_half_its_length() {
    // The cut half holds the bytes FF D9 inside a comment segment, so a search for
    // the end-of-image marker alone would take it as whole.
    assert_cut_short("half.jpg", "JPEG");
}

#[test]
fn rejects_half_a_jpeg_saved_under_a_png_name() {
    assert_cut_short("half-jpeg.png", "JPEG");
}

#[test]
fn rejects_progressive_jpeg_cut_at_half_its_length() {
    assert_cut_short("half-progressive.jpg", "JPEG");
}

#[test]
fn rejects_png_cut_before_its_iend_chunk() {
    assert_cut_short("no-iend.png", "PNG");
}

#[test]
fn rejects_png_cut_at_half_its_length() {
    assert_cut_short("truncated.png", "PNG");
}

#[test]
fn rejects_webp_cut_at_half_its_length() {
    assert_cut_short("half.webp", "WebP");
}

#[test]
fn rejects_webp_whose_exif_after_the_pixels_is_cut_short() {
    // Every pixel is there, but not the orientation that turns the photo upright.
    assert_cut_short("cut-exif.webp", "WebP");
}

#[test]
fn a_jpeg_with_bytes_after_its_end_decodes_whole() {
    let path = corpus("trailer.jpg");
    let image = images::decode(&path, None).unwrap();
    assert_eq!(image.dimensions(), (64, 64));
    // The photo's green rises with the row to 252 at the bottom; rows that a
    // decoder had no data for would be grey (128).
    for x in [0, 31, 63] {
        let bottom = image.get_pixel(x, 63).0;
        assert!(bottom[1] > 220, "bottom row at {x} decoded: {bottom:?}");
    }
    let info = images::probe(&path).unwrap();
    assert_eq!((info.width, info.height), (64, 64));
}

#[test]
fn render_draws_every_slide_of_a_comic_with_bad_pictures() {
    let dir = comic_folder("comic-bad-images");
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(&[
        "render",
        "--config",
        common::repo().join("kiosk.ron").to_str().unwrap(),
        "--content",
        dir.path().to_str().unwrap(),
        "--size",
        "1280x720",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "render failed:\n{stderr}");
    let files: Vec<PathBuf> = stdout.lines().map(PathBuf::from).collect();
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    on_disk.sort();
    assert_eq!(files, on_disk, "prints every picture it wrote");
    // Named NNN-kind-id-page.png, numbered 001… without gaps: one per slide of the
    // rotation, then the touch guide's pages (NNN-page-….png).
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    for (i, name) in names.iter().enumerate() {
        assert!(name.starts_with(&format!("{:03}-", i + 1)), "{names:?}");
    }
    let slides: Vec<&String> = names.iter().filter(|n| !n.contains("-page-")).collect();
    assert!(
        names[..slides.len()].iter().eq(slides.iter().copied()),
        "the slides come first: {names:?}"
    );
    // The playlist is the panel `where`, then the comic's two scenes.
    let n = slides.len();
    assert!(n >= 3, "{names:?}");
    assert!(slides[n - 2].ends_with("-comic-wuqu-1.png"), "{names:?}");
    assert!(slides[n - 1].ends_with("-comic-wuqu-2.png"), "{names:?}");
    assert!(slides[..n - 2].iter().all(|f| f.contains("-panel-where-")));
    for file in &files {
        let img = image::open(file).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1280, 720), "{file:?}");
        if file.to_str().unwrap().contains("-page-") {
            // Touch pages: this folder has no roadmap or online links to show.
            continue;
        }
        let mut colours = std::collections::HashSet::new();
        for p in img.pixels().step_by(7) {
            colours.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
        }
        assert!(colours.len() > 20, "{file:?} looks blank");
    }
}

#[test]
fn the_guide_opens_the_comic_the_playlist_names_not_the_first_by_name() {
    let dir = comic_folder("comic-ok");
    // A second comic whose folder name sorts first.
    common::copy_dir(
        &dir.path().join("comics/wuqu"),
        &dir.path().join("comics/aaa"),
    );
    let loaded = content::load(dir.path()).unwrap();
    assert_eq!(
        loaded.guide_comic().map(|c| c.id.as_str()),
        Some("wuqu"),
        "the first comic of the playlist"
    );
    let playlist = dir.path().join("playlist.ron");
    let text = std::fs::read_to_string(&playlist).unwrap();
    std::fs::write(
        &playlist,
        text.replace("    ],\n)", "    ],\n    guide: (comic: \"aaa\"),\n)"),
    )
    .unwrap();
    let loaded = content::load(dir.path()).unwrap();
    assert_eq!(loaded.guide_comic().map(|c| c.id.as_str()), Some("aaa"));
    std::fs::write(
        &playlist,
        text.replace("    ],\n)", "    ],\n    guide: (comic: \"wuqv\"),\n)"),
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("playlist.ron:6:20"), "{stderr}");
    assert!(stderr.contains("did you mean `wuqu`?"), "{stderr}");
}
