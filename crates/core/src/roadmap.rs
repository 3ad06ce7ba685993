//! The lawful-petition roadmap (`roadmap.ron`): a graph of steps, its validation,
//! and a citizen's walk through it.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::numerals;
use super::online::{self, Link};

/// The longest step title, in characters, that `roadmap.ron`'s comment allows: a
/// step is a station on the route map, and a long title would take the map.
pub const TITLE_MAX: usize = 12;
/// The longest button label, in characters, that the comment allows.
pub const LABEL_MAX: usize = 10;
/// The longest `ask` line, in characters: it is one line on the wall chart's card.
pub const ASK_MAX: usize = 18;

/// Whose deadline a time limit is: the citizen reads "您" and "机关" differently,
/// one is a right to use in time, the other a duty owed to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Who {
    /// The body that receives, handles or reviews the matter (机关、单位, 信访部门).
    Agency,
    /// The citizen (您), e.g. the 30 days to request 复查.
    Citizen,
}

impl Who {
    /// How the timeline names it: 机关 / 您.
    pub fn word(self) -> &'static str {
        match self {
            Self::Agency => "机关",
            Self::Citizen => "您",
        }
    }
}

/// A time limit on a roadmap step: whose it is, how many days, from which event,
/// and the article that sets it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Whose deadline it is.
    pub who: Who,
    /// Days allowed.
    pub days: u32,
    /// Extra days the law allows in complex cases.
    #[serde(default)]
    pub extension_days: Option<u32>,
    /// The event the days run from, in the cited article's own words, e.g. 受理之日;
    /// the step's body must say it too, since the screen's time band is too narrow.
    pub from: String,
    /// Short name of what must happen in time, e.g. 办结; may be left out where
    /// the step's title already says it and the line is full (60日（可延长30日）).
    /// On a [`Step`] this is the whole caption the screen shows (see
    /// [`TimeLimit::caption`]).
    #[serde(default)]
    pub label: String,
    /// The article (paragraph) that sets this limit; its words must hold the
    /// days, the extension and `from`.
    pub cite: Cite,
}

impl TimeLimit {
    /// The name a citizen reads beside the days, saying whose deadline it is:
    /// 机关办结, 您请求复查. (Short: it shares one line with 60日（可延长30日）.)
    pub fn caption(&self) -> String {
        format!("{}{}", self.who.word(), self.label)
    }
}

/// A button leading from one roadmap step to another.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub label: String,
    pub next: String,
}

/// One step of the roadmap.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub id: String,
    pub title: String,
    pub body: String,
    /// One short line of what this step asks of the citizen (or tells them to
    /// expect), for the wall chart's station card; its numbers are checked
    /// against the cited articles like the title's.
    #[serde(default)]
    pub ask: String,
    pub cites: Vec<Cite>,
    #[serde(default)]
    pub limit: Option<TimeLimit>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Show the bureau's address, reception hours and phone on this step.
    #[serde(default)]
    pub bureau: bool,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

/// `roadmap.ron`: the lawful-petition roadmap as a graph of steps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapFile {
    pub title: String,
    pub start: String,
    pub steps: Vec<StepFile>,
}

/// One step, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub body: String,
    /// What the step asks of the citizen, in one line (may be empty).
    pub ask: String,
    /// The step's citations, the time limit's own among them.
    pub citations: Vec<Citation>,
    /// The time limit, its `label` already the full [`TimeLimit::caption`], so every
    /// screen that shows the label says whose deadline it is and from when.
    pub limit: Option<TimeLimit>,
    pub links: Vec<Link>,
    /// Shows the bureau's profile (see `StepFile::bureau`).
    pub bureau: bool,
    pub choices: Vec<Choice>,
}

impl Step {
    /// Whether the route ends here.
    pub fn is_end(&self) -> bool {
        self.choices.is_empty()
    }
}

/// The roadmap graph; step 0 is where every walk starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Roadmap {
    pub title: String,
    pub steps: Vec<Step>,
    index: HashMap<String, usize>,
}

// Positions index `steps` only as this roadmap's own index and choices made them;
// a walk is carried over (`Walk::carried_over`) before it meets new content.
#[allow(clippy::indexing_slicing)]
impl Roadmap {
    /// Builds a roadmap from a file that passed [`validate`].
    pub fn new(file: RoadmapFile, mut citations: HashMap<String, Vec<Citation>>) -> Self {
        let mut steps: Vec<Step> = file
            .steps
            .into_iter()
            .map(|s| Step {
                citations: citations.remove(&s.id).unwrap_or_default(),
                id: s.id,
                title: s.title,
                body: s.body,
                ask: s.ask,
                limit: s.limit.map(|l| TimeLimit {
                    label: l.caption(),
                    ..l
                }),
                links: s.links,
                bureau: s.bureau,
                choices: s.choices,
            })
            .collect();
        if let Some(start) = steps.iter().position(|s| s.id == file.start) {
            let first = steps.remove(start);
            steps.insert(0, first);
        }
        let index = steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Self {
            title: file.title,
            steps,
            index,
        }
    }

    /// Position of the step called `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Positions of the steps the choices of step `at` lead to.
    pub fn next_steps(&self, at: usize) -> Vec<usize> {
        self.steps[at]
            .choices
            .iter()
            .filter_map(|c| self.position(&c.next))
            .collect()
    }

    /// Depth of every step from the start (shortest route), for drawing the chart in rows.
    pub fn depths(&self) -> Vec<usize> {
        let mut depth = vec![usize::MAX; self.steps.len()];
        let mut queue = VecDeque::from([0]);
        depth[0] = 0;
        while let Some(at) = queue.pop_front() {
            for next in self.next_steps(at) {
                if depth[next] == usize::MAX {
                    depth[next] = depth[at] + 1;
                    queue.push_back(next);
                }
            }
        }
        depth
    }

    /// Every end step reachable from the start.
    pub fn ends(&self) -> Vec<usize> {
        (0..self.steps.len())
            .filter(|&i| self.steps[i].is_end())
            .collect()
    }

    /// The choices (by number) that lead from the start to step `to` by the
    /// shortest route, if it can be reached.
    pub fn route_to(&self, to: usize) -> Option<Vec<usize>> {
        let mut came_from: Vec<Option<(usize, usize)>> = vec![None; self.steps.len()];
        let mut seen = vec![false; self.steps.len()];
        seen[0] = true;
        let mut queue = VecDeque::from([0]);
        while let Some(at) = queue.pop_front() {
            if at == to {
                let mut route = Vec::new();
                let mut step = to;
                while let Some((previous, choice)) = came_from[step] {
                    route.push(choice);
                    step = previous;
                }
                route.reverse();
                return Some(route);
            }
            for (choice, next) in self.steps[at]
                .choices
                .iter()
                .enumerate()
                .filter_map(|(i, c)| self.position(&c.next).map(|n| (i, n)))
            {
                if !seen[next] {
                    seen[next] = true;
                    came_from[next] = Some((at, choice));
                    queue.push_back(next);
                }
            }
        }
        None
    }
}

/// A citizen's way through the roadmap so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    path: Vec<usize>,
}

impl Default for Walk {
    fn default() -> Self {
        Self { path: vec![0] }
    }
}

// A walk holds the start from `default` on (`back` and `home` keep it), and its
// positions come from the roadmap it walks; see the note on `impl Roadmap`.
#[allow(clippy::indexing_slicing, clippy::expect_used)]
impl Walk {
    /// The step shown now.
    pub fn current(&self) -> usize {
        *self.path.last().expect("a walk always holds the start")
    }

    /// Steps visited, the start first and the current step last.
    pub fn path(&self) -> &[usize] {
        &self.path
    }

    /// Follows choice number `choice` of the current step; false when there is none.
    pub fn choose(&mut self, roadmap: &Roadmap, choice: usize) -> bool {
        let Some(next) = roadmap.steps[self.current()]
            .choices
            .get(choice)
            .and_then(|c| roadmap.position(&c.next))
        else {
            return false;
        };
        self.path.push(next);
        true
    }

    /// Goes back one step; false at the start.
    pub fn back(&mut self) -> bool {
        if self.path.len() > 1 {
            self.path.pop();
            true
        } else {
            false
        }
    }

    /// Returns to the start.
    pub fn home(&mut self) {
        self.path.truncate(1);
    }

    /// This walk on a roadmap that replaced `old` (new content arrived while a
    /// citizen was reading): the same steps, found by id, as far as each still
    /// exists and is still reached from the one before by a choice. Where the
    /// route was cut, the walk stops at the last step that survived; a citizen
    /// is never thrown back further than the edit requires.
    pub fn carried_over(&self, old: &Roadmap, new: &Roadmap) -> Walk {
        let mut path = vec![0];
        for &i in &self.path[1..] {
            let Some(id) = old.steps.get(i).map(|s| s.id.as_str()) else {
                break;
            };
            let here = *path.last().expect("the start is kept");
            let reached = new.steps[here]
                .choices
                .iter()
                .filter_map(|c| new.position(&c.next))
                .find(|&n| new.steps[n].id == id);
            match reached {
                Some(n) => path.push(n),
                None => break,
            }
        }
        Walk { path }
    }

    /// The time limits met so far on this walk, in order.
    pub fn timeline<'a>(&self, roadmap: &'a Roadmap) -> Vec<(&'a Step, &'a TimeLimit)> {
        self.path
            .iter()
            .map(|&i| &roadmap.steps[i])
            .filter_map(|s| s.limit.as_ref().map(|l| (s, l)))
            .collect()
    }

    /// Longest total of days on this walk, extensions included.
    pub fn total_days(&self, roadmap: &Roadmap) -> u32 {
        self.timeline(roadmap)
            .iter()
            .map(|(_, l)| l.days.saturating_add(l.extension_days.unwrap_or(0)))
            .fold(0, u32::saturating_add)
    }
}

/// A rule of the roadmap broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NoSteps,
    MissingStart { start: String },
    DuplicateId { id: String },
    ChoiceToMissingStep { step: String, next: String },
    Unreachable { step: String },
    NoCitation { step: String },
    EmptyText { step: String },
    EmptyChoiceLabel { step: String },
}

// The indices come from `steps_with`, which finds them in the same file.
#[allow(clippy::indexing_slicing)]
impl Problem {
    /// Path in `file` of the field to point at (see `spans`): the step's `id`, or
    /// the `next` of the choice that leads nowhere.
    pub fn path(&self, file: &RoadmapFile) -> String {
        let steps_with = |id: &str| -> Vec<usize> {
            (0..file.steps.len())
                .filter(|&i| file.steps[i].id == id)
                .collect()
        };
        let step_id = |i: Option<usize>| i.map_or("steps".into(), |i| format!("steps[{i}].id"));
        match self {
            Self::NoSteps => "steps".into(),
            Self::MissingStart { .. } => "start".into(),
            Self::DuplicateId { id } => step_id(steps_with(id).get(1).copied()),
            Self::ChoiceToMissingStep { step, next } => steps_with(step)
                .into_iter()
                .find_map(|i| {
                    let j = file.steps[i].choices.iter().position(|c| &c.next == next)?;
                    Some(format!("steps[{i}].choices[{j}].next"))
                })
                .unwrap_or_else(|| step_id(None)),
            Self::Unreachable { step }
            | Self::NoCitation { step }
            | Self::EmptyText { step }
            | Self::EmptyChoiceLabel { step } => step_id(steps_with(step).first().copied()),
        }
    }

    /// What is wrong (Chinese, English) and what to do (Chinese, English).
    pub fn messages(&self) -> (String, String, (String, String)) {
        let h = |zh: &str, en: &str| (zh.to_owned(), en.to_owned());
        match self {
            Self::NoSteps => (
                "路线图没有任何步骤".into(),
                "the roadmap has no steps".into(),
                h("至少写一个步骤", "add at least one step"),
            ),
            Self::MissingStart { start } => (
                format!("起点 “{start}” 不是任何步骤的 id"),
                format!("start `{start}` is not the id of any step"),
                h(
                    "把 start 改成第一个步骤的 id",
                    "set `start` to the id of the first step",
                ),
            ),
            Self::DuplicateId { id } => (
                format!("步骤 id “{id}” 重复"),
                format!("step id `{id}` is used twice"),
                h("每个步骤的 id 必须不同", "give every step its own id"),
            ),
            Self::ChoiceToMissingStep { step, next } => (
                format!("步骤 “{step}” 的选项指向不存在的步骤 “{next}”"),
                format!("a choice of step `{step}` leads to missing step `{next}`"),
                h(
                    "把 next 改成已有步骤的 id",
                    "point `next` at an existing step's id",
                ),
            ),
            Self::Unreachable { step } => (
                format!("从起点走不到步骤 “{step}”"),
                format!("step `{step}` cannot be reached from the start"),
                h(
                    "在前面的步骤里加一个通向它的选项，或删除它",
                    "add a choice leading to it, or remove it",
                ),
            ),
            Self::NoCitation { step } => (
                format!("步骤 “{step}” 没有注明条文"),
                format!("step `{step}` cites no article"),
                h(
                    "加上 cites: [(article: 20)]",
                    "add `cites: [(article: 20)]`",
                ),
            ),
            Self::EmptyText { step } => (
                format!("步骤 “{step}” 的标题或说明是空的"),
                format!("step `{step}` has an empty title or body"),
                h("写上标题和说明", "write a title and a body"),
            ),
            Self::EmptyChoiceLabel { step } => (
                format!("步骤 “{step}” 的选项文字是空的"),
                format!("step `{step}` has a choice with an empty label"),
                h("给每个选项写上按钮文字", "give every choice a button label"),
            ),
        }
    }
}

/// Checks the structure of a roadmap: ids, links between steps, reachability,
/// citations present. (Whether the cited articles exist is checked by the loader.)
pub fn validate(file: &RoadmapFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    if file.steps.is_empty() {
        return vec![Problem::NoSteps];
    }
    let mut ids = HashSet::new();
    for step in &file.steps {
        if !ids.insert(step.id.as_str()) {
            problems.push(Problem::DuplicateId {
                id: step.id.clone(),
            });
        }
        if step.cites.is_empty() {
            problems.push(Problem::NoCitation {
                step: step.id.clone(),
            });
        }
        if step.title.trim().is_empty() || step.body.trim().is_empty() {
            problems.push(Problem::EmptyText {
                step: step.id.clone(),
            });
        }
        if step.choices.iter().any(|c| c.label.trim().is_empty()) {
            problems.push(Problem::EmptyChoiceLabel {
                step: step.id.clone(),
            });
        }
        for choice in &step.choices {
            if !ids_contains(file, &choice.next) {
                problems.push(Problem::ChoiceToMissingStep {
                    step: step.id.clone(),
                    next: choice.next.clone(),
                });
            }
        }
    }
    if !ids.contains(file.start.as_str()) {
        problems.push(Problem::MissingStart {
            start: file.start.clone(),
        });
        return problems;
    }
    let mut reached = HashSet::from([file.start.as_str()]);
    let mut queue = VecDeque::from([file.start.as_str()]);
    while let Some(id) = queue.pop_front() {
        let Some(step) = file.steps.iter().find(|s| s.id == id) else {
            continue;
        };
        for choice in &step.choices {
            if reached.insert(choice.next.as_str()) {
                queue.push_back(choice.next.as_str());
            }
        }
    }
    for step in &file.steps {
        if !reached.contains(step.id.as_str()) {
            problems.push(Problem::Unreachable {
                step: step.id.clone(),
            });
        }
    }
    problems
}

/// A timeline entry says only what its own cited words say: its days, extension
/// and every number in its label appear there (a 30 from 第三十五条 must not sit
/// under 第三十四条), and the event it runs from is written there verbatim and
/// told in the step's body.
fn check_limit(
    limit: &TimeLimit,
    body: &str,
    (citation, law): &citation::Resolved,
    shown: &std::path::Path,
    at: impl Fn(&str) -> (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let words: String = law.quote(&citation.cite).unwrap_or_default().concat();
    let allowed = numerals::numbers_in(&words);
    let mut numbers = vec![("days", limit.days)];
    numbers.extend(limit.extension_days.map(|n| ("extension_days", n)));
    for n in numerals::numbers_in(&limit.label) {
        numbers.push(("label", n));
    }
    for n in numerals::numbers_in(&limit.from) {
        numbers.push(("from", n));
    }
    for (field, n) in numbers {
        if allowed.contains(&n) {
            continue;
        }
        let (line, column) = at(field);
        diagnostics.push(
            Diagnostic::error(
                shown,
                line,
                column,
                format!("时限里的数字 {n} 不见于这条时限所引的{}", citation.label),
                format!(
                    "the number {n} in this time limit is not in the words it cites ({})",
                    citation.label
                ),
            )
            .help(
                "时限的天数必须照抄所引条文：改正数字，或把 limit 的 cite 改成写有这个期限的条、款",
                "a time limit's days must be those of its cited words: fix the number, or point the limit's `cite` at the article and paragraph that state it",
            ),
        );
    }
    if limit.from.trim().is_empty() || !words.contains(limit.from.trim()) {
        let (line, column) = at("from");
        diagnostics.push(
            Diagnostic::error(
                shown,
                line,
                column,
                format!(
                    "起算事件 “{}” 不是{}的原话",
                    limit.from, citation.label
                ),
                format!(
                    "the event `{}` that the days run from is not written in {}",
                    limit.from, citation.label
                ),
            )
            .help(
                "from 要照抄条文里的起算点，例如第三十四条的“受理之日”、第三十五条的“收到书面答复之日”",
                "copy the starting event from the cited words, e.g. 受理之日 in article 34",
            ),
        );
    } else if !body.contains(limit.from.trim()) {
        let (line, column) = at("from");
        diagnostics.push(
            Diagnostic::error(
                shown,
                line,
                column,
                format!("这一步的说明没有告诉群众期限从“{}”起算", limit.from),
                format!(
                    "the step's body does not tell the citizen that the days run from `{}`",
                    limit.from
                ),
            )
            .help(
                format!(
                    "在 body 里写明起算点，例如“从{}起{}日内”",
                    limit.from, limit.days
                ),
                format!(
                    "say it in the body, e.g. 从{}起{}日内",
                    limit.from, limit.days
                ),
            ),
        );
    }
}

fn ids_contains(file: &RoadmapFile, id: &str) -> bool {
    file.steps.iter().any(|s| s.id == id)
}

/// The roadmap, when the folder has `roadmap.ron`: its citations resolved, the
/// numbers it shows checked against them, and its graph validated.
pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary) -> Option<Roadmap> {
    let Parsed {
        value: file,
        spans,
        shown,
    } = folder.read_if_present::<RoadmapFile>("roadmap.ron")?;
    let mut citations = HashMap::new();
    for (i, step) in file.steps.iter().enumerate() {
        let mut resolved = Vec::new();
        for (k, cite) in step.cites.iter().enumerate() {
            if let Some(r) = citation::resolve(
                laws,
                cite,
                &shown,
                spans.field(&format!("steps[{i}].cites[{k}].article")),
                &mut folder.diagnostics,
            ) {
                resolved.push(r);
            }
        }
        for (k, link) in step.links.iter().enumerate() {
            online::check_url(
                &link.url,
                &shown,
                spans.value(&format!("steps[{i}].links[{k}].url")),
                &mut folder.diagnostics,
            );
        }
        let field = format!("steps[{i}].title");
        folder.diagnostics.extend(Diagnostic::too_long(
            &shown,
            spans.value(&field),
            &field,
            &step.title,
            TITLE_MAX,
        ));
        let field = format!("steps[{i}].ask");
        folder.diagnostics.extend(Diagnostic::too_long(
            &shown,
            spans.value(&field),
            &field,
            &step.ask,
            ASK_MAX,
        ));
        for (k, choice) in step.choices.iter().enumerate() {
            let field = format!("steps[{i}].choices[{k}].label");
            folder.diagnostics.extend(Diagnostic::too_long(
                &shown,
                spans.value(&field),
                &field,
                &choice.label,
                LABEL_MAX,
            ));
        }
        let mut words = vec![step.title.clone(), step.body.clone()];
        words.extend(step.choices.iter().map(|c| c.label.clone()));
        citation::check_numbers(
            &resolved,
            &words.join("\n"),
            &shown,
            spans.field(&format!("steps[{i}].id")),
            &mut folder.diagnostics,
        );
        // The ask line is printed on its own (the wall chart's card): a wrong
        // number in it is reported where it is written.
        citation::check_numbers(
            &resolved,
            &step.ask,
            &shown,
            spans.value(&format!("steps[{i}].ask")),
            &mut folder.diagnostics,
        );
        if let Some(limit) = &step.limit {
            let at = |field: &str| spans.value(&format!("steps[{i}].limit.{field}"));
            if let Some(own) = citation::resolve(
                laws,
                &limit.cite,
                &shown,
                spans.field(&format!("steps[{i}].limit.cite.article")),
                &mut folder.diagnostics,
            ) {
                check_limit(limit, &step.body, &own, &shown, at, &mut folder.diagnostics);
                if !resolved.iter().any(|(c, _)| c.cite == own.0.cite) {
                    resolved.push(own);
                }
            }
        }
        citation::check_scope(
            &resolved,
            &step.title,
            None,
            &shown,
            spans.value(&format!("steps[{i}].title")),
            &mut folder.diagnostics,
        );
        citations.insert(
            step.id.clone(),
            resolved.into_iter().map(|(c, _)| c).collect::<Vec<_>>(),
        );
    }
    let problems = validate(&file);
    for p in &problems {
        let (line, column) = spans.field(&p.path(&file));
        let (zh, en, help) = p.messages();
        folder.push(Diagnostic::error(&shown, line, column, zh, en).help(help.0, help.1));
    }
    if !problems.is_empty() {
        return None;
    }
    Some(Roadmap::new(file, citations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str, next: &[&str]) -> StepFile {
        StepFile {
            id: id.into(),
            title: format!("{id} 标题"),
            body: "说明".into(),
            ask: String::new(),
            cites: vec![Cite {
                law: None,
                article: 20,
                paragraphs: vec![],
                items: vec![],
            }],
            limit: None,
            links: vec![],
            bureau: false,
            choices: next
                .iter()
                .map(|n| Choice {
                    label: format!("去 {n}"),
                    next: (*n).into(),
                })
                .collect(),
        }
    }

    fn file(steps: Vec<StepFile>) -> RoadmapFile {
        RoadmapFile {
            title: "路线图".into(),
            start: "a".into(),
            steps,
        }
    }

    #[test]
    fn a_time_limit_says_whose_it_is() {
        let limit = |who| TimeLimit {
            who,
            days: 30,
            extension_days: None,
            from: "收到复核请求之日".into(),
            label: "提出复核意见".into(),
            cite: Cite {
                law: None,
                article: 36,
                paragraphs: vec![1],
                items: vec![],
            },
        };
        assert_eq!(limit(Who::Agency).caption(), "机关提出复核意见");
        assert_eq!(limit(Who::Citizen).caption(), "您提出复核意见");
        let mut s = step("a", &[]);
        s.limit = Some(limit(Who::Citizen));
        let roadmap = Roadmap::new(file(vec![s]), HashMap::new());
        assert_eq!(
            roadmap.steps[0].limit.as_ref().unwrap().label,
            "您提出复核意见",
            "the screen shows the caption wherever it shows the label"
        );
    }

    #[test]
    fn accepts_a_small_valid_graph() {
        assert_eq!(
            validate(&file(vec![
                step("a", &["b", "c"]),
                step("b", &["c"]),
                step("c", &[])
            ])),
            vec![]
        );
    }

    #[test]
    fn rejects_roadmap_edge_to_missing_step() {
        let problems = validate(&file(vec![step("a", &["x"])]));
        assert!(problems.contains(&Problem::ChoiceToMissingStep {
            step: "a".into(),
            next: "x".into()
        }));
    }

    #[test]
    fn rejects_unreachable_step_and_missing_start() {
        assert_eq!(
            validate(&file(vec![step("a", &[]), step("b", &[])])),
            vec![Problem::Unreachable { step: "b".into() }]
        );
        let mut f = file(vec![step("b", &[])]);
        f.start = "a".into();
        assert_eq!(
            validate(&f),
            vec![Problem::MissingStart { start: "a".into() }]
        );
    }

    #[test]
    fn each_problem_points_at_the_field_that_shows_it() {
        let f = file(vec![step("a", &["b", "x"]), step("b", &[]), step("b", &[])]);
        let path = |p: Problem| p.path(&f);
        assert_eq!(path(Problem::DuplicateId { id: "b".into() }), "steps[2].id");
        assert_eq!(
            path(Problem::ChoiceToMissingStep {
                step: "a".into(),
                next: "x".into()
            }),
            "steps[0].choices[1].next"
        );
        assert_eq!(
            path(Problem::Unreachable { step: "b".into() }),
            "steps[1].id"
        );
        assert_eq!(path(Problem::MissingStart { start: "z".into() }), "start");
    }

    #[test]
    fn walk_chooses_goes_back_and_home() {
        let roadmap = Roadmap::new(
            file(vec![step("a", &["b"]), step("b", &["c"]), step("c", &[])]),
            HashMap::new(),
        );
        let mut walk = Walk::default();
        assert!(walk.choose(&roadmap, 0));
        assert!(walk.choose(&roadmap, 0));
        assert_eq!(roadmap.steps[walk.current()].id, "c");
        assert!(!walk.choose(&roadmap, 0), "an end step has no choices");
        assert!(walk.back());
        assert_eq!(walk.path().len(), 2);
        walk.home();
        assert_eq!(walk.current(), 0);
        assert!(!walk.back());
    }

    fn roadmap(steps: Vec<StepFile>) -> Roadmap {
        Roadmap::new(file(steps), HashMap::new())
    }

    fn ids(walk: &Walk, roadmap: &Roadmap) -> Vec<String> {
        walk.path()
            .iter()
            .map(|&i| roadmap.steps[i].id.clone())
            .collect()
    }

    #[test]
    fn a_walk_survives_new_content_that_reorders_and_adds_steps() {
        let old = roadmap(vec![step("a", &["b"]), step("b", &["c"]), step("c", &[])]);
        let mut walk = Walk::default();
        walk.choose(&old, 0);
        walk.choose(&old, 0);
        let new = roadmap(vec![
            step("a", &["x", "b"]),
            step("x", &[]),
            step("c", &[]),
            step("b", &["c"]),
        ]);
        let carried = walk.carried_over(&old, &new);
        assert_eq!(ids(&carried, &new), ["a", "b", "c"]);
        assert_eq!(carried.current(), 2);
    }

    #[test]
    fn a_walk_stops_at_the_last_step_the_new_content_still_reaches() {
        let old = roadmap(vec![step("a", &["b"]), step("b", &["c"]), step("c", &[])]);
        let mut walk = Walk::default();
        walk.choose(&old, 0);
        walk.choose(&old, 0);
        let cut = roadmap(vec![step("a", &["b"]), step("b", &[])]);
        assert_eq!(ids(&walk.carried_over(&old, &cut), &cut), ["a", "b"]);
        let rerouted = roadmap(vec![step("a", &["c"]), step("b", &["c"]), step("c", &[])]);
        assert_eq!(ids(&walk.carried_over(&old, &rerouted), &rerouted), ["a"]);
    }
}
