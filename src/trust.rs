//! The one trust store of every TLS connection jelly makes — SMTP (lettre),
//! IMAP (`jelly inbox`) and HTTPS (`jelly distances fetch`, ureq): the
//! system's roots as rustls-native-certs finds them (`/etc/ssl/certs` on
//! Debian; `$SSL_CERT_FILE` / `$SSL_CERT_DIR` when set), plus the
//! association's own CA from `ca_file` (`[mail] ca_file`, or `[inbox]
//! ca_file` for the mailbox). No bundled list: a certificate the machine
//! does not trust is not trusted by jelly either. lettre builds its store
//! the same way (its `rustls-native-certs` default plus `ca_file`).

use std::path::Path;

use rustls::pki_types::{pem::PemObject, CertificateDer};

use crate::error::{Error, Result};

/// The roots: the system's, then `ca_file`'s (PEM; at least one).
pub fn roots(ca_file: Option<&Path>) -> Result<Vec<CertificateDer<'static>>> {
    let mut roots = rustls_native_certs::load_native_certs().certs;
    if let Some(path) = ca_file {
        let bad = |e: &dyn std::fmt::Display| {
            Error::usage(format!(
                "ca_file {}: {e}",
                crate::error::escaped(&path.display().to_string())
            ))
        };
        let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| bad(&e))?
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| bad(&e))?;
        if certificates.is_empty() {
            return Err(bad(&"no PEM certificate"));
        }
        roots.extend(certificates);
    }
    Ok(roots)
}

/// The same roots as rustls wants them (certificates rustls cannot use
/// are skipped, as rustls-native-certs' own users do).
pub fn root_store(ca_file: Option<&Path>) -> Result<rustls::RootCertStore> {
    let mut store = rustls::RootCertStore::empty();
    store.add_parsable_certificates(roots(ca_file)?);
    Ok(store)
}

/// The same roots as ureq wants them.
pub fn ureq_tls(ca_file: Option<&Path>) -> Result<ureq::tls::TlsConfig> {
    let certificates: Vec<ureq::tls::Certificate<'static>> = roots(ca_file)?
        .iter()
        .map(|der| ureq::tls::Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    Ok(ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(
            certificates,
        )))
        .build())
}
