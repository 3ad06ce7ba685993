//! The functional core: content, law texts, validation, timing and navigation as
//! plain Rust, testable without a window. Nothing here imports Bevy.

pub mod audit;
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
