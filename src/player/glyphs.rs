//! A ceiling on the memory that rasterized glyphs take. Bevy keeps every glyph
//! it has drawn, per font size, in atlases that are never freed; a rotation of
//! CJK panels touches thousands of glyphs at several sizes, and each 512×512
//! atlas page costs 1 MiB in the main world plus its copy on the GPU (in system
//! memory with software rendering). Over one pass of the playlist that grew the
//! player by tens of MiB. When the atlases outgrow the budget, they are dropped
//! at a quiet frame and the text on screen is drawn again, which refills them
//! with only the glyphs in view.

use bevy::prelude::*;
use bevy::text::FontAtlasSet;

use super::rotation::Fade;

/// Main-world bytes of glyph atlases that trigger a clean-out. One full screen
/// of text at the largest type needs a few pages; this leaves room for a slide
/// coming in and a touch page on top without clearing on every frame.
const BUDGET_BYTES: u64 = 12 * 1024 * 1024;

/// Bytes the atlases held right after the last clean-out: what the screen in
/// view needs. The next clean-out waits until the atlases are well past it, so a
/// screen that alone needs more than the budget is not redrawn every frame.
#[derive(Resource, Default)]
struct AfterLastCleanOut(u64);

fn drop_glyphs_when_over_budget(
    mut atlases: ResMut<FontAtlasSet>,
    images: Res<Assets<Image>>,
    fading: Query<(), With<Fade>>,
    mut texts: Query<&mut Text>,
    mut after: ResMut<AfterLastCleanOut>,
    mut just_cleaned: Local<bool>,
) {
    if std::mem::take(&mut *just_cleaned) {
        // The text systems refilled the atlases last frame with what is in view.
        after.0 = atlases.total_bytes(&images);
    }
    // During a crossfade two slides are on screen: wait for the quiet end.
    if !fading.is_empty() {
        return;
    }
    let total = atlases.total_bytes(&images);
    if total <= BUDGET_BYTES.max(after.0 * 2) {
        return;
    }
    debug!(
        "glyph atlases at {:.1} MiB: dropped, the text in view is drawn again",
        total as f64 / 1048576.0
    );
    atlases.clear();
    for mut text in &mut texts {
        text.set_changed();
    }
    *just_cleaned = true;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<AfterLastCleanOut>();
    // Before the UI's text systems, which lay out and rasterize the text again in
    // this same frame.
    app.add_systems(
        PostUpdate,
        drop_glyphs_when_over_budget.before(bevy::ui::UiSystems::Prepare),
    );
}
