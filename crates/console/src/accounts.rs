//! Staff accounts: names, roles and Argon2id password hashes in
//! `<data>/console/accounts.ron`. The password itself is never stored.

use std::path::Path;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use serde::{Deserialize, Serialize};

use crate::state::Role;

/// One account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// Argon2id PHC string.
    pub hash: String,
}

/// The accounts file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accounts {
    pub users: Vec<Account>,
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

impl Accounts {
    /// Reads the file; a missing file is no accounts.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => ron::from_str(&text).map_err(|e| {
                format!(
                    "无法读取账户文件 {} / cannot read the accounts file: {e}",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the file whole (aside, then renamed), readable by its owner only.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        let text = format!(
            "// 控制台账户：名称、角色和密码的 Argon2id 散列（不含密码本身）。\n\
             // 用 `pufa-kiosk console --add-user 名称 --role 编辑|管理` 添加或改密码。\n\
             // Console accounts (Argon2id hashes only); change with `pufa-kiosk console --add-user`.\n{text}\n"
        );
        pufa_kiosk_core::health::write_atomically(path, &text).map_err(|e| e.to_string())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        Ok(())
    }

    /// The account called `name`.
    pub fn get(&self, name: &str) -> Option<&Account> {
        self.users.iter().find(|u| u.name == name)
    }

    /// Adds `name` or changes its role and password.
    pub fn set(&mut self, name: &str, role: Role, password: &str) -> Result<(), String> {
        check_name(name)?;
        if password.chars().count() < MIN_PASSWORD {
            return Err(format!(
                "密码至少 {MIN_PASSWORD} 个字符 / the password needs at least {MIN_PASSWORD} characters"
            ));
        }
        let hash = hash_password(password)?;
        match self.users.iter_mut().find(|u| u.name == name) {
            Some(u) => {
                u.role = role;
                u.hash = hash;
            }
            None => self.users.push(Account {
                name: name.to_owned(),
                role,
                hash,
            }),
        }
        Ok(())
    }
}

/// Names are what staff type at the login page: 1–32 letters, digits, `_`, `-`, `.`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = (1..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "账户名只能用 1–32 个字母、数字、_ - . / an account name is 1–32 letters, digits, _ - . (not `{name}`)"
        ))
    }
}

/// `password`'s Argon2id PHC string, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches `hash`. Takes tens of milliseconds by design.
pub fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of no one's password, checked when the name is unknown so that a wrong
/// name takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never valid").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_an_argon2id_hash_never_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.ron");
        let mut a = Accounts::default();
        a.set("wang", Role::Admin, "correct horse").unwrap();
        a.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("$argon2id$"), "{text}");
        assert!(!text.contains("correct horse"));
        let back = Accounts::load(&path).unwrap();
        let hash = &back.get("wang").unwrap().hash;
        assert!(verify(hash, "correct horse"));
        assert!(!verify(hash, "wrong horse"));
    }

    #[test]
    fn refuses_short_passwords_and_odd_names() {
        let mut a = Accounts::default();
        assert!(a.set("wang", Role::Editor, "short").is_err());
        assert!(a.set("../x", Role::Editor, "long enough").is_err());
        assert!(a.set("", Role::Editor, "long enough").is_err());
        assert!(a.set("李明", Role::Editor, "long enough").is_ok());
    }
}
