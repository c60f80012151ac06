//! A small CalDAV client over ureq: PROPFIND (Depth 1) to list a
//! collection's resources and ETags, GET, PUT with If-Match or
//! If-None-Match, DELETE with If-Match. Basic authentication; TLS by
//! rustls as everywhere else. The server's answers are untrusted: bodies
//! are read with a size limit and the multistatus XML is parsed by
//! roxmltree ([`parse_multistatus`], fuzzed by `fuzz/fuzz_targets/caldav.rs`).

use std::time::Duration;

use base64::Engine;

use super::Held;

/// The largest answer read from the server.
const MAX_BODY: u64 = 16 * 1024 * 1024;

pub(crate) struct Dav {
    agent: ureq::Agent,
    /// The collection's URL, ending with `/`.
    base: String,
    authorization: Option<String>,
}

/// An HTTP answer: status, ETag, body.
pub(crate) struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub body: String,
}

impl Dav {
    pub(crate) fn new(url: &str, username: Option<&str>, password: Option<&str>) -> Dav {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .user_agent(concat!("jelly/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let authorization = username.map(|user| {
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:{}", password.unwrap_or("")));
            format!("Basic {token}")
        });
        let mut base = url.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Dav {
            agent,
            base,
            authorization,
        }
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Answer, String> {
        let mut builder = ureq::http::Request::builder().method(method).uri(url);
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(body.unwrap_or("").to_string())
            .map_err(|e| e.to_string())?;
        let mut response = self.agent.run(request).map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .unwrap_or_default();
        Ok(Answer { status, etag, body })
    }

    /// The resources of the collection (PROPFIND, Depth 1), with ETags.
    pub(crate) fn list(&self) -> Result<Answer, String> {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>\n";
        self.request(
            "PROPFIND",
            &self.base,
            &[
                ("Depth", "1"),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(body),
        )
    }

    pub(crate) fn get(&self, name: &str) -> Result<Answer, String> {
        self.request("GET", &format!("{}{name}", self.base), &[], None)
    }

    /// PUT: `If-Match: etag` to replace a known version, else
    /// `If-None-Match: *` to create without overwriting.
    pub(crate) fn put(&self, name: &str, body: &str, etag: Option<&str>) -> Result<Answer, String> {
        let condition = match etag {
            Some(etag) => ("If-Match", etag),
            None => ("If-None-Match", "*"),
        };
        self.request(
            "PUT",
            &format!("{}{name}", self.base),
            &[("Content-Type", "text/calendar; charset=utf-8"), condition],
            Some(body),
        )
    }

    pub(crate) fn delete(&self, name: &str, etag: Option<&str>) -> Result<Answer, String> {
        let headers: Vec<(&str, &str)> = etag.map(|e| ("If-Match", e)).into_iter().collect();
        self.request("DELETE", &format!("{}{name}", self.base), &headers, None)
    }
}

/// The resources of a PROPFIND multistatus answer about the collection at
/// `base_path` (its URL's path): each `.ics` directly inside it, with its
/// ETag. `None` when the answer is not a multistatus document.
pub fn parse_multistatus(xml: &str, base_path: &str) -> Option<Vec<Held>> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "multistatus" {
        return None;
    }
    let base_path = base_path.trim_end_matches('/');
    let mut held = Vec::new();
    for response in root
        .children()
        .filter(|n| n.tag_name().name() == "response")
    {
        let Some(href) = response
            .children()
            .find(|n| n.tag_name().name() == "href")
            .and_then(|n| n.text())
        else {
            continue;
        };
        let href = href.trim();
        // A full URL or a path; only what sits directly in the collection.
        let path = match href.find("://") {
            Some(at) => href[at + 3..].find('/').map_or("", |p| &href[at + 3 + p..]),
            None => href,
        };
        let Some(name) = path
            .strip_prefix(base_path)
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            continue;
        };
        let name = percent_decode(name);
        if name.is_empty() || name.contains('/') || !name.ends_with(".ics") {
            continue;
        }
        let etag = response
            .descendants()
            .find(|n| n.tag_name().name() == "getetag")
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        held.push(Held { name, etag });
    }
    Some(held)
}

/// `%2D` → `-`; invalid escapes are kept as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path of a URL (`https://h:1/a/b/` → `/a/b/`).
pub(crate) fn path_of(url: &str) -> &str {
    match url.find("://") {
        Some(at) => url[at + 3..].find('/').map_or("/", |p| &url[at + 3 + p..]),
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multistatus_listing() {
        let xml = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:">
 <response><href>/jelly/agenda/</href><propstat><prop><getetag/></prop></propstat></response>
 <response><href>/jelly/agenda/2026-12-03-ales.ics</href><propstat><prop><getetag>"abc"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>http://127.0.0.1:5232/jelly/agenda/2027%2D01%2D21-rousson.ics</href><propstat><prop><getetag>"d"</getetag></prop></propstat></response>
 <response><href>/other/x.ics</href></response>
</multistatus>"#;
        let held = parse_multistatus(xml, "/jelly/agenda/").unwrap();
        assert_eq!(
            held,
            vec![
                Held {
                    name: "2026-12-03-ales.ics".into(),
                    etag: Some("\"abc\"".into())
                },
                Held {
                    name: "2027-01-21-rousson.ics".into(),
                    etag: Some("\"d\"".into())
                },
            ]
        );
        assert!(parse_multistatus("<html/>", "/").is_none());
        assert!(parse_multistatus("not xml", "/").is_none());
        assert_eq!(percent_decode("a%"), "a%");
        assert_eq!(percent_decode("a%4"), "a%4");
        assert_eq!(path_of("https://h:1/a/b/"), "/a/b/");
    }
}
