//! The playlist (`playlist.ron`), loaded with the default content, so that the
//! panels and comics it names are there.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_fuzz::{default_folder, load_and_check};

fuzz_target!(|data: &[u8]| {
    let mut folder = default_folder().clone();
    folder.insert("playlist.ron", data);
    load_and_check(&folder, Path::new("playlist.ron"), data);
});
