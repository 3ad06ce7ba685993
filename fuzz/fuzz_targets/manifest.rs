//! `manifest.ron` in a small valid folder: it parses, is compared with the files
//! that are there, and a manifest that parses is written back unchanged.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::manifest::{self, Manifest};
use pufa_kiosk_core::ron_file;
use pufa_kiosk_fuzz::fuzz_file_in_base;

fuzz_target!(|data: &[u8]| {
    fuzz_file_in_base(manifest::FILE_NAME, data, &[]);
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(parsed) = ron_file::parse::<Manifest>(text, Path::new(manifest::FILE_NAME))
    {
        let written = manifest::to_text(&parsed);
        let again: Manifest = ron_file::parse(&written, Path::new(manifest::FILE_NAME))
            .unwrap_or_else(|d| panic!("{d}\n{written}"));
        assert_eq!(again, parsed);
    }
});
