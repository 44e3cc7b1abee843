//! TLS to the SQL servers: one OpenSSL client context built from Kea's
//! `trust-anchor`, `cert-file`, `key-file` and `cipher-list`, used by both
//! PostgreSQL (through `postgres-openssl`) and MySQL (through [`super::mysql_tls`]).
//!
//! - `trust-anchor`: a PEM file, or a directory whose PEM files are all read
//!   (no `c_rehash` links needed). The server certificate must chain to it and
//!   name the configured `host` (DNS name or IP). Without it the session is
//!   encrypted but the server is not verified, as with Kea's MySQL client
//!   library and libpq's `sslmode=require`.
//! - `cert-file` / `key-file`: PEM as Kea takes them (PKCS#1, PKCS#8 or EC keys);
//!   without `key-file` the key is read from `cert-file`. An encrypted key is
//!   refused (there is nobody to type the passphrase).
//! - `cipher-list`: OpenSSL syntax. Entries starting with `TLS_` are TLS 1.3
//!   suites, the others TLS 1.2 ciphers; the protocol versions are limited to
//!   those the list covers, so the negotiated cipher always comes from the list,
//!   and a server that can meet none of it fails the handshake.
//!
//! The context is rebuilt when any file it was made from changed (size or
//! modification time), so renewed certificates are used from the next
//! (re)connect on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use openssl::error::ErrorStack;
use openssl::pkey::PKey;
use openssl::ssl::{ConnectConfiguration, SslConnector, SslMethod, SslVerifyMode, SslVersion};
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::X509;

use crate::config::model::SqlTls;

/// A TLS setting that cannot be applied (unreadable file, bad PEM, unknown ciphers).
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    /// `trust-anchor` cannot be read or holds no certificate.
    #[error("trust-anchor {path}: {reason}")]
    TrustAnchor {
        /// The configured path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// `cert-file` cannot be read or is not a PEM certificate.
    #[error("cert-file {path}: {reason}")]
    CertFile {
        /// The configured path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// `key-file` (or the key in `cert-file`) cannot be read, is not a PEM
    /// private key, or does not belong to the certificate.
    #[error("key-file {path}: {reason}")]
    KeyFile {
        /// The path the key was read from.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// `cipher-list` names nothing OpenSSL can use.
    #[error("cipher-list '{list}': {reason}")]
    CipherList {
        /// The configured list.
        list: String,
        /// What is wrong.
        reason: String,
    },
    /// OpenSSL refused to build the context.
    #[error("TLS setup: {0}")]
    OpenSsl(#[from] ErrorStack),
}

/// An OpenSSL client context for one database, and whether the server's
/// certificate (chain and host name) is verified.
#[derive(Clone)]
pub struct TlsClient {
    connector: SslConnector,
    verify: bool,
}

impl std::fmt::Debug for TlsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsClient")
            .field("verify", &self.verify)
            .finish_non_exhaustive()
    }
}

impl TlsClient {
    /// Builds the context from the database's TLS settings, reading the files now.
    pub fn new(tls: &SqlTls) -> Result<Self, TlsSetupError> {
        let mut b = SslConnector::builder(SslMethod::tls_client())?;
        let verify = match &tls.trust_anchor {
            Some(anchor) => {
                let mut store = X509StoreBuilder::new()?;
                for cert in trust_anchor_certs(anchor)? {
                    // A directory may hold the same CA twice (copies, hash links).
                    let _ = store.add_cert(cert);
                }
                b.set_cert_store(store.build());
                b.set_verify(SslVerifyMode::PEER);
                true
            }
            None => {
                b.set_verify(SslVerifyMode::NONE);
                false
            }
        };
        if let Some(cert_file) = &tls.cert_file {
            let key_file = tls.key_file.as_deref().unwrap_or(cert_file);
            client_identity(&mut b, cert_file, key_file)?;
        }
        if let Some(list) = &tls.cipher_list {
            restrict_ciphers(&mut b, list)?;
        }
        Ok(Self {
            connector: b.build(),
            verify,
        })
    }

    /// The context for `tls`, built once and reused while the files it was
    /// built from are unchanged (building an OpenSSL 3 context costs tens of
    /// milliseconds; a renewed certificate still takes effect on the next connect).
    pub fn cached(tls: &SqlTls) -> Result<Self, TlsSetupError> {
        type Cache = HashMap<SqlTls, (Vec<FileStamp>, TlsClient)>;
        static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
        let cache = CACHE.get_or_init(Mutex::default);
        let stamp = file_stamps(tls);
        if let Ok(map) = cache.lock() {
            if let Some((seen, client)) = map.get(tls) {
                if *seen == stamp {
                    return Ok(client.clone());
                }
            }
        }
        let client = Self::new(tls)?;
        if let Ok(mut map) = cache.lock() {
            map.insert(tls.clone(), (stamp, client.clone()));
        }
        Ok(client)
    }

    /// Whether the server certificate is verified (a `trust-anchor` is set).
    pub fn verifies_server(&self) -> bool {
        self.verify
    }

    /// The OpenSSL connector (for `postgres-openssl`).
    pub fn connector(&self) -> SslConnector {
        self.connector.clone()
    }

    /// Per-connection settings: host name verification only with a trust anchor.
    pub fn configure(&self) -> Result<ConnectConfiguration, ErrorStack> {
        let mut c = self.connector.configure()?;
        c.set_verify_hostname(self.verify);
        Ok(c)
    }
}

/// A failed handshake's reason, with the likely cause named when a
/// `cipher-list` is set and the server ended the handshake for want of a
/// common cipher.
pub fn explain_handshake_failure(tls: &SqlTls, reason: String) -> String {
    const NO_COMMON_CIPHER: &[&str] = &["handshake failure", "no shared cipher", "no ciphers"];
    match &tls.cipher_list {
        Some(list) if NO_COMMON_CIPHER.iter().any(|m| reason.contains(m)) => {
            format!("{reason} (the server accepts no cipher of cipher-list '{list}')")
        }
        _ => reason,
    }
}

/// Whether a failed TLS negotiation is a refusal (certificate not trusted,
/// a TLS alert from the server, no TLS on the server) rather than a connection
/// that broke during the handshake: retrying does not cure a refusal.
pub fn is_tls_refusal(reason: &str) -> bool {
    const REFUSALS: &[&str] = &[
        "certificate verify failed",
        "alert",
        "does not support TLS",
        "no shared cipher",
        "wrong version number",
        "unsupported protocol",
    ];
    REFUSALS.iter().any(|m| reason.contains(m))
}

/// What identifies one version of a file: path, size and modification time.
type FileStamp = (PathBuf, Option<(u64, SystemTime)>);

fn stamp(path: &Path) -> FileStamp {
    let meta = std::fs::metadata(path).ok();
    (
        path.to_path_buf(),
        meta.and_then(|m| Some((m.len(), m.modified().ok()?))),
    )
}

/// The stamps of every file `tls` reads (each file of a trust-anchor directory too).
fn file_stamps(tls: &SqlTls) -> Vec<FileStamp> {
    let mut out = Vec::new();
    for path in [&tls.trust_anchor, &tls.cert_file, &tls.key_file]
        .into_iter()
        .flatten()
    {
        out.push(stamp(path));
        if let Ok(entries) = std::fs::read_dir(path) {
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            out.extend(files.iter().map(|f| stamp(f)));
        }
    }
    out
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Every certificate in the trust-anchor file, or in the PEM files of the
/// trust-anchor directory (files that are not PEM certificates are skipped).
fn trust_anchor_certs(anchor: &Path) -> Result<Vec<X509>, TlsSetupError> {
    let err = |reason: String| TlsSetupError::TrustAnchor {
        path: display(anchor),
        reason,
    };
    let meta = std::fs::metadata(anchor).map_err(|e| err(e.to_string()))?;
    let certs = if meta.is_dir() {
        let mut certs = Vec::new();
        let entries = std::fs::read_dir(anchor).map_err(|e| err(e.to_string()))?;
        for entry in entries {
            let path = entry.map_err(|e| err(e.to_string()))?.path();
            if let Ok(bytes) = std::fs::read(&path) {
                certs.extend(X509::stack_from_pem(&bytes).unwrap_or_default());
            }
        }
        certs
    } else {
        let bytes = std::fs::read(anchor).map_err(|e| err(e.to_string()))?;
        X509::stack_from_pem(&bytes).map_err(|e| err(format!("not PEM certificates: {e}")))?
    };
    if certs.is_empty() {
        return Err(err("holds no PEM certificate".into()));
    }
    Ok(certs)
}

/// Loads the client certificate (with any chain after it) and its key.
fn client_identity(
    b: &mut openssl::ssl::SslConnectorBuilder,
    cert_file: &Path,
    key_file: &Path,
) -> Result<(), TlsSetupError> {
    let cert_err = |reason: String| TlsSetupError::CertFile {
        path: display(cert_file),
        reason,
    };
    let key_err = |reason: String| TlsSetupError::KeyFile {
        path: display(key_file),
        reason,
    };
    let bytes = std::fs::read(cert_file).map_err(|e| cert_err(e.to_string()))?;
    let mut chain = X509::stack_from_pem(&bytes)
        .map_err(|e| cert_err(format!("not a PEM certificate: {e}")))?
        .into_iter();
    let leaf = chain
        .next()
        .ok_or_else(|| cert_err("holds no PEM certificate".into()))?;
    b.set_certificate(&leaf)?;
    for extra in chain {
        b.add_extra_chain_cert(extra)?;
    }
    let bytes = std::fs::read(key_file).map_err(|e| key_err(e.to_string()))?;
    // An empty passphrase: an encrypted key fails instead of prompting on a tty.
    let key = PKey::private_key_from_pem_passphrase(&bytes, b"")
        .map_err(|e| key_err(format!("not an unencrypted PEM private key: {e}")))?;
    let mismatch = |_| key_err(format!("does not match cert-file {}", display(cert_file)));
    b.set_private_key(&key).map_err(mismatch)?;
    b.check_private_key().map_err(mismatch)?;
    Ok(())
}

/// The TLS 1.2 cipher entries and the TLS 1.3 suite entries of a cipher list.
fn split_cipher_list(list: &str) -> (Vec<&str>, Vec<&str>) {
    list.split([':', ',', ' '])
        .filter(|e| !e.is_empty())
        .partition(|e| !e.starts_with("TLS_"))
}

/// Offers only the listed ciphers, on the protocol versions the list covers.
fn restrict_ciphers(
    b: &mut openssl::ssl::SslConnectorBuilder,
    list: &str,
) -> Result<(), TlsSetupError> {
    let err = |reason: String| TlsSetupError::CipherList {
        list: list.to_string(),
        reason,
    };
    let (tls12, tls13) = split_cipher_list(list);
    if tls12.is_empty() && tls13.is_empty() {
        return Err(err("names no cipher".into()));
    }
    if tls12.is_empty() {
        b.set_min_proto_version(Some(SslVersion::TLS1_3))?;
    } else {
        b.set_cipher_list(&tls12.join(":"))
            .map_err(|_| err("matches no TLS 1.2 cipher OpenSSL knows".into()))?;
    }
    if tls13.is_empty() {
        b.set_max_proto_version(Some(SslVersion::TLS1_2))?;
    } else {
        b.set_ciphersuites(&tls13.join(":"))
            .map_err(|_| err("names a TLS 1.3 suite OpenSSL does not know".into()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls13_suites_are_told_from_tls12_ciphers() {
        let (a, b) = split_cipher_list("ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_128_GCM_SHA256, HIGH");
        assert_eq!(a, ["ECDHE-RSA-AES256-GCM-SHA384", "HIGH"]);
        assert_eq!(b, ["TLS_AES_128_GCM_SHA256"]);
    }

    #[test]
    fn a_handshake_failure_with_a_cipher_list_names_the_list() {
        let tls = SqlTls {
            cipher_list: Some("AES128-SHA".into()),
            ..SqlTls::default()
        };
        let r = explain_handshake_failure(&tls, "sslv3 alert handshake failure".into());
        assert_eq!(
            r,
            "sslv3 alert handshake failure (the server accepts no cipher of cipher-list 'AES128-SHA')"
        );
        let r = explain_handshake_failure(&SqlTls::default(), "handshake failure".into());
        assert_eq!(r, "handshake failure");
    }

    #[test]
    fn a_changed_file_changes_the_stamps_so_the_context_is_rebuilt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "one").expect("write");
        let tls = SqlTls {
            trust_anchor: Some(dir.path().to_path_buf()),
            ..SqlTls::default()
        };
        let before = file_stamps(&tls);
        assert_eq!(before.len(), 2, "the directory and its file");
        std::fs::write(&ca, "renewed").expect("write");
        assert_ne!(file_stamps(&tls), before);
    }

    #[test]
    fn refusals_are_told_from_broken_handshakes() {
        assert!(is_tls_refusal(
            "error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed"
        ));
        assert!(is_tls_refusal(
            "ssl3_read_bytes:sslv3 alert handshake failure"
        ));
        assert!(is_tls_refusal("server does not support TLS"));
        assert!(!is_tls_refusal("unexpected EOF while reading"));
        assert!(!is_tls_refusal("Connection reset by peer (os error 104)"));
    }

    #[test]
    fn unknown_ciphers_are_a_clear_error() {
        let tls = SqlTls {
            cipher_list: Some("NO-SUCH-CIPHER".into()),
            ..SqlTls::default()
        };
        let e = TlsClient::new(&tls).unwrap_err().to_string();
        assert_eq!(
            e,
            "cipher-list 'NO-SUCH-CIPHER': matches no TLS 1.2 cipher OpenSSL knows"
        );
    }

    #[test]
    fn an_unknown_tls13_suite_is_a_clear_error() {
        let tls = SqlTls {
            cipher_list: Some("TLS_NO_SUCH_SUITE".into()),
            ..SqlTls::default()
        };
        let e = TlsClient::new(&tls).unwrap_err().to_string();
        assert_eq!(
            e,
            "cipher-list 'TLS_NO_SUCH_SUITE': names a TLS 1.3 suite OpenSSL does not know"
        );
    }

    #[test]
    fn a_missing_trust_anchor_names_the_file() {
        let tls = SqlTls {
            trust_anchor: Some("/nonexistent/ca.pem".into()),
            ..SqlTls::default()
        };
        let e = TlsClient::new(&tls).unwrap_err().to_string();
        assert!(e.starts_with("trust-anchor /nonexistent/ca.pem: "), "{e}");
    }
}
