//! Links the player as a position-dependent executable. A position-independent
//! one carries about 11 MB of relocations that the loader applies at every start,
//! leaving those pages and the 5 MB they patch resident for the life of the
//! process: memory a 24/7 kiosk keeps for nothing. Libraries stay randomised.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
