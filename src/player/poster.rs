//! `pufa-kiosk poster`: the roadmap as a wall chart for printing, the way the
//! bureau puts its 路线图 on walls and in leaflets. The core lays it out for the
//! sheet ([`wall_chart`](crate::core::wall_chart)): a card per step with what it
//! asks of the citizen and its articles, time-limit badges saying whose limit it
//! is, lines between neighbouring columns and marked connectors instead of long
//! lines, a legend, the bureau and the QR codes. This file draws those numbers
//! offscreen at print resolution and saves one PNG per page.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bevy::prelude::*;
use bevy::render::view::screenshot::Screenshot;

use super::camera::{image_camera, save_png};
use super::fonts::text_font;
use super::messages::{Messages, fill};
use super::qr;
use super::theme::STANDARD;
use super::widgets::placed;
use super::{Live, Mode, Problems, Shell, build_app};
use crate::core::content::Content;
use crate::core::roadmap::Who;
use crate::core::wall_chart::{
    CHART_LINE, Chart, Ink, Input, Kind, Sample, Sheet, Station, Words, lay_out, min_station_mm,
};

/// The chart, laid out before the app starts (so a sheet too small for it is
/// refused before anything is drawn), with the address behind each QR code.
#[derive(Resource)]
struct Drawn {
    chart: Chart,
    urls: Vec<String>,
}

/// The pages being drawn and saved, one after another.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    files: Vec<PathBuf>,
    page: usize,
    drawn: Option<usize>,
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicBool>,
}

/// The root of the page on the sheet.
#[derive(Component)]
struct PageRoot;

/// Frames to let the layout and the glyphs settle before the picture is taken.
const SETTLE_FRAMES: u32 = 4;

/// The file of page `page` of `pages`: `out` itself for one page, else
/// `路线图-1.png`, `路线图-2.png` beside it.
pub fn page_file(out: &Path, page: usize, pages: usize) -> PathBuf {
    if pages <= 1 {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = out
        .extension()
        .map_or_else(|| "png".into(), |e| e.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}-{}.{ext}", page + 1))
}

fn setup(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mode: Res<Mode>,
    drawn: Option<Res<Drawn>>,
) {
    let (Mode::Poster { size, out, .. }, Some(drawn)) = (mode.into_inner(), drawn) else {
        return;
    };
    let target = image_camera(&mut commands, &mut images, *size, [255, 255, 255, 255]);
    let pages = drawn.chart.pages.len();
    commands.insert_resource(Job {
        target,
        files: (0..pages).map(|p| page_file(out, p, pages)).collect(),
        page: 0,
        drawn: None,
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicBool::new(false)),
    });
}

/// What the chart says, from the content and the message table.
fn input<'a>(content: &'a Content, messages: &Messages) -> Option<(Input<'a>, Vec<String>)> {
    let roadmap = content.roadmap.as_ref()?;
    let law = content
        .main_law()
        .map(|l| l.title.clone())
        .unwrap_or_default();
    let prefix = format!("《{law}》");
    let stations = roadmap
        .steps
        .iter()
        .map(|step| {
            let cite = content.citation_line(&step.citations);
            // The subtitle names the regulation once; each card its articles.
            let cite = match cite.strip_prefix(&prefix) {
                Some(rest) if !law.is_empty() => rest.to_owned(),
                _ => cite,
            };
            Station {
                title: step.title.clone(),
                ask: step.ask.clone(),
                cite,
                limit: step.limit.as_ref().map(|l| {
                    let mut days = fill(&messages.roadmap_days, l.days, "");
                    if let Some(extra) = l.extension_days {
                        days.push('（');
                        days.push_str(&fill(&messages.roadmap_extension, extra, ""));
                        days.push('）');
                    }
                    (l.who, format!("{} {days}", l.label))
                }),
            }
        })
        .collect();
    let bureau = content.library.bureau.as_ref();
    let mut qr: Vec<(String, String)> = content
        .online
        .as_ref()
        .map(|o| {
            o.links
                .iter()
                .map(|l| (l.label.clone(), l.url.clone()))
                .collect()
        })
        .unwrap_or_default();
    if let Some(url) = bureau
        .filter(|b| b.is_real())
        .and_then(|b| b.online.clone())
    {
        qr.insert(0, (messages.poster_bureau_online.clone(), url));
    }
    let words = Words {
        title: roadmap.title.clone(),
        subtitle: fill(&messages.poster_subtitle, &law, ""),
        go_to: messages.poster_go_to.clone(),
        back_to: messages.poster_back_to.clone(),
        legend_title: messages.poster_legend.clone(),
        legend_number: messages.poster_legend_number.clone(),
        legend_line: messages.poster_legend_line.clone(),
        legend_connector: messages.poster_legend_connector.clone(),
        legend_agency: messages.poster_legend_agency.clone(),
        legend_citizen: messages.poster_legend_citizen.clone(),
        continued: messages.poster_continued.clone(),
        bureau_title: messages.bureau_title.clone(),
    };
    let (labels, urls) = qr.into_iter().unzip();
    Some((
        Input {
            roadmap,
            stations,
            words,
            bureau: bureau.and_then(|b| b.lines(&messages.bureau_labels())),
            qr: labels,
        },
        urls,
    ))
}

/// Spawns page `page` of the chart.
fn draw_page(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    drawn: Option<Res<Drawn>>,
    roots: Query<Entity, With<PageRoot>>,
    mut images: ResMut<Assets<Image>>,
) {
    let (Some(mut job), Some(drawn)) = (job, drawn) else {
        return;
    };
    if job.drawn == Some(job.page) {
        return;
    }
    job.drawn = Some(job.page);
    for root in &roots {
        commands.entity(root).despawn();
    }
    let Some(page) = drawn.chart.pages.get(job.page) else {
        return;
    };
    let p = STANDARD;
    let s = drawn.chart.size;
    let edge = (s * 0.07).max(2.0);
    let radius = s * 0.25;
    let ink = |i: Ink| match i {
        Ink::Title => p.title,
        Ink::Text => p.text,
        Ink::Quiet => p.muted,
        Ink::OnFill => p.on_badge,
    };
    let agency = Color::srgb(0.118, 0.278, 0.471);
    let fill_of = |who: Who| match who {
        Who::Agency => agency,
        Who::Citizen => p.band,
    };
    let connector_fill = p.accent.with_alpha(0.22);
    let qr_images: Vec<Option<Handle<Image>>> = drawn
        .urls
        .iter()
        .map(|u| qr::image(u).map(|i| images.add(i)))
        .collect();
    commands
        .spawn((
            Name::new("wall chart page"),
            PageRoot,
            Node {
                width: percent(100),
                height: percent(100),
                ..default()
            },
            BackgroundColor(Color::WHITE),
        ))
        .with_children(|sheet| {
            // Lines first, under everything they reach.
            for piece in &page.pieces {
                sheet.spawn((placed(piece.rect), BackgroundColor(p.band)));
            }
            for block in &page.blocks {
                let r = block.rect;
                match block.kind {
                    Kind::Card { .. } => {
                        sheet.spawn((
                            Node {
                                border: UiRect::all(px(edge)),
                                border_radius: BorderRadius::all(px(radius)),
                                ..placed(r)
                            },
                            BackgroundColor(p.card),
                            BorderColor::all(p.card_edge),
                        ));
                    }
                    Kind::Badge { who, .. } => {
                        sheet.spawn((
                            Node {
                                border_radius: BorderRadius::all(px(r.h / 2.0)),
                                ..placed(r)
                            },
                            BackgroundColor(fill_of(who)),
                        ));
                    }
                    Kind::Connector { .. } => {
                        sheet.spawn((
                            Node {
                                border: UiRect::all(px(edge)),
                                border_radius: BorderRadius::all(px(r.h / 2.0)),
                                ..placed(r)
                            },
                            BackgroundColor(connector_fill),
                            BorderColor::all(p.accent),
                        ));
                    }
                    Kind::Qr { link } => {
                        if let (Some(m), Some(Some(image))) = (block.marker, qr_images.get(link)) {
                            sheet.spawn((placed(m), ImageNode::new(image.clone())));
                        }
                    }
                    Kind::Number { .. }
                    | Kind::Heading
                    | Kind::LegendTitle
                    | Kind::Legend(_)
                    | Kind::Bureau => {}
                }
                if let Some(m) = block.marker {
                    let shape = match block.kind {
                        Kind::Number { .. } | Kind::Legend(Sample::Number) => {
                            Some((p.band, m.h / 2.0, Some(Color::WHITE)))
                        }
                        Kind::Legend(Sample::Line) => Some((p.band, 0.0, None)),
                        Kind::Legend(Sample::Connector) => {
                            Some((connector_fill, m.h / 2.0, Some(p.accent)))
                        }
                        Kind::Legend(Sample::Limit(who)) => Some((fill_of(who), m.h / 2.0, None)),
                        _ => None,
                    };
                    if let Some((colour, round, border)) = shape {
                        let mut node = sheet.spawn((
                            Node {
                                border: UiRect::all(px(if border.is_some() { edge } else { 0.0 })),
                                border_radius: BorderRadius::all(px(round)),
                                ..placed(m)
                            },
                            BackgroundColor(colour),
                        ));
                        if let Some(b) = border {
                            node.insert(BorderColor::all(b));
                        }
                    }
                }
                for label in &block.labels {
                    sheet.spawn((
                        placed(label.rect()),
                        Text::new(label.text.clone()),
                        text_font(label.size, label.bold),
                        TextColor(ink(label.ink)),
                        TextLayout::new(Justify::Left, LineBreak::NoWrap),
                        bevy::text::LineHeight::RelativeToFont(CHART_LINE),
                    ));
                }
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
            if job.page + 1 < job.files.len() {
                job.page += 1;
                job.frames = 0;
                job.capturing = false;
                job.saved.store(false, Ordering::SeqCst);
            } else {
                exit.write(AppExit::Success);
            }
        }
        return;
    }
    if job.drawn != Some(job.page) {
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES {
        return;
    }
    let Some(file) = job.files.get(job.page).cloned() else {
        exit.write(AppExit::Success);
        return;
    };
    job.capturing = true;
    let saved = job.saved.clone();
    commands
        .spawn(Screenshot::image(job.target.clone()))
        .observe(save_png(file, move || saved.store(true, Ordering::SeqCst)));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, setup);
    app.add_systems(
        Update,
        (draw_page, take_picture)
            .chain()
            .in_set(super::AppSystems::Draw),
    );
}

/// Lays out the wall chart of `live`'s content for a sheet of `size` pixels at
/// `dpi` on at most `pages` pages; warns, saying what to do, when its station
/// titles are under [`min_station_mm`].
pub fn lay_out_poster(
    live: &Live,
    size: (u32, u32),
    dpi: f32,
    pages: usize,
) -> Result<(Chart, Vec<String>), String> {
    let messages = Messages::for_language(&live.settings.language);
    let Some((input, urls)) = input(&live.content, &messages) else {
        return Err(
            "没有 roadmap.ron，画不出路线图 / no roadmap.ron: there is no route map to draw".into(),
        );
    };
    let sheet = Sheet::new(size.0 as f32, size.1 as f32, dpi, pages);
    let chart = lay_out(&input, &sheet).ok_or_else(|| {
        format!(
            "{}×{} 像素太小，放不下路线图 / {}×{} pixels is too small for the route map",
            size.0, size.1, size.0, size.1
        )
    })?;
    let (got, need) = (chart.station_mm(&sheet), min_station_mm(&sheet));
    if got + 0.005 < need {
        // Drawn all the same (a longer roadmap than the shipped one, or an odd
        // size); staff are told, with what to do. The shipped content meets it
        // on every A size either way round (wall_chart's tests).
        eprintln!(
            "⚠ 站名只有 {got:.1} 毫米高，这张纸应当至少 {need:.1} 毫米：请改用竖版，或者加 --pages 2 印成两页 / station titles are {got:.1} mm, this sheet wants {need:.1} mm: print it upright, or add --pages 2"
        );
    }
    Ok((chart, urls))
}

/// Draws the wall chart of `live`'s roadmap, `size` pixels at `dpi`, on at most
/// `pages` pages, to the PNG file `out` (or `out-1.png`, `out-2.png`); returns
/// the files written.
pub fn render_poster(
    live: Live,
    size: (u32, u32),
    dpi: f32,
    pages: usize,
    out: PathBuf,
) -> Result<Vec<PathBuf>, String> {
    let (chart, urls) = lay_out_poster(&live, size, dpi, pages)?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let files: Vec<PathBuf> = (0..chart.pages.len())
        .map(|p| page_file(&out, p, chart.pages.len()))
        .collect();
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Poster {
            size,
            pages,
            out: out.clone(),
        },
        Shell::Engine,
    );
    app.insert_resource(Drawn { chart, urls });
    match app.run() {
        AppExit::Success if files.iter().all(|f| f.exists()) => Ok(files),
        AppExit::Success => Err(format!("{} was not written", out.display())),
        AppExit::Error(code) => Err(format!("renderer stopped with code {code}")),
    }
}
