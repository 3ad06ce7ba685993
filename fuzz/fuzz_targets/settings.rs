//! The player's settings (`kiosk.ron`).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::ron_file;
use pufa_kiosk_core::settings::Settings;
use pufa_kiosk_fuzz::{check_rejection, text_of};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("kiosk.ron");
    let text = match ron_file::text_of(data.to_vec(), file) {
        Ok(text) => text,
        Err(d) => return check_rejection(&[d], file, &text_of(data)),
    };
    if let Err(diagnostics) = Settings::from_text(file, &text) {
        check_rejection(&diagnostics, file, &text);
    }
});
