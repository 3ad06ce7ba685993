//! `pufa-kiosk console`: serves the staff web console (its own process, beside
//! the player), or sets it up: accounts and the TLS certificate.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use pufa_kiosk_console as console;

use super::ConsoleAction;
use super::pin::read_secret;
use crate::core::settings::Settings;

pub fn console(config: &Path, action: ConsoleAction) -> ExitCode {
    let settings = match Settings::load(config) {
        Ok(s) => s,
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("✗ {d}");
            }
            return ExitCode::FAILURE;
        }
    };
    let console_dir = settings.data_dir.join("console");
    let done = match action {
        ConsoleAction::AddUser { name, role } => add_user(&console_dir, &name, &role),
        ConsoleAction::MakeCert { hosts } => make_cert(&console_dir, hosts),
        ConsoleAction::Serve { listen, tls, fleet } => serve(config, listen, tls, fleet),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("✗ {e}");
            ExitCode::FAILURE
        }
    }
}

fn add_user(console_dir: &Path, name: &str, role: &str) -> Result<(), String> {
    let role = console::Role::parse(role).ok_or_else(|| {
        format!("角色只能是 编辑、管理 或 审核，不是“{role}” / --role must be 编辑, 管理 or 审核, not `{role}`")
    })?;
    let password = read_secret(&format!("{name} 的密码 / password for {name}: "))
        .map_err(|e| e.to_string())?;
    // On a terminal, typed twice; a script pipes it once.
    if std::io::stdin().is_terminal() {
        let again = read_secret("再输入一次 / once more: ").map_err(|e| e.to_string())?;
        if again != password {
            return Err("两次输入不一致 / the two passwords differ".into());
        }
    }
    let path = console_dir.join("accounts.ron");
    let mut accounts = console::accounts::Accounts::load(&path)?;
    accounts.set(name, role, &password)?;
    accounts.save(&path)?;
    println!(
        "✓ 账户 {name}（{}）已保存到 {}（只存密码的 Argon2id 散列）。\n✓ Account {name} saved (only the Argon2id hash).",
        role.zh(),
        path.display()
    );
    Ok(())
}

fn make_cert(console_dir: &Path, mut hosts: Vec<String>) -> Result<(), String> {
    if hosts.is_empty() {
        hosts = vec![
            crate::core::settings::host_name(),
            "localhost".into(),
            "127.0.0.1".into(),
        ];
    }
    let (cert, key) = console::tls::default_paths(console_dir);
    let fingerprint = console::tls::make(&cert, &key, &hosts)?;
    println!(
        "✓ 证书 / certificate: {}\n  私钥 / key: {}\n  名称 / names: {}\n  SHA-256 指纹 / fingerprint:\n  {fingerprint}\n\
         同事第一次打开控制台时，浏览器会提示证书不受信任：请核对浏览器显示的 SHA-256 指纹与上面一致后再继续。\n\
         The first time, the browser warns that the certificate is not trusted: continue only if its SHA-256 fingerprint matches the one above.\n\
         启动 / start: pufa-kiosk console --listen 0.0.0.0:8443 --tls-cert {} --tls-key {}",
        cert.display(),
        key.display(),
        hosts.join(", "),
        cert.display(),
        key.display()
    );
    Ok(())
}

fn serve(
    config: &Path,
    listen: Option<String>,
    tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
    fleet: Option<std::path::PathBuf>,
) -> Result<(), String> {
    let listen = listen.unwrap_or_else(|| console::DEFAULT_LISTEN.to_owned());
    let listen = listen.parse().map_err(|_| {
        format!("--listen 应写成 地址:端口，例如 127.0.0.1:8080 / --listen must look like 127.0.0.1:8080, not `{listen}`")
    })?;
    let program = std::env::current_exe().map_err(|e| e.to_string())?;
    console::serve(console::Options {
        config: config.to_path_buf(),
        listen,
        tls,
        program,
        fleet,
    })
}
