//! Staff access, without Bevy: the key chord that opens the staff overlay, the
//! PIN as an Argon2id hash (never the PIN itself), and the lock that makes each
//! wrong PIN cost more waiting than the one before.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The chord staff press when nothing else is set in `kiosk.ron`.
pub const DEFAULT_CHORD: &str = "Ctrl+Alt+S";

/// Digits a PIN may have: the on-screen pad has digits only.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=12;

/// A key chord such as `Ctrl+Alt+S`: modifiers held, then one key pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chord {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    pub super_key: bool,
    /// The key, as written in upper case: `A`–`Z`, `0`–`9` or `F1`–`F12`.
    pub key: String,
}

impl Chord {
    /// Reads `Ctrl+Alt+S`. Case and spaces do not matter; at least Ctrl, Alt or
    /// Super must be held, so no key a visitor types alone opens the overlay.
    pub fn parse(text: &str) -> Result<Self, (String, String)> {
        let mut chord = Chord {
            ctrl: false,
            alt: false,
            shift: false,
            super_key: false,
            key: String::new(),
        };
        let parts: Vec<String> = text
            .split('+')
            .map(|p| p.trim().to_ascii_uppercase())
            .collect();
        let Some((key, modifiers)) = parts.split_last() else {
            return Err(("按键组合为空".into(), "the chord is empty".into()));
        };
        for m in modifiers {
            match m.as_str() {
                "CTRL" | "CONTROL" => chord.ctrl = true,
                "ALT" => chord.alt = true,
                "SHIFT" => chord.shift = true,
                "SUPER" | "WIN" | "META" => chord.super_key = true,
                other => {
                    return Err((
                        format!("“{other}” 不是修饰键（应为 Ctrl、Alt、Shift 或 Super）"),
                        format!("`{other}` is not a modifier (Ctrl, Alt, Shift or Super)"),
                    ));
                }
            }
        }
        let plain = key.len() == 1 && key.chars().all(|c| c.is_ascii_alphanumeric());
        let function = key
            .strip_prefix('F')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=12).contains(&n));
        if !plain && !function {
            return Err((
                format!("“{key}” 不是可用的按键（应为字母、数字或 F1–F12）"),
                format!("`{key}` is not a usable key (a letter, a digit or F1–F12)"),
            ));
        }
        if !(chord.ctrl || chord.alt || chord.super_key) {
            return Err((
                "按键组合须含 Ctrl、Alt 或 Super，否则观众单按一个键就能打开".into(),
                "the chord needs Ctrl, Alt or Super, or a visitor could open it with one key"
                    .into(),
            ));
        }
        chord.key = key.clone();
        Ok(chord)
    }
}

impl std::fmt::Display for Chord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (held, name) in [
            (self.ctrl, "Ctrl+"),
            (self.alt, "Alt+"),
            (self.shift, "Shift+"),
            (self.super_key, "Super+"),
        ] {
            if held {
                f.write_str(name)?;
            }
        }
        f.write_str(&self.key)
    }
}

/// Whether `pin` is a PIN the on-screen pad can type.
pub fn check_pin(pin: &str) -> Result<(), (String, String)> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err((
            "PIN 只能是数字（屏幕上的数字键盘只有数字）".into(),
            "the PIN must be digits only (the on-screen pad has digits only)".into(),
        ));
    }
    if !PIN_DIGITS.contains(&pin.len()) {
        return Err((
            format!(
                "PIN 须为 {}–{} 位数字",
                PIN_DIGITS.start(),
                PIN_DIGITS.end()
            ),
            format!(
                "the PIN must have {}–{} digits",
                PIN_DIGITS.start(),
                PIN_DIGITS.end()
            ),
        ));
    }
    Ok(())
}

/// The PHC line (`$argon2id$v=19$m=…`) for `pin`, with a fresh random salt.
pub fn hash_pin(pin: &str) -> Result<String, String> {
    check_pin(pin).map_err(|(_, en)| en)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `hash` is an Argon2 PHC string this build can check a PIN against.
pub fn check_hash(hash: &str) -> Result<(), (String, String)> {
    let bad = |why: String| {
        (
            format!("PIN 散列无效（{why}）；请用 `pufa-kiosk pin` 生成后粘贴"),
            format!(
                "the PIN hash is not valid ({why}); make one with `pufa-kiosk pin` and paste it"
            ),
        )
    };
    let parsed = PasswordHash::new(hash).map_err(|e| bad(e.to_string()))?;
    if !parsed.algorithm.as_str().starts_with("argon2") {
        return Err(bad(format!("algorithm `{}`", parsed.algorithm.as_str())));
    }
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(bad("no salt or no hash".into()));
    }
    argon2::Params::try_from(&parsed).map_err(|e| bad(e.to_string()))?;
    Ok(())
}

/// Whether `pin` matches `hash`. Takes tens of milliseconds by design: call it
/// off the main thread.
pub fn verify_pin(hash: &str, pin: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The wrong PIN in a row that starts the first lockout (the ones before it are free).
pub const LOCK_AFTER: u32 = 3;
/// The first lockout; each further wrong PIN doubles it.
pub const FIRST_LOCKOUT_SECONDS: f64 = 30.0;
/// The longest lockout.
pub const LONGEST_LOCKOUT_SECONDS: f64 = 15.0 * 60.0;

/// Rate limit on PIN attempts, on a clock the caller gives (seconds, any origin):
/// the [`LOCK_AFTER`]th wrong PIN in a row starts a lockout that doubles with each further one,
/// up to [`LONGEST_LOCKOUT_SECONDS`]. A right PIN clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PinGate {
    failures: u32,
    locked_until: Option<f64>,
}

impl PinGate {
    /// Seconds left before a PIN may be tried again; `None` when one may be now.
    pub fn locked_for(&self, now: f64) -> Option<f64> {
        self.locked_until
            .map(|until| until - now)
            .filter(|left| *left > 0.0)
    }

    /// Records a wrong PIN at `now`; returns the lockout it starts, if any.
    pub fn failed(&mut self, now: f64) -> Option<f64> {
        self.failures = self.failures.saturating_add(1);
        if self.failures < LOCK_AFTER {
            return None;
        }
        let doublings = i32::try_from(self.failures - LOCK_AFTER)
            .unwrap_or(i32::MAX)
            .min(30);
        let seconds = (FIRST_LOCKOUT_SECONDS * 2f64.powi(doublings)).min(LONGEST_LOCKOUT_SECONDS);
        self.locked_until = Some(now + seconds);
        Some(seconds)
    }

    /// Records the right PIN: the count starts over.
    pub fn succeeded(&mut self) {
        *self = Self::default();
    }

    /// Wrong PINs since the last right one.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_are_read_with_their_modifiers() {
        let c = Chord::parse("ctrl + alt + s").unwrap();
        assert!(c.ctrl && c.alt && !c.shift && !c.super_key);
        assert_eq!(c.key, "S");
        assert_eq!(c.to_string(), "Ctrl+Alt+S");
        assert_eq!(Chord::parse("Super+F9").unwrap().key, "F9");
        assert_eq!(
            Chord::parse(DEFAULT_CHORD).unwrap().to_string(),
            DEFAULT_CHORD
        );
    }

    #[test]
    fn bad_chords_say_why() {
        assert!(Chord::parse("S").unwrap_err().1.contains("needs Ctrl"));
        assert!(
            Chord::parse("Shift+S")
                .unwrap_err()
                .1
                .contains("needs Ctrl")
        );
        assert!(Chord::parse("Hyper+S").unwrap_err().1.contains("`HYPER`"));
        assert!(
            Chord::parse("Ctrl+Enter")
                .unwrap_err()
                .1
                .contains("`ENTER`")
        );
        assert!(Chord::parse("Ctrl+F13").is_err());
        assert!(Chord::parse("").is_err());
    }

    #[test]
    fn a_hashed_pin_verifies_and_another_does_not() {
        let hash = hash_pin("2468").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("2468"));
        check_hash(&hash).unwrap();
        assert!(verify_pin(&hash, "2468"));
        assert!(!verify_pin(&hash, "2469"));
        // The salt is fresh each time.
        assert_ne!(hash_pin("2468").unwrap(), hash);
    }

    #[test]
    fn pins_are_digits_of_a_sensible_length() {
        assert!(hash_pin("12a4").is_err());
        assert!(hash_pin("123").is_err());
        assert!(hash_pin("1234567890123").is_err());
        check_pin("000000").unwrap();
    }

    #[test]
    fn anything_but_an_argon2_hash_is_refused() {
        assert!(check_hash("2468").is_err());
        assert!(check_hash("").is_err());
        assert!(check_hash("$2b$12$abcdefghijklmnopqrstuv").is_err());
        let hash = hash_pin("2468").unwrap();
        let (head, _) = hash.rsplit_once('$').unwrap();
        assert!(check_hash(head).is_err(), "a hash with its output cut off");
        assert!(!verify_pin("not a hash", "2468"));
    }

    #[test]
    fn wrong_pins_lock_out_for_longer_each_time() {
        let mut gate = PinGate::default();
        let mut now = 1000.0;
        for _ in 0..LOCK_AFTER - 1 {
            assert_eq!(gate.failed(now), None);
            assert_eq!(gate.locked_for(now), None);
        }
        // The third wrong PIN starts the first lockout.
        assert_eq!(gate.failed(now), Some(30.0));
        assert_eq!(gate.locked_for(now + 10.0), Some(20.0));
        assert_eq!(gate.locked_for(now + 30.0), None);
        now += 30.0;
        assert_eq!(gate.failed(now), Some(60.0));
        now += 60.0;
        assert_eq!(gate.failed(now), Some(120.0));
        for _ in 0..20 {
            now += LONGEST_LOCKOUT_SECONDS;
            gate.failed(now);
        }
        assert_eq!(gate.locked_for(now), Some(LONGEST_LOCKOUT_SECONDS));
        gate.succeeded();
        assert_eq!(gate.locked_for(now), None);
        assert_eq!(gate.failures(), 0);
        assert_eq!(gate.failed(now), None, "a right PIN starts the count over");
    }
}
