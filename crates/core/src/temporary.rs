//! File names that editors and sync tools leave behind while they work. The
//! folder loader, the manifest and the watcher all look past them, so a save in
//! progress is never taken for content.

/// Whether `name` is such a file.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_and_sync_temporary_files() {
        for name in [
            ".panel.ron.swp",
            "panel.ron~",
            ".#panel.ron",
            ".panel.ron.Ab12Cd",
            ".syncthing.panel.ron.tmp",
            "~syncthing~panel.ron.tmp",
            ".DS_Store",
            "Thumbs.db",
        ] {
            assert!(is_temporary(name), "{name}");
        }
        assert!(!is_temporary("channels.ron"));
    }
}
