//! `jelly mail`'s message as pure values: the body, a Markdown template,
//! rendered per person (strict: an unknown variable is an error) then to a
//! text/plain and a text/html part by pulldown-cmark; the attachments
//! within `[mail] max_attachments`; the mailing's id, made from its content,
//! under which its journal (`mailings/<id>.journal`) remembers who got it.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event as Md, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::mail::compose::AttachedFile;

/// The body and subject templates of one mailing.
pub struct Template {
    env: minijinja::Environment<'static>,
    body_path: PathBuf,
}

const BODY: &str = "body.md";
const SUBJECT: &str = "subject";

impl Template {
    /// Parses the body (read from `body_path`) and the subject. A syntax
    /// error is located in the body file.
    pub fn new(lang: Lang, subject: &str, body: &str, body_path: &Path) -> Result<Template> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.add_function("t", crate::mail::compose::template_t(lang));
        env.add_template_owned(BODY, body.to_string())
            .map_err(|e| template_problem(&e, body_path, body))?;
        env.add_template_owned(SUBJECT, subject.to_string())
            .map_err(|e| Error::usage(format!("--subject: {e}")))?;
        Ok(Template {
            env,
            body_path: body_path.to_path_buf(),
        })
    }

    /// The subject and the Markdown body for one person's `values`.
    pub fn render(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(String, String)> {
        let subject = self
            .env
            .get_template(SUBJECT)
            .and_then(|t| t.render(values))
            .map_err(|e| Error::usage(format!("--subject: {}", explain(&e))))?;
        let template = self
            .env
            .get_template(BODY)
            .map_err(|e| Error::runtime(e.to_string()))?;
        let body = template
            .render(values)
            .map_err(|e| template_problem(&e, &self.body_path, template.source()))?;
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok((subject, body))
    }
}

/// minijinja's message without its own location (the file's is given).
fn explain(e: &minijinja::Error) -> String {
    match (e.kind(), e.detail()) {
        (minijinja::ErrorKind::UndefinedError, _) => {
            let name = e
                .range()
                .and_then(|r| e.template_source().and_then(|s| s.get(r)))
                .map(str::to_string);
            match name {
                Some(name) => format!("undefined value `{name}`"),
                None => "undefined value".to_string(),
            }
        }
        (kind, Some(detail)) => format!("{kind}: {detail}"),
        (kind, None) => kind.to_string(),
    }
}

/// A template error as a problem of `path`, with its line and column.
fn template_problem(e: &minijinja::Error, path: &Path, source: &str) -> Error {
    let mut problem = Problem::new(path, explain(e));
    if let Some(line) = e.line() {
        let column = e
            .range()
            .and_then(|r| {
                let before = source.get(..r.start)?;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                Some(before[line_start..].chars().count() + 1)
            })
            .unwrap_or(1);
        problem = problem.at(line, column);
    }
    Error::Invalid(vec![problem])
}

/// The Markdown of one message as (text/plain, text/html body fragment).
/// Raw HTML in the Markdown is shown as text, never passed on: a name
/// from the participants file cannot add markup.
pub fn render_markdown(markdown: &str) -> (String, String) {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events: Vec<Md> = Parser::new_ext(markdown, options)
        .map(|event| match event {
            Md::Html(text) | Md::InlineHtml(text) => Md::Text(text),
            other => other,
        })
        .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    (plain_text(&events), html)
}

/// The text part: paragraphs and headings as lines, lists with their
/// bullets or numbers, links followed by their address, no markup signs.
fn plain_text(events: &[Md]) -> String {
    let mut out = String::new();
    // Each open list: the next number (None for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut heading_start: Option<(usize, HeadingLevel)> = None;
    let mut quote_depth = 0usize;
    let newline = |out: &mut String, quote_depth: usize| {
        out.push('\n');
        for _ in 0..quote_depth {
            out.push_str("> ");
        }
    };
    for event in events {
        match event {
            Md::Start(Tag::Heading { level, .. }) => heading_start = Some((out.len(), *level)),
            Md::End(TagEnd::Heading(_)) => {
                if let Some((start, level)) = heading_start.take() {
                    let width = out[start..].chars().count();
                    let mark = if level == HeadingLevel::H1 { '=' } else { '-' };
                    out.push('\n');
                    out.extend(std::iter::repeat_n(mark, width));
                }
                out.push_str("\n\n");
            }
            Md::End(TagEnd::Paragraph) if lists.is_empty() => {
                newline(&mut out, quote_depth);
                newline(&mut out, quote_depth);
            }
            Md::Start(Tag::BlockQuote(_)) => {
                quote_depth += 1;
                out.push_str("> ");
            }
            Md::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                out.push('\n');
            }
            Md::Start(Tag::List(first)) => {
                if !lists.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                lists.push(*first);
            }
            Md::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Md::Start(Tag::Item) => {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                out.push_str(&indent);
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Md::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Md::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string());
                out.push('\u{0}');
            }
            Md::End(TagEnd::Link) => {
                let url = links.pop().unwrap_or_default();
                // The link's own text: shown alone when it is the address.
                let start = out.rfind('\u{0}').unwrap_or(out.len());
                let text = out[start + 1..].to_string();
                out.truncate(start);
                out.push_str(&text);
                if text != url && !url.is_empty() {
                    out.push_str(&format!(" <{url}>"));
                }
            }
            Md::Start(Tag::CodeBlock(_)) => out.push('\n'),
            Md::End(TagEnd::CodeBlock) => out.push('\n'),
            Md::Text(text) | Md::Code(text) => out.push_str(text),
            Md::SoftBreak | Md::HardBreak => newline(&mut out, quote_depth),
            Md::Rule => out.push_str("----------\n\n"),
            Md::TaskListMarker(done) => out.push_str(if *done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    // At most one blank line in a row; one newline at the end.
    let mut text = String::new();
    let mut blank = 0;
    for line in out.replace('\u{0}', "").lines() {
        let line = line.trim_end();
        if line.is_empty() || line == ">" {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(line);
        text.push('\n');
    }
    text.trim().to_string() + "\n"
}

/// The files to attach, read whole, with the MIME type their name suggests
/// (mime_guess); refused when together they are larger than `max` bytes.
pub fn read_attachments(lang: Lang, paths: &[PathBuf], max: u64) -> Result<Vec<AttachedFile>> {
    let mut total = 0u64;
    for path in paths {
        let size = std::fs::metadata(path)
            .map_err(|e| missing_file(lang, "--attach", path, e))?
            .len();
        total = total.saturating_add(size);
    }
    if total > max {
        return Err(Error::usage(crate::t!(
            lang,
            "members-mail-too-big",
            size = megabytes(total),
            max = megabytes(max)
        )));
    }
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| missing_file(lang, "--attach", path, e))?;
            let name = path.file_name().map_or_else(
                || "attachment".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let content_type = mime_guess::from_path(path)
                .first_or_octet_stream()
                .essence_str()
                .to_string();
            Ok(AttachedFile {
                name,
                content_type,
                bytes,
            })
        })
        .collect()
}

/// "2,5 Mo" / "2.5 MB".
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// A file named on the command line that cannot be read: a usage error
/// when it is not there.
pub fn missing_file(lang: Lang, flag: &str, path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::usage(crate::t!(
            lang,
            "members-mail-no-file",
            flag = flag,
            path = path.display()
        ))
    } else {
        Error::io(path, e)
    }
}

/// The mailing's id: its subject's slug and a digest of everything it
/// says (subject, body, attachments). The same command run again is the
/// same mailing, and sends only what is missing; a changed text is a new
/// mailing.
pub fn mailing_id(subject: &str, body: &str, attachments: &[AttachedFile]) -> String {
    let mut digest = Sha256::new();
    for part in [subject.as_bytes(), body.as_bytes()] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    for file in attachments {
        digest.update((file.name.len() as u64).to_le_bytes());
        digest.update(file.name.as_bytes());
        digest.update((file.bytes.len() as u64).to_le_bytes());
        digest.update(&file.bytes);
    }
    let hash: String = digest.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut slug = crate::model::slug(subject);
    slug.truncate(40);
    let slug = slug.trim_end_matches('-');
    format!("{slug}-{hash}")
}

/// `<mailing.ID.PARTICIPANT@domain>`: the same for a resend after a crash.
pub fn message_id(mailing: &str, participant: &str, domain: &str) -> String {
    format!("<mailing.{mailing}.{participant}@{domain}>")
}

/// `text` escaped for HTML content and attribute values (the one escaper
/// the site, the report and the map use too).
pub fn escape_html(text: &str) -> String {
    crate::map::escape(text)
}

/// The HTML document of a message: the rendered Markdown, then the footer.
pub fn html_document(lang: Lang, subject: &str, body_html: &str, footer: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.4;\">\n{}<hr>\n<p style=\"color: #666; font-size: small;\">{}</p>\n</body>\n</html>\n",
        lang.code(),
        escape_html(subject),
        body_html,
        escape_html(footer).replace('\n', "<br>\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_readable_text_and_html() {
        let md = "# Les diapos\n\nBonjour **Marie**,\n\nvoici :\n\n- les [diapos](https://example.org/d.pdf)\n- le *compte rendu*\n\n1. un\n2. deux\n\n<script>alert(1)</script>\n";
        let (text, html) = render_markdown(md);
        assert_eq!(
            text,
            "Les diapos\n==========\n\nBonjour Marie,\n\nvoici :\n\n- les diapos <https://example.org/d.pdf>\n- le compte rendu\n\n1. un\n2. deux\n\n<script>alert(1)</script>\n"
        );
        assert!(html.contains("<strong>Marie</strong>"), "{html}");
        assert!(
            html.contains("<li>les <a href=\"https://example.org/d.pdf\">diapos</a></li>"),
            "{html}"
        );
        assert!(html.contains("<ol>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn an_unknown_variable_is_located_in_the_body() {
        let path = Path::new("slides.md");
        let template = Template::new(
            Lang::En,
            "Hi {{ name }}",
            "Hello {{ name }},\n\nsee {{ nmae }}\n",
            path,
        )
        .unwrap();
        let mut values = serde_json::Map::new();
        values.insert("name".into(), "Marie".into());
        let error = template.render(&values).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let text = error.to_string();
        assert!(text.starts_with("slides.md:3:8: "), "{text}");
        assert!(text.contains("nmae"), "{text}");
        values.insert("nmae".into(), "x".into());
        let (subject, body) = template.render(&values).unwrap();
        assert_eq!(subject, "Hi Marie");
        assert_eq!(body, "Hello Marie,\n\nsee x\n");
    }

    #[test]
    fn the_id_follows_the_content() {
        let a = mailing_id("Les diapos", "Bonjour", &[]);
        assert!(a.starts_with("les-diapos-"), "{a}");
        assert_eq!(a, mailing_id("Les diapos", "Bonjour", &[]));
        assert_ne!(a, mailing_id("Les diapos", "Bonjour !", &[]));
    }
}
