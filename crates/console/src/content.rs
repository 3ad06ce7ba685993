//! 内容: every item of the draft with its check status; the panel form, with each
//! problem beside its field and citations picked from the law text; previews
//! drawn by `render`; uploads of pictures and comic frames.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use pufa_kiosk_core::comic::ComicFile;
use pufa_kiosk_core::diagnostics::{Diagnostic, Severity};
use pufa_kiosk_core::law::{self, Cite, Law};
use pufa_kiosk_core::law_library::LawsFile;
use pufa_kiosk_core::panel::PanelFile;
use pufa_kiosk_core::roadmap::RoadmapFile;
use pufa_kiosk_core::ticker::TickerFile;

use crate::checking::{self, Checked};
use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::ronedit::Edit;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/content", get(list))
        .route("/content/panel/{id}", get(edit_panel).post(save_panel))
        .route("/content/panel/{id}/preview", post(preview))
        .route("/content/preview/{file}", get(preview_png))
        .route("/content/upload", post(upload))
        .route("/law/article", get(article_fragment))
}

/// The largest upload: a picture or comic frame.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// A problem as `check` words it: Chinese, what to do, and the English beneath.
pub fn problem(d: &Diagnostic) -> Markup {
    let class = match d.severity {
        Severity::Error => "problem",
        Severity::Warning => "problem warning",
    };
    let kind = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "提醒",
    };
    html! {
        div class=(class) {
            b { (kind) "：" } (d.zh)
            @if let Some((zh, _)) = &d.help { br; "处理办法：" (zh) }
            br; span.en { (d.location()) " · " (d.en) @if let Some((_, en)) = &d.help { " — " (en) } }
        }
    }
}

fn badge(problems: &[&Diagnostic]) -> Markup {
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    html! {
        @if errors > 0 { span.bad { "✗ " (errors) " 处错误" } }
        @if warnings > 0 { " " span.warn { (warnings) " 处提醒" } }
        @if problems.is_empty() { span.ok { "✓ 通过检查" } }
    }
}

/// The problems of `file` that concern element `i` of the list at `list`.
pub(crate) fn of_element<'a>(
    checked: &'a Checked,
    file: &str,
    text: &str,
    list: &str,
    count: usize,
    i: usize,
) -> Vec<&'a Diagnostic> {
    let names: Vec<String> = (0..count).map(|k| format!("{list}[{k}]")).collect();
    let fields: Vec<&str> = names.iter().map(String::as_str).collect();
    let me = names.get(i).map(String::as_str);
    checked
        .in_file(file)
        .filter(|d| checking::field_of(text, &fields, (d.line, d.column)) == me)
        .collect()
}

pub(crate) fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap_or_default()
}

pub(crate) fn stems(dir: &Path, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if ext.is_empty() {
                p.is_dir()
                    .then(|| e.file_name().to_string_lossy().into_owned())
            } else {
                (p.extension().is_some_and(|x| x == ext))
                    .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .flatten()
            }
        })
        .collect();
    out.sort();
    out
}

async fn list(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let root = state.paths.draft();
    let checked = checking::check_draft(&state).await;
    let panels: Vec<(String, String, Vec<&Diagnostic>)> = stems(&root.join("panels"), "ron")
        .into_iter()
        .map(|id| {
            let file = format!("panels/{id}.ron");
            let title = ron::from_str::<PanelFile>(&read(&root, &file))
                .map_or_else(|_| "（无法读取）".to_owned(), |p| p.title);
            let problems = checked.in_file(&file).collect();
            (id, title, problems)
        })
        .collect();
    let comics: Vec<(String, String, Option<ComicFile>)> = stems(&root.join("comics"), "")
        .into_iter()
        .map(|id| {
            let file = format!("comics/{id}/comic.ron");
            let text = read(&root, &file);
            let parsed = ron::from_str::<ComicFile>(&text).ok();
            (id, text, parsed)
        })
        .collect();
    let roadmap_text = read(&root, "roadmap.ron");
    let roadmap = ron::from_str::<RoadmapFile>(&roadmap_text).ok();
    let ticker_text = read(&root, "ticker.ron");
    let ticker = ron::from_str::<TickerFile>(&ticker_text).ok();
    let campaigns = stems(&root.join("campaigns"), "");
    let others: Vec<&Diagnostic> = checked
        .problems
        .iter()
        .filter(|d| !d.file.starts_with("panels"))
        .collect();
    let body = html! {
        div.card {
            "草稿检查：" (badge(&checked.problems.iter().collect::<Vec<_>>()))
            " · " a href="/publish" { "去发布" }
            p.muted { "这里改的是草稿，不会马上上屏；在“发布”页检查并确认后才会替换屏幕上的内容。" }
        }
        h2 { "展板" }
        table {
            tr { th { "标题" } th { "文件" } th { "检查" } }
            @for (id, title, problems) in &panels {
                tr { td { a href={"/content/panel/" (id)} { (title) } } td.muted { "panels/" (id) ".ron" } td { (badge(problems)) } }
            }
        }
        h2 { "漫画场景" }
        table {
            tr { th { "漫画" } th { "场景" } th { "检查" } }
            @for (id, text, parsed) in &comics {
                @let file = format!("comics/{id}/comic.ron");
                @if let Some(c) = parsed {
                    @for (i, scene) in c.scenes.iter().enumerate() {
                        tr { td.muted { (c.title) } td { a href={"/content/comic/" (id) "/scene/" (i)} { (i + 1) ". " (scene.title) } }
                             td { (badge(&of_element(&checked, &file, text, "scenes", c.scenes.len(), i))) } }
                    }
                } @else {
                    tr { td { (id) } td { "（无法读取）" } td { (badge(&checked.in_file(&file).collect::<Vec<_>>())) } }
                }
            }
        }
        h2 { "路线图步骤" }
        table {
            tr { th { "步骤" } th { "检查" } }
            @if let Some(r) = &roadmap {
                @for (i, step) in r.steps.iter().enumerate() {
                    tr { td { a href={"/content/step/" (i)} { (step.title) } } td { (badge(&of_element(&checked, "roadmap.ron", &roadmap_text, "steps", r.steps.len(), i))) } }
                }
            }
        }
        h2 { "滚动字幕" }
        table {
            tr { th { "字幕" } th { "检查" } }
            @if let Some(t) = &ticker {
                @for (i, line) in t.lines.iter().enumerate() {
                    tr { td { a href={"/content/ticker/" (i)} { (line.text) } } td { (badge(&of_element(&checked, "ticker.ron", &ticker_text, "lines", t.lines.len(), i))) } }
                }
            }
        }
        h2 { "活动" }
        table {
            tr { th { "活动" } th { "文件夹" } th { "检查" } }
            @for name in &campaigns {
                @let file = format!("campaigns/{name}/campaign.ron");
                @let title = ron::from_str::<pufa_kiosk_core::campaign::CampaignFile>(&read(&root, &file)).map_or_else(|_| "（无法读取）".to_owned(), |c| c.title);
                @let problems: Vec<&Diagnostic> = checked.problems.iter().filter(|d| d.file.starts_with(format!("campaigns/{name}"))).collect();
                tr { td { (title) } td.muted { "campaigns/" (name) } td { (badge(&problems)) } }
            }
        }
        h2 { "上传图片或漫画画面" }
        (upload_form(&root))
        @if !others.is_empty() {
            h2 { "其他文件的问题" }
            @for d in &others { (problem(d)) }
        }
    };
    Ok(page::page(&staff, "/content", "内容", body))
}

/// Where an upload may go: panel pictures, or a comic's folder.
fn destinations(root: &Path) -> Vec<String> {
    let mut out = vec!["images".to_owned()];
    out.extend(
        stems(&root.join("comics"), "")
            .into_iter()
            .map(|c| format!("comics/{c}")),
    );
    out
}

fn upload_form(root: &Path) -> Markup {
    html! {
        form.card hx-post="/content/upload" hx-encoding="multipart/form-data" hx-target="#upload-result" {
            label for="dest" { "放到" }
            select #dest name="dest" {
                @for d in destinations(root) {
                    option value=(d) { @if d == "images" { "展板图片（images/）" } @else { "漫画画面（" (d) "/）" } }
                }
            }
            label for="file" { "图片文件（PNG、JPEG 或 WebP，最大 20 MB；文件名只用字母、数字、-、_）" }
            input #file type="file" name="file" accept="image/png,image/jpeg,image/webp" required;
            p { button type="submit" { "上传" } }
            div #upload-result {}
        }
    }
}

/// The laws of the draft, by file stem, and the primary one.
pub struct Laws {
    pub laws: BTreeMap<String, Arc<Law>>,
    pub primary: String,
}

impl Laws {
    pub fn load(root: &Path) -> Self {
        let mut laws = BTreeMap::new();
        for id in stems(&root.join("laws"), "md") {
            let file = root.join("laws").join(format!("{id}.md"));
            if let Ok(text) = std::fs::read_to_string(&file)
                && let Ok(l) = law::parse(&id, &file, &text)
            {
                laws.insert(id, Arc::new(l));
            }
        }
        let primary =
            ron::from_str::<LawsFile>(&read(root, pufa_kiosk_core::law_library::FILE_NAME))
                .map(|f| f.primary)
                .unwrap_or_default();
        Self { laws, primary }
    }

    fn get(&self, id: Option<&str>) -> Option<&Arc<Law>> {
        self.laws
            .get(id.filter(|i| !i.is_empty()).unwrap_or(&self.primary))
    }
}

/// `第N条第M款第K项`, for staff reading a citation.
pub fn cite_label(laws: &Laws, c: &Cite) -> String {
    let title = laws
        .get(c.law.as_deref())
        .map_or_else(|| c.law.clone().unwrap_or_default(), |l| l.cited_title());
    let n = pufa_kiosk_core::numerals::format;
    let join = |v: &[u32], unit: &str| {
        v.iter()
            .map(|k| format!("第{}{unit}", n(*k)))
            .collect::<Vec<_>>()
            .join("、")
    };
    format!(
        "{title}第{}条{}{}",
        n(c.article),
        join(&c.paragraphs, "款"),
        join(&c.items, "项")
    )
}

/// The panel form's fields, as `Spans` names them in the file.
const PANEL_FIELDS: &[&str] = &[
    "title",
    "subtitle",
    "body",
    "quote",
    "highlights",
    "image",
    "source",
    "seconds",
];

fn panel_file(id: &str) -> Result<String, Fail> {
    draft::safe_name(id)
        .filter(|n| !n.contains('.'))
        .map(|n| format!("panels/{n}.ron"))
        .ok_or(Fail::Missing)
}

async fn edit_panel(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let file = panel_file(&id)?;
    let root = state.paths.draft();
    let text = std::fs::read_to_string(root.join(&file)).map_err(|_| Fail::Missing)?;
    let checked = checking::check_draft(&state).await;
    Ok(panel_page(&state, &staff, &id, &text, &checked, None))
}

fn panel_page(
    state: &AppState,
    staff: &Staff,
    id: &str,
    text: &str,
    checked: &Checked,
    flash: Option<&str>,
) -> Markup {
    let root = state.paths.draft();
    let file = format!("panels/{id}.ron");
    let laws = Laws::load(&root);
    let parsed = ron::from_str::<PanelFile>(text);
    let body = match parsed {
        Err(e) => html! {
            div.problem { (page::say(
                &format!("这个文件的格式有误，表格无法打开：{e}"),
                "The file does not parse; fix it in a text editor or take a fresh draft on the 发布 page.")) }
            @for d in checked.in_file(&file) { (problem(d)) }
            pre { (text) }
        },
        Ok(panel) => {
            let cite_count = panel.cites.len();
            let cite_names: Vec<String> = (0..cite_count).map(|i| format!("cites[{i}]")).collect();
            let mut fields: Vec<&str> = PANEL_FIELDS.to_vec();
            fields.extend(cite_names.iter().map(String::as_str));
            let mut by_field: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
            let mut whole = Vec::new();
            for d in checked.in_file(&file) {
                match checking::field_of(text, &fields, (d.line, d.column)) {
                    Some(f) => by_field.entry(f).or_default().push(d),
                    None => whole.push(d),
                }
            }
            let at = |f: &str| by_field.get(f).cloned().unwrap_or_default();
            let cls = |f: &str| (!at(f).is_empty()).then_some("field-bad");
            let images = pictures(&root);
            html! {
                @if let Some(f) = flash { div.flash { (f) } }
                @for d in &whole { (problem(d)) }
                form.card method="post" action={"/content/panel/" (id)} {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    div class=[cls("title")] {
                        label for="title" { "标题（一句话，12 字以内）" }
                        input #title type="text" name="title" value=(panel.title);
                        @for d in at("title") { (problem(d)) }
                    }
                    div class=[cls("subtitle")] {
                        label for="subtitle" { "副标题（可不填）" }
                        input #subtitle type="text" name="subtitle" value=(panel.subtitle.clone().unwrap_or_default());
                        @for d in at("subtitle") { (problem(d)) }
                    }
                    div class=[cls("body")] {
                        label for="body" { "正文（其中的数字必须在所引条文中出现）" }
                        textarea #body name="body" { (panel.body.clone().unwrap_or_default()) }
                        @for d in at("body") { (problem(d)) }
                    }
                    div class=[cls("quote")] {
                        label { "原文引用（展板上逐字显示的条文，可不选）" }
                        (cite_row(&laws, "quote", panel.quote.as_ref()))
                        @for d in at("quote") { (problem(d)) }
                    }
                    label { "依据条文（选法规、填条号，再勾选款、项；不勾选表示整条；条号清空即删除）" }
                    @for (i, c) in panel.cites.iter().enumerate() {
                        @let name = format!("cites[{i}]");
                        div class=[cls(&name)] {
                            (cite_row(&laws, &format!("cite{i}"), Some(c)))
                            @for d in at(&name) { (problem(d)) }
                        }
                    }
                    (cite_row(&laws, &format!("cite{cite_count}"), None))
                    div class=[cls("highlights")] {
                        label for="highlights" { "突出显示的词（每行一个）" }
                        textarea #highlights name="highlights" style="min-height:4rem" { (panel.highlights.join("\n")) }
                        @for d in at("highlights") { (problem(d)) }
                    }
                    div class=[cls("image")] {
                        label for="image" { "图片" }
                        select #image name="image" {
                            option value="" { "（无图片）" }
                            @for p in &images {
                                option value=(p) selected[panel.image.as_deref() == Some(p.as_str())] { (p) }
                            }
                        }
                        @for d in at("image") { (problem(d)) }
                    }
                    div class=[cls("source")] {
                        label for="source" { "来源（不引条文的数字要写来源）" }
                        input #source type="text" name="source" value=(panel.source.clone().unwrap_or_default());
                        @for d in at("source") { (problem(d)) }
                    }
                    div class=[cls("seconds")] {
                        label for="seconds" { "每页停留秒数（不填用默认）" }
                        input #seconds type="number" step="0.5" min="2" max="600" name="seconds" value=(panel.seconds.map(|s| s.to_string()).unwrap_or_default());
                        @for d in at("seconds") { (problem(d)) }
                    }
                    p {
                        button type="submit" { "保存到草稿并检查" } " "
                        button.plain type="button" hx-post={"/content/panel/" (id) "/preview"} hx-target="#preview" hx-indicator="#preview-wait" { "预览" }
                        span #preview-wait.htmx-indicator.muted { " 正在绘制…" }
                    }
                }
                div #preview {}
            }
        }
    };
    page::page(staff, "/content", &format!("展板 {id}"), body)
}

fn pictures(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root.join("images"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| format!("images/{}", e.file_name().to_string_lossy()))
        .collect();
    out.sort();
    out
}

/// A citation picker: the law, the article number, and the article's words with
/// a box for each paragraph and item.
pub(crate) fn cite_row(laws: &Laws, row: &str, cite: Option<&Cite>) -> Markup {
    let law = cite.and_then(|c| c.law.clone()).unwrap_or_default();
    let article = cite.map(|c| c.article.to_string()).unwrap_or_default();
    let hx = format!(r#"{{"row": "{row}"}}"#);
    html! {
        div.cite.article style="margin:.4rem 0" {
            select name={(row) ".law"} hx-get="/law/article" hx-trigger="change" hx-target={"#" (row) "-words"} hx-include="closest .cite" hx-vals=(hx) style="width:auto" {
                option value="" selected[law.is_empty()] { "主法规" }
                @for (id, l) in &laws.laws {
                    option value=(id) selected[law == *id] { (l.cited_title()) }
                }
            }
            " 第 " input type="number" min="1" name={(row) ".article"} value=(article) style="width:6rem" hx-get="/law/article" hx-trigger="change, keyup changed delay:400ms" hx-target={"#" (row) "-words"} hx-include="closest .cite" hx-vals=(hx); " 条"
            div id={(row) "-words"} {
                @if let Some(c) = cite { (article_words(laws, row, c)) }
            }
        }
    }
}

/// The words of the article `c` names, each paragraph and item with a box.
fn article_words(laws: &Laws, row: &str, c: &Cite) -> Markup {
    let Some(law) = laws.get(c.law.as_deref()) else {
        return html! { span.bad { "没有这部法规。" } };
    };
    let Some(article) = law.article(c.article) else {
        return html! { span.bad { (law.cited_title()) "没有第 " (c.article) " 条。" } };
    };
    html! {
        div.muted { (law.cited_title()) (article.label()) }
        @for (k, p) in article.paragraphs.iter().enumerate() {
            @let k = (k + 1) as u32;
            div {
                label { input type="checkbox" name={(row) ".p"} value=(k) checked[c.paragraphs.contains(&k)]; " 第" (k) "款 " }
                (p.text)
                @for it in &p.items {
                    div style="margin-left:1.5rem" {
                        label { input type="checkbox" name={(row) ".i"} value=(it.number) checked[c.items.contains(&it.number)]; " 第" (it.number) "项 " }
                        (it.text)
                    }
                }
            }
        }
    }
}

/// Pairs of a form, in order, with repeated names kept.
pub(crate) type Pairs = Vec<(String, String)>;

pub fn values<'a>(form: &'a Pairs, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    form.iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub(crate) fn value<'a>(form: &'a Pairs, name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
        .trim()
}

/// The citation a picker row sent, if its article number reads.
pub(crate) fn cite_of(form: &Pairs, row: &str) -> Option<Cite> {
    let article = value(form, &format!("{row}.article")).parse().ok()?;
    let numbers = |suffix: &str| {
        let mut v: Vec<u32> = values(form, &format!("{row}.{suffix}"))
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let law = value(form, &format!("{row}.law"));
    Some(Cite {
        law: (!law.is_empty()).then(|| law.to_owned()),
        article,
        paragraphs: numbers("p"),
        items: numbers("i"),
    })
}

async fn article_fragment(
    State(state): State<AppState>,
    _staff: Staff,
    Query(form): Query<Pairs>,
) -> Markup {
    let row = value(&form, "row").to_owned();
    let laws = Laws::load(&state.paths.draft());
    match cite_of(&form, &row) {
        Some(c) => article_words(&laws, &row, &c),
        None => html! { span.muted { "填上条号，这里显示条文。" } },
    }
}

pub fn ron_string(s: &str) -> String {
    ron::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub(crate) fn ron_cite(c: &Cite, primary: &str) -> String {
    let mut parts = Vec::new();
    if let Some(l) = c.law.as_deref().filter(|l| *l != primary) {
        parts.push(format!("law: {}", ron_string(l)));
    }
    parts.push(format!("article: {}", c.article));
    let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    if !c.paragraphs.is_empty() {
        parts.push(format!("paragraphs: [{}]", list(&c.paragraphs)));
    }
    if !c.items.is_empty() {
        parts.push(format!("items: [{}]", list(&c.items)));
    }
    format!("({})", parts.join(", "))
}

/// The citations of the picker rows `{prefix}0`, `{prefix}1`, … (a row whose
/// article number is empty is dropped).
pub(crate) fn cites_of(form: &Pairs, prefix: &str) -> Vec<Cite> {
    (0..100)
        .map(|i| format!("{prefix}{i}"))
        .take_while(|row| form.iter().any(|(k, _)| k.starts_with(&format!("{row}."))))
        .filter_map(|row| cite_of(form, &row))
        .collect()
}

/// A list of citations as RON: `[(article: 20), …]`.
pub(crate) fn ron_cites(cites: &[Cite], primary: &str) -> String {
    let each: Vec<String> = cites.iter().map(|c| ron_cite(c, primary)).collect();
    format!("[{}]", each.join(", "))
}

/// The panel file for a submitted form: `old` with the values that changed
/// rewritten where they are written, so every comment stays. A file that does
/// not parse is written anew, keeping its comment lines at the top.
pub fn panel_text(form: &Pairs, old: &str, primary: &str) -> Result<String, (String, String)> {
    let Ok(panel) = ron::from_str::<PanelFile>(old) else {
        return fresh_panel_text(form, old, primary);
    };
    let opt = |v: &str| (!v.is_empty()).then(|| ron_string(v));
    let seconds = value(form, "seconds");
    let seconds = if seconds.is_empty() {
        None
    } else {
        let s: f32 = seconds.parse().map_err(|_| {
            (
                format!("秒数应是数字，不是“{seconds}”"),
                format!("seconds must be a number, not `{seconds}`"),
            )
        })?;
        Some(format!("{s:?}"))
    };
    let list = |v: &[String]| {
        (!v.is_empty()).then(|| {
            let each: Vec<String> = v.iter().map(|h| ron_string(h)).collect();
            format!("[{}]", each.join(", "))
        })
    };
    let highlights: Vec<String> = value(form, "highlights")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let cites = cites_of(form, "cite");
    let edits = vec![
        Edit::set(
            "title",
            ron_string(&panel.title),
            ron_string(value(form, "title")),
        ),
        Edit::maybe(
            "subtitle",
            panel.subtitle.as_deref().and_then(opt),
            opt(value(form, "subtitle")),
            true,
        ),
        Edit::maybe(
            "body",
            panel.body.as_deref().and_then(opt),
            opt(value(form, "body")),
            true,
        ),
        Edit::maybe(
            "quote",
            panel.quote.as_ref().map(|q| ron_cite(q, primary)),
            cite_of(form, "quote").map(|q| ron_cite(&q, primary)),
            true,
        ),
        Edit::maybe(
            "cites",
            (!panel.cites.is_empty()).then(|| ron_cites(&panel.cites, primary)),
            (!cites.is_empty()).then(|| ron_cites(&cites, primary)),
            false,
        ),
        Edit::maybe(
            "highlights",
            list(&panel.highlights),
            list(&highlights),
            false,
        ),
        Edit::maybe(
            "image",
            panel.image.as_deref().and_then(opt),
            opt(value(form, "image")),
            true,
        ),
        Edit::maybe(
            "source",
            panel.source.as_deref().and_then(opt),
            opt(value(form, "source")),
            true,
        ),
        Edit::maybe(
            "seconds",
            panel.seconds.map(|s| format!("{s:?}")),
            seconds,
            true,
        ),
    ];
    Ok(crate::ronedit::apply(old, &edits))
}

/// The panel file for a submitted form, written anew, keeping `old`'s comment
/// lines at the top.
fn fresh_panel_text(form: &Pairs, old: &str, primary: &str) -> Result<String, (String, String)> {
    let header: String = old
        .lines()
        .take_while(|l| !l.trim_start().starts_with('('))
        .filter(|l| l.trim_start().starts_with("//") || l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let opt = |name: &str| {
        let v = value(form, name);
        (!v.is_empty()).then(|| format!("Some({})", ron_string(v)))
    };
    let mut out = header;
    out.push_str("(\n");
    out.push_str(&format!(
        "    title: {},\n",
        ron_string(value(form, "title"))
    ));
    for name in ["subtitle", "body"] {
        if let Some(v) = opt(name) {
            out.push_str(&format!("    {name}: {v},\n"));
        }
    }
    if let Some(q) = cite_of(form, "quote") {
        out.push_str(&format!("    quote: Some({}),\n", ron_cite(&q, primary)));
    }
    let cites = cites_of(form, "cite");
    if !cites.is_empty() {
        out.push_str("    cites: [\n");
        for c in &cites {
            out.push_str(&format!("        {},\n", ron_cite(c, primary)));
        }
        out.push_str("    ],\n");
    }
    let highlights: Vec<String> = value(form, "highlights")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(ron_string)
        .collect();
    if !highlights.is_empty() {
        out.push_str(&format!("    highlights: [{}],\n", highlights.join(", ")));
    }
    for name in ["image", "source"] {
        if let Some(v) = opt(name) {
            out.push_str(&format!("    {name}: {v},\n"));
        }
    }
    let seconds = value(form, "seconds");
    if !seconds.is_empty() {
        let s: f32 = seconds.parse().map_err(|_| {
            (
                format!("秒数应是数字，不是“{seconds}”"),
                format!("seconds must be a number, not `{seconds}`"),
            )
        })?;
        out.push_str(&format!("    seconds: Some({s:?}),\n"));
    }
    out.push_str(")\n");
    Ok(out)
}

async fn save_panel(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let file = panel_file(&id)?;
    let root = state.paths.draft();
    let path = root.join(&file);
    let old = std::fs::read_to_string(&path).map_err(|_| Fail::Missing)?;
    let primary = Laws::load(&root).primary;
    let text = panel_text(&form, &old, &primary).map_err(|(zh, en)| Fail::Bad(zh, en))?;
    let before = draft::version_of(&root);
    pufa_kiosk_core::health::write_atomically(&path, &text)?;
    let after = draft::version_of(&root);
    crate::record(
        &state,
        &staff.user,
        "修改展板（草稿）",
        &file,
        &before,
        &after,
    );
    let checked = checking::check_draft(&state).await;
    let mine = checked.in_file(&file).count();
    let flash = if mine == 0 {
        "已保存到草稿，检查通过。".to_owned()
    } else {
        format!("已保存到草稿。检查发现 {mine} 处问题，见各栏下方。")
    };
    Ok(panel_page(
        &state,
        &staff,
        &id,
        &text,
        &checked,
        Some(&flash),
    ))
}

/// How long a preview may take before it is given up.
const PREVIEW_TIMEOUT: Duration = Duration::from_secs(60);

async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Markup, Fail> {
    let file = panel_file(&id)?;
    draw_preview(&state, &staff, &format!("panel:{id}"), &file, "预览展板").await
}

/// Draws `only` (`panel:ID`, `comic:ID`, as `render --only` takes it) from the
/// draft, and shows its pictures; `file` and `action` are for the log.
pub(crate) async fn draw_preview(
    state: &AppState,
    staff: &Staff,
    only: &str,
    file: &str,
    action: &str,
) -> Result<Markup, Fail> {
    let root = state.paths.draft();
    let checked = checking::check_draft(state).await;
    if checked.errors() > 0 {
        return Ok(html! { div.problem { (page::say(
        &format!("草稿里还有 {} 处错误，改正后才能预览（播放器也不会播放有错误的内容）。", checked.errors()),
        "The draft has errors; fix them to preview.")) } });
    }
    let dir = state.paths.console().join("preview");
    forget_old_previews(&dir);
    let work = dir.join(format!(".{}", crate::state::random_token(8)));
    std::fs::create_dir_all(&work)?;
    let (w, h) = state.preview.size;
    let started = Instant::now();
    let mut command = tokio::process::Command::new(&state.preview.program);
    command
        .arg("render")
        .arg("--config")
        .arg(&state.paths.config)
        .arg("--content")
        .arg(&root)
        .arg("--size")
        .arg(format!("{w}x{h}"))
        .arg("--only")
        .arg(only)
        .arg("--out")
        .arg(&work)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let run = tokio::time::timeout(PREVIEW_TIMEOUT, command.output()).await;
    let elapsed = started.elapsed();
    let mut shots: Vec<_> = std::fs::read_dir(&work)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    shots.sort();
    let stamp = crate::state::random_token(6);
    let mut names = Vec::new();
    for (i, shot) in shots.iter().enumerate() {
        let stem: String = only
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!("{stem}-{stamp}-{i}.png");
        std::fs::rename(shot, dir.join(&name))?;
        names.push(name);
    }
    let _ = std::fs::remove_dir_all(&work);
    crate::record(state, &staff.user, action, file, "", "");
    let why = match &run {
        Err(_) => Some("绘制超时。".to_owned()),
        Ok(Err(e)) => Some(format!("无法运行绘制程序：{e}")),
        Ok(Ok(out)) if names.is_empty() => Some(String::from_utf8_lossy(&out.stderr).into_owned()),
        Ok(Ok(_)) => None,
    };
    Ok(html! {
        @if let Some(why) = why {
            div.problem { "预览没有画出来。" br; span.en { (why) } }
        }
        @for n in &names {
            p { img.shot src={"/content/preview/" (n)} alt="预览"; }
        }
        p.muted { (w) "×" (h) " 像素，与播放器同一套绘制程序，用时 " (format!("{:.1}", elapsed.as_secs_f32())) " 秒。" }
    })
}

/// How long a preview picture is kept.
const PREVIEW_KEPT: Duration = Duration::from_secs(3600);

fn forget_old_previews(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > PREVIEW_KEPT);
        if old {
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        }
    }
}

async fn preview_png(
    State(state): State<AppState>,
    _staff: Staff,
    UrlPath(file): UrlPath<String>,
) -> Result<Response, Fail> {
    let name = draft::safe_name(&file).ok_or(Fail::Missing)?;
    let bytes = std::fs::read(state.paths.console().join("preview").join(name))
        .map_err(|_| Fail::Missing)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], bytes).into_response())
}

/// Whether a file's name ends like a picture the player reads.
pub(crate) fn sniff_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The picture type its first bytes say, with the extensions it may be named.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static [&'static str])> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("PNG", &["png"]))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("JPEG", &["jpg", "jpeg"]))
    } else if bytes.len() >= 12
        && bytes.starts_with(b"RIFF")
        && bytes.get(8..12) == Some(b"WEBP".as_slice())
    {
        Some(("WebP", &["webp"]))
    } else {
        None
    }
}

async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let root = state.paths.draft();
    let bad = |zh: &str, en: &str| Fail::Bad(zh.to_owned(), en.to_owned());
    let mut dest = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| {
        bad(
            "上传没有完成，或文件超过 20 MB。",
            "The upload failed or is over 20 MB.",
        )
    })? {
        match field.name() {
            Some("dest") => dest = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| {
                    bad(
                        "文件超过 20 MB，或上传中断。",
                        "The file is over 20 MB, or the upload broke off.",
                    )
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let dest = dest.unwrap_or_default();
    if !destinations(&root).contains(&dest) {
        return Err(bad("上传位置不对。", "Unknown destination."));
    }
    let (name, bytes) = file.ok_or_else(|| bad("没有选择文件。", "No file."))?;
    let Some(safe) = draft::safe_name(&name) else {
        return Err(bad(
            &format!("文件名“{name}”不能用：只能用字母、数字、-、_ 和一个扩展名，不能有 / 或 ..。"),
            "Bad file name: letters, digits, - and _ only, with one extension; no / or ..",
        ));
    };
    let Some((kind, extensions)) = sniff(&bytes) else {
        return Err(bad(
            "这个文件不是 PNG、JPEG 或 WebP 图片（按文件内容判断，不看扩展名），没有上传。",
            "Not a PNG, JPEG or WebP picture by its content (the name does not count).",
        ));
    };
    let ext = safe
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        return Err(bad(
            &format!("文件内容是 {kind} 图片，扩展名却是 .{ext}，请改正扩展名。"),
            &format!("The content is {kind} but the name ends in .{ext}."),
        ));
    }
    let data = bytes.to_vec();
    let probed = tokio::task::spawn_blocking(move || pufa_kiosk_core::images::probe_bytes(data))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    if let Err(p) = probed {
        return Err(Fail::Bad(
            format!("{}。{}", p.zh, p.help_zh),
            format!("{} {}", p.en, p.help_en),
        ));
    }
    let relative = format!("{dest}/{safe}");
    let target = draft::inside(&root, &relative)
        .ok_or_else(|| bad("这个位置不能写入。", "That place cannot be written."))?;
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let before = draft::version_of(&root);
    let tmp = target.with_file_name(format!(".{safe}.upload"));
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, &target)?;
    let after = draft::version_of(&root);
    crate::record(
        &state,
        &staff.user,
        "上传图片（草稿）",
        &relative,
        &before,
        &after,
    );
    let checked = checking::check_draft(&state).await;
    let mine: Vec<&Diagnostic> = checked.in_file(&relative).collect();
    Ok(html! {
        div.flash { "已上传到草稿：" (relative) "（" (bytes.len() / 1024) " KB）。" }
        @for d in mine { (problem(d)) }
        @if checked.errors() > 0 { p.warn { "草稿共有 " (checked.errors()) " 处错误，发布前需改正。" } }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn writes_a_panel_that_reads_back_with_its_comment() {
        let form = pairs(&[
            ("title", "标题\"引号\""),
            ("body", "六十日内办结"),
            ("quote.law", ""),
            ("quote.article", "34"),
            ("cite0.law", "xianfa-2018"),
            ("cite0.article", "41"),
            ("cite0.p", "1"),
            ("cite1.law", ""),
            ("cite1.article", ""),
            ("highlights", "60日\n\n30日"),
            ("seconds", "15"),
        ]);
        let text = panel_text(&form, "// 注释\n(\n title: \"x\")", "xinfang").unwrap();
        assert!(text.starts_with("// 注释\n("), "{text}");
        let back: PanelFile = ron::from_str(&text).unwrap();
        assert_eq!(back.title, "标题\"引号\"");
        assert_eq!(back.quote.unwrap().article, 34);
        assert_eq!(back.cites.len(), 1);
        assert_eq!(back.cites[0].law.as_deref(), Some("xianfa-2018"));
        assert_eq!(back.cites[0].paragraphs, vec![1]);
        assert_eq!(back.highlights, vec!["60日", "30日"]);
        assert_eq!(back.seconds, Some(15.0));
        assert!(panel_text(&pairs(&[("title", "t"), ("seconds", "abc")]), "", "").is_err());
    }

    #[test]
    fn knows_pictures_by_their_bytes_not_their_names() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest").map(|s| s.0), Some("PNG"));
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01").map(|s| s.0), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").map(|s| s.0), Some("WebP"));
    }
}
