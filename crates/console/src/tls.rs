//! The console's TLS certificate: self-signed, made at set-up, its SHA-256
//! fingerprint printed so staff can compare it with what the browser shows.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where a made certificate and key are kept.
pub fn default_paths(console_dir: &Path) -> (PathBuf, PathBuf) {
    let dir = console_dir.join("tls");
    (dir.join("cert.pem"), dir.join("key.pem"))
}

/// Makes a self-signed certificate for `names` (host names or addresses) and
/// writes it and its key (readable by the owner only). Returns the fingerprint.
pub fn make(cert: &Path, key: &Path, names: &[String]) -> Result<String, String> {
    let made = rcgen::generate_simple_self_signed(names.to_vec()).map_err(|e| e.to_string())?;
    if let Some(dir) = cert.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    if let Some(dir) = key.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(cert, made.cert.pem()).map_err(|e| e.to_string())?;
    std::fs::write(key, made.key_pair.serialize_pem()).map_err(|e| e.to_string())?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(key, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| e.to_string())?;
    }
    Ok(fingerprint_der(made.cert.der()))
}

/// `AB:CD:…`, the SHA-256 of a certificate as browsers show it.
pub fn fingerprint_der(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The fingerprint of the first certificate in a PEM file.
pub fn fingerprint_pem(cert: &Path) -> Result<String, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let der =
        CertificateDer::from_pem_file(cert).map_err(|e| format!("{}: {e}", cert.display()))?;
    Ok(fingerprint_der(&der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_fingerprint_is_the_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = default_paths(dir.path());
        let made = make(&cert, &key, &["kiosk.local".into()]).unwrap();
        assert_eq!(made.len(), 32 * 3 - 1);
        assert_eq!(fingerprint_pem(&cert).unwrap(), made);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
