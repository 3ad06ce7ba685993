//! Approvals (issue 23): only words a legal officer approved reach citizens.
//!
//! - A **content version** is a SHA-256 over every file of the content folder the
//!   kiosk would read (panels, pictures, laws, campaigns, the urgent notice), in
//!   the order of their paths, each with its path, its length and the SHA-256 of
//!   its bytes (so a reload hashes again only the files that changed:
//!   [`Digests`]). `approvals/` is
//!   left out (an approval does not change what it approves), and so are
//!   `manifest.ron` (a checksum of the others) and temporary files.
//! - An **approval** is a file in `approvals/`, never edited once written: this
//!   version was approved, by whom (name, role), when, on which words (the hash
//!   of the words document the approver was shown, kept beside it), signed with
//!   the approver's Ed25519 key.
//! - A kiosk with `approval: (required: true, approvers: [...])` lets a version go
//!   live only when an approval signed by a listed key covers exactly its hash
//!   ([`gate`]); otherwise the last approved version keeps playing.
//!
//! The private key never leaves the approver's machine; it is kept in standard
//! passphrase-encrypted PKCS#8 PEM.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signature, Signer, Verifier};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::manifest;
use crate::ron_file;
use crate::source::Source;

/// The folder of approvals inside the content folder.
pub const DIR: &str = "approvals";
/// The urgent notice, which may be signed apart (see [`Scope::Notice`]).
pub const NOTICE_FILE: &str = "notice.ron";
/// The longest approval file read; anything longer is not one.
const MAX_FILE: u64 = 64 * 1024;
/// What a signature covers starts with this, so it can never be mistaken for
/// another protocol's message.
const DOMAIN: &str = "pufa-kiosk approval v1";

/// Bytes as lowercase hexadecimal, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A content version: the SHA-256 of the folder's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version(pub [u8; 32]);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", hex(&self.0))
    }
}

impl Version {
    /// The first 12 hex digits, for people (`sha256:` left out).
    pub fn short(&self) -> String {
        self.to_string().chars().skip(7).take(12).collect()
    }
}

/// What an approval covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The whole content version.
    Content,
    /// Only the urgent notice (`notice.ron`), where `kiosk.ron` lets notices be
    /// signed apart.
    Notice,
}

/// Which files a version covers: the whole folder, or with the urgent notice
/// apart (`notice.ron` left out of the content and hashed on its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cover {
    #[default]
    Whole,
    NoticeApart,
}

/// The files of `root` a version covers, relative and with `/`, sorted.
fn covered(root: &Path, cover: Cover) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = manifest::files_under(Source::Disk, root)
        .into_iter()
        .filter_map(|path| {
            let text = manifest::slash_name(path.strip_prefix(root).ok()?);
            let first = text.split('/').next().unwrap_or_default();
            let notice = text == NOTICE_FILE && cover == Cover::NoticeApart;
            (first != DIR && !notice).then_some((text, path))
        })
        .collect();
    files.sort();
    files
}

/// A file as `stat` sees it: a change to its bytes changes its length or its
/// times, and the change time (`ctime`) cannot be set back without setting the
/// clock, so a file edited and given its old modification time is still seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    device: u64,
    inode: u64,
}

/// A file changed less than this before it was read is not remembered: the
/// kernel stamps times from a coarse clock (a few milliseconds), so a second
/// write in the same tick would leave the same stamp (git's "racily clean"
/// case). Older than this, any later write gets a later change time.
const SETTLED: std::time::Duration = std::time::Duration::from_millis(100);

impl Stamp {
    /// Whether a later write is sure to change this stamp (see [`SETTLED`]).
    fn settled(&self) -> bool {
        let changed = std::time::UNIX_EPOCH
            .checked_add(std::time::Duration::new(
                u64::try_from(self.changed.0).unwrap_or(0),
                u32::try_from(self.changed.1).unwrap_or(0),
            ))
            .unwrap_or(std::time::UNIX_EPOCH);
        std::time::SystemTime::now()
            .duration_since(changed)
            .is_ok_and(|age| age >= SETTLED)
    }

    fn of(path: &Path) -> std::io::Result<Self> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(Self {
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            device: m.dev(),
            inode: m.ino(),
        })
    }
}

/// What was made of each file, with the stamp it had when it was read.
type Remembered<T> = HashMap<PathBuf, (Stamp, T)>;

/// What was made of `path` when it had `stamp`, if that is its stamp now.
fn recall<T: Clone>(known: &Remembered<T>, path: &Path, stamp: Stamp) -> Option<T> {
    known
        .get(path)
        .filter(|(at, _)| *at == stamp)
        .map(|(_, made)| made.clone())
}

/// Remembers what was made of `path`, read with `stamp`, only if the stamp is
/// settled and still the file's after the read; otherwise forgets it.
fn remember<T>(known: &mut Remembered<T>, path: &Path, stamp: Stamp, made: T) {
    if stamp.settled() && Stamp::of(path).is_ok_and(|after| after == stamp) {
        known.insert(path.to_path_buf(), (stamp, made));
    } else {
        known.remove(path);
    }
}

/// The SHA-256 of each file, remembered with the file's [`Stamp`]: a kiosk's
/// watcher keeps one, so a reload reads and hashes only the files whose stamp
/// changed, and the second look after loading (see [`gate`]) costs a `stat` per
/// file. A digest is remembered only when the file's stamp was the same before
/// and after it was read.
#[derive(Debug, Default)]
pub struct Digests {
    known: Remembered<(u64, [u8; 32])>,
    /// Approval files read and their signatures checked, by the same rule: a
    /// folder's approvals only grow, and each is verified once.
    signed: Remembered<Signed>,
    /// How many files were read and hashed, for the tests and the benchmark.
    read: usize,
}

impl Digests {
    /// The length and SHA-256 of the file at `path` now.
    fn of(&mut self, path: &Path) -> std::io::Result<(u64, [u8; 32])> {
        let stamp = Stamp::of(path)?;
        if let Some(known) = recall(&self.known, path, stamp) {
            return Ok(known);
        }
        let bytes = std::fs::read(path)?;
        self.read += 1;
        let found = (bytes.len() as u64, Sha256::digest(&bytes).into());
        remember(&mut self.known, path, stamp, found);
        Ok(found)
    }

    /// The version of the folder at `root` now (see [`version_of`]).
    pub fn version_of(&mut self, root: &Path, cover: Cover) -> std::io::Result<Version> {
        let files = covered(root, cover);
        let version = self.hash_files(&files)?;
        // Forget files no longer in this folder, so the map never grows.
        if self.known.len() > files.len() {
            let kept: std::collections::HashSet<&Path> =
                files.iter().map(|(_, p)| p.as_path()).collect();
            self.known.retain(|p, _| kept.contains(p.as_path()));
        }
        Ok(version)
    }

    /// Every file under `root` (approvals too) by its path with `/`, with its
    /// length and SHA-256, hashing again only files changed since this cache saw
    /// them; a file that cannot be read is left out.
    pub fn each_file(&mut self, root: &Path) -> Vec<(String, u64, [u8; 32])> {
        let mut out = Vec::new();
        for path in manifest::files_under(Source::Disk, root) {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let name = manifest::slash_name(rel);
            if let Ok((len, digest)) = self.of(&path) {
                out.push((name, len, digest));
            }
        }
        out
    }

    /// Reads one approval file and checks its signature, or remembers doing so.
    fn signed(&mut self, path: &Path, shown: &Path) -> Signed {
        let Ok(stamp) = Stamp::of(path) else {
            self.signed.remove(path);
            return read_signed(path, shown);
        };
        if let Some(known) = recall(&self.signed, path, stamp) {
            return known;
        }
        let signed = read_signed(path, shown);
        self.read += 1;
        remember(&mut self.signed, path, stamp, signed.clone());
        signed
    }

    /// How many files have been read and hashed so far.
    pub fn files_read(&self) -> usize {
        self.read
    }

    fn hash_files(&mut self, files: &[(String, PathBuf)]) -> std::io::Result<Version> {
        let mut h = Sha256::new();
        h.update(b"pufa-kiosk content v2\n");
        for (name, path) in files {
            let (len, digest) = self.of(path)?;
            h.update(name.as_bytes());
            h.update(format!("\n{len}\n").as_bytes());
            h.update(digest);
            h.update(b"\n");
        }
        Ok(Version(h.finalize().into()))
    }
}

/// The version of the folder at `root` as it is now.
pub fn version_of(root: &Path, cover: Cover) -> std::io::Result<Version> {
    Digests::default().version_of(root, cover)
}

/// The version of the urgent notice alone, if the folder has one.
pub fn notice_version(root: &Path) -> std::io::Result<Option<Version>> {
    let path = root.join(NOTICE_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    Digests::default()
        .hash_files(&[(NOTICE_FILE.to_owned(), path)])
        .map(Some)
}

/// SHA-256 of some bytes, written like a version.
pub fn digest(bytes: &[u8]) -> String {
    Version(Sha256::digest(bytes).into()).to_string()
}

/// One approval, as written in `approvals/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The content version approved (`sha256:…`).
    pub version: String,
    pub scope: Scope,
    /// Who approved it, and in which role.
    pub approver: String,
    pub role: String,
    /// When, in the kiosk's time with its offset.
    pub at: String,
    /// The hash of the words document the approver read (kept beside this file).
    pub proof_sheet: String,
    /// The approver's public key (`ed25519:…`).
    pub key: String,
    /// The signature over all of the above.
    pub signature: String,
}

impl Approval {
    /// What the signature covers: every field but the signature, one a line.
    fn message(&self) -> Vec<u8> {
        format!(
            "{DOMAIN}\nversion: {}\nscope: {:?}\napprover: {}\nrole: {}\nat: {}\nproof_sheet: {}\nkey: {}\n",
            self.version,
            self.scope,
            self.approver.replace('\n', " "),
            self.role.replace('\n', " "),
            self.at,
            self.proof_sheet,
            self.key
        )
        .into_bytes()
    }

    /// The file's text, with a comment saying what it is.
    pub fn to_text(&self) -> String {
        let body =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).unwrap_or_default();
        format!(
            "// 审核记录：由审核人的私钥签名，请勿改动（任何改动都会使签名失效）。\n\
             // Approval: signed with the approver's private key; do not edit (any change breaks the signature).\n\
             {body}\n"
        )
    }
}

/// A public key as `kiosk.ron` and approvals write it.
pub fn public_key_text(key: &VerifyingKey) -> String {
    format!("ed25519:{}", B64.encode(key.as_bytes()))
}

/// Reads a public key written as `ed25519:BASE64`.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, (String, String)> {
    let bad = || {
        (
            format!("“{text}” 不是公钥（应为 ed25519:… ，由 pufa-kiosk keygen 给出）"),
            format!("`{text}` is not a public key (ed25519:…, as pufa-kiosk keygen prints it)"),
        )
    };
    let b64 = text.trim().strip_prefix("ed25519:").ok_or_else(bad)?;
    let bytes: [u8; 32] = B64
        .decode(b64)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| bad())
}

/// A new key pair: the private key as passphrase-encrypted PKCS#8 PEM, and the
/// public key's text for `kiosk.ron`.
pub fn generate_key(passphrase: &str) -> Result<(String, String), String> {
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let pem = key
        .to_pkcs8_encrypted_pem(&mut rand_core::OsRng, passphrase, pkcs8::LineEnding::LF)
        .map_err(|e| format!("cannot encrypt the key: {e}"))?;
    Ok((pem.to_string(), public_key_text(&key.verifying_key())))
}

/// Opens a private key with its passphrase.
pub fn open_key(pem: &str, passphrase: &str) -> Result<SigningKey, (String, String)> {
    SigningKey::from_pkcs8_encrypted_pem(pem, passphrase).map_err(|_| {
        (
            "无法打开私钥：口令不对，或文件不是 pufa-kiosk keygen 生成的私钥".to_owned(),
            "cannot open the private key: wrong passphrase, or not a key made by pufa-kiosk keygen"
                .to_owned(),
        )
    })
}

/// A signed approval of `version` by `key`.
pub fn sign(
    key: &SigningKey,
    version: Version,
    scope: Scope,
    approver: &str,
    role: &str,
    at: &str,
    proof_sheet: &str,
) -> Approval {
    let mut approval = Approval {
        version: version.to_string(),
        scope,
        approver: approver.trim().to_owned(),
        role: role.trim().to_owned(),
        at: at.to_owned(),
        proof_sheet: proof_sheet.to_owned(),
        key: public_key_text(&key.verifying_key()),
        signature: String::new(),
    };
    let signature = key.sign(&approval.message());
    approval.signature = B64.encode(signature.to_bytes());
    approval
}

/// Writes `approval` and the words it was given on into `approvals/` as new
/// files (never over an existing one: the folder only grows). Returns the
/// approval's path.
pub fn write(root: &Path, approval: &Approval, words: &str) -> std::io::Result<PathBuf> {
    use std::io::Write as _;
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let stamp: String = approval
        .at
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let short: String = approval.version.chars().skip(7).take(8).collect();
    for n in 0..100 {
        let base = if n == 0 {
            format!("{stamp}-{short}")
        } else {
            format!("{stamp}-{short}-{n}")
        };
        let path = dir.join(format!("{base}.ron"));
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        // The words first: an approval is only read whole, and a half-written
        // approval fails its signature rather than being trusted.
        std::fs::write(dir.join(format!("{base}.words.txt")), words)?;
        file.write_all(approval.to_text().as_bytes())?;
        file.sync_all()?;
        return Ok(path);
    }
    Err(std::io::Error::other(
        "too many approvals in the same second",
    ))
}

/// An approval found valid, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub file: PathBuf,
    pub approval: Approval,
}

impl Found {
    /// The words document the approver read, if it is still beside the approval
    /// and matches its hash.
    pub fn words(&self) -> Option<String> {
        let name = self.file.file_stem()?.to_string_lossy().into_owned();
        let path = self.file.with_file_name(format!("{name}.words.txt"));
        let text = std::fs::read_to_string(path).ok()?;
        (digest(text.as_bytes()) == self.approval.proof_sheet).then_some(text)
    }
}

/// What the approvals in a folder say about one version.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Valid approvals of the version, by a trusted key, oldest first.
    pub approved: Vec<Found>,
    /// Valid approvals by a trusted key of other versions, newest last.
    pub others: Vec<Found>,
    /// Files that are not valid approvals by a trusted key, with the reason.
    pub refused: Vec<Diagnostic>,
}

impl Findings {
    /// The newest approval by a trusted key of any version (the last approved
    /// version, for "what changed since").
    pub fn latest(&self) -> Option<&Found> {
        self.approved
            .iter()
            .chain(&self.others)
            // Files are named by their time, so the name settles two in one second.
            .max_by(|a, b| (&a.approval.at, &a.file).cmp(&(&b.approval.at, &b.file)))
    }
}

fn refuse(file: &Path, line: usize, column: usize, zh: String, en: String) -> Diagnostic {
    Diagnostic::error(file, line, column, zh, en)
}

/// The approval files in `root/approvals/`, sorted by name.
fn approval_files(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(DIR)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && !p
                    .file_name()
                    .is_some_and(|n| crate::temporary::is_temporary(&n.to_string_lossy()))
        })
        .collect();
    paths.sort();
    paths
}

/// An approval file read: the approval and the key that signed it, or why not.
type Signed = Result<(Approval, VerifyingKey), Diagnostic>;

/// Reads one approval file and checks its signature against the key it names.
fn read_signed(path: &Path, shown: &Path) -> Signed {
    let text = match Source::Disk.read(path, MAX_FILE) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            return Err(refuse(
                shown,
                0,
                0,
                format!("审核记录无法读取：{e}"),
                format!("the approval cannot be read: {e}"),
            ));
        }
    };
    let approval: Approval = ron_file::parse(&text, shown).map_err(|d| {
        Diagnostic {
            zh: format!("审核记录不完整或格式不对（可能只同步了一半）：{}", d.zh),
            en: format!(
                "the approval is incomplete or malformed (half synced?): {}",
                d.en
            ),
            ..d
        }
        .help(
            "等同步完成；仍有问题时请审核人重新审核",
            "wait for the sync to finish; if it stays, ask the approver to approve again",
        )
    })?;
    let key = parse_public_key(&approval.key).map_err(|(zh, en)| refuse(shown, 0, 0, zh, en))?;
    let signature = B64
        .decode(approval.signature.trim())
        .ok()
        .and_then(|b| Signature::from_slice(&b).ok());
    if signature.is_none_or(|s| key.verify(&approval.message(), &s).is_err()) {
        return Err(refuse(
            shown,
            0,
            0,
            "签名不符：审核记录被改动过，或不是用所写的密钥签的".into(),
            "the signature does not match: the approval was altered, or not signed by the key it names".into(),
        )
        .help("请审核人重新审核这一版本", "ask the approver to approve this version again"));
    }
    Ok((approval, key))
}

/// Every key that signed a valid approval in the folder, whoever it is.
pub fn signers(root: &Path) -> Vec<VerifyingKey> {
    let mut keys = Vec::new();
    for path in approval_files(root) {
        if let Ok((_, key)) = read_signed(&path, &path)
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Reads every approval in `root/approvals/` and checks it against `version`,
/// `scope` and the trusted keys.
pub fn find(root: &Path, version: Version, scope: Scope, trusted: &[VerifyingKey]) -> Findings {
    find_cached(root, version, scope, trusted, &mut Digests::default())
}

/// The same, checking again only approval files changed since `digests` saw them.
pub fn find_cached(
    root: &Path,
    version: Version,
    scope: Scope,
    trusted: &[VerifyingKey],
    digests: &mut Digests,
) -> Findings {
    let mut out = Findings::default();
    let version_text = version.to_string();
    let files = approval_files(root);
    if digests.signed.len() > files.len() {
        digests.signed.retain(|p, _| files.contains(p));
    }
    for path in files {
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let (approval, key) = match digests.signed(&path, &shown) {
            Ok(found) => found,
            Err(d) => {
                out.refused.push(d);
                continue;
            }
        };
        // Notices signed apart are checked against their own signers.
        if approval.scope != scope {
            continue;
        }
        if !trusted.contains(&key) {
            out.refused.push(
                refuse(
                    &shown,
                    0,
                    0,
                    format!(
                        "签名人 {}（{}）的公钥不在 kiosk.ron 的审核人名单中",
                        approval.approver, approval.key
                    ),
                    format!(
                        "signed by {} ({}), whose key is not listed in kiosk.ron's approvers",
                        approval.approver, approval.key
                    ),
                )
                .help(
                    "只认 kiosk.ron 中 approval.approvers 列出的公钥",
                    "only keys listed in kiosk.ron's approval.approvers count",
                ),
            );
            continue;
        }
        let found = Found {
            file: path.clone(),
            approval,
        };
        if found.approval.version == version_text {
            out.approved.push(found);
        } else {
            out.others.push(found);
        }
    }
    out
}

/// How `kiosk.ron` asks for approvals.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub required: bool,
    pub approvers: Vec<VerifyingKey>,
    /// Keys that may sign an urgent notice apart from the content; empty: the
    /// notice is part of the content version.
    pub notice_signers: Vec<VerifyingKey>,
}

impl Policy {
    /// Which files the content version covers: the notice apart when the policy
    /// names who signs notices.
    pub fn cover(&self) -> Cover {
        if self.notice_signers.is_empty() {
            Cover::Whole
        } else {
            Cover::NoticeApart
        }
    }

    /// The content version of the folder at `root` under this policy.
    pub fn version_of(&self, root: &Path) -> std::io::Result<Version> {
        version_of(root, self.cover())
    }

    /// The same, hashing again only files changed since `digests` saw them.
    pub fn version_cached(&self, root: &Path, digests: &mut Digests) -> std::io::Result<Version> {
        digests.version_of(root, self.cover())
    }
}

/// The approval state of the folder at `root` under `policy`.
#[derive(Debug, Clone)]
pub struct State {
    pub version: Version,
    pub findings: Findings,
    /// Whether the urgent notice is signed apart, and if so, whether it is.
    pub notice: Option<bool>,
}

impl State {
    /// Whether this version may go live.
    pub fn approved(&self) -> bool {
        !self.findings.approved.is_empty() && self.notice != Some(false)
    }

    /// Why it may not: the staff mark's line first, then each refused file.
    pub fn reasons(&self, root_shown: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.findings.approved.is_empty() {
            let others = self.findings.others.len();
            out.push(
                Diagnostic::error(
                    root_shown.join(DIR),
                    0,
                    0,
                    format!(
                        "未审核的内容不会上线：内容版本 {} 没有审核人的签名（另有 {others} 份审核记录属于其他版本）",
                        self.version.short()
                    ),
                    format!(
                        "not approved: content version {} has no approval by a listed approver ({others} approvals are of other versions)",
                        self.version.short()
                    ),
                )
                .help(
                    "请法制审核人审核：pufa-kiosk approve --key 私钥文件 内容文件夹；在此之前，上一个已审核的版本继续播放",
                    "ask the legal officer to run pufa-kiosk approve --key KEYFILE FOLDER; until then the last approved version keeps playing",
                ),
            );
        }
        if self.notice == Some(false) {
            out.push(Diagnostic::error(
                root_shown.join(NOTICE_FILE),
                0,
                0,
                "紧急通知没有可签发通知的人的签名，不会显示".to_owned(),
                "the urgent notice is not signed by anyone allowed to sign notices; it is not shown"
                    .to_owned(),
            ));
        }
        out.extend(self.findings.refused.iter().cloned());
        out
    }
}

/// Works out the approval state of the folder at `root` now.
pub fn state(root: &Path, policy: &Policy) -> std::io::Result<State> {
    state_cached(root, policy, &mut Digests::default())
}

/// The same, hashing again only files changed since `digests` saw them.
pub fn state_cached(root: &Path, policy: &Policy, digests: &mut Digests) -> std::io::Result<State> {
    let version = policy.version_cached(root, digests)?;
    let findings = find_cached(root, version, Scope::Content, &policy.approvers, digests);
    let notice = if policy.notice_signers.is_empty() {
        None
    } else {
        notice_version(root)?.map(|v| {
            !find_cached(root, v, Scope::Notice, &policy.notice_signers, digests)
                .approved
                .is_empty()
        })
    };
    Ok(State {
        version,
        findings,
        notice,
    })
}

/// Lets a loaded folder go live only if it is approved, when the policy asks for
/// approval. The version is taken before and after the load, so files that
/// changed while they were read are never passed as approved.
pub fn gate<T>(
    root: &Path,
    policy: &Policy,
    before: Option<Version>,
    loaded: Result<T, Vec<Diagnostic>>,
    digests: &mut Digests,
) -> Result<(T, Option<Approved>), Vec<Diagnostic>> {
    if !policy.required {
        return loaded.map(|t| (t, None));
    }
    let shown = Path::new("");
    let state = match state_cached(root, policy, digests) {
        Ok(s) => s,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                shown,
                0,
                0,
                format!("无法计算内容版本：{e}"),
                format!("cannot work out the content version: {e}"),
            )]);
        }
    };
    if before.is_some_and(|b| b != state.version) {
        return Err(vec![Diagnostic::error(
            shown,
            0,
            0,
            "内容在读取时还在变化，稍后再读".to_owned(),
            "the content changed while it was read; it is read again shortly".to_owned(),
        )]);
    }
    if state.approved() {
        let approved = state.findings.approved.last().map(|f| Approved {
            version: state.version,
            approver: f.approval.approver.clone(),
            role: f.approval.role.clone(),
            at: f.approval.at.clone(),
        });
        return loaded.map(|t| (t, approved));
    }
    let mut reasons = state.reasons(shown);
    if let Err(mut more) = loaded {
        reasons.append(&mut more);
    }
    Err(reasons)
}

/// Who approved the version that passed the [`gate`]: the staff overlay and the
/// health files say it, and the kiosk keeps a copy of that version ([`keep`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub version: Version,
    pub approver: String,
    pub role: String,
    pub at: String,
}

/// The folder, under the kiosk's data folder, that holds a copy of the last
/// version that went live approved.
pub const KEPT_DIR: &str = "approved";

/// Keeps a copy of the approved version at `root` in `<data>/approved/<hex>/`, so
/// a kiosk restarted on a folder that holds an unapproved version still plays
/// the last approved one instead of nothing. The copy is made beside its place,
/// checked to be exactly `version` (a folder changing under the copy is not
/// kept), then renamed into place; older copies are removed. Returns the copy.
pub fn keep(
    root: &Path,
    data_dir: &Path,
    version: Version,
    cover: Cover,
) -> std::io::Result<PathBuf> {
    let kept = data_dir.join(KEPT_DIR);
    let hex = version.to_string()[7..].to_owned();
    let dest = kept.join(&hex);
    if dest.is_dir() {
        return Ok(dest);
    }
    let building = kept.join(format!(".building-{hex}"));
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir_all(&building)?;
    let result = (|| {
        for path in manifest::files_under(Source::Disk, root) {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let to = building.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&path, &to)?;
        }
        if version_of(&building, cover)? != version {
            return Err(std::io::Error::other(
                "the folder changed while it was copied",
            ));
        }
        std::fs::rename(&building, &dest)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&building);
        return Err(e);
    }
    for entry in std::fs::read_dir(&kept)?.flatten() {
        if entry.file_name() != hex.as_str() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(dest)
}

/// The copy [`keep`] made last, if there is one.
pub fn kept(data_dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(data_dir.join(KEPT_DIR))
        .ok()?
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .find(|p| p.is_dir())
}

/// The version a gate compares against, taken before loading (none when
/// approval is off, so an unrequired kiosk hashes nothing).
pub fn before_load(root: &Path, policy: &Policy, digests: &mut Digests) -> Option<Version> {
    policy
        .required
        .then(|| policy.version_cached(root, digests).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("panels")).unwrap();
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"可以信访\")").unwrap();
        std::fs::write(dir.path().join("playlist.ron"), "[]").unwrap();
        dir
    }

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn approve(root: &Path, key: &SigningKey, at: &str) -> PathBuf {
        let v = version_of(root, Cover::Whole).unwrap();
        let words = "## 展板 a\n可以信访\n";
        let a = sign(
            key,
            v,
            Scope::Content,
            "张三",
            "法制审核员",
            at,
            &digest(words.as_bytes()),
        );
        write(root, &a, words).unwrap()
    }

    fn policy(keys: &[&SigningKey]) -> Policy {
        Policy {
            required: true,
            approvers: keys.iter().map(|k| k.verifying_key()).collect(),
            notice_signers: Vec::new(),
        }
    }

    fn reasons(root: &Path, policy: &Policy) -> String {
        match gate(root, policy, None, Ok(()), &mut Digests::default()) {
            Ok(((), _)) => "approved".into(),
            Err(d) => d
                .iter()
                .map(|d| format!("{} | {}", d.zh, d.en))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn the_version_covers_every_file_but_approvals_and_changes_with_one_byte() {
        let dir = folder();
        let v = version_of(dir.path(), Cover::Whole).unwrap();
        assert_eq!(v.to_string().len(), 7 + 64);
        approve(dir.path(), &key(), "2026-12-05T10:00:00+08:00");
        assert_eq!(
            version_of(dir.path(), Cover::Whole).unwrap(),
            v,
            "approvals are not content"
        );
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"可以信访!\")").unwrap();
        assert_ne!(version_of(dir.path(), Cover::Whole).unwrap(), v);
        // A renamed file is another version, even with the same bytes.
        let dir2 = folder();
        std::fs::rename(
            dir2.path().join("panels/a.ron"),
            dir2.path().join("panels/b.ron"),
        )
        .unwrap();
        assert_ne!(version_of(dir2.path(), Cover::Whole).unwrap(), v);
    }

    #[test]
    fn a_key_is_kept_under_its_passphrase() {
        let (pem, public) = generate_key("长口令 correct horse").unwrap();
        assert!(pem.contains("BEGIN ENCRYPTED PRIVATE KEY"), "{pem}");
        let key = open_key(&pem, "长口令 correct horse").unwrap();
        assert_eq!(public_key_text(&key.verifying_key()), public);
        assert_eq!(parse_public_key(&public).unwrap(), key.verifying_key());
        assert!(open_key(&pem, "wrong").is_err());
        assert!(parse_public_key("ed25519:abc").is_err());
        assert!(parse_public_key("rsa:AAAA").is_err());
    }

    #[test]
    fn an_approved_version_passes_and_a_one_word_change_does_not() {
        let dir = folder();
        let policy = policy(&[&key()]);
        assert!(reasons(dir.path(), &policy).contains("not approved: content version"));
        let file = approve(dir.path(), &key(), "2026-12-05T10:00:00+08:00");
        assert_eq!(reasons(dir.path(), &policy), "approved");
        let found = &state(dir.path(), &policy).unwrap().findings.approved[0];
        assert_eq!(found.file, file);
        assert_eq!(found.words().unwrap(), "## 展板 a\n可以信访\n");
        // One word changed: no longer the approved version.
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"应当信访\")").unwrap();
        let why = reasons(dir.path(), &policy);
        assert!(why.contains("未审核的内容不会上线"), "{why}");
        assert!(why.contains("1 approvals are of other versions"), "{why}");
        // Approval off: everything passes, nothing is hashed.
        assert!(
            gate(
                dir.path(),
                &Policy::default(),
                None,
                Ok(()),
                &mut Digests::default()
            )
            .is_ok()
        );
        assert_eq!(
            before_load(dir.path(), &Policy::default(), &mut Digests::default()),
            None
        );
    }

    #[test]
    fn an_unlisted_key_a_tampered_file_and_a_truncated_file_are_each_refused_with_a_reason() {
        let dir = folder();
        let stranger = SigningKey::from_bytes(&[9; 32]);
        let policy = policy(&[&key()]);
        approve(dir.path(), &stranger, "2026-12-05T10:00:00+08:00");
        let why = reasons(dir.path(), &policy);
        assert!(why.contains("not listed in kiosk.ron's approvers"), "{why}");
        // Tampered: the approver's name changed after signing.
        let good = approve(dir.path(), &key(), "2026-12-05T11:00:00+08:00");
        let text = std::fs::read_to_string(&good).unwrap();
        std::fs::write(&good, text.replace("张三", "李四")).unwrap();
        let why = reasons(dir.path(), &policy);
        assert!(why.contains("the signature does not match"), "{why}");
        assert!(why.contains("not approved"), "{why}");
        // Truncated, as a half-synced file is.
        std::fs::write(&good, &text[..text.len() / 2]).unwrap();
        let why = reasons(dir.path(), &policy);
        assert!(why.contains("incomplete or malformed"), "{why}");
        assert!(why.contains("not approved"), "{why}");
        // Put back whole: approved again.
        std::fs::write(&good, &text).unwrap();
        assert_eq!(reasons(dir.path(), &policy), "approved");
        // The stranger's approval is still reported, though the version is approved.
        let s = state(dir.path(), &policy).unwrap();
        assert!(s.approved());
        assert_eq!(s.findings.refused.len(), 1);
    }

    #[test]
    fn an_approval_may_arrive_before_or_after_its_content() {
        // Version B's approval made elsewhere, arriving first.
        let b = folder();
        std::fs::write(b.path().join("panels/a.ron"), "(title: \"B\")").unwrap();
        let b_file = approve(b.path(), &key(), "2026-12-05T12:00:00+08:00");
        let kiosk = folder();
        let policy = policy(&[&key()]);
        approve(kiosk.path(), &key(), "2026-12-05T10:00:00+08:00");
        std::fs::create_dir_all(kiosk.path().join(DIR)).unwrap();
        let name = b_file.file_name().unwrap();
        std::fs::copy(&b_file, kiosk.path().join(DIR).join(name)).unwrap();
        // A still plays: its own approval covers it.
        assert_eq!(reasons(kiosk.path(), &policy), "approved");
        // B's files arrive: approved by the approval that came first.
        std::fs::write(kiosk.path().join("panels/a.ron"), "(title: \"B\")").unwrap();
        assert_eq!(reasons(kiosk.path(), &policy), "approved");
        // C arrives before its approval: refused until it comes.
        std::fs::write(kiosk.path().join("panels/a.ron"), "(title: \"C\")").unwrap();
        assert!(reasons(kiosk.path(), &policy).contains("not approved"));
        approve(kiosk.path(), &key(), "2026-12-05T13:00:00+08:00");
        assert_eq!(reasons(kiosk.path(), &policy), "approved");
        // The latest approval is C's.
        let s = state(kiosk.path(), &policy).unwrap();
        assert_eq!(
            s.findings.latest().unwrap().approval.at,
            "2026-12-05T13:00:00+08:00"
        );
    }

    #[test]
    fn the_last_approved_version_is_kept_whole_and_passes_the_gate_again() {
        let dir = folder();
        let data = tempfile::tempdir().unwrap();
        let policy = policy(&[&key()]);
        approve(dir.path(), &key(), "2026-12-05T10:00:00+08:00");
        let ((), approved) =
            gate(dir.path(), &policy, None, Ok(()), &mut Digests::default()).unwrap();
        let approved = approved.expect("who approved it");
        assert_eq!(approved.approver, "张三");
        assert_eq!(
            approved.version,
            version_of(dir.path(), Cover::Whole).unwrap()
        );
        assert_eq!(kept(data.path()), None);
        let copy = keep(dir.path(), data.path(), approved.version, Cover::Whole).unwrap();
        assert_eq!(kept(data.path()).as_deref(), Some(copy.as_path()));
        // The copy is the same version, and its approval travels with it.
        assert_eq!(version_of(&copy, Cover::Whole).unwrap(), approved.version);
        assert_eq!(reasons(&copy, &policy), "approved");
        // One word changed in the folder: the copy still holds the approved words.
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"应当信访\")").unwrap();
        assert_ne!(reasons(dir.path(), &policy), "approved");
        assert_eq!(
            std::fs::read_to_string(copy.join("panels/a.ron")).unwrap(),
            "(title: \"可以信访\")"
        );
        // A version that does not match what is on disk is never kept.
        assert!(keep(dir.path(), data.path(), approved.version, Cover::Whole).is_ok());
        let other = data.path().join("other");
        assert!(keep(dir.path(), &other, approved.version, Cover::Whole).is_err());
        assert_eq!(kept(&other), None, "no half copy is left");
        // The next approved version replaces the copy.
        approve(dir.path(), &key(), "2026-12-05T11:00:00+08:00");
        let v2 = version_of(dir.path(), Cover::Whole).unwrap();
        let copy2 = keep(dir.path(), data.path(), v2, Cover::Whole).unwrap();
        assert_ne!(copy, copy2);
        assert!(!copy.exists(), "the older copy is removed");
        assert_eq!(kept(data.path()).as_deref(), Some(copy2.as_path()));
    }

    #[test]
    fn files_changed_while_loading_are_not_passed() {
        let dir = folder();
        let policy = policy(&[&key()]);
        // One cache for both looks, as the watcher keeps: the second look sees
        // the change by the file's stamp.
        let mut digests = Digests::default();
        let before = before_load(dir.path(), &policy, &mut digests);
        std::fs::write(dir.path().join("panels/a.ron"), "(title: \"B\")").unwrap();
        approve(dir.path(), &key(), "2026-12-05T10:00:00+08:00");
        let r = gate(dir.path(), &policy, before, Ok(()), &mut digests);
        assert!(r.unwrap_err()[0].en.contains("changed while it was read"));
    }

    #[test]
    fn a_reload_hashes_only_the_files_that_changed_and_misses_no_change() {
        let dir = folder();
        std::fs::write(dir.path().join("panels/b.ron"), "(title: \"B\")").unwrap();
        let mut digests = Digests::default();
        // Files changed within SETTLED are read every time (a write in the same
        // clock tick would keep the stamp).
        digests.version_of(dir.path(), Cover::Whole).unwrap();
        let fresh = digests.files_read();
        digests.version_of(dir.path(), Cover::Whole).unwrap();
        assert_eq!(
            digests.files_read(),
            2 * fresh,
            "fresh files are not remembered"
        );
        std::thread::sleep(SETTLED + Duration::from_millis(50));
        let mut digests = Digests::default();
        let v = digests.version_of(dir.path(), Cover::Whole).unwrap();
        let all = digests.files_read();
        assert!(all >= 2, "{all}");
        assert_eq!(
            v,
            version_of(dir.path(), Cover::Whole).unwrap(),
            "same as uncached"
        );
        assert_eq!(digests.version_of(dir.path(), Cover::Whole).unwrap(), v);
        assert_eq!(digests.files_read(), all, "nothing changed, nothing read");
        // One byte changed, same length, and the modification time set back:
        // the change time still tells, and only that file is read again.
        let a = dir.path().join("panels/a.ron");
        let mtime = std::fs::metadata(&a).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(&a).unwrap();
        let changed = text.replacen("可以", "可能", 1);
        assert_ne!(changed, text);
        assert_eq!(changed.len(), text.len());
        std::fs::write(&a, &changed).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let v2 = digests.version_of(dir.path(), Cover::Whole).unwrap();
        assert_ne!(v2, v);
        assert_eq!(v2, version_of(dir.path(), Cover::Whole).unwrap());
        assert_eq!(digests.files_read(), all + 1);
        std::thread::sleep(SETTLED + Duration::from_millis(50));
        // A file removed is forgotten, and the version follows.
        std::fs::remove_file(dir.path().join("panels/b.ron")).unwrap();
        let v3 = digests.version_of(dir.path(), Cover::Whole).unwrap();
        assert_eq!(v3, version_of(dir.path(), Cover::Whole).unwrap());
        assert_eq!(digests.known.len(), all - 1);
    }

    #[test]
    fn each_approval_is_verified_once_and_again_when_it_changes() {
        let dir = folder();
        let policy = policy(&[&key()]);
        let file = approve(dir.path(), &key(), "2026-12-05T10:00:00+08:00");
        std::thread::sleep(SETTLED + Duration::from_millis(50));
        let mut digests = Digests::default();
        assert!(
            state_cached(dir.path(), &policy, &mut digests)
                .unwrap()
                .approved()
        );
        let read = digests.files_read();
        assert!(
            state_cached(dir.path(), &policy, &mut digests)
                .unwrap()
                .approved()
        );
        assert_eq!(digests.files_read(), read, "nothing read again");
        // Tampered after it was verified: read again and refused.
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("张三", "李四")).unwrap();
        let s = state_cached(dir.path(), &policy, &mut digests).unwrap();
        assert!(!s.approved());
        assert!(
            s.findings.refused[0]
                .en
                .contains("signature does not match"),
            "{:?}",
            s.findings.refused
        );
        assert_eq!(digests.files_read(), read + 1);
    }

    #[test]
    fn a_notice_signed_apart_needs_its_own_signer() {
        let dir = folder();
        let officer = key();
        let duty = SigningKey::from_bytes(&[3; 32]);
        let policy = Policy {
            required: true,
            approvers: vec![officer.verifying_key()],
            notice_signers: vec![duty.verifying_key()],
        };
        let v = version_of(dir.path(), Cover::NoticeApart).unwrap();
        let a = sign(
            &officer,
            v,
            Scope::Content,
            "张三",
            "法制审核员",
            "2026-12-05T10:00:00+08:00",
            "x",
        );
        write(dir.path(), &a, "").unwrap();
        assert_eq!(reasons(dir.path(), &policy), "approved");
        // A notice arrives: the content version is unchanged, the notice unsigned.
        std::fs::write(dir.path().join(NOTICE_FILE), "(text: \"今日提前下班\")").unwrap();
        assert_eq!(version_of(dir.path(), Cover::NoticeApart).unwrap(), v);
        assert!(reasons(dir.path(), &policy).contains("urgent notice is not signed"));
        let n = notice_version(dir.path()).unwrap().unwrap();
        let signed = sign(
            &duty,
            n,
            Scope::Notice,
            "值班员",
            "管理",
            "2026-12-05T10:05:00+08:00",
            "x",
        );
        write(dir.path(), &signed, "").unwrap();
        assert_eq!(reasons(dir.path(), &policy), "approved");
        // The officer's key does not sign notices, the duty key not content.
        let whole = Policy {
            notice_signers: Vec::new(),
            ..policy
        };
        assert!(reasons(dir.path(), &whole).contains("not approved"));
    }
}
