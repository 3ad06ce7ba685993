//! The fixed interface wording, loaded from the message table in
//! `assets/messages/`, so no citizen-facing Chinese lives in code.

use bevy::prelude::*;
use serde::Deserialize;

/// Labels and buttons shown to citizens.
#[derive(Resource, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub law_prefix: String,
    pub source_prefix: String,
    pub page: String,
    pub mistake: String,
    pub lawful: String,
    pub touch_hint: String,
    pub updating: String,
    pub staff_problems: String,
    pub staff_title: String,
    pub staff_close: String,
    pub home_title: String,
    pub tile_roadmap: String,
    pub tile_roadmap_note: String,
    pub tile_comic: String,
    pub tile_comic_note: String,
    pub tile_browser: String,
    pub tile_browser_note: String,
    pub tile_topics: String,
    pub tile_topics_note: String,
    pub tile_online: String,
    pub tile_online_note: String,
    pub back: String,
    pub home: String,
    pub large_text: String,
    pub high_contrast: String,
    pub idle_countdown: String,
    pub roadmap_you_are_here: String,
    pub roadmap_timeline: String,
    pub roadmap_days: String,
    pub roadmap_extension: String,
    pub roadmap_end: String,
    /// The button that plays a recording of the page (朗读), and stops it.
    pub read_aloud: String,
    pub stop_reading: String,
    pub quiz_question: String,
    pub quiz_yes: String,
    pub quiz_no: String,
    pub quiz_right: String,
    pub quiz_wrong: String,
    pub quiz_next: String,
    pub quiz_score: String,
    pub quiz_again: String,
    pub reader_mode: String,
    pub quiz_mode: String,
    pub previous: String,
    pub next: String,
    pub chapters: String,
    /// Heads 法规查询's list of laws.
    pub laws: String,
    /// The day a law took effect (`{n}`), after its version: 2024年1月1日起施行.
    pub law_in_force: String,
    /// Title over the bureau's profile (its slide, the home page, a roadmap step).
    pub bureau_title: String,
    pub bureau_address: String,
    pub bureau_hours: String,
    pub bureau_phone: String,
    pub bureau_online: String,
    /// The wall chart (`poster`): under its title, where the articles are from (`{n}`).
    pub poster_subtitle: String,
    /// Before a connector to a later step, and back to an earlier one.
    pub poster_go_to: String,
    pub poster_back_to: String,
    /// The legend's heading and entries.
    pub poster_legend: String,
    pub poster_legend_number: String,
    pub poster_legend_line: String,
    pub poster_legend_connector: String,
    pub poster_legend_agency: String,
    pub poster_legend_citizen: String,
    /// After the title on a second page.
    pub poster_continued: String,
    /// Under the QR code of the bureau's own online channel.
    pub poster_bureau_online: String,
}

const ZH_CN: &str = include_str!("../../assets/messages/zh-CN.ron");

impl Messages {
    /// The words a running text puts before a comic scene, without their marks:
    /// (a mistake, the lawful way).
    pub fn verdict_words(&self) -> (&str, &str) {
        (
            self.mistake.trim_start_matches(['×', ' ']),
            self.lawful.trim_start_matches(['✓', ' ']),
        )
    }

    /// The table for `language` (only zh-CN today).
    #[allow(
        clippy::expect_used,
        reason = "the table is built into the binary and read by a unit test"
    )]
    pub fn for_language(_language: &str) -> Self {
        ron::from_str(ZH_CN).expect("the embedded message table is checked by a unit test")
    }
}

impl Messages {
    /// The labels put before each line of the bureau's profile.
    pub fn bureau_labels(&self) -> crate::core::bureau::Labels<'_> {
        crate::core::bureau::Labels {
            address: &self.bureau_address,
            hours: &self.bureau_hours,
            phone: &self.bureau_phone,
            online: &self.bureau_online,
        }
    }
}

/// Fills `{n}` and `{m}` in a message.
pub fn fill(template: &str, n: impl std::fmt::Display, m: impl std::fmt::Display) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{m}", &m.to_string())
}

fn load_messages(mut commands: Commands, settings: Res<super::LiveSettings>) {
    commands.insert_resource(Messages::for_language(&settings.language));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, load_messages);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses() {
        let m = Messages::for_language("zh-CN");
        assert_eq!(fill(&m.page, 2, 3), "第 2 / 3 页");
    }
}
