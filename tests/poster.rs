//! `pufa-kiosk poster`: the roadmap drawn on a sheet for printing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::process::Command;

/// Runs the binary's `poster` on `content` at `size`; returns the exit status,
/// standard error and the picture.
fn poster(content: &std::path::Path, size: &str) -> (bool, String, Option<image::RgbImage>) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("路线图.png");
    let run = Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"))
        .args(["poster", "--size", size, "--content"])
        .arg(content)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    let picture = image::open(&file).ok().map(|i| i.to_rgb8());
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        picture,
    )
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
