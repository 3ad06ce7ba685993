//! The lawful-petition roadmap (`roadmap.ron`): a graph of steps, its validation,
//! and a citizen's walk through it.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::{Cite, Law};
use super::online::Link;

/// A time limit on a roadmap step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Days the body has for this step.
    pub days: u32,
    /// Extra days the law allows in complex cases.
    #[serde(default)]
    pub extension_days: Option<u32>,
    /// Short label for the timeline, e.g. "办理".
    pub label: String,
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
    pub cites: Vec<Cite>,
    #[serde(default)]
    pub limit: Option<TimeLimit>,
    #[serde(default)]
    pub links: Vec<Link>,
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
    pub citations: Vec<Citation>,
    pub limit: Option<TimeLimit>,
    pub links: Vec<Link>,
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
                limit: s.limit,
                links: s.links,
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

fn ids_contains(file: &RoadmapFile, id: &str) -> bool {
    file.steps.iter().any(|s| s.id == id)
}

/// The roadmap, when the folder has `roadmap.ron`: its citations resolved, the
/// numbers it shows checked against them, and its graph validated.
pub(crate) fn load(folder: &mut Folder, laws: &BTreeMap<String, Arc<Law>>) -> Option<Roadmap> {
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
        let mut words = vec![step.title.clone(), step.body.clone()];
        words.extend(step.choices.iter().map(|c| c.label.clone()));
        citation::check_numbers(
            &resolved,
            &words.join("\n"),
            &shown,
            spans.field(&format!("steps[{i}].id")),
            &mut folder.diagnostics,
        );
        if let Some(limit) = &step.limit {
            let mut shown_numbers = format!("{}日", limit.days);
            if let Some(extra) = limit.extension_days {
                shown_numbers.push_str(&format!("{extra}日"));
            }
            citation::check_numbers(
                &resolved,
                &shown_numbers,
                &shown,
                spans.field(&format!("steps[{i}].limit")),
                &mut folder.diagnostics,
            );
        }
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
            cites: vec![Cite {
                law: None,
                article: 20,
                paragraphs: vec![],
                items: vec![],
            }],
            limit: None,
            links: vec![],
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
