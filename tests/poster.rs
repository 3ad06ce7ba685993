//! `pufa-kiosk poster`: the roadmap drawn on a sheet for printing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::process::Command;

/// Runs the binary's `poster` on `content` at `size`; returns the exit status,
/// standard error and the picture.
fn poster(content: &std::path::Path, size: &str) -> (bool, String, Option<image::RgbImage>) {
    let (ok, stderr, mut pictures) = poster_with(content, &["--size", size]);
    (ok, stderr, pictures.pop().flatten())
}

/// Runs `poster` with `args`; the pictures of one page (路线图.png) or two
/// (路线图-1.png, 路线图-2.png), whichever were written.
fn poster_with(
    content: &std::path::Path,
    args: &[&str],
) -> (bool, String, Vec<Option<image::RgbImage>>) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("路线图.png");
    let run = Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"))
        .arg("poster")
        .args(args)
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    let two = ["路线图-1.png", "路线图-2.png"].map(|f| out.path().join(f));
    if two[0].exists() {
        return (
            run.status.success(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
            two.iter()
                .map(|f| image::open(f).ok().map(|i| i.to_rgb8()))
                .collect(),
        );
    }
    let picture = image::open(&file).ok().map(|i| i.to_rgb8());
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        vec![picture],
    )
}

/// The leftmost and rightmost columns holding ink (not white) in the middle
/// half of `picture`'s height, as fractions of its width.
fn ink_span(picture: &image::RgbImage) -> (f32, f32) {
    let (w, h) = picture.dimensions();
    let inked = |x: u32| {
        (h / 4..h * 3 / 4)
            .step_by(3)
            .any(|y| picture.get_pixel(x, y).0.iter().any(|&c| c < 200))
    };
    let left = (0..w).find(|&x| inked(x)).unwrap_or(w);
    let right = (0..w).rev().find(|&x| inked(x)).unwrap_or(0);
    (left as f32 / w as f32, right as f32 / w as f32)
}

#[test]
fn the_chart_fills_the_sheet_upright_and_turned() {
    for args in [&["--size", "A4"][..], &["--size", "A4", "--landscape"]] {
        let (ok, stderr, pictures) = poster_with(&common::repo().join("content"), args);
        assert!(ok, "{args:?}: {stderr}");
        // Turned too, the station titles meet the sheet's minimum: no warning.
        assert!(!stderr.contains('⚠'), "{args:?}: {stderr}");
        let picture = pictures[0].as_ref().expect("the PNG is written");
        let expected = if args.len() == 3 {
            (3508, 2480)
        } else {
            (2480, 3508)
        };
        assert_eq!(picture.dimensions(), expected);
        // The map spans at least 80 % of the sheet's width, measured on the picture.
        let (left, right) = ink_span(picture);
        assert!(right - left >= 0.8, "{args:?}: ink from {left} to {right}");
    }
}

#[test]
fn a_leaflet_goes_onto_two_pages_when_asked() {
    let (ok, stderr, pictures) = poster_with(
        &common::repo().join("content"),
        &["--size", "A4", "--pages", "2"],
    );
    assert!(ok, "{stderr}");
    assert_eq!(pictures.len(), 2);
    for picture in &pictures {
        let picture = picture.as_ref().expect("both pages are written");
        assert_eq!(picture.dimensions(), (2480, 3508));
        let (left, right) = ink_span(picture);
        assert!(right - left >= 0.8, "ink from {left} to {right}");
    }
}

#[test]
fn draws_the_route_map_on_a_sheet_of_the_size_asked_for() {
    let (ok, stderr, picture) = poster(&common::repo().join("content"), "1240x1754");
    assert!(ok, "poster failed:\n{stderr}");
    let picture = picture.expect("the PNG is written");
    assert_eq!(picture.dimensions(), (1240, 1754));
    // The sheet carries the title, the map and the list: far more than a blank
    // page's colour or two, in every third of its height.
    for third in 0..3 {
        let rows = picture.height() / 3;
        let colours: std::collections::BTreeSet<[u8; 3]> = (third * rows..(third + 1) * rows)
            .flat_map(|y| (0..picture.width()).map(move |x| (x, y)))
            .map(|(x, y)| picture.get_pixel(x, y).0)
            .collect();
        assert!(
            colours.len() > 20,
            "third {third}: {} colours",
            colours.len()
        );
    }
}

#[test]
fn a_folder_without_a_roadmap_says_so() {
    let dir = common::default_copy();
    std::fs::remove_file(dir.path().join("roadmap.ron")).unwrap();
    let (ok, stderr, picture) = poster(dir.path(), "1240x1754");
    assert!(!ok);
    assert!(stderr.contains("roadmap"), "{stderr}");
    assert!(picture.is_none());
}
