//! `pufa-kiosk pin`: the PIN read twice from stdin, its Argon2 hash printed for
//! kiosk.ron, and the PIN itself nowhere in what comes out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use pufa_kiosk::core::settings::Settings;
use pufa_kiosk::core::staff;

mod common;

/// Runs `pufa-kiosk pin` with `input` on stdin: exit status, stdout, stderr.
fn pin(input: &str) -> (bool, String, String) {
    let (code, out, err) = common::run_with_input(None, &["pin"], input);
    (code == 0, out, err)
}

#[test]
fn the_pin_command_prints_a_hash_that_kiosk_ron_accepts() {
    let (ok, out, err) = pin("472913\n472913\n");
    assert!(ok, "{err}");
    let hash = out.trim();
    assert_eq!(out.lines().count(), 1, "only the hash on stdout: {out}");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!out.contains("472913") && !err.contains("472913"));
    assert!(staff::verify_pin(hash, "472913"));
    assert!(!staff::verify_pin(hash, "472914"));
    let shipped = std::fs::read_to_string(common::repo().join("kiosk.ron")).unwrap();
    let text = shipped.replace("pin: None", &format!("pin: Some(\"{hash}\")"));
    assert_ne!(text, shipped);
    let settings = Settings::from_text(std::path::Path::new("kiosk.ron"), &text).unwrap();
    assert_eq!(settings.staff.pin_hash.as_deref(), Some(hash));
}

#[test]
fn the_pin_command_refuses_a_mismatch_and_a_pin_the_pad_cannot_type() {
    let (ok, out, err) = pin("472913\n472914\n");
    assert!(!ok);
    assert!(out.is_empty());
    assert!(err.contains("differ"), "{err}");
    let (ok, out, err) = pin("abcd\nabcd\n");
    assert!(!ok && out.is_empty());
    assert!(err.contains("digits only"), "{err}");
    let (ok, _, err) = pin("12\n12\n");
    assert!(!ok);
    assert!(err.contains("4–12 digits"), "{err}");
}
