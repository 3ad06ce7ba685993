//! `pufa-kiosk keygen --out FILE`: an approver's key pair. The private key is
//! written encrypted under a passphrase (PKCS#8), readable only by its owner; the
//! public key is printed for `kiosk.ron`.

use std::path::Path;
use std::process::ExitCode;

use super::pin::read_secret;
use crate::core::approval;

/// Shortest passphrase accepted: it guards the key that approves the law's words.
const MIN_PASSPHRASE: usize = 10;

pub fn keygen(out: &Path) -> ExitCode {
    if out.exists() {
        eprintln!(
            "✗ {} 已存在，不会覆盖（旧私钥丢失后就无法再用它签名）/ already exists; not overwritten (a lost key cannot sign again)",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let first =
        read_secret("私钥口令（至少 10 个字符）/ passphrase for the key (10 characters or more): ")
            .unwrap_or_default();
    if first.chars().count() < MIN_PASSPHRASE {
        eprintln!("✗ 口令太短 / the passphrase is too short");
        return ExitCode::FAILURE;
    }
    let second = read_secret("再输入一次 / once more: ").unwrap_or_default();
    if first != second {
        eprintln!("✗ 两次输入不一致 / the two passphrases differ");
        return ExitCode::FAILURE;
    }
    let (pem, public) = match approval::generate_key(&first) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = write_private(out, &pem) {
        eprintln!("✗ {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("{public}");
    eprintln!(
        "私钥已写入 {}（只有本人可读；请备份在离线的 U 盘上，口令另行保管）。\n\
         把上面一行公钥填入每台屏 kiosk.ron 的 approval: (approvers: [\"…\"])。\n\
         The private key is in {} (readable by you only; keep a backup offline and the\n\
         passphrase apart). Put the public key above into each kiosk's kiosk.ron as\n\
         approval: (approvers: [\"…\"]).",
        out.display(),
        out.display()
    );
    ExitCode::SUCCESS
}

fn write_private(out: &Path, pem: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(out)?;
    f.write_all(pem.as_bytes())?;
    f.sync_all()
}
