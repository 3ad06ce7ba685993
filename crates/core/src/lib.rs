//! The functional core of pufa-kiosk: content, law texts, validation, timing and
//! navigation as plain Rust, testable without a window. Bevy is not a dependency
//! of this crate, so its tests build and run in seconds.

// Diagnostics travel only on error paths, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod content;
pub mod diagnostics;
pub mod idle;
pub mod images;
pub mod law;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod numerals;
pub mod pages;
pub mod quiz;
pub mod report;
pub mod roadmap;
pub mod ron_file;
pub mod rotation;
pub mod settings;
pub mod touch;
pub mod watch;
