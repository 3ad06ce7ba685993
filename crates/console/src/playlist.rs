//! 播放: the playlist in order, reordered by dragging (mouse or finger), with
//! seconds and transition per item; saved to the draft's `playlist.ron`.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, PreEscaped, html};
use pufa_kiosk_core::item::Entry;
use pufa_kiosk_core::pacing::Transition;
use pufa_kiosk_core::playlist::PlaylistFile;

use crate::checking;
use crate::content::problem;
use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/playlist", get(show).post(save))
}

const TRANSITIONS: &[(&str, &str)] = &[
    ("", "默认"),
    ("Crossfade", "淡入淡出"),
    ("Slide", "滑入"),
    ("Cut", "直接切换"),
];

fn transition_name(t: Option<Transition>) -> &'static str {
    match t {
        None => "",
        Some(Transition::Crossfade) => "Crossfade",
        Some(Transition::Slide) => "Slide",
        Some(Transition::Cut) => "Cut",
    }
}

/// The title staff know an entry by.
fn title(root: &std::path::Path, kind: &str, id: &str) -> String {
    let read = |f: String| std::fs::read_to_string(root.join(f)).unwrap_or_default();
    match kind {
        "Panel" => {
            ron::from_str::<pufa_kiosk_core::panel::PanelFile>(&read(format!("panels/{id}.ron")))
                .map_or_else(|_| id.to_owned(), |p| p.title)
        }
        "Comic" => ron::from_str::<pufa_kiosk_core::comic::ComicFile>(&read(format!(
            "comics/{id}/comic.ron"
        )))
        .map_or_else(|_| id.to_owned(), |c| c.title),
        _ => "本局信息（地址、接待时间、电话）".to_owned(),
    }
}

fn parts(e: &Entry) -> (&'static str, String, Option<f32>, Option<Transition>) {
    match e {
        Entry::Panel {
            id,
            seconds,
            transition,
        } => ("Panel", id.clone(), *seconds, *transition),
        Entry::Comic {
            id,
            seconds,
            transition,
        } => ("Comic", id.clone(), *seconds, *transition),
        Entry::Bureau {
            seconds,
            transition,
        } => ("Bureau", String::new(), *seconds, *transition),
    }
}

async fn show(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    render(&state, &staff, None).await
}

async fn render(state: &AppState, staff: &Staff, flash: Option<&str>) -> Result<Markup, Fail> {
    let root = state.paths.draft();
    let text = std::fs::read_to_string(root.join("playlist.ron")).unwrap_or_default();
    let checked = checking::check_draft(state).await;
    let body = match ron::from_str::<PlaylistFile>(&text) {
        Err(e) => html! { div.problem { "playlist.ron 的格式有误：" (e.to_string()) } },
        Ok(file) => html! {
            @if let Some(f) = flash { div.flash { (f) } }
            @for d in checked.in_file("playlist.ron") { (problem(d)) }
            p.muted { "按住左边的 ☰ 拖动可调整顺序（触摸屏上用手指拖）。改完点“保存到草稿”，在“发布”页发布后才上屏。" }
            form method="post" action="/playlist" {
                input type="hidden" name="csrf" value=(staff.csrf);
                ul #playlist.sortable {
                    @for e in &file.items {
                        @let (kind, id, seconds, transition) = parts(e);
                        li {
                            span.handle title="拖动调整顺序" { "☰" }
                            input type="hidden" name="entry" value={(kind) ":" (id)};
                            span.grow { b { (title(&root, kind, &id)) } br; span.muted { (match kind { "Panel" => "展板", "Comic" => "漫画", _ => "本局信息" }) " " (id) } }
                            label style="margin:0;font-weight:normal" { "秒数 "
                                input type="number" name="seconds" step="0.5" min="2" max="600" style="width:6rem" value=(seconds.map(|s| s.to_string()).unwrap_or_default()) placeholder="默认"; }
                            label style="margin:0;font-weight:normal" { "切换 "
                                select name="transition" style="width:auto" {
                                    @for (value, name) in TRANSITIONS {
                                        option value=(value) selected[*value == transition_name(transition)] { (name) }
                                    }
                                }
                            }
                        }
                    }
                }
                p { button type="submit" { "保存到草稿" } }
            }
            // forceFallback: pointer events for mouse and finger alike, rather than
            // the browser's own drag and drop, which touchscreens lack.
            script { (PreEscaped("new Sortable(document.getElementById('playlist'), {handle: '.handle', animation: 150, forceFallback: true});")) }
        },
    };
    Ok(page::page(staff, "/playlist", "播放顺序", body))
}

fn pick<'a>(form: &'a [(String, String)], name: &'static str) -> impl Iterator<Item = &'a str> {
    form.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.trim())
}

/// The playlist file for the submitted order, keeping `old`'s comment lines at
/// the top and its `guide`.
pub fn playlist_text(form: &[(String, String)], old: &str) -> Result<String, (String, String)> {
    let header: String = old
        .lines()
        .take_while(|l| !l.trim_start().starts_with('('))
        .map(|l| format!("{l}\n"))
        .collect();
    let guide = ron::from_str::<PlaylistFile>(old)
        .map(|f| f.guide.comic)
        .unwrap_or_default();
    let mut out = header;
    out.push_str("(\n    items: [\n");
    for ((entry, seconds), transition) in pick(form, "entry")
        .zip(pick(form, "seconds"))
        .zip(pick(form, "transition"))
    {
        let (kind, id) = entry.split_once(':').unwrap_or((entry, ""));
        let mut fields = Vec::new();
        match kind {
            "Panel" | "Comic" => {
                fields.push(format!("id: {}", ron::to_string(id).unwrap_or_default()))
            }
            "Bureau" => {}
            _ => {
                return Err((
                    format!("不认识的项目“{entry}”"),
                    format!("unknown entry `{entry}`"),
                ));
            }
        }
        if !seconds.is_empty() {
            let s: f32 = seconds.parse().map_err(|_| {
                (
                    format!("秒数应是数字，不是“{seconds}”"),
                    format!("seconds must be a number, not `{seconds}`"),
                )
            })?;
            fields.push(format!("seconds: Some({s:?})"));
        }
        if !transition.is_empty() {
            if !TRANSITIONS.iter().any(|(v, _)| *v == transition) {
                return Err((
                    format!("不认识的切换效果“{transition}”"),
                    format!("unknown transition `{transition}`"),
                ));
            }
            fields.push(format!("transition: Some({transition})"));
        }
        out.push_str(&format!("        {kind}({}),\n", fields.join(", ")));
    }
    out.push_str("    ],\n");
    if !guide.is_empty() {
        out.push_str(&format!(
            "    guide: (comic: {}),\n",
            ron::to_string(&guide).unwrap_or_default()
        ));
    }
    out.push_str(")\n");
    Ok(out)
}

async fn save(
    State(state): State<AppState>,
    staff: Staff,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let root = state.paths.draft();
    let path = root.join("playlist.ron");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let text = playlist_text(&form, &old).map_err(|(zh, en)| Fail::Bad(zh, en))?;
    let before = draft::version_of(&root);
    pufa_kiosk_core::health::write_atomically(&path, &text)?;
    let after = draft::version_of(&root);
    crate::record(
        &state,
        &staff.user,
        "修改播放顺序（草稿）",
        "playlist.ron",
        &before,
        &after,
    );
    render(&state, &staff, Some("播放顺序已保存到草稿。")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_order_given_and_keeps_header_and_guide() {
        let old = "// 注释\n(\n    items: [Panel(id: \"a\"), Comic(id: \"c\")],\n    guide: (comic: \"c\"),\n)\n";
        let form: Vec<(String, String)> = [
            ("csrf", "x"),
            ("entry", "Comic:c"),
            ("seconds", ""),
            ("transition", "Slide"),
            ("entry", "Bureau:"),
            ("seconds", "20"),
            ("transition", ""),
            ("entry", "Panel:a"),
            ("seconds", ""),
            ("transition", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let text = playlist_text(&form, old).unwrap();
        assert!(text.starts_with("// 注释\n("));
        let file: PlaylistFile = ron::from_str(&text).unwrap();
        let order: Vec<_> = file.items.iter().map(|e| parts(e).0).collect();
        assert_eq!(order, ["Comic", "Bureau", "Panel"]);
        assert_eq!(parts(&file.items[0]).3, Some(Transition::Slide));
        assert_eq!(parts(&file.items[1]).2, Some(20.0));
        assert_eq!(file.guide.comic, "c");
        let bad: Vec<(String, String)> = [
            ("entry", "Panel:a"),
            ("seconds", ""),
            ("transition", "Explode"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert!(playlist_text(&bad, old).is_err());
    }
}
