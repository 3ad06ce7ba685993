//! Staff at the screen: how they reach their overlay (`access`: the key chord,
//! the hidden gesture and the PIN pad) and the overlay itself (`overlay`: the
//! problem mark, the kiosk's state, reload, the proof's first page, quit). The
//! rest of the app learns only whether staff are at the screen
//! ([`StaffAtScreen`](crate::player::state::StaffAtScreen)); the overlay reads
//! what the other plugins publish and is read by none.

mod access;
mod overlay;

use bevy::prelude::*;

pub use access::StaffAccessSystems;
#[cfg(test)]
pub use access::{HOLD_SECONDS, PAD_IDLE_SECONDS, PadKey, PinPad};
#[cfg(test)]
pub use overlay::{OVERLAY_IDLE_SECONDS, StaffButton};

/// What the overlay shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StaffPage {
    /// The state of the kiosk and its buttons.
    #[default]
    Summary,
    /// The proof sheet's first page: the first slide's words and the articles it cites.
    Proof,
}

/// Whether the overlay is up, and which page.
#[derive(Resource, Default, PartialEq, Eq)]
pub struct StaffView {
    pub overlay_open: bool,
    pub page: StaffPage,
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((access::plugin, overlay::plugin));
}
