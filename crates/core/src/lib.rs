//! The functional core of pufa-kiosk: content, law texts, validation, timing and
//! navigation as plain Rust, testable without a window. Bevy is not a dependency
//! of this crate, so its tests build and run in seconds.
//!
//! Each row imports only from rows below it, so there is no import cycle:
//! ```text
//! rotation, watch                     the attract loop's timing; following the folder
//! schedule                            what is on air at a moment, and when that changes
//! content                             the folder as one value, and `load`
//! campaign, hidden                    campaigns: dates, windows, their own items;
//!                                     a campaign another hides all day
//! wall_chart                          the roadmap as a printed wall chart
//! route_map                           the roadmap drawn as a route map
//! playlist, roadmap, quiz, topics     kinds that refer to others; quiz;
//!                                     按问题找, articles by question
//! item                                the kinds that rotate, in one place
//! pages, scene                        a panel's pages; a comic scene on a slide
//! panel, comic, online, bureau,       one module per kind of content file: its file
//!   ticker                            type, what it resolves to, and its rules
//! folder, settings                    the folder on disk (manifest gate, listings,
//!                                     load cache); kiosk.ron
//! citation, manifest, pacing          citations and the number rule; manifest.ron;
//!                                     seconds on screen and transitions
//! law, ron_file, report               law parser; reading RON; diagnostics as rustc
//!                                     shows them
//! stats, health                     proof of play, use figures; health files
//! diagnostics, spans, suggest, url,   leaves (spans: where each value of a RON
//!   numerals, images, temporary,      file is written; suggest: "did you mean")
//!   layout, idle, touch, audit         (audit: what a layout shows a citizen)
//! ```

// Diagnostics travel only on error paths, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod approval;
pub mod audit;
pub mod bureau;
pub mod campaign;
pub mod citation;
pub mod comic;
pub mod content;
pub mod diagnostics;
pub mod folder;
pub mod health;
pub mod hidden;
pub mod idle;
pub mod images;
pub mod item;
pub mod law;
pub mod law_library;
pub mod layout;
pub mod manifest;
pub mod notice;
pub mod numerals;
pub mod online;
pub mod pacing;
pub mod pages;
pub mod panel;
pub mod playlist;
pub mod quiz;
pub mod report;
pub mod roadmap;
pub mod ron_file;
pub mod rotation;
pub mod route_map;
pub mod scene;
pub mod schedule;
pub mod settings;
pub mod source;
pub mod spans;
pub mod staff;
pub mod stats;
pub mod suggest;
pub mod temporary;
pub mod ticker;
pub mod topics;
pub mod touch;
pub mod url;
pub mod voice;
pub mod wall_chart;
pub mod watch;
pub mod words;
