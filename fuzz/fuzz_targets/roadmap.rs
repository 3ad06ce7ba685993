//! The roadmap (`roadmap.ron`), loaded with the folder it belongs to: the RON parser,
//! the kind's own rules and the citations it makes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_fuzz::fuzz_file_in_base;

fuzz_target!(|data: &[u8]| {
    fuzz_file_in_base("roadmap.ron", data, &[]);
});
