//! Colours, and the citizen's choices for easier reading (大字, 高对比).

use bevy::prelude::*;

/// The kiosk's colours. All body text meets 7:1 contrast on its background.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub page: Color,
    pub band: Color,
    pub band_text: Color,
    pub accent: Color,
    pub title: Color,
    pub text: Color,
    pub muted: Color,
    pub card: Color,
    pub card_edge: Color,
    pub highlight: Color,
    pub mistake: Color,
    pub lawful: Color,
    pub on_badge: Color,
}

/// The everyday palette: warm paper, deep red bands, gold accents.
pub const STANDARD: Palette = Palette {
    page: Color::srgb(0.980, 0.965, 0.933),
    band: Color::srgb(0.620, 0.106, 0.106),
    band_text: Color::srgb(1.0, 0.973, 0.906),
    accent: Color::srgb(0.812, 0.616, 0.196),
    title: Color::srgb(0.549, 0.078, 0.078),
    text: Color::srgb(0.122, 0.110, 0.098),
    muted: Color::srgb(0.298, 0.251, 0.200),
    card: Color::srgb(1.0, 1.0, 1.0),
    card_edge: Color::srgb(0.812, 0.616, 0.196),
    highlight: Color::srgb(0.600, 0.082, 0.082),
    mistake: Color::srgb(0.651, 0.086, 0.086),
    lawful: Color::srgb(0.075, 0.376, 0.204),
    on_badge: Color::srgb(1.0, 1.0, 1.0),
};

/// For low vision: white and yellow on black.
pub const HIGH_CONTRAST: Palette = Palette {
    page: Color::srgb(0.0, 0.0, 0.0),
    band: Color::srgb(0.0, 0.0, 0.0),
    band_text: Color::srgb(1.0, 1.0, 1.0),
    accent: Color::srgb(1.0, 0.851, 0.0),
    title: Color::srgb(1.0, 0.851, 0.0),
    text: Color::srgb(1.0, 1.0, 1.0),
    muted: Color::srgb(0.902, 0.902, 0.902),
    card: Color::srgb(0.0, 0.0, 0.0),
    card_edge: Color::srgb(1.0, 0.851, 0.0),
    highlight: Color::srgb(1.0, 0.851, 0.0),
    mistake: Color::srgb(0.0, 0.0, 0.0),
    lawful: Color::srgb(0.0, 0.0, 0.0),
    on_badge: Color::srgb(1.0, 1.0, 1.0),
};

/// WCAG relative luminance of an sRGB colour.
#[cfg(test)]
fn luminance(color: Color) -> f32 {
    let c = color.to_linear();
    0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
}

/// WCAG contrast ratio between two colours.
#[cfg(test)]
fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Choices a citizen can make for easier reading (大字, 高对比).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Accessibility {
    pub large_text: bool,
    pub high_contrast: bool,
}

/// How much 大字 enlarges every type size.
pub const LARGE_TEXT_SCALE: f32 = 1.3;

pub(super) fn apply_accessibility(access: Res<Accessibility>, mut palette: ResMut<Palette>) {
    if !access.is_changed() {
        return;
    }
    let wanted = if access.high_contrast {
        HIGH_CONTRAST
    } else {
        STANDARD
    };
    if *palette != wanted {
        *palette = wanted;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(STANDARD);
    app.init_resource::<Accessibility>();
    app.add_systems(PreUpdate, apply_accessibility);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_contrast_is_at_least_seven_to_one() {
        for p in [STANDARD, HIGH_CONTRAST] {
            for (name, fg, bg) in [
                ("text", p.text, p.page),
                ("title", p.title, p.page),
                ("muted", p.muted, p.page),
                ("highlight", p.highlight, p.page),
                ("quote", p.text, p.card),
                ("band", p.band_text, p.band),
            ] {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 7.0, "{name}: {ratio:.2}");
            }
        }
        assert!(contrast(STANDARD.on_badge, STANDARD.mistake) >= 7.0);
        assert!(contrast(STANDARD.on_badge, STANDARD.lawful) >= 7.0);
    }
}
