//! `jelly mail`'s parsers (issue 27): selectors, `[mail] max_attachments`
//! sizes, and a Markdown body made into text and HTML. Never panic; raw
//! HTML in the body never reaches the HTML part.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(selector) = jelly::selectors::Selector::parse(text) {
        let _ = selector.event();
    }
    if let Some(bytes) = jelly::mail::settings::parse_size(text) {
        assert!(bytes <= 1_000_000_000_000);
    }
    let (plain, html) = jelly::mail::members::render_markdown(text);
    assert!(plain.ends_with('\n'));
    assert!(!html.contains("<script"), "raw HTML passed on: {html}");
    let _ = jelly::mail::members::mailing_id(text, text, &[]);
    if let Ok(template) = jelly::mail::members::Template::new(
        jelly::i18n::Lang::Fr,
        "x",
        text,
        std::path::Path::new("body.md"),
    ) {
        let mut values = serde_json::Map::new();
        values.insert("name".into(), "Ana".into());
        let _ = template.render(&values);
    }
});
