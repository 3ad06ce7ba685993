//! `pufa-kiosk render` draws every slide of the default content offscreen (Mesa's
//! software Vulkan is enough); each picture has something on it and no text runs
//! into the side margins.

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
    assert_eq!(code, 0, "render failed:\n{stderr}");
    let files: Vec<_> = stdout.lines().collect();
    let content = pufa_kiosk::core::content::load(&common::repo().join("content")).unwrap();
    let panels = content
        .playlist
        .iter()
        .filter(|i| matches!(i.kind, pufa_kiosk::core::playlist::ItemKind::Panel(_)))
        .count();
    let scenes: usize = content.comics.values().map(|c| c.scenes.len()).sum();
    assert!(
        files.len() >= panels + scenes,
        "one picture per page and scene: {} < {}",
        files.len(),
        panels + scenes
    );
    for page in [
        "home",
        "roadmap-start",
        "roadmap-step",
        "comic-reader",
        "comic-quiz",
        "browser-chapters",
        "browser-article",
        "online",
    ] {
        assert!(
            files
                .iter()
                .any(|f| f.ends_with(&format!("-page-{page}.png"))),
            "page {page} rendered"
        );
    }
    // The renderer's layout audit: every button's size, and any text leaving its box.
    let audit = std::fs::read_to_string(out.path().join("layout-audit.tsv")).unwrap();
    let mut buttons = 0;
    for row in audit.lines().map(|l| l.split('\t').collect::<Vec<_>>()) {
        match row[1] {
            "button" => {
                buttons += 1;
                let (w, h): (f32, f32) = (row[3].parse().unwrap(), row[4].parse().unwrap());
                assert!(
                    w >= 15.0 && h >= 15.0,
                    "{width}x{height}: {} on {} is {w}×{h} mm, under 15 mm",
                    row[2],
                    row[0]
                );
            }
            "overflow" => panic!(
                "{width}x{height}: text leaves its box on {}: {}",
                row[0], row[2]
            ),
            other => panic!("unknown audit row {other}"),
        }
    }
    assert!(buttons >= 20, "the audit saw the buttons: {buttons}");
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
fn renders_every_slide_landscape_1920x1080() {
    render_and_check(1920, 1080);
}

#[test]
fn renders_every_slide_portrait_1080x1920() {
    render_and_check(1080, 1920);
}
