//! `check` on the draft, with the same code the `check` command runs, and each
//! problem placed beside the field it concerns, found from the parser's spans.

use std::path::Path;

use pufa_kiosk_core::content;
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::folder::LoadCache;
use pufa_kiosk_core::spans::Spans;

use crate::state::AppState;

/// The verdict on a folder.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Every problem, errors and warnings.
    pub problems: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
    /// The problems in `file` (relative to the folder, `/`-separated).
    pub fn in_file<'a>(&'a self, file: &str) -> impl Iterator<Item = &'a Diagnostic> + use<'a> {
        let file = file.to_owned();
        self.problems
            .iter()
            .filter(move |d| d.file.to_string_lossy() == file)
    }
}

/// Checks `root` as `pufa-kiosk check` does.
pub fn check(root: &Path) -> Checked {
    check_with(root, &mut LoadCache::default())
}

/// [`check`], reusing what `cache` knows about unchanged files.
pub fn check_with(root: &Path, cache: &mut LoadCache) -> Checked {
    let problems = match content::load_with_cache(root, cache) {
        Ok(c) => c.warnings,
        Err(d) => d,
    };
    let problems = problems
        .into_iter()
        .map(|mut d| {
            d.file = pufa_kiosk_core::diagnostics::relative_to(root, &d.file);
            d
        })
        .collect();
    Checked { problems }
}

/// [`check`] on the draft, off the async thread (it reads every file).
pub async fn check_draft(state: &AppState) -> Checked {
    let root = state.paths.draft();
    let cache = state.load_cache.clone();
    tokio::task::spawn_blocking(move || {
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        check_with(&root, &mut cache)
    })
    .await
    .unwrap_or_default()
}

/// Which of `fields` (value paths of one RON file, as [`Spans`] names them) a
/// problem at `line:column` of `text` concerns: the last field written at or
/// before it. `None` for a problem about the whole file, or before every field.
pub fn field_of<'a>(
    text: &str,
    fields: &[&'a str],
    (line, column): (usize, usize),
) -> Option<&'a str> {
    if line == 0 {
        return None;
    }
    let spans = Spans::of(text);
    let root = spans.field("");
    let at = (line, column.max(1));
    fields
        .iter()
        .map(|f| (spans.field(f), *f))
        .filter(|(pos, _)| *pos != root && *pos <= at)
        .max_by_key(|(pos, _)| *pos)
        .map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_a_problem_at_the_field_it_is_in() {
        let text = "// c\n(\n    title: \"t\",\n    body: Some(\"一\n二\"),\n    cites: [\n        (article: 1),\n        (article: 2),\n    ],\n)\n";
        let fields = ["title", "body", "cites[0]", "cites[1]", "image"];
        assert_eq!(field_of(text, &fields, (3, 5)), Some("title"));
        assert_eq!(field_of(text, &fields, (5, 1)), Some("body"));
        assert_eq!(field_of(text, &fields, (7, 10)), Some("cites[0]"));
        assert_eq!(field_of(text, &fields, (8, 10)), Some("cites[1]"));
        assert_eq!(field_of(text, &fields, (0, 0)), None);
    }

    #[test]
    fn checks_the_shipped_content_like_check() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let checked = check(&root);
        assert_eq!(checked.errors(), 0, "{:?}", checked.problems);
    }
}
