//! How the law-text parser fares on a copy of the LawRefBook repository: every
//! Markdown file under the folders named on the command line (or the folders of
//! laws, regulations and judicial interpretations), counted as parsed, not divided
//! into articles (diagnosed, counted apart), or failed, with each failure's file
//! and reason. `scripts/lawrefbook-counts` runs it.
//!
//! ```text
//! cargo run -p pufa-kiosk-core --example lawrefbook_counts -- /tmp/Laws
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pufa_kiosk_core::law;

/// The folders of laws, administrative regulations and judicial interpretations.
const FOLDERS: [&str; 11] = [
    "宪法",
    "宪法相关法",
    "行政法",
    "行政法规",
    "民法典",
    "民法商法",
    "刑法",
    "经济法",
    "社会法",
    "诉讼与非诉讼程序法",
    "司法解释",
];

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            // Hugo's section pages, not law texts.
            && path.file_name().is_some_and(|n| n != "_index.md")
        {
            out.push(path);
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: lawrefbook_counts <copy of LawRefBook/Laws> [folder…]");
        return ExitCode::FAILURE;
    };
    let folders: Vec<String> = args
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    let folders = if folders.is_empty() {
        FOLDERS.iter().map(|f| f.to_string()).collect()
    } else {
        folders
    };
    let (mut files, mut parsed, mut not_articles, mut failed) = (0, 0, Vec::new(), Vec::new());
    for folder in &folders {
        let mut paths = Vec::new();
        markdown_files(&root.join(folder), &mut paths);
        paths.sort();
        for path in paths {
            files += 1;
            let shown = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            let Ok(text) = std::fs::read_to_string(&path) else {
                failed.push((shown, "not UTF-8".to_owned()));
                continue;
            };
            if !law::is_article_structured(&text) {
                not_articles.push(shown);
                continue;
            }
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            match law::parse(&id.unwrap_or_default(), &shown, &text) {
                Ok(_) => parsed += 1,
                Err(errors) => {
                    let reasons: Vec<String> = errors
                        .iter()
                        .take(3)
                        .map(|d| format!("line {}: {}", d.line, d.en))
                        .collect();
                    failed.push((shown, reasons.join("; ")));
                }
            }
        }
    }
    println!("folders: {}", folders.join(" "));
    println!("files: {files}");
    println!("article-structured, parsed: {parsed}");
    println!(
        "not article-structured (diagnosed, counted apart): {}",
        not_articles.len()
    );
    println!("article-structured, failed: {}", failed.len());
    for (path, reason) in &failed {
        println!("  FAIL {}: {reason}", path.display());
    }
    if std::env::var_os("LAWREFBOOK_LIST").is_some() {
        for path in &not_articles {
            println!("  NOT ARTICLES {}", path.display());
        }
    }
    ExitCode::SUCCESS
}
