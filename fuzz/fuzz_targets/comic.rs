//! A comic (`comics/<id>/comic.ron`), loaded with the folder it belongs to; the
//! default comic's pictures are there (as tiny pictures), so its seeds load whole.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_fuzz::{fuzz_file_in_base, is_picture, repo, tiny_png};

fn pictures() -> &'static [(String, &'static [u8])] {
    static PICTURES: OnceLock<Vec<(String, &'static [u8])>> = OnceLock::new();
    PICTURES.get_or_init(|| {
        let mut names = Vec::new();
        for dir in std::fs::read_dir(repo().join("content/comics"))
            .into_iter()
            .flatten()
            .flatten()
        {
            for file in std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if is_picture(&file.path()) {
                    let name = file.file_name().to_string_lossy().into_owned();
                    names.push((format!("comics/fuzz/{name}"), tiny_png()));
                }
            }
        }
        names
    })
}

fuzz_target!(|data: &[u8]| {
    let extra: Vec<(&str, &[u8])> = pictures().iter().map(|(p, b)| (p.as_str(), *b)).collect();
    fuzz_file_in_base("comics/fuzz/comic.ron", data, &extra);
});
