//! Finding things in what staff wrote, so a diagnostic points at the right place
//! and says what was probably meant: where a field or a value is written in a
//! file (outside comments, in order), and which known name a mistyped one is.

use super::diagnostics::line_column;

/// `text` with comments blanked out (same byte offsets), so searches do not land
/// in the commented examples.
pub fn mask_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                out[i] = b' ';
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                if bytes[i] != b'\n' {
                    out[i] = b' ';
                }
                i += 1;
            }
            for _ in 0..2.min(bytes.len() - i) {
                out[i] = b' ';
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Line and column where the chain of `anchors` is found in order, each searched
/// after the previous one, outside comments; the file's start when not found.
///
/// `locate(text, &["id: \"visit\"", "cites:"])` finds the `cites` of step `visit`.
pub fn locate(text: &str, anchors: &[&str]) -> (usize, usize) {
    let masked = mask_comments(text);
    let mut offset = 0;
    let mut found = None;
    for anchor in anchors {
        match masked[offset..].find(anchor) {
            Some(at) => {
                offset += at;
                found = Some(offset);
                offset += anchor.len();
            }
            None => break,
        }
    }
    found.map_or((1, 1), |at| line_column(text, at))
}

/// Where `field:` is first written, outside comments.
pub fn field_position(text: &str, field: &str) -> (usize, usize) {
    locate(text, &[&format!("{field}:")])
}

/// A file's text for finding what is written in order (the scenes of a comic, the
/// frames of a scene), outside comments: each search starts after what an earlier
/// one found, so the second of two equal captions is told from the first.
pub(crate) struct InOrder<'a> {
    text: &'a str,
    masked: String,
}

impl<'a> InOrder<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            masked: mask_comments(text),
        }
    }

    /// Byte offset of the first `needle` at or after byte `from`.
    pub(crate) fn find_from(&self, from: usize, needle: &str) -> Option<usize> {
        self.masked.get(from..)?.find(needle).map(|at| from + at)
    }

    /// Line and column of byte offset `at`.
    pub(crate) fn line_column(&self, at: usize) -> (usize, usize) {
        line_column(self.text, at)
    }

    /// Line and column of the first `needle` at or after `*next`, else of the
    /// first anywhere in the file; `*next` moves past what was found.
    pub(crate) fn place(&self, next: &mut usize, needle: &str) -> Option<(usize, usize)> {
        let at = self
            .find_from(*next, needle)
            .or_else(|| self.masked.find(needle))?;
        *next = (*next).max(at + needle.len());
        Some(self.line_column(at))
    }
}

/// The known name closest to a mistyped one, when it is close enough to suggest.
pub(crate) fn closest<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Option<String> {
    known
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_skips_comments_and_strings_with_slashes() {
        let text = "// id: \"x\" cites:\n(url: \"https://a\", id: \"x\",\n cites: [])";
        assert_eq!(locate(text, &["id: \"x\"", "cites:"]), (3, 2));
    }

    #[test]
    fn suggests_a_close_name() {
        let known = ["channels".to_string(), "five-representatives".to_string()];
        assert_eq!(closest("chanels", known.iter()), Some("channels".into()));
        assert_eq!(closest("zzz", known.iter()), None);
    }
}
