//! The citation formatter: labels (《…》第二十条第一款第（二）项), the merged
//! citation line under a slide, quoting, and the Chinese numerals beneath them,
//! for any numbers at all, against the shipped law text.
#![no_main]

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::citation::{self, Citation};
use pufa_kiosk_core::law::{self, Cite, Law};
use pufa_kiosk_core::numerals;
use pufa_kiosk_fuzz::base_folder;

#[derive(Debug, Arbitrary)]
struct Input {
    cites: Vec<FuzzCite>,
    words: String,
}

#[derive(Debug, Arbitrary)]
struct FuzzCite {
    other_law: bool,
    article: u32,
    paragraphs: Vec<u32>,
    items: Vec<u32>,
}

fn laws() -> &'static BTreeMap<String, Arc<Law>> {
    static LAWS: OnceLock<BTreeMap<String, Arc<Law>>> = OnceLock::new();
    LAWS.get_or_init(|| {
        let mut laws = BTreeMap::new();
        for (path, bytes) in base_folder().files() {
            if path.extension().is_some_and(|e| e == "md") {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                let text = String::from_utf8(bytes.to_vec()).unwrap();
                let law = law::parse(&id, path, &text).expect("the shipped law parses");
                laws.insert(id, Arc::new(law));
            }
        }
        laws
    })
}

fuzz_target!(|input: Input| {
    let laws = laws();
    let (id, law) = laws.iter().next().expect("a law");
    let mut citations = Vec::new();
    for c in input.cites.iter().take(16) {
        let cite = Cite {
            law: None,
            article: c.article,
            paragraphs: c.paragraphs.iter().copied().take(8).collect(),
            items: c.items.iter().copied().take(8).collect(),
        };
        match law.quote(&cite) {
            Ok(lines) => assert!(!lines.is_empty() || law.article(cite.article).is_some()),
            Err(e) => {
                let (zh, en) = e.messages();
                assert!(!zh.is_empty() && !en.is_empty());
            }
        }
        let label = citation::label(&law, &cite);
        assert!(label.starts_with('《'), "{label}");
        let _ = citation::reference(&law, &cite);
        citations.push(Citation {
            label,
            law_id: if c.other_law {
                "missing".into()
            } else {
                id.clone()
            },
            cite,
        });
    }
    let line = citation::line(laws, &citations);
    assert_eq!(line.is_empty(), citations.is_empty(), "{line}");
    for n in numerals::numbers_in(&input.words)
        .into_iter()
        .filter(|n| (1..10_000).contains(n))
    {
        let written = numerals::format(n);
        assert_eq!(numerals::parse(&written), Some(n), "{n} → {written}");
    }
    let _ = numerals::parse(&input.words);
});
