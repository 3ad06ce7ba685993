//! The bureau's own profile (`bureau.ron`): its name, address, reception hours,
//! phone, local online channel and an optional map, the things 第十八条第一款
//! says a body must publish. A lobby must never show invented details, so a
//! profile still holding placeholders (XX, 待填写, 000-0000, example.*) loads, warns
//! in `check`, and shows nothing: [`Bureau::lines`] is `None` until it is real.

use std::path::Path;

use serde::Deserialize;

use super::citation::Citation;
use super::diagnostics::{Diagnostic, Severity};
use super::folder::{Folder, ImageRef, Parsed};
use super::item::Rotating;
use super::law_library::LawLibrary;
use super::layout::Metrics;
use super::online;
use super::url::{self, UrlProblem};
use std::path::PathBuf;

/// The file's name at the content folder's root.
pub const FILE_NAME: &str = "bureau.ron";

/// `bureau.ron` as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BureauFile {
    /// 湖滨区信访局
    pub name: String,
    /// Where the reception place is, as a visitor finds it.
    pub address: String,
    /// Reception hours, e.g. 周一至周五 8:30—12:00、14:30—17:30（法定节假日除外）.
    pub hours: String,
    /// 咨询投诉电话.
    pub phone: String,
    /// The local online petition channel, an https address; optional.
    #[serde(default)]
    pub online: Option<String>,
    /// A map picture, relative to the content folder; optional.
    #[serde(default)]
    pub map: Option<String>,
}

/// The bureau's profile, loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Bureau {
    pub name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub online: Option<String>,
    pub map: Option<ImageRef>,
    /// Fields still holding a placeholder (by field name); while any is, nothing
    /// of the profile is shown.
    pub placeholders: Vec<&'static str>,
}

/// What the screen writes before each line, from the player's message table
/// (the core keeps citizen-facing words out of code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'a> {
    pub address: &'a str,
    pub hours: &'a str,
    pub phone: &'a str,
    pub online: &'a str,
}

impl Bureau {
    /// Whether the profile may be shown: no field is a placeholder.
    pub fn is_real(&self) -> bool {
        self.placeholders.is_empty()
    }

    /// The lines to show (name first, then address, hours, phone and the online
    /// channel when there is one, each after its label), or `None` while any field
    /// is still a placeholder.
    pub fn lines(&self, labels: &Labels) -> Option<Vec<String>> {
        if !self.is_real() {
            return None;
        }
        let mut lines = vec![
            self.name.clone(),
            format!("{}{}", labels.address, self.address),
            format!("{}{}", labels.hours, self.hours),
            format!("{}{}", labels.phone, self.phone),
        ];
        if let Some(online) = &self.online {
            lines.push(format!("{}{online}", labels.online));
        }
        Some(lines)
    }
}

/// Marks left in a field by the shipped example or by someone filling it in
/// halfway.
const PLACEHOLDER_MARKS: &[&str] = &[
    "XX",
    "xx",
    "ＸＸ",
    "××",
    "待填写",
    "请填写",
    "待补充",
    "示例",
    "占位",
    "TODO",
];

/// Whether `text` is a placeholder: empty, marked as one, or a telephone number
/// of zeros (000-0000, 0000-00000000).
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    text.is_empty()
        || PLACEHOLDER_MARKS.iter().any(|m| text.contains(m))
        || text.contains("000-0000")
        || (digits.len() >= 7 && digits.iter().all(|&d| d == '0'))
}

fn warning(shown: &Path, (line, column): (usize, usize), zh: String, en: String) -> Diagnostic {
    Diagnostic::error(shown, line, column, zh, en)
        .help(
            "填上本局核实过的真实信息（第十八条第一款要求向社会公布）；填好之前，屏幕上不显示本局信息",
            "fill in the bureau's verified details (第十八条第一款 requires them to be published); until then the screen shows none of them",
        )
        .warning()
}

/// The profile, when the folder has `bureau.ron`. A folder with a roadmap (touch
/// mode, where the profile belongs) and none gets a warning; so does each field
/// still holding a placeholder.
pub(crate) fn load(folder: &mut Folder, has_roadmap: bool) -> Option<Bureau> {
    if !folder.exists(&folder.root().join(FILE_NAME)) {
        if has_roadmap {
            folder.push(
                Diagnostic::error(
                    FILE_NAME,
                    0,
                    0,
                    "没有 bureau.ron：本局的地址、接待时间、电话和网上信访渠道不会显示",
                    "no bureau.ron: the bureau's address, reception hours, phone and online channel are shown nowhere",
                )
                .help(
                    "从默认内容复制 bureau.ron，填上本局核实过的信息",
                    "copy bureau.ron from the default content and fill in the bureau's verified details",
                )
                .warning(),
            );
        }
        return None;
    }
    let Parsed {
        value: file,
        spans,
        shown,
    } = folder.read_if_present::<BureauFile>(FILE_NAME)?;
    let mut placeholders = Vec::new();
    for (field, text) in [
        ("name", &file.name),
        ("address", &file.address),
        ("hours", &file.hours),
        ("phone", &file.phone),
    ] {
        if is_placeholder(text) {
            placeholders.push(field);
            folder.push(warning(
                &shown,
                spans.value(field),
                format!("bureau.ron 的 {field} 还是占位内容 “{text}”"),
                format!("`{field}` in bureau.ron is still a placeholder: `{text}`"),
            ));
        }
    }
    if let Some(address) = &file.online {
        match url::problem(address) {
            Some(problem @ UrlProblem::Placeholder { .. }) => {
                placeholders.push("online");
                let (zh, en, _) = problem.messages(address);
                folder.push(warning(&shown, spans.value("online"), zh, en));
            }
            Some(_) => {
                placeholders.push("online");
                online::check_url(
                    address,
                    &shown,
                    spans.value("online"),
                    &mut folder.diagnostics,
                );
            }
            None if is_placeholder(address) => {
                placeholders.push("online");
                folder.push(warning(
                    &shown,
                    spans.value("online"),
                    format!("bureau.ron 的 online 还是占位内容 “{address}”"),
                    format!("`online` in bureau.ron is still a placeholder: `{address}`"),
                ));
            }
            None => {}
        }
    }
    let map = file.map.as_ref().and_then(|written| {
        let root = folder.root().to_path_buf();
        folder.image(&root, written, &shown, spans.value("map"), Severity::Error)
    });
    Some(Bureau {
        name: file.name,
        address: file.address,
        hours: file.hours,
        phone: file.phone,
        online: file.online,
        map,
        placeholders,
    })
}

impl Rotating for Bureau {
    fn slide_count(&self, _: &Metrics) -> usize {
        1
    }

    fn parts(&self, _: usize, _: &Metrics) -> usize {
        1
    }

    fn own_seconds(&self) -> Option<f32> {
        None
    }

    fn title(&self, _: usize) -> String {
        self.name.clone()
    }

    /// The profile states facts, no law.
    fn citations(&self, _: usize) -> Vec<Citation> {
        Vec::new()
    }

    fn reading(&self, _: &LawLibrary, _: (&str, &str)) -> Vec<String> {
        vec![format!(
            "{}：{}；{}；{}",
            self.name, self.address, self.hours, self.phone
        )]
    }

    fn pictures(&self, _: usize) -> Vec<PathBuf> {
        self.map.iter().map(|i| i.path.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: Labels = Labels {
        address: "地址：",
        hours: "接待时间：",
        phone: "电话：",
        online: "网上信访：",
    };

    fn bureau(phone: &str, online: Option<&str>) -> Bureau {
        let mut b = Bureau {
            name: "湖滨区信访局".into(),
            address: "湖滨区人民路1号".into(),
            hours: "周一至周五 8:30—17:30".into(),
            phone: phone.into(),
            online: online.map(str::to_owned),
            map: None,
            placeholders: vec![],
        };
        if is_placeholder(&b.phone) {
            b.placeholders.push("phone");
        }
        b
    }

    #[test]
    fn a_real_profile_gives_its_lines_name_first() {
        assert_eq!(
            bureau("0571-12345", Some("https://xf.hubin.gov.cn/")).lines(&LABELS),
            Some(vec![
                "湖滨区信访局".to_owned(),
                "地址：湖滨区人民路1号".to_owned(),
                "接待时间：周一至周五 8:30—17:30".to_owned(),
                "电话：0571-12345".to_owned(),
                "网上信访：https://xf.hubin.gov.cn/".to_owned(),
            ])
        );
        assert_eq!(
            bureau("0571-12345", None).lines(&LABELS).map(|l| l.len()),
            Some(4),
            "no online line without a channel"
        );
    }

    #[test]
    fn a_profile_with_a_placeholder_shows_nothing() {
        assert_eq!(bureau("000-0000", None).lines(&LABELS), None);
    }

    #[test]
    fn recognises_placeholders() {
        for text in [
            "",
            "  ",
            "XX区XX路XX号",
            "待填写",
            "（请填写接待时间）",
            "000-0000",
            "0000-00000000",
            "示例信访局",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
        for text in [
            "湖滨区信访局",
            "0571-87654321",
            "周一至周五 9:00—17:00",
            "12345",
        ] {
            assert!(!is_placeholder(text), "{text:?}");
        }
    }
}
