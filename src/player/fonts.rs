//! The bundled Noto Sans CJK SC faces (SIL OFL, see `assets/fonts/`), embedded in
//! the binary so an installed kiosk never runs without its font.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::text::{FontSource, FontWeight};
use linebender_resource_handle::Blob;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold.otf");

/// The family name embedded in both faces.
pub const FAMILY: &str = "Noto Sans CJK SC";

/// Handles that keep the font assets alive.
#[derive(Resource)]
pub struct Fonts {
    _faces: [Handle<Font>; 2],
}

/// `TextFont` for `size` pixels in the bundled family, bold or regular.
pub fn text_font(size: f32, bold: bool) -> TextFont {
    TextFont {
        font: FontSource::Family(FAMILY.into()),
        font_size: bevy::text::FontSize::Px(size),
        weight: if bold {
            FontWeight::BOLD
        } else {
            FontWeight::NORMAL
        },
        ..default()
    }
}

fn face(bytes: &'static [u8]) -> Font {
    // The bytes stay in the binary's read-only data: no 20 MB copy on the heap.
    Font {
        data: Blob::new(Arc::new(bytes)),
        alias: String::new(),
    }
}

fn load_faces(mut commands: Commands, mut fonts: ResMut<Assets<Font>>) {
    let faces = [fonts.add(face(REGULAR)), fonts.add(face(BOLD))];
    commands.insert_resource(Fonts { _faces: faces });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, load_faces);
}
