//! pufa-kiosk: a law-education kiosk and e-signage player for a petition bureau.
//!
//! `core` is the functional core (content, law texts, validation, timing,
//! navigation) with no Bevy in it; `player` is the Bevy shell that shows it;
//! `cli` is the command line on top.

pub mod cli;
pub mod core;
pub mod player;
