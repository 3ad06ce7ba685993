//! 内容, beyond panels: the forms for a comic scene, a roadmap step and a ticker
//! line. Each is one element of a list in one file; a save changes only the
//! values that changed, where they are written ([`crate::ronedit`]), so every
//! comment in the file stays. A roadmap step's save is refused when it would
//! break the roadmap's structure (a choice to a missing step, a step no longer
//! reachable), in the core's words.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::routing::{get, post};
use maud::{Markup, html};
use pufa_kiosk_core::comic::{ComicFile, SceneFile, Verdict};
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::law::Cite;
use pufa_kiosk_core::roadmap::{self, RoadmapFile, StepFile};
use pufa_kiosk_core::ticker::{LineFile, TickerFile};

use crate::checking::{self, Checked};
use crate::content::{self, Laws, Pairs, cite_row, cites_of, problem, ron_cite, ron_cites, value};
use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::ronedit::{Edit, apply, string};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/content/ticker/{n}", get(edit_line).post(save_line))
        .route("/content/step/{n}", get(edit_step).post(save_step))
        .route("/content/step/{n}/preview", post(preview_step))
        .route(
            "/content/comic/{id}/scene/{n}",
            get(edit_scene).post(save_scene),
        )
        .route("/content/comic/{id}/preview", post(preview_comic))
}

/// The problems of one element of a list, by the field they concern (`whole`
/// for the element itself).
struct Placed<'a> {
    by_field: BTreeMap<String, Vec<&'a Diagnostic>>,
    whole: Vec<&'a Diagnostic>,
}

impl<'a> Placed<'a> {
    fn of(
        checked: &'a Checked,
        file: &str,
        text: &str,
        (list, count, i): (&str, usize, usize),
        fields: &[String],
    ) -> Self {
        let mine = content::of_element(checked, file, text, list, count, i);
        let names: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mut by_field: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
        let mut whole = Vec::new();
        for d in mine {
            match checking::field_of(text, &names, (d.line, d.column)) {
                Some(f) => by_field.entry(f.to_owned()).or_default().push(d),
                None => whole.push(d),
            }
        }
        Self { by_field, whole }
    }

    fn at(&self, field: &str) -> Markup {
        html! { @for d in self.by_field.get(field).into_iter().flatten() { (problem(d)) } }
    }

    fn class(&self, field: &str) -> Option<&'static str> {
        self.by_field.contains_key(field).then_some("field-bad")
    }

    /// The problems of `field` and everything under it (`cites` and `cites[1]`).
    fn under(&self, field: &str) -> Markup {
        html! {
            @for (f, ds) in &self.by_field {
                @if f == field || f.starts_with(&format!("{field}[")) || f.starts_with(&format!("{field}.")) {
                    @for d in ds { (problem(d)) }
                }
            }
        }
    }
}

/// The paths of an element's fields for placing problems, with each citation.
fn fields(base: &str, names: &[&str], cites: usize) -> Vec<String> {
    let mut out: Vec<String> = names.iter().map(|n| format!("{base}.{n}")).collect();
    out.extend((0..cites).map(|k| format!("{base}.cites[{k}]")));
    out
}

/// The citation picker rows `cite0…`, one more for adding.
fn cite_rows(laws: &Laws, cites: &[Cite]) -> Markup {
    html! {
        @for (i, c) in cites.iter().enumerate() { (cite_row(laws, &format!("cite{i}"), Some(c))) }
        (cite_row(laws, &format!("cite{}", cites.len()), None))
    }
}

fn index(n: &str) -> Result<usize, Fail> {
    n.parse().map_err(|_| Fail::Missing)
}

fn flash_after(checked: &Checked, file: &str) -> String {
    let mine = checked.in_file(file).count();
    if mine == 0 {
        "已保存到草稿，检查通过。".to_owned()
    } else {
        format!("已保存到草稿。这个文件里检查发现 {mine} 处问题，见各栏下方。")
    }
}

/// Writes `text` to `file` in the draft, with a line of the log.
fn write(
    state: &AppState,
    staff: &Staff,
    file: &str,
    text: &str,
    action: &str,
) -> Result<(), Fail> {
    let root = state.paths.draft();
    let before = draft::version_of(&root);
    pufa_kiosk_core::health::write_atomically(&root.join(file), text)?;
    let after = draft::version_of(&root);
    crate::record(state, &staff.user, action, file, &before, &after);
    Ok(())
}

fn unreadable(file: &str, e: &ron::error::SpannedError, checked: &Checked, text: &str) -> Markup {
    html! {
        div.problem { (page::say(
            &format!("{file} 的格式有误，表格无法打开：{e}"),
            "The file does not parse; fix it in a text editor or take a fresh draft on the 发布 page.")) }
        @for d in checked.in_file(file) { (problem(d)) }
        pre { (text) }
    }
}

fn optional(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| string(s))
}

fn cites_value(cites: &[Cite], primary: &str) -> Option<String> {
    (!cites.is_empty()).then(|| ron_cites(cites, primary))
}

// ───────────────────────────── ticker lines ─────────────────────────────

const TICKER: &str = pufa_kiosk_core::ticker::FILE_NAME;

async fn edit_line(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(n): UrlPath<String>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let i = index(&n)?;
    let text =
        std::fs::read_to_string(state.paths.draft().join(TICKER)).map_err(|_| Fail::Missing)?;
    let checked = checking::check_draft(&state).await;
    line_page(&state, &staff, i, &text, &checked, None)
}

fn line_page(
    state: &AppState,
    staff: &Staff,
    i: usize,
    text: &str,
    checked: &Checked,
    flash: Option<&str>,
) -> Result<Markup, Fail> {
    let laws = Laws::load(&state.paths.draft());
    let body = match ron::from_str::<TickerFile>(text) {
        Err(e) => unreadable(TICKER, &e, checked, text),
        Ok(file) => {
            let line = file.lines.get(i).ok_or(Fail::Missing)?;
            let base = format!("lines[{i}]");
            let names = fields(&base, &["text", "cites", "source"], line.cites.len());
            let placed = Placed::of(
                checked,
                TICKER,
                text,
                ("lines", file.lines.len(), i),
                &names,
            );
            let f = |n: &str| format!("{base}.{n}");
            html! {
                @if let Some(m) = flash { div.flash { (m) } }
                @for d in &placed.whole { (problem(d)) }
                form.card method="post" action={"/content/ticker/" (i)} {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    div class=[placed.class(&f("text"))] {
                        label for="text" { "字幕（一句话，不换行；其中的数字必须在所引条文中出现）" }
                        input #text type="text" name="text" value=(line.text);
                        (placed.at(&f("text")))
                    }
                    label { "依据条文（讲法律的句子必须注明；条号清空即删除）" }
                    (cite_rows(&laws, &line.cites))
                    (placed.under(&f("cites")))
                    div class=[placed.class(&f("source"))] {
                        label for="source" { "来源（不讲法律的句子写来源，例如“本局”）" }
                        input #source type="text" name="source" value=(line.source.clone().unwrap_or_default());
                        (placed.at(&f("source")))
                    }
                    p { button type="submit" { "保存到草稿并检查" } }
                    p.muted { "字幕在每一页的底部滚动，播放时会在句子后加上条文出处。" }
                }
            }
        }
    };
    Ok(page::page(
        staff,
        "/content",
        &format!("滚动字幕第 {} 行", i + 1),
        body,
    ))
}

/// The edits a ticker line's form asks for.
pub fn line_edits(i: usize, old: &LineFile, form: &Pairs, primary: &str) -> Vec<Edit> {
    let base = format!("lines[{i}]");
    vec![
        Edit::set(
            format!("{base}.text"),
            string(&old.text),
            string(value(form, "text")),
        ),
        Edit::maybe(
            format!("{base}.cites"),
            cites_value(&old.cites, primary),
            cites_value(&cites_of(form, "cite"), primary),
            false,
        ),
        Edit::maybe(
            format!("{base}.source"),
            old.source.as_deref().and_then(optional),
            optional(value(form, "source")),
            true,
        ),
    ]
}

async fn save_line(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(n): UrlPath<String>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let i = index(&n)?;
    let root = state.paths.draft();
    let old = std::fs::read_to_string(root.join(TICKER)).map_err(|_| Fail::Missing)?;
    let file: TickerFile = ron::from_str(&old).map_err(|e| not_parsed(TICKER, &e))?;
    let line = file.lines.get(i).ok_or(Fail::Missing)?;
    let primary = Laws::load(&root).primary;
    let text = apply(&old, &line_edits(i, line, &form, &primary));
    write(&state, &staff, TICKER, &text, "修改滚动字幕（草稿）")?;
    let checked = checking::check_draft(&state).await;
    line_page(
        &state,
        &staff,
        i,
        &text,
        &checked,
        Some(&flash_after(&checked, TICKER)),
    )
}

fn not_parsed(file: &str, e: &ron::error::SpannedError) -> Fail {
    Fail::Bad(
        format!("{file} 的格式有误（{e}），先用文本编辑器改正，或在“发布”页重新取草稿。"),
        format!("{file} does not parse ({e}); fix it in a text editor first."),
    )
}

// ───────────────────────────── roadmap steps ─────────────────────────────

const ROADMAP: &str = "roadmap.ron";

async fn edit_step(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(n): UrlPath<String>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let i = index(&n)?;
    let text =
        std::fs::read_to_string(state.paths.draft().join(ROADMAP)).map_err(|_| Fail::Missing)?;
    let checked = checking::check_draft(&state).await;
    step_page(&state, &staff, i, &text, &checked, None)
}

fn who_name(w: roadmap::Who) -> &'static str {
    match w {
        roadmap::Who::Agency => "Agency",
        roadmap::Who::Citizen => "Citizen",
    }
}

fn step_page(
    state: &AppState,
    staff: &Staff,
    i: usize,
    text: &str,
    checked: &Checked,
    note: Option<Markup>,
) -> Result<Markup, Fail> {
    let laws = Laws::load(&state.paths.draft());
    let body = match ron::from_str::<RoadmapFile>(text) {
        Err(e) => unreadable(ROADMAP, &e, checked, text),
        Ok(file) => {
            let step = file.steps.get(i).ok_or(Fail::Missing)?;
            let base = format!("steps[{i}]");
            let mut names = fields(
                &base,
                &[
                    "id",
                    "title",
                    "body",
                    "cites",
                    "limit",
                    "limit.days",
                    "limit.extension_days",
                    "limit.from",
                    "limit.label",
                    "limit.cite",
                    "bureau",
                    "choices",
                ],
                step.cites.len(),
            );
            names.extend((0..step.choices.len()).map(|k| format!("{base}.choices[{k}]")));
            let placed = Placed::of(
                checked,
                ROADMAP,
                text,
                ("steps", file.steps.len(), i),
                &names,
            );
            let f = |n: &str| format!("{base}.{n}");
            let ids: Vec<&str> = file.steps.iter().map(|s| s.id.as_str()).collect();
            html! {
                @if let Some(m) = note { (m) }
                @for d in &placed.whole { (problem(d)) }
                form.card method="post" action={"/content/step/" (i)} {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    p.muted { "步骤编号：" code { (step.id) } "（编号连着其他步骤的按钮，在这里不能改）" }
                    (placed.at(&f("id")))
                    div class=[placed.class(&f("title"))] {
                        label for="title" { "标题（要短，不超过 12 个字）" }
                        input #title type="text" name="title" value=(step.title);
                        (placed.at(&f("title")))
                    }
                    div class=[placed.class(&f("body"))] {
                        label for="body" { "说明（大白话，约 120 字以内；天数必须在所引条文中出现）" }
                        textarea #body name="body" { (step.body) }
                        (placed.at(&f("body")))
                    }
                    label { "依据条文（至少一条；条号清空即删除）" }
                    (cite_rows(&laws, &step.cites))
                    (placed.under(&f("cites")))
                    @if let Some(limit) = &step.limit {
                        fieldset {
                            legend { "时限" }
                            label for="who" { "谁的期限" }
                            select #who name="limit.who" {
                                option value="Agency" selected[limit.who == roadmap::Who::Agency] { "机关、单位（办理、告知、答复）" }
                                option value="Citizen" selected[limit.who == roadmap::Who::Citizen] { "您（群众自己要在期限内提出）" }
                            }
                            div class=[placed.class(&f("limit.days"))] {
                                label for="days" { "天数" }
                                input #days type="number" min="1" name="limit.days" value=(limit.days);
                                (placed.at(&f("limit.days")))
                            }
                            div class=[placed.class(&f("limit.extension_days"))] {
                                label for="ext" { "最多可延长的天数（没有就不填）" }
                                input #ext type="number" min="1" name="limit.extension_days" value=(limit.extension_days.map(|d| d.to_string()).unwrap_or_default());
                                (placed.at(&f("limit.extension_days")))
                            }
                            div class=[placed.class(&f("limit.from"))] {
                                label for="from" { "从哪天算起（照抄条文原话，说明里也要写）" }
                                input #from type="text" name="limit.from" value=(limit.from);
                                (placed.at(&f("limit.from")))
                            }
                            div class=[placed.class(&f("limit.label"))] {
                                label for="llabel" { "要做成的事（两三个字，可不填）" }
                                input #llabel type="text" name="limit.label" value=(limit.label);
                                (placed.at(&f("limit.label")))
                            }
                            label { "规定这个时限的条文" }
                            (cite_row(&laws, "limitcite", Some(&limit.cite)))
                            (placed.under(&f("limit.cite")))
                            (placed.at(&f("limit")))
                        }
                    }
                    div class=[placed.class(&f("bureau"))] {
                        label { input type="checkbox" name="bureau" value="true" checked[step.bureau]; " 这一步下面显示本局的地址、接待时间和电话" }
                    }
                    label { "按钮（按钮上的字不超过 10 个字；两栏都清空即删除这个按钮；没有按钮的一步是终点）" }
                    @for k in 0..=step.choices.len() {
                        @let choice = step.choices.get(k);
                        @let name = format!("{base}.choices[{k}]");
                        div class=[placed.class(&name)] style="display:flex;gap:.5rem;margin:.3rem 0" {
                            input type="text" name={"choice" (k) ".label"} placeholder="按钮上的字" value=(choice.map(|c| c.label.as_str()).unwrap_or_default());
                            select name={"choice" (k) ".next"} style="width:auto" {
                                option value="" { "（下一步）" }
                                @for id in &ids {
                                    option value=(id) selected[choice.is_some_and(|c| c.next == *id)] { (id) }
                                }
                            }
                        }
                        (placed.under(&name))
                    }
                    (placed.at(&f("choices")))
                    p {
                        button type="submit" { "保存到草稿并检查" } " "
                        button.plain type="button" hx-post={"/content/step/" (i) "/preview"} hx-target="#preview" hx-indicator="#preview-wait" { "预览这一步的触摸屏页面" }
                        span #preview-wait.htmx-indicator.muted { " 正在绘制…" }
                    }
                    p.muted { "链接（二维码）请用文本编辑器改；这里不显示，保存时原样保留。" }
                }
                div #preview {}
            }
        }
    };
    Ok(page::page(
        staff,
        "/content",
        &format!("路线图步骤 {}", i + 1),
        body,
    ))
}

fn choices_value(choices: &[(String, String)]) -> Option<String> {
    (!choices.is_empty()).then(|| {
        let each: Vec<String> = choices
            .iter()
            .map(|(l, n)| format!("(label: {}, next: {})", string(l), string(n)))
            .collect();
        format!("[{}]", each.join(", "))
    })
}

/// The edits a roadmap step's form asks for.
pub fn step_edits(
    i: usize,
    old: &StepFile,
    form: &Pairs,
    primary: &str,
) -> Result<Vec<Edit>, Fail> {
    let base = format!("steps[{i}]");
    let f = |n: &str| format!("{base}.{n}");
    let number = |name: &str, what: &str| -> Result<Option<u32>, Fail> {
        let v = value(form, name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse().map(Some).map_err(|_| {
            Fail::Bad(
                format!("{what}应是整数，不是“{v}”"),
                format!("{name} must be a whole number, not `{v}`"),
            )
        })
    };
    let mut edits = vec![
        Edit::set(f("title"), string(&old.title), string(value(form, "title"))),
        Edit::set(f("body"), string(&old.body), string(value(form, "body"))),
        Edit::set(
            f("cites"),
            ron_cites(&old.cites, primary),
            ron_cites(&cites_of(form, "cite"), primary),
        ),
        Edit::maybe(
            f("bureau"),
            old.bureau.then(|| "true".to_owned()),
            (value(form, "bureau") == "true").then(|| "true".to_owned()),
            false,
        ),
    ];
    let old_choices: Vec<(String, String)> = old
        .choices
        .iter()
        .map(|c| (c.label.clone(), c.next.clone()))
        .collect();
    let new_choices: Vec<(String, String)> = (0..=old.choices.len() + 10)
        .map(|k| {
            (
                value(form, &format!("choice{k}.label")).to_owned(),
                value(form, &format!("choice{k}.next")).to_owned(),
            )
        })
        .filter(|(l, n)| !(l.is_empty() && n.is_empty()))
        .collect();
    edits.push(Edit::maybe(
        f("choices"),
        choices_value(&old_choices),
        choices_value(&new_choices),
        false,
    ));
    if let Some(limit) = &old.limit {
        let who = match value(form, "limit.who") {
            "Citizen" => "Citizen",
            _ => "Agency",
        };
        let days = number("limit.days", "时限天数")?.unwrap_or(limit.days);
        let ext = number("limit.extension_days", "延长天数")?;
        let cite = content::cite_of(form, "limitcite").unwrap_or_else(|| limit.cite.clone());
        edits.extend([
            Edit::set(
                f("limit.who"),
                who_name(limit.who).to_owned(),
                who.to_owned(),
            ),
            Edit::set(f("limit.days"), limit.days.to_string(), days.to_string()),
            Edit::maybe(
                f("limit.extension_days"),
                limit.extension_days.map(|d| d.to_string()),
                ext.map(|d| d.to_string()),
                true,
            ),
            Edit::set(
                f("limit.from"),
                string(&limit.from),
                string(value(form, "limit.from")),
            ),
            Edit::maybe(
                f("limit.label"),
                optional(&limit.label),
                optional(value(form, "limit.label")),
                false,
            ),
            Edit::set(
                f("limit.cite"),
                ron_cite(&limit.cite, primary),
                ron_cite(&cite, primary),
            ),
        ]);
    }
    Ok(edits)
}

async fn save_step(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(n): UrlPath<String>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let i = index(&n)?;
    let root = state.paths.draft();
    let old = std::fs::read_to_string(root.join(ROADMAP)).map_err(|_| Fail::Missing)?;
    let file: RoadmapFile = ron::from_str(&old).map_err(|e| not_parsed(ROADMAP, &e))?;
    let step = file.steps.get(i).ok_or(Fail::Missing)?;
    let primary = Laws::load(&root).primary;
    let text = apply(&old, &step_edits(i, step, &form, &primary)?);
    let new: RoadmapFile = ron::from_str(&text).map_err(|e| not_parsed(ROADMAP, &e))?;
    // The structure must stay whole: refuse what this edit would break (a
    // problem the roadmap had before is not this edit's).
    let before = roadmap::validate(&file);
    let broken: Vec<roadmap::Problem> = roadmap::validate(&new)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    if !broken.is_empty() {
        let checked = checking::check_draft(&state).await;
        let note = html! {
            div.problem {
                b { "没有保存：" } "这样改会破坏路线图的结构，群众会走不通。请改正后再保存。"
                br; span.en { "Not saved: the change would break the roadmap's structure." }
                @for p in &broken {
                    @let (zh, en, (help_zh, help_en)) = p.messages();
                    br; "· " (zh) "。处理办法：" (help_zh) " " span.en { (en) " — " (help_en) }
                }
            }
        };
        // The form shows what staff typed, not saved, so nothing is lost.
        return step_page(&state, &staff, i, &text, &checked, Some(note));
    }
    write(&state, &staff, ROADMAP, &text, "修改路线图步骤（草稿）")?;
    let checked = checking::check_draft(&state).await;
    let flash = flash_after(&checked, ROADMAP);
    step_page(
        &state,
        &staff,
        i,
        &text,
        &checked,
        Some(html! { div.flash { (flash) } }),
    )
}

async fn preview_step(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(n): UrlPath<String>,
) -> Result<Markup, Fail> {
    let i = index(&n)?;
    let text =
        std::fs::read_to_string(state.paths.draft().join(ROADMAP)).map_err(|_| Fail::Missing)?;
    let file: RoadmapFile = ron::from_str(&text).map_err(|e| not_parsed(ROADMAP, &e))?;
    let step = file.steps.get(i).ok_or(Fail::Missing)?;
    // Step ids are letters, digits and `-` (the format's rule); anything else
    // is not handed to the drawing program.
    if !step
        .id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Fail::Missing);
    }
    content::draw_preview(
        &state,
        &staff,
        &format!("step:{}", step.id),
        ROADMAP,
        "预览路线图步骤",
    )
    .await
}

// ───────────────────────────── comic scenes ─────────────────────────────

fn comic_file(id: &str) -> Result<String, Fail> {
    draft::safe_name(id)
        .filter(|n| !n.contains('.'))
        .map(|n| format!("comics/{n}/comic.ron"))
        .ok_or(Fail::Missing)
}

async fn edit_scene(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath((id, n)): UrlPath<(String, String)>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let file = comic_file(&id)?;
    let i = index(&n)?;
    let text =
        std::fs::read_to_string(state.paths.draft().join(&file)).map_err(|_| Fail::Missing)?;
    let checked = checking::check_draft(&state).await;
    scene_page(&state, &staff, &id, i, &text, &checked, None)
}

fn comic_pictures(state: &AppState, id: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(state.paths.draft().join("comics").join(id))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| content::sniff_name(n))
        .collect();
    out.sort();
    out
}

fn scene_page(
    state: &AppState,
    staff: &Staff,
    id: &str,
    i: usize,
    text: &str,
    checked: &Checked,
    flash: Option<&str>,
) -> Result<Markup, Fail> {
    let file = comic_file(id)?;
    let laws = Laws::load(&state.paths.draft());
    let body = match ron::from_str::<ComicFile>(text) {
        Err(e) => unreadable(&file, &e, checked, text),
        Ok(comic) => {
            let scene = comic.scenes.get(i).ok_or(Fail::Missing)?;
            let base = format!("scenes[{i}]");
            let mut names = fields(
                &base,
                &["title", "verdict", "frames", "explanation", "cites"],
                scene.cites.len(),
            );
            for k in 0..scene.frames.len() {
                names.extend(
                    ["image", "caption", "bubbles"].map(|n| format!("{base}.frames[{k}].{n}")),
                );
            }
            let placed = Placed::of(
                checked,
                &file,
                text,
                ("scenes", comic.scenes.len(), i),
                &names,
            );
            let f = |n: &str| format!("{base}.{n}");
            let pictures = comic_pictures(state, id);
            html! {
                @if let Some(m) = flash { div.flash { (m) } }
                @for d in &placed.whole { (problem(d)) }
                p.muted { "漫画：" (comic.title) "（comics/" (id) "/）" }
                form.card method="post" action={"/content/comic/" (id) "/scene/" (i)} {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    div class=[placed.class(&f("title"))] {
                        label for="title" { "场景标题（10 字以内）" }
                        input #title type="text" name="title" value=(scene.title);
                        (placed.at(&f("title")))
                    }
                    div class=[placed.class(&f("verdict"))] {
                        label for="verdict" { "这一场景是" }
                        select #verdict name="verdict" {
                            option value="Mistake" selected[scene.verdict == Verdict::Mistake] { "误区（不要这样做）" }
                            option value="Lawful" selected[scene.verdict == Verdict::Lawful] { "正确做法" }
                        }
                        (placed.at(&f("verdict")))
                    }
                    @for (k, frame) in scene.frames.iter().enumerate() {
                        @let fb = format!("{base}.frames[{k}]");
                        fieldset {
                            legend { "画面 " (k + 1) }
                            div class=[placed.class(&format!("{fb}.image"))] {
                                label { "图片（本漫画文件夹里的图片；新图片先在“内容”页上传）" }
                                select name={"frame" (k) ".image"} {
                                    @if !pictures.contains(&frame.image) { option value=(frame.image) selected { (frame.image) "（找不到）" } }
                                    @for p in &pictures { option value=(p) selected[*p == frame.image] { (p) } }
                                }
                                (placed.at(&format!("{fb}.image")))
                            }
                            div class=[placed.class(&format!("{fb}.caption"))] {
                                label { "画面说明（可不填）" }
                                input type="text" name={"frame" (k) ".caption"} value=(frame.caption.clone().unwrap_or_default());
                                (placed.at(&format!("{fb}.caption")))
                            }
                            @if !frame.bubbles.is_empty() {
                                p.muted { "对话气泡 " (frame.bubbles.len()) " 个（用文本编辑器改；保存时原样保留）" }
                                (placed.under(&format!("{fb}.bubbles")))
                            }
                        }
                    }
                    (placed.at(&f("frames")))
                    div class=[placed.class(&f("explanation"))] {
                        label for="explanation" { "说明（为什么错，或正确做法是什么，一两句话）" }
                        textarea #explanation name="explanation" { (scene.explanation) }
                        (placed.at(&f("explanation")))
                    }
                    label { "依据条文（至少一条；条号清空即删除）" }
                    (cite_rows(&laws, &scene.cites))
                    (placed.under(&f("cites")))
                    p {
                        button type="submit" { "保存到草稿并检查" } " "
                        button.plain type="button" hx-post={"/content/comic/" (id) "/preview"} hx-target="#preview" hx-indicator="#preview-wait" { "预览整部漫画" }
                        span #preview-wait.htmx-indicator.muted { " 正在绘制…" }
                    }
                }
                div #preview {}
            }
        }
    };
    Ok(page::page(
        staff,
        "/content",
        &format!("漫画场景 {}", i + 1),
        body,
    ))
}

/// The edits a comic scene's form asks for.
pub fn scene_edits(i: usize, old: &SceneFile, form: &Pairs, primary: &str) -> Vec<Edit> {
    let base = format!("scenes[{i}]");
    let f = |n: &str| format!("{base}.{n}");
    let verdict = |v: Verdict| match v {
        Verdict::Mistake => "Mistake",
        Verdict::Lawful => "Lawful",
    };
    let new_verdict = match value(form, "verdict") {
        "Lawful" => "Lawful",
        "Mistake" => "Mistake",
        _ => verdict(old.verdict),
    };
    let mut edits = vec![
        Edit::set(f("title"), string(&old.title), string(value(form, "title"))),
        Edit::set(
            f("verdict"),
            verdict(old.verdict).to_owned(),
            new_verdict.to_owned(),
        ),
        Edit::set(
            f("explanation"),
            string(&old.explanation),
            string(value(form, "explanation")),
        ),
        Edit::set(
            f("cites"),
            ron_cites(&old.cites, primary),
            ron_cites(&cites_of(form, "cite"), primary),
        ),
    ];
    for (k, frame) in old.frames.iter().enumerate() {
        let image = value(form, &format!("frame{k}.image"));
        let image = if image.is_empty() {
            frame.image.as_str()
        } else {
            image
        };
        edits.push(Edit::set(
            f(&format!("frames[{k}].image")),
            string(&frame.image),
            string(image),
        ));
        edits.push(Edit::maybe(
            f(&format!("frames[{k}].caption")),
            frame.caption.as_deref().and_then(optional),
            optional(value(form, &format!("frame{k}.caption"))),
            true,
        ));
    }
    edits
}

async fn save_scene(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath((id, n)): UrlPath<(String, String)>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let file = comic_file(&id)?;
    let i = index(&n)?;
    let root = state.paths.draft();
    let old = std::fs::read_to_string(root.join(&file)).map_err(|_| Fail::Missing)?;
    let comic: ComicFile = ron::from_str(&old).map_err(|e| not_parsed(&file, &e))?;
    let scene = comic.scenes.get(i).ok_or(Fail::Missing)?;
    let primary = Laws::load(&root).primary;
    let text = apply(&old, &scene_edits(i, scene, &form, &primary));
    write(&state, &staff, &file, &text, "修改漫画场景（草稿）")?;
    let checked = checking::check_draft(&state).await;
    scene_page(
        &state,
        &staff,
        &id,
        i,
        &text,
        &checked,
        Some(&flash_after(&checked, &file)),
    )
}

async fn preview_comic(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Markup, Fail> {
    let file = comic_file(&id)?;
    content::draw_preview(&state, &staff, &format!("comic:{id}"), &file, "预览漫画").await
}
