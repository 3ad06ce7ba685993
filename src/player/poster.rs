//! `pufa-kiosk poster`: the roadmap's route map drawn for printing, the way the
//! bureau puts its 路线图 on walls and in leaflets: the map, every step with the
//! articles it rests on, and the bureau's address and hours when bureau.ron holds
//! them. Drawn offscreen at print resolution and saved as one PNG.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bevy::prelude::*;
use bevy::render::view::screenshot::Screenshot;

use super::camera::{image_camera, save_png};
use super::fonts::text_font;
use super::messages::Messages;
use super::metrics::Screen;
use super::theme::Palette;
use super::widgets::{limit_words, paragraph, route_map};
use super::{Live, LiveContent, Mode, Problems, Shell, build_app};
use crate::core::layout::wrap;
use crate::core::pages::LINE_HEIGHT;
use crate::core::route_map::{Direction, RouteMap, Style, fit};

/// The poster being drawn and saved.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    out: PathBuf,
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicBool>,
}

/// Frames to let the layout and the glyphs settle before the picture is taken.
const SETTLE_FRAMES: u32 = 4;

fn setup(mut commands: Commands, mut images: ResMut<Assets<Image>>, mode: Res<Mode>) {
    let Mode::Poster { size, out } = mode.into_inner() else {
        return;
    };
    let target = image_camera(&mut commands, &mut images, *size, [255, 255, 255, 255]);
    commands.insert_resource(Job {
        target,
        out: out.clone(),
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicBool::new(false)),
    });
}

/// The sheet is designed as A2 (420 mm wide) and scaled to the size asked for:
/// `n` millimetres of an A2 sheet, in pixels of this one.
fn a2_mm(n: f32, sheet_width: f32) -> f32 {
    n * sheet_width / 420.0
}

/// Columns of the list of steps under the map.
const COLUMNS: usize = 3;

/// The sheet: title, the map filling the middle, each step with its articles,
/// and the bureau at the foot. Type is set for reading at arm's length: on A2 the
/// title 16 mm, the list 5 mm, the map as large as its share allows.
fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
) {
    let content = &live.content;
    let Some(roadmap) = content.roadmap.as_ref() else {
        return;
    };
    let m = screen.0;
    let p = *palette;
    let mm = |n| a2_mm(n, m.width);
    let (margin, title, text, gap) = (mm(15.0), mm(16.0), mm(5.0), mm(6.0));
    let inner = m.width - 2.0 * margin;
    let column = (inner - gap * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;
    let legend: Vec<String> = roadmap
        .steps
        .iter()
        .map(|step| format!("{}：{}", step.title, content.citation_line(&step.citations)))
        .collect();
    // The list's height: each row of columns as tall as its longest entry.
    let line = text * LINE_HEIGHT;
    let legend_height: f32 = legend
        .chunks(COLUMNS)
        .map(|row| {
            row.iter()
                .map(|entry| wrap(entry, column / text).len())
                .max()
                .unwrap_or(0) as f32
                * line
                + gap * 0.4
        })
        .sum();
    let bureau = content
        .library
        .bureau
        .as_ref()
        .and_then(|b| b.lines(&messages.bureau_labels()));
    let bureau_height = if bureau.is_some() { line * 4.0 } else { 0.0 };
    let map_bounds = (
        inner,
        (m.height - 2.0 * margin - title * LINE_HEIGHT - legend_height - bureau_height - gap * 4.0)
            .max(m.height * 0.2),
    );
    let map = RouteMap::new(roadmap);
    // The names' width decides the map's shape: the one that lets it be largest.
    let style = (4..=16)
        .map(|em| {
            let style = Style {
                name_em: em as f32,
                ..Style::for_breadth(&map, text, inner, Direction::Down)
            };
            fit(
                &map,
                roadmap,
                &style,
                map_bounds,
                limit_words(roadmap, &messages),
            )
        })
        .max_by(|a, b| a.size.total_cmp(&b.size));
    commands
        .spawn((
            Name::new("poster"),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(margin)),
                row_gap: px(gap),
                ..default()
            },
            BackgroundColor(p.page),
        ))
        .with_children(|sheet| {
            sheet.spawn((
                Text::new(roadmap.title.clone()),
                text_font(title, true),
                TextColor(p.title),
            ));
            if let Some(style) = style {
                sheet
                    .spawn(Node {
                        width: percent(100),
                        height: px(map_bounds.1),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        flex_shrink: 0.0,
                        ..default()
                    })
                    .with_children(|centre| {
                        route_map(centre, roadmap, &map, &style, None, &p, &messages);
                    });
            }
            sheet
                .spawn(Node {
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(gap),
                    row_gap: px(gap * 0.4),
                    ..default()
                })
                .with_children(|list| {
                    for entry in legend {
                        list.spawn((
                            Node {
                                width: px(column),
                                ..default()
                            },
                            children![paragraph(entry, text, false, p.text)],
                        ));
                    }
                });
            if let Some(lines) = bureau {
                sheet.spawn(paragraph(
                    format!("{}　{}", messages.bureau_title, lines.join("　")),
                    text,
                    true,
                    p.title,
                ));
            }
        });
}

fn take_picture(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut job) = job else { return };
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) {
            exit.write(AppExit::Success);
        }
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES {
        return;
    }
    job.capturing = true;
    let saved = job.saved.clone();
    commands
        .spawn(Screenshot::image(job.target.clone()))
        .observe(save_png(job.out.clone(), move || {
            saved.store(true, Ordering::SeqCst)
        }));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, (setup, draw));
    app.add_systems(Update, take_picture.in_set(super::AppSystems::Draw));
}

/// Draws the poster of `live`'s roadmap, `size` pixels, to the PNG file `out`.
pub fn render_poster(live: Live, size: (u32, u32), out: PathBuf) -> Result<(), String> {
    if live.content.roadmap.is_none() {
        return Err(
            "没有 roadmap.ron，画不出路线图 / no roadmap.ron: there is no route map to draw".into(),
        );
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Poster {
            size,
            out: out.clone(),
        },
        Shell::Engine,
    );
    match app.run() {
        AppExit::Success if out.exists() => Ok(()),
        AppExit::Success => Err(format!("{} was not written", out.display())),
        AppExit::Error(code) => Err(format!("renderer stopped with code {code}")),
    }
}
