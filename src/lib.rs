//! pufa-kiosk: a law-education kiosk and e-signage player for a petition bureau.
//!
//! `core` is the functional core (content, law texts, validation, timing,
//! navigation), its own crate `pufa-kiosk-core` with no Bevy in it; `player` is
//! the Bevy shell that shows it; `cli` is the command line on top, and `proof` the
//! proof sheet made from what the shell drew; `usage` the `report` command's
//! summaries of the statistics files.

// Bevy systems take their data as parameters and queries spell out their filters;
// splitting them to please these two lints would make them harder to read.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod cli;
pub use pufa_kiosk_core as core;
pub mod player;
pub mod proof;
pub mod usage;
