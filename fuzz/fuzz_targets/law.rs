//! The law-text parser: any text either parses into a law whose articles are
//! numbered 1, 2, 3… and whose every citation resolves or says why not, or is
//! rejected with diagnostics inside the text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::citation;
use pufa_kiosk_core::law::{self, Cite};
use pufa_kiosk_core::ron_file;
use pufa_kiosk_fuzz::{check_rejection, text_of};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("laws/fuzz.md");
    let text = match ron_file::text_of(data.to_vec(), file) {
        Ok(text) => text,
        Err(d) => return check_rejection(&[d], file, &text_of(data)),
    };
    match law::parse("fuzz", file, &text) {
        Err(diagnostics) => check_rejection(&diagnostics, file, &text),
        Ok(law) => {
            for (i, article) in law.articles.iter().enumerate() {
                assert_eq!(article.number as usize, i + 1);
                let _ = article.label();
                let _ = article.text();
                for p in 0..=article.paragraphs.len() as u32 + 1 {
                    for items in [vec![], vec![1], vec![2, 1]] {
                        let cite = Cite {
                            law: None,
                            article: article.number,
                            paragraphs: vec![p],
                            items,
                        };
                        if let Err(e) = law.quote(&cite) {
                            let (zh, en) = e.messages();
                            assert!(!zh.is_empty() && !en.is_empty());
                        }
                        let _ = citation::label(&law, &cite);
                    }
                }
            }
            for chapter in &law.chapters {
                assert!(
                    chapter.first_article <= chapter.last_article + 1,
                    "{chapter:?}"
                );
            }
        }
    }
});
