//! The whole-folder loader on a set of files held in memory: any names, any
//! bytes, any folders. Each input is a set of files (see `decode_file_set`).
#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::content;
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::source::MemoryFolder;
use pufa_kiosk_fuzz::{check_diagnostics_in, decode_file_set, text_of};

fuzz_target!(|data: &[u8]| {
    let files = decode_file_set(data);
    let mut folder = MemoryFolder::new();
    let mut texts = BTreeMap::new();
    for (name, bytes) in &files {
        folder.insert(name, bytes.as_slice());
        texts.insert(PathBuf::from(name), text_of(bytes));
    }
    match content::load_memory(&folder) {
        Ok(content) => check_diagnostics_in(&content.warnings, &texts),
        Err(diagnostics) => {
            assert!(
                diagnostics.iter().any(Diagnostic::is_error),
                "{diagnostics:#?}"
            );
            check_diagnostics_in(&diagnostics, &texts);
        }
    }
});
