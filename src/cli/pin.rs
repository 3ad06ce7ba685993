//! Makes the hash of a staff PIN for `kiosk.ron`, asking for the PIN twice.

use std::io::IsTerminal;
use std::process::ExitCode;

/// Reads one line from stdin; on a terminal, without echoing it.
pub fn read_secret(prompt: &str) -> std::io::Result<String> {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    // SAFETY: tcgetattr/tcsetattr on fd 0 with a termios struct that lives across
    // both calls; echo is switched back on below whatever happens in between.
    let saved = terminal.then(|| unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(0, &mut t) == 0).then_some(t)
    });
    if let Some(Some(t)) = saved {
        let mut quiet = t;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: as above.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &quiet) };
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if let Some(Some(t)) = saved {
        // SAFETY: as above.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) };
    }
    read?;
    Ok(line.trim().to_owned())
}

/// `pufa-kiosk pin`: the PIN twice, then its hash on stdout (the only output
/// there, so it can be piped); the PIN itself goes nowhere.
pub fn make_pin() -> ExitCode {
    use crate::core::staff;
    let first = match read_secret("工作人员 PIN（4–12 位数字）/ staff PIN (4–12 digits): ")
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err((zh, en)) = staff::check_pin(&first) {
        eprintln!("✗ {zh} / {en}");
        return ExitCode::FAILURE;
    }
    let second = read_secret("再输入一次 / once more: ").unwrap_or_default();
    if first != second {
        eprintln!("✗ 两次输入不一致 / the two PINs differ");
        return ExitCode::FAILURE;
    }
    match staff::hash_pin(&first) {
        Ok(hash) => {
            println!("{hash}");
            eprintln!(
                "把上面一行填入 kiosk.ron：staff: (pin: Some(\"…\"))\nPut the line above into kiosk.ron as staff: (pin: Some(\"…\"))"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {e}");
            ExitCode::FAILURE
        }
    }
}
