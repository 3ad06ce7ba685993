//! Online channels (`online.ron`), shown as QR codes on the 网上信访 tile.

use serde::Deserialize;

use std::path::Path;

use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::url;

/// A link shown as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// `online.ron`: online channels shown as QR codes on the 网上信访 tile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineFile {
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
    pub links: Vec<Link>,
}

/// Online channels ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Online {
    pub title: String,
    pub note: Option<String>,
    pub links: Vec<Link>,
}

/// An address a citizen will scan, written at `line:column`: an error unless it is
/// https and points at a real, public name (see [`url::problem`]).
pub(crate) fn check_url(
    address: &str,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let problem = url::problem(address)
        .or_else(|| (address.len() > 1000).then_some(url::UrlProblem::Malformed));
    if let Some(problem) = problem {
        let (zh, en, (help_zh, help_en)) = problem.messages(address);
        diagnostics.push(Diagnostic::error(shown, line, column, zh, en).help(help_zh, help_en));
    }
}

/// The online channels, when the folder has `online.ron`.
pub(crate) fn load(folder: &mut Folder) -> Option<Online> {
    let Parsed {
        value: file,
        spans,
        shown,
    } = folder.read_if_present::<OnlineFile>("online.ron")?;
    for (i, link) in file.links.iter().enumerate() {
        check_url(
            &link.url,
            &shown,
            spans.value(&format!("links[{i}].url")),
            &mut folder.diagnostics,
        );
    }
    Some(Online {
        title: file.title,
        note: file.note,
        links: file.links,
    })
}
