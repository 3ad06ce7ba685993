//! Online channels (`online.ron`), shown as QR codes on the 网上信访 tile.

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};

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

/// The online channels, when the folder has `online.ron`.
pub(crate) fn load(folder: &mut Folder) -> Option<Online> {
    let Parsed {
        value: file,
        spans,
        shown,
    } = folder.read_if_present::<OnlineFile>("online.ron")?;
    for (i, link) in file.links.iter().enumerate() {
        if !(link.url.starts_with("https://") || link.url.starts_with("http://"))
            || link.url.len() > 1000
        {
            let (line, column) = spans.value(&format!("links[{i}].url"));
            folder.push(
                Diagnostic::error(
                    &shown,
                    line,
                    column,
                    format!("网址 “{}” 无效", link.url),
                    format!("`{}` is not a web address", link.url),
                )
                .help(
                    "网址要以 https:// 开头",
                    "web addresses start with https://",
                ),
            );
        }
    }
    Some(Online {
        title: file.title,
        note: file.note,
        links: file.links,
    })
}
