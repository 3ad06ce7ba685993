//! Writes `manifest.ron`, the list a whole-version copy is checked against.

use std::path::Path;
use std::process::ExitCode;

use crate::core::manifest;

pub fn write_manifest(dir: &Path) -> ExitCode {
    match manifest::generate(dir).and_then(|m| {
        std::fs::write(dir.join(manifest::FILE_NAME), manifest::to_text(&m))?;
        Ok(m.files.len())
    }) {
        Ok(n) => {
            println!(
                "✓ {}: {n} 个文件 / files listed",
                dir.join(manifest::FILE_NAME).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
